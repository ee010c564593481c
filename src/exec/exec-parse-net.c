/* SPDX-License-Identifier: MIT */
/* Parsers of the cgroup network and device settings: IPAddressAllow/Deny=, IP*FilterPath=,
 * DeviceAllow=. */
#include <arpa/inet.h>
#include <limits.h>
#include <strings.h>
#include <sys/socket.h>

#include "exec-parse.h"
#include "extract-word.h"
#include "log.h"
#include "parse-util.h"
#include "strv.h"

static void prefix_mask(IPAddressPrefix *a) {
        size_t bytes = a->family == AF_INET ? 4 : 16;
        for (size_t i = 0; i < bytes; i++) {
                unsigned bits = a->prefixlen > i * 8 ? a->prefixlen - i * 8 : 0;
                if (bits < 8)
                        a->address[i] &= (uint8_t) (0xff00u >> bits);
        }
}

static void prefix_add(IPAddressPrefix **list, size_t *n, int family, const char *addr, unsigned prefixlen) {
        IPAddressPrefix a = { .family = family, .prefixlen = prefixlen };
        if (inet_pton(family, addr, a.address) != 1)
                return;
        prefix_mask(&a);
        /* duplicates are dropped once, after loading (exec_settings_finalize) */
        *list = exec_array_grow(*list, *n, sizeof(**list));
        (*list)[(*n)++] = a;
}

static bool is_localhost_name(const char *s) {
        static const char *const names[] = { "localhost", "localhost.", "localhost.localdomain",
                                             "localhost.localdomain." };
        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                if (strcasecmp(s, names[i]) == 0)
                        return true;
                size_t ls = strlen(s), ln = strlen(names[i]);
                if (ls > ln && s[ls - ln - 1] == '.' && strcasecmp(s + ls - ln, names[i]) == 0)
                        return true;
        }
        return false;
}

/* "ADDRESS[/PREFIXLEN]" of either family. */
static int prefix_parse(const char *word, int *ret_family, char **ret_addr, unsigned *ret_len) {
        _cleanup_free_ char *addr = NULL;
        const char *slash = strchr(word, '/');
        uint8_t buf[16];
        unsigned len;
        int family;

        addr = slash ? xstrndup(word, (size_t) (slash - word)) : xstrdup(word);
        if (inet_pton(AF_INET, addr, buf) == 1)
                family = AF_INET;
        else if (inet_pton(AF_INET6, addr, buf) == 1)
                family = AF_INET6;
        else
                return -EINVAL;
        unsigned max = family == AF_INET ? 32 : 128;
        if (!slash)
                len = max;
        else if (safe_atou(slash + 1, &len) < 0 || len > max)
                return -EINVAL;
        *ret_family = family;
        *ret_addr = TAKE_PTR(addr);
        *ret_len = len;
        return 0;
}

static bool ip_keyword_add(IPAddressPrefix **l, size_t *n, const char *word) {
        static const struct {
                const char *keyword, *v4;
                unsigned len4;
                const char *v6;
                unsigned len6;
        } keywords[] = {
                { "any", "0.0.0.0", 0, "::", 0 },
                { "link-local", "169.254.0.0", 16, "fe80::", 64 },
                { "multicast", "224.0.0.0", 4, "ff00::", 8 },
        };

        if (is_localhost_name(word)) {
                prefix_add(l, n, AF_INET, "127.0.0.0", 8);
                prefix_add(l, n, AF_INET6, "::1", 128);
                return true;
        }
        for (size_t i = 0; i < ELEMENTSOF(keywords); i++)
                if (streq(word, keywords[i].keyword)) {
                        prefix_add(l, n, AF_INET, keywords[i].v4, keywords[i].len4);
                        prefix_add(l, n, AF_INET6, keywords[i].v6, keywords[i].len6);
                        return true;
                }
        return false;
}

/* IPAddressAllow= (ltype 0) and IPAddressDeny= (ltype 1). */
int parse_ip_address_list(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;
        bool deny = ctx->directive->ltype == 1;
        IPAddressPrefix **l = deny ? &s->ip_address_deny : &s->ip_address_allow;
        size_t *n = deny ? &s->n_ip_address_deny : &s->n_ip_address_allow;

        if (isempty(value)) {
                free(*l);
                *l = NULL;
                *n = 0;
                return 1;
        }
        for (const char *p = value;;) {
                _cleanup_free_ char *word = NULL, *addr = NULL;
                int family, r = extract_first_word(&p, &word, NULL, 0);
                unsigned len;
                if (r < 0)
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 1;
                if (r == 0)
                        return 1;
                if (ip_keyword_add(l, n, word))
                        continue;
                if (prefix_parse(word, &family, &addr, &len) < 0) {
                        log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid address prefix, ignoring: %s", word);
                        continue;
                }
                prefix_add(l, n, family, addr, len);
        }
}

/* IPIngressFilterPath= / IPEgressFilterPath=: paths to pinned BPF programs. */
int parse_ip_filter_path(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;
        char ***paths = ctx->data;
        _cleanup_free_ char *k = NULL;

        if (isempty(value))
                exec_strv_clear(s, paths);
        else {
                if (exec_expand(ctx, value, PATH_MAX, &k) < 0)
                        return 0;
                if (exec_path_check(ctx, k, false, false) < 0)
                        return 0;
                exec_strv_push(s, paths, TAKE_PTR(k)); /* duplicates: see finalize */
        }
        s->ip_filter_path_set = s->n_ip_ingress_filter_paths > 0 || s->n_ip_egress_filter_paths > 0;
        return 1;
}

void exec_device_allow_prepend(ExecSettings *s, const char *path, unsigned permissions, Origin origin) {
        s->device_allow = xrealloc(s->device_allow, (s->n_device_allow + 1) * sizeof(DeviceAllow));
        memmove(s->device_allow + 1, s->device_allow, s->n_device_allow * sizeof(DeviceAllow));
        s->device_allow[0] = (DeviceAllow) { .path = xstrdup(path), .permissions = permissions, .origin = origin };
        s->n_device_allow++;
}

static void device_allow_clear(ExecSettings *s) {
        for (size_t i = 0; i < s->n_device_allow; i++)
                free(s->device_allow[i].path);
        free(s->device_allow);
        s->device_allow = NULL;
        s->n_device_allow = 0;
}

/* Whether path is dir or below it, by whole components ("/dev" is, "/devices" is not). */
static bool path_is_at_or_below(const char *path, const char *dir) {
        const char *rest = startswith(path, dir);
        return rest && (rest[0] == 0 || rest[0] == '/');
}

/* As systemd 252: "/dev" itself passes (checked: DeviceAllow=/dev, /dev/ and /dev/%i outside a
 * template all keep "/dev"). */
static bool device_node_path_is_valid(const char *p) {
        if (!path_is_at_or_below(p, "/dev") && !path_is_at_or_below(p, "/run/systemd/inaccessible"))
                return false;
        return !endswith(p, "/");
}

static int device_mode_parse(const char *m, unsigned *ret) {
        unsigned perm = 0;

        if (isempty(m)) {
                *ret = CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE | CGROUP_DEVICE_MKNOD;
                return 0;
        }
        for (; *m; m++)
                switch (*m) {
                case 'r': perm |= CGROUP_DEVICE_READ; break;
                case 'w': perm |= CGROUP_DEVICE_WRITE; break;
                case 'm': perm |= CGROUP_DEVICE_MKNOD; break;
                default: return -EINVAL;
                }
        *ret = perm;
        return 0;
}

int parse_device_allow(const ParseContext *ctx, const char *value) {
        ExecSettings *s = ctx->settings;
        _cleanup_free_ char *path = NULL, *k = NULL;
        const char *p = value;
        unsigned perm;

        if (isempty(value)) {
                device_allow_clear(s);
                return 1;
        }
        if (extract_first_word(&p, &path, NULL, EXTRACT_UNQUOTE) <= 0)
                return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid syntax, ignoring: %s", value), 0;
        if (exec_expand(ctx, path, PATH_MAX, &k) < 0)
                return 0;
        if (!startswith(k, "block-") && !startswith(k, "char-")) {
                if (k[0] == '/' && exec_path_check(ctx, k, false, false) < 0)
                        return 0;
                if (!device_node_path_is_valid(k))
                        return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                                          "not a device node path '%s', ignoring", k), 0;
        }
        if (device_mode_parse(p, &perm) < 0)
                return log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid device access mode '%s', ignoring", p), 0;
        /* appended here, reversed once after loading: systemd prepends */
        s->device_allow = exec_array_grow(s->device_allow, s->n_device_allow, sizeof(DeviceAllow));
        s->device_allow[s->n_device_allow++] = (DeviceAllow) {
                .path = TAKE_PTR(k),
                .permissions = perm,
                .origin = { .file = ctx->file, .line = ctx->line },
        };
        return 1;
}
