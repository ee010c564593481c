/* SPDX-License-Identifier: MIT */
/* Phase two of the sandbox, in the child, in one visible order: namespaces, propagation
 * cut, the file system tree and its read-only passes, network, limits, identity,
 * capabilities, working directory, no_new_privs, fds, umask, seccomp, exec. The first
 * failure is sent to the parent and the child exits: there is no half-sandboxed run. */
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/keyctl.h>
#include <net/if.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "sandbox-internal.h"
#include "strv.h"

static int loopback_up(void) {
        _cleanup_close_ int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        struct ifreq ifr = {};
        strncpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name) - 1);
        if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                return -errno;
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        return RET_NERRNO(ioctl(fd, SIOCSIFFLAGS, &ifr));
}

static int apply_limits(const SandboxPlan *p, SandboxFailure *f) {
        for (int i = 0; i < EXEC_N_RLIMITS && i < RLIM_NLIMITS; i++)
                if (p->rlimit_set[i] && setrlimit(i, &p->rlimits[i]) < 0)
                        return sandbox_fail(f, SANDBOX_STEP_LIMITS, errno, NULL);
        return 0;
}

static int cap_last(void) {
        int last = CAP_LAST_CAP;
        while (last < 63 && prctl(PR_CAPBSET_READ, last + 1, 0, 0, 0) >= 0)
                last++;
        return last;
}

static int drop_bounding_set(uint64_t keep, int last) {
        for (int c = 0; c <= last; c++) {
                if (keep & (UINT64_C(1) << c))
                        continue;
                if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
                        return -errno;
        }
        return 0;
}

static int capset_all(uint64_t permitted, uint64_t effective, uint64_t inheritable) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct d[2];
        for (int i = 0; i < 2; i++)
                d[i] = (struct __user_cap_data_struct) {
                        .permitted = (uint32_t) (permitted >> (32 * i)),
                        .effective = (uint32_t) (effective >> (32 * i)),
                        .inheritable = (uint32_t) (inheritable >> (32 * i)),
                };
        return RET_NERRNO((int) syscall(SYS_capset, &h, d));
}

static int raise_ambient(uint64_t ambient, int last) {
        for (int c = 0; c <= last; c++)
                if ((ambient & (UINT64_C(1) << c)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
                        return -errno;
        return 0;
}

/* Bounding set first (needs CAP_SETPCAP), then groups and ids (keeping the ambient
 * capabilities across the change), then the ambient set. */
static int apply_identity(const SandboxPlan *p, SandboxFailure *f) {
        int last = cap_last();
        int r = drop_bounding_set(p->bounding_set, last);
        if (r < 0)
                return sandbox_fail(f, SANDBOX_STEP_CAPABILITY_BOUNDING_SET, r, NULL);
        if (p->change_identity) {
                if (p->ambient && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
                        return sandbox_fail(f, SANDBOX_STEP_AMBIENT_CAPABILITIES, errno, NULL);
                if (setgroups(p->n_groups, p->groups) < 0)
                        return sandbox_fail(f, SANDBOX_STEP_SUPPLEMENTARY_GROUPS, errno, NULL);
                if (setresgid(p->gid, p->gid, p->gid) < 0)
                        return sandbox_fail(f, SANDBOX_STEP_GROUP, errno, NULL);
                if (setresuid(p->uid, p->uid, p->uid) < 0)
                        return sandbox_fail(f, SANDBOX_STEP_USER, errno, NULL);
        }
        if (p->ambient) {
                uint64_t perm = p->uid == 0 ? p->bounding_set : p->ambient;
                r = capset_all(perm, perm, p->ambient);
                if (r >= 0)
                        r = raise_ambient(p->ambient, last);
                if (r < 0)
                        return sandbox_fail(f, SANDBOX_STEP_AMBIENT_CAPABILITIES, r, NULL);
        }
        return 0;
}

static bool have_cap_sys_admin(void) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct d[2] = {};
        if (syscall(SYS_capget, &h, d) < 0)
                return false;
        return d[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32));
}

static int apply_working_directory(const SandboxPlan *p, SandboxFailure *f) {
        if (chdir(p->working_directory) >= 0)
                return 0;
        if (p->working_directory_ignore_missing && errno == ENOENT)
                return RET_NERRNO(chdir("/")) < 0 ? sandbox_fail(f, SANDBOX_STEP_WORKING_DIRECTORY, errno, "/") : 0;
        return sandbox_fail(f, SANDBOX_STEP_WORKING_DIRECTORY, errno, p->working_directory);
}

static int write_map(pid_t pid, const char *which, unsigned id) {
        char path[64], map[64];
        snprintf(path, sizeof(path), "/proc/%d/%s", (int) pid, which);
        int l = id == 0 ? snprintf(map, sizeof(map), "0 0 1\n") : snprintf(map, sizeof(map), "0 0 1\n%u %u 1\n", id, id);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        int r = write(fd, map, (size_t) l) == l ? 0 : -errno;
        (void) close(fd);
        return r;
}

/* PrivateUsers=: a user namespace that maps root and the service's user and group only, as
 * systemd does (everything else shows as the overflow id). Writing a map of more than our own id needs CAP_SETUID in the parent
 * namespace, so a helper forked before the unshare writes it. */
static int enter_user_namespace(const SandboxPlan *p) {
        int ready[2];
        if (pipe2(ready, O_CLOEXEC) < 0)
                return -errno;
        pid_t self = getpid(), helper = fork();
        if (helper < 0) {
                int r = -errno;
                (void) close(ready[0]);
                (void) close(ready[1]);
                return r;
        }
        if (helper == 0) {
                char c;
                (void) close(ready[1]);
                if (read(ready[0], &c, 1) != 1)
                        _exit(ECANCELED);
                int r = write_map(self, "uid_map", p->uid);
                if (r >= 0)
                        r = write_map(self, "gid_map", p->gid);
                _exit(r < 0 ? -r : 0);
        }
        (void) close(ready[0]);
        int r = unshare(CLONE_NEWUSER) < 0 ? -errno : 0;
        if (r >= 0)
                (void) !write(ready[1], "x", 1);
        (void) close(ready[1]);
        int status;
        while (waitpid(helper, &status, 0) < 0)
                if (errno != EINTR)
                        return -errno;
        if (r < 0)
                return r;
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -(WIFEXITED(status) ? WEXITSTATUS(status) : EIO);
}

static int enter_namespaces(const SandboxPlan *p, SandboxFailure *f) {
        if (unshare((int) p->unshare_flags) < 0)
                return sandbox_fail(f, SANDBOX_STEP_UNSHARE, errno, NULL);
        /* From here on nothing we mount reaches the host. */
        if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
                return sandbox_fail(f, SANDBOX_STEP_PROPAGATION, errno, "/");
        return 0;
}

/* RootDirectory=: the prepared tree becomes "/", the old root is detached. */
static int pivot_into(const char *root) {
        if (chdir(root) < 0)
                return -errno;
        if (syscall(SYS_pivot_root, ".", ".") < 0)
                return -errno;
        if (umount2(".", MNT_DETACH) < 0)
                return -errno;
        return RET_NERRNO(chdir("/"));
}

int sandbox_enter(const SandboxPlan *p, SandboxFailure *f) {
        (void) umask(0);
        int r = enter_namespaces(p, f);
        if (r >= 0)
                r = sandbox_mounts_apply(&p->mounts, f);
        if (r >= 0 && p->root_directory && (r = pivot_into(p->mounts.root)) < 0)
                (void) sandbox_fail(f, SANDBOX_STEP_ROOT_DIRECTORY, r, p->root_directory);
        if (r >= 0 && (p->unshare_flags & CLONE_NEWNET) && (r = loopback_up()) < 0)
                (void) sandbox_fail(f, SANDBOX_STEP_PRIVATE_NETWORK, r, "lo");
        /* As systemd 252: the user namespace comes after the file system tree and the other
         * namespaces, which therefore stay owned by the host's (a fresh /proc needs that). */
        if (r >= 0 && p->private_users && (r = enter_user_namespace(p)) < 0)
                (void) sandbox_fail(f, SANDBOX_STEP_PRIVATE_USERS, r, NULL);
        if (r >= 0 && p->new_session_keyring && syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
                r = sandbox_fail(f, SANDBOX_STEP_SETTINGS, errno, "KeyringMode=");
        if (r >= 0)
                r = apply_limits(p, f);
        if (r >= 0)
                r = apply_identity(p, f);
        if (r >= 0)
                r = apply_working_directory(p, f);
        if (r < 0)
                return r;
        /* Without CAP_SYS_ADMIN seccomp needs no_new_privs; systemd implies it the same way. */
        if ((p->no_new_privileges || (p->seccomp.any && !have_cap_sys_admin())) &&
            prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return sandbox_fail(f, SANDBOX_STEP_NO_NEW_PRIVILEGES, errno, NULL);
        (void) umask(p->umask);
        return 0;
}

/* Finds a bare name in PATH of envp, as execvp would, before seccomp is in place. */
static int find_executable(const SandboxExec *e, char **ret) {
        if (strchr(e->path, '/')) {
                *ret = xstrdup(e->path);
                return 0;
        }
        const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        for (char *const *v = e->envp; v && *v; v++)
                if (startswith(*v, "PATH="))
                        path = *v + 5;
        int r = -ENOENT;
        for (const char *d = path; *d;) {
                size_t l = strcspn(d, ":");
                _cleanup_free_ char *c = xasprintf("%.*s/%s", (int) l, d, e->path);
                struct stat st;
                if (l > 0 && stat(c, &st) >= 0 && S_ISREG(st.st_mode)) {
                        if (access(c, X_OK) >= 0) {
                                *ret = TAKE_PTR(c);
                                return 0;
                        }
                        r = -EACCES;
                }
                d += l + (d[l] == ':');
        }
        return r;
}

static void reset_signals(void) {
        sigset_t all;
        for (int sig = 1; sig < _NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        (void) signal(sig, SIG_DFL);
        sigemptyset(&all);
        (void) sigprocmask(SIG_SETMASK, &all, NULL);
}

/* "+": nothing of the sandbox but the working directory, umask and limits. */
static int enter_unsandboxed(const SandboxPlan *p, SandboxFailure *f) {
        int r = apply_limits(p, f);
        if (r >= 0)
                r = apply_working_directory(p, f);
        (void) umask(p->umask);
        return r;
}

static _noreturn_ void child(const SandboxPlan *p, const SandboxExec *e, int errfd) {
        SandboxFailure f = {};
        char *exe = NULL;
        reset_signals();
        int r;
        if (e->flags & SANDBOX_EXEC_UNSANDBOXED)
                r = enter_unsandboxed(p, &f);
        else if (e->flags & SANDBOX_EXEC_NO_IDENTITY) {
                SandboxPlan copy = *p; /* a shallow copy in the child: only the flag differs */
                copy.change_identity = false;
                r = sandbox_enter(&copy, &f);
        } else
                r = sandbox_enter(p, &f);
        if (r >= 0 && (r = find_executable(e, &exe)) < 0)
                (void) sandbox_fail(&f, SANDBOX_STEP_EXEC, r, e->path);
        if (r >= 0 && close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
                r = sandbox_fail(&f, SANDBOX_STEP_CLOSE_FDS, errno, NULL);
        if (r >= 0 && !(e->flags & SANDBOX_EXEC_UNSANDBOXED) && (r = sandbox_seccomp_load(&p->seccomp)) < 0)
                (void) sandbox_fail(&f, SANDBOX_STEP_SECCOMP, r, NULL);
        if (r >= 0) {
                execve(exe, e->argv, e->envp);
                (void) sandbox_fail(&f, SANDBOX_STEP_EXEC, errno, exe);
        }
        (void) !write(errfd, &f, sizeof(f));
        _exit(125);
}

int sandbox_spawn(const SandboxPlan *p, const SandboxExec *e, pid_t *ret_pid, SandboxFailure *ret_failure) {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) < 0)
                return sandbox_fail(ret_failure, SANDBOX_STEP_UNSHARE, errno, NULL);
        pid_t pid = fork();
        if (pid < 0) {
                int r = -errno;
                (void) close(fds[0]);
                (void) close(fds[1]);
                return sandbox_fail(ret_failure, SANDBOX_STEP_UNSHARE, r, NULL);
        }
        if (pid == 0) {
                (void) close(fds[0]);
                child(p, e, fds[1]);
        }
        (void) close(fds[1]);
        SandboxFailure f;
        ssize_t n;
        do
                n = read(fds[0], &f, sizeof(f));
        while (n < 0 && errno == EINTR);
        (void) close(fds[0]);
        if (n == 0) {
                *ret_pid = pid;
                return 0;
        }
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
        if (n != (ssize_t) sizeof(f) || f.error <= 0)
                return sandbox_fail(ret_failure, SANDBOX_STEP_EXEC, EIO, NULL);
        f.path[sizeof(f.path) - 1] = 0;
        if (ret_failure)
                *ret_failure = f;
        return -f.error;
}
