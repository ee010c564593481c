/* SPDX-License-Identifier: MIT */
/* Parsers of scalar directives: booleans, enumerations, modes, users, single paths. */
#include <assert.h>
#include <ctype.h>
#include <limits.h>

#include "exec-parse.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "strv.h"
#include "unit-load.h"

typedef struct EnumTable {
        const char *const *names;
        int n;
        int boolean_true;   /* value for a true boolean, -1: booleans not accepted */
        const char *what;   /* for the warning */
} EnumTable;

static const char *const protect_system_names[] = { "no", "yes", "full", "strict" };
static const char *const protect_home_names[] = { "no", "yes", "read-only", "tmpfs" };
static const char *const protect_proc_names[] = { "default", "noaccess", "invisible", "ptraceable" };
static const char *const proc_subset_names[] = { "all", "pid" };
static const char *const keyring_mode_names[] = { "inherit", "private", "shared" };
static const char *const notify_access_names[] = { "none", "all", "main", "exec" };
static const char *const device_policy_names[] = { "auto", "closed", "strict" };
static const char *const service_type_names[] = { "simple", "exec", "forking", "oneshot", "dbus", "notify", "idle" };

#define ENUM(names, b, what) { names, (int) ELEMENTSOF(names), b, what }
static const EnumTable enum_tables[_ENUM_TABLE_MAX] = {
        [ENUM_PROTECT_SYSTEM] = ENUM(protect_system_names, PROTECT_SYSTEM_YES, "protect system value"),
        [ENUM_PROTECT_HOME] = ENUM(protect_home_names, PROTECT_HOME_YES, "protect home value"),
        [ENUM_PROTECT_PROC] = ENUM(protect_proc_names, -1, "/proc protection mode"),
        [ENUM_PROC_SUBSET] = ENUM(proc_subset_names, -1, "/proc subset mode"),
        [ENUM_KEYRING_MODE] = ENUM(keyring_mode_names, -1, "keyring mode"),
        [ENUM_NOTIFY_ACCESS] = ENUM(notify_access_names, -1, "notify access value"),
        [ENUM_DEVICE_POLICY] = ENUM(device_policy_names, -1, "device policy"),
        [ENUM_SERVICE_TYPE] = ENUM(service_type_names, -1, "service type"),
};

const char *exec_enum_to_string(EnumTableId table, int value) {
        const EnumTable *t = &enum_tables[table];
        return value >= 0 && value < t->n ? t->names[value] : NULL;
}

int exec_enum_from_string(EnumTableId table, const char *s) {
        const EnumTable *t = &enum_tables[table];
        if (t->boolean_true >= 0) {
                int b = parse_boolean(s);
                if (b >= 0)
                        return b ? t->boolean_true : 0;
        }
        for (int i = 0; i < t->n; i++)
                if (streq(t->names[i], s))
                        return i;
        return -EINVAL;
}

void exec_origin_set(const ParseContext *ctx) {
        size_t id = (size_t) (ctx->directive - directive_table);
        if (ctx->settings->origins && id < ctx->settings->n_origins)
                ctx->settings->origins[id] = (Origin) { .file = ctx->file, .line = ctx->line };
}

int exec_expand(const ParseContext *ctx, const char *text, size_t max_len, char **ret) {
        int r = unit_specifier_expand(ctx->unit, text, max_len, ret);
        if (r < 0)
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, r,
                           "cannot expand the specifiers in '%s': %m", text);
        return r;
}

static bool path_is_normalized_simple(const char *p) {
        for (const char *s = p; *s;) {
                size_t n = strcspn(s, "/");
                if (n == 2 && s[0] == '.' && s[1] == '.')
                        return false;
                s += n;
                s += strspn(s, "/");
        }
        return true;
}

/* Drops "//", "/./" and a trailing "/" as systemd's path_simplify() does. */
/* Needs a non-empty p: an empty relative path becomes "." in place. */
static void path_simplify_inplace(char *p) {
        assert(*p);
        char *w = p;
        const char *s = p;
        bool absolute = *s == '/';

        if (absolute)
                *w++ = *s++;
        while (*s) {
                s += strspn(s, "/");
                size_t n = strcspn(s, "/");
                if (n == 0)
                        break;
                if (n == 1 && s[0] == '.') {
                        s += n;
                        continue;
                }
                if (w > p && w[-1] != '/')
                        *w++ = '/';
                memmove(w, s, n);
                w += n;
                s += n;
        }
        if (w == p)
                *w++ = absolute ? '/' : '.';
        *w = 0;
}

int exec_path_check(const ParseContext *ctx, char *p, bool want_relative, bool fatal) {
        const char *key = ctx->directive->name, *ign = fatal ? "" : ", ignoring";
        int level = fatal ? LOG_LEVEL_ERR : LOG_LEVEL_WARNING;

        if (isempty(p)) /* e.g. "%i" outside an instance; path_simplify_inplace() needs a byte */
                return log_syntax(ctx->file, ctx->line, level, -EINVAL, "%s= path is empty%s", key, ign);
        if (!utf8_is_valid_n(p, strlen(p)))
                return log_syntax(ctx->file, ctx->line, level, -EINVAL, "%s= path is not valid UTF-8%s", key, ign);
        if (!want_relative && p[0] != '/')
                return log_syntax(ctx->file, ctx->line, level, -EINVAL, "%s= path is not absolute%s: %s", key, ign, p);
        if (want_relative && p[0] == '/')
                return log_syntax(ctx->file, ctx->line, level, -EINVAL, "%s= path is absolute%s: %s", key, ign, p);
        path_simplify_inplace(p);
        if (strlen(p) >= PATH_MAX)
                return log_syntax(ctx->file, ctx->line, level, -EINVAL, "%s= path is too long%s", key, ign);
        if (!path_is_normalized_simple(p))
                return log_syntax(ctx->file, ctx->line, level, -EINVAL, "%s= path is not normalized%s: %s", key, ign, p);
        return 0;
}

static bool all_digits(const char *s) {
        if (!*s)
                return false;
        for (; *s; s++)
                if (!isdigit((unsigned char) *s))
                        return false;
        return true;
}

static bool is_valid_uid_string(const char *s) {
        unsigned u;
        if (!all_digits(s) || (s[0] == '0' && s[1]) || safe_atou(s, &u) < 0)
                return false;
        return u != 65535 && u != UINT32_MAX;
}

bool exec_user_name_is_strict(const char *u) {
        if (isempty(u))
                return false;
        if (!(isalpha((unsigned char) u[0]) || u[0] == '_'))
                return false;
        for (const char *p = u + 1; *p; p++)
                if (!(isalnum((unsigned char) *p) || *p == '_' || *p == '-'))
                        return false;
        return strlen(u) <= 31;
}

bool exec_user_name_is_valid(const char *u) {
        size_t n = strlen(u);

        if (n == 0)
                return false;
        if (is_valid_uid_string(u))
                return true;
        if (u[0] == ' ' || u[n - 1] == ' ' || !utf8_is_valid_n(u, n))
                return false;
        for (const char *p = u; *p; p++)
                if ((unsigned char) *p < ' ' || *p == 0x7f || *p == ':' || *p == '/')
                        return false;
        if (all_digits(u) || (u[0] == '-' && all_digits(u + 1)) || streq(u, ".") || streq(u, ".."))
                return false;
        if (!exec_user_name_is_strict(u))
                log_notice("accepting user/group name '%s', which does not follow the strict naming rules", u);
        return true;
}

int parse_not_modelled(const ParseContext *ctx, const char *value) {
        (void) ctx;
        (void) value;
        return 0;
}

/* ltype 1: an invalid value is fatal (DynamicUser=), else ignored. */
int parse_bool(const ParseContext *ctx, const char *value) {
        int b = parse_boolean(value);
        if (b < 0 && ctx->directive->ltype == 1)
                return log_syntax(ctx->file, ctx->line, LOG_LEVEL_ERR, -ENOEXEC, "invalid boolean value: %s", value);
        if (b < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid boolean value, ignoring: %s", value);
                return 0;
        }
        *(bool *) ctx->data = b;
        return 1;
}

int parse_enum(const ParseContext *ctx, const char *value) {
        int v = exec_enum_from_string(ctx->directive->ltype, value);
        if (v < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid %s, ignoring: %s",
                           enum_tables[ctx->directive->ltype].what, value);
                return 0;
        }
        *(int *) ctx->data = v;
        if (ctx->directive->ltype == ENUM_SERVICE_TYPE)
                ctx->settings->service_type_set = true;
        return 1;
}

int parse_umask(const ParseContext *ctx, const char *value) {
        mode_t m;
        if (parse_mode(value, &m) < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid file mode, ignoring: %s", value);
                return 0;
        }
        *(mode_t *) ctx->data = m;
        return 1;
}

/* User= (ltype 0), Group= (ltype 1), SocketUser=/SocketGroup= (ltype 2: checked, not stored). */
int parse_user(const ParseContext *ctx, const char *value) {
        char **dest = ctx->data;
        _cleanup_free_ char *k = NULL;

        if (isempty(value)) {
                if (dest)
                        *dest = mfree_str(*dest);
                return 1;
        }
        if (exec_expand(ctx, value, NAME_MAX, &k) < 0)
                return -ENOEXEC;
        if (!exec_user_name_is_valid(k)) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_ERR, 0, "invalid user or group name or numeric ID: %s", k);
                return -ENOEXEC;
        }
        if (ctx->directive->ltype == 0 && streq(k, "nobody"))
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_NOTICE, 0,
                           "the special user 'nobody' is configured, which is not safe");
        if (!dest)
                return 0;
        free(*dest);
        *dest = TAKE_PTR(k);
        return 1;
}

/* SELinuxContext=, AppArmorProfile=, SmackProcessLabel=: not modelled, but a specifier
 * problem is fatal unless the value starts with "-". */
int parse_security_label(const ParseContext *ctx, const char *value) {
        _cleanup_free_ char *k = NULL;
        bool ignore = value[0] == '-';

        if (!isempty(value) && exec_expand(ctx, value + ignore, SIZE_MAX, &k) < 0 && !ignore)
                return -ENOEXEC;
        return 0;
}

/* Paths that are not modelled but whose problems are fatal (RootVerity=). */
int parse_fatal_path(const ParseContext *ctx, const char *value) {
        _cleanup_free_ char *k = NULL;

        if (isempty(value))
                return 0;
        if (exec_expand(ctx, value, PATH_MAX, &k) < 0 || exec_path_check(ctx, k, false, true) < 0)
                return -ENOEXEC;
        return 0;
}

int parse_supplementary_groups(const ParseContext *ctx, const char *value) {
        char ***groups = ctx->data;

        if (isempty(value)) {
                exec_strv_clear(ctx->settings, groups);
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, 0);
                if (r == 0)
                        break;
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_ERR, -ENOEXEC, "invalid syntax: %s", value);
                if (exec_expand(ctx, word, NAME_MAX, &k) < 0)
                        return -ENOEXEC;
                if (!exec_user_name_is_valid(k))
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_ERR, -ENOEXEC,
                                          "invalid user or group name or numeric ID: %s", k);
                exec_strv_push(ctx->settings, groups, TAKE_PTR(k));
        }
        return 1;
}

static const char *const cgroup_controller_names[] = {
        "cpu", "cpuacct", "cpuset", "io", "blkio", "memory", "devices", "pids",
        "bpf-firewall", "bpf-devices", "bpf-foreign", "bpf-socket-bind", "bpf-restrict-network-interfaces",
};

static int delegate_controllers(const ParseContext *ctx, const char *value, uint64_t *mask) {
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        return 0;
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, r, "invalid syntax, ignoring: %s", value);
                size_t i;
                for (i = 0; i < ELEMENTSOF(cgroup_controller_names); i++)
                        if (streq(cgroup_controller_names[i], word))
                                break;
                if (i == ELEMENTSOF(cgroup_controller_names))
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                                   "unknown cgroup controller '%s', ignoring", word);
                else
                        *mask |= UINT64_C(1) << i;
        }
}

int parse_delegate(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;
        UnitType t = s->unit_type;

        if (t != UNIT_SERVICE && t != UNIT_SCOPE) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                           "Delegate= is not supported for this unit type, ignoring");
                return 0;
        }
        if (isempty(value)) {
                s->delegate = true;
                s->delegate_controllers = 0;
                return 1;
        }
        int b = parse_boolean(value);
        if (b >= 0) {
                s->delegate = b;
                s->delegate_controllers = b ? UINT64_MAX : 0;
                return 1;
        }
        uint64_t mask = 0;
        if (delegate_controllers(ctx, value, &mask) < 0)
                return 0;
        s->delegate = true;
        s->delegate_controllers |= mask;
        return 1;
}

/* RootDirectory=, RootImage=: specifier or path problems are fatal. */
int parse_root_path(const ParseContext *ctx, const char *value) {
        char **dest = ctx->data;
        _cleanup_free_ char *k = NULL;

        if (isempty(value)) {
                *dest = mfree_str(*dest);
                return 1;
        }
        if (exec_expand(ctx, value, PATH_MAX, &k) < 0)
                return -ENOEXEC;
        if (exec_path_check(ctx, k, false, true) < 0)
                return -ENOEXEC;
        free(*dest);
        *dest = TAKE_PTR(k);
        return 1;
}

/* WorkingDirectory=: "~" is home; a "-" prefix makes problems non-fatal. */
int parse_working_directory(const ParseContext *ctx, const char *value) {
        char **dest = ctx->data;
        _cleanup_free_ char *k = NULL;
        bool missing_ok = value[0] == '-';
        const char *v = value + missing_ok;

        if (isempty(value)) {
                *dest = mfree_str(*dest);
                return 1;
        }
        if (streq(v, "~"))
                k = xstrdup("~");
        else {
                if (exec_expand(ctx, v, PATH_MAX, &k) < 0)
                        return missing_ok ? 0 : -ENOEXEC;
                if (exec_path_check(ctx, k, false, !missing_ok) < 0)
                        return missing_ok ? 0 : -ENOEXEC;
        }
        free(*dest);
        *dest = missing_ok ? xasprintf("-%s", k) : TAKE_PTR(k);
        return 1;
}

/* PIDFile=: relative names are below /run. */
int parse_pid_file(const ParseContext *ctx, const char *value) {
        char **dest = ctx->data;
        _cleanup_free_ char *k = NULL;

        if (isempty(value)) {
                *dest = mfree_str(*dest);
                return 1;
        }
        if (exec_expand(ctx, value, PATH_MAX, &k) < 0)
                return 0;
        if (k[0] != '/') {
                char *a = xasprintf("/run/%s", k);
                free(k);
                k = a;
        }
        if (exec_path_check(ctx, k, false, false) < 0)
                return 0;
        free(*dest);
        *dest = TAKE_PTR(k);
        return 1;
}

/* MountImages=: only "non-empty or not" matters; entries are "[-]SOURCE:DEST[:OPTIONS]". */
int parse_mount_images(const ParseContext *ctx, const char *value) {
        bool *set = ctx->data;
        bool any = false;

        if (isempty(value)) {
                *set = false;
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL, *src = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                if (r == 0)
                        break;
                if (r < 0) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, r, "invalid syntax, ignoring: %s", value);
                        return 0;
                }
                const char *q = word;
                r = extract_first_word(&q, &src, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
                if (r <= 0 || isempty(src) || isempty(q))
                        continue;
                const char *s = src[0] == '-' ? src + 1 : src;
                if (exec_expand(ctx, s, PATH_MAX, &k) < 0 || exec_path_check(ctx, k, false, false) < 0)
                        continue;
                any = true;
        }
        if (any)
                *set = true;
        return any;
}

static bool credential_name_is_valid(const char *s) {
        size_t n = strlen(s);
        if (n == 0 || n > 255 || streq(s, ".") || streq(s, ".."))
                return false;
        for (; *s; s++)
                if ((unsigned char) *s < ' ' || (unsigned char) *s > '~' || *s == ':' || *s == '/')
                        return false;
        return true;
}

static int base64_value(char c) {
        static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char *p = c ? strchr(alphabet, c) : NULL;
        return p ? (int) (p - alphabet) : -1;
}

/* Strict Base64 as systemd decodes encrypted credentials: whitespace skipped, complete
 * groups of four, padding only at the end, unused bits zero. */
static bool base64_is_valid(const char *s) {
        _cleanup_free_ char *t = xmalloc(strlen(s) + 1);
        size_t n = 0;

        for (; *s; s++)
                if (!strchr(WHITESPACE, *s))
                        t[n++] = *s;
        if (n == 0 || n % 4 != 0)
                return false;
        for (size_t i = 0; i < n; i += 4) {
                bool last = i + 4 == n;
                int v[4];
                for (size_t j = 0; j < 4; j++)
                        v[j] = t[i + j] == '=' && last && j >= 2 ? -2 : base64_value(t[i + j]);
                if (v[0] < 0 || v[1] < 0 || v[2] == -1 || v[3] == -1 || (v[2] == -2 && v[3] != -2))
                        return false;
                if (v[2] == -2 && (v[1] & 15))
                        return false;
                if (v[2] >= 0 && v[3] == -2 && (v[2] & 3))
                        return false;
        }
        return true;
}

/* The source of LoadCredential=: a normalized absolute path or a credential name. */
static int credential_source_check(const ParseContext *ctx, const char *src) {
        _cleanup_free_ char *k = NULL;
        if (exec_expand(ctx, src, PATH_MAX, &k) < 0)
                return -EINVAL;
        if (k[0] == '/' ? !path_is_normalized_simple(k) || strstr(k, "//") || strstr(k, "/./") || endswith(k, "/.")
                        : !credential_name_is_valid(k))
                return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, -EINVAL,
                                  "invalid credential source \"%s\", ignoring", k);
        return 0;
}

/* LoadCredential[Encrypted]=ID[:SOURCE] (ltype 0) and SetCredential[Encrypted]=ID:DATA (ltype 1).
 * Only whether an encrypted credential remains matters (it implies /dev/tpmrm0). */
int parse_credential(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;
        bool set = ctx->directive->ltype == 1, encrypted = endswith(ctx->directive->name, "Encrypted");
        char ***l = set ? &s->credentials_set : &s->credentials_load;
        _cleanup_free_ char *id = NULL, *k = NULL;
        const char *colon = strchr(value, ':');

        if (isempty(value)) {
                exec_strv_clear(s, l);
                return 1;
        }
        if (set && (!colon || !colon[1]))
                return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 0;
        id = colon ? xstrndup(value, (size_t) (colon - value)) : xstrdup(value);
        if (exec_expand(ctx, id, SIZE_MAX, &k) < 0)
                return 0;
        if (!credential_name_is_valid(k))
                return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid credential name \"%s\", ignoring", k), 0;
        if (set && encrypted && !base64_is_valid(colon + 1))
                return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                                  "the encrypted credential data is not valid Base64, ignoring"), 0;
        if (!set && colon && colon[1] && credential_source_check(ctx, colon + 1) < 0)
                return 0;
        exec_strv_push(s, l, xasprintf("%s%c", k, encrypted ? '1' : '0'));
        return 1;
}

/* Settings kept as given, for the service checks (BusName=, PAMName=, ...); with ltype set,
 * only one of the names of that RawValues list is accepted (else: warning, ignored). */
static const char *const *const raw_values[_RAW_VALUES_MAX] = {
        [RAW_VALUES_SUCCESS_ACTION] = (const char *const[]) { "none", "reboot", "reboot-force", "reboot-immediate",
                                                             "poweroff", "poweroff-force", "poweroff-immediate",
                                                             "exit", "exit-force", NULL },
        [RAW_VALUES_RESTART] = (const char *const[]) { "no", "on-success", "on-failure", "on-abnormal",
                                                      "on-watchdog", "on-abort", "always", NULL },
        [RAW_VALUES_EXIT_TYPE] = (const char *const[]) { "main", "cgroup", NULL },
        [RAW_VALUES_KILL_MODE] = (const char *const[]) { "control-group", "process", "mixed", "none", NULL },
};

static bool raw_value_is_valid(int list, const char *value) {
        if (list == RAW_VALUES_ANY)
                return true;
        for (const char *const *v = raw_values[list]; *v; v++)
                if (streq(*v, value))
                        return true;
        return false;
}

int parse_raw_string(const ParseContext *ctx, const char *value) {
        char **dest = ctx->data;

        if (!raw_value_is_valid(ctx->directive->ltype, value)) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid %s= value, ignoring: %s",
                           ctx->directive->name, value);
                return 0;
        }
        free(*dest);
        *dest = isempty(value) ? NULL : xstrdup(value);
        return 1;
}
