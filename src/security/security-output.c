/* SPDX-License-Identifier: MIT */
#include <assert.h>
#include <stdint.h>

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

/* A text table: n_columns cells per row, row 0 is the header. Cells point to text owned by the
 * caller that outlives the printing; nothing is copied unless a cell must be cut to fit. */
typedef struct Cell {
        const char *text;
        const char *color; /* NULL: none */
        size_t len, width; /* bytes, display columns */
} Cell;

typedef struct Table {
        size_t n_columns, n_rows;
        Cell *cells;
        const bool *right;         /* per column */
        const size_t (*shrink)[2]; /* {column, narrowest width} steps to fit, in order, ended by SIZE_MAX */
} Table;

static void cell_set(Cell *c, const char *text, const char *color) {
        *c = (Cell) { .text = text, .color = color, .len = strlen(text) };
        /* plain ASCII is one column a byte; look at 8 bytes at a time for anything else */
        uint64_t high = 0, word;
        size_t i = 0;
        for (; i + 8 <= c->len; i += 8) {
                memcpy(&word, text + i, 8);
                high |= word;
        }
        for (; i < c->len; i++)
                high |= (unsigned char) text[i];
        high &= UINT64_C(0x8080808080808080);
        c->width = high ? terminal_width(text) : c->len;
}

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

/* The table's text, built in memory and written with one call. */
typedef struct Out {
        char *buf;
        size_t len, allocated;
} Out;

/* The out_* writers below do not check for room: out_reserve() first, for a whole row. */
static inline void out_reserve(Out *o, size_t n) {
        if (o->len + n + 1 > o->allocated)
                GREEDY_REALLOC(o->buf, o->allocated, o->len + n + 1);
}

static inline void out_put(Out *o, const char *s, size_t n) {
        memcpy(o->buf + o->len, s, n);
        o->len += n;
}

static inline void out_spaces(Out *o, size_t n) {
        memset(o->buf + o->len, ' ', n);
        o->len += n;
}

/* Bytes that cell may take in a column of width columns: its text or the ellipsized text (never
 * longer than the text plus an ellipsis), the padding, and the colour sequences. */
static size_t cell_room(const Cell *cell, size_t width) {
        return cell->len + 3 + width + strlen(ANSI_UNDERLINE) + strlen(ANSI_NORMAL) +
               (cell->color ? strlen(cell->color) : 0);
}

static void table_put_text(Out *o, const char *text, size_t len, size_t pad, const char *color, bool right,
                           bool last) {
        if (right)
                out_spaces(o, pad);
        if (color)
                out_put(o, color, strlen(color));
        out_put(o, text, len);
        if (color)
                out_put(o, ANSI_NORMAL, strlen(ANSI_NORMAL));
        if (!right && !last)
                out_spaces(o, pad);
}

static void table_put_cell(Out *o, const Cell *cell, size_t width, bool right, bool last, bool header,
                           const SecurityStyle *st) {
        const char *color = st->colors ? (header ? ANSI_UNDERLINE : cell->color) : NULL;
        if (cell->width <= width) {
                table_put_text(o, cell->text, cell->len, width - cell->width, color, right, last);
                return;
        }
        _cleanup_free_ char *cut = terminal_ellipsize(cell->text, width, st->utf8);
        table_put_text(o, cut, strlen(cut), width - terminal_width(cut), color, right, last);
}

/* A row of cells that all fit their columns, without colours: the line is filled with blanks
 * once and the texts are copied to their places. */
static void table_put_row_plain(Out *o, const Cell *row, const size_t *w, const bool *right, size_t last) {
        size_t n = last; /* the blanks between the cells */
        for (size_t c = 0; c <= last; c++)
                n += row[c].len + (c < last || right[c] ? w[c] - row[c].width : 0);
        out_reserve(o, n + 1);
        char *line = o->buf + o->len, *p = line;
        memset(line, ' ', n);
        for (size_t c = 0; c <= last; c++) {
                size_t pad = w[c] - row[c].width;
                if (right[c])
                        p += pad;
                memcpy(p, row[c].text, row[c].len);
                p += row[c].len + (right[c] ? 0 : pad) + 1;
        }
        line[n] = '\n';
        o->len += n + 1;
}

/* Appends the table's lines to o. */
static void table_build(Out *o, const Table *t, const SecurityStyle *st) {
        size_t w[8] = {}, fit[8], nc = t->n_columns;
        assert(nc <= ELEMENTSOF(w));
        for (const Cell *row = t->cells, *end = t->cells + t->n_rows * nc; row < end; row += nc)
                for (size_t c = 0; c < nc; c++)
                        if (row[c].width > w[c])
                                w[c] = row[c].width;
        memcpy(fit, w, sizeof w);
        table_fit(t, fit, st->columns);
        /* nothing to cut and no colours: the plain writer */
        bool plain = !st->colors && memcmp(fit, w, sizeof w) == 0;
        for (size_t r = 0; r < t->n_rows; r++) {
                const Cell *row = t->cells + r * nc;
                /* the last non-empty cell ends the line: no trailing padding */
                size_t last = 0, room = nc + 1;
                for (size_t c = 0; c < nc; c++)
                        if (row[c].len > 0)
                                last = c;
                if (plain) {
                        table_put_row_plain(o, row, w, t->right, last);
                        continue;
                }
                for (size_t c = 0; c < nc; c++)
                        room += cell_room(&row[c], fit[c]);
                out_reserve(o, room);
                for (size_t c = 0; c <= last; c++) {
                        if (c > 0)
                                out_put(o, " ", 1);
                        table_put_cell(o, &row[c], fit[c], t->right[c], c == last, r == 0, st);
                }
                out_put(o, "\n", 1);
        }
}

static void table_print(FILE *f, const Table *t, const SecurityStyle *st) {
        Out o = {};
        table_build(&o, t, st);
        fwrite_unlocked(o.buf, 1, o.len, f);
        free(o.buf);
}

static const char *glyph(const SecurityStyle *st, const char *utf8, const char *ascii) {
        return st->utf8 ? utf8 : ascii;
}

/* What every report shows the same, measured once per process: per test its name and the fixed
 * descriptions it has shown (unitsec's own texts, which never move: found again by address; a
 * test has a few, the last ones are kept). */
typedef struct TestCells {
        Cell name;
        Cell description[4];
        unsigned next; /* the slot to take next */
} TestCells;

static TestCells *test_cells(const SecurityTest *t) {
        static TestCells cells[SECURITY_TESTS_MAX];
        size_t i = (size_t) (t - security_tests);
        assert(i < SECURITY_TESTS_MAX);
        if (!cells[i].name.text)
                cell_set(&cells[i].name, t->name, NULL);
        return &cells[i];
}

static Cell description_cell(const SecurityRow *row) {
        Cell c;
        const char *text = strempty(row->description);
        if (!row->description_builtin) {
                cell_set(&c, text, NULL);
                return c;
        }
        TestCells *tc = test_cells(row->test);
        for (size_t i = 0; i < ELEMENTSOF(tc->description); i++)
                if (tc->description[i].text == text)
                        return tc->description[i];
        Cell *slot = &tc->description[tc->next++ % ELEMENTSOF(tc->description)];
        cell_set(slot, text, NULL);
        return *slot;
}

/* The ✓/✗ column: blank (does not apply), passed, failed; per glyph set. */
static Cell glyph_cell(const SecurityStyle *st, const SecurityRow *row) {
        static Cell cells[2][3];
        static const char *const text[2][3] = { { " ", "+", "-" }, { " ", "\u2713", "\u2717" } };
        static const char *const color[3] = { NULL, ANSI_GREEN, ANSI_RED };
        size_t u = st->utf8, k = row->na != SECURITY_APPLIES ? 0 : security_row_passed(row) ? 1 : 2;
        if (!cells[u][k].text)
                cell_set(&cells[u][k], text[u][k], color[k]);
        return cells[u][k];
}

/* The report's table, appended to o. */
static void report_table_build(Out *o, const SecurityReport *r, const SecurityStyle *st) {
        static const bool right[] = { false, false, false, true };
        /* description first, then the name, then the description to the bone */
        static const size_t shrink[][2] = { { 2, 30 }, { 1, 24 }, { 2, 8 }, { 1, 8 }, { SIZE_MAX, 0 } };
        static const char *const header[] = { " ", "NAME", "DESCRIPTION", "EXPOSURE" };
        enum { N = ELEMENTSOF(header) };
        Cell cells[(SECURITY_TESTS_MAX + 1) * N];
        char exposure[SECURITY_TESTS_MAX][16];
        Table t = { .n_columns = N, .n_rows = SECURITY_TESTS_MAX + 1, .cells = cells, .right = right, .shrink = shrink };
        static Cell header_cells[N];
        if (!header_cells[0].text)
                for (size_t c = 0; c < N; c++)
                        cell_set(&header_cells[c], header[c], NULL);
        memcpy(cells, header_cells, sizeof header_cells);
        size_t order[SECURITY_TESTS_MAX];
        security_report_order(r, order);
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                const SecurityRow *row = &r->rows[order[i]];
                Cell *cell = cells + (i + 1) * N;
                exposure[i][0] = 0;
                if (row->exposure > 0)
                        security_format_tenths(row->exposure, exposure[i], sizeof exposure[i]);
                cell[0] = glyph_cell(st, row);
                cell[1] = test_cells(row->test)->name;
                cell[2] = description_cell(row);
                size_t n = strlen(exposure[i]); /* digits and a dot */
                cell[3] = (Cell) { .text = exposure[i], .len = n, .width = n };
        }
        table_build(o, &t, st);
}

static void out_puts(Out *o, const char *s) {
        size_t n = strlen(s);
        out_reserve(o, n);
        out_put(o, s, n);
}

/* "\n→ Overall exposure level for UNIT: X.Y BAND GLYPH\n", appended to o. */
static void overall_build(Out *o, const char *unit_id, unsigned exposure, const SecurityStyle *st) {
        const SecurityBand *b = security_band(exposure);
        char buf[16];
        security_format_tenths(exposure, buf, sizeof buf);
        bool c = st->colors, bc = c && b->color;
        out_puts(o, "\n");
        if (c)
                out_puts(o, ANSI_HIGHLIGHT);
        out_puts(o, glyph(st, "\u2192", "->"));
        out_puts(o, " Overall exposure level for ");
        out_puts(o, unit_id);
        if (c)
                out_puts(o, ANSI_NORMAL);
        out_puts(o, ": ");
        if (bc)
                out_puts(o, b->color);
        out_puts(o, buf);
        out_puts(o, " ");
        out_puts(o, b->name);
        if (bc)
                out_puts(o, ANSI_NORMAL);
        out_puts(o, " ");
        out_puts(o, glyph(st, b->glyph_utf8, b->glyph_ascii));
        out_puts(o, "\n");
}

/* Reports come by the thousand: one buffer, kept from report to report, written at once. */
static Out report_out;

static void out_write(FILE *f, Out *o) {
        fwrite_unlocked(o->buf, 1, o->len, f);
        o->len = 0;
}

void security_print_table(FILE *f, const SecurityReport *r, const SecurityStyle *st) {
        report_table_build(&report_out, r, st);
        out_write(f, &report_out);
}

void security_print_overall(FILE *f, const char *unit_id, unsigned exposure, const SecurityStyle *st) {
        overall_build(&report_out, unit_id, exposure, st);
        out_write(f, &report_out);
}

void security_print_report(FILE *f, const SecurityReport *r, const char *unit_id, const SecurityStyle *st) {
        report_table_build(&report_out, r, st);
        overall_build(&report_out, unit_id, r->exposure, st);
        out_write(f, &report_out);
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
        static const char *const header[] = { "UNIT", "EXPOSURE", "PREDICATE", "HAPPY" };
        enum { N = ELEMENTSOF(header) };
        Table t = { .n_columns = N, .n_rows = n + 1, .cells = xcalloc((n + 1) * N, sizeof(Cell)), .right = right,
                    .shrink = shrink };
        char (*exposure)[16] = xcalloc(n ? n : 1, sizeof *exposure);
        for (size_t c = 0; c < N; c++)
                cell_set(&t.cells[c], header[c], NULL);
        for (size_t i = 0; i < n; i++) {
                Cell *cell = t.cells + (i + 1) * N;
                const SecurityBand *b = security_band(rows[i].exposure);
                if (!rows[i].masked)
                        security_format_tenths(rows[i].exposure, exposure[i], sizeof exposure[i]);
                cell_set(&cell[0], rows[i].unit, NULL);
                cell_set(&cell[1], exposure[i], NULL);
                cell_set(&cell[2], rows[i].masked ? "masked" : b->name, rows[i].masked ? NULL : b->color);
                cell_set(&cell[3], rows[i].masked ? "" : glyph(st, b->glyph_utf8, b->glyph_ascii), NULL);
        }
        table_print(f, &t, st);
        free(exposure);
        free(t.cells);
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
