import Foundation

/// `install --merge-driver` and its undoing in `uninstall`: the `merge.preflight-lock` driver in the
/// repository's git config and `merge=preflight-lock` lines in the top-level `.gitattributes`.
///
/// Every line it adds reads `<pattern> merge=preflight-lock`, under a comment naming preflight; `uninstall`
/// removes exactly those lines (and the comment), and the file when nothing else is left in it.
public struct MergeDriverInstaller {
    public static let driverKey = "merge.preflight-lock.driver"
    public static let nameKey = "merge.preflight-lock.name"
    public static let driver = "preflight lock merge-driver %O %A %B %P"
    public static let attribute = "merge=preflight-lock"
    public static let comment =
        "# preflight install --merge-driver: lockfiles take the upstream side and are regenerated ('preflight uninstall' removes these lines)"
    /// The conventional lockfile names (at any depth); `pip_list.txt` is left out: nothing here rebuilds it.
    public static let conventional = ["poetry.lock", "uv.lock", "package-lock.json", "Cargo.lock", "Package.resolved"]

    let repository: Repository
    /// `.gitattributes` at the top of the working tree.
    public let attributesPath: String

    public init(_ repository: Repository) {
        self.repository = repository
        attributesPath = (repository.workdir ?? repository.commonDir) + ".gitattributes"
    }

    /// The patterns for every lockfile: the conventional names, and each Pants resolve's lock with its
    /// `.metadata` sidecar and each `[[lockfile]]` lock as anchored paths (read from HEAD).
    public func patterns() throws -> [String] {
        var patterns = MergeDriverInstaller.conventional
        if let head = try repository.headCommit() {
            let snapshot = try CommitSnapshot(repository, commit: head)
            let configuration = try Configuration.of(snapshot)
            for pair in try LockPair.discover(in: snapshot, configuration: configuration, near: [])
            where pair.kind != .pipList {
                let name = String(decoding: pair.lock.name, as: UTF8.self)
                if !MergeDriverInstaller.conventional.contains(name) { patterns.append("/" + pair.lock.description) }
                if pair.kind == .pants { patterns.append("/" + pair.lock.description + ".metadata") }
            }
        }
        var seen = Set<String>()
        return patterns.filter { seen.insert($0).inserted }
    }

    /// True when `path` is a lockfile the driver may resolve: a conventional lockfile name, or a lock (or
    /// Pants `.metadata` sidecar) that HEAD's configuration names. Anything else keeps its conflict, whatever
    /// `.gitattributes` routes to the driver.
    public func resolves(_ path: RepoPath) throws -> Bool {
        for pattern in try patterns() {
            if pattern.hasPrefix("/") {
                if RepoPath(String(pattern.dropFirst())) == path { return true }
            } else if path.hasName(Array(pattern.utf8)) {
                return true
            }
        }
        return false
    }

    /// Sets the driver and adds the missing `.gitattributes` lines; returns what it did, one line each.
    public func install() throws -> [String] {
        var done: [String] = []
        if (try repository.localConfigString(MergeDriverInstaller.driverKey)) == MergeDriverInstaller.driver {
            done.append("\(MergeDriverInstaller.driverKey): unchanged")
        } else {
            try repository.setLocalConfig(
                MergeDriverInstaller.nameKey, "preflight: take the upstream lockfile and regenerate it")
            try repository.setLocalConfig(MergeDriverInstaller.driverKey, MergeDriverInstaller.driver)
            done.append(
                "\(MergeDriverInstaller.driverKey) = \(MergeDriverInstaller.driver) (in \(repository.gitDir)config)")
        }
        let existing =
            FileManager.default.contents(atPath: attributesPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let present = Set(existing.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = try patterns().map { "\($0) \(MergeDriverInstaller.attribute)" }.filter { !present.contains($0) }
        if missing.isEmpty {
            done.append(".gitattributes: unchanged")
            return done
        }
        var text = existing
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        if !present.contains(MergeDriverInstaller.comment) { text += MergeDriverInstaller.comment + "\n" }
        text += missing.map { $0 + "\n" }.joined()
        try HookInstaller.writeAtomically(text, to: attributesPath, mode: 0o644)
        done += missing.map { ".gitattributes: added '\($0)'" }
        return done
    }

    /// Removes the driver and the lines `install` added; returns what it did (empty when nothing was there).
    public func uninstall() throws -> [String] {
        var done: [String] = []
        let hadDriver = try repository.removeLocalConfig(MergeDriverInstaller.driverKey)
        try repository.removeLocalConfig(MergeDriverInstaller.nameKey)
        if hadDriver { done.append("\(MergeDriverInstaller.driverKey): removed") }
        guard let data = FileManager.default.contents(atPath: attributesPath) else { return done }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        func ours(_ line: Substring) -> Bool {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == MergeDriverInstaller.comment { return true }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.count == 2 && fields[1] == MergeDriverInstaller.attribute
        }
        let removed = lines.filter(ours)
        guard !removed.isEmpty else { return done }
        let kept = lines.filter { !ours($0) }.joined(separator: "\n")
        if kept.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            try FileManager.default.removeItem(atPath: attributesPath)
            done.append(".gitattributes: removed (only preflight's lines were in it)")
        } else {
            try HookInstaller.writeAtomically(kept, to: attributesPath, mode: 0o644)
            done += removed.filter { $0 != Substring(MergeDriverInstaller.comment) }.map {
                ".gitattributes: removed '\($0)'"
            }
        }
        return done
    }
}
