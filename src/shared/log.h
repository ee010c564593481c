/* SPDX-License-Identifier: MIT */
#pragma once

#include "macro.h"

/* Levels as in syslog: lower is more severe. */
enum {
        LOG_LEVEL_ERR = 3,
        LOG_LEVEL_WARNING = 4,
        LOG_LEVEL_NOTICE = 5,
        LOG_LEVEL_INFO = 6,
        LOG_LEVEL_DEBUG = 7,
};

/* Messages at a level above max_level are dropped. Default: LOG_LEVEL_INFO. */
void log_set_max_level(int level);
int log_get_max_level(void);

/* A sink replaces stderr (tests capture messages with it). NULL restores stderr. */
typedef void (*log_sink_t)(int level, const char *message, void *userdata);
void log_set_sink(log_sink_t sink, void *userdata);

/* Formats with printf semantics (errno is set to -error for %m) and writes
 * "message\n" to the sink. Returns -abs(error) so callers can
 * `return log_error_errno(r, ...)`; with error 0 returns 0. */
int log_internal(int level, int error, const char *fmt, ...) _printf_(3, 4);

/* A message about a unit file setting: "FILE:LINE: message". file may be NULL. */
int log_syntax_internal(int level, int error, const char *file, unsigned line, const char *fmt, ...)
        _printf_(5, 6);

#define log_error(...) log_internal(LOG_LEVEL_ERR, 0, __VA_ARGS__)
#define log_warning(...) log_internal(LOG_LEVEL_WARNING, 0, __VA_ARGS__)
#define log_notice(...) log_internal(LOG_LEVEL_NOTICE, 0, __VA_ARGS__)
#define log_info(...) log_internal(LOG_LEVEL_INFO, 0, __VA_ARGS__)
#define log_debug(...) log_internal(LOG_LEVEL_DEBUG, 0, __VA_ARGS__)
#define log_error_errno(e, ...) log_internal(LOG_LEVEL_ERR, (e), __VA_ARGS__)
#define log_warning_errno(e, ...) log_internal(LOG_LEVEL_WARNING, (e), __VA_ARGS__)
#define log_syntax(file, line, level, e, ...) log_syntax_internal((level), (e), (file), (line), __VA_ARGS__)

/* "out of memory" style helper for argument errors: prints the message and
 * the "Try 'unitsec --help'" pointer, returns -EINVAL. */
int log_usage_error(const char *fmt, ...) _printf_(1, 2);
