/* SPDX-License-Identifier: MIT */
#pragma once

/* The plan shared by the two phases of the sandbox (see sandbox.h). */

#include <sched.h>
#include <sys/resource.h>

#include "sandbox-mount.h"
#include "sandbox-seccomp.h"
#include "sandbox.h"

struct SandboxPlan {
        unsigned long unshare_flags; /* CLONE_NEW* */
        bool private_users;          /* a user namespace first, mapping only root and User= */
        char *root_directory;        /* RootDirectory=: pivoted into after the tree is built */
        MountTable mounts;

        bool change_identity; /* User=, Group= or SupplementaryGroups= set */
        uid_t uid;
        gid_t gid;
        gid_t *groups;
        size_t n_groups;
        char *home;
        int dynamic_uid_lock; /* DynamicUser=: lock on the allocated uid, -1 if none */

        uint64_t bounding_set;
        uint64_t ambient;
        bool no_new_privileges;
        mode_t umask;
        bool new_session_keyring; /* KeyringMode=private/shared: a fresh anonymous session keyring */

        bool rlimit_set[EXEC_N_RLIMITS];
        struct rlimit rlimits[EXEC_N_RLIMITS];
        SandboxLimitAdjustment *adjustments;
        size_t n_adjustments;

        char *working_directory;
        bool working_directory_ignore_missing;

        struct SandboxDirectory {
                char *path;
                ExecDirectoryType type;
                mode_t mode;
                char *private_root; /* DynamicUser=: PREFIX/private (0700 root), else NULL */
                char *link;         /* DynamicUser=: PREFIX/NAME, a symlink to ... */
                char *link_target;  /* ... "private/NAME" (relative) */
        } *directories;
        size_t n_directories;
        bool preserve_runtime_directories; /* RuntimeDirectoryPreserve=yes: kept after the stop */

        SeccompPrograms seccomp;
        char **not_applied; /* directive names */
};

static inline bool strv_isempty(char *const *l) { return !l || !l[0]; }
