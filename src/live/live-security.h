/* SPDX-License-Identifier: MIT */
#pragma once

/* `unitsec security` against the running service manager (online mode, spec §2.5 and §5):
 * named services get their reports (then, with two or more, the overview of just those); no
 * name gives the overview of the manager's loaded long-running services. */

#include "live-bus.h"
#include "security-output.h"
#include "security-policy.h"

typedef struct LiveSecurityOptions {
        const SecurityPolicy *policy;
        unsigned threshold;
        SecurityJsonMode json;
        bool format_json;
        bool no_pager;
        UnitScope scope;
} LiveSecurityOptions;

/* Returns EXIT_OK, EXIT_FAILED (a unit over the threshold, or one that could not be analysed;
 * message logged) or a negative errno (bus failure, policy abort). */
int live_security(LiveManager *m, char **names, const LiveSecurityOptions *o);

/* systemd's name mangling for the command line: "foo" → "foo.service", characters that no
 * unit name may contain escaped as \xNN. Owned result. */
char *live_unit_name_mangle(const char *arg);

/* One service of the manager, read, converted and scored. */
typedef struct LiveScored {
        LiveProperties props;
        ExecSettings settings;
        bool settings_loaded;
        SecurityReport report;
} LiveScored;

void live_scored_done(LiveScored *s);

/* Reads and scores name. overview: skip silently what is not loaded or Type=oneshot (returns 0);
 * otherwise such a unit is an error (logged, -ENOENT/-ERFKILL/-ENOEXEC). 1 when scored. */
int live_score_unit(LiveManager *m, const char *name, bool overview, const LiveSecurityOptions *o,
                    LiveScored *ret);
