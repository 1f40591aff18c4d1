// The C door: libgit2 as Debian's libgit2-dev installs it, imported by the Git target only.
// Nothing else belongs here.
#include <git2.h>
// git_repository_set_index: a hook's GIT_INDEX_FILE is given to libgit2 only when needed.
#include <git2/sys/repository.h>
