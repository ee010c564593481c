/* SPDX-License-Identifier: MIT */
#pragma once

#include "unit.h"

typedef struct LookupPaths {
        UnitScope scope;
        char *root;         /* NULL or absolute, without trailing slash */
        char **search_path; /* in priority order, paths inside root (no root prefix) */
        /* What unit_load() derives from the directories of search_path (names, aliases, which
         * drop-in directories exist), read by its first call and reused by the next ones. */
        struct NameMap *name_map;
} LookupPaths;

/* Builds the search path exactly as systemd 252 on Debian does for scope, honouring
 * $SYSTEMD_UNIT_PATH (unset / set / empty) and putting extra_dirs (directories of
 * units given as paths) first. */
int lookup_paths_init(LookupPaths *lp, UnitScope scope, const char *root, char *const *extra_dirs);
void lookup_paths_done(LookupPaths *lp);
/* Forgets what unit_load() read of the search directories: call it after creating or removing
 * unit files or drop-in directories, or after changing lp->search_path, before loading again. */
void lookup_paths_flush(const LookupPaths *lp);

/* Finds and reads a unit: fragment, aliases, masks, drop-ins (systemd's precedence and
 * same-basename shadowing), templates (a bare template is instantiated as "i").
 * Returns 0 and a Unit (possibly masked; a slice or device may have no fragment, only drop-ins),
 * -ENOENT if no fragment exists (always for a scope: systemd loads none from files), or another
 * negative errno (already reported with file context) on unreadable/hostile files.
 * Warnings about the files (file:line) are logged as they are found. */
int unit_load(const LookupPaths *lp, const char *name, Unit **ret);

/* Given a command-line argument (unit name or path), returns the directory that it adds to
 * the search path (as systemd-analyze does), or NULL. */
int unit_arg_extra_dir(const char *arg, char **ret_dir);
/* The directories that the n arguments add, each once, in argument order (owned strv). */
char **unit_args_extra_dirs(char *const *args, size_t n);
/* The unit name to load for an argument (basename of a path; template → instance "i").
 * -EINVAL if it is not a valid unit name with a known type. */
int unit_arg_to_name(const char *arg, char **ret_name);

/* Expands % specifiers as systemd does for unit u. Unknown specifier → -EBADSLT.
 * The result is owned. max_len bounds the result (-ENAMETOOLONG). */
int unit_specifier_expand(const Unit *u, const char *text, size_t max_len, char **ret);
