/* SPDX-License-Identifier: MIT */
#pragma once

/* Shared by the files of src/live/ that talk sd-bus themselves. */

#include "live-sd.h"

#include "live-bus.h"

#define MANAGER_SERVICE "org.freedesktop.systemd1"
#define MANAGER_PATH "/org/freedesktop/systemd1"
#define MANAGER_INTERFACE "org.freedesktop.systemd1.Manager"
#define UNIT_PATH_PREFIX "/org/freedesktop/systemd1/unit"

struct LiveManager {
        sd_bus *bus;
};

static inline void message_unrefp(sd_bus_message **m) {
        if (*m) /* else libsystemd may not even be loaded */
                SD(sd_bus_message_unref)(*m);
}
