/// A path some target reads through a link: the link's resolved target or a hop on the way.
public struct LinkInput: Sendable, Hashable {
    /// The target that holds the link.
    public let target: RepoPath
    /// The link in that target.
    public let link: RepoPath
    /// True when the input is a directory: every path below it counts.
    public let isDirectory: Bool
}

/// The inputs and dependency edges of one workspace: own files, link targets, declared inputs, deps.
public final class DependencyGraph {
    public let workspace: Workspace
    /// Link inputs keyed by the path they read (a file, a directory, or a hop), built from the resolutions
    /// when first needed (a few lookups scan the resolutions instead: `linkInputs(touchedBy:)`).
    public var linkInputs: [RepoPath: [LinkInput]] { index.inputs(self) }
    /// The link inputs' index, shared with the previous graph when every link resolves as there.
    private var index = LinkIndex()
    /// Lookups answered by a scan so far: past `scanLimit`, the index is built and used instead.
    private var scans = 0
    private static let scanLimit = 16
    /// The directories above the last path looked up in place, top down, with the directory inputs at each,
    /// and all of those nearest first: the next path of a change, listed in path order, shares most of them.
    var lastChain:
        (dirs: [(dir: RepoPath, inputs: [(input: LinkInput, at: RepoPath)])], above: [(LinkInput, RepoPath)]) =
            ([], [])
    /// Targets keyed by the targets that declare them as deps: who depends on whom.
    public private(set) var dependents: [RepoPath: [RepoPath]] = [:]
    /// Global input globs: a change there affects every target.
    public let globalInputs: [Glob]
    /// Every link's resolution, by link path (a graph read from the cache decodes its whole file for this).
    public var resolutions: [RepoPath: LinkResolution] { links.all }
    /// The resolutions as held: a dictionary, or the graph cache file read in place.
    private(set) var links = LinkResolutions([:])

    /// Links walked while building (the rest were reused from the other side or a cache).
    public private(set) var walkedLinks = 0
    /// True when the resolutions and link inputs were taken whole from the previous graph (no link moved).
    public private(set) var sameLinksAsPrevious = false

    /// Builds the graph; declared deps must name targets and must not form a cycle (exit 2).
    ///
    /// With `other` (the graph of the other side of a change) and the change's paths, a link whose walk
    /// touched none of those paths or their directories resolves as it did there, and is not walked again.
    public convenience init(
        _ workspace: Workspace, cache: LinkTextCache, reusing other: DependencyGraph? = nil,
        changedPaths: [RepoPath] = []
    ) throws(WorkspaceError) {
        try self.init(workspace, cache: cache, links: other?.links, changedPaths: changedPaths, previousGraph: other)
    }

    /// Builds the graph from `previous` resolutions: see `init(_:cache:links:changedPaths:contentOnly:previousGraph:)`.
    public convenience init(
        _ workspace: Workspace, cache: LinkTextCache, previous: [RepoPath: LinkResolution]?,
        changedPaths: [RepoPath], contentOnly: Set<RepoPath> = [], previousGraph: DependencyGraph? = nil
    ) throws(WorkspaceError) {
        try self.init(
            workspace, cache: cache, links: previous.map(LinkResolutions.init), changedPaths: changedPaths,
            contentOnly: contentOnly, previousGraph: previousGraph)
    }

    /// Builds the graph from `previous` resolutions: those of another snapshot that differs from this one
    /// by `changedPaths` (none for a cached graph of this very tree). A link missing from `previous`, or
    /// whose walk touched a changed path or a directory above one, is walked again. With `previousGraph`
    /// (the graph `previous` comes from), when no link changed, none needs a walk and the targets are the
    /// same, its link inputs are taken as they are.
    ///
    /// `contentOnly`: changed paths whose change only rewrote a regular file's bytes (same path, same mode).
    /// A link's walk reads paths and their types, never a file's bytes, so these move no link.
    init(
        _ workspace: Workspace, cache: LinkTextCache, links previous: LinkResolutions?,
        changedPaths: [RepoPath], contentOnly: Set<RepoPath> = [], previousGraph: DependencyGraph? = nil
    ) throws(WorkspaceError) {
        self.workspace = workspace
        var globs: [Glob] = []
        for pattern in workspace.configuration.workspace.globalInputs {
            do {
                globs.append(try Glob(pattern))
            } catch {
                throw .configuration(
                    ConfigurationError(
                        file: "preflight.toml", line: nil,
                        key: "workspace.global-inputs",
                        message: "bad glob '\(pattern)': \(error)"))
            }
        }
        globalInputs = globs

        let resolver = LinkResolver(workspace.snapshot, cache: cache)
        let table = workspace.snapshot.table
        // With nothing to start from, the links are found by a scan; otherwise counted, and listed only if walked.
        let scanned: [RepoPath]?
        let linkCount: Int
        if let previous {
            scanned = nil
            let moved = changedPaths.filter { !contentOnly.contains($0) }
            linkCount = DependencyGraph.linkCount(table, previous: previous, changedPaths: moved)
        } else {
            let all = DependencyGraph.links(table, previous: nil, changedPaths: [])
            scanned = all
            linkCount = all.count
        }
        var unstable = Set<RepoPath>()
        if previous != nil && linkCount > 0 {
            for path in changedPaths where !contentOnly.contains(path) {
                unstable.insert(path)
                unstable.formUnion(path.ancestors.dropLast())  // every path lies below the root: skip it
            }
        }
        let unstableList = Array(unstable)
        if let other = previousGraph, other.links.count == linkCount,
            DependencyGraph.sameLinksAndTargets(workspace, other.workspace, changedPaths, contentOnly),
            !other.links.anyTouched(unstable, unstableList)
        {
            links = other.links
            index = other.index
            sameLinksAsPrevious = true
        } else if let previous, changedPaths.isEmpty {
            // The cached resolutions of this very tree: every link, nothing to walk.
            links = previous
        } else if let previous, let touched = previous.touchedLinks(unstableList) {
            // Read in place: the links the change can have moved are walked again over the file's.
            let moved = Set(changedPaths).union(touched)
            (links, walkedLinks) = try DependencyGraph.overlay(
                previous, walking: moved, table: table, count: linkCount, resolver: resolver,
                isStable: { !DependencyGraph.touches($0, unstable, unstableList) })
        } else {
            let all = previous?.all
            let links = scanned ?? DependencyGraph.links(table, previous: all, changedPaths: changedPaths)
            try addLinks(links, previous: all, unstable: unstable, unstableList: unstableList, resolver: resolver)
        }

        // Only the root and declared targets have deps: bare runnable dirs are never made for this.
        for target in workspace.declaredTargets {
            for dep in target.deps {
                guard workspace.target(at: dep) != nil else {
                    throw .unknownDependency(target: target.id, dep: Target.id(of: dep))
                }
                dependents[dep, default: []].append(target.path)
            }
        }
        if let cycle = findCycle() { throw .cycle(cycle) }
    }

    /// How many links `links` would list, without listing them when `previous` is known: its count, less
    /// the changed paths that were links there and are not here, plus those that are links here only.
    private static func linkCount(_ table: EntryTable, previous: LinkResolutions, changedPaths: [RepoPath]) -> Int {
        var count = previous.count
        for path in Set(changedPaths) {
            let was = previous.resolution(of: path) != nil
            let isLink = table.entry(at: path)?.mode == .symlink
            if was && !isLink { count -= 1 }
            if !was && isLink { count += 1 }
        }
        return count
    }

    /// The links of `table`: `previous`'s links (those of a snapshot that differs by `changedPaths`) less the
    /// changed paths, plus the changed paths that are links here, so only a snapshot with nothing to start
    /// from is scanned whole.
    static func links(_ table: EntryTable, previous: [RepoPath: LinkResolution]?, changedPaths: [RepoPath])
        -> [RepoPath]
    {
        guard let previous else {
            var links: [RepoPath] = []
            table.forEachEntry(under: .root) { entry in
                if entry.mode == .symlink { links.append(entry.path) }
                return true
            }
            return links
        }
        var links = Set(previous.keys)
        for path in changedPaths {
            links.remove(path)
            if table.entry(at: path)?.mode == .symlink { links.insert(path) }
        }
        return links.sorted()
    }

    /// True when no changed path is a link on either side and both sides have the same targets: the
    /// links are the same and every link has the same owner. A `contentOnly` path is a file on both sides.
    private static func sameLinksAndTargets(
        _ a: Workspace, _ b: Workspace, _ changedPaths: [RepoPath], _ contentOnly: Set<RepoPath>
    ) -> Bool {
        for path in changedPaths where !contentOnly.contains(path) {
            if a.snapshot.table.entry(at: path)?.mode == .symlink || b.snapshot.table.entry(at: path)?.mode == .symlink
            {
                return false
            }
        }
        return a.hasTargetPaths(of: b)
            || (a.targets.count == b.targets.count && zip(a.targets, b.targets).allSatisfy { $0.path == $1.path })
    }

    /// Resolves (or reuses) every link.
    private func addLinks(
        _ links: [RepoPath], previous: [RepoPath: LinkResolution]?, unstable: Set<RepoPath>,
        unstableList: [RepoPath], resolver: LinkResolver
    ) throws(WorkspaceError) {
        var resolutions: [RepoPath: LinkResolution] = [:]
        resolutions.reserveCapacity(links.count)
        for link in links {
            if let previous = previous?[link], !DependencyGraph.touches(previous, unstable, unstableList) {
                resolutions[link] = previous
                continue
            }
            walkedLinks += 1
            do {
                resolutions[link] = try resolver.resolve(link)
            } catch {
                throw .snapshot(error)
            }
        }
        self.links = LinkResolutions(resolutions)
    }

    /// Every link's inputs, keyed by the path each reads: links in path order, hops in walk order.
    fileprivate func buildInputs() -> [RepoPath: [LinkInput]] {
        var inputs: [RepoPath: [LinkInput]] = [:]
        let resolutions = self.resolutions
        for link in resolutions.keys.sorted() {
            let resolution = resolutions[link]!
            let owner = workspace.owner(of: link).path
            for (i, hop) in resolution.hops.enumerated() {
                inputs[hop, default: []].append(
                    LinkInput(target: owner, link: link, isDirectory: resolution.endsAtDirectory(i)))
            }
        }
        return inputs
    }

    /// True when the walk of `resolution` read the link itself or any path (or directory above one) in `paths`.
    static func touches(_ resolution: LinkResolution, _ paths: Set<RepoPath>) -> Bool {
        touches(resolution, paths, Array(paths))
    }

    /// `touches` with the same paths as a list too: few paths (a commit's) are compared by prefix,
    /// without making a path for every directory of every hop.
    static func touches(_ resolution: LinkResolution, _ paths: Set<RepoPath>, _ list: [RepoPath]) -> Bool {
        if paths.isEmpty { return false }
        if paths.contains(resolution.link) { return true }
        if list.count <= 64 {
            for hop in resolution.hops {
                for p in list where hop.isInside(p) { return true }
            }
            return false
        }
        for hop in resolution.hops {
            if paths.contains(hop) { return true }
            for (i, byte) in hop.bytes.enumerated() where byte == UInt8(ascii: "/") {
                if paths.contains(RepoPath(bytes: Array(hop.bytes[..<i]))) { return true }
            }
        }
        return false
    }

    /// Builds the link inputs' index now when `lookups` calls of `linkInputs(touchedBy:)` are to come, more
    /// than would be answered by scans: those scans would only come before the same index being built.
    public func expectLinkLookups(_ lookups: Int) {
        if links.isInPlace { return }
        if !resolutions.isEmpty && !index.isBuilt && lookups > DependencyGraph.scanLimit - scans { _ = linkInputs }
    }

    /// The link inputs that a change at `path` touches: inputs at the path or at a directory above it.
    public func linkInputs(touchedBy path: RepoPath) -> [(input: LinkInput, at: RepoPath)] {
        if let found = inPlaceInputs(touchedBy: path) { return found }
        if resolutions.isEmpty { return [] }
        if !index.isBuilt && scans < DependencyGraph.scanLimit {
            scans += 1
            return scanInputs(touchedBy: path)
        }
        let linkInputs = self.linkInputs
        var result: [(LinkInput, RepoPath)] = []
        if let exact = linkInputs[path] { result += exact.map { ($0, path) } }
        for dir in path.ancestors where !dir.isRoot {
            if let inputs = linkInputs[dir] {
                result += inputs.filter(\.isDirectory).map { ($0, dir) }
            }
        }
        return result
    }

    /// `linkInputs(touchedBy:)` from the resolutions, without the index: in the index's order (the input at
    /// `path` first, then those at each directory above it, nearest first; links in path order within each).
    func scanInputs(touchedBy path: RepoPath) -> [(input: LinkInput, at: RepoPath)] {
        let ancestors = path.ancestors.filter { !$0.isRoot }
        var found: [(rank: Int, link: RepoPath, input: LinkInput, at: RepoPath)] = []
        for (link, resolution) in resolutions {
            for (i, hop) in resolution.hops.enumerated() {
                let isDirectory = resolution.endsAtDirectory(i)
                let rank: Int
                if hop == path {
                    rank = 0
                } else if isDirectory, path.isInside(hop), let at = ancestors.firstIndex(of: hop) {
                    rank = at + 1
                } else {
                    continue
                }
                let input = LinkInput(target: workspace.owner(of: link).path, link: link, isDirectory: isDirectory)
                found.append((rank, link, input, hop))
            }
        }
        found.sort { ($0.rank, $0.link) < ($1.rank, $1.link) }
        return found.map { ($0.input, $0.at) }
    }

    /// Link inputs that lie inside the submodule at `gitlink`.
    public func linkInputs(inside gitlink: RepoPath) -> [(path: RepoPath, input: LinkInput)] {
        if let below = links.readers(below: gitlink) {
            return below.map { ($0.path, input($0.reader)) }
        }
        return linkInputs.flatMap { path, inputs in
            path.isInside(gitlink) && path != gitlink ? inputs.map { (path, $0) } : []
        }.sorted { $0.path < $1.path }
    }

    /// A dependency cycle among declared deps, as target ids, or nil.
    private func findCycle() -> [String]? {
        var state: [RepoPath: Int] = [:]  // 1 visiting, 2 done
        var stack: [RepoPath] = []
        func visit(_ p: RepoPath) -> [String]? {
            if state[p] == 2 { return nil }
            if state[p] == 1 {
                let start = stack.firstIndex(of: p)!
                return (stack[start...] + [p]).map { Target.id(of: $0) }
            }
            state[p] = 1
            stack.append(p)
            for dep in workspace.target(at: p)?.deps ?? [] {
                if let cycle = visit(dep) { return cycle }
            }
            stack.removeLast()
            state[p] = 2
            return nil
        }
        // A target without deps closes no cycle, and visiting it would only mark it done (only the root and
        // declared targets have deps).
        for target in workspace.declaredTargets where !target.deps.isEmpty {
            if let cycle = visit(target.path) { return cycle }
        }
        return nil
    }
}

/// The link inputs of a graph by the path each reads, built once when asked for; graphs whose links all
/// resolve alike share one.
private final class LinkIndex {
    private var built: [RepoPath: [LinkInput]]?

    var isBuilt: Bool { built != nil }

    func inputs(_ graph: DependencyGraph) -> [RepoPath: [LinkInput]] {
        if let built { return built }
        let made = graph.buildInputs()
        built = made
        return made
    }
}
