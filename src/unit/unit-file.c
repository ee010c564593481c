/* SPDX-License-Identifier: MIT */
/* The unit-file lexer. Behaviour checked against systemd 252 (see tests/unit/test-unit-file.c):
 * - a line ends at '\n', '\r' or NUL; "\r\n" and "\n\r" are one line end, "\n\n" two;
 * - a line of UNIT_FILE_LINE_MAX bytes or more is fatal (-ENOBUFS), as is a continuation
 *   that grows beyond it;
 * - comment lines ('#' or ';' after blanks) are skipped before anything else, also inside a
 *   continuation; a UTF-8 BOM is stripped from the start of a non-comment line until one has
 *   been stripped, later ones stay (a BOM in front of '#' thus makes that line an assignment);
 * - a trailing unescaped backslash joins the next line, the backslash becomes a space; the
 *   assignment carries the number of the last line of the continuation;
 * - invalid UTF-8 in a line is fatal (-EINVAL); a section header without ']' or with unsafe
 *   characters is fatal (-EBADMSG); unknown sections are skipped (silently if "X-...");
 * - assignments before any section, lines without '=' or without a key are skipped. */
#include "unit-file.h"

#include "extract-word.h"
#include "log.h"

#define COMMENTS "#;"
#define BLANKS " \t\n\r"
#define UTF8_BOM "\xef\xbb\xbf"

typedef struct Lexer {
        UnitFile *f;
        UnitType type;
        char *section;        /* current valid section, or NULL */
        bool section_ignored; /* inside an unknown section: its lines are dropped silently */
        size_t allocated;
} Lexer;

static const char *const type_section[_UNIT_TYPE_MAX] = {
        [UNIT_SERVICE] = "Service", [UNIT_MOUNT] = "Mount",   [UNIT_SWAP] = "Swap",
        [UNIT_SOCKET] = "Socket",   [UNIT_TARGET] = "Target", [UNIT_DEVICE] = "Device",
        [UNIT_AUTOMOUNT] = "Automount", [UNIT_TIMER] = "Timer", [UNIT_PATH] = "Path",
        [UNIT_SLICE] = "Slice",     [UNIT_SCOPE] = "Scope",
};

bool unit_file_section_is_valid(const char *name, UnitType type) {
        if (streq(name, "Unit") || streq(name, "Install"))
                return true;
        return type >= 0 && type < _UNIT_TYPE_MAX && streq(name, type_section[type]);
}

static const char *file_name(const UnitFile *f) {
        return f->display_path ? f->display_path : strempty(f->path);
}

/* Finds the next line at *pos (systemd's read_line): returns 1 with the line's bounds, 0 at the
 * end of the data, -ENOBUFS if the line is UNIT_FILE_LINE_MAX bytes or longer. */
static int next_line(const char *data, size_t size, size_t *pos, size_t *ret_start, size_t *ret_len) {
        size_t i = *pos, start = i;
        if (i >= size)
                return 0;
        while (i < size && data[i] != '\n' && data[i] != '\r' && data[i] != '\0')
                i++;
        if (i - start >= UNIT_FILE_LINE_MAX)
                return -ENOBUFS;
        *ret_start = start;
        *ret_len = i - start;
        /* One line end is one '\0', or a run of '\n'/'\r' in which no kind repeats. */
        if (i < size && data[i] == '\0')
                i++;
        else if (i < size) {
                char first = data[i++];
                if (i < size && (data[i] == '\n' || data[i] == '\r') && data[i] != first)
                        i++;
                if (i < size && data[i] == '\0' && data[i - 1] != '\0')
                        i++; /* "\r\0", "\n\0", "\r\n\0": a NUL after other line-end bytes joins them */
        }
        *pos = i;
        return 1;
}

static char *strip(char *s) {
        s += strspn(s, BLANKS);
        size_t l = strlen(s);
        while (l > 0 && strchr(BLANKS, s[l - 1]))
                s[--l] = 0;
        return s;
}

static int lexer_fail(Lexer *lx, unsigned line, int error) {
        lx->f->error = error;
        lx->f->error_line = line;
        return error;
}

static int parse_section(Lexer *lx, unsigned line, char *l) {
        size_t k = strlen(l);
        if (l[k - 1] != ']') {
                log_syntax(file_name(lx->f), line, LOG_LEVEL_ERR, 0, "invalid section header '%s'", l);
                return lexer_fail(lx, line, -EBADMSG);
        }
        _cleanup_free_ char *n = xstrndup(l + 1, k - 2);
        for (const char *c = n; *c; c++)
                if ((unsigned char) *c < ' ' || strchr("\"'\\\x7f", *c)) {
                        log_syntax(file_name(lx->f), line, LOG_LEVEL_ERR, 0,
                                   "bad characters in section header '%s'", l);
                        return lexer_fail(lx, line, -EBADMSG);
                }
        free(lx->section);
        lx->section = NULL;
        if (unit_file_section_is_valid(n, lx->type)) {
                lx->section = TAKE_PTR(n);
                lx->section_ignored = false;
                return 0;
        }
        if (!startswith(n, "X-"))
                log_syntax(file_name(lx->f), line, LOG_LEVEL_WARNING, 0, "unknown section '%s', ignoring", n);
        lx->section_ignored = true;
        return 0;
}

void unit_assignment_init(UnitAssignment *a, const char *section, const char *key, const char *value,
                          unsigned line) {
        size_t ls = strlen(section) + 1, lk = strlen(key) + 1, lv = strlen(value) + 1;
        char *block = xmalloc(ls + lk + lv);
        *a = (UnitAssignment) {
                .section = memcpy(block, section, ls),
                .key = memcpy(block + ls, key, lk),
                .value = memcpy(block + ls + lk, value, lv),
                .line = line,
        };
}

static void add_assignment(Lexer *lx, unsigned line, char *key, char *value) {
        UnitFile *f = lx->f;
        GREEDY_REALLOC(f->assignments, lx->allocated, f->n_assignments + 1);
        unit_assignment_init(&f->assignments[f->n_assignments++], lx->section, key, value, line);
}

static int parse_line(Lexer *lx, unsigned line, char *l) {
        l = strip(l);
        if (!*l)
                return 0;
        if (!utf8_is_valid_n(l, strlen(l))) {
                log_syntax(file_name(lx->f), line, LOG_LEVEL_WARNING, 0, "line is not valid UTF-8, ignoring");
                return lexer_fail(lx, line, -EINVAL);
        }
        if (*l == '[')
                return parse_section(lx, line, l);
        if (!lx->section) {
                if (!lx->section_ignored)
                        log_syntax(file_name(lx->f), line, LOG_LEVEL_WARNING, 0,
                                   "assignment outside of any section, ignoring");
                return 0;
        }
        char *e = strchr(l, '=');
        if (!e)
                return log_syntax(file_name(lx->f), line, LOG_LEVEL_WARNING, 0, "missing '=', ignoring line");
        if (e == l)
                return log_syntax(file_name(lx->f), line, LOG_LEVEL_WARNING, 0,
                                  "missing key name before '=', ignoring line");
        *e = 0;
        add_assignment(lx, line, strip(l), strip(e + 1));
        return 0;
}

/* True if the n bytes of s end in a backslash that is not itself escaped: an odd run of
 * backslashes at the end. */
static bool ends_escaped(const char *s, size_t n) {
        size_t k = 0;
        while (k < n && s[n - 1 - k] == '\\')
                k++;
        return k % 2 == 1;
}

static int lex(Lexer *lx, const char *data, size_t size) {
        _cleanup_free_ char *cont = NULL, *buf = NULL;
        size_t pos = 0, start, len, cont_len = 0, buf_size = 0;
        unsigned line = 0;
        bool bom_seen = false;
        int r;

        while ((r = next_line(data, size, &pos, &start, &len)) > 0) {
                line++;
                if (len + 1 > buf_size) /* one buffer for every line: lines are short, files many */
                        GREEDY_REALLOC(buf, buf_size, len + 1);
                memcpy(buf, data + start, len);
                buf[len] = 0;
                char *l = buf + strspn(buf, BLANKS);
                if (*l && strchr(COMMENTS, *l))
                        continue;
                l = buf;
                if (!bom_seen) {
                        const char *q = startswith(buf, UTF8_BOM);
                        if (q) {
                                l = (char *) q;
                                bom_seen = true;
                        }
                }
                size_t ll = strlen(l);
                if (cont) {
                        if (cont_len + ll > UNIT_FILE_LINE_MAX) {
                                log_syntax(file_name(lx->f), line, LOG_LEVEL_ERR, 0, "continuation line too long");
                                return lexer_fail(lx, line, -ENOBUFS);
                        }
                        cont = xrealloc(cont, cont_len + ll + 1);
                        memcpy(cont + cont_len, l, ll + 1);
                        cont_len += ll;
                }
                char *p = cont ? cont : l;
                size_t pl = cont ? cont_len : ll;
                if (ends_escaped(p, pl)) {
                        p[pl - 1] = ' ';
                        if (!cont) {
                                cont = xstrdup(l);
                                cont_len = ll;
                        }
                        continue;
                }
                r = parse_line(lx, line, p);
                if (r < 0)
                        return r;
                cont = (free(cont), NULL);
                cont_len = 0;
        }
        if (r < 0) {
                log_syntax(file_name(lx->f), line + 1, LOG_LEVEL_ERR, 0, "line too long (%u bytes or more)",
                           UNIT_FILE_LINE_MAX);
                return lexer_fail(lx, line + 1, r);
        }
        if (cont)
                return parse_line(lx, line, cont);
        return 0;
}

int unit_file_parse(UnitFile *f, const char *data, size_t size, UnitType type) {
        Lexer lx = { .f = f, .type = type, .allocated = f->n_assignments };
        int r = lex(&lx, data, size);
        free(lx.section);
        return r < 0 ? r : 0;
}

void unit_file_done(UnitFile *f) {
        if (!f)
                return;
        for (size_t i = 0; i < f->n_assignments; i++)
                free(f->assignments[i].section); /* the block of all three */
        free(f->assignments);
        free(f->path);
        free(f->display_path);
        *f = (UnitFile) {};
}
