/* SPDX-License-Identifier: MIT */
/* Seccomp programs of the sandbox. As systemd does, each filter is compiled once per local
 * architecture (native, x86, x32), so that the 32-bit entry points cannot bypass it, and
 * other architectures pass through that program (SystemCallArchitectures= closes them). */
#include <fcntl.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "sandbox-mount.h"
#include "sandbox-seccomp.h"
#include "strv.h"
#include "syscall-groups.h"

#define PROGRAM_MAX_BYTES (1u << 20)

static const uint32_t local_archs[] = { SCMP_ARCH_NATIVE, SCMP_ARCH_X86, SCMP_ARCH_X32 };

void seccomp_programs_done(SeccompPrograms *p) {
        for (size_t i = 0; i < p->n; i++)
                free(p->programs[i].insns);
        free(p->programs);
        *p = (SeccompPrograms) {};
}

static void ctx_freep(scmp_filter_ctx *c) {
        if (*c)
                seccomp_release(*c);
}
#define _cleanup_ctx_ _cleanup_(ctx_freep)

static int ctx_new(uint32_t arch, uint32_t def, uint32_t badarch, scmp_filter_ctx *ret) {
        scmp_filter_ctx c = seccomp_init(def);
        if (!c)
                return -ENOMEM;
        int r = 0;
        if (arch != SCMP_ARCH_NATIVE && arch != seccomp_arch_native()) {
                r = seccomp_arch_remove(c, SCMP_ARCH_NATIVE);
                if (r >= 0)
                        r = seccomp_arch_add(c, arch);
        }
        if (r >= 0)
                r = seccomp_attr_set(c, SCMP_FLTATR_ACT_BADARCH, badarch);
        if (r >= 0)
                r = seccomp_attr_set(c, SCMP_FLTATR_CTL_NNP, 0);
        if (r < 0) {
                seccomp_release(c);
                return r;
        }
        *ret = c;
        return 0;
}

/* Compiles c into a program and appends it to p. */
static int ctx_export(scmp_filter_ctx c, SeccompPrograms *p) {
        _cleanup_close_ int fd = memfd_create("unitsec-seccomp", MFD_CLOEXEC);
        if (fd < 0)
                return -errno;
        int r = seccomp_export_bpf(c, fd);
        if (r < 0)
                return r;
        off_t size = lseek(fd, 0, SEEK_END);
        if (size < 0)
                return -errno;
        if (size == 0 || size > PROGRAM_MAX_BYTES || size % sizeof(struct sock_filter) != 0)
                return -E2BIG;
        struct sock_filter *insns = xmalloc((size_t) size);
        if (pread(fd, insns, (size_t) size, 0) != size) {
                free(insns);
                return -EIO;
        }
        p->programs = xrealloc(p->programs, (p->n + 1) * sizeof(SeccompProgram));
        p->programs[p->n++] = (SeccompProgram) { .insns = insns, .n = (unsigned short) (size / sizeof(struct sock_filter)) };
        p->any = true;
        return 0;
}

/* A rule for name; on a foreign architecture a name that does not exist there is fine. */
static int rule_add(scmp_filter_ctx c, bool native, uint32_t action, const char *name, unsigned n_args,
                    const struct scmp_arg_cmp *args) {
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR || (native && nr < 0))
                return 0;
        int r = seccomp_rule_add_array(c, action, nr, n_args, args);
        if (r == -EACCES) /* the action is the default one: nothing to add */
                return 0;
        return native ? r : 0;
}

typedef int (*filter_fn)(scmp_filter_ctx c, bool native, const ExecSettings *s);

/* Builds fn's rules for every local architecture, with default action def. */
static int build_for_archs(const ExecSettings *s, uint32_t def, filter_fn fn, SeccompPrograms *p) {
        for (size_t i = 0; i < ELEMENTSOF(local_archs); i++) {
                bool native = local_archs[i] == SCMP_ARCH_NATIVE;
                _cleanup_ctx_ scmp_filter_ctx c = NULL;
                int r = ctx_new(local_archs[i], def, SCMP_ACT_ALLOW, &c);
                if (r < 0) {
                        if (native)
                                return r;
                        continue; /* architecture not supported by libseccomp here */
                }
                r = fn(c, native, s);
                if (r >= 0)
                        r = ctx_export(c, p);
                if (r < 0 && native)
                        return r;
        }
        return 0;
}

/* An errno 0..4095, or anything else (-1 unset, the parser's "kill" value) to kill. */
static uint32_t kill_or_errno(int error) {
        return error >= 0 && error <= 4095 ? SCMP_ACT_ERRNO((uint32_t) error) : SCMP_ACT_KILL_PROCESS;
}

static int syscall_filter_rules(scmp_filter_ctx c, bool native, const ExecSettings *s) {
        const SyscallFilter *f = &s->syscall_filter;
        for (size_t i = 0; i < f->n_entries; i++) {
                const SyscallEntry *e = &f->entries[i];
                uint32_t action = f->allow_list ? (e->error >= 0 ? kill_or_errno(e->error) : SCMP_ACT_ALLOW)
                                                : kill_or_errno(e->error >= 0 ? e->error : s->syscall_error_number);
                int r = rule_add(c, native, action, e->name, 0, NULL);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Every member of a group, nested groups expanded. */
static int group_rules(scmp_filter_ctx c, bool native, const char *group, unsigned depth) {
        const SyscallGroup *g = syscall_group_find(group);
        if (!g || depth > 8)
                return -EINVAL;
        for (const char *const *m = g->members; *m; m++) {
                int r = (*m)[0] == '@' ? group_rules(c, native, *m, depth + 1)
                                        : rule_add(c, native, SCMP_ACT_ERRNO(EPERM), *m, 0, NULL);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int implied_rules(scmp_filter_ctx c, bool native, const ExecSettings *s) {
        const struct {
                bool on;
                const char *group;
        } groups[] = {
                { s->private_devices, "@raw-io" },
                { s->protect_kernel_modules, "@module" },
                { s->protect_clock, "@clock" },
        };
        for (size_t i = 0; i < ELEMENTSOF(groups); i++)
                if (groups[i].on) {
                        int r = group_rules(c, native, groups[i].group, 0);
                        if (r < 0)
                                return r;
                }
        const struct {
                bool on;
                const char *name;
        } calls[] = {
                { s->protect_kernel_logs, "syslog" },
                { s->protect_hostname, "sethostname" },
                { s->protect_hostname, "setdomainname" },
        };
        for (size_t i = 0; i < ELEMENTSOF(calls); i++)
                if (calls[i].on) {
                        int r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), calls[i].name, 0, NULL);
                        if (r < 0)
                                return r;
                }
        return 0;
}

static int address_family_rules(scmp_filter_ctx c, bool native, const ExecSettings *s) {
        const AddressFamilies *a = &s->address_families;
        for (unsigned af = 0; af < 64; af++) {
                bool listed = a->families & (UINT64_C(1) << af);
                if (listed == a->allow_list)
                        continue;
                struct scmp_arg_cmp cmp = SCMP_A0(SCMP_CMP_EQ, af);
                int r = rule_add(c, native, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socket", 1, &cmp);
                if (r < 0)
                        return r;
        }
        if (!a->allow_list)
                return 0;
        struct scmp_arg_cmp cmp = SCMP_A0(SCMP_CMP_GE, 64);
        return rule_add(c, native, SCMP_ACT_ERRNO(EAFNOSUPPORT), "socket", 1, &cmp);
}

static const unsigned long namespace_flags[] = {
        CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS,
};

static int namespace_rules(scmp_filter_ctx c, bool native, const ExecSettings *s) {
        /* clone3() passes its flags in memory, out of seccomp's reach: ENOSYS makes libc fall
         * back to clone(). */
        int r = rule_add(c, native, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL);
        struct scmp_arg_cmp zero = SCMP_A1(SCMP_CMP_EQ, 0);
        if (r >= 0)
                r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "setns", 1, &zero);
        for (size_t i = 0; i < ELEMENTSOF(namespace_flags) && r >= 0; i++) {
                unsigned long fl = namespace_flags[i];
                if (s->restrict_namespaces & fl)
                        continue;
                struct scmp_arg_cmp a0 = SCMP_A0(SCMP_CMP_MASKED_EQ, fl, fl), a1 = SCMP_A1(SCMP_CMP_MASKED_EQ, fl, fl);
                r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "clone", 1, &a0);
                if (r >= 0)
                        r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "unshare", 1, &a0);
                if (r >= 0)
                        r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "setns", 1, &a1);
        }
        return r;
}

static int personality_rules(scmp_filter_ctx c, bool native, _unused_ const ExecSettings *s) {
        struct scmp_arg_cmp cmp = SCMP_A0(SCMP_CMP_NE, PER_LINUX);
        return rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "personality", 1, &cmp);
}

static int wx_rules(scmp_filter_ctx c, bool native, _unused_ const ExecSettings *s) {
        const unsigned long wx = PROT_WRITE | PROT_EXEC;
        struct scmp_arg_cmp mmap_wx = SCMP_A2(SCMP_CMP_MASKED_EQ, wx, wx);
        struct scmp_arg_cmp prot_x = SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC);
        struct scmp_arg_cmp shm_x = SCMP_A2(SCMP_CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC);
        int r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "mmap", 1, &mmap_wx);
        if (r >= 0)
                r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "mmap2", 1, &mmap_wx);
        if (r >= 0)
                r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "mprotect", 1, &prot_x);
        if (r >= 0)
                r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "pkey_mprotect", 1, &prot_x);
        if (r >= 0)
                r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "shmat", 1, &shm_x);
        return r;
}

static int realtime_rules(scmp_filter_ctx c, bool native, _unused_ const ExecSettings *s) {
        const struct scmp_arg_cmp cmps[] = {
                SCMP_A1(SCMP_CMP_EQ, SCHED_FIFO),
                SCMP_A1(SCMP_CMP_EQ, SCHED_RR),
                SCMP_A1(SCMP_CMP_GT, SCHED_IDLE), /* SCHED_DEADLINE and anything newer */
        };
        for (size_t i = 0; i < ELEMENTSOF(cmps); i++) {
                int r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), "sched_setscheduler", 1, &cmps[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Modes that make a file set-user-ID or set-group-ID (systemd blocks both bits alone). */
static int suid_rules(scmp_filter_ctx c, bool native, _unused_ const ExecSettings *s) {
        static const struct {
                const char *name;
                int mode_arg, flags_arg; /* flags_arg -1: none */
        } calls[] = {
                { "chmod", 1, -1 }, { "fchmod", 1, -1 }, { "fchmodat", 2, -1 }, { "fchmodat2", 2, -1 },
                { "mkdir", 1, -1 }, { "mkdirat", 2, -1 }, { "mknod", 1, -1 }, { "mknodat", 2, -1 },
                { "creat", 1, -1 }, { "open", 2, 1 }, { "openat", 3, 2 },
        };
        const unsigned long suid = S_ISUID, sgid = S_ISGID;
        for (size_t i = 0; i < ELEMENTSOF(calls); i++)
                for (int k = 0; k < 2; k++) {
                        unsigned long bits = k == 0 ? suid : sgid;
                        struct scmp_arg_cmp cmp[2] = {
                                { .arg = (unsigned) calls[i].mode_arg, .op = SCMP_CMP_MASKED_EQ, .datum_a = bits, .datum_b = bits },
                                { .arg = (unsigned) calls[i].flags_arg, .op = SCMP_CMP_MASKED_EQ, .datum_a = O_CREAT, .datum_b = O_CREAT },
                        };
                        int r = rule_add(c, native, SCMP_ACT_ERRNO(EPERM), calls[i].name, calls[i].flags_arg >= 0 ? 2 : 1, cmp);
                        if (r < 0)
                                return r;
                }
        return 0;
}

static const struct {
        const char *name;
        uint32_t token;
} arch_names[] = {
        { "native", SCMP_ARCH_NATIVE }, { "x86", SCMP_ARCH_X86 }, { "x86-64", SCMP_ARCH_X86_64 },
        { "x32", SCMP_ARCH_X32 }, { "arm", SCMP_ARCH_ARM }, { "arm64", SCMP_ARCH_AARCH64 },
};

/* SystemCallArchitectures=: system calls of any other architecture kill the process. */
static int build_archs(const ExecSettings *s, SeccompPrograms *p, SandboxFailure *f) {
        _cleanup_ctx_ scmp_filter_ctx c = NULL;
        int r = ctx_new(SCMP_ARCH_NATIVE, SCMP_ACT_ALLOW, SCMP_ACT_KILL_PROCESS, &c);
        if (r < 0)
                return sandbox_fail(f, SANDBOX_STEP_SECCOMP, r, "SystemCallArchitectures=");
        bool native_listed = false;
        STRV_FOREACH(a, s->syscall_architectures) {
                size_t i = 0;
                while (i < ELEMENTSOF(arch_names) && !streq(arch_names[i].name, *a))
                        i++;
                if (i == ELEMENTSOF(arch_names))
                        return sandbox_fail(f, SANDBOX_STEP_SECCOMP, EINVAL, *a);
                uint32_t t = arch_names[i].token == SCMP_ARCH_NATIVE ? seccomp_arch_native() : arch_names[i].token;
                if (t == seccomp_arch_native())
                        native_listed = true;
                else if ((r = seccomp_arch_add(c, t)) < 0 && r != -EEXIST)
                        return sandbox_fail(f, SANDBOX_STEP_SECCOMP, r, *a);
        }
        if (!native_listed && (r = seccomp_arch_remove(c, SCMP_ARCH_NATIVE)) < 0)
                return sandbox_fail(f, SANDBOX_STEP_SECCOMP, r, "SystemCallArchitectures=");
        r = ctx_export(c, p);
        return r < 0 ? sandbox_fail(f, SANDBOX_STEP_SECCOMP, r, "SystemCallArchitectures=") : 0;
}

int sandbox_seccomp_build(const ExecSettings *s, SeccompPrograms *ret, SandboxFailure *f) {
        const SyscallFilter *sf = &s->syscall_filter;
        uint32_t filter_default = sf->allow_list ? kill_or_errno(s->syscall_error_number) : SCMP_ACT_ALLOW;
        const struct {
                bool on;
                uint32_t def;
                filter_fn fn;
                const char *what;
        } rows[] = {
                { sf->set || sf->n_entries > 0, filter_default, syscall_filter_rules, "SystemCallFilter=" },
                { true, SCMP_ACT_ALLOW, implied_rules, "implied system call filter" },
                { s->address_families.set, SCMP_ACT_ALLOW, address_family_rules, "RestrictAddressFamilies=" },
                { (s->restrict_namespaces & NAMESPACE_FLAGS_ALL) != NAMESPACE_FLAGS_ALL, SCMP_ACT_ALLOW,
                  namespace_rules, "RestrictNamespaces=" },
                { s->lock_personality, SCMP_ACT_ALLOW, personality_rules, "LockPersonality=" },
                { s->memory_deny_write_execute, SCMP_ACT_ALLOW, wx_rules, "MemoryDenyWriteExecute=" },
                { s->restrict_realtime, SCMP_ACT_ALLOW, realtime_rules, "RestrictRealtime=" },
                { s->restrict_suid_sgid, SCMP_ACT_ALLOW, suid_rules, "RestrictSUIDSGID=" },
        };
        SeccompPrograms p = {};
        bool implied = s->private_devices || s->protect_kernel_modules || s->protect_clock ||
                       s->protect_kernel_logs || s->protect_hostname;
        for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
                if (!rows[i].on || (rows[i].fn == implied_rules && !implied))
                        continue;
                int r = build_for_archs(s, rows[i].def, rows[i].fn, &p);
                if (r < 0) {
                        seccomp_programs_done(&p);
                        return sandbox_fail(f, SANDBOX_STEP_SECCOMP, r, rows[i].what);
                }
        }
        if (s->syscall_architectures && s->syscall_architectures[0]) {
                int r = build_archs(s, &p, f);
                if (r < 0) {
                        seccomp_programs_done(&p);
                        return r;
                }
        }
        *ret = p;
        return 0;
}

int sandbox_seccomp_load(const SeccompPrograms *p) {
        for (size_t i = 0; i < p->n; i++) {
                struct sock_fprog prog = { .len = p->programs[i].n, .filter = p->programs[i].insns };
                if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
                        return -errno;
        }
        return 0;
}
