// The C door: libgit2 as Debian's libgit2-dev installs it, imported by the Git target only.
// Nothing else belongs here.
#include <git2.h>
// git_repository_set_index: a hook's GIT_INDEX_FILE is given to libgit2 only when needed.
#include <git2/sys/repository.h>

// git_libgit2_opts is variadic, which Swift cannot call: the options preflight sets, as functions. Turns the
// check that a repository belongs to the current user off (0) or on (1) for the repositories opened next.
static inline int preflight_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

// Turns off hashing every object read to compare it with its id (libgit2's default, git's is off: git
// verifies ids only in fsck and on fetch). A damaged object still fails to inflate or parse.
static inline int preflight_git_skip_read_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}
