/// The targets and configuration of one snapshot, discovered from the snapshot itself.
///
/// Never walks the file system: runnable dirs are found among the snapshot's entries, and
/// `preflight.toml` is read from the same snapshot (a staged config edit is what pre-commit sees).
public final class Workspace {
    public let snapshot: Snapshot
    public let configuration: Configuration
    /// The marker files and the runnable dirs they make, packed.
    public let markers: Markers
    /// The root target and the `[[target]]`s, in path order: every target that is not a bare runnable dir.
    public let declaredTargets: [Target]
    /// `declaredTargets` by path.
    private let declared: [RepoPath: Target]
    /// A workspace with the same targets, whose table this one takes rather than making its own.
    private let twin: Workspace?

    /// The configuration file's name at the repository root.
    public static let configFile = RepoPath("preflight.toml")

    /// Reads the configuration and discovers the targets of `snapshot`.
    /// With `configuration` given, the snapshot's own `preflight.toml` is not read. With `knownMarkers`, the
    /// markers for the configured names come from it when it has them (a cache, or the other side of a
    /// change), and the listing is scanned only when it returns nil. With `like`, another snapshot's workspace,
    /// its targets are taken as they are when this one has the same configuration and marker files, which fix
    /// them (the two sides of a change that touched no marker and no configuration).
    public init(
        _ snapshot: Snapshot, configuration given: Configuration? = nil,
        knownMarkers: ((_ names: [String]) -> Markers?)? = nil, like other: Workspace? = nil
    ) throws(WorkspaceError) {
        self.snapshot = snapshot
        let configuration: Configuration
        if let given { configuration = given } else { configuration = try Workspace.configuration(of: snapshot) }
        self.configuration = configuration
        let names = configuration.workspace.markers
        let markers = knownMarkers?(names) ?? Workspace.markers(in: snapshot.table, names: names)
        if let other, other.configuration == configuration, other.markers == markers {
            self.markers = other.markers
            declaredTargets = other.declaredTargets
            declared = other.declared
            twin = other.twin ?? other
            return
        }
        self.markers = markers
        twin = nil
        var declared: [RepoPath: Target] = [.root: Target(path: .root, kind: .root)]
        for (i, declaration) in configuration.targets.enumerated() {
            let kind: TargetKind = markers.dirs.contains(declaration.path) ? .runnable : .declared
            var globs: [Glob] = []
            for pattern in declaration.inputs {
                do {
                    globs.append(try Glob(pattern))
                } catch {
                    throw .configuration(
                        ConfigurationError(
                            file: "preflight.toml", line: nil, key: "target[\(i)].inputs",
                            message: "bad glob '\(pattern)' in target[\(i)].inputs: \(error)"))
                }
            }
            declared[declaration.path] = Target(
                path: declaration.path, kind: kind, deps: declaration.deps, inputs: globs)
        }
        self.declared = declared
        declaredTargets = declared.values.sorted { $0.path < $1.path }
    }

    /// The configuration of `snapshot`: `--config`'s, else its `preflight.toml`, else the default.
    private static func configuration(of snapshot: Snapshot) throws(WorkspaceError) -> Configuration {
        if let override = try Workspace.override() { return override }
        let parsed = try Workspace.parse(Workspace.configFile, in: snapshot) { bytes throws(ConfigurationError) in
            try Configuration.parse(bytes, file: "preflight.toml")
        }
        return parsed ?? Configuration.default
    }

    /// Every target, sorted by path; the root target comes first. Made on first use: a run that asks only
    /// for a few owners never makes one value per runnable dir.
    public private(set) lazy var targets: [Target] = twin?.targets ?? Workspace.merge(markers.dirs, declaredTargets)

    /// The files named by a `[workspace] markers` name, in path order: each makes its directory a runnable dir.
    public var markerFiles: [RepoPath] { markers.files.paths }

    /// The paths of the runnable targets (found on first use).
    public private(set) lazy var runnableDirs = Set(markers.dirs.paths)

    /// Takes `other`'s runnable dirs when they are surely this one's (the same marker files make the same
    /// runnable dirs), so the two sides of a change find them once.
    func reuseRunnableDirs(of other: Workspace) {
        if markers == other.markers { runnableDirs = other.runnableDirs }
    }

    /// True when `other` surely has a target at exactly the paths this one has: the same runnable dirs and the
    /// same root and declared paths (cheap when both sides share one list of dirs). False says nothing: a
    /// declared target may have become a runnable dir's.
    public func hasTargetPaths(of other: Workspace) -> Bool {
        markers.dirs == other.markers.dirs && declaredTargets.map(\.path) == other.declaredTargets.map(\.path)
    }

    /// True when this workspace and `other` share one table of targets: the same configuration and the same
    /// marker files (`like`), so every path has the same owner and every target the same inputs on both.
    public func isTwin(of other: Workspace) -> Bool { (twin ?? self) === (other.twin ?? other) }

    /// The target at exactly `path`.
    public func target(at path: RepoPath) -> Target? {
        if let target = declared[path] { return target }
        return markers.dirs.contains(path) ? Target(path: path, kind: .runnable) : nil
    }

    /// The target with this id (`//` for the root).
    public func target(id: String) -> Target? {
        id == "//" ? target(at: .root) : target(at: RepoPath(id))
    }

    /// The deepest target containing `path` (the root target when no other does).
    public func owner(of path: RepoPath) -> Target {
        // Files of one directory come one after another (a change's paths, in path order): no lookup at all.
        if let last = lastOwner, path.isDirectlyIn(last.dir) { return last.owner }
        let start = path.parent
        let owner: Target
        if let known = ownerOfDirectory[start] {
            owner = known
        } else {
            owner = walkUp(from: start)
            ownerOfDirectory[start] = owner
        }
        lastOwner = (start, owner)
        return owner
    }

    /// The target at `dir` or the nearest directory above it.
    private func walkUp(from start: RepoPath) -> Target {
        var dir = start
        while true {
            if let t = target(at: dir) { return t }
            if dir.isRoot { return Target(path: .root, kind: .root) }
            dir = dir.parent
        }
    }

    /// Owners found so far, by the directory asked about: files of one directory share one walk.
    private var ownerOfDirectory: [RepoPath: Target] = [:]
    /// The directory the last lookup asked about, and its owner.
    private var lastOwner: (dir: RepoPath, owner: Target)?

    /// The common source for managed links: `[links] common-source`, else `helpers_root` when it exists.
    public var commonSource: RepoPath? {
        if let configured = configuration.links.commonSource { return configured }
        let helpers = RepoPath("helpers_root")
        if snapshot.table.isDirectory(helpers) || snapshot.table.entry(at: helpers)?.mode == .gitlink {
            return helpers
        }
        return nil
    }

    /// The image name from a runnable dir's `repo_config.yaml` (`docker_info.docker_image_name`).
    public func imageName(of target: Target) throws(WorkspaceError) -> String? {
        let path = target.path.appending("repo_config.yaml")
        return try Workspace.parse(path, in: snapshot) { bytes throws(ConfigurationError) in
            try RepoConfig.parse(bytes, file: path.description)
        }?.imageName
    }

    /// The configuration `--config` names, if any, as a workspace error.
    private static func override() throws(WorkspaceError) -> Configuration? {
        do {
            return try ConfigurationOverride.current()
        } catch {
            throw .configuration(error)
        }
    }

    /// Reads `path` from the snapshot and parses it; nil when the snapshot has no file there.
    private static func parse<T>(
        _ path: RepoPath, in snapshot: Snapshot,
        _ parse: ([UInt8]) throws(ConfigurationError) -> T
    ) throws(WorkspaceError) -> T? {
        let bytes: [UInt8]?
        do {
            bytes = try snapshot.bytes(at: path)
        } catch {
            throw .snapshot(error)
        }
        guard let bytes else { return nil }
        do {
            return try parse(bytes)
        } catch {
            throw .configuration(error)
        }
    }
}

/// A workspace could not be loaded: bad configuration (exit 2) or unreadable snapshot (exit 3).
public enum WorkspaceError: Error, CustomStringConvertible, Sendable {
    case configuration(ConfigurationError)
    case snapshot(SnapshotError)
    case cycle([String])
    case unknownDependency(target: String, dep: String)

    public var description: String {
        switch self {
        case .configuration(let e): e.description
        case .snapshot(let e): e.description
        case .cycle(let ids):
            "preflight.toml: dependency cycle: \(ids.joined(separator: " -> ")); remove one of these deps"
        case .unknownDependency(let target, let dep):
            "preflight.toml: target '\(target)' depends on '\(dep)', which is not a target "
                + "(declare it with [[target]] path = \"\(dep)\" or add a runnable_dir marker)"
        }
    }

    /// 2 for configuration problems, 3 when the repository cannot answer.
    public var exitCode: Int32 {
        if case .snapshot = self { return 3 }
        return 2
    }
}
