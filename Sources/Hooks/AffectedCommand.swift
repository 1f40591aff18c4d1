import ArgumentParser
import Checks

extension Preflight {
    /// `preflight affected`: which targets a change affects, and why.
    struct AffectedCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "affected",
            abstract: "List the targets a change affects, each with its reasons."
        )

        @OptionGroup var changes: ChangeOptions

        @Flag(help: "Print every reason as a chain: file -> target -> dependents.")
        var explain = false

        @Option(name: .customLong("why-not"), help: "Explain why TARGET is not affected.")
        var whyNot: String?

        @Option(help: "How to print the targets.")
        var format: AffectedFormat = .text

        /// The typed options these flags make.
        var options: AffectedOptions {
            AffectedOptions(changes: changes.selection, explain: explain, whyNot: whyNot, format: format)
        }

        func run() throws { try finish(options.run) }
    }

    /// `preflight targets`: every target of the index, its inputs and dependencies.
    struct TargetsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "targets",
            abstract: "List every target (from the index), its links, inputs and dependencies."
        )

        @Option(help: "How to print the listing.")
        var format: ListingFormat = .text

        func run() throws {
            try finish(TargetsOptions(format: format).run)
        }
    }
}
