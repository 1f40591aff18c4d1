import Foundation
import TestSupport
import Testing

/// An index entry of a mode git does not write (or a directory outside a sparse index) is never left out of an
/// answer silently: `git ls-files -s` lists it and `git status` stops on it, so preflight exits 3 naming the
/// index, the entry and the fix.
@Suite struct IndexFileModeTests {
    /// Sets the mode of the index's first entry and writes the SHA-1 trailer git checks again.
    static func setFirstMode(_ repo: TemporaryRepository, _ mode: UInt32) throws {
        let script = """
            import hashlib, struct, sys
            d = bytearray(open('.git/index', 'rb').read())
            struct.pack_into('>I', d, 12 + 24, int(sys.argv[1]))
            d = d[:-20]
            open('.git/index', 'wb').write(d + hashlib.sha1(d).digest())
            """
        try repo.run(["python3", "-c", script, String(mode)])
    }

    @Test(arguments: [0o000000, 0o170000, 0o100600, 0o040000] as [UInt32])
    func anEntryOfAnInvalidMode_isExit3NamingTheIndexAndTheEntry(mode: UInt32) throws {
        let repo = try TemporaryRepository()
        try repo.write("a/one.py", "one\n")
        try repo.write("b/two.py", "two\n")
        try repo.commitAll("init")
        for args in [["affected", "--staged"], ["affected"], ["affected", "--untracked"]] {
            let plain = try Preflight.run(args, in: repo.path)
            #expect(plain.status == 0, "\(plain.stderr)")
        }
        try Self.setFirstMode(repo, mode)
        let octal = String(mode, radix: 8)
        if mode != 0o040000 {
            // git lists it as it is (a directory entry outside a sparse index it cannot list at all).
            #expect(try repo.git("ls-files", "-s").hasPrefix(String(repeating: "0", count: 6 - octal.count) + octal))
        }
        for args in [["affected", "--staged"], ["affected"], ["affected", "--untracked"], ["check", "--staged"]] {
            let r = try Preflight.run(args, in: repo.path)
            #expect(r.status == 3, "\(args): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains(repo.path + "/.git/index"), "\(r.stderr)")
            #expect(r.stderr.contains("entry 'a/one.py' has mode"), "\(r.stderr)")
            #expect(r.stderr.contains("git update-index --force-remove -- 'a/one.py'"), "\(r.stderr)")
        }
    }
}
