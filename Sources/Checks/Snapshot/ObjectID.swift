internal import CGit2

/// A git object id (SHA-1, 20 bytes), stored inline so tables of them stay cheap.
public struct ObjectID: Sendable, Hashable, Comparable, CustomStringConvertible {
    let a: UInt64
    let b: UInt64
    let c: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        (a, b, c) = withUnsafeBytes(of: &copy.id) { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
    }

    /// Reads 20 raw bytes at `offset`.
    init(bytes buf: UnsafeRawBufferPointer, at offset: Int) {
        a = buf.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        b = buf.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
        c = buf.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)
    }

    /// Parses 40 hex digits; nil for anything else.
    public init?(hex: String) {
        var oid = git_oid()
        guard hex.utf8.count == 40, git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self.init(oid)
    }

    /// The all-zero id git uses for "no object" (e.g. a deleted ref in pre-push input).
    public static let zero = ObjectID(git_oid())

    public var isZero: Bool { a == 0 && b == 0 && c == 0 }

    var raw: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            raw.storeBytes(of: a, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: c, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// The 20 raw bytes, as git stores them in trees and the index.
    var rawBytes: [UInt8] {
        var oid = raw
        return withUnsafeBytes(of: &oid.id) { Array($0) }
    }

    /// The 40-digit lowercase hex form.
    public var hex: String {
        var oid = raw
        var buf = [CChar](repeating: 0, count: 40)
        git_oid_fmt(&buf, &oid)
        return String(decoding: buf.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first 12 hex digits, for display.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public static func < (l: ObjectID, r: ObjectID) -> Bool { l.hex < r.hex }
}
