// Start-up work no preflight command needs (DESIGN, principle 5).
//
// Debian's libgit2 1.5 is built on mbedTLS, and git_libgit2_init() loads the system CA bundle
// (/etc/ssl/certs/ca-certificates.crt, about 140 certificates) through mbedtls_x509_crt_parse_file:
// about 5 ms of every preflight process, the pre-commit hook's included, with no option or environment
// variable to skip it. preflight never speaks HTTPS through libgit2: its one fetch (--on-missing-base
// deepen) runs the git CLI. libgit2 and mbedTLS are linked statically (Package.swift, staticLibgit2),
// with `--wrap=mbedtls_x509_crt_parse_file` and `--wrap=..._path`: the linker sends libgit2's calls to
// these `__wrap_` definitions instead of mbedTLS's, so the bundle is not read.
//
// It fails closed: if preflight ever made a TLS connection through libgit2, there would be no trusted
// certificate and verification would fail; nothing would be trusted that should not be. HooksTests'
// StartupTests shows that the bundle is never opened and that libgit2's call lands here.
#include "CStartup.h"

typedef struct mbedtls_x509_crt mbedtls_x509_crt;

int __wrap_mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}

int __wrap_mbedtls_x509_crt_parse_path(mbedtls_x509_crt *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}
