/// The CHANGES flags as typed values: which change a command judges (README's table of change sources).
public struct ChangeSelection: Sendable {
    /// `--changed-since REF`.
    public var changedSince: String?
    /// `--committed-only`: with `--changed-since`, stop at HEAD.
    public var committedOnly: Bool
    /// `--staged`: HEAD to the index.
    public var staged: Bool
    /// `--range A..B` or `A...B`, parsed.
    public var range: ChangeSource?
    /// `--files PATH ...`, as given on the command line (relative to the current directory).
    public var files: [String]
    /// `--all`: the empty tree to HEAD.
    public var all: Bool
    /// `--untracked`: count untracked, non-ignored files.
    public var untracked: Bool
    /// `--on-missing-base`.
    public var onMissingBase: MissingBasePolicy
    /// `--dependents`: which importers of a changed file count (Pants' `--changed-dependents`).
    public var dependents: Dependents

    /// A selection; with no source named, `--changed-since` the configured default branch.
    public init(
        changedSince: String? = nil, committedOnly: Bool = false, staged: Bool = false,
        range: ChangeSource? = nil, files: [String] = [], all: Bool = false, untracked: Bool = false,
        onMissingBase: MissingBasePolicy = .error, dependents: Dependents = .transitive
    ) {
        self.changedSince = changedSince
        self.committedOnly = committedOnly
        self.staged = staged
        self.range = range
        self.files = files
        self.all = all
        self.untracked = untracked
        self.onMissingBase = onMissingBase
        self.dependents = dependents
    }

    /// The request these flags name in `repository`; with none, `--changed-since` HEAD's default branch.
    public func request(_ repository: Repository) throws -> ChangeRequest {
        let source: ChangeSource
        if staged {
            source = .staged
        } else if let range {
            source = range
        } else if !files.isEmpty {
            source = .files(try PathArgument.filesInside(files, workdir: repository.workdir))
        } else if all {
            source = .all
        } else {
            let ref = try changedSince ?? ChangeSelection.headConfiguration(repository).workspace.defaultBranch
            source = .changedSince(ref, committedOnly: committedOnly)
        }
        return ChangeRequest(source: source, untracked: untracked, onMissingBase: onMissingBase)
    }

    /// HEAD's `preflight.toml`, for settings needed before any change set exists: the default without a
    /// commit or a file; a file that does not parse is an error naming its line and key (exit 2).
    public static func headConfiguration(_ repository: Repository) throws -> Configuration {
        try configuration(at: repository.headCommit(), in: repository)
    }

    /// The `preflight.toml` of `commit` (the default without a commit or a file); one that does not parse
    /// is an error naming its line and key.
    public static func configuration(at commit: ObjectID?, in repository: Repository) throws -> Configuration {
        if let override = try ConfigurationOverride.current() { return override }
        guard let commit, let bytes = try repository.blob(atPath: Workspace.configFile, inCommit: commit) else {
            return .default
        }
        return try Configuration.parse(bytes, file: Workspace.configFile.description)
    }
}
