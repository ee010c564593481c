/* SPDX-License-Identifier: MIT */
/* Parsers of the facts the load checks of sockets, mounts, swaps, timers and paths need
 * (exec-verify.c): only whether valid values exist, and of which kind. */
#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>

#include "exec-parse.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "unit-name.h"

static bool port_is_valid(const char *s) {
        unsigned p;
        return safe_atou(s, &p) >= 0 && p >= 1 && p <= 65535;
}

/* ListenStream=/ListenDatagram=/ListenSequentialPacket= address: port, path, abstract name,
 * IPv4:port, [IPv6]:port or vsock:CID:PORT. Sets *node for a file system socket. */
static bool socket_address_is_valid(const char *a, bool *node) {
        _cleanup_free_ char *host = NULL;
        const char *colon;
        uint8_t buf[16];

        *node = a[0] == '/';
        if (a[0] == '/' || a[0] == '@')
                return strlen(a) < 108 && a[1];
        if (startswith(a, "vsock:"))
                return strchr(a + 6, ':') != NULL;
        if (port_is_valid(a))
                return true;
        if (a[0] == '[') {
                const char *end = strchr(a, ']');
                if (!end || end[1] != ':')
                        return false;
                host = xstrndup(a + 1, (size_t) (end - a - 1));
                return inet_pton(AF_INET6, host, buf) == 1 && port_is_valid(end + 2);
        }
        colon = strrchr(a, ':');
        if (!colon)
                return false;
        host = xstrndup(a, (size_t) (colon - a));
        return inet_pton(AF_INET, host, buf) == 1 && port_is_valid(colon + 1);
}

static const char *const netlink_families[] = {
        "route", "firewall", "inet-diag", "nflog", "xfrm", "selinux", "iscsi", "audit", "fib-lookup",
        "connector", "netfilter", "ip6-fw", "dnrtmsg", "kobject-uevent", "generic", "scsitransport",
        "ecryptfs", "rdma", "crypto", "smc",
};

static bool netlink_is_valid(const char *v) {
        _cleanup_free_ char *family = NULL;
        const char *p = v;
        if (extract_first_word(&p, &family, NULL, 0) <= 0)
                return false;
        for (size_t i = 0; i < ELEMENTSOF(netlink_families); i++)
                if (streq(netlink_families[i], family))
                        return true;
        return false;
}

/* Listen*= (ltype: 0 stream, 1 datagram, 2 sequential packet, 3 FIFO, 4 special, 5 netlink,
 * 6 message queue, 7 USB function). An empty assignment drops every listener. */
int parse_listen(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;
        _cleanup_free_ char *k = NULL;
        int kind = ctx->directive->ltype;
        bool node = false, ok;

        if (isempty(value)) {
                s->n_listen = s->n_listen_non_accepting = s->n_listen_nodes = 0;
                return 1;
        }
        if (exec_expand(ctx, value, PATH_MAX, &k) < 0)
                return 0;
        if (kind <= 2)
                ok = socket_address_is_valid(k, &node);
        else if (kind == 5)
                ok = netlink_is_valid(k);
        else if (kind == 6)
                ok = k[0] == '/' && k[1] && !strchr(k + 1, '/');
        else {
                ok = exec_path_check(ctx, k, false, false) >= 0;
                node = kind != 7;
                if (!ok)
                        return 0;
        }
        if (!ok) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid %s= address, ignoring: %s",
                           ctx->directive->name, k);
                return 0;
        }
        s->n_listen++;
        s->n_listen_non_accepting += kind != 0 && kind != 2;
        s->n_listen_nodes += node;
        return 1;
}

/* [Socket] Service=: a service unit name. */
int parse_socket_service(const ParseContext *ctx, const char *value) {
        _cleanup_free_ char *k = NULL;
        if (exec_expand(ctx, value, PATH_MAX, &k) < 0)
                return 0;
        if (!unit_name_is_valid(k, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE) || !endswith(k, ".service")) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "Service= is not a service unit name, ignoring: %s", k);
                return 0;
        }
        ctx->settings->socket_service_set = true;
        return 1;
}

int parse_max_connections(const ParseContext *ctx, const char *value) {
        unsigned n;
        if (safe_atou(value, &n) < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid number, ignoring: %s", value);
                return 0;
        }
        ctx->settings->socket_max_connections_zero = n == 0;
        return 1;
}

int parse_symlinks(const ParseContext *ctx, const char *value) {
        ctx->settings->socket_symlinks = !isempty(value);
        return 1;
}

/* What= (ltype 0, expanded as given) and Where= (ltype 1, an absolute path). */
int parse_what_where(const ParseContext *ctx, const char *value) {
        char **dest = ctx->data;
        _cleanup_free_ char *k = NULL;

        if (isempty(value)) {
                *dest = mfree_str(*dest);
                return 1;
        }
        if (exec_expand(ctx, value, PATH_MAX, &k) < 0)
                return 0;
        if (ctx->directive->ltype == 1 && exec_path_check(ctx, k, false, false) < 0)
                return 0;
        free(*dest);
        *dest = TAKE_PTR(k);
        return 1;
}

static bool calendar_token_is_valid(const char *t) {
        static const char *const words[] = {
                "minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "quarterly",
                "semiannually", "UTC",
        };
        static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday", "Tuesday",
                                            "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
        for (size_t i = 0; i < ELEMENTSOF(words); i++)
                if (streq(t, words[i]))
                        return true;
        if (strchr(t, '/') && isupper((unsigned char) t[0]))
                return true; /* a time zone such as Europe/Berlin */
        if (strspn(t, "0123456789*/,.:~-") == strlen(t))
                return true;
        for (const char *p = t; *p;) {
                size_t n = strcspn(p, ",.");
                size_t i;
                for (i = 0; i < ELEMENTSOF(days); i++)
                        if (strlen(days[i]) == n && strncmp(days[i], p, n) == 0)
                                break;
                if (i == ELEMENTSOF(days))
                        return false;
                p += n;
                p += strspn(p, ",.");
        }
        return true;
}

/* An approximation of systemd's calendar specification syntax, token by token. */
static bool calendar_is_valid(const char *v) {
        bool any = false;
        for (const char *p = v;;) {
                _cleanup_free_ char *t = NULL;
                int r = extract_first_word(&p, &t, NULL, 0);
                if (r < 0)
                        return false;
                if (r == 0)
                        return any;
                if (!calendar_token_is_valid(t))
                        return false;
                any = true;
        }
}

/* [Timer] On*= (ltype 0: calendar, 1: time span). Empty drops every value. */
int parse_timer_value(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;
        uint64_t usec;

        if (isempty(value)) {
                s->n_trigger_values = 0;
                return 1;
        }
        bool ok = ctx->directive->ltype == 0 ? calendar_is_valid(value) : exec_parse_timespan(value, &usec) >= 0;
        if (!ok) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid %s= value, ignoring: %s",
                           ctx->directive->name, value);
                return 0;
        }
        s->n_trigger_values++;
        return 1;
}

/* [Path] PathExists= & co: an absolute path. Empty drops every condition. */
int parse_path_condition(const ParseContext *ctx, const char *value) {
        _cleanup_free_ char *k = NULL;

        if (isempty(value)) {
                ctx->settings->n_trigger_values = 0;
                return 1;
        }
        if (exec_expand(ctx, value, PATH_MAX, &k) < 0 || exec_path_check(ctx, k, false, false) < 0)
                return 0;
        ctx->settings->n_trigger_values++;
        return 1;
}
