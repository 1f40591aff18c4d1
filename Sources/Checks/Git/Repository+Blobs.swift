import Dispatch
import Foundation
import Model
import Synchronization

extension Repository {
    /// `transform` of the bytes of each blob in `ids`, in order, read on up to `workers` threads (nil:
    /// `Parallelism.workers`).
    ///
    /// A libgit2 repository is used by one thread at a time, so each thread opens its own on the same git
    /// directory; a few blobs are read on this one. The first blob that cannot be read is thrown.
    package func mapBlobs<T: Sendable>(
        _ ids: [ObjectID], workers: Int? = nil,
        _ transform: @escaping @Sendable ([UInt8]) -> T
    ) throws(GitError) -> [T] {
        let threads = Parallelism.threads(for: ids.count, perThread: Repository.blobsPerThread, workers: workers)
        if threads < 2 { return try ids.map { id throws(GitError) in transform(try blob(id)) } }
        let results = Mutex<[Int: [T]]>([:])
        let failure = Mutex<GitError?>(nil)
        let gitDir = self.gitDir
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            do throws(GitError) {
                let repository: Repository
                do {
                    repository = try Repository(discoveringFrom: gitDir)
                } catch {
                    throw GitError(
                        function: "git_repository_open_ext", code: -1, message: "reopening \(gitDir): \(error)")
                }
                var mine: [T] = []
                for i in stride(from: worker, to: ids.count, by: threads) {
                    if failure.withLock({ $0 != nil }) { return }
                    mine.append(transform(try repository.blob(ids[i])))
                }
                results.withLock { $0[worker] = mine }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        // Worker w read ids w, w + threads, w + 2 threads, ...: interleave its lists back into order.
        let lists = results.withLock { $0 }
        return ids.indices.map { lists[$0 % threads]![$0 / threads] }
    }

    /// Below this many blobs per thread, one thread reads them all (opening a repository costs more).
    static let blobsPerThread = 256
}
