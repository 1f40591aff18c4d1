import Foundation
import TestSupport
import Testing

/// README's command table and the binary's own help say the same thing about every command.
@Suite struct CommandTableTests {
    /// Every runnable command (`preflight lock check`, not the `lock` group) and its `--help` abstract, from
    /// swift-argument-parser's description of the whole command tree.
    func abstracts() throws -> [String: String] {
        let r = try Preflight.run(["--experimental-dump-help"], in: NSTemporaryDirectory())
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        var found: [String: String] = [:]
        func walk(_ command: [String: Any], _ name: String) {
            let children = command["subcommands"] as? [[String: Any]] ?? []
            if children.isEmpty, !name.hasSuffix(" help") {
                found[name] = command["abstract"] as? String ?? ""
            }
            for child in children { walk(child, name + " " + (child["commandName"] as? String ?? "?")) }
        }
        walk(try #require(root["command"] as? [String: Any]), "preflight")
        return found
    }

    /// README's rows: the command's words (up to the first argument placeholder) and the description.
    func readmeRows() throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Commands\n").dropFirst().first)
        var rows: [String: String] = [:]
        for line in section.split(separator: "\n").prefix(while: { !$0.hasPrefix("## ") })
        where line.hasPrefix("| `preflight") {
            // An escaped `\|` belongs to its cell (`--ours\|--theirs`).
            let cells = line.replacingOccurrences(of: "\\|", with: "/").split(
                separator: "|", omittingEmptySubsequences: false)
            guard cells.count >= 3 else { continue }
            let usage = cells[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "`"))
            let words = usage.split(separator: " ").prefix { word in
                word.allSatisfy { $0.isLowercase || $0 == "-" } && !word.hasPrefix("-")
            }
            rows[words.joined(separator: " ")] = cells[2...].joined(separator: "|").trimmingCharacters(in: .whitespaces)
        }
        return rows
    }

    @Test func everyCommand_isInTheReadmeTable_withTheAbstractItsHelpShows() throws {
        let help = try abstracts()
        let rows = try readmeRows()
        #expect(help.count >= 15)
        #expect(Set(help.keys) == Set(rows.keys), "commands in --help but not in README, or the other way round")
        for (command, abstract) in help {
            guard let row = rows[command] else { continue }
            // The row is the abstract, optionally with a link into README before its full stop.
            let sentence = abstract.hasSuffix(".") ? String(abstract.dropLast()) : abstract
            #expect(row.hasPrefix(sentence), "\(command): README says '\(row)', --help says '\(abstract)'")
        }
    }
}
