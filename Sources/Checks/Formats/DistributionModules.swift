/// Which top-level modules a third-party distribution installs, for matching imports against a changed one.
public enum DistributionModules {
    /// The top-level import names of a distribution: `mapping` first (preflight.toml [python.module-mapping], keys
    /// normalised), then a built-in table of well-known mismatches, else the normalised name with '-' -> '_'.
    ///
    /// A name the table does not hold but a family rule covers (`google-cloud-*`, `azure-*`, `python-*`,
    /// `types-*`, `*-stubs`) gets the rule's modules and the default name too: a name too many only matches
    /// imports that exist, a name too few misses importers.
    public static func modules(of distribution: String, mapping: [String: [String]]) -> [String] {
        let name = Requirement.pep503(Requirement.bytes(distribution)[...])
        for (key, modules) in mapping where Requirement.pep503(Requirement.bytes(key)[...]) == name {
            return modules
        }
        if let modules = known[name] { return modules }
        let fallback = name.replacingDashes(with: "_")
        return unique(family(of: name) + [fallback])
    }

    /// Modules by the naming conventions of whole families of distributions.
    static func family(of name: String) -> [String] {
        if let stub = stubbed(name) {
            return known[stub] ?? (family(of: stub) + [stub.replacingDashes(with: "_")])
        }
        if let rest = name.dropPrefix("google-cloud-") {
            return [
                "google.cloud." + rest.replacingDashes(with: ""), "google.cloud." + rest.replacingDashes(with: "_"),
            ]
        }
        if name.hasPrefix("azure-") { return [name.replacingDashes(with: ".")] }
        if let rest = name.dropPrefix("opentelemetry-instrumentation-") {
            return ["opentelemetry.instrumentation." + rest.replacingDashes(with: "_")]
        }
        if let rest = name.dropPrefix("python-") { return [rest.replacingDashes(with: "_")] }
        if let rest = name.dropPrefix("django-") { return [rest.replacingDashes(with: "_")] }
        return []
    }

    /// The distribution a stub-only one types (`types-pyyaml` -> `pyyaml`, `pandas-stubs` -> `pandas`).
    private static func stubbed(_ name: String) -> String? {
        for prefix in ["types-", "stubs-"] { if let rest = name.dropPrefix(prefix), !rest.isEmpty { return rest } }
        for suffix in ["-stubs", "-types"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return nil
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

extension String {
    fileprivate func replacingDashes(with separator: String) -> String {
        split(separator: "-", omittingEmptySubsequences: false).joined(separator: separator)
    }

    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
