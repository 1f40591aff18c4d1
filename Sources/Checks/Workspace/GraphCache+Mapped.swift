import Foundation

/// A graph cache file mapped read-only and read in place (the layout is in `GraphCache+Format`).
///
/// Opening checks the header, that the sections follow each other exactly up to the file's size, and one
/// checksum over the header and the table of block checksums. A read is bounds-checked, and the 4 KiB blocks
/// it touches are checked against their checksums on first use; a failed check marks the file damaged (its
/// answers are then thrown away by the reader, and the file removed so the next run writes it again).
final class MappedGraphFile {
    typealias Section = GraphCache.Section
    private let file: CheckedFile
    /// Paths decoded so far, by index.
    private var paths: [Int: RepoPath] = [:]
    /// True once a read found a block whose checksum does not match, or a value out of bounds.
    var damaged: Bool { file.damaged }

    /// The file at `path` mapped, or nil when it is missing or not a sound file of this format for `tree`.
    static func map(_ path: String, tree: ObjectID) -> MappedGraphFile? {
        CheckedFile.map(path, minimumSize: GraphCache.headerSize + 8) { layout($0, tree: tree, path: path) }
            .map(MappedGraphFile.init)
    }

    /// A copy of `bytes` read as a file, or nil when they are not a sound file.
    static func reading(_ bytes: [UInt8], tree: ObjectID) -> MappedGraphFile? {
        CheckedFile.reading(bytes) { layout($0, tree: tree, path: nil) }.map(MappedGraphFile.init)
    }

    private init(_ file: CheckedFile) { self.file = file }

    /// The sections of a sound header, or nil.
    private static func layout(_ buf: UnsafeRawBufferPointer, tree: ObjectID, path: String?) -> CheckedFile.Layout? {
        guard buf.count >= GraphCache.headerSize + 8, buf.starts(with: GraphCache.magic) else { return nil }
        func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        guard u32(8) == GraphCache.formatVersion, u32(12) == LinkResolver.maxHops, ObjectID(bytes: buf, at: 16) == tree,
            u32(36) == GraphCache.blockSize
        else { return nil }
        guard
            let result = CheckedFile.sections(
                buf, fieldsSize: 40, recordSizes: Section.allCases.map(\.recordSize), blockSize: GraphCache.blockSize,
                trailer: GraphCache.trailerSum)
        else { return nil }
        return CheckedFile.Layout(
            sections: result, strings: Section.strings.rawValue, blockSize: GraphCache.blockSize,
            blockSum: { WordDigest.of($0, seed: GraphCache.blockSeed ^ UInt64($1)) },
            onDamage: {
                guard let path else { return }
                Trace.mark("graph cache file damaged, removed")
                unlink(path)
            })
    }

    /// The number of records in `section`.
    func count(_ section: Section) -> Int { file.count(section.rawValue) }

    /// Field `field` (a `u32`) of record `index` of `section`; nil (and the file damaged) when out of bounds
    /// or in a block whose checksum does not match.
    func field(_ section: Section, _ index: Int, _ field: Int) -> UInt32? {
        file.field(section.rawValue, index, field)
    }

    /// The bytes of path `index`, checked.
    func pathBytes(_ index: Int) -> UnsafeRawBufferPointer? { file.string(Section.paths.rawValue, index) }

    /// Path `index` (`none` is `.some(nil)`), or nil when it cannot be read.
    func path(_ index: UInt32) -> RepoPath?? {
        if index == GraphCache.none { return .some(nil) }
        if let known = paths[Int(index)] { return known }
        guard let bytes = pathBytes(Int(index)) else { return nil }
        let path = RepoPath(trusted: Array(bytes))
        paths[Int(index)] = path
        return path
    }

    /// Checks every block: true when the whole file is sound.
    func checkAll() -> Bool { file.checkAll() }

    /// Marks the file damaged and returns nil.
    func fail<T>() -> T? { file.fail() }
}
