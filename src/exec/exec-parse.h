/* SPDX-License-Identifier: MIT */
#pragma once

/* The parsers of the directive table (one per kind of directive) and the helpers they
 * share. Each follows systemd 252's semantics for its directive; see directives.h for the
 * return convention. */

#include "directives.h"

static inline char *mfree_str(char *p) {
        free(p);
        return NULL;
}

/* Enumeration tables selected by Directive.ltype for parse_enum(). */
typedef enum EnumTableId {
        ENUM_PROTECT_SYSTEM,
        ENUM_PROTECT_HOME,
        ENUM_PROTECT_PROC,
        ENUM_PROC_SUBSET,
        ENUM_KEYRING_MODE,
        ENUM_NOTIFY_ACCESS,
        ENUM_DEVICE_POLICY,
        ENUM_SERVICE_TYPE,
        _ENUM_TABLE_MAX,
} EnumTableId;

/* Value names of an enumeration (index = enum value), for parsing and for `show`. */
const char *exec_enum_to_string(EnumTableId table, int value);
int exec_enum_from_string(EnumTableId table, const char *s);

/* Specifier expansion as systemd does for this directive; logs and returns < 0 on failure. */
int exec_expand(const ParseContext *ctx, const char *text, size_t max_len, char **ret);
/* path_simplify_and_warn(): absolute (or relative with want_relative), normalized, not too long.
 * Simplifies p in place. Logs (", ignoring" unless fatal) and returns -EINVAL if bad. */
int exec_path_check(const ParseContext *ctx, char *p, bool want_relative, bool fatal);
/* systemd's relaxed user/group name check (numeric IDs allowed). Logs the notice about
 * names that are accepted but not strict. */
bool exec_user_name_is_valid(const char *name);
/* systemd's strict user name rules (what DynamicUser= accepts as a name from the unit name). */
bool exec_user_name_is_strict(const char *name);
/* Grows an array of n elements (built only with this helper, from NULL) so that element n
 * can be written; capacities are powers of two, so appending is amortized O(1). */
void *exec_array_grow(void *array, size_t n, size_t size);
/* Appends str (owned) to one of the NULL-terminated lists of s, keeping its length field. */
void exec_strv_push(ExecSettings *s, char ***l, char *str);
/* Empties one of those lists. */
void exec_strv_clear(ExecSettings *s, char ***l);
/* Tidies what the parsers leave for speed (duplicates, reversed device list); once, after
 * the last file, before the implied settings. exec-finalize.c */
void exec_settings_finalize(ExecSettings *s);

/* Records origin of the current directive (also done by the loader when a parser returns 1). */
void exec_origin_set(const ParseContext *ctx);

/* exec-parse-basic.c */
int parse_not_modelled(const ParseContext *ctx, const char *value);
int parse_bool(const ParseContext *ctx, const char *value);
int parse_enum(const ParseContext *ctx, const char *value);
int parse_umask(const ParseContext *ctx, const char *value);
int parse_user(const ParseContext *ctx, const char *value);
int parse_supplementary_groups(const ParseContext *ctx, const char *value);
int parse_security_label(const ParseContext *ctx, const char *value);
int parse_fatal_path(const ParseContext *ctx, const char *value);
int parse_delegate(const ParseContext *ctx, const char *value);
int parse_root_path(const ParseContext *ctx, const char *value);
int parse_working_directory(const ParseContext *ctx, const char *value);
int parse_pid_file(const ParseContext *ctx, const char *value);
int parse_mount_images(const ParseContext *ctx, const char *value);
int parse_credential(const ParseContext *ctx, const char *value);
/* Value lists of parse_raw_string() (Directive.ltype). */
enum {
        RAW_VALUES_ANY,
        RAW_VALUES_SUCCESS_ACTION,
        RAW_VALUES_RESTART,
        RAW_VALUES_EXIT_TYPE,
        RAW_VALUES_KILL_MODE,
        _RAW_VALUES_MAX,
};
int parse_raw_string(const ParseContext *ctx, const char *value);

/* exec-parse-sets.c */
int parse_capability_set(const ParseContext *ctx, const char *value);
int parse_restrict_namespaces(const ParseContext *ctx, const char *value);
int parse_address_families(const ParseContext *ctx, const char *value);
int parse_syscall_filter(const ParseContext *ctx, const char *value);
int parse_syscall_architectures(const ParseContext *ctx, const char *value);
int parse_syscall_error_number(const ParseContext *ctx, const char *value);
int parse_syscall_log(const ParseContext *ctx, const char *value);
/* "EPERM" or 0..4095, "kill" → EXEC_ERRNO_KILL; -EINVAL otherwise. */
#define EXEC_ERRNO_KILL (0x7ffffffe)
int exec_parse_errno_or_action(const char *s);
const char *exec_errno_to_name(int e);

/* exec-parse-net.c */
int parse_ip_address_list(const ParseContext *ctx, const char *value);
int parse_ip_filter_path(const ParseContext *ctx, const char *value);
int parse_device_allow(const ParseContext *ctx, const char *value);
/* Adds a DeviceAllow entry in systemd's order (prepended). */
void exec_device_allow_prepend(ExecSettings *s, const char *path, unsigned permissions, Origin origin);

/* exec-parse-fs.c */
int parse_path_list(const ParseContext *ctx, const char *value);
int parse_temporary_filesystem(const ParseContext *ctx, const char *value);
int parse_bind_paths(const ParseContext *ctx, const char *value);
int parse_exec_directories(const ParseContext *ctx, const char *value);
int parse_directory_mode(const ParseContext *ctx, const char *value);

/* exec-parse-units.c */
int parse_listen(const ParseContext *ctx, const char *value);
int parse_socket_service(const ParseContext *ctx, const char *value);
int parse_max_connections(const ParseContext *ctx, const char *value);
int parse_symlinks(const ParseContext *ctx, const char *value);
int parse_what_where(const ParseContext *ctx, const char *value);
int parse_timer_value(const ParseContext *ctx, const char *value);
int parse_path_condition(const ParseContext *ctx, const char *value);

/* exec-parse-rlimit.c: a time span ("1min 30s", bare number = seconds) in microseconds. */
int exec_parse_timespan(const char *s, uint64_t *ret_usec);

/* exec-parse-kill.c: the stop settings `unitsec run` honours. */
int parse_timeout(const ParseContext *ctx, const char *value);
int parse_signal(const ParseContext *ctx, const char *value);
int parse_preserve_mode(const ParseContext *ctx, const char *value);
/* Timeout directive kinds (Directive.ltype of parse_timeout). */
enum { TIMEOUT_STOP, TIMEOUT_START, TIMEOUT_BOTH };
/* A signal as systemd names it: "TERM", "SIGTERM", "RTMIN+3", "SIGRTMAX-1" or a number
 * (C notation: 010 is 8) from 1 to 64. Returns it, or -EINVAL. */
int exec_signal_from_string(const char *s);

/* exec-parse-cmd.c */
int parse_exec_command(const ParseContext *ctx, const char *value);
int parse_environment(const ParseContext *ctx, const char *value);
int parse_environment_file(const ParseContext *ctx, const char *value);
int parse_rlimit(const ParseContext *ctx, const char *value);
