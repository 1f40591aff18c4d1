import Formats
import Model

/// Lockfiles are regenerated when their manifests change, are not stale by their ecosystem's own rule,
/// and hold no conflict markers.
///
/// Pairs come from conventions (`pyproject.toml` → `poetry.lock` / `uv.lock`, `devops/docker_build/`
/// `poetry.lock` → `pip_list.txt`, `package.json` → `package-lock.json`, `Cargo.toml` → `Cargo.lock` (markers
/// and deletion only), `Package.swift` → `Package.resolved`, `pants.toml` `[python.resolves]` → each lock and its requirement files) and from
/// `[[lockfile]]`. A pair is in scope when the change touches its lock or a manifest (every pair with `--all`).
///
/// Triggers (error): a lock the index holds in conflict mid-merge (never called deleted) or a lock with
/// conflict markers (the hint names `preflight lock resolve`); a lock that is empty or not text (a NUL byte,
/// invalid UTF-8); a poetry.lock, uv.lock or pyproject.toml that is not valid TOML, at its line (a finding,
/// so the other pairs still report); a lock deleted while its manifest stays; a manifest change the lock
/// did not follow, unless the change cannot affect the lock by the ecosystem's rule (a Poetry project whose
/// hashed sections are unchanged, e.g. only `version` or `description` edited); a stale lock: Poetry's recomputed `content-hash` differs, uv.lock's root
/// requirements differ from `pyproject.toml`'s, `package-lock.json`'s root dependencies differ from
/// `package.json`'s, a Pants lock's `generated_with_requirements` (header or `.metadata` sidecar) differ from
/// its requirement files, `pip_list.txt` pins another version than `poetry.lock`.
/// Triggers (warning): `Package.resolved`'s `originHash` is not the SHA-256 of `Package.swift`.
/// Does not trigger: a regenerated lock; a manifest edit outside what the lock records.
public struct LockfileCheck: Check {
    public let id = CheckID.lockfile.rawValue
    public let summary = "lockfiles follow their manifests and are not stale by their ecosystem's rule"

    public init() {}

    public func findings(in context: CheckContext) throws -> [Finding] {
        let head = context.changeSet.head
        let touched = Set(context.changeSet.touchedPaths)
        // A pair is judged when its lock (or the lock's sidecar) or a manifest is touched, and a conventional
        // pair's files share one directory: only the directories of touched files of those names can hold one
        // (declared and Pants pairs are found whatever is touched).
        let near = context.everything ? nil : Array(touched.filter(LockPair.isConventional))
        let pairs = try discover(head, context.head.configuration, near: near)
        var findings: [Finding] = []
        let basePairs = context.everything ? [] : try pairsOfTheBase(context, near: near, findings: &findings)
        let conflicted = try conflictedLocks(context, pairs: pairs + basePairs, touched: touched)
        findings += try conflicted.map { path in try conflictFinding(path, in: head) }
        for pair in pairs
        where context.everything || touched.contains(pair.lock) || pair.manifests.contains(where: touched.contains)
            || touched.contains(pair.lock.appendingSuffix(".metadata"))
        {
            if conflicted.contains(pair.lock) || conflicted.contains(pair.lock.appendingSuffix(".metadata")) {
                continue
            }
            guard let lock = try head.bytes(at: pair.lock) else { continue }
            do {
                findings += try judge(pair, lock: lock, touched: touched, in: context)
            } catch let unparsable as UnparsableFile {
                findings.append(unparsable.finding)
            }
        }
        // A lock the change deleted while its manifest stays (a lock git left conflicted is not deleted).
        for pair in basePairs
        where touched.contains(pair.lock) && head.table.entry(at: pair.lock) == nil && pair.kind != .pipList
            && !conflicted.contains(pair.lock)
        {
            guard let manifest = pair.manifests.first(where: { head.table.entry(at: $0) != nil }) else { continue }
            findings.append(
                Finding(
                    check: id, severity: .error,
                    message: "\(pair.lock) was deleted but \(manifest) still needs it", path: manifest,
                    fix: "restore it, or regenerate it: \(LockfileCheck.command(for: pair))"))
        }
        return findings
    }

    /// One pair in scope: the lock's content, its conflict markers, a manifest change it did not follow,
    /// then staleness.
    private func judge(_ pair: LockPair, lock: [UInt8], touched: Set<RepoPath>, in context: CheckContext) throws
        -> [Finding]
    {
        let resolve = "run 'preflight lock resolve' to take one side and regenerate it"
        if let problem = textProblem(pair, lock: lock, markersFix: resolve) { return [problem] }
        if !context.everything, !touched.contains(pair.lock),
            let changed = try unfollowedChange(pair, lock: lock, in: context)
        {
            return [changed]
        }
        return try staleness(pair, lock: lock, head: context.changeSet.head)
    }

    /// The base's pairs, for locks the change deleted. Settings that do not parse there are a warning
    /// rather than no deleted lock found.
    private func pairsOfTheBase(_ context: CheckContext, near: [RepoPath]?, findings: inout [Finding]) throws
        -> [LockPair]
    {
        do {
            return try discover(context.changeSet.base, context.base.configuration, near: near)
        } catch let error as SnapshotError {
            throw error
        } catch {
            findings.append(
                Finding(
                    check: id, severity: .warning,
                    message: "cannot tell which locks the base needed: \(error)", path: nil,
                    fix: "check the base's pants.toml and [[lockfile]] settings"))
            return []
        }
    }

    /// The rule applied to one pair in `snapshot` whatever changed: conflict markers, then staleness.
    /// `lock resolve` verifies a regenerated lock with it.
    public func verify(_ pair: LockPair, in snapshot: Snapshot) throws -> [Finding] {
        guard let lock = try snapshot.bytes(at: pair.lock) else {
            return [Finding(check: id, severity: .error, message: "\(pair.lock) is missing", path: pair.lock)]
        }
        if let problem = textProblem(pair, lock: lock, markersFix: nil) { return [problem] }
        do {
            return try staleness(pair, lock: lock, head: snapshot)
        } catch let unparsable as UnparsableFile {
            return [unparsable.finding]
        }
    }

    private func discover(_ snapshot: Snapshot, _ configuration: Configuration, near: [RepoPath]?) throws -> [LockPair]
    {
        try LockPair.discover(in: snapshot, configuration: configuration, near: near)
    }

    /// The command that regenerates a pair's lock, for hints.
    public static func command(for pair: LockPair, poetry: PoetryLock.Generator? = nil) -> String {
        if let argv = pair.regenerate { return argv.joined(separator: " ") }
        switch pair.kind {
        case .poetry: return poetry?.isPoetry1 == true ? "poetry lock --no-update" : "poetry lock"
        case .uv: return "uv lock"
        case .npm: return "npm install --package-lock-only --ignore-scripts"
        case .swiftpm: return "swift package resolve"
        case .cargo: return "cargo update --workspace"
        case .pants: return "pants generate-lockfiles --resolve=\(pair.resolve ?? "<name>")"
        case .pipList: return "rebuild the image and write pip_list.txt from it"
        case .declared: return "regenerate \(pair.lock)"
        }
    }

    /// A manifest changed and the lock did not: a finding, unless the change cannot affect the lock.
    private func unfollowedChange(_ pair: LockPair, lock: [UInt8], in context: CheckContext) throws -> Finding? {
        let head = context.changeSet.head
        let base = context.changeSet.base
        let touched = Set(context.changeSet.touchedPaths)
        guard let manifest = pair.manifests.first(where: touched.contains),
            [.poetry, .uv, .declared].contains(pair.kind),
            let after = try head.bytes(at: manifest), let before = try base.bytes(at: manifest), before != after
        else { return nil }
        if pair.kind != .declared {
            let new = try toml(after, at: manifest, pair: pair)
            // A base manifest that does not parse cannot show the edit was irrelevant: the lock must follow.
            var old: TOMLData?
            do { old = try TOMLData.parse(before, file: manifest.description) } catch { old = nil }
            if let old, irrelevant(pair.kind, old: old, new: new, lock: lock) { return nil }
        }
        return Finding(
            check: id, severity: .error, message: "\(manifest) changed but \(pair.lock) did not",
            path: manifest,
            fix: "regenerate the lock: \(LockfileCheck.command(for: pair, poetry: PoetryLock.generator(lock)))")
    }

    /// True when a manifest edit cannot change the lock by the ecosystem's rule (its hashed or locked
    /// sections are equal).
    private func irrelevant(_ kind: LockKind, old: TOMLData, new: TOMLData, lock: [UInt8]) -> Bool {
        switch kind {
        case .poetry:
            let version = PoetryLock.generator(lock)
            return PoetryLock.relevant(old, generatedBy: version) == PoetryLock.relevant(new, generatedBy: version)
        case .uv:
            return UVLock.relevant(old) == UVLock.relevant(new)
        default:
            return false
        }
    }

    /// The lock read against its manifests in the head snapshot.
    private func staleness(_ pair: LockPair, lock: [UInt8], head: Snapshot) throws -> [Finding] {
        switch pair.kind {
        case .poetry:
            guard let manifest = pair.manifests.first, let bytes = try head.bytes(at: manifest) else { return [] }
            return try poetryStaleness(pair, manifest: manifest, pyproject: bytes, lock: lock)
        case .uv:
            guard let manifest = pair.manifests.first, let bytes = try head.bytes(at: manifest) else { return [] }
            return try uvStaleness(pair, manifest: manifest, pyproject: bytes, lock: lock)
        case .npm:
            guard let manifest = pair.manifests.first, let bytes = try head.bytes(at: manifest) else { return [] }
            return verdictFindings(NodeLock.verdict(manifest: bytes, lock: lock), pair: pair, severity: .error)
        case .swiftpm:
            guard let manifest = pair.manifests.first, let bytes = try head.bytes(at: manifest) else { return [] }
            return swiftPMStaleness(pair, manifest: manifest, bytes: bytes, lock: lock, head: head)
        case .pants:
            return try pantsStaleness(pair, lock: lock, head: head)
        case .pipList:
            guard let poetryLock = pair.manifests.first, let bytes = try head.bytes(at: poetryLock) else { return [] }
            return try pipListStaleness(pair, poetryLock: poetryLock, bytes: bytes, lock: lock)
        default:
            return []
        }
    }
}

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}
