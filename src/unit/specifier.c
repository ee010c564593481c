/* SPDX-License-Identifier: MIT */
/* % specifiers in unit files, systemd 252's table. Offline, the values that depend on the host
 * are the analysing process's own (hostname, machine and boot id, the user running it). */
#include <pwd.h>
#include <sys/utsname.h>

#include "unit-load.h"

typedef int (*specifier_fn)(const Unit *u, char **ret);

static int read_one_line(const char *path, char **ret) {
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        if (!f)
                return -errno;
        char buf[256];
        if (!fgets(buf, sizeof buf, f))
                return -ENODATA;
        buf[strcspn(buf, "\n")] = 0;
        *ret = xstrdup(buf);
        return 0;
}

static int os_release_field(const char *key, char **ret) {
        _cleanup_fclose_ FILE *f = fopen("/etc/os-release", "re");
        if (!f)
                f = fopen("/usr/lib/os-release", "re");
        *ret = NULL;
        char line[512];
        size_t kl = strlen(key);
        while (f && fgets(line, sizeof line, f)) {
                line[strcspn(line, "\n")] = 0;
                if (strncmp(line, key, kl) != 0 || line[kl] != '=')
                        continue;
                char *v = line + kl + 1;
                size_t l = strlen(v);
                if (l >= 2 && (v[0] == '"' || v[0] == '\'') && v[l - 1] == v[0]) {
                        v[l - 1] = 0;
                        v++;
                }
                *ret = xstrdup(v);
                break;
        }
        if (!*ret)
                *ret = xstrdup("");
        return 0;
}

static const char *unit_id(const Unit *u) { return u->id ? u->id : u->requested; }

static int spec_name(const Unit *u, char **ret) { *ret = xstrdup(unit_id(u)); return 0; }

static int spec_name_no_suffix(const Unit *u, char **ret) {
        const char *id = unit_id(u), *dot = strrchr(id, '.');
        *ret = dot ? xstrndup(id, (size_t) (dot - id)) : xstrdup(id);
        return 0;
}

static int spec_prefix(const Unit *u, char **ret) { return unit_name_to_prefix(unit_id(u), ret); }

static int spec_prefix_unescaped(const Unit *u, char **ret) {
        _cleanup_free_ char *p = NULL;
        int r = unit_name_to_prefix(unit_id(u), &p);
        return r < 0 ? r : unit_name_unescape(p, ret);
}

static int spec_instance(const Unit *u, char **ret) {
        int r = unit_name_to_instance(unit_id(u), ret);
        if (r >= 0 && !*ret)
                *ret = xstrdup("");
        return r;
}

static int spec_instance_unescaped(const Unit *u, char **ret) {
        _cleanup_free_ char *i = NULL;
        int r = spec_instance(u, &i);
        return r < 0 ? r : unit_name_unescape(i, ret);
}

/* %j: the prefix's last dash-separated part. */
static int spec_last_component(const Unit *u, char **ret) {
        _cleanup_free_ char *p = NULL;
        int r = unit_name_to_prefix(unit_id(u), &p);
        if (r < 0)
                return r;
        const char *dash = strrchr(p, '-');
        *ret = xstrdup(dash ? dash + 1 : p);
        return 0;
}

static int spec_last_component_unescaped(const Unit *u, char **ret) {
        _cleanup_free_ char *j = NULL;
        int r = spec_last_component(u, &j);
        return r < 0 ? r : unit_name_unescape(j, ret);
}

static int spec_filename(const Unit *u, char **ret) {
        _cleanup_free_ char *i = NULL, *p = NULL;
        int r = unit_name_to_instance(unit_id(u), &i);
        if (r < 0)
                return r;
        if (i)
                return unit_name_path_unescape(i, ret);
        r = unit_name_to_prefix(unit_id(u), &p);
        return r < 0 ? r : unit_name_path_unescape(p, ret);
}

/* %y: systemd's fragment path is the host path (with the --root prefix). */
static int spec_fragment(const Unit *u, char **ret) {
        const UnitFile *f = u->n_files > 0 && !u->files[0].is_dropin ? &u->files[0] : NULL;
        *ret = xstrdup(!f ? "" : f->display_path ? f->display_path : strempty(f->path));
        return 0;
}

static int spec_fragment_dir(const Unit *u, char **ret) {
        int r = spec_fragment(u, ret);
        char *s = r >= 0 ? strrchr(*ret, '/') : NULL;
        if (s)
                s[s == *ret] = 0;
        return r;
}

static const char *home_or(const char *var, const char *rel, char **buf) {
        const char *v = getenv(var), *home = getenv("HOME");
        if (!isempty(v) && v[0] == '/')
                return v;
        *buf = xasprintf("%s/%s", isempty(home) ? "/root" : home, rel);
        return *buf;
}

/* System scope: fixed directories; user scope: the XDG ones. */
static int dir_for(const Unit *u, const char *sys, const char *var, const char *rel, char **ret) {
        _cleanup_free_ char *buf = NULL;
        *ret = xstrdup(u->scope == UNIT_SCOPE_USER ? home_or(var, rel, &buf) : sys);
        return 0;
}

static int spec_runtime(const Unit *u, char **ret) {
        const char *r = getenv("XDG_RUNTIME_DIR");
        if (u->scope == UNIT_SCOPE_USER && isempty(r))
                return -ENXIO;
        *ret = xstrdup(u->scope == UNIT_SCOPE_USER ? r : "/run");
        return 0;
}

static int spec_state(const Unit *u, char **ret) { return dir_for(u, "/var/lib", "XDG_STATE_HOME", ".local/state", ret); }
static int spec_cache(const Unit *u, char **ret) { return dir_for(u, "/var/cache", "XDG_CACHE_HOME", ".cache", ret); }
static int spec_config(const Unit *u, char **ret) { return dir_for(u, "/etc", "XDG_CONFIG_HOME", ".config", ret); }

static int spec_logs(const Unit *u, char **ret) {
        if (u->scope != UNIT_SCOPE_USER) {
                *ret = xstrdup("/var/log");
                return 0;
        }
        _cleanup_free_ char *buf = NULL;
        *ret = xasprintf("%s/log", home_or("XDG_STATE_HOME", ".local/state", &buf));
        return 0;
}

static int spec_tmp(const Unit *u, char **ret) {
        (void) u;
        const char *t = getenv("TMPDIR");
        *ret = xstrdup(!isempty(t) && t[0] == '/' ? t : "/tmp");
        return 0;
}

static int spec_var_tmp(const Unit *u, char **ret) {
        (void) u;
        const char *t = getenv("TMPDIR");
        *ret = xstrdup(!isempty(t) && t[0] == '/' ? t : "/var/tmp");
        return 0;
}

static int spec_credentials(const Unit *u, char **ret) {
        *ret = xasprintf("/run/credentials/%s", unit_id(u));
        return 0;
}

static struct passwd *me(void) { return getpwuid(getuid()); }

static int spec_user_name(const Unit *u, char **ret) {
        (void) u;
        struct passwd *pw = me();
        *ret = pw ? xstrdup(pw->pw_name) : xasprintf("%u", (unsigned) getuid());
        return 0;
}

static int spec_user_id(const Unit *u, char **ret) { (void) u; *ret = xasprintf("%u", (unsigned) getuid()); return 0; }
static int spec_group_id(const Unit *u, char **ret) { (void) u; *ret = xasprintf("%u", (unsigned) getgid()); return 0; }

static int spec_group_name(const Unit *u, char **ret) {
        (void) u;
        *ret = getgid() == 0 ? xstrdup("root") : xasprintf("%u", (unsigned) getgid());
        return 0;
}

static int spec_home(const Unit *u, char **ret) {
        (void) u;
        const char *h = getenv("HOME");
        struct passwd *pw = me();
        *ret = xstrdup(!isempty(h) && h[0] == '/' ? h : pw ? pw->pw_dir : "/");
        return 0;
}

static int spec_shell(const Unit *u, char **ret) {
        (void) u;
        struct passwd *pw = me();
        *ret = xstrdup(pw && !isempty(pw->pw_shell) ? pw->pw_shell : "/bin/sh");
        return 0;
}

static int spec_host(const Unit *u, char **ret) {
        (void) u;
        struct utsname n;
        if (uname(&n) < 0)
                return -errno;
        *ret = xstrdup(n.nodename);
        return 0;
}

static int spec_short_host(const Unit *u, char **ret) {
        int r = spec_host(u, ret);
        if (r >= 0)
                (*ret)[strcspn(*ret, ".")] = 0;
        return r;
}

static int spec_kernel(const Unit *u, char **ret) {
        (void) u;
        struct utsname n;
        if (uname(&n) < 0)
                return -errno;
        *ret = xstrdup(n.release);
        return 0;
}

static int spec_arch(const Unit *u, char **ret) {
        (void) u;
        struct utsname n;
        if (uname(&n) < 0)
                return -errno;
        *ret = xstrdup(streq(n.machine, "x86_64") ? "x86-64" : streq(n.machine, "aarch64") ? "arm64" : n.machine);
        return 0;
}

static int spec_machine_id(const Unit *u, char **ret) { (void) u; return read_one_line("/etc/machine-id", ret); }

static int spec_boot_id(const Unit *u, char **ret) {
        (void) u;
        int r = read_one_line("/proc/sys/kernel/random/boot_id", ret);
        if (r >= 0) { /* systemd prints it without dashes */
                char *w = *ret;
                for (const char *c = *ret; *c; c++)
                        if (*c != '-')
                                *w++ = *c;
                *w = 0;
        }
        return r;
}

static int spec_os_id(const Unit *u, char **ret) { (void) u; return os_release_field("ID", ret); }
static int spec_os_version(const Unit *u, char **ret) { (void) u; return os_release_field("VERSION_ID", ret); }
static int spec_os_build(const Unit *u, char **ret) { (void) u; return os_release_field("BUILD_ID", ret); }
static int spec_os_variant(const Unit *u, char **ret) { (void) u; return os_release_field("VARIANT_ID", ret); }
static int spec_image_id(const Unit *u, char **ret) { (void) u; return os_release_field("IMAGE_ID", ret); }
static int spec_image_version(const Unit *u, char **ret) { (void) u; return os_release_field("IMAGE_VERSION", ret); }

static int spec_pretty_host(const Unit *u, char **ret) {
        _cleanup_fclose_ FILE *f = fopen("/etc/machine-info", "re");
        char line[512];
        while (f && fgets(line, sizeof line, f)) {
                line[strcspn(line, "\n")] = 0;
                const char *v = startswith(line, "PRETTY_HOSTNAME=");
                if (v) {
                        size_t l = strlen(v);
                        *ret = l >= 2 && v[0] == '"' && v[l - 1] == '"' ? xstrndup(v + 1, l - 2) : xstrdup(v);
                        return 0;
                }
        }
        return spec_short_host(u, ret);
}

static const struct {
        char c;
        specifier_fn fn;
} specifier_table[] = {
        { 'n', spec_name },          { 'N', spec_name_no_suffix },
        { 'p', spec_prefix },        { 'P', spec_prefix_unescaped },
        { 'i', spec_instance },      { 'I', spec_instance_unescaped },
        { 'j', spec_last_component }, { 'J', spec_last_component_unescaped },
        { 'f', spec_filename },      { 'y', spec_fragment },
        { 'Y', spec_fragment_dir },  { 'd', spec_credentials },
        { 't', spec_runtime },       { 'S', spec_state },
        { 'C', spec_cache },         { 'L', spec_logs },
        { 'E', spec_config },        { 'T', spec_tmp },
        { 'V', spec_var_tmp },       { 'g', spec_group_name },
        { 'G', spec_group_id },      { 'u', spec_user_name },
        { 'U', spec_user_id },       { 'h', spec_home },
        { 's', spec_shell },         { 'H', spec_host },
        { 'l', spec_short_host },    { 'q', spec_pretty_host },
        { 'b', spec_boot_id },       { 'm', spec_machine_id },
        { 'o', spec_os_id },         { 'w', spec_os_version },
        { 'B', spec_os_build },      { 'W', spec_os_variant },
        { 'M', spec_image_id },      { 'A', spec_image_version },
        { 'v', spec_kernel },        { 'a', spec_arch },
};

static int expand_one(const Unit *u, char c, char **ret) {
        if (c == '%') {
                *ret = xstrdup("%");
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(specifier_table); i++)
                if (specifier_table[i].c == c)
                        return specifier_table[i].fn(u, ret);
        return -EBADSLT;
}

/* Appends l bytes of v to out; -ENAMETOOLONG past max_len. */
static int append(char **out, size_t *n, size_t *allocated, const char *v, size_t l, size_t max_len) {
        if (*n + l > max_len)
                return -ENAMETOOLONG;
        GREEDY_REALLOC(*out, *allocated, *n + l + 1);
        memcpy(*out + *n, v, l);
        *n += l;
        (*out)[*n] = 0;
        return 0;
}

int unit_specifier_expand(const Unit *u, const char *text, size_t max_len, char **ret) {
        size_t n = 0, allocated = 0;
        _cleanup_free_ char *out = NULL;
        for (const char *f = text; *f;) {
                /* a run of plain bytes (a '%' at the very end is one too) */
                size_t plain = strcspn(f, "%");
                if (f[plain] == '%' && f[plain + 1] == 0)
                        plain++;
                if (plain > 0) {
                        int r = append(&out, &n, &allocated, f, plain, max_len);
                        if (r < 0)
                                return r;
                        f += plain;
                        continue;
                }
                _cleanup_free_ char *v = NULL;
                int r = expand_one(u, f[1], &v);
                if (r < 0)
                        return r;
                r = append(&out, &n, &allocated, v, strlen(v), max_len);
                if (r < 0)
                        return r;
                f += 2;
        }
        *ret = out ? TAKE_PTR(out) : xstrdup("");
        return 0;
}
