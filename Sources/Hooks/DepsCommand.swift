import ArgumentParser
import Checks

extension Preflight {
    /// `preflight deps PATH`: the files a file (or a directory's files) imports, as `pants dependencies`.
    struct DepsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deps",
            abstract: "List the files PATH imports (a file, or every file below a directory), from the index."
        )

        @OptionGroup var query: ImportQueryArguments

        func run() throws { try finish(query.options(dependents: false).run) }
    }

    /// `preflight dependents PATH`: the files that import a file (or a directory's files), as `pants dependents`.
    struct DependentsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dependents",
            abstract: "List the files that import PATH (a file, or any file below a directory), from the index."
        )

        @OptionGroup var query: ImportQueryArguments

        func run() throws { try finish(query.options(dependents: true).run) }
    }
}

/// PATH and `--transitive`, shared by `deps` and `dependents`.
struct ImportQueryArguments: ParsableArguments {
    @Argument(help: "A file or a directory, relative to the current directory.")
    var path: String

    @Flag(help: "Follow imports through other files, not only direct ones.")
    var transitive = false

    func options(dependents: Bool) -> ImportQueryOptions {
        ImportQueryOptions(path: path, dependents: dependents, transitive: transitive)
    }
}
