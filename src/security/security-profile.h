/* SPDX-License-Identifier: MIT */
#pragma once

/* --profile=NAME|PATH (spec §4.1 step 5): the profile acts as a drop-in named profile.conf in a
 * directory after the whole search path. */

#include "unit.h"

/* The profile file for units of this type: NAME → NAME/TYPE.conf under the portable profile
 * directories (never under --root); a PATH (contains '/') must end in ".conf". Logs errors. */
int security_profile_find(const char *profile, UnitType type, char **ret_path);

/* Adds the profile file at path to u as the drop-in "profile.conf" of lowest priority: a drop-in
 * of that basename shadows it; otherwise it takes its place in basename order. Logs errors. */
int security_profile_apply(const char *path, Unit *u);
