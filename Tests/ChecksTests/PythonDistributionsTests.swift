import Testing

@testable import Checks
@testable import Formats
@testable import Model

/// Which third-party distributions an edit of a requirements file or pyproject.toml touches, and which modules
/// a distribution installs. The locks are in PythonDistributionsTests+Locks.swift.
@Suite struct PythonDistributionsTests {
    func change(_ kind: PythonDependencyFile, _ base: String?, _ head: String?) -> DistributionChange {
        kind.changedDistributions(base: base.map { Array($0.utf8) }, head: head.map { Array($0.utf8) })
    }

    // MARK: file kinds

    @Test(arguments: [
        ("requirements.txt", PythonDependencyFile.requirements), ("src/requirements-dev.txt", .requirements),
        ("python-default-requirements.txt", .requirements), ("requirements/test.txt", .requirements),
        ("pyproject.toml", .pyproject), ("libs/x/poetry.lock", .poetryLock), ("uv.lock", .uvLock),
        ("libs/x/pyproject.toml/", .pyproject),
    ])
    func kind_isReadFromTheFileName(name: String, kind: PythonDependencyFile) {
        #expect(PythonDependencyFile.kind(ofFileNamed: name) == kind)
    }

    @Test(arguments: ["python.lock", "notes.txt", "requirements.in", "docs/requirements.md", "Pipfile.lock"])
    func kind_isNil_forOtherFiles(name: String) {
        #expect(PythonDependencyFile.kind(ofFileNamed: name) == nil)
    }

    // MARK: requirements files

    static let requirements = """
        # runtime
        aiohttp~=3.9.4
        PyYAML>=6.0  # config files
        requests[socks]==2.32.3 ; python_version >= '3.11'
        -r common.txt
        --prefer-binary
        """

    @Test func requirements_pinChange_namesOnlyThatDistribution() {
        let head = Self.requirements.replacingOccurrences("aiohttp~=3.9.4", "aiohttp~=3.10.0")
        #expect(change(.requirements, Self.requirements, head) == .distributions(["aiohttp"]))
    }

    @Test func requirements_extrasOrMarkerChange_namesThatDistribution() {
        let extras = Self.requirements.replacingOccurrences("requests[socks]", "requests[socks,security]")
        let marker = Self.requirements.replacingOccurrences("'3.11'", "'3.12'")
        #expect(change(.requirements, Self.requirements, extras) == .distributions(["requests"]))
        #expect(change(.requirements, Self.requirements, marker) == .distributions(["requests"]))
    }

    @Test func requirements_commentsReorderingAndRespelling_changeNothing() {
        let head = """
            requests [socks] == 2.32.3; python_version>="3.11"   # http
            -r common.txt
            --prefer-binary

            pyyaml >= 6.0
            aiohttp ~= 3.9.4
            """
        #expect(change(.requirements, Self.requirements, head) == .distributions([]))
    }

    @Test func requirements_includeLines_changeNothing() {
        let head = Self.requirements.replacingOccurrences("-r common.txt", "-r other.txt\n-c constraints.txt")
        #expect(change(.requirements, Self.requirements, head) == .distributions([]))
    }

    @Test func requirements_editablesAndURLs_countByTheirName() {
        let base = "-e git+https://example.com/lib.git@v1#egg=Our_Lib\nwheelpkg @ https://example.com/w-1.0.whl\n"
        let head = "-e git+https://example.com/lib.git@v2#egg=Our_Lib\nwheelpkg @ https://example.com/w-1.1.whl\n"
        #expect(change(.requirements, base, head) == .distributions(["our-lib", "wheelpkg"]))
        let wheel = "https://example.com/dist/Fancy_Pkg-2.0-py3-none-any.whl\n"
        #expect(change(.requirements, nil, wheel) == .distributions(["fancy-pkg"]))
    }

    @Test func requirements_anIndexChange_namesEveryDistributionOfTheFile() {
        let head = "--index-url https://mirror.example.com/simple\n" + Self.requirements
        #expect(change(.requirements, Self.requirements, head) == .distributions(["aiohttp", "pyyaml", "requests"]))
    }

    @Test func requirements_aNewLineWithoutAName_isUnknown() throws {
        let head = Self.requirements + "\n-e ./libs/local\n"
        guard case .unknown(let why) = change(.requirements, Self.requirements, head) else {
            Issue.record("expected unknown")
            return
        }
        #expect(why.contains("names no distribution"))
        let invalid = Self.requirements + "\nnot a requirement ==\n"
        guard case .unknown = change(.requirements, Self.requirements, invalid) else {
            Issue.record("expected unknown for a line that is not a requirement")
            return
        }
    }

    @Test func requirements_anAbsentSide_namesEveryRequirementOfTheOther() {
        #expect(change(.requirements, nil, Self.requirements) == .distributions(["aiohttp", "pyyaml", "requests"]))
        #expect(change(.requirements, Self.requirements, nil) == .distributions(["aiohttp", "pyyaml", "requests"]))
    }

    // MARK: mapping distributions to modules

    @Test func modules_configuredMapping_comesBeforeTheTable() {
        let mapping = ["PyYAML": ["ourfork_yaml"], "Some_Thing": ["st", "st_extra"]]
        #expect(DistributionModules.modules(of: "pyyaml", mapping: mapping) == ["ourfork_yaml"])
        #expect(DistributionModules.modules(of: "some-thing", mapping: mapping) == ["st", "st_extra"])
        #expect(DistributionModules.modules(of: "pyyaml", mapping: [:]) == ["yaml", "_yaml"])
    }

    @Test(arguments: [
        ("PyYAML", "yaml"), ("Pillow", "PIL"), ("scikit-learn", "sklearn"), ("scikit-image", "skimage"),
        ("beautifulsoup4", "bs4"), ("python-dateutil", "dateutil"), ("protobuf", "google.protobuf"),
        ("attrs", "attr"), ("attrs", "attrs"), ("opencv-python", "cv2"), ("pyzmq", "zmq"), ("python-dotenv", "dotenv"),
        ("PyJWT", "jwt"), ("msgpack-python", "msgpack"), ("setuptools", "pkg_resources"), ("setuptools", "setuptools"),
        ("typing_extensions", "typing_extensions"), ("google-cloud-storage", "google.cloud.storage"),
        ("google-cloud-secret-manager", "google.cloud.secretmanager"), ("grpcio", "grpc"), ("PyMySQL", "pymysql"),
        ("psycopg2-binary", "psycopg2"), ("aiohttp-cors", "aiohttp_cors"), ("python-multipart", "multipart"),
        ("types-PyYAML", "yaml"), ("azure-storage-blob", "azure.storage.blob"),
        ("Flask_SQLAlchemy", "flask_sqlalchemy"),
    ])
    func modules_knowsTheWellKnownMismatches(distribution: String, module: String) {
        #expect(DistributionModules.modules(of: distribution, mapping: [:]).contains(module))
    }

    @Test func modules_ofAnUnknownName_isTheNameWithUnderscores() {
        #expect(DistributionModules.modules(of: "Some.Odd-Name", mapping: [:]) == ["some_odd_name"])
    }
}

extension String {
    /// `self` with every `old` replaced, for building the head side of an edit.
    func replacingOccurrences(_ old: String, _ new: String) -> String {
        split(separator: old, omittingEmptySubsequences: false).joined(separator: new)
    }
}
