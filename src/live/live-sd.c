/* SPDX-License-Identifier: MIT */
#include <dlfcn.h>

#include "live-sd.h"
#include "log.h"

LiveSd live_sd;

int live_sd_load(void) {
        static int loaded; /* 0: not tried, 1: loaded, < 0: failed */
        if (loaded)
                return loaded > 0 ? 0 : loaded;
        void *dl = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
        if (!dl) {
                log_debug("cannot load libsystemd.so.0: %s", dlerror());
                return loaded = -ENOPKG;
        }
        LiveSd s = {};
#define LIVE_SD_FIND(f) \
        if (!(*(void **) &s.f = dlsym(dl, #f))) { \
                log_debug("libsystemd.so.0 has no %s", #f); \
                dlclose(dl); \
                return loaded = -ENOPKG; \
        }
        LIVE_SD_FUNCTIONS(LIVE_SD_FIND)
#undef LIVE_SD_FIND
        live_sd = s;
        loaded = 1;
        return 0; /* dl stays open for the process */
}
