import Foundation

/// `preflight init [--dry-run]`: the typed options, and the entry point that writes a `preflight.toml` fitting
/// the repository.
public struct InitOptions: Sendable {
    /// Print the file and what preflight reports with it; write nothing.
    public var dryRun: Bool
    /// The process environment (`NO_COLOR` for the check report).
    public var environment: [String: String]

    /// The options as parsed; `environment` is the process's.
    public init(dryRun: Bool = false, environment: [String: String]) {
        self.dryRun = dryRun
        self.environment = environment
    }

    /// Writes `preflight.toml` (exit 2 and nothing written when one exists), then prints what `preflight
    /// targets` and `preflight check --all` report with it (their findings do not fail init).
    public func run(output: CommandOutput) throws -> Int32 {
        let repository = try Repository()
        guard let workdir = repository.workdir else { throw UsageError("a bare repository has no working tree") }
        let path = (workdir.hasSuffix("/") ? workdir : workdir + "/") + "preflight.toml"
        let index = try IndexSnapshot(repository)
        if FileManager.default.fileExists(atPath: path) || index.table.entry(at: Workspace.configFile) != nil {
            throw UsageError("preflight.toml exists already: edit it (preflight init never overwrites it)")
        }
        let text = InitialConfiguration.text(try RepositorySurvey(index, repository))
        _ = try Configuration.parse(Array(text.utf8), file: "preflight.toml")
        let written: String
        if dryRun {
            output.write(text)
            written = NSTemporaryDirectory() + "preflight-init-\(getpid()).toml"
        } else {
            written = path
        }
        try AtomicFile.write(Array(text.utf8), to: written, mode: 0o644)
        defer { if dryRun { unlink(written) } }
        output.write(dryRun ? "dry run: nothing written\n" : "wrote preflight.toml\n")
        // The new file is not in the index yet: read it as `--config` would, for the two reports below.
        setenv(ConfigurationOverride.variable, written, 1)
        output.write("\n$ preflight targets\n")
        _ = try TargetsOptions().run(in: repository, output: output)
        output.write("\n$ preflight check --all\n")
        // The check's findings are for the user to read; init itself succeeded.
        _ = try CheckOptions(changes: ChangeSelection(all: true), environment: environment).run(
            in: repository, output: output)
        return 0
    }
}
