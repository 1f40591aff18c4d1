/// pyproject.toml's dependency tables; everything else in the file (version, scripts, tool settings) is no
/// requirement and changes nothing.
extension DeclaredRequirements {
    /// `[project]` dependencies and optional dependencies, `[dependency-groups]` (include-group expanded),
    /// `[tool.uv]` dev-dependencies and sources, Poetry's dependencies, dev-dependencies and groups.
    static func pyproject(_ bytes: [UInt8]) -> Result<DeclaredRequirements, SideProblem> {
        do throws(SideProblem) {
            let document = try TOMLData.read(bytes)
            var declared = DeclaredRequirements()
            let project = document["project"]
            try declared.addPEP508(project?["dependencies"], section: "project", key: "project.dependencies")
            for (extra, list) in try table(project?["optional-dependencies"], "project.optional-dependencies") {
                try declared.addPEP508(
                    list, section: "extra " + normal(extra),
                    key: "project.optional-dependencies.\(extra)")
            }
            try declared.addDependencyGroups(document["dependency-groups"])
            let uv = document[path: ["tool", "uv"]]
            try declared.addPEP508(uv?["dev-dependencies"], section: "group dev", key: "tool.uv.dev-dependencies")
            for (name, source) in try table(uv?["sources"], "tool.uv.sources") {
                declared.add(normal(name), "uv source " + PythonJSON.dumps(source))
            }
            let poetry = document[path: ["tool", "poetry"]]
            try declared.addPoetry(poetry?["dependencies"], section: "poetry", key: "tool.poetry.dependencies")
            try declared.addPoetry(
                poetry?["dev-dependencies"], section: "poetry dev",
                key: "tool.poetry.dev-dependencies")
            for (group, value) in try table(poetry?["group"], "tool.poetry.group") {
                try declared.addPoetry(
                    value["dependencies"], section: "poetry group " + normal(group),
                    key: "tool.poetry.group.\(group).dependencies")
            }
            return .success(declared)
        } catch {
            return .failure(error)
        }
    }

    /// A list of PEP 508 strings; one that does not parse is kept as an entry without a name.
    private mutating func addPEP508(_ value: TOMLData?, section: String, key: String) throws(SideProblem) {
        guard let value else { return }
        guard let items = value.array else { throw SideProblem(message: "\(key) is not an array") }
        for item in items {
            guard let text = item.string else {
                throw SideProblem(message: "\(key) holds something that is not a string")
            }
            addPEP508(text, section: section, key: key)
        }
    }

    private mutating func addPEP508(_ text: String, section: String, key: String) {
        let bytes = Requirement.bytes(text)[...]
        switch Requirement.parse(bytes) {
        case .blank: unnamed[section + " " + text] = "\(key) holds an empty requirement"
        case .requirement(let canonical):
            add(String(Requirement.name(ofNormalised: canonical)), section + " " + canonical)
        case .invalid(let reason):
            unnamed[section + " " + text] = "\(key): \(Requirement.excerpt(bytes)) is not a requirement: \(reason)"
        }
    }

    /// PEP 735 groups: strings, and `{include-group = "name"}` tables expanded in place (cycles stop).
    private mutating func addDependencyGroups(_ value: TOMLData?) throws(SideProblem) {
        let groups = try Self.table(value, "dependency-groups")
        var byName: [String: [TOMLData]] = [:]
        for (group, list) in groups {
            guard let items = list.array else {
                throw SideProblem(message: "dependency-groups.\(group) is not an array")
            }
            byName[Self.normal(group), default: []] += items
        }
        func expand(_ group: String, _ seen: Set<String>) throws(SideProblem) -> [String] {
            var result: [String] = []
            for item in byName[group] ?? [] {
                if let text = item.string {
                    result.append(text)
                } else if let included = item["include-group"]?.string {
                    let name = Self.normal(included)
                    guard byName[name] != nil else {
                        throw SideProblem(
                            message: "dependency-groups.\(group) includes \(included), which is not a group")
                    }
                    if !seen.contains(name) { result += try expand(name, seen.union([name])) }
                } else {
                    throw SideProblem(
                        message: "dependency-groups.\(group) holds neither a string nor an include-group")
                }
            }
            return result
        }
        for group in byName.keys {
            for text in try expand(group, [group]) {
                addPEP508(text, section: "group " + group, key: "dependency-groups.\(group)")
            }
        }
    }

    /// A Poetry dependency table: name -> a constraint string, a table or an array of tables, compared as
    /// written (`python` is the interpreter, not a distribution).
    private mutating func addPoetry(_ value: TOMLData?, section: String, key: String) throws(SideProblem) {
        for (name, constraint) in try Self.table(value, key) where name.lowercased() != "python" {
            add(Self.normal(name), section + " " + PythonJSON.dumps(constraint))
        }
    }

    /// The fields of a table; none when absent; a problem when it is another kind of value.
    private static func table(_ value: TOMLData?, _ key: String) throws(SideProblem) -> [(String, TOMLData)] {
        guard let value else { return [] }
        guard let fields = value.fields else { throw SideProblem(message: "\(key) is not a table") }
        return fields
    }

    private static func normal(_ name: String) -> String { Requirement.pep503(Requirement.bytes(name)[...]) }
}

extension TOMLData {
    /// TOML bytes as a value, or why not: not UTF-8, a NUL byte, or the parser's complaint with its line.
    static func read(_ bytes: [UInt8]) throws(SideProblem) -> TOMLData {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw SideProblem(message: "it is not valid utf-8")
        }
        if let offset = bytes.firstIndex(of: 0) {
            throw SideProblem(message: "it holds a nul byte at line \(LockJSON.line(ofOffset: offset, in: bytes))")
        }
        do {
            return TOMLData(try TOMLParser.parse(withoutByteOrderMark(bytes)))
        } catch {
            throw SideProblem(message: "invalid toml at line \(error.line): \(error.message)")
        }
    }
}
