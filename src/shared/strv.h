/* SPDX-License-Identifier: MIT */
#pragma once

#include "macro.h"

/* NULL-terminated arrays of owned strings. A NULL strv is the empty list. */
size_t strv_length(char *const *l);
char **strv_free(char **l);
static inline void strv_freep(char ***l) { strv_free(*l); }
#define _cleanup_strv_free_ _cleanup_(strv_freep)
/* Appends a copy of s. */
void strv_extend(char ***l, const char *s);
/* Appends s, taking ownership. */
void strv_consume(char ***l, char *s);
bool strv_contains(char *const *l, const char *s);
char **strv_copy(char *const *l);
/* Joins with sep; returns an owned string ("" for an empty list). */
char *strv_join(char *const *l, const char *sep);
void strv_sort(char **l);
#define STRV_FOREACH(s, l) for (char *const *s = (l); s && *s; s++)
