import Foundation
import Testing

@testable import Model
@testable import Report

/// The text report's "N of M targets": M counts every target either side has, once.
@Suite struct AffectedReportTests {
    func targets(_ paths: [String]) -> [Target] {
        paths.sorted().map { Target(path: RepoPath($0), kind: .runnable) }
    }

    @Test func theTargetCount_countsEachPathOfEitherSideOnce() {
        let cases: [([String], [String], Int)] = [
            ([], [], 0),
            (["a"], [], 1),
            ([], ["a"], 1),
            (["a", "b"], ["a", "b"], 2),
            (["a", "c"], ["b", "d"], 4),
            (["a", "b", "c"], ["b"], 3),
            (["a/b", "a.b", "a"], ["a", "a-b", "a/b/c"], 5),
        ]
        for (base, head, expected) in cases {
            #expect(AffectedReport.unionCount(targets(base), targets(head)) == expected, "\(base) \(head)")
        }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func theTargetCount_isTheSizeOfTheUnion_forRandomSides(seed: UInt64) {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let names = (0..<200).map { "dir\($0 % 13)/t\($0)" }
        let base = names.filter { _ in next(3) > 0 }
        let head = names.filter { _ in next(3) > 0 }
        let union = Set(base).union(head).count
        #expect(AffectedReport.unionCount(targets(base), targets(head)) == union)
    }
}
