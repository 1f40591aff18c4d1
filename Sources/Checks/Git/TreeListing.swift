internal import CGit2
import Model
import Synchronization

/// A commit's tree listed on demand: a directory's tree object is read the first time a lookup needs it.
///
/// A change set's sides are mostly looked up at a few paths (the changed ones, a configuration file, link
/// targets), so reading only the trees on those paths keeps the cost with the change. A caller that needs
/// every entry gets the whole listing once (from the index where its cache-tree matches).
///
/// Lookups cannot throw (`EntryListing`), so the first tree that cannot be read is kept as `failure`, and
/// the lookup answers as if the path were absent: every command checks `ChangeSet.ensureReadable()`
/// before it reports, so such an answer never reaches the user (exit 3 instead).
///
/// `Repository` is not Sendable: every use of it here holds the lock, so the listing is.
package final class TreeListing: EntryListing, @unchecked Sendable {
    private let repository: Repository
    private let root: ObjectID
    private let state = Mutex(State())

    private typealias Child = TreeChild

    private struct State {
        /// The children of each directory read so far, by tree id, in git's order.
        var trees: [ObjectID: [Child]] = [:]
        var whole: [SnapshotEntry]?
        var failure: GitError?
        /// The directory the last lookup ended in (its path bytes up to the last `/`) and its children:
        /// lookups come in runs within one directory (the manifests beside a changed file).
        var lastDirectory: (path: ArraySlice<UInt8>, children: [Child])?
    }

    package init(_ repository: Repository, tree: ObjectID) {
        self.repository = repository
        root = tree
    }

    /// The first tree that could not be read, if any.
    package var failure: GitError? { state.withLock { $0.failure } }

    package var count: Int { materialize().count }

    package func entry(at path: RepoPath) -> SnapshotEntry? {
        if path.isRoot { return nil }
        return state.withLock { state -> SnapshotEntry? in
            if let whole = state.whole {
                let i = whole.lowerBound(path.bytes)
                return i < whole.count && whole[i].path == path ? whole[i] : nil
            }
            guard let child = child(at: path.bytes, &state), !child.isTree,
                let mode = FileMode(gitMode: child.mode)
            else { return nil }
            return SnapshotEntry(path: path, mode: mode, id: child.id)
        }
    }

    package func forEachEntry(under dir: RepoPath, _ body: (SnapshotEntry) -> Bool) {
        if dir.isRoot {
            for entry in materialize() where !body(entry) { return }
            return
        }
        let entries = state.withLock { state -> [SnapshotEntry] in
            var tree = root
            if !dir.isRoot {
                guard let child = child(at: dir.bytes, &state), child.isTree else { return [] }
                tree = child.id
            }
            var result: [SnapshotEntry] = []
            list(tree, prefix: dir.bytes, into: &result, &state)
            return result
        }
        for entry in entries where !body(entry) { return }
    }

    package func materialize() -> [SnapshotEntry] {
        state.withLock { state -> [SnapshotEntry] in
            if let whole = state.whole { return whole }
            do throws(GitError) {
                let index = try repository.indexFile()
                let entries =
                    if let index, !index.hasConflicts {
                        try repository.treeEntries(root, index: index)
                    } else {
                        try repository.treeEntries(root)
                    }
                state.whole = entries
                return entries
            } catch {
                if state.failure == nil { state.failure = error }
                return []
            }
        }
    }

    /// Reads only the trees down to `dir` and, below it, to its first file, link or gitlink.
    package func hasEntries(under dir: RepoPath) -> Bool {
        if dir.isRoot { return !materialize().isEmpty }
        return state.withLock { state -> Bool in
            if let whole = state.whole { return !whole.slice(under: dir.bytes).isEmpty }
            guard let child = child(at: dir.bytes, &state), child.isTree else { return false }
            return hasLeaf(child.id, &state)
        }
    }

    /// True when `tree` holds a file, link or gitlink, directly or in a subtree (what `list` would list).
    private func hasLeaf(_ tree: ObjectID, _ state: inout State) -> Bool {
        guard let children = children(of: tree, &state) else { return false }
        for child in children {
            if child.isTree ? hasLeaf(child.id, &state) : FileMode(gitMode: child.mode) != nil { return true }
        }
        return false
    }

    /// The entry at `path` (a file, link, gitlink or directory), reading the trees on the way.
    private func child(at path: [UInt8], _ state: inout State) -> Child? {
        let lastSlash = path.lastIndex(of: UInt8(ascii: "/"))
        let dir = path[..<(lastSlash ?? path.startIndex)]
        if let last = state.lastDirectory, last.path == dir {
            return Self.find(path[(lastSlash.map { $0 + 1 } ?? path.startIndex)...], in: last.children)
        }
        var tree = root
        var start = 0
        while true {
            let slash = path[start...].firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
            let name = path[start..<slash]
            guard let children = children(of: tree, &state) else { return nil }
            if slash == path.endIndex { state.lastDirectory = (dir, children) }
            guard let found = Self.find(name, in: children) else { return nil }
            if slash == path.endIndex { return found }
            guard found.isTree else { return nil }
            tree = found.id
            start = slash + 1
        }
    }

    /// Every file, link and gitlink below `tree`, in path order.
    private func list(_ tree: ObjectID, prefix: [UInt8], into result: inout [SnapshotEntry], _ state: inout State) {
        guard let children = children(of: tree, &state) else { return }
        for child in children {
            var path = prefix
            if !path.isEmpty { path.append(UInt8(ascii: "/")) }
            path += child.name
            if child.isTree {
                list(child.id, prefix: path, into: &result, &state)
            } else if let mode = FileMode(gitMode: child.mode) {
                result.append(SnapshotEntry(path: RepoPath(trusted: path), mode: mode, id: child.id))
            }
        }
    }

    /// The children of one tree object, read once; nil (and `failure` set) when it cannot be read.
    private func children(of tree: ObjectID, _ state: inout State) -> [Child]? {
        if let known = state.trees[tree] { return known }
        do throws(GitError) {
            let children = try repository.treeChildren(tree)
            state.trees[tree] = children
            return children
        } catch {
            if state.failure == nil { state.failure = error }
            return nil
        }
    }

    /// The child named `name`, by one binary search in git's tree order: the file `name` sorts at the lower
    /// bound of `name`, the tree `name` (sorting as `name/`) after the names that extend `name` with a byte
    /// below `/` (`name.py`, `name-x`), which are stepped over.
    private static func find(_ name: ArraySlice<UInt8>, in children: [Child]) -> Child? {
        var lo = 0
        var hi = children.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let child = children[mid]
            if gitOrder(child.name, child.isTree, name, false) < 0 { lo = mid + 1 } else { hi = mid }
        }
        while lo < children.count {
            let child = children[lo]
            guard child.name.count >= name.count, child.name[..<name.count].elementsEqual(name) else { return nil }
            if child.name.count == name.count { return child }
            if child.name[name.count] >= UInt8(ascii: "/") { return nil }
            lo += 1
        }
        return nil
    }

    /// Byte order of `a` (followed by `/` when `aSlash`) and `b` (the same with `bSlash`), with no array made
    /// for either: negative, zero or positive. A sequence that ends sorts before any byte.
    private static func gitOrder(_ a: [UInt8], _ aSlash: Bool, _ b: ArraySlice<UInt8>, _ bSlash: Bool) -> Int {
        let slash = Int(UInt8(ascii: "/"))
        var i = 0
        while true {
            let x = i < a.count ? Int(a[i]) : (i == a.count && aSlash ? slash : -1)
            let y = i < b.count ? Int(b[b.startIndex + i]) : (i == b.count && bSlash ? slash : -1)
            if x != y { return x < y ? -1 : 1 }
            if x < 0 { return 0 }
            i += 1
        }
    }
}
