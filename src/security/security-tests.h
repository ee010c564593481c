/* SPDX-License-Identifier: MIT */
#pragma once

/* The 81 tests of `systemd-analyze security` (systemd 252) as one declarative table.
 * The scorer, the output and the hardening advisor all read these rows. */

#include <stdint.h>

#include "exec-settings.h"

#define SECURITY_TESTS_MAX 81
/* A rule's badness when the test does not apply (the unit runs privileged). */
#define SECURITY_BADNESS_NA UINT64_MAX

/* What a rule decided: a badness in 0..range (or SECURITY_BADNESS_NA) and, for tests whose
 * rule picks its own text, an owned description (NULL: use the row's good/bad text). */
typedef struct SecurityVerdict {
        uint64_t badness;
        const char *text;  /* rule-produced description: static text, or owned_text */
        char *owned_text;  /* freed by the scorer */
} SecurityVerdict;

typedef struct SecurityInput {
        const ExecSettings *settings;
        const char *unit_id; /* e.g. "foo.service", after alias and instance resolution */
} SecurityInput;

typedef struct SecurityTest SecurityTest;
typedef void (*security_rule_t)(const SecurityTest *t, const SecurityInput *in, SecurityVerdict *ret);

struct SecurityTest {
        const char *name;       /* printed NAME column */
        const char *json_field; /* JSON key and policy key (row 34 keeps systemd's stray ')') */
        uint64_t weight;
        uint64_t range;
        bool default_dependencies_only; /* N/A when DefaultDependencies=no */
        security_rule_t rule;
        uint64_t param;                 /* rule argument: field offset, capability mask, flag... */
        const char *group;              /* SystemCallFilter rules: the group, e.g. "@swap" */
        const char *directive;          /* the directive that decides it, for origins and advice */
        const char *description_good;
        const char *description_bad;
        const char *description_na;     /* only for rules that can return N/A */
};

extern const SecurityTest security_tests[SECURITY_TESTS_MAX];

/* Index of the row with this json_field, or -ENOENT. */
int security_test_from_json_field(const char *field);

/* "Runs privileged" predicate of SupplementaryGroups= and RemoveIPC=. */
bool security_runs_privileged(const SecurityInput *in);
