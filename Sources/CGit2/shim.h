// The C door: libgit2 as Debian's libgit2-dev installs it, and the SHA-256 of mbedTLS 2.28, which
// libgit2-dev brings (libmbedtls-dev), for Poetry's content-hash and Package.resolved's originHash.
// Nothing else belongs here.
#include <git2.h>
// git_repository_set_index: a hook's GIT_INDEX_FILE is given to libgit2 only when needed.
#include <git2/sys/repository.h>
#include <mbedtls/sha256.h>
