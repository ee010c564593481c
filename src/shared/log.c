/* SPDX-License-Identifier: MIT */
#include <stdarg.h>

#include "log.h"

static int max_level = LOG_LEVEL_INFO;
static log_sink_t sink;
static void *sink_userdata;

void log_set_max_level(int level) { max_level = level; }
int log_get_max_level(void) { return max_level; }

void log_set_sink(log_sink_t s, void *userdata) {
        sink = s;
        sink_userdata = userdata;
}

static int log_emit(int level, int error, const char *prefix, const char *fmt, va_list ap) {
        int ret = error == 0 ? 0 : -abs(error);
        if (level > max_level)
                return ret;
        int saved = errno;
        if (error != 0)
                errno = abs(error);
        char *msg = NULL;
        if (vasprintf(&msg, fmt, ap) < 0)
                msg = NULL;
        errno = saved;
        if (sink)
                sink(level, msg ? msg : fmt, sink_userdata);
        else {
                fprintf(stderr, "%s%s\n", prefix ? prefix : "", msg ? msg : fmt);
                fflush(stderr);
        }
        free(msg);
        return ret;
}

int log_internal(int level, int error, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        int r = log_emit(level, error, NULL, fmt, ap);
        va_end(ap);
        return r;
}

int log_syntax_internal(int level, int error, const char *file, unsigned line, const char *fmt, ...) {
        _cleanup_free_ char *f = NULL;
        if (file)
                f = xasprintf("%s:%u: %s", file, line, fmt);
        va_list ap;
        va_start(ap, fmt);
        /* fmt is ours, built from a literal plus the file name: escape '%' in the file name. */
        int r;
        if (f && !strchr(file, '%'))
                r = log_emit(level, error, NULL, f, ap);
        else if (file) {
                _cleanup_free_ char *m = NULL;
                int saved = errno;
                if (error)
                        errno = abs(error);
                if (vasprintf(&m, fmt, ap) < 0)
                        m = NULL;
                errno = saved;
                r = log_internal(level, error, "%s:%u: %s", file, line, m ? m : fmt);
        } else
                r = log_emit(level, error, NULL, fmt, ap);
        va_end(ap);
        return r;
}

int log_usage_error(const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        (void) log_emit(LOG_LEVEL_ERR, 0, "unitsec: ", fmt, ap);
        va_end(ap);
        (void) log_internal(LOG_LEVEL_ERR, 0, "Try 'unitsec --help' for more information.");
        return -EINVAL;
}
