/* SPDX-License-Identifier: MIT */
#include <arpa/inet.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>

#include "af-list.h"
#include "cap-list.h"
#include "exec-format.h"
#include "exec-parse.h"
#include "strv.h"
#include "syscall-groups.h"

static const void *field(const ExecSettings *s, const Directive *d) {
        return (const uint8_t *) s + d->offset;
}

static char *yes_no(bool b) { return xstrdup(b ? "yes" : "no"); }

/* Words collected for a space-separated value, joined once (linear time). */
typedef struct Words {
        char **w;
        size_t n;
} Words;

static void words_add(Words *b, const char *word) {
        b->w = exec_array_grow(b->w, b->n + 1, sizeof(char *));
        b->w[b->n++] = xstrdup(word);
        b->w[b->n] = NULL;
}

static char *words_join(Words *b) {
        char *j = strv_join(b->w, " ");
        strv_free(b->w);
        *b = (Words) {};
        return j;
}

static char *format_namespaces(unsigned long allowed) {
        static const struct {
                const char *name;
                unsigned long flag;
        } ns[] = {
                { "cgroup", 0x02000000UL }, { "ipc", 0x08000000UL }, { "net", 0x40000000UL },
                { "mnt", 0x00020000UL },    { "pid", 0x20000000UL }, { "user", 0x10000000UL },
                { "uts", 0x04000000UL },
        };
        Words b = {};
        for (size_t i = 0; i < ELEMENTSOF(ns); i++)
                if (allowed & ns[i].flag)
                        words_add(&b, ns[i].name);
        return words_join(&b);
}

static char *format_families(const AddressFamilies *a) {
        Words b = {};
        if (a->allow_list && !a->families)
                return xstrdup(a->set || a->allow_list ? "none" : "");
        for (int i = 0; i < 64; i++)
                if ((a->families & (UINT64_C(1) << i)) && af_to_name(i))
                        words_add(&b, af_to_name(i));
        _cleanup_free_ char *j = words_join(&b);
        return xasprintf("%s%s", !a->allow_list && a->families ? "~" : "", j);
}

static char *format_syscall_filter(const SyscallFilter *f) {
        Words b = {};
        for (size_t i = 0; i < f->n_entries; i++) {
                const SyscallEntry *e = &f->entries[i];
                const char *en = e->error >= 0 ? exec_errno_to_name(e->error) : NULL;
                _cleanup_free_ char *w = e->error == EXEC_ERRNO_KILL ? xasprintf("%s:kill", e->name)
                                       : en                       ? xasprintf("%s:%s", e->name, en)
                                       : e->error >= 0            ? xasprintf("%s:%d", e->name, e->error)
                                                                  : xstrdup(e->name);
                words_add(&b, w);
        }
        _cleanup_free_ char *j = words_join(&b);
        return xasprintf("%s%s", f->set && !f->allow_list ? "~" : "", j);
}

static char *format_prefixes(const IPAddressPrefix *l, size_t n) {
        Words b = {};
        for (size_t i = 0; i < n; i++) {
                char a[INET6_ADDRSTRLEN];
                if (!inet_ntop(l[i].family, l[i].address, a, sizeof(a)))
                        continue;
                _cleanup_free_ char *w = xasprintf("%s/%u", a, l[i].prefixlen);
                words_add(&b, w);
        }
        return words_join(&b);
}

static char *format_mode_letters(unsigned p) {
        return xasprintf("%s%s%s", p & CGROUP_DEVICE_READ ? "r" : "", p & CGROUP_DEVICE_WRITE ? "w" : "",
                         p & CGROUP_DEVICE_MKNOD ? "m" : "");
}

static char *format_devices(const ExecSettings *s) {
        Words b = {};
        for (size_t i = 0; i < s->n_device_allow; i++) {
                _cleanup_free_ char *m = format_mode_letters(s->device_allow[i].permissions);
                _cleanup_free_ char *w = xasprintf("%s:%s", s->device_allow[i].path, m);
                words_add(&b, w);
        }
        return words_join(&b);
}

static char *format_path_list(const PathList *l) {
        Words b = {};
        for (size_t i = 0; i < l->n; i++) {
                _cleanup_free_ char *w = xasprintf("%s%s%s", l->entries[i].ignore_missing ? "-" : "",
                                                   l->entries[i].relative_to_root ? "+" : "", l->entries[i].path);
                words_add(&b, w);
        }
        return words_join(&b);
}

static char *format_bind(const ExecSettings *s, bool read_only) {
        Words b = {};
        for (size_t i = 0; i < s->n_bind_mounts; i++) {
                const BindMount *m = &s->bind_mounts[i];
                if (m->read_only != read_only)
                        continue;
                _cleanup_free_ char *w = xasprintf("%s%s:%s:%s", m->ignore_missing ? "-" : "", m->source,
                                                   m->destination, m->recursive ? "rbind" : "norbind");
                words_add(&b, w);
        }
        return words_join(&b);
}

static char *format_tmpfs(const ExecSettings *s) {
        Words b = {};
        for (size_t i = 0; i < s->n_temporary_filesystems; i++) {
                const TemporaryFileSystem *t = &s->temporary_filesystems[i];
                _cleanup_free_ char *w = t->options ? xasprintf("%s:%s", t->path, t->options) : xstrdup(t->path);
                words_add(&b, w);
        }
        return words_join(&b);
}

static char *format_exec(const ExecSettings *s, ExecCommandType t) {
        Words b = {};
        for (size_t i = 0; i < s->n_exec[t]; i++) {
                const ExecCommand *c = &s->exec[t][i];
                _cleanup_free_ char *args = strv_join(c->argv, " ");
                _cleanup_free_ char *w = xasprintf(
                        "{ path=%s ; argv[]=%s ; flags=%s%s%s%s%s%s }", c->path, args,
                        c->flags & EXEC_COMMAND_IGNORE_FAILURE ? "-" : "", c->flags & EXEC_COMMAND_ARGV0 ? "@" : "",
                        c->flags & EXEC_COMMAND_NO_ENV_EXPAND ? ":" : "",
                        c->flags & EXEC_COMMAND_FULLY_PRIVILEGED ? "+" : "",
                        c->flags & EXEC_COMMAND_NO_SETUID ? "!" : "", c->flags & EXEC_COMMAND_AMBIENT_MAGIC ? "!!" : "");
                words_add(&b, w);
        }
        return words_join(&b);
}

static char *format_rlimit(const ResourceLimit *l) {
        if (!l->set)
                return NULL;
        if (l->soft == UINT64_MAX && l->hard == UINT64_MAX)
                return xstrdup("infinity");
        _cleanup_free_ char *s = l->soft == UINT64_MAX ? xstrdup("infinity") : xasprintf("%" PRIu64, l->soft);
        _cleanup_free_ char *h = l->hard == UINT64_MAX ? xstrdup("infinity") : xasprintf("%" PRIu64, l->hard);
        return xasprintf("%s:%s", s, h);
}

static char *format_strv(char *const *l) { return strv_join(l, " "); }
static char *format_string(const char *s) { return xstrdup(strempty(s)); }

static char *format_sets(const ExecSettings *s, const Directive *d) {
        if (d->parse == parse_capability_set)
                return capability_set_to_string(*(const uint64_t *) field(s, d));
        if (d->parse == parse_restrict_namespaces)
                return s->restrict_namespaces_set ? format_namespaces(s->restrict_namespaces) : xstrdup("");
        if (d->parse == parse_address_families)
                return format_families(&s->address_families);
        if (d->parse == parse_syscall_filter)
                return format_syscall_filter(&s->syscall_filter);
        if (d->parse == parse_syscall_architectures)
                return format_strv(s->syscall_architectures);
        if (d->parse == parse_syscall_error_number)
                return s->syscall_error_number < 0 ? xstrdup("kill") : xstrdup(strempty(exec_errno_to_name(s->syscall_error_number)));
        if (d->parse == parse_ip_address_list)
                return d->ltype ? format_prefixes(s->ip_address_deny, s->n_ip_address_deny)
                                : format_prefixes(s->ip_address_allow, s->n_ip_address_allow);
        if (d->parse == parse_ip_filter_path)
                return format_strv(*(char *const *const *) field(s, d));
        if (d->parse == parse_device_allow)
                return format_devices(s);
        return NULL;
}

static char *format_fs(const ExecSettings *s, const Directive *d) {
        if (d->parse == parse_path_list)
                return format_path_list(field(s, d));
        if (d->parse == parse_temporary_filesystem)
                return format_tmpfs(s);
        if (d->parse == parse_bind_paths)
                return format_bind(s, d->ltype == 1);
        if (d->parse == parse_exec_directories)
                return format_strv(s->directories[d->ltype].paths);
        if (d->parse == parse_directory_mode)
                return xasprintf("%04o", (unsigned) s->directories[d->ltype].mode);
        if (d->parse == parse_exec_command)
                return format_exec(s, d->ltype);
        if (d->parse == parse_environment || d->parse == parse_environment_file ||
            d->parse == parse_supplementary_groups)
                return format_strv(*(char *const *const *) field(s, d));
        if (d->parse == parse_rlimit)
                return format_rlimit(&s->rlimits[d->ltype]);
        return NULL;
}

/* KillSignal= & co as systemd names them. */
static char *format_signal(int sig) {
        const char *abbrev = sig > 0 && sig < SIGRTMIN ? sigabbrev_np(sig) : NULL;
        if (abbrev)
                return xasprintf("SIG%s", abbrev);
        return sig >= SIGRTMIN ? xasprintf("SIGRTMIN+%d", sig - SIGRTMIN) : xasprintf("%d", sig);
}

/* A time span in its largest exact unit: "90s", "1500ms", "infinity". */
static char *format_timespan(uint64_t usec) {
        if (usec == UINT64_MAX)
                return xstrdup("infinity");
        if (usec % 1000000 == 0)
                return xasprintf("%" PRIu64 "s", usec / 1000000);
        if (usec % 1000 == 0)
                return xasprintf("%" PRIu64 "ms", usec / 1000);
        return xasprintf("%" PRIu64 "us", usec);
}

static char *format_scalar(const ExecSettings *s, const Directive *d) {
        if (d->parse == parse_bool || d->parse == parse_syscall_log)
                return yes_no(*(const bool *) field(s, d));
        if (d->parse == parse_enum) {
                const char *n = exec_enum_to_string(d->ltype, *(const int *) field(s, d));
                return n ? xstrdup(n) : NULL;
        }
        if (d->parse == parse_umask)
                return xasprintf("%04o", (unsigned) s->umask);
        if (d->parse == parse_delegate)
                return yes_no(s->delegate);
        if (d->parse == parse_mount_images)
                return yes_no(s->mount_images);
        if (d->parse == parse_signal)
                return format_signal(*(const int *) field(s, d));
        if (d->parse == parse_timeout && d->ltype != TIMEOUT_BOTH)
                return format_timespan(d->ltype == TIMEOUT_START ? s->timeout_start_usec : s->timeout_stop_usec);
        if (d->parse == parse_preserve_mode)
                return xstrdup((const char *const[]) { "no", "yes", "restart" }[s->runtime_directory_preserve]);
        if (d->parse == parse_credential)
                return endswith(d->name, "Encrypted") && d->ltype == 0 ? yes_no(s->credentials_encrypted) : NULL;
        if (d->parse == parse_user || d->parse == parse_root_path || d->parse == parse_working_directory ||
            d->parse == parse_pid_file || d->parse == parse_raw_string || d->parse == parse_what_where)
                return format_string(*(const char *const *) field(s, d));
        return NULL;
}

char *exec_format_directive(const ExecSettings *s, const Directive *d) {
        if (d->parse == parse_not_modelled || d->show_as)
                return NULL;
        if ((d->parse == parse_exec_command && d->ltype < 0) || (d->parse == parse_user && d->offset == DIRECTIVE_NO_OFFSET))
                return NULL; /* checked, not kept */
        if (!(d->sections & unit_type_sections(s->unit_type)))
                return NULL;
        char *v = format_scalar(s, d);
        if (!v)
                v = format_sets(s, d);
        if (!v)
                v = format_fs(s, d);
        return v;
}
