/// `preflight affected`: the typed options, and the entry point that prints the affected targets.
public struct AffectedOptions: Sendable {
    public var changes: ChangeSelection
    /// Every reason as a chain: file -> target -> dependents.
    public var explain: Bool
    /// Explain why this target is not affected instead.
    public var whyNot: String?
    public var format: AffectedFormat

    /// The options as parsed.
    public init(
        changes: ChangeSelection, explain: Bool = false, whyNot: String? = nil,
        format: AffectedFormat = .text
    ) {
        self.changes = changes
        self.explain = explain
        self.whyNot = whyNot
        self.format = format
    }

    /// Prints the report (or the why-not explanation); an unknown `whyNot` target is a usage error.
    public func run(output: CommandOutput) throws -> Int32 {
        try run(in: Repository(), output: output)
    }

    /// The same in `repository`.
    public func run(in repository: Repository, output: CommandOutput) throws -> Int32 {
        let context = try ChangeContext.load(changes, in: repository, output: output)
        if let whyNot {
            guard let explanation = WhyNot.explain(whyNot, in: context.affected) else {
                throw UsageError("unknown target '\(whyNot)': see 'preflight targets'")
            }
            output.write(explanation.joined(separator: "\n") + "\n")
        } else {
            output.write(AffectedReport(context.affected).render(format, explain: explain))
        }
        return 0
    }
}

/// `text` or `json`: the formats of `targets` and of `run --dry-run`.
public enum ListingFormat: String, Sendable, CaseIterable {
    case text, json
}

/// `preflight targets`: every target of the index, its links, inputs and dependencies.
public struct TargetsOptions: Sendable {
    public var format: ListingFormat

    /// The options as parsed.
    public init(format: ListingFormat = .text) { self.format = format }

    /// Prints the listing of the current repository's index.
    public func run(output: CommandOutput) throws -> Int32 {
        try run(in: Repository(), output: output)
    }

    /// The same for `repository`'s index.
    public func run(in repository: Repository, output: CommandOutput) throws -> Int32 {
        let graph = try DependencyGraph(try Workspace(try IndexSnapshot(repository)), cache: LinkTextCache())
        let imports = try ImportGraph.inferred(graph, cache: ImportGraph.cache(commonDir: repository.commonDir))
        let listing = TargetListing(graph, imports: imports)
        output.write(format == .json ? try listing.json().rendered() + "\n" : try listing.text())
        return 0
    }
}
