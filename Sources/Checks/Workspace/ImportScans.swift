import Formats

/// Import lists by blob id, shared by the two sides of a change so an unchanged file is scanned once, and
/// loaded from and saved to `ImportCache` when one is given.
public final class ImportScans {
    /// Lists by blob id: loaded from the cache or scanned in this run.
    var byBlob: [ObjectID: [PythonImport]] = [:]
    /// Blob ids scanned in this run (the ones a cache does not hold yet).
    var scanned: [ObjectID] = []

    public init() {}

    /// Scans every entry with a blob id not known yet, reading and scanning on every core, so the lookups
    /// that follow find them.
    func prefetch(_ entries: [SnapshotEntry], in snapshot: Snapshot) throws(SnapshotError) {
        var queued = Set<ObjectID>()
        let missing = entries.filter { entry in
            guard let id = entry.id else { return false }
            return byBlob[id] == nil && queued.insert(id).inserted
        }
        let found = try snapshot.mapBytes(missing) { PythonImports.scan($0) }
        for (entry, imports) in zip(missing, found) {
            guard let id = entry.id else { continue }
            byBlob[id] = imports
            scanned.append(id)
        }
    }

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
