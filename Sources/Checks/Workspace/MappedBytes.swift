import Foundation

/// A file's bytes mapped read-only (or a copy in memory), kept mapped while a value reads them: a cache file's
/// lists are read where they lie, with no buffer to zero and fill.
final class MappedBytes: @unchecked Sendable {
    /// The bytes; never written.
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    /// The regular file at `path` mapped, or nil when it is missing, empty, not a regular file or cannot be
    /// mapped (a cache miss).
    static func map(_ path: String) -> MappedBytes? {
        // Not a link, not a FIFO (that would hang), a regular file: anything else is a miss, rewritten.
        guard let opened = try? RegularFile.open(path) else { return nil }
        let (fd, size) = opened
        defer { close(fd) }
        guard size > 0, let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            return nil
        }
        return MappedBytes(UnsafeRawBufferPointer(start: map, count: size), mapped: true)
    }

    /// A copy of `bytes`, read as a mapped file is.
    convenience init(copying bytes: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        copy.copyBytes(from: bytes)
        self.init(UnsafeRawBufferPointer(rebasing: copy[..<bytes.count]), mapped: false)
    }

    private init(_ bytes: UnsafeRawBufferPointer, mapped: Bool) {
        self.bytes = bytes
        self.mapped = mapped
    }

    deinit {
        let start = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
        if mapped { munmap(start, bytes.count) } else { start?.deallocate() }
    }
}
