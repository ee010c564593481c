/* SPDX-License-Identifier: MIT */
#pragma once

/* Making a freshly written drop-in take effect on a live host, safely: reload the manager,
 * restart the unit, watch it for a grace period, and if it fails, take the drop-in back out and
 * bring the unit back as it was (issue 7, `harden --apply --reload --restart --grace=`). */

#include <stdint.h>

#include "live-bus.h"

typedef struct LiveUnitStatus {
        char *active_state, *sub_state, *result, *type;
        uint32_t job_id;            /* a pending job, 0 for none */
        int32_t exec_main_code, exec_main_status;
        uint32_t n_restarts;
} LiveUnitStatus;

void live_unit_status_done(LiveUnitStatus *s);
int live_unit_status(LiveManager *m, const char *name, LiveUnitStatus *ret);
/* True for the states of a unit that is up ("active", "reloading"). */
bool live_unit_status_running(const LiveUnitStatus *s);

/* daemon-reload; returns when the manager has reloaded. */
int live_manager_reload(LiveManager *m);

/* Restarts name and waits for its job (Type='s readiness); then watches it for grace_usec.
 * 0: it came up and stayed up (a oneshot: it ran successfully); -EIO: it failed or went down
 * (*ret_status tells how); -ETIME: the job did not finish within timeout_usec. */
int live_unit_restart_and_watch(LiveManager *m, const char *name, uint64_t grace_usec, uint64_t timeout_usec,
                                LiveUnitStatus *ret_status);

/* The last n journal messages of the unit (its own and the manager's about it), oldest first.
 * -ENOENT/-errno when there is no journal to read. */
int live_journal_tail(const char *name, unsigned n, char ***ret);

typedef struct LiveApplyOptions {
        bool reload;            /* daemon-reload after the drop-in was written */
        bool restart;           /* also restart and watch (implies reload) */
        uint64_t grace_usec;    /* how long the restarted unit must stay up */
        uint64_t timeout_usec;  /* how long its start job may take */
} LiveApplyOptions;

/* Called to take the drop-in back out; returns < 0 if it could not. */
typedef int (*live_revert_t)(void *userdata);

/* After the drop-in of unit name was written: reload and/or restart as asked. When the restarted
 * unit fails, reports its status and journal on stderr, calls revert, reloads, and restarts the
 * unit if it was running before (or leaves it as it was). Returns 0 when the hardening took,
 * -EIO when it was reverted (the unit is back), another -errno when even that failed. */
int live_apply_activate(LiveManager *m, const char *name, const LiveApplyOptions *o, live_revert_t revert,
                        void *userdata);

/* live_apply_activate() with a connection of its own to the local manager of scope (a unit of
 * a template cannot be restarted: -EINVAL). Logs every failure. */
int live_apply_connect_and_activate(UnitScope scope, const char *name, const LiveApplyOptions *o,
                                    live_revert_t revert, void *userdata);
