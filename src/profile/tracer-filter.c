/* SPDX-License-Identifier: MIT */
/* The seccomp filter the traced program runs under: ALLOW for the hot, harmless calls
 * (recorded as assumed), NOTIFY (seccomp user notification, about twice as fast as a
 * ptrace stop) for the calls decoded at their entry only, TRACE (a ptrace stop) for
 * everything else: calls whose result counts, execs, clones and anything unexpected. */
#include <fcntl.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <sys/mman.h>

#include "strv.h"
#include "syscall-groups.h"
#include "tracer-internal.h"
#include "tracer.h"

/* Hot calls that are not worth a stop. Each must be in @system-service (checked when the
 * filter is built: one that is not is traced instead). mmap/mprotect/pkey_mprotect pass
 * only without PROT_EXEC, sendto only without an address, clone only without namespace
 * flags, newfstatat/statx only with AT_EMPTY_PATH (fstat of an fd, which glibc implements
 * that way; a caller that passes the flag with a non-empty path goes unseen, a stat-only
 * use) (conditions in filter_allow()). */
static const char *const assumed_syscalls[] = {
        "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2",
        "pwritev2", "lseek", "close", "fstat", "getdents64", "getdents", "futex", "clock_gettime",
        "clock_getres", "clock_nanosleep", "nanosleep", "gettimeofday", "time", "brk", "munmap",
        "mremap", "madvise", "mmap", "mprotect", "pkey_mprotect", "rt_sigaction", "rt_sigprocmask",
        "rt_sigreturn", "rt_sigtimedwait", "rt_sigsuspend", "sigaltstack", "getpid", "gettid",
        "getppid", "getpgrp", "getpgid", "getsid", "getuid", "geteuid", "getgid", "getegid",
        "getgroups", "getresuid", "getresgid", "dup", "dup2", "dup3", "fcntl", "ioctl", "poll",
        "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2", "epoll_ctl",
        "epoll_create", "epoll_create1", "eventfd", "eventfd2", "pipe", "pipe2", "recvfrom",
        "recvmsg", "recvmmsg", "sendmsg", "sendmmsg", "sendto", "accept", "accept4", "listen",
        "getsockname", "getpeername", "getsockopt", "setsockopt", "shutdown", "sched_yield",
        "sched_getaffinity", "getrandom", "exit", "exit_group", "wait4", "waitid",
        "set_robust_list", "get_robust_list", "rseq", "set_tid_address", "arch_prctl", "getrusage",
        "times", "uname", "umask", "fsync", "fdatasync", "fadvise64", "ftruncate", "sendfile",
        "splice", "tee", "copy_file_range", "fallocate", "flock", "timerfd_create",
        "timerfd_settime", "timerfd_gettime", "signalfd", "signalfd4", "kill", "tgkill", "tkill",
        "restart_syscall", "alarm", "getitimer", "setitimer", "pause", "getcwd", "getrlimit",
        "sysinfo", "membarrier", "mincore", "msync", "clone", "sched_getparam", "sched_getscheduler",
        "fchdir", "statfs", "fstatfs", "fchmod", "fsetxattr", "fgetxattr", "flistxattr",
        "fremovexattr", "memfd_create", "inotify_init1", "inotify_rm_watch", "prctl", "newfstatat",
        "statx",
};

#define NS_CLONE_FLAGS \
        (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
         CLONE_NEWCGROUP | CLONE_NEWTIME)

static bool in_system_service(const char *name) {
        static const SyscallRef *refs = NULL;
        static size_t n = 0;
        if (!refs)
                refs = syscall_group_expand(syscall_group_find("@system-service"), &n);
        for (size_t i = 0; i < n; i++)
                if (streq(refs[i].name, name))
                        return true;
        return false;
}

/* statfs and prctl are decoded elsewhere or too varied: keep them traced. */
static bool is_assumed(const char *name) {
        if (streq(name, "statfs") || streq(name, "prctl"))
                return false;
        return in_system_service(name) && syscall_is_known(name);
}

char **tracer_assumed_syscalls(void) {
        char **l = NULL;
        for (size_t i = 0; i < ELEMENTSOF(assumed_syscalls); i++)
                if (is_assumed(assumed_syscalls[i]))
                        strv_extend(&l, assumed_syscalls[i]);
        strv_sort(l);
        return l;
}

static int filter_allow(scmp_filter_ctx ctx, const char *name) {
        int nr = seccomp_syscall_resolve_name(name);
        if (nr < 0)
                return 0;
        if (streq(name, "mmap") || streq(name, "mprotect") || streq(name, "pkey_mprotect"))
                return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
        if (streq(name, "sendto"))
                return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A4(SCMP_CMP_EQ, 0));
        if (streq(name, "newfstatat"))
                return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                        SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH));
        if (streq(name, "statx"))
                return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                        SCMP_A2(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH));
        if (streq(name, "clone"))
                return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                        SCMP_A0(SCMP_CMP_MASKED_EQ, NS_CLONE_FLAGS, 0));
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

/* Opens that write, create or truncate need their result: those stay on ptrace. */
#define OPEN_CHANGES (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | (O_TMPFILE & ~O_DIRECTORY))

typedef struct NotifyRule {
        const char *name;
        int arg;             /* -1: unconditional */
        enum scmp_compare op;
        uint64_t mask, value;
} NotifyRule;

static const NotifyRule notify_rules[] = {
        { "open", 1, SCMP_CMP_MASKED_EQ, OPEN_CHANGES, 0 },
        { "openat", 2, SCMP_CMP_MASKED_EQ, OPEN_CHANGES, 0 },
        { "newfstatat", 3, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, 0 },
        { "statx", 2, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, 0 },
        { "stat", -1 }, { "lstat", -1 }, { "access", -1 }, { "faccessat", -1 }, { "faccessat2", -1 },
        { "readlink", -1 }, { "readlinkat", -1 }, { "statfs", -1 }, { "getxattr", -1 },
        { "lgetxattr", -1 }, { "listxattr", -1 }, { "llistxattr", -1 }, { "chdir", -1 },
        { "inotify_add_watch", -1 }, { "socket", -1 }, { "socketpair", -1 }, { "bind", -1 },
        { "connect", -1 },
        { "sendto", 4, SCMP_CMP_NE, 0, 0 },
        { "mmap", 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC },
        { "mprotect", 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC },
        { "pkey_mprotect", 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC },
};

static int filter_notify(scmp_filter_ctx ctx, const NotifyRule *n) {
        int nr = seccomp_syscall_resolve_name(n->name);
        if (nr < 0)
                return 0;
        if (n->arg < 0)
                return seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 0);
        struct scmp_arg_cmp cmp = n->op == SCMP_CMP_MASKED_EQ
                                          ? (struct scmp_arg_cmp) { (unsigned) n->arg, n->op, n->mask, n->value }
                                          : (struct scmp_arg_cmp) { (unsigned) n->arg, n->op, n->mask, 0 };
        return seccomp_rule_add_array(ctx, SCMP_ACT_NOTIFY, nr, 1, &cmp);
}

int tracer_filter_new(bool notify, scmp_filter_ctx *ret) {
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRACE(0));
        if (!ctx)
                return -ENOMEM;
        int r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRACE(1));
        /* As root no no_new_privs: setuid programs the command runs keep working. */
        if (r >= 0 && geteuid() == 0)
                r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        _cleanup_strv_free_ char **l = tracer_assumed_syscalls();
        STRV_FOREACH(s, l)
                if (r >= 0)
                        r = filter_allow(ctx, *s);
        for (size_t i = 0; notify && r >= 0 && i < ELEMENTSOF(notify_rules); i++)
                r = filter_notify(ctx, &notify_rules[i]);
        if (r < 0) {
                seccomp_release(ctx);
                return r;
        }
        *ret = ctx;
        return 0;
}

