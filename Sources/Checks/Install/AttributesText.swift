/// A `.gitattributes` file edited line by line as bytes: lines added take the file's own line ending, and
/// every byte of a line not removed stays as it was.
struct AttributesText: Equatable {
    private(set) var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Each line's range without its ending, and with it.
    private var lines: [(content: Range<Int>, full: Range<Int>)] {
        var result: [(Range<Int>, Range<Int>)] = []
        var start = 0
        while start < bytes.count {
            guard let lf = bytes[start...].firstIndex(of: 10) else {
                result.append((start..<bytes.count, start..<bytes.count))
                break
            }
            let end = lf > start && bytes[lf - 1] == 13 ? lf - 1 : lf
            result.append((start..<end, start..<(lf + 1)))
            start = lf + 1
        }
        return result
    }

    /// The file's line ending: its first line's (`\r\n` or `\n`), `\n` when no line has one.
    var newline: [UInt8] {
        guard let lf = bytes.firstIndex(of: 10) else { return [10] }
        return lf > 0 && bytes[lf - 1] == 13 ? [13, 10] : [10]
    }

    /// Every line's text, trimmed of spaces, tabs and a carriage return.
    var texts: [String] { lines.map { AttributesText.text(bytes[$0.content]) } }

    private static func text(_ line: ArraySlice<UInt8>) -> String {
        let blank: Set<UInt8> = [32, 9, 13]
        let trimmed = line.drop { blank.contains($0) }.reversed().drop { blank.contains($0) }.reversed()
        return String(decoding: trimmed, as: UTF8.self)
    }

    /// Appends `added`, each ending with the file's line ending; true when the last line had no ending
    /// and was given one first.
    mutating func append(_ added: [String]) -> Bool {
        let ending = newline
        let endedLast = !bytes.isEmpty && bytes.last != 10
        if endedLast { bytes += ending }
        for line in added { bytes += Array(line.utf8) + ending }
        return endedLast
    }

    /// Removes every line whose text is one of `texts`, with its ending; when `unendLast` and the file's last
    /// lines were removed, the line now last loses the ending `append` gave it. Returns the removed texts.
    mutating func remove(_ texts: Set<String>, unendLast: Bool) -> [String] {
        var kept: [UInt8] = []
        var removed: [String] = []
        var removedLast = false
        for line in lines {
            let text = AttributesText.text(bytes[line.content])
            if texts.contains(text) {
                removed.append(text)
                removedLast = line.full.upperBound == bytes.count
            } else {
                kept += bytes[line.full]
                removedLast = false
            }
        }
        if unendLast && removedLast && !removed.isEmpty {
            if kept.last == 10 { kept.removeLast() }
            if kept.last == 13 { kept.removeLast() }
        }
        bytes = kept
        return removed
    }
}
