/* SPDX-License-Identifier: MIT */
#pragma once

/* --security-policy files (spec §4.3): a JSON object keyed by json_field. v252 is lenient: values
 * of the wrong type and unknown keys are ignored. */

#include <stdint.h>

#include "security-tests.h"

typedef struct SecurityPolicyEntry {
        bool weight_set, range_set;
        uint64_t weight, range;
        char *description_good, *description_bad, *description_na;
} SecurityPolicyEntry;

typedef struct SecurityPolicy {
        char *path;
        SecurityPolicyEntry entries[SECURITY_TESTS_MAX]; /* indexed like security_tests[] */
} SecurityPolicy;

/* Parses the policy text (for tests). path names it in messages. -EBADMSG on invalid JSON (logged). */
int security_policy_parse(const char *text, size_t size, const char *path, SecurityPolicy **ret);
/* Loads path, or with path NULL the first systemd-analyze-security.policy of the default
 * directories (never under --root); *ret = NULL when there is none. Errors are logged. */
int security_policy_load(const char *path, SecurityPolicy **ret);
SecurityPolicy *security_policy_free(SecurityPolicy *p);
static inline void security_policy_freep(SecurityPolicy **p) { security_policy_free(*p); }
