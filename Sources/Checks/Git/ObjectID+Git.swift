internal import CGit2
import Model

extension ObjectID {
    /// The id libgit2 returned.
    init(_ oid: git_oid) {
        var copy = oid
        self = withUnsafeBytes(of: &copy.id) { ObjectID(bytes: $0, at: 0) }
    }

    /// The id as libgit2 takes it.
    var raw: git_oid {
        var oid = git_oid()
        let bytes = rawBytes
        withUnsafeMutableBytes(of: &oid.id) { raw in raw.copyBytes(from: bytes) }
        return oid
    }
}
