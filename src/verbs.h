/* SPDX-License-Identifier: MIT */
#pragma once

#include "unit.h"

/* Options every verb accepts, before or after the verb name (main.c parses them). */
typedef struct GlobalOptions {
        char *root;      /* --root=DIR, absolute without trailing slash; NULL for "/" */
        UnitScope scope; /* --system (default) / --user */
        bool no_pager;   /* --no-pager */
} GlobalOptions;

extern GlobalOptions arg_global;

/* Exit statuses (documented in the man page). Verbs return a negative errno for
 * "failed" (exit 1) or one of these. */
enum {
        EXIT_OK = 0,
        EXIT_FAILED = 1, /* as systemd-analyze: load failure, bad option value, over threshold */
};

/* Each verb parses its own options (argv[0] is the verb name) and prints its own --help. */
int verb_security(int argc, char **argv);
int verb_cat(int argc, char **argv);
int verb_show(int argc, char **argv);
int verb_harden(int argc, char **argv);
int verb_run(int argc, char **argv);
int verb_profile(int argc, char **argv);
int verb_report(int argc, char **argv);
int verb_edit(int argc, char **argv);
