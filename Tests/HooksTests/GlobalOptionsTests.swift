import Foundation
import Testing
import TestSupport

/// `-C DIR` before the subcommand, as git has it.
@Suite struct GlobalOptionsTests {
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("app/runnable_dir")
        try repo.commitAll("init")
        return repo
    }

    @Test func dashC_runsAsIfStartedInDir_andComposesLikeGit() throws {
        let repo = try repository()
        let parent = (repo.path as NSString).deletingLastPathComponent
        let name = (repo.path as NSString).lastPathComponent
        let here = try Preflight.run(["targets"], in: repo.path)
        let viaC = try Preflight.run(["-C", repo.path, "targets"], in: "/")
        #expect(viaC.status == 0, "\(viaC.stderr)")
        #expect(viaC.stdout == here.stdout)
        // Each -C is relative to the one before; an empty one changes nothing.
        let composed = try Preflight.run(["-C", parent, "-C", "", "-C", name, "-C", "app", "targets"], in: "/")
        #expect(composed.status == 0, "\(composed.stderr)")
        #expect(composed.stdout == here.stdout)
    }

    @Test func dashC_toAMissingDirectory_isExit2NamingIt() throws {
        let r = try Preflight.run(["-C", "/no/such/dir", "targets"], in: "/")
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot change to '/no/such/dir'"), "\(r.stderr)")
        let bare = try Preflight.run(["-C"], in: "/")
        #expect(bare.status == 2)
    }
}
