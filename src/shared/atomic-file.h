/* SPDX-License-Identifier: MIT */
#pragma once

/* Writing files so that readers see the old content or the new one, never a part. */

#include <sys/types.h>

#include "macro.h"

/* Writes data to name in the directory dirfd (opened O_RDONLY|O_DIRECTORY): a temporary file
 * in the same directory (name + ".tmp-XXXXXX", O_EXCL, not following symlinks), fsync, rename
 * over name, fsync of the directory. On failure the temporary file is removed and name is left
 * as it was. Returns 0 or a negative errno. */
int atomic_write_at(int dirfd, const char *name, const char *data, size_t size, mode_t mode);

/* Reads a regular file name in dirfd without following a symlink (-ELOOP) and without blocking
 * on a FIFO or device (-EBADFD); at most max bytes (-EFBIG). NUL-terminated. */
int read_regular_at(int dirfd, const char *name, size_t max, char **ret_data, size_t *ret_size);

/* Opens the directory path (absolute) inside root (NULL or "/" for the host) with every symlink
 * resolved inside root, creating missing components (mode 0755) when create is set. Returns an
 * O_RDONLY|O_DIRECTORY fd or a negative errno (-EXDEV: a ".." or link tried to leave the root). */
int open_dir_in_root(const char *root, const char *path, bool create);
