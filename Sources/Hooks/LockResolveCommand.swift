import ArgumentParser
import Checks
import Foundation

extension Preflight {
    /// `preflight lock resolve [--ours|--theirs] [--dry-run] [PATH ...]`: regenerates conflicted lockfiles.
    ///
    /// Exit 0: every conflicted lockfile resolved (or none conflicted); 1: one was refused (an input still
    /// conflicted, its side deleted, no command here) or its command or verification failed (restored);
    /// 2: usage (a PATH that is not a conflicted lockfile); 3: the repository cannot answer or be written.
    struct LockResolveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Take one side of each conflicted lockfile, regenerate it, verify it and stage it.",
            discussion: """
                The default side is the upstream one: theirs in a merge, ours in a rebase. Base, ours and theirs \
                are saved under .git/preflight/lock-resolve/<time>/ first; on any failure the file and the \
                index's conflict are put back as they were.
                """
        )

        @Flag(help: "Take our side (stage 2) before regenerating.")
        var ours = false

        @Flag(help: "Take their side (stage 3) before regenerating.")
        var theirs = false

        @Flag(help: "Print the plan (files, side, command) and change nothing.")
        var dryRun = false

        @Argument(help: "Only these conflicted lockfiles (paths relative to the current directory).")
        var paths: [String] = []

        func validate() throws {
            if ours && theirs { throw ValidationError("--ours and --theirs exclude each other") }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            do {
                let repository = try Repository()
                let only = PathArgument.repoPaths(forArguments: paths, workdir: repository.workdir)
                let plan = try LockResolvePlan.make(repository, side: ours ? .ours : theirs ? .theirs : nil, only: only)
                var lines: [String] = []
                var failed = !plan.refused.isEmpty
                if plan.items.isEmpty && plan.refused.isEmpty {
                    if !dryRun, plan.others.isEmpty, let report = try PendingLocks.regenerate(repository, environment: environment) {
                        // Pending lockfiles with nothing conflicted (a merge committed with --no-verify): regenerated now.
                        lines += report.lines + report.details.map { "  | " + $0 }
                        failed = report.failed
                    } else {
                        lines.append("no conflicted lockfiles")
                    }
                } else if dryRun {
                    for item in plan.items {
                        let place = item.directory.isRoot ? "the repository root" : item.directory.description
                        if let argv = item.argv {
                            lines.append("\(item.pair.lock): take \(item.side.rawValue), run '\(argv.map(Job.shellQuoted).joined(separator: " "))' in \(place)")
                        } else {
                            lines.append("\(item.pair.lock): no command can rebuild it here; run: \(item.manual ?? "regenerate it")")
                            failed = true
                        }
                    }
                } else {
                    let report = try LockResolver.run(plan, repository, environment: environment)
                    for line in report.lines {
                        lines.append(line.text)
                        lines += line.details.map { "  | " + $0 }
                    }
                    failed = failed || report.failed
                }
                for refusal in plan.refused { lines.append("\(refusal.lock): refused: \(refusal.reason)") }
                if !plan.others.isEmpty {
                    lines.append("left alone (not lockfiles): " + plan.others.map(\.description).joined(separator: ", "))
                }
                emit(lines.map { $0 + "\n" }.joined())
                if failed { throw ExitCode(1) }
            } catch let exit as ExitCode {
                throw exit
            } catch let error as LockResolveError {
                printError(error.description)
                throw ExitCode(2)
            } catch let error as LockFileError {
                printError(error.description)
                throw ExitCode(3)
            } catch {
                throw fail(error)
            }
        }
    }

    /// `preflight lock merge-driver BASE OURS THEIRS PATH`: the `merge.preflight-lock` driver git runs.
    struct LockMergeDriverCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-driver",
            abstract: "A git merge driver for lockfiles: take the upstream side now, regenerate before the merge commit.",
            discussion: "Installed by 'preflight install --merge-driver' as: preflight lock merge-driver %O %A %B %P"
        )

        @Argument(help: "%O: the common ancestor's version (a temporary file).")
        var base: String

        @Argument(help: "%A: our version; the result is written here.")
        var current: String

        @Argument(help: "%B: their version.")
        var other: String

        @Argument(help: "%P: the path in the repository.")
        var path: String

        func run() throws {
            do {
                let repository = try Repository()
                let reflogAction = ProcessInfo.processInfo.environment["GIT_REFLOG_ACTION"]
                switch try LockMergeDriver.run(current: current, theirs: other, path: RepoPath(path), repository: repository,
                                               reflogAction: reflogAction) {
                case .tookTheirs:
                    printError("took the upstream side (theirs) of \(path); it is regenerated before the merge commit "
                               + "(or run 'preflight lock resolve')")
                case .leftConflict(let operation):
                    printError("left the conflict in \(path) (\(operation): no commit hook runs to regenerate it); "
                               + "run 'preflight lock resolve', then continue")
                    throw ExitCode(1)
                }
            } catch let exit as ExitCode {
                throw exit
            } catch let error as LockFileError {
                printError(error.description)
                throw ExitCode(1)
            } catch {
                throw fail(error)
            }
        }
    }

    /// The pending lockfiles of a merge-driver merge, regenerated by `hook pre-merge-commit` and, for a merge
    /// that stopped on other conflicts, `hook pre-commit`. One `stat` when there is no record.
    static func regeneratePendingLocks(hook: String) throws {
        guard PendingLocks.existsForHook() else { return }
        let environment = ProcessInfo.processInfo.environment
        do {
            let repository = try Repository()
            if hook == "pre-commit", repository.state != .merge { return }
            guard let report = try PendingLocks.regenerate(repository, environment: environment) else { return }
            emit(report.lines.map { "preflight \(hook): \($0)\n" }.joined() + report.details.map { "  | \($0)\n" }.joined())
            if report.failed {
                emit("preflight \(hook): a pending lockfile could not be regenerated, so the commit is blocked; the record "
                     + "stays in \(PendingLocks.path(repository)) (fix it and commit again, or run 'preflight lock resolve')\n")
                throw ExitCode(1)
            }
            // git merge wrote the merge's tree before this hook: post-merge puts the staged locks into it.
            if hook == "pre-merge-commit" { try PendingLocks.recordForAmend(report.staged, in: repository) }
        } catch let exit as ExitCode {
            throw exit
        } catch let error as LockFileError {
            printError(error.description)
            throw ExitCode(3)
        } catch {
            throw fail(error)
        }
    }

    /// `hook post-merge`: the merge commit rewritten with the lockfiles `pre-merge-commit` regenerated.
    /// One `stat` when there is no record.
    static func amendMergeWithRegeneratedLocks() throws {
        guard PendingLocks.amendExistsForHook() else { return }
        do {
            let repository = try Repository()
            if let line = try PendingLocks.amendMerge(repository) { emit("preflight post-merge: \(line)\n") }
        } catch {
            throw fail(error)
        }
    }
}
