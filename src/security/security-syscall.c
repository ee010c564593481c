/* SPDX-License-Identifier: MIT */
#include "security-syscall.h"
#include "syscall-groups.h"

/* Walks @group's members in definition order, nested groups in place (spec §3.2), as the group
 * table's cached expansion lists them. Members that do not resolve to a real number on this
 * architecture (libseccomp gives < 0) are skipped. Returns the first member whose presence in the
 * filter equals the filter's mode (allowed by an allow list, missing from a deny list), or NULL. */
static const char *find_offender(const SyscallFilter *f, const SyscallGroup *g) {
        size_t n;
        const SyscallRef *refs = syscall_group_expand(g, &n);
        for (size_t i = 0; i < n; i++)
                if (refs[i].number >= 0 && syscall_filter_contains_number(f, refs[i].number) == f->allow_list)
                        return refs[i].name;
        return NULL;
}

int security_syscall_check(const SyscallFilter *f, const char *group, const char **ret_offender) {
        const SyscallGroup *g = syscall_group_find(group);
        if (!g)
                return -ENOENT;
        *ret_offender = NULL;
        if (!f->allow_list && f->n_entries == 0)
                return SECURITY_SYSCALL_UNFILTERED;
        const char *o = find_offender(f, g);
        *ret_offender = o;
        if (f->allow_list)
                return o ? SECURITY_SYSCALL_ALLOW_LEAKS : SECURITY_SYSCALL_ALLOW_OK;
        return o ? SECURITY_SYSCALL_DENY_LEAKS : SECURITY_SYSCALL_DENY_OK;
}
