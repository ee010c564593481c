/* SPDX-License-Identifier: MIT */
#pragma once

/* The hardening measures: one row per directive value the advisor can propose, with its level,
 * what it blocks, how it typically breaks a daemon, and the facts that rule it out. */

#include "harden-facts.h"

typedef enum HardenLevel {
        HARDEN_CONSERVATIVE,
        HARDEN_STANDARD,
        HARDEN_STRICT,
        _HARDEN_LEVEL_MAX,
        _HARDEN_LEVEL_INVALID = -EINVAL,
} HardenLevel;

const char *harden_level_to_string(HardenLevel l);
HardenLevel harden_level_from_string(const char *s);

typedef struct HardenContext {
        const Unit *unit;
        const ExecSettings *settings; /* the unit as it is */
        const ExecSettings *now;      /* the unit with the lines proposed so far (same engine) */
        const HardenFacts *facts;
} HardenContext;

typedef struct HardenMeasure HardenMeasure;

/* Returns the "Key=value" lines the measure adds to this unit (NULL: nothing to do, because the
 * unit already has it, sets the directive itself, or its facts rule the measure out). */
typedef char **(*harden_propose_t)(const HardenMeasure *m, const HardenContext *c);

struct HardenMeasure {
        const char *id;        /* stable name for JSON and tests */
        const char *group;     /* rows of one group are alternatives (the highest level wins), or NULL */
        const char *directive; /* the key it sets */
        HardenLevel level;     /* lowest level that includes it */
        bool needs_check;      /* the advisor cannot know if the daemon needs what it takes away */
        unsigned vetoes;       /* HardenFact bits that rule it out */
        harden_propose_t propose;
        size_t offset;         /* bool field in ExecSettings (propose_bool), else unused */
        const char *value;     /* value or parameter of the propose function */
        uint64_t caps;         /* capabilities dropped (propose_caps) */
        const char *blocks;    /* what it takes away from an attacker */
        const char *breaks;    /* how it typically breaks a daemon */
};

extern const HardenMeasure harden_measures[];
extern const size_t harden_measures_count;

/* Whether row m may be used for this unit at this level: level, checks, vetoes. Says nothing
 * about whether it would change anything (propose() does). */
bool harden_measure_allowed(const HardenMeasure *m, HardenLevel level, const HardenFacts *f);
