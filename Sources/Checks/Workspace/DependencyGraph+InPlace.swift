/// Link inputs answered from a graph cache file read in place: the readers of a path and of the
/// directories above it, decoded for the one path asked about.
extension DependencyGraph {
    /// The target that owns `link` in this graph's workspace.
    func owner(_ link: RepoPath) -> RepoPath { workspace.owner(of: link).path }

    /// The input a reader of the file names.
    func input(_ reader: MappedGraphFile.Reader) -> LinkInput {
        LinkInput(target: owner(reader.link), link: reader.link, isDirectory: reader.isDirectory)
    }

    /// `linkInputs(touchedBy:)` from the file, in the index's order; nil unless the resolutions are read in
    /// place (or the file was found damaged on the way: the caller then answers from the links walked again).
    func inPlaceInputs(touchedBy path: RepoPath) -> [(input: LinkInput, at: RepoPath)]? {
        guard links.isInPlace, let exact = links.readers(at: path), let above = directoryInputs(above: path) else {
            return nil
        }
        if exact.isEmpty { return above }
        return exact.map { (input($0), path) } + above
    }

    /// The directory inputs at each directory above `path`, nearest first. The directories the last path had
    /// above it and this one has too are not looked up again.
    private func directoryInputs(above path: RepoPath) -> [(input: LinkInput, at: RepoPath)]? {
        let slash = UInt8(ascii: "/")
        let bytes = path.bytes
        var kept = lastChain.dirs.count
        while kept > 0 && !path.isBelow(lastChain.dirs[kept - 1].dir) { kept -= 1 }
        let depth = bytes.reduce(0) { $1 == slash ? $0 + 1 : $0 }
        if kept == depth && kept == lastChain.dirs.count { return lastChain.above }
        lastChain.dirs.removeLast(lastChain.dirs.count - kept)
        var end = kept == 0 ? 0 : lastChain.dirs[kept - 1].dir.bytes.count + 1
        while end < bytes.count {
            if bytes[end] == slash {
                let dir = RepoPath(trusted: Array(bytes[..<end]))
                guard let readers = links.readers(at: dir) else {
                    lastChain = ([], [])
                    return nil
                }
                lastChain.dirs.append((dir, readers.filter(\.isDirectory).map { (input($0), dir) }))
            }
            end += 1
        }
        lastChain.above = lastChain.dirs.reversed().flatMap(\.inputs)
        return lastChain.above
    }

    /// `previous` with the links of `candidates` walked again where they are links here and did not stay as
    /// there (`isStable`), and dropped where they are no links here: `addLinks`'s answer for the links a
    /// change can have moved, the others left in the file. Returns the resolutions and the links walked.
    static func overlay(
        _ previous: LinkResolutions, walking candidates: Set<RepoPath>, table: EntryTable, count: Int,
        resolver: LinkResolver, isStable: (LinkResolution) -> Bool
    ) throws(WorkspaceError) -> (LinkResolutions, Int) {
        var changed: [RepoPath: LinkResolution] = [:]
        var hidden = Set<RepoPath>()
        for link in candidates.sorted() {
            let was = previous.resolution(of: link)
            guard table.entry(at: link)?.mode == .symlink else {
                if was != nil { hidden.insert(link) }
                continue
            }
            if let was, isStable(was) { continue }
            do {
                changed[link] = try resolver.resolve(link)
            } catch {
                throw .snapshot(error)
            }
            hidden.insert(link)
        }
        let overlay = Overlay(under: previous, changed: changed, hidden: hidden, count: count)
        return (LinkResolutions(overlay), changed.count)
    }

    /// The resolution of `link`, or nil when it is no link here: read alone from a cached file.
    public func resolution(of link: RepoPath) -> LinkResolution? { links.resolution(of: link) }

    /// True when the graph's resolutions were read from a cache file that proved damaged and walked again.
    var recoveredFromDamage: Bool { links.recovered }

    /// Throws when a cached file proved damaged and walking the links again failed: no answer stands.
    public func checkSound() throws(WorkspaceError) {
        if let failure = links.failure { throw .snapshot(failure) }
    }
}
