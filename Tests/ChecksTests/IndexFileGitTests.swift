import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// The in-place index reader agrees with the git CLI (`git ls-files -s`, `--debug`, `git write-tree`) on every
/// index version, and refuses (nil) what it does not know rather than answering wrongly.
@Suite struct IndexFileGitTests {
    /// One line of `git ls-files -s -z`.
    struct Listed: Equatable {
        let mode: UInt32
        let id: String
        let stage: Int
        let path: [UInt8]
    }

    /// A git command's stdout as bytes (paths need not be UTF-8).
    static func gitBytes(_ repo: TemporaryRepository, _ args: [String]) throws -> [UInt8] {
        let hex = try repo.run(["sh", "-c", "git \"$@\" | od -An -v -tx1", "sh"] + args)
        return hex.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
    }

    static func lsFiles(_ repo: TemporaryRepository) throws -> [Listed] {
        try gitBytes(repo, ["ls-files", "-s", "-z"]).split(separator: 0).map { record in
            let tab = try #require(record.firstIndex(of: 0x09))
            let fields = String(decoding: record[..<tab], as: UTF8.self).split(separator: " ")
            return Listed(
                mode: try #require(UInt32(fields[0], radix: 8)), id: String(fields[1]),
                stage: try #require(Int(fields[2])), path: Array(record[(tab + 1)...]))
        }
    }

    /// Reads the repository's index and checks it lists what `git ls-files -s` lists, but the paths added with
    /// `git add -N` (`intentToAdd`), which it lists apart.
    @discardableResult
    static func expectAgreement(
        _ repo: TemporaryRepository, version: UInt32? = nil, intentToAdd: [String] = []
    ) throws -> IndexFile {
        let repository = try Repository(discoveringFrom: repo.path)
        let file = try #require(IndexFile.read(repository.indexPath))
        if let version { #expect(file.version == version) }
        let listed = try lsFiles(repo)
        let stage0 = listed.filter { $0.stage == 0 && !intentToAdd.contains(String(decoding: $0.path, as: UTF8.self)) }
        #expect(file.intentToAdd.compactMap(\.utf8String) == intentToAdd)
        let read = (0..<file.count).map {
            Listed(mode: file.mode($0).gitMode, id: file.id($0).hex, stage: 0, path: file.path($0).bytes)
        }
        #expect(read == stage0)
        #expect(file.hasConflicts == listed.contains { $0.stage != 0 })
        for (i, entry) in stage0.enumerated() { #expect(file.position(of: entry.path) == i) }
        #expect(file.position(of: Array("no/such/path".utf8)) == nil)
        return file
    }

    /// Nested directories, a link, an executable, a gitlink and a path that is not UTF-8.
    static func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("a/one.txt", "one\n")
        try repo.write("a/deep/two.txt", "two\n")
        try repo.write("a.b", "dot\n")
        try repo.write("a0", "zero\n")
        try repo.write("b/three.txt", "three\n")
        try repo.write("c/d/e.txt", "e\n")
        try repo.write("tool.sh", "#!/bin/sh\n")
        try repo.run(["chmod", "+x", repo.path + "/tool.sh"])
        try repo.link("a/link", to: "one.txt")
        try repo.write(bytes: [0x78, 0xff, 0x2e, 0x79], Array("bytes\n".utf8))  // "x\xff.y"
        try repo.commitAll("init")
        let head = try repo.git("rev-parse", "HEAD")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(head),sub/module")
        // Committed as it is: `git add -A` would drop a gitlink with nothing checked out.
        try repo.git("commit", "-q", "-m", "gitlink")
        return repo
    }

    @Test func versions2_3And4_listWhatGitLsFilesLists() throws {
        let repo = try Self.repository()
        try repo.git("update-index", "--index-version", "2")
        try Self.expectAgreement(repo, version: 2)
        // Extended flags need version 3: an intent-to-add entry and a skip-worktree one.
        try repo.git("update-index", "--index-version", "3")
        try repo.write("new.txt", "new\n")
        try repo.git("add", "-N", "new.txt")
        try repo.git("update-index", "--skip-worktree", "b/three.txt")
        let v3 = try Self.expectAgreement(repo, version: 3, intentToAdd: ["new.txt"])
        try repo.git("update-index", "--index-version", "4")
        let v4 = try Self.expectAgreement(repo, version: 4, intentToAdd: ["new.txt"])
        #expect(IndexListing(v4).materialize() == IndexListing(v3).materialize())
    }

    @Test func statDataAndFlags_areWhatGitLsFilesDebugShows() throws {
        let repo = try Self.repository()
        try repo.write("new.txt", "new\n")
        try repo.git("add", "-N", "new.txt")
        try repo.git("update-index", "--skip-worktree", "b/three.txt")
        try repo.git("update-index", "--assume-unchanged", "a0")
        for version in ["3", "4"] {
            try repo.git("update-index", "--index-version", version)
            let file = try Self.expectAgreement(repo, intentToAdd: ["new.txt"])
            let debug = try repo.git("ls-files", "--debug", "a/one.txt", "a0", "b/three.txt", "tool.sh")
            var shown: [String] = []
            for i in 0..<file.count {
                guard let path = file.path(i).utf8String, debug.contains(path + "\n") else { continue }
                let s = file.statData(i)
                let flags =
                    (s.assumeValid ? 0x8000 : 0) | (s.skipWorktree ? 0x4000_0000 : 0)
                    | (s.intentToAdd ? 0x2000_0000 : 0) | (s.skipWorktree || s.intentToAdd ? 0x4000 : 0)
                shown.append(
                    """
                    \(path)
                      ctime: \(s.ctimeSeconds):\(s.ctimeNanoseconds)
                      mtime: \(s.mtimeSeconds):\(s.mtimeNanoseconds)
                      dev: \(s.dev)\tino: \(s.ino)
                      uid: \(s.uid)\tgid: \(s.gid)
                      size: \(s.size)\tflags: \(String(flags, radix: 16))
                    """)
                #expect(s.mode == file.mode(i).gitMode)
            }
            #expect(shown.joined(separator: "\n") == debug)
        }
    }

    @Test func aConflict_isReported_andTheStage0EntriesStillAgree() throws {
        let repo = try Self.repository()
        try repo.commitDivergingEdits(
            of: "a/one.txt", base: "one\n", branch: "other", onBranch: "other side\n", onMain: "main side\n")
        #expect(throws: (any Error).self) { try repo.git("merge", "-q", "other") }
        let file = try Self.expectAgreement(repo)
        #expect(file.hasConflicts)
        #expect(file.position(of: Array("a/one.txt".utf8)) == nil)
        let clean = try Self.expectAgreement(try Self.repository())
        #expect(!clean.hasConflicts)
    }

    @Test func aSplitIndex_andASparseIndex_areLeftToTheComposingReader() throws {
        let repo = try Self.repository()
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(IndexFile.read(repository.indexPath) != nil)
        try repo.git("update-index", "--split-index")
        #expect(IndexFile.read(repository.indexPath) == nil)
        #expect(try repository.indexFile()?.count == (try Self.lsFiles(repo)).count)
        try repo.git("update-index", "--no-split-index")
        #expect(IndexFile.read(repository.indexPath) != nil)
        try repo.git("sparse-checkout", "init", "--cone", "--sparse-index")
        try repo.git("sparse-checkout", "set", "b")
        #expect(IndexFile.read(repository.indexPath) == nil)
        #expect(try repository.indexFile()?.count == (try Self.lsFiles(repo)).count)
    }
}
