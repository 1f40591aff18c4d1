import Foundation

/// How many threads the work that splits across cores uses: the cores this process may use, at most 8.
public enum Parallelism {
    public static var workers: Int { min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) }
}
