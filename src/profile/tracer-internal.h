/* SPDX-License-Identifier: MIT */
#pragma once

/* Shared between the tracer's loop (tracer.c) and its system call decoders
 * (tracer-decode.c). */

#include <pthread.h>
#include <seccomp.h>
#include <stdint.h>
#include <sys/types.h>

#include "profile.h"

#define TRACER_PATH_MAX 4096
/* Distinct paths recorded at most (a hostile program cannot make the tracer grow forever). */
#define TRACER_PATHS_MAX 1000000

/* One traced thread waiting for the exit of a call whose effect counts only on success. */
typedef struct TracerPending {
        pid_t tid;
        int nr;
        char *paths[2];
        unsigned uses[2];
} TracerPending;

typedef struct Tracer {
        pthread_mutex_t lock;    /* the ptrace loop and the notification thread decode under it */
        Profile *profile;
        TracerPending *pending;
        size_t n_pending, n_pending_allocated;
        uint64_t counts[1024];   /* native calls seen, by number */
        StrMap other_arch;       /* "i386:nr" of calls from other ABIs */
        const char *ignore_exe;
        StrMap ignored;          /* tids (decimal) not recorded while they run ignore_exe */
        unsigned long dropped_paths; /* uses of new paths after TRACER_PATHS_MAX */
        int first_uid;           /* effective uid of the first recorded exec; -1 before it */
} Tracer;

/* The state of one seccomp stop, as PTRACE_GET_SYSCALL_INFO reports it. */
typedef struct TracerCall {
        pid_t tid;
        int nr;
        uint64_t args[6];
} TracerCall;

/* Decodes one call at its seccomp stop. Returns 1 if the thread must be stopped again at
 * the call's exit (a TracerPending was stored), 0 otherwise. */
int tracer_decode(Tracer *t, const TracerCall *c);
/* The call of a pending entry returned rval (negative errno on failure). */
void tracer_complete(Tracer *t, TracerPending *pe, int64_t rval);
/* After an exec: records the executable and whether it is setuid/setgid. */
void tracer_note_exec(Tracer *t, pid_t tid);

TracerPending *tracer_pending_get(Tracer *t, pid_t tid);
void tracer_pending_drop(Tracer *t, TracerPending *pe);

/* Reads a NUL-terminated string from the tracee; -EFAULT, -ENAMETOOLONG, -ESRCH. */
int tracer_read_string(pid_t tid, uint64_t addr, char *buf, size_t size);
int tracer_read(pid_t tid, uint64_t addr, void *buf, size_t n);
/* The absolute, lexically normalized path that dirfd (AT_FDCWD: the cwd) and path name in
 * the thread tid; NULL if it does not name a file system path (pipe:[...], anon inodes). */
char *tracer_resolve(pid_t tid, int dirfd, const char *path);
/* The thread was reaped: drop what is cached about it. */
void tracer_forget(pid_t tid);
/* Lexical normalization of an absolute path: "//", "/./" and ".." collapsed (owned). */
char *path_normalize(const char *path);

/* The filter (tracer-filter.c); notify: route the entry-only calls to user notification. */
int tracer_filter_new(bool notify, scmp_filter_ctx *ret);
