// Start-up work no preflight command needs (DESIGN, principle 5).
//
// Debian's libgit2 1.5 is built on mbedTLS, and git_libgit2_init() loads the system CA bundle
// (/etc/ssl/certs/ca-certificates.crt, about 140 certificates) through mbedtls_x509_crt_parse_file:
// about 5 ms of every preflight process, the pre-commit hook's included, with no option or environment
// variable to skip it. preflight never speaks HTTPS through libgit2: its one fetch (--on-missing-base
// deepen) runs the git CLI. These definitions, linked into the preflight executable, are what libgit2's
// calls bind to (the executable comes first in the dynamic linker's search), so the bundle is not read.
//
// It fails closed: if preflight ever made a TLS connection through libgit2, there would be no trusted
// certificate and verification would fail; nothing would be trusted that should not be. HooksTests'
// StartupTests shows the binding with LD_DEBUG=bindings and that the bundle is never opened.
#include "CStartup.h"

typedef struct mbedtls_x509_crt mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}

int mbedtls_x509_crt_parse_path(mbedtls_x509_crt *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}
