import ArgumentParser
import Checks
import Foundation

/// The CHANGES flags every command that judges a change shares.
struct ChangeOptions: ParsableArguments {
    @Option(name: .customLong("changed-since"), help: "Compare merge-base(REF, HEAD) with the working tree (the default, with the default branch).")
    var changedSince: String?

    @Flag(name: .customLong("committed-only"), help: "With --changed-since: stop at HEAD, ignore the working tree.")
    var committedOnly = false

    @Flag(help: "Compare HEAD with the index: what the next commit holds.")
    var staged = false

    @Option(help: "Compare two commits: A..B, or A...B from their merge-base.")
    var range: String?

    @Option(parsing: .upToNextOption, help: "Exactly these paths (HEAD to the working tree).")
    var files: [String] = []

    @Flag(help: "Everything: the empty tree to HEAD.")
    var all = false

    @Flag(help: "Also count untracked, non-ignored files.")
    var untracked = false

    @Option(name: .customLong("on-missing-base"), help: "Shallow clone or unknown base: error (exit 3), all, or deepen.")
    var onMissingBase: String = "error"

    func validate() throws {
        let chosen = [changedSince != nil, staged, range != nil, !files.isEmpty, all].filter { $0 }.count
        if chosen > 1 {
            throw ValidationError("choose one of --changed-since, --staged, --range, --files, --all")
        }
        if committedOnly && changedSince == nil && chosen > 0 {
            throw ValidationError("--committed-only goes with --changed-since")
        }
        if let range, ChangeSource.range(parsing: range) == nil {
            throw ValidationError("--range takes A..B or A...B, got '\(range)'")
        }
        if MissingBasePolicy(rawValue: onMissingBase) == nil {
            throw ValidationError("--on-missing-base takes error, all or deepen, got '\(onMissingBase)'")
        }
    }

    /// The request these flags name; with none, `--changed-since` the configured default branch.
    func request(_ repository: Repository) -> ChangeRequest {
        let source: ChangeSource
        if staged {
            source = .staged
        } else if let range, let parsed = ChangeSource.range(parsing: range) {
            source = parsed
        } else if !files.isEmpty {
            source = .files(PathArgument.repoPaths(forArguments: files, workdir: repository.workdir))
        } else if all {
            source = .all
        } else {
            source = .changedSince(changedSince ?? defaultBranch(repository), committedOnly: committedOnly)
        }
        return ChangeRequest(source: source, untracked: untracked,
                             onMissingBase: MissingBasePolicy(rawValue: onMissingBase) ?? .error)
    }

    /// `[workspace] default-branch` from HEAD's `preflight.toml`, else `main`.
    private func defaultBranch(_ repository: Repository) -> String {
        guard let head = try? repository.headCommit(),
              let bytes = try? repository.blob(atPath: Workspace.configFile, inCommit: head),
              let configuration = try? Configuration.parse(bytes, file: "preflight.toml")
        else { return "main" }
        return configuration.workspace.defaultBranch
    }
}
