/* SPDX-License-Identifier: MIT */
#include "security-output.h"
#include "strv.h"
#include "terminal.h"

static const char *const json_mode_table[_SECURITY_JSON_MODE_MAX] = {
        [SECURITY_JSON_OFF] = "off",
        [SECURITY_JSON_SHORT] = "short",
        [SECURITY_JSON_PRETTY] = "pretty",
};

SecurityJsonMode security_json_mode_from_string(const char *s) {
        for (size_t i = 0; i < ELEMENTSOF(json_mode_table); i++)
                if (streq_ptr(s, json_mode_table[i]))
                        return (SecurityJsonMode) i;
        return _SECURITY_JSON_MODE_INVALID;
}

const char *security_json_mode_to_string(SecurityJsonMode m) {
        return m >= 0 && m < _SECURITY_JSON_MODE_MAX ? json_mode_table[m] : NULL;
}

/* A text table: n_columns cells per row, row 0 is the header. */
typedef struct Table {
        size_t n_columns, n_rows;
        char **cells;         /* owned */
        const char **colors;  /* per cell, NULL: none */
        const bool *right;    /* per column */
        const size_t (*shrink)[2]; /* {column, narrowest width} steps to fit, in order, ended by SIZE_MAX */
} Table;

static void table_fit(const Table *t, size_t *w, unsigned columns) {
        size_t total = t->n_columns - 1;
        for (size_t c = 0; c < t->n_columns; c++)
                total += w[c];
        for (const size_t(*s)[2] = t->shrink; columns > 0 && (*s)[0] != SIZE_MAX && total > columns; s++) {
                size_t col = (*s)[0], min = (*s)[1];
                size_t can = w[col] > min ? w[col] - min : 0, cut = total - columns;
                size_t d = cut < can ? cut : can;
                w[col] -= d;
                total -= d;
        }
}

static void table_print_cell(FILE *f, const char *text, const char *color, size_t width, bool right, bool last,
                             const SecurityStyle *st) {
        _cleanup_free_ char *cut = terminal_ellipsize(text, width, st->utf8);
        size_t pad = width - terminal_width(cut);
        if (right)
                fprintf(f, "%*s", (int) pad, "");
        if (color && st->colors)
                fprintf(f, "%s%s%s", color, cut, ANSI_NORMAL);
        else
                fputs(cut, f);
        if (!right && !last)
                fprintf(f, "%*s", (int) pad, "");
}

static void table_print(FILE *f, const Table *t, const SecurityStyle *st) {
        size_t w[8] = {};
        for (size_t r = 0; r < t->n_rows; r++)
                for (size_t c = 0; c < t->n_columns; c++) {
                        size_t x = terminal_width(t->cells[r * t->n_columns + c]);
                        w[c] = x > w[c] ? x : w[c];
                }
        table_fit(t, w, st->columns);
        for (size_t r = 0; r < t->n_rows; r++) {
                /* the last non-empty cell ends the line: no trailing padding */
                size_t last = 0;
                for (size_t c = 0; c < t->n_columns; c++)
                        if (!isempty(t->cells[r * t->n_columns + c]))
                                last = c;
                for (size_t c = 0; c <= last; c++) {
                        if (c > 0)
                                fputc(' ', f);
                        const char *cell = t->cells[r * t->n_columns + c];
                        const char *color = r == 0 ? ANSI_UNDERLINE : t->colors[r * t->n_columns + c];
                        table_print_cell(f, cell, color, w[c], t->right[c], c == last, st);
                }
                fputc('\n', f);
        }
}

static void table_free(Table *t) {
        for (size_t i = 0; i < t->n_rows * t->n_columns; i++)
                free(t->cells[i]);
        free(t->cells);
        free(t->colors);
}

static const char *glyph(const SecurityStyle *st, const char *utf8, const char *ascii) {
        return st->utf8 ? utf8 : ascii;
}

void security_print_table(FILE *f, const SecurityReport *r, const SecurityStyle *st) {
        static const bool right[] = { false, false, false, true };
        /* description first, then the name, then the description to the bone */
        static const size_t shrink[][2] = { { 2, 30 }, { 1, 24 }, { 2, 8 }, { 1, 8 }, { SIZE_MAX, 0 } };
        enum { N = 4 };
        Table t = {
                .n_columns = N,
                .n_rows = SECURITY_TESTS_MAX + 1,
                .cells = xcalloc((SECURITY_TESTS_MAX + 1) * N, sizeof(char *)),
                .colors = xcalloc((SECURITY_TESTS_MAX + 1) * N, sizeof(char *)),
                .right = right,
                .shrink = shrink,
        };
        const char *header[N] = { " ", "NAME", "DESCRIPTION", "EXPOSURE" };
        for (size_t c = 0; c < N; c++)
                t.cells[c] = xstrdup(header[c]);
        size_t order[SECURITY_TESTS_MAX];
        security_report_order(r, order);
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                const SecurityRow *row = &r->rows[order[i]];
                char **cell = t.cells + (i + 1) * N;
                const char **color = t.colors + (i + 1) * N;
                char buf[16] = "";
                bool applies = row->na == SECURITY_APPLIES;
                cell[0] = xstrdup(!applies ? " " : security_row_passed(row) ? glyph(st, "\u2713", "+")
                                                                             : glyph(st, "\u2717", "-"));
                color[0] = !applies ? NULL : security_row_passed(row) ? ANSI_GREEN : ANSI_RED;
                cell[1] = xstrdup(row->test->name);
                cell[2] = xstrdup(strempty(row->description));
                if (row->exposure > 0)
                        security_format_tenths(row->exposure, buf, sizeof buf);
                cell[3] = xstrdup(buf);
        }
        table_print(f, &t, st);
        table_free(&t);
}

void security_print_overall(FILE *f, const char *unit_id, unsigned exposure, const SecurityStyle *st) {
        const SecurityBand *b = security_band(exposure);
        char buf[16];
        security_format_tenths(exposure, buf, sizeof buf);
        bool c = st->colors;
        fprintf(f, "\n%s%s Overall exposure level for %s%s: %s%s %s%s %s\n", c ? ANSI_HIGHLIGHT : "",
                glyph(st, "\u2192", "->"), unit_id, c ? ANSI_NORMAL : "", c && b->color ? b->color : "", buf,
                b->name, c && b->color ? ANSI_NORMAL : "", glyph(st, b->glyph_utf8, b->glyph_ascii));
}

void security_json_string(FILE *f, const char *s) {
        fputc('"', f);
        for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
                if (*p == '"' || *p == '\\')
                        fprintf(f, "\\%c", *p);
                else if (*p == '\n')
                        fputs("\\n", f);
                else if (*p == '\t')
                        fputs("\\t", f);
                else if (*p < 0x20 || *p == 0x7f)
                        fprintf(f, "\\u%04x", *p);
                else
                        fputc(*p, f);
        }
        fputc('"', f);
}

/* A JSON value: a string, or a literal (true/false/null) when raw. */
typedef struct JsonField {
        const char *key;
        const char *value; /* NULL prints null */
        bool raw;
} JsonField;

static void json_object_print(FILE *f, const JsonField *fields, size_t n, SecurityJsonMode mode, bool first) {
        bool pretty = mode == SECURITY_JSON_PRETTY;
        fputs(first ? (pretty ? "\t{\n" : "{") : (pretty ? ",\n\t{\n" : ",{"), f);
        for (size_t i = 0; i < n; i++) {
                if (pretty)
                        fputs("\t\t", f);
                security_json_string(f, fields[i].key);
                fputs(pretty ? " : " : ":", f);
                if (!fields[i].value)
                        fputs("null", f);
                else if (fields[i].raw)
                        fputs(fields[i].value, f);
                else
                        security_json_string(f, fields[i].value);
                if (i + 1 < n)
                        fputc(',', f);
                if (pretty)
                        fputc('\n', f);
        }
        fputs(pretty ? "\t}" : "}", f);
}

static void json_array_end(FILE *f, SecurityJsonMode mode, size_t n) {
        fputs(mode == SECURITY_JSON_PRETTY && n > 0 ? "\n]\n" : "]\n", f);
}

void security_print_json(FILE *f, const SecurityReport *r, SecurityJsonMode mode) {
        size_t order[SECURITY_TESTS_MAX];
        security_report_order(r, order);
        fputs(mode == SECURITY_JSON_PRETTY ? "[\n" : "[", f);
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                const SecurityRow *row = &r->rows[order[i]];
                char buf[16];
                bool applies = row->na == SECURITY_APPLIES;
                JsonField fields[] = {
                        { "set", applies ? (security_row_passed(row) ? "true" : "false") : NULL, true },
                        { "name", row->test->name, false },
                        { "json_field", row->test->json_field, false },
                        { "description", row->description, false },
                        { "exposure", row->exposure > 0 ? security_format_tenths(row->exposure, buf, sizeof buf)
                                                        : NULL, false },
                };
                json_object_print(f, fields, ELEMENTSOF(fields), mode, i == 0);
        }
        json_array_end(f, mode, SECURITY_TESTS_MAX);
}

void security_print_overview(FILE *f, const SecurityOverviewRow *rows, size_t n, const SecurityStyle *st) {
        static const bool right[] = { false, true, false, false };
        static const size_t shrink[][2] = { { 0, 8 }, { SIZE_MAX, 0 } };
        enum { N = 4 };
        Table t = {
                .n_columns = N,
                .n_rows = n + 1,
                .cells = xcalloc((n + 1) * N, sizeof(char *)),
                .colors = xcalloc((n + 1) * N, sizeof(char *)),
                .right = right,
                .shrink = shrink,
        };
        const char *header[N] = { "UNIT", "EXPOSURE", "PREDICATE", "HAPPY" };
        for (size_t c = 0; c < N; c++)
                t.cells[c] = xstrdup(header[c]);
        for (size_t i = 0; i < n; i++) {
                char **cell = t.cells + (i + 1) * N;
                const SecurityBand *b = security_band(rows[i].exposure);
                char buf[16] = "";
                cell[0] = xstrdup(rows[i].unit);
                if (!rows[i].masked)
                        security_format_tenths(rows[i].exposure, buf, sizeof buf);
                cell[1] = xstrdup(buf);
                cell[2] = xstrdup(rows[i].masked ? "masked" : b->name);
                cell[3] = xstrdup(rows[i].masked ? "" : glyph(st, b->glyph_utf8, b->glyph_ascii));
                t.colors[(i + 1) * N + 2] = rows[i].masked ? NULL : b->color;
        }
        table_print(f, &t, st);
        table_free(&t);
}

void security_print_overview_json(FILE *f, const SecurityOverviewRow *rows, size_t n, SecurityJsonMode mode,
                                  const SecurityStyle *st) {
        fputs(mode == SECURITY_JSON_PRETTY ? "[\n" : "[", f);
        for (size_t i = 0; i < n; i++) {
                const SecurityBand *b = security_band(rows[i].exposure);
                char buf[16];
                JsonField fields[] = {
                        { "unit", rows[i].unit, false },
                        { "exposure", rows[i].masked ? NULL : security_format_tenths(rows[i].exposure, buf, sizeof buf),
                          false },
                        { "predicate", rows[i].masked ? "masked" : b->name, false },
                        { "happy", rows[i].masked ? NULL : glyph(st, b->glyph_utf8, b->glyph_ascii), false },
                };
                json_object_print(f, fields, ELEMENTSOF(fields), mode, i == 0);
        }
        json_array_end(f, mode, n);
}
