import Foundation
import Model
import Synchronization

extension Repository {
    /// The entries' blobs read by a `BlobScan` started now, on up to `workers` threads (nil:
    /// `Parallelism.workers`); nil when an entry has no object id. With `clean`, a file it proves to hold its
    /// blob is read from the working tree instead.
    package func startBlobScan<T: Sendable>(
        _ entries: [SnapshotEntry], clean: CleanFiles? = nil, workers: Int? = nil,
        _ transform: @escaping @Sendable ([UInt8]) -> T
    ) -> BlobScan<T>? {
        let ids = entries.compactMap(\.id)
        guard ids.count == entries.count else { return nil }
        let perThread = clean == nil ? Repository.blobsPerThread : Repository.filesPerThread
        let threads = Parallelism.threads(for: ids.count, perThread: perThread, workers: workers)
        return BlobScan(entries, ids, clean: clean, gitDir: gitDir, helpers: threads - 1, transform)
    }

    /// Below this many blobs per thread, one thread reads them all (opening a repository costs more).
    static let blobsPerThread = 256
    /// Below this many files per thread when clean files are read from the working tree.
    static let filesPerThread = 128
}

/// Blobs read in chunks taken in turn from a shared counter: by helper threads from the moment the scan
/// starts, and by the thread that calls `finish`, which then waits for the chunks the helpers hold. What
/// that thread does between the start and `finish` overlaps the helpers' reads.
///
/// A libgit2 repository is used by one thread at a time, so each helper opens its own on the same git
/// directory; a helper that cannot open one takes no chunk and leaves its share to the others.
package final class BlobScan<T: Sendable> {
    private let work: Work
    private var helpers: HelperThreads?

    fileprivate init(
        _ entries: [SnapshotEntry], _ ids: [ObjectID], clean: CleanFiles?, gitDir: String, helpers: Int,
        _ transform: @escaping @Sendable ([UInt8]) -> T
    ) {
        let work = Work(entries, ids, clean: clean, transform)
        self.work = work
        guard helpers > 0 else { return }
        self.helpers = HelperThreads(helpers) {
            guard let repository = try? Repository(discoveringFrom: gitDir) else { return }
            work.read(in: repository)
        }
    }

    /// The transformed bytes, in the order of the entries: the chunks no helper took are read here, in
    /// `repository`. The first blob that cannot be read is thrown.
    package func finish(in repository: Repository) throws(GitError) -> [T] {
        work.read(in: repository)
        helpers?.join()
        helpers = nil
        return try work.results()
    }

    deinit {
        // Nobody will collect the reads: the helpers stop after their current chunk (and are joined).
        work.stopped.store(true, ordering: .relaxed)
    }

    /// What the threads share.
    private final class Work: Sendable {
        static var chunk: Int { 16 }
        let entries: [SnapshotEntry]
        let ids: [ObjectID]
        let clean: CleanFiles?
        let transform: @Sendable ([UInt8]) -> T
        let next = Atomic<Int>(0)
        /// Set when a read failed or nobody will collect the scan: no thread takes another chunk.
        let stopped = Atomic<Bool>(false)
        let chunks: Mutex<[Int: [T]]> = Mutex([:])
        let failure: Mutex<GitError?> = Mutex(nil)

        init(
            _ entries: [SnapshotEntry], _ ids: [ObjectID], clean: CleanFiles?,
            _ transform: @escaping @Sendable ([UInt8]) -> T
        ) {
            self.entries = entries
            self.ids = ids
            self.clean = clean
            self.transform = transform
        }

        /// Takes chunks until none is left, keeping each chunk's results under its number.
        func read(in repository: Repository) {
            let top = clean?.openRoot() ?? -1
            defer { if top >= 0 { close(top) } }
            while !stopped.load(ordering: .relaxed) {
                let number = next.wrappingAdd(1, ordering: .relaxed).oldValue
                let start = number * Work.chunk
                guard start < ids.count else { return }
                var mine: [T] = []
                mine.reserveCapacity(Work.chunk)
                do throws(GitError) {
                    for i in start..<min(start + Work.chunk, ids.count) {
                        if top >= 0, let bytes = clean?.bytes(of: entries[i], top: top) {
                            mine.append(transform(bytes))
                        } else {
                            mine.append(transform(try repository.blob(ids[i])))
                        }
                    }
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    stopped.store(true, ordering: .relaxed)
                    return
                }
                chunks.withLock { $0[number] = mine }
            }
        }

        /// Every chunk's results in order, or the first failure.
        func results() throws(GitError) -> [T] {
            if let error = failure.withLock({ $0 }) { throw error }
            let kept = chunks.withLock { $0 }
            var result: [T] = []
            result.reserveCapacity(ids.count)
            for number in 0..<((ids.count + Work.chunk - 1) / Work.chunk) {
                guard let chunk = kept[number] else {
                    throw GitError(function: "git_blob_lookup", code: -1, message: "blob chunk \(number) was not read")
                }
                result += chunk
            }
            return result
        }
    }
}
