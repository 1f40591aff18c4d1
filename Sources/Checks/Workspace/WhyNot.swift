/// `affected --why-not TARGET`: what a target reads, and that none of it changed.
public enum WhyNot {
    /// Lines explaining the target's verdict; nil when no side has a target with this id.
    public static func explain(_ id: String, in affected: Affected) -> [String]? {
        let headTarget = affected.head.workspace.target(id: id)
        guard let target = headTarget ?? affected.base.workspace.target(id: id) else { return nil }
        if let hit = affected.targets.first(where: { $0.target.path == target.path }) {
            return ["\(target.id) is affected:"] + hit.reasons.map { "  \($0.summary)" }
        }
        let changed = affected.changeSet.touchedPaths
        var lines = [
            "\(target.id) (\(target.kind.rawValue)) is not affected by the \(changed.count) changed path"
                + (changed.count == 1 ? "" : "s") + ":"
        ]
        let graph = headTarget == nil ? affected.base : affected.head
        let own = target.path.isRoot ? "files no other target owns" : "\(target.path)/**"
        lines.append("  own files: none of the changed paths is among its \(own)")
        let links = graph.resolutions.values.filter { graph.workspace.owner(of: $0.link).path == target.path }
            .sorted { $0.link < $1.link }
        if links.isEmpty {
            lines.append("  links: it has none")
        } else {
            let shown = links.prefix(5).map { "\($0.link) -> \($0.target?.description ?? "(unresolved)")" }
            lines.append(
                "  links: \(links.count), none of whose targets changed: " + shown.joined(separator: ", ")
                    + (links.count > 5 ? ", ..." : ""))
        }
        lines.append(importsLine(target, affected, head: headTarget != nil))
        if !target.inputs.isEmpty {
            lines.append("  declared inputs: none matched: " + target.inputs.map(\.pattern).joined(separator: ", "))
        }
        if target.deps.isEmpty {
            lines.append("  dependencies: none declared")
        } else {
            lines.append(
                "  dependencies: none affected: " + target.deps.map { Target.id(of: $0) }.joined(separator: ", "))
        }
        let globals = graph.globalInputs.map(\.pattern)
        lines.append(
            "  global inputs: none changed" + (globals.isEmpty ? "" : " (" + globals.joined(separator: ", ") + ")"))
        return lines
    }
}
