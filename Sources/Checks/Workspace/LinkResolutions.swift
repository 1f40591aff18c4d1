/// A snapshot's link resolutions: a dictionary, or a graph cache file read in place and decoded only where
/// a question reaches, so a change reads the links it can move and no others.
///
/// Or another snapshot's resolutions read so, with the links a change moved walked again (`Overlay`).
/// A file found damaged on the way is thrown away: every link of `snapshot` is walked again, and the
/// answers come from that walk.
final class LinkResolutions {
    private var whole: [RepoPath: LinkResolution]?
    private let file: MappedGraphFile?
    let overlay: Overlay?
    private let snapshot: Snapshot?
    private let texts: LinkTextCache
    private var walkedAgain = false
    private var walkFailure: SnapshotError?

    init(_ whole: [RepoPath: LinkResolution]) {
        self.whole = whole
        file = nil
        overlay = nil
        snapshot = nil
        texts = LinkTextCache()
    }

    /// The resolutions of the file `file`, the cached graph of `snapshot`'s tree.
    init(file: MappedGraphFile, snapshot: Snapshot, texts: LinkTextCache) {
        self.file = file
        overlay = nil
        self.snapshot = snapshot
        self.texts = texts
    }

    /// The resolutions of `overlay`: another snapshot's, with the links a change moved replaced.
    init(_ overlay: Overlay) {
        file = nil
        self.overlay = overlay
        snapshot = nil
        texts = LinkTextCache()
    }

    /// True once a file was found damaged and the links walked again instead.
    var recovered: Bool { walkedAgain || overlay?.under.recovered == true }

    /// The error of that walk, when it failed: no answer may then be given.
    var failure: SnapshotError? { walkFailure ?? overlay?.under.failure }

    /// The file, while answers are read from it.
    private var inPlace: MappedGraphFile? { whole == nil ? file : nil }

    /// The overlay, while answers are read through it from a file.
    private var overlaid: Overlay? {
        guard whole == nil, let overlay, overlay.under.isInPlace else { return nil }
        return overlay
    }

    /// True while answers are read from a file.
    var isInPlace: Bool { inPlace != nil || overlaid != nil }

    /// Every resolution, by link: the whole file decoded on first use.
    var all: [RepoPath: LinkResolution] {
        if let whole { return whole }
        if let overlay {
            let merged = overlay.merged()
            whole = merged
            return merged
        }
        if let decoded = file?.decodeAll() {
            whole = decoded
            return decoded
        }
        return recover()
    }

    /// The number of links.
    var count: Int { inPlace?.count(.links) ?? overlaid?.count ?? all.count }

    /// The resolution of `link`, or nil when it is no link here.
    func resolution(of link: RepoPath) -> LinkResolution? {
        if let overlaid { return overlaid.resolution(of: link) }
        if let file = inPlace, let found = resolution(of: link, in: file), !file.damaged { return found }
        return all[link]
    }

    /// The resolution of `link` read from `file`: `.some(nil)` when it is no link there, nil when unread.
    private func resolution(of link: RepoPath, in file: MappedGraphFile) -> LinkResolution?? {
        guard let index = file.index(of: link) else { return nil }
        guard let index else { return .some(nil) }
        guard let record = file.record(.links, at: index) else { return nil }
        guard let record else { return .some(nil) }
        return file.resolution(record).map { .some($0) }
    }

    /// True when some link's walk read the link itself or a path of `unstable` (changed paths and the
    /// directories above them) or a path below one of those: the links a change can move.
    func anyTouched(_ unstable: Set<RepoPath>, _ list: [RepoPath]) -> Bool {
        if unstable.isEmpty { return false }
        if let file = inPlace {
            let found = touched(in: file, list)
            if let found, !file.damaged { return found }
        }
        return all.values.contains { DependencyGraph.touches($0, unstable, list) }
    }

    /// `anyTouched` from the file's indexes: a link at one of `paths`, or a reader at or below one.
    private func touched(in file: MappedGraphFile, _ paths: [RepoPath]) -> Bool? {
        for path in paths {
            guard let index = file.index(of: path), let below = file.indices(below: path) else { return nil }
            if let index {
                guard let link = file.record(.links, at: index), let reader = file.record(.readers, at: index)
                else { return nil }
                if link != nil || reader != nil { return true }
            }
            guard let first = file.firstRecord(.readers, from: below.lowerBound) else { return nil }
            if first < file.count(.readers) {
                guard let key = file.field(.readers, first, 0) else { return nil }
                if Int(key) < below.upperBound { return true }
            }
        }
        return false
    }

    /// The links whose walks read `path` as a hop, in link order; nil unless read in place.
    func readers(at path: RepoPath) -> [MappedGraphFile.Reader]? {
        if let overlaid { return overlaid.readers(at: path) }
        guard let file = inPlace else { return nil }
        guard let record = file.reader(of: path) else { return nil }
        var found: [MappedGraphFile.Reader] = []
        if let record {
            guard let inputs = file.inputs(ofReader: record) else { return nil }
            found = inputs
        }
        if file.damaged { return nil }
        return found
    }

    /// The readers of every path strictly below `dir`, in path order; nil unless read in place.
    func readers(below dir: RepoPath) -> [(path: RepoPath, reader: MappedGraphFile.Reader)]? {
        if let overlaid { return overlaid.readers(below: dir) }
        guard let file = inPlace, let below = file.indices(below: dir),
            var record = file.firstRecord(.readers, from: below.lowerBound)
        else { return nil }
        var result: [(path: RepoPath, reader: MappedGraphFile.Reader)] = []
        while record < file.count(.readers) {
            guard let key = file.field(.readers, record, 0) else { return nil }
            if Int(key) >= below.upperBound { break }
            guard let pathIndex = file.path(key), let path = pathIndex, let inputs = file.inputs(ofReader: record)
            else { return nil }
            result += inputs.map { (path, $0) }
            record += 1
        }
        return file.damaged ? nil : result
    }

    /// Walks every link of the snapshot again: the file was found damaged.
    private func recover() -> [RepoPath: LinkResolution] {
        walkedAgain = true
        Trace.mark("graph cache file unsound, links walked again")
        var result: [RepoPath: LinkResolution] = [:]
        defer { whole = result }
        guard let snapshot else { return result }
        let links = DependencyGraph.links(snapshot.table, previous: nil, changedPaths: [])
        let resolver = LinkResolver(snapshot, cache: texts)
        do {
            for link in links { result[link] = try resolver.resolve(link) }
        } catch {
            walkFailure = error
        }
        return result
    }
}
