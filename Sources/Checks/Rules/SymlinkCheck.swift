import Model

/// Every tracked link in scope resolves in the head snapshot, relative and inside the repository.
///
/// In scope: links the change added or modified, links whose target (or a link on the way) the change
/// touched — so deleting or renaming a target is reported at every link to it — and with `--all` every link.
///
/// Triggers (error): a dangling link, naming the change that deleted or renamed its target; a loop (a walk
/// that reaches a path twice); a chain longer than the kernel follows (40 links); an absolute link; a link
/// that climbs out of the repository; a link into `.git/`; a link to an untracked or ignored path (it
/// breaks on a fresh clone); a link into a submodule whose pinned commit lacks the path.
/// Triggers (warning): a link into a submodule whose objects are not here, so it cannot be checked.
/// Does not trigger: a link to a file or directory of the head snapshot, through chains and linked
/// directories, or to a path the submodule's pinned commit has.
public struct SymlinkCheck: Check {
    public let id = CheckID.symlink.rawValue
    public let summary = "every tracked link resolves in the snapshot being committed or pushed"

    public init() {}

    public func findings(in context: CheckContext) throws -> [Finding] {
        let head = context.affected.head
        let table = context.changeSet.head.table
        var scope = Set<RepoPath>()
        for entry in context.changedHeadEntries where entry.mode == .symlink { scope.insert(entry.path) }
        if !context.everything {
            if let reached = context.affected.linksReachedByTouchedPaths {
                scope.formUnion(reached)
            } else {
                for path in context.changeSet.touchedPaths {
                    for graph in [context.affected.base, head] {
                        for (input, _) in graph.linkInputs(touchedBy: path) { scope.insert(input.link) }
                    }
                }
            }
            scope.formUnion(linksIntoBumpedSubmodules(in: context))
        }
        var findings: [Finding] = []
        for link in scope.sorted() where table.entry(at: link)?.mode == .symlink {
            let resolution = try head.resolution(of: link) ?? LinkResolver(context.changeSet.head).resolve(link)
            if let finding = try judge(resolution, in: context) { findings.append(finding) }
        }
        return findings
    }

    /// Links of the head that lead into a submodule the change moved to another commit: those whose targets
    /// changed inside it, or every link into it when its objects are not here to tell (as `Affected` reads a
    /// gitlink change). The gitlink's own path is all `touchedPaths` holds, and no link's target is that path.
    private func linksIntoBumpedSubmodules(in context: CheckContext) -> Set<RepoPath> {
        let head = context.affected.head
        var links = Set<RepoPath>()
        for change in context.changeSet.changes where change.newMode == .gitlink {
            let gitlink = change.path
            let inner = change.oldID.flatMap { old in
                change.newID.flatMap { context.history.submoduleChanges(at: gitlink, from: old, to: $0) }
            }
            guard let inner else {
                for (_, input) in head.linkInputs(inside: gitlink) { links.insert(input.link) }
                continue
            }
            for path in inner {
                for (input, _) in head.linkInputs(touchedBy: path) { links.insert(input.link) }
            }
        }
        return links
    }

    /// The finding for one resolved link, or nil when it is sound.
    func judge(_ resolution: LinkResolution, in context: CheckContext) throws -> Finding? {
        let link = resolution.link
        let snapshot = context.changeSet.head
        // The link whose own text is at fault: the last link walked, else the link itself. Walks that
        // end at a path list it last in `hops`; absolute and escaping walks stop at the link before.
        let culprit: RepoPath
        switch resolution.outcome {
        case .absolute, .escapes: culprit = resolution.hops.last ?? link
        case .loop, .tooManyLinks: culprit = link
        default: culprit = resolution.hops.dropLast().last ?? link
        }
        let text = RepoPath(bytes: try snapshot.linkText(at: culprit) ?? [])
        let via = culprit == link ? "" : " (through the link \(culprit))"
        func error(_ message: String, fix: String? = nil) -> Finding {
            Finding(check: id, severity: .error, message: message, path: link, fix: fix)
        }
        switch resolution.outcome {
        case .file, .directory:
            guard let target = resolution.target, context.changeSet.head.kind == .workingTree,
                let entry = snapshot.table.entry(at: target), entry.id == nil, !(try context.isTracked(target))
            else { return nil }
            return error(
                "link target is not tracked: \(target)",
                fix: "add it with 'git add \(target)', or point the link at a tracked path")
        case .submodule(let gitlink):
            return try judgeInSubmodule(resolution, gitlink: gitlink, in: context)
        case .absolute:
            return error(
                "link is absolute: \(text)\(via)",
                fix: "use a relative path; an absolute link breaks on every other machine")
        case .escapes:
            return error(
                "link climbs out of the repository: \(text)\(via)",
                fix: "point the link at a path inside the repository")
        case .gitDirectory:
            return error(
                "link points into .git/: \(resolution.target.map(\.description) ?? text.description)",
                fix: "git's own files are not part of a commit; link to a tracked path")
        case .loop:
            // The walk up to the first link met twice: `a/x -> a/y -> a/x`.
            var ring = [link]
            for hop in resolution.hops {
                ring.append(hop)
                if ring.dropLast().contains(hop) || ring.count > 8 { break }
            }
            return error(
                "link loop: \(ring.map(\.description).joined(separator: " -> "))",
                fix: "make one link in the loop point at a file or directory")
        case .tooManyLinks:
            // The chain's start and its last link: the middle of a 41-link chain says nothing more.
            let names = ([link] + resolution.hops).map(\.description)
            let shown = names.count > 5 ? Array(names.prefix(3)) + ["...", names[names.count - 1]] : names
            return error(
                "link chain longer than \(LinkResolver.maxHops) links: \(shown.joined(separator: " -> "))",
                fix: "point the link nearer its target; the system follows at most \(LinkResolver.maxHops) links")
        case .dangling:
            guard let target = resolution.target else {
                if text.bytes.isEmpty {
                    return error(
                        "link text is empty\(via)", fix: "point the link at a file or directory, or remove it")
                }
                return error("link target does not exist: \(text)")
            }
            return try dangling(link, target: target, via: via, in: context)
        }
    }

    /// A dangling link: say which change removed its target, or that it exists only locally.
    private func dangling(
        _ link: RepoPath, target: RepoPath, via: String,
        in context: CheckContext
    ) throws(HistoryError) -> Finding {
        let baseTable = context.changeSet.base.table
        let existedInBase = baseTable.entry(at: target) != nil || baseTable.isDirectory(target)
        if existedInBase && !context.everything {
            if let moved = renamedTo(target, in: context.changeSet.changes) {
                let text = RepoPath(bytes: RepoPath.linkText(from: link.parent, to: moved))
                return Finding(
                    check: id, severity: .error,
                    message: "link target was renamed by this change: \(target) -> \(moved)\(via)",
                    path: link, fix: "point the link at the new path: ln -sfn '\(text)' '\(link)'")
            }
            return Finding(
                check: id, severity: .error,
                message: "link target was deleted by this change: \(target)\(via)",
                path: link, fix: "restore \(target), or remove or repoint the link")
        }
        let checkout = try context.headIsThisCheckout()
        if checkout && context.history.existsInWorkingTree(target) {
            if context.history.isIgnored(target) {
                return Finding(
                    check: id, severity: .error,
                    message: "link target is ignored by git, so a fresh clone lacks it: \(target)\(via)",
                    path: link, fix: "track the target (check .gitignore) or point the link at a tracked path")
            }
            return Finding(
                check: id, severity: .error, message: "link target is not tracked: \(target)\(via)",
                path: link, fix: "add it with 'git add \(target)', or point the link at a tracked path")
        }
        return Finding(
            check: id, severity: .error, message: "link target does not exist: \(target)\(via)",
            path: link, fix: "create \(target), or remove or repoint the link")
    }

    /// Where the change moved `target` (a file, or a directory whose files moved together).
    private func renamedTo(_ target: RepoPath, in changes: [Change]) -> RepoPath? {
        for change in changes where change.kind == .renamed {
            guard let old = change.oldPath, let suffix = old.relative(to: target) else { continue }
            if suffix.isRoot { return change.path }
            let tail = [UInt8(ascii: "/")] + suffix.bytes
            if change.path.bytes.count > tail.count, change.path.bytes.suffix(tail.count).elementsEqual(tail) {
                return RepoPath(bytes: Array(change.path.bytes.dropLast(tail.count)))
            }
        }
        return nil
    }

    /// A link into a submodule: checked at the submodule's pinned commit when its objects are here.
    private func judgeInSubmodule(
        _ resolution: LinkResolution, gitlink: RepoPath,
        in context: CheckContext
    ) throws(HistoryError) -> Finding? {
        guard let target = resolution.target, let inner = target.relative(to: gitlink) else { return nil }
        guard let submodule = try context.submoduleSnapshot(at: gitlink) else {
            return Finding(
                check: id, severity: .warning,
                message: "cannot check link into submodule \(gitlink): its objects are not here",
                path: resolution.link,
                fix: "run 'git submodule update --init \(gitlink)' to check links into it")
        }
        let table = submodule.table
        if let entry = table.entry(at: inner) {
            guard entry.mode == .symlink else { return nil }
            if let inside = try? LinkResolver(submodule).resolve(inner), inside.resolves { return nil }
        } else if table.isDirectory(inner) {
            return nil
        }
        let pinned = submodule.commitID.map { " at \($0.short)" } ?? ""
        return Finding(
            check: id, severity: .error,
            message: "link target does not exist in submodule \(gitlink)\(pinned): \(inner)",
            path: resolution.link,
            fix: "repoint the link, or pin a submodule commit that has \(inner)")
    }
}
