import Formats
import Model

/// Staleness by each ecosystem's own rule: the lock read against its manifests.
extension LockfileCheck {
    /// A poetry.lock whose `content-hash` is missing or is not the hash of its `pyproject.toml`.
    func poetryStaleness(_ pair: LockPair, manifest: RepoPath, pyproject bytes: [UInt8], lock: [UInt8])
        throws -> [Finding]
    {
        let pyproject = try toml(bytes, at: manifest, pair: pair)
        let parsed = try toml(lock, at: pair.lock, pair: pair)
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
    func uvStaleness(_ pair: LockPair, manifest: RepoPath, pyproject bytes: [UInt8], lock: [UInt8])
        throws -> [Finding]
    {
        let pyproject = try toml(bytes, at: manifest, pair: pair)
        let parsed = try toml(lock, at: pair.lock, pair: pair)
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
    func swiftPMStaleness(_ pair: LockPair, manifest: RepoPath, bytes: [UInt8], lock: [UInt8], head: Snapshot)
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
    func pantsStaleness(_ pair: LockPair, lock: [UInt8], head: Snapshot) throws -> [Finding] {
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
    func pipListStaleness(_ pair: LockPair, poetryLock: RepoPath, bytes: [UInt8], lock: [UInt8])
        throws -> [Finding]
    {
        let locked = PoetryLock.packages(try toml(bytes, at: poetryLock, pair: pair))
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
