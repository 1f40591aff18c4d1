/// Where a symlink leads in one snapshot, hop by hop.
public struct LinkResolution: Sendable, Hashable {
    /// How the walk ended.
    public enum Outcome: Sendable, Hashable {
        /// At a file (or a gitlink itself).
        case file
        /// At a directory of the snapshot.
        case directory
        /// Inside the submodule at this gitlink path; its contents are not in this snapshot.
        case submodule(RepoPath)
        /// At a path the snapshot does not have.
        case dangling
        /// Above the repository root.
        case escapes
        /// An absolute link text.
        case absolute
        /// A walk that came back to a path it had already reached: a cycle, which no hop limit would end.
        case loop
        /// More links than the kernel follows in one lookup (`maxHops`, Linux's 40) without a cycle: a chain
        /// too long to open (`ELOOP`), or a link that reaches through itself to ever longer paths.
        case tooManyLinks
        /// Into the git directory (`.git/...`).
        case gitDirectory
    }

    /// The link itself.
    public let link: RepoPath
    /// Every path the walk went through after the link: intermediate links, then the final path.
    public let hops: [RepoPath]
    /// The final resolved path (nil when the link escapes or is absolute).
    public let target: RepoPath?
    public let outcome: Outcome

    /// True when the link leads somewhere that exists (a file, a directory, or into a submodule).
    public var resolves: Bool {
        switch outcome {
        case .file, .directory, .submodule: true
        default: false
        }
    }

    /// True when hop `i` is where the walk ended at a directory: a change below it moves what the link leads to.
    public func endsAtDirectory(_ i: Int) -> Bool { i == hops.count - 1 && outcome == .directory }
}

/// Resolves links within a snapshot: chains, links to directories and links through linked directories.
///
/// Link texts are cached by blob id, so base and head sides share the reads of unchanged links.
public final class LinkResolver {
    public let snapshot: Snapshot
    private let cache: LinkTextCache
    /// The most links one walk follows, the link itself included, as the kernel does (Linux's `MAXSYMLINKS`
    /// is 40; one more is `ELOOP`).
    public static let maxHops = 40

    public init(_ snapshot: Snapshot, cache: LinkTextCache = LinkTextCache()) {
        self.snapshot = snapshot
        self.cache = cache
    }

    /// The text of the link entry at `entry`.
    func text(of entry: SnapshotEntry) throws(SnapshotError) -> [UInt8] {
        if let id = entry.id, let text = cache.texts[id] { return text }
        let text = try snapshot.bytes(of: entry)
        if let id = entry.id { cache.texts[id] = text }
        return text
    }

    /// Follows the link at `link` until it reaches something that is not a link.
    public func resolve(_ link: RepoPath) throws(SnapshotError) -> LinkResolution {
        let table = snapshot.table
        guard let entry = table.entry(at: link), entry.mode == .symlink else {
            return LinkResolution(link: link, hops: [], target: link, outcome: .file)
        }
        var hops: [RepoPath] = []
        var text = try self.text(of: entry)
        var from = link.parent
        var count = 1
        // Every path a walk reaches is resolved the same way each time, so reaching one twice is a cycle.
        var reached: Set<RepoPath> = [link]
        while true {
            // An empty text names no path (the system's readlink follows it nowhere), not its own directory.
            if text.isEmpty { return LinkResolution(link: link, hops: hops, target: nil, outcome: .dangling) }
            if text.first == UInt8(ascii: "/") {
                return LinkResolution(link: link, hops: hops, target: nil, outcome: .absolute)
            }
            guard let path = RepoPath.resolve(linkText: text, from: from) else {
                return LinkResolution(link: link, hops: hops, target: nil, outcome: .escapes)
            }
            if !reached.insert(path).inserted {
                return LinkResolution(link: link, hops: hops + [path], target: nil, outcome: .loop)
            }
            // Walk the components: a link at any prefix is followed with the rest appended.
            let components = path.bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
            if components.first?.elementsEqual(Array(".git".utf8)) == true {
                return LinkResolution(link: link, hops: hops + [path], target: path, outcome: .gitDirectory)
            }
            var prefix = RepoPath.root
            var followed = false
            for (i, component) in components.enumerated() {
                prefix = prefix.appending(Array(component))
                guard let e = table.entry(at: prefix) else { continue }
                if e.mode == .gitlink {
                    let outcome: LinkResolution.Outcome = i == components.count - 1 ? .file : .submodule(prefix)
                    return LinkResolution(link: link, hops: hops + [path], target: path, outcome: outcome)
                }
                if e.mode == .symlink {
                    count += 1
                    hops.append(prefix)
                    if count > LinkResolver.maxHops {
                        return LinkResolution(link: link, hops: hops, target: nil, outcome: .tooManyLinks)
                    }
                    var rest = try self.text(of: e)
                    let remaining = components[(i + 1)...]
                    if !remaining.isEmpty {
                        rest += [UInt8(ascii: "/")] + Array(remaining.joined(separator: [UInt8(ascii: "/")]))
                    }
                    text = rest
                    from = prefix.parent
                    followed = true
                    break
                }
                if i == components.count - 1 {
                    return LinkResolution(link: link, hops: hops + [path], target: path, outcome: .file)
                }
                // A file in the middle of the path: nothing can lie below it.
                return LinkResolution(link: link, hops: hops + [path], target: path, outcome: .dangling)
            }
            if followed { continue }
            let outcome: LinkResolution.Outcome = table.isDirectory(path) ? .directory : .dangling
            return LinkResolution(link: link, hops: hops + [path], target: path, outcome: outcome)
        }
    }
}

/// Link texts by blob id, shared between the snapshots of one command.
public final class LinkTextCache {
    var texts: [ObjectID: [UInt8]] = [:]
    public init() {}
}
