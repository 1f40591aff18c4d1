import Foundation

/// A repository-relative path kept as the bytes git stores, never re-encoded.
///
/// Paths that are not valid UTF-8 stay exact; `description` escapes what cannot be shown.
public struct RepoPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The raw bytes, `/`-separated, no leading `./`, no trailing `/`; empty for the repository root.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        var b = bytes
        while b.last == UInt8(ascii: "/") { b.removeLast() }
        if b.count >= 2, b[0] == UInt8(ascii: "."), b[1] == UInt8(ascii: "/") { b.removeFirst(2) }
        self.bytes = b
    }

    public init(_ string: String) { self.init(bytes: Array(string.utf8)) }

    /// Bytes git itself stored (already normalised): kept as they are.
    package init(trusted bytes: [UInt8]) { self.bytes = bytes }

    /// The repository root (`""`).
    public static let root = RepoPath(bytes: [])

    public var isRoot: Bool { bytes.isEmpty }

    /// The path as valid UTF-8 text, or nil when its bytes are not UTF-8.
    public var utf8String: String? { String(validating: bytes, as: UTF8.self) }

    /// The path for display: UTF-8 as is, control characters and invalid bytes escaped (`\n`, `\xff`).
    public var description: String { RepoPath.escape(bytes) }

    /// True when `bytes` are valid UTF-8 with no control characters, so `description` is the exact path.
    public var isPlainText: Bool {
        guard let s = utf8String else { return false }
        return !s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
    }

    /// The final component.
    public var name: [UInt8] {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes }
        return Array(bytes[(slash + 1)...])
    }

    /// The containing directory; the root's parent is the root.
    public var parent: RepoPath {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return .root }
        return RepoPath(bytes: Array(bytes[..<slash]))
    }

    /// `self` followed by `/component`.
    public func appending(_ component: [UInt8]) -> RepoPath {
        if isRoot { return RepoPath(bytes: component) }
        return RepoPath(bytes: bytes + [UInt8(ascii: "/")] + component)
    }

    public func appending(_ component: String) -> RepoPath { appending(Array(component.utf8)) }

    /// True when `self` is `dir` or lies below it (the root contains every path).
    public func isInside(_ dir: RepoPath) -> Bool { dir.isRoot || self == dir || isBelow(dir) }

    /// True when this path lies strictly below `dir` (every path but the root lies below the root).
    public func isBelow(_ dir: RepoPath) -> Bool {
        if dir.isRoot { return !isRoot }
        let n = dir.bytes.count
        guard bytes.count > n, bytes[n] == UInt8(ascii: "/") else { return false }
        return bytes.withUnsafeBufferPointer { a in
            dir.bytes.withUnsafeBufferPointer { b in memcmp(a.baseAddress!, b.baseAddress!, n) == 0 }
        }
    }

    /// True when `dir` is this path's parent (the root for a top-level name), without building the parent.
    public func isDirectlyIn(_ dir: RepoPath) -> Bool {
        guard isBelow(dir) else { return false }
        return !bytes[(dir.isRoot ? 0 : dir.bytes.count + 1)...].contains(UInt8(ascii: "/"))
    }

    /// The path below `dir`, or nil when `self` is not inside it.
    public func relative(to dir: RepoPath) -> RepoPath? {
        guard isInside(dir) else { return nil }
        if dir.isRoot { return self }
        if bytes.count == dir.bytes.count { return .root }
        return RepoPath(bytes: Array(bytes[(dir.bytes.count + 1)...]))
    }

    /// Every proper ancestor directory, nearest first, ending with the root.
    public var ancestors: [RepoPath] {
        var result: [RepoPath] = []
        var p = self
        while !p.isRoot {
            p = p.parent
            result.append(p)
        }
        return result
    }

    /// The relative link text that leads from a link in `dir` to `target` (`../helpers_root/x`).
    public static func linkText(from dir: RepoPath, to target: RepoPath) -> [UInt8] {
        let slash = UInt8(ascii: "/")
        let from = dir.isRoot ? [] : dir.bytes.split(separator: slash).map(Array.init)
        let to = target.isRoot ? [] : target.bytes.split(separator: slash).map(Array.init)
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let parts = Array(repeating: Array("..".utf8), count: from.count - common) + to[common...]
        return parts.isEmpty ? Array(".".utf8) : Array(parts.joined(separator: [slash]))
    }

    /// Resolves a symlink's text written in the directory `dir`: `.` and `..` are applied.
    /// Returns nil when the text is absolute or climbs above the repository root.
    public static func resolve(linkText: [UInt8], from dir: RepoPath) -> RepoPath? {
        if linkText.first == UInt8(ascii: "/") { return nil }
        var parts: [ArraySlice<UInt8>] = dir.isRoot ? [] : dir.bytes.split(separator: UInt8(ascii: "/"))
        for part in linkText.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if part.elementsEqual([UInt8(ascii: ".")]) { continue }
            if part.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if parts.isEmpty { return nil }
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return RepoPath(bytes: Array(parts.joined(separator: [UInt8(ascii: "/")])))
    }

    /// Byte equality with `memcmp`: paths are compared on every dictionary hit, and the generic element loop
    /// cost more than the hashing.
    public static func == (lhs: RepoPath, rhs: RepoPath) -> Bool { RepoPath.same(lhs.bytes, rhs.bytes) }

    /// True when `a` and `b` hold the same bytes.
    package static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in a.isEmpty || memcmp(pa.baseAddress!, pb.baseAddress!, a.count) == 0 }
        }
    }

    /// Feeds the hasher one word digested from the bytes, 8 at a time, rather than every byte: paths are
    /// hashed by the hundred thousand, and SipHash over a whole path cost more than the dictionary work.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.withUnsafeBytes { RepoPath.digest($0) })
    }

    /// The digest `hash(into:)` feeds the hasher (see `WordDigest`).
    package static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        WordDigest.of(bytes, seed: 0x9e37_79b9_7f4a_7c15)
    }

    /// True when the last component equals `name`, without copying.
    public func hasName(_ name: [UInt8]) -> Bool {
        guard bytes.count >= name.count, bytes.suffix(name.count).elementsEqual(name) else { return false }
        return bytes.count == name.count || bytes[bytes.count - name.count - 1] == UInt8(ascii: "/")
    }

    public static func < (lhs: RepoPath, rhs: RepoPath) -> Bool {
        RepoPath.precedes(lhs.bytes, rhs.bytes)
    }

    /// Byte order (git's order of paths), with `memcmp` rather than a generic element loop.
    public static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let n = min(a.count, b.count)
        let c = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in n == 0 ? 0 : memcmp(pa.baseAddress!, pb.baseAddress!, n) }
        }
        return c < 0 || (c == 0 && a.count < b.count)
    }

    /// Byte order of two paths' bytes where they lie (git's order): negative, zero or positive.
    package static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let c = memcmp(pa, pb, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    /// Escapes bytes for display: valid UTF-8 kept, `\n` `\t` `\r` `\\` and other controls escaped,
    /// each invalid byte shown as `\xHH`.
    public static func escape(_ bytes: [UInt8]) -> String {
        // Most paths are printable ASCII without a backslash: they are their own text.
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "\\") }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        var i = 0
        while i < bytes.count {
            let len = utf8SequenceLength(bytes, at: i)
            if len == 0 {
                out += "\\x" + hex(bytes[i])
                i += 1
                continue
            }
            let scalarBytes = bytes[i..<(i + len)]
            let s = String(decoding: scalarBytes, as: UTF8.self)
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case "\\": out += "\\\\"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7f {
                        out += "\\x" + hex(UInt8(scalar.value))
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            i += len
        }
        return out
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 0xf)]])
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none.
    private static func utf8SequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let c = b[i]
        let len: Int
        switch c {
        case 0x00...0x7f: return 1
        case 0xc2...0xdf: len = 2
        case 0xe0...0xef: len = 3
        case 0xf0...0xf4: len = 4
        default: return 0
        }
        guard i + len <= b.count else { return 0 }
        for k in 1..<len where b[i + k] & 0xc0 != 0x80 { return 0 }
        if len == 3 {
            if c == 0xe0 && b[i + 1] < 0xa0 { return 0 }
            if c == 0xed && b[i + 1] > 0x9f { return 0 }
        }
        if len == 4 {
            if c == 0xf0 && b[i + 1] < 0x90 { return 0 }
            if c == 0xf4 && b[i + 1] > 0x8f { return 0 }
        }
        return len
    }
}
