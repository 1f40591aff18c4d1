import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One variable of the process's environment, read with `getenv` when asked (as
/// `ProcessInfo.processInfo.environment[name]` reads it, without building the whole dictionary).
///
/// Foundation's `environment` decodes every variable into a new `[String: String]` on each call, and the
/// pre-commit hook asks for several single variables: each should cost one lookup, not a dictionary.
public enum ProcessEnvironment {
    /// The value of `name`, or nil when it is not set.
    public static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }

    /// The process's working directory, from `getcwd`: `FileManager.default` costs its first caller the set-up
    /// of Foundation's file manager. When `getcwd` fails, Foundation's answer, whatever it makes of that.
    public static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard let path = getcwd(&buffer, buffer.count) else { return FileManager.default.currentDirectoryPath }
        return String(cString: path)
    }
}
