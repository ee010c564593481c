/* SPDX-License-Identifier: MIT */
#include <seccomp.h>

#include "strmap.h"
#include "syscall-groups.h"

/* The groups sorted by name, made on first use: lookups are a binary search (the security tests
 * look groups up for every unit). */
static const SyscallGroup **groups_by_name;

static int group_name_compare(const void *a, const void *b) {
        return strcmp((*(const SyscallGroup *const *) a)->name, (*(const SyscallGroup *const *) b)->name);
}

const SyscallGroup *syscall_group_find(const char *name) {
        if (!name || name[0] != '@')
                return NULL;
        if (!groups_by_name) {
                groups_by_name = xcalloc(syscall_groups_count, sizeof(SyscallGroup *));
                for (size_t i = 0; i < syscall_groups_count; i++)
                        groups_by_name[i] = &syscall_groups[i];
                qsort(groups_by_name, syscall_groups_count, sizeof(SyscallGroup *), group_name_compare);
        }
        size_t lo = 0, hi = syscall_groups_count;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(groups_by_name[mid]->name, name);
                if (c == 0)
                        return groups_by_name[mid];
                if (c < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return NULL;
}

/* Every name of the group table with its number, sorted by name: libseccomp's own lookup
 * is a linear scan, and hostile files may name system calls millions of times. */
static SyscallRef *name_cache;
static size_t name_cache_n;

static int ref_name_compare(const void *a, const void *b) {
        return strcmp(((const SyscallRef *) a)->name, ((const SyscallRef *) b)->name);
}

static void name_cache_build(void) {
        size_t n = 0, allocated = 0;
        for (size_t i = 0; i < syscall_groups_count; i++)
                for (const char *const *m = syscall_groups[i].members; *m; m++) {
                        if ((*m)[0] == '@')
                                continue;
                        GREEDY_REALLOC(name_cache, allocated, n + 1);
                        name_cache[n++] = (SyscallRef) { *m, seccomp_syscall_resolve_name(*m) };
                }
        qsort(name_cache, n, sizeof(SyscallRef), ref_name_compare);
        name_cache_n = n;
}

int syscall_resolve_name(const char *name) {
        if (isempty(name) || name[0] == '@')
                return __NR_SCMP_ERROR;
        if (!name_cache)
                name_cache_build();
        const SyscallRef key = { name, 0 };
        const SyscallRef *r = bsearch(&key, name_cache, name_cache_n, sizeof(SyscallRef), ref_name_compare);
        return r ? r->number : seccomp_syscall_resolve_name(name);
}

const char *syscall_name_intern(const char *name) {
        static StrMap others; /* names that no group lists; reachable until exit */
        if (!name_cache)
                name_cache_build();
        const SyscallRef key = { name, 0 };
        const SyscallRef *r = bsearch(&key, name_cache, name_cache_n, sizeof(SyscallRef), ref_name_compare);
        return r ? r->name : strmap_ensure(&others, name)->key;
}

bool syscall_is_known(const char *name) {
        return syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

char *syscall_name_from_number(int number) {
        return seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
}

typedef struct Expansion {
        SyscallRef *refs;
        size_t n, allocated;
        bool done;
        SyscallRef *by_number; /* refs sorted by number, the first of each number only */
        size_t n_by_number;
} Expansion;

static Expansion *expansions; /* indexed like syscall_groups */

static void expand_into(Expansion *e, const SyscallGroup *g, unsigned depth) {
        for (const char *const *m = g->members; *m; m++) {
                if ((*m)[0] == '@') {
                        const SyscallGroup *sub = syscall_group_find(*m);
                        if (sub && depth < 8)
                                expand_into(e, sub, depth + 1);
                        continue;
                }
                int nr = syscall_resolve_name(*m);
                if (nr == __NR_SCMP_ERROR)
                        continue;
                GREEDY_REALLOC(e->refs, e->allocated, e->n + 1);
                e->refs[e->n++] = (SyscallRef) { *m, nr };
        }
}

const SyscallRef *syscall_group_expand(const SyscallGroup *g, size_t *ret_n) {
        if (!expansions)
                expansions = xcalloc(syscall_groups_count, sizeof(Expansion));
        Expansion *e = &expansions[g - syscall_groups];
        if (!e->done) {
                expand_into(e, g, 0);
                e->done = true;
        }
        *ret_n = e->n;
        return e->refs;
}

/* Index of the entry with number, or of where it would be inserted (entries sorted). */
static size_t filter_search(const SyscallFilter *f, int number, bool *found) {
        size_t lo = 0, hi = f->n_entries;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (f->entries[mid].number < number)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        *found = lo < f->n_entries && f->entries[lo].number == number;
        return lo;
}

bool syscall_filter_contains(const SyscallFilter *f, const char *name) {
        return syscall_filter_contains_number(f, syscall_resolve_name(name));
}

bool syscall_filter_contains_number(const SyscallFilter *f, int nr) {
        bool found;
        if (nr == __NR_SCMP_ERROR)
                return false;
        size_t i = filter_search(f, nr, &found);
        if (!found)
                return false;
        return !(f->allow_list && f->entries[i].error >= 0);
}

void syscall_filter_add_number(SyscallFilter *f, const char *name, int number, int error) {
        bool found;
        size_t i = filter_search(f, number, &found);
        if (found) {
                f->entries[i].error = error;
                return;
        }
        GREEDY_REALLOC(f->entries, f->allocated, f->n_entries + 1);
        memmove(f->entries + i + 1, f->entries + i, (f->n_entries - i) * sizeof(SyscallEntry));
        f->entries[i] = (SyscallEntry) { .name = name, .number = number, .error = error };
        f->n_entries++;
}

void syscall_filter_remove_number(SyscallFilter *f, int number) {
        bool found;
        size_t i = filter_search(f, number, &found);
        if (!found)
                return;
        memmove(f->entries + i, f->entries + i + 1, (f->n_entries - i - 1) * sizeof(SyscallEntry));
        f->n_entries--;
}

void syscall_filter_add(SyscallFilter *f, const char *name, int error) {
        int nr = syscall_resolve_name(name);
        if (nr != __NR_SCMP_ERROR)
                syscall_filter_add_number(f, syscall_name_intern(name), nr, error);
}

void syscall_filter_remove(SyscallFilter *f, const char *name) {
        int nr = syscall_resolve_name(name);
        if (nr != __NR_SCMP_ERROR)
                syscall_filter_remove_number(f, nr);
}

/* g's members by number: the first (in definition order) of each number, which is the one whose
 * name a filter keeps when the members are added one by one. */
static const SyscallRef *group_by_number(const SyscallGroup *g, size_t *ret_n) {
        size_t n;
        const SyscallRef *refs = syscall_group_expand(g, &n);
        Expansion *e = &expansions[g - syscall_groups];
        if (!e->by_number) {
                /* stable: (number, position) pairs */
                SyscallRef *sorted = xcalloc(n ? n : 1, sizeof(SyscallRef));
                size_t *pos = xcalloc(n ? n : 1, sizeof(size_t));
                for (size_t i = 0; i < n; i++)
                        pos[i] = i;
                /* insertion sort: groups have at most a few hundred members, sorted once */
                for (size_t i = 1; i < n; i++)
                        for (size_t j = i; j > 0 && refs[pos[j - 1]].number > refs[pos[j]].number; j--) {
                                size_t t = pos[j];
                                pos[j] = pos[j - 1];
                                pos[j - 1] = t;
                        }
                size_t k = 0;
                for (size_t i = 0; i < n; i++)
                        if (k == 0 || sorted[k - 1].number != refs[pos[i]].number)
                                sorted[k++] = refs[pos[i]];
                free(pos);
                e->by_number = sorted;
                e->n_by_number = k;
        }
        *ret_n = e->n_by_number;
        return e->by_number;
}

void syscall_filter_add_group(SyscallFilter *f, const SyscallGroup *g, int error) {
        size_t n;
        const SyscallRef *refs = group_by_number(g, &n);
        if (n == 0)
                return;
        size_t room = f->n_entries + n;
        SyscallEntry *out = xcalloc(room, sizeof(SyscallEntry));
        size_t i = 0, j = 0, k = 0;
        while (i < f->n_entries || j < n) {
                if (j >= n || (i < f->n_entries && f->entries[i].number < refs[j].number))
                        out[k++] = f->entries[i++];
                else if (i >= f->n_entries || refs[j].number < f->entries[i].number) {
                        out[k++] = (SyscallEntry) { .name = refs[j].name, .number = refs[j].number, .error = error };
                        j++;
                } else { /* in both: the entry keeps its name, takes the error */
                        out[k] = f->entries[i++];
                        out[k++].error = error;
                        j++;
                }
        }
        free(f->entries);
        f->entries = out;
        f->n_entries = k;
        f->allocated = room;
}

void syscall_filter_remove_group(SyscallFilter *f, const SyscallGroup *g) {
        size_t n;
        const SyscallRef *refs = group_by_number(g, &n);
        size_t j = 0, k = 0;
        for (size_t i = 0; i < f->n_entries; i++) {
                while (j < n && refs[j].number < f->entries[i].number)
                        j++;
                if (j < n && refs[j].number == f->entries[i].number)
                        continue;
                f->entries[k++] = f->entries[i];
        }
        f->n_entries = k;
}

void syscall_filter_reset(SyscallFilter *f) {
        free(f->entries);
        *f = (SyscallFilter) {};
}
