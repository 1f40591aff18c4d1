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
/// ```
/// "PFIMPGR\0"  u32 format  20-byte tree id  u64 context digest
/// u32 paths, (u32 length, bytes) each        u32 modules, (u32 length, UTF-8 bytes) each
/// u32 files, u32 path per file
/// u32 importing files, per file: u32 path, u32 edges, (u32 path, u32 module) each,
///                                 u32 unresolved, u32 module each
/// u64 checksum of every byte before it
/// ```
public struct ImportGraphCache: Sendable {
    /// The folder holding the files.
    public let directory: String
    /// The most graph files kept.
    static let maxFiles = 8
    /// Bumped whenever the format or the resolution rules change.
    static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("PFIMPGR\0".utf8)

    public init(directory: String) { self.directory = directory }

    /// The file of one tree.
    public func file(for tree: ObjectID) -> String { "\(directory)/imports-\(tree.hex).bin" }

    /// The graph of `tree` for `workspace` under `roots`, or nil (no file, a bad one, or other roots).
    func load(_ tree: ObjectID, _ workspace: Workspace, _ roots: PythonRoots) -> ImportGraph? {
        guard let data = FileManager.default.contents(atPath: file(for: tree)),
            let decoded = ImportGraphCache.decode(Array(data), tree: tree, context: roots.digest)
        else { return nil }
        return ImportGraph(
            workspace, roots: roots, files: decoded.files, imports: decoded.imports,
            unresolved: decoded.unresolved)
    }

    /// Writes the graph of `tree`; false when it cannot be written (never an error).
    @discardableResult
    func store(_ graph: ImportGraph, tree: ObjectID) -> Bool {
        let bytes = ImportGraphCache.encode(graph, tree: tree)
        guard GraphCache.writeFile(bytes, to: file(for: tree), in: directory) else { return false }
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
    /// A digest of what a graph depends on besides its tree: the roots and the runnable dirs.
    var digest: UInt64 {
        var bytes = Array("roots".utf8)
        for root in roots { bytes += [0] + root.bytes }
        bytes += Array("\u{1}runnable".utf8)
        for dir in runnable.sorted() { bytes += [0] + dir.bytes }
        return bytes.withUnsafeBytes { WordDigest.of($0, seed: 0x9e37_79b9_7f4a_7c15) }
    }
}
