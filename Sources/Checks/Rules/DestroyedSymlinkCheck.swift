import Model

/// A path that was a link in base is not a regular file holding the link's text or a copy of its target.
///
/// Triggers: a link replaced by a regular file whose bytes are the link text (with or without a trailing
/// newline or CRLF, as editors and `core.symlinks=false` checkouts write it) or a copy of the target's bytes;
/// also when the file was moved in the same change (same directory or same file name as the deleted link).
/// Does not trigger: a link replaced by a file with other contents (a deliberate customisation), a link
/// deleted outright, a link retargeted, or a new file that happens to equal some unrelated link's target.
/// `--fix` puts a link destroyed in place back (the file is replaced by the base's link); a moved one is
/// only reported, since restoring it means deleting the new file.
public struct DestroyedSymlinkCheck: Check {
    public let id = CheckID.destroyedSymlink.rawValue
    public let summary = "a link is not replaced by a file holding its text or a copy of its target"

    public init() {}

    /// What a destroyed link could have become: the blob ids of its text forms and of its target.
    private struct Forms {
        let link: RepoPath
        let text: [UInt8]
        let textIDs: Set<ObjectID>
        let target: RepoPath?
        let targetID: ObjectID?
    }

    public func findings(in context: CheckContext) throws -> [Finding] {
        let changes = context.changeSet.changes
        let lost = changes.filter { $0.oldMode == .symlink && $0.newMode != .symlink }
        if lost.isEmpty { return [] }
        var forms: [Forms] = []
        for change in lost {
            forms.append(try self.forms(of: change.basePath, in: context))
        }
        var findings: [Finding] = []
        var reported = Set<RepoPath>()
        // The link's own path now holds a file.
        for change in lost where change.newMode?.isFile == true {
            let form = forms.first { $0.link == change.basePath }!
            if let finding = try judge(
                change.path, against: form, moved: change.path != change.basePath,
                in: context)
            {
                findings.append(finding)
                reported.insert(change.path)
            }
        }
        // A link deleted here and a matching file added nearby: destroyed and moved in one change.
        let deleted = forms.filter { form in lost.contains { $0.basePath == form.link && $0.newMode == nil } }
        if deleted.isEmpty { return findings }
        for change in changes
        where change.newMode?.isFile == true && change.oldMode != .symlink
            && (change.kind == .added || change.kind == .renamed) && !reported.contains(change.path)
        {
            for form in deleted where form.link.parent == change.path.parent || form.link.name == change.path.name {
                if let finding = try judge(change.path, against: form, moved: true, in: context) {
                    findings.append(finding)
                    reported.insert(change.path)
                    break
                }
            }
        }
        return findings
    }

    private func forms(of link: RepoPath, in context: CheckContext) throws -> Forms {
        let base = context.changeSet.base
        let text = try base.linkText(at: link) ?? []
        let history = context.history
        let textIDs = Set([text, text + [10], text + [13, 10]].compactMap { history.blobID(of: $0) })
        var target: RepoPath? = nil
        var targetID: ObjectID? = nil
        let resolution = try context.affected.base.resolution(of: link) ?? LinkResolver(base).resolve(link)
        if resolution.outcome == .file, let path = resolution.target, let entry = base.table.entry(at: path),
            entry.mode.isFile
        {
            target = path
            targetID = try entry.id ?? history.blobID(of: base.bytes(of: entry))
        }
        return Forms(link: link, text: text, textIDs: textIDs, target: target, targetID: targetID)
    }

    /// The finding when the head file at `path` holds `form`'s link text or its target's bytes.
    private func judge(_ path: RepoPath, against form: Forms, moved: Bool, in context: CheckContext) throws -> Finding?
    {
        let head = context.changeSet.head
        guard let entry = head.table.entry(at: path), entry.mode.isFile else { return nil }
        guard let blob = try entry.id ?? context.history.blobID(of: head.bytes(of: entry)) else { return nil }
        let text = RepoPath(bytes: form.text)
        let what: String
        if form.textIDs.contains(blob) {
            what = "a file holding its link text '\(text)'"
        } else if let target = form.target, blob == form.targetID {
            what = "a copy of its target \(target)"
        } else {
            return nil
        }
        let restore = "ln -sfn '\(text)' '\(form.link)'"
        if moved {
            return Finding(
                check: id, severity: .error,
                message: "link \(form.link) was moved to \(path) and replaced by \(what)",
                path: path, fix: "restore the link and drop the copy: rm '\(path)' && \(restore), then stage both")
        }
        // In place, the link can be put back exactly: the file holds nothing the link did not give it.
        let autofix: Autofix? =
            form.text.isEmpty ? nil : .replaceWithLink(path: path, linkText: form.text, expected: blob)
        return Finding(
            check: id, severity: .error, message: "link was replaced by \(what)", path: path,
            fix: "restore the link: \(restore) (a checkout with core.symlinks=false or an editor "
                + "that follows links writes files like this)", autofix: autofix)
    }
}
