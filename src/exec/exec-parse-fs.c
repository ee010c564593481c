/* SPDX-License-Identifier: MIT */
/* Parsers of the file system view: path lists, TemporaryFileSystem=, Bind*Paths=, the
 * *Directory= family. */
#include <limits.h>

#include "exec-parse.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "strv.h"

static void path_list_clear(PathList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->entries[i].path);
        free(l->entries);
        *l = (PathList) {};
}

/* ReadWritePaths= & co: "[-][+]PATH" entries; a bad entry is skipped, the others apply. */
int parse_path_list(const ParseContext *ctx, const char *value) {
        PathList *l = ctx->data;

        if (isempty(value)) {
                path_list_clear(l);
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        return 1;
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                const char *w = word;
                bool ignore_missing = w[0] == '-';
                w += ignore_missing;
                bool relative_to_root = w[0] == '+';
                w += relative_to_root;
                if (exec_expand(ctx, w, PATH_MAX, &k) < 0 || exec_path_check(ctx, k, false, false) < 0)
                        continue;
                l->entries = exec_array_grow(l->entries, l->n, sizeof(PathEntry));
                l->entries[l->n++] = (PathEntry) {
                        .path = TAKE_PTR(k),
                        .ignore_missing = ignore_missing,
                        .relative_to_root = relative_to_root,
                        .origin = { .file = ctx->file, .line = ctx->line },
                };
        }
}

static void tmpfs_clear(ExecSettings *s) {
        for (size_t i = 0; i < s->n_temporary_filesystems; i++) {
                free(s->temporary_filesystems[i].path);
                free(s->temporary_filesystems[i].options);
        }
        free(s->temporary_filesystems);
        s->temporary_filesystems = NULL;
        s->n_temporary_filesystems = 0;
}

/* TemporaryFileSystem=PATH[:OPTIONS] ... */
int parse_temporary_filesystem(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;

        if (isempty(value)) {
                tmpfs_clear(s);
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL, *path = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        return 1;
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                const char *w = word;
                if (extract_first_word(&w, &path, ":", EXTRACT_DONT_COALESCE_SEPARATORS) <= 0) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", word);
                        continue;
                }
                if (exec_expand(ctx, path, PATH_MAX, &k) < 0 || exec_path_check(ctx, k, false, false) < 0)
                        continue;
                s->temporary_filesystems = exec_array_grow(s->temporary_filesystems, s->n_temporary_filesystems,
                                                           sizeof(TemporaryFileSystem));
                s->temporary_filesystems[s->n_temporary_filesystems++] = (TemporaryFileSystem) {
                        .path = TAKE_PTR(k),
                        .options = isempty(w) ? NULL : xstrdup(w),
                        .origin = { .file = ctx->file, .line = ctx->line },
                };
        }
}

static void bind_mounts_clear(ExecSettings *s) {
        for (size_t i = 0; i < s->n_bind_mounts; i++) {
                free(s->bind_mounts[i].source);
                free(s->bind_mounts[i].destination);
        }
        free(s->bind_mounts);
        s->bind_mounts = NULL;
        s->n_bind_mounts = 0;
}

/* One "[-]SOURCE[:DEST[:OPTIONS]]" entry → BindMount; logs and returns < 0 if bad. */
static int bind_entry_parse(const ParseContext *ctx, const char *word, BindMount *ret) {
        _cleanup_free_ char *src = NULL, *dst = NULL, *opts = NULL, *ks = NULL, *kd = NULL;
        const char *q = word;
        bool recursive = true;

        if (extract_first_word(&q, &src, ":", EXTRACT_DONT_COALESCE_SEPARATORS | EXTRACT_UNESCAPE_SEPARATORS) <= 0)
                return -EINVAL;
        if (q && extract_first_word(&q, &dst, ":", EXTRACT_DONT_COALESCE_SEPARATORS | EXTRACT_UNESCAPE_SEPARATORS) < 0)
                return -EINVAL;
        if (q)
                opts = xstrdup(q);
        if (exec_expand(ctx, src, PATH_MAX, &ks) < 0)
                return -EINVAL;
        bool ignore_missing = ks[0] == '-';
        memmove(ks, ks + ignore_missing, strlen(ks + ignore_missing) + 1);
        if (exec_path_check(ctx, ks, false, false) < 0)
                return -EINVAL;
        if (dst && (exec_expand(ctx, dst, PATH_MAX, &kd) < 0 || exec_path_check(ctx, kd, false, false) < 0))
                return -EINVAL;
        if (opts && !isempty(opts) && !streq(opts, "rbind")) {
                if (!streq(opts, "norbind"))
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, -EINVAL,
                                          "invalid bind mount option, ignoring: %s", opts);
                recursive = false;
        }
        *ret = (BindMount) {
                .source = xstrdup(ks),
                .destination = xstrdup(kd ? kd : ks),
                .ignore_missing = ignore_missing,
                .recursive = recursive,
                .read_only = ctx->directive->ltype == 1,
                .origin = { .file = ctx->file, .line = ctx->line },
        };
        return 0;
}

/* BindPaths= (ltype 0) and BindReadOnlyPaths= (ltype 1). */
int parse_bind_paths(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;

        if (isempty(value)) {
                bind_mounts_clear(s);
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL;
                BindMount b;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_RETAIN_ESCAPE);
                if (r == 0)
                        return 1;
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                if (bind_entry_parse(ctx, word, &b) < 0)
                        continue;
                s->bind_mounts = exec_array_grow(s->bind_mounts, s->n_bind_mounts, sizeof(BindMount));
                s->bind_mounts[s->n_bind_mounts++] = b;
        }
}

/* RuntimeDirectory= & co (ltype: ExecDirectoryType): relative names, "SOURCE[:DEST]". */
int parse_exec_directories(const ParseContext *ctx, const char *value) {
        ExecDirectory *d = &ctx->settings->directories[ctx->directive->ltype];

        if (isempty(value)) {
                exec_strv_clear(ctx->settings, &d->paths);
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL, *src = NULL, *k = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_RETAIN_ESCAPE);
                if (r == 0)
                        return 1;
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                const char *q = word;
                if (extract_first_word(&q, &src, ":", EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_SEPARATORS |
                                                            EXTRACT_DONT_COALESCE_SEPARATORS) <= 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                if (exec_expand(ctx, src, PATH_MAX, &k) < 0 || exec_path_check(ctx, k, true, false) < 0)
                        continue;
                if (startswith(k, "private") && (k[7] == 0 || k[7] == '/')) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                                   "%s= may not use the name 'private', ignoring: %s", ctx->directive->name, k);
                        continue;
                }
                exec_strv_push(ctx->settings, &d->paths, isempty(q) ? TAKE_PTR(k) : xasprintf("%s:%s", k, q));
        }
}

int parse_directory_mode(const ParseContext *ctx, const char *value) {
        mode_t m;

        if (parse_mode(value, &m) < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid file mode, ignoring: %s", value);
                return 0;
        }
        ctx->settings->directories[ctx->directive->ltype].mode = m;
        return 1;
}
