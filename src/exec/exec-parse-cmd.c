/* SPDX-License-Identifier: MIT */
/* Parsers of the process settings: Exec*= command lines, Environment=, EnvironmentFile=. */
#include <ctype.h>
#include <limits.h>

#include "exec-parse.h"
#include "extract-word.h"
#include "log.h"
#include "strv.h"

static void exec_commands_clear(ExecSettings *s, ExecCommandType t) {
        for (size_t i = 0; i < s->n_exec[t]; i++) {
                free(s->exec[t][i].path);
                strv_free(s->exec[t][i].argv);
        }
        free(s->exec[t]);
        s->exec[t] = NULL;
        s->n_exec[t] = 0;
}

/* Cuts the "-@:+!" prefixes off the first word. */
static const char *exec_prefixes(const char *f, unsigned *flags) {
        const unsigned priv = EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_NO_SETUID | EXEC_COMMAND_AMBIENT_MAGIC;

        for (;; f++) {
                if (*f == '-' && !(*flags & EXEC_COMMAND_IGNORE_FAILURE))
                        *flags |= EXEC_COMMAND_IGNORE_FAILURE;
                else if (*f == '@' && !(*flags & EXEC_COMMAND_ARGV0))
                        *flags |= EXEC_COMMAND_ARGV0;
                else if (*f == ':' && !(*flags & EXEC_COMMAND_NO_ENV_EXPAND))
                        *flags |= EXEC_COMMAND_NO_ENV_EXPAND;
                else if (*f == '+' && !(*flags & priv))
                        *flags |= EXEC_COMMAND_FULLY_PRIVILEGED;
                else if (*f == '!' && !(*flags & priv))
                        *flags |= EXEC_COMMAND_NO_SETUID;
                else if (*f == '!' && !(*flags & (EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_AMBIENT_MAGIC)))
                        *flags = (*flags & ~EXEC_COMMAND_NO_SETUID) | EXEC_COMMAND_AMBIENT_MAGIC;
                else
                        return f;
        }
}

static bool string_is_safe(const char *s) {
        for (; *s; s++)
                if ((unsigned char) *s < ' ' || *s == 0x7f || strchr("\\\"'", *s))
                        return false;
        return true;
}

static bool executable_is_valid(const char *path) {
        if (path[0] == '/')
                return strlen(path) < PATH_MAX;
        return !strchr(path, '/') && !streq(path, ".") && !streq(path, "..") && strlen(path) <= NAME_MAX;
}

/* Checks the executable path; logs. Returns 0 if good, else the parser's result. */
static int exec_path_verify(const ParseContext *ctx, const char *path, const char *value, bool ignore) {
        const char *ign = ignore ? ", ignoring" : "";
        int level = ignore ? LOG_LEVEL_WARNING : LOG_LEVEL_ERR, r = ignore ? 0 : -ENOEXEC;

        if (isempty(path))
                log_syntax(ctx->file, ctx->line, level, 0, "no executable in the command line%s: '%s'", ign, value);
        else if (!string_is_safe(path))
                log_syntax(ctx->file, ctx->line, level, 0, "the executable name contains special characters%s: %s", ign, path);
        else if (endswith(path, "/"))
                log_syntax(ctx->file, ctx->line, level, 0, "the executable path names a directory%s: %s", ign, path);
        else if (!executable_is_valid(path))
                log_syntax(ctx->file, ctx->line, level, 0,
                           "neither an absolute path nor a plain executable name%s: %s", ign, path);
        else
                return 1;
        return r;
}

/* One word of a command line as systemd reads it: C escapes are decoded; unknown escapes are
 * kept as they are, with a warning; unbalanced quotes are an error (logged, -EINVAL). */
static int exec_word(const ParseContext *ctx, const char **p, char **ret, const char *value) {
        const char *save = *p;
        int r = extract_first_word(p, ret, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
        if (r != -EINVAL)
                return r;
        *p = save;
        r = extract_first_word(p, ret, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_RELAX);
        if (r >= 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "unknown escape sequences kept as they are: \"%s\"", *ret);
                return r;
        }
        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_ERR, r, "unbalanced quoting, ignoring: \"%s\"", value);
}

/* Reads the arguments after the executable up to the end or a ";" separator. */
static int exec_arguments(const ParseContext *ctx, const char **p, const char *value, char ***argv, bool ignore,
                          bool *semicolon) {
        size_t n = strv_length(*argv);

        while (!isempty(*p)) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                const char *s = *p;
                if (s[0] == ';' && (!s[1] || strchr(WHITESPACE, s[1]))) {
                        *p = s + 1 + strspn(s + 1, WHITESPACE);
                        *semicolon = true;
                        return 0;
                }
                if (s[0] == '\\' && s[1] == ';' && (!s[2] || strchr(WHITESPACE, s[2]))) {
                        *p = s + 2 + strspn(s + 2, WHITESPACE);
                        *argv = exec_array_grow(*argv, n + 1, sizeof(char *));
                        (*argv)[n++] = xstrdup(";");
                        (*argv)[n] = NULL;
                        continue;
                }
                int r = exec_word(ctx, p, &word, value);
                if (r == 0)
                        break;
                if (r < 0)
                        return ignore ? 0 : -ENOEXEC;
                if (exec_expand(ctx, word, SIZE_MAX, &k) < 0)
                        return ignore ? 0 : -ENOEXEC;
                *argv = exec_array_grow(*argv, n + 1, sizeof(char *));
                (*argv)[n++] = TAKE_PTR(k);
                (*argv)[n] = NULL;
        }
        *p = NULL;
        return 1;
}

static void exec_command_append(ExecSettings *s, ExecCommandType t, ExecCommand c) {
        s->exec[t] = exec_array_grow(s->exec[t], s->n_exec[t], sizeof(ExecCommand));
        s->exec[t][s->n_exec[t]++] = c;
}

/* One command of the line; returns 1 to continue after ";", 0 at the end, -ENOEXEC if fatal. */
static int exec_one(const ParseContext *ctx, const char **p, const char *value) {
        _cleanup_free_ char *first = NULL, *path = NULL;
        _cleanup_strv_free_ char **argv = NULL;
        unsigned flags = 0;
        bool semicolon = false;

        int r = exec_word(ctx, p, &first, value);
        if (r <= 0)
                return 0;
        if (streq(first, ";"))
                return 1;
        const char *f = exec_prefixes(first, &flags);
        bool ignore = flags & EXEC_COMMAND_IGNORE_FAILURE;
        if (exec_expand(ctx, f, PATH_MAX, &path) < 0)
                return ignore ? 0 : -ENOEXEC;
        r = exec_path_verify(ctx, path, value, ignore);
        if (r <= 0)
                return r;
        if (!(flags & EXEC_COMMAND_ARGV0)) {
                argv = exec_array_grow(NULL, 1, sizeof(char *));
                argv[0] = xstrdup(path);
                argv[1] = NULL;
        }
        r = exec_arguments(ctx, p, value, &argv, ignore, &semicolon);
        if (r < 0 || (r == 0 && !semicolon))
                return r;
        if (strv_length(argv) == 0) {
                log_syntax(ctx->file, ctx->line, ignore ? LOG_LEVEL_WARNING : LOG_LEVEL_ERR, 0,
                           "no argv[0] in the command line%s: %s", ignore ? ", ignoring" : "", value);
                return ignore ? 0 : -ENOEXEC;
        }
        if (ctx->directive->ltype < 0) /* checked only: a socket's commands are not modelled */
                return semicolon;
        exec_command_append(ctx->settings, ctx->directive->ltype, (ExecCommand) {
                .path = TAKE_PTR(path),
                .argv = TAKE_PTR(argv),
                .flags = flags,
                .origin = { .file = ctx->file, .line = ctx->line },
        });
        return semicolon;
}

/* ExecStart= & co (ltype: ExecCommandType; -1: only checked, as systemd checks them). */
int parse_exec_command(const ParseContext *ctx, const char *value) {
        if (isempty(value) && ctx->directive->ltype < 0)
                return 1;
        if (isempty(value)) {
                exec_commands_clear(ctx->settings, ctx->directive->ltype);
                return 1;
        }
        const char *p = value;
        for (;;) {
                int r = exec_one(ctx, &p, value);
                if (r < 0)
                        return r;
                if (r == 0 || !p)
                        return 1;
        }
}

static bool env_assignment_is_valid(const char *e) {
        const char *eq = strchr(e, '=');

        if (!eq || eq == e || isdigit((unsigned char) e[0]))
                return false;
        for (const char *c = e; c < eq; c++)
                if (!isalnum((unsigned char) *c) && *c != '_')
                        return false;
        if (!utf8_is_valid_n(eq + 1, strlen(eq + 1)))
                return false;
        for (const char *c = eq + 1; *c; c++)
                if (((unsigned char) *c < ' ' && *c != '\n') || *c == 0x7f)
                        return false;
        return true;
}

int parse_environment(const ParseContext *ctx, const char *value) {
        char ***env = ctx->data;

        if (isempty(value)) {
                exec_strv_clear(ctx->settings, env);
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_CUNESCAPE | EXTRACT_UNQUOTE);
                if (r == 0)
                        return 1;
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                if (exec_expand(ctx, word, SIZE_MAX, &k) < 0)
                        continue;
                if (!env_assignment_is_valid(k)) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid environment assignment, ignoring: %s", k);
                        continue;
                }
                /* a later assignment of a name replaces the earlier one in place: see finalize */
                exec_strv_push(ctx->settings, env, TAKE_PTR(k));
        }
}

int parse_environment_file(const ParseContext *ctx, const char *value) {
        char ***files = ctx->data;
        _cleanup_free_ char *k = NULL;

        if (isempty(value)) {
                exec_strv_clear(ctx->settings, files);
                return 1;
        }
        if (exec_expand(ctx, value, PATH_MAX, &k) < 0)
                return 0;
        char *path = k + (k[0] == '-');
        if (exec_path_check(ctx, path, false, false) < 0)
                return 0;
        exec_strv_push(ctx->settings, files, TAKE_PTR(k));
        return 1;
}
