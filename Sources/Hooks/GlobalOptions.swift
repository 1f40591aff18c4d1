import Foundation

/// The options that come before the subcommand, as git has them: `-C DIR` (repeatable, each relative to the
/// one before; an empty DIR changes nothing). Applied in order, then removed from the arguments.
enum GlobalOptions {
    /// Applies the leading global options of `arguments` and returns the rest; bad ones are exit 2.
    static func apply(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        while rest.first == "-C" {
            guard rest.count >= 2 else { usage("-C needs a directory: preflight -C DIR COMMAND") }
            let directory = rest[rest.startIndex + 1]
            if !directory.isEmpty, chdir(directory) != 0 {
                usage("-C: cannot change to '\(directory)': \(String(cString: strerror(errno)))")
            }
            rest = rest.dropFirst(2)
        }
        return Array(rest)
    }

    private static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("preflight: \(message)\n".utf8))
        exit(2)
    }
}
