import Foundation

/// What `preflight hook NAME` does for each hook git calls; `PREFLIGHT=0` turns every one off.
public enum GitHooks {
    /// `pre-commit` and `pre-merge-commit`: the pending lockfiles of a merge-driver merge regenerated, then
    /// the configured checks on the index git names.
    public static func checkIndex(
        hook: GitHookName, verbose: Bool, environment: [String: String],
        output: CommandOutput
    ) throws -> Int32 {
        if ProcessEnvironment.value("PREFLIGHT") == "0" { return 0 }
        let regenerated = try PendingLockHooks.regenerate(hook: hook, environment: environment, output: output)
        if regenerated != 0 { return regenerated }
        let item = HookItem(label: nil, request: ChangeRequest(source: .staged), tags: nil)
        return try HookRun.check(
            [item], in: Repository(), hook: hook, verbose: verbose, environment: environment,
            output: output)
    }

    /// `pre-push REMOTE`: every pushed ref of git's `input`, read unless turned off (tags get `release-tag`), then the
    /// `[hooks] pre-push-run` tiers of the pushed branches checked out here.
    public static func prePush(
        remote: String, input: @autoclosure () -> String, verbose: Bool,
        environment: [String: String], output: CommandOutput
    ) throws -> Int32 {
        if ProcessEnvironment.value("PREFLIGHT") == "0" { return 0 }
        var items: [HookItem] = []
        var branches: [PrePushRun.Branch] = []
        let repository = try Repository()
        let defaultBranch = try ChangeSelection.headConfiguration(repository).workspace.defaultBranch
        for update in try PushUpdate.parse(input()) where !update.isDeletion {
            let (request, note) = update.request(repository, remote: remote, defaultBranch: defaultBranch)
            let tag = update.isTag ? [String(update.remoteRef.dropFirst("refs/tags/".count))] : nil
            items.append(HookItem(label: "\(update.remoteRef) (\(note))", request: request, tags: tag))
            if !update.isTag { branches.append(PrePushRun.Branch(update: update, request: request)) }
        }
        let checked = try HookRun.check(
            items, in: repository, hook: .prePush, verbose: verbose,
            environment: environment, output: output)
        if checked != 0 { return checked }
        return try PrePushRun(session: RunSession(output: output, environment: environment)).run(branches)
    }

    /// `post-merge`: the merge commit rewritten with the lockfiles `pre-merge-commit` regenerated.
    public static func postMerge(output: CommandOutput) throws -> Int32 {
        if ProcessEnvironment.value("PREFLIGHT") == "0" { return 0 }
        return try PendingLockHooks.amendMerge(output: output)
    }
}
