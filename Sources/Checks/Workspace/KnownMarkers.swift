/// Each side's marker files without a scan of its listing where that can be known: a commit tree's from
/// the marker cache, a side that differs from a cached base by the change from the base's files and the
/// changed paths. Only a side with neither (a cold cache) is scanned, and its files are cached for next time.
final class KnownMarkers {
    private let changeSet: ChangeSet
    private let keys: GraphKeys
    private let cache: MarkerCache?
    /// The base's cached files by marker names, looked up once (nil inside: no file).
    private var baseFiles: [[String]: [RepoPath]?] = [:]
    /// Marker names whose head file the cache already holds (so `store` does not read it again).
    private var headCached: Set<[String]> = []

    init(_ changeSet: ChangeSet, keys: GraphKeys, cache: GraphCache?) {
        self.changeSet = changeSet
        self.keys = keys
        self.cache = cache.map { MarkerCache(directory: $0.directory) }
    }

    /// The base's marker files for `names`, or nil (scan).
    func base(_ names: [String]) -> [RepoPath]? {
        if let known = baseFiles[names] { return known }
        let loaded = keys.base.flatMap { cache?.load($0, names: names) }
        baseFiles[names] = loaded
        return loaded
    }

    /// The head's marker files for `names`, or nil (scan).
    func head(_ names: [String]) -> [RepoPath]? {
        if let tree = keys.head, let hit = cache?.load(tree, names: names) {
            headCached.insert(names)
            return hit
        }
        guard changeSet.missingBase == nil, let files = base(names) else { return nil }
        return Workspace.markerFiles(files, changedAt: changeSet.touchedPaths, in: changeSet.head.table, names: names)
    }

    /// Caches the base's files when they were scanned, and the head's under `headTree` (a commit's tree, or
    /// the tree the index would commit) when the cache has none: the next run starts from them.
    func store(base: Workspace, head: Workspace, headTree: ObjectID?) {
        guard let cache else { return }
        let baseNames = base.configuration.workspace.markers
        if let tree = keys.base, self.base(baseNames) == nil {
            let written = cache.store(base.markerFiles, tree: tree, names: baseNames)
            Trace.mark("marker cache write base \(tree.short)\(written ? "" : ": failed, ignored")")
        }
        let headNames = head.configuration.workspace.markers
        if let tree = headTree, tree != keys.base, !(tree == keys.head && headCached.contains(headNames)),
            cache.load(tree, names: headNames) == nil
        {
            let written = cache.store(head.markerFiles, tree: tree, names: headNames)
            Trace.mark("marker cache write head \(tree.short)\(written ? "" : ": failed, ignored")")
        }
    }
}
