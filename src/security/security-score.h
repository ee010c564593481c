/* SPDX-License-Identifier: MIT */
#pragma once

/* Scoring (spec §1): per-test outcomes, the overall exposure, per-row exposure and bands. */

#include "security-policy.h"
#include "security-tests.h"

typedef enum SecurityNA {
        SECURITY_APPLIES,
        SECURITY_NA_EARLY_BOOT, /* default-dependencies-only test, DefaultDependencies=no */
        SECURITY_NA_POLICY,     /* the policy set the weight to 0 */
        SECURITY_NA_RULE,       /* the rule found it irrelevant (runs privileged) */
} SecurityNA;

typedef struct SecurityRow {
        const SecurityTest *test;
        uint64_t weight, range;  /* effective: built-in or from the policy */
        uint64_t badness;        /* SECURITY_BADNESS_NA for every N/A */
        SecurityNA na;
        const char *description; /* final text (static, the policy's or description_owned); NULL for a
                                  * partial result without text */
        char *description_owned;
        bool description_builtin; /* description is a static text of unitsec's own */
        unsigned exposure;       /* per-row value in tenths (§1.3); 0 = empty cell */
} SecurityRow;

typedef struct SecurityReport {
        SecurityRow rows[SECURITY_TESTS_MAX]; /* in table order */
        uint64_t badness_sum, weight_sum;
        unsigned exposure; /* tenths, 0..100 */
} SecurityReport;

typedef struct SecurityBand {
        unsigned min;            /* lowest exposure (tenths) of the band */
        const char *name;        /* "UNSAFE" */
        const char *color;       /* ANSI sequence, NULL for none */
        const char *glyph_utf8, *glyph_ascii;
} SecurityBand;

/* Scores in's unit. policy may be NULL. -EDOM when the policy makes the computation impossible
 * (a range of 0, a range below a badness, every weight 0), with a message logged. */
int security_report_build(const SecurityInput *in, const SecurityPolicy *policy, SecurityReport *ret);
void security_report_done(SecurityReport *r);

/* ✓ (true) when the badness is 0; only meaningful for rows that apply. */
static inline bool security_row_passed(const SecurityRow *r) { return r->badness == 0; }

const SecurityBand *security_band(unsigned exposure);

/* "9.6" for 96, into buf (at least 8 bytes). */
const char *security_format_tenths(unsigned tenths, char *buf, size_t n);

/* Row indices in display order (§2.6): by per-row exposure (largest first), then ✓ rows, then
 * N/A rows, ties in table order. */
void security_report_order(const SecurityReport *r, size_t ret_order[SECURITY_TESTS_MAX]);
