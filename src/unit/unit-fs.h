/* SPDX-License-Identifier: MIT */
#pragma once

/* File access confined to a root directory (--root): every path, and every symlink met on the
 * way, is resolved inside the root, as if it were "/"; ".." cannot climb above it. */

#include <sys/stat.h>

#include "macro.h"

#define UNIT_FS_SYMLINK_MAX 40             /* hops before -ELOOP */
/* Unit files and drop-ins larger than this are refused: real ones are a few KiB, and a file of
 * short lines costs ~30 times its size once lexed. Four 1 MiB lines still fit. */
#define UNIT_FS_FILE_MAX (4U * 1024U * 1024U + 4096U)

/* What a walk met besides the resolved path. */
typedef struct UnitFsChase {
        bool devnull;  /* a symlink to "/dev/null" (a mask): the walk stopped there */
        char *escaped; /* with a root: the first absolute symlink target (or ".." path) that, followed
                        * on the host as systemd 252 does for unit files, leads out of the root */
} UnitFsChase;
void unit_fs_chase_done(UnitFsChase *info);
/* Forgets the directories and the root fd remembered to speed up reading many files of one
 * tree (lookup_paths_flush() and lookup_paths_done() call it). */
void unit_fs_flush(void);

/* Resolves path (absolute, inside root; root NULL means "/") following symlinks inside the
 * root. *ret_resolved is the normalized path inside the root (no symlinks left); "/dev/null"
 * for a mask. ret_info may be NULL; it is filled on success, and on failure if the walk had
 * already left the root (ret_info->escaped). Missing components are -ENOENT; a loop or too many
 * hops -ELOOP. */
int unit_fs_chase(const char *root, const char *path, char **ret_resolved, UnitFsChase *ret_info);

/* Reads one symlink (not following it); -EINVAL if path is not a symlink. */
int unit_fs_readlink(const char *root, const char *path, char **ret_target);

/* lstat/stat inside the root (stat follows symlinks inside the root). */
int unit_fs_stat(const char *root, const char *path, bool follow, struct stat *ret);

/* Opens a directory inside the root for reading (O_DIRECTORY). Returns an fd, or -EXDEV if
 * systemd (which opens directories through the host) would have left the root on the way. */
int unit_fs_open_dir(const char *root, const char *path);

/* Reads a whole regular file (following symlinks inside the root). A mask (symlink to /dev/null
 * or the host's /dev/null itself) reads as empty with ret_info->devnull set. Errors: -EISDIR,
 * -EBADFD (FIFO, socket, device), -EFBIG (larger than UNIT_FS_FILE_MAX), -ENOENT, -ELOOP, and
 * -EXDEV when systemd would have read it from outside the root (ret_info->escaped says how).
 * ret_info may be NULL; if given, it is filled whenever the walk succeeded (free it with
 * unit_fs_chase_done). The data is NUL-terminated (not counted in *ret_size). */
int unit_fs_read_file(const char *root, const char *path, char **ret_data, size_t *ret_size, UnitFsChase *ret_info);

/* root + path, for messages ("/srv/root/etc/..."); path alone without a root. */
char *unit_fs_host_path(const char *root, const char *path);

/* Normalizes an absolute path lexically: "//" and "." removed, ".." pops (not above "/"). */
char *unit_fs_path_normalize(const char *path);
