/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdint.h>

#include "macro.h"

/* Highest capability number systemd 252 knows by name (CAP_CHECKPOINT_RESTORE). */
#define CAPABILITY_LAST 40
#define CAPABILITY_ALL UINT64_MAX

/* "cap_chown" for 0 (lower case, as systemd prints them); NULL if cap has no name. */
const char *capability_to_name(int cap);
/* Case-insensitive "CAP_CHOWN"/"cap_chown", or a number 0..63 in any base systemd reads ("33",
 * "0x21", "041", "0o41", "0b100001", "+33"). -EINVAL otherwise. */
int capability_from_name(const char *name);
/* Parses a space-separated list (quotes allowed); unknown names are skipped, and so is the
 * rest of the text from an unbalanced quote on. Returns 1 if every word was known, else 0. */
int capability_set_from_string(const char *s, uint64_t *ret);
/* Space-separated lower-case names of the known capabilities in set (owned string). */
char *capability_set_to_string(uint64_t set);
