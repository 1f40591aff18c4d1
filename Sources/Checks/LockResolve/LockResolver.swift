import Foundation

/// Carries out a `LockResolvePlan`: for each lockfile, saves the base, ours and theirs blobs and the
/// working-tree file, writes the chosen side, regenerates, verifies and stages it. On any failure the
/// working-tree files and the index's conflict stages are put back exactly as they were.
public enum LockResolver {
    /// One lockfile's result.
    public struct Line: Sendable {
        public let lock: RepoPath
        public let resolved: Bool
        /// `uv.lock: took theirs, ran 'uv lock' in the repository root: resolved and staged`.
        public let text: String
        /// The command's last output lines, when it failed.
        public let details: [String]
    }

    /// What a run did; `backup` is the folder of saved copies (nil when nothing was touched).
    public struct Report: Sendable {
        public let lines: [Line]
        public let backup: String?
        public var failed: Bool { lines.contains { !$0.resolved } }
    }

    /// Runs `plan` in `repository` (the side written, the command run, the result staged).
    public static func run(
        _ plan: LockResolvePlan, _ repository: Repository,
        environment: [String: String]
    ) throws -> Report {
        let runnable = plan.items.filter { $0.argv != nil }
        var lines: [Line] = plan.items.filter { $0.argv == nil }.map { item in
            Line(
                lock: item.pair.lock, resolved: false,
                text:
                    "\(item.pair.lock): not resolved: no command can rebuild it here; run: \(item.manual ?? "regenerate it")",
                details: [])
        }
        guard !runnable.isEmpty else { return Report(lines: lines, backup: nil) }
        let backup = try LockBackup.make(repository)
        // Everything is saved before anything is touched.
        var saved: [RepoPath: [UInt8]?] = [:]
        for item in runnable {
            for conflict in item.conflicts {
                for (suffix, entry) in [
                    ("base", conflict.ancestor), ("ours", conflict.ours), ("theirs", conflict.theirs),
                ] {
                    guard let id = entry?.id else { continue }
                    try backup.save(try repository.blob(id), of: conflict.path, as: suffix)
                }
            }
            for path in Set(item.outputs + item.conflicts.map(\.path)) {
                let bytes = LockFiles.read(repository, path)
                saved[path] = .some(bytes)
                if let bytes { try backup.save(bytes, of: path, as: "working-tree") }
            }
        }
        let regeneration = LockRegeneration(repository, environment: environment, backup: backup)
        for item in runnable {
            lines.append(resolve(item, repository, regeneration: regeneration, saved: saved, backup: backup))
        }
        return Report(lines: lines, backup: backup.display)
    }

    private static func resolve(
        _ item: LockResolvePlan.Item, _ repository: Repository, regeneration: LockRegeneration,
        saved: [RepoPath: [UInt8]?], backup: LockBackup
    ) -> Line {
        let lock = item.pair.lock
        let place = item.directory.isRoot ? "the repository root" : item.directory.description
        var argv = item.argv ?? []
        func failed(_ why: String, log: String?) -> Line {
            var restoreProblem = ""
            do {
                for path in Set(item.outputs + item.conflicts.map(\.path)) {
                    let executable = item.conflicts.first { $0.path == path }?.entry(item.side)?.mode == .executable
                    try LockFiles.restore(repository, path, saved[path] ?? nil, executable: executable)
                }
                try repository.restore(item.conflicts)
            } catch {
                restoreProblem =
                    "; restoring failed too (\(FoundationFileError.describe(error))): copy the saved files back by hand"
            }
            let command = argv.isEmpty ? "" : ", ran '\(Job.commandLine(argv))' in \(place)"
            return Line(
                lock: lock, resolved: false,
                text: "\(lock): took \(item.side.rawValue)\(command): failed: \(why); "
                    + (restoreProblem.isEmpty ? "restored the conflict as it was" : "")
                    + restoreProblem + "; saved copies in \(backup.display)",
                details: log.map { LockCommandRunner.tail(of: $0) } ?? [])
        }
        do {
            for conflict in item.conflicts {
                guard let entry = conflict.entry(item.side), let id = entry.id else { continue }
                try LockFiles.write(
                    try repository.blob(id), to: LockFiles.fullPath(repository, conflict.path),
                    executable: entry.mode == .executable)
            }
        } catch {
            return failed(
                "cannot write the \(item.side.rawValue) side: \(FoundationFileError.describe(error))", log: nil)
        }
        let outcome = regeneration.run(item.pair, argv: argv, in: item.directory, outputs: item.outputs)
        argv = outcome.argv
        if let why = outcome.failure { return failed(why, log: outcome.log) }
        do {
            try repository.stage(item.outputs.filter { LockFiles.exists(repository, $0) })
        } catch {
            return failed("cannot stage it: \(error)", log: nil)
        }
        let ran = "ran '\(Job.commandLine(argv))' in \(place)"
        return Line(
            lock: lock, resolved: true, text: "\(lock): took \(item.side.rawValue), \(ran): resolved and staged",
            details: [])
    }
}
