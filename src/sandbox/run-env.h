/* SPDX-License-Identifier: MIT */
#pragma once

/* The environment of a service as systemd builds it (PATH, the User='s USER/LOGNAME/HOME/
 * SHELL, INVOCATION_ID, Environment=, then EnvironmentFile= which overrides it), and the
 * $VAR / ${VAR} expansion of command lines. Pure apart from reading the files. */

#include "exec-settings.h"

/* Sets "KEY=value" in *env, replacing an earlier KEY. */
void run_env_set(char ***env, const char *assignment);

/* Reads an EnvironmentFile=-style file into *env (in order, later wins). */
int run_env_file_read(const char *path, char ***env);

/* Parses the text of such a file (for tests). */
void run_env_file_parse(const char *data, size_t size, char ***env);

/* The full environment for s. Logs and returns < 0 if a required file cannot be read. */
int run_env_build(const ExecSettings *s, char ***ret);

/* A copy of argv with "$NAME" words split on whitespace and "${NAME}" replaced (and "$$"
 * made "$") when expand is true; a plain copy otherwise. */
char **run_env_expand_argv(char *const *argv, char *const *env, bool expand);
