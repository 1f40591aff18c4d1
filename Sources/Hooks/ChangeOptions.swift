import ArgumentParser
import Checks

/// The CHANGES flags every command that judges a change shares.
struct ChangeOptions: ParsableArguments {
    @Option(
        name: .customLong("changed-since"),
        help: "Compare merge-base(REF, HEAD) with the working tree (the default, with the default branch).")
    var changedSince: String?

    @Flag(name: .customLong("committed-only"), help: "With --changed-since: stop at HEAD, ignore the working tree.")
    var committedOnly = false

    @Flag(help: "Compare HEAD with the index: what the next commit holds.")
    var staged = false

    @Option(help: "Compare two commits: A..B, or A...B from their merge-base.", transform: parseRange)
    var range: ChangeSource?

    @Option(parsing: .upToNextOption, help: "Exactly these paths (HEAD to the working tree).")
    var files: [String] = []

    @Flag(help: "Everything: the empty tree to HEAD.")
    var all = false

    @Flag(help: "Also count untracked, non-ignored files.")
    var untracked = false

    @Option(
        name: .customLong("on-missing-base"),
        help: "Shallow clone or unknown base: error (exit 3), all (every target affected), or deepen.")
    var onMissingBase: MissingBasePolicy = .error

    @Option(
        help: ArgumentHelp(
            "Which importers of a changed file count: transitive (through any chain of imports), direct (files that "
                + "import a changed file) or none (its owner only), as Pants' --changed-dependents.",
            valueName: "transitive|direct|none"))
    var dependents: Dependents = .transitive

    func validate() throws {
        let chosen = [changedSince != nil, staged, range != nil, !files.isEmpty, all].filter { $0 }.count
        if chosen > 1 {
            throw ValidationError("choose one of --changed-since, --staged, --range, --files, --all")
        }
        if committedOnly && changedSince == nil && chosen > 0 {
            throw ValidationError("--committed-only goes with --changed-since")
        }
    }

    /// The selection these flags make.
    var selection: ChangeSelection {
        ChangeSelection(
            changedSince: changedSince, committedOnly: committedOnly, staged: staged, range: range,
            files: files, all: all, untracked: untracked, onMissingBase: onMissingBase,
            dependents: dependents)
    }
}

private func parseRange(_ text: String) throws -> ChangeSource {
    guard let range = ChangeSource.range(parsing: text) else {
        throw ValidationError("--range takes A..B or A...B, got '\(text)'")
    }
    return range
}
