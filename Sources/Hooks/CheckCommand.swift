import ArgumentParser
import Checks
import Foundation

extension Preflight {
    /// `preflight check`: integrity checks on a change, in every format CI systems read.
    struct CheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a change: links, destroyed links, managed links, conflict markers.",
            discussion: """
                Checks: \(CheckCatalog.all.map(\.id).joined(separator: ", ")).
                Exit status: 0 clean or only warnings, 1 an error finding, 2 bad usage or configuration, \
                3 the repository cannot answer. PREFLIGHT_SKIP=id,.. and SKIP=id,.. skip checks.
                """
        )

        @OptionGroup var changes: ChangeOptions
        @OptionGroup var dependentsOptions: DependentsOptions

        @Option(help: "Run only these checks (ids, comma-separated, or 'integrity').")
        var only: [String] = []

        @Option(help: "Skip these checks (ids, comma-separated).")
        var skip: [String] = []

        @Flag(help: "Apply automatic fixes to the working tree (managed links); the index is left to you.")
        var fix = false

        @Option(help: "text, json, github, junit or sarif.")
        var format: String = "text"

        @Option(name: .customLong("output"), help: ArgumentHelp(
            "Also write the report in FORMAT to FILE (repeatable), e.g. sarif=preflight.sarif.",
            valueName: "FORMAT=FILE"))
        var outputs: [String] = []

        @Flag(help: "Print findings only, without the summary line.")
        var quiet = false

        func validate() throws {
            if CheckFormat(rawValue: format) == nil {
                throw ValidationError("--format takes text, json, github, junit or sarif, got '\(format)'")
            }
            for output in outputs {
                let parts = output.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, CheckFormat(rawValue: String(parts[0])) != nil, !parts[1].isEmpty else {
                    throw ValidationError("--output takes FORMAT=FILE with FORMAT text, json, github, junit or sarif, got '\(output)'")
                }
            }
        }

        func run() throws {
            try CheckCommand.check(changes: changes, only: only, skip: skip, fix: fix, format: format,
                                   outputs: outputs, quiet: quiet, dependents: dependentsOptions.dependents)
        }

        /// Runs the selected checks on the change and prints the report; exit 1 on an error finding.
        static func check(changes: ChangeOptions, only: [String], skip: [String], fix: Bool, format: String,
                          outputs: [String], quiet: Bool, dependents: Dependents = .transitive) throws {
            let report: CheckReport
            do {
                let repository = try Repository()
                let environment = ProcessInfo.processInfo.environment
                let changeSet = try ChangeSet.make(repository, changes.request(repository))
                changeSet.notes.forEach { printError("note: \($0)") }
                let affected = try Affected(changeSet, dependents: dependents)
                affected.warnings.forEach { printError("warning: \($0)") }
                let checks = try CheckCatalog.select(only: only, skip: skip, environment: environment,
                                                     configured: affected.head.workspace.configuration.checks.skip)
                let context = CheckContext(affected)
                var result = try CheckRun.run(checks, in: context)
                if fix { result = applyFixes(result, changeSet: changeSet) }
                report = result
            } catch {
                throw fail(error)
            }
            for output in outputs {
                let parts = output.split(separator: "=", maxSplits: 1).map(String.init)
                let text = FindingsReport(report).render(CheckFormat(rawValue: parts[0])!)
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: parts[1]), options: .atomic)
                } catch {
                    printError("cannot write \(parts[1]): \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            }
            let environment = ProcessInfo.processInfo.environment
            let color = isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
            emit(FindingsReport(report).render(CheckFormat(rawValue: format)!, color: color, quiet: quiet))
            if report.failed { throw ExitCode(1) }
        }

        /// Applies the automatic fixes and says what each did. Fixed findings leave the report only when
        /// the working tree was the snapshot checked; otherwise what was checked still holds them.
        private static func applyFixes(_ report: CheckReport, changeSet: ChangeSet) -> CheckReport {
            let outcomes = Fixer.apply(report.findings, in: changeSet.repository)
            outcomes.forEach { printError(($0.applied ? "fixed: " : "") + $0.message) }
            guard changeSet.head is WorkingTreeSnapshot else { return report }
            let fixed = Set(outcomes.filter(\.applied).map(\.path))
            let remaining = report.findings.filter { f in !(f.autofix != nil && f.path.map(fixed.contains) == true) }
            return CheckReport(findings: remaining, checks: report.checks, targets: report.targets,
                               base: report.base, head: report.head)
        }
    }
}
