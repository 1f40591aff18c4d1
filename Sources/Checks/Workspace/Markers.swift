/// The marker files of a snapshot and the runnable dirs they make, packed (no allocation per file).
public struct Markers: Sendable, Equatable {
    /// The files named by a `[workspace] markers` name, in path order.
    public let files: PathList
    /// Their directories, the root left out: the runnable dirs.
    public let dirs: DirectorySet

    /// The markers of `files` (in path order).
    public init(files: PathList) {
        self.files = files
        dirs = DirectorySet.parents(of: files)
    }

    /// Files and the dirs they make, as a cache file holds them.
    init(files: PathList, dirs: DirectorySet) {
        self.files = files
        self.dirs = dirs
    }

    /// The same files make the same dirs.
    public static func == (lhs: Markers, rhs: Markers) -> Bool { lhs.files == rhs.files }
}

extension Workspace {
    /// The files of `table` named by one of the marker `names`, in path order (a scan of the whole listing).
    public static func markerFiles(in table: EntryTable, names: [String]) -> [RepoPath] {
        markers(in: table, names: names).files.paths
    }

    /// The markers of `table` for marker `names` (a scan of the whole listing).
    static func markers(in table: EntryTable, names: [String]) -> Markers {
        let names = names.map { Array($0.utf8) }
        var files = PathList()
        table.forEachEntry(under: .root) { entry in
            if entry.mode.isFile && names.contains(where: entry.path.hasName) { files.append(entry.path.bytes) }
            return true
        }
        return Markers(files: files)
    }

    /// The marker files of a snapshot that differs from one with `markerFiles` by the changes at `touched`:
    /// those files, less the touched paths, plus the touched paths that are marker files in `table`.
    public static func markerFiles(
        _ markerFiles: [RepoPath], changedAt touched: [RepoPath], in table: EntryTable, names: [String]
    ) -> [RepoPath] {
        markers(Markers(files: PathList(markerFiles)), changedAt: touched, in: table, names: names).files.paths
    }

    /// The markers of a snapshot that differs from one with `markers` by the changes at `touched`.
    static func markers(
        _ markers: Markers, changedAt touched: [RepoPath], in table: EntryTable, names: [String]
    ) -> Markers {
        let names = names.map { Array($0.utf8) }
        let named = touched.filter { path in names.contains(where: path.hasName) }
        // No marker touched: the same files and dirs, shared (so comparing the sides' costs next to nothing).
        guard !named.isEmpty else { return markers }
        var files = Set(markers.files.paths)
        for path in named {
            files.remove(path)
            if table.entry(at: path)?.mode.isFile == true { files.insert(path) }
        }
        return Markers(files: PathList(files.sorted()))
    }
}
