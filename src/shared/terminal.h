/* SPDX-License-Identifier: MIT */
#pragma once

#include "macro.h"

#define ANSI_NORMAL "\x1B[0m"
#define ANSI_HIGHLIGHT "\x1B[0;1;39m"
#define ANSI_UNDERLINE "\x1B[0;4m"
#define ANSI_GREEN "\x1B[0;32m"
#define ANSI_RED "\x1B[0;31m"

/* True if stdout is a terminal (cached). */
bool terminal_stdout_is_tty(void);
/* Colours: SYSTEMD_COLORS (boolean) forces; NO_COLOR or TERM=dumb turn them off; else a TTY. */
bool terminal_colors_enabled(void);
/* UTF-8 glyphs: the locale's codeset is UTF-8, or the C locale came from no LC_ALL/LC_CTYPE/LANG. */
bool terminal_is_utf8(void);
/* Width for tables: $COLUMNS, else the terminal's, else 80; 0 (unlimited) when stdout is no TTY or
 * goes to a pager. */
unsigned terminal_columns(void);
/* Display width of UTF-8 text (wide glyphs count 2, combining/continuation bytes 0). */
size_t terminal_width(const char *s);
/* A copy of s cut to at most width columns, ending in "…" (or "...") when cut. */
char *terminal_ellipsize(const char *s, size_t width, bool utf8);
