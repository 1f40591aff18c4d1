import ArgumentParser
import Checks

@main
struct Preflight: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "git-hook and CI checks for monorepos: what did this change touch, and is it safe?",
        subcommands: [AffectedCommand.self, TargetsCommand.self, DemoCommand.self]
    )
}
