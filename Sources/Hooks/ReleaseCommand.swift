import ArgumentParser
import Checks
import Foundation

extension Preflight {
    /// `preflight release`: release checks.
    struct ReleaseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Release checks: tags and versions.",
            subcommands: [ReleaseCheckCommand.self]
        )
    }

    /// `preflight release check [TAG] [--version X]`.
    struct ReleaseCheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a release tag (or every release tag at HEAD) against [release] in preflight.toml.",
            discussion: "The configuration is read from the tagged commit. Exit 1 when a rule fails."
        )

        @Argument(help: "The tag to check; default: every release tag pointing at HEAD.")
        var tag: String?

        @Option(help: "Also check that the version files and changelog.txt of the commit say this version.")
        var version: String?

        @Option(help: "text, json, github, junit or sarif.")
        var format: String = "text"

        func validate() throws {
            if CheckFormat(rawValue: format) == nil {
                throw ValidationError("--format takes text, json, github, junit or sarif, got '\(format)'")
            }
        }

        func run() throws {
            let report: CheckReport
            do {
                let repository = try Repository()
                let commit: ObjectID
                var names: [String]
                if let tag {
                    guard let info = try repository.tag(tag) else { throw UnknownTagError(name: tag) }
                    commit = info.commit
                    names = [tag]
                } else {
                    guard let head = try repository.headCommit() else {
                        throw UsageError(description: "HEAD has no commit yet: name a tag")
                    }
                    commit = head
                    names = []
                }
                let snapshot = try CommitSnapshot(repository, commit: commit)
                let workspace = try Workspace(snapshot)
                let configuration = workspace.configuration
                if tag == nil, let pattern = VersionPattern(configuration.release.tag) {
                    names = try repository.tagNames().filter { name in
                        pattern.version(in: name) != nil && (try? repository.tag(name))??.commit == commit
                    }
                    if names.isEmpty { printError("note: no release tag (\(configuration.release.tag)) points at HEAD") }
                }
                var findings: [Finding] = []
                for name in names {
                    findings += try ReleaseTagCheck().judge(name, configuration: configuration,
                                                               history: GitHistory(repository))
                }
                if let version {
                    findings += try ReleaseTagCheck().stated(version, in: snapshot, configuration: configuration)
                }
                findings = findings.map { $0.withTarget($0.path.map { workspace.owner(of: $0).id } ?? "//") }
                report = CheckReport(findings: findings, checks: ["release-tag"], targets: ["//"],
                                     base: "", head: commit.hex)
            } catch {
                throw fail(error)
            }
            let color = isatty(STDOUT_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
            emit(FindingsReport(report).render(CheckFormat(rawValue: format)!, color: color))
            if report.failed { throw ExitCode(1) }
        }
    }
}
