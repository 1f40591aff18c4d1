import Dispatch
import Formats
import Synchronization

/// A whole graph's files resolved on every core: each thread takes a run of files with its own memos, and the
/// results come back in file order, the same as one thread gives.
extension ImportGraph {
    /// `resolved` of every file, in order, on `threads` threads (nil: as many as are worth it).
    func resolveAll(
        _ files: [SnapshotEntry], _ records: [[PythonImport]], conftestDirs: Set<RepoPath>, threads: Int?
    ) -> [(edges: [Edge], missing: [String])] {
        let threads = min(
            files.count, threads ?? Parallelism.threads(for: files.count, perThread: ImportGraph.filesPerThread))
        if threads < 2 {
            return zip(files, records).map { resolved($0.path, $1, conftestDirs: conftestDirs, memos: &memos) }
        }
        let shared = SharedResolution(graph: self, files: files, records: records, conftestDirs: conftestDirs)
        let results = Mutex<[Int: [(edges: [Edge], missing: [String])]]>([:])
        let chunk = (files.count + threads - 1) / threads
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            var memos: [[RepoPath]: ResolutionMemo] = [:]
            let range = (worker * chunk)..<min(files.count, (worker + 1) * chunk)
            let mine = range.map { i in
                shared.graph.resolved(
                    shared.files[i].path, shared.records[i], conftestDirs: shared.conftestDirs, memos: &memos)
            }
            results.withLock { $0[worker] = mine }
        }
        let lists = results.withLock { $0 }
        return (0..<threads).flatMap { lists[$0] ?? [] }
    }

    /// Below this many files per thread, one thread resolves them all.
    static let filesPerThread = 512
}

/// What the resolving threads share. They only read the graph (`resolved` writes to the memos it is given
/// and to nothing of the graph), which is why it may cross threads.
private struct SharedResolution: @unchecked Sendable {
    let graph: ImportGraph
    let files: [SnapshotEntry]
    let records: [[PythonImport]]
    let conftestDirs: Set<RepoPath>
}
