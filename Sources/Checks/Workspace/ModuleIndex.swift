/// Dotted module names, each with the files that provide it under every root that gives it that name, so an
/// absolute import is resolved with one lookup per prefix instead of one path per root.
struct ModuleIndex {
    private var names: [String: [(root: RepoPath, files: [RepoPath])]] = [:]
    /// The first component of every name under each root: most imports name nothing under a runnable dir.
    private var heads: [RepoPath: Set<Substring>] = [:]

    /// Runnable dirs at or above a directory, by directory: the files of one directory share one walk.
    private var runnableAbove: [RepoPath: [RepoPath]] = [:]

    /// Registers the module at `key` (a path without `.py`, a package's directory) under each root holding it:
    /// the configured roots and every runnable dir above it. A name with a `.` in a directory below the root
    /// is not importable and is skipped.
    mutating func add(_ key: RepoPath, files: [RepoPath], roots: PythonRoots) {
        let dir = key.parent
        let runnable = runnableAbove[dir] ?? ([dir] + dir.ancestors).filter { roots.runnable.contains($0) }
        runnableAbove[dir] = runnable
        let bytes = key.bytes
        let lastDot = bytes.lastIndex(of: UInt8(ascii: ".")) ?? -1
        var seen = Set<RepoPath>()
        for root in roots.roots + runnable where key != root && key.isInside(root) && seen.insert(root).inserted {
            let start = root.isRoot ? 0 : root.bytes.count + 1
            guard lastDot < start else { continue }
            let dotted = bytes[start...].map { $0 == UInt8(ascii: "/") ? UInt8(ascii: ".") : $0 }
            let name = String(decoding: dotted, as: UTF8.self)
            names[name, default: []].append((root, files))
            heads[root, default: []].insert(name.prefix { $0 != "." })
        }
    }

    /// True when no module was added (the graph resolves by path instead).
    var isEmpty: Bool { names.isEmpty }

    /// True when some module under `root` starts with the first component of `module`.
    func mayHave(_ module: String, under root: RepoPath) -> Bool {
        heads[root]?.contains(module.prefix { $0 != "." }) ?? false
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
