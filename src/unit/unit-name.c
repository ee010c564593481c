/* SPDX-License-Identifier: MIT */
/* Unit names: validation, parts, escaping — systemd's rules (unit-name.c semantics). */
#include "unit-name.h"

#define UNIT_NAME_MAX 256
#define DIGITS "0123456789"
#define LETTERS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define VALID_CHARS DIGITS LETTERS ":-_.\\"

static const char *const unit_type_table[_UNIT_TYPE_MAX] = {
        [UNIT_SERVICE] = "service", [UNIT_MOUNT] = "mount",   [UNIT_SWAP] = "swap",
        [UNIT_SOCKET] = "socket",   [UNIT_TARGET] = "target", [UNIT_DEVICE] = "device",
        [UNIT_AUTOMOUNT] = "automount", [UNIT_TIMER] = "timer", [UNIT_PATH] = "path",
        [UNIT_SLICE] = "slice",     [UNIT_SCOPE] = "scope",
};

const char *unit_type_to_string(UnitType t) {
        if (t < 0 || t >= _UNIT_TYPE_MAX)
                return NULL;
        return unit_type_table[t];
}

UnitType unit_type_from_string(const char *s) {
        if (!s)
                return _UNIT_TYPE_INVALID;
        for (int t = 0; t < _UNIT_TYPE_MAX; t++)
                if (streq(s, unit_type_table[t]))
                        return (UnitType) t;
        return _UNIT_TYPE_INVALID;
}

bool unit_type_may_template(UnitType t) {
        return t == UNIT_SERVICE || t == UNIT_SOCKET || t == UNIT_TARGET || t == UNIT_TIMER || t == UNIT_PATH;
}

/* Checked with systemd-analyze 252: link.T -> real.T loads real.T for devices too; for mounts,
 * automounts, swaps, slices and scopes the symlink is refused. */
bool unit_type_may_alias(UnitType t) {
        return t == UNIT_SERVICE || t == UNIT_SOCKET || t == UNIT_TARGET || t == UNIT_DEVICE || t == UNIT_TIMER ||
               t == UNIT_PATH;
}

/* Letters, digits and ":-_.\\": one table lookup, names are checked by the thousand. */
static const bool valid_chars[256] = {
        ['a' ... 'z'] = true, ['A' ... 'Z'] = true, ['0' ... '9'] = true,
        [':'] = true, ['-'] = true, ['_'] = true, ['.'] = true, ['\\'] = true,
};

static bool valid_char(char c) {
        return valid_chars[(unsigned char) c];
}

bool unit_name_is_valid(const char *n, UnitNameFlags flags) {
        if (isempty(n) || strlen(n) >= UNIT_NAME_MAX)
                return false;
        const char *e = strrchr(n, '.');
        if (!e || e == n || unit_type_from_string(e + 1) < 0)
                return false;
        const char *at = NULL;
        for (const char *i = n; i < e; i++) {
                if (*i == '@' && !at)
                        at = i;
                if (*i != '@' && !valid_char(*i))
                        return false;
        }
        if (at == n)
                return false;
        if ((flags & UNIT_NAME_PLAIN) && !at)
                return true;
        if ((flags & UNIT_NAME_INSTANCE) && at && e > at + 1)
                return true;
        if ((flags & UNIT_NAME_TEMPLATE) && at && e == at + 1)
                return true;
        return false;
}

UnitType unit_name_to_type(const char *n) {
        if (!unit_name_is_valid(n, UNIT_NAME_ANY))
                return _UNIT_TYPE_INVALID;
        return unit_type_from_string(strrchr(n, '.') + 1);
}

int unit_name_to_prefix(const char *n, char **ret) {
        if (!unit_name_is_valid(n, UNIT_NAME_ANY))
                return -EINVAL;
        const char *p = strchr(n, '@');
        if (!p)
                p = strrchr(n, '.');
        *ret = xstrndup(n, (size_t) (p - n));
        return 0;
}

int unit_name_to_instance(const char *n, char **ret) {
        if (!unit_name_is_valid(n, UNIT_NAME_ANY))
                return -EINVAL;
        const char *p = strchr(n, '@');
        if (!p) {
                *ret = NULL;
                return 0;
        }
        const char *d = strrchr(p, '.');
        *ret = xstrndup(p + 1, (size_t) (d - p - 1));
        return 0;
}

int unit_name_template(const char *n, char **ret) {
        if (!unit_name_is_valid(n, UNIT_NAME_INSTANCE | UNIT_NAME_TEMPLATE))
                return -EINVAL;
        const char *a = strchr(n, '@');
        const char *e = strrchr(a, '.');
        *ret = xasprintf("%.*s%s", (int) (a - n + 1), n, e);
        return 0;
}

int unit_name_replace_instance(const char *n, const char *instance, char **ret) {
        if (!unit_name_is_valid(n, UNIT_NAME_INSTANCE | UNIT_NAME_TEMPLATE))
                return -EINVAL;
        const char *a = strchr(n, '@');
        const char *e = strrchr(a, '.');
        char *s = xasprintf("%.*s%s%s", (int) (a - n + 1), n, instance, e);
        if (!unit_name_is_valid(s, UNIT_NAME_INSTANCE)) {
                free(s);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}

static int unhex(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

/* "\xNN" → byte, "-" → "/". Any other backslash sequence is an error. */
int unit_name_unescape(const char *s, char **ret) {
        size_t l = strlen(s);
        char *r = xmalloc(l + 1), *t = r;
        for (const char *f = s; *f; f++) {
                if (*f == '-') {
                        *t++ = '/';
                        continue;
                }
                if (*f != '\\') {
                        *t++ = *f;
                        continue;
                }
                int a = f[1] == 'x' ? unhex(f[2]) : -EINVAL;
                int b = a >= 0 ? unhex(f[3]) : -EINVAL;
                if (b < 0) {
                        free(r);
                        return -EINVAL;
                }
                *t++ = (char) ((a << 4) | b);
                f += 3;
        }
        *t = 0;
        *ret = r;
        return 0;
}

char *unit_name_escape(const char *s) {
        char *r = xmalloc(strlen(s) * 4 + 1), *t = r;
        for (const char *f = s; *f; f++) {
                if (*f == '/')
                        *t++ = '-';
                else if (*f == '-' || *f == '\\' || !strchr(VALID_CHARS, *f) || (*f == '.' && f == s))
                        t += sprintf(t, "\\x%02x", (unsigned) (unsigned char) *f);
                else
                        *t++ = *f;
        }
        *t = 0;
        return r;
}

/* "/a/./b", "a//b", ".." components are not normalized. */
static bool path_is_normalized(const char *p) {
        if (strstr(p, "//") || strstr(p, "/./") || strstr(p, "/../"))
                return false;
        if (endswith(p, "/.") || endswith(p, "/..") || startswith(p, "./") || startswith(p, "../"))
                return false;
        return !streq(p, ".") && !streq(p, "..");
}

int unit_name_path_unescape(const char *s, char **ret) {
        if (isempty(s))
                return -EINVAL;
        if (streq(s, "-")) {
                *ret = xstrdup("/");
                return 0;
        }
        _cleanup_free_ char *w = NULL;
        int r = unit_name_unescape(s, &w);
        if (r < 0)
                return r;
        if (w[0] == '/' || endswith(w, "/"))
                return -EINVAL;
        char *p = xasprintf("/%s", w);
        if (!path_is_normalized(p)) {
                free(p);
                return -EINVAL;
        }
        *ret = p;
        return 0;
}
