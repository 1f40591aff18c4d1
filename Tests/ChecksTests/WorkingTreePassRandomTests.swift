import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// Random edits of every kind, staged or not: the pass and git still agree on what changed.
@Suite struct WorkingTreePassRandomTests {
    /// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test(arguments: [1, 2, 3])
    func randomEdits_agreeWithGitAndWithTheWholeDiff(seed: Int) throws {
        let repo = try TemporaryRepository()
        var files: [String] = []
        for d in 0..<6 {
            for f in 0..<12 {
                let path = "d\(d)/\(f % 3 == 0 ? "sub/" : "")f\(f).txt"
                try repo.write(path, "file \(path)\n")
                files.append(path)
            }
        }
        try repo.commitAll("base")
        var random = SplitMix(state: UInt64(seed))
        for step in 0..<25 {
            let path = files[random.next(files.count)]
            let full = repo.path + "/" + path
            guard FileManager.default.fileExists(atPath: full) else { continue }
            switch random.next(9) {
            case 0: try repo.write(path, "edited at step \(step)\n")
            case 1: try repo.write(path, String(repeating: "x", count: "file \(path)\n".utf8.count))
            case 2: try repo.run(["touch", "-d", "2031-02-03T04:05:06", full])
            case 3: try repo.remove(path)
            case 4: try repo.run(["chmod", "+x", full])
            case 5:
                try repo.remove(path)
                try repo.link(path, to: "elsewhere")
            case 6: try repo.git("mv", path, path + ".moved")
            case 7:
                try repo.write(path, "staged at step \(step)\n")
                try repo.git("add", path)
            default:
                try repo.write("new/\(step).txt", "new \(step)\n")
                try repo.git("add", "new/\(step).txt")
            }
        }
        try WorkingTreePassTests().expectAgreement(repo)
    }
}
