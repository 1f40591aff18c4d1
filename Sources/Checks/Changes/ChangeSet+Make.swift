import Foundation

extension ChangeSet {
    /// Computes the change set a request names, applying the missing-base policy.
    ///
    /// Reads git objects only; `--on-missing-base deepen` may run `git fetch --deepen` (never in a hook).
    public static func make(_ repository: Repository, _ request: ChangeRequest) throws(ChangeSetError) -> ChangeSet {
        Trace.mark("start")
        var repository = repository
        var notes: [String] = []
        var step = 0
        while true {
            do {
                return try attempt(repository, request, notes: &notes)
            } catch let error as BaseMissing {
                switch request.onMissingBase {
                case .error:
                    throw ChangeSetError.missingBase(error.what, hint: error.hint)
                case .all:
                    return try everythingAffected(repository, request, reason: error.what, notes: notes)
                case .deepen:
                    guard step < Deepen.steps.count else {
                        throw ChangeSetError.missingBase(
                            error.what,
                            hint: "still missing after deepening: "
                                + "run 'git fetch --unshallow' or use --on-missing-base all")
                    }
                    let result = Deepen.run(repository, step: step, ref: error.ref)
                    notes.append(result)
                    step += 1
                    do {
                        repository = try Repository(discoveringFrom: repository.workdir ?? repository.gitDir)
                    } catch {
                        throw ChangeSetError.unreadable("reopening the repository after 'git fetch': \(error)")
                    }
                }
            } catch let error as UsageError {
                throw ChangeSetError.badRequest(error.description)
            } catch {
                throw failure(error)
            }
        }
    }

    /// What a failure other than a missing base is: only `BaseMissing` may become "missing base"; anything
    /// else says what it is (exit 3).
    static func failure(_ error: any Error) -> ChangeSetError {
        switch error {
        case let error as ChangeSetError: error
        case let error as GitError: .git(error)
        case let error as SnapshotError: .snapshot(error)
        default: .unreadable("\(error)")
        }
    }

    /// The base is missing: what, why, and which ref a deepen should fetch.
    struct BaseMissing: Error {
        let what: String
        let hint: String
        let ref: String?
    }

    /// One try at the change set `request` names, against the history `repo` has now.
    private static func attempt(_ repo: Repository, _ request: ChangeRequest, notes: inout [String]) throws -> ChangeSet
    {
        let head = try repo.headCommit()
        if repo.workdir == nil, let mode = request.source.needsWorkingTree {
            throw ChangeSetError.badRequest(
                "\(mode) needs a working tree and an index, which a bare repository has not: "
                    + "use --range A..B or --changed-since REF --committed-only")
        }
        switch request.source {
        case .staged:
            return try staged(repo, request, head: head, notes: notes)
        case .changedSince(let ref, let committedOnly):
            return try changedSince(repo, request, ref: ref, committedOnly: committedOnly, head: head, notes: &notes)
        case .range(let a, let b, let threeDot):
            return try range(repo, request, from: a, to: b, threeDot: threeDot, notes: &notes)
        case .files(let paths):
            let base = try CommitSnapshot(onDemand: repo, commit: head)
            Trace.mark("open HEAD tree")
            return try toWorkingTree(repo, request, base: base, baseID: head, paths: paths, notes: notes)
        case .all:
            let headSnap = try CommitSnapshot(repo, commit: head)
            return ChangeSet(
                GitHistory(repo), source: request.source, base: try CommitSnapshot(repo, commit: nil),
                head: headSnap,
                changes: additions(of: headSnap.table), notes: notes)
        }
    }

    /// HEAD to the index; HEAD's listing is derived from the index's, so the index is listed only once.
    private static func staged(_ repo: Repository, _ request: ChangeRequest, head: ObjectID?, notes: [String])
        throws -> ChangeSet
    {
        Trace.mark("resolve HEAD")
        // One listing only: the index's; HEAD's is the index with the changes reverted.
        let index = try IndexSnapshot(repo)
        Trace.mark("read index (\(index.table.count) entries)")
        let headTree = try tree(repo, head)
        let changes: [Change]
        if let file = index.file, let fast = try repo.stagedChanges(headTree: headTree, index: file) {
            changes = fast
        } else {
            // libgit2 lists an intent-to-add entry (`git add -N`) as an added empty file; git stages nothing.
            changes = try repo.diff(.treeToIndex(headTree)).filter {
                $0.kind != .added || index.table.entry(at: $0.path) != nil
            }
        }
        Trace.mark("diff HEAD to index (\(changes.count) changes)")
        let base = CommitSnapshot(repo, commit: head, table: index.table.reverting(changes))
        Trace.mark("derive HEAD listing")
        return ChangeSet(
            GitHistory(repo), source: request.source, base: base, head: index,
            changes: changes, notes: notes)
    }

    /// The merge-base of `ref` and HEAD to HEAD, or to the working tree unless `committedOnly`.
    private static func changedSince(
        _ repo: Repository, _ request: ChangeRequest, ref: String, committedOnly: Bool, head: ObjectID?,
        notes: inout [String]
    ) throws -> ChangeSet {
        let refID = try resolve(repo, ref, notes: &notes)
        var baseID: ObjectID? = nil
        if let head {
            baseID = try mergeBase(repo, refID, head, what: "merge-base of '\(ref)' and HEAD")
        } else {
            notes.append("HEAD is unborn: comparing with the empty tree")
        }
        let base = try CommitSnapshot(onDemand: repo, commit: baseID)
        Trace.mark("open base tree")
        if committedOnly {
            return try between(repo, request, base: base, head: head, notes: notes)
        }
        return try toWorkingTree(repo, request, base: base, baseID: baseID, paths: [], notes: notes)
    }

    /// `a..b` (or `a...b`, from their merge-base); an empty `a` is the empty tree.
    private static func range(
        _ repo: Repository, _ request: ChangeRequest, from a: String, to b: String, threeDot: Bool,
        notes: inout [String]
    ) throws -> ChangeSet {
        let bID = try resolve(repo, b, notes: &notes)
        if a.isEmpty {
            // The empty tree: everything the commit holds (pre-push with no common history).
            return try between(repo, request, base: try CommitSnapshot(repo, commit: nil), head: bID, notes: notes)
        }
        let aID = try resolve(repo, a, notes: &notes)
        var baseID = aID
        if threeDot {
            baseID = try mergeBase(repo, aID, bID, what: "merge-base of '\(a)' and '\(b)'")
        } else if !repo.contains(aID) {
            throw BaseMissing(what: "base commit '\(a)' is not in this repository", hint: fetchHint(repo), ref: nil)
        }
        let base = try CommitSnapshot(onDemand: repo, commit: baseID)
        Trace.mark("open base tree")
        return try between(repo, request, base: base, head: bID, notes: notes)
    }

    /// Two commits: the head's listing is the base's with the changes applied.
    private static func between(
        _ repo: Repository, _ request: ChangeRequest, base: CommitSnapshot, head: ObjectID?,
        notes: [String]
    ) throws -> ChangeSet {
        let changes = try repo.diff(.trees(try tree(repo, base.commit), try tree(repo, head)))
        Trace.mark("diff trees (\(changes.count) changes)")
        let headSnap = CommitSnapshot(repo, commit: head, table: base.table.applying(changes, keepNewIDs: true))
        Trace.mark("derive head listing")
        return ChangeSet(
            GitHistory(repo), source: request.source, base: base, head: headSnap,
            changes: changes, notes: notes)
    }

    private static func toWorkingTree(
        _ repo: Repository, _ request: ChangeRequest, base: CommitSnapshot,
        baseID: ObjectID?, paths: [RepoPath], notes: [String]
    ) throws -> ChangeSet {
        let baseTree = try tree(repo, baseID)
        var changes: [Change]
        // Tracked files only: git's way (the index's stat data) finds the candidates, and the index walk or
        // libgit2's diff over them alone gives the answer the whole diff would. Untracked files need the whole
        // working tree walked.
        var held: ObjectID?
        if paths.isEmpty, !request.untracked, let found = try repo.workingTreeDiff(tree: baseTree) {
            (changes, held) = found
        } else {
            changes = try repo.keepingSkipWorktree(
                try repo.diff(.treeToWorkingTree(baseTree, untracked: request.untracked), paths: paths))
        }
        if !paths.isEmpty {
            changes += try unlisted(paths, base: base, listed: Set(changes.flatMap(\.touchedPaths)), repo: repo)
        }
        Trace.mark("diff to working tree (\(changes.count) changes)")
        let table = base.table.applying(changes, keepNewIDs: false)
        let head = WorkingTreeSnapshot(repo, table: table, tree: held)
        return ChangeSet(
            GitHistory(repo), source: request.source, base: base, head: head,
            changes: changes, notes: notes)
    }

    /// `--files` paths the diff did not list, as modified where they exist: a directory stands for every file
    /// of HEAD below it (as a pathspec does); a path in neither HEAD nor the working tree is a usage error.
    private static func unlisted(_ paths: [RepoPath], base: CommitSnapshot, listed: Set<RepoPath>, repo: Repository)
        throws -> [Change]
    {
        var changes: [Change] = []
        for p in paths where !listed.contains(p) {
            if base.table.isDirectory(p) || p.isRoot {
                for entry in base.table.entries(under: p) where !listed.contains(entry.path) {
                    changes.append(Change(path: entry.path, kind: .modified, oldMode: entry.mode, newMode: entry.mode))
                }
                continue
            }
            let mode = base.table.entry(at: p)?.mode
            if mode == nil {
                guard let kind = workingTreeKind(p, repo) else {
                    throw UsageError("--files: '\(p)' is neither in HEAD nor in the working tree; check the path")
                }
                // A directory only the working tree has is no changed file; its files are named one by one.
                if kind == S_IFDIR {
                    throw UsageError("--files: '\(p)' is a directory with no file of HEAD below it; name its files")
                }
            }
            changes.append(Change(path: p, kind: .modified, oldMode: mode, newMode: mode))
        }
        return changes
    }

    /// The file type (`S_IFREG`, `S_IFLNK`, `S_IFDIR`, ...) of `path` in the work tree, a link not followed;
    /// nil when it does not exist there.
    private static func workingTreeKind(_ path: RepoPath, _ repo: Repository) -> mode_t? {
        guard let workdir = repo.workdir else { return nil }
        var info = stat()
        let full = Array(workdir.utf8) + path.bytes + [0]
        let found = full.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { lstat($0, &info) == 0 }
        }
        return found ? info.st_mode & S_IFMT : nil
    }

    private static func everythingAffected(
        _ repo: Repository, _ request: ChangeRequest, reason: String,
        notes: [String]
    ) throws(ChangeSetError) -> ChangeSet {
        do {
            let headSnap: Snapshot
            switch request.source {
            case .staged: headSnap = try IndexSnapshot(repo)
            case .range(_, let b, _): headSnap = try CommitSnapshot(repo, commit: try repo.resolveCommit(b))
            default: headSnap = try CommitSnapshot(repo, commit: try repo.headCommit())
            }
            return ChangeSet(
                GitHistory(repo), source: request.source, base: try CommitSnapshot(repo, commit: nil),
                head: headSnap,
                changes: additions(of: headSnap.table),
                notes: notes + ["\(reason): treating every target as affected"], missingBase: reason)
        } catch {
            throw .git(error)
        }
    }

    private static func additions(of table: EntryTable) -> [Change] {
        table.entries.map { Change(path: $0.path, kind: .added, oldMode: nil, newMode: $0.mode, newID: $0.id) }
    }

    private static func tree(_ repo: Repository, _ commit: ObjectID?) throws(GitError) -> ObjectID? {
        guard let commit else { return nil }
        return try repo.treeID(ofCommit: commit)
    }

    /// Resolves a ref, falling back to `refs/remotes/origin/REF` (with a note).
    private static func resolve(_ repo: Repository, _ ref: String, notes: inout [String]) throws -> ObjectID {
        do {
            return try repo.resolveCommit(ref)
        } catch {
            let remoteRef = "refs/remotes/origin/\(ref)"
            if repo.referenceExists(remoteRef), let id = try? repo.resolveCommit(remoteRef) {
                notes.append("'\(ref)' is not a local ref: using origin/\(ref)")
                return id
            }
            if repo.isShallow || error.isNotFound {
                throw BaseMissing(
                    what: "unknown revision '\(ref)'",
                    hint: "fetch it ('git fetch origin \(ref)'), name an existing ref, "
                        + "or pass --on-missing-base all|deepen", ref: ref)
            }
            throw ChangeSetError.unknownRef(ref, hint: "\(error)")
        }
    }

    private static func mergeBase(_ repo: Repository, _ a: ObjectID, _ b: ObjectID, what: String) throws -> ObjectID {
        let found: ObjectID?
        do {
            found = try repo.mergeBase(of: a, and: b)
        } catch {
            // Only a shallow clone's boundary means the base is missing; any other failure is an error.
            guard repo.isShallow else { throw ChangeSetError.git(error) }
            throw BaseMissing(
                what: "\(what) is not in this \(repo.isShallow ? "shallow clone" : "repository")",
                hint: fetchHint(repo), ref: nil)
        }
        guard let found else {
            throw BaseMissing(
                what: "\(what): the two commits share no history",
                hint: "compare with --range A..B, or use --on-missing-base all", ref: nil)
        }
        return found
    }

    private static func fetchHint(_ repo: Repository) -> String {
        repo.isShallow
            ? "deepen the clone ('git fetch --deepen=100' or 'git fetch --unshallow'), "
                + "or pass --on-missing-base deepen|all"
            : "fetch the missing commits, or pass --on-missing-base all"
    }
}

extension ChangeSource {
    /// The option naming this source when it reads the index or the working tree; nil when commits alone answer.
    fileprivate var needsWorkingTree: String? {
        switch self {
        case .staged: "--staged"
        case .files: "--files"
        case .changedSince(_, let committedOnly): committedOnly ? nil : "comparing with the working tree (the default)"
        case .range, .all: nil
        }
    }
}
