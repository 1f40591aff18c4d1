import Foundation
import TestSupport
import Testing

@testable import Git
@testable import Model

/// Seeded random histories: every consecutive pair of commits diffed both ways, against libgit2's full diff.
extension TreeDiffTests {
    /// SplitMix64: the same sequence for the same seed on every machine.
    struct Seeded {
        var state: UInt64
        mutating func below(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
        }
    }

    /// What a path holds: a file's text (executable or not) or a link's target.
    enum Node: Equatable {
        case file(String, executable: Bool)
        case link(String)
    }

    /// A random edit history: files, links, moves (some edited), mode flips, type changes and file↔directory
    /// swaps, with contents drawn from a small pool so exact and similar renames both occur.
    struct RandomHistory {
        var random: Seeded
        var nodes: [String: Node] = [:]
        let dirs = ["", "a/", "a/b/", "a/b/c/", "d/", "d/e/", "f/g/h/i/"]

        mutating func text() -> String {
            let base = random.below(6)
            var lines = (0..<24).map { "shared line \($0 + base * 24) with enough words to hash\n" }
            if random.below(2) == 0 { lines[random.below(lines.count)] = "edited \(random.below(1000))\n" }
            return lines.joined()
        }

        mutating func freshPath() -> String { dirs[random.below(dirs.count)] + "n\(random.below(400))" }

        mutating func edit() {
            let paths = nodes.keys.sorted()
            guard let path = paths.isEmpty ? nil : paths[random.below(paths.count)] else {
                nodes[freshPath()] = .file(text(), executable: false)
                return
            }
            switch random.below(9) {
            case 0, 1: nodes[freshPath()] = .file(text(), executable: false)
            case 2: nodes[path] = .file(text(), executable: false)
            case 3: nodes[path] = nil
            case 4:
                let node = nodes.removeValue(forKey: path)
                if case .file(let t, let x) = node, random.below(2) == 0 {
                    nodes[freshPath()] = .file(t + "moved and edited\n", executable: x)
                } else {
                    nodes[freshPath()] = node
                }
            case 5: if case .file(let t, let x) = nodes[path] { nodes[path] = .file(t, executable: !x) }
            case 6:
                if case .link = nodes[path] {
                    nodes[path] = .file(text(), executable: false)
                } else {
                    nodes[path] = .link("t\(random.below(9))")
                }
            case 7:
                // The file becomes a directory of that name.
                nodes[path] = nil
                nodes[path + "/inside"] = .file(text(), executable: false)
            default:
                // A directory becomes a file of its name.
                guard let slash = path.lastIndex(of: "/") else { return }
                let dir = String(path[..<slash])
                for p in nodes.keys where p.hasPrefix(dir + "/") { nodes[p] = nil }
                nodes[dir] = .file(text(), executable: false)
            }
            // A path cannot be a file and a directory at once: drop whatever sits under a file.
            for p in nodes.keys where nodes[p] != nil {
                var prefix = p
                while let slash = prefix.lastIndex(of: "/") {
                    prefix = String(prefix[..<slash])
                    if nodes[prefix] != nil { nodes[p] = nil }
                }
            }
        }

        /// Replaces the working tree with the nodes and commits them (only stages them with `stageOnly`).
        func commit(to repo: TemporaryRepository, _ message: String, stageOnly: Bool = false) throws {
            for entry in try FileManager.default.contentsOfDirectory(atPath: repo.path) where entry != ".git" {
                try repo.remove(entry)
            }
            for (path, node) in nodes.sorted(by: { $0.key < $1.key }) {
                switch node {
                case .file(let text, let executable):
                    try repo.write(path, text)
                    if executable { try repo.run(["chmod", "+x", path]) }
                case .link(let target): try repo.link(path, to: target)
                }
            }
            if stageOnly { try repo.git("add", "-A") } else { try repo.commitAll(message) }
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomHistories_everyConsecutivePairMatchesLibgit2(seed: UInt64) throws {
        let repo = try TemporaryRepository()
        var history = RandomHistory(random: Seeded(state: seed))
        for _ in 0..<60 { history.nodes[history.freshPath()] = .file(history.text(), executable: false) }
        try history.commit(to: repo, "start")
        let commits = 5
        for c in 0..<commits {
            for _ in 0..<(20 + history.random.below(30)) { history.edit() }
            try history.commit(to: repo, "edits \(c)")
        }
        for c in 0..<commits {
            try expectSameAsLibgit2(repo, "HEAD~\(c + 1)", "HEAD~\(c)")
            try expectSameAsLibgit2(repo, "HEAD~\(c)", "HEAD~\(c + 1)")
        }
        try expectSameAsLibgit2(repo, "HEAD~\(commits)", "HEAD")

        // The same edits staged: HEAD to the index, against libgit2's full diff.
        for _ in 0..<(20 + history.random.below(30)) { history.edit() }
        try history.commit(to: repo, "staged", stageOnly: true)
        let repository = try Repository(discoveringFrom: repo.path)
        let head = try tree(repo, "HEAD")
        let file = try #require(IndexFile.read(repository.indexPath))
        let staged = try #require(try repository.stagedChanges(headTree: head, index: file))
        let full = try repository.libgit2Diff(.treeToIndex(head)).flatMap { $0 }
        #expect(Set(staged) == Set(full))
    }
}
