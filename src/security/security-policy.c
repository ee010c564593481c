/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <json-c/json.h>
#include <sys/stat.h>

#include "log.h"
#include "security-policy.h"

#define POLICY_MAX_SIZE (4u * 1024u * 1024u)

static const char *const policy_dirs[] = {
        "/etc/systemd/",
        "/run/systemd/",
        "/usr/local/lib/systemd/",
        "/usr/lib/systemd/",
};

SecurityPolicy *security_policy_free(SecurityPolicy *p) {
        if (!p)
                return NULL;
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                free(p->entries[i].description_good);
                free(p->entries[i].description_bad);
                free(p->entries[i].description_na);
        }
        free(p->path);
        free(p);
        return NULL;
}

/* v252 accepts only non-negative integers; anything else leaves the built-in value. */
static bool get_unsigned(json_object *o, const char *key, uint64_t *ret) {
        json_object *v;
        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
                return false;
        if (json_object_get_int64(v) < 0)
                return false;
        *ret = json_object_get_uint64(v);
        return true;
}

static void get_string(json_object *o, const char *key, char **ret) {
        json_object *v;
        if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)) {
                free(*ret);
                *ret = xstrdup(json_object_get_string(v));
        }
}

static void apply_entry(SecurityPolicyEntry *e, json_object *o) {
        if (!json_object_is_type(o, json_type_object))
                return;
        e->weight_set = get_unsigned(o, "weight", &e->weight) || e->weight_set;
        e->range_set = get_unsigned(o, "range", &e->range) || e->range_set;
        get_string(o, "description_good", &e->description_good);
        get_string(o, "description_bad", &e->description_bad);
        get_string(o, "description_na", &e->description_na);
}

/* Line and column (1-based) of byte offset off in text. */
static void position(const char *text, size_t off, unsigned *line, unsigned *col) {
        *line = 1;
        *col = 1;
        for (size_t i = 0; i < off; i++) {
                if (text[i] == '\n') {
                        (*line)++;
                        *col = 1;
                } else
                        (*col)++;
        }
}

static const char *policy_error(enum json_tokener_error e) {
        if (e == json_tokener_success)
                return "unexpected text after the JSON value";
        if (e == json_tokener_continue)
                return "unexpected end of input";
        return json_tokener_error_desc(e);
}

int security_policy_parse(const char *text, size_t size, const char *path, SecurityPolicy **ret) {
        json_tokener *tok = json_tokener_new();
        if (!tok)
                return log_error_errno(-ENOMEM, "out of memory");
        json_object *root = json_tokener_parse_ex(tok, text, (int) size);
        enum json_tokener_error jerr = json_tokener_get_error(tok);
        size_t off = json_tokener_get_parse_end(tok);
        json_tokener_free(tok);
        if (!root || jerr != json_tokener_success || text[off + strspn(text + off, " \t\r\n")] != 0) {
                unsigned line, col;
                position(text, off, &line, &col);
                json_object_put(root);
                return log_error_errno(-EBADMSG, "%s:%u:%u: the security policy is not valid JSON: %s", path, line,
                                       col, policy_error(jerr));
        }
        SecurityPolicy *p = xcalloc(1, sizeof *p);
        p->path = xstrdup(path);
        if (json_object_is_type(root, json_type_object)) { /* v252 ignores any other top level */
                json_object_object_foreach(root, key, val) {
                        int i = security_test_from_json_field(key);
                        if (i >= 0)
                                apply_entry(&p->entries[i], val);
                }
        }
        json_object_put(root);
        *ret = p;
        return 0;
}

/* Reads a regular file of bounded size, NUL-terminated. */
static int read_policy_file(const char *path, char **ret, size_t *ret_size) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EBADFD;
        if (st.st_size > POLICY_MAX_SIZE)
                return -EFBIG;
        _cleanup_free_ char *buf = xmalloc((size_t) st.st_size + 1);
        size_t n = 0;
        while (n < (size_t) st.st_size) {
                ssize_t k = read(fd, buf + n, (size_t) st.st_size - n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return -errno;
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        buf[n] = 0;
        *ret_size = n;
        *ret = TAKE_PTR(buf);
        return 0;
}

int security_policy_load(const char *path, SecurityPolicy **ret) {
        _cleanup_free_ char *found = NULL, *text = NULL;
        size_t size = 0;
        int r;
        if (!path) {
                for (size_t i = 0; i < ELEMENTSOF(policy_dirs) && !found; i++) {
                        _cleanup_free_ char *p = xasprintf("%ssystemd-analyze-security.policy", policy_dirs[i]);
                        if (access(p, F_OK) >= 0)
                                found = TAKE_PTR(p);
                }
                if (!found) {
                        *ret = NULL;
                        return 0;
                }
                path = found;
        }
        r = read_policy_file(path, &text, &size);
        if (r == -EBADFD)
                return log_error_errno(r, "the security policy '%s' is not a regular file, refusing it", path);
        if (r == -EFBIG)
                return log_error_errno(r, "the security policy '%s' is larger than %u bytes, refusing it", path,
                                       POLICY_MAX_SIZE);
        if (r < 0)
                return log_error_errno(r, "cannot read the security policy '%s': %m", path);
        if (memchr(text, 0, size))
                return log_error_errno(-EBADMSG, "%s: the security policy contains a NUL byte", path);
        return security_policy_parse(text, size, path, ret);
}
