/// Directories in path order, packed in a `PathList`: one allocation for thousands of directories rather than
/// one each. Asked by binary search, or, once `indexed`, through an open-addressing table over them (as quick
/// as a `Set<RepoPath>`, for a caller that asks for every file of a repository).
public struct DirectorySet: Sendable, Equatable, ExpressibleByArrayLiteral {
    /// The directories, strictly ascending in byte order.
    public let list: PathList
    /// Index + 1 of a directory (0: empty), from its digest; a power of two >= 2 x count. Empty until `indexed`.
    private let slots: [UInt32]

    /// The set of `sorted`, whose paths must be strictly ascending.
    init(sorted: PathList) {
        list = sorted
        slots = []
    }

    private init(_ list: PathList, slots: [UInt32]) {
        self.list = list
        self.slots = slots
    }

    /// The same set with its table built, for many lookups.
    public func indexed() -> DirectorySet {
        guard slots.isEmpty else { return self }
        var size = 4
        while size < 2 * list.count { size <<= 1 }
        var slots = [UInt32](repeating: 0, count: size)
        for i in 0..<list.count {
            var slot = list.withBytes(i, DirectorySet.digest) & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = UInt32(i + 1)
        }
        return DirectorySet(list, slots: slots)
    }

    /// The set of `paths`, in any order and with repeats.
    public init(_ paths: [RepoPath]) {
        let sorted = Set(paths).sorted()
        self.init(sorted: PathList(sorted))
    }

    public init(arrayLiteral paths: RepoPath...) { self.init(paths) }

    /// The directories holding `files` (the root left out), each once.
    static func parents(of files: PathList) -> DirectorySet {
        files.withStorage { bytes in
            var dirs: [Range<Int>] = []
            dirs.reserveCapacity(files.count)
            for i in 0..<files.count {
                let r = files.range(i)
                if let slash = bytes[r].lastIndex(of: UInt8(ascii: "/")) { dirs.append(r.lowerBound..<slash) }
            }
            let order = { (a: Range<Int>, b: Range<Int>) -> Int in
                PathList.compare(.init(rebasing: bytes[a]), .init(rebasing: bytes[b]))
            }
            // Files in path order give their directories almost in order: sorted only when they are not.
            if !(dirs.indices.dropFirst().allSatisfy { order(dirs[$0 - 1], dirs[$0]) <= 0 }) {
                dirs.sort { order($0, $1) < 0 }
            }
            var list = PathList()
            for (i, dir) in dirs.enumerated() where i == 0 || order(dirs[i - 1], dir) != 0 {
                list.append(UnsafeRawBufferPointer(rebasing: bytes[dir]))
            }
            return DirectorySet(sorted: list)
        }
    }

    /// The number of directories.
    public var count: Int { list.count }

    /// Every directory, copied out, in path order.
    public var paths: [RepoPath] { list.paths }

    /// True when `path` is one of the directories.
    public func contains(_ path: RepoPath) -> Bool {
        path.bytes.withUnsafeBytes { wanted in
            guard !slots.isEmpty else {
                var (low, high) = (0, list.count)
                while low < high {
                    let mid = (low + high) / 2
                    let order = list.withBytes(mid) { PathList.compare($0, wanted) }
                    if order == 0 { return true }
                    if order < 0 { low = mid + 1 } else { high = mid }
                }
                return false
            }
            var slot = DirectorySet.digest(wanted) & (slots.count - 1)
            while slots[slot] != 0 {
                let found = list.withBytes(Int(slots[slot]) - 1) { PathList.compare($0, wanted) == 0 }
                if found { return true }
                slot = (slot + 1) & (slots.count - 1)
            }
            return false
        }
    }

    private static func digest(_ bytes: UnsafeRawBufferPointer) -> Int {
        Int(truncatingIfNeeded: RepoPath.digest(bytes))
    }

    public static func == (lhs: DirectorySet, rhs: DirectorySet) -> Bool { lhs.list == rhs.list }
}
