/* SPDX-License-Identifier: MIT */
#include "security-syscall.h"
#include "syscall-groups.h"

/* Walks @group's members in definition order, nested groups in place (spec §3.2). Members that
 * do not resolve to a real number on this architecture are skipped. Returns the first member
 * whose presence in the filter equals the filter's mode (allowed by an allow list, missing from a
 * deny list), or NULL. */
static const char *find_offender(const SyscallFilter *f, const SyscallGroup *g, unsigned depth) {
        if (!g || depth > 8)
                return NULL;
        for (const char *const *m = g->members; *m; m++) {
                const char *o = NULL;
                if ((*m)[0] == '@')
                        o = find_offender(f, syscall_group_find(*m), depth + 1);
                else if (syscall_resolve_name(*m) >= 0 && syscall_filter_contains(f, *m) == f->allow_list)
                        o = *m;
                if (o)
                        return o;
        }
        return NULL;
}

int security_syscall_check(const SyscallFilter *f, const char *group, const char **ret_offender) {
        const SyscallGroup *g = syscall_group_find(group);
        if (!g)
                return -ENOENT;
        *ret_offender = NULL;
        if (!f->allow_list && f->n_entries == 0)
                return SECURITY_SYSCALL_UNFILTERED;
        const char *o = find_offender(f, g, 0);
        *ret_offender = o;
        if (f->allow_list)
                return o ? SECURITY_SYSCALL_ALLOW_LEAKS : SECURITY_SYSCALL_ALLOW_OK;
        return o ? SECURITY_SYSCALL_DENY_LEAKS : SECURITY_SYSCALL_DENY_OK;
}
