import Formats
import Model

/// A lock or manifest that cannot be read as its format: the finding that says so, thrown out of one
/// pair's judgement so the other pairs and the other checks still report.
struct UnparsableFile: Error {
    let finding: Finding
}

extension LockfileCheck {
    /// Locks (and Pants `.metadata` sidecars) the index holds in conflict, when the head is the index or
    /// the working tree: git removed them from stage 0, so they read as deleted unless asked for.
    func conflictedLocks(_ context: CheckContext, pairs: [LockPair], touched: Set<RepoPath>) throws -> [RepoPath] {
        switch context.changeSet.head.kind {
        case .index, .workingTree: break
        case .commit: return []
        }
        var locks = Set(pairs.map(\.lock))
        locks.formUnion(pairs.filter { $0.kind == .pants }.map { $0.lock.appendingSuffix(".metadata") })
        func isLock(_ path: RepoPath) -> Bool { locks.contains(path) || LockKind.of(lock: path) != nil }
        // The index is read for its conflicts only when the change touches a lock: not on every commit.
        guard context.everything || touched.contains(where: isLock) else { return [] }
        return try context.history.conflictedPaths().filter { path in
            isLock(path) && (context.everything || touched.contains(path))
        }
    }

    /// The finding for a lock git left conflicted mid-merge.
    func conflictFinding(_ path: RepoPath, in snapshot: Snapshot) throws -> Finding {
        let markers = try snapshot.bytes(at: path).map(ConflictMarkerCheck.markers(in:)) ?? []
        return Finding(
            check: id, severity: .error, message: "\(path) has unresolved merge conflicts", path: path,
            line: markers.first?.line,
            fix: "run 'preflight lock resolve' to take one side and regenerate it, then commit "
                + "(the merge driver, 'preflight install --merge-driver', does it during the merge)")
    }

    /// The lock's own text before any rule reads it: empty or not text, then conflict markers.
    func textProblem(_ pair: LockPair, lock: [UInt8], markersFix: String?) -> Finding? {
        if let content = contentFinding(pair, lock: lock) { return content }
        let markers = ConflictMarkerCheck.markers(in: lock)
        guard let first = markers.first else { return nil }
        return Finding(
            check: id, severity: .error, message: "lockfile has merge conflict markers (\(markers.count) lines)",
            path: pair.lock, line: first.line, fix: markersFix)
    }

    /// A lock that is empty or not text (a NUL byte, invalid UTF-8): one finding, whatever its kind says.
    /// `[[lockfile]]` locks of no known kind are not judged: their format is the user's.
    func contentFinding(_ pair: LockPair, lock: [UInt8]) -> Finding? {
        guard pair.kind != .declared else { return nil }
        let name = pair.lock.name.string
        let fix =
            pair.kind == .pipList
            ? LockfileCheck.command(for: pair)
            : "regenerate it: \(LockfileCheck.command(for: pair, poetry: PoetryLock.generator(lock)))"
        if lock.isEmpty {
            return Finding(check: id, severity: .error, message: "\(name) is empty", path: pair.lock, fix: fix)
        }
        guard let notText = NotText(lock) else { return nil }
        return Finding(
            check: id, severity: .error, message: "\(name) is not text: \(notText.message)", path: pair.lock,
            line: notText.line, fix: fix)
    }

    /// The TOML document at `path` (a lock or a manifest of `pair`); a document that does not parse is an
    /// `UnparsableFile` finding at its line rather than a configuration error (exit 2).
    func toml(_ bytes: [UInt8], at path: RepoPath, pair: LockPair) throws(UnparsableFile) -> TOMLData {
        do {
            return try TOMLData.parse(bytes, file: path.description)
        } catch {
            let fix =
                path == pair.lock
                ? "fix the file, or regenerate it: \(LockfileCheck.command(for: pair, poetry: PoetryLock.generator(bytes)))"
                : "fix the toml at the line named"
            throw UnparsableFile(
                finding: Finding(
                    check: id, severity: .error, message: "\(path.name.string): \(error.message)",
                    path: path, line: error.line, fix: fix))
        }
    }
}

extension RepoPath {
    /// The path with `suffix` added to its last component (`python.lock` → `python.lock.metadata`).
    func appendingSuffix(_ suffix: String) -> RepoPath { RepoPath(bytes: bytes + Array(suffix.utf8)) }
}
