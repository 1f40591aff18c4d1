import ArgumentParser
import Checks
import Foundation

@main
struct Preflight: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "git-hook and CI checks for monorepos: what did this change touch, and is it safe?",
        usage: "preflight [-C DIR] [--config FILE] <subcommand>",
        discussion: "-C DIR before the subcommand runs preflight as if started in DIR, as git -C does. "
            + "--config FILE (or PREFLIGHT_CONFIG) reads the configuration from FILE instead of the repository's "
            + "preflight.toml, on both sides of a change.",
        version: ToolVersion.current,
        subcommands: [
            AffectedCommand.self, CheckCommand.self, RunCommand.self, LockCommand.self, ReleaseCommand.self,
            InstallCommand.self, UninstallCommand.self, HookCommand.self, TargetsCommand.self, DepsCommand.self,
            DependentsCommand.self, InitCommand.self, DemoCommand.self,
        ]
    )

    /// Runs the command; bad usage exits 2 (DESIGN's exit statuses), not ArgumentParser's 64.
    static func main() {
        KeptUntilExit.enabled = true
        // The pre-commit hook runs on every commit, and git calls it with exactly this argv: it skips the
        // argument parser, whose reflection is a measurable part of the hook's start-up. Any other argv is parsed.
        let arguments: [String]
        do {
            // argv read here rather than through `CommandLine.arguments`, whose unspecialised map makes the
            // runtime look types up by name on every start.
            let argv = (1..<Int(CommandLine.argc)).compactMap { CommandLine.unsafeArgv[$0].map { String(cString: $0) } }
            arguments = try GlobalArguments.apply(argv)
        } catch {
            StandardStreams.emit("preflight: \(error)\n", to: STDERR_FILENO)
            Foundation.exit(2)
        }
        if arguments.count == 2, arguments.first == "hook", let name = arguments.last,
            let hook = GitHookName(rawValue: name), hook == .preCommit || hook == .preMergeCommit
        {
            do {
                try HookCommand.checkIndex(hook, verbose: false)
                return
            } catch {
                exit(withError: error)
            }
        }
        do {
            // `affected` and `check` in their plain forms (CI's calls) skip the parser's reflection too.
            if let quick = QuickArguments.parse(arguments) { return try quick.run() }
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error).rawValue == 64 {
                StandardStreams.emit(fullMessage(for: error) + "\n", to: STDERR_FILENO)
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
