/* SPDX-License-Identifier: MIT */
/* The tracer's filter, the traced child and the wait loop. */
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>

#include "strv.h"
#include "syscall-groups.h"
#include "tracer-internal.h"
#include "tracer.h"

/* Hot calls that are not worth a stop. Each must be in @system-service (checked when the
 * filter is built: one that is not is traced instead). mmap/mprotect/pkey_mprotect pass
 * only without PROT_EXEC, sendto only without an address, clone only without namespace
 * flags (conditions in filter_allow()). */
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
        "fremovexattr", "memfd_create", "inotify_init1", "inotify_rm_watch", "prctl",
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
        if (streq(name, "clone"))
                return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
                                        SCMP_A0(SCMP_CMP_MASKED_EQ, NS_CLONE_FLAGS, 0));
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

static int filter_new(scmp_filter_ctx *ret) {
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
        if (r < 0) {
                seccomp_release(ctx);
                return r;
        }
        *ret = ctx;
        return 0;
}

/* ---- the run ---- */

static volatile sig_atomic_t got_signal = 0, got_signal_user = 0, got_alarm = 0;

static void on_signal(int sig, siginfo_t *si, void *u) {
        (void) u;
        if (sig == SIGALRM) {
                got_alarm = 1;
                return;
        }
        got_signal = sig;
        /* From the terminal the whole foreground group has it already; from kill(1) only us. */
        if (si->si_code == SI_USER || si->si_code == SI_QUEUE)
                got_signal_user = 1;
}

static void signals_setup(bool on) {
        struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };
        if (!on)
                sa = (struct sigaction) { .sa_handler = SIG_DFL };
        (void) sigaction(SIGINT, &sa, NULL);
        (void) sigaction(SIGTERM, &sa, NULL);
        (void) sigaction(SIGALRM, &sa, NULL);
}

_noreturn_ static void child_exec(const TracerOptions *o, scmp_filter_ctx ctx, int go_fd, int err_fd) {
        char c;
        int e = 0;
        if (read(go_fd, &c, 1) != 1)
                e = EPIPE;
        else if (seccomp_load(ctx) < 0)
                e = EPERM;
        else {
                execvp(o->argv[0], o->argv);
                e = errno;
        }
        (void) !write(err_fd, &e, sizeof e);
        _exit(e == ENOENT ? 127 : 126);
}

static int spawn(const TracerOptions *o, pid_t *ret_pid, int *ret_err_fd) {
        scmp_filter_ctx ctx;
        int r = filter_new(&ctx);
        if (r < 0)
                return r;
        int go[2], err[2];
        if (pipe2(go, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
                seccomp_release(ctx);
                return -errno;
        }
        pid_t pid = fork();
        if (pid < 0) {
                r = -errno;
                seccomp_release(ctx);
                return r;
        }
        if (pid == 0)
                child_exec(o, ctx, go[0], err[1]);
        seccomp_release(ctx);
        (void) close(go[0]);
        (void) close(err[1]);
        long opts = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                    PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD;
        if (ptrace(PTRACE_SEIZE, pid, 0, opts) < 0) {
                r = -errno;
                (void) kill(pid, SIGKILL);
                (void) waitpid(pid, NULL, 0);
                (void) close(go[1]);
                (void) close(err[0]);
                return r;
        }
        (void) !write(go[1], "x", 1);
        (void) close(go[1]);
        *ret_pid = pid;
        *ret_err_fd = err[0];
        return 0;
}

static void record_call(Tracer *t, const struct __ptrace_syscall_info *si) {
        if (si->arch == AUDIT_ARCH_X86_64 && si->seccomp.nr < ELEMENTSOF(t->counts)) {
                t->counts[si->seccomp.nr]++;
                return;
        }
        char buf[64];
        (void) snprintf(buf, sizeof buf, "arch-0x%x:%llu", si->arch, (unsigned long long) si->seccomp.nr);
        if (t->other_arch.n_entries < 256)
                strmap_ensure(&t->other_arch, buf);
}

static bool tid_ignored(Tracer *t, pid_t tid) {
        char k[16];
        if (!t->ignore_exe)
                return false;
        (void) snprintf(k, sizeof k, "%d", (int) tid);
        return strmap_get(&t->ignored, k) && strmap_get(&t->ignored, k)->value;
}

static void tid_set_ignored(Tracer *t, pid_t tid, bool ignored) {
        char k[16];
        if (!t->ignore_exe)
                return;
        (void) snprintf(k, sizeof k, "%d", (int) tid);
        StrMapEntry *e = ignored ? strmap_ensure(&t->ignored, k) : strmap_get(&t->ignored, k);
        if (e)
                e->value = ignored;
}

/* A seccomp stop: decode; PTRACE_SYSCALL if the result matters, else go on. */
static void on_seccomp(Tracer *t, pid_t tid) {
        struct __ptrace_syscall_info si;
        long n = ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof si, &si);
        bool again = false;
        if (n > 0 && si.op == PTRACE_SYSCALL_INFO_SECCOMP && !tid_ignored(t, tid)) {
                record_call(t, &si);
                if (si.arch == AUDIT_ARCH_X86_64) {
                        TracerCall c = { .tid = tid, .nr = (int) si.seccomp.nr };
                        memcpy(c.args, si.seccomp.args, sizeof c.args);
                        again = tracer_decode(t, &c) > 0;
                }
        }
        (void) ptrace(again ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, 0);
}

static void on_syscall_stop(Tracer *t, pid_t tid) {
        struct __ptrace_syscall_info si;
        long n = ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof si, &si);
        TracerPending *pe = NULL;
        for (size_t i = 0; i < t->n_pending; i++)
                if (t->pending[i].tid == tid)
                        pe = &t->pending[i];
        if (n > 0 && si.op == PTRACE_SYSCALL_INFO_ENTRY) {
                /* A kernel that reports the seccomp stop before the entry stop. */
                (void) ptrace(PTRACE_SYSCALL, tid, 0, 0);
                return;
        }
        if (pe) {
                if (n > 0 && si.op == PTRACE_SYSCALL_INFO_EXIT)
                        tracer_complete(t, pe, si.exit.is_error ? si.exit.rval : (si.exit.rval < 0 ? 0 : si.exit.rval));
                tracer_pending_drop(t, pe);
        }
        (void) ptrace(PTRACE_CONT, tid, 0, 0);
}

static void on_exec(Tracer *t, pid_t tid) {
        unsigned long former = 0;
        if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &former) >= 0 && (pid_t) former != tid)
                tid_set_ignored(t, (pid_t) former, false);
        bool ignored = false;
        if (t->ignore_exe) {
                char link[64], exe[TRACER_PATH_MAX];
                (void) snprintf(link, sizeof link, "/proc/%d/exe", (int) tid);
                ssize_t k = readlink(link, exe, sizeof exe - 1);
                ignored = k > 0 && (exe[k] = 0, streq(exe, t->ignore_exe));
        }
        tid_set_ignored(t, tid, ignored);
        if (!ignored)
                tracer_note_exec(t, tid);
}

static void on_new_child(Tracer *t, pid_t tid) {
        unsigned long child = 0;
        if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &child) >= 0) {
                t->profile->processes++;
                tid_set_ignored(t, (pid_t) child, tid_ignored(t, tid));
        }
}

static bool has_pending(Tracer *t, pid_t tid) {
        for (size_t i = 0; i < t->n_pending; i++)
                if (t->pending[i].tid == tid)
                        return true;
        return false;
}

static bool is_stop_signal(int sig) {
        return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void on_stop(Tracer *t, pid_t tid, int status) {
        int sig = WSTOPSIG(status), event = (unsigned) status >> 16;
        if (sig == (SIGTRAP | 0x80))
                return on_syscall_stop(t, tid);
        switch (event) {
        case PTRACE_EVENT_SECCOMP:
                return on_seccomp(t, tid);
        case PTRACE_EVENT_FORK:
        case PTRACE_EVENT_VFORK:
        case PTRACE_EVENT_CLONE:
                on_new_child(t, tid);
                break;
        case PTRACE_EVENT_EXEC:
                on_exec(t, tid);
                break;
        case PTRACE_EVENT_STOP:
                /* A group stop stays a stop (LISTEN); the first stop of a new child goes on. */
                (void) ptrace(is_stop_signal(sig) ? PTRACE_LISTEN : PTRACE_CONT, tid, 0, 0);
                return;
        case 0:
                /* Signal delivery: hand the signal on (still stopping at a pending exit). */
                (void) ptrace(has_pending(t, tid) ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, sig);
                return;
        }
        (void) ptrace(PTRACE_CONT, tid, 0, 0);
}

static void drop_pending_of(Tracer *t, pid_t tid) {
        for (size_t i = 0; i < t->n_pending; i++)
                if (t->pending[i].tid == tid) {
                        tracer_pending_drop(t, &t->pending[i]);
                        return;
                }
}

typedef struct RunState {
        pid_t main;
        int main_status; /* -1 while it runs */
        const char *ended_by;
        unsigned signals; /* how many times we asked it to stop */
} RunState;

/* Ctrl-C, SIGTERM or the end of the duration: ask once (the signal), then kill. */
static void handle_requests(RunState *rs) {
        int sig = 0;
        if (got_alarm) {
                got_alarm = 0;
                sig = rs->signals ? SIGKILL : SIGTERM;
                if (!rs->signals)
                        rs->ended_by = "duration";
        }
        if (got_signal) {
                sig = rs->signals ? SIGKILL : (got_signal_user ? got_signal : 0);
                if (!rs->signals)
                        rs->ended_by = "interrupt";
                got_signal = got_signal_user = 0;
                if (!sig && !rs->signals)
                        rs->signals++; /* the terminal sent it to the program already */
        }
        if (sig && rs->main_status < 0) {
                (void) kill(rs->main, sig);
                rs->signals++;
                if (sig != SIGKILL)
                        alarm(10); /* then SIGKILL */
        }
}

static void trace_loop(Tracer *t, RunState *rs) {
        for (;;) {
                int status;
                pid_t tid = waitpid(-1, &status, __WALL);
                if (tid < 0) {
                        if (errno == EINTR) {
                                handle_requests(rs);
                                continue;
                        }
                        return; /* ECHILD: every traced process is gone */
                }
                if (got_signal || got_alarm)
                        handle_requests(rs);
                if (WIFSTOPPED(status)) {
                        on_stop(t, tid, status);
                        continue;
                }
                drop_pending_of(t, tid);
                tid_set_ignored(t, tid, false);
                if (tid == rs->main)
                        rs->main_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
}

static char *now_iso8601(void) {
        time_t now = time(NULL);
        struct tm tm;
        char buf[64];
        (void) strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
        return xstrdup(buf);
}

static double elapsed_since(const struct timespec *start) {
        struct timespec now;
        (void) clock_gettime(CLOCK_MONOTONIC, &now);
        return (double) (now.tv_sec - start->tv_sec) + (double) (now.tv_nsec - start->tv_nsec) / 1e9;
}

static void tracer_finish(Tracer *t, Profile *p) {
        for (size_t nr = 0; nr < ELEMENTSOF(t->counts); nr++)
                if (t->counts[nr]) {
                        _cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int) nr);
                        _cleanup_free_ char *fallback = xasprintf("%zu", nr);
                        strmap_ensure(&p->syscalls, name ? name : fallback)->value += t->counts[nr];
                }
        for (size_t i = 0; i < t->other_arch.n_slots; i++)
                if (t->other_arch.slots[i].key)
                        strmap_ensure(&p->syscalls, t->other_arch.slots[i].key)->value++;
        while (t->n_pending > 0)
                tracer_pending_drop(t, &t->pending[0]);
        free(t->pending);
        strmap_done(&t->other_arch);
        strmap_done(&t->ignored);
        strv_free(p->assumed);
        p->assumed = tracer_assumed_syscalls();
}

static void run_entry(Profile *p, const TracerOptions *o, const RunState *rs, char *start, double duration) {
        struct utsname u;
        (void) uname(&u);
        p->runs = xrealloc(p->runs, (p->n_runs + 1) * sizeof(ProfileRun));
        p->runs[p->n_runs++] = (ProfileRun) {
                .command = strv_copy(o->argv),
                .kernel = xstrdup(u.release),
                .architecture = xstrdup(u.machine),
                .time = start,
                .duration = duration,
                .exit_status = rs->main_status,
                .ended_by = xstrdup(rs->ended_by ? rs->ended_by : rs->main_status >= 128 ? "signal" : "exit"),
        };
}

int tracer_run(const TracerOptions *o, Profile *p) {
        Tracer t = { .profile = p, .ignore_exe = o->ignore_exe };
        RunState rs = { .main_status = -1 };
        struct timespec start;
        char *start_time = now_iso8601();
        (void) clock_gettime(CLOCK_MONOTONIC, &start);
        _cleanup_close_ int err_fd = -1;
        int r = spawn(o, &rs.main, &err_fd);
        if (r < 0) {
                free(start_time);
                return r;
        }
        p->processes++;
        signals_setup(true);
        if (o->duration > 0)
                alarm(o->duration);
        trace_loop(&t, &rs);
        alarm(0);
        signals_setup(false);
        tracer_finish(&t, p);
        int child_errno = 0;
        if (read(err_fd, &child_errno, sizeof child_errno) == sizeof child_errno && child_errno > 0) {
                free(start_time);
                return -child_errno;
        }
        run_entry(p, o, &rs, start_time, elapsed_since(&start));
        return 0;
}
