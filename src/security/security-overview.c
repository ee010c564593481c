/* SPDX-License-Identifier: MIT */
#include <dirent.h>

#include "exec-settings.h"
#include "log.h"
#include "pager.h"
#include "security-document.h"
#include "security-overview.h"
#include "security-paths.h"
#include "strmap.h"
#include "strv.h"
#include "terminal.h"
#include "unit-fs.h"
#include "verbs.h"

#define OVERVIEW_MAX_ENTRIES 100000u
/* Bound the work a hostile tree can ask for (each service is loaded and scored). */
#define OVERVIEW_MAX_UNITS 16384u

/* The names found so far, as a list and as a set (a tree may hold thousands). */
typedef struct Names {
        char **list;
        size_t n, allocated;
        StrMap set;
} Names;

static void names_add(Names *l, const char *n) {
        StrMapEntry *e = strmap_ensure(&l->set, n);
        if (e->value)
                return;
        e->value = 1;
        GREEDY_REALLOC(l->list, l->allocated, l->n + 2);
        l->list[l->n++] = xstrdup(n);
        l->list[l->n] = NULL;
}

static void add_name(Names *names, const char *n, bool all, bool from_wants) {
        if (unit_name_to_type(n) != UNIT_SERVICE || strmap_get(&names->set, n))
                return;
        if (unit_name_is_valid(n, UNIT_NAME_TEMPLATE)) {
                _cleanup_free_ char *i = NULL;
                if (all && unit_name_replace_instance(n, "i", &i) >= 0)
                        names_add(names, i);
                return;
        }
        if (unit_name_is_valid(n, UNIT_NAME_INSTANCE) || (!from_wants && unit_name_is_valid(n, UNIT_NAME_PLAIN)))
                names_add(names, n);
}

/* Reads one directory (inside the root); calls add_name for each entry, recursing once into
 * *.wants/ and *.requires/. */
static void scan_dir(const LookupPaths *lp, const char *dir, bool all, bool from_wants, Names *names,
                     unsigned *budget) {
        int fd = unit_fs_open_dir(lp->root, dir);
        if (fd < 0)
                return;
        DIR *d = fdopendir(fd);
        if (!d) {
                (void) close(fd);
                return;
        }
        struct dirent *de;
        while ((de = readdir(d)) && *budget > 0) {
                (*budget)--;
                if (de->d_name[0] == '.')
                        continue;
                if (!from_wants && (endswith(de->d_name, ".wants") || endswith(de->d_name, ".requires"))) {
                        _cleanup_free_ char *sub = xpath_join(dir, de->d_name);
                        scan_dir(lp, sub, all, true, names, budget);
                } else
                        add_name(names, de->d_name, all, from_wants);
        }
        (void) closedir(d);
}

int security_overview_names(const LookupPaths *lp, bool all, char ***ret) {
        Names names = {};
        unsigned budget = OVERVIEW_MAX_ENTRIES;
        STRV_FOREACH(dir, lp->search_path)
                scan_dir(lp, *dir, all, false, &names, &budget);
        strmap_done(&names.set);
        if (budget == 0) {
                strv_free(names.list);
                return -E2BIG;
        }
        strv_sort(names.list);
        *ret = names.list;
        return 0;
}

/* A service loaded and scored: all that --format=json shows of it. */
typedef struct Scored {
        Unit *unit;
        ExecSettings settings;
        bool loaded, masked;
        SecurityReport report;
} Scored;

static void scored_done(Scored *e) {
        if (e->loaded)
                exec_settings_done(&e->settings);
        security_report_done(&e->report);
        unit_free(e->unit);
}

/* One row of the overview; the whole Scored is kept only for --format=json. */
typedef struct Entry {
        char *id;
        bool masked;
        unsigned exposure;
        Scored *scored;
} Entry;

static void entry_done(Entry *e) {
        free(e->id);
        if (e->scored) {
                scored_done(e->scored);
                free(e->scored);
        }
}

/* Loads and scores name into e. 1: listed; 0: skipped silently; < 0: policy abort. */
static int score_entry(const SecurityOverviewOptions *o, const LookupPaths *lp, const char *name, Scored *e) {
        int saved = log_get_max_level();
        log_set_max_level(LOG_LEVEL_ERR - 1); /* load problems of other units are not ours to report */
        int r = unit_load(lp, name, &e->unit);
        if (r >= 0 && !e->unit->masked) {
                r = exec_settings_load(e->unit, &e->settings);
                e->loaded = r >= 0;
        }
        log_set_max_level(saved);
        if (r < 0)
                return 0;
        if (e->unit->masked) {
                e->masked = true;
                return o->all;
        }
        if (e->settings.service_type == SERVICE_ONESHOT && !o->all)
                return 0;
        SecurityInput in = { .settings = &e->settings, .unit_id = e->unit->id };
        r = security_report_build(&in, o->policy, &e->report);
        return r < 0 ? r : 1;
}

static int compare_entries(const void *a, const void *b) {
        const Entry *x = a, *y = b;
        return strcmp(x->id, y->id);
}

static void print_overview(const SecurityOverviewOptions *o, const Entry *entries, size_t n) {
        SecurityStyle st = { .utf8 = terminal_is_utf8(), .colors = terminal_colors_enabled(),
                             .columns = terminal_columns() };
        if (o->format_json) {
                SecurityDocument *doc = security_document_new();
                for (size_t i = 0; i < n; i++) {
                        const Scored *e = entries[i].scored;
                        security_document_add(doc, entries[i].id, e->unit, &e->settings, e->masked ? NULL : &e->report,
                                              false);
                }
                security_document_print(stdout, doc);
                security_document_free(doc);
                return;
        }
        SecurityOverviewRow *rows = xcalloc(n + 1, sizeof *rows);
        for (size_t i = 0; i < n; i++)
                rows[i] = (SecurityOverviewRow) { entries[i].id, entries[i].masked, entries[i].exposure };
        if (o->json != SECURITY_JSON_OFF)
                security_print_overview_json(stdout, rows, n, o->json, &st);
        else
                security_print_overview(stdout, rows, n, &st);
        free(rows);
}

int security_overview(const SecurityOverviewOptions *o) {
        _cleanup_(lookup_paths_done) LookupPaths lp = {};
        _cleanup_strv_free_ char **names = NULL;
        int r = security_lookup_paths_init(&lp, arg_global.scope, arg_global.root, NULL);
        if (r < 0)
                return log_error_errno(r, "cannot set up the unit search path: %m");
        r = security_overview_names(&lp, o->all, &names);
        if (r < 0)
                return log_error_errno(r, "the search path holds more than %u entries, refusing to score them all",
                                       OVERVIEW_MAX_ENTRIES);
        size_t n_names = strv_length(names), n = 0;
        if (n_names > OVERVIEW_MAX_UNITS) {
                log_warning("the search path holds %zu services, scoring only the first %u (by name)", n_names,
                            OVERVIEW_MAX_UNITS);
                n_names = OVERVIEW_MAX_UNITS;
        }
        Entry *entries = xcalloc(n_names + 1, sizeof(Entry));
        _cleanup_(strmap_done) StrMap seen = {};
        bool over = false;
        for (size_t i = 0; i < n_names && r >= 0; i++) {
                Scored e = {};
                r = score_entry(o, &lp, names[i], &e);
                StrMapEntry *id = r > 0 ? strmap_ensure(&seen, e.unit->id) : NULL;
                if (id && !id->value) { /* aliases fold into their target */
                        id->value = 1;
                        over = over || (!e.masked && e.report.exposure > o->threshold);
                        entries[n] = (Entry) { xstrdup(e.unit->id), e.masked, e.report.exposure };
                        if (o->format_json) {
                                entries[n].scored = xmalloc(sizeof e);
                                *entries[n].scored = e;
                        } else
                                scored_done(&e);
                        n++;
                } else
                        scored_done(&e);
        }
        if (r >= 0) {
                qsort(entries, n, sizeof(Entry), compare_entries);
                (void) pager_open(o->no_pager);
                print_overview(o, entries, n); /* computes the style after the pager started */
                pager_close();
        }
        for (size_t i = 0; i < n; i++)
                entry_done(&entries[i]);
        free(entries);
        if (r < 0)
                return r;
        return over ? EXIT_FAILED : EXIT_OK;
}
