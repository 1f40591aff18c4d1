import Yams

/// What preflight reads from a runnable dir's `repo_config.yaml`; every other key is accepted and ignored.
/// Anchors, aliases and merge keys (`<<: *base`) are read as YAML 1.1 reads them.
public struct RepoConfig: Sendable, Equatable {
    /// `docker_info.docker_image_name`: the image the dir builds, and the name its changelog uses.
    public let imageName: String?
    /// `repo_info.repo_name`.
    public let repoName: String?

    /// Creates a value directly (tests, defaults).
    public init(imageName: String?, repoName: String?) {
        self.imageName = imageName
        self.repoName = repoName
    }

    /// Parses `repo_config.yaml`'s bytes; `file` names it in errors.
    ///
    /// An empty file, a missing section or key, or a null value give nil. Malformed YAML, bytes that are not
    /// UTF-8, a document that is not a mapping, and a section or name of the wrong type are errors.
    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigurationError) -> RepoConfig {
        let text = try Configuration.decodeText(bytes, file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(yaml: error, file: file, text: text)
        } catch {
            throw ConfigurationError(file: file, line: nil, key: nil, message: "invalid yaml: \(error)")
        }
        guard let root, !isNull(root) else { return RepoConfig(imageName: nil, repoName: nil) }
        guard let mapping = root.mapping else {
            throw ConfigurationError(
                file: file, line: root.mark?.line, key: nil,
                message: "the document must be a mapping of sections (docker_info, repo_info, ...), "
                    + "found \(kind(of: root))")
        }
        var merges = YAMLMergeKeys(file: file)
        return RepoConfig(
            imageName: try scalar(in: mapping, section: "docker_info", key: "docker_image_name", &merges),
            repoName: try scalar(in: mapping, section: "repo_info", key: "repo_name", &merges))
    }

    /// The text of `section.key`, nil when either is missing or null; an error when either has the wrong type.
    /// Both may be written in place or merged in with `<<`.
    private static func scalar(
        in root: Node.Mapping, section: String, key: String, _ merges: inout YAMLMergeKeys
    ) throws(ConfigurationError) -> String? {
        let file = merges.file
        guard let sectionNode = try merges.value(of: section, in: root), !isNull(sectionNode) else { return nil }
        guard let mapping = sectionNode.mapping else {
            throw ConfigurationError(
                file: file, line: sectionNode.mark?.line, key: section,
                message: "'\(section)' must be a mapping, found \(kind(of: sectionNode))")
        }
        guard let node = try merges.value(of: key, in: mapping), !isNull(node) else { return nil }
        guard let scalar = node.scalar else {
            throw ConfigurationError(
                file: file, line: node.mark?.line, key: "\(section).\(key)",
                message: "'\(section).\(key)' must be a string, found \(kind(of: node))")
        }
        return scalar.string
    }

    private static func isNull(_ node: Node) -> Bool {
        node.scalar != nil && node.null != nil
    }

    private static func kind(of node: Node) -> String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

extension ConfigurationError {
    /// A Yams error as a configuration error with the line libyaml reported.
    init(yaml error: YamlError, file: String, text: String) {
        let line: Int?
        let detail: String
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            line = mark.line
            detail = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
        case .reader(let problem, _, _, _):
            line = nil
            detail = problem
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the mapping; point at the second time a duplicated key is written instead.
            let second = duplicates.sorted().first.flatMap { secondLine(of: $0, in: text, from: context.mark.line) }
            line = second ?? context.mark.line
            detail = "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")); keep one"
        default:
            line = nil
            detail = "\(error)"
        }
        self.init(file: file, line: line, key: nil, message: "invalid yaml: \(Configuration.sentence(detail))")
    }
}

/// The line where `key:` is written a second time at the same indentation, searching from the line of the
/// mapping Yams reports (best effort).
private func secondLine(of key: String, in text: String, from start: Int) -> Int? {
    var indent: Int?
    var number = 0
    for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
        number += 1
        guard number >= start else { continue }
        let trimmed = line.drop { $0 == " " || $0 == "-" }
        guard trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("\"\(key)\":") || trimmed.hasPrefix("'\(key)':")
        else { continue }
        let column = line.count - trimmed.count
        if indent == column { return number }
        if indent == nil { indent = column }
    }
    return nil
}
