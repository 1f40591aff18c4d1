import CGit2
import Foundation
import TestSupport
import Testing

/// libgit2's network transports are left out of preflight (Sources/CStartup/no_network.c): asked for TLS or SSH,
/// libgit2 fails closed with a message naming why, before any connection; a local remote still connects.
@Suite struct NoNetworkTests {
    @Test func anHTTPSRemote_failsClosed_beforeAnyConnection() throws {
        let message = try connect(to: "https://127.0.0.1:9/repo.git")
        let expected = "preflight does not open TLS connections through libgit2"
        #expect(message?.contains(expected) == true, "\(message ?? "")")
    }

    @Test func anSSHRemote_failsClosed_beforeAnyConnection() throws {
        let message = try connect(to: "ssh://git@127.0.0.1:9/repo.git")
        let expected = "preflight does not open SSH connections through libgit2"
        #expect(message?.contains(expected) == true, "\(message ?? "")")
    }

    @Test func aLocalRemote_stillConnects() throws {
        let other = try TemporaryRepository()
        try other.write("a/file", "x\n")
        try other.commitAll("base")
        #expect(try connect(to: other.path) == nil)
    }

    /// Connects an anonymous remote of a new repository to `url` for fetching, with no proxy (a proxy in the
    /// environment would be a plain connection first); nil when it connects, else libgit2's message.
    private func connect(to url: String) throws -> String? {
        let repo = try TemporaryRepository()
        // Never shut down here: the Repository values of tests running beside this one share libgit2's state.
        git_libgit2_init()
        var handle: OpaquePointer?
        try #require(git_repository_open(&handle, repo.path) == 0)
        defer { git_repository_free(handle) }
        var remote: OpaquePointer?
        try #require(git_remote_create_anonymous(&remote, handle, url) == 0)
        defer { git_remote_free(remote) }
        var proxy = git_proxy_options()
        try #require(git_proxy_options_init(&proxy, UInt32(GIT_PROXY_OPTIONS_VERSION)) == 0)
        proxy.type = GIT_PROXY_NONE
        guard git_remote_connect(remote, GIT_DIRECTION_FETCH, nil, &proxy, nil) != 0 else {
            git_remote_disconnect(remote)
            return nil
        }
        return git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "no message"
    }
}
