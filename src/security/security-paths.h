/* SPDX-License-Identifier: MIT */
#pragma once

#include "unit-load.h"

/* The search path as `systemd-analyze security --offline` sees it: lookup_paths_init(), minus the
 * transient and generator directories. systemd's offline manager replaces those with empty
 * temporary directories, so nothing below --root in them is ever read (checked with v252:
 * a unit or drop-in in /run/systemd/{transient,generator,generator.early,generator.late} is not
 * found). Only the compiled-in entries are dropped, not ones named in $SYSTEMD_UNIT_PATH. */
int security_lookup_paths_init(LookupPaths *lp, UnitScope scope, const char *root, char *const *extra_dirs);
/* The same for the units and paths named on a command line (their directories first); logs a
 * failure. */
int security_lookup_paths_for_args(LookupPaths *lp, UnitScope scope, const char *root, char *const *args, size_t n);
