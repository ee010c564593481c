/* SPDX-License-Identifier: MIT */
#pragma once

/* The tracer of `unitsec profile`: runs a command under ptrace (PTRACE_SEIZE, following
 * forks, vforks, clones and execs) with a seccomp filter installed in the child before its
 * exec. The filter lets a fixed list of hot, harmless system calls through untraced (every
 * one of them is in @system-service, so every allow-list unitsec generates permits them;
 * the profile lists them as "assumed") and stops the program at every other call, which
 * the tracer decodes: paths and how they are used, execs, socket families and addresses,
 * W+X mappings, namespaces, identity changes and operations that need a capability.
 *
 * Paths relative to a directory fd or to the cwd are resolved through the kernel's own
 * per-process tables (/proc/TID/fd/N, /proc/TID/cwd) at the moment of the call, while the
 * thread is stopped: this is exact (dup, fork with or without CLONE_FILES, fchdir, renames
 * of the directory are all reflected) and needs no stop at close/dup. Calls that change the
 * file system get one more stop at their exit so that only successful changes count. */

#include "profile.h"

typedef struct TracerOptions {
        char *const *argv;  /* argv[0] searched in PATH */
        unsigned duration;  /* seconds; 0: until the program exits */
        /* Processes running this executable are not recorded (the unitsec run process
         * that sets up a unit's sandbox before its command). NULL: record everything. */
        const char *ignore_exe;
} TracerOptions;

/* Runs and traces the command until every traced process has exited. SIGINT/SIGTERM to
 * unitsec, or the end of the duration, end the run cleanly: the program is sent the signal
 * (SIGTERM at the end of the duration), a second one kills it. Fills p (its run entry
 * included). Returns 0 (the program's exit status is in the run entry), or a negative errno
 * if the program could not be started: -ENOENT not found, -EACCES & co cannot execute. */
int tracer_run(const TracerOptions *o, Profile *p);

/* The names let through untraced (sorted; owned). */
char **tracer_assumed_syscalls(void);
