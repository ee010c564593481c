/* SPDX-License-Identifier: MIT */
#pragma once

/* Unit names → files, as systemd 252's unit_file_build_name_map() / unit_file_find_fragment()
 * see the search path. Internal to src/unit/. */

#include "unit-load.h"

typedef struct NameEntry {
        char *name;
        char *value; /* a path inside the root (is_path), or the unit name it is an alias of */
        bool is_path;
        size_t seq; /* order found in: search directory, then directory listing */
} NameEntry;

/* Which file an entry stands for: the name its fragment gives (with the entry's instance if that
 * file is a template). */
typedef struct NameStands {
        char *name;
        const char *path; /* the entry's resolved path (owned by the entry it resolved to) */
        size_t entry;     /* index into NameMap.entries */
} NameStands;

/* Built once per LookupPaths (the cache LookupPaths.name_map, freed by lookup_paths_done) and
 * shared by every unit_load(). */
typedef struct NameMap {
        const LookupPaths *lp;
        bool built;
        NameEntry *entries;
        size_t n, allocated;
        NameStands *stands; /* of the aliases only, sorted by name, then entry */
        size_t n_stands, allocated_stands;
        char **dotd; /* sorted "DIR/ENTRY.d" of the search directories, whatever their type */
        size_t n_dotd;
        char **dotd_base; /* sorted "ENTRY.d" of the same (with repeats) */
} NameMap;

/* Scans every search directory: the first directory holding a name wins. */
void name_map_build(const LookupPaths *lp, NameMap *ret);
void name_map_done(NameMap *m);
/* Whether path ("DIR/NAME.d", DIR a search directory) was listed when the map was built: a
 * drop-in directory that was not cannot exist (unless the tree changed: lookup_paths_flush). */
bool name_map_may_have_dir(const NameMap *m, const char *path);
/* Whether any search directory listed an entry "NAME.d" (base). */
bool name_map_may_have_dir_base(const NameMap *m, const char *base);

/* Follows aliases to a path: 0, -ENOENT, or -ELOOP. */
int name_map_resolve(const NameMap *m, const char *name, const char **ret_path);

/* The fragment of name (the template's for an instance without its own file) and the names the
 * unit gets besides the requested one (templates not yet instantiated), in systemd's order.
 * 0, -ENOENT (no fragment; *ret_names still set), or -ELOOP. */
int name_map_find_fragment(const NameMap *m, const char *name, const char **ret_path, char ***ret_names);

/* Whether path is a mask: /dev/null (through a symlink) or an empty file. */
bool name_map_path_is_mask(const LookupPaths *lp, const char *path);
