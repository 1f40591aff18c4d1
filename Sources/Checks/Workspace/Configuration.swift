import Formats

/// The settings in `preflight.toml` at the repository root; every key is optional.
///
/// Build it with `Configuration.parse(_:file:)`, or use `Configuration.default` when there is no file.
/// Globs are kept as the strings written but are checked with `Glob` while parsing, so a bad pattern is
/// reported with its line.
public struct Configuration: Sendable, Equatable {
    /// `[workspace]`: how targets are found and what affects all of them.
    public var workspace = WorkspaceSettings()
    /// `[[target]]` tables, in file order.
    public var targets: [TargetDeclaration] = []
    /// `[runnable]`: defaults for every runnable dir.
    public var runnable = RunnableSettings()
    /// `[links]`: managed links to a common source.
    public var links = LinkSettings()
    /// `[[lockfile]]` tables, in file order.
    public var lockfiles: [LockfileDeclaration] = []
    /// `[version]`: version files and their scheme.
    public var version = VersionSettings()
    /// `[release]`: release tags, messages and branches.
    public var release = ReleaseSettings()
    /// `[hooks]`: what the git hooks do.
    public var hooks = HookSettings()
    /// `[checks]`: checks to skip everywhere.
    public var checks = CheckSettings()
    /// `[python]`: source roots and import inference.
    public var python = PythonSettings()
    /// `[news]`: which changes need no news fragment.
    public var news = NewsSettings()

    /// Creates the default configuration (the one an empty or missing `preflight.toml` gives).
    public init() {}

    /// The configuration when `preflight.toml` is missing or empty.
    public static let `default` = Configuration()

    /// The settings the `[[target]]` table for `path` declares, if any.
    public func declaration(for path: RepoPath) -> TargetDeclaration? {
        targets.first { $0.path == path }
    }
}

/// `[workspace]`: markers of runnable dirs, global inputs and the default branch.
public struct WorkspaceSettings: Sendable, Equatable {
    /// File names whose presence makes their directory a runnable dir (`markers`).
    public var markers = ["runnable_dir"]
    /// Repository-relative globs; a change to one affects every target (`global-inputs`).
    public var globalInputs = ["preflight.toml"]
    /// The branch `--changed-since` compares with when no change flag is given (`default-branch`).
    public var defaultBranch = "main"

    /// Creates the defaults.
    public init() {}
}

/// A test or build tier of a runnable dir.
public enum Tier: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case fast, slow, superslow, image

    public var description: String { rawValue }
}

/// Seconds each tier may run before it is stopped.
public struct Timeouts: Sendable, Equatable {
    /// Seconds for `fast` (default 300).
    public var fast = 300
    /// Seconds for `slow` (default 1800).
    public var slow = 1800
    /// Seconds for `superslow` (default 7200).
    public var superslow = 7200
    /// Seconds for `image` (default 3600).
    public var image = 3600

    /// Creates the defaults.
    public init() {}

    /// The same number of seconds for every tier.
    public init(all seconds: Int) {
        fast = seconds
        slow = seconds
        superslow = seconds
        image = seconds
    }

    /// The timeout of `tier`, in seconds.
    public subscript(tier: Tier) -> Int {
        get {
            switch tier {
            case .fast: fast
            case .slow: slow
            case .superslow: superslow
            case .image: image
            }
        }
        set {
            switch tier {
            case .fast: fast = newValue
            case .slow: slow = newValue
            case .superslow: superslow = newValue
            case .image: image = newValue
            }
        }
    }
}

/// `[runnable]`: commands, inputs and timeouts of runnable dirs; globs are relative to the runnable dir.
public struct RunnableSettings: Sendable, Equatable {
    /// Globs whose change needs a new changelog entry (`release-inputs`).
    public var releaseInputs = ["devops/**"]
    /// Globs whose change needs the image rebuilt (`image-inputs`).
    public var imageInputs = ["devops/**", "changelog.txt"]
    /// The `fast` tier's argv; `{junit}` is the job's JUnit file under the run's report folder.
    public var fast = ["python3", "-m", "pytest", "-m", "not slow and not superslow", "--junitxml={junit}"]
    /// The `slow` tier's argv.
    public var slow = ["python3", "-m", "pytest", "-m", "slow and not superslow", "--junitxml={junit}"]
    /// The `superslow` tier's argv.
    public var superslow = ["python3", "-m", "pytest", "-m", "superslow", "--junitxml={junit}"]
    /// The `image` tier's argv; `{image}` and `{version}` are filled in by the runner.
    public var image = ["docker", "build", "-f", "devops/docker_build/dev.Dockerfile", "-t", "{image}:{version}", "."]
    /// Seconds per tier (`timeout`: one integer, or a table by tier).
    public var timeouts = Timeouts()
    /// The tiers whose command was written in the configuration (in `[runnable]` or the dir's own
    /// `[[target]]` table) rather than left to the default: a runnable dir runs such a tier even without
    /// Python tests of its own.
    public var configuredTiers: Set<Tier> = []

    /// Creates the defaults.
    public init() {}

    /// The argv of `tier`.
    public func command(for tier: Tier) -> [String] {
        switch tier {
        case .fast: fast
        case .slow: slow
        case .superslow: superslow
        case .image: image
        }
    }

    /// These settings with a `[[target]]` table's overrides applied.
    public func applying(_ overrides: RunnableOverrides) -> RunnableSettings {
        var result = self
        if let v = overrides.releaseInputs { result.releaseInputs = v }
        if let v = overrides.imageInputs { result.imageInputs = v }
        for tier in Tier.allCases {
            guard let argv = overrides.command(for: tier) else { continue }
            switch tier {
            case .fast: result.fast = argv
            case .slow: result.slow = argv
            case .superslow: result.superslow = argv
            case .image: result.image = argv
            }
            result.configuredTiers.insert(tier)
        }
        for (tier, seconds) in overrides.timeouts { result.timeouts[tier] = seconds }
        return result
    }
}

/// The runnable keys a `[[target]]` table sets for its own dir; nil (or absent) means "as in `[runnable]`".
public struct RunnableOverrides: Sendable, Equatable {
    /// `release-inputs` for this dir.
    public var releaseInputs: [String]?
    /// `image-inputs` for this dir.
    public var imageInputs: [String]?
    /// The `fast` argv for this dir.
    public var fast: [String]?
    /// The `slow` argv for this dir.
    public var slow: [String]?
    /// The `superslow` argv for this dir.
    public var superslow: [String]?
    /// The `image` argv for this dir.
    public var image: [String]?
    /// Seconds for the tiers the table names.
    public var timeouts: [Tier: Int] = [:]

    /// Creates overrides that change nothing.
    public init() {}

    /// True when the table overrides nothing.
    public var isEmpty: Bool { self == RunnableOverrides() }

    /// The argv the table sets for `tier`, if any.
    public func command(for tier: Tier) -> [String]? {
        switch tier {
        case .fast: fast
        case .slow: slow
        case .superslow: superslow
        case .image: image
        }
    }
}

/// One `[[target]]` table: a declared target, or settings for the runnable dir at `path`.
public struct TargetDeclaration: Sendable, Equatable {
    /// The target's directory and id: repository-relative, no `./`, no trailing `/`, never the root.
    public var path: RepoPath
    /// Ids (paths) of targets this one depends on (`deps`).
    public var deps: [RepoPath] = []
    /// Repository-relative globs that extend the target's own files (`inputs`).
    public var inputs: [String] = []
    /// Runnable keys set for this target only.
    public var overrides = RunnableOverrides()

    /// Declares a target at `path`.
    public init(path: RepoPath, deps: [RepoPath] = [], inputs: [String] = [], overrides: RunnableOverrides = .init()) {
        self.path = path
        self.deps = deps
        self.inputs = inputs
        self.overrides = overrides
    }
}

/// `[links]`: where managed links point and which copies are kept on purpose.
public struct LinkSettings: Sendable, Equatable {
    /// The common source directory (`common-source`); nil means `helpers_root` when it exists.
    public var commonSource: RepoPath?
    /// Repository-relative globs of files copied on purpose, never reported as should-be-links (`keep-copies`).
    public var keepCopies: [String] = []

    /// Creates the defaults.
    public init() {}
}

/// One `[[lockfile]]` table: a manifest, its lockfile, and how to regenerate it.
public struct LockfileDeclaration: Sendable, Equatable {
    /// The repository-relative manifest (`manifest`), e.g. `requirements.txt`.
    public var manifest: RepoPath
    /// The repository-relative lockfile (`lock`), e.g. `python.lock`.
    public var lock: RepoPath
    /// The argv that regenerates the lockfile (`regenerate`); nil means the ecosystem's default.
    public var regenerate: [String]?

    /// Declares a lockfile.
    public init(manifest: RepoPath, lock: RepoPath, regenerate: [String]? = nil) {
        self.manifest = manifest
        self.lock = lock
        self.regenerate = regenerate
    }
}

/// `[version]`: the version files and their rules.
public struct VersionSettings: Sendable, Equatable {
    /// Repository-relative version files (`files`).
    public var files = [RepoPath("VERSION")]
    /// How their versions parse and compare (`scheme`).
    public var scheme = VersionScheme.pep440
    /// When true, version files may change only in a release commit (`release-only`).
    public var releaseOnly = false

    /// Creates the defaults.
    public init() {}
}

/// `[release]`: what release tags, commits and branches look like; `{version}` is filled in.
public struct ReleaseSettings: Sendable, Equatable {
    /// The tag name pattern (`tag`); contains `{version}`.
    public var tag = "{version}"
    /// Whether release tags must be annotated (`annotated`).
    public var annotated = true
    /// The tag message of a release (`message`).
    public var message = "Release v{version}"
    /// The tag message of a pre-release (`prerelease-message`).
    public var prereleaseMessage = "Pre-release v{version}"
    /// The subject of a release commit (`commit`).
    public var commit = "release: {version}"
    /// Branch names or regular expressions where release commits may live (`branches`).
    public var branches = ["main", "^\\d+\\.\\d+$"]
    /// The argv `release prepare` runs to write the changelog (`changelog-command`); `{version}` filled in.
    public var changelogCommand: [String]?

    /// Creates the defaults.
    public init() {}
}

/// `[news]`: changes that need no towncrier news fragment.
public struct NewsSettings: Sendable, Equatable {
    /// Repository-relative globs; a change touching only these (and fragments) needs none (`exempt`).
    public var exempt: [String] = []

    /// Creates the defaults.
    public init() {}
}

/// `[hooks]`: what the installed git hooks run.
public struct HookSettings: Sendable, Equatable {
    /// Check ids, or `integrity` for all integrity checks, run by the pre-commit hook (`pre-commit`).
    public var preCommit = ["integrity"]
    /// Tiers the pre-push hook runs for affected runnable dirs (`pre-push-run`).
    public var prePushRun: [Tier] = []

    /// Creates the defaults.
    public init() {}
}

/// `[checks]`: checks turned off for this repository.
public struct CheckSettings: Sendable, Equatable {
    /// Check ids never run (`skip`).
    public var skip: [String] = []

    /// Creates the defaults.
    public init() {}

    /// Every check id, and `integrity` (the group the pre-commit hook runs by default).
    public static let knownCheckIDs = CheckID.allCases.map(\.rawValue) + [CheckID.integrityGroup]
}

/// A configuration file that cannot be used: the file, the line when known, the dotted key, and why.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file's name as shown to the user, e.g. `preflight.toml`.
    public let file: String
    /// The 1-based line at fault, when it could be found.
    public let line: Int?
    /// The dotted key path at fault, e.g. `target[0].deps` (`[[target]]` tables are counted from 0).
    public let key: String?
    /// What is wrong and what to do, lowercase, no full stop.
    public let message: String

    /// Creates an error.
    public init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: message`, or `file: message` when the line is unknown.
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }

    /// A configuration or manifest file a parser could not read.
    public init(_ error: FormatError) {
        self.init(file: error.file, line: error.line, key: nil, message: error.message)
    }
}
