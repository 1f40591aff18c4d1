import Foundation

/// `--on-missing-base deepen`: fetches more history in growing steps. The only git subprocess.
enum Deepen {
    /// Commits to deepen by, one step per retry; the last step unshallows.
    static let steps = [50, 500, 5000, 0]

    /// Runs one `git fetch` step in the repository; returns a note saying what it did.
    static func run(_ repository: Repository, step: Int, ref: String?) -> String {
        let depth = steps[step]
        var args = ["fetch", "--no-tags", "--quiet"]
        if repository.isShallow { args.append(depth == 0 ? "--unshallow" : "--deepen=\(depth)") }
        args.append("origin")
        if let ref, !ref.hasPrefix("origin/"), !ref.hasPrefix("refs/") {
            // A branch never fetched into this clone (e.g. `--depth 1` implies one branch).
            args.append("+refs/heads/\(ref):refs/remotes/origin/\(ref)")
        }
        let command = ["git"] + args
        do {
            // In preflight's process group: a Ctrl-C while it fetches stops git too.
            let process = try JobProcess.spawn(
                command, in: repository.workdir ?? repository.gitDir,
                environment: ProcessInfo.processInfo.environment,
                output: .standardError, ownGroup: false)
            switch process.wait() {
            case .exited(let code): return "ran \(command.joined(separator: " ")) (exit \(code))"
            case .signaled(let signal): return "ran \(command.joined(separator: " ")) (killed by signal \(signal))"
            }
        } catch {
            return "\(command.joined(separator: " ")) could not start: \(error)"
        }
    }
}
