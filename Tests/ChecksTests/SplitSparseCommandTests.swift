import Foundation
import TestSupport
import Testing

/// `affected`, `check` and the installed pre-commit hook answer in a repository with a split or a sparse index
/// exactly as in the same repository with a plain one (libgit2 1.5 reads neither: they used to exit 3).
@Suite struct SplitSparseCommandTests {
    enum Layout: CaseIterable {
        case plain, split, sparse
    }

    /// Runnable dirs a and b, a linking to a helper; the index in `layout`, b outside a sparse checkout.
    static func repository(_ layout: Layout) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for dir in ["a", "b"] {
            try repo.write("\(dir)/runnable_dir")
            try repo.write("\(dir)/src/main.py", "print('\(dir)')\n")
        }
        try repo.write("helpers_root/helper.py", "x = 1\n")
        try repo.link("a/helper.py", to: "../helpers_root/helper.py")
        try repo.commitAll("init")
        switch layout {
        case .plain: break
        case .split:
            try repo.git("config", "core.splitIndex", "true")
            try repo.git("update-index", "--split-index")
        case .sparse:
            try repo.git("sparse-checkout", "set", "--cone", "--sparse-index", "a", "helpers_root")
        }
        let installed = try Preflight.run(["install"], in: repo.path)
        try #require(installed.status == 0, "\(installed.stderr)")
        return repo
    }

    /// `preflight ARGS`: its exit status and output, with HEAD's id (which differs between repositories) named.
    static func run(_ repo: TemporaryRepository, _ args: [String]) throws -> String {
        let r = try Preflight.run(args, in: repo.path)
        let head = try repo.git("rev-parse", "HEAD")
        return "\(r.status)\n\(r.stdout)\(r.stderr)".replacingOccurrences(of: head, with: "HEAD")
    }

    /// Every command's answer on a staged edit of the helper, then on a staged broken link.
    static func answers(_ layout: Layout) throws -> [String] {
        let repo = try repository(layout)
        let commands = [
            ["affected", "--staged"], ["check", "--staged"], ["affected"], ["check"], ["affected", "--untracked"],
            ["affected", "--files", "helpers_root/helper.py"],
        ]
        try repo.write("helpers_root/helper.py", "x = 2\n")
        try repo.git("add", "helpers_root/helper.py")
        var answers = try commands.map { try run(repo, $0) }
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        let env = ["PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        let clean = try Shell.run(["git", "commit", "-q", "-m", "edit the helper"], in: repo.path, environment: env)
        answers.append("commit \(clean.status)")
        try repo.link("a/broken.py", to: "../helpers_root/missing.py")
        try repo.git("add", "a/broken.py")
        answers += try commands.map { try run(repo, $0) }
        let blocked = try Shell.run(["git", "commit", "-q", "-m", "broken link"], in: repo.path, environment: env)
        answers.append("commit \(blocked.status) \(blocked.stderr.contains("a/broken.py"))")
        return answers
    }

    @Test(arguments: [Layout.split, .sparse])
    func everyCommandAndTheHook_answerAsWithAPlainIndex(_ layout: Layout) throws {
        let plain = try Self.answers(.plain)
        #expect(plain.contains("commit 0"), "the clean commit passes")
        #expect(plain.last == "commit 1 true", "the broken link is blocked, naming it")
        let answers = try Self.answers(layout)
        #expect(answers.count == plain.count)
        for (answer, expected) in zip(answers, plain) { #expect(answer == expected) }
    }
}
