/* SPDX-License-Identifier: MIT */
/* Growth helpers of the parsers and the one pass after the last file that turns their
 * append-only lists into systemd's sets and orders: the parsers never search or shift
 * lists, so hostile files with huge lists load in O(n log n). */
#include "exec-parse.h"
#include "strv.h"

void *exec_array_grow(void *array, size_t n, size_t size) {
        if (n != 0 && (n & (n - 1)) != 0)
                return array;
        return xrealloc(array, (n ? 2 * n : 1) * size);
}

static size_t *strv_length_field(ExecSettings *s, char ***l) {
        struct {
                char ***list;
                size_t *n;
        } map[] = {
                { &s->supplementary_groups, &s->n_supplementary_groups },
                { &s->environment, &s->n_environment },
                { &s->environment_files, &s->n_environment_files },
                { &s->ip_ingress_filter_paths, &s->n_ip_ingress_filter_paths },
                { &s->ip_egress_filter_paths, &s->n_ip_egress_filter_paths },
                { &s->credentials_load, &s->n_credentials_load },
                { &s->credentials_set, &s->n_credentials_set },
        };
        for (size_t i = 0; i < ELEMENTSOF(map); i++)
                if (map[i].list == l)
                        return map[i].n;
        for (ExecDirectoryType d = 0; d < _EXEC_DIRECTORY_TYPE_MAX; d++)
                if (&s->directories[d].paths == l)
                        return &s->directories[d].n_paths;
        abort(); /* programmer error: not a list of ExecSettings */
}

void exec_strv_push(ExecSettings *s, char ***l, char *str) {
        size_t *n = strv_length_field(s, l);
        *l = exec_array_grow(*l, *n + 1, sizeof(char *));
        (*l)[(*n)++] = str;
        (*l)[*n] = NULL;
}

void exec_strv_clear(ExecSettings *s, char ***l) {
        *l = strv_free(*l);
        *strv_length_field(s, l) = 0;
}

typedef struct Keyed {
        const char *key;
        size_t keylen, index;
} Keyed;

static int keyed_compare(const void *a, const void *b) {
        const Keyed *x = a, *y = b;
        size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
        int c = memcmp(x->key, y->key, n);
        if (c != 0)
                return c;
        if (x->keylen != y->keylen)
                return x->keylen < y->keylen ? -1 : 1;
        return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts the entries of l by key (keylen(entry) bytes), stable by position. */
static Keyed *keyed_sort(char **l, size_t n, size_t (*keylen)(const char *)) {
        Keyed *k = xcalloc(n ? n : 1, sizeof(Keyed));
        for (size_t i = 0; i < n; i++)
                k[i] = (Keyed) { .key = l[i], .keylen = keylen(l[i]), .index = i };
        qsort(k, n, sizeof(Keyed), keyed_compare);
        return k;
}

static size_t whole_length(const char *e) { return strlen(e); }
static size_t env_name_length(const char *e) { return (size_t) (strchr(e, '=') - e); }
static size_t credential_id_length(const char *e) { return strlen(e) - 1; }

/* Keeps one entry per key: at the first position of the key, with the last entry's value
 * (keep_last) or the first one's. */
static void strv_unique_by(char **l, size_t *n, size_t (*keylen)(const char *), bool keep_last) {
        _cleanup_free_ Keyed *k = keyed_sort(l, *n, keylen);
        _cleanup_free_ char **out = xcalloc(*n + 1, sizeof(char *));

        for (size_t i = 0; i < *n;) {
                size_t j = i;
                while (j + 1 < *n && keyed_compare(&(Keyed) { k[i].key, k[i].keylen, 0 },
                                                   &(Keyed) { k[j + 1].key, k[j + 1].keylen, 0 }) == 0)
                        j++;
                size_t keep = keep_last ? k[j].index : k[i].index;
                out[k[i].index] = l[keep];
                for (size_t m = i; m <= j; m++)
                        if (k[m].index != keep)
                                free(l[k[m].index]);
                i = j + 1;
        }
        size_t w = 0;
        for (size_t i = 0; i < *n; i++)
                if (out[i])
                        l[w++] = out[i];
        if (l)
                l[w] = NULL;
        *n = w;
}

static int prefix_compare(const void *a, const void *b) {
        const IPAddressPrefix *x = a, *y = b;
        if (x->family != y->family)
                return x->family < y->family ? -1 : 1;
        int c = memcmp(x->address, y->address, sizeof(x->address));
        if (c != 0)
                return c;
        return x->prefixlen < y->prefixlen ? -1 : x->prefixlen > y->prefixlen;
}

/* A set of prefixes, as systemd keeps them: sorted here, duplicates dropped. */
static void prefixes_unique(IPAddressPrefix *l, size_t *n) {
        if (*n == 0)
                return;
        qsort(l, *n, sizeof(*l), prefix_compare);
        size_t w = 1;
        for (size_t i = 1; i < *n; i++)
                if (prefix_compare(&l[w - 1], &l[i]) != 0)
                        l[w++] = l[i];
        *n = w;
}

static void devices_reverse(ExecSettings *s) {
        for (size_t i = 0, j = s->n_device_allow; i + 1 < j; i++, j--) {
                DeviceAllow t = s->device_allow[i];
                s->device_allow[i] = s->device_allow[j - 1];
                s->device_allow[j - 1] = t;
        }
}

static bool credentials_any_encrypted(char **l, size_t *n) {
        /* entries are "ID<0|1>": unique by ID keeping the last assignment */
        strv_unique_by(l, n, credential_id_length, true);
        for (size_t i = 0; i < *n; i++)
                if (endswith(l[i], "1"))
                        return true;
        return false;
}

void exec_settings_finalize(ExecSettings *s) {
        strv_unique_by(s->environment, &s->n_environment, env_name_length, true);
        strv_unique_by(s->ip_ingress_filter_paths, &s->n_ip_ingress_filter_paths, whole_length, false);
        strv_unique_by(s->ip_egress_filter_paths, &s->n_ip_egress_filter_paths, whole_length, false);
        prefixes_unique(s->ip_address_allow, &s->n_ip_address_allow);
        prefixes_unique(s->ip_address_deny, &s->n_ip_address_deny);
        devices_reverse(s);
        s->load_credential_encrypted = credentials_any_encrypted(s->credentials_load, &s->n_credentials_load);
        s->set_credential_encrypted = credentials_any_encrypted(s->credentials_set, &s->n_credentials_set);
}
