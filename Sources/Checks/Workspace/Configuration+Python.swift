import Formats

/// `[python]`: where module names start, and whether imports are inferred.
public struct PythonSettings: Sendable, Equatable {
    /// Source roots, repository-relative directories (the root is `RepoPath.root`); nil when not set.
    public var roots: [RepoPath]?
    /// False turns import inference off (`infer-imports`).
    public var inferImports = true
    /// `[python.module-mapping]`: a distribution's normalised name to the modules it provides.
    public var moduleMapping: [String: [String]] = [:]

    /// Creates the defaults.
    public init() {}
}

extension TOMLSource {
    /// `[python]`: `roots`, `infer-imports` and the `module-mapping` table.
    func python(_ table: TableReader) throws(ConfigurationError) -> PythonSettings {
        try table.checkKeys(["roots", "infer-imports", "module-mapping"])
        var settings = PythonSettings()
        if let roots = try table.strings("roots") {
            settings.roots = try roots.enumerated().map { (i, text) throws(ConfigurationError) in
                try root(text, table, "'\(table.key.appending("roots"))' item \(i)")
            }
        }
        if let infer = try table.bool("infer-imports") { settings.inferImports = infer }
        if let mapping = try table.table("module-mapping") {
            for name in mapping.table.keys.sorted() {
                guard let modules = try mapping.strings(name) else { continue }
                for (i, module) in modules.enumerated() where !PythonSettings.isModuleName(module) {
                    throw mapping.error(
                        name, "'\(mapping.key.appending(name))' item \(i) is not a module name: '\(module)'")
                }
                settings.moduleMapping[Requirement.pep503(Requirement.bytes(name)[...])] = modules
            }
        }
        return settings
    }

    /// A source root: repository-relative, `""` or `.` for the repository root, no `..`.
    private func root(_ text: String, _ table: TableReader, _ what: String) throws(ConfigurationError) -> RepoPath {
        if text.hasPrefix("/") {
            throw table.error("roots", "\(what) must be relative to the repository root, without a leading '/'")
        }
        let parts = text.split(separator: "/").filter { $0 != "." }
        if parts.contains("..") { throw table.error("roots", "\(what) must not contain '..'") }
        return RepoPath(parts.joined(separator: "/"))
    }
}

extension PythonSettings {
    /// True for a dotted module name such as `google.protobuf`.
    static func isModuleName(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { part in
                guard let first = part.first, !first.isNumber else { return false }
                return part.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
            }
    }
}
