/* Preloaded before libfaketime by devtools/movedclock.py.
 *
 * libfaketime (0.9.10) moves CLOCK_MONOTONIC with the wall clock but does not intercept sem_clockwait(),
 * which Python 3.11 uses for every Lock.acquire(timeout=...) and so for Condition.wait(timeout),
 * queue.get(timeout), Thread.join(timeout) and the psycopg pool. The caller computes its deadline from the
 * moved clock, the kernel waits for it on the real one: a 2 s wait lasted the offset (years). Here the
 * deadline is translated back to the real clock before the real sem_clockwait() runs.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <semaphore.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef int (*sem_clockwait_fn)(sem_t *, clockid_t, const struct timespec *);

int sem_clockwait(sem_t *sem, clockid_t clock, const struct timespec *abstime)
{
    static sem_clockwait_fn real_sem_clockwait;
    if (!real_sem_clockwait)
        real_sem_clockwait = (sem_clockwait_fn)dlsym(RTLD_NEXT, "sem_clockwait");

    struct timespec moved, real, deadline;
    clock_gettime(clock, &moved);             /* libfaketime's answer: the clock abstime was computed from */
    syscall(SYS_clock_gettime, clock, &real); /* the kernel's, past libfaketime */
    deadline.tv_sec = abstime->tv_sec - moved.tv_sec + real.tv_sec;
    deadline.tv_nsec = abstime->tv_nsec - moved.tv_nsec + real.tv_nsec;
    while (deadline.tv_nsec < 0) { deadline.tv_nsec += 1000000000L; deadline.tv_sec--; }
    while (deadline.tv_nsec >= 1000000000L) { deadline.tv_nsec -= 1000000000L; deadline.tv_sec++; }
    return real_sem_clockwait(sem, clock, &deadline);
}
