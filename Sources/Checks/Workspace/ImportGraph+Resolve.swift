import Formats

/// How one import statement becomes edges to the files it reads.
extension ImportGraph {
    /// Adds the edges of `record`, written in `file`; an absolute module no file provides goes to `missing`.
    /// `roots`: those holding `file` (deepest first), then the others.
    /// `runnable`: the runnable dir holding `file` when it is no shared root, asked first; `memo`: the absolute
    /// imports already resolved for files with the same shared roots.
    func resolve(
        _ record: PythonImport, in file: RepoPath, roots: ([RepoPath], [RepoPath]), runnable: RepoPath?,
        memo: ResolutionMemo, into edges: inout Set<Edge>, missing: inout [String]
    ) {
        if record.level == 0 {
            if let runnable, index.isEmpty || index.mayHave(record.module, under: runnable) {
                let own = resolveAbsolute(record, roots: ([runnable], []), memo: nil)
                if !own.edges.isEmpty {
                    edges.formUnion(own.edges)
                    return
                }
            }
            let found = resolveAbsolute(record, roots: roots, memo: memo)
            edges.formUnion(found.edges)
            missing += found.missing
            return
        }
        let parts = record.module.split(separator: ".").map(String.init)
        var base = file.parent
        for _ in 1..<record.level {
            if base.isRoot { return }
            base = base.parent
        }
        let prefix = String(repeating: ".", count: record.level)
        for name in record.names where name != "*" {
            let module = prefix + (parts + [name]).joined(separator: ".")
            add(locate(path(base, parts + [name])), module, &edges)
        }
        for k in stride(from: parts.count, through: 0, by: -1) {
            let found = locate(path(base, Array(parts[..<k])))
            if !found.isEmpty {
                add(found, prefix + parts[..<k].joined(separator: "."), &edges)
                break
            }
        }
    }

    /// The edges of an absolute import, and the modules no file provides when none resolves (third-party,
    /// or the standard library). Lookups are kept in `memo` when given (it must belong to these roots).
    private func resolveAbsolute(_ record: PythonImport, roots: ([RepoPath], [RepoPath]), memo: ResolutionMemo?)
        -> (edges: [Edge], missing: [String])
    {
        guard !record.module.isEmpty else { return ([], []) }
        func edges(_ name: String, exact: Bool) -> [Edge] {
            if let known = exact ? memo?.exact[name] : memo?.deepest[name] { return known }
            let parts = name.split(separator: ".").map(String.init)
            let found = deepest(parts, in: roots.0, roots.1, exact: exact)
            let result = found.map { files, module in files.map { Edge(file: $0, module: module) } } ?? []
            if exact { memo?.exact[name] = result } else { memo?.deepest[name] = result }
            return result
        }
        var all: [Edge] = []
        var missing: [String] = []
        for name in record.names where name != "*" {
            let full = record.module + "." + name
            let found = edges(full, exact: true)
            if found.isEmpty { missing.append(full) } else { all += found }
        }
        let found = edges(record.module, exact: false)
        if found.isEmpty && all.isEmpty { return ([], [record.module] + missing) }
        return (all + found, [])
    }

    /// The deepest existing module of `parts` (only `parts` itself when `exact`): first in the roots that
    /// hold the importing file, then in the others.
    private func deepest(_ parts: [String], in own: [RepoPath], _ others: [RepoPath], exact: Bool)
        -> ([RepoPath], String)?
    {
        for roots in [own, others] where !roots.isEmpty {
            for k in stride(from: parts.count, through: exact ? parts.count : 1, by: -1) {
                let name = parts[..<k].joined(separator: ".")
                if !index.isEmpty {
                    if let found = index.find(name, in: roots) { return (found, name) }
                    continue
                }
                for root in roots {
                    let found = locate(path(root, Array(parts[..<k])))
                    if !found.isEmpty { return (found, name) }
                }
            }
        }
        return nil
    }

    private func path(_ base: RepoPath, _ parts: [String]) -> RepoPath {
        parts.reduce(base) { $0.appending($1) }
    }

    private func add(_ files: [RepoPath], _ module: String, _ edges: inout Set<Edge>) {
        for file in files { edges.insert(Edge(file: file, module: module)) }
    }
}
