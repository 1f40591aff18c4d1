import Model

/// Renders `preflight targets`: each target with its kind, deps, declared inputs, links and inferred deps.
public struct TargetListing {
    public let graph: DependencyGraph
    /// The targets each target's files import, from the import graph (none without one).
    public let inferredDeps: [RepoPath: [RepoPath]]

    /// A listing of `graph`'s targets; with `imports`, each also lists the targets its files import.
    public init(_ graph: DependencyGraph, imports: ImportGraph? = nil) {
        self.graph = graph
        inferredDeps = imports?.targetDependencies() ?? [:]
    }

    /// Every link's resolution, grouped by the target owning the link.
    private var linksByOwner: [RepoPath: [LinkResolution]] {
        Dictionary(grouping: graph.resolutions.values) { graph.workspace.owner(of: $0.link).path }
    }

    /// The image name of a runnable dir; a malformed `repo_config.yaml` throws (exit 2).
    private func image(of t: Target) throws(WorkspaceError) -> String? {
        t.kind == .runnable ? try graph.workspace.imageName(of: t) : nil
    }

    public func text() throws(WorkspaceError) -> String {
        var out = ""
        let byOwner = linksByOwner
        for t in graph.workspace.targets {
            var parts = [t.id, t.kind.rawValue]
            if let image = try image(of: t) { parts.append("image: \(image)") }
            if !t.deps.isEmpty { parts.append("deps: " + t.deps.map { Target.id(of: $0) }.joined(separator: ", ")) }
            if !t.inputs.isEmpty { parts.append("inputs: " + t.inputs.map(\.pattern).joined(separator: ", ")) }
            let n = byOwner[t.path]?.count ?? 0
            if n > 0 { parts.append("\(n) link\(n == 1 ? "" : "s")") }
            if let inferred = inferredDeps[t.path] {
                parts.append("imports: " + inferred.map { Target.id(of: $0) }.joined(separator: ", "))
            }
            out += parts.joined(separator: "  ") + "\n"
        }
        return out
    }

    public func json() throws(WorkspaceError) -> JSON {
        let byOwner = linksByOwner
        var images: [RepoPath: String] = [:]
        for t in graph.workspace.targets { images[t.path] = try image(of: t) }
        return .object([
            ("schema", .int(1)),
            (
                "targets",
                .array(
                    graph.workspace.targets.map { t in
                        var fields: [(String, JSON)] = [("id", .string(t.id))]
                        fields += JSON.pathFields("path", t.path)
                        fields.append(("kind", .string(t.kind.rawValue)))
                        fields.append(("image", images[t.path].map { .string($0) } ?? .null))
                        fields.append(("deps", .array(t.deps.map { .string(Target.id(of: $0)) })))
                        fields.append(("inputs", .array(t.inputs.map { .string($0.pattern) })))
                        let inferred = (inferredDeps[t.path] ?? []).map { JSON.string(Target.id(of: $0)) }
                        fields.append(("inferred_deps", .array(inferred)))
                        fields.append(
                            (
                                "links",
                                .array(
                                    (byOwner[t.path] ?? []).sorted { $0.link < $1.link }.map { r in
                                        var lf = JSON.pathFields("link", r.link)
                                        lf += JSON.pathFields("target", r.target)
                                        lf.append(("resolves", .bool(r.resolves)))
                                        return .object(lf)
                                    })
                            ))
                        return .object(fields)
                    })
            ),
        ])
    }
}
