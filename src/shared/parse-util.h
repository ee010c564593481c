/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "macro.h"

/* 1/yes/y/true/t/on → 1; 0/no/n/false/f/off → 0 (case-insensitive); else -EINVAL. */
int parse_boolean(const char *v);
/* Decimal unsigned integers without sign or surrounding junk; -EINVAL / -ERANGE. */
int safe_atou(const char *s, unsigned *ret);
int safe_atou64(const char *s, uint64_t *ret);
int safe_atoi(const char *s, int *ret);
/* Octal file mode up to 07777. */
int parse_mode(const char *s, mode_t *ret);
