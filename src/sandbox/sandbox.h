/* SPDX-License-Identifier: MIT */
#pragma once

/* The `run` sandbox: systemd.exec(5) sandboxing applied with the kernel features systemd
 * uses, without systemd. Two phases, as bubblewrap and minijail do:
 *
 *   sandbox_plan_new()   in the parent, no side effects: validates every setting, resolves
 *                        users and paths, sorts the mount table, compiles the seccomp
 *                        programs and adjusts rlimits. Every error a unit can cause is found
 *                        here, before any namespace exists.
 *   sandbox_spawn()      forks; the child builds the sandbox in one fixed order and execs.
 *                        Any failure in the child is sent to the parent as a SandboxFailure
 *                        over a close-on-exec pipe and the child _exit()s: never a
 *                        half-sandboxed run.
 *
 * Nothing here prints: the verb turns SandboxFailure into a message. */

#include <stdint.h>
#include <sys/types.h>

#include "exec-settings.h"
#include "macro.h"

/* Which step failed; also names the directive for messages (sandbox_step_to_string()). */
typedef enum SandboxStep {
        SANDBOX_STEP_SETTINGS,           /* an unsupported or inconsistent setting */
        SANDBOX_STEP_UNSHARE,
        SANDBOX_STEP_PRIVATE_USERS,
        SANDBOX_STEP_PROPAGATION,
        SANDBOX_STEP_ROOT_DIRECTORY,
        SANDBOX_STEP_PROTECT_SYSTEM,
        SANDBOX_STEP_PROTECT_HOME,
        SANDBOX_STEP_PRIVATE_TMP,
        SANDBOX_STEP_PRIVATE_DEVICES,
        SANDBOX_STEP_READ_WRITE_PATHS,
        SANDBOX_STEP_READ_ONLY_PATHS,
        SANDBOX_STEP_INACCESSIBLE_PATHS,
        SANDBOX_STEP_EXEC_PATHS,
        SANDBOX_STEP_NO_EXEC_PATHS,
        SANDBOX_STEP_TEMPORARY_FILE_SYSTEM,
        SANDBOX_STEP_BIND_PATHS,
        SANDBOX_STEP_PROTECT_KERNEL_TUNABLES,
        SANDBOX_STEP_PROTECT_KERNEL_MODULES,
        SANDBOX_STEP_PROTECT_KERNEL_LOGS,
        SANDBOX_STEP_PROTECT_CONTROL_GROUPS,
        SANDBOX_STEP_PROTECT_PROC,
        SANDBOX_STEP_MOUNT_FLAGS,        /* the read-only / noexec passes */
        SANDBOX_STEP_PRIVATE_NETWORK,
        SANDBOX_STEP_PROTECT_HOSTNAME,
        SANDBOX_STEP_LIMITS,
        SANDBOX_STEP_UMASK,
        SANDBOX_STEP_USER,
        SANDBOX_STEP_GROUP,
        SANDBOX_STEP_SUPPLEMENTARY_GROUPS,
        SANDBOX_STEP_CAPABILITY_BOUNDING_SET,
        SANDBOX_STEP_AMBIENT_CAPABILITIES,
        SANDBOX_STEP_NO_NEW_PRIVILEGES,
        SANDBOX_STEP_WORKING_DIRECTORY,
        SANDBOX_STEP_EXEC_DIRECTORIES,   /* RuntimeDirectory= & co */
        SANDBOX_STEP_SECCOMP,
        SANDBOX_STEP_CLOSE_FDS,
        SANDBOX_STEP_EXEC,
        _SANDBOX_STEP_MAX,
        _SANDBOX_STEP_INVALID = -EINVAL,
} SandboxStep;

/* Directive (or step) name for messages, e.g. "ProtectSystem=", "mount propagation". */
const char *sandbox_step_to_string(SandboxStep s);

#define SANDBOX_FAILURE_PATH_MAX 512

/* What went wrong and where. Fixed size so that the child sends it in one atomic write. */
typedef struct SandboxFailure {
        int step;  /* SandboxStep */
        int error; /* positive errno */
        char path[SANDBOX_FAILURE_PATH_MAX]; /* the path or value at fault, may be empty */
} SandboxFailure;

/* A Limit*= that the host cannot grant, lowered to what it allows (the verb warns once). */
typedef struct SandboxLimitAdjustment {
        int resource; /* RLIMIT_* */
        uint64_t wanted, granted;
} SandboxLimitAdjustment;

typedef struct SandboxPlan SandboxPlan;

/* Validates and prepares. On failure returns a negative errno and fills *ret_failure.
 * Reads the host (users, paths) but changes nothing. */
int sandbox_plan_new(const ExecSettings *s, SandboxPlan **ret, SandboxFailure *ret_failure);
SandboxPlan *sandbox_plan_free(SandboxPlan *p);
static inline void sandbox_plan_freep(SandboxPlan **p) { sandbox_plan_free(*p); }
#define _cleanup_sandbox_plan_free_ _cleanup_(sandbox_plan_freep)

/* The lowered limits, for the verb's warning lines. */
const SandboxLimitAdjustment *sandbox_plan_limit_adjustments(const SandboxPlan *p, size_t *ret_n);

/* Directives that need the service manager itself (cgroup and BPF based ones) and are
 * therefore not applied: the verb warns once for each. NULL-terminated, may be NULL. */
char *const *sandbox_plan_not_applied(const SandboxPlan *p);

/* RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory= and
 * ConfigurationDirectory=: creates them on the host (parents 0755 root, the directory itself
 * with its *DirectoryMode=, owned by User=/Group= except the configuration one), as the
 * service manager does before the start. Symlinks on the way are refused. With DynamicUser=,
 * state, cache and logs directories go below PREFIX/private (0700) with PREFIX/NAME a
 * relative symlink to them, a plain directory there being moved in first (systemd's layout). */
int sandbox_plan_prepare_host(const SandboxPlan *p, SandboxFailure *ret_failure);
/* Removes the RuntimeDirectory= directories again (after the service stopped), unless
 * RuntimeDirectoryPreserve=yes ("restart" removes them: `unitsec run` never restarts). */
void sandbox_plan_cleanup_host(const SandboxPlan *p);

/* The program to run. path: absolute, or a bare name searched in PATH of envp inside the
 * sandbox. envp: the complete environment. */
typedef struct SandboxExec {
        const char *path;
        char *const *argv;
        char *const *envp;
        unsigned flags; /* SANDBOX_EXEC_* */
} SandboxExec;

/* ExecStart= prefixes: "+" runs without any sandbox (only the working directory, umask and
 * limits apply); "!" applies the sandbox but not User=/Group=/SupplementaryGroups=. */
#define SANDBOX_EXEC_UNSANDBOXED (1u << 0)
#define SANDBOX_EXEC_NO_IDENTITY (1u << 1)

/* Forks and builds the sandbox in the child, then execs. Returns 0 and the child's pid once
 * the program has been exec'd; on failure a negative errno with *ret_failure filled (the
 * child has been reaped then). */
int sandbox_spawn(const SandboxPlan *p, const SandboxExec *e, pid_t *ret_pid, SandboxFailure *ret_failure);

/* For tests and probes: builds the sandbox in the calling process (which must be a child
 * that is about to exec or _exit) without forking and without exec. Returns 0 or a negative
 * errno with *ret_failure filled; on failure the calling process is half sandboxed and must
 * _exit(). */
int sandbox_enter(const SandboxPlan *p, SandboxFailure *ret_failure);
