/* SPDX-License-Identifier: MIT */
/* The traced child and the loop that waits for its ptrace stops and user notifications. */
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
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

typedef struct Spawned {
        pid_t pid;
        int err_fd;    /* the child's errno if its exec failed */
        int notify_fd; /* seccomp user notifications; -1 if the kernel has none */
} Spawned;

/* In the child: waits until the tracer has seized it, loads the filter (with user
 * notification if the kernel takes it), tells the tracer its listener fd, waits until the
 * tracer has taken it, execs. */
_noreturn_ static void child_exec(const TracerOptions *o, scmp_filter_ctx filters[2], int go_fd, int fd_fd,
                                  int err_fd, const sigset_t *mask) {
        char c;
        int e = 0, listener = -1;
        if (read(go_fd, &c, 1) != 1)
                e = EPIPE;
        else if (seccomp_load(filters[0]) >= 0)
                listener = seccomp_notify_fd(filters[0]);
        else if (seccomp_load(filters[1]) < 0)
                e = EPERM;
        if (e == 0) {
                (void) !write(fd_fd, &listener, sizeof listener);
                if (read(go_fd, &c, 1) != 1)
                        e = EPIPE;
        }
        if (e == 0) {
                (void) sigprocmask(SIG_SETMASK, mask, NULL);
                execvp(o->argv[0], o->argv);
                e = errno;
        }
        (void) !write(err_fd, &e, sizeof e);
        _exit(e == ENOENT ? 127 : 126);
}

/* The child's listener fd, copied into the tracer. */
static int take_listener(pid_t pid, int fd_fd) {
        int listener = -1;
        if (read(fd_fd, &listener, sizeof listener) != sizeof listener || listener < 0)
                return -1;
        _cleanup_close_ int pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
        if (pidfd < 0)
                return -1;
        int fd = (int) syscall(SYS_pidfd_getfd, pidfd, listener, 0);
        return fd < 0 ? -1 : fd;
}

static int seize(pid_t pid) {
        long opts = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                    PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD;
        if (ptrace(PTRACE_SEIZE, pid, 0, opts) < 0) {
                int r = -errno;
                (void) kill(pid, SIGKILL);
                (void) waitpid(pid, NULL, 0);
                return r;
        }
        return 0;
}

static int spawn(const TracerOptions *o, const sigset_t *mask, Spawned *ret) {
        scmp_filter_ctx filters[2] = {};
        int r = tracer_filter_new(true, &filters[0]);
        if (r >= 0)
                r = tracer_filter_new(false, &filters[1]);
        int go[2] = { -1, -1 }, fdp[2] = { -1, -1 }, err[2] = { -1, -1 };
        if (r >= 0 && (pipe2(go, O_CLOEXEC) < 0 || pipe2(fdp, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0))
                r = -errno;
        pid_t pid = r >= 0 ? fork() : 0;
        if (r >= 0 && pid < 0)
                r = -errno;
        if (r >= 0 && pid == 0)
                child_exec(o, filters, go[0], fdp[1], err[1], mask);
        seccomp_release(filters[0]);
        seccomp_release(filters[1]);
        int unused[] = { go[0], fdp[1], err[1] };
        for (size_t i = 0; i < ELEMENTSOF(unused); i++)
                if (unused[i] >= 0)
                        (void) close(unused[i]);
        if (r >= 0)
                r = seize(pid);
        if (r >= 0 && write(go[1], "x", 1) == 1) {
                ret->notify_fd = take_listener(pid, fdp[0]);
                (void) !write(go[1], "x", 1);
        }
        int used[] = { go[1], fdp[0] };
        for (size_t i = 0; i < ELEMENTSOF(used); i++)
                if (used[i] >= 0)
                        (void) close(used[i]);
        if (r < 0) {
                if (err[0] >= 0)
                        (void) close(err[0]);
                return r;
        }
        ret->pid = pid;
        ret->err_fd = err[0];
        return 0;
}

static void record_call(Tracer *t, uint32_t arch, uint64_t nr) {
        if (arch == AUDIT_ARCH_X86_64 && nr < ELEMENTSOF(t->counts)) {
                t->counts[nr]++;
                return;
        }
        char buf[64];
        (void) snprintf(buf, sizeof buf, "arch-0x%x:%llu", arch, (unsigned long long) nr);
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
                record_call(t, si.arch, si.seccomp.nr);
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
                        tracer_complete(t, pe, si.exit.is_error ? si.exit.rval : 0);
                tracer_pending_drop(t, pe);
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

static bool has_pending(Tracer *t, pid_t tid) {
        for (size_t i = 0; i < t->n_pending; i++)
                if (t->pending[i].tid == tid)
                        return true;
        return false;
}

/* The effective uid of a thread (the second field of "Uid:"), -1 if unknown. */
static int proc_euid(pid_t tid) {
        char path[64], line[256];
        (void) snprintf(path, sizeof path, "/proc/%d/status", (int) tid);
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        while (f && fgets(line, sizeof line, f)) {
                unsigned ruid, euid;
                if (sscanf(line, "Uid: %u %u", &ruid, &euid) == 2)
                        return (int) euid;
        }
        return -1;
}

static void on_exec(Tracer *t, pid_t tid) {
        unsigned long former = 0;
        if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &former) >= 0 && (pid_t) former != tid) {
                /* A thread other than the leader exec'd: it took the leader's id (and its
                 * pending execve with it). */
                tid_set_ignored(t, (pid_t) former, false);
                tracer_forget((pid_t) former);
                tracer_forget(tid);
                drop_pending_of(t, tid);
                for (size_t i = 0; i < t->n_pending; i++)
                        if (t->pending[i].tid == (pid_t) former)
                                t->pending[i].tid = tid;
        }
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
        if (!ignored && t->first_uid < 0)
                t->first_uid = proc_euid(tid);
}

static void on_new_child(Tracer *t, pid_t tid) {
        unsigned long child = 0;
        if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &child) >= 0) {
                t->profile->processes++;
                tid_set_ignored(t, (pid_t) child, tid_ignored(t, tid));
        }
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
                if (is_stop_signal(sig)) {
                        (void) ptrace(PTRACE_LISTEN, tid, 0, 0);
                        return;
                }
                break;
        case 0:
                /* Signal delivery: hand the signal on (still stopping at a pending exit). */
                (void) ptrace(has_pending(t, tid) ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, sig);
                return;
        }
        /* An execve waiting for its exit stop passes its exec event first. */
        (void) ptrace(has_pending(t, tid) ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, 0);
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

static void on_exit_of(Tracer *t, RunState *rs, pid_t tid, int status) {
        drop_pending_of(t, tid);
        tracer_forget(tid);
        tid_set_ignored(t, tid, false);
        if (tid == rs->main)
                rs->main_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* One event (flags 0: blocking) or all pending ones (WNOHANG). False once every traced
 * process is gone. */
static bool wait_events(Tracer *t, RunState *rs, int flags) {
        for (;;) {
                int status;
                pid_t tid = waitpid(-1, &status, __WALL | flags);
                if (tid == 0)
                        return true;
                if (tid < 0) {
                        if (errno != EINTR)
                                return false; /* ECHILD */
                        handle_requests(rs);
                        if (!flags)
                                return true;
                        continue;
                }
                if (got_signal || got_alarm)
                        handle_requests(rs);
                (void) pthread_mutex_lock(&t->lock);
                if (WIFSTOPPED(status))
                        on_stop(t, tid, status);
                else
                        on_exit_of(t, rs, tid, status);
                (void) pthread_mutex_unlock(&t->lock);
                if (!flags)
                        return true;
        }
}

/* A user notification: decode (entry-only calls by construction of the filter), let the
 * call go on. */
static void on_notify(Tracer *t, const struct seccomp_notif *req) {
        if (tid_ignored(t, (pid_t) req->pid))
                return;
        record_call(t, req->data.arch, (uint64_t) req->data.nr);
        TracerCall c = { .tid = (pid_t) req->pid, .nr = req->data.nr };
        memcpy(c.args, req->data.args, sizeof c.args);
        if (req->data.arch == AUDIT_ARCH_X86_64 && tracer_decode(t, &c) > 0) {
                TracerPending *pe = tracer_pending_get(t, c.tid);
                tracer_complete(t, pe, 0);
                tracer_pending_drop(t, pe);
        }
}

/* User notifications are served by a thread of their own, blocked in RECV: no poll() per
 * call, and the ptrace loop keeps its plain blocking waitpid(). Both decode under t->lock. */
typedef struct Notifier {
        Tracer *tracer;
        int fd;
        pthread_t thread;
        volatile sig_atomic_t stop;
} Notifier;

static void *notifier_main(void *arg) {
        Notifier *n = arg;
        sigset_t all;
        sigfillset(&all);
        sigdelset(&all, SIGUSR2); /* the way to interrupt RECV at the end */
        (void) pthread_sigmask(SIG_SETMASK, &all, NULL);
        while (!n->stop) {
                struct seccomp_notif req = {};
                if (ioctl(n->fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
                        if (errno == EINTR || errno == ENOENT)
                                continue;
                        break;
                }
                (void) pthread_mutex_lock(&n->tracer->lock);
                on_notify(n->tracer, &req);
                (void) pthread_mutex_unlock(&n->tracer->lock);
                struct seccomp_notif_resp resp = { .id = req.id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
                (void) ioctl(n->fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
        }
        return NULL;
}

static void on_usr2(int sig) {
        (void) sig;
}

/* Linux 6.6: the woken side runs on the waker's CPU, a faster round trip per notification. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static int notifier_start(Notifier *n) {
        (void) ioctl(n->fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
        struct sigaction sa = { .sa_handler = on_usr2 }; /* no SA_RESTART: RECV returns EINTR */
        (void) sigaction(SIGUSR2, &sa, NULL);
        int r = pthread_create(&n->thread, NULL, notifier_main, n);
        return -r;
}

static void notifier_stop(Notifier *n) {
        n->stop = 1;
        for (unsigned i = 0; pthread_tryjoin_np(n->thread, NULL) == EBUSY; i++) {
                (void) pthread_kill(n->thread, SIGUSR2);
                (void) usleep(i < 10 ? 1000 : 10000);
        }
        (void) signal(SIGUSR2, SIG_DFL);
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
        if (geteuid() != 0)
                strv_extend(&p->notes, "traced as an unprivileged user: no_new_privs was set, so setuid and setgid "
                                       "programs ran without their privileges");
        if (t->dropped_paths > 0)
                strv_consume(&p->notes, xasprintf("%lu uses of paths beyond the first %u were not recorded",
                                                  t->dropped_paths, TRACER_PATHS_MAX));
        free(t->pending);
        strmap_done(&t->other_arch);
        strmap_done(&t->ignored);
        strv_free(p->assumed);
        p->assumed = tracer_assumed_syscalls();
}

static void run_entry(Profile *p, const Tracer *t, const TracerOptions *o, const RunState *rs, char *start,
                      double duration) {
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
                .uid = t->first_uid,
                .ended_by = xstrdup(rs->ended_by ? rs->ended_by : rs->main_status >= 128 ? "signal" : "exit"),
        };
}

int tracer_run(const TracerOptions *o, Profile *p) {
        Tracer t = { .profile = p, .ignore_exe = o->ignore_exe, .lock = PTHREAD_MUTEX_INITIALIZER, .first_uid = -1 };
        RunState rs = { .main_status = -1 };
        struct timespec start;
        char *start_time = now_iso8601();
        (void) clock_gettime(CLOCK_MONOTONIC, &start);
        sigset_t mask;
        (void) sigprocmask(SIG_SETMASK, NULL, &mask);
        Spawned sp = { .err_fd = -1, .notify_fd = -1 };
        int r = spawn(o, &mask, &sp);
        if (r < 0) {
                free(start_time);
                return r;
        }
        _cleanup_close_ int err_fd = sp.err_fd, notify_fd = sp.notify_fd;
        rs.main = sp.pid;
        p->processes++;
        Notifier n = { .tracer = &t, .fd = notify_fd };
        bool notifier = notify_fd >= 0 && notifier_start(&n) >= 0;
        /* Without the thread nothing would answer the notifications: the program would hang. */
        if (notify_fd >= 0 && !notifier) {
                (void) kill(sp.pid, SIGKILL);
                rs.ended_by = "failure";
        }
        signals_setup(true);
        if (o->duration > 0)
                alarm(o->duration);
        while (wait_events(&t, &rs, 0))
                ;
        alarm(0);
        signals_setup(false);
        if (notifier)
                notifier_stop(&n);
        tracer_finish(&t, p);
        int child_errno = 0;
        if (read(err_fd, &child_errno, sizeof child_errno) == sizeof child_errno && child_errno > 0) {
                free(start_time);
                return -child_errno;
        }
        run_entry(p, &t, o, &rs, start_time, elapsed_since(&start));
        return 0;
}
