import ArgumentParser
import Checks

extension Preflight {
    /// `preflight deps PATH`: the files a file (or a directory's files) imports, as `pants dependencies`.
    struct DepsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deps",
            abstract: "List the files PATH imports (a file, or every file below a directory), from the index."
        )

        @OptionGroup var query: ImportQueryOptions

        func run() throws { try query.run(dependents: false) }
    }

    /// `preflight dependents PATH`: the files that import a file (or a directory's files), as `pants dependents`.
    struct DependentsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dependents",
            abstract: "List the files that import PATH (a file, or any file below a directory), from the index."
        )

        @OptionGroup var query: ImportQueryOptions

        func run() throws { try query.run(dependents: true) }
    }
}

/// PATH and `--transitive`, shared by `deps` and `dependents`.
struct ImportQueryOptions: ParsableArguments {
    @Argument(help: "A file or a directory, relative to the current directory.")
    var path: String

    @Flag(help: "Follow imports through other files, not only direct ones.")
    var transitive = false

    /// Prints one repository-relative path per line; an unknown path is exit 2.
    func run(dependents: Bool) throws {
        do {
            let repository = try Repository()
            let snapshot = try IndexSnapshot(repository)
            let graph = try DependencyGraph(try Workspace(snapshot), cache: LinkTextCache())
            guard let imports = try ImportGraph.inferred(graph, cache: ImportGraph.cache(of: repository)) else {
                throw UsageError(description: "import inference is off ([python] infer-imports = false)")
            }
            let target = PathArgument.repoPaths(forArguments: [path], workdir: repository.workdir).first ?? .root
            guard let files = imports.query(target, dependents: dependents, transitive: transitive) else {
                throw UsageError(description: "no file or directory '\(target)' in the index")
            }
            emit(files.map { "\($0)\n" }.joined())
        } catch {
            throw fail(error)
        }
    }
}
