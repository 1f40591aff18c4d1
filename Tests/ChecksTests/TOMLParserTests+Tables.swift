import Testing

@testable import Formats

/// Keys, arrays, inline tables, `[table]` and `[[array of tables]]`, and the rules against defining twice.
extension TOMLParserTests {
    @Test func keys_mayBeBareQuotedOrDottedWithBlanksAroundDots() throws {
        let root = try Self.parse("bare-key_1 = 1\n\"quoted key\" = 2\n'' = 3\nsite . \"google.com\" = true\n")
        #expect(root.keys == ["bare-key_1", "quoted key", "", "site"])
        guard case .table(let site) = try #require(root["site"]).value else {
            Issue.record("site is no table")
            return
        }
        #expect(site["google.com"]?.value == .boolean(true))
        for bad in ["a..b = 1", "a. = 1", "ü = 1", "a b = 1", "\"\"\"a\"\"\" = 1", "= 1"] {
            #expect(Self.error(bad) != nil, "\(bad)")
        }
    }

    @Test func arrays_mixTypesSpanLinesAndAllowATrailingComma() throws {
        let value = try Self.value("a = [\n  1, # one\n  \"two\",\n  [3.0],\n  { four = 4 },\n]")
        guard case .array(let items) = value else {
            Issue.record("no array")
            return
        }
        #expect(items.map(\.value.typeName) == ["integer", "string", "array", "table"])
        #expect(items.map(\.line) == [2, 3, 4, 5])
        for bad in ["[1,,2]", "[,]", "[1 2]", "[1", "[1}"] {
            #expect(Self.error("a = \(bad)") != nil, "\(bad)")
        }
    }

    @Test func inlineTables_stayOnOneLineWithoutATrailingCommaAndCannotBeExtended() throws {
        guard case .table(let point) = try Self.value("a = { x = 1, y.z = 2 }") else {
            Issue.record("no table")
            return
        }
        #expect(point.keys == ["x", "y"])
        for bad in [
            "a = {\nx = 1}", "a = {x = 1,}", "a = {x = 1, x = 2}", "a = {b = {}, b.c = 1}",
            "a = {b = 1}\na.c = 2", "a = {b = 1}\n[a]", "a = {}\n[a.b]",
        ] {
            #expect(Self.error(bad) != nil, "\(bad.debugDescription)")
        }
        #expect(Self.error("a = {b = 1}\n[a.c]")?.message.contains("inline table") == true)
    }

    @Test func tables_mayNotBeDefinedTwiceNorReopenDottedKeyTables() throws {
        #expect(Self.error("[a.b]\nc = 1\n[a]\nd = 2") == nil)
        #expect(Self.error("[fruit]\napple.color = 1\n[fruit.apple.texture]\nsmooth = true") == nil)
        let twice = try #require(Self.error("[a]\nb = 1\n\n[a]\n"))
        #expect(twice.line == 4 && twice.message.contains("defined twice"))
        for bad in [
            "[a]\n[a]", "a.b = 1\n[a]", "[fruit]\napple.color = 1\n[fruit.apple]", "a = 1\n[a]",
            "[a]\nb = 1\n[a.b]", "[a.b]\n[a]\nb = 1", "[a.b]\nc = 1\n[a]\nb.d = 2", "a = 1\na = 2",
            "a.b = 1\na.b = 2", "a = 1\na.b = 2",
        ] {
            #expect(Self.error(bad) != nil, "\(bad.debugDescription)")
        }
        #expect(Self.error("a = 1\na = 2")?.message == "key a is defined twice (first at line 1)")
    }

    @Test func arraysOfTables_appendInOrderAndCannotMixWithTablesOrStaticArrays() throws {
        let root = try Self.parse("[[f]]\nn = 1\n[f.p]\nc = 1\n[[f.v]]\nn = 2\n[[f]]\nn = 3\n")
        guard case .array(let elements) = try #require(root["f"]).value else {
            Issue.record("no array")
            return
        }
        #expect(elements.count == 2)
        guard case .table(let first) = elements[0].value else {
            Issue.record("no table")
            return
        }
        #expect(first.keys == ["n", "p", "v"])
        for bad in [
            "[[a]]\n[a]", "[a]\n[[a]]", "[a.b]\n[[a]]", "a = []\n[[a]]", "a = 1\n[[a]]",
            "[[a]]\n[a.b]\n[a.b]", "[[a.b]]\n[a]\nb.c = 1",
        ] {
            #expect(Self.error(bad) != nil, "\(bad.debugDescription)")
        }
    }

    @Test func statements_endAtANewlineOrAComment() throws {
        #expect(Self.error("a = 1 # fine\n[t] # fine\nb = 2") == nil)
        for bad in ["a = 1 b = 2", "[a] b = 1", "a = \"x\" y", "a = 1979-05-27 07:32"] {
            #expect(Self.error(bad)?.message.contains("expected") == true, "\(bad)")
        }
    }
}
