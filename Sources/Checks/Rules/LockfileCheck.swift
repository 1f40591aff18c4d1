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
/// Triggers (error): a lock with conflict markers (the hint names `preflight lock resolve`); a lock deleted
/// while its manifest stays; a manifest change the lock did not follow, unless the change cannot affect the
/// lock by the ecosystem's rule (a Poetry project whose hashed sections are unchanged, e.g. only `version`
/// or `description` edited); a stale lock: Poetry's recomputed `content-hash` differs, uv.lock's root
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
        let base = context.changeSet.base
        let touched = Set(context.changeSet.touchedPaths)
        let near = context.everything ? nil : Array(touched)
        let pairs = try discover(head, context.head.configuration, near: near)
        var findings: [Finding] = []
        for pair in pairs
        where context.everything || touched.contains(pair.lock) || pair.manifests.contains(where: touched.contains)
            || touched.contains(RepoPath(bytes: pair.lock.bytes + Array(".metadata".utf8)))
        {
            guard let lock = try head.bytes(at: pair.lock) else { continue }
            let markers = ConflictMarkerCheck.markers(in: lock)
            if let first = markers.first {
                findings.append(
                    Finding(
                        check: id, severity: .error,
                        message: "lockfile has merge conflict markers (\(markers.count) lines)",
                        path: pair.lock, line: first.line,
                        fix: "run 'preflight lock resolve' to take one side and regenerate it"))
                continue
            }
            if !context.everything, !touched.contains(pair.lock),
                let changed = try unfollowedChange(pair, lock: lock, in: context)
            {
                findings.append(changed)
                continue
            }
            findings += try staleness(pair, lock: lock, head: context.changeSet.head)
        }
        // A lock the change deleted while its manifest stays.
        if !context.everything {
            let basePairs: [LockPair]
            do {
                basePairs = try discover(base, context.base.configuration, near: near)
            } catch let error as SnapshotError {
                throw error
            } catch {
                // The base's lockfile settings do not parse: say so rather than find no deleted lock.
                findings.append(
                    Finding(
                        check: id, severity: .warning,
                        message: "cannot tell which locks the base needed: \(error)", path: nil,
                        fix: "check the base's pants.toml and [[lockfile]] settings"))
                basePairs = []
            }
            for pair in basePairs
            where touched.contains(pair.lock) && head.table.entry(at: pair.lock) == nil
                && pair.kind != .pipList
            {
                guard let manifest = pair.manifests.first(where: { head.table.entry(at: $0) != nil }) else { continue }
                findings.append(
                    Finding(
                        check: id, severity: .error,
                        message: "\(pair.lock) was deleted but \(manifest) still needs it", path: manifest,
                        fix: "restore it, or regenerate it: \(LockfileCheck.command(for: pair))"))
            }
        }
        return findings
    }

    /// The rule applied to one pair in `snapshot` whatever changed: conflict markers, then staleness.
    /// `lock resolve` verifies a regenerated lock with it.
    public func verify(_ pair: LockPair, in snapshot: Snapshot) throws -> [Finding] {
        guard let lock = try snapshot.bytes(at: pair.lock) else {
            return [Finding(check: id, severity: .error, message: "\(pair.lock) is missing", path: pair.lock)]
        }
        let markers = ConflictMarkerCheck.markers(in: lock)
        if let first = markers.first {
            return [
                Finding(
                    check: id, severity: .error,
                    message: "lockfile has merge conflict markers (\(markers.count) lines)",
                    path: pair.lock, line: first.line)
            ]
        }
        return try staleness(pair, lock: lock, head: snapshot)
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
        switch pair.kind {
        case .poetry:
            let version = PoetryLock.generator(lock)
            let old = try TOMLData.parse(before, file: manifest.description)
            let new = try TOMLData.parse(after, file: manifest.description)
            if PoetryLock.relevant(old, generatedBy: version) == PoetryLock.relevant(new, generatedBy: version) {
                return nil
            }
        case .uv:
            let old = try TOMLData.parse(before, file: manifest.description)
            let new = try TOMLData.parse(after, file: manifest.description)
            if UVLock.relevant(old) == UVLock.relevant(new) { return nil }
        default:
            break
        }
        return Finding(
            check: id, severity: .error, message: "\(manifest) changed but \(pair.lock) did not",
            path: manifest,
            fix: "regenerate the lock: \(LockfileCheck.command(for: pair, poetry: PoetryLock.generator(lock)))")
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

    /// A poetry.lock whose `content-hash` is missing or is not the hash of its `pyproject.toml`.
    private func poetryStaleness(_ pair: LockPair, manifest: RepoPath, pyproject bytes: [UInt8], lock: [UInt8])
        throws -> [Finding]
    {
        let pyproject = try TOMLData.parse(bytes, file: manifest.description)
        let parsed = try TOMLData.parse(lock, file: pair.lock.description)
        let version = PoetryLock.generator(lock)
        guard let recorded = PoetryLock.recordedHash(parsed) else {
            return [
                Finding(
                    check: id, severity: .error, message: "poetry.lock has no [metadata] content-hash",
                    path: pair.lock, fix: "regenerate it: \(LockfileCheck.command(for: pair, poetry: version))")
            ]
        }
        let computed = PoetryLock.contentHash(pyproject, generatedBy: version)
        if computed == recorded { return [] }
        return [
            Finding(
                check: id, severity: .error,
                message:
                    "poetry.lock is stale: its content-hash \(recorded.prefix(12)) is not \(computed.prefix(12)), the hash of \(manifest)",
                path: pair.lock,
                fix:
                    "regenerate it: \(LockfileCheck.command(for: pair, poetry: version)) in \(manifest.parent.isRoot ? "the repository root" : manifest.parent.description)"
            )
        ]
    }

    /// A uv.lock whose root requirements differ from its `pyproject.toml`'s.
    private func uvStaleness(_ pair: LockPair, manifest: RepoPath, pyproject bytes: [UInt8], lock: [UInt8])
        throws -> [Finding]
    {
        let pyproject = try TOMLData.parse(bytes, file: manifest.description)
        let parsed = try TOMLData.parse(lock, file: pair.lock.description)
        guard let why = UVLock.staleness(pyproject: pyproject, lock: parsed) else { return [] }
        return [
            Finding(
                check: id, severity: .error, message: "uv.lock is stale: \(why)", path: pair.lock,
                fix:
                    "regenerate it: uv lock in \(manifest.parent.isRoot ? "the repository root" : manifest.parent.description)"
            )
        ]
    }

    /// A `Package.resolved` whose `originHash` is not the hash of `Package.swift` (a warning).
    private func swiftPMStaleness(_ pair: LockPair, manifest: RepoPath, bytes: [UInt8], lock: [UInt8], head: Snapshot)
        -> [Finding]
    {
        // A version-specific manifest (Package@swift-X.swift) is hashed instead when the running Swift
        // picks it; which one depends on the user's toolchain, so those packages are not judged.
        let dir = manifest.parent
        let versioned = head.table.entries(under: dir).contains { entry in
            entry.path.parent == dir && entry.path.name.starts(with: Array("Package@swift-".utf8))
        }
        if versioned { return [] }
        return verdictFindings(SwiftPMResolved.verdict(manifest: bytes, resolved: lock), pair: pair, severity: .warning)
    }

    /// A Pants lock whose recorded requirements differ from its requirement files, and bad requirement lines.
    private func pantsStaleness(_ pair: LockPair, lock: [UInt8], head: Snapshot) throws -> [Finding] {
        var requirements: [String] = []
        var findings: [Finding] = []
        for manifest in pair.manifests {
            guard let bytes = try head.bytes(at: manifest) else { continue }
            let read = Requirement.fromRequirementsFile(bytes)
            requirements += read.requirements
            findings += read.problems.map { problem in
                Finding(
                    check: id, severity: .error, message: problem.message, path: manifest, line: problem.line,
                    fix: "write a PEP 508 requirement, e.g. aiohttp~=3.9.5")
            }
        }
        if pair.manifests.isEmpty { return findings }
        let sidecar = try head.bytes(at: RepoPath(bytes: pair.lock.bytes + Array(".metadata".utf8)))
        switch PantsLock.metadata(lock: lock, sidecar: sidecar) {
        case .failure(let problem):
            return findings + [
                Finding(
                    check: id, severity: .error, message: "\(pair.lock.name.string): \(problem.message)",
                    path: pair.lock, line: problem.line, fix: "regenerate it: \(LockfileCheck.command(for: pair))")
            ]
        case .success(let metadata):
            let names = pair.manifests.map(\.description).joined(separator: " and ")
            return findings
                + verdictFindings(
                    PantsLock.verdict(metadata: metadata, requirements: requirements, manifest: names),
                    pair: pair, severity: .error)
        }
    }

    /// The pins of a `pip_list.txt` that differ from the versions its poetry.lock locks.
    private func pipListStaleness(_ pair: LockPair, poetryLock: RepoPath, bytes: [UInt8], lock: [UInt8])
        throws -> [Finding]
    {
        let locked = PoetryLock.packages(try TOMLData.parse(bytes, file: poetryLock.description))
        var findings: [Finding] = []
        for pin in PipList.pins(lock) {
            guard let version = locked[pin.name], !PipList.sameVersion(version, pin.version) else { continue }
            findings.append(
                Finding(
                    check: id, severity: .error,
                    message:
                        "pip_list.txt pins \(pin.name) \(pin.version) but \(poetryLock.name.string) locks \(version)",
                    path: pair.lock, line: pin.line,
                    fix: "rebuild the image and write pip_list.txt from it, or re-lock"))
        }
        return findings
    }
}

extension LockfileCheck {
    /// The finding a format reader's verdict gives, if any.
    func verdictFindings(_ verdict: LockVerdict, pair: LockPair, severity: Severity) -> [Finding] {
        switch verdict {
        case .fresh:
            return []
        case .stale(let why):
            return [
                Finding(
                    check: id, severity: severity, message: "\(pair.lock.name.string) is stale: \(why)",
                    path: pair.lock,
                    fix: "regenerate it: \(LockfileCheck.command(for: pair))")
            ]
        case .unreadable(let why):
            return [
                Finding(
                    check: id, severity: .error, message: why, path: pair.lock,
                    fix: "fix the file, or regenerate it: \(LockfileCheck.command(for: pair))")
            ]
        }
    }
}

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}
