/* SPDX-License-Identifier: MIT */
#pragma once

/* security --format=sarif: SARIF 2.1.0 for code scanning. One rule per test (id = json_field),
 * one result per failing test of each unit, located at the line that decided it, or at the
 * unit's section header ([Service]) when nothing set the directive. */

#include <stdio.h>

#include "security-score.h"
#include "unit.h"

typedef struct SecuritySarif SecuritySarif;

/* base: the directory that relative artifact URIs are relative to (normally the current
 * directory); NULL makes every URI an absolute file: URI. */
SecuritySarif *security_sarif_new(const char *base);
SecuritySarif *security_sarif_free(SecuritySarif *s);
static inline void security_sarif_freep(SecuritySarif **s) { security_sarif_free(*s); }

/* Adds the failing rows of a scored unit. s may be NULL (no origins known). */
void security_sarif_add(SecuritySarif *sarif, const Unit *u, const ExecSettings *s, const SecurityReport *r);
void security_sarif_print(FILE *f, const SecuritySarif *sarif);

/* The artifact URI of path: relative to base when below it, else a file: URI; percent-encoded.
 * Returns an owned string. Exposed for tests. */
char *security_sarif_uri(const char *base, const char *path);
/* The 1-based line of the first "[Section]" header in path (section from the unit type), or 1
 * when it cannot be found or read. Reads at most a bounded amount. Exposed for tests. */
unsigned security_sarif_section_line(const char *path, const char *section);
