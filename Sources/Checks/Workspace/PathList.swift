import Foundation

/// Paths packed one after another in one byte buffer, with where each ends: a list of thousands of paths is
/// two allocations rather than one a path, and two lists compare with one `memcmp`. A list read from a
/// cache file is a section of the mapped file, not a copy.
public struct PathList: Sendable, Equatable {
    // Two fields rather than an enum of the two: an enum with two payloads keeps its case in the spare bits of
    // the file's pointer, which a leak checker then no longer recognises as a reference.
    /// The list's own bytes, unless `file` holds them.
    private var own: [UInt8] = []
    /// The mapped cache file a section of which holds the paths, for a list read from one.
    private var file: MappedBytes?
    /// Where the first path starts in the buffer (`own`, or `file`'s bytes).
    private var base = 0
    /// Where each path ends, from `base` (the next one starts there).
    public private(set) var ends: [UInt32] = []

    /// An empty list.
    public init() {}

    /// The list of `paths`, in their order.
    public init(_ paths: [RepoPath]) {
        ends.reserveCapacity(paths.count)
        for path in paths { append(path.bytes) }
    }

    /// The paths `ends` marks out in `file` from `base`: `ends` never decreasing, within the file.
    init(section file: MappedBytes, at base: Int, ends: [UInt32]) {
        self.file = file
        self.base = base
        self.ends = ends
    }

    /// The number of paths.
    public var count: Int { ends.count }

    /// The bytes of every path, one after another.
    public var bytes: [UInt8] { withStorage { Array($0[base..<(base + Int(ends.last ?? 0))]) } }

    /// Where path `i` lies in the storage.
    func range(_ i: Int) -> Range<Int> { (base + (i == 0 ? 0 : Int(ends[i - 1])))..<(base + Int(ends[i])) }

    /// Path `i`, copied out.
    public subscript(i: Int) -> RepoPath { RepoPath(trusted: withBytes(i) { Array($0) }) }

    /// Every path, copied out.
    public var paths: [RepoPath] { (0..<count).map { self[$0] } }

    /// Adds one path at the end.
    public mutating func append<Bytes: Collection<UInt8>>(_ path: Bytes) {
        guard file == nil, base == 0, own.count == Int(ends.last ?? 0) else {
            // A section of a file or of a larger buffer: the list takes its own bytes first.
            own = bytes
            file = nil
            base = 0
            return append(path)
        }
        own.append(contentsOf: path)
        ends.append(UInt32(own.count))
    }

    /// Calls `body` with the bytes of path `i`, not copied.
    public func withBytes<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let r = range(i)
        return withStorage { body(UnsafeRawBufferPointer(rebasing: $0[r])) }
    }

    /// Calls `body` with the whole buffer, in which `range(_:)` finds each path.
    func withStorage<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let file { return body(file.bytes) }
        return own.withUnsafeBytes(body)
    }

    /// The byte order of path `i` against path `j`: negative, zero or positive, as `memcmp`.
    func compare(_ i: Int, _ j: Int) -> Int {
        withStorage { all in
            PathList.compare(.init(rebasing: all[range(i)]), .init(rebasing: all[range(j)]))
        }
    }

    /// Byte order of two paths (git's order), as `RepoPath`'s `<`.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int { RepoPath.compare(a, b) }

    /// True when every path is strictly after the one before it.
    var isStrictlyAscending: Bool {
        count < 2 || (1..<count).allSatisfy { compare($0 - 1, $0) < 0 }
    }

    public static func == (lhs: PathList, rhs: PathList) -> Bool {
        guard lhs.ends == rhs.ends else { return false }
        return lhs.withStorage { a in
            rhs.withStorage { b in
                let size = Int(lhs.ends.last ?? 0)
                return PathList.compare(
                    .init(rebasing: a[lhs.base..<(lhs.base + size)]),
                    .init(rebasing: b[rhs.base..<(rhs.base + size)])) == 0
            }
        }
    }
}
