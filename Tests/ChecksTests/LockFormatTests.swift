import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

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
        (
            "pkg @ https://example.com/pkg-1.0.whl#sha256=ab ; os.name == 'nt'",
            "pkg @ https://example.com/pkg-1.0.whl#sha256=ab; os_name == \"nt\""
        ),
        (
            "uvloop; (sys_platform != 'win32'   and implementation_name=='cpython') or extra=='Fast_IO'",
            "uvloop; (sys_platform != \"win32\" and implementation_name == \"cpython\") or extra == \"fast-io\""
        ),
        (
            "cffi ; python_implementation == 'CPython' and python_version not in '3.0, 3.1'",
            "cffi; platform_python_implementation == \"CPython\" and python_version not in \"3.0, 3.1\""
        ),
        ("numpy==1.*", "numpy==1.*"),
        ("attrs[]", "attrs"),
        ("A.B-C__D", "a-b-c-d"),
        ("foo >=1.0, >= 1.0", "foo>=1.0"),
        ("  trailing-space  ", "trailing-space"),
        ("x;(os_name=='nt')", "x; os_name == \"nt\""),
        (
            "x; (sys_platform=='1' and extra=='1') or (os_name=='1')",
            "x; (sys_platform == \"1\" and extra == \"1\") or os_name == \"1\""
        ),
        // packaging drops parentheses around a lone nested group, even where they matter; locks record that.
        (
            "x; os_name=='1' or ((sys_platform=='1' and extra=='1'))",
            "x; os_name == \"1\" or sys_platform == \"1\" and extra == \"1\""
        ),
    ]

    static let notRequirements = [
        "", "   ", "# a comment", "-r other.txt", "./local/path", "foo bar", "foo >=", "foo[bar",
        "foo; (python_version",
        "foo ; os_name == 'nt", "foo; python_version < 3.8", "foo==1.0 extra", "foo-", "foo @", "foo @ https://x y",
        "foo; ",
        "foo ; a ^ b", "foo[a b]", "é", "x; a == '1'", "x; platform.release == '1'", "x; os_name == '1' and",
        "x; (os_name == '1'",
    ]

    @Test(arguments: canonicalForms)
    func normalise_givesTheDocumentedCanonicalForm(line: String, canonical: String) {
        #expect(Requirement.normalise(line) == canonical)
    }

    @Test func normalise_makesEqualSpellingsEqual() {
        let pairs = [
            ("Jinja2~=3.1.2", "jinja2 ~= 3.1.2"), ("a_b.c[X]>1,<3", "A-B-C[x] (<3, >1)"),
            ("x; os_name=='nt'", "x ;os.name  ==  \"nt\""), ("y[a,b]", "y[b, a, a]"),
        ]
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
        let theirs = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines.count).map(
            String.init)
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
        #expect(
            requirements == [
                "aiohttp~=3.9.4", "requests==2.31.0", "foo-bar[a,b]>=1.0; python_version < \"3.12\"",
                "uvloop==0.19.0", "attrs>=23.1",
            ])
        #expect(problems.map(\.line) == [14, 15])
        #expect(
            problems.first?.message
                == "`not a requirement` is not a requirement: `a requirement` is not a version specifier")
        #expect(
            problems.last?.message
                == "`./wheels/local-1.0-py3-none-any.whl` is not a requirement: expected a package name")
    }

    @Test func requirementsFile_withCRLFAndByteOrderMark_readsLikeLF() {
        let bytes =
            [0xEF, 0xBB, 0xBF] + Array("aiohttp~=3.9.4\r\nrequests==2.31.0 \\\r\n  --hash=sha256:aa\r\n\r\n".utf8)
        let (requirements, problems) = Requirement.fromRequirementsFile(bytes)
        #expect(requirements == ["aiohttp~=3.9.4", "requests==2.31.0"])
        #expect(problems.isEmpty)
    }

    @Test func requirementsFile_problemOnAContinuation_namesItsFirstLine() {
        let (_, problems) = Requirement.fromRequirementsFile(Array("ok==1\nbad \\\n  thing\n".utf8))
        #expect(problems.map(\.line) == [2])
    }

    // MARK: Pants

    /// A lock as Pants 2.x writes it with the metadata header (`add_header_to_lockfile`, `json.dumps(indent=2)`).
    static let pantsHeaderLock = """
        // This lockfile was autogenerated by Pants. To regenerate, run:
        //
        //    pants generate-lockfiles --resolve=python-default
        //
        // --- BEGIN PANTS LOCKFILE METADATA: DO NOT EDIT OR REMOVE ---
        // {
        //   "version": 3,
        //   "valid_for_interpreter_constraints": [
        //     "CPython==3.12.*"
        //   ],
        //   "generated_with_requirements": [
        //     "Jinja2~=3.1.2",
        //     "aiohttp~=3.9.4",
        //     "attrs>=23.1",
        //     "uvloop~=0.19; sys_platform != \\"win32\\""
        //   ],
        //   "manylinux": "manylinux2014",
        //   "requirement_constraints": [],
        //   "only_binary": [],
        //   "no_binary": []
        // }
        // --- END PANTS LOCKFILE METADATA ---

        {
          "allow_builds": true,
          "allow_prereleases": false,
          "locked_resolves": [],
          "pex_version": "2.1.148",
          "requirements": [
            "Jinja2~=3.1.2",
            "aiohttp~=3.9.4",
            "attrs>=23.1",
            "uvloop~=0.19; sys_platform != \\"win32\\""
          ],
          "resolver_version": "pip-2020-resolver"
        }

        """

    /// The same lock without a header, and its sidecar `python.lock.metadata` as Pants 2.30 writes it with
    /// `separate_lockfile_metadata_file` (a JSON object; `description` holds the regenerate command).
    static let pantsBareLock = String(pantsHeaderLock[pantsHeaderLock.range(of: "\n{\n")!.lowerBound...].dropFirst())
    static let pantsSidecar = """
        {
          "description": "This lockfile was generated by Pants. To regenerate, run: pants generate-lockfiles --resolve=python-default",
          "version": 6,
          "valid_for_interpreter_constraints": [
            "CPython==3.12.*"
          ],
          "generated_with_requirements": [
            "Jinja2~=3.1.2",
            "aiohttp~=3.9.4",
            "attrs>=23.1",
            "uvloop~=0.19; sys_platform != \\"win32\\""
          ],
          "manylinux": "manylinux2014",
          "requirement_constraints": [],
          "only_binary": [],
          "no_binary": [],
          "excludes": [],
          "overrides": [],
          "sources": []
        }

        """

    static let pantsRequirements = """
        # the monorepo's requirements.txt
        aiohttp ~= 3.9.4
        jinja2~=3.1.2   # templates
        attrs >= 23.1
        uvloop~=0.19 ; sys_platform != 'win32'
        """

    static let lockedRequirements = [
        "Jinja2~=3.1.2", "aiohttp~=3.9.4", "attrs>=23.1", "uvloop~=0.19; sys_platform != \"win32\"",
    ]

    func pantsMetadata(lock: String, sidecar: String? = nil) -> Result<PantsLockMetadata, LockProblem> {
        PantsLock.metadata(lock: Array(lock.utf8), sidecar: sidecar.map { Array($0.utf8) })
    }

    @Test func pantsHeader_givesTheRequirementsResolveAndVersion() throws {
        let metadata = try pantsMetadata(lock: Self.pantsHeaderLock).get()
        #expect(
            metadata
                == PantsLockMetadata(
                    generatedWithRequirements: Self.lockedRequirements, resolve: "python-default", version: 3))
    }

    @Test func pantsSidecar_isRead_whenTheLockHasNoHeader() throws {
        let metadata = try pantsMetadata(lock: Self.pantsBareLock, sidecar: Self.pantsSidecar).get()
        #expect(
            metadata
                == PantsLockMetadata(
                    generatedWithRequirements: Self.lockedRequirements, resolve: "python-default", version: 6))
    }

    @Test func pantsSidecar_winsOverTheHeader_asPantsReadsIt() throws {
        let sidecar = Self.pantsSidecar.replacingOccurrences(of: "aiohttp~=3.9.4", with: "aiohttp~=3.9.5")
        let metadata = try pantsMetadata(lock: Self.pantsHeaderLock, sidecar: sidecar).get()
        #expect(metadata.generatedWithRequirements.contains("aiohttp~=3.9.5"))
    }

    @Test func pantsSidecarResolveKey_isPreferredToTheCommand() throws {
        let sidecar = Self.pantsSidecar.replacingOccurrences(
            of: "\"version\": 6,", with: "\"version\": 8,\n  \"resolve\": \"data-science\",")
        #expect(try pantsMetadata(lock: Self.pantsBareLock, sidecar: sidecar).get().resolve == "data-science")
    }

    @Test func pantsHashHeader_ofARequirementsStyleLock_isRead() throws {
        let lock =
            Self.pantsHeaderLock.components(separatedBy: "\n\n{")[0].replacingOccurrences(of: "//", with: "#")
            + "\n\naiohttp==3.9.4 \\\n    --hash=sha256:aa\n"
        let metadata = try pantsMetadata(lock: lock).get()
        #expect(metadata.generatedWithRequirements == Self.lockedRequirements)
        #expect(metadata.resolve == "python-default")
    }

    @Test func pantsVerdict_isFresh_whenTheRequirementsMatchInAnySpellingOrOrder() throws {
        let metadata = try pantsMetadata(lock: Self.pantsHeaderLock).get()
        let requirements = Requirement.fromRequirementsFile(Array(Self.pantsRequirements.utf8)).requirements
        #expect(PantsLock.verdict(metadata: metadata, requirements: requirements) == .fresh)
        #expect(
            PantsLock.verdict(metadata: metadata, requirements: requirements.reversed() + ["", "# note"]) == .fresh)
    }

    @Test func pantsVerdict_isStale_whenARequirementIsAdded() throws {
        let metadata = try pantsMetadata(lock: Self.pantsHeaderLock).get()
        let verdict = PantsLock.verdict(
            metadata: metadata, requirements: Self.lockedRequirements + ["PyYAML>=6"], manifest: "requirements.txt")
        #expect(verdict == .stale("requirements.txt has PyYAML>=6, the lock was generated without it"))
    }

    @Test func pantsVerdict_isStale_whenARequirementIsRemoved() throws {
        let metadata = try pantsMetadata(lock: Self.pantsHeaderLock).get()
        let verdict = PantsLock.verdict(
            metadata: metadata, requirements: Self.lockedRequirements.filter { !$0.hasPrefix("attrs") })
        #expect(verdict == .stale("the lock was generated with attrs>=23.1, the manifest does not have it"))
        let (added, removed) = PantsLock.difference(
            metadata: metadata, requirements: Self.lockedRequirements.filter { !$0.hasPrefix("attrs") })
        #expect(added.isEmpty && removed == ["attrs>=23.1"])
    }

    @Test func pantsVerdict_isStale_whenARequirementChanges() throws {
        let metadata = try pantsMetadata(lock: Self.pantsHeaderLock).get()
        let requirements = Self.lockedRequirements.map { $0.replacingOccurrences(of: "3.9.4", with: "3.9.5") }
        #expect(
            PantsLock.verdict(metadata: metadata, requirements: requirements, manifest: "requirements.txt")
                == .stale("requirements.txt has aiohttp~=3.9.5, the lock was generated with aiohttp~=3.9.4"))
    }

    @Test func pantsVerdict_namesThreeDifferences_andCountsTheRest() throws {
        let metadata = try pantsMetadata(lock: Self.pantsHeaderLock).get()
        let verdict = PantsLock.verdict(
            metadata: metadata, requirements: Self.lockedRequirements + ["a1", "a2", "a3", "a4"])
        #expect(
            verdict
                == .stale(
                    "the manifest has a1, the lock was generated without it; the manifest has a2, the lock was generated without it; "
                        + "the manifest has a3, the lock was generated without it; and 1 more"))
    }

    @Test func pantsMetadata_thatCannotBeRead_isAProblemWithItsLine() {
        let lock = Self.pantsHeaderLock
        func problem(_ lock: String, sidecar: String? = nil) -> LockProblem? {
            if case .failure(let problem) = pantsMetadata(lock: lock, sidecar: sidecar) { return problem }
            return nil
        }
        #expect(
            problem(Self.pantsBareLock)
                == LockProblem(
                    line: nil, message: "the lock has no pants metadata block and there is no .metadata sidecar"))
        #expect(
            problem(String(lock.prefix(through: lock.range(of: "\"no_binary\"")!.lowerBound)))
                == LockProblem(line: 5, message: "the pants metadata block has no end marker"))
        #expect(
            problem(lock.replacingOccurrences(of: "\"version\": 3,", with: "\"version\": 3x,"))
                == LockProblem(line: 7, message: "the lock's metadata header is not valid json: invalid value"))
        #expect(
            problem(lock.replacingOccurrences(of: "//   \"manylinux\"", with: "  \"manylinux\""))
                == LockProblem(line: 17, message: "line 17 inside the pants metadata block is not a `//` comment"))
        #expect(
            problem(lock.replacingOccurrences(of: "\"generated_with_requirements\"", with: "\"requirements\""))
                == LockProblem(line: nil, message: "the lock's metadata header has no generated_with_requirements"))
        #expect(
            problem(
                lock.replacingOccurrences(
                    of: "\"generated_with_requirements\"", with: "\"requirements_invalidation_digest\""))?.line == 11)
        #expect(
            problem(lock.replacingOccurrences(of: "\"version\": 3,", with: "\"version\": true,"))?.message
                == "the lock's metadata header has a version that is not an integer")
        #expect(
            problem(
                Self.pantsBareLock,
                sidecar: Self.pantsSidecar.replacingOccurrences(of: "\"version\": 6,", with: "\"version\": 6"))
                == LockProblem(line: 4, message: "the .metadata sidecar is not valid json: invalid value"))
        #expect(
            problem(Self.pantsBareLock, sidecar: "")
                == LockProblem(line: nil, message: "the .metadata sidecar is empty"))
        #expect(
            problem(Self.pantsBareLock, sidecar: "[]")
                == LockProblem(line: 1, message: "the .metadata sidecar is not a json object"))
        let unreadable = LockVerdict.unreadable(
            LockProblem(line: 7, message: "the lock's metadata header is not valid json: invalid value"))
        #expect(unreadable == .unreadable("the lock's metadata header is not valid json: invalid value (line 7)"))
    }

    // MARK: npm

    static let packageJSON = """
        {
          "name": "web",
          "version": "1.0.0",
          "dependencies": { "left-pad": "^1.3.0", "react": "^18.2.0" },
          "devDependencies": { "typescript": "~5.4.0" },
          "optionalDependencies": { "fsevents": "^2.3.3" },
          "peerDependencies": { "react-dom": "^18.0.0" }
        }
        """

    static let packageLockV3 = """
        {
          "name": "web",
          "version": "1.0.0",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "": {
              "name": "web",
              "version": "1.0.0",
              "dependencies": { "left-pad": "^1.3.0", "react": "^18.2.0" },
              "devDependencies": { "typescript": "~5.4.0" },
              "optionalDependencies": { "fsevents": "^2.3.3" },
              "peerDependencies": { "react-dom": "^18.0.0" }
            },
            "node_modules/left-pad": {
              "version": "1.3.0",
              "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
              "integrity": "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQjz4xYbCfTqYKdNqJ5ykzxkPLPWHzYf8OOzQ5tyHa6Eq0uw=="
            },
            "node_modules/react": { "version": "18.2.0", "peer": true, "dependencies": { "loose-envify": "^1.1.0" } }
          }
        }
        """

    static let packageLockV1 = """
        {
          "name": "web",
          "version": "1.0.0",
          "lockfileVersion": 1,
          "requires": true,
          "dependencies": {
            "fsevents": { "version": "2.3.3", "optional": true },
            "left-pad": { "version": "1.3.0" },
            "loose-envify": { "version": "1.4.0" },
            "react": { "version": "18.2.0", "requires": { "loose-envify": "^1.1.0" } },
            "typescript": { "version": "5.4.5", "dev": true }
          }
        }
        """

    func npm(_ manifest: String, _ lock: String) -> LockVerdict {
        NodeLock.verdict(manifest: Array(manifest.utf8), lock: Array(lock.utf8))
    }

    @Test func npmVerdict_isFresh_forLockfileVersions1To3() {
        #expect(npm(Self.packageJSON, Self.packageLockV3) == .fresh)
        #expect(
            npm(
                Self.packageJSON,
                Self.packageLockV3.replacingOccurrences(of: "\"lockfileVersion\": 3", with: "\"lockfileVersion\": 2"))
                == .fresh)
        #expect(npm(Self.packageJSON, Self.packageLockV1) == .fresh)
    }

    @Test func npmVerdict_isStale_whenADependencyIsAddedToPackageJSONOnly() {
        let manifest = Self.packageJSON.replacingOccurrences(
            of: "\"react\": \"^18.2.0\"", with: "\"react\": \"^18.2.0\", \"lodash\": \"^4.17.21\"")
        #expect(
            npm(manifest, Self.packageLockV3)
                == .stale("package.json has lodash@^4.17.21 in dependencies, the lock was generated without it"))
        #expect(
            npm(manifest, Self.packageLockV1)
                == .stale("package.json has lodash in dependencies, the lock (lockfileVersion 1) has no entry for it"))
    }

    @Test func npmVerdict_isStale_whenASpecChangesMovesOrGoes() {
        let changed = Self.packageJSON.replacingOccurrences(
            of: "\"react\": \"^18.2.0\"", with: "\"react\": \"^18.3.0\"")
        #expect(
            npm(changed, Self.packageLockV3)
                == .stale(
                    "package.json has react@^18.3.0 in dependencies, the lock was generated with react@^18.2.0 in dependencies"
                ))
        let moved = Self.packageJSON.replacingOccurrences(of: "\"devDependencies\"", with: "\"dependencies2\"")
            .replacingOccurrences(
                of: "\"left-pad\": \"^1.3.0\"", with: "\"left-pad\": \"^1.3.0\", \"typescript\": \"~5.4.0\"")
        #expect(
            npm(moved, Self.packageLockV3)
                == .stale(
                    "package.json has typescript@~5.4.0 in dependencies, the lock was generated with typescript@~5.4.0 in devDependencies"
                ))
        let gone = Self.packageJSON.replacingOccurrences(of: "\"peerDependencies\"", with: "\"peers\"")
        #expect(
            npm(gone, Self.packageLockV3)
                == .stale(
                    "the lock was generated with react-dom@^18.0.0 in peerDependencies, package.json does not have it"))
    }

    @Test func npmOptionalDependency_listedInBothMaps_countsAsOptionalOnly() {
        let manifest = Self.packageJSON.replacingOccurrences(
            of: "\"left-pad\": \"^1.3.0\"", with: "\"left-pad\": \"^1.3.0\", \"fsevents\": \"^2.3.3\"")
        #expect(npm(manifest, Self.packageLockV3) == .fresh)
    }

    @Test func npmVerdict_isUnreadable_forMalformedOrUnknownInput() {
        let broken = Self.packageJSON.replacingOccurrences(
            of: "\"typescript\": \"~5.4.0\"", with: "\"typescript\" \"~5.4.0\"")
        #expect(
            npm(broken, Self.packageLockV3) == .unreadable("package.json is not valid json: invalid value (line 5)"))
        #expect(
            npm(Self.packageJSON, String(Self.packageLockV3.prefix(300)))
                == .unreadable("package-lock.json ends inside its json (line 12)"))
        #expect(
            npm(
                Self.packageJSON,
                Self.packageLockV3.replacingOccurrences(of: "\"lockfileVersion\": 3", with: "\"lockfileVersion\": 4"))
                == .unreadable("package-lock.json has lockfileVersion 4, which preflight does not read"))
        #expect(
            npm(Self.packageJSON, "{\"lockfileVersion\": 3, \"packages\": {}}")
                == .unreadable("package-lock.json has no root entry packages[\"\"]"))
        #expect(npm(Self.packageJSON, "{}") == .unreadable("package-lock.json has no lockfileVersion"))
        #expect(
            npm("{\"dependencies\": {\"a\": 1}}", Self.packageLockV3)
                == .unreadable("package.json: dependencies.a is not a string"))
        #expect(npm("[]", Self.packageLockV3) == .unreadable("package.json is not a json object (line 1)"))
        #expect(npm("", Self.packageLockV3) == .unreadable("package.json is empty"))
    }

    // MARK: SwiftPM

    /// `Tests/Fixtures/swiftpm/`: manifests and the Package.resolved swift 6.3.1 wrote for them.
    static let swiftpmFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/swiftpm")

    func fixture(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.swiftpmFixtures.appendingPathComponent(path)))
    }

    func recordedOriginHash(_ resolved: [UInt8]) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(resolved)) as? [String: Any])
        return try #require(object["originHash"] as? String)
    }

    @Test func originHash_isWhatSwiftPMWrote_forARealPackage() throws {
        let manifest = try fixture("Package.swift")
        let resolved = try fixture("Package.resolved")
        #expect(SwiftPMResolved.originHash(manifests: [manifest]) == (try recordedOriginHash(resolved)))
        #expect(SwiftPMResolved.verdict(manifest: manifest, resolved: resolved) == .fresh)
    }

    @Test func originHash_ofAVersionSpecificManifest_isWhatSwiftPMWrote() throws {
        let files = [
            "Package.swift": try fixture("version-specific/Package.swift"),
            "Package@swift-6.1.swift": try fixture("version-specific/Package@swift-6.1.swift"),
        ]
        let resolved = try fixture("version-specific/Package.resolved")
        let name = try #require(SwiftPMResolved.manifestName(among: files, running: SwiftToolsVersion(6, 3, 1)))
        #expect(name == "Package@swift-6.1.swift")
        #expect(SwiftPMResolved.originHash(manifests: [files[name]!]) == (try recordedOriginHash(resolved)))
        #expect(SwiftPMResolved.verdict(manifest: files[name]!, resolved: resolved) == .fresh)
        #expect(SwiftPMResolved.verdict(manifest: files["Package.swift"]!, resolved: resolved) != .fresh)
    }

    @Test func manifestName_followsSwiftPMsChoice() {
        let regular = Array("// swift-tools-version: 6.0\nimport PackageDescription\n".utf8)
        let newer = Array("// swift-tools-version:6.1\nimport PackageDescription\n".utf8)
        let running = SwiftToolsVersion(6, 3, 1)
        // Seen with swift 6.3.1: an exact key wins; a 6.1-named manifest at tools 6.0 loses to Package.swift.
        #expect(
            SwiftPMResolved.manifestName(
                among: ["Package.swift": regular, "Package@swift-6.swift": regular], running: running)
                == "Package@swift-6.swift")
        #expect(
            SwiftPMResolved.manifestName(
                among: ["Package.swift": regular, "Package@swift-6.1.swift": regular], running: running)
                == "Package.swift")
        #expect(
            SwiftPMResolved.manifestName(
                among: ["Package.swift": regular, "Package@swift-7.0.swift": newer], running: running)
                == "Package.swift")
        #expect(
            SwiftPMResolved.manifestName(
                among: [
                    "Package.swift": Array("import PackageDescription".utf8),
                    "Package@swift-5.9.swift": Array("// swift-tools-version:5.9\n".utf8),
                ],
                running: running) == "Package@swift-5.9.swift")
        #expect(SwiftPMResolved.manifestName(among: ["Package.swift": regular], running: running) == "Package.swift")
        #expect(SwiftPMResolved.manifestName(among: ["README.md": regular], running: running) == nil)
        #expect(
            SwiftToolsVersion(manifest: Array("// Swift-Tools-Version: 5.10.1; comment\n".utf8))
                == SwiftToolsVersion(5, 10, 1))
        #expect(SwiftToolsVersion(manifest: Array("import PackageDescription\n// swift-tools-version:5.9".utf8)) == nil)
    }

    @Test func originHash_ofSeveralRoots_hashesTheirManifestsInOrder() {
        let a = Array("// a\n".utf8)
        let b = Array("// b\n".utf8)
        #expect(SwiftPMResolved.originHash(manifests: [a, b]) == SHA256.hex(a + b))
        #expect(SwiftPMResolved.originHash(manifests: [a, b]) != SwiftPMResolved.originHash(manifests: [b, a]))
    }

    @Test func swiftpmVerdict_isStale_whenTheManifestChanged() throws {
        let manifest = try fixture("Package.swift") + Array("// one more line\n".utf8)
        guard
            case .stale(let reason) = SwiftPMResolved.verdict(
                manifest: manifest, resolved: try fixture("Package.resolved"))
        else {
            Issue.record("expected stale")
            return
        }
        let recorded = try recordedOriginHash(try fixture("Package.resolved"))
        #expect(
            reason.hasPrefix(
                "Package.resolved was resolved for another manifest: its originHash is \(recorded.prefix(12))…"))
    }

    @Test func swiftpmVerdict_isFresh_whenThereIsNoOriginHashToCompare() {
        let v2 = Array("{\n  \"pins\" : [],\n  \"version\" : 2\n}\n".utf8)
        let v1 = Array("{\"object\": {\"pins\": []}, \"version\": 1}".utf8)
        #expect(SwiftPMResolved.verdict(manifest: [], resolved: v2) == .fresh)
        #expect(SwiftPMResolved.verdict(manifest: [], resolved: v1) == .fresh)
        #expect(SwiftPMResolved.verdict(manifest: [], resolved: Array("{\"pins\": [], \"version\": 3}".utf8)) == .fresh)
    }

    @Test func swiftpmVerdict_isUnreadable_forMalformedInput() throws {
        let resolved = String(decoding: try fixture("Package.resolved"), as: UTF8.self)
        #expect(
            SwiftPMResolved.verdict(
                manifest: [], resolved: Array(resolved.replacingOccurrences(of: "\"pins\" :", with: "\"pins\" ").utf8))
                == .unreadable("Package.resolved is not valid json: invalid value (line 3)"))
        #expect(
            SwiftPMResolved.verdict(manifest: [], resolved: Array("{\"originHash\": \"ab\"}".utf8))
                == .unreadable("Package.resolved has no version"))
        #expect(
            SwiftPMResolved.verdict(manifest: [], resolved: Array("{\"originHash\": 1, \"version\": 3}".utf8))
                == .unreadable("Package.resolved: originHash is not a string"))
    }

    // MARK: no trap on any input

    /// `bytes` as a string, one scalar per byte (Latin-1): any bytes, and no UTF-8 repair to slow a test.
    static func text(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return String(scalars)
    }

    /// Every reader on one input, as manifest and as lock.
    func readEverything(_ bytes: [UInt8]) {
        let goodLock = Array(Self.packageLockV3.utf8)
        let goodManifest = Array(Self.packageJSON.utf8)
        _ = Requirement.fromRequirementsFile(bytes)
        _ = Requirement.normalise(Self.text(bytes))
        if case .success(let metadata) = PantsLock.metadata(lock: bytes, sidecar: nil) {
            _ = PantsLock.verdict(metadata: metadata, requirements: Self.lockedRequirements)
        }
        if case .success(let metadata) = PantsLock.metadata(lock: [], sidecar: bytes) {
            _ = PantsLock.verdict(metadata: metadata, requirements: [Self.text(bytes.prefix(100))])
        }
        _ = NodeLock.verdict(manifest: bytes, lock: goodLock)
        _ = NodeLock.verdict(manifest: goodManifest, lock: bytes)
        _ = SwiftPMResolved.verdict(manifest: bytes, resolved: bytes)
        _ = SwiftToolsVersion(manifest: bytes)
        _ = SwiftPMResolved.manifestName(
            among: ["Package.swift": bytes, "Package@swift-6.1.swift": bytes], running: SwiftToolsVersion(6, 3, 1))
    }

    @Test func everyReader_survivesEveryTruncatedPrefixOfGoodInput() throws {
        let goods =
            [
                Self.requirementsFile, Self.pantsHeaderLock, Self.pantsSidecar, Self.packageJSON, Self.packageLockV3,
                Self.packageLockV1,
            ].map { Array($0.utf8) } + [try fixture("Package.resolved"), try fixture("Package.swift")]
        for good in goods {
            for length in 0...good.count { readEverything(Array(good.prefix(length))) }
        }
        // A header cut anywhere before its end marker is unreadable, never half read.
        let lock = Array(Self.pantsHeaderLock.utf8)
        let end = try #require(lock.firstRange(of: Array("--- END".utf8))).upperBound
        for length in 0..<end {
            if case .success = PantsLock.metadata(lock: Array(lock.prefix(length)), sidecar: nil) {
                Issue.record("read a header cut at \(length)")
            }
        }
    }

    @Test func everyReader_survivesRandomAndEmptyInput() {
        var generator = SplitMix64(seed: 0x5EED_F00D)
        readEverything([])
        for round in 0..<64 {
            // Raw bytes, and bytes drawn from the characters these formats are made of.
            let alphabet: [UInt8] =
                round % 2 == 0
                ? (0...255).map { UInt8($0) } : Array("{}[]\":,;@#\\/ \n\r\t-=<>~!()'.aZ09_exrsion\u{7f}".utf8)
            readEverything((0..<4096).map { _ in alphabet.randomElement(using: &generator)! })
        }
    }

    @Test func everyReader_survivesFiveMegabytes() {
        let size = 5 << 20
        var generator = SplitMix64(seed: 42)
        var random = [UInt8](repeating: 0, count: size)
        random.withUnsafeMutableBytes { raw in
            for offset in stride(from: 0, to: size, by: 8) {
                raw.storeBytes(of: generator.next(), toByteOffset: offset, as: UInt64.self)
            }
        }
        // Long lines and entries: megabytes through each reader without a debug build taking minutes.
        let pad = String(repeating: "x", count: 100)
        var requirements = ""
        var n = 0
        while requirements.utf8.count < size {
            requirements += "package-\(n)[extra]>=1.\(n),<2 ; python_version >= '3.\(n % 13)'  # \(pad)\n"
            n += 1
        }
        let requirementLines = n
        var lock =
            "{\"lockfileVersion\": 3, \"originHash\": \"0\", \"version\": 3, \"packages\": {\"\": {\"dependencies\": {"
        while lock.utf8.count < size {
            lock += "\"p\(n)\": \"git+https://example.com/\(pad)/\(n).git#semver:^1.0.\(n)\", "
            n += 1
        }
        let bigJSON = Array((lock + "\"last\": \"1\"}}}}").utf8)
        let entry = "//     \"attrs>=23.1; platform_machine != \\\"\(pad)\\\"\",\n"
        let entries = size / entry.utf8.count
        let header = Array(
            Self.pantsHeaderLock.replacingOccurrences(
                of: "//     \"attrs>=23.1\",\n", with: String(repeating: entry, count: entries)
            ).utf8)
        let nested = [UInt8](repeating: UInt8(ascii: "["), count: size)
        let oneLine = [UInt8](repeating: UInt8(ascii: "a"), count: size)

        // Each reader on random bytes, and on enormous input of its own kind.
        let read = Requirement.fromRequirementsFile(Array(requirements.utf8))
        for input in [random, Array(String(repeating: pad + "\\\n", count: size / 102).utf8)] {
            _ = Requirement.fromRequirementsFile(input)
        }
        for input in [random, oneLine] { _ = Requirement.normalise(Self.text(input)) }
        let metadata = try? PantsLock.metadata(lock: header, sidecar: nil).get()
        for input in [random, Array(String(repeating: "// \(PantsLock.beginMarker)\n", count: size / 64).utf8)] {
            _ = PantsLock.metadata(lock: input, sidecar: nil)
        }
        for input in [random, bigJSON, nested] { _ = PantsLock.metadata(lock: [], sidecar: input) }
        for input in [random, nested] {
            _ = NodeLock.verdict(manifest: input, lock: bigJSON)
            _ = NodeLock.verdict(manifest: bigJSON, lock: input)
        }
        for input in [random, bigJSON, nested] { _ = SwiftPMResolved.verdict(manifest: input, resolved: input) }
        for input in [random, oneLine] {
            _ = SwiftToolsVersion(manifest: input)
            _ = SwiftPMResolved.manifestName(
                among: ["Package.swift": input, "Package@swift-6.swift": input], running: SwiftToolsVersion(6, 3, 1))
        }

        #expect(read.problems.isEmpty && read.requirements.count == requirementLines)
        #expect(metadata?.generatedWithRequirements.count == entries + 3)
        if let metadata {
            #expect(PantsLock.verdict(metadata: metadata, requirements: Self.lockedRequirements).isStale)
        }
        #expect(NodeLock.verdict(manifest: Array("{}".utf8), lock: bigJSON).isStale)
    }
}

extension LockVerdict {
    var isStale: Bool {
        if case .stale = self { return true }
        return false
    }
}

/// A seeded generator, so a failing random input can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
