import ArgumentParser
import Checks

extension Dependents: ExpressibleByArgument {}

/// `--dependents transitive|direct|none`, shared by `affected`, `check` and `run` (Pants' `--changed-dependents`).
struct DependentsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Which dependents of a changed file count: transitive (importers through any chain), direct (files "
            + "that import a changed file) or none (its owner only).",
        valueName: "transitive|direct|none"))
    var dependents: Dependents = .transitive
}
