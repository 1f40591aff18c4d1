import Yams

/// Key lookup in a YAML mapping that honours YAML 1.1 merge keys (`<<: *base`, `<<: [*a, *b]`).
///
/// Yams resolves `<<` to the merge tag but applies merges only when decoding, not in a composed `Node`, so
/// lookups here do what PyYAML's `flatten_mapping` does: a key written in the mapping wins over a merged one,
/// and in a list of merged mappings the earlier wins. Merged mappings may merge others in turn.
struct YAMLMergeKeys {
    /// The file, for errors.
    let file: String
    /// Merged mappings visited so far: a document of nested merges (each alias a copy) cannot make a lookup
    /// take exponential time.
    private var visited = 0
    private static let maxVisited = 10_000

    init(file: String) { self.file = file }

    /// The value of `key` in `mapping`, written there or merged in; nil when neither.
    mutating func value(of key: String, in mapping: Node.Mapping) throws(ConfigurationError) -> Node? {
        for (name, value) in mapping where !isMerge(name) && name.string == key { return value }
        for (name, value) in mapping where isMerge(name) {
            for merged in try sources(of: value, at: name) {
                visited += 1
                if visited > YAMLMergeKeys.maxVisited {
                    throw ConfigurationError(
                        file: file, line: name.mark?.line, key: "<<",
                        message: "more than \(YAMLMergeKeys.maxVisited) merged mappings; merge fewer anchors")
                }
                if let found = try self.value(of: key, in: merged) { return found }
            }
        }
        return nil
    }

    /// True for a plain `<<` key (Yams' resolver tags it as a merge; a quoted '<<' stays a string).
    private func isMerge(_ key: Node) -> Bool { key.tag.rawValue == Tag.Name.merge.rawValue }

    /// The mappings a `<<` value merges, in order of precedence.
    private func sources(of value: Node, at key: Node) throws(ConfigurationError) -> [Node.Mapping] {
        if let mapping = value.mapping { return [mapping] }
        if let sequence = value.sequence {
            var mappings: [Node.Mapping] = []
            for item in sequence {
                guard let mapping = item.mapping else { throw notMergeable(key) }
                mappings.append(mapping)
            }
            return mappings
        }
        throw notMergeable(key)
    }

    private func notMergeable(_ key: Node) -> ConfigurationError {
        ConfigurationError(
            file: file, line: key.mark?.line, key: "<<",
            message: "'<<' must merge a mapping or a list of mappings (e.g. '<<: *base')")
    }
}
