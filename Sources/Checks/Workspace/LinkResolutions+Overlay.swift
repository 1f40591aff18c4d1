/// Another snapshot's resolutions read in place, with the links a change moved walked again: the links of
/// `under` named in `hidden` are not read, and `changed` holds the links walked here.
struct Overlay {
    let under: LinkResolutions
    /// Links walked again or new here.
    let changed: [RepoPath: LinkResolution]
    /// Links of `under` that are read from `changed` or are no link here.
    let hidden: Set<RepoPath>
    /// The number of links here.
    let count: Int
    /// The readers of `changed`'s hops, by path, in link order.
    private let hops: [RepoPath: [MappedGraphFile.Reader]]

    /// `under` with `changed` laid over it and `hidden` links dropped; `count` is the number of links here.
    init(under: LinkResolutions, changed: [RepoPath: LinkResolution], hidden: Set<RepoPath>, count: Int) {
        self.under = under
        self.changed = changed
        self.hidden = hidden
        self.count = count
        var hops: [RepoPath: [MappedGraphFile.Reader]] = [:]
        for link in changed.keys.sorted() {
            guard let resolution = changed[link] else { continue }
            for (i, hop) in resolution.hops.enumerated() {
                hops[hop, default: []].append((link, resolution.endsAtDirectory(i)))
            }
        }
        self.hops = hops
    }

    /// Every resolution: `under`'s, less the hidden links, with the changed ones.
    func merged() -> [RepoPath: LinkResolution] {
        var result = under.all
        for link in hidden { result[link] = nil }
        result.merge(changed) { _, new in new }
        return result
    }

    /// The resolution of `link` here, or nil when it is no link here.
    func resolution(of link: RepoPath) -> LinkResolution? {
        if let walked = changed[link] { return walked }
        return hidden.contains(link) ? nil : under.resolution(of: link)
    }

    /// The readers of `path`: `under`'s not hidden and the changed links', merged in link order.
    func readers(at path: RepoPath) -> [MappedGraphFile.Reader]? {
        guard let kept = under.readers(at: path)?.filter({ !hidden.contains($0.link) }) else { return nil }
        guard let added = hops[path], !added.isEmpty else { return kept }
        var result: [MappedGraphFile.Reader] = []
        result.reserveCapacity(kept.count + added.count)
        var (i, j) = (0, 0)
        // Each list holds every reader of one link together, in walk order; no link is in both.
        while i < kept.count || j < added.count {
            if j == added.count || (i < kept.count && kept[i].link < added[j].link) {
                result.append(kept[i])
                i += 1
            } else {
                result.append(added[j])
                j += 1
            }
        }
        return result
    }

    /// The readers of every path strictly below `dir`, in path order and link order within a path.
    func readers(below dir: RepoPath) -> [(path: RepoPath, reader: MappedGraphFile.Reader)]? {
        guard let kept = under.readers(below: dir)?.filter({ !hidden.contains($0.reader.link) }) else { return nil }
        var added: [(path: RepoPath, reader: MappedGraphFile.Reader)] = []
        for (path, readers) in hops where path.isInside(dir) && path != dir {
            added += readers.map { (path, $0) }
        }
        if added.isEmpty { return kept }
        // Sorted by path and link; the offset keeps one link's readers of one path in walk order.
        return (kept + added).enumerated().sorted {
            ($0.element.path, $0.element.reader.link, $0.offset) < ($1.element.path, $1.element.reader.link, $1.offset)
        }.map(\.element)
    }
}

extension LinkResolutions {
    /// The links whose walks a change at `paths` (changed paths and the directories above them) can move:
    /// a link at one of them, or one that read one of them or a path below as a hop. Nil unless read in place.
    func touchedLinks(_ paths: [RepoPath]) -> Set<RepoPath>? {
        guard overlay == nil, isInPlace else { return nil }
        var links = Set<RepoPath>()
        for path in paths {
            if resolution(of: path) != nil { links.insert(path) }
            guard let at = readers(at: path), let below = readers(below: path), isInPlace else { return nil }
            for reader in at { links.insert(reader.link) }
            for (_, reader) in below { links.insert(reader.link) }
        }
        return links
    }
}
