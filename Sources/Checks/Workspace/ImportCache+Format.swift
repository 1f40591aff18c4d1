import Formats

/// The bytes of the import cache file (the layout is in `ImportCache`'s comment).
extension ImportCache {
    /// The file's bytes for `lists`, blobs in id order.
    static func encode(_ lists: [ObjectID: [PythonImport]]) -> [UInt8] {
        var out = magic
        put(&out, formatVersion)
        put(&out, UInt32(lists.count))
        for id in lists.keys.sorted() {
            let records = lists[id] ?? []
            out += id.rawBytes
            put(&out, UInt32(records.count))
            for r in records {
                put(&out, UInt32(clamping: r.line))
                out.append(UInt8(clamping: r.level))
                out.append(r.isFrom ? 1 : 0)
                put(&out, r.module)
                put(&out, UInt32(r.names.count))
                for name in r.names { put(&out, name) }
            }
        }
        let sum = out.withUnsafeBytes { WordDigest.of($0, seed: 0x1f83_d9ab_fb41_bd6b) }
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// The lists in `bytes`, or nil when they are not a complete file of this format.
    static func decode(_ bytes: [UInt8]) -> [ObjectID: [PythonImport]]? {
        guard bytes.count >= magic.count + 16, bytes.starts(with: magic) else { return nil }
        return bytes.withUnsafeBytes { buf -> [ObjectID: [PythonImport]]? in
            let end = buf.count - 8
            let sum = WordDigest.of(UnsafeRawBufferPointer(rebasing: buf[..<end]), seed: 0x1f83_d9ab_fb41_bd6b)
            guard sum == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: end, as: UInt64.self)) else {
                return nil
            }
            var at = magic.count
            func u32() -> UInt32? {
                guard at + 4 <= end else { return nil }
                defer { at += 4 }
                return UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            }
            func u8() -> UInt8? {
                guard at < end else { return nil }
                defer { at += 1 }
                return buf[at]
            }
            func string() -> String? {
                guard let n = u32(), Int(n) <= end - at else { return nil }
                defer { at += Int(n) }
                return String(decoding: UnsafeRawBufferPointer(rebasing: buf[at..<(at + Int(n))]), as: UTF8.self)
            }
            guard u32() == formatVersion, let count = u32(), Int(count) <= end - at else { return nil }
            var result: [ObjectID: [PythonImport]] = [:]
            for _ in 0..<count {
                guard at + 20 <= end else { return nil }
                let id = ObjectID(bytes: buf, at: at)
                at += 20
                guard let n = u32(), Int(n) <= end - at else { return nil }
                var records: [PythonImport] = []
                for _ in 0..<n {
                    guard let line = u32(), let level = u8(), let from = u8(), let module = string(),
                        let names = u32(), Int(names) <= end - at
                    else { return nil }
                    var list: [String] = []
                    for _ in 0..<names {
                        guard let name = string() else { return nil }
                        list.append(name)
                    }
                    records.append(
                        PythonImport(
                            line: Int(line), level: Int(level), module: module, names: list,
                            isFrom: from == 1))
                }
                result[id] = records
            }
            return at == end ? result : nil
        }
    }

    private static func put(_ out: inout [UInt8], _ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func put(_ out: inout [UInt8], _ s: String) {
        put(&out, UInt32(s.utf8.count))
        out += Array(s.utf8)
    }
}
