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
        @OptionGroup var dependentsOptions: DependentsOptions

        @Flag(help: "Print every reason as a chain: file -> target -> dependents.")
        var explain = false

        @Option(name: .customLong("why-not"), help: "Explain why TARGET is not affected.")
        var whyNot: String?

        @Option(help: "text, json, dot or github-matrix.")
        var format: String = "text"

        func validate() throws {
            if AffectedFormat(rawValue: format) == nil {
                throw ValidationError("--format takes text, json, dot or github-matrix, got '\(format)'")
            }
        }

        func run() throws {
            do {
                let repository = try Repository()
                let changeSet = try ChangeSet.make(repository, changes.request(repository))
                changeSet.notes.forEach { printError("note: \($0)") }
                let affected = try Affected(changeSet, dependents: dependentsOptions.dependents)
                affected.warnings.forEach { printError("warning: \($0)") }
                if let whyNot {
                    guard let explanation = WhyNot.explain(whyNot, in: affected) else {
                        throw UsageError(description: "unknown target '\(whyNot)': see 'preflight targets'")
                    }
                    emit(explanation.joined(separator: "\n") + "\n")
                    return
                }
                emit(AffectedReport(affected).render(AffectedFormat(rawValue: format)!, explain: explain))
            } catch {
                throw fail(error)
            }
        }
    }
}
