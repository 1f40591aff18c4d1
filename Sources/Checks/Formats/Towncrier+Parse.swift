/// Reading towncrier's configuration as towncrier's `load_config` does.
extension Towncrier {
    /// The configuration of a repository whose root holds these files (nil where absent): `towncrier.toml`
    /// when it exists, else `pyproject.toml` when it has `[tool.towncrier]`; nil when neither configures it.
    /// `pyproject.toml`'s `[project] name` stands in for a missing `package`, as in towncrier.
    public static func read(towncrierTOML: [UInt8]?, pyproject: [UInt8]?) throws(FormatError) -> Towncrier? {
        let project = try pyproject.map { bytes throws(FormatError) in try TOMLData.parse(bytes, file: "pyproject.toml")
        }
        let file: String
        let settings: TOMLData
        if let towncrierTOML {
            file = "towncrier.toml"
            settings = try TOMLData.parse(towncrierTOML, file: file)[path: ["tool", "towncrier"]] ?? .table([])
        } else if let section = project?[path: ["tool", "towncrier"]] {
            file = "pyproject.toml"
            settings = section
        } else {
            return nil
        }
        return try Towncrier(settings, file: file, projectName: project?[path: ["project", "name"]]?.string)
    }

    private init(_ settings: TOMLData, file: String, projectName: String?) throws(FormatError) {
        let reader = Reader(table: settings, file: file)
        let package = try reader.string("package") ?? projectName ?? ""
        let packageDir = try reader.string("package_dir") ?? "."
        var sections = [""]
        if let tables = settings["section"]?.array {
            sections = try tables.enumerated().map { (i, table) throws(FormatError) in
                guard let path = table["path"]?.string else {
                    throw reader.error("tool.towncrier.section[\(i)] needs a string 'path'")
                }
                return path
            }
        }
        let base: String
        var append = ""
        if let directory = try reader.string("directory") {
            base = directory
        } else {
            base = packageDir + "/" + package
            append = "newsfragments"
        }
        directories = try sections.map { section throws(FormatError) in
            try reader.normalised(base + "/" + section + "/" + append)
        }
        (types, unchecked) = try Towncrier.types(settings, reader)
        newsFile = try reader.normalised(try reader.string("filename") ?? "NEWS.rst")
        orphanPrefix = try reader.string("orphan_prefix") ?? "+"
        ignored = [".gitignore", ".gitkeep", ".keep", "readme", "readme.md", "readme.rst"]
        if let template = try reader.string("template") {
            ignored.append(String(template.split(separator: "/").last ?? ""))
        }
        for (i, pattern) in (settings["ignore"]?.array ?? []).enumerated() {
            guard let text = pattern.string else { throw reader.error("tool.towncrier.ignore[\(i)] must be a string") }
            ignored.append(text.lowercased())
        }
    }

    /// `[tool.towncrier.fragment.<type>]` tables (sorted by name), else `[[tool.towncrier.type]]` (each
    /// `directory`, else its `name` lowercased), else the defaults; with the types whose `check` is false.
    private static func types(_ settings: TOMLData, _ reader: Reader) throws(FormatError) -> ([String], Set<String>) {
        var names: [String] = []
        var unchecked = Set<String>()
        if let fragments = settings["fragment"]?.fields, !fragments.isEmpty {
            for (name, options) in fragments.sorted(by: { $0.0 < $1.0 }) {
                names.append(name)
                if case .bool(false) = options["check"] { unchecked.insert(name) }
            }
        } else if let tables = settings["type"]?.array, !tables.isEmpty {
            for (i, table) in tables.enumerated() {
                guard let name = table["name"]?.string else {
                    throw reader.error("tool.towncrier.type[\(i)] needs a string 'name'")
                }
                let directory = table["directory"]?.string ?? name.lowercased()
                names.append(directory)
                if case .bool(false) = table["check"] { unchecked.insert(directory) }
            }
        } else {
            names = defaultTypes
        }
        return (names, unchecked)
    }

    /// Reads keys of `[tool.towncrier]`, naming the file in errors.
    private struct Reader {
        let table: TOMLData
        let file: String

        func error(_ message: String) -> FormatError { FormatError(file: file, line: nil, message: message) }

        func string(_ key: String) throws(FormatError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw error("tool.towncrier.\(key) must be a string") }
            return text
        }

        /// A path relative to the repository root, as `os.path` would join and normalise it.
        func normalised(_ path: String) throws(FormatError) -> String {
            var parts: [Substring] = []
            for part in path.split(separator: "/") where part != "." {
                if part == ".." {
                    guard !parts.isEmpty else { throw error("towncrier's path '\(path)' leaves the repository") }
                    parts.removeLast()
                } else {
                    parts.append(part)
                }
            }
            if path.hasPrefix("/") { throw error("towncrier's path '\(path)' must be relative to the repository") }
            return parts.joined(separator: "/")
        }
    }
}

/// Python's `fnmatch` on one file name: `*`, `?`, `[seq]` and `[!seq]`, case as given.
enum FileNameMatch {
    /// True when `name` matches `pattern` whole.
    static func matches(_ name: String, pattern: String) -> Bool {
        match(Array(name.unicodeScalars)[...], Array(pattern.unicodeScalars)[...])
    }

    private static func match(_ name: ArraySlice<Unicode.Scalar>, _ pattern: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        let rest = pattern.dropFirst()
        switch first {
        case "*":
            var tail = name
            while true {
                if match(tail, rest) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        case "?":
            return !name.isEmpty && match(name.dropFirst(), rest)
        case "[":
            guard let close = rest.dropFirst().firstIndex(of: "]"), let char = name.first else {
                return name.first == "[" && match(name.dropFirst(), rest)
            }
            var set = rest[rest.startIndex..<close]
            let negated = set.first == "!"
            if negated { set = set.dropFirst() }
            return inSet(char, set) != negated && match(name.dropFirst(), rest[(close + 1)...])
        default:
            return name.first == first && match(name.dropFirst(), rest)
        }
    }

    private static func inSet(_ char: Unicode.Scalar, _ set: ArraySlice<Unicode.Scalar>) -> Bool {
        var i = set.startIndex
        while i < set.endIndex {
            if i + 2 < set.endIndex, set[i + 1] == "-" {
                if set[i] <= char && char <= set[i + 2] { return true }
                i += 3
            } else {
                if set[i] == char { return true }
                i += 1
            }
        }
        return false
    }
}
