// Thread placement Swift cannot reach: sched_getcpu and the affinity calls are GNU extensions its Glibc module
// leaves out. See threads.c.
#pragma once

#include <pthread.h>

/// Starts a thread running `body(argument)`, first placed on a CPU other than the calling thread's when the
/// process may use another, so that it runs at once beside its creator; once running it may use every CPU the
/// process may. Returns pthread_create's result (0, or an errno).
int preflight_thread_start(pthread_t *thread, void *(*body)(void *), void *argument);
