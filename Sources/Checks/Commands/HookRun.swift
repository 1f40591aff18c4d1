/// Runs a hook's checks over one or more changes and prints the hook's short output.
public enum HookRun {
    /// Checks every item: one line per finding (with the ref, for pushes), then one summary line.
    /// Returns 1 when any finding is an error.
    public static func check(
        _ items: [HookItem], in repository: Repository, hook: GitHookName, verbose: Bool,
        environment: [String: String], output: CommandOutput
    ) throws -> Int32 {
        var lines: [String] = []
        var errors = 0
        var warnings = 0
        var failedRefs: [String] = []
        for item in items {
            // Checks read no dependents: the hook does not pay for import inference.
            let context = try ChangeContext.load(
                item.request, in: repository, output: output, notes: false,
                dependents: .none)
            let configuration = context.affected.head.workspace.configuration
            let checks = try HookChecks.select(
                hook: hook, item: item, configuration: configuration,
                environment: environment)
            let checkContext = CheckContext(context.affected)
            checkContext.releaseTags = item.tags
            let report = try CheckRun.run(checks, in: checkContext)
            if verbose {
                if let label = item.label { lines.append("\(label):") }
                lines.append(FindingsReport(report).render(.text, quiet: true))
            } else {
                lines += HookChecks.lines(report, label: item.label)
            }
            errors += report.count(.error)
            warnings += report.count(.warning)
            if report.failed, let label = item.label { failedRefs.append(HookChecks.refName(label)) }
        }
        if !lines.isEmpty {
            output.write(lines.joined(separator: "\n") + (lines.last?.hasSuffix("\n") == true ? "" : "\n"))
        }
        return summary(hook: hook, errors: errors, warnings: warnings, failedRefs: failedRefs, output: output)
    }

    private static func summary(
        hook: GitHookName, errors: Int, warnings: Int, failedRefs: [String],
        output: CommandOutput
    ) -> Int32 {
        let warningCount = "\(warnings) warning\(warnings == 1 ? "" : "s")"
        if errors > 0 {
            let refs = failedRefs.isEmpty ? "" : " in \(failedRefs.joined(separator: ", "))"
            let details = hook == .prePush ? "--range A..B" : "--staged"
            output.write(
                "preflight \(hook): \(errors) error\(errors == 1 ? "" : "s")\(refs), \(warningCount); "
                    + "fix them, or skip once with --no-verify (details: preflight check \(details))\n")
            return 1
        }
        if warnings > 0 { output.write("preflight \(hook): \(warningCount)\n") }
        return 0
    }
}
