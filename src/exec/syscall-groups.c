/* SPDX-License-Identifier: MIT */
#include <seccomp.h>

#include "syscall-groups.h"

const SyscallGroup *syscall_group_find(const char *name) {
        if (!name || name[0] != '@')
                return NULL;
        for (size_t i = 0; i < syscall_groups_count; i++)
                if (streq(syscall_groups[i].name, name))
                        return &syscall_groups[i];
        return NULL;
}

int syscall_resolve_name(const char *name) {
        if (isempty(name) || name[0] == '@')
                return __NR_SCMP_ERROR;
        return seccomp_syscall_resolve_name(name);
}

bool syscall_is_known(const char *name) {
        return syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

char *syscall_name_from_number(int number) {
        return seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
}

static SyscallEntry *filter_find(const SyscallFilter *f, int number) {
        for (size_t i = 0; i < f->n_entries; i++)
                if (f->entries[i].number == number)
                        return &f->entries[i];
        return NULL;
}

bool syscall_filter_contains(const SyscallFilter *f, const char *name) {
        int nr = syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR)
                return false;
        const SyscallEntry *e = filter_find(f, nr);
        if (!e)
                return false;
        return !(f->allow_list && e->error >= 0);
}

void syscall_filter_add(SyscallFilter *f, const char *name, int error) {
        int nr = syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR)
                return;
        SyscallEntry *e = filter_find(f, nr);
        if (e) {
                e->error = error;
                return;
        }
        GREEDY_REALLOC(f->entries, f->allocated, f->n_entries + 1);
        f->entries[f->n_entries++] = (SyscallEntry) {
                .name = xstrdup(name),
                .number = nr,
                .error = error,
        };
}

void syscall_filter_remove(SyscallFilter *f, const char *name) {
        int nr = syscall_resolve_name(name);
        SyscallEntry *e = nr == __NR_SCMP_ERROR ? NULL : filter_find(f, nr);
        if (!e)
                return;
        free(e->name);
        size_t i = (size_t) (e - f->entries);
        memmove(e, e + 1, (f->n_entries - i - 1) * sizeof(*e));
        f->n_entries--;
}

void syscall_filter_reset(SyscallFilter *f) {
        for (size_t i = 0; i < f->n_entries; i++)
                free(f->entries[i].name);
        free(f->entries);
        *f = (SyscallFilter) {};
}
