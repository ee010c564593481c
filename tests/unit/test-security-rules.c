/* SPDX-License-Identifier: MIT */
/* Every rule-produced case of spec §2.4 on hand-built settings (values checked against
 * systemd-analyze security, v252). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <sched.h>
#include <sys/socket.h>

#include "security-score.h"
#include "syscall-groups.h"

static ExecSettings base(void) {
        return (ExecSettings) {
                .unit_type = UNIT_SERVICE,
                .has_exec_context = true,
                .has_cgroup_context = true,
                .default_dependencies = true,
                .umask = 0022,
                .keyring_mode = KEYRING_PRIVATE,
                .notify_access = NOTIFY_NONE,
                .capability_bounding_set = UINT64_MAX,
                .restrict_namespaces = NAMESPACE_FLAGS_ALL,
                .syscall_error_number = -1,
        };
}

/* Badness of one test (SECURITY_BADNESS_NA for N/A), and its description if wanted. */
static uint64_t badness(const ExecSettings *s, const char *id, const char *field, char **ret_desc) {
        int i = security_test_from_json_field(field);
        assert_true(i >= 0);
        SecurityInput in = { .settings = s, .unit_id = id };
        SecurityVerdict v = {};
        security_tests[i].rule(&security_tests[i], &in, &v);
        if (ret_desc)
                *ret_desc = v.owned_text ? v.owned_text : (v.text ? xstrdup(v.text) : NULL);
        else
                free(v.owned_text);
        return v.badness;
}

static void test_user(void **state) {
        (void) state;
        ExecSettings s = base();
        assert_int_equal(badness(&s, "a.service", "UserOrDynamicUser", NULL), 10);
        s.user = (char *) "nobody";
        assert_int_equal(badness(&s, "a.service", "UserOrDynamicUser", NULL), 9);
        assert_int_equal(badness(&s, "a.service", "RemoveIPC", NULL), 1); /* not privileged */
        s.dynamic_user = true;
        assert_int_equal(badness(&s, "a.service", "UserOrDynamicUser", NULL), 9);
        s.user = (char *) "root";
        assert_int_equal(badness(&s, "a.service", "UserOrDynamicUser", NULL), 10);
        assert_int_equal(badness(&s, "a.service", "SupplementaryGroups", NULL), SECURITY_BADNESS_NA);
        s.user = NULL; /* the prefix of the unit name */
        assert_int_equal(badness(&s, "foo.service", "UserOrDynamicUser", NULL), 0);
        assert_int_equal(badness(&s, "nobody.service", "UserOrDynamicUser", NULL), 9);
        assert_int_equal(badness(&s, "root.service", "UserOrDynamicUser", NULL), 10);
        assert_int_equal(badness(&s, "root.service", "RemoveIPC", NULL), SECURITY_BADNESS_NA);
        s.dynamic_user = false;
        s.user = (char *) "65534";
        assert_int_equal(badness(&s, "a.service", "UserOrDynamicUser", NULL), 0);
        s.user = (char *) "0";
        assert_int_equal(badness(&s, "a.service", "UserOrDynamicUser", NULL), 10);
        s.user = (char *) "";
        assert_int_equal(badness(&s, "a.service", "UserOrDynamicUser", NULL), 10);
        assert_int_equal(badness(&s, "a.service", "RemoveIPC", NULL), SECURITY_BADNESS_NA);
}

static void test_protect_home_system(void **state) {
        static const struct { ProtectHome v; uint64_t b; } home[] = {
                { PROTECT_HOME_YES, 0 }, { PROTECT_HOME_TMPFS, 1 }, { PROTECT_HOME_READ_ONLY, 5 }, { PROTECT_HOME_NO, 10 },
        };
        static const struct { ProtectSystem v; uint64_t b; } sys[] = {
                { PROTECT_SYSTEM_STRICT, 0 }, { PROTECT_SYSTEM_FULL, 3 }, { PROTECT_SYSTEM_YES, 5 }, { PROTECT_SYSTEM_NO, 10 },
        };
        (void) state;
        ExecSettings s = base();
        for (size_t i = 0; i < 4; i++) {
                s.protect_home = home[i].v;
                s.protect_system = sys[i].v;
                assert_int_equal(badness(&s, "a.service", "ProtectHome", NULL), home[i].b);
                assert_int_equal(badness(&s, "a.service", "ProtectSystem", NULL), sys[i].b);
        }
}

static void test_umask(void **state) {
        static const struct { mode_t m; uint64_t b; } cases[] = {
                { 0022, 5 }, { 0027, 1 }, { 0007, 2 }, { 0077, 0 }, { 0067, 0 }, { 0070, 10 }, { 0002, 5 }, { 0, 10 },
        };
        (void) state;
        ExecSettings s = base();
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                s.umask = cases[i].m;
                assert_int_equal(badness(&s, "a.service", "UMask", NULL), cases[i].b);
        }
}

static void test_root_directory(void **state) {
        (void) state;
        ExecSettings s = base();
        assert_int_equal(badness(&s, "a.service", "RootDirectoryOrRootImage", NULL), 1);
        s.root_directory = (char *) "/";
        assert_int_equal(badness(&s, "a.service", "RootDirectoryOrRootImage", NULL), 1);
        s.root_image = (char *) "/img.raw";
        assert_int_equal(badness(&s, "a.service", "RootDirectoryOrRootImage", NULL), 0);
}

static void test_architectures(void **state) {
        (void) state;
        ExecSettings s = base();
        char *native[] = { (char *) "native", NULL }, *x86[] = { (char *) "x86-64", NULL },
             *two[] = { (char *) "native", (char *) "x86", NULL };
        assert_int_equal(badness(&s, "a.service", "SystemCallArchitectures", NULL), 10);
        s.syscall_architectures = native;
        assert_int_equal(badness(&s, "a.service", "SystemCallArchitectures", NULL), 0);
        s.syscall_architectures = x86;
        assert_int_equal(badness(&s, "a.service", "SystemCallArchitectures", NULL), 8);
        s.syscall_architectures = two;
        assert_int_equal(badness(&s, "a.service", "SystemCallArchitectures", NULL), 8);
}

static void add_group(SyscallFilter *f, const char *group, bool add) {
        const SyscallGroup *g = syscall_group_find(group);
        assert_non_null(g);
        for (const char *const *m = g->members; *m; m++) {
                if ((*m)[0] == '@')
                        add_group(f, *m, add);
                else if (add)
                        syscall_filter_add(f, *m, -1);
                else
                        syscall_filter_remove(f, *m);
        }
}

static void expect_offender(const ExecSettings *s, const char *field, uint64_t b, const char *offender) {
        char *d = NULL;
        assert_int_equal(badness(s, "a.service", field, &d), b);
        if (offender)
                assert_non_null(strstr(d, offender));
        free(d);
}

static void test_syscall_filter(void **state) {
        (void) state;
        ExecSettings s = base();
        expect_offender(&s, "SystemCallFilter_swap", 10, NULL);
        /* ~@privileged: @obsolete leaks afs_syscall, @mount leaks fsconfig */
        add_group(&s.syscall_filter, "@privileged", true);
        expect_offender(&s, "SystemCallFilter_privileged", 0, NULL);
        expect_offender(&s, "SystemCallFilter_swap", 0, NULL);
        expect_offender(&s, "SystemCallFilter_obsolete", 10, "afs_syscall");
        expect_offender(&s, "SystemCallFilter_mount", 10, "fsconfig");
        syscall_filter_reset(&s.syscall_filter);
        /* allow list @system-service: @privileged leaks chown, @resources ioprio_set */
        s.syscall_filter.allow_list = true;
        add_group(&s.syscall_filter, "@default", true);
        add_group(&s.syscall_filter, "@system-service", true);
        expect_offender(&s, "SystemCallFilter_privileged", 9, "chown");
        expect_offender(&s, "SystemCallFilter_resources", 9, "ioprio_set");
        expect_offender(&s, "SystemCallFilter_mount", 0, NULL);
        add_group(&s.syscall_filter, "@privileged", false);
        add_group(&s.syscall_filter, "@resources", false);
        expect_offender(&s, "SystemCallFilter_privileged", 0, NULL);
        expect_offender(&s, "SystemCallFilter_resources", 0, NULL);
        /* an allow-listed name with an errno does not count as allowed */
        syscall_filter_add(&s.syscall_filter, "swapon", EPERM);
        expect_offender(&s, "SystemCallFilter_swap", 0, NULL);
        syscall_filter_reset(&s.syscall_filter);
        /* an empty allow list still filters */
        s.syscall_filter.allow_list = true;
        expect_offender(&s, "SystemCallFilter_reboot", 0, NULL);
}

static IPAddressPrefix prefix(int family, const char *addr, unsigned len) {
        IPAddressPrefix p = { .family = family, .prefixlen = len };
        assert_int_equal(inet_pton(family, addr, p.address), 1);
        return p;
}

static void test_ip_address_deny(void **state) {
        (void) state;
        ExecSettings s = base();
        IPAddressPrefix deny[] = { prefix(AF_INET, "0.0.0.0", 0), prefix(AF_INET6, "::", 0) };
        IPAddressPrefix local[] = { prefix(AF_INET, "127.1.2.3", 32), prefix(AF_INET6, "::1", 128) };
        IPAddressPrefix other[] = { prefix(AF_INET, "0.0.0.0", 1) };
        assert_int_equal(badness(&s, "a.service", "IPAddressDeny", NULL), 10);
        s.ip_address_deny = deny;
        s.n_ip_address_deny = 1; /* IPv4 only */
        assert_int_equal(badness(&s, "a.service", "IPAddressDeny", NULL), 10);
        s.n_ip_address_deny = 2;
        assert_int_equal(badness(&s, "a.service", "IPAddressDeny", NULL), 0);
        s.ip_address_allow = local;
        s.n_ip_address_allow = 2;
        assert_int_equal(badness(&s, "a.service", "IPAddressDeny", NULL), 2);
        s.ip_address_allow = other;
        s.n_ip_address_allow = 1;
        assert_int_equal(badness(&s, "a.service", "IPAddressDeny", NULL), 5);
        s.ip_filter_path_set = true;
        assert_int_equal(badness(&s, "a.service", "IPAddressDeny", NULL), 0);
}

static void test_device_allow(void **state) {
        (void) state;
        ExecSettings s = base();
        DeviceAllow d[] = { { (char *) "char-rtc", CGROUP_DEVICE_READ },
                            { (char *) "/dev/null", CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE } };
        s.device_allow = d;
        s.n_device_allow = 2;
        assert_int_equal(badness(&s, "a.service", "DeviceAllow", NULL), 10); /* policy auto */
        s.device_policy = CGROUP_DEVICE_POLICY_CLOSED;
        char *desc = NULL;
        assert_int_equal(badness(&s, "a.service", "DeviceAllow", &desc), 5);
        assert_non_null(strstr(desc, "char-rtc:r /dev/null:rw"));
        free(desc);
        s.n_device_allow = 0;
        s.device_policy = CGROUP_DEVICE_POLICY_STRICT;
        assert_int_equal(badness(&s, "a.service", "DeviceAllow", NULL), 0);
}

static void test_address_families(void **state) {
        static const char *const fields[] = {
                "RestrictAddressFamilies_AF_INET_INET6", "RestrictAddressFamilies_AF_UNIX",
                "RestrictAddressFamilies_AF_NETLINK", "RestrictAddressFamilies_AF_PACKET",
                "RestrictAddressFamilies_OTHER",
        };
        static const struct { bool allow; uint64_t families; uint64_t expect[5]; } cases[] = {
                { false, 0, { 1, 1, 1, 1, 1 } },                                          /* unset */
                { true, 0, { 0, 0, 0, 0, 0 } },                                           /* none */
                { true, (1u << AF_UNIX) | (1u << AF_INET), { 1, 1, 0, 0, 0 } },
                { false, UINT64_C(1) << AF_INET6, { 0, 1, 1, 1, 1 } },
                { false, UINT64_C(1) << AF_BLUETOOTH, { 1, 1, 1, 1, 0 } },
                { true, UINT64_C(1) << AF_BLUETOOTH, { 0, 0, 0, 0, 1 } },
        };
        (void) state;
        ExecSettings s = base();
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                s.address_families = (AddressFamilies) { .allow_list = cases[i].allow,
                                                         .families = cases[i].families, .set = true };
                for (size_t j = 0; j < 5; j++)
                        assert_int_equal(badness(&s, "a.service", fields[j], NULL), cases[i].expect[j]);
        }
}

static void test_misc(void **state) {
        (void) state;
        ExecSettings s = base();
        assert_int_equal(badness(&s, "a.service", "KeyringMode", NULL), 0);
        s.keyring_mode = KEYRING_SHARED;
        assert_int_equal(badness(&s, "a.service", "KeyringMode", NULL), 1);
        s.keyring_mode = _KEYRING_MODE_INVALID;
        assert_int_equal(badness(&s, "a.service", "KeyringMode", NULL), 1);
        s.notify_access = NOTIFY_ALL;
        assert_int_equal(badness(&s, "a.service", "NotifyAccess", NULL), 1);
        s.notify_access = _NOTIFY_ACCESS_INVALID;
        assert_int_equal(badness(&s, "a.service", "NotifyAccess", NULL), 0);
        s.protect_proc = PROTECT_PROC_PTRACEABLE;
        assert_int_equal(badness(&s, "a.service", "ProtectProc", NULL), 0);
        s.protect_proc = PROTECT_PROC_NOACCESS;
        assert_int_equal(badness(&s, "a.service", "ProtectProc", NULL), 1);
        s.delegate = true;
        assert_int_equal(badness(&s, "a.service", "Delegate", NULL), 1);
        s.restrict_namespaces = CLONE_NEWUSER;
        assert_int_equal(badness(&s, "a.service", "RestrictNamespaces_user", NULL), 1);
        assert_int_equal(badness(&s, "a.service", "RestrictNamespaces_net", NULL), 0);
        s.capability_bounding_set = UINT64_C(1) << 8; /* CAP_SETPCAP alone still fails */
        assert_int_equal(badness(&s, "a.service", "CapabilityBoundingSet_CAP_SET_UID_GID_PCAP", NULL), 1);
        assert_int_equal(badness(&s, "a.service", "CapabilityBoundingSet_CAP_SYS_ADMIN", NULL), 0);
        s.ambient_capabilities = 1;
        assert_int_equal(badness(&s, "a.service", "AmbientCapabilities", NULL), 1);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_user),
                cmocka_unit_test(test_protect_home_system),
                cmocka_unit_test(test_umask),
                cmocka_unit_test(test_root_directory),
                cmocka_unit_test(test_architectures),
                cmocka_unit_test(test_syscall_filter),
                cmocka_unit_test(test_ip_address_deny),
                cmocka_unit_test(test_device_allow),
                cmocka_unit_test(test_address_families),
                cmocka_unit_test(test_misc),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
