/* SPDX-License-Identifier: MIT */
#pragma once

/* A hardening proposal for one service: the measures that apply at a level, the drop-in text,
 * and the exposure before and after, both computed by the security engine on the unit with the
 * drop-in applied as one more drop-in file. */

#include "measures.h"
#include "security-score.h"

#define HARDEN_DROPIN_NAME "50-unitsec-harden.conf"
#define HARDEN_BACKUP_NAME "50-unitsec-harden.conf.unitsec-backup"
/* The first line of every drop-in unitsec writes starts with this. */
#define HARDEN_MARKER "# unitsec harden:"

typedef struct HardenItem {
        const HardenMeasure *measure;
        char **lines;  /* "Key=value" lines, in order */
        bool selected; /* part of the proposal (all, unless --target chose fewer) */
} HardenItem;

typedef struct HardenPlan {
        const Unit *unit;       /* the unit as analysed (without an earlier unitsec drop-in) */
        char *dropin_path;      /* where the drop-in goes, inside the root */
        char *dropin_display;   /* the same for messages (host path) */
        HardenLevel level;
        HardenFacts facts;
        HardenItem *items;
        size_t n_items;
        SecurityReport before, after;
        bool have_after;
        char **left_out; /* "measure-id: why" for measures of the level the unit's facts or settings rule out */
} HardenPlan;

/* Builds the proposal for u (a service) at level. dropin_path is where the file goes, as unit
 * files name their paths (a drop-in of that basename is replaced by it), display its name in
 * messages. Warnings about u's own settings are logged once here. Returns -EBADMSG if the
 * proposed text made the engine warn (a bug, logged), another negative errno on failure. */
int harden_plan_build(const Unit *u, const char *root, const char *dropin_path, const char *display,
                      HardenLevel level, HardenPlan *ret);
void harden_plan_done(HardenPlan *p);

/* Keeps the fewest items (highest gain per risk first) that bring the exposure to target (tenths)
 * or below. Returns 1 if reached, 0 if not (then every item stays and after is the best). */
int harden_plan_fit_target(HardenPlan *p, unsigned target);

/* The drop-in text of the selected items (marker line first, comments on their own lines). */
char *harden_plan_render(const HardenPlan *p);

/* Rows whose outcome differs between before and after, as indices into security_tests. */
size_t harden_plan_changes(const HardenPlan *p, size_t ret_rows[SECURITY_TESTS_MAX]);

/* "pass", "n/a", or the row's exposure ("0.5"), into buf. */
const char *harden_row_outcome(const SecurityRow *r, char *buf, size_t n);
