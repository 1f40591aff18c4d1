// The C door: libgit2 as Debian's libgit2-dev installs it. Nothing else belongs here.
#include <git2.h>
