/// A git object id (SHA-1, 20 bytes), stored inline so tables of them stay cheap.
public struct ObjectID: Sendable, Hashable, Comparable, CustomStringConvertible {
    let a: UInt64
    let b: UInt64
    let c: UInt32

    /// Reads 20 raw bytes at `offset`.
    package init(bytes buf: UnsafeRawBufferPointer, at offset: Int) {
        a = buf.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        b = buf.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
        c = buf.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)
    }

    /// Parses 40 hex digits; nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        for i in 0..<20 {
            guard let high = ObjectID.nibble(digits[2 * i]), let low = ObjectID.nibble(digits[2 * i + 1]) else {
                return nil
            }
            bytes[i] = high << 4 | low
        }
        self = bytes.withUnsafeBytes { ObjectID(bytes: $0, at: 0) }
    }

    /// The all-zero id git uses for "no object" (e.g. a deleted ref in pre-push input).
    public static let zero = [UInt8](repeating: 0, count: 20).withUnsafeBytes { ObjectID(bytes: $0, at: 0) }

    public var isZero: Bool { a == 0 && b == 0 && c == 0 }

    /// The 20 raw bytes, as git stores them in trees and the index.
    package var rawBytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 20)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: a, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: c, toByteOffset: 16, as: UInt32.self)
        }
        return bytes
    }

    /// Appends the 20 raw bytes (as `rawBytes` orders them) to `out`, with no array made for them.
    package func appendRawBytes(to out: inout [UInt8]) {
        withUnsafeBytes(of: a) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: b) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: c) { out.append(contentsOf: $0) }
    }

    /// The 40-digit lowercase hex form.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for byte in rawBytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of one hex digit (either case), or nil.
    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The first 12 hex digits, for display.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public static func < (l: ObjectID, r: ObjectID) -> Bool { l.hex < r.hex }
}
