import Foundation

/// JSON for the lock readers: Foundation's parser, with the place it stops given as a line.
///
/// Never traps: Foundation's parser limits nesting (512 levels) and rejects numbers Swift cannot hold,
/// so truncated, binary and enormous input all come back as a `LockProblem`.
enum LockJSON {
    /// `bytes` as a JSON object, or where and why it is not one. `file` names the text in the message;
    /// `firstLine` is the line of the file that `bytes` starts on (for JSON cut out of a comment block).
    static func object(_ bytes: [UInt8], file: String, firstLine: Int = 1) -> Result<[String: Any], LockProblem> {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            return .failure(problem(error, in: bytes, file: file, firstLine: firstLine))
        }
        guard let object = value as? [String: Any] else {
            return .failure(LockProblem(line: firstLine, message: "\(file) is not a json object"))
        }
        return .success(object)
    }

    /// The parser's complaint, with the byte offset it names turned into a line.
    static func problem(_ error: Error, in bytes: [UInt8], file: String, firstLine: Int) -> LockProblem {
        if !bytes.contains(where: { !Requirement.isSpace($0) }) {
            return LockProblem(line: nil, message: "\(file) is empty")
        }
        let info = (error as NSError).userInfo
        let text = (info[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        if let offset = (info["NSJSONSerializationErrorIndex"] as? Int) ?? characterOffset(in: text) {
            return LockProblem(
                line: firstLine - 1 + line(ofOffset: offset, in: bytes),
                message: "\(file) is not valid json: \(reason(text))")
        }
        if text.lowercased().contains("end of file") {
            return LockProblem(
                line: firstLine - 1 + line(ofOffset: bytes.count, in: bytes), message: "\(file) ends inside its json")
        }
        return LockProblem(line: nil, message: "\(file) is not valid json: \(reason(text))")
    }

    /// "invalid value" from "Invalid value around character 19."
    static func reason(_ text: String) -> String {
        let head = text.range(of: " around ").map { String(text[..<$0.lowerBound]) } ?? text
        return head.lowercased().trimmingCharacters(in: [".", " "])
    }

    /// `N` in swift-corelibs-foundation's "... around character N."
    static func characterOffset(in text: String) -> Int? {
        guard let range = text.range(of: "character ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }

    /// The 1-based line holding byte `offset` (the last line when it is past the end).
    static func line(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        for byte in bytes[..<end] where byte == 0x0A { line += 1 }
        return line
    }

    /// An integer, and not a JSON `true` or `false`: Foundation hands both out as `NSNumber`, and only
    /// the boolean's `objCType` is `c` (`is Bool` holds for the numbers 0 and 1 as well).
    static func int(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return value as? Int
    }
}
