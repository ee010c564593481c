/* SPDX-License-Identifier: MIT */
#pragma once

/* Text form of the effective value of one directive, in systemd's spelling, for
 * `unitsec show`. */

#include "directives.h"

/* Returns an owned "value" string for row d of s, or NULL if the row is not shown
 * (not modelled, an alias of another row, or not applicable to the unit). */
char *exec_format_directive(const ExecSettings *s, const Directive *d);
