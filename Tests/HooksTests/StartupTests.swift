import Foundation
import TestSupport
import Testing

/// Start-up work no command needs is kept out of every process (DESIGN, principle 5).
@Suite struct StartupTests {
    /// libgit2 and the libraries under it (mbedTLS's crypto, PCRE2, http-parser, zlib) are linked into the
    /// executable, and its network transports with what they need (libssh2, OpenSSL's libcrypto, GSSAPI and
    /// Kerberos) are left out (Package.swift, staticLibgit2): the dynamic loader maps none of them. glibc's
    /// loader names each object it loads with `LD_DEBUG=files`.
    @Test func libgit2_andItsLibraries_areNotLoadedAsSharedObjects() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("base")
        let r = try Preflight.run(
            ["affected", "--staged", "--format", "json"], in: repo.path,
            environment: ["LD_DEBUG": "files"])
        #expect(r.status == 0, "\(r.stderr)")
        let loaded = r.stderr.split(separator: "\n").filter { $0.contains("file=") && $0.contains("[0];  needed by") }
        try #require(
            loaded.contains { $0.contains("libc.so") }, "the loader reported no objects: \(r.stderr.suffix(2000))")
        for library in [
            "libgit2.so", "libmbedtls.so", "libmbedx509.so", "libmbedcrypto.so", "libssh2.so", "libcrypto.so",
            "libpcre2-8.so", "libhttp_parser.so", "libz.so", "libgssapi_krb5.so", "libkrb5.so", "libk5crypto.so",
        ] {
            #expect(!loaded.contains { $0.contains("file=\(library)") }, "\(library) is loaded: \(loaded)")
        }
        #expect(r.stdout.contains("\"targets\""), "affected printed no report: \(r.stdout)")
    }

    /// Debian's libgit2 1.5 loads the system CA bundle in `git_libgit2_init()` through mbedTLS; its TLS set-up is
    /// Sources/CStartup/no_network.c's definition instead, which sets nothing up, so the process never opens the
    /// bundle (seen with strace, when it exists here).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs /usr/bin/strace"))
    func theCABundle_isNeverOpened() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("base")
        let r = try Shell.run(
            ["/usr/bin/strace", "-f", "-e", "trace=open,openat", Preflight.executable, "targets"],
            in: repo.path)
        #expect(r.status == 0, "\(r.stderr.suffix(2000))")
        #expect(r.stderr.contains("openat("), "strace printed no openat calls")
        #expect(!r.stderr.contains("/etc/ssl/certs"), "preflight opened the CA bundle")
    }
}
