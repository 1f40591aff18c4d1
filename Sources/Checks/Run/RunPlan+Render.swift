extension RunPlan {
    /// The plan for people (`run --dry-run`): per job the target, why, where, the command and its timeout.
    ///
    /// `root` (the working tree, no trailing `/`) is cut from paths to keep them short.
    public func text(root: String) -> String {
        var out =
            "preflight run \(tier): \(jobs.count) job\(jobs.count == 1 ? "" : "s")"
            + (shard.map { " in shard \($0)" } ?? "") + " (base \(base), head \(head))\n"
        for job in jobs {
            out += "\(job.target)\n"
            let why =
                job.reasons.prefix(3).joined(separator: "; ")
                + (job.reasons.count > 3 ? "; +\(job.reasons.count - 3) more" : "")
            out += "  why      \(why)\n"
            out += "  cwd      \(shorten(job.directory, root: root))\n"
            out += "  argv     \(job.commandLine)\n"
            out += "  timeout  \(job.timeout)s\n"
            out += "  log      \(shorten(job.log, root: root))\n"
        }
        for skip in skipped {
            out += "no job: \(skip.target): \(skip.reason)\n"
        }
        if jobs.isEmpty { out += "nothing to run for the \(tier) tier\n" }
        return out
    }

    /// The plan as JSON (`run --dry-run --format json`, schema 1).
    public func json() -> JSON {
        .object([
            ("schema", .int(1)),
            ("tier", .string(tier.rawValue)),
            ("base", .string(base)),
            ("head", .string(head)),
            ("shard", shard.map { .string($0.description) } ?? .null),
            ("report_dir", .string(reportDirectory)),
            (
                "jobs",
                .array(
                    jobs.map { job in
                        .object([
                            ("target", .string(job.target)),
                            ("path", .string(job.path.description)),
                            ("reasons", .array(job.reasons.map { .string($0) })),
                            ("cwd", .string(job.directory)),
                            ("argv", .array(job.argv.map { .string($0) })),
                            ("env", .object(job.environment.keys.sorted().map { ($0, .string(job.environment[$0]!)) })),
                            ("timeout", .int(job.timeout)),
                            ("passing_exit_codes", .array(job.passingStatuses.map { .int(Int($0)) })),
                            ("log", .string(job.log)),
                            ("junit", .string(job.junit)),
                        ])
                    })
            ),
            (
                "skipped",
                .array(skipped.map { .object([("target", .string($0.target)), ("reason", .string($0.reason))]) })
            ),
        ])
    }

    private func shorten(_ path: String, root: String) -> String {
        if path == root { return "." }
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
