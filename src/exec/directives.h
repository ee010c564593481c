/* SPDX-License-Identifier: MIT */
#pragma once

/* The one directive table: every key systemd 252 accepts in the unit file sections, with
 * its parser and destination. Keys we do not model have a "known, not modelled" parser so
 * that only truly unknown keys are warned about. The index of a row is its directive id
 * (ExecSettings.origins is indexed by it). */

#include <stddef.h>

#include "exec-settings.h"

typedef enum UnitSection {
        SECTION_UNIT = 1u << 0,
        SECTION_SERVICE = 1u << 1,
        SECTION_SOCKET = 1u << 2,
        SECTION_MOUNT = 1u << 3,
        SECTION_SWAP = 1u << 4,
        SECTION_SLICE = 1u << 5,
        SECTION_SCOPE = 1u << 6,
        SECTION_INSTALL = 1u << 7,
        SECTION_TIMER = 1u << 8,
        SECTION_PATH = 1u << 9,
        SECTION_AUTOMOUNT = 1u << 10,
} UnitSection;

#define SECTIONS_EXEC (SECTION_SERVICE | SECTION_SOCKET | SECTION_MOUNT | SECTION_SWAP)
#define SECTIONS_CGROUP (SECTIONS_EXEC | SECTION_SLICE | SECTION_SCOPE)
#define SECTIONS_KILL (SECTIONS_EXEC | SECTION_SCOPE)

struct Directive;

/* What a parser gets: where the assignment comes from and where it writes. */
typedef struct ParseContext {
        const Unit *unit;
        ExecSettings *settings;
        const struct Directive *directive;
        const char *file; /* display path, for messages and origins */
        unsigned line;
        void *data;       /* settings + directive->offset (NULL if the row has no offset) */
} ParseContext;

/* Returns 0 when the value was applied or ignored with a warning (previous value kept),
 * 1 when it was applied and its origin should be recorded, -ENOEXEC for a fatal value. */
typedef int (*DirectiveParser)(const ParseContext *ctx, const char *value);

#define DIRECTIVE_NO_OFFSET ((size_t) -1)

typedef struct Directive {
        const char *name;
        unsigned sections;    /* UnitSection bits */
        DirectiveParser parse;
        size_t offset;        /* into ExecSettings, or DIRECTIVE_NO_OFFSET */
        int ltype;            /* parser specific: exec command type, rlimit, enum table ... */
        const char *show_as;  /* for legacy aliases: the key `show` prints; NULL = name */
} Directive;

extern const Directive directive_table[];
extern const size_t directive_table_count;

/* The section bit of a section name ("Service" → SECTION_SERVICE), 0 if unknown. */
unsigned unit_section_from_string(const char *s);
/* Sections a unit of this type reads. */
unsigned unit_type_sections(UnitType t);
/* Row for key in section (case-sensitive, as systemd); NULL if unknown. */
const Directive *directive_find(unsigned section, const char *key);
/* Directive id (row index) of the first row named name, or -ENOENT. */
int directive_id(const char *name);
