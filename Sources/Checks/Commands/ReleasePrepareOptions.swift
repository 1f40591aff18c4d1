/// `preflight release prepare VERSION|major|minor|patch [--target DIR] [--message TEXT] [--dry-run]`: the typed
/// options, and the entry point that makes a repository release or an image release of a runnable dir.
public struct ReleasePrepareOptions: Sendable {
    /// An exact version, or `major`, `minor`, `patch`.
    public var version: String
    /// The runnable dir whose image is released; nil: the repository.
    public var target: String?
    /// The changelog lines of an image release; empty: the subjects of the dir's commits since its last entry.
    public var messages: [String]
    /// Print every step and write nothing.
    public var dryRun: Bool
    /// The process environment (`PATH` for the changelog command).
    public var environment: [String: String]

    /// The options as parsed; `environment` is the process's.
    public init(
        version: String, target: String? = nil, messages: [String] = [], dryRun: Bool = false,
        environment: [String: String]
    ) {
        self.version = version
        self.target = target
        self.messages = messages
        self.dryRun = dryRun
        self.environment = environment
    }

    /// Makes the release (or, with `--dry-run`, prints its steps); 1 when a step failed and was undone.
    public func run(output: CommandOutput) throws -> Int32 {
        let repository = try Repository()
        let request = ReleaseVersionRequest(version)
        if target == nil, !messages.isEmpty {
            throw UsageError(
                "--message goes with --target DIR; a repository release's changelog comes from "
                    + "[release] changelog-command or towncrier's fragments")
        }
        if let target {
            let release = try ImageRelease.plan(
                repository, dir: target, request: request, messages: messages, environment: environment)
            output.write(release.summary + "\n")
            if dryRun { return 0 }
            do {
                try release.make()
            } catch let error as ReleaseStepError {
                output.error("\(error); \(release.file) is as it was")
                return 1
            }
            output.write("staged \(release.file): commit it with the dir's changes\n")
            return 0
        }
        let release = try RepositoryRelease.plan(
            repository, request: request, environment: environment)
        output.write("release \(release.version.text)\(release.previous.map { " (after \($0.text))" } ?? "")\n")
        for step in release.steps { output.write("  \(step)\n") }
        if dryRun {
            output.write("dry run: nothing written; then: \(release.pushCommand)\n")
            return 0
        }
        do {
            try release.make { tag in try ReleasePrepareOptions.releaseCheck(tag, in: release.shell.directory) }
        } catch let error as ReleaseStepError {
            output.error("\(error); the index, working tree, HEAD and tags are as they were")
            return 1
        }
        output.write("made \(release.tagName); nothing pushed. publish it with: \(release.pushCommand)\n")
        return 0
    }

    /// `preflight release check TAG`'s failures, read through a repository opened afresh (the CLI wrote it).
    static func releaseCheck(_ tag: String, in directory: String) throws -> [String] {
        let repository = try Repository(discoveringFrom: directory)
        guard let info = try repository.tag(tag) else { return ["tag \(tag) was not created"] }
        let configuration = try Workspace(try CommitSnapshot(repository, commit: info.commit)).configuration
        let findings = try ReleaseTagCheck().judge(tag, configuration: configuration, history: GitHistory(repository))
        return findings.filter { $0.severity == .error }.map(\.message)
    }
}
