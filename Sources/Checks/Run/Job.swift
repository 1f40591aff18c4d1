/// One job of a run: one target's tier command, with everything needed to start it.
public struct Job: Sendable, Hashable {
    /// The target id (`a`, `projects/x`); `//` never runs.
    public let target: String
    /// The target's directory, repository-relative.
    public let path: RepoPath
    /// The tier this job runs.
    public let tier: Tier
    /// The absolute working directory: the target's directory in the working tree.
    public let directory: String
    /// The command, placeholders filled in; `argv[0]` is looked up on `PATH`.
    public let argv: [String]
    /// The variables preflight sets on top of its own environment (`PREFLIGHT_TARGET`, `PREFLIGHT_TIER`,
    /// `PREFLIGHT_BASE`, `PYTHONPATH`).
    public let environment: [String: String]
    /// Seconds before the job's process group is stopped.
    public let timeout: Int
    /// The absolute path of the job's log (its stdout and stderr).
    public let log: String
    /// The absolute path `{junit}` names: where the tool may write its JUnit XML.
    public let junit: String
    /// Exit statuses that count as a pass: 0, and pytest's 5 ("no tests collected") for pytest tiers.
    public let passingStatuses: [Int32]
    /// Why the job runs, one line per reason (`changed-file a/x.py`).
    public let reasons: [String]

    /// Creates a job (the planner does; tests may too).
    public init(
        target: String, path: RepoPath, tier: Tier, directory: String, argv: [String],
        environment: [String: String] = [:], timeout: Int, log: String, junit: String,
        passingStatuses: [Int32] = [0], reasons: [String] = []
    ) {
        self.target = target
        self.path = path
        self.tier = tier
        self.directory = directory
        self.argv = argv
        self.environment = environment
        self.timeout = timeout
        self.log = log
        self.junit = junit
        self.passingStatuses = passingStatuses
        self.reasons = reasons
    }

    /// A file name for `target` that is safe everywhere: bytes outside `[A-Za-z0-9._-]` as `%XX`
    /// (so `projects/x` is `projects%2Fx`), unique per id.
    public static func fileName(for target: String) -> String {
        var out = ""
        for byte in target.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out.hasPrefix(".") ? "%2E" + out.dropFirst() : out
    }

    /// True when `argv` runs pytest (`pytest ...`, `py.test ...`, `python3 -m pytest ...`).
    public static func runsPytest(_ argv: [String]) -> Bool {
        guard let program = argv.first else { return false }
        let name = program.split(separator: "/").last.map(String.init) ?? program
        if name.hasPrefix("pytest") || name == "py.test" { return true }
        guard name.hasPrefix("python") else { return false }
        return zip(argv.dropFirst(), argv.dropFirst(2)).contains { $0 == "-m" && $1 == "pytest" }
    }

    /// The argv as one line for people, each argument shell-quoted when it needs to be (display only).
    public var commandLine: String { Job.commandLine(argv) }

    /// `argv` as one line for people, each argument shell-quoted when it needs to be (display only).
    public static func commandLine(_ argv: [String]) -> String { argv.map(shellQuoted).joined(separator: " ") }

    /// `argument` quoted for a POSIX shell when it holds anything but safe characters.
    public static func shellQuoted(_ argument: String) -> String {
        let safe = argument.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
                || "_./=:,+@%-".utf8.contains(b)
        }
        if safe && !argument.isEmpty { return argument }
        var quoted = "'"
        for c in argument { quoted += c == "'" ? "'\\''" : String(c) }
        return quoted + "'"
    }
}
