#if os(Linux)
    import CProcess
    import Glibc

    extension JobProcess {
        /// `spawn` on Linux: CProcess's fork-and-exec, which sets everything `posix_spawnp` would and SIGKILL as
        /// the job's parent-death signal, so a `kill -9` of preflight takes the job's first process along.
        ///
        /// The signal comes when the *thread* that started the job ends: every caller waits for its jobs on
        /// the thread that started them (the pool's loop, `lock resolve`, `deepen`'s fetch).
        static func forkExec(
            _ command: [String], in directory: String, environment: [String], log: String?, ownGroup: Bool
        ) throws(JobSpawnError) -> pid_t {
            let program = command[0]
            var error: Int32 = 0
            var stage: Int32 = 0
            let pid = withCStrings(searchPath(for: program)) { candidates in
                withCStrings(command) { argv in
                    withCStrings(environment) { environment in
                        directory.withCString { directory in
                            withOptionalCString(log) { log in
                                preflight_spawn(
                                    candidates, argv, environment, directory, log, ownGroup ? 1 : 0, &error, &stage)
                            }
                        }
                    }
                }
            }
            guard pid < 0 else { return pid }
            switch UInt32(stage) {
            case preflight_spawn_directory.rawValue:
                throw JobSpawnError(message: "cannot change to \(directory): \(errnoText(error))")
            case preflight_spawn_log.rawValue:
                throw JobSpawnError(message: "cannot open the log \(log ?? ""): \(errnoText(error))")
            default:
                throw JobSpawnError(message: "cannot start \(program): \(errnoText(error))")
            }
        }

        /// Where `posix_spawnp` would look for `program`: itself when it holds a slash, else each entry of
        /// preflight's own `PATH` (the job's environment does not change where its program is found).
        static func searchPath(for program: String) -> [String] {
            if program.contains("/") { return [program] }
            let path = getenv("PATH").map { String(cString: $0) } ?? "/bin:/usr/bin"
            return path.split(separator: ":", omittingEmptySubsequences: false).map { entry in
                entry.isEmpty ? program : entry + "/" + program
            }
        }
    }

    /// Calls `body` with `string` as a C string, or with NULL when it is nil.
    private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let string else { return body(nil) }
        return string.withCString { body($0) }
    }
#endif
