internal import CThreads
import Foundation

/// Threads started at once, each running `body`, joined by `join()` or when the value goes away.
///
/// For work split between the calling thread and helpers that take parts from a shared counter: a helper
/// starts on another CPU than its creator's (`preflight_thread_start`), where a pool's worker or a plain new
/// thread may wait for the next load balance, and a helper the system will not start takes nothing, so the
/// calling thread does its part.
final class HelperThreads {
    private var threads: [pthread_t] = []

    /// Starts `count` threads (none for 0 or less).
    init(_ count: Int, _ body: @escaping @Sendable () -> Void) {
        for _ in 0..<max(0, count) {
            let job = Unmanaged.passRetained(Job(body)).toOpaque()
            var thread = pthread_t()
            let started = preflight_thread_start(
                &thread,
                { raw in
                    guard let raw else { return nil }
                    let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
                    job.body()
                    return nil
                }, job)
            if started == 0 {
                threads.append(thread)
            } else {
                Unmanaged<Job>.fromOpaque(job).release()
            }
        }
    }

    /// Waits until every helper has returned.
    func join() {
        for thread in threads { pthread_join(thread, nil) }
        threads = []
    }

    deinit { join() }

    private final class Job {
        let body: @Sendable () -> Void

        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
