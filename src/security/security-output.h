/* SPDX-License-Identifier: MIT */
#pragma once

/* Printing of security reports: systemd's text table and overall line (§4.4), its JSON (§4.5),
 * the overview (§5) and unitsec's own JSON document. */

#include <stdio.h>

#include "security-score.h"

typedef enum SecurityJsonMode {
        SECURITY_JSON_OFF,
        SECURITY_JSON_SHORT,
        SECURITY_JSON_PRETTY,
        _SECURITY_JSON_MODE_MAX,
        _SECURITY_JSON_MODE_INVALID = -EINVAL,
} SecurityJsonMode;

SecurityJsonMode security_json_mode_from_string(const char *s);
const char *security_json_mode_to_string(SecurityJsonMode m);

typedef struct SecurityStyle {
        bool utf8;        /* UTF-8 glyphs, else ASCII */
        bool colors;
        unsigned columns; /* fit tables to this width; 0: no limit */
} SecurityStyle;

/* One overview row (§5). */
typedef struct SecurityOverviewRow {
        const char *unit;
        bool masked;       /* --all: listed without a score */
        unsigned exposure; /* tenths */
} SecurityOverviewRow;

void security_print_table(FILE *f, const SecurityReport *r, const SecurityStyle *st);
/* "→ Overall exposure level for UNIT: X.Y BAND GLYPH" */
void security_print_overall(FILE *f, const char *unit_id, unsigned exposure, const SecurityStyle *st);
/* The table, then the overall line: what systemd-analyze prints for a unit, in one write. */
void security_print_report(FILE *f, const SecurityReport *r, const char *unit_id, const SecurityStyle *st);
void security_print_json(FILE *f, const SecurityReport *r, SecurityJsonMode mode);

void security_print_overview(FILE *f, const SecurityOverviewRow *rows, size_t n, const SecurityStyle *st);
void security_print_overview_json(FILE *f, const SecurityOverviewRow *rows, size_t n, SecurityJsonMode mode,
                                  const SecurityStyle *st);

/* Writes s as a JSON string literal (quotes included); raw UTF-8 is kept. */
void security_json_string(FILE *f, const char *s);
