/* SPDX-License-Identifier: MIT */
#pragma once

/* unitsec's own JSON document (--format=json): one object for the whole run with the units, their
 * files, scores and (unless overview) every test with its origin. */

#include <stdio.h>

#include "security-score.h"
#include "unit.h"

typedef struct SecurityDocument SecurityDocument;

SecurityDocument *security_document_new(void);
SecurityDocument *security_document_free(SecurityDocument *d);
/* Adds a unit. u may be NULL (then no source/dropins); r NULL means masked / not scored.
 * with_tests adds the per-test array. */
void security_document_add(SecurityDocument *d, const char *unit_id, const Unit *u, const ExecSettings *s,
                           const SecurityReport *r, bool with_tests);
void security_document_print(FILE *f, const SecurityDocument *d);
