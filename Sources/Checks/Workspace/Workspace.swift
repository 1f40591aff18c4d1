/// The targets and configuration of one snapshot, discovered from the snapshot itself.
///
/// Never walks the file system: runnable dirs are found among the snapshot's entries, and
/// `preflight.toml` is read from the same snapshot (a staged config edit is what pre-commit sees).
public final class Workspace {
    public let snapshot: Snapshot
    public let configuration: Configuration
    /// Every target, sorted by path; the root target comes first.
    public let targets: [Target]
    /// The files named by a `[workspace] markers` name, in path order: each makes its directory a runnable dir.
    public let markerFiles: [RepoPath]
    private let byPath: [RepoPath: Target]

    /// The configuration file's name at the repository root.
    public static let configFile = RepoPath("preflight.toml")

    /// Reads the configuration and discovers the targets of `snapshot`.
    /// With `configuration` given, the snapshot's own `preflight.toml` is not read. With `knownMarkers`, the
    /// marker files for the configured names come from it when it has them (a cache, or the other side of a
    /// change), and the listing is scanned only when it returns nil. With `like`, another snapshot's workspace,
    /// its targets are taken as they are when this one has the same configuration and marker files, which fix
    /// them (the two sides of a change that touched no marker and no configuration).
    public init(
        _ snapshot: Snapshot, configuration given: Configuration? = nil,
        knownMarkers: ((_ names: [String]) -> [RepoPath]?)? = nil, like other: Workspace? = nil
    ) throws(WorkspaceError) {
        self.snapshot = snapshot
        var configuration = Configuration.default
        if let given {
            configuration = given
        } else if let override = try Workspace.override() {
            configuration = override
        } else if let parsed = try Workspace.parse(
            Workspace.configFile, in: snapshot,
            { bytes throws(ConfigurationError) in
                try Configuration.parse(bytes, file: "preflight.toml")
            })
        {
            configuration = parsed
        }
        self.configuration = configuration

        let names = configuration.workspace.markers
        markerFiles = knownMarkers?(names) ?? Workspace.markerFiles(in: snapshot.table, names: names)
        if let other, other.configuration == configuration, other.markerFiles == markerFiles {
            byPath = other.byPath
            targets = other.targets
            return
        }
        var byPath: [RepoPath: Target] = [.root: Target(path: .root, kind: .root)]
        // The paths in the marker files' order, which is almost sorted: sorting them costs about one pass.
        var paths: [RepoPath] = [.root]
        paths.reserveCapacity(markerFiles.count + configuration.targets.count + 1)
        byPath.reserveCapacity(paths.capacity)
        for file in markerFiles {
            let dir = file.parent
            if !dir.isRoot {
                byPath[dir] = Target(path: dir, kind: .runnable)
                paths.append(dir)
            }
        }
        for (i, declaration) in configuration.targets.enumerated() {
            let kind: TargetKind = byPath[declaration.path]?.kind == .runnable ? .runnable : .declared
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
            byPath[declaration.path] = Target(path: declaration.path, kind: kind, deps: declaration.deps, inputs: globs)
            paths.append(declaration.path)
        }
        self.byPath = byPath
        targets = Workspace.targets(byPath, at: paths)
    }

    /// The targets of `byPath` in path order, `paths` naming each of them at least once.
    private static func targets(_ byPath: [RepoPath: Target], at paths: [RepoPath]) -> [Target] {
        var result: [Target] = []
        result.reserveCapacity(byPath.count)
        let sorted = paths.sorted()
        for (i, path) in sorted.enumerated() where i == 0 || path != sorted[i - 1] {
            if let target = byPath[path] { result.append(target) }
        }
        return result
    }

    /// The files of `table` named by one of the marker `names`, in path order (a scan of the whole listing).
    public static func markerFiles(in table: EntryTable, names: [String]) -> [RepoPath] {
        let markers = names.map { Array($0.utf8) }
        var files: [RepoPath] = []
        table.forEachEntry(under: .root) { entry in
            if entry.mode.isFile && markers.contains(where: entry.path.hasName) { files.append(entry.path) }
            return true
        }
        return files
    }

    /// The marker files of a snapshot that differs from one with `markerFiles` by the changes at `touched`:
    /// those files, less the touched paths, plus the touched paths that are marker files in `table`.
    public static func markerFiles(
        _ markerFiles: [RepoPath], changedAt touched: [RepoPath], in table: EntryTable, names: [String]
    ) -> [RepoPath] {
        let markers = names.map { Array($0.utf8) }
        let named = touched.filter { path in markers.contains(where: path.hasName) }
        // No marker touched: the same files, the same array (so comparing the sides' files costs nothing).
        guard !named.isEmpty else { return markerFiles }
        var files = Set(markerFiles)
        for path in named {
            files.remove(path)
            if table.entry(at: path)?.mode.isFile == true { files.insert(path) }
        }
        return files.sorted()
    }

    /// The paths of the runnable targets (found on first use).
    public private(set) lazy var runnableDirs = Set(targets.lazy.filter { $0.kind == .runnable }.map(\.path))

    /// Takes `other`'s runnable dirs when they are surely this one's (the same marker files make the same
    /// runnable dirs), so the two sides of a change find them once.
    func reuseRunnableDirs(of other: Workspace) {
        if markerFiles == other.markerFiles { runnableDirs = other.runnableDirs }
    }

    /// True when `other` has a target at exactly the paths this one has: the same marker files and the same
    /// declared paths (cheap when both sides' marker files are one array).
    public func hasTargetPaths(of other: Workspace) -> Bool {
        markerFiles == other.markerFiles
            && Set(configuration.targets.map(\.path)) == Set(other.configuration.targets.map(\.path))
    }

    /// The target at exactly `path`.
    public func target(at path: RepoPath) -> Target? { byPath[path] }

    /// The target with this id (`//` for the root).
    public func target(id: String) -> Target? {
        id == "//" ? byPath[.root] : byPath[RepoPath(id)]
    }

    /// The deepest target containing `path` (the root target when no other does).
    public func owner(of path: RepoPath) -> Target {
        let start = path.parent
        if let known = ownerOfDirectory[start] { return known }
        var dir = start
        while true {
            if let t = byPath[dir] {
                ownerOfDirectory[start] = t
                return t
            }
            if dir.isRoot { return byPath[.root]! }
            dir = dir.parent
        }
    }

    /// Owners found so far, by the directory asked about: files of one directory share one walk.
    private var ownerOfDirectory: [RepoPath: Target] = [:]

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
