import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// Semver and PEP 440: parsing, precedence, and no trap on any input.
@Suite struct VersionFormatTests {
    // MARK: semver

    @Test func semverPrecedence_followsTheSpecificationsExample() throws {
        let ordered = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0",
        ]
        let versions = try ordered.map { try Semver($0) }
        for (a, b) in zip(versions, versions.dropFirst()) { #expect(a < b, "\(a) < \(b)") }
        #expect(try Semver("1.0.0+build.1") == Semver("1.0.0+other"))
        #expect(try Semver("99999999999999999999999.0.0") > Semver("9999999999999999999999.0.0"))
    }

    @Test(arguments: [
        "", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "1.2.3-a..b", "v1.2.3",
        "1.2.3-é", " 1.2.3", "a.b.c", "1.2.-3",
    ])
    func semverRejects_withAReason(text: String) {
        #expect(throws: SemverError.self) { try Semver(text) }
    }

    @Test func semverAccepts_prereleaseAndBuild() throws {
        let v = try Semver("1.2.3-rc.1+sha.5114f85")
        #expect(v.prerelease == ["rc", "1"])
        #expect(v.build == ["sha", "5114f85"])
        #expect(v.description == "1.2.3-rc.1+sha.5114f85")
        #expect(v.isPrerelease)
    }

    // MARK: PEP 440

    @Test func pep440_normalisesAsPackagingDoes() throws {
        let cases = [
            "1.0": "1.0", "v1.0": "1.0", "1.0-ALPHA1": "1.0a1", "1.0.beta.2": "1.0b2", "1.0c1": "1.0rc1",
            "1.0-preview": "1.0rc0", "1.0-1": "1.0.post1", "1.0.rev3": "1.0.post3", "1.0_dev": "1.0.dev0",
            "26.8.0rc1": "26.8.0rc1", "1!2.0+Ubuntu-1": "1!2.0+ubuntu.1", "01.002": "1.2",
        ]
        for (text, normal) in cases { #expect(try PEP440(text).description == normal, "\(text)") }
    }

    /// The order packaging 26 gives (checked against Python's `packaging` when it is installed).
    static let pep440Order = [
        "1.0.dev0", "1.0a1.dev1", "1.0a1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0+local.1",
        "1.0+local.2", "1.0.post1.dev1", "1.0.post1", "1.0.1", "1.1.dev1", "26.3.0", "26.8.0rc1",
        "26.8.0", "1!0.1",
    ]

    @Test func pep440Order_matchesTheSpecification() throws {
        let versions = try VersionFormatTests.pep440Order.map { try PEP440($0) }
        for (a, b) in zip(versions, versions.dropFirst()) { #expect(a < b, "\(a) < \(b)") }
        #expect(try PEP440("1.0") == PEP440("1.0.0"))
        #expect(try Set([PEP440("1.0"), PEP440("1.0.0")]).count == 1)
    }

    @Test func pep440Order_agreesWithPythonsPackaging() throws {
        let probe = try Shell.run(["python3", "-c", "import packaging.version"], in: NSTemporaryDirectory())
        guard probe.status == 0 else { return }  // packaging is not installed here: the order above still stands
        let script = "import sys, packaging.version as v; print('\\n'.join(sorted(sys.argv[1:], key=v.Version)))"
        let shuffled = VersionFormatTests.pep440Order.reversed().map { $0 }
        let r = try Shell.run(["python3", "-c", script] + shuffled, in: NSTemporaryDirectory())
        let ours = try shuffled.map { try PEP440($0) }.sorted().map(\.description)
        let theirs = try r.stdout.split(separator: "\n").map { try PEP440(String($0)).description }
        #expect(ours == theirs)
    }

    @Test(arguments: ["", "a", "1.0+", "1.0+a..b", "1.0junk", "1..0", "!1.0", "1.0-", "1.0.post.dev.x"])
    func pep440Rejects_withAReason(text: String) {
        #expect(throws: PEP440Error.self) { try PEP440(text) }
    }

    // MARK: no trap on any input

    @Test func parsers_neverTrap_onTruncatedBinaryOrEnormousInput() {
        var inputs = ["1.2.3-rc.1+b", "1!2.0rc1.post2.dev3+x.y"].flatMap { s in
            (0...s.count).map { String(s.prefix($0)) }
        }
        inputs.append(String(decoding: (0..<256).map { UInt8($0) }, as: UTF8.self))
        inputs.append(String(repeating: "9", count: 100_000) + ".0.0")
        inputs.append(String(repeating: "1.", count: 50_000) + "0")
        inputs.append(String(repeating: "-", count: 10_000))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let alphabet = Array("0123456789.-+!abcrdevpostv_ \u{0}é")
            inputs.append(
                String(
                    (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                        alphabet.randomElement(using: &generator)!
                    }))
        }
        for input in inputs {
            _ = Semver.parse(input)
            _ = PEP440.parse(input)
        }
        #expect(Semver.parse(String(repeating: "9", count: 100_000) + ".0.0") != nil)
    }
}
