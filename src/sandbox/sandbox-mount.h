/* SPDX-License-Identifier: MIT */
#pragma once

/* The mount table of the sandbox, as systemd's namespace setup builds it: one entry per
 * path, from the directive tables below, sorted so that parents come first; at equal paths
 * the more restrictive mode wins. Building and sorting is pure (unit tested without root);
 * sandbox_mounts_resolve() reads the host; sandbox_mounts_apply() runs in the child. */

#include "exec-settings.h"
#include "sandbox.h"

/* In order of precedence: at equal paths the lower mode wins (as systemd). */
typedef enum MountMode {
        MOUNT_INACCESSIBLE,
        MOUNT_BIND,
        MOUNT_PRIVATE_TMP,
        MOUNT_PRIVATE_DEV,
        MOUNT_PROCFS,
        MOUNT_READONLY,
        MOUNT_READWRITE,
        MOUNT_NOEXEC,
        MOUNT_EXEC,
        MOUNT_TMPFS,
        MOUNT_READWRITE_IMPLICIT,
        _MOUNT_MODE_MAX,
        _MOUNT_MODE_INVALID = -EINVAL,
} MountMode;

typedef struct MountEntry {
        char *path;           /* absolute, normalized; canonical after resolve */
        char *source;         /* MOUNT_BIND only */
        char *options;        /* MOUNT_TMPFS / MOUNT_PROCFS data, may be NULL */
        MountMode mode;
        SandboxStep step;     /* the directive that asked for it */
        bool ignore_missing;  /* "-" */
        bool read_only;       /* BindReadOnlyPaths=, ProtectHome=tmpfs, TemporaryFileSystem=...:ro */
        bool recursive;       /* MOUNT_BIND: rbind */
        bool create;          /* the target may be created (bind and tmpfs targets) */
        bool noexec;          /* from a duplicate NoExecPaths= entry merged into this one */
        bool in_root;         /* path lies in RootDirectory= (resolved inside it) */
        bool source_prepared; /* MOUNT_BIND: an exec directory sandbox_plan_prepare_host() creates */
} MountEntry;

typedef struct MountTable {
        MountEntry *entries;
        size_t n, allocated;
        char *root; /* RootDirectory=, normalized; NULL: "/" */
} MountTable;

/* Fills *f (if not NULL) and returns -abs(error). */
int sandbox_fail(SandboxFailure *f, SandboxStep step, int error, const char *path);

void mount_table_done(MountTable *t);

/* Builds, normalizes, sorts and prunes the table for s. Pure. On a bad path returns
 * -EINVAL and fills *f. */
int mount_table_build(const ExecSettings *s, MountTable *ret, SandboxFailure *f);

/* Adds an entry whose target the sandbox may create (exec directories). Sorted by resolve. */
int mount_table_add_created(MountTable *t, const char *path, MountMode mode, SandboxStep step, SandboxFailure *f);

/* DynamicUser='s private exec directory (StateDirectory= & co): the "private" directory
 * above it (root only, 0700 on the host) covered by an empty read-only tmpfs, and the
 * service's own directory bound back into it, writable. Both are created before the start. */
int mount_table_add_private_directory(MountTable *t, const char *private_root, const char *dir, SandboxFailure *f);

/* Replaces each path by its canonical form on the host (symlinks resolved inside "/",
 * magic links refused), drops missing "-" entries, fails on other missing paths; then
 * sorts and prunes again. */
int mount_table_resolve(MountTable *t, SandboxFailure *f);

/* True if the entry makes its tree read-only / noexec in the flag passes. */
bool mount_entry_read_only(const MountEntry *m);
bool mount_entry_noexec(const MountEntry *m);

/* "/a/b" is below or equal to "/a"; "/ab" is not. */
bool path_below_or_equal(const char *path, const char *prefix);

/* In the child, after unshare(CLONE_NEWNS) and the propagation cut. */
int sandbox_mounts_apply(const MountTable *t, SandboxFailure *f);
