internal import CGit2
import Foundation
import Model

/// A libgit2 call that failed: the C function's name, its return code and libgit2's own message.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// The libgit2 function that failed, e.g. `git_revparse_single`.
    public let function: String
    /// The negative return code (`GIT_ENOTFOUND` is -3).
    public let code: Int32
    /// `git_error_last()`'s message; libgit2 1.5 may leave it NULL.
    public let message: String

    /// True when the failure means an object or reference is not there.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    public var description: String {
        message.isEmpty ? "\(function) failed (code \(code))" : "\(function): \(message)"
    }
}

/// Throws a `GitError` for a negative libgit2 return code.
@inline(__always)
func check(_ code: Int32, _ function: @autoclosure () -> String) throws(GitError) {
    if code < 0 { throw lastError(code, function()) }
}

/// The `GitError` for `code`, with libgit2's last message when there is one.
func lastError(_ code: Int32, _ function: String) -> GitError {
    var message = ""
    if let err = git_error_last(), let text = err.pointee.message {
        message = String(cString: text).trimmingSuffix("\n")
    }
    if message.contains("unsupported mandatory extension") {
        // libgit2 1.5 reads neither a split index (`link`) nor a sparse one (`sdir`); preflight's own reader
        // does, but not on the paths that need libgit2's whole diff (`--untracked`, `--files`, a conflict).
        message +=
            " (a split or sparse index, which libgit2 1.5 cannot read: run 'git update-index --no-split-index'"
            + " or 'git sparse-checkout init --no-sparse-index' and retry)"
    }
    return GitError(function: function, code: code, message: message)
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var s = self
        while s.hasSuffix(suffix) { s.removeLast(suffix.count) }
        return s
    }
}

/// Copies a NUL-terminated C path into bytes without re-encoding.
func bytes(of cString: UnsafePointer<CChar>) -> [UInt8] {
    let length = strlen(cString)
    return cString.withMemoryRebound(to: UInt8.self, capacity: length) {
        Array(UnsafeBufferPointer(start: $0, count: length))
    }
}

/// Calls `body` with `path` as a NUL-terminated C string.
package func withCPath<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
    var zero = path
    zero.append(0)
    return try zero.withUnsafeBufferPointer { buf in
        try buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { try body($0) }
    }
}
