/* SPDX-License-Identifier: MIT */
/* The data tables: syscall groups (as `systemd-analyze syscall-filter` lists them, spec §3.3),
 * libseccomp resolution, capability and address family names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/socket.h>

#include "af-list.h"
#include "cap-list.h"
#include "syscall-groups.h"

static char *members_joined(const char *group) {
        const SyscallGroup *g = syscall_group_find(group);
        assert_non_null(g);
        char *s = xstrdup("");
        for (const char *const *m = g->members; *m; m++) {
                char *n = xasprintf("%s%s%s", s, *s ? " " : "", *m);
                free(s);
                s = n;
        }
        return s;
}

static void assert_group(const char *group, const char *members) {
        char *j = members_joined(group);
        assert_string_equal(j, members);
        free(j);
}

static void test_groups(void **state) {
        (void) state;
        assert_int_equal(syscall_groups_count, 29);
        assert_group("@swap", "swapoff swapon");
        assert_group("@clock", "adjtimex clock_adjtime clock_adjtime64 clock_settime clock_settime64 settimeofday");
        assert_group("@cpu-emulation", "modify_ldt subpage_prot switch_endian vm86 vm86old");
        assert_group("@debug", "lookup_dcookie perf_event_open pidfd_getfd ptrace rtas s390_runtime_instr "
                               "sys_debug_setcontext");
        assert_group("@mount", "chroot fsconfig fsmount fsopen fspick mount mount_setattr move_mount open_tree "
                               "pivot_root umount umount2");
        assert_group("@module", "delete_module finit_module init_module");
        assert_group("@raw-io", "ioperm iopl pciconfig_iobase pciconfig_read pciconfig_write s390_pci_mmio_read "
                                "s390_pci_mmio_write");
        assert_group("@reboot", "kexec_file_load kexec_load reboot");
        assert_group("@chown", "chown chown32 fchown fchown32 fchownat lchown lchown32");
        assert_group("@privileged", "@chown @clock @module @raw-io @reboot @swap _sysctl acct bpf capset chroot "
                                    "fanotify_init fanotify_mark nfsservctl open_by_handle_at pivot_root quotactl "
                                    "quotactl_fd setdomainname setfsuid setfsuid32 setgroups setgroups32 sethostname "
                                    "setresuid setresuid32 setreuid setreuid32 setuid setuid32 vhangup");
        assert_group("@resources", "ioprio_set mbind migrate_pages move_pages nice sched_setaffinity sched_setattr "
                                   "sched_setparam sched_setscheduler set_mempolicy set_mempolicy_home_node "
                                   "setpriority setrlimit");
        assert_null(syscall_group_find("@nonexistent"));
        assert_null(syscall_group_find("mount"));
        const SyscallGroup *g = syscall_group_find("@system-service");
        assert_string_equal(g->members[0], "@aio");
}

static void test_resolve(void **state) {
        (void) state;
        assert_true(syscall_resolve_name("read") >= 0);
        assert_true(syscall_is_known("umount"));      /* a pseudo number on x86-64, but known */
        assert_true(syscall_resolve_name("nosuchcall") < 0);
        assert_false(syscall_is_known("nosuchcall"));
        assert_false(syscall_is_known("@mount"));
        char *n = syscall_name_from_number(syscall_resolve_name("chroot"));
        assert_string_equal(n, "chroot");
        free(n);
}

static void test_filter_set(void **state) {
        (void) state;
        SyscallFilter f = { .allow_list = true, .set = true };
        syscall_filter_add(&f, "read", -1);
        syscall_filter_add(&f, "write", 1);
        syscall_filter_add(&f, "read", -1);
        assert_int_equal(f.n_entries, 2);
        assert_true(syscall_filter_contains(&f, "read"));
        assert_false(syscall_filter_contains(&f, "write")); /* errno entries do not count in allow-lists */
        f.allow_list = false;
        assert_true(syscall_filter_contains(&f, "write"));
        syscall_filter_remove(&f, "read");
        assert_false(syscall_filter_contains(&f, "read"));
        syscall_filter_reset(&f);
        assert_int_equal(f.n_entries, 0);
}

/* A group added or removed at once gives the filter adding or removing its members one by one
 * (in definition order) gives: the same entries, names and errors, for every group, from an empty
 * filter and from one that already holds some of the members under other names and errors. */
static void filter_start(SyscallFilter *f, const SyscallGroup *g, bool some) {
        *f = (SyscallFilter) { .allow_list = true, .set = true };
        syscall_filter_add(f, "read", 7);
        syscall_filter_add(f, "umount", 9); /* a pseudo number on x86-64 */
        if (!some)
                return;
        size_t n;
        const SyscallRef *refs = syscall_group_expand(g, &n);
        for (size_t i = 0; i < n; i += 3) /* every third member, with a name no group uses */
                syscall_filter_add_number(f, "other-name", refs[i].number, 5);
}

static void assert_filters_equal(const SyscallFilter *a, const SyscallFilter *b) {
        assert_int_equal(a->n_entries, b->n_entries);
        for (size_t i = 0; i < a->n_entries; i++) {
                assert_int_equal(a->entries[i].number, b->entries[i].number);
                assert_string_equal(a->entries[i].name, b->entries[i].name);
                assert_int_equal(a->entries[i].error, b->entries[i].error);
        }
}

static void test_filter_groups(void **state) {
        (void) state;
        for (size_t gi = 0; gi < syscall_groups_count; gi++) {
                const SyscallGroup *g = &syscall_groups[gi];
                size_t n;
                const SyscallRef *refs = syscall_group_expand(g, &n);
                for (int some = 0; some <= 1; some++) {
                        SyscallFilter one, all;
                        filter_start(&one, g, some);
                        filter_start(&all, g, some);
                        for (size_t i = 0; i < n; i++)
                                syscall_filter_add_number(&one, refs[i].name, refs[i].number, 1);
                        syscall_filter_add_group(&all, g, 1);
                        assert_filters_equal(&one, &all);
                        for (size_t i = 0; i < n; i++) { /* and every member is in, with the error */
                                bool in = false;
                                for (size_t k = 0; k < all.n_entries; k++)
                                        in = in || (all.entries[k].number == refs[i].number && all.entries[k].error == 1);
                                assert_true(in);
                        }
                        for (size_t i = 0; i < n; i++)
                                syscall_filter_remove_number(&one, refs[i].number);
                        syscall_filter_remove_group(&all, g);
                        assert_filters_equal(&one, &all);
                        syscall_filter_reset(&one);
                        syscall_filter_reset(&all);
                }
        }
}

static void test_capabilities(void **state) {
        (void) state;
        assert_string_equal(capability_to_name(0), "cap_chown");
        assert_string_equal(capability_to_name(21), "cap_sys_admin");
        assert_string_equal(capability_to_name(40), "cap_checkpoint_restore");
        assert_null(capability_to_name(41));
        assert_int_equal(capability_from_name("CAP_SYS_ADMIN"), 21);
        assert_int_equal(capability_from_name("cap_Sys_Admin"), 21);
        assert_int_equal(capability_from_name("63"), 63);
        assert_int_equal(capability_from_name("64"), -EINVAL);
        assert_int_equal(capability_from_name("CAP_FOO"), -EINVAL);
        assert_int_equal(capability_from_name("SYS_ADMIN"), -EINVAL);
        /* numbers in any base, as systemd-analyze 252 scores CapabilityBoundingSet=N for
         * ~CAP_SYS_ADMIN (21): 0x15 0X15 025 0o25 0O25 0b10101 +21 +0x15 " 21" "0b 10101"
         * "0b +10101" "0o +25" 0x00000000000000000015 hold it; 00021 (octal 17), 010, 08, 0x,
         * 0b, "21 ", 21x, +0b10101, 0b-10101, 0x+15, -21, 4294967317 do not */
        const char *const is21[] = { "0x15", "0X15", "025", "0o25", "0O25", "0b10101", "0B10101", "+21", "+0x15",
                                     " 21", "0b 10101", "0b +10101", "0o +25", "0x00000000000000000015", "0b0010101" };
        for (size_t i = 0; i < ELEMENTSOF(is21); i++)
                assert_int_equal(capability_from_name(is21[i]), 21);
        const char *const bad[] = { "0x", "0b", "0o", "08", "21 ", "21x", "+0b10101", "+0o25", "0b-10101", "0x+15",
                                    "-21", "+-21", "4294967317", "0xffffffff00000015", "0xX15", "00x15", "" };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                assert_int_equal(capability_from_name(bad[i]), -EINVAL);
        assert_int_equal(capability_from_name("00021"), 17);
        assert_int_equal(capability_from_name("010"), 8);
        uint64_t set;
        /* the brief's case: KILL(5), SETPCAP(8), DAC_OVERRIDE(1), BPF(39) */
        assert_int_equal(capability_set_from_string("0x5 010 0b1 +39", &set), 1);
        assert_true(set == ((UINT64_C(1) << 5) | (UINT64_C(1) << 8) | (UINT64_C(1) << 1) | (UINT64_C(1) << 39)));
        assert_int_equal(capability_set_from_string("cap_kill 'CAP_CHOWN' CAP_FOO", &set), 0);
        assert_true(set == ((UINT64_C(1) << 5) | 1));
        char *s = capability_set_to_string(set);
        assert_string_equal(s, "cap_chown cap_kill");
        free(s);
}

static void test_address_families(void **state) {
        (void) state;
        assert_int_equal(af_from_name("AF_UNIX"), AF_UNIX);
        assert_int_equal(af_from_name("AF_LOCAL"), AF_UNIX);
        assert_int_equal(af_from_name("AF_NETLINK"), AF_NETLINK);
        assert_int_equal(af_from_name("AF_MCTP"), 45);
        /* case-insensitive: systemd-analyze 252 scores RestrictAddressFamilies=~af_unix Af_Packet
         * as denying both */
        assert_int_equal(af_from_name("af_unix"), AF_UNIX);
        assert_int_equal(af_from_name("Af_Packet"), AF_PACKET);
        assert_int_equal(af_from_name("af_local"), AF_UNIX);
        assert_int_equal(af_from_name("AF_UNSPEC"), -EINVAL);
        assert_int_equal(af_from_name("AF_FOO_BAR"), -EINVAL);
        assert_string_equal(af_to_name(AF_UNIX), "AF_UNIX");
        assert_string_equal(af_to_name(AF_NETLINK), "AF_NETLINK");
        assert_string_equal(af_to_name(AF_INET6), "AF_INET6");
        assert_null(af_to_name(0));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_groups),
                cmocka_unit_test(test_resolve),
                cmocka_unit_test(test_filter_set),
                cmocka_unit_test(test_filter_groups),
                cmocka_unit_test(test_capabilities),
                cmocka_unit_test(test_address_families),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
