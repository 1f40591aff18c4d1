import Formats
import Foundation

/// Import lists of Python blobs kept on disk, so a run scans only the files it has not seen before.
///
/// One file, `<common git dir>/preflight/cache/imports.bin`, holding the scanner's records by blob id: a
/// blob id fixes the bytes and the scan reads nothing else, so a hit is exact. The file is written whole to
/// a temporary file (`O_CREAT|O_EXCL|O_NOFOLLOW`, a random name) renamed over it; a file that is unreadable,
/// truncated, foreign or of another version is a miss and is rewritten. `PREFLIGHT_CACHE=0` turns it off
/// with the graph cache (`GraphCache.of`).
///
/// ```
/// "PFIMPRT\0"  u32 format  u32 blobs
/// per blob: 20-byte id, u32 records, per record: u32 line, u8 level, u8 from, string module,
///           u32 names, string per name          (string: u32 length, UTF-8 bytes)
/// u64 checksum of every byte before it
/// ```
public struct ImportCache: Sendable {
    /// The folder holding the file.
    public let directory: String
    /// The most blobs kept: beyond it, the blobs of this run are kept first.
    static let maxBlobs = 400_000
    /// Bumped whenever the format or the scanner's rules change.
    static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("PFIMPRT\0".utf8)

    public init(directory: String) { self.directory = directory }

    /// The cache file.
    public var file: String { "\(directory)/imports.bin" }

    /// Adds the cached lists to `scans`; a missing or bad file adds nothing.
    public func load(into scans: ImportScans) {
        guard let data = GraphCache.contents(of: file) else {
            Trace.mark("import cache miss (no file)")
            return
        }
        guard let decoded = ImportCache.decode(data) else {
            Trace.mark("import cache miss (bad file, ignored)")
            return
        }
        scans.byBlob.merge(decoded) { old, _ in old }
        Trace.mark("import cache hit (\(decoded.count) blobs)")
    }

    /// Writes every list `scans` holds; false when the cache cannot be written (never an error).
    @discardableResult
    public func store(_ scans: ImportScans) -> Bool {
        var lists = scans.byBlob
        if lists.count > ImportCache.maxBlobs {
            let kept = scans.scanned.compactMap { id in scans.byBlob[id].map { (id, $0) } }
            lists = Dictionary(kept) { first, _ in first }
        }
        return GraphCache.writeFile(ImportCache.encode(lists), to: file, in: directory)
    }
}
