import Foundation

/// Runs the built `preflight` executable the way git and CI do: argv, cwd, environment, stdin.
public enum Preflight {
    /// The executable built next to the test bundle (`swift build` puts both in one folder).
    public static var executable: String {
        if let override = ProcessInfo.processInfo.environment["PREFLIGHT_BIN"] { return override }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("preflight").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        let cwd = FileManager.default.currentDirectoryPath
        return cwd + "/.build/debug/preflight"
    }

    /// Runs `preflight ARGS` in `dir`.
    public static func run(
        _ args: [String], in dir: String, environment: [String: String] = [:],
        input: String? = nil
    ) throws -> Shell.Result {
        try Shell.run([executable] + args, in: dir, environment: environment, input: input)
    }
}
