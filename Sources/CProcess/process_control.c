// The two things `preflight run` needs from Linux that Swift cannot call: prctl(2) is variadic, so Swift does
// not import it, and a parent-death signal (PR_SET_PDEATHSIG) must be set in the child between fork and exec,
// where posix_spawn offers no hook. So on Linux a job is started by a small fork-and-exec here that does what
// JobProcess's posix_spawnp does (the same file actions, group and signal set-up) plus the parent-death signal.
//
// Between fork and exec the child of a multithreaded process may only make async-signal-safe calls: every
// call below is one (open, dup2, close, chdir, setpgid, sigaction, sigprocmask, prctl, getppid, execve,
// write, _exit); everything that allocates (argv, the environment, the PATH lookup) is prepared by the parent.
//
// The parent-death signal reaches only a job's first process, not what it starts. So a run also starts a
// guardian, a forked child that waits on a socket only preflight writes to: when preflight ends, however it
// ends, the socket reports end of file and the guardian kills every process group preflight told it of (the
// jobs', and the groups of the processes that left them, as far as preflight had seen them).

#ifdef __linux__

#define _GNU_SOURCE
#include "CProcess.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int preflight_set_child_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }

/// Reports a failure to the parent through the pipe and ends the child.
static void fail(int pipe_fd, int stage) {
    int report[2] = {stage, errno};
    ssize_t written = write(pipe_fd, report, sizeof report);
    (void)written;
    _exit(127);
}

/// Opens `path` onto descriptor `target`.
static int open_onto(const char *path, int flags, mode_t mode, int target) {
    int fd = open(path, flags, mode);
    if (fd < 0) return -1;
    if (fd == target) return 0;
    int moved = dup2(fd, target);
    close(fd);
    return moved < 0 ? -1 : 0;
}

/// The child's side: set up, then exec; never returns.
static void child(
    int pipe_fd, pid_t parent, char *const candidates[], char *const argv[], char *const envp[],
    const char *directory, const char *log, int own_group) {
    // Killed when the thread that started it ends (in preflight, the one that runs the pool until every job has
    // ended), so a `kill -9` of preflight takes the job along. If the parent is already gone, do not start.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) fail(pipe_fd, preflight_spawn_exec);
    if (getppid() != parent) _exit(127);
    if (open_onto("/dev/null", O_RDONLY, 0, 0) != 0) fail(pipe_fd, preflight_spawn_stdin);
    if (log) {
        if (open_onto(log, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0644, 1) != 0 || dup2(1, 2) < 0) {
            fail(pipe_fd, preflight_spawn_log);
        }
    } else if (dup2(2, 1) < 0) {
        fail(pipe_fd, preflight_spawn_log);
    }
    if (chdir(directory) != 0) fail(pipe_fd, preflight_spawn_directory);
    if (own_group && setpgid(0, 0) != 0) fail(pipe_fd, preflight_spawn_group);
    // An ignored signal survives exec (preflight ignores SIGINT while jobs run); handlers are reset by exec.
    struct sigaction current, defaults = {0};
    defaults.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; signal++) {
        if (sigaction(signal, NULL, &current) == 0 && current.sa_handler == SIG_IGN) {
            sigaction(signal, &defaults, NULL);
        }
    }
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
    // As execvp: a missing candidate tries the next; the first other error is the one reported.
    int reported = ENOENT;
    for (int i = 0; candidates[i]; i++) {
        execve(candidates[i], argv, envp);
        if (errno != ENOENT && errno != ENOTDIR && reported == ENOENT) reported = errno;
    }
    errno = reported;
    fail(pipe_fd, preflight_spawn_exec);
}

pid_t preflight_spawn(
    char *const candidates[], char *const argv[], char *const envp[], const char *directory, const char *log,
    int own_group, int *error, int *stage) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        *error = errno;
        *stage = preflight_spawn_fork;
        return -1;
    }
    // Signals blocked across fork, so no handler of preflight's runs in the child before it resets them.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        // Keep the report pipe off 0, 1 and 2, which the child is about to replace.
        int report = fds[1] > 2 ? fds[1] : fcntl(fds[1], F_DUPFD_CLOEXEC, 3);
        child(report, parent, candidates, argv, envp, directory, log, own_group);
    }
    int fork_error = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        *error = fork_error;
        *stage = preflight_spawn_fork;
        return -1;
    }
    // End of file: the exec succeeded (the pipe closed on exec); otherwise the child says what failed.
    int report[2] = {0, 0};
    ssize_t got;
    do {
        got = read(fds[0], report, sizeof report);
    } while (got < 0 && errno == EINTR);
    close(fds[0]);
    if (got <= 0) return pid;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    *stage = report[0];
    *error = got == (ssize_t)sizeof report ? report[1] : EIO;
    return -1;
}

/// How many groups the guardian holds at once; more are not guarded (a pool runs far fewer jobs at once).
#define GUARDED_GROUPS 4096

/// The guardian's side: reads groups until end of file, then kills those it still holds; never returns.
static void guard_groups(int fd) {
    static pid_t groups[GUARDED_GROUPS];
    int count = 0;
    pid_t group;
    for (;;) {
        ssize_t got = read(fd, &group, sizeof group);
        if (got < 0 && errno == EINTR) continue;
        if (got != (ssize_t)sizeof group) break;
        if (group == 0) _exit(0);
        if (group > 0) {
            if (count < GUARDED_GROUPS) groups[count++] = group;
            continue;
        }
        for (int i = 0; i < count; i++) {
            if (groups[i] == -group) groups[i--] = groups[--count];
        }
    }
    for (int i = 0; i < count; i++) kill(-groups[i], SIGKILL);
    _exit(0);
}

int preflight_start_guardian(pid_t *guardian) {
    // A socket pair rather than a pipe: written with MSG_NOSIGNAL, a guardian that is gone is an error, not a
    // SIGPIPE that would end preflight.
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return -1;
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t pid = fork();
    if (pid == 0) {
        // Holds nothing of preflight's but its end of the socket pair, and ignores the terminal's signals: a
        // Ctrl-C reaches preflight, which stops the jobs itself; the guardian only acts once preflight is gone.
        int keep = fds[0] > 2 ? fds[0] : fcntl(fds[0], F_DUPFD, 3);
        close_range(3, keep - 1, 0);
        close_range(keep + 1, ~0U, 0);
        struct sigaction ignore = {0};
        ignore.sa_handler = SIG_IGN;
        int terminal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
        for (unsigned i = 0; i < sizeof terminal / sizeof terminal[0]; i++) sigaction(terminal[i], &ignore, NULL);
        sigset_t empty;
        sigemptyset(&empty);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        guard_groups(keep);
    }
    int fork_error = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(fds[0]);
    if (pid < 0) {
        close(fds[1]);
        errno = fork_error;
        return -1;
    }
    *guardian = pid;
    return fds[1];
}

int preflight_guard(int fd, pid_t group) {
    ssize_t written;
    do {
        written = send(fd, &group, sizeof group, MSG_NOSIGNAL);
    } while (written < 0 && errno == EINTR);
    return written == (ssize_t)sizeof group ? 0 : -1;
}

#endif
