/* SPDX-License-Identifier: MIT */
#include "harden-json.h"
#include "strv.h"

static void add(json_object *o, const char *key, json_object *v) {
        json_object_object_add(o, key, v);
}

static json_object *exposure(unsigned tenths) {
        char buf[8];
        return json_object_new_double_s(tenths / 10.0, security_format_tenths(tenths, buf, sizeof(buf)));
}

static json_object *outcome(const SecurityRow *r) {
        json_object *o = json_object_new_object();
        char buf[8];
        bool na = r->badness == SECURITY_BADNESS_NA;
        add(o, "outcome", json_object_new_string(na ? "n/a" : r->badness == 0 ? "pass" : "fail"));
        add(o, "badness", na ? NULL : json_object_new_int64((int64_t) r->badness));
        add(o, "range", json_object_new_int64((int64_t) r->range));
        add(o, "exposure", na || r->badness == 0 ? NULL :
                json_object_new_double_s(r->exposure / 10.0, security_format_tenths(r->exposure, buf, sizeof(buf))));
        return o;
}

static json_object *changes(const HardenPlan *p) {
        size_t rows[SECURITY_TESTS_MAX], n = harden_plan_changes(p, rows);
        json_object *a = json_object_new_array();
        for (size_t i = 0; i < n; i++) {
                json_object *o = json_object_new_object();
                add(o, "name", json_object_new_string(security_tests[rows[i]].name));
                add(o, "json_field", json_object_new_string(security_tests[rows[i]].json_field));
                add(o, "before", outcome(&p->before.rows[rows[i]]));
                add(o, "after", outcome(&p->after.rows[rows[i]]));
                json_object_array_add(a, o);
        }
        return a;
}

static json_object *measures(const HardenPlan *p) {
        json_object *a = json_object_new_array();
        for (size_t i = 0; i < p->n_items; i++) {
                const HardenItem *it = &p->items[i];
                if (!it->selected)
                        continue;
                json_object *o = json_object_new_object(), *lines = json_object_new_array();
                add(o, "measure", json_object_new_string(it->measure->id));
                add(o, "directive", json_object_new_string(it->measure->directive));
                add(o, "level", json_object_new_string(harden_level_to_string(it->measure->level)));
                add(o, "needs_check", json_object_new_boolean(it->measure->needs_check));
                add(o, "blocks", json_object_new_string(it->measure->blocks));
                add(o, "may_break", json_object_new_string(it->measure->breaks));
                STRV_FOREACH(l, it->lines)
                        json_object_array_add(lines, json_object_new_string(*l));
                add(o, "lines", lines);
                json_object_array_add(a, o);
        }
        return a;
}

json_object *harden_plan_to_json(const HardenPlan *p, const char *text) {
        json_object *o = json_object_new_object();
        add(o, "unit", json_object_new_string(p->unit->id));
        add(o, "level", json_object_new_string(harden_level_to_string(p->level)));
        add(o, "dropin", json_object_new_string(p->dropin_display));
        add(o, "exposure_before", exposure(p->before.exposure));
        add(o, "exposure_after", exposure(p->after.exposure));
        add(o, "rating_before", json_object_new_string(security_band(p->before.exposure)->name));
        add(o, "rating_after", json_object_new_string(security_band(p->after.exposure)->name));
        add(o, "changed_tests", changes(p));
        add(o, "measures", measures(p));
        json_object *left = json_object_new_array();
        STRV_FOREACH(w, p->left_out) {
                json_object *e = json_object_new_object();
                const char *colon = strchr(*w, ':');
                add(e, "measure", json_object_new_string_len(*w, colon ? (int) (colon - *w) : (int) strlen(*w)));
                add(e, "reason", json_object_new_string(colon ? colon + 2 : ""));
                json_object_array_add(left, e);
        }
        add(o, "left_out", left);
        add(o, "text", json_object_new_string(text));
        return o;
}
