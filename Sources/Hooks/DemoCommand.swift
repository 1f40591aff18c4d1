import ArgumentParser
import Checks
import Foundation

extension Preflight {
    /// `preflight demo`: builds a sample monorepo and runs the main commands on it.
    struct DemoCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Build a sample monorepo in DIR (default: a new temporary directory) and show what its "
                + "feature branch affects."
        )

        @Argument(help: "Where to build the sample repository (must not exist yet).")
        var directory: String?

        func run() throws {
            // The hint names this very binary by its path unless it was found on PATH.
            let invoked = CommandLine.arguments[0]
            let executable = invoked.contains("/") ? URL(fileURLWithPath: invoked).standardizedFileURL.path : invoked
            try finish(DemoTour(directory: directory, environment: processEnvironment, executable: executable).run)
        }
    }
}
