/// One change a hook judges: the index, or one pushed ref's commits.
public struct HookItem: Sendable {
    /// `refs/heads/x (since abc on origin)` for a pushed ref; nil for the index.
    public let label: String?
    public let request: ChangeRequest
    /// The release tags a pushed tag names; nil for branches and the index.
    public let tags: [String]?

    /// An item of a hook.
    public init(label: String?, request: ChangeRequest, tags: [String]?) {
        self.label = label
        self.request = request
        self.tags = tags
    }
}

/// The hooks' check policy: which checks judge what a hook sees.
public enum HookChecks {
    /// The check ids for `item` in `hook`: `release-tag` for a pushed tag, the integrity checks for a
    /// pushed branch, `[hooks] pre-commit` (default the integrity checks) for the index.
    public static func ids(hook: GitHookName, item: HookItem, configuration: Configuration) -> [String] {
        if item.tags != nil { return ["release-tag"] }
        return hook == .prePush ? ["integrity"] : configuration.hooks.preCommit
    }

    /// The checks for `item`, less those `[checks] skip`, `PREFLIGHT_SKIP` and `SKIP` name.
    public static func select(
        hook: GitHookName, item: HookItem, configuration: Configuration,
        environment: [String: String]
    ) throws -> [any Check] {
        try CheckCatalog.select(
            only: ids(hook: hook, item: item, configuration: configuration), skip: [],
            environment: environment, configured: configuration.checks.skip)
    }

    /// The short lines a hook prints for `report`: `[ref] path:line: severity check: message`.
    public static func lines(_ report: CheckReport, label: String?) -> [String] {
        report.findings.map { f in
            let place = (f.path?.description ?? "") + (f.line.map { ":\($0)" } ?? "")
            let ref = label.map { "[\(refName($0))] " } ?? ""
            return "\(ref)\(place.isEmpty ? "" : place + ": ")\(f.severity.rawValue) \(f.check): \(f.message)"
        }
    }

    /// The ref of a pushed item's label (its first word).
    static func refName(_ label: String) -> String { String(label.split(separator: " ").first ?? "") }
}
