internal import CGit2
import Model

extension Repository {
    /// The changes with renames paired as `git_diff_find_similar` (GIT_DIFF_FIND_RENAMES) pairs them over the
    /// full diff: exact renames here when the answer is certain, otherwise libgit2 over the paths it would
    /// consider anyway (added, deleted and type-changed), so the rest of the repository is never read.
    func pairingRenames(_ found: UnpairedChanges, sides: DiffSides) throws(GitError) -> [Change] {
        if !found.hasRenameCandidates { return found.sorted(pairs: [:]) }
        if let pairs = found.exactPairs(renameLimit: try renameLimit) { return found.sorted(pairs: pairs) }
        return try libgit2Renames(found, sides: sides)
    }

    /// libgit2's diff and rename detection over the added, deleted and type-changed paths only, merged in
    /// libgit2's order with the modified paths (which are never rename sources or targets).
    func libgit2Renames(_ found: UnpairedChanges, sides: DiffSides) throws(GitError) -> [Change] {
        var paths = found.added.map(\.path) + found.deleted.map(\.path)
        var modified: [Change] = []
        for change in found.changes {
            if change.kind == .modified { modified.append(change) } else { paths.append(change.path) }
        }
        modified.sort { $0.path < $1.path }
        let index = try partialIndex(found, sides)
        defer { git_index_free(index) }
        var result: [Change] = []
        var m = 0
        for group in try libgit2Diff(sides, paths: paths, index: index) {
            // libgit2 sorts a delta by its new path when it is an addition or a rename, its old path otherwise.
            guard let key = group.last?.path else { continue }
            while m < modified.count && modified[m].path < key {
                result.append(modified[m])
                m += 1
            }
            result.append(contentsOf: group)
        }
        return result + modified[m...]
    }

    /// For `.treeToIndex`, an in-memory index of the entries at the changed paths (the added entries and the
    /// new side of type changes: every index entry a pathlist of the changed paths matches), so libgit2 does
    /// not read the whole index. Nil (the repository's index) for other sides, and when the repository
    /// compares paths ignoring case, as the index's order then differs.
    private func partialIndex(_ found: UnpairedChanges, _ sides: DiffSides) throws(GitError) -> OpaquePointer? {
        guard case .treeToIndex = sides, try !configFlag("core.ignorecase") else { return nil }
        var entries = found.added
        for change in found.changes where change.kind == .typeChanged {
            guard let mode = change.newMode else { continue }
            entries.append(SnapshotEntry(path: change.path, mode: mode, id: change.newID))
        }
        var records: [IndexedEntry] = []
        for e in entries {
            // Every index entry has an id; were one missing, the repository's index answers instead.
            guard let id = e.id else { return nil }
            var entry = git_index_entry()
            entry.mode = e.mode.gitMode
            entry.id = id.raw
            records.append(IndexedEntry(path: e.path.bytes, entry: entry))
        }
        return try inMemoryIndex(records)
    }

    /// `diff.renameLimit` as `git_diff_find_similar` reads it: the default 1000 when unset or not positive.
    var renameLimit: Int {
        get throws(GitError) {
            var value: Int32 = 0
            let code = try withConfigSnapshot { git_config_get_int32(&value, $0, "diff.renamelimit") }
            // libgit2 falls back to its default for a value it cannot parse, and so does this.
            return code == 0 && value > 0 ? Int(value) : 1000
        }
    }

    /// `body` on a snapshot of the repository's config, freed after.
    func withConfigSnapshot(_ body: (OpaquePointer?) -> Int32) throws(GitError) -> Int32 {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, handle), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        return body(config)
    }
}

extension UnpairedChanges {
    /// True when libgit2 would look for renames: a rename source (a deleted file, or a file that changed type)
    /// and a rename target (an added file, or a type change to a file). Links and gitlinks are never either.
    var hasRenameCandidates: Bool {
        let typeChanges = changes.filter { $0.kind == .typeChanged }
        let sources = deleted.contains { $0.mode.isFile } || typeChanges.contains { $0.oldMode?.isFile == true }
        let targets = added.contains { $0.mode.isFile } || typeChanges.contains { $0.newMode?.isFile == true }
        return sources && targets
    }

    /// Exact renames (a deleted and an added file with the same blob id), keyed by the added path; nil when
    /// libgit2 must decide: an id shared by several candidates, a type change among the candidates, more
    /// sources than libgit2 compares per target, or added and deleted files left unpaired (similarity).
    func exactPairs(renameLimit: Int) -> [RepoPath: SnapshotEntry]? {
        if changes.contains(where: { $0.kind == .typeChanged }) { return nil }
        let sources = deleted.filter { $0.mode.isFile }
        if sources.count > renameLimit { return nil }
        var sourceByID: [ObjectID: Int] = [:]
        for (k, source) in sources.enumerated() {
            guard let id = source.id, sourceByID.updateValue(k, forKey: id) == nil else { return nil }
        }
        var paired = [Bool](repeating: false, count: sources.count)
        var pairs: [RepoPath: SnapshotEntry] = [:]
        var unpairedTargets = false
        for target in added where target.mode.isFile {
            guard let id = target.id, let k = sourceByID[id] else {
                unpairedTargets = true
                continue
            }
            if paired[k] { return nil }
            paired[k] = true
            pairs[target.path] = sources[k]
        }
        if unpairedTargets && paired.contains(false) { return nil }
        return pairs
    }

    /// Every change with `pairs` (added path → deleted entry) reported as renames, in libgit2's order.
    func sorted(pairs: [RepoPath: SnapshotEntry]) -> [Change] {
        var result = changes
        result.reserveCapacity(changes.count + added.count + deleted.count)
        var renamedFrom = Set<RepoPath>()
        for a in added {
            if let old = pairs[a.path] {
                renamedFrom.insert(old.path)
                result.append(
                    Change(
                        path: a.path, oldPath: old.path, kind: .renamed, oldMode: old.mode, newMode: a.mode,
                        oldID: old.id, newID: a.id))
            } else {
                result.append(Change(path: a.path, kind: .added, oldMode: nil, newMode: a.mode, newID: a.id))
            }
        }
        for d in deleted where !renamedFrom.contains(d.path) {
            result.append(Change(path: d.path, kind: .deleted, oldMode: d.mode, newMode: nil, oldID: d.id))
        }
        return result.sorted { $0.path < $1.path }
    }
}
