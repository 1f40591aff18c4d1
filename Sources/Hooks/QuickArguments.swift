import ArgumentParser
import Checks

/// The common `affected` and `check` command lines, read without ArgumentParser, whose reflection over every
/// command is a measurable part of a short run (CI and hooks call these on every push and commit).
///
/// Only plain forms are read here: each option once, `--name value` or `--name=value`, a value that does not
/// start with `-`, a combination `ChangeOptions.validate` accepts. Anything else (help, an unknown or repeated
/// option, a bad value) is nil, and ArgumentParser parses it: its rules and messages stay the only ones.
enum QuickArguments {
    /// A command ready to run.
    enum Command {
        case affected(AffectedOptions)
        case check(CheckOptions)

        /// Runs it as the parsed command would.
        func run() throws {
            switch self {
            case .affected(let options): try finish(options.run)
            case .check(let options): try finish(options.run)
            }
        }
    }

    /// Flags (no value) each command takes here.
    private static let flags: [String: Set<String>] = [
        "affected": ["--committed-only", "--staged", "--all", "--untracked", "--explain"],
        "check": ["--committed-only", "--staged", "--all", "--untracked", "--quiet"],
    ]
    /// Options (one value) each command takes here.
    private static let options: [String: Set<String>] = [
        "affected": ["--changed-since", "--range", "--on-missing-base", "--dependents", "--format"],
        "check": ["--changed-since", "--range", "--on-missing-base", "--dependents", "--format"],
    ]

    /// The command `arguments` (without the program name) name, or nil for ArgumentParser to parse.
    static func parse(_ arguments: [String]) -> Command? {
        guard let name = arguments.first, let flags = flags[name], let options = options[name],
            let given = named(arguments.dropFirst(), flags: flags, options: options),
            let changes = selection(given)
        else { return nil }
        let format = given["--format"] ?? nil
        if name == "affected" {
            guard let format = format.map(AffectedFormat.init(argument:)) ?? .text else { return nil }
            return .affected(AffectedOptions(changes: changes, explain: given["--explain"] != nil, format: format))
        }
        guard let format = format.map(CheckFormat.init(argument:)) ?? .text else { return nil }
        return .check(
            CheckOptions(
                changes: changes, only: [], skip: [], fix: false, format: format, outputs: [],
                quiet: given["--quiet"] != nil, environment: processEnvironment))
    }

    /// Each option given with its value (nil for a flag); nil when any argument is not one of the plain forms.
    private static func named(_ arguments: ArraySlice<String>, flags: Set<String>, options: Set<String>)
        -> [String: String?]?
    {
        var given: [String: String?] = [:]
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
                guard options.contains(name) else { return nil }
            } else if options.contains(name) {
                value = rest.popFirst()
            } else if !flags.contains(name) {
                return nil
            }
            if options.contains(name) {
                guard let text = value, !text.isEmpty, !text.hasPrefix("-") else { return nil }
            }
            guard given.updateValue(value, forKey: name) == nil else { return nil }
        }
        return given
    }

    /// The change the options select, as `ChangeOptions` makes it; nil where it would refuse or fail.
    private static func selection(_ given: [String: String?]) -> ChangeSelection? {
        let changedSince = given["--changed-since"] ?? nil
        var range: ChangeSource?
        if let text = given["--range"] ?? nil {
            guard let parsed = ChangeSource.range(parsing: text) else { return nil }
            range = parsed
        }
        let committedOnly = given["--committed-only"] != nil
        let staged = given["--staged"] != nil
        let all = given["--all"] != nil
        let chosen = [changedSince != nil, staged, range != nil, all].filter { $0 }.count
        if chosen > 1 || (committedOnly && changedSince == nil && chosen > 0) { return nil }
        guard let onMissingBase = (given["--on-missing-base"] ?? nil).map(MissingBasePolicy.init(argument:)) ?? .error,
            let dependents = (given["--dependents"] ?? nil).map(Dependents.init(argument:)) ?? .transitive
        else { return nil }
        return ChangeSelection(
            changedSince: changedSince, committedOnly: committedOnly, staged: staged, range: range,
            all: all, untracked: given["--untracked"] != nil, onMissingBase: onMissingBase, dependents: dependents)
    }
}
