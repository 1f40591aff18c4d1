// Start-up work no preflight command needs (DESIGN, principle 5): libgit2's network transports.
//
// preflight reads repositories; it never fetches, pushes or clones through libgit2 (its one fetch,
// --on-missing-base deepen, runs the git CLI). Debian's libgit2 1.5 still prepares its transports in
// git_libgit2_init(), in every process, the pre-commit hook's included:
// - TLS through mbedTLS: an SSL configuration, an entropy pool seeded by HAVEGE, and the system CA bundle
//   (about 140 certificates) parsed;
// - SSH through libssh2, which initialises OpenSSL's libcrypto;
// - HTTP Negotiate authentication through GSSAPI, whose shared library (MIT Kerberos) brings six more
//   shared libraries for the dynamic loader to map and relocate before main.
// libgit2 is linked statically (Package.swift, staticLibgit2), and this file defines each entry point below
// under libgit2's own name. A linker takes an archive's object only for a symbol still undefined, so the
// objects that hold the transports are never linked, and neither are libssh2, libcrypto, mbedTLS's TLS and
// X.509 parts or GSSAPI. (`--wrap` would not do: lld takes the archive's object for the plain name before it
// applies the wrap, and that object then needs libssh2.) Were such an object linked for another symbol, the
// link would fail on the duplicate definition, never pick one silently.
//
// It fails closed: a TLS stream, an SSH session or Negotiate authentication asked of libgit2 is an error
// naming why, never a connection without verification. HooksTests' StartupTests shows that none of those
// libraries is loaded and that the CA bundle is never opened; NoNetworkTests that https:// and ssh:// remotes
// fail with these messages before any connection.
#include "CStartup.h"

#include <git2/errors.h>
#include <stddef.h>

static int refuse(int error_class, const char *what) {
    git_error_set_str(error_class, what);
    return -1;
}

int git_mbedtls_stream_global_init(void) { return 0; }

int git_mbedtls_stream_new(void **out, const char *host, const char *port) {
    (void)host;
    (void)port;
    if (out) *out = NULL;
    return refuse(GIT_ERROR_SSL, "preflight does not open TLS connections through libgit2");
}

int git_mbedtls_stream_wrap(void **out, void *in, const char *host) {
    (void)in;
    (void)host;
    if (out) *out = NULL;
    return refuse(GIT_ERROR_SSL, "preflight does not open TLS connections through libgit2");
}

int git_mbedtls__set_cert_location(const char *file, const char *path) {
    (void)file;
    (void)path;
    return refuse(GIT_ERROR_SSL, "preflight does not load certificates: it opens no TLS connection");
}

int git_transport_ssh_global_init(void) { return 0; }

int git_smart_subtransport_ssh(void **out, void *owner, void *param) {
    (void)owner;
    (void)param;
    if (out) *out = NULL;
    return refuse(GIT_ERROR_SSH, "preflight does not open SSH connections through libgit2");
}

int git_http_auth_negotiate(void **out, const void *url) {
    (void)url;
    if (out) *out = NULL;
    return refuse(GIT_ERROR_NET, "preflight does not authenticate with Negotiate (GSSAPI) through libgit2");
}
