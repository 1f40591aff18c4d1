/// `pip_list.txt`: the packages a built image holds, as `pip freeze` (`name==version`) or `pip list`
/// (`name  version` under a header) writes them.
public enum PipList {
    /// One pinned package and its line.
    public struct Pin: Sendable, Hashable {
        public let name: String
        public let version: String
        public let line: Int
    }

    /// The pins, names PEP 503 normalised; lines that are neither form are skipped.
    public static func pins(_ bytes: [UInt8]) -> [Pin] {
        var result: [Pin] = []
        for (i, raw) in bytes.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            let line = String(decoding: raw, as: UTF8.self).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("-") || line.hasPrefix("Package ") { continue }
            if let eq = line.range(of: "==") {
                let name = line[..<eq.lowerBound].split(separator: "[").first.map(String.init) ?? ""
                let version =
                    line[eq.upperBound...].split(separator: ";").first.map { String($0).trimmingWhitespace() } ?? ""
                if !name.isEmpty, !version.isEmpty {
                    result.append(
                        Pin(name: PoetryLock.normalisedName(name.trimmingWhitespace()), version: version, line: i + 1))
                }
                continue
            }
            let columns = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if columns.count >= 2, columns[1].first?.isNumber == true {
                result.append(
                    Pin(name: PoetryLock.normalisedName(String(columns[0])), version: String(columns[1]), line: i + 1))
            }
        }
        return result
    }

    /// Equal as PEP 440 versions when both parse, else as text.
    package static func sameVersion(_ a: String, _ b: String) -> Bool {
        if let x = PEP440.parse(a), let y = PEP440.parse(b) { return x == y }
        return a == b
    }
}
