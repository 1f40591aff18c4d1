import Foundation
import Testing

@testable import Formats

/// preflight's TOML parser against Python's tomllib: the same verdict and values on the committed corpus and
/// on seeded mutations of it (TOML 1.0 wins where tomllib departs from it; see TOMLOracle.disagreement).
struct TOMLDifferentialTests {
    /// The documents under Tests/Fixtures/toml/`folder`, by file name.
    static func corpus(_ folder: String) throws -> [(name: String, bytes: [UInt8])] {
        let directory = TOMLOracle.fixtures.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".toml") }
            .sorted().map { ($0, Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
    }

    @Test func everyValidCorpusDocument_parsesToTomllibsValues() throws {
        let documents = try Self.corpus("valid")
        #expect(documents.count >= 100)
        let verdicts = try TOMLOracle.tomllibVerdicts(documents.map(\.bytes))
        try #require(verdicts.count == documents.count)
        for (document, verdict) in zip(documents, verdicts) {
            #expect(throws: Never.self, "\(document.name)") { try TOMLParser.parse(document.bytes) }
            #expect(TOMLOracle.disagreement(document.bytes, verdict) == nil, "\(document.name)")
        }
    }

    @Test func everyInvalidCorpusDocument_isAnErrorWithALineAsInTomllib() throws {
        let documents = try Self.corpus("invalid")
        #expect(documents.count >= 150)
        let verdicts = try TOMLOracle.tomllibVerdicts(documents.map(\.bytes))
        try #require(verdicts.count == documents.count)
        for (document, verdict) in zip(documents, verdicts) {
            let error = #expect(throws: TOMLError.self, "\(document.name)") { try TOMLParser.parse(document.bytes) }
            if let error {
                #expect(error.line >= 1 && error.column >= 1, "\(document.name)")
                #expect(error.message.first?.isLowercase == true && error.message.last != ".", "\(error.message)")
            }
            #expect(TOMLOracle.disagreement(document.bytes, verdict) == nil, "\(document.name)")
        }
    }

    /// `PREFLIGHT_TOML_MUTATIONS` mutations (5,000 by default; issue 19's acceptance ran 100,000).
    @Test func seededMutationsOfTheValidCorpus_getTomllibsVerdictAndValues() throws {
        let count = ProcessInfo.processInfo.environment["PREFLIGHT_TOML_MUTATIONS"].flatMap { Int($0) } ?? 5_000
        let seeds = try Self.corpus("valid").map(\.bytes).filter { $0.count < 4_096 }
        var mutator = TOMLMutator(seed: 0x7072_6566_6C69_6768, donors: seeds)
        let documents = (0..<count).map { mutator.mutate(seeds[$0 % seeds.count]) }
        let verdicts = try TOMLOracle.tomllibVerdicts(documents)
        try #require(verdicts.count == documents.count)
        var disagreements = 0
        for (document, verdict) in zip(documents, verdicts) {
            guard let difference = TOMLOracle.disagreement(document, verdict) else { continue }
            disagreements += 1
            if disagreements <= 5 {
                Issue.record("mutation \(String(reflecting: String(decoding: document, as: UTF8.self)))\n\(difference)")
            }
        }
        let accepted = verdicts.filter { $0.hasPrefix("valid ") }.count
        print(
            "toml mutations: \(count) run, \(count - disagreements) agree with tomllib (\(accepted) valid), "
                + "\(disagreements) disagree")
        #expect(disagreements == 0)
    }
}
