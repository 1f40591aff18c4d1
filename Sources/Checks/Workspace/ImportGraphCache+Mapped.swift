import Foundation

/// An import graph file mapped read-only and read in place.
///
/// Opening checks the header, that the sections follow each other exactly up to the file's size, and one
/// checksum over the header and the table of block checksums; the data is then trusted block by block: every
/// read is bounds-checked and the 1 KiB blocks it touches are checked against their checksums on first use.
/// A failed check marks the file damaged, and a reader of a damaged file throws its answers away.
final class MappedImportFile {
    typealias Section = ImportGraphCache.Section
    private let file: CheckedFile
    /// True once a read found a block whose checksum does not match, or an offset out of bounds.
    var damaged: Bool { file.damaged }

    /// The file at `path` mapped, or nil when it is missing or not a sound file of this format for `tree`
    /// and `context`.
    static func map(_ path: String, tree: ObjectID, context: UInt64) -> MappedImportFile? {
        CheckedFile.map(path, minimumSize: 1) { layout($0, tree: tree, context: context) }.map(MappedImportFile.init)
    }

    /// A copy of `bytes` read as a file (for tests), or nil when they are not a sound file.
    static func reading(_ bytes: [UInt8], tree: ObjectID, context: UInt64) -> MappedImportFile? {
        CheckedFile.reading(bytes) { layout($0, tree: tree, context: context) }.map(MappedImportFile.init)
    }

    private init(_ file: CheckedFile) { self.file = file }

    /// The sections of a sound header, or nil.
    private static func layout(_ buf: UnsafeRawBufferPointer, tree: ObjectID, context: UInt64) -> CheckedFile.Layout? {
        guard buf.count >= ImportGraphCache.headerSize + 8, buf.starts(with: ImportGraphCache.magic) else { return nil }
        func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        let contextAt = ImportGraphCache.magic.count + 28
        guard u32(8) == ImportGraphCache.formatVersion, u32(12) == ImportGraphCache.blockSize,
            ObjectID(bytes: buf, at: 16) == tree,
            UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: contextAt, as: UInt64.self)) == context
        else { return nil }
        guard
            let result = CheckedFile.sections(
                buf, fieldsSize: contextAt + 8, recordSizes: Section.allCases.map(\.recordSize),
                blockSize: ImportGraphCache.blockSize, trailer: ImportGraphCache.trailerSum)
        else { return nil }
        let slots = result[Section.slots.rawValue].count
        guard slots & (slots &- 1) == 0, result[Section.records.rawValue].count == result[Section.paths.rawValue].count
        else { return nil }
        return CheckedFile.Layout(
            sections: result, strings: Section.strings.rawValue, blockSize: ImportGraphCache.blockSize,
            blockSum: { ImportGraphCache.blockSum($0, block: $1) })
    }

    /// The number of records in `section`.
    func count(_ section: Section) -> Int { file.count(section.rawValue) }

    /// Field `field` (a `u32`) of record `index` of `section`; nil (and the file damaged) when out of bounds
    /// or in a block whose checksum does not match.
    func field(_ section: Section, _ index: Int, _ field: Int) -> UInt32? {
        file.field(section.rawValue, index, field)
    }

    /// The bytes of string `index` of `section` (paths, modules or roots), checked.
    func string(_ section: Section, _ index: Int) -> UnsafeRawBufferPointer? { file.string(section.rawValue, index) }

    /// Checks every block: true when the whole file is sound.
    func checkAll() -> Bool { file.checkAll() }
}
