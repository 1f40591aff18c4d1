import Foundation
import Model

extension IndexRecords {
    /// A split index's records merged into its shared index's, as git's `merge_base_index` does: shared
    /// entries whose bit is set in the delete bitmap go, those set in the replace bitmap take the next
    /// replacement record (stored without a path), and the records after the replacements are added.
    /// `gitDir` holds the shared index, `sharedindex.<id>`, named by the `link` extension.
    func mergingSharedIndex(gitDir: String) throws(IndexFormatError) -> [Record] {
        guard let link = extensions.first(where: { $0.signature == Self.link })?.body, link.count >= 20 else {
            throw IndexFormatError("the link extension is too short")
        }
        let base = link.withUnsafeBytes { ObjectID(bytes: $0, at: 0) }
        if base.isZero { return records }
        let sharedPath = gitDir + (gitDir.hasSuffix("/") ? "" : "/") + "sharedindex." + base.hex
        guard let (bytes, _) = try Self.regularFile(sharedPath) else {
            throw IndexFormatError("its shared index \(sharedPath) is missing")
        }
        let shared = try IndexRecords(bytes: bytes)
        guard shared.checksum == Array(link[..<20]) else {
            throw IndexFormatError("its shared index \(sharedPath) does not have the checksum it is named by")
        }
        var deleted: [Int] = []
        var replaced: [Int] = []
        if link.count > 20 {
            var offset = 20
            let limit = shared.records.count
            guard let d = try EWAHBitmap(link, &offset).setBits(limit: limit),
                let r = try EWAHBitmap(link, &offset).setBits(limit: limit), offset == link.count
            else { throw IndexFormatError("a bitmap of the link extension is corrupt") }
            (deleted, replaced) = (d, r)
        }
        return try Self.merge(shared.records, records, deleted: deleted, replaced: replaced)
    }

    /// Applies the bitmaps and adds the new records as git's `add_index_entry` does: a new record replaces
    /// the one at its path and stage, and a new stage-0 record every stage of its path.
    private static func merge(_ shared: [Record], _ split: [Record], deleted: [Int], replaced: [Int])
        throws(IndexFormatError) -> [Record]
    {
        guard replaced.count <= split.count else { throw IndexFormatError("more replacements than entries") }
        var merged = shared.map(Optional.some)
        for (n, position) in replaced.enumerated() {
            guard split[n].path.isEmpty else { throw IndexFormatError("replacement entry \(n) has a path") }
            var record = split[n]
            record.path = shared[position].path
            merged[position] = record
        }
        for position in deleted { merged[position] = nil }
        let added = split[replaced.count...]
        guard added.allSatisfy({ !$0.path.isEmpty }) else { throw IndexFormatError("an added entry has no path") }
        let mergedPaths = Set(added.filter { $0.stage == 0 }.map(\.path))
        let stagedPaths = Set(added.map { $0.path + [0, UInt8($0.stage)] })
        let kept = merged.compactMap { $0 }.filter {
            !mergedPaths.contains($0.path) && !stagedPaths.contains($0.path + [0, UInt8($0.stage)])
        }
        return sorted(kept + added)
    }

    /// Records in git's order: by path bytes, then stage.
    static func sorted(_ records: [Record]) -> [Record] {
        records.sorted { a, b in
            let order = a.path.withUnsafeBytes { pa in b.path.withUnsafeBytes { IndexFile.compare(pa, $0) } }
            return order != 0 ? order < 0 : a.stage < b.stage
        }
    }

    /// The bytes of the regular file at `path` and its modification time; nil when there is none. Opened
    /// without blocking and checked to be a regular file, so a FIFO in its place cannot hang the read.
    static func regularFile(_ path: String) throws(IndexFormatError) -> ([UInt8], (Int, Int))? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var result = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < result.count {
            let n = result.withUnsafeMutableBytes { read(fd, $0.baseAddress.map { $0 + done }, $0.count - done) }
            guard n > 0 else {
                throw IndexFormatError(
                    "\(path) cannot be read (\(n < 0 ? String(cString: strerror(errno)) : "cut short"))")
            }
            done += n
        }
        return (result, (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)))
    }
}
