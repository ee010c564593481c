/* SPDX-License-Identifier: MIT */
#pragma once

/* Where a unit's drop-in goes, and writing, replacing and reverting it safely. */

#include "unit.h"

typedef struct HardenDest {
        char *root; /* the root dir is resolved in (never left): --root for a unit given by name, NULL for a path */
        char *dir;  /* absolute directory inside root, e.g. "/etc/systemd/system/foo.service.d" */
        char *path; /* dir + "/50-unitsec-harden.conf" */
        char *host; /* the same on the host, for messages */
} HardenDest;

/* For a unit given by name: /etc/systemd/system/ID.d under root (/etc/systemd/user/ID.d for the
 * user scope; a template asked for as a template: its template's directory). For a path: PATH.d
 * beside the file, on the host. */
int harden_dest_for(const char *arg, const Unit *u, const char *root, HardenDest *ret);
void harden_dest_done(HardenDest *d);

/* 1 if the drop-in exists and starts with unitsec's marker, 0 if it exists without it (or is not
 * a regular file), -ENOENT if there is none. */
int harden_dest_is_ours(const HardenDest *d);

/* Writes text atomically. A file in the way is kept as the backup; one without the marker is only
 * replaced with force (-EEXIST otherwise). Returns 0 when written, 1 when it already held text. */
int harden_apply(const HardenDest *d, const char *text, bool force);

/* Removes unitsec's drop-in and puts the backup back if there is one (then returns 1, else 0).
 * -ENOENT: nothing to revert;
 * -EEXIST: the file is not unitsec's and force is not set. */
int harden_revert(const HardenDest *d, bool force);

/* Writes text atomically to a host path. */
int harden_write_output(const char *path, const char *text);
