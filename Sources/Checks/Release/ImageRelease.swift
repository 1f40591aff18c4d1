import Foundation

/// An image release of a runnable dir: a new top entry in its `changelog.txt`, written and staged, not
/// committed, and held to the `changelog` check.
struct ImageRelease {
    let shell: ReleaseShell
    /// The dir's `changelog.txt`.
    let file: RepoPath
    /// Its bytes before, and with the new entry on top.
    let old: [UInt8]
    let new: [UInt8]
    /// The new entry's lines.
    let entry: [String]

    /// What the release adds, for the terminal.
    var summary: String { "add to \(file):\n" + entry.map { "  \($0)" }.joined(separator: "\n") }

    /// Plans the entry, or refuses (exit 2): no changelog or no entry to follow, a changelog with edits of its
    /// own in the index or working tree, a version not above the top entry, no message and no commit to take
    /// one from.
    static func plan(
        _ repository: Repository, dir text: String, request: ReleaseVersionRequest, messages: [String],
        environment: [String: String]
    ) throws -> ImageRelease {
        guard let workdir = repository.workdir else { throw UsageError("a bare repository has no working tree") }
        guard let head = try repository.headCommit() else { throw UsageError("HEAD has no commit to release yet") }
        let shell = ReleaseShell(
            directory: String(workdir.dropLast(workdir.hasSuffix("/") ? 1 : 0)), environment: environment)
        let dir = RepoPath(text.split(separator: "/").filter { $0 != "." }.joined(separator: "/"))
        let file = dir.appending("changelog.txt")
        guard let old = try repository.blob(atPath: file, inCommit: head) else {
            throw UsageError("\(file) is not in HEAD: --target names a runnable dir with a committed changelog.txt")
        }
        let status = try shell.git("status", "--porcelain", "--", "\(file)")
        if !status.isEmpty { throw UsageError("\(file) has changes of its own: commit or discard them first") }
        let changelog = Changelog(old)
        guard let top = changelog.top else {
            throw UsageError("\(file) has no entry to follow: write the first one by hand (# <image>-1.0.0)")
        }
        let current = ReleasedVersion(version: .semver(top.version), text: top.version.description)
        let version = try request.version(after: current, scheme: .semver)
        guard case .semver(let semver) = version.version, top.version < semver else {
            throw UsageError("\(version.text) is not above \(file)'s top entry \(top.version): pick a higher version")
        }
        var name = top.name
        if let config = try repository.blob(atPath: dir.appending("repo_config.yaml"), inCommit: head),
            let image = try RepoConfig.parse(config, file: "\(dir.appending("repo_config.yaml"))").imageName
        {
            name = image
        }
        var lines = messages
        if lines.isEmpty { lines = try subjects(repository, dir: dir, file: file, top: top, head: head) }
        if lines.isEmpty {
            throw UsageError("no commit touched \(dir) since its last changelog entry: say what changed with --message")
        }
        let entry = ["# \(name)-\(semver)", "- \(Changelog.Day.today())"] + lines.map { "- \($0)" }
        let new = Array((entry.joined(separator: "\n") + "\n\n").utf8) + old
        return ImageRelease(shell: shell, file: file, old: old, new: new, entry: entry)
    }

    /// The subjects of the commits (merges left out) that touched `dir` since the commit that wrote the top
    /// entry, oldest first.
    private static func subjects(
        _ repository: Repository, dir: RepoPath, file: RepoPath, top: Changelog.Entry, head: ObjectID
    ) throws -> [String] {
        var since: [ObjectID] = []
        for commit in try repository.commits(from: nil, to: head) {
            let bytes = try repository.blob(atPath: file, inCommit: commit)
            guard let entry = bytes.flatMap({ Changelog($0).top }), entry.name == top.name,
                entry.version == top.version
            else { break }
            since.append(commit)
        }
        var result: [String] = []
        for commit in since.dropLast() {
            let parents = try repository.parents(ofCommit: commit)
            guard parents.count == 1 else { continue }
            let now = try repository.entryID(atPath: dir, inCommit: commit)
            if now != (try repository.entryID(atPath: dir, inCommit: parents[0])) {
                result.append(try repository.message(ofCommit: commit).subject)
            }
        }
        return result.reversed()
    }

    /// Writes and stages the entry, then runs the `changelog` check on the index; on a failure puts the file
    /// and its index entry back and throws.
    func make() throws {
        let full = shell.directory + "/" + (file.utf8String ?? "")
        do {
            do {
                try Data(new).write(to: URL(fileURLWithPath: full))
            } catch {
                throw ReleaseStepError("cannot write \(file): \(FoundationFileError.describe(error))")
            }
            try shell.git("add", "--", "\(file)")
            let repository = try Repository(discoveringFrom: shell.directory)
            let context = CheckContext(try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged))))
            let errors = try CheckRun.run([ChangelogCheck()], in: context).findings.filter { $0.severity == .error }
            if !errors.isEmpty {
                throw ReleaseStepError(
                    "the changelog check fails on the new entry: \(errors.map(\.message).joined(separator: "; "))")
            }
        } catch {
            do {
                try Data(old).write(to: URL(fileURLWithPath: full))
            } catch let putBack {
                throw ReleaseStepError(
                    "\(error); and \(file) cannot be put back: \(FoundationFileError.describe(putBack))")
            }
            try shell.git("reset", "-q", "--", "\(file)")
            throw error
        }
    }
}
