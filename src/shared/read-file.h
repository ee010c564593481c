/* SPDX-License-Identifier: MIT */
#pragma once

#include "macro.h"

/* Reads a file the user named on the command line (a host path: symlinks are followed, as any
 * tool does): a regular file, or a pipe or FIFO such as bash's <(...). A FIFO without a writer
 * reads as empty instead of blocking. More than max bytes → -EFBIG; a directory → -EISDIR;
 * other file types → -EBADFD. The result is NUL-terminated. */
int read_user_file(const char *path, size_t max, char **ret_data, size_t *ret_size);
