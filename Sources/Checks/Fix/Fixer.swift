import Foundation

/// Applies the automatic fixes of findings to the working tree, atomically, one path at a time.
///
/// Writes only the working tree, never the index: the user reviews and stages the result. A path whose
/// working-tree bytes are no longer what was checked (unstaged edits) is left alone and reported.
public enum Fixer {
    /// What happened to one fix.
    public struct Outcome: Sendable, Hashable {
        public let path: RepoPath
        public let applied: Bool
        /// Lowercase: `replaced a/x with a link to ../helpers_root/x` or why it was skipped.
        public let message: String
    }

    /// Applies every autofix among `findings`; returns one outcome per fix, in order.
    public static func apply(_ findings: [Finding], in repository: Repository) -> [Outcome] {
        guard let workdir = repository.workdir else {
            return findings.compactMap(\.autofix).map { fix in
                guard case .replaceWithLink(let path, _, _) = fix else { fatalError("unreachable") }
                return Outcome(
                    path: path, applied: false, message: "not fixed \(path): a bare repository has no working tree")
            }
        }
        var outcomes: [Outcome] = []
        for finding in findings {
            guard let fix = finding.autofix else { continue }
            switch fix {
            case .replaceWithLink(let path, let text, let expected):
                outcomes.append(replace(path, with: text, expected: expected, repository: repository, workdir: workdir))
            }
        }
        return outcomes
    }

    private static func replace(
        _ path: RepoPath, with text: [UInt8], expected: ObjectID,
        repository: Repository, workdir: String
    ) -> Outcome {
        let full = Array(workdir.utf8) + path.bytes
        let shownText = RepoPath(bytes: text)
        var info = stat()
        guard withCPath(full, { lstat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return Outcome(
                path: path, applied: false,
                message: "not fixed \(path): it is no longer a regular file in the working tree")
        }
        guard
            let bytes = FileManager.default.contents(atPath: String(decoding: full, as: UTF8.self)).map(Array.init)
                ?? readBytes(full),
            repository.blobID(of: bytes) == expected
        else {
            return Outcome(
                path: path, applied: false,
                message:
                    "not fixed \(path): the working-tree file differs from the checked one (unstaged edits are kept)")
        }
        var temporary = path.parent.appending(
            Array(".\(String(decoding: path.name, as: UTF8.self)).preflight-\(getpid())".utf8))
        if path.parent.isRoot { temporary = RepoPath(bytes: temporary.bytes) }
        let tempFull = Array(workdir.utf8) + temporary.bytes
        _ = withCPath(tempFull) { unlink($0) }
        let linked = withCPath(text) { t in withCPath(tempFull) { symlink(t, $0) } }
        guard linked == 0 else {
            return Outcome(
                path: path, applied: false, message: "not fixed \(path): \(String(cString: strerror(errno)))")
        }
        let renamed = withCPath(tempFull) { from in withCPath(full) { rename(from, $0) } }
        guard renamed == 0 else {
            let reason = String(cString: strerror(errno))
            _ = withCPath(tempFull) { unlink($0) }
            return Outcome(path: path, applied: false, message: "not fixed \(path): \(reason)")
        }
        return Outcome(
            path: path, applied: true,
            message: "replaced \(path) with a link to \(shownText); stage it with 'git add \(path)'")
    }

    private static func readBytes(_ full: [UInt8]) -> [UInt8]? {
        FileManager.default.contents(atPath: String(decoding: full, as: UTF8.self)).map(Array.init)
    }
}
