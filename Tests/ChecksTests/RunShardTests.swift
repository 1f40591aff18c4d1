import Foundation
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `--shard K/N` and the durations that balance it.
@Suite struct RunShardTests {
    func jobs(_ ids: [String]) -> [Job] {
        ids.map {
            Job(
                target: $0, path: RepoPath($0), tier: .fast, directory: "/r/\($0)", argv: ["true"], timeout: 1,
                log: "/l/\($0).log", junit: "/l/\($0).xml")
        }
    }

    static let ids = (1...17).map { "dir\($0)" } + ["z", "a/b", "a"]

    @Test(arguments: [[:], ["dir3": 30.0, "dir7": 1, "a": 12.5, "z": 0.2]] as [[String: Double]])
    func shardsOfOnePlan_areDisjointAndCoverIt(durations: [String: Double]) throws {
        let all = jobs(RunShardTests.ids)
        var seen: [String] = []
        for k in 1...3 {
            let shard = try #require(Shard(parsing: "\(k)/3"))
            let part = shard.jobs(of: all, durations: durations)
            #expect(!part.isEmpty)
            #expect(
                part.map(\.target) == all.map(\.target).filter { id in part.contains { $0.target == id } },
                "a shard keeps the plan's order")
            seen += part.map(\.target)
        }
        #expect(seen.count == all.count)
        #expect(Set(seen) == Set(all.map(\.target)))
    }

    @Test func split_doesNotDependOnThePlansOrder() {
        let forward = Shard.assign(RunShardTests.ids, count: 4, durations: ["dir2": 5])
        let backward = Shard.assign(RunShardTests.ids.reversed(), count: 4, durations: ["dir2": 5])
        #expect(forward == backward)
    }

    @Test func withoutDurations_jobsSortedByNameAreDealtRoundRobin() {
        let assignment = Shard.assign(["d", "b", "a", "c", "e"], count: 2, durations: [:])
        #expect(assignment == ["a": 0, "b": 1, "c": 0, "d": 1, "e": 0])
    }

    @Test func withDurations_theLongestJobsAreSpreadFirst() {
        // The unknown job counts as the mean, 6.7: long (10) | unknown (6.7), mid (6) | short (4) to the lighter one.
        let assignment = Shard.assign(
            ["long", "mid", "short", "unknown"], count: 2,
            durations: ["long": 10, "mid": 6, "short": 4])
        #expect(assignment["long"] == 0)
        #expect(assignment["mid"] == 1)
        #expect(assignment["unknown"] == 1)
        #expect(assignment["short"] == 0)
    }

    @Test func shardSyntax() {
        #expect(Shard(parsing: "2/3")?.description == "2/3")
        #expect(Shard(parsing: "1/1") != nil)
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3", ""] {
            #expect(Shard(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func durationsFile_roundTrips_andACorruptOneIsIgnoredWithAWarning() throws {
        let dir = NSTemporaryDirectory() + "preflight-durations-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/cache/durations.json"
        #expect(Durations.read(file).durations == Durations())
        #expect(Durations.read(file).warning == nil)

        let recorded = Durations().recording(["a": 1.25, "b/c": 0.5], tier: .fast).recording(["a": 30], tier: .slow)
        try recorded.write(to: file)
        #expect(Durations.read(file).durations == recorded)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("\"b/c\": 500"))

        for corrupt in ["{not json", "[]", "{\"schema\": 2, \"tiers\": {}}", ""] {
            try corrupt.write(toFile: file, atomically: true, encoding: .utf8)
            let read = Durations.read(file)
            #expect(read.durations == Durations())
            #expect(read.warning?.contains("is not a durations file") == true)
        }
    }

    @Test func durationsBeyondAYear_areNoDurations_andNeverTrap() throws {
        let dir = NSTemporaryDirectory() + "preflight-durations-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/durations.json"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = #"{"schema": 1, "tiers": {"fast": {"a": 1e300, "b": -5, "c": 2500, "d": 3.2e10}}}"#
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let read = Durations.read(file)
        #expect(read.durations.tiers[.fast] == ["c": 2.5])
        let recorded = read.durations.recording(["e": 1e300, "f": .infinity, "g": 4], tier: .fast)
        #expect(recorded.tiers[.fast] == ["c": 2.5, "g": 4])
        #expect(recorded.rendered().contains("\"g\": 4000"))
    }

    @Test func aFIFOInPlaceOfTheDurationsOrAGraphFile_isIgnored_neverWaitedOn() throws {
        let dir = NSTemporaryDirectory() + "preflight-fifo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/durations.json"
        #expect(mkfifo(file, 0o644) == 0)
        let read = Durations.read(file)
        #expect(read.durations == Durations())
        #expect(read.warning?.contains("not a readable regular file") == true)
        let tree = try #require(ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbc4904b"))
        let cache = GraphCache(directory: dir)
        #expect(mkfifo(cache.file(for: tree), 0o644) == 0)
        #expect(cache.load(tree) == nil)
    }
}
