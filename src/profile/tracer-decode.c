/* SPDX-License-Identifier: MIT */
/* The tracer's system call decoders: one row per call that is worth decoding. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "af-list.h"
#include "tracer-internal.h"

typedef enum DecodeKind {
        DECODE_PATHS,   /* up to two paths with fixed uses */
        DECODE_OPEN,    /* uses from the open flags */
        DECODE_EXEC,
        DECODE_SOCKET,
        DECODE_ADDRESS, /* bind/connect/sendto */
        DECODE_MMAP,
        DECODE_MPROTECT,
        DECODE_NAMESPACE,
        DECODE_IDENTITY,
        DECODE_CHOWN,
        DECODE_MKNOD,
        DECODE_CAPABILITY, /* needs cap, nothing else decoded */
} DecodeKind;

#define NONE -1
#define CWD -2 /* no dirfd argument: relative to the cwd */

typedef struct PathArg {
        int8_t dirfd, path; /* argument indexes */
        uint8_t use;
} PathArg;

typedef struct Decoder {
        int nr;
        DecodeKind kind;
        PathArg p[2];
        int8_t arg;  /* flags / address / prot / uid argument index */
        int8_t cap;  /* CAP_* needed, -1 none */
        const char *what;
} Decoder;

#define R PATH_USE_READ
#define W PATH_USE_WRITE
#define C PATH_USE_CREATE
#define X PATH_USE_EXEC
#define S PATH_USE_STAT
#define P1(d, a, u) { { d, a, u }, { NONE, NONE, 0 } }
#define P2(d, a, u, d2, a2, u2) { { d, a, u }, { d2, a2, u2 } }
#define P0 { { NONE, NONE, 0 }, { NONE, NONE, 0 } }

static const Decoder decoders[] = {
        { SYS_open, DECODE_OPEN, P1(CWD, 0, 0), 1, -1, NULL },
        { SYS_openat, DECODE_OPEN, P1(0, 1, 0), 2, -1, NULL },
        { SYS_openat2, DECODE_OPEN, P1(0, 1, 0), 2, -1, "openat2" },
        { SYS_creat, DECODE_OPEN, P1(CWD, 0, 0), NONE, -1, NULL },
        { SYS_stat, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_lstat, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_newfstatat, DECODE_PATHS, P1(0, 1, S), NONE, -1, NULL },
        { SYS_statx, DECODE_PATHS, P1(0, 1, S), NONE, -1, NULL },
        { SYS_access, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_faccessat, DECODE_PATHS, P1(0, 1, S), NONE, -1, NULL },
        { SYS_faccessat2, DECODE_PATHS, P1(0, 1, S), NONE, -1, NULL },
        { SYS_readlink, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_readlinkat, DECODE_PATHS, P1(0, 1, S), NONE, -1, NULL },
        { SYS_statfs, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_getxattr, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_lgetxattr, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_listxattr, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_llistxattr, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_chdir, DECODE_PATHS, P1(CWD, 0, S), NONE, -1, NULL },
        { SYS_inotify_add_watch, DECODE_PATHS, P1(CWD, 1, S), NONE, -1, NULL },
        { SYS_mkdir, DECODE_PATHS, P1(CWD, 0, C), NONE, -1, NULL },
        { SYS_mkdirat, DECODE_PATHS, P1(0, 1, C), NONE, -1, NULL },
        { SYS_unlink, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_unlinkat, DECODE_PATHS, P1(0, 1, W), NONE, -1, NULL },
        { SYS_rmdir, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_rename, DECODE_PATHS, P2(CWD, 0, W, CWD, 1, C), NONE, -1, NULL },
        { SYS_renameat, DECODE_PATHS, P2(0, 1, W, 2, 3, C), NONE, -1, NULL },
        { SYS_renameat2, DECODE_PATHS, P2(0, 1, W, 2, 3, C), NONE, -1, NULL },
        { SYS_link, DECODE_PATHS, P2(CWD, 0, R, CWD, 1, C), NONE, -1, NULL },
        { SYS_linkat, DECODE_PATHS, P2(0, 1, R, 2, 3, C), NONE, -1, NULL },
        { SYS_symlink, DECODE_PATHS, P1(CWD, 1, C), NONE, -1, NULL },
        { SYS_symlinkat, DECODE_PATHS, P1(1, 2, C), NONE, -1, NULL },
        { SYS_chmod, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_fchmodat, DECODE_PATHS, P1(0, 1, W), NONE, -1, NULL },
        { SYS_truncate, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_utime, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_utimes, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_utimensat, DECODE_PATHS, P1(0, 1, W), NONE, -1, NULL },
        { SYS_futimesat, DECODE_PATHS, P1(0, 1, W), NONE, -1, NULL },
        { SYS_setxattr, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_lsetxattr, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_removexattr, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_lremovexattr, DECODE_PATHS, P1(CWD, 0, W), NONE, -1, NULL },
        { SYS_chroot, DECODE_PATHS, P1(CWD, 0, S), NONE, CAP_SYS_CHROOT, "chroot" },
        { SYS_mount, DECODE_PATHS, P1(CWD, 1, S), NONE, CAP_SYS_ADMIN, "mount" },
        { SYS_umount2, DECODE_PATHS, P1(CWD, 0, S), NONE, CAP_SYS_ADMIN, "umount" },
        { SYS_pivot_root, DECODE_PATHS, P1(CWD, 0, S), NONE, CAP_SYS_ADMIN, "pivot_root" },
        { SYS_swapon, DECODE_PATHS, P1(CWD, 0, S), NONE, CAP_SYS_ADMIN, "swapon" },
        { SYS_swapoff, DECODE_PATHS, P1(CWD, 0, S), NONE, CAP_SYS_ADMIN, "swapoff" },
        { SYS_acct, DECODE_PATHS, P1(CWD, 0, W), NONE, CAP_SYS_PACCT, "acct" },
        { SYS_execve, DECODE_EXEC, P1(CWD, 0, X), NONE, -1, NULL },
        { SYS_execveat, DECODE_EXEC, P1(0, 1, X), NONE, -1, NULL },
        { SYS_socket, DECODE_SOCKET, P0, 0, -1, NULL },
        { SYS_socketpair, DECODE_SOCKET, P0, 0, -1, NULL },
        { SYS_bind, DECODE_ADDRESS, P0, 1, -1, "bind" },
        { SYS_connect, DECODE_ADDRESS, P0, 1, -1, "connect" },
        { SYS_sendto, DECODE_ADDRESS, P0, 4, -1, "sendto" },
        { SYS_mmap, DECODE_MMAP, P0, 2, -1, NULL },
        { SYS_mprotect, DECODE_MPROTECT, P0, 2, -1, NULL },
        { SYS_pkey_mprotect, DECODE_MPROTECT, P0, 2, -1, NULL },
        { SYS_clone, DECODE_NAMESPACE, P0, 0, -1, "clone" },
        { SYS_clone3, DECODE_NAMESPACE, P0, 0, -1, "clone3" },
        { SYS_unshare, DECODE_NAMESPACE, P0, 0, -1, "unshare" },
        { SYS_setns, DECODE_NAMESPACE, P0, 1, CAP_SYS_ADMIN, "setns" },
        { SYS_setuid, DECODE_IDENTITY, P0, 0, CAP_SETUID, "setuid" },
        { SYS_setreuid, DECODE_IDENTITY, P0, 0, CAP_SETUID, "setreuid" },
        { SYS_setresuid, DECODE_IDENTITY, P0, 0, CAP_SETUID, "setresuid" },
        { SYS_setfsuid, DECODE_IDENTITY, P0, 0, CAP_SETUID, "setfsuid" },
        { SYS_setgid, DECODE_IDENTITY, P0, 0, CAP_SETGID, "setgid" },
        { SYS_setregid, DECODE_IDENTITY, P0, 0, CAP_SETGID, "setregid" },
        { SYS_setresgid, DECODE_IDENTITY, P0, 0, CAP_SETGID, "setresgid" },
        { SYS_setfsgid, DECODE_IDENTITY, P0, 0, CAP_SETGID, "setfsgid" },
        { SYS_setgroups, DECODE_IDENTITY, P0, 0, CAP_SETGID, "setgroups" },
        { SYS_capset, DECODE_IDENTITY, P0, 0, -1, "capset" },
        { SYS_chown, DECODE_CHOWN, P1(CWD, 0, W), 1, CAP_CHOWN, "chown" },
        { SYS_lchown, DECODE_CHOWN, P1(CWD, 0, W), 1, CAP_CHOWN, "chown" },
        { SYS_fchownat, DECODE_CHOWN, P1(0, 1, W), 2, CAP_CHOWN, "chown" },
        { SYS_fchown, DECODE_CHOWN, P0, 1, CAP_CHOWN, "chown" },
        { SYS_mknod, DECODE_MKNOD, P1(CWD, 0, C), 1, CAP_MKNOD, "mknod" },
        { SYS_mknodat, DECODE_MKNOD, P1(0, 1, C), 2, CAP_MKNOD, "mknod" },
        { SYS_sethostname, DECODE_CAPABILITY, P0, NONE, CAP_SYS_ADMIN, "sethostname" },
        { SYS_setdomainname, DECODE_CAPABILITY, P0, NONE, CAP_SYS_ADMIN, "setdomainname" },
        { SYS_reboot, DECODE_CAPABILITY, P0, NONE, CAP_SYS_BOOT, "reboot" },
        { SYS_kexec_load, DECODE_CAPABILITY, P0, NONE, CAP_SYS_BOOT, "kexec_load" },
        { SYS_kexec_file_load, DECODE_CAPABILITY, P0, NONE, CAP_SYS_BOOT, "kexec_file_load" },
        { SYS_init_module, DECODE_CAPABILITY, P0, NONE, CAP_SYS_MODULE, "init_module" },
        { SYS_finit_module, DECODE_CAPABILITY, P0, NONE, CAP_SYS_MODULE, "finit_module" },
        { SYS_delete_module, DECODE_CAPABILITY, P0, NONE, CAP_SYS_MODULE, "delete_module" },
        { SYS_settimeofday, DECODE_CAPABILITY, P0, NONE, CAP_SYS_TIME, "settimeofday" },
        { SYS_clock_settime, DECODE_CAPABILITY, P0, NONE, CAP_SYS_TIME, "clock_settime" },
        { SYS_iopl, DECODE_CAPABILITY, P0, NONE, CAP_SYS_RAWIO, "iopl" },
        { SYS_ioperm, DECODE_CAPABILITY, P0, NONE, CAP_SYS_RAWIO, "ioperm" },
        { SYS_bpf, DECODE_CAPABILITY, P0, NONE, CAP_BPF, "bpf" },
};

static const Decoder *decoder_by_nr[512];

static void decoders_index(void) {
        static bool done = false;
        if (done)
                return;
        for (size_t i = 0; i < ELEMENTSOF(decoders); i++)
                if (decoders[i].nr >= 0 && (size_t) decoders[i].nr < ELEMENTSOF(decoder_by_nr))
                        decoder_by_nr[decoders[i].nr] = &decoders[i];
        done = true;
}

static void note_path(Tracer *t, const char *path, unsigned use) {
        StrMap *m = &t->profile->paths;
        if (m->n_entries >= TRACER_PATHS_MAX && !strmap_get(m, path)) {
                t->dropped_paths++;
                return;
        }
        strmap_or(m, path, use);
}

static void note_cap(Tracer *t, int cap, const char *fmt, ...) _printf_(3, 4);
static void note_cap(Tracer *t, int cap, const char *fmt, ...) {
        char buf[256];
        va_list ap;
        va_start(ap, fmt);
        (void) vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        profile_add_capability(t->profile, cap, buf);
}

/* Reads and resolves the path of argument spec a; NULL if there is none (an empty path
 * with AT_EMPTY_PATH means the fd itself: already recorded when it was opened). */
static char *call_path(const TracerCall *c, const PathArg *a) {
        char buf[TRACER_PATH_MAX];
        if (a->path == NONE || c->args[a->path] == 0)
                return NULL;
        if (tracer_read_string(c->tid, c->args[a->path], buf, sizeof buf) < 0 || buf[0] == 0)
                return NULL;
        int dirfd = a->dirfd == CWD ? AT_FDCWD : (int) c->args[a->dirfd];
        return tracer_resolve(c->tid, dirfd, buf);
}

static int keep_pending(Tracer *t, const TracerCall *c, char *paths[2], const unsigned uses[2]) {
        TracerPending *pe = tracer_pending_get(t, c->tid);
        for (int i = 0; i < 2; i++) {
                free(pe->paths[i]);
                pe->paths[i] = paths[i];
                pe->uses[i] = uses[i];
        }
        pe->nr = c->nr;
        return 1;
}

/* Reads and looks only are recorded at once; changes wait for the call's result. */
static int decode_paths(Tracer *t, const TracerCall *c, const Decoder *d, const unsigned uses[2]) {
        char *paths[2] = { call_path(c, &d->p[0]), call_path(c, &d->p[1]) };
        bool changes = false;
        for (int i = 0; i < 2; i++)
                if (paths[i] && (uses[i] & (PATH_USE_WRITE | PATH_USE_CREATE)))
                        changes = true;
        if (changes)
                return keep_pending(t, c, paths, uses);
        for (int i = 0; i < 2; i++)
                if (paths[i]) {
                        note_path(t, paths[i], uses[i]);
                        free(paths[i]);
                }
        return 0;
}

static unsigned open_uses(uint64_t flags) {
        if (flags & O_PATH)
                return PATH_USE_STAT;
        bool writes = (flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_CREAT));
        if ((flags & O_TMPFILE) == O_TMPFILE)
                return PATH_USE_WRITE | PATH_USE_CREATE;
        if (!writes)
                return (flags & O_DIRECTORY) ? PATH_USE_STAT : PATH_USE_READ;
        return PATH_USE_WRITE | ((flags & O_ACCMODE) == O_RDWR ? PATH_USE_READ : 0) |
               ((flags & O_CREAT) ? PATH_USE_CREATE : 0);
}

static int decode_open(Tracer *t, const TracerCall *c, const Decoder *d) {
        uint64_t flags = O_CREAT | O_WRONLY | O_TRUNC; /* creat() */
        if (d->nr == SYS_openat2) {
                struct open_how how;
                if (tracer_read(c->tid, c->args[2], &how, sizeof how) < 0)
                        return 0;
                flags = how.flags;
        } else if (d->arg != NONE)
                flags = c->args[d->arg];
        unsigned uses[2] = { open_uses(flags), 0 };
        return decode_paths(t, c, d, uses);
}

/* O_CREAT of an existing file is a write, not a creation: decided at the exit (the file
 * did not exist if the call created it... which the result alone cannot say), so checked
 * here before the call. */
static void creation_check(unsigned *use, const char *path) {
        struct stat st;
        if ((*use & PATH_USE_CREATE) && path && lstat(path, &st) >= 0)
                *use &= ~PATH_USE_CREATE;
}

void tracer_complete(Tracer *t, TracerPending *pe, int64_t rval) {
        for (int i = 0; i < 2; i++) {
                if (pe->paths[i] && rval >= 0)
                        note_path(t, pe->paths[i], pe->uses[i]);
                free(pe->paths[i]);
                pe->paths[i] = NULL;
        }
}

static void note_address(Tracer *t, const char *what, const char *addr, bool beyond) {
        if (t->profile->addresses.n_entries < 256) {
                _cleanup_free_ char *k = xasprintf("%s %s", what, addr);
                strmap_ensure(&t->profile->addresses, k);
        }
        t->profile->network_beyond_loopback |= beyond;
}

static void decode_inet(Tracer *t, const Decoder *d, const struct sockaddr_storage *ss) {
        char ip[INET6_ADDRSTRLEN], buf[INET6_ADDRSTRLEN + 16];
        uint16_t port;
        bool loopback, any;
        if (ss->ss_family == AF_INET) {
                const struct sockaddr_in *in = (const struct sockaddr_in *) ss;
                (void) inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
                port = ntohs(in->sin_port);
                loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
                any = in->sin_addr.s_addr == htonl(INADDR_ANY);
                (void) snprintf(buf, sizeof buf, "%s:%u", ip, port);
        } else {
                const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) ss;
                (void) inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
                port = ntohs(in6->sin6_port);
                loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
                           (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127);
                any = IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr);
                (void) snprintf(buf, sizeof buf, "[%s]:%u", ip, port);
        }
        /* Binding to the wildcard address serves every interface. */
        note_address(t, d->what, buf, !loopback && !(any && !streq(d->what, "bind")));
        if (streq(d->what, "bind") && port > 0 && port < 1024)
                note_cap(t, CAP_NET_BIND_SERVICE, "bind to port %u", port);
}

static int decode_address(Tracer *t, const TracerCall *c, const Decoder *d) {
        struct sockaddr_storage ss = {};
        uint64_t len = c->args[d->arg + 1];
        if (c->args[d->arg] == 0 || len < sizeof(sa_family_t))
                return 0;
        if (len > sizeof ss)
                len = sizeof ss;
        if (tracer_read(c->tid, c->args[d->arg], &ss, len) < 0)
                return 0;
        if (ss.ss_family == AF_INET || ss.ss_family == AF_INET6)
                decode_inet(t, d, &ss);
        else if (ss.ss_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path)) {
                struct sockaddr_un *un = (struct sockaddr_un *) &ss;
                size_t n = len - offsetof(struct sockaddr_un, sun_path);
                if (un->sun_path[0] == 0 || n >= sizeof un->sun_path)
                        return 0; /* abstract namespace (or no room for the NUL) */
                un->sun_path[n] = 0;
                _cleanup_free_ char *p = tracer_resolve(c->tid, AT_FDCWD, un->sun_path);
                if (p)
                        note_path(t, p, streq(d->what, "bind") ? PATH_USE_CREATE : PATH_USE_READ);
        }
        return 0;
}

static void decode_socket(Tracer *t, const TracerCall *c) {
        int af = (int) c->args[0], type = (int) c->args[1] & 0xf;
        if (af > 0 && af < 64)
                t->profile->families |= UINT64_C(1) << af;
        if (af == AF_PACKET || (type == SOCK_RAW && (af == AF_INET || af == AF_INET6)))
                note_cap(t, CAP_NET_RAW, "%s socket", af == AF_PACKET ? "packet" : "raw");
}

static void decode_mmap(Tracer *t, const TracerCall *c, const Decoder *d) {
        uint64_t prot = c->args[d->arg];
        if (!(prot & PROT_EXEC))
                return;
        if (d->kind == DECODE_MPROTECT) {
                t->profile->exec_mprotects++;
                if (prot & PROT_WRITE)
                        t->profile->wx_mappings++;
                return;
        }
        if (prot & PROT_WRITE)
                t->profile->wx_mappings++;
        if (!(c->args[3] & MAP_ANONYMOUS) && (int) c->args[4] >= 0) {
                _cleanup_free_ char *p = tracer_resolve(c->tid, (int) c->args[4], "");
                if (p)
                        note_path(t, p, PATH_USE_EXEC);
        }
}

static const struct { uint64_t flag; unsigned ns; } ns_flags[] = {
        { CLONE_NEWNS, PROFILE_NS_MNT },   { CLONE_NEWUTS, PROFILE_NS_UTS },
        { CLONE_NEWIPC, PROFILE_NS_IPC },  { CLONE_NEWUSER, PROFILE_NS_USER },
        { CLONE_NEWPID, PROFILE_NS_PID },  { CLONE_NEWNET, PROFILE_NS_NET },
        { CLONE_NEWCGROUP, PROFILE_NS_CGROUP }, { CLONE_NEWTIME, PROFILE_NS_TIME },
};

static void decode_namespace(Tracer *t, const TracerCall *c, const Decoder *d) {
        uint64_t flags = c->args[d->arg];
        if (d->nr == SYS_clone3) {
                struct clone_args ca = {};
                if (tracer_read(c->tid, c->args[0], &ca, sizeof ca.flags) < 0)
                        return;
                flags = ca.flags;
        }
        if (d->nr == SYS_setns && flags == 0) {
                note_cap(t, CAP_SYS_ADMIN, "setns");
                return;
        }
        unsigned ns = 0;
        for (size_t i = 0; i < ELEMENTSOF(ns_flags); i++)
                if (flags & ns_flags[i].flag)
                        ns |= ns_flags[i].ns;
        t->profile->namespaces |= ns;
        if (ns & ~PROFILE_NS_USER)
                note_cap(t, CAP_SYS_ADMIN, "%s of a namespace", d->what);
}

static void decode_identity(Tracer *t, const TracerCall *c, const Decoder *d) {
        char buf[128];
        if (d->nr == SYS_capset || d->nr == SYS_setgroups)
                (void) snprintf(buf, sizeof buf, "%s", d->what);
        else
                (void) snprintf(buf, sizeof buf, "%s %d %d %d", d->what, (int) c->args[0], (int) c->args[1],
                                (int) c->args[2]);
        /* Only as many ids as the call takes. */
        static const struct { int nr, n; } n_ids[] = {
                { SYS_setuid, 1 }, { SYS_setgid, 1 }, { SYS_setfsuid, 1 }, { SYS_setfsgid, 1 },
                { SYS_setreuid, 2 }, { SYS_setregid, 2 },
        };
        for (size_t i = 0; i < ELEMENTSOF(n_ids); i++)
                if (n_ids[i].nr == d->nr) {
                        char *p = buf;
                        for (int k = 0; k <= n_ids[i].n && p; k++)
                                p = strchr(p + 1, ' ');
                        if (p)
                                *p = 0;
                }
        if (t->profile->identity.n_entries < 256)
                strmap_ensure(&t->profile->identity, buf);
        if (d->cap >= 0)
                note_cap(t, d->cap, "%s", buf);
}

static int decode_chown(Tracer *t, const TracerCall *c, const Decoder *d) {
        int uid = (int) c->args[d->arg], gid = (int) c->args[d->arg + 1];
        if (uid != -1 || gid != -1)
                note_cap(t, CAP_CHOWN, "chown to %d:%d", uid, gid);
        unsigned uses[2] = { PATH_USE_WRITE, 0 };
        return decode_paths(t, c, d, uses);
}

static int decode_mknod(Tracer *t, const TracerCall *c, const Decoder *d) {
        mode_t mode = (mode_t) c->args[d->arg];
        if (S_ISCHR(mode) || S_ISBLK(mode))
                note_cap(t, CAP_MKNOD, "mknod of a device node");
        unsigned uses[2] = { PATH_USE_CREATE, 0 };
        return decode_paths(t, c, d, uses);
}

/* Only an exec that succeeds counts (execvp tries every directory of PATH). */
static int decode_exec(Tracer *t, const TracerCall *c, const Decoder *d) {
        char *paths[2] = { call_path(c, &d->p[0]), NULL };
        const unsigned uses[2] = { PATH_USE_EXEC, 0 };
        if (!paths[0])
                return 0;
        return keep_pending(t, c, paths, uses);
}

static int decode_fixed(Tracer *t, const TracerCall *c, const Decoder *d) {
        unsigned uses[2] = { d->p[0].use, d->p[1].use };
        if (d->cap >= 0)
                note_cap(t, d->cap, "%s", d->what);
        int r = decode_paths(t, c, d, uses);
        if (r > 0) {
                TracerPending *pe = tracer_pending_get(t, c->tid);
                for (int i = 0; i < 2; i++)
                        creation_check(&pe->uses[i], pe->paths[i]);
        }
        return r;
}

int tracer_decode(Tracer *t, const TracerCall *c) {
        decoders_index();
        if (c->nr < 0 || (size_t) c->nr >= ELEMENTSOF(decoder_by_nr) || !decoder_by_nr[c->nr])
                return 0;
        const Decoder *d = decoder_by_nr[c->nr];
        int r = 0;
        switch (d->kind) {
        case DECODE_PATHS:
                return decode_fixed(t, c, d);
        case DECODE_OPEN:
                r = decode_open(t, c, d);
                if (r > 0) {
                        TracerPending *pe = tracer_pending_get(t, c->tid);
                        creation_check(&pe->uses[0], pe->paths[0]);
                }
                return r;
        case DECODE_EXEC:
                return decode_exec(t, c, d);
        case DECODE_SOCKET:
                decode_socket(t, c);
                return 0;
        case DECODE_ADDRESS:
                return decode_address(t, c, d);
        case DECODE_MMAP:
        case DECODE_MPROTECT:
                decode_mmap(t, c, d);
                return 0;
        case DECODE_NAMESPACE:
                decode_namespace(t, c, d);
                return 0;
        case DECODE_IDENTITY:
                decode_identity(t, c, d);
                return 0;
        case DECODE_CHOWN:
                return decode_chown(t, c, d);
        case DECODE_MKNOD:
                return decode_mknod(t, c, d);
        case DECODE_CAPABILITY:
                note_cap(t, d->cap, "%s", d->what);
                return 0;
        }
        return 0;
}

void tracer_note_exec(Tracer *t, pid_t tid) {
        char link[64], exe[TRACER_PATH_MAX];
        (void) snprintf(link, sizeof link, "/proc/%d/exe", (int) tid);
        ssize_t n = readlink(link, exe, sizeof exe - 1);
        if (n <= 0)
                return;
        exe[n] = 0;
        note_path(t, exe, PATH_USE_EXEC);
        struct stat st;
        if (stat(link, &st) < 0 || !(st.st_mode & (S_ISUID | S_ISGID)))
                return;
        uint64_t bits = ((st.st_mode & S_ISUID) ? 1 : 0) | ((st.st_mode & S_ISGID) && (st.st_mode & S_IXGRP) ? 2 : 0);
        if (bits)
                strmap_ensure(&t->profile->setuid_executables, exe)->value |= bits;
}
