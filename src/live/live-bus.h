/* SPDX-License-Identifier: MIT */
#pragma once

/* The running service manager over D-Bus (sd-bus): connect, list the loaded services, read a
 * unit's properties. Helpers return a negative errno and never print. */

#include "live-props.h"
#include "unit.h"

typedef struct LiveManager LiveManager;

/* Where the manager is: the local system or user manager, a remote host over SSH (host) or a
 * local container (machine). At most one of host and machine. */
typedef struct LiveTarget {
        UnitScope scope;
        const char *host;
        const char *machine;
} LiveTarget;

/* Connects and checks that a service manager answers. -errno when there is none (no socket,
 * refused, no systemd behind the bus, ...). */
int live_manager_connect(const LiveTarget *t, LiveManager **ret);
LiveManager *live_manager_free(LiveManager *m);
static inline void live_manager_freep(LiveManager **m) { live_manager_free(*m); }

/* True when this process can expect a local manager: PID 1 is systemd (system scope) or the
 * user manager's socket exists (user scope). A cheap check, no connection. */
bool live_manager_expected(UnitScope scope);

/* Ids of the loaded units whose name ends in ".service", sorted byte-wise, unique. */
int live_manager_list_services(LiveManager *m, char ***ret);

/* All properties of unit name (the manager loads it on demand; LoadState tells whether it
 * exists). -errno on a bus failure. */
int live_manager_read_unit(LiveManager *m, const char *name, LiveProperties *ret);
