/* SPDX-License-Identifier: MIT */
#pragma once

/* The unit-file lexer: bytes → UnitAssignments, as systemd 252's config parser reads them
 * (systemd.syntax(5)). Which keys exist is not its business; it only knows the sections. */

#include "unit.h"

/* systemd's LONG_LINE_MAX: a line (or a joined continuation) this long or longer is fatal. */
#define UNIT_FILE_LINE_MAX (1024U * 1024U)

/* Lexes size bytes of data into f->assignments (appending), for a unit of the given type
 * (which decides the valid section names: Unit, Install and the type's own, e.g. Service).
 * Warnings are logged as "FILE:LINE: ..." with f->display_path (or f->path). A fatal problem
 * sets f->error (-EBADMSG bad section header, -EINVAL invalid UTF-8, -ENOBUFS over-long line)
 * and f->error_line, and stops; the assignments before it stay. Returns 0 (or f->error). */
int unit_file_parse(UnitFile *f, const char *data, size_t size, UnitType type);

/* True if name is a section unit files of this type may contain. */
bool unit_file_section_is_valid(const char *name, UnitType type);

/* Fills *a with copies of the three strings, in one block that a->section owns (so that a file of
 * many assignments costs one allocation each): every UnitAssignment is made this way. */
void unit_assignment_init(UnitAssignment *a, const char *section, const char *key, const char *value,
                          unsigned line);

/* Frees the contents of f (not f itself). */
void unit_file_done(UnitFile *f);
