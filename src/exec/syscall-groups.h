/* SPDX-License-Identifier: MIT */
#pragma once

/* systemd 252's system call groups (generated table, see tools/gen-syscall-groups.sh),
 * libseccomp name resolution and the SystemCallFilter= set operations. */

#include "exec-settings.h"
#include "macro.h"

typedef struct SyscallGroup {
        const char *name;             /* "@system-service" */
        const char *const *members;   /* definition order, NULL-terminated; nested groups as "@name" */
} SyscallGroup;

extern const SyscallGroup syscall_groups[];
extern const size_t syscall_groups_count;

/* Group by name including the "@" ("@mount"); NULL if unknown. */
const SyscallGroup *syscall_group_find(const char *name);

/* libseccomp number of name on the native architecture (may be a negative pseudo number
 * below -1 for names that exist only elsewhere); -1 (< 0 and == __NR_SCMP_ERROR) if
 * libseccomp does not know the name at all. Use syscall_is_known() for "resolves". */
int syscall_resolve_name(const char *name);
/* True if libseccomp knows the name (any number other than __NR_SCMP_ERROR). */
bool syscall_is_known(const char *name);
/* A copy of name that lives as long as the process, the same pointer for the same name: a filter
 * of hundreds of syscalls holds pointers, not copies. Group members are their own copy. */
const char *syscall_name_intern(const char *name);
/* Native name of a libseccomp number; NULL if none. Returned string is owned (free()). */
char *syscall_name_from_number(int number);

/* A member of a group with its libseccomp number. */
typedef struct SyscallRef {
        const char *name;
        int number;
} SyscallRef;

/* The members of g with nested groups expanded in place, names libseccomp does not know
 * dropped; computed once and cached (not thread-safe). */
const SyscallRef *syscall_group_expand(const SyscallGroup *g, size_t *ret_n);

/* The analysis view of spec §3.1: in an allow-list, entries that carry an errno do not
 * count as allowed. True if name (mapped through its number) is in the effective set. */
bool syscall_filter_contains(const SyscallFilter *f, const char *name);
/* The same for a number from syscall_resolve_name() (or a SyscallRef). */
bool syscall_filter_contains_number(const SyscallFilter *f, int nr);

/* Applies one SystemCallFilter= entry set: adds or removes name (a syscall) with errno
 * error (-1 none). Used by the parser; exposed for tests. */
void syscall_filter_add(SyscallFilter *f, const char *name, int error);
void syscall_filter_remove(SyscallFilter *f, const char *name);
/* The same with the number already resolved (entries are kept sorted by number); name must be
 * static or from syscall_name_intern(): the filter keeps the pointer. */
void syscall_filter_add_number(SyscallFilter *f, const char *name, int number, int error);
void syscall_filter_remove_number(SyscallFilter *f, int number);
void syscall_filter_reset(SyscallFilter *f);
/* The whole group at once, as adding (or removing) its members one by one in definition order
 * would: a merge of two sorted lists instead of a search and an insertion each. */
void syscall_filter_add_group(SyscallFilter *f, const SyscallGroup *g, int error);
void syscall_filter_remove_group(SyscallFilter *f, const SyscallGroup *g);
