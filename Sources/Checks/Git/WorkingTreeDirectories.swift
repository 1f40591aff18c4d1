import Foundation
import Model

/// The directories above the entry being compared, kept open and opened one name at a time without following
/// links, so a file is looked up by its name alone and a link in the way means the file is not there (as git's
/// check of leading paths says).
final class DirectoryCursor {
    private let rootFD: Int32
    /// The directory path open now (empty: the root).
    private var path: [UInt8] = []
    /// Its directories from the top, each with where its name ends in `path` and its descriptor.
    private var opened: [(end: Int, fd: Int32)] = []
    /// False when some directory on the way is not a real directory or could not be opened.
    private var reachable = true

    init(root: [UInt8]) {
        rootFD = withCPath(root) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }

    deinit {
        for entry in opened { close(entry.fd) }
        if rootFD >= 0 { close(rootFD) }
    }

    /// A descriptor of directory `dir` (empty: the root), or nil when it is not a real directory here.
    func descriptor(of dir: UnsafeRawBufferPointer) -> Int32? {
        guard rootFD >= 0 else { return nil }
        if !dir.elementsEqual(path) { move(to: dir) }
        guard reachable else { return nil }
        return opened.last?.fd ?? rootFD
    }

    /// Closes the directories `dir` does not lie in and opens the rest of its path, one name at a time.
    private func move(to dir: UnsafeRawBufferPointer) {
        while let last = opened.last {
            let end = last.end
            let shared =
                end <= dir.count && (end == dir.count || dir[end] == UInt8(ascii: "/"))
                && dir[..<end].elementsEqual(path[..<end])
            if shared { break }
            close(last.fd)
            opened.removeLast()
        }
        path = Array(dir)
        reachable = true
        var start = opened.last.map { $0.end + 1 } ?? 0
        while start < dir.count {
            var end = start
            while end < dir.count && dir[end] != UInt8(ascii: "/") { end += 1 }
            let parent = opened.last?.fd ?? rootFD
            let fd = withCPath(Array(dir[start..<end])) {
                openat(parent, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if fd < 0 {
                reachable = false
                return
            }
            opened.append((end, fd))
            start = end + 1
        }
    }
}
