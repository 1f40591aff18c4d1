import ArgumentParser
import Checks

extension Preflight {
    /// `preflight targets`: every target of the index, its inputs and dependencies.
    struct TargetsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "targets",
            abstract: "List every target (from the index), its links, inputs and dependencies."
        )

        @Option(help: "text or json.")
        var format: String = "text"

        func validate() throws {
            if format != "text" && format != "json" {
                throw ValidationError("--format takes text or json, got '\(format)'")
            }
        }

        func run() throws {
            do {
                let repository = try Repository()
                let snapshot = try IndexSnapshot(repository)
                let graph = try DependencyGraph(try Workspace(snapshot), cache: LinkTextCache())
                let imports = try ImportGraph.inferred(graph, cache: ImportGraph.cache(of: repository))
                let listing = TargetListing(graph, imports: imports)
                emit(format == "json" ? try listing.json().rendered() + "\n" : try listing.text())
            } catch {
                throw fail(error)
            }
        }
    }
}
