/* SPDX-License-Identifier: MIT */
#pragma once

#include <stdint.h>

#include "macro.h"

typedef enum ExtractFlags {
        EXTRACT_RELAX = 1 << 0,                    /* accept unbalanced quotes and a trailing backslash */
        EXTRACT_CUNESCAPE = 1 << 1,                /* C escapes: \n \t \xNN \NNN \uNNNN ... */
        EXTRACT_UNESCAPE_RELAX = 1 << 2,           /* with CUNESCAPE: keep unknown escapes as they are */
        EXTRACT_UNQUOTE = 1 << 3,                  /* '...' and "..." group separators and are removed */
        EXTRACT_DONT_COALESCE_SEPARATORS = 1 << 4, /* each separator ends a word, empty words possible */
        EXTRACT_RETAIN_ESCAPE = 1 << 5,            /* keep the backslash of an escape */
        EXTRACT_UNESCAPE_SEPARATORS = 1 << 6,      /* with CUNESCAPE: "\<sep>" gives the separator */
} ExtractFlags;

#define WHITESPACE " \t\n\r"

/* Cuts the next word off *p (systemd's extract_first_word semantics). Returns 1 and an owned word
 * in *ret, 0 at the end of the input (*ret = NULL), or -EINVAL on bad quoting or escapes. */
int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags);

/* Decodes one C escape starting after the backslash. Writes a code point to *ret_c (or a raw byte
 * with *ret_is_byte). Returns the number of characters consumed, or -EINVAL. */
int cunescape_one(const char *p, size_t length, uint32_t *ret_c, bool *ret_is_byte);

/* Unescapes a whole string (EXTRACT_UNESCAPE_RELAX honoured). Returns an owned string or -EINVAL. */
int cunescape(const char *s, ExtractFlags flags, char **ret);

/* Appends code point c as UTF-8 to buf; returns bytes written (1..4). */
size_t utf8_encode(uint32_t c, char *buf);
/* True if s is valid UTF-8 of length n. */
bool utf8_is_valid_n(const char *s, size_t n);
