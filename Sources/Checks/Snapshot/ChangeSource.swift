/// Which two sides a command compares (DESIGN "Exact semantics", change sources).
public enum ChangeSource: Sendable, Hashable {
    /// merge-base(REF, HEAD) to the working tree, or to HEAD when `committedOnly`.
    case changedSince(String, committedOnly: Bool)
    /// HEAD (the empty tree when unborn) to the index.
    case staged
    /// Two commits; `threeDot` compares from their merge-base. An empty first commit is the empty tree.
    case range(String, String, threeDot: Bool)
    /// Exactly these paths, HEAD to the working tree.
    case files([RepoPath])
    /// Everything: the empty tree to HEAD.
    case all

    /// Parses `A..B` or `A...B`; nil when the text is neither.
    public static func range(parsing text: String) -> ChangeSource? {
        if let r = text.range(of: "...") {
            let a = String(text[..<r.lowerBound])
            let b = String(text[r.upperBound...])
            return .range(a.isEmpty ? "HEAD" : a, b.isEmpty ? "HEAD" : b, threeDot: true)
        }
        if let r = text.range(of: "..") {
            let a = String(text[..<r.lowerBound])
            let b = String(text[r.upperBound...])
            return .range(a.isEmpty ? "HEAD" : a, b.isEmpty ? "HEAD" : b, threeDot: false)
        }
        return nil
    }
}

/// What to do when the base commit is not in the repository (a shallow clone, an unfetched ref).
public enum MissingBasePolicy: String, Sendable, CaseIterable {
    /// Exit 3 naming the ref and the fix.
    case error
    /// Treat every target as affected, with reason `missing-base`.
    case all
    /// Run `git fetch --deepen` in growing steps, then retry.
    case deepen
}

/// A change source with the options that shape it.
public struct ChangeRequest: Sendable {
    public var source: ChangeSource
    /// Count untracked, non-ignored files as added (working-tree modes only).
    public var untracked: Bool
    public var onMissingBase: MissingBasePolicy

    public init(source: ChangeSource, untracked: Bool = false, onMissingBase: MissingBasePolicy = .error) {
        self.source = source
        self.untracked = untracked
        self.onMissingBase = onMissingBase
    }
}
