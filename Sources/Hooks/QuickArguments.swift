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

    // Plain arrays, no sets or dictionaries: each generic type a run first uses costs the runtime a search of
    // the binary's conformance records, a cost the parser this skips would not be worth saving otherwise.
    /// Flags (no value) both commands take here, and the one each adds.
    private static let sharedFlags = ["--committed-only", "--staged", "--all", "--untracked"]
    /// Options (one value) both commands take here.
    private static let valueOptions = ["--changed-since", "--range", "--on-missing-base", "--dependents", "--format"]

    /// The command `arguments` (without the program name) name, or nil for ArgumentParser to parse.
    static func parse(_ arguments: [String]) -> Command? {
        guard let name = arguments.first, name == "affected" || name == "check" else { return nil }
        let flags = sharedFlags + [name == "affected" ? "--explain" : "--quiet"]
        guard let given = named(arguments.dropFirst(), flags: flags), let changes = selection(given) else {
            return nil
        }
        let format = given.value("--format")
        if name == "affected" {
            guard let format = format.map(AffectedFormat.init(argument:)) ?? .text else { return nil }
            return .affected(AffectedOptions(changes: changes, explain: given.has("--explain"), format: format))
        }
        guard let format = format.map(CheckFormat.init(argument:)) ?? .text else { return nil }
        return .check(
            CheckOptions(
                changes: changes, only: [], skip: [], fix: false, format: format, outputs: [],
                quiet: given.has("--quiet"), environment: processEnvironment))
    }

    /// The options given, each once, with its value (nil for a flag).
    private struct Given {
        var names: [String] = []
        var values: [String?] = []

        func has(_ name: String) -> Bool { names.contains(name) }

        func value(_ name: String) -> String? { names.firstIndex(of: name).flatMap { values[$0] } }
    }

    /// Each option given with its value; nil when any argument is not one of the plain forms.
    private static func named(_ arguments: ArraySlice<String>, flags: [String]) -> Given? {
        var given = Given()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
                guard valueOptions.contains(name) else { return nil }
            } else if valueOptions.contains(name) {
                value = rest.popFirst()
            } else if !flags.contains(name) {
                return nil
            }
            if valueOptions.contains(name) {
                guard let text = value, !text.isEmpty, !text.hasPrefix("-") else { return nil }
            }
            guard !given.has(name) else { return nil }
            given.names.append(name)
            given.values.append(value)
        }
        return given
    }

    /// The change the options select, as `ChangeOptions` makes it; nil where it would refuse or fail.
    private static func selection(_ given: Given) -> ChangeSelection? {
        let changedSince = given.value("--changed-since")
        var range: ChangeSource?
        if let text = given.value("--range") {
            guard let parsed = ChangeSource.range(parsing: text) else { return nil }
            range = parsed
        }
        let committedOnly = given.has("--committed-only")
        let staged = given.has("--staged")
        let all = given.has("--all")
        let chosen = [changedSince != nil, staged, range != nil, all].filter { $0 }.count
        if chosen > 1 || (committedOnly && changedSince == nil && chosen > 0) { return nil }
        guard let onMissingBase = given.value("--on-missing-base").map(MissingBasePolicy.init(argument:)) ?? .error,
            let dependents = given.value("--dependents").map(Dependents.init(argument:)) ?? .transitive
        else { return nil }
        return ChangeSelection(
            changedSince: changedSince, committedOnly: committedOnly, staged: staged, range: range,
            all: all, untracked: given.has("--untracked"), onMissingBase: onMissingBase, dependents: dependents)
    }
}
