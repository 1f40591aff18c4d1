import Model

/// A file in a runnable dir that is byte-identical to its counterpart in the common source is a link.
///
/// The common source is `[links] common-source`, else `helpers_root` when the snapshot has it (a
/// directory, or a submodule whose pinned commit is here). The counterpart of `dir/a/b` is
/// `<common source>/a/b`.
///
/// Triggers: a regular file in a runnable dir with the same bytes as its counterpart; `--fix` replaces
/// it with a relative link in the working tree.
/// Does not trigger: a file whose bytes differ (a customised copy), a file without a counterpart, an
/// empty file, the marker file, `changelog.txt`, `repo_config.yaml`, paths matching `[links] keep-copies`,
/// files outside runnable dirs, and links.
public struct ManagedLinkCheck: Check {
    public let id = CheckID.managedLink.rawValue
    public let summary = "a file in a runnable dir that equals its common-source counterpart is a link to it"

    public init() {}

    /// The names that are a runnable dir's own even when they equal the common source's.
    static let ownNames: [[UInt8]] = [Array("changelog.txt".utf8), Array("repo_config.yaml".utf8)]

    public func findings(in context: CheckContext) throws -> [Finding] {
        let workspace = context.head
        guard let common = workspace.commonSource,
            let source = try commonSnapshot(common, in: context)
        else { return [] }
        let keep = workspace.configuration.links.keepCopies.compactMap { try? Glob($0) }
        let markers = workspace.configuration.workspace.markers.map { Array($0.utf8) }
        let head = context.changeSet.head
        var findings: [Finding] = []
        for entry in context.changedHeadEntries where entry.mode.isFile && !entry.path.isInside(common) {
            let owner = workspace.owner(of: entry.path)
            guard owner.kind == .runnable, let relative = entry.path.relative(to: owner.path),
                !ManagedLinkCheck.ownNames.contains(where: entry.path.hasName),
                !markers.contains(where: entry.path.hasName),
                !keep.contains(where: { $0.matches(entry.path) })
            else { continue }
            let counterpart = source.prefix.isRoot ? relative : source.prefix.appending(relative.bytes)
            guard let other = source.snapshot.table.entry(at: counterpart), other.mode.isFile,
                let otherID = other.id, otherID != ManagedLinkCheck.emptyBlob
            else { continue }
            guard let id = try entry.id ?? context.history.blobID(of: head.bytes(of: entry)),
                id == otherID
            else { continue }
            let shown = common.appending(relative.bytes)
            let text = RepoPath.linkText(from: entry.path.parent, to: shown)
            findings.append(
                Finding(
                    check: self.id, severity: .error,
                    message: "file is a copy of \(shown) and should be a link to it",
                    path: entry.path,
                    fix: "run 'preflight check --fix', or: ln -sf '\(RepoPath(bytes: text))' '\(entry.path)'; "
                        + "keep a deliberate copy with [links] keep-copies",
                    autofix: .replaceWithLink(path: entry.path, linkText: text, expected: id)))
        }
        return findings
    }

    /// The snapshot holding the common source's files, and the prefix of the source inside it.
    private func commonSnapshot(
        _ common: RepoPath, in context: CheckContext
    ) throws(HistoryError) -> (snapshot: Snapshot, prefix: RepoPath)? {
        let head = context.changeSet.head
        if head.table.entry(at: common)?.mode == .gitlink {
            guard let submodule = try context.submoduleSnapshot(at: common) else { return nil }
            return (submodule, .root)
        }
        guard head.table.isDirectory(common) else { return nil }
        return (head, common)
    }

    /// git's id of the empty blob: empty files are never managed links.
    static let emptyBlob = ObjectID(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")!
}
