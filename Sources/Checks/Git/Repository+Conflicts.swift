internal import CGit2
import Foundation
import Model

/// What git is in the middle of, as `git_repository_state` tells it.
public enum RepositoryState: String, Sendable, Hashable {
    case none, merge, rebase
    case cherryPick = "cherry-pick"
    case revert, other

    /// The side that holds the branch being brought in: `theirs` in a merge, a cherry-pick or a revert,
    /// `ours` in a rebase (git swaps the sides there: `ours` is the upstream being rebased onto).
    public var upstreamSide: ConflictSide { self == .rebase ? .ours : .theirs }
}

/// One side of a conflict: stage 2 (`ours`) or stage 3 (`theirs`).
public enum ConflictSide: String, Sendable, Hashable {
    case ours, theirs
}

extension ConflictEntry {
    /// The entry at `side`, nil when that side deleted the path.
    public func entry(_ side: ConflictSide) -> SnapshotEntry? { side == .ours ? ours : theirs }
}

extension Repository {
    /// The operation in progress (merge, rebase, cherry-pick, revert), `.none` when there is none.
    public var state: RepositoryState {
        switch git_repository_state(handle) {
        case Int32(GIT_REPOSITORY_STATE_NONE.rawValue): .none
        case Int32(GIT_REPOSITORY_STATE_MERGE.rawValue): .merge
        case Int32(GIT_REPOSITORY_STATE_REBASE.rawValue), Int32(GIT_REPOSITORY_STATE_REBASE_MERGE.rawValue),
            Int32(GIT_REPOSITORY_STATE_REBASE_INTERACTIVE.rawValue),
            Int32(GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE.rawValue):
            .rebase
        case Int32(GIT_REPOSITORY_STATE_CHERRYPICK.rawValue), Int32(GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE.rawValue):
            .cherryPick
        case Int32(GIT_REPOSITORY_STATE_REVERT.rawValue), Int32(GIT_REPOSITORY_STATE_REVERT_SEQUENCE.rawValue): .revert
        default: .other
        }
    }

    /// The index's conflict entries (stages 1–3 per path), read fresh from disk with libgit2's conflict iterator.
    public func conflicts() throws(GitError) -> [ConflictEntry] {
        let index = try openIndex(writing: false)
        defer { git_index_free(index) }
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index), "git_index_conflict_iterator_new")
        defer { git_index_conflict_iterator_free(iterator) }
        var result: [ConflictEntry] = []
        while true {
            var ancestor: UnsafePointer<git_index_entry>?
            var ours: UnsafePointer<git_index_entry>?
            var theirs: UnsafePointer<git_index_entry>?
            let code = git_index_conflict_next(&ancestor, &ours, &theirs, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "git_index_conflict_next")
            func value(_ e: UnsafePointer<git_index_entry>?) -> SnapshotEntry? {
                guard let e, let mode = FileMode(gitMode: e.pointee.mode) else { return nil }
                return SnapshotEntry(
                    path: RepoPath(bytes: bytes(of: e.pointee.path)), mode: mode, id: ObjectID(e.pointee.id))
            }
            let stages = [value(ancestor), value(ours), value(theirs)]
            guard let path = stages.compactMap({ $0?.path }).first else { continue }
            result.append(ConflictEntry(path: path, ancestor: stages[0], ours: stages[1], theirs: stages[2]))
        }
        return result
    }

    /// Stages the working-tree files at `paths` (stage 0; a conflict there is cleared) and writes the index.
    public func stage(_ paths: [RepoPath]) throws(GitError) {
        let index = try openIndex(writing: true)
        defer { git_index_free(index) }
        for path in paths {
            let code = withCPath(path.bytes) { git_index_add_bypath(index, $0) }
            try check(code, "git_index_add_bypath")
        }
        try check(git_index_write(index), "git_index_write")
    }

    /// Puts `conflict`'s stages back in the index (removing a stage-0 entry at its path) and writes the index.
    public func restore(_ conflicts: [ConflictEntry]) throws(GitError) {
        let index = try openIndex(writing: true)
        defer { git_index_free(index) }
        for conflict in conflicts {
            let code = withCPath(conflict.path.bytes) { cPath -> Int32 in
                _ = git_index_remove(index, cPath, 0)
                func make(_ e: SnapshotEntry?) -> git_index_entry? {
                    guard let e, let id = e.id else { return nil }
                    var entry = git_index_entry()
                    entry.mode = e.mode.gitMode
                    entry.id = id.raw
                    entry.path = cPath
                    return entry
                }
                var ancestor = make(conflict.ancestor)
                var ours = make(conflict.ours)
                var theirs = make(conflict.theirs)
                return withEntryPointer(&ancestor) { a in
                    withEntryPointer(&ours) { o in
                        withEntryPointer(&theirs) { t in git_index_conflict_add(index, a, o, t) }
                    }
                }
            }
            try check(code, "git_index_conflict_add")
        }
        try check(git_index_write(index), "git_index_write")
    }

    /// The repository's index (the one `GIT_INDEX_FILE` names in a hook), re-read from disk. The caller frees it.
    /// A split or sparse index is libgit2's in memory: it can be read but not written.
    private func openIndex(writing: Bool) throws(GitError) -> OpaquePointer? {
        try useEnvironmentIndex()
        if writing { try requireIndexOnDisk() }
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "git_repository_index")
        let code = hasIndexInMemory ? 0 : git_index_read(index, 1)
        if code < 0 {
            git_index_free(index)
            throw lastError(code, "git_index_read")
        }
        return index
    }
}

private func withEntryPointer<R>(_ entry: inout git_index_entry?, _ body: (UnsafePointer<git_index_entry>?) -> R) -> R {
    guard entry != nil else { return body(nil) }
    return withUnsafePointer(to: &entry!) { body($0) }
}
