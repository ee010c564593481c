/* SPDX-License-Identifier: MIT */
#include <json-c/json.h>
#include <time.h>

#include "directives.h"
#include "security-document.h"

struct SecurityDocument {
        json_object *root;
        json_object *units; /* borrowed from root */
};

SecurityDocument *security_document_new(void) {
        SecurityDocument *d = xcalloc(1, sizeof *d);
        char host[256] = "", stamp[64] = "";
        time_t now = time(NULL);
        struct tm tm;
        if (gethostname(host, sizeof host - 1) < 0)
                host[0] = 0;
        if (gmtime_r(&now, &tm))
                (void) strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
        d->root = json_object_new_object();
        d->units = json_object_new_array();
        json_object_object_add(d->root, "host", json_object_new_string(host));
        json_object_object_add(d->root, "time", json_object_new_string(stamp));
        json_object_object_add(d->root, "version", json_object_new_string(UNITSEC_VERSION));
        json_object_object_add(d->root, "units", d->units);
        return d;
}

SecurityDocument *security_document_free(SecurityDocument *d) {
        if (!d)
                return NULL;
        json_object_put(d->root);
        free(d);
        return NULL;
}

static json_object *origin_of(const ExecSettings *s, const SecurityTest *t) {
        int id = t->directive && s ? directive_id(t->directive) : -ENOENT;
        if (id < 0 || (size_t) id >= s->n_origins || !s->origins[id].file)
                return NULL;
        char *o = xasprintf("%s:%u", s->origins[id].file, s->origins[id].line);
        json_object *j = json_object_new_string(o);
        free(o);
        return j;
}

static json_object *tests_array(const SecurityReport *r, const ExecSettings *s) {
        json_object *a = json_object_new_array();
        size_t order[SECURITY_TESTS_MAX];
        security_report_order(r, order);
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                const SecurityRow *row = &r->rows[order[i]];
                bool applies = row->na == SECURITY_APPLIES;
                char buf[16];
                json_object *o = json_object_new_object();
                json_object_object_add(o, "name", json_object_new_string(row->test->name));
                json_object_object_add(o, "json_field", json_object_new_string(row->test->json_field));
                json_object_object_add(o, "set", applies ? json_object_new_boolean(row->badness == 0) : NULL);
                json_object_object_add(o, "weight", json_object_new_uint64(row->weight));
                json_object_object_add(o, "range", json_object_new_uint64(row->range));
                json_object_object_add(o, "badness", applies ? json_object_new_uint64(row->badness) : NULL);
                json_object_object_add(o, "exposure", row->exposure > 0 ? json_object_new_string(
                                                              security_format_tenths(row->exposure, buf, sizeof buf))
                                                                        : NULL);
                json_object_object_add(o, "description",
                                       row->description ? json_object_new_string(row->description) : NULL);
                json_object_object_add(o, "origin", origin_of(s, row->test));
                json_object_array_add(a, o);
        }
        return a;
}

static json_object *dropins_array(const Unit *u) {
        json_object *a = json_object_new_array();
        for (size_t i = 0; u && i < u->n_files; i++)
                if (u->files[i].is_dropin)
                        json_object_array_add(a, json_object_new_string(u->files[i].path));
        return a;
}

void security_document_add(SecurityDocument *d, const char *unit_id, const Unit *u, const ExecSettings *s,
                           const SecurityReport *r, bool with_tests) {
        json_object *o = json_object_new_object();
        const char *source = u && u->n_files > 0 && !u->files[0].is_dropin ? u->files[0].path : NULL;
        json_object_object_add(o, "name", json_object_new_string(unit_id));
        json_object_object_add(o, "source", source ? json_object_new_string(source) : NULL);
        json_object_object_add(o, "dropins", dropins_array(u));
        if (r) {
                const SecurityBand *b = security_band(r->exposure);
                char buf[16];
                json_object_object_add(o, "exposure",
                                       json_object_new_double_s(r->exposure / 10.0,
                                                                security_format_tenths(r->exposure, buf, sizeof buf)));
                json_object_object_add(o, "exposure_tenths", json_object_new_int(r->exposure));
                json_object_object_add(o, "band", json_object_new_string(b->name));
                json_object_object_add(o, "glyph", json_object_new_string(b->glyph_utf8));
                if (with_tests)
                        json_object_object_add(o, "tests", tests_array(r, s));
        } else {
                json_object_object_add(o, "exposure", NULL);
                json_object_object_add(o, "exposure_tenths", NULL);
                json_object_object_add(o, "band", json_object_new_string("masked"));
                json_object_object_add(o, "glyph", NULL);
        }
        json_object_array_add(d->units, o);
}

void security_document_print(FILE *f, const SecurityDocument *d) {
        fputs(json_object_to_json_string_ext(d->root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE), f);
        fputc('\n', f);
}
