/* SPDX-License-Identifier: MIT */
#include "strv.h"

size_t strv_length(char *const *l) {
        size_t n = 0;
        while (l && l[n])
                n++;
        return n;
}

char **strv_free(char **l) {
        for (size_t i = 0; l && l[i]; i++)
                free(l[i]);
        free(l);
        return NULL;
}

void strv_consume(char ***l, char *s) {
        size_t n = strv_length(*l);
        *l = xrealloc(*l, (n + 2) * sizeof(char *));
        (*l)[n] = s;
        (*l)[n + 1] = NULL;
}

void strv_extend(char ***l, const char *s) { strv_consume(l, xstrdup(s)); }

bool strv_contains(char *const *l, const char *s) {
        STRV_FOREACH(i, l)
                if (streq(*i, s))
                        return true;
        return false;
}

char **strv_copy(char *const *l) {
        char **r = xcalloc(strv_length(l) + 1, sizeof(char *));
        size_t n = 0;
        STRV_FOREACH(i, l)
                r[n++] = xstrdup(*i);
        return r;
}

char *strv_join(char *const *l, const char *sep) {
        size_t len = 1, ls = strlen(sep);
        STRV_FOREACH(i, l)
                len += strlen(*i) + ls;
        char *r = xmalloc(len), *p = r;
        *p = 0;
        STRV_FOREACH(i, l) {
                if (i != l)
                        p = stpcpy(p, sep);
                p = stpcpy(p, *i);
        }
        return r;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *) a, *(char *const *) b); }

void strv_sort(char **l) {
        if (l)
                qsort(l, strv_length(l), sizeof(char *), cmp_str);
}
