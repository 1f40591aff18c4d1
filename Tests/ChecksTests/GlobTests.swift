import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

private func path(_ s: String) -> RepoPath { RepoPath(s) }

private func glob(_ pattern: String) throws -> Glob { try Glob(pattern) }

@Test func literalPattern_matchesItselfAndEverythingBelow() throws {
    let g = try glob("libs/common")
    #expect(g.isLiteral)
    #expect(g.matches(path("libs/common")))
    #expect(g.matches(path("libs/common/a.py")))
    #expect(g.matches(path("libs/common/x/y/z")))
    #expect(!g.matches(path("libs/commonplace")))
    #expect(!g.matches(path("libs/commo")))
    #expect(!g.matches(path("libs")))
    #expect(!g.matches(path("other/libs/common")))
    #expect(!g.matches(.root))
}

@Test func literalPattern_isNormalisedFromDotSlashAndTrailingSlash() throws {
    let g = try glob("./libs/common/")
    #expect(g.pattern == "libs/common")
    #expect(g.matches(path("libs/common/a.py")))
    #expect(g == (try glob("libs/common")))
}

@Test func star_staysWithinOneComponent() throws {
    let g = try glob("schemas/*.json")
    #expect(!g.isLiteral)
    #expect(g.matches(path("schemas/a.json")))
    #expect(g.matches(path("schemas/.json")))
    #expect(!g.matches(path("schemas/sub/a.json")))
    #expect(!g.matches(path("schemas/a.json/inner")))
    #expect(!g.matches(path("schemas/a.yaml")))
    #expect(!g.matches(path("schemas")))
}

@Test func star_backtracksAcrossRepeatedText() throws {
    let g = try glob("*ab*ab")
    #expect(g.matches(path("xabyabab")))
    #expect(g.matches(path("abab")))
    #expect(!g.matches(path("abxab_")))
}

@Test func questionMark_matchesExactlyOneByteButNotSlash() throws {
    let g = try glob("a?c")
    #expect(g.matches(path("abc")))
    #expect(!g.matches(path("ac")))
    #expect(!g.matches(path("abbc")))
    #expect(!g.matches(path("a/c")))
}

@Test func classes_matchRangesListsAndNegations() throws {
    let range = try glob("v[0-9].txt")
    #expect(range.matches(path("v7.txt")))
    #expect(!range.matches(path("va.txt")))

    let list = try glob("[abc]x")
    #expect(list.matches(path("bx")))
    #expect(!list.matches(path("dx")))

    let negated = try glob("[!a]x")
    #expect(negated.matches(path("bx")))
    #expect(!negated.matches(path("ax")))
    #expect(!negated.matches(path("/x")))

    let caret = try glob("[^a]x")
    #expect(caret.matches(path("zx")))
    #expect(!caret.matches(path("ax")))

    let bracket = try glob("[]a]x")
    #expect(bracket.matches(path("]x")))
    #expect(bracket.matches(path("ax")))
    #expect(!bracket.matches(path("bx")))
}

@Test func trailingGlobstar_matchesEverythingBelowButNotTheDirectoryItself() throws {
    let g = try glob("devops/**")
    #expect(g.matches(path("devops/x")))
    #expect(g.matches(path("devops/a/b")))
    #expect(!g.matches(path("devops")))
    #expect(!g.matches(path("devopsx/a")))
    #expect(!g.matches(path("src/devops/a")))
}

@Test func leadingGlobstar_matchesAtAnyDepthIncludingTheTop() throws {
    let g = try glob("**/BUILD")
    #expect(g.matches(path("BUILD")))
    #expect(g.matches(path("a/BUILD")))
    #expect(g.matches(path("a/b/BUILD")))
    #expect(!g.matches(path("a/BUILD/x")))
    #expect(!g.matches(path("a/XBUILD")))
}

@Test func middleGlobstar_matchesZeroOrMoreComponents() throws {
    let g = try glob("a/**/b/*.py")
    #expect(g.matches(path("a/b/x.py")))
    #expect(g.matches(path("a/x/b/y.py")))
    #expect(g.matches(path("a/x/y/z/b/w.py")))
    #expect(!g.matches(path("a/x/c/y.py")))
    #expect(!g.matches(path("b/x.py")))
}

@Test func repeatedGlobstars_collapse() throws {
    let g = try glob("a/**/**/b")
    #expect(g.matches(path("a/b")))
    #expect(g.matches(path("a/x/y/b")))
}

@Test func loneGlobstar_matchesEveryPathButTheRoot() throws {
    let g = try glob("**")
    #expect(g.matches(path("a")))
    #expect(g.matches(path("a/b/c")))
    #expect(!g.matches(.root))
}

@Test func nonUTF8Paths_areMatchedByteForByte() throws {
    let bad = RepoPath(bytes: Array("dir/".utf8) + [0xff, 0xfe] + Array(".json".utf8))
    #expect(try glob("dir/*.json").matches(bad))
    #expect(try glob("dir/??.json").matches(bad))
    #expect(!(try glob("dir/?.json").matches(bad)))
    #expect(try glob("dir").matches(bad))
    #expect(try glob("**/*.json").matches(bad))
    #expect(!(try glob("dir/*.yaml").matches(bad)))
}

@Test func nonASCIIPatterns_matchTheirUTF8Bytes() throws {
    let g = try glob("données/*")
    #expect(g.matches(path("données/a")))
    #expect(!g.matches(path("donnees/a")))
    // `é` is two bytes, so one `?` is not enough for it.
    #expect(!(try glob("donn?es").matches(path("données"))))
    #expect(try glob("donn??es").matches(path("données")))
}

@Test func escapedWildcards_areLiteral() throws {
    let g = try glob("a\\*b")
    #expect(g.isLiteral)
    #expect(g.matches(path("a*b")))
    #expect(g.matches(path("a*b/c")))
    #expect(!g.matches(path("axb")))
}

@Test func literalPrefix_isTheLeadingDirectoryWithoutWildcards() throws {
    #expect(try glob("libs/common/**").literalPrefix == path("libs/common"))
    #expect(try glob("schemas/*.json").literalPrefix == path("schemas"))
    #expect(try glob("**/x").literalPrefix == .root)
    #expect(try glob("*.md").literalPrefix == .root)
    #expect(try glob("a/b[0-9]/c").literalPrefix == path("a"))
    #expect(try glob("devops/docker_build/dev.Dockerfile").literalPrefix == path("devops/docker_build/dev.Dockerfile"))
}

@Test func matchesUnder_matchesThePartBelowTheBase() throws {
    let g = try glob("devops/**")
    let base = path("apps/web")
    #expect(g.matches(path("apps/web/devops/Dockerfile"), under: base))
    #expect(!g.matches(path("apps/web/src/devops/x"), under: base))
    #expect(!g.matches(path("apps/webx/devops/x"), under: base))
    #expect(!g.matches(path("devops/x"), under: base))
    #expect(!g.matches(path("apps/web"), under: base))

    let literal = try glob("changelog.txt")
    #expect(literal.matches(path("apps/web/changelog.txt"), under: base))
    #expect(!literal.matches(path("apps/web/sub/changelog.txt"), under: base))
    #expect(literal.matches(path("changelog.txt"), under: .root))
}

@Test func badPatterns_areErrorsThatSayWhy() {
    let cases: [(String, String)] = [
        ("", "empty"),
        ("/abs/x", "absolute"),
        ("a/../b", "'..'"),
        ("a//b", "empty component"),
        ("a/[bc", "not closed"),
        ("a**/b", "whole path component"),
        ("[z-a]", "reversed"),
        ("a\\", "lone"),
    ]
    for (pattern, fragment) in cases {
        let error = #expect(throws: GlobError.self) { try Glob(pattern) }
        #expect(error?.pattern == pattern)
        #expect(error?.message.contains(fragment) == true, "\(pattern): \(String(describing: error))")
    }
}

@Test func globsAreEqualByNormalisedPattern() throws {
    #expect(Set([try glob("a/*"), try glob("./a/*"), try glob("b")]).count == 2)
}
