/* SPDX-License-Identifier: MIT */
#pragma once

/* A map from owned strings to a 64-bit value (open addressing, FNV-1a): sets of paths and
 * names that may hold hundreds of thousands of entries. */

#include <stdint.h>

#include "macro.h"

typedef struct StrMapEntry {
        char *key; /* NULL: free slot */
        uint64_t value;
} StrMapEntry;

typedef struct StrMap {
        StrMapEntry *slots;
        size_t n_slots, n_entries;
} StrMap;

/* The entry for key, created with value 0 (and a copy of key) if missing. */
StrMapEntry *strmap_ensure(StrMap *m, const char *key);
/* The entry for key, or NULL. */
StrMapEntry *strmap_get(const StrMap *m, const char *key);
/* ORs bits into key's value (creating it). */
static inline void strmap_or(StrMap *m, const char *key, uint64_t bits) { strmap_ensure(m, key)->value |= bits; }
void strmap_done(StrMap *m);
/* The keys in byte order (pointers into the map, valid until it changes); free() the array. */
const char **strmap_sorted_keys(const StrMap *m);
