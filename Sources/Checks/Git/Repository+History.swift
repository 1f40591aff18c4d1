internal import CGit2
import Foundation
import Model

extension Repository {
    /// The commits reachable from `head` but not from `base`, newest first (`git rev-list base..head`).
    /// Throws in a shallow clone when the walk reaches the boundary.
    public func commits(from base: ObjectID?, to head: ObjectID) throws(GitError) -> [ObjectID] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        var headRaw = head.raw
        try check(git_revwalk_push(walk, &headRaw), "git_revwalk_push")
        if let base {
            var baseRaw = base.raw
            try check(git_revwalk_hide(walk, &baseRaw), "git_revwalk_hide")
        }
        var result: [ObjectID] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "git_revwalk_next")
            result.append(ObjectID(oid))
        }
        return result
    }

    /// A commit's subject and message.
    public func message(ofCommit id: ObjectID) throws(GitError) -> CommitMessage {
        var commit: OpaquePointer?
        var raw = id.raw
        try check(git_commit_lookup(&commit, handle, &raw), "git_commit_lookup")
        defer { git_commit_free(commit) }
        let text = git_commit_message_raw(commit).map { Repository.text($0) } ?? ""
        let subject =
            text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return CommitMessage(id: id, subject: subject, message: text)
    }

    /// A C string as Swift text, invalid UTF-8 repaired (for messages shown to people, never paths).
    static func text(_ c: UnsafePointer<CChar>) -> String {
        String(decoding: UnsafeRawBufferPointer(start: c, count: strlen(c)), as: UTF8.self)
    }
}
