import Foundation

/// The pool's sweeps for what jobs leave behind: members of a job's group that outlived its first process,
/// and processes that left the group (`JobTree`).
extension PoolRun {
    /// Leftovers are looked for every 50 ms: on Linux that reads /proc, to tell zombies from the living.
    mutating func sweepLeftovers(at now: ContinuousClock.Instant) {
        guard !leftovers.isEmpty, now >= lastLeftoverCheck + .milliseconds(50) else { return }
        lastLeftoverCheck = now
        leftovers = leftovers.filter { l in
            guard l.process.groupExists else { return false }
            if now >= l.killAt {
                l.process.signalGroup(SIGKILL)
                return false
            }
            return true
        }
    }

    /// Walks the process tree every 50 ms (and once more when no job runs, before the run may end), then
    /// stops the orphans of the jobs that have ended and reaps those that are gone.
    mutating func sweepTree(at now: ContinuousClock.Instant) {
        let lastLook = running.isEmpty && tree.orphans.isEmpty
        guard lastLook || now >= lastTreeWalk + .milliseconds(50) else { return }
        lastTreeWalk = now
        tree.reap()
        let leaders = Dictionary(uniqueKeysWithValues: running.map { ($0.job.process.pid, $0.index) })
        tree.walk(leaders: leaders)
        guardian?.guardOnly(
            tree.groupLeaders.union(leaders.keys).union(leftovers.map(\.process.pid)))
        let results = self.results
        tree.stop(ended: { results[$0] != nil }, at: now, grace: grace)
    }
}
