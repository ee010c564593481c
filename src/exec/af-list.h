/* SPDX-License-Identifier: MIT */
#pragma once

#include "macro.h"

/* Address family names as systemd 252 knows them (the AF_* macros of <sys/socket.h>,
 * without AF_UNSPEC/AF_MAX; AF_LOCAL and AF_FILE are AF_UNIX, AF_ROUTE is AF_NETLINK).
 * Names are case-sensitive. */
int af_from_name(const char *name); /* -EINVAL if unknown */
const char *af_to_name(int af);     /* canonical name; NULL if none */
