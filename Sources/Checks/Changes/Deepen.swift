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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + args
        process.currentDirectoryURL = URL(fileURLWithPath: repository.workdir ?? repository.gitDir)
        process.standardOutput = FileHandle.standardError
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return "git \(args.joined(separator: " ")) could not start: \(error)"
        }
        return "ran git \(args.joined(separator: " ")) (exit \(process.terminationStatus))"
    }
}
