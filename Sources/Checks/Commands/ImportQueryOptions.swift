/// `preflight deps PATH` and `preflight dependents PATH`: what a file (or a directory's files) imports, or what
/// imports it, in the index's import graph, as `pants dependencies` and `pants dependents` answer.
public struct ImportQueryOptions: Sendable {
    /// The file or directory, as given on the command line (relative to the current directory).
    public var path: String
    /// True for `dependents` (what imports PATH), false for `deps` (what PATH imports).
    public var dependents: Bool
    /// `--transitive`: through other files, not only direct imports.
    public var transitive: Bool

    /// The options as parsed.
    public init(path: String, dependents: Bool, transitive: Bool = false) {
        self.path = path
        self.dependents = dependents
        self.transitive = transitive
    }

    /// Prints one repository-relative path per line for the current repository.
    public func run(output: CommandOutput) throws -> Int32 {
        try run(in: Repository(), output: output)
    }

    /// The same in `repository`; an unknown path, or inference turned off, is exit 2.
    public func run(in repository: Repository, output: CommandOutput) throws -> Int32 {
        let graph = try DependencyGraph(try Workspace(try IndexSnapshot(repository)), cache: LinkTextCache())
        guard let imports = try ImportGraph.inferred(graph, cache: ImportGraph.cache(commonDir: repository.commonDir))
        else {
            throw UsageError("import inference is off ([python] infer-imports = false in preflight.toml)")
        }
        let target = PathArgument.repoPaths(forArguments: [path], workdir: repository.workdir).first ?? .root
        guard let files = imports.query(target, dependents: dependents, transitive: transitive) else {
            throw UsageError("no file or directory '\(target)' in the index")
        }
        output.write(files.map { "\($0)\n" }.joined())
        return 0
    }
}
