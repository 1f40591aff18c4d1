// The C door: libgit2 as Debian's libgit2-dev installs it, and the SHA-256 of mbedTLS 2.28, which
// libgit2-dev brings (libmbedtls-dev), for Poetry's content-hash and Package.resolved's originHash.
// Nothing else belongs here.
#include <git2.h>
#include <mbedtls/sha256.h>
