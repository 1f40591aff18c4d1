import Testing

@testable import Checks
@testable import Formats
@testable import Model

/// `[python]` in `preflight.toml`: roots, infer-imports and module-mapping, with errors naming key and line.
@Suite struct PythonConfigurationTests {
    func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try Configuration.parse(Array(text.utf8), file: "preflight.toml")
    }

    func failure(_ text: String) -> ConfigurationError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func pythonTable_givesRootsInferenceAndMapping() throws {
        let config = try parse(
            """
            [python]
            roots = ["", "./src/", "tests"]
            infer-imports = false

            [python.module-mapping]
            "My_Dist" = ["my_mod", "other.pkg"]
            """)
        #expect(config.python.roots == [.root, RepoPath("src"), RepoPath("tests")])
        #expect(config.python.inferImports == false)
        #expect(config.python.moduleMapping == ["my-dist": ["my_mod", "other.pkg"]])
    }

    @Test func noPythonTable_leavesRootsUnsetAndInferenceOn() throws {
        let config = try parse("")
        #expect(config.python.roots == nil)
        #expect(config.python.inferImports)
    }

    @Test func unknownPythonKey_isAnErrorNamingTheKeyAndLine() throws {
        let error = try #require(failure("[python]\nroots = []\nroot = [\"src\"]\n"))
        #expect(error.line == 3)
        #expect(
            error.description
                == "preflight.toml:3: unknown key 'python.root' (known: roots, infer-imports, module-mapping)")
    }

    @Test func badRootsAndMappings_areErrorsWithTheirLines() throws {
        let absolute = try #require(failure("[python]\nroots = [\"/src\"]\n"))
        #expect(absolute.line == 2)
        #expect(absolute.message.contains("'python.roots' item 0 must be relative to the repository root"))
        #expect(try #require(failure("[python]\nroots = [\"../x\"]\n")).message.contains("must not contain '..'"))
        let wrongType = try #require(failure("[python]\ninfer-imports = \"no\"\n"))
        #expect(wrongType.line == 2)
        let module = try #require(failure("[python.module-mapping]\npyyaml = [\"ya ml\"]\n"))
        #expect(module.line == 2)
        #expect(module.message == "'python.module-mapping.pyyaml' item 0 is not a module name: 'ya ml'")
    }
}
