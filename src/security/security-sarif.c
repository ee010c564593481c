/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <sys/stat.h>

#include "directives.h"
#include "security-sarif.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SECTION_SCAN_MAX_LINES 100000u
#define SECTION_SCAN_MAX_LINE 65536

struct SecuritySarif {
        json_object *root;
        json_object *results; /* borrowed from root */
        char *base;
};

static json_object *text_object(const char *text) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "text", json_object_new_string(text));
        return o;
}

static char *rule_help(const SecurityTest *t) {
        if (t->directive)
                return xasprintf("Set %s= in the unit's [Service] section, for example in a drop-in "
                                 "(`unitsec harden` proposes a value; test \"%s\")",
                                 t->directive, t->name);
        return xasprintf("Change the setting %s in the unit's [Service] section, for example in a drop-in "
                         "(`unitsec harden` proposes a value)",
                         t->name);
}

static json_object *rule_object(const SecurityTest *t) {
        _cleanup_free_ char *help = rule_help(t);
        json_object *o = json_object_new_object(), *conf = json_object_new_object(),
                    *props = json_object_new_object();
        json_object_object_add(o, "id", json_object_new_string(t->json_field));
        json_object_object_add(o, "name", json_object_new_string(t->name));
        json_object_object_add(o, "shortDescription", text_object(t->name));
        if (t->description_bad)
                json_object_object_add(o, "fullDescription", text_object(t->description_bad));
        json_object_object_add(o, "help", text_object(help));
        json_object_object_add(conf, "level", json_object_new_string("warning"));
        json_object_object_add(o, "defaultConfiguration", conf);
        json_object_object_add(props, "weight", json_object_new_uint64(t->weight));
        json_object_object_add(props, "range", json_object_new_uint64(t->range));
        if (t->directive)
                json_object_object_add(props, "directive", json_object_new_string(t->directive));
        json_object_object_add(o, "properties", props);
        return o;
}

static json_object *driver_object(void) {
        json_object *d = json_object_new_object(), *rules = json_object_new_array();
        json_object_object_add(d, "name", json_object_new_string("unitsec"));
        json_object_object_add(d, "version", json_object_new_string(UNITSEC_VERSION));
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++)
                json_object_array_add(rules, rule_object(&security_tests[i]));
        json_object_object_add(d, "rules", rules);
        return d;
}

SecuritySarif *security_sarif_new(const char *base) {
        SecuritySarif *s = xcalloc(1, sizeof *s);
        json_object *runs = json_object_new_array(), *run = json_object_new_object(),
                    *tool = json_object_new_object();
        s->root = json_object_new_object();
        s->results = json_object_new_array();
        s->base = base ? xstrdup(base) : NULL;
        json_object_object_add(s->root, "$schema", json_object_new_string(SARIF_SCHEMA));
        json_object_object_add(s->root, "version", json_object_new_string("2.1.0"));
        json_object_object_add(tool, "driver", driver_object());
        json_object_object_add(run, "tool", tool);
        json_object_object_add(run, "columnKind", json_object_new_string("utf16CodeUnits"));
        json_object_object_add(run, "results", s->results);
        json_object_array_add(runs, run);
        json_object_object_add(s->root, "runs", runs);
        return s;
}

SecuritySarif *security_sarif_free(SecuritySarif *s) {
        if (!s)
                return NULL;
        json_object_put(s->root);
        free(s->base);
        free(s);
        return NULL;
}

static bool uri_char_plain(unsigned char c) {
        return isascii(c) && (isalnum(c) || strchr("-._~/", c));
}

static char *percent_encode(const char *prefix, const char *p) {
        size_t n = strlen(prefix), l = strlen(p);
        char *out = xcalloc(n + 3 * l + 1, 1), *w = stpcpy(out, prefix);
        for (; *p; p++) {
                unsigned char c = (unsigned char) *p;
                if (uri_char_plain(c))
                        *w++ = (char) c;
                else
                        w += sprintf(w, "%%%02X", c);
        }
        return out;
}

char *security_sarif_uri(const char *base, const char *path) {
        const char *rel = NULL;
        if (base && path[0] == '/') {
                size_t bl = strlen(base);
                while (bl > 1 && base[bl - 1] == '/')
                        bl--;
                if (bl == 1 && base[0] == '/')
                        rel = path + 1;
                else if (strncmp(path, base, bl) == 0 && path[bl] == '/')
                        rel = path + bl + 1;
        } else if (path[0] != '/')
                rel = path;
        if (rel && *rel)
                return percent_encode("", rel);
        if (path[0] == '/')
                return percent_encode("file://", path);
        return percent_encode("", path);
}

static bool is_header(char *line, const char *section) {
        char *s = line;
        while (*s == ' ' || *s == '\t')
                s++;
        size_t l = strlen(s);
        while (l > 0 && strchr(" \t\r\n", s[l - 1]))
                s[--l] = 0;
        size_t n = strlen(section);
        return l == n + 2 && s[0] == '[' && s[l - 1] == ']' && strncmp(s + 1, section, n) == 0;
}

unsigned security_sarif_section_line(const char *path, const char *section) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
                return 1;
        _cleanup_fclose_ FILE *f = fdopen(TAKE_FD(fd), "re");
        if (!f)
                return 1;
        char *buf = xcalloc(SECTION_SCAN_MAX_LINE, 1);
        unsigned found = 1;
        for (unsigned n = 1; n <= SECTION_SCAN_MAX_LINES && fgets(buf, SECTION_SCAN_MAX_LINE, f); n++) {
                bool whole = strchr(buf, '\n') || feof(f);
                if (is_header(buf, section)) {
                        found = n;
                        break;
                }
                if (!whole) /* a line longer than the buffer is no header: skip the rest of it */
                        for (int c; (c = fgetc(f)) != EOF && c != '\n';)
                                ;
        }
        free(buf);
        return found;
}

/* Where a row was decided: the origin of its directive, else the fragment's section header. */
static char *row_location(const Unit *u, const ExecSettings *s, const SecurityTest *t, unsigned *ret_line) {
        int id = t->directive && s ? directive_id(t->directive) : -ENOENT;
        if (id >= 0 && (size_t) id < s->n_origins && s->origins[id].file) {
                *ret_line = s->origins[id].line > 0 ? s->origins[id].line : 1;
                return xstrdup(s->origins[id].file);
        }
        if (!u || u->n_files == 0) {
                *ret_line = 1;
                return NULL;
        }
        const UnitFile *f = &u->files[0];
        const char *path = f->display_path ? f->display_path : f->path;
        char section[32];
        snprintf(section, sizeof section, "%s", unit_type_to_string(u->type) ?: "service");
        section[0] = (char) toupper((unsigned char) section[0]);
        *ret_line = security_sarif_section_line(path, section);
        return xstrdup(path);
}

static json_object *location_object(const char *uri, unsigned line) {
        json_object *loc = json_object_new_object(), *phys = json_object_new_object(),
                    *art = json_object_new_object(), *region = json_object_new_object();
        json_object_object_add(art, "uri", json_object_new_string(uri));
        json_object_object_add(region, "startLine", json_object_new_int64(line));
        json_object_object_add(phys, "artifactLocation", art);
        json_object_object_add(phys, "region", region);
        json_object_object_add(loc, "physicalLocation", phys);
        return loc;
}

static json_object *result_object(const SecuritySarif *sarif, const Unit *u, const ExecSettings *s,
                                  const SecurityReport *r, size_t i) {
        const SecurityRow *row = &r->rows[i];
        const char *id = u && u->id ? u->id : "unit";
        const char *what = row->description ?: row->test->description_bad ?: row->test->name;
        unsigned line;
        _cleanup_free_ char *path = row_location(u, s, row->test, &line);
        _cleanup_free_ char *uri = security_sarif_uri(sarif->base, path ?: id);
        _cleanup_free_ char *msg = xasprintf("%s: %s (%s)", id, what, row->test->name);
        _cleanup_free_ char *fp = xasprintf("%s/%s", id, row->test->json_field);
        json_object *o = json_object_new_object(), *locs = json_object_new_array(),
                    *fps = json_object_new_object(), *props = json_object_new_object();
        json_object_object_add(o, "ruleId", json_object_new_string(row->test->json_field));
        json_object_object_add(o, "ruleIndex", json_object_new_int64((int64_t) (row->test - security_tests)));
        json_object_object_add(o, "level", json_object_new_string("warning"));
        json_object_object_add(o, "rank", json_object_new_int64(row->exposure > 100 ? 100 : row->exposure));
        json_object_object_add(o, "message", text_object(msg));
        json_object_array_add(locs, location_object(uri, line));
        json_object_object_add(o, "locations", locs);
        json_object_object_add(fps, "unitsecUnitTest/v1", json_object_new_string(fp));
        json_object_object_add(o, "partialFingerprints", fps);
        json_object_object_add(props, "unit", json_object_new_string(id));
        json_object_object_add(props, "unitExposureTenths", json_object_new_int64(r->exposure));
        json_object_object_add(props, "badness", json_object_new_uint64(row->badness));
        json_object_object_add(props, "weight", json_object_new_uint64(row->weight));
        json_object_object_add(o, "properties", props);
        return o;
}

void security_sarif_add(SecuritySarif *sarif, const Unit *u, const ExecSettings *s, const SecurityReport *r) {
        size_t order[SECURITY_TESTS_MAX];
        security_report_order(r, order);
        for (size_t k = 0; k < SECURITY_TESTS_MAX; k++) {
                const SecurityRow *row = &r->rows[order[k]];
                if (row->na != SECURITY_APPLIES || row->badness == 0 || !row->test)
                        continue;
                json_object_array_add(sarif->results, result_object(sarif, u, s, r, order[k]));
        }
}

void security_sarif_print(FILE *f, const SecuritySarif *sarif) {
        fputs(json_object_to_json_string_ext(sarif->root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE),
              f);
        fputc('\n', f);
}
