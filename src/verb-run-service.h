/* SPDX-License-Identifier: MIT */
#pragma once

/* The foreground life of a service under `unitsec run`: ExecStartPre=, the main process by
 * Type= (simple/exec/idle/oneshot, forking through PIDFile= or the one remaining child,
 * notify through NOTIFY_SOCKET), ExecStartPost=, then on SIGTERM/SIGINT or when the main
 * process exits: ExecStop=, the kill sequence over every process of the service (unitsec is
 * their subreaper, so none escapes), ExecStopPost=. SIGHUP goes to the main process. */

#include "exec-settings.h"
#include "sandbox.h"

/* Returns the exit status for the verb: the main process's own, 128+N if signal N killed
 * it, 125 if unitsec failed, 126/127 if a command could not be run / found. */
int run_service_foreground(const SandboxPlan *p, const ExecSettings *s, char **envp, const char *id);

/* The verb's exit status for a sandbox failure (126/127 for exec problems, else 125),
 * after logging it. */
int run_report_failure(const char *what, const SandboxFailure *f);
