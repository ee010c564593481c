/* SPDX-License-Identifier: MIT */
/* Parsers of set-valued directives: capabilities, namespaces, address families, system calls. */
#include <seccomp.h>

#include "af-list.h"
#include "cap-list.h"
#include "exec-parse.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "strv.h"
#include "syscall-groups.h"

/* CapabilityBoundingSet= (ltype 1: starts with all bits) and AmbientCapabilities= (ltype 0). */
int parse_capability_set(const ParseContext *ctx, const char *value) {
        uint64_t *set = ctx->data, sum, initial = ctx->directive->ltype ? CAPABILITY_ALL : 0;
        bool invert = value[0] == '~';

        if (capability_set_from_string(value + invert, &sum) < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid %s= value, ignoring: %s",
                           ctx->directive->name, value);
                return 0;
        }
        if (sum == 0 || *set == initial)
                *set = invert ? ~sum : sum;
        else if (invert)
                *set &= ~sum;
        else
                *set |= sum;
        return 1;
}

static const struct {
        const char *name;
        unsigned long flag;
} namespace_names[] = {
        { "cgroup", 0x02000000UL }, { "ipc", 0x08000000UL }, { "net", 0x40000000UL },
        { "mnt", 0x00020000UL },    { "pid", 0x20000000UL }, { "user", 0x10000000UL },
        { "uts", 0x04000000UL },
};

static int namespace_flags_from_string(const char *s, unsigned long *ret) {
        unsigned long flags = 0;

        for (const char *p = s;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, 0);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                size_t i;
                for (i = 0; i < ELEMENTSOF(namespace_names); i++)
                        if (streq(word, namespace_names[i].name))
                                break;
                if (i == ELEMENTSOF(namespace_names))
                        return -EINVAL;
                flags |= namespace_names[i].flag;
        }
        *ret = flags;
        return 0;
}

int parse_restrict_namespaces(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;
        unsigned long flags;
        bool invert;

        if (isempty(value)) {
                s->restrict_namespaces = NAMESPACE_FLAGS_ALL;
                s->restrict_namespaces_set = false;
                return 1;
        }
        int b = parse_boolean(value);
        if (b >= 0) {
                s->restrict_namespaces = b ? 0 : NAMESPACE_FLAGS_ALL;
                s->restrict_namespaces_set = true;
                return 1;
        }
        invert = value[0] == '~';
        if (namespace_flags_from_string(value + invert, &flags) < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid namespace type list, ignoring: %s", value);
                return 0;
        }
        if (!s->restrict_namespaces_set)
                s->restrict_namespaces = invert ? ~flags & NAMESPACE_FLAGS_ALL : flags;
        else if (invert)
                s->restrict_namespaces &= ~flags;
        else
                s->restrict_namespaces |= flags;
        s->restrict_namespaces_set = true;
        return 1;
}

int parse_address_families(const ParseContext *ctx, const char *value) {
        AddressFamilies *a = ctx->data;
        bool invert;

        if (isempty(value) || streq(value, "none")) {
                *a = (AddressFamilies) { .allow_list = !isempty(value) };
                return 1;
        }
        invert = value[0] == '~';
        if (!a->set)
                *a = (AddressFamilies) { .allow_list = !invert, .set = true };
        for (const char *p = value + invert;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                if (r == 0)
                        return 1;
                int af = af_from_name(word);
                if (af < 0 || af >= 64) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "unknown address family, ignoring: %s", word);
                        continue;
                }
                if (!invert == a->allow_list)
                        a->families |= UINT64_C(1) << af;
                else
                        a->families &= ~(UINT64_C(1) << af);
        }
}

const char *exec_errno_to_name(int e) {
        if (e <= 0 || e > 4095)
                return NULL;
        return strerrorname_np(e);
}

int exec_parse_errno_or_action(const char *s) {
        int e;

        if (streq(s, "kill"))
                return EXEC_ERRNO_KILL;
        if (safe_atoi(s, &e) >= 0)
                return e >= 0 && e <= 4095 ? e : -ERANGE;
        for (e = 1; e <= 4095; e++) {
                const char *n = strerrorname_np(e);
                if (n && streq(n, s))
                        return e;
        }
        return -EINVAL;
}

/* Whether an entry of this line adds to the filter (else it removes). */
static bool syscall_filter_adds(const SyscallFilter *f, int error, bool invert) {
        return invert != f->allow_list || (invert && f->allow_list && error >= 0);
}

static void syscall_filter_apply_number(SyscallFilter *f, const char *name, int nr, int error, bool invert) {
        if (syscall_filter_adds(f, error, invert))
                syscall_filter_add_number(f, name, nr, error);
        else
                syscall_filter_remove_number(f, nr);
}

/* Adds (allow) or removes one syscall or @group (expanded recursively), as systemd's
 * parser does: a line of the filter's polarity adds, the other one removes. */
static void syscall_filter_apply(const ParseContext *ctx, SyscallFilter *f, const char *name, int error,
                                 bool invert) {
        if (name[0] == '@') {
                const SyscallGroup *g = syscall_group_find(name);
                if (!g) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                                   "unknown system call group, ignoring: %s", name);
                        return;
                }
                if (syscall_filter_adds(f, error, invert))
                        syscall_filter_add_group(f, g, error);
                else
                        syscall_filter_remove_group(f, g);
                return;
        }
        int nr = syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "unknown system call, ignoring: %s", name);
                return;
        }
        syscall_filter_apply_number(f, syscall_name_intern(name), nr, error, invert);
}

static int syscall_word_split(const char *word, char **ret_name, int *ret_error) {
        const char *colon = strchr(word, ':');
        int e = -1;

        if (colon) {
                e = exec_parse_errno_or_action(colon + 1);
                if (e < 0)
                        return e;
        }
        size_t n = colon ? (size_t) (colon - word) : strlen(word);
        if (n == 0)
                return -EINVAL;
        *ret_name = xstrndup(word, n);
        *ret_error = e;
        return 0;
}

int parse_syscall_filter(const ParseContext *ctx, const char *value) {
        SyscallFilter *f = ctx->data;
        bool invert = value[0] == '~';

        if (isempty(value)) {
                syscall_filter_reset(f);
                return 1;
        }
        if (!f->set) {
                syscall_filter_reset(f);
                f->set = true;
                f->allow_list = !invert;
                if (f->allow_list)
                        syscall_filter_apply(ctx, f, "@default", -1, false);
        }
        for (const char *p = value + invert;;) {
                _cleanup_free_ char *word = NULL, *name = NULL;
                int error, r = extract_first_word(&p, &word, NULL, 0);
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                if (r == 0)
                        return 1;
                if (syscall_word_split(word, &name, &error) < 0) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syscall:errno, ignoring: %s", word);
                        continue;
                }
                if (!invert && error >= 0) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                                   "an allowed system call cannot carry an error number, ignoring: %s", word);
                        continue;
                }
                syscall_filter_apply(ctx, f, name, error, invert);
        }
}

static const char *const seccomp_arch_names[] = {
        "native", "x86", "x86-64", "x32", "arm", "arm64", "mips", "mips64", "mips64-n32", "mipsel",
        "mipsel64", "mipsel64-n32", "ppc", "ppc64", "ppc64-le", "riscv64", "s390", "s390x", "parisc",
        "parisc64",
};

static bool seccomp_arch_is_known(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(seccomp_arch_names); i++)
                if (streq(seccomp_arch_names[i], name))
                        return true;
        return false;
}

int parse_syscall_architectures(const ParseContext *ctx, const char *value) {
        char ***archs = ctx->data;

        if (isempty(value)) {
                *archs = strv_free(*archs);
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                if (r == 0)
                        return 1;
                if (!seccomp_arch_is_known(word)) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                                   "unknown system call architecture \"%s\", ignoring", word);
                        continue;
                }
                if (!strv_contains(*archs, word))
                        strv_extend(archs, word);
        }
}

int parse_syscall_error_number(const ParseContext *ctx, const char *value) {
        int *e = ctx->data;

        if (isempty(value) || streq(value, "kill")) {
                *e = -1;
                return 1;
        }
        int v = exec_parse_errno_or_action(value);
        if (v <= 0 || v == EXEC_ERRNO_KILL) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid error number, ignoring: %s", value);
                return 0;
        }
        *e = v;
        return 1;
}

int parse_syscall_log(const ParseContext *ctx, const char *value) {
        bool *set = ctx->data;
        *set = !isempty(value);
        return 1;
}
