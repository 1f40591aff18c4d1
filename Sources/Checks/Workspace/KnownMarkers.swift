import Foundation

/// Each side's marker files without a scan of its listing where that can be known: a commit tree's from
/// the marker cache, a side that differs from a cached base by the change from the base's files and the
/// changed paths. Only a side with neither (a cold cache) is scanned, and its files are cached for next time.
final class KnownMarkers {
    private let changeSet: ChangeSet
    private let keys: GraphKeys
    private let cache: MarkerCache?
    /// The marker names the base's file was last looked up for (a run asks for the head's names and the
    /// base's, almost always the same), and what it held (nil: no file, or a bad one). Plain fields, not a
    /// tuple, whose type the runtime would build on first use.
    private var baseNames: [String]?
    private var baseMarkers: Markers?
    /// The marker names the head's file was read for, and whether it was sound: nil when it was not read.
    private var headNames: [String]?
    private var headFound = false

    init(_ changeSet: ChangeSet, keys: GraphKeys, cache: GraphCache?) {
        self.changeSet = changeSet
        self.keys = keys
        self.cache = cache.map { MarkerCache(directory: $0.directory) }
    }

    /// The base's markers for `names`, or nil (scan).
    func base(_ names: [String]) -> Markers? {
        if baseNames == names { return baseMarkers }
        baseMarkers = keys.base.flatMap { cache?.load($0, names: names) }
        baseNames = names
        return baseMarkers
    }

    /// The head's markers for `names`, or nil (scan): the base's with the change applied when the base's are
    /// cached (a change that touches no marker shares the base's, so the sides compare at once), else the
    /// head tree's file.
    func head(_ names: [String]) -> Markers? {
        if changeSet.missingBase == nil, let markers = base(names) {
            return Workspace.markers(markers, changedAt: changeSet.touchedPaths, in: changeSet.head.table, names: names)
        }
        guard let tree = keys.head, let cache else { return nil }
        let hit = cache.load(tree, names: names)
        (headNames, headFound) = (names, hit != nil)
        return hit
    }

    /// Caches the base's files when they were scanned, and the head's under `headTree` (a commit's tree, or
    /// the tree the index would commit) when the cache has none: the next run starts from them.
    func store(base: Workspace, head: Workspace, headTree: ObjectID?) {
        guard let cache else { return }
        let baseNames = base.configuration.workspace.markers
        if let tree = keys.base, self.base(baseNames) == nil {
            let written = cache.store(base.markers, tree: tree, names: baseNames)
            Trace.mark("marker cache write base \(tree.short)\(written ? "" : ": failed, ignored")")
        }
        let headNames = head.configuration.workspace.markers
        guard let tree = headTree, tree != keys.base else { return }
        // A file read this run is known sound or not; one not read is taken as there (a bad one is rewritten
        // by the run that reads it and misses).
        let read = tree == keys.head && self.headNames == headNames ? headFound : nil
        if read ?? (access(cache.file(for: tree), F_OK) == 0) { return }
        let written = cache.store(head.markers, tree: tree, names: headNames)
        Trace.mark("marker cache write head \(tree.short)\(written ? "" : ": failed, ignored")")
    }
}
