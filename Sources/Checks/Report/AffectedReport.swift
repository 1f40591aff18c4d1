import Foundation
import Model

/// Output formats of `preflight affected`.
public enum AffectedFormat: String, Sendable, CaseIterable {
    case text, json, dot
    case githubMatrix = "github-matrix"
}

/// Renders an affected set for people and machines.
public struct AffectedReport {
    public let affected: Affected

    public init(_ affected: Affected) { self.affected = affected }

    /// The JSON schema version of `affected --format json`.
    public static let schema = 1

    public func render(_ format: AffectedFormat, explain: Bool = false) -> String {
        switch format {
        case .text: explain ? explained() : text()
        case .json: json().rendered() + "\n"
        case .dot: dot()
        case .githubMatrix: githubMatrix().rendered(indent: nil) + "\n"
        }
    }

    /// One line per target: id, kind, and its reasons.
    public func text() -> String {
        let cs = affected.changeSet
        let total = affected.head.workspace.targetCount(with: affected.base.workspace)
        var out =
            "\(affected.targets.count) of \(total) targets affected (base \(cs.base.label), head \(cs.head.label), "
            + "\(cs.changes.count) changed path\(cs.changes.count == 1 ? "" : "s"))\n"
        let ids = affected.targets.map(\.target.id)
        let width = min(48, ids.map(\.count).max() ?? 0)
        let kinds = affected.targets.map { t in
            t.target.kind.rawValue + (t.status == .present ? "" : " \(t.status.rawValue)")
        }
        // The kind column as wide as its widest entry (`declared removed`), then two spaces: never run together.
        let kindWidth = kinds.map(\.count).max() ?? 0
        // By index: the iterator of zipped sequences costs its first use a run-time lookup of its types.
        for (i, t) in affected.targets.enumerated() {
            let (id, kind) = (ids[i], kinds[i])
            let columns = AffectedReport.padded(id, width) + "  " + AffectedReport.padded(kind, kindWidth)
            out += "  \(columns)  "
            for (k, reason) in t.reasons.prefix(3).enumerated() { out += (k == 0 ? "" : "; ") + reason.summary }
            out += (t.reasons.count > 3 ? "; +\(t.reasons.count - 3) more" : "") + "\n"
        }
        return out
    }

    /// How many paths the two lists of targets name together (each sorted by path, as `Workspace.targets`).
    static func unionCount(_ a: [Target], _ b: [Target]) -> Int { Workspace.unionCount(a, b) }

    /// `text` with spaces after it up to `width` characters.
    static func padded(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    /// Every reason, as the chain file → target → dependents.
    public func explained() -> String {
        var out = ""
        for t in affected.targets {
            out += "\(t.target.id) (\(t.target.kind.rawValue)\(t.status == .present ? "" : ", \(t.status.rawValue)"))\n"
            for r in t.reasons {
                out += "  " + chain(r, to: t.target) + "\n"
            }
        }
        if out.isEmpty { out = "no target is affected\n" }
        return out
    }

    private func chain(_ r: Reason, to target: Target) -> String {
        let id = target.id
        switch r.kind {
        case .changedFile: return "\(r.path!) -> \(id)"
        case .linkTarget: return "\(r.path!) -> link \(r.via!) -> \(id)"
        case .submodule: return "submodule \(r.path!) moved -> link \(r.via!) -> \(id)"
        case .input: return "\(r.path!) -> input \(r.pattern!) -> \(id)"
        case .globalInput: return "\(r.path!) -> global input \(r.pattern!) -> every target"
        case .dependency:
            let dep = Target.id(of: r.path ?? .root)
            return "\(dep) -> \(id) (\(id) depends on \(dep))"
        case .targetAdded: return "\(id) is new in the head"
        case .targetRemoved: return "\(id) is gone from the head"
        case .missingBase: return "the base is missing (\(affected.changeSet.missingBase ?? "")): everything counts"
        case .importFile: return AffectedReport.importChain(r) + " -> \(id)"
        case .requirement:
            guard let via = r.via else {
                return "\(r.path!) changed (\(r.pattern ?? "")) -> every python target it serves -> \(id)"
            }
            return "\(r.path!) changes \(r.pattern ?? "") -> imported by \(via) -> \(id)"
        }
    }

    /// `a.py imports m.y (src/m/y.py) imports m.z (changed)`: the files and modules from the importer to the
    /// changed file; a `conftest.py` a test uses reads `uses conftest.py (path)`.
    static func importChain(_ r: Reason) -> String {
        guard let first = r.chain.first else { return "\(r.path.map { "\($0)" } ?? "") imported" }
        var out = first.description
        for (i, file) in r.chain.dropFirst().enumerated() {
            let module = i < r.modules.count ? r.modules[i] : ""
            let last = i == r.chain.count - 2
            out += module.isEmpty ? " uses conftest.py" : " imports \(module)"
            out += last ? (module.isEmpty ? " (\(file), changed)" : " (changed)") : " (\(file))"
        }
        return out
    }

    /// `{"schema": 1, "base", "head", "targets": [{"id", "path", "kind", "status", "reasons"}]}`.
    public func json() -> JSON {
        let cs = affected.changeSet
        var top: [(String, JSON)] = [
            ("schema", .int(AffectedReport.schema)),
            ("base", .string(cs.base.label)),
            ("head", .string(cs.head.label)),
        ]
        if let missing = cs.missingBase { top.append(("missing_base", .string(missing))) }
        top.append(
            (
                "targets",
                .array(
                    affected.targets.map { t in
                        var fields: [(String, JSON)] = [("id", .string(t.target.id))]
                        fields += JSON.pathFields("path", t.target.path)
                        fields += [("kind", .string(t.target.kind.rawValue)), ("status", .string(t.status.rawValue))]
                        fields.append(
                            (
                                "reasons",
                                .array(
                                    t.reasons.map { r in
                                        var rf: [(String, JSON)] = [("kind", .string(r.kind.rawValue))]
                                        if r.kind == .dependency {
                                            rf.append(("path", .string(Target.id(of: r.path ?? .root))))
                                        } else {
                                            rf += JSON.pathFields("path", r.path)
                                        }
                                        rf += JSON.pathFields("via", r.via)
                                        if let pattern = r.pattern { rf.append(("pattern", .string(pattern))) }
                                        if !r.chain.isEmpty {
                                            rf.append(("chain", .array(r.chain.map { .string($0.description) })))
                                            rf.append(("modules", .array(r.modules.map { .string($0) })))
                                        }
                                        return .object(rf)
                                    })
                            ))
                        return .object(fields)
                    })
            ))
        return .object(top)
    }

    /// `{"include": [{"target", "path"}]}` for a GitHub Actions matrix; skips `//` and removed targets.
    public func githubMatrix() -> JSON {
        let rows = affected.targets.filter { $0.target.kind != .root && $0.status != .removed }.map { t in
            JSON.object([("target", .string(t.target.id)), ("path", .string(t.target.path.description))])
        }
        return .object([("include", .array(rows))])
    }

    /// A Graphviz digraph: changed paths → targets → dependents.
    public func dot() -> String {
        var out = "digraph affected {\n  rankdir=LR;\n  node [shape=box];\n"
        func q(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var edges = Set<String>()
        for t in affected.targets {
            out += "  \(q(t.target.id)) [style=filled, fillcolor=\(t.status == .removed ? "gray" : "lightyellow")];\n"
            for r in t.reasons {
                switch r.kind {
                case .dependency:
                    edges.insert("  \(q(Target.id(of: r.path ?? .root))) -> \(q(t.target.id)) [label=dependency];")
                case .linkTarget:
                    edges.insert(
                        "  \(q(r.path!.description)) -> \(q(t.target.id)) [label=\(q("via " + r.via!.description))];")
                case .changedFile, .input, .globalInput, .submodule, .importFile, .requirement:
                    edges.insert("  \(q(r.path!.description)) -> \(q(t.target.id)) [label=\(q(r.kind.rawValue))];")
                default: break
                }
            }
        }
        out += edges.sorted().joined(separator: "\n") + (edges.isEmpty ? "" : "\n") + "}\n"
        return out
    }
}
