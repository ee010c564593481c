/* SPDX-License-Identifier: MIT */
#pragma once

/* A unit as read from disk: which files make it up, and the raw assignments
 * they contain, in the order systemd applies them. Pure data; the typed view
 * of the settings lives in src/exec/. */

#include "macro.h"
#include "unit-name.h"

typedef enum UnitScope {
        UNIT_SCOPE_SYSTEM,
        UNIT_SCOPE_USER,
        _UNIT_SCOPE_MAX,
        _UNIT_SCOPE_INVALID = -EINVAL,
} UnitScope;

/* One "Key=Value" line (after continuation joining and whitespace trimming). */
typedef struct UnitAssignment {
        /* the three strings share one allocation, owned by section (unit_assignment_init()) */
        char *section; /* e.g. "Service" */
        char *key;
        char *value; /* raw, specifiers NOT expanded: each directive's parser expands as systemd does */
        unsigned line; /* line of the key in the file; for a continuation its last line, as systemd reports it */
} UnitAssignment;

/* One file: the fragment or a drop-in. */
typedef struct UnitFile {
        char *path;         /* as shown to the user: the path inside --root, e.g. "/etc/systemd/system/foo.service" */
        char *display_path; /* for messages: the host path (root prefix + path) */
        bool is_dropin;
        UnitAssignment *assignments;
        size_t n_assignments;
        /* If the lexer hit a fatal syntax error (e.g. an invalid section header), lexing stopped
         * there: the assignments before it stand, error < 0 names the problem at error_line. The
         * consumer decides what this means (systemd: a fragment fails to load, a drop-in is cut). */
        int error;
        unsigned error_line;
} UnitFile;

typedef struct Unit {
        char *id;          /* final unit name after alias resolution and template instantiation */
        char *requested;   /* the name or path the user asked for */
        UnitType type;
        UnitScope scope;
        char *root;        /* --root, or NULL for "/" */
        char **aliases;    /* other names that resolved to this unit (symlinks) */
        bool masked;       /* a symlink to /dev/null or an empty fragment */
        /* files[0] is the fragment (files[0].is_dropin == false) unless masked; then the drop-ins
         * in application order (sorted by basename after shadowing). */
        UnitFile *files;
        size_t n_files;
} Unit;

Unit *unit_free(Unit *u);
static inline void unit_freep(Unit **u) { unit_free(*u); }
#define _cleanup_unit_free_ _cleanup_(unit_freep)
