import Foundation

/// `install --merge-driver` and its undoing in `uninstall`: the `merge.preflight-lock` driver in the
/// repository's git config and `merge=preflight-lock` lines in the top-level `.gitattributes`.
///
/// Every line it adds reads `<pattern> merge=preflight-lock`, under a comment naming preflight, with the file's
/// own line ending; `install` notes them in its record (`InstallRecord`), and `uninstall` removes exactly
/// those (the file when install made it and nothing else is left), keeping every other byte. A driver set to
/// anything else is not preflight's: `install` refuses it without `--force`, `uninstall` keeps it.
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

    /// Throws, changing nothing, when the driver is set to something that is not preflight's and `force` is off.
    func checkDriver(force: Bool) throws {
        guard !force, let value = try repository.localConfigString(MergeDriverInstaller.driverKey),
            value != MergeDriverInstaller.driver
        else { return }
        throw InstallError(
            message: "\(MergeDriverInstaller.driverKey) is already set to '\(value)' in \(repository.gitDir)config, "
                + "not by preflight: remove it ('git config --unset \(MergeDriverInstaller.driverKey)') or pass "
                + "--force to replace it")
    }

    /// Sets the driver and adds the missing `.gitattributes` lines, noting them in `record`; returns what it
    /// did, one line each. A driver that is not preflight's is replaced only with `force`.
    func install(force: Bool, record: inout InstallRecord) throws -> [String] {
        try checkDriver(force: force)
        var done: [String] = []
        let previous = try repository.localConfigString(MergeDriverInstaller.driverKey)
        if previous == MergeDriverInstaller.driver {
            done.append("\(MergeDriverInstaller.driverKey): unchanged")
        } else {
            try repository.setLocalConfig(
                MergeDriverInstaller.nameKey, "preflight: take the upstream lockfile and regenerate it")
            try repository.setLocalConfig(MergeDriverInstaller.driverKey, MergeDriverInstaller.driver)
            let replaced = previous.map { " (replaced '\($0)', --force)" } ?? ""
            done.append(
                "\(MergeDriverInstaller.driverKey) = \(MergeDriverInstaller.driver) (in \(repository.gitDir)config)"
                    + replaced)
        }
        let existing = try readAttributes()
        var text = AttributesText(existing ?? [])
        let present = Set(text.texts)
        let missing = try patterns().map { "\($0) \(MergeDriverInstaller.attribute)" }.filter { !present.contains($0) }
        if missing.isEmpty {
            done.append(".gitattributes: unchanged")
            return done
        }
        let added = (present.contains(MergeDriverInstaller.comment) ? [] : [MergeDriverInstaller.comment]) + missing
        var noted = record.attributes[attributesPath] ?? InstallRecord.AddedLines(createdFile: existing == nil)
        if text.append(added) { noted.endedLastLine = true }
        noted.lines += added
        record.attributes[attributesPath] = noted
        try HookInstaller.writeAtomically(text.bytes, to: attributesPath, mode: 0o644)
        done += missing.map { ".gitattributes: added '\($0)'" }
        return done
    }

    /// Removes the driver when it is preflight's and the lines `record` says install added; returns what it
    /// did (empty when nothing was there). Lines install did not add (committed ones in a clone) are kept.
    func uninstall(record: inout InstallRecord) throws -> [String] {
        var done: [String] = []
        let value = try repository.localConfigString(MergeDriverInstaller.driverKey)
        if value == MergeDriverInstaller.driver {
            try repository.removeLocalConfig(MergeDriverInstaller.driverKey)
            try repository.removeLocalConfig(MergeDriverInstaller.nameKey)
            done.append("\(MergeDriverInstaller.driverKey): removed")
        } else if let value {
            done.append("\(MergeDriverInstaller.driverKey): kept (set to '\(value)', not by preflight)")
        }
        guard let existing = try readAttributes() else {
            record.attributes[attributesPath] = nil
            return done
        }
        let noted = record.attributes[attributesPath] ?? InstallRecord.AddedLines()
        var text = AttributesText(existing)
        let removed = text.remove(Set(noted.lines), unendLast: noted.endedLastLine)
        record.attributes[attributesPath] = nil
        let left = text.texts.filter(MergeDriverInstaller.routesToDriver).count
        if left > 0 {
            done.append(
                ".gitattributes: \(left) \(MergeDriverInstaller.attribute) line(s) left as they are (not added by "
                    + "'preflight install' here: committed or written by hand; remove them in a commit)")
        }
        guard !removed.isEmpty else { return done }
        if noted.createdFile && text.bytes.isEmpty {
            guard unlink(attributesPath) == 0 else {
                throw InstallError(message: "cannot remove \(attributesPath): \(String(cString: strerror(errno)))")
            }
            done.append(".gitattributes: removed (only preflight's lines were in it)")
        } else {
            try HookInstaller.writeAtomically(text.bytes, to: attributesPath, mode: 0o644)
            done += removed.filter { $0 != MergeDriverInstaller.comment }.map { ".gitattributes: removed '\($0)'" }
        }
        return done
    }

    /// True for a `.gitattributes` line that sends a pattern to the driver.
    static func routesToDriver(_ line: String) -> Bool {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().contains {
            $0 == Substring(MergeDriverInstaller.attribute)
        }
    }

    /// The bytes of `.gitattributes`, or nil when there is none; a link or anything not a regular file is
    /// an error (it is never followed or replaced).
    private func readAttributes() throws(InstallError) -> [UInt8]? {
        do {
            return try RegularFile.read(attributesPath, limit: 1 << 24)
        } catch {
            throw InstallError(message: "\(error.description): preflight edits only a regular .gitattributes")
        }
    }
}
