import Foundation
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// The changelog grammar: every problem with its line, no trap on any input.
@Suite struct ChangelogFormatTests {
    func parse(_ text: String) -> Changelog { Changelog(Array(text.utf8)) }

    @Test func wellFormedChangelog_parsesEveryEntry() throws {
        let log = parse(
            """
            # cmamp-infra-1.2.0
            - 2025-05-18
            - Add support for Kubernetes Kustomize
              and its docs
            - Upgrade `kubectl` to v1.31.0

            # cmamp-infra-1.0.0-rc.1
            - 2024-10-16
            - First release

            """)
        #expect(log.problems.isEmpty)
        #expect(log.entries.map(\.name) == ["cmamp-infra", "cmamp-infra"])
        #expect(log.entries.map(\.version.description) == ["1.2.0", "1.0.0-rc.1"])
        #expect(log.entries.map(\.line) == [1, 7])
        #expect(
            log.top?.bullets == ["Add support for Kubernetes Kustomize and its docs", "Upgrade `kubectl` to v1.31.0"])
        #expect(log.top?.date == Changelog.Day(year: 2025, month: 5, day: 18))
    }

    @Test func crlfLines_parseLikeLF() {
        #expect(parse("# a-1.0.0\r\n- 2024-01-01\r\n- x\r\n").problems.isEmpty)
    }

    @Test func grammarProblems_carryTheirLines() {
        let log = parse(
            """
            intro
            # cmamp-1.2
            - 2025-01-01
            - x
            # cmamp-1.1.0
            - 2025-02-30
            - y
            # cmamp-1.0.0
            - 2024-01-01

            - z
            * star
            # cmamp-0.9.0
            """)
        #expect(log.problems.map(\.line) == [1, 2, 6, 11, 12, 13])
        #expect(log.problems.first { $0.line == 6 }?.message.contains("a real date") == true)
        #expect(log.problems.first { $0.line == 11 }?.message.contains("blank line inside an entry") == true)
        #expect(log.problems.first { $0.line == 13 }?.message.contains("no '- YYYY-MM-DD' date line") == true)
    }

    @Test func leapDays_areRealDates() {
        #expect(Changelog.Day("2024-02-29") != nil)
        #expect(Changelog.Day("2023-02-29") == nil)
        #expect(Changelog.Day("2023-13-01") == nil)
        #expect(Changelog.Day("23-01-01") == nil)
    }

    @Test func parser_neverTraps_onTruncatedBinaryOrEnormousInput() {
        let good = Array("# a-1.0.0\n- 2024-01-01\n- x\n".utf8)
        for n in 0...good.count { _ = Changelog(Array(good.prefix(n))) }
        _ = Changelog((0..<4096).map { UInt8($0 % 256) })
        _ = Changelog([0xff, 0xfe, 10, 0x23, 0x20, 0xc3])
        let huge = Array(String(repeating: "# a-1.0.0\n- 2024-01-01\n- x\n\n", count: 20_000).utf8)
        #expect(Changelog(huge).entries.count == 20_000)
        #expect(Changelog([]).entries.isEmpty)
    }

    /// `today()` reads libc's local time; it must name the day Foundation's calendar names.
    @Test func today_isTheLocalCalendarDay() {
        for _ in 0..<2 {
            let before = Calendar.current.dateComponents([.year, .month, .day], from: Date())
            let today = Changelog.Day.today()
            let after = Calendar.current.dateComponents([.year, .month, .day], from: Date())
            guard before == after else { continue }  // midnight passed between the readings
            #expect([today.year, today.month, today.day] == [before.year, before.month, before.day])
            return
        }
    }
}
