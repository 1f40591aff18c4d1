import Foundation

/// The options that come before the subcommand: `-C DIR` as git has it (repeatable, each relative to the one
/// before; an empty DIR changes nothing) and `--config FILE` (a configuration outside the repository, passed on
/// as `PREFLIGHT_CONFIG`; relative to the directory the `-C`s before it lead to).
public enum GlobalArguments {
    /// Applies the leading global options of `arguments` to this process (its directory and environment) in
    /// order, and returns the rest; a missing value or a directory that cannot be entered is a usage error.
    public static func apply(_ arguments: [String]) throws(UsageError) -> [String] {
        var rest = arguments[...]
        while let option = rest.first, option == "-C" || option == "--config" || option.hasPrefix("--config=") {
            let inline = option.hasPrefix("--config=") ? String(option.dropFirst("--config=".count)) : nil
            guard let value = inline ?? rest.dropFirst().first else {
                throw UsageError("\(option) needs a value: preflight \(option) VALUE COMMAND")
            }
            rest = rest.dropFirst(inline == nil ? 2 : 1)
            if option == "-C" {
                if !value.isEmpty, chdir(value) != 0 {
                    throw UsageError("-C: cannot change to '\(value)': \(String(cString: strerror(errno)))")
                }
            } else {
                guard !value.isEmpty else { throw UsageError("--config needs a file: preflight --config FILE COMMAND") }
                let absolute = value.hasPrefix("/") ? value : ProcessEnvironment.currentDirectory + "/" + value
                setenv(ConfigurationOverride.variable, absolute, 1)
            }
        }
        return Array(rest)
    }
}
