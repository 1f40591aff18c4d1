import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

private func parse(_ text: String) throws(ConfigurationError) -> Configuration {
    try Configuration.parse(Array(text.utf8), file: "preflight.toml")
}

/// The error `text` gives; records a failure when it parses.
private func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigurationError? {
    do {
        let config = try parse(text)
        Issue.record("expected an error, parsed \(config)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Test func emptyFile_givesTheDefaults() throws {
    let config = try parse("")
    #expect(config == Configuration.default)
    #expect(config.workspace.markers == ["runnable_dir"])
    #expect(config.workspace.globalInputs == ["preflight.toml"])
    #expect(config.workspace.defaultBranch == "main")
    #expect(config.targets.isEmpty)
    #expect(config.runnable.releaseInputs == ["devops/**"])
    #expect(config.runnable.imageInputs == ["devops/**", "changelog.txt"])
    #expect(
        config.runnable.fast == ["python3", "-m", "pytest", "-m", "not slow and not superslow", "--junitxml={junit}"])
    #expect(config.runnable.configuredTiers.isEmpty)
    #expect(config.runnable.timeouts == Timeouts())
    #expect(config.runnable.timeouts[.fast] == 300)
    #expect(config.runnable.timeouts[.slow] == 1800)
    #expect(config.runnable.timeouts[.superslow] == 7200)
    #expect(config.runnable.timeouts[.image] == 3600)
    #expect(config.links.commonSource == nil)
    #expect(config.links.keepCopies.isEmpty)
    #expect(config.lockfiles.isEmpty)
    #expect(config.version.files == [RepoPath("VERSION")])
    #expect(config.version.scheme == .pep440)
    #expect(config.version.releaseOnly == false)
    #expect(config.release.tag == "{version}")
    #expect(config.release.annotated)
    #expect(config.release.branches == ["main", "^\\d+\\.\\d+$"])
    #expect(config.hooks.preCommit == ["integrity"])
    #expect(config.hooks.prePushRun.isEmpty)
    #expect(config.checks.skip.isEmpty)
}

@Test func commentsAndEmptyTables_giveTheDefaults() throws {
    let config = try parse("# nothing yet\n[workspace]\n[runnable]\n[links]\n")
    #expect(config == .default)
}

private let fullFile = #"""
    # preflight configuration for the monorepo
    [workspace]
    markers = ["runnable_dir", "RUNNABLE"]
    global-inputs = ["preflight.toml", "pants.toml"]
    default-branch = "master"

    [[target]]
    path = "./libs/common/"
    deps = ["libs/base"]
    inputs = ["libs/common/**", "schemas/*.json"]

    [[target]]
    path = "apps/web"
    fast = ["make", "test"]
    timeout = {fast = 60}
    release-inputs = ["devops/**", "web/**"]

    [runnable]
    release-inputs = ["devops/**"]
    image-inputs = ["devops/**", "changelog.txt"]
    fast = ["python3", "-m", "pytest", "-x"]
    slow = ["python3", "-m", "pytest", "-m", "slow"]
    superslow = ["python3", "-m", "pytest", "-m", "superslow"]
    image = ["docker", "build", "-t", "{image}:{version}", "."]

    [runnable.timeout]
    fast = 120
    image = 900

    [links]
    common-source = "helpers_root"
    keep-copies = ["**/pytest.ini"]

    [[lockfile]]
    manifest = "3rdparty/python/requirements.txt"
    lock = "3rdparty/python/python.lock"
    regenerate = ["pants", "generate-lockfiles", "--resolve=python-default"]

    [[lockfile]]
    manifest = "tools/requirements.txt"
    lock = "tools/tools.lock"

    [version]
    files = ["VERSION", "src/VERSION"]
    scheme = "semver"
    release-only = true

    [release]
    tag = "v{version}"
    annotated = false
    message = "Release v{version}"
    prerelease-message = "Pre-release v{version}"
    commit = "release: {version}"
    branches = ["main", '^\d+\.\d+$']

    [hooks]
    pre-commit = ["symlink", "conflict-marker"]
    pre-push-run = ["fast"]

    [checks]
    skip = ["managed-link"]
    """#

@Test func fullFile_givesEveryValue() throws {
    let config = try parse(fullFile)

    #expect(config.workspace.markers == ["runnable_dir", "RUNNABLE"])
    #expect(config.workspace.globalInputs == ["preflight.toml", "pants.toml"])
    #expect(config.workspace.defaultBranch == "master")

    try #require(config.targets.count == 2)
    #expect(config.targets[0].path == RepoPath("libs/common"))
    #expect(config.targets[0].path.bytes == Array("libs/common".utf8))
    #expect(config.targets[0].deps == [RepoPath("libs/base")])
    #expect(config.targets[0].inputs == ["libs/common/**", "schemas/*.json"])
    #expect(config.targets[0].overrides.isEmpty)

    var webOverrides = RunnableOverrides()
    webOverrides.fast = ["make", "test"]
    webOverrides.timeouts = [.fast: 60]
    webOverrides.releaseInputs = ["devops/**", "web/**"]
    #expect(config.targets[1] == TargetDeclaration(path: RepoPath("apps/web"), overrides: webOverrides))

    #expect(config.runnable.releaseInputs == ["devops/**"])
    #expect(config.runnable.imageInputs == ["devops/**", "changelog.txt"])
    #expect(config.runnable.fast == ["python3", "-m", "pytest", "-x"])
    #expect(config.runnable.slow == ["python3", "-m", "pytest", "-m", "slow"])
    #expect(config.runnable.command(for: .superslow) == ["python3", "-m", "pytest", "-m", "superslow"])
    #expect(config.runnable.image == ["docker", "build", "-t", "{image}:{version}", "."])
    #expect(config.runnable.timeouts[.fast] == 120)
    #expect(config.runnable.timeouts[.slow] == 1800)
    #expect(config.runnable.timeouts[.superslow] == 7200)
    #expect(config.runnable.timeouts[.image] == 900)

    let web = config.runnable.applying(config.targets[1].overrides)
    #expect(web.fast == ["make", "test"])
    #expect(web.slow == config.runnable.slow)
    #expect(web.timeouts[.fast] == 60)
    #expect(web.timeouts[.image] == 900)
    #expect(web.releaseInputs == ["devops/**", "web/**"])

    #expect(config.links.commonSource == RepoPath("helpers_root"))
    #expect(config.links.keepCopies == ["**/pytest.ini"])

    #expect(
        config.lockfiles == [
            LockfileDeclaration(
                manifest: RepoPath("3rdparty/python/requirements.txt"), lock: RepoPath("3rdparty/python/python.lock"),
                regenerate: ["pants", "generate-lockfiles", "--resolve=python-default"]),
            LockfileDeclaration(manifest: RepoPath("tools/requirements.txt"), lock: RepoPath("tools/tools.lock")),
        ])

    #expect(config.version.files == [RepoPath("VERSION"), RepoPath("src/VERSION")])
    #expect(config.version.scheme == .semver)
    #expect(config.version.releaseOnly)

    #expect(config.release.tag == "v{version}")
    #expect(!config.release.annotated)
    #expect(config.release.message == "Release v{version}")
    #expect(config.release.prereleaseMessage == "Pre-release v{version}")
    #expect(config.release.commit == "release: {version}")
    #expect(config.release.branches == ["main", "^\\d+\\.\\d+$"])

    #expect(config.hooks.preCommit == ["symlink", "conflict-marker"])
    #expect(config.hooks.prePushRun == [.fast])
    #expect(config.checks.skip == ["managed-link"])
    #expect(config.declaration(for: RepoPath("apps/web"))?.overrides.fast == ["make", "test"])
}

@Test func oneTimeoutNumber_setsEveryTier() throws {
    let config = try parse("[runnable]\ntimeout = 45\n")
    #expect(config.runnable.timeouts == Timeouts(all: 45))
}

// MARK: - Errors

@Test func syntaxError_isReportedWithItsLine() throws {
    let error = try #require(failure("[workspace]\nmarkers = [\"a\"]\ndefault-branch = \n"))
    #expect(error.file == "preflight.toml")
    #expect(error.line == 3)
    #expect(error.key == nil)
    #expect(error.message.hasPrefix("invalid toml: "))
    #expect(error.description.hasPrefix("preflight.toml:3: invalid toml: "))
    #expect(!error.message.hasSuffix("."))
}

@Test func duplicateKey_isASyntaxErrorWithItsLine() throws {
    let error = try #require(failure("[workspace]\ndefault-branch = \"a\"\n\ndefault-branch = \"b\"\n"))
    #expect(error.line == 4)
}

@Test func unknownKey_namesTheKeyItsLineAndTheKnownKeys() throws {
    let text = """
        [workspace]
        default-branch = "main"

        # the markers
        marker = ["x"]
        """
    let error = try #require(failure(text))
    #expect(error.line == 5)
    #expect(error.key == "workspace.marker")
    #expect(
        error.description
            == "preflight.toml:5: unknown key 'workspace.marker' (known: markers, global-inputs, default-branch)")
}

@Test func unknownKeys_reportTheFirstInTheFile() throws {
    let error = try #require(failure("[workspace]\nzzz = 1\naaa = 2\n"))
    #expect(error.key == "workspace.zzz")
    #expect(error.line == 2)
}

@Test func unknownTable_isReportedAtItsHeader() throws {
    let error = try #require(failure("[workspace]\nmarkers = []\n\n[workspaces]\nmarkers = []\n"))
    #expect(error.line == 4)
    #expect(error.key == "workspaces")
    #expect(error.message.hasPrefix("unknown table 'workspaces' (known: workspace, target,"))
}

@Test func unknownTopLevelKey_isReportedAtItsLine() throws {
    let error = try #require(failure("# config\nverbose = true\n"))
    #expect(error.line == 2)
    #expect(error.key == "verbose")
}

@Test func unknownKeyInSecondTarget_namesTheTargetByIndexFromZero() throws {
    let text = """
        [[target]]
        path = "a"
        dep = ["b"]

        [[target]]
        path = "b"
        dep = ["c"]
        """
    // Both tables have the mistake; the first one is reported.
    let first = try #require(failure(text))
    #expect(first.key == "target[0].dep")
    #expect(first.line == 3)

    let second = try #require(failure(text.replacingFirst("dep = [\"b\"]", with: "deps = [\"b\"]")))
    #expect(second.key == "target[1].dep")
    #expect(second.line == 7)
    #expect(second.message.contains("(known: path, deps, inputs, release-inputs,"))
}

@Test func unknownKeyInLockfile_isReportedAtItsLine() throws {
    let text = """
        [[lockfile]]
        manifest = "a.txt"
        lock = "a.lock"

        [[lockfile]]
        manifest = "b.txt"
        lock = "b.lock"
        regen = ["x"]
        """
    let error = try #require(failure(text))
    #expect(error.key == "lockfile[1].regen")
    #expect(error.line == 8)
}

@Test func unknownKeyInTimeoutTable_isReportedInlineOrAsTable() throws {
    let inline = try #require(failure("[runnable]\nfast = [\"a\"]\ntimeout = {fast = 1, quick = 2}\n"))
    #expect(inline.key == "runnable.timeout.quick")
    #expect(inline.line == 3)

    let table = try #require(failure("[runnable]\n[runnable.timeout]\nfast = 1\nquick = 2\n"))
    #expect(table.key == "runnable.timeout.quick")
    #expect(table.line == 4)
}

@Test func wrongType_namesTheKeyTheExpectedAndTheFoundType() throws {
    let error = try #require(failure("\n\n[workspace]\nmarkers = 3\n"))
    #expect(error.key == "workspace.markers")
    #expect(error.line == 4)
    #expect(error.description == "preflight.toml:4: 'workspace.markers' must be an array of strings, found integer")
}

@Test func wrongItemType_namesTheIndex() throws {
    let error = try #require(failure("[checks]\nskip = [\"symlink\", 2]\n"))
    #expect(error.key == "checks.skip")
    #expect(error.line == 2)
    #expect(error.message == "'checks.skip' must be an array of strings, found integer at index 1")
}

@Test func wrongTypeInTarget_namesTheTargetField() throws {
    let text = """
        [[target]]
        path = "a"

        [[target]]
        path = "b"
        deps = "a"
        """
    let error = try #require(failure(text))
    #expect(error.key == "target[1].deps")
    #expect(error.line == 6)
    #expect(error.message == "'target[1].deps' must be an array of strings, found string")
}

@Test func wrongTypeWrittenAsDottedKey_isFoundOnItsLine() throws {
    let error = try #require(failure("# top\nworkspace.default-branch = 1\n"))
    #expect(error.key == "workspace.default-branch")
    #expect(error.line == 2)
}

@Test func tableWhereAnArrayOfTablesBelongs_isAnError() throws {
    let error = try #require(failure("[target]\npath = \"a\"\n"))
    #expect(error.key == "target")
    #expect(error.line == 1)
    #expect(error.message.contains("must be an array of tables ([[target]]), found table"))
}

@Test func booleansAndTimeouts_areTypeChecked() throws {
    let annotated = try #require(failure("[release]\nannotated = \"yes\"\n"))
    #expect(annotated.key == "release.annotated")
    #expect(annotated.line == 2)
    #expect(annotated.message == "'release.annotated' must be true or false, found string")

    let timeout = try #require(failure("[runnable]\ntimeout = 1.5\n"))
    #expect(timeout.key == "runnable.timeout")
    #expect(timeout.line == 2)
    #expect(timeout.message.hasSuffix("found float"))

    let negative = try #require(failure("[runnable]\ntimeout = {slow = 0}\n"))
    #expect(negative.key == "runnable.timeout.slow")
    #expect(negative.line == 2)
}

@Test func missingTargetPath_isReportedAtTheTableHeader() throws {
    let error = try #require(failure("[[target]]\npath = \"a\"\n\n[[target]]\ndeps = [\"a\"]\n"))
    #expect(error.key == "target[1].path")
    #expect(error.line == 4)
    #expect(error.message.hasPrefix("'target[1]' needs 'path'"))
}

@Test func emptyOrDotTargetPath_isAnError() throws {
    for value in ["", ".", "./", "/"] {
        let error = try #require(failure("[[target]]\n\npath = \"\(value)\"\n"))
        #expect(error.key == "target[0].path")
        #expect(error.line == 3)
    }
}

@Test func targetPathClimbingOut_isAnError() throws {
    let error = try #require(failure("[[target]]\npath = \"a/../../b\"\n"))
    #expect(error.message == "'target[0].path' must not contain '..'")
    #expect(error.line == 2)
}

@Test func duplicateTargetPath_isReportedAtTheSecond() throws {
    let text = """
        [[target]]
        path = "libs/common"

        [[target]]
        path = "libs/common/"
        """
    let error = try #require(failure(text))
    #expect(error.key == "target[1].path")
    #expect(error.line == 5)
    #expect(error.message.hasPrefix("duplicate target 'libs/common' (also target[0])"))
}

@Test func targetDependingOnItself_isAnError() throws {
    let error = try #require(failure("[[target]]\npath = \"a\"\ndeps = [\"./a\"]\n"))
    #expect(error.key == "target[0].deps")
    #expect(error.line == 3)
}

@Test func emptyArgv_isAnError() throws {
    let runnable = try #require(failure("[runnable]\nfast = [\"pytest\"]\nslow = []\n"))
    #expect(runnable.key == "runnable.slow")
    #expect(runnable.line == 3)
    #expect(runnable.message.contains("non-empty argv array"))

    let target = try #require(failure("[[target]]\npath = \"a\"\nimage = [\"\"]\n"))
    #expect(target.key == "target[0].image")
    #expect(target.line == 3)

    let lock = try #require(failure("[[lockfile]]\nmanifest = \"m\"\nlock = \"l\"\nregenerate = []\n"))
    #expect(lock.key == "lockfile[0].regenerate")
    #expect(lock.line == 4)
}

@Test func unknownPlaceholderInATierCommand_isAnErrorNamingItsKeyAndLine() throws {
    let runnable = try #require(failure("[runnable]\nfast = [\"pytest\", \"--rootdir={root}\"]\n"))
    #expect(runnable.key == "runnable.fast")
    #expect(runnable.line == 2)
    #expect(runnable.message.contains("item 1 has an unknown placeholder {root}"))
    #expect(runnable.message.contains("{dir}, {target}, {image}, {version}, {tier}, {base}, {junit}"))

    let target = try #require(failure("[[target]]\npath = \"a\"\nimage = [\"docker\", \"-t\", \"{img}\"]\n"))
    #expect(target.key == "target[0].image")
    #expect(target.line == 3)

    // Doubled braces are literal, and lockfile commands have no placeholders to check.
    let fine = try parse(
        "[runnable]\nfast = [\"sh\", \"-c\", \"echo ${{HOME}} {dir}\"]\n"
            + "[[lockfile]]\nmanifest = \"m\"\nlock = \"l\"\nregenerate = [\"x\", \"{anything}\"]\n")
    #expect(fine.runnable.fast == ["sh", "-c", "echo ${{HOME}} {dir}"])
}

@Test func tiersWrittenInTheConfiguration_areMarkedConfigured() throws {
    let config = try parse("[runnable]\nslow = [\"make\", \"slow\"]\n[[target]]\npath = \"a\"\nfast = [\"make\"]\n")
    #expect(config.runnable.configuredTiers == [.slow])
    #expect(config.runnable.applying(config.targets[0].overrides).configuredTiers == [.fast, .slow])
}

@Test func lockfileWithoutLock_isReportedAtItsHeader() throws {
    let error = try #require(failure("[checks]\nskip = []\n\n[[lockfile]]\nmanifest = \"requirements.txt\"\n"))
    #expect(error.key == "lockfile[0].lock")
    #expect(error.line == 4)
}

@Test func unknownVersionScheme_isAnError() throws {
    let error = try #require(failure("[version]\nscheme = \"calver\"\n"))
    #expect(error.key == "version.scheme")
    #expect(error.line == 2)
    #expect(error.message == "'version.scheme' must be \"pep440\" or \"semver\", found \"calver\"")
}

@Test func releaseTagWithoutVersion_isAnError() throws {
    let error = try #require(failure("[release]\ntag = \"release\"\n"))
    #expect(error.key == "release.tag")
    #expect(error.line == 2)
}

@Test func unknownCheckIDsAndTiers_areErrors() throws {
    let hook = try #require(failure("[hooks]\npre-commit = [\"integrity\", \"symlinks\"]\n"))
    #expect(hook.key == "hooks.pre-commit")
    #expect(hook.line == 2)
    #expect(hook.message.hasPrefix("'hooks.pre-commit' item 1 is an unknown check 'symlinks' (known: symlink,"))

    let tier = try #require(failure("[hooks]\npre-push-run = [\"quick\"]\n"))
    #expect(tier.key == "hooks.pre-push-run")
    #expect(
        tier.message == "'hooks.pre-push-run' item 0 is an unknown tier 'quick' (known: fast, slow, superslow, image)")
}

@Test func badGlob_isReportedWithItsKeyAndLine() throws {
    let error = try #require(failure("[[target]]\npath = \"a\"\ninputs = [\n  \"a/**\",\n  \"b/[x\",\n]\n"))
    #expect(error.key == "target[0].inputs")
    #expect(error.line == 3)
    #expect(error.message.contains("bad glob 'b/[x'"))

    let global = try #require(failure("[workspace]\nglobal-inputs = [\"/etc/x\"]\n"))
    #expect(global.key == "workspace.global-inputs")
    #expect(global.line == 2)
}

@Test func markerWithSlash_isAnError() throws {
    let error = try #require(failure("[workspace]\nmarkers = [\"a/b\"]\n"))
    #expect(error.key == "workspace.markers")
    #expect(error.line == 2)
}

@Test func multilineStringsDoNotConfuseTheLineSearch() throws {
    let text = #"""
        [release]
        message = """
        [workspace]
        tag = x
        """
        tag = "none"
        """#
    let error = try #require(failure(text))
    #expect(error.key == "release.tag")
    #expect(error.line == 6)
}

@Test func nonUTF8Bytes_areAnErrorNamingTheFileAndLine() throws {
    let bytes = Array("[workspace]\ndefault-branch = \"ma".utf8) + [0xff] + Array("in\"\n".utf8)
    let error = try #require(throws: ConfigurationError.self) {
        try Configuration.parse(bytes, file: "sub/preflight.toml")
    }
    #expect(error.file == "sub/preflight.toml")
    #expect(error.line == 2)
    #expect(error.description.hasPrefix("sub/preflight.toml:2: the file is not valid utf-8 (byte 0xff at offset 32)"))
}

@Test func nulByte_isAnErrorRatherThanATruncatedFile() throws {
    let bytes = Array("[workspace]\n".utf8) + [0] + Array("\nmarkers = 1\n".utf8)
    let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(bytes, file: "preflight.toml") }
    #expect(error.line == 2)
    #expect(error.message.contains("nul byte"))
}

@Test func tomlWithWindowsLineEndings_keepsLineNumbers() throws {
    let text = "[workspace]\r\nmarkers = []\r\n\r\n[[target]]\r\npath = \"a\"\r\nflavour = 1\r\n"
    let error = try #require(failure(text))
    #expect(error.key == "target[0].flavour")
    #expect(error.line == 6)
    let config = try parse("[workspace]\r\ndefault-branch = \"trunk\"\r\n")
    #expect(config.workspace.defaultBranch == "trunk")
}

@Test func quotedKeys_areFoundOnTheirLine() throws {
    let error = try #require(failure("[hooks]\n\"pre-commit\" = [\"integrity\"]\n'pre-push' = []\n"))
    #expect(error.key == "hooks.pre-push")
    #expect(error.line == 3)
}

@Test func errorWithoutLine_printsFileAndMessage() {
    let error = ConfigurationError(file: "preflight.toml", line: nil, key: "a", message: "bad")
    #expect(error.description == "preflight.toml: bad")
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
