import Formats
import Model

/// Version files parse under the configured scheme, agree with each other, and (when configured) change
/// only in release commits.
///
/// Version files are `[version] files` (default `VERSION`, skipped where it does not exist); a file that is
/// a link is read through it. In scope when the change touches a version file or what it links to, and
/// with `--all`.
///
/// Triggers (error): a version file that is empty, holds more than one line, or does not parse as
/// `[version] scheme` (`pep440` by default, or `semver`); version files that disagree; with
/// `[version] release-only = true`, a commit in a range that changes a version file without being a
/// release commit (`[release] commit`, default `release: {version}`, a ` (#123)` suffix allowed) for that
/// same version. Release-only is judged per commit over ranges, never for `--staged` or the working tree.
/// Does not trigger: well-formed agreeing files; version changes inside release commits.
public struct VersionCheck: Check {
    public let id = CheckID.version.rawValue
    public let summary = "version files parse, agree, and change only in release commits where configured"

    public init() {}

    public func findings(in context: CheckContext) throws -> [Finding] {
        let settings = context.head.configuration.version
        let head = context.changeSet.head
        let resolver = LinkResolver(head)
        // Each version file and the path whose bytes it holds (the end of its link chain).
        var sources: [(file: RepoPath, data: RepoPath)] = []
        for file in settings.files {
            guard let entry = head.table.entry(at: file) else { continue }
            var data = file
            if entry.mode == .symlink {
                let resolution = try resolver.resolve(file)
                // A link that does not reach a file is the `symlink` check's to report.
                guard resolution.outcome == .file, let target = resolution.target else { continue }
                data = target
            }
            sources.append((file, data))
        }
        let touched = Set(context.changeSet.touchedPaths)
        let inScope =
            context.everything || settings.files.contains(where: touched.contains)
            || sources.contains { touched.contains($0.data) }
        var findings: [Finding] = []
        if inScope {
            findings += try parse(sources, settings: settings, in: context)
        }
        if settings.releaseOnly, !settings.files.isEmpty {
            findings += try releaseOnly(settings, in: context)
        }
        return findings
    }

    /// Each file parses; all agree.
    private func parse(
        _ sources: [(file: RepoPath, data: RepoPath)], settings: VersionSettings,
        in context: CheckContext
    ) throws -> [Finding] {
        var findings: [Finding] = []
        var parsed: [(RepoPath, Version)] = []
        for (file, data) in sources {
            let bytes = try context.changeSet.head.bytes(at: data) ?? []
            switch VersionCheck.read(bytes, scheme: settings.scheme) {
            case .success(let version): parsed.append((file, version))
            case .failure(let problem):
                findings.append(
                    Finding(
                        check: id, severity: .error, message: problem.message, path: file,
                        line: problem.line, fix: "write one \(settings.scheme.rawValue) version, e.g. 1.2.0"))
            }
        }
        if let (firstFile, first) = parsed.first {
            for (file, version) in parsed.dropFirst() where version != first {
                findings.append(
                    Finding(
                        check: id, severity: .error,
                        message: "\(file) says \(version) but \(firstFile) says \(first)", path: file, line: 1,
                        fix: "version files must agree; link it to \(firstFile) or write \(first)"))
            }
        }
        return findings
    }

    /// A problem with a version file's text, and its line.
    struct Problem: Error {
        let line: Int
        let message: String
    }

    /// The version a file holds: one line, surrounding whitespace ignored.
    static func read(_ bytes: [UInt8], scheme: VersionScheme) -> Result<Version, Problem> {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Problem(line: 1, message: "version file is not UTF-8 text"))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).trimmingWhitespace()
        }
        let filled = lines.enumerated().filter { !$0.element.isEmpty }
        guard let first = filled.first else { return .failure(Problem(line: 1, message: "version file is empty")) }
        if filled.count > 1 {
            return .failure(Problem(line: filled[1].offset + 1, message: "version file holds more than one line"))
        }
        do {
            return .success(try Version(first.element, scheme: scheme))
        } catch {
            return .failure(Problem(line: first.offset + 1, message: "\(error)"))
        }
    }

    /// Over a range of commits: every commit that changes a version file is a release commit for it.
    private func releaseOnly(_ settings: VersionSettings, in context: CheckContext) throws -> [Finding] {
        guard let headID = context.changeSet.head.commitID,
            case .commit(let baseID) = context.changeSet.base.kind, !context.everything,
            let pattern = VersionPattern(context.head.configuration.release.commit)
        else { return [] }
        let history = context.history
        let commits = try history.commits(from: baseID, to: headID)
        var findings: [Finding] = []
        for commit in commits {
            let parent = try history.parents(ofCommit: commit).first
            for file in settings.files {
                let now = try history.entryID(atPath: file, inCommit: commit)
                let before = try parent.map { try history.entryID(atPath: file, inCommit: $0) } ?? nil
                guard now != before, let now else { continue }
                let message = try history.message(ofCommit: commit)
                let bytes = try history.blob(now)
                let version = try? VersionCheck.read(bytes, scheme: settings.scheme).get()
                let named = pattern.version(in: message.subject, allowingPullRequest: true)
                if let named, let version, (try? Version(named, scheme: settings.scheme)) == version { continue }
                let expected = version.map { "'\(pattern.filled($0.description))'" } ?? "a release commit"
                findings.append(
                    Finding(
                        check: id, severity: .error,
                        message:
                            "\(file) changed in \(commit.short) ('\(message.subject.prefix(60))'), which is not \(expected)",
                        path: file,
                        fix:
                            "[version] release-only: change version files only in a commit whose subject is \(expected)"
                    ))
            }
        }
        return findings
    }
}
