/// `preflight release check [TAG] [--version X]`: the typed options, and the entry point that judges tags.
public struct ReleaseCheckOptions: Sendable {
    /// The tag; nil: every release tag pointing at HEAD.
    public var tag: String?
    /// A version the commit's version files (else `changelog.txt`) must say.
    public var version: String?
    public var format: CheckFormat
    /// The process environment (`NO_COLOR`).
    public var environment: [String: String]

    /// The options as parsed; `environment` is the process's.
    public init(
        tag: String? = nil, version: String? = nil, format: CheckFormat = .text,
        environment: [String: String]
    ) {
        self.tag = tag
        self.version = version
        self.format = format
        self.environment = environment
    }

    /// Judges the tags with the tagged commit's configuration and prints the report; 1 when a rule fails.
    public func run(output: CommandOutput) throws -> Int32 {
        let repository = try Repository()
        let commit = try taggedCommit(repository)
        let snapshot = try CommitSnapshot(repository, commit: commit)
        let workspace = try Workspace(snapshot)
        let configuration = workspace.configuration
        var names = tag.map { [$0] } ?? []
        if tag == nil, let pattern = VersionPattern(configuration.release.tag) {
            names = try repository.tagNames().filter { name in
                try pattern.version(in: name) != nil && repository.tag(name)?.commit == commit
            }
            if names.isEmpty { output.error("note: no release tag (\(configuration.release.tag)) points at HEAD") }
        }
        var findings: [Finding] = []
        for name in names {
            findings += try ReleaseTagCheck().judge(
                name, configuration: configuration,
                history: GitHistory(repository))
        }
        if let version {
            findings += try ReleaseTagCheck().stated(version, in: snapshot, configuration: configuration)
        }
        findings = findings.map { $0.withTarget($0.path.map { workspace.owner(of: $0).id } ?? "//") }
        let report = CheckReport(
            findings: findings, checks: ["release-tag"], targets: ["//"], base: "",
            head: commit.hex)
        output.write(
            FindingsReport(report, command: "preflight release check").render(format, color: output.color(environment)))
        return report.failed ? 1 : 0
    }

    /// The commit `tag` points at, else HEAD's.
    private func taggedCommit(_ repository: Repository) throws -> ObjectID {
        if let tag {
            guard let info = try repository.tag(tag) else { throw UnknownTagError(name: tag) }
            return info.commit
        }
        guard let head = try repository.headCommit() else { throw UsageError("HEAD has no commit yet: name a tag") }
        return head
    }
}
