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
        let contents: (bytes: [UInt8], modified: (seconds: Int, nanoseconds: Int))?
        do {
            contents = try RegularFile.contents(sharedPath)
        } catch {
            throw IndexFormatError("its shared index \(sharedPath) cannot be read: \(error.reason)")
        }
        guard let bytes = contents?.bytes else { throw IndexFormatError("its shared index \(sharedPath) is missing") }
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
}
