/// Why a target is affected.
public struct Reason: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case changedFile = "changed-file"
        case linkTarget = "link-target"
        case input
        case dependency
        case globalInput = "global-input"
        case submodule
        case targetAdded = "target-added"
        case targetRemoved = "target-removed"
        case missingBase = "missing-base"
        /// A file of the target imports the changed file, directly or through other files.
        case importFile = "import"
        /// A file of the target imports a distribution whose requirement or locked version changed.
        case requirement
    }

    public let kind: Kind
    /// The changed path (for `dependency`: the path of the target depended on).
    public let path: RepoPath?
    /// The link the change came through (`link-target`, `submodule`).
    public let via: RepoPath?
    /// The glob that matched (`input`, `global-input`); the distribution (`requirement`).
    public let pattern: String?
    /// For `import`: the files from the importing file (`via`) to the changed file (`path`).
    public let chain: [RepoPath]
    /// For `import`: the module each hop of `chain` names (empty for a `conftest.py` a test uses).
    public let modules: [String]

    public init(
        _ kind: Kind, path: RepoPath? = nil, via: RepoPath? = nil, pattern: String? = nil,
        chain: [RepoPath] = [], modules: [String] = []
    ) {
        self.kind = kind
        self.path = path
        self.via = via
        self.pattern = pattern
        self.chain = chain
        self.modules = modules
    }

    /// One line for people: `link-target helpers_root/x.py via a/x.py`.
    public var summary: String {
        switch kind {
        case .dependency: return "dependency \(Target.id(of: path ?? .root))"
        case .missingBase, .targetAdded, .targetRemoved: return kind.rawValue
        default:
            // Descriptions appended as strings: interpolating a path makes the runtime look up the conformances
            // printing might use (a scan of every conformance record the first time).
            var s = kind.rawValue
            if let path { s += " " + path.description }
            if let via { s += " via " + via.description }
            if let pattern { s += " (" + pattern + ")" }
            return s
        }
    }
}

/// A target the change affects, and every reason.
public struct AffectedTarget: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable { case present, added, removed }
    public let target: Target
    public let status: Status
    public let reasons: [Reason]
}

/// The affected set of a change set: targets with a changed input in the base or head graph, plus
/// their transitive dependents.
public final class Affected {
    public let changeSet: ChangeSet
    public let base: DependencyGraph
    public let head: DependencyGraph
    /// Which dependents count: importers (transitively or directly) and declared dependents, or none.
    public let dependents: Dependents
    /// The import graphs of both sides, when import inference ran (it runs only when dependents are asked
    /// for, `[python] infer-imports` is on, and a changed path can be imported).
    public private(set) var imports: (base: ImportGraph, head: ImportGraph)?
    /// The affected targets, sorted by id (the root `//` first).
    public private(set) var targets: [AffectedTarget] = []
    /// Warnings met on the way (a base configuration that no longer parses).
    public private(set) var warnings: [String] = []

    /// The tree the head is cached under with a graph cache: a commit's, or the one the index would commit
    /// (computed once, as hashing the index's changed directories is work that grows with the change).
    private(set) var headTree: ObjectID?
    /// Each affected target's reasons, in the order found.
    private var reasons: [RepoPath: Reasons] = [:]
    /// The changed Python files' import scans, begun once the head's configuration is known, until the head's
    /// import graph takes them or turns out not to need them.
    var prescan: ImportScans.Started?

    /// Computes the affected set with the repository's graph cache (none when `PREFLIGHT_CACHE=0`).
    /// Throws for a bad head configuration (exit 2) or missing objects (exit 3).
    public convenience init(
        _ changeSet: ChangeSet, dependents: Dependents = .transitive, scanAhead: Bool = true
    ) throws(WorkspaceError) {
        try self.init(
            changeSet, graphCache: GraphCache.of(commonDir: changeSet.history.commonDir),
            dependents: dependents, scanAhead: scanAhead)
    }

    /// Computes the affected set. With a `graphCache`, the link resolutions of a side that is a commit's
    /// tree are read from it when there and written to it when not, and the other side re-walks only
    /// the links the change can have moved. The result is the same with or without the cache.
    ///
    /// `scanAhead`: the changed Python files' imports are scanned on a helper while the graphs are built, when
    /// import inference will scan them (`startImportScan`); false when the caller reads those files on a helper
    /// already (`check`'s conflict markers), so the two do not compete for the cores.
    public init(
        _ changeSet: ChangeSet, graphCache: GraphCache?, dependents: Dependents = .transitive, scanAhead: Bool = true
    ) throws(WorkspaceError) {
        self.changeSet = changeSet
        self.dependents = dependents
        let keys = graphCache == nil ? GraphKeys() : GraphKeys(changeSet)
        let markers = KnownMarkers(changeSet, keys: keys, cache: graphCache)
        let headWorkspace = try Workspace(changeSet.head, knownMarkers: markers.head)
        Trace.mark("head workspace (\(headWorkspace.targetCount) targets)")
        if scanAhead {
            prescan = Affected.startImportScan(
                changeSet, head: headWorkspace, dependents: dependents, headTree: keys.head, cache: graphCache)
        }
        var notes: [String] = []
        var baseWorkspace = try Affected.baseWorkspace(changeSet, headWorkspace, markers, &notes)
        Trace.mark("base workspace (\(baseWorkspace.targetCount) targets)")

        let cached = Affected.cached(keys, graphCache)
        let graphs = try Affected.graphs(changeSet, &baseWorkspace, headWorkspace, keys, cached, &notes)
        base = graphs.base
        head = graphs.head
        warnings = notes
        if let graphCache {
            let headTree = keys.head ?? GraphKeys.indexTree(changeSet)
            self.headTree = headTree
            markers.store(base: baseWorkspace, head: headWorkspace, headTree: headTree)
            store(in: graphCache, keys: keys, cached: cached, headTree: headTree)
        }
        try compute(graphCache)
        try base.checkSound()
        try head.checkSound()
        Trace.mark("affected (\(targets.count) targets)")
    }

    /// What the graph cache held: the base tree's entry, or else (only then looked up) the head tree's links.
    private typealias Cached = (
        baseEntry: (file: MappedGraphFile, fullTree: ObjectID)?, base: MappedGraphFile?, head: MappedGraphFile?
    )

    /// The base side's workspace; a base configuration that no longer parses is a note and the head's rules.
    private static func baseWorkspace(
        _ changeSet: ChangeSet, _ headWorkspace: Workspace, _ markers: KnownMarkers, _ notes: inout [String]
    ) throws(WorkspaceError) -> Workspace {
        // A `preflight.toml` the change does not touch has the head's bytes: the head's configuration, not read
        // and parsed again.
        let untouched = changeSet.missingBase == nil && !changeSet.touchedPaths.contains(Workspace.configFile)
        do {
            return try Workspace(
                changeSet.base, configuration: untouched ? headWorkspace.configuration : nil,
                knownMarkers: markers.base, like: headWorkspace)
        } catch .configuration(let error) {
            notes.append("base configuration ignored, the head configuration rules: \(error)")
            return try Workspace(changeSet.base, configuration: headWorkspace.configuration, like: headWorkspace)
        }
    }

    /// Reads the base's graph from the cache, and the head's when the base's is not there.
    private static func cached(_ keys: GraphKeys, _ graphCache: GraphCache?) -> Cached {
        let baseEntry = keys.base.flatMap { graphCache?.entry($0) }
        let cachedBase = baseEntry?.file
        let cachedHead = cachedBase == nil ? keys.head.flatMap { graphCache?.entry($0)?.file } : nil
        if cachedBase != nil, let tree = keys.base {
            Trace.mark("graph cache hit (base \(tree.short))")
        } else if cachedHead != nil, let tree = keys.head {
            Trace.mark("graph cache hit (head \(tree.short))")
        } else if keys.base != nil || keys.head != nil {
            Trace.mark("graph cache miss")
        }
        return (baseEntry, cachedBase, cachedHead)
    }

    /// Builds both sides' graphs, the one the cache (or the change) favours first and the other from it.
    private static func graphs(
        _ changeSet: ChangeSet, _ baseWorkspace: inout Workspace, _ headWorkspace: Workspace,
        _ keys: GraphKeys, _ cached: Cached, _ notes: inout [String]
    ) throws(WorkspaceError) -> (base: DependencyGraph, head: DependencyGraph) {
        let cache = LinkTextCache()
        let touched = changeSet.touchedPaths
        let contentOnly = Set(
            changeSet.changes.lazy.filter {
                $0.kind == .modified && $0.oldMode == $0.newMode
                    && ($0.newMode == .regular || $0.newMode == .executable)
            }.map(\.path))
        if let cachedHead = cached.head {
            // Only the head is cached (a range whose head was seen before): head first, the base from it.
            let cachedLinks = LinkResolutions(file: cachedHead, snapshot: changeSet.head, texts: cache)
            let head = try DependencyGraph(headWorkspace, cache: cache, links: cachedLinks, changedPaths: [])
            Trace.mark("head graph (\(head.links.count) links, \(head.walkedLinks) walked)")
            let base = try Affected.baseGraph(
                changeSet, &baseWorkspace, headWorkspace, cache, head.links, touched,
                &notes, contentOnly: contentOnly, previousGraph: head)
            Trace.mark("base graph (\(base.walkedLinks) walked)")
            return (base, head)
        } else if keys.base != nil {
            // The base is a commit's tree: build it (from the cache when there), then the head from it.
            let cachedLinks = cached.base.map { LinkResolutions(file: $0, snapshot: changeSet.base, texts: cache) }
            let base = try Affected.baseGraph(changeSet, &baseWorkspace, headWorkspace, cache, cachedLinks, [], &notes)
            Trace.mark("base graph (\(base.links.count) links, \(base.walkedLinks) walked)")
            let head = try DependencyGraph(
                headWorkspace, cache: cache,
                links: base.links,
                changedPaths: touched, contentOnly: contentOnly, previousGraph: base)
            Trace.mark("head graph (\(head.walkedLinks) walked)")
            return (base, head)
        } else {
            // No cached or cacheable base (no cache, the empty tree of --all): head first, the base from it.
            let head = try DependencyGraph(headWorkspace, cache: cache, previous: nil, changedPaths: [])
            Trace.mark("head graph (\(head.links.count) links)")
            let base = try Affected.baseGraph(
                changeSet, &baseWorkspace, headWorkspace, cache, head.links, touched,
                &notes, contentOnly: contentOnly, previousGraph: head)
            Trace.mark("base graph (\(base.walkedLinks) walked)")
            return (base, head)
        }
    }

    /// Writes to the cache the graphs it did not hold: the base's whole, the head's whole or as an alias.
    private func store(in graphCache: GraphCache, keys: GraphKeys, cached: Cached, headTree: ObjectID?) {
        // The tree whose full file holds the base's resolutions, once there is one.
        var fullBase = cached.baseEntry?.fullTree
        if let cachedBase = cached.base,
            base.walkedLinks > 0 || base.links.count != cachedBase.count(.links) || base.recoveredFromDamage
        {
            fullBase = nil
        }
        // A base file that is missing, bad or an alias of a file gone: (re)written whole.
        if let tree = keys.base, cached.base == nil || base.recoveredFromDamage {
            let written = graphCache.store(base.resolutions, tree: tree)
            if written { fullBase = tree }
            Trace.mark("graph cache write base \(tree.short)\(written ? "" : ": failed, ignored")")
        }
        if cached.head == nil, let tree = headTree, tree != keys.base,
            !graphCache.has(tree)
        {
            // No link moved: the head resolves as the base, so an alias of the base's file says it all.
            if head.sameLinksAsPrevious, let fullBase, fullBase != tree {
                let written = graphCache.storeAlias(tree, of: fullBase)
                Trace.mark(
                    "graph cache write head \(tree.short) as alias of \(fullBase.short)"
                        + (written ? "" : ": failed, ignored"))
            } else {
                let written = graphCache.store(head.resolutions, tree: tree)
                Trace.mark("graph cache write head \(tree.short)\(written ? "" : ": failed, ignored")")
            }
        }
    }

    /// The base graph; when the base configuration's graph fails (a cycle, an unknown dep), the head
    /// configuration's, with a warning.
    private static func baseGraph(
        _ changeSet: ChangeSet, _ workspace: inout Workspace, _ headWorkspace: Workspace,
        _ cache: LinkTextCache, _ previous: LinkResolutions?,
        _ changed: [RepoPath], _ notes: inout [String], contentOnly: Set<RepoPath> = [],
        previousGraph: DependencyGraph? = nil
    ) throws(WorkspaceError) -> DependencyGraph {
        do {
            return try DependencyGraph(
                workspace, cache: cache, links: previous, changedPaths: changed, contentOnly: contentOnly,
                previousGraph: previousGraph)
        } catch .snapshot(let e) {
            throw .snapshot(e)
        } catch {
            notes.append("base dependency graph ignored: \(error)")
            workspace = try Workspace(changeSet.base, configuration: headWorkspace.configuration)
            return try DependencyGraph(
                workspace, cache: cache, links: previous, changedPaths: changed, contentOnly: contentOnly,
                previousGraph: previousGraph)
        }
    }

    /// Records a warning once (the base side's `pants.toml` read by two steps gives one).
    func warn(_ warning: String) {
        if !warnings.contains(warning) { warnings.append(warning) }
    }

    /// `read` on the base side; a base `pants.toml` that no longer parses is a warning and the head's rules,
    /// as for the base's `preflight.toml`.
    func baseOrHead<T>(_ read: (Workspace) throws(WorkspaceError) -> T) throws(WorkspaceError) -> T {
        do {
            return try read(base.workspace)
        } catch .configuration(let error) {
            warn("base \(error.file) ignored, the head's rules: \(error)")
            return try read(head.workspace)
        }
    }

    /// True when the target with this path is affected.
    public func isAffected(_ path: RepoPath) -> Bool { reasons[path] != nil }

    /// The links whose inputs a touched path reached on either side (each link of
    /// `linkInputs(touchedBy:)` of every path of `changeSet.touchedPaths`, base and head), read back from the
    /// link-target reasons; nil when no path was looked up (a change without its base).
    public var linksReachedByTouchedPaths: Set<RepoPath>? {
        guard changeSet.missingBase == nil else { return nil }
        // A bumped submodule's link-target reasons name paths inside it: no touched path is there.
        let gitlinks = changeSet.changes.filter { $0.oldMode == .gitlink || $0.newMode == .gitlink }.map(\.path)
        var links = Set<RepoPath>()
        for target in targets {
            for reason in target.reasons where reason.kind == .linkTarget {
                guard let link = reason.via, let path = reason.path else { continue }
                if gitlinks.isEmpty || !gitlinks.contains(where: { path.isBelow($0) }) { links.insert(link) }
            }
        }
        return links
    }

    func add(_ target: RepoPath, _ reason: Reason) { reasons[target, default: Reasons()].insert(reason) }

    private func compute(_ graphCache: GraphCache?) throws(WorkspaceError) {
        let baseTargets = base.workspace.target(at:)
        let headTargets = head.workspace.target(at:)

        if changeSet.missingBase != nil {
            for t in head.workspace.targets { add(t.path, Reason(.missingBase)) }
        } else {
            let declaring = [base, head].map { graph in graph.workspace.declaredTargets.filter { !$0.inputs.isEmpty } }
            for graph in [base, head] { graph.expectLinkLookups(changeSet.touchedPaths.count) }
            // Twin workspaces whose graphs hold one set of links give both sides the same reasons for a path:
            // the head's would all be the base's again.
            let sidesAgree =
                base.workspace.isTwin(of: head.workspace) && (head.sameLinksAsPrevious || base.sameLinksAsPrevious)
            for path in changeSet.touchedPaths {
                collect(path, in: base, declaring: declaring[0])
                if !sidesAgree { collect(path, in: head, declaring: declaring[1]) }
            }
            Trace.mark("owners and link inputs (\(changeSet.touchedPaths.count) paths)")
            for change in changeSet.changes where change.oldMode == .gitlink || change.newMode == .gitlink {
                collectSubmodule(change)
            }
            if !head.workspace.hasTargetPaths(of: base.workspace) {
                for t in head.workspace.targets where baseTargets(t.path) == nil { add(t.path, Reason(.targetAdded)) }
                for t in base.workspace.targets where headTargets(t.path) == nil {
                    add(t.path, Reason(.targetRemoved))
                }
            }
            // Under --all every file is a change, so every target is affected by its own files already:
            // import inference could only add reasons, at the cost of the whole repository's import graph.
            if dependents != .none && changeSet.source != .all { imports = try collectImports(graphCache) }
            // Scans no graph took (a head read from the cache) stop here; their helpers are joined.
            prescan = nil
        }
        if dependents != .none { propagateToDependents() }

        targets = reasons.keys.sorted().map { path in
            let status: AffectedTarget.Status =
                headTargets(path) == nil
                ? .removed
                : (baseTargets(path) == nil && changeSet.missingBase == nil
                    ? .added : .present)
            let target = headTargets(path) ?? baseTargets(path)!
            return AffectedTarget(target: target, status: status, reasons: reasons[path]!.list)
        }
    }

    /// Reasons a change at `path` gives on one side. The path belongs to its owner there whether or not
    /// the side has it (ownership by namespace: a new marker below a target also affects that target).
    /// `declaring`: the graph's targets that declare input globs.
    private func collect(_ path: RepoPath, in graph: DependencyGraph, declaring: [Target]) {
        let workspace = graph.workspace
        add(workspace.owner(of: path).path, Reason(.changedFile, path: path))
        for (input, _) in graph.linkInputs(touchedBy: path) {
            add(input.target, Reason(.linkTarget, path: path, via: input.link))
        }
        for target in declaring {
            if let glob = target.inputs.first(where: { $0.matches(path) }) {
                add(target.path, Reason(.input, path: path, pattern: glob.pattern))
            }
        }
        if let glob = graph.globalInputs.first(where: { $0.matches(path) }) {
            for target in workspace.targets {
                add(target.path, Reason(.globalInput, path: path, pattern: glob.pattern))
            }
        }
    }

    /// A gitlink change: the dirs whose links resolve into changed submodule paths (when the submodule's
    /// objects are here), otherwise every dir linking into the submodule.
    private func collectSubmodule(_ change: Change) {
        let gitlink = change.path
        let inner = Submodules.changedPaths(in: changeSet, gitlink: gitlink, from: change.oldID, to: change.newID)
        for graph in [base, head] {
            if let inner {
                for path in inner {
                    for (input, _) in graph.linkInputs(touchedBy: path) {
                        add(input.target, Reason(.linkTarget, path: path, via: input.link))
                    }
                }
            } else {
                for (_, input) in graph.linkInputs(inside: gitlink) {
                    add(input.target, Reason(.submodule, path: gitlink, via: input.link))
                }
            }
        }
    }

    private func propagateToDependents() {
        var queue = Array(reasons.keys.sorted())
        while !queue.isEmpty {
            let dep = queue.removeFirst()
            var users = Set(base.dependents[dep] ?? [])
            users.formUnion(head.dependents[dep] ?? [])
            for user in users.sorted() {
                let isNew = reasons[user] == nil
                add(user, Reason(.dependency, path: dep))
                if isNew { queue.append(user) }
            }
        }
    }
}
