import Formats

/// The ecosystems whose lockfiles preflight understands.
public enum LockKind: String, Sendable, Hashable, CaseIterable {
    case poetry, uv, npm, cargo, swiftpm, pants
    /// `pip_list.txt` written from a built image: its pins agree with `poetry.lock`.
    case pipList = "pip-list"
    /// A `[[lockfile]]` pair of no known kind: only "the manifest changed, so must the lock".
    case declared

    /// The kind a lockfile's name implies.
    public static func of(lock: RepoPath) -> LockKind? {
        switch String(decoding: lock.name, as: UTF8.self) {
        case "poetry.lock": .poetry
        case "uv.lock": .uv
        case "package-lock.json": .npm
        case "Cargo.lock": .cargo
        case "Package.resolved": .swiftpm
        case "pip_list.txt": .pipList
        default: nil
        }
    }
}

/// A lockfile and the manifests it is generated from.
public struct LockPair: Sendable, Hashable {
    public let kind: LockKind
    /// The manifests (for Pants: the resolve's requirement files; for pip-list: `poetry.lock`).
    public let manifests: [RepoPath]
    public let lock: RepoPath
    /// The Pants resolve name.
    public let resolve: String?
    /// The `[[lockfile]] regenerate` argv, when declared.
    public let regenerate: [String]?

    /// The pairs in `snapshot`: by convention, from `pants.toml`, and from `[[lockfile]]`. With `near`, only
    /// conventional pairs in the directories of those paths are looked for (O(change), not O(repository)).
    public static func discover(
        in snapshot: Snapshot, configuration: Configuration,
        near paths: [RepoPath]? = nil
    ) throws -> [LockPair] {
        let table = snapshot.table
        var found = Found()
        // Pants resolves first (their requirement files may be declared), then declared pairs, which
        // override conventions for the same lock, then conventions.
        for pair in try pantsPairs(in: snapshot, declared: configuration.lockfiles) {
            found.add(.pants, pair.manifests, pair.lock, resolve: pair.resolve, regenerate: pair.regenerate)
        }
        for declared in configuration.lockfiles {
            found.add(
                LockKind.of(lock: declared.lock) ?? .declared, [declared.manifest], declared.lock,
                regenerate: declared.regenerate)
        }
        let candidates: [SnapshotEntry]
        if let paths {
            let manifests = LockPair.conventionalManifests
            let dirs = Set(paths.map(\.parent))
            candidates = dirs.sorted().flatMap { dir in manifests.compactMap { table.entry(at: dir.appending($0)) } }
        } else {
            candidates = table.entries
        }
        for entry in candidates where entry.mode.isFile {
            found.addConventional(entry, in: table)
        }
        return found.pairs.sorted { $0.lock < $1.lock }
    }

    /// The manifests conventional pairs are found by (`Found.addConventional`).
    static let conventionalManifests = ["pyproject.toml", "package.json", "Cargo.toml", "Package.swift"]

    /// True when `path` is named as a conventional pair's manifest, lock or lock's `.metadata` sidecar: the
    /// files whose change puts that pair in scope.
    public static func isConventional(_ path: RepoPath) -> Bool {
        var name = String(decoding: path.name, as: UTF8.self)
        if conventionalManifests.contains(name) { return true }
        if name.hasSuffix(".metadata") { name.removeLast(".metadata".count) }
        return LockKind.of(lock: RepoPath(name)) != nil
    }

    /// The pairs found so far, the first for each lock kept.
    private struct Found {
        var pairs: [LockPair] = []
        var seen = Set<RepoPath>()

        /// Adds a pair unless its lock already has one.
        mutating func add(
            _ kind: LockKind, _ manifests: [RepoPath], _ lock: RepoPath, resolve: String? = nil,
            regenerate: [String]? = nil
        ) {
            guard seen.insert(lock).inserted else { return }
            pairs.append(
                LockPair(kind: kind, manifests: manifests, lock: lock, resolve: resolve, regenerate: regenerate))
        }

        /// Adds the conventional pairs of a manifest file `entry`: the locks beside it its ecosystem writes.
        mutating func addConventional(_ entry: SnapshotEntry, in table: EntryTable) {
            let name = String(decoding: entry.path.name, as: UTF8.self)
            let dir = entry.path.parent
            func sibling(_ file: String) -> RepoPath? {
                let path = dir.appending(file)
                return table.entry(at: path)?.mode.isFile == true ? path : nil
            }
            switch name {
            case "pyproject.toml":
                if let lock = sibling("poetry.lock") {
                    add(.poetry, [entry.path], lock)
                    if dir.bytes.hasSuffixBytes("devops/docker_build"), let pins = sibling("pip_list.txt") {
                        add(.pipList, [lock], pins)
                    }
                }
                if let lock = sibling("uv.lock") { add(.uv, [entry.path], lock) }
            case "package.json":
                if let lock = sibling("package-lock.json") { add(.npm, [entry.path], lock) }
            case "Cargo.toml":
                if let lock = sibling("Cargo.lock") { add(.cargo, [entry.path], lock) }
            case "Package.swift":
                if let lock = sibling("Package.resolved") { add(.swiftpm, [entry.path], lock) }
            default:
                break
            }
        }
    }

    /// `pants.toml` `[python.resolves]`: each resolve's lock with its requirement files — the declared
    /// `[[lockfile]]` manifests for that lock, else `requirements.txt` beside the lock for `python-default`
    /// and `<lock name>-requirements.txt` beside it for other resolves, where they exist.
    private static func pantsPairs(in snapshot: Snapshot, declared: [LockfileDeclaration]) throws -> [LockPair] {
        let pantsToml = RepoPath("pants.toml")
        guard let bytes = try snapshot.bytes(at: pantsToml) else { return [] }
        let pants = try TOMLData.parse(bytes, file: "pants.toml")
        guard let resolves = pants[path: ["python", "resolves"]]?.fields else { return [] }
        var pairs: [LockPair] = []
        for (name, value) in resolves {
            guard let text = value.string else { continue }
            let lock = RepoPath(text.hasPrefix("./") ? String(text.dropFirst(2)) : text)
            var manifests = declared.filter { $0.lock == lock }.map(\.manifest)
            if manifests.isEmpty {
                let stem =
                    String(decoding: lock.name, as: UTF8.self).split(separator: ".").first.map(String.init) ?? name
                let candidates =
                    name == "python-default"
                    ? [lock.parent.appending("requirements.txt")]
                    : [
                        lock.parent.appending("\(stem)-requirements.txt"),
                        lock.parent.appending("\(name)-requirements.txt"),
                    ]
                manifests = candidates.filter { snapshot.table.entry(at: $0) != nil }
            }
            pairs.append(
                LockPair(
                    kind: .pants, manifests: manifests, lock: lock, resolve: name,
                    regenerate: declared.first { $0.lock == lock }?.regenerate))
        }
        return pairs
    }
}

extension Array where Element == UInt8 {
    func hasSuffixBytes(_ suffix: String) -> Bool {
        let s = Array(suffix.utf8)
        return count >= s.count && self[(count - s.count)...].elementsEqual(s)
            && (count == s.count || self[count - s.count - 1] == UInt8(ascii: "/"))
    }
}
