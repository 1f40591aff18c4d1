internal import CGit2
import Foundation
import Model

extension Repository {
    /// True when something (a file, link or directory) exists at `path` in the working tree.
    /// Links are not followed. False for a bare repository.
    public func existsInWorkingTree(_ path: RepoPath) -> Bool {
        guard let workdir else { return false }
        var info = stat()
        return withCPath(Array(workdir.utf8) + path.bytes) { lstat($0, &info) } == 0
    }

    /// True when git's ignore rules (`.gitignore`, `info/exclude`, `core.excludesFile`) ignore `path`.
    public func isIgnored(_ path: RepoPath) -> Bool {
        var ignored: Int32 = 0
        let code = withCPath(path.bytes) { git_ignore_path_is_ignored(&ignored, handle, $0) }
        return code == 0 && ignored == 1
    }

    /// The blob id git would give `bytes` (`git hash-object`), without writing anything.
    public func blobID(of bytes: [UInt8]) -> ObjectID? {
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { raw in
            git_odb_hash(&oid, raw.baseAddress, raw.count, GIT_OBJECT_BLOB)
        }
        return code == 0 ? ObjectID(oid) : nil
    }

    /// The repository of the submodule at `gitlink`: its checked-out work tree, else its store under
    /// `.git/modules/<name>`; nil when neither is here.
    public func submodule(at gitlink: RepoPath) -> Repository? {
        guard let relative = gitlink.utf8String else { return nil }
        if let workdir, let checkedOut = try? Repository(discoveringFrom: workdir + relative),
            checkedOut.gitDir != gitDir, checkedOut.workdir == workdir + relative + "/"
        {
            return checkedOut
        }
        var name = relative
        var submodule: OpaquePointer?
        try? useEnvironmentIndex()
        if git_submodule_lookup(&submodule, handle, relative) == 0, let submodule {
            if let cName = git_submodule_name(submodule) { name = String(cString: cName) }
            git_submodule_free(submodule)
        }
        let store = commonDir + "modules/" + name
        guard FileManager.default.fileExists(atPath: store) else { return nil }
        return try? Repository(discoveringFrom: store)
    }
}
