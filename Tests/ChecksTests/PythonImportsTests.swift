import Testing

@testable import Checks
@testable import Formats
@testable import Model

/// The Python import scanner: what is an import statement and what only looks like one.
@Suite struct PythonImportsTests {
    func scan(_ text: String) -> [String] {
        PythonImports.scan(Array(text.utf8)).map { i in
            let dots = String(repeating: ".", count: i.level)
            let head = i.isFrom ? "from \(dots)\(i.module) import \(i.names.joined(separator: ","))" : i.module
            return "\(i.line): \(head)"
        }
    }

    @Test func plainImports_withAliasesAndCommas_yieldOneRecordPerModule() {
        #expect(scan("import os\nimport a.b as c, d\n") == ["1: os", "2: a.b", "2: d"])
    }

    @Test func fromImports_withParenthesesAcrossLines_aliasesAndStars() {
        let source = "from a.b import (\n    c,\n    d as e,\n)\nfrom x import *\n"
        #expect(scan(source) == ["1: from a.b import c,d", "5: from x import *"])
    }

    @Test func relativeImports_keepTheirLevel() {
        #expect(
            scan("from . import x\nfrom ..core import y\nfrom ... import z\n")
                == ["1: from . import x", "2: from ..core import y", "3: from ... import z"])
    }

    @Test func importsInsideFunctionsTryBlocksAndTypeCheckingBlocks_count() {
        let source = """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from a import b
            try:
                import fast
            except ImportError:
                import slow
            def f():
                import inner
            class C:
                if True: import oneliner
            x = 1; import after_semicolon
            """
        #expect(
            scan(source) == [
                "1: from typing import TYPE_CHECKING", "3: from a import b", "5: fast", "7: slow",
                "9: inner", "11: oneliner", "12: after_semicolon",
            ])
    }

    @Test func backslashContinuations_joinTheStatement() {
        #expect(scan("from a \\\n    import b\nimport c\n") == ["1: from a import b", "3: c"])
    }

    @Test func textInStringsDocstringsAndComments_isNeverAnImport() {
        let source = #"""
            """Module doc.
            import not_a
            from not_b import c
            """
            s = 'import not_c'
            t = rb"import not_d \" still"
            u = f'''
            import not_e
            '''
            # import not_f
            v = Br'x'; import real
            w = x.import_thing()
            """#
        #expect(scan(source) == ["11: real"])
    }

    @Test func namesThatOnlyContainImport_orAttributeAccess_areNoImports() {
        #expect(scan("important = 1\nfrom_x = 2\nimportlib.import_module('a')\n").isEmpty)
        #expect(scan("raise E from exc\nyield from gen\n").isEmpty)
    }

    @Test func brokenFiles_areReadAsFarAsPossible_andNeverFail() {
        #expect(scan("import a\ns = \"unterminated\nimport b\n") == ["1: a", "3: b"])
        #expect(scan("import a\nx = '''never closed\nimport b\n") == ["1: a"])
        #expect(scan("import a\ndef (:\n  ))) ]]\nimport b\nfrom import\nfrom . import\n") == ["1: a", "4: b"])
        let stray: [UInt8] = Array("import a\n".utf8) + [0xff, 0xfe, 0x00, 0x80] + Array("\nimport b\n".utf8)
        #expect(PythonImports.scan(stray).map(\.module) == ["a", "b"])
        #expect(PythonImports.scan([]).isEmpty)
    }

    @Test func lineNumbers_countLinesInsideStringsAndContinuations() {
        #expect(scan("x = '''\n\n'''\ny = (1,\n 2)\nimport a\n") == ["6: a"])
    }
}
