import Foundation

/// `preflight demo [DIR]`: builds the sample monorepo and shows the main commands' output on it.
public struct DemoTour: Sendable {
    /// Where the sample repository goes; it must not exist yet.
    public let directory: String
    public let environment: [String: String]
    /// How the closing hint names preflight: a path when it is not on `PATH` (after `make demo`, it is not).
    public let executable: String

    /// A tour in `directory`, or in a new folder under the temporary directory.
    public init(directory: String?, environment: [String: String], executable: String = "preflight") {
        self.directory = directory ?? NSTemporaryDirectory() + "preflight-demo-\(getpid())"
        self.environment = environment
        self.executable = executable
    }

    /// Builds the repository and prints each command with its output; an existing folder is exit 2.
    public func run(output: CommandOutput) throws -> Int32 {
        if FileManager.default.fileExists(atPath: directory) {
            throw UsageError("\(directory) already exists: name a new directory")
        }
        try SampleMonorepo.create(in: directory)
        let repository = try Repository(discoveringFrom: directory)
        output.write("sample monorepo: \(directory) (branch \(SampleMonorepo.featureBranch), based on main)\n\n")
        output.write("$ preflight targets\n")
        let index = try IndexSnapshot(repository)
        output.write(try TargetListing(try DependencyGraph(try Workspace(index), cache: LinkTextCache())).text())
        output.write("\n$ preflight affected --changed-since main --explain\n")
        let request = ChangeRequest(source: .changedSince("main", committedOnly: false))
        let context = try ChangeContext.load(request, in: repository, output: output, notes: false, warnings: false)
        let report = AffectedReport(context.affected)
        output.write(report.text() + "\n" + report.explained())
        output.write("\n$ preflight affected --why-not research/backtest\n")
        let whyNot = WhyNot.explain("research/backtest", in: context.affected) ?? ["research/backtest: no such target"]
        output.write(whyNot.joined(separator: "\n") + "\n")
        output.write("\n$ preflight affected --format github-matrix\n" + report.render(.githubMatrix))
        output.write("\n$ preflight check --changed-since main\n")
        let checks = try CheckRun.run(CheckCatalog.all, in: CheckContext(context.affected))
        output.write(FindingsReport(checks).render(.text))
        output.write("\n$ preflight run fast --changed-since main --dry-run\n")
        let plan = try RunPlan.make(
            context.affected, tier: .fast,
            reportDirectory: ReportFolders.new(repository, tier: .fast),
            environment: environment)
        output.write(plan.text(root: directory))
        let directoryWord = Job.commandLine([absolute(directory)])
        let preflight = Job.commandLine([executable])
        output.write(
            "\ntry it yourself: cd \(directoryWord) && \(preflight) affected --explain\n"
                + "  and break something: git mv helpers_root/pytest.ini helpers_root/pytest.cfg"
                + " && \(preflight) check --staged\n")
        return 0
    }

    /// `path` made absolute against the current directory, so the hint works from anywhere.
    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
