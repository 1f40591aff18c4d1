import Foundation
import Testing
import TestSupport
@testable import Checks

/// The lock readers: PEP 508 requirements, Pants lock metadata, npm and SwiftPM locks — fresh, stale,
/// unreadable, and no trap on any input.
@Suite struct LockFormatTests {
    // MARK: requirements

    static let canonicalForms = [
        ("Foo_Bar[B,a] >= 1.0 , <2 ; python_version < '3.12'", "foo-bar[a,b]<2,>=1.0; python_version < \"3.12\""),
        ("aiohttp~=3.9.4", "aiohttp~=3.9.4"),
        ("Django>=4.2  # the web framework", "django>=4.2"),
        ("zope.interface (>=5.0, <6)", "zope-interface<6,>=5.0"),
        ("requests[SOCKS , security]==2.31.0", "requests[security,socks]==2.31.0"),
        ("pkg @ https://example.com/pkg-1.0.whl#sha256=ab ; os.name == 'nt'", "pkg @ https://example.com/pkg-1.0.whl#sha256=ab; os_name == \"nt\""),
        ("uvloop; (sys_platform != 'win32'   and implementation_name=='cpython') or extra=='Fast_IO'",
         "uvloop; (sys_platform != \"win32\" and implementation_name == \"cpython\") or extra == \"fast-io\""),
        ("cffi ; python_implementation == 'CPython' and python_version not in '3.0, 3.1'",
         "cffi; platform_python_implementation == \"CPython\" and python_version not in \"3.0, 3.1\""),
        ("numpy==1.*", "numpy==1.*"),
        ("attrs[]", "attrs"),
        ("A.B-C__D", "a-b-c-d"),
        ("foo >=1.0, >= 1.0", "foo>=1.0"),
        ("  trailing-space  ", "trailing-space"),
        ("x;(os_name=='nt')", "x; os_name == \"nt\""),
        ("x; (sys_platform=='1' and extra=='1') or (os_name=='1')", "x; (sys_platform == \"1\" and extra == \"1\") or os_name == \"1\""),
        // packaging drops parentheses around a lone nested group, even where they matter; locks record that.
        ("x; os_name=='1' or ((sys_platform=='1' and extra=='1'))", "x; os_name == \"1\" or sys_platform == \"1\" and extra == \"1\""),
    ]

    static let notRequirements = [
        "", "   ", "# a comment", "-r other.txt", "./local/path", "foo bar", "foo >=", "foo[bar", "foo; (python_version",
        "foo ; os_name == 'nt", "foo; python_version < 3.8", "foo==1.0 extra", "foo-", "foo @", "foo @ https://x y", "foo; ",
        "foo ; a ^ b", "foo[a b]", "é", "x; a == '1'", "x; platform.release == '1'", "x; os_name == '1' and", "x; (os_name == '1'",
    ]

    @Test(arguments: canonicalForms)
    func normalise_givesTheDocumentedCanonicalForm(line: String, canonical: String) {
        #expect(Requirement.normalise(line) == canonical)
    }

    @Test func normalise_makesEqualSpellingsEqual() {
        let pairs = [("Jinja2~=3.1.2", "jinja2 ~= 3.1.2"), ("a_b.c[X]>1,<3", "A-B-C[x] (<3, >1)"),
                     ("x; os_name=='nt'", "x ;os.name  ==  \"nt\""), ("y[a,b]", "y[b, a, a]")]
        for (a, b) in pairs { #expect(Requirement.normalise(a) == Requirement.normalise(b), "\(a) vs \(b)") }
        #expect(Requirement.normalise("foo==1.0") != Requirement.normalise("foo==1.0.1"))
        #expect(Requirement.normalise("foo[a]") != Requirement.normalise("foo"))
    }

    @Test(arguments: notRequirements)
    func normalise_isNil_forBlankCommentAndWhatIsNotARequirement(line: String) {
        #expect(Requirement.normalise(line) == nil)
    }

    /// The canonical form built from Python's packaging: its `str(Requirement)` with names normalised.
    static let packagingCanonical = """
        import re, sys
        from packaging.requirements import Requirement
        from packaging.utils import canonicalize_name
        for line in sys.argv[1:]:
            try:
                r = Requirement(re.sub(r"(^|\\s+)#.*$", "", line).strip())
            except Exception:
                print("nil"); continue
            s = canonicalize_name(r.name)
            if r.extras: s += "[" + ",".join(sorted(canonicalize_name(e) for e in r.extras)) + "]"
            s += str(r.specifier) + (" @ " + r.url if r.url else "") + ("; " + str(r.marker) if r.marker else "")
            print(s)
        """

    @Test func normalise_agreesWithPythonsPackaging() throws {
        let probe = try Shell.run(["python3", "-c", "import packaging.requirements"], in: NSTemporaryDirectory())
        guard probe.status == 0 else { return }  // packaging is not installed here: the cases above still stand
        let lines = Self.canonicalForms.map(\.0) + Self.notRequirements.filter { !$0.isEmpty }
        let r = try Shell.run(["python3", "-c", Self.packagingCanonical] + lines, in: NSTemporaryDirectory())
        let theirs = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines.count).map(String.init)
        #expect(lines.map { Requirement.normalise($0) ?? "nil" } == theirs, "\(r.stderr)")
    }

    static let requirementsFile = """
        # third-party requirements of the monorepo
        -r base.txt
        --index-url https://pypi.example/simple
        -c constraints.txt
        -e ./libs/local
        aiohttp ~= 3.9.4  # pinned for the agent
        requests==2.31.0 \\
            --hash=sha256:aaaa \\
            --hash=sha256:bbbb
        Foo_Bar[b,a]>=1.0 ; python_version < '3.12'
        uvloop\\
        ==0.19.0

        not a requirement
        ./wheels/local-1.0-py3-none-any.whl
        attrs>=23.1 --config-settings=x=y
        """

    @Test func requirementsFile_skipsCommentsOptionsAndIncludes_andJoinsContinuations() {
        let (requirements, problems) = Requirement.fromRequirementsFile(Array(Self.requirementsFile.utf8))
        #expect(requirements == ["aiohttp~=3.9.4", "requests==2.31.0", "foo-bar[a,b]>=1.0; python_version < \"3.12\"",
                                 "uvloop==0.19.0", "attrs>=23.1"])
        #expect(problems.map(\.line) == [14, 15])
        #expect(problems.first?.message == "`not a requirement` is not a requirement: `a requirement` is not a version specifier")
        #expect(problems.last?.message == "`./wheels/local-1.0-py3-none-any.whl` is not a requirement: expected a package name")
    }

    @Test func requirementsFile_withCRLFAndByteOrderMark_readsLikeLF() {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("aiohttp~=3.9.4\r\nrequests==2.31.0 \\\r\n  --hash=sha256:aa\r\n\r\n".utf8)
        let (requirements, problems) = Requirement.fromRequirementsFile(bytes)
        #expect(requirements == ["aiohttp~=3.9.4", "requests==2.31.0"])
        #expect(problems.isEmpty)
    }

    @Test func requirementsFile_problemOnAContinuation_namesItsFirstLine() {
        let (_, problems) = Requirement.fromRequirementsFile(Array("ok==1\nbad \\\n  thing\n".utf8))
        #expect(problems.map(\.line) == [2])
    }

}
