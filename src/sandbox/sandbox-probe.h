/* SPDX-License-Identifier: MIT */
#pragma once

/* `unitsec run --verify`: probes run inside the finished sandbox (seccomp included), each
 * trying what one directive forbids and checking the specific error it expects. Every probe
 * is harmless if the operation unexpectedly succeeds (access(2) instead of writing, the
 * clock set to its own value, a module loaded from an invalid fd, ...). Each probe runs in
 * its own process, so a SIGSYS kill is an observable result. No printing here. */

#include "exec-settings.h"
#include "sandbox.h"

typedef enum ProbeKind {
        PROBE_PATH_READ_ONLY,   /* on a read-only mount (writes give EROFS); missing is fine */
        PROBE_PATH_WRITABLE,    /* not on a read-only mount */
        PROBE_PATH_HIDDEN,      /* missing, or the empty mode 0000 stand-in */
        PROBE_PATH_MISSING,     /* ENOENT */
        PROBE_PATH_NOEXEC,      /* mounted noexec */
        PROBE_PATH_EXEC,        /* not mounted noexec */
        PROBE_PATH_TMPFS,       /* a tmpfs */
        PROBE_HOME_EMPTY,       /* an empty directory */
        PROBE_HOST_TMP_HIDDEN,  /* the host's marker file in /tmp is not visible */
        PROBE_NO_DEVICES,       /* /dev holds only the pseudo devices */
        PROBE_LOOPBACK_ONLY,    /* the only network interface is lo, and it is up */
        PROBE_OTHER_NAMESPACE,  /* /proc/self/ns/<arg> differs from the host's (value) */
        PROBE_SETHOSTNAME,      /* sethostname(own name) gives EPERM */
        PROBE_SETTIME,          /* clock_settime(now) gives EPERM */
        PROBE_MODULE,           /* finit_module(-1) gives EPERM (not EBADF) */
        PROBE_SYSLOG,           /* syslog(SIZE_BUFFER) gives EPERM */
        PROBE_PROC_HIDEPID,     /* /proc mounted with the hidepid= value */
        PROBE_NO_NEW_PRIVS,
        PROBE_CAP_DROPPED,      /* capability value not in the bounding set */
        PROBE_UID,              /* running as uid value */
        PROBE_USER_MAP,         /* /proc/self/uid_map maps single ids only (no full range) */
        PROBE_UMASK,            /* umask is value */
        PROBE_SYSCALL,          /* syscall arg (a harmless call) is refused: errno value, or SIGSYS if -1 */
        PROBE_ARCH_X86,         /* a 32-bit getpid through int 0x80 is killed with SIGSYS */
        PROBE_SOCKET_FAMILY,    /* socket(value) gives EAFNOSUPPORT */
        PROBE_NAMESPACE,        /* unshare(value) gives EPERM */
        PROBE_PERSONALITY,      /* personality(PER_LINUX32) gives EPERM */
        PROBE_WX_MEMORY,        /* mmap(W|X) gives EPERM */
        PROBE_REALTIME,         /* sched_setscheduler(FIFO) gives EPERM */
        PROBE_SUID,             /* fchmod(memfd, 04755) gives EPERM */
        _PROBE_KIND_MAX,
} ProbeKind;

typedef struct SandboxProbe {
        const char *directive; /* "ProtectSystem=" */
        ProbeKind kind;
        char *arg;             /* a path, a syscall or namespace name, may be NULL */
        long value;
        int expect;            /* 0: the error named above; > 0: this errno instead, -1: SIGSYS
                                * (SystemCallFilter= refuses the call before the directive does) */
} SandboxProbe;

typedef struct SandboxProbeList {
        SandboxProbe *probes;
        size_t n;
} SandboxProbeList;

/* Results: PASS, or FAIL with what was seen instead (an errno, a signal, or "allowed"). */
typedef struct SandboxProbeResult {
        bool pass;
        int error;  /* errno seen, 0 if the operation was allowed */
        int signal; /* signal that killed the probe, 0 if none */
} SandboxProbeResult;

/* The probes for every directive s sets. host_tmp_marker: a file the caller made in the
 * host's /tmp. */
void sandbox_probes_build(const ExecSettings *s, const char *host_tmp_marker, SandboxProbeList *ret);
void sandbox_probes_done(SandboxProbeList *l);

/* A short description of what the probe tries, for the report. */
char *sandbox_probe_describe(const SandboxProbe *p);

/* Builds the sandbox of plan in a child, runs every probe there, and returns one result per
 * probe in ret (allocated). plan NULL: no sandbox is built, the probes test the one this
 * process already runs in (systemd's own, for the side-by-side comparison). Returns < 0 with *ret_failure filled if the sandbox could not be
 * built. */
int sandbox_probes_run(const SandboxPlan *plan, const SandboxProbeList *l, SandboxProbeResult **ret,
                       SandboxFailure *ret_failure);
