/// `--shard K/N`: shard K (1-based) of N, a deterministic split of a plan's jobs.
///
/// The shards of one plan together hold every job exactly once. With durations (seconds by target id,
/// from `--durations FILE`), jobs are dealt longest first to the shard with the least time so far (ties:
/// the lower shard, then the target id), a job without a recorded duration counting as the mean of the
/// recorded ones; without durations, jobs sorted by target id are dealt round-robin. The same plan and the
/// same durations give the same split on every machine.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based index.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// Parses `K/N` with 1 ≤ K ≤ N; nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
            return nil
        }
        index = k
        count = n
    }

    public var description: String { "\(index)/\(count)" }

    /// This shard's jobs, in the plan's order.
    public func jobs(of jobs: [Job], durations: [String: Double] = [:]) -> [Job] {
        let assignment = Shard.assign(jobs.map(\.target), count: count, durations: durations)
        return jobs.filter { assignment[$0.target] == index - 1 }
    }

    /// The 0-based shard of each target id.
    public static func assign(_ targets: [String], count: Int, durations: [String: Double]) -> [String: Int] {
        let sorted = Array(Set(targets)).sorted()
        var result: [String: Int] = [:]
        let known = sorted.compactMap { durations[$0] }.filter { $0.isFinite && $0 >= 0 }
        guard !known.isEmpty else {
            for (i, target) in sorted.enumerated() { result[target] = i % count }
            return result
        }
        let mean = known.reduce(0, +) / Double(known.count)
        let weighted = sorted.map { target -> (String, Double) in
            let d = durations[target].flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? mean
            return (target, d)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var load = [Double](repeating: 0, count: count)
        for (target, d) in weighted {
            var best = 0
            for i in 1..<max(count, 1) where load[i] < load[best] { best = i }
            result[target] = best
            load[best] += d
        }
        return result
    }
}
