/* SPDX-License-Identifier: MIT */
#pragma once

/* `unitsec security` without units: every service of the search path, scored (spec §5, done
 * offline from the files). */

#include "security-output.h"
#include "security-policy.h"
#include "unit-load.h"

typedef struct SecurityOverviewOptions {
        const SecurityPolicy *policy;
        bool all;             /* templates (as instance i), masked units and Type=oneshot too */
        unsigned threshold;
        SecurityJsonMode json;
        bool format_json;
        bool no_pager;
} SecurityOverviewOptions;

/* Returns EXIT_OK, EXIT_FAILED (a unit over the threshold) or a negative errno. */
int security_overview(const SecurityOverviewOptions *o);

/* The service names to consider, sorted and unique: plain and instance services in the search
 * path directories, instances enabled through *.wants/ and *.requires/ symlinks, and with all
 * the templates as instance "i". -E2BIG past a bound on the directory entries read. */
int security_overview_names(const LookupPaths *lp, bool all, char ***ret);
