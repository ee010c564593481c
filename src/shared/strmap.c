/* SPDX-License-Identifier: MIT */
#include "strmap.h"

static uint64_t strmap_hash(const char *s) {
        uint64_t h = 1469598103934665603ULL;
        for (; *s; s++)
                h = (h ^ (unsigned char) *s) * 1099511628211ULL;
        return h;
}

static StrMapEntry *strmap_slot(StrMapEntry *slots, size_t n_slots, const char *key) {
        size_t i = strmap_hash(key) & (n_slots - 1);
        while (slots[i].key && !streq(slots[i].key, key))
                i = (i + 1) & (n_slots - 1);
        return &slots[i];
}

static void strmap_grow(StrMap *m) {
        size_t n = m->n_slots ? m->n_slots * 2 : 64;
        StrMapEntry *slots = xcalloc(n, sizeof(StrMapEntry));
        for (size_t i = 0; i < m->n_slots; i++)
                if (m->slots[i].key)
                        *strmap_slot(slots, n, m->slots[i].key) = m->slots[i];
        free(m->slots);
        m->slots = slots;
        m->n_slots = n;
}

StrMapEntry *strmap_get(const StrMap *m, const char *key) {
        if (m->n_slots == 0)
                return NULL;
        StrMapEntry *e = strmap_slot(m->slots, m->n_slots, key);
        return e->key ? e : NULL;
}

StrMapEntry *strmap_ensure(StrMap *m, const char *key) {
        if ((m->n_entries + 1) * 2 > m->n_slots)
                strmap_grow(m);
        StrMapEntry *e = strmap_slot(m->slots, m->n_slots, key);
        if (!e->key) {
                e->key = xstrdup(key);
                e->value = 0;
                m->n_entries++;
        }
        return e;
}

void strmap_done(StrMap *m) {
        for (size_t i = 0; i < m->n_slots; i++)
                free(m->slots[i].key);
        free(m->slots);
        *m = (StrMap) {};
}

static int strmap_cmp(const void *a, const void *b) {
        return strcmp(*(const char *const *) a, *(const char *const *) b);
}

const char **strmap_sorted_keys(const StrMap *m) {
        const char **keys = xcalloc(m->n_entries + 1, sizeof(char *));
        size_t n = 0;
        for (size_t i = 0; i < m->n_slots; i++)
                if (m->slots[i].key)
                        keys[n++] = m->slots[i].key;
        qsort(keys, n, sizeof(char *), strmap_cmp);
        return keys;
}
