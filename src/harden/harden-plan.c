/* SPDX-License-Identifier: MIT */
/* Building a hardening proposal: each measure is decided on the unit as it would be with the
 * lines chosen so far, and every score comes from the security engine reading the drop-in. */
#include <inttypes.h>

#include "harden-plan.h"
#include "log.h"
#include "strv.h"
#include "unit-file.h"

static const char *basename_of(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

/* u with one more drop-in, in basename order, replacing a drop-in of the same basename (ours
 * lives in /etc/systemd/system, which shadows the vendor directories). Shallow: borrows u's files. */
static void view_init(const Unit *u, UnitFile *extra, Unit *ret) {
        const char *name = basename_of(extra->path);
        size_t n = 0;
        bool placed = false;
        *ret = *u;
        ret->files = xcalloc(u->n_files + 1, sizeof(UnitFile));
        for (size_t i = 0; i < u->n_files; i++) {
                const UnitFile *f = &u->files[i];
                int c = f->is_dropin ? strcmp(basename_of(f->path), name) : -1;
                if (c >= 0 && !placed) {
                        ret->files[n++] = *extra;
                        placed = true;
                }
                if (c != 0)
                        ret->files[n++] = *f;
        }
        if (!placed)
                ret->files[n++] = *extra;
        ret->n_files = n;
}

typedef struct Capture {
        const char *path;
        char *first;
} Capture;

static void capture_sink(int level, const char *message, void *userdata) {
        Capture *c = userdata;
        if (level <= LOG_LEVEL_NOTICE && strstr(message, c->path) && !c->first)
                c->first = xstrdup(message);
}

/* Loads the settings of p's unit with text as the drop-in. Messages about the unit's own files
 * were shown when it was loaded and are not repeated; any message about our text is a bug. */
static int load_with_text(const HardenPlan *p, const char *text, ExecSettings *ret) {
        UnitFile extra = { .path = p->dropin_path, .display_path = p->dropin_display, .is_dropin = true };
        Capture cap = { .path = p->dropin_display };
        Unit view;
        log_set_sink(capture_sink, &cap);
        (void) unit_file_parse(&extra, text, strlen(text), p->unit->type);
        view_init(p->unit, &extra, &view);
        int r = exec_settings_load(&view, ret);
        log_set_sink(NULL, NULL);
        free(view.files);
        extra.path = extra.display_path = NULL;
        unit_file_done(&extra);
        if (r >= 0 && cap.first) {
                exec_settings_done(ret);
                r = log_error_errno(-EBADMSG, "internal error, the proposed drop-in does not load cleanly: %s", cap.first);
        } else if (r < 0)
                r = log_error_errno(r, "%s: cannot load the unit with the proposed drop-in: %m", p->unit->id);
        free(cap.first);
        return r;
}

static int score_text(const HardenPlan *p, const char *text, SecurityReport *ret) {
        ExecSettings s;
        int r = load_with_text(p, text, &s);
        if (r < 0)
                return r;
        SecurityInput in = { .settings = &s, .unit_id = p->unit->id };
        r = security_report_build(&in, NULL, ret);
        exec_settings_done(&s);
        return r;
}

/* "[Service]" and the lines of the selected items (or of every item when all is set). */
static char *plain_text(const HardenPlan *p, bool all) {
        _cleanup_strv_free_ char **l = NULL;
        strv_extend(&l, "[Service]");
        for (size_t i = 0; i < p->n_items; i++)
                if (all || p->items[i].selected)
                        STRV_FOREACH(line, p->items[i].lines)
                                strv_extend(&l, *line);
        strv_extend(&l, "");
        return strv_join(l, "\n");
}

static bool group_has_later(size_t i, HardenLevel level, const HardenFacts *f) {
        const HardenMeasure *m = &harden_measures[i];
        for (size_t j = i + 1; m->group && j < harden_measures_count; j++)
                if (streq_ptr(harden_measures[j].group, m->group) && harden_measure_allowed(&harden_measures[j], level, f))
                        return true;
        return false;
}

/* The lines of row i, or of the next lower allowed row of its group when row i has nothing to add. */
static char **propose_row(size_t i, HardenLevel level, const HardenContext *c, const HardenMeasure **ret_m) {
        const HardenMeasure *m = &harden_measures[i];
        for (size_t k = i + 1; k-- > 0;) {
                const HardenMeasure *alt = &harden_measures[k];
                if (k != i && (!m->group || !streq_ptr(alt->group, m->group) || !harden_measure_allowed(alt, level, c->facts)))
                        continue;
                char **l = alt->propose(alt, c);
                if (l) {
                        *ret_m = alt;
                        return l;
                }
                if (!m->group)
                        break;
        }
        return NULL;
}

static int decide_items(HardenPlan *p, const ExecSettings *own) {
        ExecSettings now;
        _cleanup_free_ char *empty = plain_text(p, true);
        int r = load_with_text(p, empty, &now);
        if (r < 0)
                return r;
        for (size_t i = 0; i < harden_measures_count && r >= 0; i++) {
                const HardenMeasure *m = &harden_measures[i], *chosen = NULL;
                if (!harden_measure_allowed(m, p->level, &p->facts) || group_has_later(i, p->level, &p->facts))
                        continue;
                HardenContext c = { .unit = p->unit, .settings = own, .now = &now, .facts = &p->facts };
                char **lines = propose_row(i, p->level, &c, &chosen);
                if (!lines)
                        continue;
                p->items = xrealloc(p->items, (p->n_items + 1) * sizeof(HardenItem));
                p->items[p->n_items++] = (HardenItem) { .measure = chosen, .lines = lines, .selected = true };
                exec_settings_done(&now);
                _cleanup_free_ char *text = plain_text(p, true);
                r = load_with_text(p, text, &now);
                if (r < 0)
                        return r;
        }
        exec_settings_done(&now);
        return r;
}

static bool has_item_like(const HardenPlan *p, const HardenMeasure *m) {
        for (size_t i = 0; i < p->n_items; i++) {
                const HardenMeasure *it = p->items[i].measure;
                if (it == m || (m->group && streq_ptr(it->group, m->group)))
                        return true;
        }
        return false;
}

/* Measures of the level that the unit's facts rule out, or whose directive the unit sets itself:
 * said in the header, so that a reader sees what was kept on purpose. */
static void collect_left_out(HardenPlan *p) {
        _cleanup_strv_free_ char **seen = NULL;
        for (size_t i = 0; i < harden_measures_count; i++) {
                const HardenMeasure *m = &harden_measures[i];
                if (m->level > p->level || (m->needs_check && p->level < HARDEN_STRICT) || has_item_like(p, m))
                        continue;
                unsigned facts = m->vetoes & p->facts.flags;
                if (harden_facts_sets(&p->facts, m->directive) && !(m->caps && !p->facts.caps_allow_list)) {
                        if (!strv_contains(seen, m->directive))
                                strv_consume(&p->left_out, xasprintf("%s=: the unit sets it itself", m->directive));
                        strv_extend(&seen, m->directive);
                } else if (facts && !strv_contains(seen, m->group ?: m->id)) {
                        _cleanup_free_ char *why = harden_facts_describe(facts);
                        strv_consume(&p->left_out, xasprintf("%s: the service %s", m->id, why));
                        strv_extend(&seen, m->group ?: m->id);
                }
        }
}

int harden_plan_build(const Unit *u, const char *root, const char *dropin_path, const char *display,
                      HardenLevel level, HardenPlan *ret) {
        HardenPlan p = { .unit = u, .dropin_path = xstrdup(dropin_path), .dropin_display = xstrdup(display), .level = level };
        ExecSettings own;
        int r = exec_settings_load(u, &own);
        if (r < 0) {
                harden_plan_done(&p);
                return log_error_errno(r, "unit '%s' has a bad unit file setting, cannot propose anything", u->id);
        }
        SecurityInput in = { .settings = &own, .unit_id = u->id };
        r = security_report_build(&in, NULL, &p.before);
        if (r >= 0)
                r = harden_facts_collect(u, &own, root, &p.facts);
        if (r >= 0)
                r = decide_items(&p, &own);
        if (r >= 0)
                collect_left_out(&p);
        exec_settings_done(&own);
        _cleanup_free_ char *text = r >= 0 ? harden_plan_render(&p) : NULL;
        if (r >= 0)
                r = score_text(&p, text, &p.after);
        if (r < 0) {
                harden_plan_done(&p);
                return r;
        }
        p.have_after = true;
        *ret = p;
        return 0;
}

void harden_plan_done(HardenPlan *p) {
        for (size_t i = 0; i < p->n_items; i++)
                strv_free(p->items[i].lines);
        free(p->items);
        free(p->dropin_path);
        free(p->dropin_display);
        harden_facts_done(&p->facts);
        strv_free(p->left_out);
        security_report_done(&p->before);
        if (p->have_after)
                security_report_done(&p->after);
        *p = (HardenPlan) {};
}

/* Exposure (tenths) with exactly the items in sel selected. */
static int exposure_of(HardenPlan *p, const bool *sel, unsigned *ret) {
        for (size_t i = 0; i < p->n_items; i++)
                p->items[i].selected = sel[i];
        _cleanup_free_ char *text = plain_text(p, false);
        SecurityReport rep;
        int r = score_text(p, text, &rep);
        if (r < 0)
                return r;
        *ret = rep.exposure;
        security_report_done(&rep);
        return 0;
}

static unsigned item_risk(const HardenItem *it) {
        return 1 + (unsigned) it->measure->level + (it->measure->needs_check ? 1 : 0);
}

/* Items by gain per risk, largest first (ties in table order). gain[i] is item i's gain alone. */
static void order_by_gain(const HardenPlan *p, const unsigned *gain, size_t *order) {
        for (size_t i = 0; i < p->n_items; i++)
                order[i] = i;
        for (size_t i = 1; i < p->n_items; i++)
                for (size_t j = i; j > 0; j--) {
                        size_t a = order[j - 1], b = order[j];
                        if ((uint64_t) gain[b] * item_risk(&p->items[a]) <= (uint64_t) gain[a] * item_risk(&p->items[b]))
                                break;
                        order[j - 1] = b;
                        order[j] = a;
                }
}

static int item_gains(HardenPlan *p, bool *sel, unsigned *gain) {
        for (size_t i = 0; i < p->n_items; i++) {
                unsigned e;
                memset(sel, 0, p->n_items * sizeof(bool));
                sel[i] = true;
                int r = exposure_of(p, sel, &e);
                if (r < 0)
                        return r;
                gain[i] = p->before.exposure > e ? p->before.exposure - e : 0;
        }
        return 0;
}

/* Greedy by gain per risk until the target is met, then drop what is no longer needed. */
static int choose(HardenPlan *p, unsigned target, bool *sel, const size_t *order, size_t *ret_taken) {
        size_t taken = 0;
        unsigned e = p->before.exposure;
        memset(sel, 0, p->n_items * sizeof(bool));
        while (e > target && taken < p->n_items) {
                sel[order[taken++]] = true;
                int r = exposure_of(p, sel, &e);
                if (r < 0)
                        return r;
        }
        for (size_t k = taken; e <= target && k-- > 0;) {
                unsigned e2;
                sel[order[k]] = false;
                int r = exposure_of(p, sel, &e2);
                if (r < 0)
                        return r;
                if (e2 > target)
                        sel[order[k]] = true;
        }
        *ret_taken = taken;
        return e <= target;
}

int harden_plan_fit_target(HardenPlan *p, unsigned target) {
        if (p->after.exposure > target)
                return 0; /* the whole level is the best it can do */
        _cleanup_free_ bool *sel = xcalloc(p->n_items + 1, sizeof(bool));
        _cleanup_free_ unsigned *gain = xcalloc(p->n_items + 1, sizeof(unsigned));
        _cleanup_free_ size_t *order = xcalloc(p->n_items + 1, sizeof(size_t));
        size_t taken;
        int r = item_gains(p, sel, gain);
        if (r < 0)
                return r;
        order_by_gain(p, gain, order);
        r = choose(p, target, sel, order, &taken);
        if (r < 0)
                return r;
        for (size_t i = 0; i < p->n_items; i++)
                p->items[i].selected = sel[i];
        _cleanup_free_ char *text = harden_plan_render(p);
        security_report_done(&p->after);
        p->have_after = false;
        r = score_text(p, text, &p->after);
        if (r < 0)
                return r;
        p->have_after = true;
        return 1;
}

const char *harden_row_outcome(const SecurityRow *r, char *buf, size_t n) {
        if (r->badness == SECURITY_BADNESS_NA)
                return "n/a";
        if (r->badness == 0)
                return "pass";
        char t[8];
        snprintf(buf, n, "fail %s", security_format_tenths(r->exposure, t, sizeof(t)));
        return buf;
}

size_t harden_plan_changes(const HardenPlan *p, size_t ret_rows[SECURITY_TESTS_MAX]) {
        size_t n = 0;
        for (size_t i = 0; p->have_after && i < SECURITY_TESTS_MAX; i++)
                if (p->before.rows[i].badness != p->after.rows[i].badness ||
                    p->before.rows[i].exposure != p->after.rows[i].exposure)
                        ret_rows[n++] = i;
        return n;
}

static void render_header(const HardenPlan *p, char ***l) {
        char a[8], b[8], x[32], y[32];
        size_t rows[SECURITY_TESTS_MAX], n = harden_plan_changes(p, rows);
        strv_consume(l, xasprintf("%s drop-in for %s, level %s; delete this file to undo", HARDEN_MARKER, p->unit->id,
                                  harden_level_to_string(p->level)));
        if (p->have_after)
                strv_consume(l, xasprintf("# exposure: %s %s -> %s %s", security_format_tenths(p->before.exposure, a, sizeof(a)),
                                          security_band(p->before.exposure)->name,
                                          security_format_tenths(p->after.exposure, b, sizeof(b)),
                                          security_band(p->after.exposure)->name));
        strv_extend(l, n > 0 ? "# tests whose outcome changes (before -> after):" : "# no test changes its outcome");
        for (size_t i = 0; i < n; i++) {
                const SecurityRow *rb = &p->before.rows[rows[i]], *ra = &p->after.rows[rows[i]];
                const char *ob = harden_row_outcome(rb, x, sizeof(x)), *oa = harden_row_outcome(ra, y, sizeof(y));
                if (streq(ob, oa)) /* the rounded figure hides it: show the badness */
                        strv_consume(l, xasprintf("#   %s %s, badness %" PRIu64 "/%" PRIu64 " -> %" PRIu64 "/%" PRIu64,
                                                  security_tests[rows[i]].name, ob, rb->badness, rb->range, ra->badness, ra->range));
                else
                        strv_consume(l, xasprintf("#   %s %s -> %s", security_tests[rows[i]].name, ob, oa));
        }
        if (p->left_out)
                strv_extend(l, "# left out for this unit (its facts or its own settings):");
        STRV_FOREACH(w, p->left_out)
                strv_consume(l, xasprintf("#   %s", *w));
}

static void render_item(const HardenItem *it, char ***l) {
        const HardenMeasure *m = it->measure;
        strv_extend(l, "");
        strv_consume(l, xasprintf("# %s (%s%s)", m->id, harden_level_to_string(m->level),
                                  m->needs_check ? ", needs a check" : ""));
        strv_consume(l, xasprintf("# blocks: %s", m->blocks));
        strv_consume(l, xasprintf("# may break: %s", m->breaks));
        if (m->needs_check)
                strv_extend(l, "# needs a check: unitsec cannot tell whether the service relies on what this takes away");
        STRV_FOREACH(line, it->lines)
                strv_extend(l, *line);
}

char *harden_plan_render(const HardenPlan *p) {
        _cleanup_strv_free_ char **l = NULL;
        render_header(p, &l);
        strv_extend(&l, "");
        strv_extend(&l, "[Service]");
        for (size_t i = 0; i < p->n_items; i++)
                if (p->items[i].selected)
                        render_item(&p->items[i], &l);
        strv_extend(&l, "");
        return strv_join(l, "\n");
}
