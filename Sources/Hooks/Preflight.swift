import ArgumentParser
import Checks
import Foundation

@main
struct Preflight: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "git-hook and CI checks for monorepos: what did this change touch, and is it safe?",
        version: ToolVersion.current,
        subcommands: [AffectedCommand.self, CheckCommand.self, RunCommand.self, LockCommand.self, ReleaseCommand.self, InstallCommand.self, UninstallCommand.self, HookCommand.self, TargetsCommand.self, DemoCommand.self,
                      DepsCommand.self, DependentsCommand.self]
    )

    /// Runs the command; bad usage exits 2 (DESIGN's exit statuses), not ArgumentParser's 64.
    static func main() {
        // The pre-commit hook runs on every commit, and git calls it with exactly this argv: it skips the
        // argument parser, whose reflection costs about 3 ms of start-up. Any other argv is parsed.
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.count == 2, arguments.first == "hook", let hook = arguments.last,
           hook == "pre-commit" || hook == "pre-merge-commit" {
            do {
                try HookCommand.checkIndex(hook: hook, verbose: false)
                return
            } catch {
                exit(withError: error)
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error).rawValue == 64 {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
