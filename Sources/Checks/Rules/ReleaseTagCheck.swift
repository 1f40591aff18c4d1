import Formats
import Foundation
import Model

/// A release tag is named, annotated, worded and placed as `[release]` says.
///
/// Judged for the tags named (pre-push passes pushed tags; `preflight release check TAG`), else for the
/// release tags pointing at the head commit of a range. Only tags matching `[release] tag` count.
///
/// Triggers (error): a named tag that does not match `[release] tag`; a version that does not parse; a
/// lightweight tag where `annotated = true`; a message subject other than `Release v<version>` (or
/// `Pre-release v<version>` for a pre-release; a signature block may follow); a tagged commit whose version
/// files (or root `changelog.txt` top entry) say another version; a tagged commit whose subject is not
/// `release: <version>` (a ` (#123)` suffix allowed) — the hint names the release commit when it is an
/// ancestor; a version not higher than every earlier release tag reachable from the tagged commit; a
/// commit on no release branch (`[release] branches`: names, or regexes starting with `^`).
/// Triggers (warning): nothing in the commit states a version; no release branch exists here to check.
/// Does not trigger: a tag meeting every rule, e.g. a backport `24.03.1` on branch `24.03` after `24.09.0`.
public struct ReleaseTagCheck: Check {
    public let id = CheckID.releaseTag.rawValue
    public let summary = "release tags are annotated, worded, versioned and placed as [release] says"

    public init() {}

    public func findings(in context: CheckContext) throws -> [Finding] {
        let configuration = context.head.configuration
        let history = context.history
        var names = context.releaseTags ?? []
        if context.releaseTags == nil {
            guard let commit = context.changeSet.head.commitID,
                let pattern = VersionPattern(configuration.release.tag)
            else { return [] }
            names = try history.tagNames().filter { name in
                try pattern.version(in: name) != nil && history.tag(name)?.commit == commit
            }
        }
        var findings: [Finding] = []
        for name in names {
            findings += try judge(name, configuration: configuration, history: history)
        }
        return findings
    }

    /// Every rule for the tag `name`, under `configuration` (the tagged commit's, normally).
    public func judge(_ name: String, configuration: Configuration, history: any History) throws -> [Finding] {
        let release = configuration.release
        let scheme = configuration.version.scheme
        func error(_ message: String, fix: String? = nil, path: RepoPath? = nil, severity: Severity = .error) -> Finding
        {
            Finding(check: id, severity: severity, message: "tag \(name): \(message)", path: path, fix: fix)
        }
        guard let pattern = VersionPattern(release.tag) else {
            throw ConfigurationError(
                file: "preflight.toml", line: nil, key: "release.tag",
                message: "[release] tag '\(release.tag)' has no {version}")
        }
        guard let tag = try history.tag(name) else {
            throw UnknownTagError(name: name)
        }
        guard let text = pattern.version(in: tag.name) else {
            return [
                error(
                    "name does not match [release] tag '\(release.tag)'",
                    fix: "name release tags \(pattern.filled("<version>"))")
            ]
        }
        let version: Version
        do {
            version = try Version(text, scheme: scheme)
        } catch {
            return [Finding(check: id, severity: .error, message: "tag \(name): \(error)", path: nil)]
        }
        var findings: [Finding] = []
        let wording = version.isPrerelease ? release.prereleaseMessage : release.message
        let subject = VersionPattern(wording)?.filled(text) ?? wording
        if release.annotated && !tag.annotated {
            findings.append(
                error(
                    "is a lightweight tag; release tags must be annotated",
                    fix: "git tag -d \(name) && git tag -a \(name) -m '\(subject)' \(tag.commit.short)"))
        }
        if tag.annotated, tag.subject != subject {
            findings.append(
                error(
                    "message is '\(tag.subject ?? "")', expected '\(subject)'",
                    fix: "git tag -f -a \(name) -m '\(subject)' \(tag.commit.short)"))
        }
        findings += try statedVersion(tag, version: version, configuration: configuration, history: history, error)
        findings += try releaseCommit(
            tag, text: text, version: version, configuration: configuration,
            history: history, error)
        findings += try earlierTags(tag, version: version, pattern: pattern, scheme: scheme, history: history, error)
        findings += try branches(tag, configuration: configuration, history: history, error)
        return findings
    }

    typealias Make = (_ message: String, _ fix: String?, _ path: RepoPath?, _ severity: Severity) -> Finding

    /// The tagged commit's version files (or root changelog) say the tag's version.
    private func statedVersion(
        _ tag: TagInfo, version: Version, configuration: Configuration, history: any History,
        _ make: Make
    ) throws -> [Finding] {
        let snapshot = try history.snapshot(ofCommit: tag.commit)
        return try stated(version, in: snapshot, configuration: configuration).map { problem in
            make(
                "\(problem.message) in the tagged commit",
                problem.severity == .error ? "tag the commit that says \(version)" : nil,
                problem.path, problem.severity)
        }
    }

    /// `release check --version X`: the snapshot's version files and changelog say `text`.
    public func stated(_ text: String, in snapshot: Snapshot, configuration: Configuration) throws -> [Finding] {
        do {
            let version = try Version(text, scheme: configuration.version.scheme)
            return try stated(version, in: snapshot, configuration: configuration)
        } catch let error as VersionError {
            return [Finding(check: id, severity: .error, message: "--version \(error)", path: nil)]
        }
    }

    /// Findings (without a tag prefix) where the version files, else the root changelog, say another version.
    func stated(_ version: Version, in snapshot: Snapshot, configuration: Configuration) throws -> [Finding] {
        let resolver = LinkResolver(snapshot)
        var stated = false
        var findings: [Finding] = []
        for file in configuration.version.files where snapshot.table.entry(at: file) != nil {
            let resolution = try resolver.resolve(file)
            guard let data = resolution.target, let bytes = try snapshot.bytes(at: data) else { continue }
            stated = true
            if case .success(let found) = VersionCheck.read(bytes, scheme: configuration.version.scheme),
                found == version
            {
                continue
            }
            let said = String(decoding: bytes.prefix(40), as: UTF8.self).trimmingWhitespace()
            findings.append(
                Finding(check: id, severity: .error, message: "\(file) says '\(said)', not \(version)", path: file))
        }
        let changelog = RepoPath("changelog.txt")
        if !stated, let bytes = try snapshot.bytes(at: changelog), let top = Changelog(bytes).top {
            stated = true
            if (try? Version(top.version.description, scheme: configuration.version.scheme)) != version {
                findings.append(
                    Finding(
                        check: id, severity: .error,
                        message: "changelog.txt's top entry is \(top.version), not \(version)", path: changelog))
            }
        }
        if !stated {
            let files = configuration.version.files.map(\.description).joined(separator: ", ")
            findings.append(
                Finding(
                    check: id, severity: .warning,
                    message: "nothing states a version (no \(files) or changelog.txt)", path: nil))
        }
        return findings
    }

    /// The tagged commit is the release commit (`release: <version>`).
    private func releaseCommit(
        _ tag: TagInfo, text: String, version: Version, configuration: Configuration,
        history: any History, _ make: Make
    ) throws -> [Finding] {
        guard let pattern = VersionPattern(configuration.release.commit) else { return [] }
        let message = try history.message(ofCommit: tag.commit)
        if let named = pattern.version(in: message.subject, allowingPullRequest: true),
            (try? Version(named, scheme: configuration.version.scheme)) == version
        {
            return []
        }
        let expected = pattern.filled(text)
        var fix = "tag the commit whose subject is '\(expected)'"
        // The usual slip: the tag went on a later commit. Look back a little for the release commit.
        if let earlier = try? history.commits(from: nil, to: tag.commit).prefix(200) {
            for id in earlier.dropFirst() {
                guard let subject = try? history.message(ofCommit: id).subject,
                    let named = pattern.version(in: subject, allowingPullRequest: true),
                    (try? Version(named, scheme: configuration.version.scheme)) == version
                else { continue }
                fix = "the release commit is \(id.short): git tag -f -a \(tag.name) -m '...' \(id.short)"
                break
            }
        }
        return [
            make(
                "points at \(tag.commit.short) ('\(message.subject.prefix(60))'), not at a '\(expected)' commit", fix,
                nil, .error)
        ]
    }

    /// Higher than every earlier release tag reachable from the tagged commit.
    private func earlierTags(
        _ tag: TagInfo, version: Version, pattern: VersionPattern, scheme: VersionScheme,
        history: any History, _ make: Make
    ) throws -> [Finding] {
        var findings: [Finding] = []
        for name in try history.tagNames() where name != tag.name {
            guard let text = pattern.version(in: name), let other = try? Version(text, scheme: scheme),
                let info = try history.tag(name), !(other < version),
                history.isAncestor(info.commit, of: tag.commit)
            else { continue }
            findings.append(
                make(
                    "\(version) is not higher than \(other) (tag \(name)), which is reachable from it",
                    "release a higher version than \(other)", nil, .error))
        }
        return findings
    }

    /// The tagged commit is on the default branch or a release branch.
    private func branches(
        _ tag: TagInfo, configuration: Configuration, history: any History,
        _ make: Make
    ) throws -> [Finding] {
        var patterns = configuration.release.branches
        if !patterns.contains(configuration.workspace.defaultBranch) {
            patterns.append(configuration.workspace.defaultBranch)
        }
        var regexes: [NSRegularExpression] = []
        for p in patterns where p.hasPrefix("^") {
            do {
                regexes.append(try NSRegularExpression(pattern: p))
            } catch {
                throw ConfigurationError(
                    file: "preflight.toml", line: nil, key: "release.branches",
                    message: "[release] branches: '\(p)' is not a regular expression")
            }
        }
        let releaseBranches = history.branchTips().filter { branch in
            patterns.contains(branch.name)
                || regexes.contains { regex in
                    regex.firstMatch(in: branch.name, range: NSRange(branch.name.startIndex..., in: branch.name)) != nil
                }
        }
        let shown = patterns.joined(separator: ", ")
        guard !releaseBranches.isEmpty else {
            return [
                make(
                    "cannot check the release branch: no branch here matches \(shown)", "fetch the release branches",
                    nil, .warning)
            ]
        }
        if releaseBranches.contains(where: { history.isAncestor(tag.commit, of: $0.tip) }) { return [] }
        return [
            make(
                "commit \(tag.commit.short) is on no release branch (\(shown))",
                "release from the default branch or a release branch", nil, .error)
        ]
    }
}

/// A tag named on the command line or in pre-push input that the repository does not have (exit 3).
public struct UnknownTagError: Error, CustomStringConvertible, Sendable {
    public let name: String
    public init(name: String) { self.name = name }
    public var description: String { "unknown tag '\(name)': fetch tags ('git fetch --tags') or check the name" }
}
