import Foundation

/// What `install` changed, so `uninstall` undoes exactly that and a later `install` tells its own leftovers
/// from the user's files: `<common git dir>/preflight/install.json`.
///
/// A line or a `.local` hook that is not in the record is the user's (committed, written by hand, or left by
/// a preflight that kept no record), and is left as it is.
struct InstallRecord: Codable, Equatable {
    /// The `<hook>.local` files install made by moving a foreign hook aside (absolute paths).
    var chained: [String] = []
    /// The lines install added to each `.gitattributes` (by the file's absolute path).
    var attributes: [String: AddedLines] = [:]

    /// Lines added to one `.gitattributes`.
    struct AddedLines: Codable, Equatable {
        /// Each line as written, without its line ending.
        var lines: [String] = []
        /// True when install created the file (uninstall removes it once nothing else is in it).
        var createdFile = false
        /// True when install ended the file's last line, which had no line ending (uninstall takes it off).
        var endedLastLine = false
    }

    /// The record's path in the repository whose common git directory is `commonDir`.
    static func path(commonDir: String) -> String {
        (commonDir.hasSuffix("/") ? commonDir : commonDir + "/") + "preflight/install.json"
    }

    /// The record at `path`; empty when there is none, an error naming the file when it cannot be read.
    static func load(_ path: String) throws(InstallError) -> InstallRecord {
        let bytes: [UInt8]?
        do {
            bytes = try RegularFile.read(path, limit: 1 << 20)
        } catch {
            throw InstallError(message: "\(error.description): remove it, then install again")
        }
        guard let bytes else { return InstallRecord() }
        do {
            return try JSONDecoder().decode(InstallRecord.self, from: Data(bytes))
        } catch {
            throw InstallError(message: "\(path) is not preflight's install record: remove it, then install again")
        }
    }

    /// Runs `body` on the record at `path` and saves what it changed, also when `body` fails part way (what
    /// was done before the failure stays recorded; the failure is what is reported).
    static func updating(_ path: String, _ body: (inout InstallRecord) throws -> Void) throws {
        var record = try load(path)
        do {
            try body(&record)
        } catch {
            try? record.save(to: path)
            throw error
        }
        try record.save(to: path)
    }

    /// Writes the record to `path` atomically (the file removed when the record is empty).
    func save(to path: String) throws(InstallError) {
        if self == InstallRecord() {
            guard unlink(path) == 0 || errno == ENOENT else {
                throw InstallError(message: "cannot remove \(path): \(String(cString: strerror(errno)))")
            }
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
            let json = try? encoder.encode(self)
        else { throw InstallError(message: "cannot write \(path): cannot create its folder \(folder)") }
        do {
            try AtomicFile.write(Array(json) + [10], to: path, mode: 0o644)
        } catch {
            throw InstallError(message: error.description)
        }
    }
}
