import ArgumentParser
import Checks
import Foundation

extension Preflight {
    /// `preflight install`: writes preflight's git hooks where git looks for them.
    struct InstallCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install the pre-commit and pre-push hooks (core.hooksPath, worktrees' common dir, or "
                + ".git/hooks).",
            discussion: "An existing hook that is not preflight's is kept as <name>.local and run first; --force "
                + "replaces it."
        )

        @Option(name: .customLong("hook"), help: "A hook to install (repeatable; default: pre-commit and pre-push).")
        var hooks: [GitHookName] = []

        @Flag(help: "Replace a hook that is not preflight's instead of keeping it as <name>.local.")
        var force = false

        @Flag(
            help: ArgumentHelp(
                "Also set the merge.preflight-lock driver, add merge=preflight-lock lines for the "
                    + "lockfiles to .gitattributes, and install pre-merge-commit and post-merge."))
        var mergeDriver = false

        func run() throws {
            let options = InstallOptions(hooks: hooks, force: force, mergeDriver: mergeDriver, binary: executablePath())
            try finish(options.run)
        }
    }

    /// `preflight uninstall`: removes preflight's hooks and restores the ones they replaced.
    struct UninstallCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove preflight's hooks (and the lockfile merge driver); restore any <name>.local they were "
                + "chained to."
        )

        func run() throws {
            try finish { try InstallOptions.uninstall(binary: executablePath(), output: $0) }
        }
    }
}

/// The absolute path of the running binary (recorded in hooks as the fallback when it is not on PATH).
func executablePath() -> String {
    var buffer = [CChar](repeating: 0, count: 4097)
    let n = readlink("/proc/self/exe", &buffer, 4096)
    if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
}
