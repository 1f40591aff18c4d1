import Foundation
import TestSupport
import Testing

@testable import Git
@testable import Model

/// Objects are read as git reads them: an object's content is not hashed again to compare it with its id
/// (git does that in fsck and on fetch only).
@Suite struct ObjectReadTests {
    @Test func aLooseObjectIsReadAsGitReadsItWithoutRehashing() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt", "one\n")
        let id = try repo.git("hash-object", "-w", "a.txt")
        // The object file at `id` now holds another valid blob: only a hash of the content can tell.
        let object = repo.path + "/.git/objects/" + id.prefix(2) + "/" + id.dropFirst(2)
        try repo.run(["chmod", "u+w", object])
        try repo.run([
            "python3", "-c",
            "import sys, zlib; open(sys.argv[1], 'wb').write(zlib.compress(b'blob 4\\0two\\n'))", object,
        ])
        #expect(try repo.git("cat-file", "-p", id) == "two")
        let repository = try Repository(discoveringFrom: repo.path)
        let bytes = try repository.blob(try #require(ObjectID(hex: id)))
        #expect(bytes == Array("two\n".utf8))
    }
}
