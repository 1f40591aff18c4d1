extension PendingLocks {
    /// What a hook's regeneration of the pending lockfiles did.
    public struct Report: Sendable {
        /// One line per lockfile: `regenerated uv.lock with 'uv lock' (staged)`, or why not.
        public let lines: [String]
        /// The command's last output lines for failures.
        public let details: [String]
        public let failed: Bool
        /// The files regenerated and staged.
        public let staged: [RepoPath]
    }

    /// Regenerates every pending lockfile from the manifests as merged (in the working tree), verifies and
    /// stages it, and removes it from the record. A failure restores the working-tree file, keeps the path
    /// recorded and is reported. Returns nil when there is nothing to do.
    public static func regenerate(_ repository: Repository, environment: [String: String]) throws -> Report? {
        let pending = try read(repository)
        guard !pending.isEmpty else { return nil }
        let index = WorkingTreeSnapshot(repository, table: EntryTable(try repository.index().entries))
        let configuration = try Configuration.of(index)
        let pairs = try LockPair.discover(in: index, configuration: configuration, near: pending)
        let backup = try LockBackup.make(repository)
        let regeneration = LockRegeneration(repository, environment: environment, backup: backup)
        var lines: [String] = []
        var details: [String] = []
        var remaining: [RepoPath] = []
        var staged: [RepoPath] = []
        for path in pending {
            guard
                let pair = pairs.first(where: {
                    $0.lock == path || RepoPath(bytes: $0.lock.bytes + Array(".metadata".utf8)) == path
                })
            else {
                lines.append("\(path) is no longer a lockfile preflight knows: dropped from the pending record")
                continue
            }
            if pair.lock != path, pending.contains(pair.lock) { continue }
            let lockBytes = LockFiles.read(repository, pair.lock) ?? []
            guard let argv = LockResolvePlan.argv(for: pair, lock: lockBytes) else {
                lines.append("\(pair.lock): no command can rebuild it here; run: \(LockfileCheck.command(for: pair))")
                remaining.append(path)
                continue
            }
            let sidecar = RepoPath(bytes: pair.lock.bytes + Array(".metadata".utf8))
            let outputs =
                pair.kind == .pants ? [pair.lock, sidecar].filter { LockFiles.exists(repository, $0) } : [pair.lock]
            let saved = outputs.map { ($0, LockFiles.read(repository, $0)) }
            for (file, bytes) in saved { if let bytes { try backup.save(bytes, of: file, as: "working-tree") } }
            let directory = pair.kind == .pants ? RepoPath.root : (pair.manifests.first?.parent ?? pair.lock.parent)
            let outcome = regeneration.run(pair, argv: argv, in: directory, outputs: outputs)
            let command = Job.commandLine(outcome.argv)
            if let why = outcome.failure {
                for (file, bytes) in saved { try LockFiles.restore(repository, file, bytes, executable: false) }
                lines.append(
                    "\(pair.lock): '\(command)' failed: \(why); the file is as the merge driver left it "
                        + "(saved copies in \(backup.display))")
                details += LockCommandRunner.tail(of: outcome.log)
                remaining.append(path)
                continue
            }
            let written = outputs.filter { LockFiles.exists(repository, $0) }
            try repository.stage(written)
            staged += written
            lines.append("regenerated \(pair.lock) with '\(command)' (staged)")
        }
        try keep(remaining, in: repository)
        return Report(lines: lines, details: details, failed: !remaining.isEmpty, staged: staged)
    }
}
