import Foundation

/// Paths packed one after another in one byte buffer, with where each ends: a list of thousands of paths is
/// two allocations rather than one a path, and two lists compare with one `memcmp`. A list read from a
/// cache file is a section of the file's bytes, not a copy.
public struct PathList: Sendable, Equatable {
    /// The buffer holding the paths, from `base` on (a whole cache file, or the list's own bytes).
    private var storage: [UInt8] = []
    /// Where the first path starts in `storage`.
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

    /// The paths `ends` marks out in `storage` from `base`: `ends` never decreasing, within `storage`.
    init(section storage: [UInt8], at base: Int, ends: [UInt32]) {
        self.storage = storage
        self.base = base
        self.ends = ends
    }

    /// The number of paths.
    public var count: Int { ends.count }

    /// The bytes of every path, one after another.
    public var bytes: ArraySlice<UInt8> { storage[base..<(base + Int(ends.last ?? 0))] }

    /// Where path `i` lies in `storage`.
    func range(_ i: Int) -> Range<Int> { (base + (i == 0 ? 0 : Int(ends[i - 1])))..<(base + Int(ends[i])) }

    /// Path `i`, copied out.
    public subscript(i: Int) -> RepoPath { RepoPath(trusted: Array(storage[range(i)])) }

    /// Every path, copied out.
    public var paths: [RepoPath] { (0..<count).map { self[$0] } }

    /// Adds one path at the end.
    public mutating func append<Bytes: Collection<UInt8>>(_ path: Bytes) {
        if base != 0 || storage.count != Int(ends.last ?? 0) {
            // A section of a larger buffer: the list takes its own bytes first.
            storage = Array(bytes)
            base = 0
        }
        storage.append(contentsOf: path)
        ends.append(UInt32(storage.count))
    }

    /// Calls `body` with the bytes of path `i`, not copied.
    public func withBytes<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let r = range(i)
        return storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[r])) }
    }

    /// Calls `body` with the whole buffer, in which `range(_:)` finds each path.
    func withStorage<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R { storage.withUnsafeBytes(body) }

    /// The byte order of path `i` against path `j`: negative, zero or positive, as `memcmp`.
    func compare(_ i: Int, _ j: Int) -> Int {
        storage.withUnsafeBytes { all in
            PathList.compare(.init(rebasing: all[range(i)]), .init(rebasing: all[range(j)]))
        }
    }

    /// Byte order of two paths (git's order), as `RepoPath`'s `<`.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    /// True when every path is strictly after the one before it.
    var isStrictlyAscending: Bool {
        count < 2 || (1..<count).allSatisfy { compare($0 - 1, $0) < 0 }
    }

    public static func == (lhs: PathList, rhs: PathList) -> Bool {
        guard lhs.ends == rhs.ends else { return false }
        return lhs.storage.withUnsafeBytes { a in
            rhs.storage.withUnsafeBytes { b in
                let size = Int(lhs.ends.last ?? 0)
                return PathList.compare(
                    .init(rebasing: a[lhs.base..<(lhs.base + size)]),
                    .init(rebasing: b[rhs.base..<(rhs.base + size)])) == 0
            }
        }
    }
}
