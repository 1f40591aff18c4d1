import Testing

@testable import Formats

/// Strings, dates and the bytes TOML allows: escapes, multi-line forms, control characters, UTF-8, BOM, CRLF.
extension TOMLParserTests {
    @Test func basicStrings_decodeEveryEscapeAndRefuseOthers() throws {
        #expect(try Self.value(#"a = "\b\t\n\f\r\"\\\u00E9\U0001F600""#) == .string("\u{8}\t\n\u{C}\r\"\\é😀"))
        for bad in [#""\e""#, #""\x41""#, #""\u00""#, #""\uD800""#, #""\U00110000""#] {
            #expect(Self.error("a = \(bad)") != nil, "\(bad)")
        }
        #expect(Self.error(#"a = "\q""#)?.message.contains("invalid escape sequence") == true)
    }

    @Test func multilineStrings_trimTheFirstNewlineAndJoinLinesAtABackslash() throws {
        #expect(try Self.value("a = \"\"\"\nRoses\nViolets\"\"\"") == .string("Roses\nViolets"))
        #expect(try Self.value("a = \"\"\"The quick \\\n\n   brown\"\"\"") == .string("The quick brown"))
        #expect(try Self.value("a = \"\"\"x\"\"\"\"\"") == .string("x\"\""))
        #expect(try Self.value("a = '''\r\nC:\\path\r\n'''") == .string("C:\\path\n"))
        #expect(Self.error("a = \"\"\"x\"\"\"\"\"\"") != nil)
        #expect(Self.error("a = \"\"\"a \\ b\"\"\"") != nil)
        #expect(Self.error("a = \"\"\"never closed\n")?.message.contains("unterminated") == true)
    }

    @Test func controlCharacters_areRefusedInStringsAndCommentsButTabIsAllowed() throws {
        #expect(try Self.value("a = \"x\ty\" # a\tcomment") == .string("x\ty"))
        let inputs = [
            "a = \"\u{0}\"", "a = '\u{7F}'", "a = \"\"\"\u{1B}\"\"\"", "# \u{7}", "a = 1 # \u{7F}",
            "a = \"x\ry\"",
        ]
        for bad in inputs {
            let error = try #require(Self.error(bad), "\(bad.debugDescription)")
            #expect(
                error.message.contains("control character") || error.message.contains("carriage return")
                    || error.message.contains("unterminated"), "\(error.message)")
        }
    }

    @Test func invalidUTF8AndAByteOrderMark_areErrorsWithTheirLine() throws {
        let invalid = try #require(Self.errorOf(Array("a = 1\nb = \"".utf8) + [0xC0, 0xAF, 0x22]))
        #expect(invalid.line == 2 && invalid.message.contains("invalid utf-8"))
        #expect(Self.errorOf(Array("a = \"\u{E9}\"".utf8)) == nil)
        #expect(Self.errorOf([0xED, 0xA0, 0x80]) != nil)
        let bom = try #require(Self.errorOf([0xEF, 0xBB, 0xBF] + Array("a = 1".utf8)))
        #expect(bom.line == 1 && bom.message.contains("byte order mark"))
    }

    @Test func crlfEndsLinesButALoneCarriageReturnDoesNot() throws {
        let root = try Self.parse("a = 1\r\n[t]\r\nb = 2\r\n")
        #expect(root["t"]?.line == 2)
        #expect(Self.error("a = 1\rb = 2") != nil)
    }

    @Test func dateTimes_keepTheirFieldsAndCheckTheCalendar() throws {
        let stamp = TOMLTimestamp(
            date: TOMLCalendarDate(year: 1979, month: 5, day: 27),
            time: TOMLClockTime(hour: 0, minute: 32, second: 0, fraction: "999999"), offsetMinutes: -420,
            text: "1979-05-27 00:32:00.999999-07:00")
        #expect(try Self.value("a = 1979-05-27 00:32:00.999999-07:00") == .offsetDateTime(stamp))
        guard case .localDateTime(let local) = try Self.value("a = 1979-05-27T07:32:00") else {
            Issue.record("no local date-time")
            return
        }
        #expect(local.offsetMinutes == nil && local.text == "1979-05-27T07:32:00")
        #expect(try Self.value("a = 2024-02-29") == .localDate(TOMLCalendarDate(year: 2024, month: 2, day: 29)))
        let time = TOMLClockTime(hour: 7, minute: 32, second: 0, fraction: "")
        #expect(try Self.value("a = 07:32:00") == .localTime(time))
        #expect(time.text == "07:32:00" && TOMLCalendarDate(year: 33, month: 1, day: 2).text == "0033-01-02")
        for bad in ["2023-02-29", "1979-13-01", "1979-05-27T07:32Z", "24:00:00", "07:32:00Z", "1979-05-27T07:32+07"] {
            #expect(Self.error("a = \(bad)") != nil, "\(bad)")
        }
    }

    static func errorOf(_ bytes: [UInt8]) -> TOMLError? {
        do {
            _ = try TOMLParser.parse(bytes)
            return nil
        } catch { return error }
    }
}
