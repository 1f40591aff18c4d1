/// A read-only view of the repository at one side: a commit's tree, the index, or the working tree.
///
/// Checks read paths, modes, link targets and bytes only through a snapshot, so one check serves
/// pre-commit (index), pre-push and CI (commits) and local runs (working tree).
public protocol Snapshot: AnyObject {
    /// What this side is, for people and for JSON (`HEAD`, a commit id, `index`, `working-tree`).
    var label: String { get }
    /// Which side of the repository this is: a commit (or the empty tree), the index, the working tree.
    var kind: SnapshotKind { get }
    /// Every file, link and gitlink in the snapshot.
    var table: EntryTable { get }
    /// The bytes of an entry: a file's contents or a link's text.
    func bytes(of entry: SnapshotEntry) throws(SnapshotError) -> [UInt8]
    /// The first part of the listing that could not be read while answering a lookup (a listing read on
    /// demand answers such a lookup as absent and keeps the error here); nil when every read succeeded.
    var listingFailure: SnapshotError? { get }
    /// `transform` of the bytes of each entry, in order: a snapshot read from git reads on several threads.
    func mapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], _ transform: @escaping @Sendable ([UInt8]) -> T
    ) throws(SnapshotError) -> [T]
    /// `mapBytes` begun now and collected by `PendingBytes.finish()`: a snapshot read from git starts reading
    /// on other threads, so what the caller does in between overlaps the reads; the others read at `finish`.
    func startMapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], _ transform: @escaping @Sendable ([UInt8]) -> T
    ) -> PendingBytes<T>
}

/// The results of a `startMapBytes`, collected once by `finish()`.
public final class PendingBytes<T: Sendable> {
    private let collect: () throws(SnapshotError) -> [T]

    public init(_ collect: @escaping () throws(SnapshotError) -> [T]) {
        self.collect = collect
    }

    /// `transform` of each entry's bytes, in order; throws the first entry that cannot be read.
    public func finish() throws(SnapshotError) -> [T] { try collect() }
}

/// Which side of the repository a snapshot shows.
public enum SnapshotKind: Sendable, Hashable {
    /// A commit's tree; nil for the empty tree.
    case commit(ObjectID?)
    /// The index: what the next commit holds.
    case index
    /// The working tree.
    case workingTree
}

extension Snapshot {
    /// Listings held whole in memory have nothing left to fail.
    public var listingFailure: SnapshotError? { nil }

    /// One entry after the other.
    public func mapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], _ transform: @escaping @Sendable ([UInt8]) -> T
    ) throws(SnapshotError) -> [T] {
        try entries.map { entry throws(SnapshotError) in transform(try bytes(of: entry)) }
    }

    /// Reads when collected.
    public func startMapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], _ transform: @escaping @Sendable ([UInt8]) -> T
    ) -> PendingBytes<T> {
        PendingBytes { () throws(SnapshotError) in try self.mapBytes(entries, transform) }
    }

    /// The commit of a commit snapshot; nil for the empty tree, the index and the working tree.
    public var commitID: ObjectID? {
        if case .commit(let id) = kind { return id }
        return nil
    }

    /// The bytes at `path`, or nil when the snapshot has no file or link there.
    public func bytes(at path: RepoPath) throws(SnapshotError) -> [UInt8]? {
        guard let entry = table.entry(at: path), entry.mode != .gitlink else { return nil }
        return try bytes(of: entry)
    }

    /// A link's text, or nil when `path` is not a link in this snapshot.
    public func linkText(at path: RepoPath) throws(SnapshotError) -> [UInt8]? {
        guard let entry = table.entry(at: path), entry.mode == .symlink else { return nil }
        return try bytes(of: entry)
    }
}

/// A snapshot could not produce bytes it lists: a missing object or an unreadable file (exit 3).
public struct SnapshotError: Error, CustomStringConvertible, Sendable {
    public let path: RepoPath
    public let detail: String

    /// Creates an error for the entry at `path`.
    public init(path: RepoPath, detail: String) {
        self.path = path
        self.detail = detail
    }

    public var description: String { "cannot read \(path): \(detail)" }
}
