import Foundation

/// How many threads the work that splits across cores uses: the cores this process may use, at most 8.
public enum Parallelism {
    /// The threads to use, found once: Foundation reads the cgroup's CPU quota files to answer, a cost a short
    /// run should pay only when it has work to split.
    public static let workers = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// Threads for `count` items of which each thread should get `perThread` at least: at most `workers`
    /// (`Parallelism.workers` when nil), and 1, without asking how many cores there are, when `count` is too
    /// small to split.
    public static func threads(for count: Int, perThread: Int, workers: Int? = nil) -> Int {
        guard count >= 2 * perThread else { return 1 }
        return max(1, min(workers ?? Parallelism.workers, count / perThread))
    }
}
