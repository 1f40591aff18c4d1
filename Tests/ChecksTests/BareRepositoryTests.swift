import Foundation
import TestSupport
import Testing

/// In a bare repository the modes that read the index or the working tree are a usage error (exit 2) naming
/// the modes that work, and `--range` and `--changed-since … --committed-only` answer as in a clone with a
/// working tree (`--staged` used to report every target removed).
@Suite struct BareRepositoryTests {
    /// A repository with two commits (the second edits a linked helper) and a bare clone of it.
    static func repositories() throws -> (work: TemporaryRepository, bare: String) {
        let work = try TemporaryRepository()
        try work.write("a/runnable_dir")
        try work.write("b/runnable_dir")
        try work.write("helpers_root/tool.py", "tool\n")
        try work.link("a/tool.py", to: "../helpers_root/tool.py")
        try work.commitAll("init")
        try work.write("helpers_root/tool.py", "tool, edited\n")
        try work.commitAll("edit the helper")
        let bare = work.path + "/.git/bare-clone.git"
        try work.run(["git", "clone", "-q", "--bare", work.path, bare])
        return (work, bare)
    }

    @Test func theIndexAndWorkingTreeModes_areExit2NamingTheModesThatWork() throws {
        let (work, bare) = try Self.repositories()
        defer { withExtendedLifetime(work) {} }
        for args in [
            ["affected", "--staged"], ["affected"], ["affected", "--files", "a/tool.py"], ["check", "--staged"],
            ["affected", "--changed-since", "main"],
        ] {
            let r = try Preflight.run(args, in: bare)
            #expect(r.status == 2, "\(args): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("a bare repository"), "\(r.stderr)")
            #expect(r.stderr.contains("use --range A..B or --changed-since REF --committed-only"), "\(r.stderr)")
            #expect(!r.stdout.contains("removed"), "\(r.stdout)")
        }
    }

    @Test func rangeAndCommittedOnly_answerAsInTheCloneWithAWorkingTree() throws {
        let (work, bare) = try Self.repositories()
        defer { withExtendedLifetime(work) {} }
        for args in [
            ["affected", "--range", "main~1..main"], ["affected", "--changed-since", "main~1", "--committed-only"],
            ["check", "--range", "main~1..main"],
        ] {
            let inBare = try Preflight.run(args, in: bare)
            let inWork = try Preflight.run(args, in: work.path)
            #expect(inBare.status == 0, "\(args): \(inBare.stderr)")
            #expect(inBare.stdout == inWork.stdout)
        }
        let affected = try Preflight.run(["affected", "--range", "main~1..main"], in: bare)
        #expect(affected.stdout.contains("a   runnable  link-target helpers_root/tool.py via a/tool.py"))
        #expect(!affected.stdout.contains("b "), "\(affected.stdout)")
    }
}
