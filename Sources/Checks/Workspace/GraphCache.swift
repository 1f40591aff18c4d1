import Foundation

/// Link resolutions of commit trees kept on disk, so a run resolves only the links a change can move.
///
/// One file per tree, `<common git dir>/preflight/cache/graph-<tree id>.bin` (shared by worktrees). A tree
/// id fixes every path, mode and link text, and a resolution reads nothing else (not the configuration),
/// so the key is the tree id and the format version, and a hit is exact. Files are written atomically
/// (a temporary file renamed over), at most `maxFiles` are kept (the oldest removed), and any file that is
/// unreadable, truncated, foreign or of another version is ignored and rewritten. Deleting the folder is
/// always safe. `PREFLIGHT_CACHE=0` turns the cache off. A file is mapped and read in place (`MappedGraphFile`):
/// a run decodes the links its change reaches, and checks the checksums of the blocks it reads.
public struct GraphCache: Sendable {
    /// The folder holding the files.
    public let directory: String
    /// The most graph files kept.
    public static let maxFiles = 8

    public init(directory: String) {
        self.directory = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    }

    /// The cache of the repository whose common git directory is `common`, or nil when `PREFLIGHT_CACHE=0`
    /// (in `environment`; the process's when nil).
    public static func of(commonDir common: String, environment: [String: String]? = nil) -> GraphCache? {
        let setting = environment.map { $0["PREFLIGHT_CACHE"] } ?? ProcessEnvironment.value("PREFLIGHT_CACHE")
        if setting == "0" { return nil }
        return GraphCache(directory: (common.hasSuffix("/") ? common : common + "/") + "preflight/cache")
    }

    /// The file of one tree.
    public func file(for tree: ObjectID) -> String { "\(directory)/graph-\(tree.hex).bin" }

    /// The cached resolutions of `tree`, or nil (no file, or one that is not a valid cache of that tree).
    public func load(_ tree: ObjectID) -> [RepoPath: LinkResolution]? { entry(tree)?.file.decodeAll() }

    /// The mapped file holding the resolutions of `tree` and the tree it is the file of (`tree` itself, or
    /// the tree an alias names); nil when there is no valid file, or an alias's tree has none.
    func entry(_ tree: ObjectID) -> (file: MappedGraphFile, fullTree: ObjectID)? {
        if let file = MappedGraphFile.map(file(for: tree), tree: tree) { return (file, tree) }
        guard let bytes = contents(tree), let other = GraphCache.decodeAlias(bytes, tree: tree),
            let full = MappedGraphFile.map(file(for: other), tree: other)
        else { return nil }
        return (full, other)
    }

    /// The bytes of the file of `tree`, or nil.
    private func contents(_ tree: ObjectID) -> [UInt8]? { GraphCache.contents(of: file(for: tree)) }

    /// The bytes of a cache file, or nil when it is missing, empty, too large, unreadable or not a regular
    /// file (a miss: the cache is rebuilt and the file replaced). Read with `RegularFile`, so a link planted
    /// there is not followed and a FIFO cannot hang the run.
    package static func contents(of path: String) -> [UInt8]? {
        do {
            guard let bytes = try RegularFile.read(path), !bytes.isEmpty else { return nil }
            return bytes
        } catch {
            Trace.mark("cache miss (\(error))")
            return nil
        }
    }

    /// True when a file for `tree` exists (valid or not: a bad one is rewritten when read fails).
    public func has(_ tree: ObjectID) -> Bool { access(file(for: tree), F_OK) == 0 }

    /// Writes the resolutions of `tree` atomically and removes the oldest files beyond `maxFiles`.
    /// Returns false when the cache cannot be written (read-only file system, permissions): never an error.
    @discardableResult
    public func store(_ resolutions: [RepoPath: LinkResolution], tree: ObjectID) -> Bool {
        let bytes = GraphCache.encode(resolutions, tree: tree)
        return !bytes.isEmpty && put(bytes, tree: tree)
    }

    /// Records that `tree` resolves exactly as `other`, whose full file is cached; `other`'s file is marked
    /// recently used so it outlives the aliases naming it. False when it cannot be written.
    @discardableResult
    public func storeAlias(_ tree: ObjectID, of other: ObjectID) -> Bool {
        guard put(GraphCache.encodeAlias(tree, of: other), tree: tree) else { return false }
        utimensat(AT_FDCWD, file(for: other), nil, 0)
        return true
    }

    /// Writes `bytes` as the file of `tree` (atomically), then prunes.
    private func put(_ bytes: [UInt8], tree: ObjectID) -> Bool {
        guard GraphCache.writeFile(bytes, to: file(for: tree), in: directory) else { return false }
        prune()
        return true
    }

    /// Removes the oldest graph files (by modification time) beyond `maxFiles`, and temporary files a
    /// killed run left behind (older than a minute, so no running write loses its file).
    func prune() { GraphCache.prune(directory, prefix: "graph-", keeping: GraphCache.maxFiles) }

    /// Removes the oldest `<prefix>*.bin` files of `directory` beyond the newest `keeping`, and temporary
    /// files older than a minute.
    static func prune(_ directory: String, prefix: String, keeping: Int) {
        guard let dir = opendir(directory) else { return }
        var kept: [String] = []
        var temporaries: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(prefix) && name.hasSuffix(".bin") { kept.append(name) }
            if name.hasPrefix(".") && name.hasSuffix(".tmp") { temporaries.append(name) }
        }
        closedir(dir)
        for name in temporaries {
            var info = stat()
            let path = "\(directory)/\(name)"
            if stat(path, &info) == 0, Int(info.st_mtim.tv_sec) < Int(time(nil)) - 60 { unlink(path) }
        }
        removeOldest(kept.map { "\(directory)/\($0)" }, keeping: keeping)
    }

    /// Removes the oldest of `paths` (by modification time) beyond the newest `keeping`.
    static func removeOldest(_ paths: [String], keeping: Int) {
        guard paths.count > keeping else { return }
        let dated = paths.map { path -> (Int, Int, String) in
            var info = stat()
            guard stat(path, &info) == 0 else { return (0, 0, path) }
            return (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), path)
        }.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        for (_, _, path) in dated.prefix(paths.count - keeping) { unlink(path) }
    }

    /// Writes a cache file atomically, making `directory` (and its parents) when missing; false when any step
    /// fails: a cache that cannot be written is never an error. Every cache file under it is written so.
    static func writeFile(_ bytes: [UInt8], to path: String, in directory: String) -> Bool {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { return false }
        } else if (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true))
            == nil
        {
            return false
        }
        do {
            try AtomicFile.write(bytes, to: path, mode: 0o644)
        } catch {
            return false
        }
        return true
    }
}

/// The tree ids a change set's sides are cached under: sides that are a commit's tree.
struct GraphKeys {
    /// The base commit's tree (nil for the empty tree, or when the base is missing).
    var base: ObjectID?
    /// The head commit's tree (ranges, `--all`); nil for the index and the working tree.
    var head: ObjectID?

    init() {}

    /// A side whose tree cannot be read is not cached (a cache key, never an answer).
    init(_ changeSet: ChangeSet) {
        let history = changeSet.history
        if changeSet.missingBase == nil, let commit = changeSet.base.commitID {
            base = try? history.treeID(ofCommit: commit)
        }
        if let commit = changeSet.head.commitID {
            head = try? history.treeID(ofCommit: commit)
        }
    }

    /// For `--staged`: the tree the index would commit, so the next commit's run finds its base cached.
    static func indexTree(_ changeSet: ChangeSet) -> ObjectID? {
        changeSet.history.indexTree(of: changeSet.head)
    }
}
