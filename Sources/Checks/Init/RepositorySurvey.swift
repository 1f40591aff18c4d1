import Foundation

/// What `preflight init` finds in a repository's index and refs: the layout preflight.toml must fit.
struct RepositorySurvey {
    /// Directories holding a Pants `BUILD` (or `BUILD.*`) file, sorted; the root left out.
    var buildDirs: [RepoPath] = []
    /// `pants.toml`'s `[source] root_patterns`, when it has them.
    var sourceRoots: [String] = []
    /// `pants.toml`'s `[python.resolves]`: each resolve's name and lock.
    var resolves: [(name: String, lock: String)] = []
    var isPants = false
    /// Directories holding a `runnable_dir` marker, sorted.
    var runnableDirs: [RepoPath] = []
    /// `helpers_root` when the repository has it.
    var commonSource: RepoPath?
    /// towncrier's settings and the file they are in.
    var towncrier: (settings: Towncrier, file: String)?
    /// The root `VERSION` file's version and its scheme.
    var version: (text: String, scheme: VersionScheme)?
    /// The release tags in use: the name pattern, their count, whether all are annotated, the newest.
    var tags: TagStyle?
    /// `origin/HEAD`'s branch, else the branch checked out, else `main`.
    var defaultBranch = "main"

    /// How the repository's release tags look.
    struct TagStyle {
        var pattern: String
        var count: Int
        var annotated: Bool
        var newest: String
        var message: String?
        var prereleaseMessage: String?
    }

    /// Reads `snapshot` (the index) and `repository`'s tags and branches.
    init(_ snapshot: Snapshot, _ repository: Repository) throws {
        for entry in snapshot.table.entries where entry.mode != .gitlink {
            let name = String(decoding: entry.path.name, as: UTF8.self)
            if name == "BUILD" || name.hasPrefix("BUILD."), !entry.path.parent.isRoot {
                buildDirs.append(entry.path.parent)
            }
            if name == "runnable_dir" { runnableDirs.append(entry.path.parent) }
        }
        buildDirs = Array(Set(buildDirs)).sorted()
        runnableDirs = Array(Set(runnableDirs)).sorted()
        if snapshot.table.isDirectory(RepoPath("helpers_root"))
            || snapshot.table.entry(at: RepoPath("helpers_root")) != nil
        {
            commonSource = RepoPath("helpers_root")
        }
        if let bytes = try snapshot.bytes(at: RepoPath("pants.toml")) {
            isPants = true
            let pants = try TOMLData.parse(bytes, file: "pants.toml")
            sourceRoots = (pants[path: ["source", "root_patterns"]]?.array ?? []).compactMap(\.string)
            resolves = (pants[path: ["python", "resolves"]]?.fields ?? []).compactMap { name, lock in
                lock.string.map { (name, $0) }
            }
        }
        let towncrierTOML = try snapshot.bytes(at: RepoPath("towncrier.toml"))
        if let settings = try Towncrier.read(
            towncrierTOML: towncrierTOML, pyproject: try snapshot.bytes(at: RepoPath("pyproject.toml")))
        {
            towncrier = (settings, towncrierTOML == nil ? "pyproject.toml" : "towncrier.toml")
        }
        if let bytes = try snapshot.bytes(at: RepoPath("VERSION")) {
            let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            if (try? PEP440(text)) != nil {
                version = (text, .pep440)
            } else if (try? Semver(text)) != nil {
                version = (text, .semver)
            }
        }
        tags = try RepositorySurvey.tagStyle(repository, scheme: version?.scheme ?? .pep440)
        if let origin = repository.symbolicTarget("refs/remotes/origin/HEAD") {
            defaultBranch = String(origin.dropFirst("refs/remotes/origin/".count))
        } else if let head = repository.symbolicTarget("HEAD"), head.hasPrefix("refs/heads/") {
            defaultBranch = String(head.dropFirst("refs/heads/".count))
        }
    }

    /// The form most release tags take (`{version}` or `v{version}`) and the messages of the annotated ones.
    private static func tagStyle(_ repository: Repository, scheme: VersionScheme) throws -> TagStyle? {
        var found: [(pattern: String, version: Version, info: TagInfo)] = []
        for name in try repository.tagNames() {
            let prefixed = name.hasPrefix("v")
            guard let version = try? Version(prefixed ? String(name.dropFirst()) : name, scheme: scheme),
                let info = try repository.tag(name)
            else { continue }
            found.append((prefixed ? "v{version}" : "{version}", version, info))
        }
        guard !found.isEmpty else { return nil }
        let prefixed = found.filter { $0.pattern == "v{version}" }.count * 2 > found.count
        let used = found.filter { $0.pattern == (prefixed ? "v{version}" : "{version}") }
        func message(prerelease: Bool) -> String? {
            let subjects = used.filter { $0.version.isPrerelease == prerelease }.compactMap { tag in
                tag.info.subject.map { $0.replacingOccurrences(of: tag.version.description, with: "{version}") }
            }
            let counts = Dictionary(subjects.map { ($0, 1) }, uniquingKeysWith: +)
            return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        }
        return TagStyle(
            pattern: prefixed ? "v{version}" : "{version}", count: used.count,
            annotated: used.allSatisfy(\.info.annotated),
            newest: used.max { $0.version < $1.version }?.info.name ?? "",
            message: message(prerelease: false), prereleaseMessage: message(prerelease: true))
    }
}
