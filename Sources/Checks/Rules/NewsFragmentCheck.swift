import Formats
import Model

/// Where towncrier writes the changelog from news fragments, a change carries a fragment with a known type.
///
/// On when the head snapshot configures towncrier (`towncrier.toml`, or `[tool.towncrier]` in
/// `pyproject.toml`). Judged over the whole change, as `towncrier check --compare-with` does, so a branch
/// adds one fragment once.
///
/// Triggers (error): a new or edited fragment whose name towncrier cannot split into `<id>.<type>[.<n>]`
/// with a configured type (not at pre-commit either); a change that touches a path outside the fragment
/// directories and adds no fragment of a checked type. A towncrier configuration that does not parse.
/// Does not trigger: a change whose every commit is a release commit (`[release] commit`); one touching only
/// `[news] exempt` globs; one that edits the news file (towncrier's own rule); at pre-commit (the index),
/// a missing fragment; names towncrier ignores (`README.md`, `.gitkeep`, the template, `ignore`).
public struct NewsFragmentCheck: Check {
    public let id = CheckID.newsFragment.rawValue
    public let summary = "changes add a towncrier news fragment of a known type where towncrier is configured"

    public init() {}

    public func findings(in context: CheckContext) throws -> [Finding] {
        let head = context.changeSet.head
        let towncrier: Towncrier
        do {
            let read = try Towncrier.read(
                towncrierTOML: try head.bytes(at: RepoPath("towncrier.toml")),
                pyproject: try head.bytes(at: RepoPath("pyproject.toml")))
            guard let read else { return [] }
            towncrier = read
        } catch let error as FormatError {
            return [
                Finding(
                    check: id, severity: .error, message: "towncrier's configuration cannot be read: \(error.message)",
                    path: RepoPath(error.file), line: error.line, fix: "fix the file so towncrier can read it")
            ]
        }
        let directories = towncrier.directories.map(RepoPath.init)
        let candidates: [RepoPath] =
            context.everything
            ? directories.flatMap { head.table.entries(under: $0).map(\.path) }.filter {
                directories.contains($0.parent)
            }
            : context.changeSet.changes.filter { $0.newMode != nil && directories.contains($0.path.parent) }.map(\.path)
        var findings: [Finding] = []
        var counted = false
        for path in candidates {
            let name = String(decoding: path.name, as: UTF8.self)
            if towncrier.isIgnored(name) { continue }
            if let fragment = towncrier.fragment(named: name) {
                counted = counted || !towncrier.unchecked.contains(fragment.type)
                continue
            }
            findings.append(
                Finding(
                    check: id, severity: .error,
                    message: "news fragment '\(name)' names no known type (\(towncrier.types.joined(separator: ", ")))",
                    path: path,
                    fix: "rename it <id>.<type>\(towncrier.suffix), e.g. \(example(towncrier)), or list it in "
                        + "towncrier's ignore"))
        }
        if counted || context.everything || head.kind == .index { return findings }
        if try needsNoFragment(towncrier, directories, in: context) { return findings }
        let directory = directories.first ?? .root
        findings.append(
            Finding(
                check: id, severity: .error,
                message: "this change adds no news fragment to \(directory.isRoot ? "the root" : "\(directory)/") "
                    + "(types: \(towncrier.checkedTypes.joined(separator: ", ")))",
                path: directory,
                fix: "run \(example(towncrier)) with your pull request or issue number and type, "
                    + "write one line, and commit it"))
        return findings
    }

    /// `towncrier create <id>.<type><suffix>`, with `feature` when it is a type, else the first checked one.
    private func example(_ towncrier: Towncrier) -> String {
        let checked = towncrier.checkedTypes
        let type = checked.contains("feature") ? "feature" : checked.first ?? "feature"
        return "'towncrier create <id>.\(type)\(towncrier.suffix)'"
    }

    /// True when the change touches only fragment directories and exempt paths, edits the news file, or
    /// consists of release commits only.
    private func needsNoFragment(
        _ towncrier: Towncrier, _ directories: [RepoPath], in context: CheckContext
    ) throws -> Bool {
        let touched = context.changeSet.touchedPaths
        if touched.contains(RepoPath(towncrier.newsFile)) { return true }
        let exempt = context.head.configuration.news.exempt.compactMap { try? Glob($0) }
        let outside = touched.filter { path in
            !directories.contains { path.isInside($0) } && !exempt.contains { $0.matches(path) }
        }
        if outside.isEmpty { return true }
        return try onlyReleaseCommits(in: context)
    }

    /// True when the change's commits are all release commits (`[release] commit`) and there is one at least.
    private func onlyReleaseCommits(in context: CheckContext) throws -> Bool {
        let changeSet = context.changeSet
        guard case .commit(let base) = changeSet.base.kind,
            let pattern = VersionPattern(context.head.configuration.release.commit)
        else { return false }
        let head: ObjectID?
        switch changeSet.head.kind {
        case .commit(let commit): head = commit
        case .workingTree: head = try context.history.headCommit()
        case .index: head = nil
        }
        guard let head else { return false }
        let commits = try context.history.commits(from: base, to: head)
        guard !commits.isEmpty else { return false }
        for commit in commits {
            let subject = try context.history.message(ofCommit: commit).subject
            if pattern.version(in: subject, allowingPullRequest: true) == nil { return false }
        }
        return true
    }
}
