/* SPDX-License-Identifier: MIT */
#include <inttypes.h>

#include "log.h"
#include "security-score.h"

#define ANSI_HIGHLIGHT_RED "\x1B[0;1;31m"
#define ANSI_HIGHLIGHT_YELLOW "\x1B[0;1;33m"
#define ANSI_HIGHLIGHT_GREEN "\x1B[0;1;32m"

static const SecurityBand bands[] = {
        { 100, "DANGEROUS", ANSI_HIGHLIGHT_RED, "\U0001F922", ":-[" },
        { 90, "UNSAFE", ANSI_HIGHLIGHT_RED, "\U0001F628", ":-{" },
        { 75, "EXPOSED", ANSI_HIGHLIGHT_YELLOW, "\U0001F641", ":-(" },
        { 50, "MEDIUM", NULL, "\U0001F610", ":-|" },
        { 10, "OK", ANSI_HIGHLIGHT_GREEN, "\U0001F642", ":-)" },
        { 1, "SAFE", ANSI_HIGHLIGHT_GREEN, "\U0001F600", ":-}" },
        { 0, "PERFECT", ANSI_HIGHLIGHT_GREEN, "\U0001F607", ":-]" },
};

static const char *const na_reason_text[] = {
        [SECURITY_NA_EARLY_BOOT] = "runs in early boot (DefaultDependencies=no), the option does not fit",
        [SECURITY_NA_POLICY] = "excluded by the security policy (weight 0)",
};

const SecurityBand *security_band(unsigned exposure) {
        for (size_t i = 0; i < ELEMENTSOF(bands); i++)
                if (exposure >= bands[i].min)
                        return &bands[i];
        return &bands[ELEMENTSOF(bands) - 1];
}

const char *security_format_tenths(unsigned tenths, char *buf, size_t n) {
        char tmp[16], *p = tmp + sizeof tmp;
        *--p = 0;
        *--p = (char) ('0' + tenths % 10);
        *--p = '.';
        unsigned whole = tenths / 10;
        do
                *--p = (char) ('0' + whole % 10);
        while ((whole /= 10) > 0);
        size_t len = (size_t) (tmp + sizeof tmp - p);
        if (n == 0)
                return buf;
        if (len > n) /* as snprintf: cut to fit */
                len = n, p[len - 1] = 0;
        memcpy(buf, p, len);
        return buf;
}

static uint64_t div_round_up(uint64_t a, uint64_t b) {
        return (a + b - 1) / b;
}

static const char *pick(const char *policy_text, const char *builtin) {
        return policy_text ? policy_text : builtin;
}

/* Picks the row's text (§1.5): the fixed N/A reasons, the N/A text, a rule-produced text, else
 * the good or bad text (policy overrides first). Takes over v's owned text when it is used. */
static void row_describe(SecurityRow *row, const SecurityPolicyEntry *pe, SecurityVerdict *v) {
        const SecurityTest *t = row->test;
        const char *s = NULL, *builtin = NULL;
        if (row->na == SECURITY_NA_EARLY_BOOT || row->na == SECURITY_NA_POLICY)
                s = builtin = na_reason_text[row->na];
        else if (row->na == SECURITY_NA_RULE)
                s = pick(pe ? pe->description_na : NULL, builtin = t->description_na);
        else if (v->text) {
                row->description = v->text;
                row->description_owned = TAKE_PTR(v->owned_text);
                row->description_builtin = !row->description_owned;
                return;
        } else if (row->badness == 0)
                s = pick(pe ? pe->description_good : NULL, builtin = t->description_good);
        else if (row->badness == t->range)
                s = pick(pe ? pe->description_bad : NULL, builtin = t->description_bad);
        row->description = s;
        row->description_builtin = s && s == builtin;
}

/* Evaluates one test into row; -EDOM on a policy range the computation cannot use. */
static int evaluate(const SecurityInput *in, const SecurityTest *t, const SecurityPolicyEntry *pe,
                    SecurityRow *row) {
        *row = (SecurityRow) {
                .test = t,
                .weight = pe && pe->weight_set ? pe->weight : t->weight,
                .range = pe && pe->range_set ? pe->range : t->range,
                .badness = SECURITY_BADNESS_NA,
        };
        if (row->range == 0)
                return log_error_errno(-EDOM, "%s: the security policy gives '%s' a range of 0, which cannot be scored",
                                       in->unit_id, t->json_field);
        SecurityVerdict v = { .badness = SECURITY_BADNESS_NA };
        if (t->default_dependencies_only && !in->settings->default_dependencies)
                row->na = SECURITY_NA_EARLY_BOOT;
        else if (row->weight == 0)
                row->na = SECURITY_NA_POLICY;
        else {
                t->rule(t, in, &v);
                row->badness = v.badness;
                if (v.badness == SECURITY_BADNESS_NA)
                        row->na = SECURITY_NA_RULE;
                else if (v.badness > row->range) {
                        free(v.owned_text);
                        return log_error_errno(-EDOM, "%s: the security policy gives '%s' a range of %" PRIu64
                                               ", below its badness %" PRIu64 ", which cannot be scored",
                                               in->unit_id, t->json_field, row->range, v.badness);
                }
        }
        row_describe(row, pe, &v);
        free(v.owned_text); /* not used: an N/A reason won */
        return 0;
}

int security_report_build(const SecurityInput *in, const SecurityPolicy *policy, SecurityReport *ret) {
        SecurityReport r = {};
        int k;
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                k = evaluate(in, &security_tests[i], policy ? &policy->entries[i] : NULL, &r.rows[i]);
                if (k < 0) {
                        security_report_done(&r);
                        return k;
                }
                const SecurityRow *row = &r.rows[i];
                if (row->na != SECURITY_APPLIES)
                        continue;
                r.badness_sum += div_round_up(row->badness * row->weight, row->range);
                r.weight_sum += row->weight;
        }
        if (r.weight_sum == 0) {
                security_report_done(&r);
                return log_error_errno(-EDOM, "%s: the security policy sets every weight to 0, nothing can be scored",
                                       in->unit_id);
        }
        uint64_t e = div_round_up(r.badness_sum * 100, r.weight_sum);
        r.exposure = (unsigned) (e > 100 ? 100 : e);
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                SecurityRow *row = &r.rows[i];
                if (row->na != SECURITY_APPLIES || row->badness == 0)
                        continue;
                row->exposure = (unsigned) div_round_up(div_round_up(row->badness * row->weight * 100, row->range),
                                                        r.weight_sum);
        }
        *ret = r;
        return 0;
}

void security_report_done(SecurityReport *r) {
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                free(r->rows[i].description_owned);
                r->rows[i].description_owned = NULL;
                r->rows[i].description = NULL;
        }
}

/* Sort key: rows with exposure first, largest first; then ✓ rows; then N/A rows. Ties keep
 * table order (the sort is stable). */
enum { ORDER_KEYS = 3 * 128 };
static unsigned row_key(const SecurityRow *row) {
        if (row->na != SECURITY_APPLIES)
                return 2 * 128;
        if (row->badness == 0)
                return 128;
        return 100 - (row->exposure < 100 ? row->exposure : 100);
}

/* Counting sort over the keys: linear, stable. */
void security_report_order(const SecurityReport *r, size_t ret_order[SECURITY_TESTS_MAX]) {
        unsigned start[ORDER_KEYS + 1] = {};
        unsigned key[SECURITY_TESTS_MAX];
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                key[i] = row_key(&r->rows[i]);
                start[key[i] + 1]++;
        }
        for (size_t k = 0; k < ORDER_KEYS; k++)
                start[k + 1] += start[k];
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++)
                ret_order[start[key[i]]++] = i;
}
