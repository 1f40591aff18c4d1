// Process control Swift cannot reach: prctl(2) is variadic, and a parent-death signal can only be set between
// fork and exec, which posix_spawn has no attribute for. Linux only; see process_control.c.
#pragma once

#include <sys/types.h>

#ifdef __linux__

/// What `preflight_spawn` failed at (the errno is beside it).
enum preflight_spawn_stage {
    preflight_spawn_fork = 1,
    preflight_spawn_stdin,
    preflight_spawn_log,
    preflight_spawn_directory,
    preflight_spawn_group,
    preflight_spawn_exec,
};

/// Makes this process a child subreaper: orphaned descendants are re-parented to it rather than to init.
/// 0, or -1 with errno set.
int preflight_set_child_subreaper(void);

/// Starts a job as posix_spawnp would, and with SIGKILL as its parent-death signal.
///
/// In the child: stdin from /dev/null; stdout appended to `log` and stderr to the same file (or, when `log`
/// is NULL, stdout onto stderr); `directory` as the working directory; a new process group when `own_group`;
/// every ignored signal back to its default and an empty signal mask; then `execve` of each of `candidates`
/// (a NULL-terminated list of paths, the PATH lookup done by the caller) with `argv` and `envp`.
/// Returns the child's pid, or -1 with `*error` (an errno) and `*stage` saying what failed; the child is
/// reaped then. Returns only once the child has called exec or failed.
pid_t preflight_spawn(
    char *const candidates[], char *const argv[], char *const envp[], const char *directory, const char *log,
    int own_group, int *error, int *stage);

/// Starts a guardian: a child process that, once every copy of the returned descriptor is closed (this process
/// has ended, however it ended), sends SIGKILL to each process group it was told of. Returns the descriptor
/// (one end of a socket pair, close-on-exec so jobs do not hold it) and sets `*guardian` to its pid; -1 with
/// errno set on failure.
int preflight_start_guardian(pid_t *guardian);

/// Tells the guardian behind `fd` to kill the process group `group` (when positive) if this process dies, to
/// forget it (when negative), or to forget every group and end (when 0). 0, or -1 with errno set.
int preflight_guard(int fd, pid_t group);

#endif
