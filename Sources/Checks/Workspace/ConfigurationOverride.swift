import Foundation

/// `--config FILE` (and `PREFLIGHT_CONFIG`): a configuration kept outside the repository, read instead of the
/// snapshot's `preflight.toml` on every side of a change, so preflight can be tried on a repository before
/// anything is committed to it.
public enum ConfigurationOverride {
    /// The environment variable `--config` sets for the whole process (and the hooks' users may set).
    public static let variable = "PREFLIGHT_CONFIG"

    /// The configuration `PREFLIGHT_CONFIG` names, or nil when it is unset or empty. A file that is missing, not
    /// a regular file, unreadable or invalid is an error naming it: never the defaults in its place.
    public static func current() throws(ConfigurationError) -> Configuration? {
        guard let path = ProcessEnvironment.value(variable), !path.isEmpty else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
            let data = FileManager.default.contents(atPath: path)
        else {
            throw ConfigurationError(
                file: path, line: nil, key: nil,
                message: "cannot read this configuration file (named by --config or \(variable)): "
                    + "give the path of a readable preflight.toml")
        }
        return try Configuration.parse(Array(data), file: path)
    }
}

extension Configuration {
    /// The configuration `snapshot` is judged with: `--config`'s file when one is given, else the snapshot's own
    /// `preflight.toml`, else the defaults. Errors name the file (configuration) or the path (snapshot).
    public static func of(_ snapshot: Snapshot) throws -> Configuration {
        if let override = try ConfigurationOverride.current() { return override }
        guard let bytes = try snapshot.bytes(at: Workspace.configFile) else { return .default }
        return try Configuration.parse(bytes, file: Workspace.configFile.description)
    }
}
