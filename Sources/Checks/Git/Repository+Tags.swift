internal import CGit2
import Foundation
import Model

extension Repository {
    /// Every tag's short name, sorted.
    public func tagNames() throws(GitError) -> [String] {
        var names = git_strarray()
        try check(git_tag_list(&names, handle), "git_tag_list")
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { Repository.text($0) } }.sorted()
    }

    /// The tag `name` (`v1.2.0` or `refs/tags/v1.2.0`); nil when there is no such tag or it does not
    /// lead to a commit.
    public func tag(_ name: String) throws(GitError) -> TagInfo? {
        let short = name.hasPrefix("refs/tags/") ? String(name.dropFirst("refs/tags/".count)) : name
        var ref: OpaquePointer?
        let code = git_reference_lookup(&ref, handle, "refs/tags/" + short)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(code, "git_reference_lookup")
        defer { git_reference_free(ref) }
        var peeled: OpaquePointer?
        guard git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0 else { return nil }
        let commit = ObjectID(git_object_id(peeled).pointee)
        git_object_free(peeled)
        guard let target = git_reference_target(ref) else { return nil }
        var tag: OpaquePointer?
        if git_tag_lookup(&tag, handle, target) == 0 {
            defer { git_tag_free(tag) }
            let message = git_tag_message(tag).map { Repository.text($0) } ?? ""
            return TagInfo(name: short, commit: commit, annotated: true, message: message)
        }
        return TagInfo(name: short, commit: commit, annotated: false, message: nil)
    }

    /// True when `ancestor` is `commit` or one of its ancestors.
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) -> Bool {
        if ancestor == commit { return true }
        var a = commit.raw
        var b = ancestor.raw
        return git_graph_descendant_of(handle, &a, &b) == 1
    }

    /// Local branches and `origin`'s remote branches, as (short name, tip commit).
    public func branchTips() -> [(name: String, tip: ObjectID)] {
        var iterator: OpaquePointer?
        guard git_reference_iterator_glob_new(&iterator, handle, "refs/*") == 0 else { return [] }
        defer { git_reference_iterator_free(iterator) }
        var result: [(String, ObjectID)] = []
        var ref: OpaquePointer?
        while git_reference_next(&ref, iterator) == 0 {
            defer { git_reference_free(ref) }
            let full = Repository.text(git_reference_name(ref))
            let short: String
            if full.hasPrefix("refs/heads/") {
                short = String(full.dropFirst("refs/heads/".count))
            } else if full.hasPrefix("refs/remotes/origin/"), !full.hasSuffix("/HEAD") {
                short = String(full.dropFirst("refs/remotes/origin/".count))
            } else {
                continue
            }
            var peeled: OpaquePointer?
            guard git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0 else { continue }
            result.append((short, ObjectID(git_object_id(peeled).pointee)))
            git_object_free(peeled)
        }
        return result
    }
}
