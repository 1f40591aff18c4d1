import Formats

/// Import lists by blob id, shared by the two sides of a change so an unchanged file is scanned once, and
/// loaded from and saved to `ImportCache` when one is given.
public final class ImportScans {
    /// Lists by blob id: loaded from the cache or scanned in this run.
    var byBlob: [ObjectID: [PythonImport]] = [:]
    /// Blob ids scanned in this run (the ones a cache does not hold yet).
    var scanned: [ObjectID] = []
    /// Scans begun on other threads (`Affected`'s prescan of the changed files), taken in on first use.
    private var started: Started?

    public init() {}

    /// Files being read and scanned on other threads (`Snapshot.startMapBytes`).
    struct Started {
        let entries: [SnapshotEntry]
        let found: PendingBytes<[PythonImport]>
    }

    /// Takes `scans`' lists in before anything is read or scanned here.
    func adopt(_ scans: Started) { started = scans }

    /// The adopted scans' lists, once.
    private func takeStarted() throws(SnapshotError) {
        guard let started else { return }
        self.started = nil
        for (entry, imports) in zip(started.entries, try started.found.finish()) {
            guard let id = entry.id, byBlob[id] == nil else { continue }
            byBlob[id] = imports
            scanned.append(id)
        }
    }

    /// Scans every entry with a blob id not known yet, reading and scanning on every core, so the lookups
    /// that follow find them.
    func prefetch(_ entries: [SnapshotEntry], in snapshot: Snapshot) throws(SnapshotError) {
        try takeStarted()
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
        try takeStarted()
        if let id = entry.id, let known = byBlob[id] { return known }
        let found = PythonImports.scan(try snapshot.bytes(of: entry))
        if let id = entry.id {
            byBlob[id] = found
            scanned.append(id)
        }
        return found
    }
}
