/* SPDX-License-Identifier: MIT */
/* Limit*= ("VALUE" or "SOFT:HARD"; sizes, time spans, nice levels, "infinity"). */
#include <ctype.h>
#include <sys/resource.h>

#include "exec-parse.h"
#include "log.h"
#include "parse-util.h"

typedef struct UnitFactor {
        const char *suffix;
        uint64_t factor;
} UnitFactor;

/* Time units in microseconds. */
static const UnitFactor time_units[] = {
        { "seconds", 1000000ULL }, { "second", 1000000ULL }, { "sec", 1000000ULL }, { "s", 1000000ULL },
        { "minutes", 60000000ULL }, { "minute", 60000000ULL }, { "min", 60000000ULL },
        { "months", 2629800000000ULL }, { "month", 2629800000000ULL }, { "M", 2629800000000ULL },
        { "msec", 1000ULL }, { "ms", 1000ULL }, { "m", 60000000ULL },
        { "hours", 3600000000ULL }, { "hour", 3600000000ULL }, { "hr", 3600000000ULL }, { "h", 3600000000ULL },
        { "days", 86400000000ULL }, { "day", 86400000000ULL }, { "d", 86400000000ULL },
        { "weeks", 604800000000ULL }, { "week", 604800000000ULL }, { "w", 604800000000ULL },
        { "years", 31557600000000ULL }, { "year", 31557600000000ULL }, { "y", 31557600000000ULL },
        { "usec", 1ULL }, { "us", 1ULL }, { "μs", 1ULL }, { "µs", 1ULL },
};

static const UnitFactor size_units[] = {
        { "E", 1ULL << 60 }, { "P", 1ULL << 50 }, { "T", 1ULL << 40 }, { "G", 1ULL << 30 },
        { "M", 1ULL << 20 }, { "K", 1ULL << 10 }, { "B", 1ULL }, { "", 1ULL },
};

/* "N[unit]" repeated (time spans: "1min 30s"); default_factor for a bare number. */
static int parse_scaled(const char *s, const UnitFactor *units, size_t n_units, uint64_t default_factor,
                        bool repeat, uint64_t *ret) {
        uint64_t sum = 0;
        bool any = false;

        while (*s) {
                s += strspn(s, " \t");
                if (!*s)
                        break;
                if (!isdigit((unsigned char) *s))
                        return -EINVAL;
                char *end;
                errno = 0;
                unsigned long long v = strtoull(s, &end, 10);
                if (errno == ERANGE)
                        return -ERANGE;
                s = end;
                s += strspn(s, " \t");
                uint64_t factor = 0;
                size_t i;
                for (i = 0; i < n_units; i++)
                        if (*units[i].suffix && startswith(s, units[i].suffix) &&
                            !isalpha((unsigned char) s[strlen(units[i].suffix)]))
                                break;
                if (i < n_units) {
                        factor = units[i].factor;
                        s += strlen(units[i].suffix);
                } else if (!*s || isdigit((unsigned char) *s) || *s == ' ')
                        factor = default_factor;
                else
                        return -EINVAL;
                if (v > UINT64_MAX / factor || sum + v * factor < sum)
                        return -ERANGE;
                sum += v * factor;
                any = true;
                if (!repeat && *s)
                        return -EINVAL;
        }
        if (!any)
                return -EINVAL;
        *ret = sum;
        return 0;
}

int exec_parse_timespan(const char *s, uint64_t *ret_usec) {
        if (streq(s, "infinity")) {
                *ret_usec = UINT64_MAX;
                return 0;
        }
        return parse_scaled(s, time_units, ELEMENTSOF(time_units), 1000000ULL, true, ret_usec);
}

static int rlimit_parse_nice(const char *v, uint64_t *ret) {
        uint64_t n;
        if (safe_atou64(v + (v[0] == '+' || v[0] == '-'), &n) < 0)
                return -EINVAL;
        if (v[0] == '+') {
                if (n >= 20)
                        return -ERANGE;
                n = 20 - n;
        } else if (v[0] == '-') {
                if (n > 20)
                        return -ERANGE;
                n = 20 + n;
        } else if (n > 40)
                return -ERANGE;
        *ret = n;
        return 0;
}

static int rlimit_parse_one(int resource, const char *v, uint64_t *ret) {
        uint64_t u;
        int r;

        if (streq(v, "infinity")) {
                *ret = UINT64_MAX;
                return 0;
        }
        switch (resource) {
        case RLIMIT_CPU:
                r = parse_scaled(v, time_units, ELEMENTSOF(time_units), 1000000ULL, true, &u);
                if (r >= 0)
                        u = (u + 999999) / 1000000;
                break;
        case RLIMIT_RTTIME:
                r = parse_scaled(v, time_units, ELEMENTSOF(time_units), 1, true, &u);
                break;
        case RLIMIT_FSIZE: case RLIMIT_DATA: case RLIMIT_STACK: case RLIMIT_CORE:
        case RLIMIT_RSS: case RLIMIT_MEMLOCK: case RLIMIT_AS: case RLIMIT_MSGQUEUE:
                r = parse_scaled(v, size_units, ELEMENTSOF(size_units), 1, false, &u);
                break;
        case RLIMIT_NICE:
                r = rlimit_parse_nice(v, &u);
                break;
        default:
                r = safe_atou64(v, &u);
        }
        if (r < 0)
                return r;
        *ret = u;
        return 0;
}

/* Limit*= (ltype: RLIMIT_*). */
int parse_rlimit(const ParseContext *ctx, const char *value) {
        ResourceLimit *l = &ctx->settings->rlimits[ctx->directive->ltype];
        const char *colon = strchr(value, ':');
        _cleanup_free_ char *soft = colon ? xstrndup(value, (size_t) (colon - value)) : xstrdup(value);
        uint64_t s, h;

        if (rlimit_parse_one(ctx->directive->ltype, soft, &s) < 0 ||
            rlimit_parse_one(ctx->directive->ltype, colon ? colon + 1 : value, &h) < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid resource limit, ignoring: %s", value);
                return 0;
        }
        if (s > h) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                           "the soft limit is above the hard limit, ignoring: %s", value);
                return 0;
        }
        *l = (ResourceLimit) { .set = true, .soft = s, .hard = h, .origin = { .file = ctx->file, .line = ctx->line } };
        return 1;
}
