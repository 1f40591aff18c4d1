// Helper threads placed beside the thread that starts them. Linux puts a new thread on its creator's CPU and
// moves it to an idle one only at the next load balance, a few milliseconds later: longer than the work a
// helper of a short command has. So the thread starts with an affinity that leaves out its creator's CPU,
// and restores the process's full set as its first act.

#define _GNU_SOURCE
#include "CThreads.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>

struct start {
    void *(*body)(void *);
    void *argument;
#ifdef __linux__
    int placed;
    cpu_set_t allowed;
#endif
};

static void *run(void *raw) {
    struct start start = *(struct start *)raw;
    free(raw);
#ifdef __linux__
    if (start.placed) pthread_setaffinity_np(pthread_self(), sizeof start.allowed, &start.allowed);
#endif
    return start.body(start.argument);
}

int preflight_thread_start(pthread_t *thread, void *(*body)(void *), void *argument) {
    struct start *start = calloc(1, sizeof *start);
    if (!start) return ENOMEM;
    start->body = body;
    start->argument = argument;
    pthread_attr_t attributes;
    int error = pthread_attr_init(&attributes);
    if (error) {
        free(start);
        return error;
    }
#ifdef __linux__
    if (sched_getaffinity(0, sizeof start->allowed, &start->allowed) == 0) {
        cpu_set_t elsewhere = start->allowed;
        int here = sched_getcpu();
        if (here >= 0 && here < CPU_SETSIZE) CPU_CLR(here, &elsewhere);
        if (CPU_COUNT(&elsewhere) > 0 && pthread_attr_setaffinity_np(&attributes, sizeof elsewhere, &elsewhere) == 0)
            start->placed = 1;
    }
#endif
    error = pthread_create(thread, &attributes, run, start);
    pthread_attr_destroy(&attributes);
    if (error) free(start);
    return error;
}
