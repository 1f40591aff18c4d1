import Formats

extension Configuration {
    /// Parses `preflight.toml`'s bytes; `file` names it in errors.
    ///
    /// Every problem is a `ConfigurationError` naming the file, the dotted key (`[[target]]` and
    /// `[[lockfile]]` tables counted from 0, e.g. `target[0].deps`) and, where it can be found, the line:
    /// bytes that are not UTF-8, TOML syntax, unknown keys or tables, wrong types, empty argv arrays,
    /// empty or duplicate target paths, unknown check ids or tiers, and globs that do not compile.
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigurationError) -> Configuration {
        _ = try decodeText(bytes, file: file)
        let root: TOMLTableValue
        do {
            root = try TOMLParser.parse(TOMLData.withoutByteOrderMark(bytes))
        } catch {
            throw ConfigurationError(file: file, line: error.line, key: nil, message: "invalid toml: \(error.message)")
        }
        let source = TOMLSource(file: file)
        return try source.configuration(TableReader(table: root, key: .root, line: 1, source: source))
    }

    /// The text of `bytes`, or an error for bytes that are not UTF-8 or hold a NUL.
    static func decodeText(_ bytes: [UInt8], file: String) throws(ConfigurationError) -> String {
        do {
            return try FormatError.text(bytes, file: file)
        } catch {
            throw ConfigurationError(error)
        }
    }

    /// A library message as one of ours: first letter lowercase, no full stop.
    static func sentence(_ message: String) -> String {
        var text = Substring(message)
        while let last = text.last, last == "." || last == "\n" || last == " " { text = text.dropLast() }
        guard let first = text.first else { return "" }
        return first.lowercased() + text.dropFirst()
    }
}

/// The schema of `preflight.toml`, read table by table.
struct TOMLSource {
    let file: String

    static let runnableKeys = ["release-inputs", "image-inputs", "fast", "slow", "superslow", "image", "timeout"]

    /// The whole configuration from the root table; unknown keys and bad values are errors.
    func configuration(_ root: TableReader) throws(ConfigurationError) -> Configuration {
        try root.checkKeys([
            "workspace", "target", "runnable", "links", "lockfile", "version", "release", "hooks", "checks", "python",
            "news",
        ])
        var config = Configuration()
        if let table = try root.table("workspace") { try workspace(table, into: &config) }
        if let tables = try root.tables("target") {
            for table in tables { config.targets.append(try target(table, before: config.targets)) }
        }
        if let table = try root.table("runnable") {
            try table.checkKeys(TOMLSource.runnableKeys)
            config.runnable = config.runnable.applying(try overrides(table))
        }
        if let table = try root.table("links") {
            try table.checkKeys(["common-source", "keep-copies"])
            config.links.commonSource = try table.path("common-source")
            if let globs = try table.globs("keep-copies") { config.links.keepCopies = globs }
        }
        if let tables = try root.tables("lockfile") {
            for table in tables { config.lockfiles.append(try lockfile(table)) }
        }
        if let table = try root.table("version") { config.version = try version(table) }
        if let table = try root.table("release") { config.release = try release(table) }
        if let table = try root.table("hooks") { try hooks(table, into: &config) }
        if let table = try root.table("checks") {
            try table.checkKeys(["skip"])
            if let ids = try table.checkIDs("skip") { config.checks.skip = ids }
        }
        if let table = try root.table("python") { config.python = try python(table) }
        if let table = try root.table("news") {
            try table.checkKeys(["exempt"])
            if let globs = try table.globs("exempt") { config.news.exempt = globs }
        }
        return config
    }

    /// `[workspace]`: marker file names, global inputs and the default branch.
    private func workspace(_ table: TableReader, into config: inout Configuration) throws(ConfigurationError) {
        try table.checkKeys(["markers", "global-inputs", "default-branch"])
        if let markers = try table.strings("markers") {
            for (i, marker) in markers.enumerated() where marker.isEmpty || marker.contains("/") {
                throw table.error(
                    "markers", "'\(table.key.appending("markers"))' item \(i) must be a file name without '/'")
            }
            config.workspace.markers = markers
        }
        if let globs = try table.globs("global-inputs") { config.workspace.globalInputs = globs }
        if let branch = try table.nonEmptyString("default-branch") { config.workspace.defaultBranch = branch }
    }

    /// One `[[lockfile]]`: a manifest, its lock and an optional regenerate command.
    private func lockfile(_ table: TableReader) throws(ConfigurationError) -> LockfileDeclaration {
        try table.checkKeys(["manifest", "lock", "regenerate"])
        guard let manifest = try table.path("manifest") else {
            throw table.missing("manifest", "the file the lockfile is generated from")
        }
        guard let lock = try table.path("lock") else {
            throw table.missing("lock", "the lockfile's path")
        }
        return LockfileDeclaration(manifest: manifest, lock: lock, regenerate: try table.argv("regenerate"))
    }

    /// `[hooks]`: the pre-commit checks and the tiers pre-push runs.
    private func hooks(_ table: TableReader, into config: inout Configuration) throws(ConfigurationError) {
        try table.checkKeys(["pre-commit", "pre-push-run"])
        if let ids = try table.checkIDs("pre-commit") { config.hooks.preCommit = ids }
        if let tiers = try table.strings("pre-push-run") {
            config.hooks.prePushRun = try tiers.enumerated().map { (i, name) throws(ConfigurationError) in
                guard let tier = Tier(rawValue: name) else {
                    throw table.error(
                        "pre-push-run",
                        "'\(table.key.appending("pre-push-run"))' item \(i) is an unknown tier '\(name)' "
                            + "(known: \(Tier.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return tier
            }
        }
    }

    private func target(_ table: TableReader, before earlier: [TargetDeclaration]) throws(ConfigurationError)
        -> TargetDeclaration
    {
        try table.checkKeys(["path", "deps", "inputs"] + TOMLSource.runnableKeys)
        guard let path = try table.path("path") else {
            throw table.missing("path", "the target's directory, e.g. path = \"libs/common\"")
        }
        if let other = earlier.firstIndex(where: { $0.path == path }) {
            throw table.error(
                "path", "duplicate target '\(path)' (also target[\(other)]); merge the two [[target]] tables")
        }
        var declaration = TargetDeclaration(path: path)
        if let deps = try table.paths("deps") {
            if deps.contains(path) {
                throw table.error("deps", "target '\(path)' lists itself in '\(table.key.appending("deps"))'")
            }
            declaration.deps = deps
        }
        if let inputs = try table.globs("inputs") { declaration.inputs = inputs }
        declaration.overrides = try overrides(table)
        return declaration
    }

    /// The runnable keys of `[runnable]` or of a `[[target]]` table.
    private func overrides(_ table: TableReader) throws(ConfigurationError) -> RunnableOverrides {
        var result = RunnableOverrides()
        result.releaseInputs = try table.globs("release-inputs")
        result.imageInputs = try table.globs("image-inputs")
        result.fast = try table.command("fast")
        result.slow = try table.command("slow")
        result.superslow = try table.command("superslow")
        result.image = try table.command("image")
        guard let value = table.value("timeout") else { return result }
        let key = table.key.appending("timeout")
        let hint = "seconds for every tier, or a table like {fast = 300, slow = 1800}"
        if case .integer(let seconds) = value.value {
            guard seconds > 0 else { throw table.error("timeout", "'\(key)' must be a positive number of \(hint)") }
            for tier in Tier.allCases { result.timeouts[tier] = Int(seconds) }
        } else if case .table(let inner) = value.value {
            let timeouts = TableReader(table: inner, key: key, line: value.line, source: self)
            try timeouts.checkKeys(Tier.allCases.map(\.rawValue))
            for tier in Tier.allCases {
                guard let seconds = try timeouts.int(tier.rawValue) else { continue }
                guard seconds > 0 else {
                    throw timeouts.error(
                        tier.rawValue, "'\(key.appending(tier.rawValue))' must be a positive number of seconds")
                }
                result.timeouts[tier] = seconds
            }
        } else {
            throw table.error("timeout", "'\(key)' must be an integer number of \(hint), found \(value.value.typeName)")
        }
        return result
    }

    private func version(_ table: TableReader) throws(ConfigurationError) -> VersionSettings {
        try table.checkKeys(["files", "scheme", "release-only"])
        var version = VersionSettings()
        if let files = try table.paths("files") { version.files = files }
        if let name = try table.string("scheme") {
            guard let scheme = VersionScheme(rawValue: name) else {
                throw table.error(
                    "scheme", "'\(table.key.appending("scheme"))' must be \"pep440\" or \"semver\", found \"\(name)\"")
            }
            version.scheme = scheme
        }
        if let releaseOnly = try table.bool("release-only") { version.releaseOnly = releaseOnly }
        return version
    }

    private func release(_ table: TableReader) throws(ConfigurationError) -> ReleaseSettings {
        try table.checkKeys([
            "tag", "annotated", "message", "prerelease-message", "commit", "branches", "changelog-command",
        ])
        var release = ReleaseSettings()
        if let tag = try table.string("tag") {
            guard tag.contains("{version}") else {
                throw table.error(
                    "tag", "'\(table.key.appending("tag"))' must contain {version}, e.g. \"v{version}\"")
            }
            release.tag = tag
        }
        if let annotated = try table.bool("annotated") { release.annotated = annotated }
        if let message = try table.nonEmptyString("message") { release.message = message }
        if let message = try table.nonEmptyString("prerelease-message") { release.prereleaseMessage = message }
        if let commit = try table.nonEmptyString("commit") { release.commit = commit }
        if let branches = try table.strings("branches") { release.branches = branches }
        release.changelogCommand = try table.argv("changelog-command")
        return release
    }

    /// An error about `key`, pointing at `line`.
    func error(_ key: ConfigKey, _ message: String, line: Int) -> ConfigurationError {
        ConfigurationError(file: file, line: line, key: key.description, message: message)
    }
}

/// One TOML table being read, with its key path for messages; reading a key checks its type.
struct TableReader {
    let table: TOMLTableValue
    let key: ConfigKey
    /// Where the table is written: its header, the key of an inline table, or 1 for the root.
    let line: Int
    let source: TOMLSource

    /// An error about `name`, at the line where the key is written (the table's line when it is absent).
    func error(_ name: String, _ message: String) -> ConfigurationError {
        source.error(key.appending(name), message, line: table.key(name)?.line ?? line)
    }

    /// A required key is missing: reported at the table's own line.
    func missing(_ name: String, _ what: String) -> ConfigurationError {
        source.error(key.appending(name), "'\(key)' needs '\(name)' (\(what))", line: line)
    }

    func value(_ name: String) -> TOMLNode? { table[name] }

    /// Throws for the first unknown key (by line) in the table.
    func checkKeys(_ known: [String]) throws(ConfigurationError) {
        let unknown = table.entries.filter { !known.contains($0.key.name) }
        guard let first = unknown.min(by: { ($0.key.line, $0.key.column) < ($1.key.line, $1.key.column) }) else {
            return
        }
        let name = first.key.name
        let kind = if case .table = first.node.value { "table" } else { "key" }
        throw ConfigurationError(
            file: source.file, line: first.key.line, key: key.appending(name).description,
            message: "unknown \(kind) '\(key.appending(name))' (known: \(known.joined(separator: ", ")))")
    }

    func wrongType(_ name: String, _ expected: String, _ value: TOMLNode) -> ConfigurationError {
        error(name, "'\(key.appending(name))' must be \(expected), found \(value.value.typeName)")
    }

    func string(_ name: String) throws(ConfigurationError) -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let string) = value.value else { throw wrongType(name, "a string", value) }
        return string
    }

    func nonEmptyString(_ name: String) throws(ConfigurationError) -> String? {
        guard let string = try string(name) else { return nil }
        if string.isEmpty { throw error(name, "'\(key.appending(name))' must not be empty") }
        return string
    }

    func bool(_ name: String) throws(ConfigurationError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .boolean(let bool) = value.value else { throw wrongType(name, "true or false", value) }
        return bool
    }

    func int(_ name: String) throws(ConfigurationError) -> Int? {
        guard let value = value(name) else { return nil }
        guard case .integer(let int) = value.value else { throw wrongType(name, "an integer", value) }
        return Int(int)
    }

    func strings(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let value = value(name) else { return nil }
        guard case .array(let array) = value.value else { throw wrongType(name, "an array of strings", value) }
        var result: [String] = []
        for (i, item) in array.enumerated() {
            guard case .string(let string) = item.value else {
                throw error(
                    name,
                    "'\(key.appending(name))' must be an array of strings, found \(item.value.typeName) at index \(i)")
            }
            result.append(string)
        }
        return result
    }

    /// A tier's command: an argv whose `{placeholders}` are all known (`ArgvTemplate`).
    func command(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let argv = try argv(name) else { return nil }
        for (i, argument) in argv.enumerated() {
            if let unknown = ArgvTemplate.unknownPlaceholder(in: argument) {
                throw error(
                    name,
                    "'\(key.appending(name))' item \(i) has an unknown placeholder {\(unknown)} "
                        + "(known: \(ArgvTemplate.known.map { "{\($0)}" }.joined(separator: ", ")); "
                        + "write {{ and }} for literal braces)")
            }
        }
        return argv
    }

    /// A command as an argv array: not empty, and its program not empty.
    func argv(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let argv = try strings(name) else { return nil }
        guard let program = argv.first, !program.isEmpty else {
            throw error(
                name, "'\(key.appending(name))' must be a command as a non-empty argv array, e.g. [\"make\", \"test\"]")
        }
        return argv
    }

    /// Globs, each checked by compiling it.
    func globs(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let patterns = try strings(name) else { return nil }
        for pattern in patterns {
            do {
                _ = try Glob(pattern)
            } catch {
                throw self.error(name, "'\(key.appending(name))' has a \(error)")
            }
        }
        return patterns
    }

    /// A repository-relative path: normalised (no `./`, `//` or trailing `/`), never empty, absolute or with `..`.
    func path(_ name: String) throws(ConfigurationError) -> RepoPath? {
        guard let text = try string(name) else { return nil }
        return try normalise(text, name: name, what: "'\(key.appending(name))'")
    }

    func paths(_ name: String) throws(ConfigurationError) -> [RepoPath]? {
        guard let texts = try strings(name) else { return nil }
        var result: [RepoPath] = []
        for (i, text) in texts.enumerated() {
            result.append(try normalise(text, name: name, what: "'\(key.appending(name))' item \(i)"))
        }
        return result
    }

    private func normalise(_ text: String, name: String, what: String) throws(ConfigurationError) -> RepoPath {
        if text.hasPrefix("/") {
            throw error(name, "\(what) must be relative to the repository root, without a leading '/'")
        }
        let parts = text.split(separator: "/").filter { $0 != "." }
        if parts.contains("..") { throw error(name, "\(what) must not contain '..'") }
        if parts.isEmpty {
            throw error(name, "\(what) must name a path below the repository root, found \"\(text)\"")
        }
        return RepoPath(parts.joined(separator: "/"))
    }

    /// Check ids (or `integrity`), each one preflight knows.
    func checkIDs(_ name: String) throws(ConfigurationError) -> [String]? {
        guard let ids = try strings(name) else { return nil }
        for (i, id) in ids.enumerated() where !CheckSettings.knownCheckIDs.contains(id) {
            throw error(
                name,
                "'\(key.appending(name))' item \(i) is an unknown check '\(id)' "
                    + "(known: \(CheckSettings.knownCheckIDs.joined(separator: ", ")))")
        }
        return ids
    }

    func table(_ name: String) throws(ConfigurationError) -> TableReader? {
        guard let value = value(name) else { return nil }
        guard case .table(let table) = value.value else {
            throw wrongType(name, "a table ([\(key.appending(name))])", value)
        }
        return TableReader(table: table, key: key.appending(name), line: value.line, source: source)
    }

    /// An array of tables (`[[name]]`).
    func tables(_ name: String) throws(ConfigurationError) -> [TableReader]? {
        guard let value = value(name) else { return nil }
        guard case .array(let array) = value.value else {
            throw wrongType(name, "an array of tables ([[\(key.appending(name))]])", value)
        }
        var result: [TableReader] = []
        for (i, item) in array.enumerated() {
            guard case .table(let table) = item.value else {
                throw wrongType(name, "an array of tables ([[\(key.appending(name))]])", item)
            }
            let index = key.appending(name).appending(index: i)
            result.append(TableReader(table: table, key: index, line: item.line, source: source))
        }
        return result
    }
}
