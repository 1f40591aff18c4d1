import Formats

/// Import lists by blob id, shared by the two sides of a change so an unchanged file is scanned once, and
/// loaded from and saved to `ImportCache` when one is given.
public final class ImportScans {
    /// Lists by blob id: loaded from the cache or scanned in this run.
    var byBlob: [ObjectID: [PythonImport]] = [:]
    /// Blob ids scanned in this run (the ones a cache does not hold yet).
    var scanned: [ObjectID] = []

    public init() {}

    /// The imports of a Python file entry; a working-tree file without a blob id is scanned every time.
    func imports(of entry: SnapshotEntry, in snapshot: Snapshot) throws(SnapshotError) -> [PythonImport] {
        if let id = entry.id, let known = byBlob[id] { return known }
        let found = PythonImports.scan(try snapshot.bytes(of: entry))
        if let id = entry.id {
            byBlob[id] = found
            scanned.append(id)
        }
        return found
    }
}
