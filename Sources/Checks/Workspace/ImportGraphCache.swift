import Foundation

/// Resolved import graphs of commit trees kept on disk, so a warm run reads a graph instead of resolving
/// every import again.
///
/// One file per tree, `<common git dir>/preflight/cache/imports-<tree id>.bin`. A tree fixes every file,
/// link and blob; what else a graph depends on (the roots, the runnable dirs) is digested into the file, so
/// a graph built under other roots is a miss and is rewritten. Written as the other caches are (a temporary
/// file with `O_CREAT|O_EXCL|O_NOFOLLOW` and a random name, renamed over), at most `maxFiles` kept, a bad or
/// truncated file is a miss. Off with `PREFLIGHT_CACHE=0`, as the graph cache.
///
/// The file is read in place (mapped), never decoded whole for a query: a path is found by its hash in the
/// slots, and its records by its index, so "who imports F" and "what does F import" read a few blocks
/// whatever the graph holds. All integers are little-endian `u32`s.
///
/// ```
/// "PFIMPGR\0"  u32 format  u32 block size  20-byte tree id  u64 context digest
/// (u32 offset, u32 count) per section, in this order, each section following the one before:
///   strings        the bytes of every path, module name and root
///   paths          (offset, length) into strings: every path the graph names, in byte order
///   modules        (offset, length): every module name, sorted
///   roots          (offset, length): the source roots, deepest first
///   files          path index of every Python file, in path order
///   forward        (path, edge start, edge count, missing start, missing count), by path
///   edges          (imported path, module)
///   missing        module: the unresolved absolute imports
///   reverse        (path, start, count) into reverse edges, by path
///   reverse edges  (importing path, module), in the order a full build gives
///   slots          path index + 1 (0: empty), open addressing from `slot(of:)`, a power of two >= 2 x paths
///   records        (forward record + 1, reverse record + 1) per path index (0: none)
///   sums           u64 checksum of each 1 KiB block of the file before this table
/// u64 checksum of the sums, seeded by the header's
/// ```
public struct ImportGraphCache: Sendable {
    /// The folder holding the files.
    public let directory: String
    /// The most graph files kept.
    static let maxFiles = 8
    /// Bumped whenever the format or the resolution rules change.
    static let formatVersion: UInt32 = 3
    static let magic: [UInt8] = Array("PFIMPGR\0".utf8)

    public init(directory: String) { self.directory = directory }

    /// The file of one tree.
    public func file(for tree: ObjectID) -> String { "\(directory)/imports-\(tree.hex).bin" }

    /// True when a graph of `tree` is stored (not yet checked: `load` may still find it damaged).
    func has(_ tree: ObjectID) -> Bool { access(file(for: tree), F_OK) == 0 }

    /// The graph of `tree` for `workspace`, read in place, or nil (no file, a bad one, or built under other
    /// roots or marker names). Its roots come from the file, so no listing is needed.
    func load(_ tree: ObjectID, _ workspace: Workspace) -> ImportGraph? {
        let context = PythonRoots.context(of: workspace)
        guard let mapped = MappedImportFile.map(file(for: tree), tree: tree, context: context) else { return nil }
        let store = MappedEdgeStore(mapped)
        guard let roots = store.roots() else { return nil }
        // A graph read in place asks for the roots of a few files: the dirs are searched, not indexed.
        let pythonRoots = PythonRoots(roots: roots, runnable: workspace.markers.dirs)
        return ImportGraph(workspace, roots: pythonRoots, store: store)
    }

    /// Writes the graph of `tree`; false when it cannot be written (never an error).
    @discardableResult
    func store(_ graph: ImportGraph, tree: ObjectID) -> Bool {
        let context = PythonRoots.context(of: graph.workspace)
        guard
            let bytes = ImportGraphCache.encode(
                graph.store.whole(), roots: graph.roots.roots, tree: tree, context: context),
            GraphCache.writeFile(bytes, to: file(for: tree), in: directory)
        else { return false }
        prune()
        return true
    }

    /// Removes the oldest graph files beyond `maxFiles`.
    private func prune() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let graphs = names.filter { $0.hasPrefix("imports-") && $0.hasSuffix(".bin") }
        GraphCache.removeOldest(graphs.map { "\(directory)/\($0)" }, keeping: ImportGraphCache.maxFiles)
    }
}

extension PythonRoots {
    /// The runnable dirs of `workspace`, indexed for the lookups of every file.
    static func runnable(_ workspace: Workspace) -> DirectorySet { workspace.markers.dirs.indexed() }

    /// A digest of what a tree's roots depend on besides the tree: `[python] roots`, and the marker names,
    /// which with the tree fix the runnable dirs (so the digest costs nothing per target).
    static func context(of workspace: Workspace) -> UInt64 {
        var bytes = Array("roots".utf8)
        if let configured = workspace.configuration.python.roots {
            for root in configured { bytes += [0] + root.bytes }
        } else {
            bytes += Array("\u{2}from the tree".utf8)
        }
        bytes += Array("\u{1}markers".utf8)
        for name in workspace.configuration.workspace.markers.sorted() { bytes += [0] + Array(name.utf8) }
        return bytes.withUnsafeBytes { WordDigest.of($0, seed: 0x9e37_79b9_7f4a_7c15) }
    }
}
