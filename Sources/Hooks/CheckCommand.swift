import ArgumentParser
import Checks

extension Preflight {
    /// `preflight check`: integrity checks on a change, in every format CI systems read.
    struct CheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract:
                "Check a change: links, copies, conflict markers, lockfiles, changelogs, versions and release tags.",
            discussion: """
                Checks: \(CheckCatalog.all.map(\.id).joined(separator: ", ")).
                Exit status: 0 clean or only warnings, 1 an error finding, 2 bad usage or configuration, \
                3 the repository cannot answer. PREFLIGHT_SKIP=id,.. and SKIP=id,.. skip checks.
                """
        )

        @OptionGroup var changes: ChangeOptions

        @Option(help: "Run only these checks (ids, comma-separated, or 'integrity').")
        var only: [String] = []

        @Option(help: "Skip these checks (ids, comma-separated).")
        var skip: [String] = []

        @Flag(help: "Apply automatic fixes to the working tree (managed links); the index is left to you.")
        var fix = false

        @Option(help: "How to print the report.")
        var format: CheckFormat = .text

        @Option(
            name: .customLong("output"),
            help: ArgumentHelp(
                "Also write the report in FORMAT to FILE (repeatable), e.g. sarif=preflight.sarif.",
                valueName: "FORMAT=FILE"), transform: parseReportOutput)
        var outputs: [ReportOutput] = []

        @Flag(help: "Print findings only, without the summary line.")
        var quiet = false

        /// The typed options these flags make.
        var options: CheckOptions {
            CheckOptions(
                changes: changes.selection, only: only, skip: skip, fix: fix, format: format,
                outputs: outputs, quiet: quiet, environment: processEnvironment)
        }

        func run() throws { try finish(options.run) }
    }
}
