/// `--why-not`'s line about imports: the modules the target's files import that were checked.
extension WhyNot {
    /// Why no import of the target reached a changed file, naming the first imports checked.
    static func importsLine(_ target: Target, _ affected: Affected, head: Bool) -> String {
        if affected.dependents == .none { return "  imports: not followed (--dependents none)" }
        guard affected.head.workspace.configuration.python.inferImports else {
            return "  imports: not inferred ([python] infer-imports = false)"
        }
        guard let graphs = affected.imports else {
            return "  imports: not followed: no changed path is a python module or a link"
        }
        let graph = head ? graphs.head : graphs.base
        let imports = graph.imports
        guard graph.isSound else { return "  imports: not listed: the import graph cache file is damaged" }
        var checked: [(RepoPath, ImportGraph.Edge)] = []
        for (file, edges) in imports where graph.workspace.owner(of: file).path == target.path {
            checked += edges.map { (file, $0) }
        }
        if checked.isEmpty { return "  imports: its files import no file of the repository" }
        checked.sort { ($0.0, $0.1.file) < ($1.0, $1.1.file) }
        let shown = checked.prefix(5).map { file, edge in
            "\(file) \(edge.module.isEmpty ? "uses conftest.py" : "imports \(edge.module)") (\(edge.file))"
        }
        let how = affected.dependents == .direct ? "directly" : "through any chain"
        return "  imports: \(checked.count) checked, none reaches a changed file \(how): "
            + shown.joined(separator: ", ") + (checked.count > 5 ? ", ..." : "")
    }
}
