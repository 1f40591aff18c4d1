import Testing

@testable import Formats

/// The TOML 1.0 parser rule by rule: each rule with an input it refuses and one it accepts.
struct TOMLParserTests {
    static func parse(_ text: String) throws(TOMLError) -> TOMLTableValue { try TOMLParser.parse(Array(text.utf8)) }

    static func error(_ text: String) -> TOMLError? {
        do {
            _ = try parse(text)
            return nil
        } catch { return error }
    }

    static func value(_ text: String, _ key: String = "a") throws -> TOMLValue {
        try #require(try parse(text)[key]).value
    }

    @Test(arguments: ["[[", "[[ [a]]", "[[[a]]]", String(repeating: "[", count: 100_000), "[", "[[a]"])
    func issue19sHeaders_areErrorsWithTheirLineNotACrash(input: String) throws {
        let error = try #require(Self.error("x = 1\n" + input + "\n"))
        #expect(error.line == 2)
        #expect(Self.error("x = 1\n[[a]]\n[a.b]\n") == nil)
    }

    @Test func nestingDeeperThan512Levels_isAnErrorNotAStackOverflow() throws {
        #expect(Self.error("a = " + String(repeating: "[", count: 512) + String(repeating: "]", count: 512)) == nil)
        #expect(Self.error("a = " + String(repeating: "[", count: 513) + String(repeating: "]", count: 513)) != nil)
        for opening in ["[", "{b="] {
            let error = try #require(Self.error("a = " + String(repeating: opening, count: 100_000)))
            #expect(error.line == 1 && error.message.contains("nesting deeper than 512 levels"))
        }
        let longKey = (0..<1_000).map { "k\($0)" }.joined(separator: ".") + " = 1"
        #expect(Self.error(longKey)?.message.contains("nesting deeper") == true)
    }

    @Test func everyKeyAndValue_carriesItsLineAndColumn() throws {
        let root = try Self.parse("title = \"x\"\n\n[server]\n  port = 8080\n[[job]]\nname.first = \"a\"\n[[job]]\n")
        let server = try #require(root["server"])
        #expect((server.line, server.column) == (3, 1))
        guard case .table(let table) = server.value else {
            Issue.record("server is no table")
            return
        }
        let port = try #require(table.key("port"))
        #expect((port.line, port.column) == (4, 3))
        #expect(table["port"].map { ($0.line, $0.column) } ?? (0, 0) == (4, 10))
        guard case .array(let jobs) = try #require(root["job"]).value else {
            Issue.record("job is no array")
            return
        }
        #expect(jobs.map(\.line) == [5, 7])
        #expect(root.keys == ["title", "server", "job"])
    }

    @Test func integers_followTheLeadingZeroUnderscoreAndSixtyFourBitRules() throws {
        #expect(try Self.value("a = -9223372036854775808") == .integer(.min))
        #expect(try Self.value("a = 0x7fff_ffff_ffff_ffff") == .integer(.max))
        #expect(try Self.value("a = 0o755") == .integer(493))
        #expect(try Self.value("a = 0b1_01") == .integer(5))
        #expect(try Self.value("a = 1_000") == .integer(1000))
        for bad in ["01", "1__0", "_1", "1_", "0x", "-0x1", "0X1", "9223372036854775808", "0x8000000000000000"] {
            #expect(Self.error("a = \(bad)") != nil, "\(bad)")
        }
        #expect(Self.error("a = 9223372036854775808")?.message.contains("does not fit in 64 bits") == true)
    }

    @Test func floats_acceptExponentsUnderscoresInfinityAndNan() throws {
        #expect(try Self.value("a = 6.626e-34") == .float(6.626e-34))
        #expect(try Self.value("a = 224_617.445_991") == .float(224_617.445_991))
        #expect(try Self.value("a = -inf") == .float(-.infinity))
        guard case .float(let nan) = try Self.value("a = nan") else {
            Issue.record("nan is no float")
            return
        }
        #expect(nan.isNaN)
        #expect(try Self.value("a = -0.0") == .float(-0.0))
        for bad in [".5", "5.", "1e", "1._5", "1e_5", "03.1", "Inf", "NaN"] {
            #expect(Self.error("a = \(bad)") != nil, "\(bad)")
        }
    }
}
