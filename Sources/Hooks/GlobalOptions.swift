import Checks
import Foundation

/// The options that come before the subcommand: `-C DIR` as git has it (repeatable, each relative to the one
/// before; an empty DIR changes nothing) and `--config FILE` (a configuration outside the repository, passed to
/// the library as `PREFLIGHT_CONFIG`; relative to the directory the `-C`s before it lead to). Applied in
/// order, then removed from the arguments.
enum GlobalOptions {
    /// Applies the leading global options of `arguments` and returns the rest; bad ones are exit 2.
    static func apply(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        while let option = rest.first, option == "-C" || option == "--config" || option.hasPrefix("--config=") {
            let inline = option.hasPrefix("--config=") ? String(option.dropFirst("--config=".count)) : nil
            guard inline != nil || rest.count >= 2 else {
                usage("\(option) needs a value: preflight \(option) VALUE COMMAND")
            }
            let value = inline ?? rest[rest.startIndex + 1]
            rest = rest.dropFirst(inline == nil ? 2 : 1)
            if option == "-C" {
                if !value.isEmpty, chdir(value) != 0 {
                    usage("-C: cannot change to '\(value)': \(String(cString: strerror(errno)))")
                }
            } else {
                guard !value.isEmpty else { usage("--config needs a file: preflight --config FILE COMMAND") }
                let absolute = value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value
                setenv(ConfigurationOverride.variable, absolute, 1)
            }
        }
        return Array(rest)
    }

    private static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("preflight: \(message)\n".utf8))
        exit(2)
    }
}
