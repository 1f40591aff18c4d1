/// What `lock resolve` will do: the conflicted lockfiles, the side each takes and the command that
/// regenerates it; the lockfiles it refuses (a manifest still conflicted) and the other conflicted files.
public struct LockResolvePlan: Sendable {
    /// One conflicted lockfile to regenerate.
    public struct Item: Sendable {
        public let pair: LockPair
        public let side: ConflictSide
        /// The conflicted paths of the pair: the lock, and a Pants lock's `.metadata` sidecar when conflicted.
        public let conflicts: [ConflictEntry]
        /// The files the command rewrites and `lock resolve` stages: the lock and its sidecar (Pants).
        public let outputs: [RepoPath]
        /// The regenerate command; nil when nothing here can rebuild the lock (see `manual`).
        public let argv: [String]?
        /// Where the command runs: the manifest's directory (the repository root for Pants).
        public let directory: RepoPath
        /// What the user must run when `argv` is nil.
        public let manual: String?
    }

    /// A conflicted lockfile left alone, and why.
    public struct Refusal: Sendable {
        public let lock: RepoPath
        /// Lowercase, e.g. `its manifest is still conflicted: pyproject.toml`.
        public let reason: String
    }

    public let state: RepositoryState
    public let items: [Item]
    public let refused: [Refusal]
    /// Conflicted files that are not lockfiles: left alone.
    public let others: [RepoPath]

    /// The pairs whose lock (or sidecar) is conflicted in `repository`'s index, with the side `override`
    /// names (default: the upstream side of `repository.state`); with `only`, just those lockfiles.
    public static func make(
        _ repository: Repository, side override: ConflictSide? = nil,
        only: [RepoPath] = []
    ) throws -> LockResolvePlan {
        let state = repository.state
        let side = override ?? state.upstreamSide
        let conflicts = try repository.conflicts()
        let byPath = Dictionary(conflicts.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        if conflicts.isEmpty {
            if let path = only.first { throw LockResolveError.notConflicted(path) }
            return LockResolvePlan(state: state, items: [], refused: [], others: [])
        }
        let snapshot = try sideSnapshot(repository, conflicts: conflicts, side: side)
        let configPath = RepoPath("preflight.toml")
        let configConflicted = byPath[configPath] != nil
        let configuration = configConflicted ? .default : try Configuration.of(snapshot)
        let pairs = try LockPair.discover(in: snapshot, configuration: configuration, near: conflicts.map(\.path))

        var items: [Item] = []
        var refused: [Refusal] = []
        var claimed = Set<RepoPath>()
        for pair in pairs {
            let sidecar = RepoPath(bytes: pair.lock.bytes + Array(".metadata".utf8))
            let files = pair.kind == .pants ? [pair.lock, sidecar] : [pair.lock]
            let conflicted = files.compactMap { byPath[$0] }
            guard !conflicted.isEmpty else { continue }
            if !only.isEmpty, !files.contains(where: only.contains) { continue }
            claimed.formUnion(files)
            let unresolved =
                inputs(of: pair, in: snapshot).filter { byPath[$0] != nil } + (configConflicted ? [configPath] : [])
            if let refusal = refusal(of: pair, conflicted: conflicted, unresolved: unresolved, side: side) {
                refused.append(refusal)
                continue
            }
            let outputs = files.filter { byPath[$0] != nil || snapshot.table.entry(at: $0) != nil }
            items.append(try item(pair, side: side, conflicted: conflicted, outputs: outputs, snapshot: snapshot))
        }
        for path in only where !claimed.contains(path) {
            throw LockResolveError.notConflicted(path)
        }
        let others = conflicts.map(\.path).filter { !claimed.contains($0) }
        return LockResolvePlan(state: state, items: items, refused: refused, others: others)
    }

    /// The index as the side taken would leave it.
    ///
    /// Stage 0, and each conflicted path at that side (else the other side, else the ancestor).
    private static func sideSnapshot(_ repository: Repository, conflicts: [ConflictEntry], side: ConflictSide)
        throws -> WorkingTreeSnapshot
    {
        var entries = try repository.index().entries
        for conflict in conflicts {
            if let entry = conflict.entry(side) ?? conflict.entry(side == .ours ? .theirs : .ours) ?? conflict.ancestor
            {
                entries.append(entry)
            }
        }
        return WorkingTreeSnapshot(repository, table: EntryTable(entries))
    }

    /// Why a conflicted lock is left alone: inputs still conflicted, or a file of it deleted on the side taken.
    private static func refusal(
        of pair: LockPair, conflicted: [ConflictEntry], unresolved: [RepoPath], side: ConflictSide
    ) -> Refusal? {
        if !unresolved.isEmpty {
            let names = unresolved.map(\.description).joined(separator: ", ")
            return Refusal(lock: pair.lock, reason: "its inputs are still conflicted: \(names) (resolve them first)")
        }
        if let gone = conflicted.first(where: { $0.entry(side) == nil }) {
            return Refusal(
                lock: pair.lock,
                reason:
                    "\(gone.path) was deleted on the \(side.rawValue) side: resolve it by hand (git rm, or take the other side)"
            )
        }
        return nil
    }

    /// The regeneration of a pair's conflicted lock: its command (or what to run by hand) and where it runs.
    private static func item(
        _ pair: LockPair, side: ConflictSide, conflicted: [ConflictEntry], outputs: [RepoPath],
        snapshot: WorkingTreeSnapshot
    ) throws -> Item {
        let manifestDir = pair.kind == .pants ? RepoPath.root : (pair.manifests.first?.parent ?? pair.lock.parent)
        let lockBytes = try snapshot.bytes(at: pair.lock) ?? []
        let argv = LockResolvePlan.argv(for: pair, lock: lockBytes)
        return Item(
            pair: pair, side: side, conflicts: conflicted, outputs: outputs, argv: argv,
            directory: manifestDir,
            manual: argv == nil ? LockfileCheck.command(for: pair) : nil)
    }

    /// What a lock is generated from, for the "still conflicted" refusal: its manifests; for Pants also
    /// `pants.toml` and the BUILD files beside the requirement files (which declare them).
    static func inputs(of pair: LockPair, in snapshot: Snapshot) -> [RepoPath] {
        var inputs = pair.manifests
        if pair.kind == .pants {
            inputs.append(RepoPath("pants.toml"))
            for dir in Set(pair.manifests.map(\.parent)).sorted() {
                inputs += ["BUILD", "BUILD.pants"].map { dir.appending($0) }
            }
        }
        return inputs
    }

    /// The ecosystem's regenerate argv (the `[[lockfile]] regenerate` when declared); nil for `pip_list.txt`
    /// and declared pairs of no known kind without `regenerate`. Poetry 1.x locks (by their generated-by
    /// line) get `--no-update`; `lock resolve` asks the installed Poetry before it runs.
    public static func argv(for pair: LockPair, lock: [UInt8]) -> [String]? {
        if let declared = pair.regenerate { return declared }
        switch pair.kind {
        case .poetry:
            return PoetryLock.generator(lock).isPoetry1 ? ["poetry", "lock", "--no-update"] : ["poetry", "lock"]
        case .uv: return ["uv", "lock"]
        case .npm: return ["npm", "install", "--package-lock-only", "--ignore-scripts"]
        case .cargo: return ["cargo", "update", "--workspace"]
        case .swiftpm: return ["swift", "package", "resolve"]
        case .pants: return ["pants", "generate-lockfiles", "--resolve=\(pair.resolve ?? "python-default")"]
        case .pipList, .declared: return nil
        }
    }
}

/// `lock resolve` cannot do what was asked: a usage problem (exit 2).
public enum LockResolveError: Error, CustomStringConvertible, Sendable {
    case notConflicted(RepoPath)

    public var description: String {
        switch self {
        case .notConflicted(let path):
            "\(path) is not a conflicted lockfile (see 'git status'; 'preflight lock resolve --dry-run' lists them)"
        }
    }
}
