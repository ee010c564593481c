/* SPDX-License-Identifier: MIT */
#include <stdarg.h>

#include "macro.h"

const char *endswith(const char *s, const char *suffix) {
        size_t ls = strlen(s), lx = strlen(suffix);
        if (lx > ls)
                return NULL;
        return streq(s + ls - lx, suffix) ? s + ls - lx : NULL;
}

static _noreturn_ void oom(void) {
        fputs("unitsec: out of memory\n", stderr);
        abort();
}

void *xmalloc(size_t n) {
        void *p = malloc(n ? n : 1);
        if (!p)
                oom();
        return p;
}

void *xcalloc(size_t n, size_t m) {
        void *p = calloc(n ? n : 1, m ? m : 1);
        if (!p)
                oom();
        return p;
}

void *xrealloc(void *p, size_t n) {
        void *q = realloc(p, n ? n : 1);
        if (!q)
                oom();
        return q;
}

char *xstrdup(const char *s) {
        char *p = strdup(s);
        if (!p)
                oom();
        return p;
}

char *xstrndup(const char *s, size_t n) {
        char *p = strndup(s, n);
        if (!p)
                oom();
        return p;
}

char *xasprintf(const char *fmt, ...) {
        va_list ap;
        char *p;
        va_start(ap, fmt);
        int r = vasprintf(&p, fmt, ap);
        va_end(ap);
        if (r < 0)
                oom();
        return p;
}

char *xpath_join(const char *a, const char *b) {
        size_t la = strlen(a), lb = strlen(b);
        char *p = xmalloc(la + lb + 2);
        memcpy(p, a, la);
        p[la] = '/';
        memcpy(p + la + 1, b, lb + 1);
        return p;
}

void *greedy_realloc(void **array, size_t *allocated, size_t need, size_t sz) {
        if (need <= *allocated)
                return *array;
        size_t n = *allocated ? *allocated * 2 : 8;
        while (n < need)
                n *= 2;
        *array = xrealloc(*array, n * sz);
        memset((char *) *array + *allocated * sz, 0, (n - *allocated) * sz);
        *allocated = n;
        return *array;
}
