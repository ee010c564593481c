/* SPDX-License-Identifier: MIT */
#pragma once

/* From a profile to the tightest drop-in it allows (`harden --observed`). Each setting is
 * preceded by a comment naming the observation that allowed it; what the run did not cover
 * is said in the header. */

#include "profile.h"

/* unit: the unit's id for the header, or NULL. Returns 0 and the drop-in text (owned). */
int profile_to_dropin(const Profile *p, const char *unit, char **ret_text);

/* For `harden --observed=FILE`: loads the profile at path and renders the drop-in for unit,
 * with first_line (e.g. harden's marker line; may be NULL) before it. Returns 0, or the
 * error of profile_load() (-EBADMSG: not a unitsec profile). */
int profile_dropin_from_file(const char *path, const char *unit, const char *first_line, char **ret_text);

/* ReadWritePaths= for the paths written or created: each collapsed to a sensible directory
 * (the file's directory; /tmp, /var/tmp and /dev/shm left to PrivateTmp=; /dev/null & co
 * dropped). NULL-terminated, sorted, no entry below another. Exposed for tests. */
char **profile_writable_dirs(const Profile *p);
