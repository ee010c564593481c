/* SPDX-License-Identifier: MIT */
#pragma once

/* The sandbox's seccomp programs, compiled with libseccomp in the parent (so that every
 * error shows before the first namespace) and loaded in the child as the last step. */

#include <linux/filter.h>

#include "exec-settings.h"
#include "sandbox.h"

typedef struct SeccompProgram {
        struct sock_filter *insns;
        unsigned short n;
} SeccompProgram;

typedef struct SeccompPrograms {
        SeccompProgram *programs;
        size_t n;
        bool any; /* at least one filter: NoNewPrivileges= may be implied */
} SeccompPrograms;

void seccomp_programs_done(SeccompPrograms *p);

/* SystemCallFilter=, SystemCallArchitectures=, RestrictAddressFamilies=,
 * RestrictNamespaces=, LockPersonality=, MemoryDenyWriteExecute=, RestrictRealtime=,
 * RestrictSUIDSGID= and the syscall parts of PrivateDevices=, ProtectKernelModules=,
 * ProtectKernelLogs=, ProtectClock=, ProtectHostname=. */
int sandbox_seccomp_build(const ExecSettings *s, SeccompPrograms *ret, SandboxFailure *f);

/* In the child: installs every program (needs no_new_privs or CAP_SYS_ADMIN). */
int sandbox_seccomp_load(const SeccompPrograms *p);
