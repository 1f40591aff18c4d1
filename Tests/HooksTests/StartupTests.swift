import Foundation
import Testing
import TestSupport

/// Start-up work no command needs is kept out of every process (DESIGN, principle 5).
@Suite struct StartupTests {
    /// Debian's libgit2 1.5 loads the system CA bundle in `git_libgit2_init()` through mbedTLS; the preflight
    /// executable's own `mbedtls_x509_crt_parse_file`/`_path` (Sources/CStartup) are what libgit2 binds to,
    /// so no certificate is parsed. glibc's loader reports each binding with `LD_DEBUG=bindings`.
    @Test func libgit2_bindsTheCertificateLoadersToPreflight_notToMbedTLS() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("base")
        let r = try Preflight.run(["affected", "--staged", "--format", "json"], in: repo.path,
                                  environment: ["LD_DEBUG": "bindings"])
        #expect(r.status == 0, "\(r.stderr)")
        let bindings = r.stderr.split(separator: "\n").filter { $0.contains("libgit2.so") && $0.contains("mbedtls_x509_crt_parse_") }
        try #require(!bindings.isEmpty, "libgit2 made no binding for the certificate loaders: \(r.stderr.suffix(2000))")
        let executable = URL(fileURLWithPath: Preflight.executable).lastPathComponent
        for line in bindings {
            #expect(line.contains("to \(Preflight.executable)") || line.contains("/\(executable) ["),
                    "libgit2 binds a certificate loader elsewhere: \(line)")
            #expect(!line.contains("libmbedx509"), "libgit2 still parses the CA bundle: \(line)")
        }
    }

    /// The same, seen from the system: the process never opens the CA bundle (when strace exists here).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs /usr/bin/strace"))
    func theCABundle_isNeverOpened() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("base")
        let r = try Shell.run(["/usr/bin/strace", "-f", "-e", "trace=open,openat", Preflight.executable, "targets"],
                              in: repo.path)
        #expect(r.status == 0, "\(r.stderr.suffix(2000))")
        #expect(r.stderr.contains("openat("), "strace printed no openat calls")
        #expect(!r.stderr.contains("/etc/ssl/certs"), "preflight opened the CA bundle")
    }
}
