internal import CGit2
import Foundation
import Model
import Synchronization

/// An open git repository. Owns its libgit2 handle and frees it in `deinit`.
///
/// Not Sendable: one repository per task. Values read from it (`ObjectID`, `SnapshotEntry`, ...) are.
public final class Repository {
    let handle: OpaquePointer

    /// The working tree's absolute path with a trailing `/`, or nil for a bare repository.
    public let workdir: String?
    /// The git directory (`.git`, or `.git/worktrees/NAME` for a linked worktree).
    public let gitDir: String
    /// The directory shared by all worktrees (where `objects/`, `refs/` and hooks live).
    public let commonDir: String
    /// True when opened with git's environment (`GIT_DIR`, `GIT_INDEX_FILE`, ...) honoured.
    let openedFromEnvironment: Bool
    /// `GIT_INDEX_FILE` from git's environment, not yet given to libgit2. Opening an index reads every
    /// entry (a cost that grows with the repository), and the hook's staged path reads the file itself, so libgit2
    /// gets it only before the first call that uses the index (`useEnvironmentIndex()`).
    private var pendingIndexPath: String?
    /// What reading the index found: not read yet, a plain index, or a split or sparse one composed in memory
    /// (its records, which libgit2 gets as an in-memory index, since libgit2 1.5 reads neither).
    /// Locked: listings read on other threads may read the index.
    let indexComposition = Mutex<IndexComposition>(.unread)
    /// True once this repository gave libgit2 an index of its own (`GIT_INDEX_FILE`, or a composed one).
    private var installedIndex = false

    /// Opens the repository that contains `path`, searching upwards as git does.
    ///
    /// With `path == nil` the search starts at the current directory and honours `GIT_DIR`,
    /// `GIT_WORK_TREE`, `GIT_COMMON_DIR` and `GIT_INDEX_FILE`, as a hook run by git needs.
    public init(discoveringFrom path: String? = nil) throws(RepositoryError) {
        git_libgit2_init()
        preflight_git_skip_read_hash_verification()
        var repo: OpaquePointer?
        var pending: String?
        let explicit = path == nil ? try WorkTreeEnvironment.current() : nil
        var code = Repository.open(&repo, path, explicit, &pending)
        if code != 0 {
            // libgit2 1.5 refuses a repository owned by another user, reporting a config lookup's error instead
            // of GIT_EOWNER. Opened without the owner check, such a repository opens: it is then kept only when
            // git's safe.directory trusts it, and refused as git refuses it otherwise.
            let failed = lastError(code, "git_repository_open_ext")
            preflight_git_set_owner_validation(0)
            code = Repository.open(&repo, path, explicit, &pending)
            preflight_git_set_owner_validation(1)
            if code == 0, let opened = repo, let refused = SafeDirectory.untrustedPath(of: opened) {
                git_repository_free(opened)
                git_libgit2_shutdown()
                throw .dubiousOwnership(refused)
            }
            if code != 0 { git_error_set_str(Int32(GIT_ERROR_REPOSITORY.rawValue), failed.message) }
        }
        guard code == 0, let repo else {
            let err = lastError(code, "git_repository_open_ext")
            git_libgit2_shutdown()
            throw .notARepository(path ?? ProcessEnvironment.currentDirectory, err.message)
        }
        handle = repo
        openedFromEnvironment = path == nil
        pendingIndexPath = pending
        workdir = git_repository_workdir(repo).map { String(cString: $0) }
        gitDir = String(cString: git_repository_path(repo))
        commonDir = String(cString: git_repository_commondir(repo))
    }

    /// Opens the repository containing `path`, or the one git's environment names when `path` is nil; sets
    /// `pending` to a `GIT_INDEX_FILE` to give libgit2 later. Returns libgit2's code.
    private static func open(
        _ repo: inout OpaquePointer?, _ path: String?, _ explicit: WorkTreeEnvironment?, _ pending: inout String?
    ) -> Int32 {
        if let path { return git_repository_open_ext(&repo, path, 0, nil) }
        if let explicit {
            pending = explicit.indexFile
            let (code, detail) = explicit.open(&repo)
            if let detail {
                git_repository_free(repo)
                repo = nil
                git_error_set_str(Int32(GIT_ERROR_REPOSITORY.rawValue), detail)
            }
            return code
        }
        if let plain = PlainEnvironment.current() {
            // What GIT_REPOSITORY_OPEN_FROM_ENV does when only the search and the index are set, minus
            // reading the index now.
            pending = plain.indexFile
            return git_repository_open_ext(
                &repo, ProcessEnvironment.currentDirectory, plain.flags,
                plain.ceilings)
        }
        return git_repository_open_ext(&repo, nil, UInt32(GIT_REPOSITORY_OPEN_FROM_ENV.rawValue), nil)
    }

    /// Gives libgit2 the index `GIT_INDEX_FILE` names, once, before a libgit2 call that reads the index.
    /// A split or sparse index is given to libgit2 composed, in memory.
    func useEnvironmentIndex() throws(GitError) {
        if case .unread = indexComposition.withLock({ $0 }), workdir != nil { _ = try indexFile() }
        if case .composed(let records, installed: false) = indexComposition.withLock({ $0 }) {
            try installInMemory(records)
            indexComposition.withLock { $0 = .composed(records, installed: true) }
            pendingIndexPath = nil
            installedIndex = true
        }
        guard let path = pendingIndexPath else { return }
        pendingIndexPath = nil
        // libgit2 opens it blocking and unchecked: a FIFO there would hang, a link would be followed.
        do {
            if let opened = try RegularFile.open(path) { close(opened.fd) }
        } catch {
            throw GitError(function: "GIT_INDEX_FILE", code: -1, message: error.description)
        }
        var index: OpaquePointer?
        try check(git_index_open(&index, path), "git_index_open")
        defer { git_index_free(index) }
        try check(git_repository_set_index(handle, index), "git_repository_set_index")
        installedIndex = true
    }

    /// Runs `body` with `index` as the repository's index where libgit2 would otherwise read the whole index
    /// file for the little it asks of it: whether paths compare ignoring case (its iterators ask), and the
    /// `.gitattributes` files it holds (its filters ask). An index this repository installed is left in place:
    /// libgit2 holds it already.
    func standingIn<R>(
        _ index: OpaquePointer, _ body: () throws(GitError) -> R
    ) throws(GitError) -> R {
        if installedIndex { return try body() }
        try check(git_repository_set_index(handle, index), "git_repository_set_index")
        // Back to reading the index file when next needed (libgit2 takes nil as "not loaded").
        defer { git_repository_set_index(handle, nil) }
        return try body()
    }

    deinit {
        git_repository_free(handle)
        git_libgit2_shutdown()
    }

    /// True for a shallow clone (`.git/shallow` exists); libgit2 1.5 walks stop at its boundary.
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// True when HEAD names a branch with no commit yet.
    public var isHeadUnborn: Bool { git_repository_head_unborn(handle) == 1 }

    /// True when HEAD points at a commit directly.
    public var isHeadDetached: Bool { git_repository_head_detached(handle) == 1 }

    /// The commit HEAD points at, or nil on an unborn branch.
    public func headCommit() throws(GitError) -> ObjectID? {
        if isHeadUnborn { return nil }
        return try resolveCommit("HEAD")
    }

    /// The commit a revision expression names (`main`, `HEAD~2`, a sha, a tag).
    public func resolveCommit(_ spec: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, spec), "git_revparse_single")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit).pointee)
    }

    /// The best common ancestor of two commits; nil when they share no history.
    /// In a shallow clone a walk that hits the boundary throws instead (libgit2 1.5 ignores `.git/shallow`).
    public func mergeBase(of a: ObjectID, and b: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var ra = a.raw
        var rb = b.raw
        let code = git_merge_base(&out, handle, &ra, &rb)
        if code == GIT_ENOTFOUND.rawValue {
            if isShallow { throw lastError(code, "git_merge_base") }
            return nil
        }
        try check(code, "git_merge_base")
        return ObjectID(out)
    }

    /// True when the object is in the object database (a shallow clone lacks commits past its boundary).
    public func contains(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0 else { return false }
        defer { git_odb_free(odb) }
        var raw = id.raw
        return git_odb_exists(odb, &raw) == 1
    }

    /// The tree of a commit.
    public func treeID(ofCommit id: ObjectID) throws(GitError) -> ObjectID {
        var commit: OpaquePointer?
        var raw = id.raw
        try check(git_commit_lookup(&commit, handle, &raw), "git_commit_lookup")
        defer { git_commit_free(commit) }
        return ObjectID(git_commit_tree_id(commit).pointee)
    }

    /// The parents of a commit, first parent first.
    public func parents(ofCommit id: ObjectID) throws(GitError) -> [ObjectID] {
        var commit: OpaquePointer?
        var raw = id.raw
        try check(git_commit_lookup(&commit, handle, &raw), "git_commit_lookup")
        defer { git_commit_free(commit) }
        let count = git_commit_parentcount(commit)
        return (0..<count).compactMap { git_commit_parent_id(commit, $0).map { ObjectID($0.pointee) } }
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        var blob: OpaquePointer?
        var raw = id.raw
        try check(git_blob_lookup(&blob, handle, &raw), "git_blob_lookup")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let data = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: size))
    }

    /// The value of a config key, or nil when unset.
    public func configString(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// True when a full reference name exists (`refs/remotes/origin/main`).
    /// The ref a symbolic ref points to (`refs/remotes/origin/HEAD` → `refs/remotes/origin/main`), or nil.
    public func symbolicTarget(_ name: String) -> String? {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, handle, name) == 0 else { return nil }
        defer { git_reference_free(ref) }
        return git_reference_symbolic_target(ref).map { String(cString: $0) }
    }

    public func referenceExists(_ name: String) -> Bool {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, handle, name) == 0 else { return false }
        git_reference_free(ref)
        return true
    }
}

/// Why a repository could not be opened or could not answer; the CLI exits 3 for these.
public enum RepositoryError: Error, CustomStringConvertible, Sendable {
    case notARepository(String, String)
    /// The repository at this path belongs to another user and `safe.directory` does not trust it.
    case dubiousOwnership(String)
    case git(GitError)

    public var description: String {
        switch self {
        case .notARepository(let path, let detail):
            "not a git repository: \(path)" + (detail.isEmpty ? "" : " (\(detail))")
        case .dubiousOwnership(let path):
            "detected dubious ownership in repository at '\(path)': it belongs to another user; to trust it, "
                + "run: git config --global --add safe.directory \(path)"
        case .git(let e): e.description
        }
    }
}

/// git's environment when it asks only for what `git_repository_open_ext` takes as arguments: the search
/// from the current directory (`GIT_CEILING_DIRECTORIES`, `GIT_DISCOVERY_ACROSS_FILESYSTEM`) and the index
/// (`GIT_INDEX_FILE`). `GIT_WORK_TREE` and `GIT_COMMON_DIR` are `WorkTreeEnvironment`'s; anything else
/// (`GIT_DIR` alone, object directories, a namespace) is left to libgit2's `GIT_REPOSITORY_OPEN_FROM_ENV`.
private struct PlainEnvironment {
    var flags: UInt32 = 0
    var ceilings: String?
    var indexFile: String?

    static let delegated = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
    ]

    static func current() -> PlainEnvironment? {
        func value(_ name: String) -> String? { ProcessEnvironment.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        guard delegated.allSatisfy({ value($0) == nil }) else { return nil }
        var result = PlainEnvironment()
        result.ceilings = value("GIT_CEILING_DIRECTORIES")
        if let across = value("GIT_DISCOVERY_ACROSS_FILESYSTEM")?.lowercased(),
            ["1", "true", "yes", "on"].contains(across)
        {
            result.flags |= UInt32(GIT_REPOSITORY_OPEN_CROSS_FS.rawValue)
        }
        if let index = value("GIT_INDEX_FILE") {
            result.indexFile = index.hasPrefix("/") ? index : ProcessEnvironment.currentDirectory + "/" + index
        }
        return result
    }
}
