/* SPDX-License-Identifier: MIT */
/* The service life cycle of `unitsec run` (see verb-run-service.h). One event pump (signalfd,
 * notify socket, child reaping) and the steps written in order on top of it. */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

#include "log.h"
#include "parse-util.h"
#include "run-env.h"
#include "strv.h"
#include "verb-run-service.h"

#define EXIT_RUN_FAILED 125
#define EXIT_RUN_CANNOT_EXEC 126
#define EXIT_RUN_NOT_FOUND 127
#define TIMEOUT_NONE UINT64_MAX
#define FINAL_WAIT_MAX_MS (90 * 1000) /* for the last signal when TimeoutStopSec= is infinite */
#define NOTIFY_MESSAGE_MAX 4096
#define PID_SCAN_MAX 65536

typedef struct Service {
        const SandboxPlan *plan;
        const ExecSettings *s;
        char **envp;
        const char *id;
        int sigfd;
        int notify_fd;
        char *notify_path;
        pid_t main_pid, control_pid;
        int main_status, control_status; /* wait statuses; -1 while running */
        bool ready, stop_requested, kill_now;
} Service;

int run_report_failure(const char *what, const SandboxFailure *f) {
        errno = f->error;
        if (f->step == SANDBOX_STEP_EXEC) {
                log_error("cannot run '%s': %m", isempty(f->path) ? what : f->path);
                return f->error == ENOENT ? EXIT_RUN_NOT_FOUND : EXIT_RUN_CANNOT_EXEC;
        }
        if (f->step == SANDBOX_STEP_SETTINGS && f->error == EOPNOTSUPP)
                log_error("%s: %s is not supported by unitsec run yet, refusing to run without it", what, f->path);
        else if (!isempty(f->path))
                log_error("cannot set up the sandbox for '%s': %s '%s': %m", what, sandbox_step_to_string(f->step),
                          f->path);
        else
                log_error("cannot set up the sandbox for '%s': %s: %m", what, sandbox_step_to_string(f->step));
        return EXIT_RUN_FAILED;
}

static int status_to_exit(int status) {
        if (WIFEXITED(status))
                return WEXITSTATUS(status);
        if (WIFSIGNALED(status))
                return 128 + WTERMSIG(status);
        return EXIT_RUN_FAILED;
}

/* TimeoutStartSec=/TimeoutStopSec= in milliseconds, TIMEOUT_NONE for none. */
static uint64_t usec_to_ms(uint64_t usec) {
        return usec == UINT64_MAX ? TIMEOUT_NONE : usec / 1000;
}

static uint64_t now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

static void reap(Service *svc) {
        for (;;) {
                int status;
                pid_t pid = waitpid(-1, &status, WNOHANG);
                if (pid <= 0)
                        return;
                if (pid == svc->main_pid) {
                        svc->main_status = status;
                        svc->main_pid = 0;
                } else if (pid == svc->control_pid) {
                        svc->control_status = status;
                        svc->control_pid = 0;
                }
        }
}

static void handle_signal(Service *svc) {
        struct signalfd_siginfo si;
        while (read(svc->sigfd, &si, sizeof(si)) == (ssize_t) sizeof(si)) {
                if (si.ssi_signo == SIGHUP && svc->main_pid > 0)
                        (void) kill(svc->main_pid, SIGHUP);
                else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
                        svc->kill_now = svc->stop_requested; /* a second one: no more waiting */
                        svc->stop_requested = true;
                }
        }
}

static void handle_notify_line(Service *svc, const char *line, pid_t sender) {
        const char *v;
        if (streq(line, "READY=1")) {
                svc->ready = true;
        } else if ((v = startswith(line, "MAINPID="))) {
                unsigned pid;
                if (safe_atou(v, &pid) >= 0 && pid > 1 && sender == svc->main_pid)
                        svc->main_pid = (pid_t) pid;
        } else if ((v = startswith(line, "STATUS=")))
                log_info("%s: %s", svc->id, v);
}

static void handle_notify(Service *svc) {
        char buf[NOTIFY_MESSAGE_MAX + 1];
        char control[CMSG_SPACE(sizeof(struct ucred))];
        struct iovec iov = { buf, NOTIFY_MESSAGE_MAX };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof(control) };
        ssize_t n = recvmsg(svc->notify_fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
        if (n < 0)
                return;
        buf[n] = 0;
        pid_t sender = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
                        sender = ((struct ucred *) (void *) CMSG_DATA(c))->pid;
                else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                        int *fds = (int *) (void *) CMSG_DATA(c); /* fd store: not kept */
                        for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++)
                                (void) close(fds[i]);
                }
        bool allowed = svc->s->notify_access == NOTIFY_ALL || sender == svc->main_pid ||
                       (svc->s->notify_access == NOTIFY_EXEC && sender == svc->control_pid);
        if (!allowed)
                return;
        for (char *line = buf, *next; line && *line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = 0;
                handle_notify_line(svc, line, sender);
        }
}

/* Waits for one round of events, at most timeout_ms (-1: no limit). */
static void pump(Service *svc, int timeout_ms) {
        struct pollfd fds[2] = { { svc->sigfd, POLLIN, 0 }, { svc->notify_fd, POLLIN, 0 } };
        int r = poll(fds, svc->notify_fd >= 0 ? 2 : 1, timeout_ms);
        if (r > 0 && (fds[0].revents & POLLIN))
                handle_signal(svc);
        if (r > 0 && svc->notify_fd >= 0 && (fds[1].revents & POLLIN))
                handle_notify(svc);
        reap(svc);
}

/* Pumps until done(svc) or the deadline; true if done. */
static bool pump_until(Service *svc, bool (*done)(const Service *svc), uint64_t timeout_ms) {
        uint64_t end = timeout_ms == TIMEOUT_NONE ? TIMEOUT_NONE : now_ms() + timeout_ms;
        while (!done(svc)) {
                uint64_t now = now_ms();
                if (now >= end)
                        return false;
                pump(svc, (int) (end - now > 1000 ? 1000 : end - now));
        }
        return true;
}

static bool control_done(const Service *svc) { return svc->control_pid == 0 || svc->stop_requested; }
static bool control_exited(const Service *svc) { return svc->control_pid == 0 || svc->kill_now; }
static bool main_done(const Service *svc) { return svc->main_pid == 0 || svc->stop_requested; }
static bool main_done_stopping(const Service *svc) { return svc->main_pid == 0 || svc->kill_now; }
static bool ready_done(const Service *svc) { return svc->ready || svc->main_pid == 0 || svc->stop_requested; }

static int spawn(Service *svc, const ExecCommand *c, pid_t *ret_pid) {
        /* "+": full privileges, no sandbox; "!" and "!!": no User=/Group= change. With
         * ambient capabilities always available here, "!!" means the same as "!". */
        unsigned flags = (c->flags & EXEC_COMMAND_FULLY_PRIVILEGED ? SANDBOX_EXEC_UNSANDBOXED : 0) |
                         (c->flags & (EXEC_COMMAND_NO_SETUID | EXEC_COMMAND_AMBIENT_MAGIC) ? SANDBOX_EXEC_NO_IDENTITY : 0);
        _cleanup_strv_free_ char **argv = run_env_expand_argv(c->argv, svc->envp, !(c->flags & EXEC_COMMAND_NO_ENV_EXPAND));
        SandboxExec e = { .path = c->path, .argv = argv, .envp = svc->envp, .flags = flags };
        SandboxFailure f = {};
        if (sandbox_spawn(svc->plan, &e, ret_pid, &f) < 0)
                return run_report_failure(c->path, &f);
        return 0;
}

/* Runs one control command to its end; returns its exit status as the verb reports it. In
 * the stop phase only a second SIGTERM/SIGINT interrupts it. */
static int run_control(Service *svc, const ExecCommand *c, uint64_t timeout_ms) {
        bool stopping = svc->stop_requested;
        int r = spawn(svc, c, &svc->control_pid);
        if (r != 0)
                return r;
        svc->control_status = -1;
        if (!pump_until(svc, stopping ? control_exited : control_done, timeout_ms) || svc->control_pid != 0) {
                (void) kill(svc->control_pid, SIGKILL);
                log_error("%s: '%s' %s, killed", svc->id, c->path, svc->stop_requested ? "interrupted" : "timed out");
                return EXIT_RUN_FAILED;
        }
        return status_to_exit(svc->control_status);
}

static int run_controls(Service *svc, ExecCommandType t, uint64_t timeout_ms) {
        for (size_t i = 0; i < svc->s->n_exec[t]; i++) {
                const ExecCommand *c = &svc->s->exec[t][i];
                int r = run_control(svc, c, timeout_ms);
                if (r != 0 && !(c->flags & EXEC_COMMAND_IGNORE_FAILURE)) {
                        log_error("%s: '%s' failed with exit status %d", svc->id, c->path, r);
                        return r;
                }
        }
        return 0;
}

/* No child, running or zombie, means no descendant at all: each one's chain of parents ends
 * at a child of ours (we are the subreaper). Spares the /proc scan in the common case. */
static bool have_children(void) {
        siginfo_t si = {};
        return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) >= 0 || errno != ECHILD;
}

/* (pid, parent) of every process in /proc. */
static size_t process_table(pid_t **ret_pids, pid_t **ret_parents) {
        pid_t *pids = NULL, *parents = NULL;
        size_t n = 0, alloc = 0, alloc_p = 0;
        DIR *d = opendir("/proc");
        struct dirent *de;
        while (d && (de = readdir(d)) && n < PID_SCAN_MAX) {
                unsigned pid;
                if (safe_atou(de->d_name, &pid) < 0)
                        continue;
                char path[64], buf[512];
                snprintf(path, sizeof(path), "/proc/%u/stat", pid);
                _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
                ssize_t k = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
                if (k <= 0)
                        continue;
                buf[k] = 0;
                const char *rp = strrchr(buf, ')'); /* the command name may hold anything */
                int ppid;
                if (!rp || sscanf(rp + 1, " %*c %d", &ppid) != 1)
                        continue;
                GREEDY_REALLOC(pids, alloc, n + 1);
                GREEDY_REALLOC(parents, alloc_p, n + 1);
                pids[n] = (pid_t) pid;
                parents[n++] = (pid_t) ppid;
        }
        if (d)
                closedir(d);
        *ret_pids = pids;
        *ret_parents = parents;
        return n;
}

static bool pid_in(const pid_t *set, size_t n, pid_t pid) {
        for (size_t i = 0; i < n; i++)
                if (set[i] == pid)
                        return true;
        return false;
}

/* Every process below us: unitsec is the subreaper, so orphans of the service stay here. */
static size_t descendants(pid_t **ret) {
        if (!have_children()) {
                *ret = NULL;
                return 0;
        }
        _cleanup_free_ pid_t *pids = NULL, *parents = NULL;
        size_t n = process_table(&pids, &parents), m = 0;
        pid_t *out = xcalloc(n + 1, sizeof(pid_t));
        for (bool grew = true; grew;) { /* repeated passes: the table is small */
                grew = false;
                for (size_t i = 0; i < n; i++)
                        if ((parents[i] == getpid() || pid_in(out, m, parents[i])) && !pid_in(out, m, pids[i])) {
                                out[m++] = pids[i];
                                grew = true;
                        }
        }
        *ret = out;
        return m;
}

static bool all_gone(const Service *svc) {
        _cleanup_free_ pid_t *p = NULL;
        return svc->kill_now || descendants(&p) == 0;
}

/* After the last signal a second SIGTERM/SIGINT no longer cuts the wait short. */
static bool none_left(const Service *svc) {
        _cleanup_free_ pid_t *p = NULL;
        (void) svc;
        return descendants(&p) == 0;
}

static bool main_gone(const Service *svc) { return svc->main_pid == 0; }

/* A stopping process also gets SIGCONT, so that a stopped one sees the signal. */
static void signal_one(pid_t pid, int sig) {
        (void) kill(pid, sig);
        if (sig != SIGKILL && sig != SIGCONT)
                (void) kill(pid, SIGCONT);
}

static size_t signal_all(int sig) {
        _cleanup_free_ pid_t *p = NULL;
        size_t n = descendants(&p);
        for (size_t i = 0; i < n; i++)
                signal_one(p[i], sig);
        return n;
}

static const char *kill_mode(const Service *svc) {
        return svc->s->kill_mode ? svc->s->kill_mode : "control-group";
}

/* What the stop sequence leaves (KillMode=process/none, SendSIGKILL=no) outlives unitsec,
 * as it outlives the unit under systemd: said once. */
static void warn_left(const Service *svc) {
        _cleanup_free_ pid_t *p = NULL;
        size_t left = descendants(&p);
        if (left > 0)
                log_warning("%s: %zu process%s of the service left running (KillMode=%s%s)", svc->id, left,
                            left == 1 ? "" : "es", kill_mode(svc), svc->s->send_sigkill ? "" : ", SendSIGKILL=no");
}

/* The last step: FinalKillSignal= (SIGKILL) to what is left, by KillMode= (mixed: every
 * process, process: the main one); with SendSIGKILL=no instead KillSignal= a second time
 * after a timeout. Whatever still runs then is left running, with a warning, as systemd
 * leaves it in the unit's control group. */
static void final_kill(Service *svc, bool timed_out) {
        bool group = !streq(kill_mode(svc), "process");
        uint64_t wait_ms = usec_to_ms(svc->s->timeout_stop_usec);
        if (!svc->s->send_sigkill && timed_out && !svc->kill_now) {
                /* systemd's last round without SIGKILL: KillSignal= once more, to the same
                 * processes as the first time, and the timeout once more (a second SIGTERM
                 * to unitsec skips it). */
                bool all = streq(kill_mode(svc), "control-group");
                if (all)
                        (void) signal_all(svc->s->kill_signal);
                else if (svc->main_pid > 0)
                        signal_one(svc->main_pid, svc->s->kill_signal);
                (void) pump_until(svc, all ? all_gone : main_done_stopping, wait_ms);
        }
        if (svc->s->send_sigkill) {
                size_t n = group ? signal_all(svc->s->final_kill_signal) : 0;
                if (!group && svc->main_pid > 0) {
                        signal_one(svc->main_pid, svc->s->final_kill_signal);
                        n = 1;
                }
                if (timed_out && n > 0)
                        log_warning("%s: still running after the stop timeout, sending signal %d (FinalKillSignal=)",
                                    svc->id, svc->s->final_kill_signal);
                uint64_t final_ms = wait_ms < FINAL_WAIT_MAX_MS ? wait_ms : FINAL_WAIT_MAX_MS;
                (void) pump_until(svc, group ? none_left : main_gone, final_ms);
        }
        warn_left(svc);
}

/* KillMode=: control-group (default) sends KillSignal= to every process, mixed and process
 * only to the main one; none sends nothing. Then TimeoutStopSec= (none when infinite; a
 * second SIGTERM/SIGINT ends the wait) for the processes signalled, then final_kill(). */
static void kill_sequence(Service *svc) {
        const char *mode = kill_mode(svc);
        if (streq(mode, "none")) {
                warn_left(svc);
                return;
        }
        bool group = streq(mode, "control-group");
        if (group)
                (void) signal_all(svc->s->kill_signal);
        else if (svc->main_pid > 0)
                signal_one(svc->main_pid, svc->s->kill_signal);
        svc->stop_requested = true;
        bool done = pump_until(svc, group ? all_gone : main_done_stopping, usec_to_ms(svc->s->timeout_stop_usec));
        final_kill(svc, !done || svc->kill_now);
}

/* A PID file as the daemon left it: a small regular file (a FIFO there must not block us). */
static int read_pid_file(const char *path) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return -EBADFD;
        char line[32];
        ssize_t k = read(fd, line, sizeof(line) - 1);
        if (k <= 0)
                return k < 0 ? -errno : -ENODATA;
        line[k] = 0;
        line[strcspn(line, "\n")] = 0;
        unsigned pid;
        if (safe_atou(line, &pid) < 0 || pid <= 1 || pid > INT32_MAX)
                return -EINVAL;
        return (int) pid;
}

/* Type=forking: the PID file once the starting process has exited, else the one process
 * left below us (systemd's GuessMainPID=). */
static int forking_main_pid(Service *svc) {
        if (svc->s->pid_file) {
                for (int tries = 0; tries < 50; tries++) {
                        int pid = read_pid_file(svc->s->pid_file);
                        if (pid > 0 && kill((pid_t) pid, 0) >= 0)
                                return pid;
                        pump(svc, 100);
                }
                log_warning("%s: PID file '%s' not readable after start, guessing the main process", svc->id,
                            svc->s->pid_file);
        }
        _cleanup_free_ pid_t *p = NULL;
        size_t n = descendants(&p);
        if (n == 0)
                return -ESRCH;
        return (int) p[0]; /* the oldest first in /proc order: the daemon itself */
}

static int notify_socket_open(Service *svc) {
        (void) mkdir("/run/unitsec", 0755);
        svc->notify_path = xasprintf("/run/unitsec/notify.%d", (int) getpid());
        (void) unlink(svc->notify_path);
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", svc->notify_path);
        int one = 1;
        if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 || chmod(svc->notify_path, 0777) < 0 ||
            setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0) {
                int r = -errno;
                (void) close(fd);
                return r;
        }
        svc->notify_fd = fd;
        _cleanup_free_ char *env = xasprintf("NOTIFY_SOCKET=%s", svc->notify_path);
        run_env_set(&svc->envp, env);
        return 0;
}

static int start_main(Service *svc) {
        ServiceType t = svc->s->service_type;
        const ExecCommand *c = &svc->s->exec[EXEC_START][0];
        if (t != SERVICE_FORKING) {
                svc->main_status = -1;
                int r = spawn(svc, c, &svc->main_pid);
                if (r != 0 || t != SERVICE_NOTIFY)
                        return r;
                if (!pump_until(svc, ready_done, usec_to_ms(svc->s->timeout_start_usec)))
                        log_warning("%s: no READY=1 within the start timeout, going on", svc->id);
                if (svc->ready)
                        log_info("%s: ready", svc->id);
                return 0;
        }
        int r = run_control(svc, c, usec_to_ms(svc->s->timeout_start_usec));
        if (r != 0)
                return r;
        r = forking_main_pid(svc);
        if (r < 0) {
                log_error("%s: the starting process exited and left no main process", svc->id);
                return EXIT_RUN_FAILED;
        }
        svc->main_pid = (pid_t) r;
        svc->main_status = -1;
        log_info("%s: main process %d", svc->id, r);
        return 0;
}

/* The main process is not our child when it forked: poll that it still exists. */
static bool foreign_main_done(const Service *svc) {
        return svc->stop_requested || svc->main_pid <= 0 || kill(svc->main_pid, 0) < 0;
}

/* Type=oneshot: no start timeout unless TimeoutStartSec= (or TimeoutSec=) sets one. */
static int run_oneshot(Service *svc) {
        int r = run_controls(svc, EXEC_START, svc->s->timeout_start_set ? usec_to_ms(svc->s->timeout_start_usec)
                                                                         : TIMEOUT_NONE);
        return r != 0 ? r : run_controls(svc, EXEC_START_POST, usec_to_ms(svc->s->timeout_start_usec));
}

static int run_started(Service *svc) {
        int r = run_controls(svc, EXEC_START_POST, usec_to_ms(svc->s->timeout_start_usec));
        if (r != 0)
                return r;
        bool foreign = svc->s->service_type == SERVICE_FORKING;
        while (!(foreign ? foreign_main_done(svc) : main_done(svc)))
                pump(svc, foreign ? 500 : -1);
        return 0;
}

/* ExecStop= while the main process runs (it gets $MAINPID), then the kill sequence, then
 * ExecStopPost=. */
static void stop(Service *svc) {
        svc->stop_requested = true;
        if (svc->main_pid > 0 && svc->s->n_exec[EXEC_STOP] > 0) {
                _cleanup_free_ char *mainpid = xasprintf("MAINPID=%d", (int) svc->main_pid);
                run_env_set(&svc->envp, mainpid);
                (void) run_controls(svc, EXEC_STOP, usec_to_ms(svc->s->timeout_stop_usec));
        }
        kill_sequence(svc);
        (void) run_controls(svc, EXEC_STOP_POST, usec_to_ms(svc->s->timeout_stop_usec));
}

static int service_init(Service *svc, sigset_t *ret_old) {
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGCHLD);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGHUP);
        if (sigprocmask(SIG_BLOCK, &mask, ret_old) < 0)
                return log_error_errno(-errno, "cannot block signals: %m");
        svc->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
        if (svc->sigfd < 0)
                return log_error_errno(-errno, "cannot create a signalfd: %m");
        if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
                return log_error_errno(-errno, "cannot become the subreaper of the service: %m");
        if (svc->s->service_type == SERVICE_NOTIFY) {
                int r = notify_socket_open(svc);
                if (r < 0)
                        return log_error_errno(r, "cannot create the notification socket: %m");
        }
        return 0;
}

static void service_done(Service *svc, const sigset_t *old) {
        if (svc->notify_path)
                (void) unlink(svc->notify_path);
        free(svc->notify_path);
        if (svc->notify_fd >= 0)
                (void) close(svc->notify_fd);
        if (svc->sigfd >= 0)
                (void) close(svc->sigfd);
        (void) prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
        (void) sigprocmask(SIG_SETMASK, old, NULL);
}

int run_service_foreground(const SandboxPlan *p, const ExecSettings *s, char **envp, const char *id) {
        if (s->service_type == SERVICE_DBUS)
                log_warning("%s: Type=dbus: readiness on the bus (BusName=) is not watched, run as Type=simple", id);
        Service svc = { .plan = p, .s = s, .envp = strv_copy(envp), .id = id, .sigfd = -1, .notify_fd = -1,
                        .main_status = -1, .control_status = -1 };
        sigset_t old;
        int r = service_init(&svc, &old);
        if (r < 0)
                r = EXIT_RUN_FAILED;
        else
                r = run_controls(&svc, EXEC_START_PRE, usec_to_ms(s->timeout_start_usec));
        bool oneshot = s->service_type == SERVICE_ONESHOT || s->n_exec[EXEC_START] == 0;
        if (r == 0 && !svc.stop_requested)
                r = oneshot ? run_oneshot(&svc) : start_main(&svc);
        if (r == 0 && !oneshot && !svc.stop_requested)
                r = run_started(&svc);
        if (svc.sigfd >= 0)
                stop(&svc);
        if (r == 0 && !oneshot && svc.main_status != -1)
                r = status_to_exit(svc.main_status);
        service_done(&svc, &old);
        strv_free(svc.envp);
        return r;
}
