/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <json-c/json.h>
#include <sys/stat.h>

#include "report.h"

static void row_done(ReportRow *row) {
        free(row->host);
        free(row->unit);
        free(row->band);
}

static void run_done(ReportRun *run) {
        free(run->host);
        free(run->time);
        free(run->source);
        for (size_t i = 0; i < run->n_units; i++)
                row_done(&run->units[i]);
        free(run->units);
}

void report_done(Report *r) {
        for (size_t i = 0; i < r->n_runs; i++)
                run_done(&r->runs[i]);
        for (size_t i = 0; i < r->n_rows; i++)
                row_done(&r->rows[i]);
        free(r->runs);
        free(r->rows);
        *r = (Report) {};
}

static const char *get_string(json_object *o, const char *key) {
        json_object *v;
        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        return json_object_get_string(v);
}

/* One unit object; returns false when it is not one. */
static bool parse_unit(json_object *o, ReportRow *ret) {
        json_object *t;
        const char *name = json_object_is_type(o, json_type_object) ? get_string(o, "name") : NULL;
        if (isempty(name))
                return false;
        int tenths = REPORT_NONE;
        if (json_object_object_get_ex(o, "exposure_tenths", &t) && json_object_is_type(t, json_type_int)) {
                int64_t v = json_object_get_int64(t);
                if (v < 0 || v > 100)
                        return false;
                tenths = (int) v;
        }
        const char *band = get_string(o, "band");
        *ret = (ReportRow) {
                .unit = xstrdup(name),
                .before = REPORT_NONE,
                .after = tenths,
                .band = xstrdup(band ?: (tenths == REPORT_NONE ? "masked" : "")),
        };
        return true;
}

static int parse_document(json_object *doc, const char *source, ReportRun *ret, char **ret_error) {
        json_object *units;
        if (!json_object_is_type(doc, json_type_object) || !json_object_object_get_ex(doc, "units", &units) ||
            !json_object_is_type(units, json_type_array)) {
                *ret_error = xasprintf("%s: not a 'unitsec security --format=json' document", source);
                return -EBADMSG;
        }
        size_t n = json_object_array_length(units);
        ReportRun run = { .source = xstrdup(source), .units = xcalloc(n ? n : 1, sizeof(ReportRow)) };
        const char *host = get_string(doc, "host");
        run.host = xstrdup(isempty(host) ? source : host);
        run.time = xstrdup(strempty(get_string(doc, "time")));
        for (size_t i = 0; i < n; i++) {
                if (!parse_unit(json_object_array_get_idx(units, i), &run.units[run.n_units])) {
                        *ret_error = xasprintf("%s: unit entry %zu is malformed", source, i + 1);
                        run_done(&run);
                        return -EBADMSG;
                }
                run.n_units++;
        }
        *ret = run;
        return 0;
}

static int add_run(Report *r, ReportRun *run) {
        size_t rows = run->n_units;
        for (size_t i = 0; i < r->n_runs; i++)
                rows += r->runs[i].n_units;
        if (rows > REPORT_ROWS_MAX) {
                run_done(run);
                return -E2BIG;
        }
        r->runs = xrealloc(r->runs, (r->n_runs + 1) * sizeof(ReportRun));
        run->order = r->n_runs;
        r->runs[r->n_runs++] = *run;
        return 0;
}

int report_add_text(Report *r, const char *source, const char *data, size_t size, char **ret_error) {
        json_tokener *tok = json_tokener_new();
        size_t off = 0, docs = 0;
        int ret = 0;
        while (ret == 0) {
                while (off < size && strchr(" \t\r\n", data[off]))
                        off++;
                if (off >= size)
                        break;
                json_tokener_reset(tok);
                json_object *doc = json_tokener_parse_ex(tok, data + off, (int) (size - off));
                if (!doc) {
                        *ret_error = xasprintf("%s: invalid JSON near byte %zu: %s", source, off + 1,
                                               json_tokener_error_desc(json_tokener_get_error(tok)));
                        ret = -EBADMSG;
                        break;
                }
                off += (size_t) json_tokener_get_parse_end(tok);
                ReportRun run;
                ret = parse_document(doc, source, &run, ret_error);
                json_object_put(doc);
                if (ret == 0 && (ret = add_run(r, &run)) < 0)
                        *ret_error = xasprintf("%s: more than %u units in all, refusing", source, REPORT_ROWS_MAX);
                docs++;
        }
        json_tokener_free(tok);
        if (ret == 0 && docs == 0) {
                *ret_error = xasprintf("%s: no document found", source);
                ret = -EBADMSG;
        }
        return ret;
}

static int read_bounded(int fd, char **ret_data, size_t *ret_size) {
        size_t n = 0, cap = 65536;
        char *buf = xcalloc(cap + 1, 1);
        for (;;) {
                if (n == cap) {
                        if (cap >= REPORT_FILE_MAX) {
                                free(buf);
                                return -EFBIG;
                        }
                        cap *= 2;
                        buf = xrealloc(buf, cap + 1);
                }
                ssize_t k = read(fd, buf + n, cap - n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0) {
                        int r = -errno;
                        free(buf);
                        return r;
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        buf[n] = 0;
        *ret_data = buf;
        *ret_size = n;
        return 0;
}

int report_add_file(Report *r, const char *path, char **ret_error) {
        _cleanup_close_ int fd = streq(path, "-") ? dup(STDIN_FILENO)
                                                  : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0)
                return -errno;
        if (!streq(path, "-") && !S_ISREG(st.st_mode))
                return S_ISDIR(st.st_mode) ? -EISDIR : -EBADFD;
        _cleanup_free_ char *data = NULL;
        size_t size = 0;
        int k = read_bounded(fd, &data, &size);
        if (k < 0)
                return k;
        return report_add_text(r, path, data, size, ret_error);
}

static int run_cmp(const ReportRun *a, const ReportRun *b) {
        int c = strcmp(a->host, b->host);
        if (c == 0)
                c = strcmp(a->time, b->time);
        return c != 0 ? c : (a->order > b->order) - (a->order < b->order);
}

static int run_cmpp(const void *a, const void *b) { return run_cmp(a, b); }

static int unit_cmpp(const void *a, const void *b) {
        return strcmp(((const ReportRow *) a)->unit, ((const ReportRow *) b)->unit);
}

static int row_cmpp(const void *x, const void *y) {
        const ReportRow *a = x, *b = y;
        if (a->after != b->after)
                return a->after < b->after ? 1 : -1; /* highest first; REPORT_NONE (-1) last */
        int c = strcmp(a->host, b->host);
        return c != 0 ? c : strcmp(a->unit, b->unit);
}

static void add_row(Report *r, const char *host, const char *unit, int before, int after, const char *band,
                    bool has_before) {
        r->rows = xrealloc(r->rows, (r->n_rows + 1) * sizeof(ReportRow));
        r->rows[r->n_rows++] = (ReportRow) {
                .host = xstrdup(host),
                .unit = xstrdup(unit),
                .before = before,
                .after = after,
                .band = xstrdup(band),
                .has_before = has_before,
        };
}

/* Rows of one host from its first run (before, may be NULL) and its last (after). */
static void merge_host(Report *r, ReportRun *before, const ReportRun *after) {
        bool *seen = before ? xcalloc(before->n_units + 1, sizeof(bool)) : NULL;
        for (size_t i = 0; i < after->n_units; i++) {
                const ReportRow *u = &after->units[i];
                ReportRow *b = before ? bsearch(u, before->units, before->n_units, sizeof(ReportRow), unit_cmpp)
                                      : NULL;
                if (b)
                        seen[b - before->units] = true;
                add_row(r, after->host, u->unit, b ? b->after : REPORT_NONE, u->after, u->band, before);
        }
        for (size_t i = 0; before && i < before->n_units; i++)
                if (!seen[i])
                        add_row(r, after->host, before->units[i].unit, before->units[i].after, REPORT_NONE,
                                "absent", true);
        free(seen);
}

void report_merge(Report *r) {
        qsort(r->runs, r->n_runs, sizeof(ReportRun), run_cmpp);
        for (size_t i = 0; i < r->n_runs;) {
                size_t j = i;
                while (j + 1 < r->n_runs && streq(r->runs[j + 1].host, r->runs[i].host))
                        j++;
                ReportRun *before = j > i ? &r->runs[i] : NULL;
                if (before)
                        qsort(before->units, before->n_units, sizeof(ReportRow), unit_cmpp);
                merge_host(r, before, &r->runs[j]);
                r->before_after = r->before_after || before;
                r->n_hosts++;
                i = j + 1;
        }
        qsort(r->rows, r->n_rows, sizeof(ReportRow), row_cmpp);
}

const char *report_format_tenths(int tenths, char *buf, size_t n) {
        if (tenths == REPORT_NONE)
                snprintf(buf, n, "-");
        else
                snprintf(buf, n, "%d.%d", tenths / 10, tenths % 10);
        return buf;
}

const char *report_format_change(const ReportRow *row, char *buf, size_t n) {
        if (row->before == REPORT_NONE || row->after == REPORT_NONE) {
                snprintf(buf, n, "-");
                return buf;
        }
        int d = row->after - row->before, a = d < 0 ? -d : d;
        snprintf(buf, n, "%s%d.%d", d > 0 ? "+" : d < 0 ? "-" : "", a / 10, a % 10);
        return buf;
}
