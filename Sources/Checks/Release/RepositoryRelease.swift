import Foundation

/// A repository release, planned from HEAD: version files, the changelog step, the release commit and the
/// annotated tag, each as `[version]` and `[release]` say; made or undone as a whole.
struct RepositoryRelease {
    let shell: ReleaseShell
    let version: ReleasedVersion
    /// The release it follows: the highest release tag reachable from HEAD, else the version files' version.
    let previous: ReleasedVersion?
    /// Each version file's data path (through links) and the bytes it gets.
    let files: [(path: RepoPath, bytes: [UInt8])]
    /// The changelog command, `{version}` filled in; nil when there is none.
    let changelog: [String]?
    let subject: String
    let tagName: String
    let tagMessage: String
    /// HEAD before the release: what a failure goes back to.
    let head: ObjectID
    /// The branch HEAD is on, for the push command.
    let branch: String?

    /// The steps, as `--dry-run` and the progress lines show them.
    var steps: [String] {
        var lines = files.map { file in
            let newline = file.bytes.last == UInt8(ascii: "\n") ? "" : " (no trailing newline, as before)"
            return "write \(file.path): \(version.text)\(newline)"
        }
        if let changelog { lines.append("run \(Job.commandLine(changelog))") }
        lines.append("git add -A && git commit -m '\(subject)'")
        lines.append("git tag -a \(tagName) -m '\(tagMessage)'")
        lines.append("preflight release check \(tagName)")
        return lines
    }

    /// How to publish it once made.
    var pushCommand: String { "git push --atomic origin \(branch ?? "HEAD") \(tagName)" }

    /// Makes the release; on any failure puts the index, the working tree, HEAD and the tags back as they were
    /// and rethrows. `check` judges the new tag and returns its failures (empty when it passes).
    func make(check: (String) throws -> [String]) throws {
        var tagged = false
        do {
            for file in files {
                try write(file.bytes, to: file.path)
            }
            if let changelog {
                let outcome = shell.run(changelog)
                guard outcome.passed else {
                    let status = outcome.status.map { "exit \($0)" } ?? "did not finish"
                    throw ReleaseStepError(
                        "\(Job.commandLine(changelog)) failed (\(status)): \(ReleaseShell.tail(outcome.output))")
                }
            }
            try shell.git("add", "-A")
            try shell.git("commit", "-q", "-m", subject)
            try shell.git("tag", "-a", tagName, "-m", tagMessage)
            tagged = true
            let failures = try check(tagName)
            if !failures.isEmpty {
                throw ReleaseStepError("release check failed: \(failures.joined(separator: "; "))")
            }
        } catch {
            try rollBack(tagged: tagged)
            throw error
        }
    }

    /// Back to HEAD as it was: the new tag deleted, the branch, index and tracked files reset, and the files
    /// the release created removed (the tree was clean before, so every untracked file is the release's).
    private func rollBack(tagged: Bool) throws(ReleaseStepError) {
        if tagged { try shell.git("tag", "-d", tagName) }
        try shell.git("reset", "-q", "--hard", head.hex)
        try shell.git("clean", "-fdq")
    }

    private func write(_ bytes: [UInt8], to path: RepoPath) throws(ReleaseStepError) {
        let full = shell.directory + "/" + (path.utf8String ?? "")
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: full))
        } catch {
            throw ReleaseStepError("cannot write \(path): \(FoundationFileError.describe(error))")
        }
    }
}
