internal import CGit2
import Model

/// The two sides of a diff the git layer can compute.
public enum DiffSides: Sendable {
    /// Two trees; nil is the empty tree.
    case trees(ObjectID?, ObjectID?)
    /// A tree (nil: empty) against the index.
    case treeToIndex(ObjectID?)
    /// A tree (nil: empty) against the working tree, through the index (`git diff TREE`).
    case treeToWorkingTree(ObjectID?, untracked: Bool)
}

extension Repository {
    /// The changed paths between two sides, with renames found and never pairing a link with a file.
    public func diff(_ sides: DiffSides, paths: [RepoPath] = []) throws(GitError) -> [Change] {
        if case .trees(let a, let b) = sides, paths.isEmpty { return try treeDiff(a, b) }
        return try libgit2Diff(sides, paths: paths).flatMap { $0 }
    }

    /// libgit2's diff with its rename detection, limited to `paths` (exact paths or their directories) when
    /// any are given: one group of changes per libgit2 delta, in libgit2's order. `index` stands in for the
    /// repository's index in `.treeToIndex` and `.treeToWorkingTree`.
    package func libgit2Diff(
        _ sides: DiffSides, paths: [RepoPath] = [], index: OpaquePointer? = nil
    ) throws(GitError) -> [[Change]] {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        var flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        if case .treeToWorkingTree(_, true) = sides {
            flags |= GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
        }
        if !paths.isEmpty { flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue }
        options.flags = UInt32(flags)
        options.ignore_submodules = GIT_SUBMODULE_IGNORE_DIRTY

        // NUL-terminated copies of the paths, freed once the diff is made.
        var cPaths: [UnsafeMutablePointer<CChar>?] = paths.map { path in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: path.bytes.count + 1)
            for (i, byte) in path.bytes.enumerated() { copy[i] = CChar(bitPattern: byte) }
            copy[path.bytes.count] = 0
            return copy
        }
        defer { for copy in cPaths { copy?.deallocate() } }
        var diff: OpaquePointer?
        try cPaths.withUnsafeMutableBufferPointer { (pointers) throws(GitError) in
            if !paths.isEmpty { options.pathspec = git_strarray(strings: pointers.baseAddress, count: pointers.count) }
            try makeDiff(&diff, sides, &options, index: index)
        }
        defer { git_diff_free(diff) }

        var find = git_diff_find_options()
        try check(
            git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
        var findFlags = GIT_DIFF_FIND_RENAMES.rawValue
        if case .treeToWorkingTree(_, true) = sides { findFlags |= GIT_DIFF_FIND_FOR_UNTRACKED.rawValue }
        find.flags = UInt32(findFlags)
        try check(git_diff_find_similar(diff, &find), "git_diff_find_similar")

        var groups: [[Change]] = []
        let count = git_diff_num_deltas(diff)
        groups.reserveCapacity(count)
        for i in 0..<count {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            let changes = Self.changes(from: delta)
            if !changes.isEmpty { groups.append(changes) }
        }
        return groups
    }

    private func makeDiff(
        _ diff: inout OpaquePointer?, _ sides: DiffSides,
        _ options: inout git_diff_options, index: OpaquePointer?
    ) throws(GitError) {
        if case .trees = sides {} else if index == nil { try useEnvironmentIndex() }
        switch sides {
        case .trees(let a, let b):
            let ta = try lookupTree(a)
            defer { git_tree_free(ta) }
            let tb = try lookupTree(b)
            defer { git_tree_free(tb) }
            try check(git_diff_tree_to_tree(&diff, handle, ta, tb, &options), "git_diff_tree_to_tree")
        case .treeToIndex(let a):
            let ta = try lookupTree(a)
            defer { git_tree_free(ta) }
            try check(git_diff_tree_to_index(&diff, handle, ta, index, &options), "git_diff_tree_to_index")
        case .treeToWorkingTree(let a, _):
            let ta = try lookupTree(a)
            defer { git_tree_free(ta) }
            guard let index else {
                return try check(
                    git_diff_tree_to_workdir_with_index(&diff, handle, ta, &options),
                    "git_diff_tree_to_workdir_with_index")
            }
            try treeToWorkingTree(&diff, ta, through: index, &options)
        }
    }

    /// What `git_diff_tree_to_workdir_with_index` does, through `index` instead of the repository's: the
    /// tree against the index, the index against the working tree, the two merged as git merges them.
    private func treeToWorkingTree(
        _ diff: inout OpaquePointer?, _ tree: OpaquePointer?, through index: OpaquePointer,
        _ options: inout git_diff_options
    ) throws(GitError) {
        var toIndex: OpaquePointer?
        try check(git_diff_tree_to_index(&toIndex, handle, tree, index, &options), "git_diff_tree_to_index")
        var toWorkingTree: OpaquePointer?
        var code = git_diff_index_to_workdir(&toWorkingTree, handle, index, &options)
        if code >= 0 { code = git_diff_merge(toIndex, toWorkingTree) }
        git_diff_free(toWorkingTree)
        if code < 0 {
            git_diff_free(toIndex)
            throw lastError(code, "git_diff_index_to_workdir")
        }
        diff = toIndex
    }

    /// Looks up a tree (nil: the empty tree, returned as nil); the caller frees it with `git_tree_free`.
    func lookupTree(_ id: ObjectID?) throws(GitError) -> OpaquePointer? {
        guard let id else { return nil }
        var tree: OpaquePointer?
        var raw = id.raw
        try check(git_tree_lookup(&tree, handle, &raw), "git_tree_lookup")
        return tree
    }

    private static func changes(from delta: git_diff_delta) -> [Change] {
        let newPath = RepoPath(bytes: bytes(of: delta.new_file.path))
        let oldPath = RepoPath(bytes: bytes(of: delta.old_file.path))
        let oldMode = FileMode(gitMode: UInt32(delta.old_file.mode))
        let newMode = FileMode(gitMode: UInt32(delta.new_file.mode))
        let oldID = ObjectID(delta.old_file.id)
        let newID = ObjectID(delta.new_file.id)
        let oid: (ObjectID) -> ObjectID? = { $0.isZero ? nil : $0 }
        switch delta.status {
        case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED, GIT_DELTA_COPIED:
            return [Change(path: newPath, kind: .added, oldMode: nil, newMode: newMode, newID: oid(newID))]
        case GIT_DELTA_DELETED:
            return [Change(path: oldPath, kind: .deleted, oldMode: oldMode, newMode: nil, oldID: oid(oldID))]
        case GIT_DELTA_TYPECHANGE:
            return [
                Change(
                    path: newPath, kind: .typeChanged, oldMode: oldMode, newMode: newMode,
                    oldID: oid(oldID), newID: oid(newID))
            ]
        case GIT_DELTA_RENAMED:
            // A link and a file are never the same thing moved: report a deletion and an addition.
            if (oldMode == .symlink) != (newMode == .symlink) || (oldMode == .gitlink) != (newMode == .gitlink) {
                return [
                    Change(path: oldPath, kind: .deleted, oldMode: oldMode, newMode: nil, oldID: oid(oldID)),
                    Change(path: newPath, kind: .added, oldMode: nil, newMode: newMode, newID: oid(newID)),
                ]
            }
            return [
                Change(
                    path: newPath, oldPath: oldPath, kind: .renamed, oldMode: oldMode, newMode: newMode,
                    oldID: oid(oldID), newID: oid(newID))
            ]
        case GIT_DELTA_IGNORED, GIT_DELTA_UNMODIFIED:
            return []
        default:
            if oldMode != newMode,
                oldMode == .symlink || newMode == .symlink || oldMode == .gitlink
                    || newMode == .gitlink
            {
                return [
                    Change(
                        path: newPath, kind: .typeChanged, oldMode: oldMode, newMode: newMode,
                        oldID: oid(oldID), newID: oid(newID))
                ]
            }
            return [
                Change(
                    path: newPath, kind: .modified, oldMode: oldMode, newMode: newMode,
                    oldID: oid(oldID), newID: oid(newID))
            ]
        }
    }
}
