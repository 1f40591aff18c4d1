import Formats

/// Where Python module names start in one snapshot: the source roots, as Pants has them.
///
/// `[python] roots` when set; else `pants.toml`'s `[source] root_patterns` (`/src` is that directory, a
/// bare `src` every directory of that name); else the repository root and `src/` when it exists. Every
/// runnable dir is also a root, for its own files only (`run` puts it first on `PYTHONPATH`).
public struct PythonRoots: Sendable {
    /// The roots every file may import from, deepest first.
    public let roots: [RepoPath]
    /// Runnable dirs: roots for the files inside them.
    public let runnable: DirectorySet

    /// The roots of `workspace`; a `pants.toml` that does not parse is a configuration error (exit 2).
    public init(_ workspace: Workspace, pythonFiles: [RepoPath]) throws(WorkspaceError) {
        let table = workspace.snapshot.table
        var roots: [RepoPath]
        if let configured = workspace.configuration.python.roots {
            roots = configured
        } else if let patterns = try PythonRoots.pantsPatterns(workspace.snapshot) {
            roots = PythonRoots.matching(patterns, pythonFiles: pythonFiles)
        } else {
            roots = [.root]
            if table.isDirectory(RepoPath("src")) { roots.append(RepoPath("src")) }
        }
        self.roots = PythonRoots.deepestFirst(roots)
        runnable = PythonRoots.runnable(workspace)
    }

    /// Roots read back from a cache file, deepest first as they were written.
    init(roots: [RepoPath], runnable: DirectorySet) {
        self.roots = roots
        self.runnable = runnable
    }

    /// The roots that hold `file`, deepest first (its runnable dir included), then none of the others.
    public func containing(_ file: RepoPath) -> [RepoPath] {
        var result = roots.filter { file.isInside($0) }
        if let dir = file.ancestors.first(where: { runnable.contains($0) }), !result.contains(dir) {
            result.append(dir)
            return PythonRoots.deepestFirst(result)
        }
        return result
    }

    /// The module name of `file` (`a.b` for `root/a/b.py` and `root/a/b/__init__.py`), from its deepest root.
    public func moduleName(of file: RepoPath) -> String? {
        guard let root = containing(file).first, let relative = file.relative(to: root),
            let text = relative.utf8String
        else { return nil }
        var parts = text.split(separator: "/").map(String.init)
        guard let last = parts.popLast() else { return nil }
        let stem = last.hasSuffix(".pyi") ? String(last.dropLast(4)) : String(last.dropLast(3))
        if stem != "__init__" { parts.append(stem) }
        return parts.joined(separator: ".")
    }

    private static func deepestFirst(_ roots: [RepoPath]) -> [RepoPath] {
        var seen = Set<RepoPath>()
        return roots.filter { seen.insert($0).inserted }
            .sorted { $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0 < $1 }
    }

    /// `[source] root_patterns` of `pants.toml`, or nil when there is no such file or key.
    static func pantsPatterns(_ snapshot: Snapshot) throws(WorkspaceError) -> [String]? {
        guard let values = try pantsToml(snapshot)?[path: ["source", "root_patterns"]]?.array else { return nil }
        return values.compactMap(\.string)
    }

    /// The lockfiles of `pants.toml`'s `[python.resolves]`.
    static func pantsLocks(_ snapshot: Snapshot) throws(WorkspaceError) -> [RepoPath] {
        guard let resolves = try pantsToml(snapshot)?[path: ["python", "resolves"]]?.fields else { return [] }
        return resolves.compactMap { _, value in
            value.string.map { RepoPath($0.split(separator: "/").filter { $0 != "." }.joined(separator: "/")) }
        }
    }

    /// `pants.toml` parsed, or nil when the snapshot has none.
    static func pantsToml(_ snapshot: Snapshot) throws(WorkspaceError) -> TOMLData? {
        let bytes: [UInt8]?
        do {
            bytes = try snapshot.bytes(at: RepoPath("pants.toml"))
        } catch {
            throw .snapshot(error)
        }
        guard let bytes else { return nil }
        let pants: TOMLData
        do {
            pants = try TOMLData.parse(bytes, file: "pants.toml")
        } catch {
            throw .configuration(ConfigurationError(error))
        }
        return pants
    }

    /// The directories `patterns` name: `/a/b` is that directory; `a/b` every directory ending so.
    static func matching(_ patterns: [String], pythonFiles: [RepoPath]) -> [RepoPath] {
        var result: [RepoPath] = []
        var directories: Set<RepoPath>?
        for pattern in patterns {
            let parts = pattern.split(separator: "/").filter { $0 != "." }.map(String.init)
            if pattern.hasPrefix("/") {
                result.append(RepoPath(parts.joined(separator: "/")))
                continue
            }
            guard !parts.isEmpty else { continue }
            if directories == nil {
                var dirs = Set<RepoPath>()
                for file in pythonFiles {
                    for dir in file.ancestors where !dir.isRoot { if !dirs.insert(dir).inserted { break } }
                }
                directories = dirs
            }
            let suffix = "/" + parts.joined(separator: "/")
            for dir in directories ?? [] where ("/" + (dir.utf8String ?? "")).hasSuffix(suffix) {
                result.append(dir)
            }
        }
        return result
    }
}
