/// What git tells a pre-push hook on stdin: one line per ref being pushed.
public struct PushUpdate: Sendable, Hashable {
    public let localRef: String
    public let localID: ObjectID
    public let remoteRef: String
    public let remoteID: ObjectID

    /// A push that deletes the remote ref (`(delete) 0000...`): nothing to check.
    public var isDeletion: Bool { localID.isZero }
    /// A ref the remote does not have yet.
    public var isNew: Bool { remoteID.isZero }
    public var isTag: Bool { remoteRef.hasPrefix("refs/tags/") }

    /// Parses every line of pre-push input; a malformed line is an error naming its number.
    public static func parse(_ text: String) throws(PushInputError) -> [PushUpdate] {
        var updates: [PushUpdate] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.allSatisfy({ $0 == " " }) { continue }
            let fields = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 4, let local = ObjectID(hex: String(fields[1])),
                let remote = ObjectID(hex: String(fields[3]))
            else {
                throw PushInputError(line: i + 1, text: String(trimmed.prefix(120)))
            }
            updates.append(
                PushUpdate(localRef: String(fields[0]), localID: local, remoteRef: String(fields[2]), remoteID: remote))
        }
        return updates
    }
}

/// A pre-push input line that is not `<local ref> <local sha> <remote ref> <remote sha>` (exit 2).
public struct PushInputError: Error, CustomStringConvertible, Sendable {
    public let line: Int
    public let text: String
    public var description: String {
        // Escaped as paths are: a control byte on stdin must not reach the terminal raw.
        "pre-push input line \(line) is not '<local ref> <local sha> <remote ref> <remote sha>': "
            + "'\(RepoPath.escape(Array(text.utf8)))'"
    }
}

extension PushUpdate {
    /// The change this update pushes, per DESIGN: from the remote sha when it is here; else from the
    /// merge-base with the remote's default branch (`refs/remotes/REMOTE/HEAD`, else `default-branch` on the
    /// remote or locally), so a new branch is judged whole even when its commits exist remotely under
    /// another name; else from the empty tree. Returns the request and a note on how the base was chosen.
    public func request(_ repository: Repository, remote: String, defaultBranch: String) -> (ChangeRequest, String) {
        let head = localID.hex
        if !isNew, repository.contains(remoteID) {
            return (
                ChangeRequest(source: .range(remoteID.hex, head, threeDot: false)),
                "since \(remoteID.short) on \(remote)"
            )
        }
        var candidates: [String] = []
        if let symbolic = repository.symbolicTarget("refs/remotes/\(remote)/HEAD") { candidates.append(symbolic) }
        candidates += ["refs/remotes/\(remote)/\(defaultBranch)", "refs/heads/\(defaultBranch)"]
        for ref in candidates where repository.referenceExists(ref) {
            if let tip = try? repository.resolveCommit(ref),
                let base = (try? repository.mergeBase(of: tip, and: localID)) ?? nil,
                // Pushing the local default branch itself to an empty remote: nothing to compare with.
                !(ref.hasPrefix("refs/heads/") && base == localID)
            {
                return (
                    ChangeRequest(source: .range(base.hex, head, threeDot: false)),
                    "new on \(remote): since the merge-base with \(ref.replacingOccurrences(of: "refs/remotes/", with: "").replacingOccurrences(of: "refs/heads/", with: ""))"
                )
            }
        }
        return (
            ChangeRequest(source: .range("", head, threeDot: false)),
            "new on \(remote), no common history with its default branch: checking everything"
        )
    }
}
