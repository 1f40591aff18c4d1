import ArgumentParser
import Checks
import Foundation

@main
struct Preflight: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "git-hook and CI checks for monorepos: what did this change touch, and is it safe?",
        subcommands: [AffectedCommand.self, CheckCommand.self, RunCommand.self, LockCommand.self, ReleaseCommand.self, InstallCommand.self, UninstallCommand.self, HookCommand.self, TargetsCommand.self, DemoCommand.self]
    )

    /// Runs the command; bad usage exits 2 (DESIGN's exit statuses), not ArgumentParser's 64.
    static func main() {
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
