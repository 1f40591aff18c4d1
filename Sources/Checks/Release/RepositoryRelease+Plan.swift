import Foundation

extension RepositoryRelease {
    /// Plans a release of `repository` at HEAD, or refuses (exit 2, nothing written): no working tree or
    /// commit, a dirty index or working tree, a version that does not parse under `[version] scheme` or is not
    /// above every release tag reachable from HEAD, a tag that exists, a changelog command that cannot start.
    static func plan(
        _ repository: Repository, request: ReleaseVersionRequest, environment: [String: String]
    ) throws -> RepositoryRelease {
        guard let workdir = repository.workdir else { throw UsageError("a bare repository has no working tree") }
        guard let head = try repository.headCommit() else { throw UsageError("HEAD has no commit to release yet") }
        let shell = ReleaseShell(
            directory: String(workdir.dropLast(workdir.hasSuffix("/") ? 1 : 0)), environment: environment)
        let status = try shell.git("status", "--porcelain", "--untracked-files=all")
        if !status.isEmpty {
            throw UsageError(
                "the index or working tree has changes (\(ReleaseShell.tail(status))): commit or stash them first")
        }
        let snapshot = try CommitSnapshot(repository, commit: head)
        let configuration = try Workspace(snapshot).configuration
        let scheme = configuration.version.scheme
        let release = configuration.release
        let files = try versionFiles(snapshot, configuration.version.files)
        let tags = try releaseTags(repository, release.tag, scheme: scheme, reachableFrom: head)
        let stated = try files.first.flatMap { file throws -> ReleasedVersion? in
            let text = String(decoding: try snapshot.bytes(at: file) ?? [], as: UTF8.self).trimmingWhitespace()
            return (try? Version(text, scheme: scheme)).map { ReleasedVersion(version: $0, text: text) }
        }
        let newest = tags.max { $0.released.version < $1.released.version }
        let previous = newest?.released ?? stated
        let version = try request.version(after: previous, scheme: scheme)
        if let newest, !(newest.released.version < version.version) {
            throw UsageError(
                "\(version.text) is not above the last release \(newest.released.text) (tag \(newest.name)): "
                    + "pick a higher version"
            )
        }
        let fill = { (pattern: String) in pattern.replacingOccurrences(of: "{version}", with: version.text) }
        let tagName = fill(release.tag)
        if try repository.tag(tagName) != nil { throw UsageError("tag \(tagName) exists already") }
        let changelog = try changelogCommand(release.changelogCommand, snapshot, shell)?.map(fill)
        if let program = changelog?.first, !shell.canStart(program) {
            let hint = program == "towncrier" ? "install it (pip install towncrier)" : "install it or fix the command"
            throw UsageError("the changelog command \(program) cannot be started: \(hint)")
        }
        return RepositoryRelease(
            shell: shell, version: version, previous: previous,
            files: try files.map { path in
                (path, newContents(version.text, replacing: try snapshot.bytes(at: path) ?? []))
            },
            changelog: changelog, subject: fill(release.commit), tagName: tagName,
            tagMessage: fill(version.version.isPrerelease ? release.prereleaseMessage : release.message), head: head,
            branch: repository.symbolicTarget("HEAD").map { String($0.dropFirst($0.hasPrefix("refs/heads/") ? 11 : 0)) }
        )
    }

    /// The version files HEAD has, each read through its links to the file that holds the bytes.
    private static func versionFiles(_ snapshot: Snapshot, _ files: [RepoPath]) throws -> [RepoPath] {
        let resolver = LinkResolver(snapshot)
        var result: [RepoPath] = []
        for file in files {
            guard let entry = snapshot.table.entry(at: file) else { continue }
            var data = file
            if entry.mode == .symlink {
                let resolution = try resolver.resolve(file)
                guard resolution.outcome == .file, let target = resolution.target else {
                    throw UsageError("version file \(file) is a link that reaches no file: fix it first")
                }
                data = target
            }
            if !result.contains(data) { result.append(data) }
        }
        return result
    }

    /// The release tags (`[release] tag`) whose commit HEAD reaches, with their versions.
    private static func releaseTags(
        _ repository: Repository, _ pattern: String, scheme: VersionScheme, reachableFrom head: ObjectID
    ) throws -> [(name: String, released: ReleasedVersion)] {
        guard let pattern = VersionPattern(pattern) else { return [] }
        var result: [(String, ReleasedVersion)] = []
        for name in try repository.tagNames() {
            guard let text = pattern.version(in: name), let version = try? Version(text, scheme: scheme),
                let info = try repository.tag(name), repository.isAncestor(info.commit, of: head)
            else { continue }
            result.append((name, ReleasedVersion(version: version, text: text)))
        }
        return result
    }

    /// `[release] changelog-command`, else towncrier's build when the snapshot configures towncrier.
    private static func changelogCommand(
        _ configured: [String]?, _ snapshot: Snapshot, _ shell: ReleaseShell
    ) throws -> [String]? {
        if let configured { return configured }
        let towncrier = try Towncrier.read(
            towncrierTOML: try snapshot.bytes(at: RepoPath("towncrier.toml")),
            pyproject: try snapshot.bytes(at: RepoPath("pyproject.toml")))
        return towncrier == nil ? nil : ["towncrier", "build", "--yes", "--version", "{version}"]
    }

    /// The version as a file holding `old` should hold it: the same line ending, or none when it had none.
    static func newContents(_ version: String, replacing old: [UInt8]) -> [UInt8] {
        let text = Array(version.utf8)
        if old.last != UInt8(ascii: "\n") { return text }
        return text + (old.dropLast().last == UInt8(ascii: "\r") ? [0x0D, 0x0A] : [0x0A])
    }
}
