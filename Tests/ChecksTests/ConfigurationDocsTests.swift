import Foundation
import Testing

@testable import Checks

/// docs/configuration.md, read once: the reference every `preflight.toml` key must appear in.
private let document: String = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/configuration.md")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}()

/// The keys the document's table under the heading naming `table` lists (`[workspace]`, `[[target]]`,
/// `[runnable.timeout]`): the backquoted names in each row's first cell.
private func documentedKeys(of table: String) -> Set<String> {
    var keys = Set<String>()
    var inSection = false
    for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("#") {
            inSection = line.hasSuffix("`\(table)`")
            continue
        }
        guard inSection, line.hasPrefix("| `") else { continue }
        let firstCell = line.dropFirst(2).prefix { $0 != "|" }
        for (i, part) in firstCell.split(separator: "`", omittingEmptySubsequences: false).enumerated() where i % 2 == 1
        {
            keys.insert(String(part))
        }
    }
    return keys
}

/// The tables the document has a section for: `[workspace]` and `[[target]]` headings, by name.
private func documentedTables() -> Set<String> {
    var names = Set<String>()
    for line in document.split(separator: "\n") where line.hasPrefix("## `[") {
        names.insert(line.drop { $0 != "[" }.filter { $0 != "[" && $0 != "]" && $0 != "`" })
    }
    return names
}

/// The keys the parser accepts in a table, read from its own error for an unknown key ("(known: a, b)").
private func acceptedKeys(_ text: String) throws -> Set<String> {
    let error = try #require(throws: ConfigurationError.self) {
        try Configuration.parse(Array(text.utf8), file: "preflight.toml")
    }
    let known = try #require(error.message.range(of: "(known: "), "no list of known keys in: \(error.message)")
    let list = error.message[known.upperBound...].prefix { $0 != ")" }
    return Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
}

/// How to put an unknown key into each table the parser reads.
private let probes: [(table: String, toml: String)] = [
    ("[workspace]", "[workspace]\nzz-unknown = 1\n"),
    ("[[target]]", "[[target]]\npath = \"a\"\nzz-unknown = 1\n"),
    ("[runnable]", "[runnable]\nzz-unknown = 1\n"),
    ("[runnable.timeout]", "[runnable]\ntimeout = {zz-unknown = 1}\n"),
    ("[links]", "[links]\nzz-unknown = 1\n"),
    ("[[lockfile]]", "[[lockfile]]\nmanifest = \"a\"\nlock = \"b\"\nzz-unknown = 1\n"),
    ("[version]", "[version]\nzz-unknown = 1\n"),
    ("[release]", "[release]\nzz-unknown = 1\n"),
    ("[hooks]", "[hooks]\nzz-unknown = 1\n"),
    ("[checks]", "[checks]\nzz-unknown = 1\n"),
    ("[python]", "[python]\nzz-unknown = 1\n"),
    ("[news]", "[news]\nzz-unknown = 1\n"),
]

@Test(arguments: probes)
func everyKeyTheParserAccepts_isDocumented(table: String, toml: String) throws {
    let accepted = try acceptedKeys(toml)
    let documented = documentedKeys(of: table)
    #expect(accepted.subtracting(documented).isEmpty, "\(table) keys missing from docs/configuration.md")
    #expect(documented.subtracting(accepted).isEmpty, "\(table) keys documented but rejected by the parser")
}

@Test func everyTopLevelTable_hasASection() throws {
    let accepted = try acceptedKeys("zz-unknown = 1\n")
    #expect(!accepted.isEmpty)
    #expect(accepted == documentedTables())
}

@Test func everyProbedTable_isATableTheParserKnows() throws {
    // The probes above must cover every top-level table, so a new one cannot go undocumented unnoticed.
    let accepted = try acceptedKeys("zz-unknown = 1\n")
    let probed = Set(
        probes.map { $0.table.filter { $0 != "[" && $0 != "]" }.split(separator: ".")[0] }.map(String.init))
    #expect(accepted == probed)
}

/// The TOML examples of the document, each a fenced block.
private func examples() -> [String] {
    var blocks: [String] = []
    var current: [Substring]?
    for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
        if line == "```toml" {
            current = []
        } else if line == "```", let lines = current {
            blocks.append(lines.joined(separator: "\n") + "\n")
            current = nil
        } else {
            current?.append(line)
        }
    }
    return blocks
}

@Test func everyExample_parses() throws {
    let blocks = examples()
    #expect(blocks.count >= 9)
    for block in blocks {
        #expect(throws: Never.self, "example does not parse:\n\(block)") {
            try Configuration.parse(Array(block.utf8), file: "docs/configuration.md")
        }
    }
}

@Test func anExample_setsTheValuesItShows() throws {
    // Parsing is not enough (a key the parser ignored would parse too): the [workspace] example is read as shown.
    let first = try #require(examples().first)
    let configuration = try Configuration.parse(Array(first.utf8), file: "docs/configuration.md")
    #expect(configuration.workspace.markers == ["runnable_dir", "BUILD"])
    #expect(configuration.workspace.globalInputs == ["preflight.toml", "ci/**"])
    #expect(configuration.workspace.defaultBranch == "master")
}
