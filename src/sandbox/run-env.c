/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <pwd.h>
#include <sys/random.h>

#include "log.h"
#include "run-env.h"
#include "strv.h"
#include "unit-fs.h"

#define ENV_FILE_MAX (1024U * 1024U)

static size_t key_length(const char *a) {
        const char *eq = strchr(a, '=');
        return eq ? (size_t) (eq - a) : strlen(a);
}

void run_env_set(char ***env, const char *assignment) {
        size_t l = key_length(assignment);
        for (char **e = *env; e && *e; e++)
                if (key_length(*e) == l && strncmp(*e, assignment, l) == 0) {
                        free(*e);
                        *e = xstrdup(assignment);
                        return;
                }
        strv_extend(env, assignment);
}

static const char *env_get(char *const *env, const char *name, size_t l) {
        for (char *const *e = env; e && *e; e++)
                if (key_length(*e) == l && strncmp(*e, name, l) == 0 && (*e)[l] == '=')
                        return *e + l + 1;
        return NULL;
}

static bool valid_name_char(char c, bool first) {
        return c == '_' || isalpha((unsigned char) c) || (!first && isdigit((unsigned char) c));
}

/* One value: quoted ('…' literal, "…" with backslash escapes) or bare (backslash escapes,
 * trailing whitespace dropped, a final backslash joins the next line). Advances *p. */
static char *parse_value(const char **p, const char *end) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        if (!f)
                abort();
        const char *s = *p;
        size_t trailing_ws = 0;
        char quote = 0;
        for (; s < end; s++) {
                char c = *s;
                if (quote == '\'' && c == '\'') { quote = 0; continue; }
                if (quote == '\'') { fputc(c, f); continue; }
                if (c == '\\' && s + 1 < end) {
                        s++;
                        if (*s != '\n')
                                fputc(*s, f);
                        trailing_ws = 0;
                        continue;
                }
                if (quote == '"' && c == '"') { quote = 0; continue; }
                if (!quote && (c == '\'' || c == '"')) { quote = c; trailing_ws = 0; continue; }
                if (!quote && c == '\n')
                        break;
                fputc(c, f);
                trailing_ws = !quote && (c == ' ' || c == '\t') ? trailing_ws + 1 : 0;
        }
        fclose(f);
        buf[size - trailing_ws] = 0;
        *p = s;
        return buf;
}

void run_env_file_parse(const char *data, size_t size, char ***env) {
        const char *p = data, *end = data + size;
        while (p < end) {
                while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
                        p++;
                if (p >= end)
                        break;
                const char *nl = memchr(p, '\n', (size_t) (end - p));
                const char *line_end = nl ? nl : end;
                if (*p == '#' || *p == ';') {
                        p = line_end;
                        continue;
                }
                const char *key = p;
                while (p < line_end && valid_name_char(*p, p == key))
                        p++;
                size_t kl = (size_t) (p - key);
                while (p < line_end && (*p == ' ' || *p == '\t'))
                        p++;
                if (kl == 0 || p >= line_end || *p != '=') {
                        p = line_end; /* not an assignment: ignored, as systemd does */
                        continue;
                }
                p++;
                while (p < line_end && (*p == ' ' || *p == '\t'))
                        p++;
                _cleanup_free_ char *value = parse_value(&p, end);
                _cleanup_free_ char *a = xasprintf("%.*s=%s", (int) kl, key, value);
                run_env_set(env, a);
        }
}

int run_env_file_read(const char *path, char ***env) {
        _cleanup_free_ char *data = NULL;
        size_t size = 0;
        int r = unit_fs_read_file(NULL, path, &data, &size, NULL);
        if (r < 0)
                return r;
        if (size > ENV_FILE_MAX)
                return -EFBIG;
        run_env_file_parse(data, size, env);
        return 0;
}

static void add_user(const ExecSettings *s, char ***env) {
        struct passwd *pw = s->user ? getpwnam(s->user) : NULL;
        if (!pw && s->user && s->dynamic_user) {
                /* a dynamic user: what systemd's NSS module reports for one */
                static struct passwd dynamic;
                dynamic = (struct passwd) { .pw_name = s->user, .pw_dir = (char *) "/",
                                            .pw_shell = (char *) "/usr/sbin/nologin" };
                pw = &dynamic;
        }
        if (!pw)
                return;
        _cleanup_free_ char *user = xasprintf("USER=%s", pw->pw_name), *logname = xasprintf("LOGNAME=%s", pw->pw_name),
                            *home = xasprintf("HOME=%s", pw->pw_dir), *shell = xasprintf("SHELL=%s", pw->pw_shell);
        run_env_set(env, user);
        run_env_set(env, logname);
        run_env_set(env, home);
        run_env_set(env, shell);
}

static void add_invocation_id(char ***env) {
        uint8_t id[16] = {};
        (void) !getrandom(id, sizeof(id), 0);
        char hex[sizeof(id) * 2 + 1];
        for (size_t i = 0; i < sizeof(id); i++)
                snprintf(hex + 2 * i, 3, "%02x", id[i]);
        _cleanup_free_ char *a = xasprintf("INVOCATION_ID=%s", hex);
        run_env_set(env, a);
}

/* $RUNTIME_DIRECTORY & co: the full paths, ':'-separated. */
static void add_directories(const ExecSettings *s, char ***env) {
        static const char *const names[_EXEC_DIRECTORY_TYPE_MAX][2] = {
                [EXEC_DIRECTORY_RUNTIME] = { "RUNTIME_DIRECTORY", "/run" },
                [EXEC_DIRECTORY_STATE] = { "STATE_DIRECTORY", "/var/lib" },
                [EXEC_DIRECTORY_CACHE] = { "CACHE_DIRECTORY", "/var/cache" },
                [EXEC_DIRECTORY_LOGS] = { "LOGS_DIRECTORY", "/var/log" },
                [EXEC_DIRECTORY_CONFIGURATION] = { "CONFIGURATION_DIRECTORY", "/etc" },
        };
        for (int t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                if (!s->directories[t].paths || !s->directories[t].paths[0])
                        continue;
                char *buf = NULL;
                size_t size = 0;
                FILE *f = open_memstream(&buf, &size);
                if (!f)
                        abort();
                fprintf(f, "%s=", names[t][0]);
                STRV_FOREACH(n, s->directories[t].paths)
                        fprintf(f, "%s%s/%.*s", n == s->directories[t].paths ? "" : ":", names[t][1],
                                (int) strcspn(*n, ":"), *n);
                fclose(f);
                run_env_set(env, buf);
                free(buf);
        }
}

int run_env_build(const ExecSettings *s, char ***ret) {
        char **env = NULL;
        run_env_set(&env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        add_user(s, &env);
        add_invocation_id(&env);
        add_directories(s, &env);
        STRV_FOREACH(e, s->environment)
                run_env_set(&env, *e);
        STRV_FOREACH(f, s->environment_files) {
                bool optional = (*f)[0] == '-';
                const char *path = *f + optional;
                int r = run_env_file_read(path, &env);
                if (r < 0 && !(optional && r == -ENOENT)) {
                        strv_free(env);
                        return log_error_errno(r, "cannot read the environment file '%s': %m", path);
                }
        }
        *ret = env;
        return 0;
}

/* "${NAME}" replaced, "$$" made "$"; a lone "$" kept. */
static char *expand_word(const char *w, char *const *env) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        if (!f)
                abort();
        for (const char *p = w; *p; p++) {
                const char *close;
                if (p[0] == '$' && p[1] == '$') {
                        fputc('$', f);
                        p++;
                } else if (p[0] == '$' && p[1] == '{' && (close = strchr(p + 2, '}'))) {
                        fputs(strempty(env_get(env, p + 2, (size_t) (close - p - 2))), f);
                        p = close;
                } else
                        fputc(*p, f);
        }
        fclose(f);
        return buf;
}

static bool is_plain_reference(const char *w) {
        if (w[0] != '$' || !valid_name_char(w[1], true))
                return false;
        for (const char *p = w + 2; *p; p++)
                if (!valid_name_char(*p, false))
                        return false;
        return true;
}

char **run_env_expand_argv(char *const *argv, char *const *env, bool expand) {
        char **out = NULL;
        STRV_FOREACH(a, argv) {
                if (!expand) {
                        strv_extend(&out, *a);
                        continue;
                }
                if (!is_plain_reference(*a)) {
                        strv_consume(&out, expand_word(*a, env));
                        continue;
                }
                const char *v = strempty(env_get(env, *a + 1, strlen(*a + 1)));
                for (const char *p = v; *p;) {
                        p += strspn(p, " \t\n");
                        size_t l = strcspn(p, " \t\n");
                        if (l > 0)
                                strv_consume(&out, xstrndup(p, l));
                        p += l;
                }
        }
        if (!out)
                out = xcalloc(1, sizeof(char *));
        return out;
}
