/// Dotted module names, each with the files that provide it under every root that gives it that name, so an
/// absolute import is resolved with one lookup per prefix instead of one path per root.
struct ModuleIndex {
    private var names: [String: [(root: RepoPath, files: [RepoPath])]] = [:]

    /// Registers the module at `key` (a path without `.py`, a package's directory) under each root holding it:
    /// the configured roots and every runnable dir above it. Keys with a `.` in a directory name are not
    /// importable and are skipped.
    mutating func add(_ key: RepoPath, files: [RepoPath], roots: PythonRoots) {
        var seen = Set<RepoPath>()
        for root in roots.roots + key.ancestors.filter({ roots.runnable.contains($0) })
        where key != root && key.isInside(root) && seen.insert(root).inserted {
            guard let text = key.relative(to: root)?.utf8String, !text.contains(".") else { continue }
            let name = text.split(separator: "/").joined(separator: ".")
            names[name, default: []].append((root, files))
        }
    }

    /// The files that provide `name` under the first of `roots` that has it.
    func find(_ name: String, in roots: [RepoPath]) -> [RepoPath]? {
        guard let entries = names[name] else { return nil }
        for root in roots {
            if let entry = entries.first(where: { $0.root == root }) { return entry.files }
        }
        return nil
    }
}
