import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// Python's `json.dumps(sort_keys=True)` byte for byte, and SHA-256, checked against CPython itself.
@Suite struct PythonJSONTests {
    static let sample = """
        [tool.poetry]
        name = "sample"
        description = "Ünïcödé / slashes \\"quoted\\" \\t tab 🚀"
        [tool.poetry.dependencies]
        python = "^3.11"
        tiny = {path = "../libs/tiny", develop = true}
        Zeta = "*"
        alpha = {version = ">=1.0,<2", extras = ["b", "a"], optional = true}
        [tool.poetry.extras]
        all = ["alpha"]
        [tool.other]
        n = 3
        f = 0.5
        big = 1e-5
        when = 2024-01-02
        """

    @Test func dumps_matchesCPythonByteForByte() throws {
        let data = try TOMLData.parse(Array(PythonJSONTests.sample.utf8), file: "pyproject.toml")
        let ours = PythonJSON.dumps(data)
        let script = """
            import json, sys, tomllib
            d = tomllib.loads(sys.stdin.read())
            d["tool"]["other"]["when"] = str(d["tool"]["other"]["when"])
            sys.stdout.write(json.dumps(d, sort_keys=True))
            """
        let python = try Shell.run(
            ["python3", "-c", script], in: NSTemporaryDirectory(), input: PythonJSONTests.sample)
        try #require(python.status == 0, "\(python.stderr)")
        #expect(ours == python.stdout)
    }

    @Test func sha256_isTheStandardDigest() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Padding edges (55 and 56 bytes fill one block's length field differently) and several blocks, as
        // Python's hashlib gives them.
        let x = UInt8(ascii: "x")
        #expect(
            SHA256.hex([UInt8](repeating: x, count: 55))
                == "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072")
        #expect(
            SHA256.hex([UInt8](repeating: x, count: 56))
                == "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e")
        #expect(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func badTOML_isAnErrorWithItsLine() {
        #expect(throws: FormatError.self) { try TOMLData.parse(Array("a = 1\nb = = 2\n".utf8), file: "x.toml") }
        do {
            _ = try TOMLData.parse(Array("a = 1\nb = = 2\n".utf8), file: "x.toml")
        } catch {
            #expect(error.line == 2)
        }
    }
}
