import Testing

@testable import Formats
@testable import Model

/// Configuration errors name the line the TOML parser saw the key on, and a UTF-8 byte order mark is accepted.
@Suite struct ConfigurationPositionTests {
    func failure(_ text: String) -> ConfigurationError? {
        do {
            _ = try Configuration.parse(Array(text.utf8), file: "preflight.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func anUnknownKeyInAnInlineTable_isReportedAtItsOwnLine() throws {
        let text = "target = [\n  {path = \"a\"},\n  {path = \"b\", bogus = 1},\n]\n"
        let error = try #require(failure(text))
        #expect(error.key == "target[1].bogus")
        #expect(error.line == 3)
        #expect(failure("target = [\n  {path = \"a\"},\n  {path = \"b\"},\n]\n") == nil)
    }

    @Test func aWrongTypeInAnInlineTable_isReportedAtItsKeysLine() throws {
        let error = try #require(failure("[[target]]\npath = \"a\"\n\ntimeout = {fast = 1, slow = \"x\"}\n"))
        #expect(error.key == "target[0].timeout.slow")
        #expect(error.line == 4)
        #expect(error.message == "'target[0].timeout.slow' must be an integer, found string")
        #expect(failure("[[target]]\npath = \"a\"\n\ntimeout = {fast = 1, slow = 2}\n") == nil)
    }

    @Test func aMissingKey_isReportedAtTheHeaderOfItsTable() throws {
        let error = try #require(failure("[[target]]\npath = \"a\"\n\n[[target]]\ndeps = [\"a\"]\n"))
        #expect(error.key == "target[1].path")
        #expect(error.line == 4)
    }

    @Test func aByteOrderMark_atTheStartOfPreflightToml_isAccepted() throws {
        let marked = [0xEF, 0xBB, 0xBF] + Array("[workspace]\ndefault-branch = \"trunk\"\n".utf8)
        let config = try Configuration.parse(marked, file: "preflight.toml")
        #expect(config.workspace.defaultBranch == "trunk")
        let later = Array("[workspace]\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("x = 1\n".utf8)
        #expect(throws: ConfigurationError.self) { try Configuration.parse(later, file: "preflight.toml") }
    }

    @Test func aByteOrderMark_atTheStartOfPyprojectToml_isAccepted() throws {
        let text = "[project]\nname = \"app\"\ndependencies = [\"requests>=2\"]\n"
        let plain = try DeclaredRequirements.pyproject(Array(text.utf8)).get()
        let marked = try DeclaredRequirements.pyproject([0xEF, 0xBB, 0xBF] + Array(text.utf8)).get()
        #expect(marked == plain)
        #expect(plain.byName["requests"] != nil)
        #expect(try TOMLData.parse([0xEF, 0xBB, 0xBF] + Array(text.utf8), file: "pyproject.toml")["project"] != nil)
    }

    @Test(arguments: ["[[\n", "[[ [a]]\n", "[[[a]]]\n", String(repeating: "[", count: 100_000)])
    func theInputsThatOnceAbortedTheProcess_areProblemsAtLineOne(text: String) {
        guard case .failure(let problem) = DeclaredRequirements.pyproject(Array(text.utf8)) else {
            Issue.record("\(text.prefix(10)) parsed")
            return
        }
        #expect(problem.message.hasPrefix("invalid toml at line 1: "))
        #expect(throws: FormatError.self) { try TOMLData.parse(Array(text.utf8), file: "pyproject.toml") }
    }
}
