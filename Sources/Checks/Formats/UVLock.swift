/// uv's `uv.lock`: what of `pyproject.toml` it records.
public enum UVLock {
    /// The parts of `pyproject.toml` a uv lock depends on: the project's name, version (uv records the
    /// root package's version), dependencies, optional dependencies and Python requirement, dependency
    /// groups, and `[tool.uv]`.
    public static func relevant(_ pyproject: TOMLData) -> TOMLData {
        var fields: [(String, TOMLData)] = []
        for key in ["name", "version", "dependencies", "optional-dependencies", "requires-python"] {
            if let value = pyproject[path: ["project", key]] { fields.append(("project." + key, value)) }
        }
        if let groups = pyproject["dependency-groups"] { fields.append(("dependency-groups", groups)) }
        if let uv = pyproject[path: ["tool", "uv"]] { fields.append(("tool.uv", uv)) }
        return .table(fields)
    }
}

extension UVLock {
    /// A declared requirement as compared: name, extras, specifier clauses (PEP 440 normal form) or source.
    /// Markers are not compared (uv rewrites them with its own algebra); a marker-only edit is still caught
    /// when the change is made, by "the manifest changed, the lock did not".
    struct Key: Hashable, CustomStringConvertible {
        let name: String
        let extras: Set<String>
        let clauses: Set<String>
        let source: String?

        var description: String {
            var s = name
            if !extras.isEmpty { s += "[" + extras.sorted().joined(separator: ",") + "]" }
            if let source { s += " @ " + source } else { s += clauses.sorted().joined(separator: ",") }
            return s
        }
    }

    /// The root package's recorded requirements against `pyproject`: nil when they agree, else why not.
    public static func staleness(pyproject: TOMLData, lock: TOMLData) -> String? {
        guard
            let root = (lock["package"]?.array ?? []).first(where: { package in
                package[path: ["source", "editable"]]?.string == "."
                    || package[path: ["source", "virtual"]]?.string == "."
            })
        else { return "uv.lock has no root package (source editable or virtual '.')" }
        let name = pyproject[path: ["project", "name"]]?.string.map(PoetryLock.normalisedName)
        if let name, root["name"]?.string != name {
            return "uv.lock's root package is \(root["name"]?.string ?? "?"), pyproject.toml names \(name)"
        }
        if let version = pyproject[path: ["project", "version"]]?.string, root["version"]?.string != version,
            PEP440.parse(version) != root["version"]?.string.flatMap(PEP440.parse)
        {
            return "uv.lock records version \(root["version"]?.string ?? "none"), pyproject.toml says \(version)"
        }
        let sources = pyproject[path: ["tool", "uv", "sources"]]?.fields ?? []
        func declared(_ strings: [String]) -> Set<Key> { Set(strings.compactMap { parse($0, sources: sources) }) }
        var wanted = declared((pyproject[path: ["project", "dependencies"]]?.array ?? []).compactMap(\.string))
        for (_, list) in pyproject[path: ["project", "optional-dependencies"]]?.fields ?? [] {
            wanted.formUnion(declared((list.array ?? []).compactMap(\.string)))
        }
        let recorded = Set((root[path: ["metadata", "requires-dist"]]?.array ?? []).compactMap(key(recorded:)))
        if let why = difference(wanted, recorded, what: "requirements") { return why }
        // Dependency groups, include-group expanded, plus [tool.uv] dev-dependencies in `dev`.
        var groups: [String: Set<Key>] = [:]
        let table = pyproject["dependency-groups"]?.fields ?? []
        func expand(_ group: String, _ seen: Set<String>) -> [String] {
            guard let items = table.first(where: { PoetryLock.normalisedName($0.0) == group })?.1.array else {
                return []
            }
            return items.flatMap { item -> [String] in
                if let s = item.string { return [s] }
                if let included = item["include-group"]?.string.map(PoetryLock.normalisedName), !seen.contains(included)
                {
                    return expand(included, seen.union([included]))
                }
                return []
            }
        }
        for (group, _) in table {
            let normal = PoetryLock.normalisedName(group)
            groups[normal, default: []].formUnion(declared(expand(normal, [normal])))
        }
        if let dev = pyproject[path: ["tool", "uv", "dev-dependencies"]]?.array {
            groups["dev", default: []].formUnion(declared(dev.compactMap(\.string)))
        }
        var lockedGroups: [String: Set<Key>] = [:]
        for (group, list) in root[path: ["metadata", "requires-dev"]]?.fields ?? [] {
            lockedGroups[PoetryLock.normalisedName(group)] = Set((list.array ?? []).compactMap(key(recorded:)))
        }
        for group in Set(groups.keys).union(lockedGroups.keys).sorted() {
            if let why = difference(groups[group] ?? [], lockedGroups[group] ?? [], what: "group '\(group)'") {
                return why
            }
        }
        return nil
    }

    private static func difference(_ wanted: Set<Key>, _ recorded: Set<Key>, what: String) -> String? {
        if wanted == recorded { return nil }
        let missing = wanted.subtracting(recorded).map(\.description).sorted().prefix(3)
        let extra = recorded.subtracting(wanted).map(\.description).sorted().prefix(3)
        var parts: [String] = []
        if !missing.isEmpty { parts.append("pyproject.toml has \(missing.joined(separator: ", "))") }
        if !extra.isEmpty { parts.append("uv.lock has \(extra.joined(separator: ", "))") }
        return "\(what) differ: " + parts.joined(separator: "; ")
    }

    /// A uv.lock `requires-dist` / `requires-dev` entry.
    private static func key(recorded entry: TOMLData) -> Key? {
        guard let name = entry["name"]?.string else { return nil }
        let extras = Set((entry["extras"]?.array ?? []).compactMap(\.string).map(PoetryLock.normalisedName))
        var source: String? = nil
        for kind in ["editable", "directory", "path", "url", "git"] {
            if let value = entry[kind]?.string {
                source = "\(kind):\(value.hasPrefix("./") ? String(value.dropFirst(2)) : value)"
            }
        }
        let clauses = source == nil ? specifierClauses(entry["specifier"]?.string ?? "") : []
        return Key(name: PoetryLock.normalisedName(name), extras: extras, clauses: clauses, source: source)
    }

    /// A PEP 508 string from pyproject.toml, with `[tool.uv.sources]` applied.
    static func parse(_ text: String, sources: [(String, TOMLData)]) -> Key? {
        let withoutMarker = text.split(separator: ";", maxSplits: 1).first.map(String.init) ?? text
        var rest = Substring(withoutMarker.trimmingWhitespace())
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        guard !name.isEmpty else { return nil }
        rest = rest.dropFirst(name.count).drop { $0 == " " }
        var extras = Set<String>()
        if rest.first == "[", let close = rest.firstIndex(of: "]") {
            extras = Set(
                rest[rest.index(after: rest.startIndex)..<close].split(separator: ",")
                    .map { PoetryLock.normalisedName(String($0).trimmingWhitespace()) }.filter { !$0.isEmpty })
            rest = rest[rest.index(after: close)...]
        }
        let normal = PoetryLock.normalisedName(String(name))
        var source: String? = nil
        if let configured = sources.first(where: { PoetryLock.normalisedName($0.0) == normal })?.1,
            let path = configured["path"]?.string
        {
            let clean = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
            if configured["editable"] == .bool(true) {
                source = "editable:\(clean)"
            } else {
                source =
                    (clean.hasSuffix(".whl") || clean.hasSuffix(".tar.gz") || clean.hasSuffix(".zip")
                        ? "path:" : "directory:") + clean
            }
        }
        let spec = String(rest).trimmingWhitespace().trimmingCharacters(in: "()")
        if spec.hasPrefix("@") { source = source ?? "url:" + String(spec.dropFirst()).trimmingWhitespace() }
        return Key(name: normal, extras: extras, clauses: source == nil ? specifierClauses(spec) : [], source: source)
    }

    /// `>=1.0, <2` → {">=1.0", "<2"} with versions in PEP 440 normal form (`.*` and `===` kept).
    static func specifierClauses(_ text: String) -> Set<String> {
        var result = Set<String>()
        for raw in text.split(separator: ",") {
            let clause = raw.filter { $0 != " " && $0 != "(" && $0 != ")" }
            guard !clause.isEmpty else { continue }
            let op = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"].first { clause.hasPrefix($0) } ?? ""
            var version = String(clause.dropFirst(op.count))
            if op != "===" {
                let wildcard = version.hasSuffix(".*")
                if wildcard { version.removeLast(2) }
                if let v = PEP440.parse(version) {
                    version = v.description + (wildcard ? ".*" : "")
                } else if wildcard {
                    version += ".*"
                }
            }
            result.insert(op + version)
        }
        return result
    }
}
