/* SPDX-License-Identifier: MIT */
/* Placeholder until the verb lands; replaced by its implementation. */
#include "log.h"
#include "verbs.h"

int verb_security(int argc, char **argv) {
        (void) argc;
        (void) argv;
        return log_error_errno(-ENOSYS, "unitsec: the 'security' verb is not built yet");
}
