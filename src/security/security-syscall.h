/* SPDX-License-Identifier: MIT */
#pragma once

/* The SystemCallFilter=~@GROUP checks (spec §3): walks a group's members in definition order and
 * finds the first one the filter lets through. */

#include <stdint.h>

#include "exec-settings.h"

typedef enum SecuritySyscallResult {
        SECURITY_SYSCALL_UNFILTERED, /* no filter at all */
        SECURITY_SYSCALL_ALLOW_LEAKS, /* allow list lets a member through */
        SECURITY_SYSCALL_ALLOW_OK,
        SECURITY_SYSCALL_DENY_LEAKS,  /* deny list misses a member */
        SECURITY_SYSCALL_DENY_OK,
} SecuritySyscallResult;

/* group is the group's name ("@privileged"). *ret_offender (static) names the first member that
 * is let through, for the *_LEAKS results; NULL otherwise. Unknown group → -ENOENT. */
int security_syscall_check(const SyscallFilter *f, const char *group, const char **ret_offender);

