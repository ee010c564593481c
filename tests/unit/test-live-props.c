/* SPDX-License-Identifier: MIT */
/* The online conversion (manager properties → settings → score) on hand-built properties.
 * Expected values: spec §2.5 (online rules), §1.2 (worked examples), and systemd-analyze security
 * run online in a container (PrivateMounts implied, localhost only as /8 and /128). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/capability.h>
#include <sys/socket.h>

#include "live-props.h"
#include "live-security.h"
#include "security-score.h"
#include "strv.h"

/* What PID 1 reports for a service with only ExecStart= (system scope). */
static LiveProperties plain_service(const char *id) {
        return (LiveProperties) {
                .id = xstrdup(id),
                .load_state = xstrdup("loaded"),
                .type = xstrdup("simple"),
                .default_dependencies = true,
                .protect_home = xstrdup("no"),
                .protect_system = xstrdup("no"),
                .keyring_mode = xstrdup("private"),
                .protect_proc = xstrdup("default"),
                .proc_subset = xstrdup("all"),
                .notify_access = xstrdup("none"),
                .device_policy = xstrdup("auto"),
                .root_image = xstrdup(""),
                .root_directory = xstrdup(""),
                .user = xstrdup(""),
                .umask = 0022,
                .capability_bounding_set = UINT64_MAX,
                .restrict_namespaces = UINT64_MAX,
        };
}

typedef struct Scored {
        ExecSettings s;
        SecurityReport r;
} Scored;

static Scored score(LiveProperties *p) {
        Scored x;
        assert_int_equal(live_settings_from_properties(p, UNIT_SCOPE_SYSTEM, &x.s), 0);
        SecurityInput in = { .settings = &x.s, .unit_id = p->id };
        assert_int_equal(security_report_build(&in, NULL, &x.r), 0);
        return x;
}

static void scored_done(Scored *x, LiveProperties *p) {
        security_report_done(&x->r);
        exec_settings_done(&x->s);
        live_properties_done(p);
}

static uint64_t badness(const Scored *x, const char *field) {
        int i = security_test_from_json_field(field);
        assert_true(i >= 0);
        return x->r.rows[i].badness;
}

static void test_plain_service(void **state) {
        (void) state;
        LiveProperties p = plain_service("foo.service");
        Scored x = score(&p);
        assert_int_equal(x.r.exposure, 96); /* spec §1.2: 9.6, the same as offline */
        assert_int_equal(x.r.weight_sum, 56160);
        assert_int_equal(badness(&x, "PrivateMounts"), 1);
        assert_int_equal(badness(&x, "RestrictNamespaces_user"), 1);
        assert_int_equal(badness(&x, "UMask"), 5);
        assert_int_equal(badness(&x, "KeyringMode"), 0);
        scored_done(&x, &p);
}

/* Each setting of §2.5 1. implies PrivateMounts= online. */
static void test_private_mounts_implied(void **state) {
        (void) state;
        static const size_t bools[] = {
                offsetof(LiveProperties, private_devices),        offsetof(LiveProperties, private_tmp),
                offsetof(LiveProperties, protect_control_groups), offsetof(LiveProperties, protect_kernel_tunables),
                offsetof(LiveProperties, protect_kernel_modules),
        };
        for (size_t i = 0; i < ELEMENTSOF(bools); i++) {
                LiveProperties p = plain_service("foo.service");
                *(bool *) ((char *) &p + bools[i]) = true;
                Scored x = score(&p);
                assert_int_equal(badness(&x, "PrivateMounts"), 0);
                scored_done(&x, &p);
        }
        const char *strings[][2] = { { "protect_home", "read-only" }, { "protect_home", "tmpfs" },
                                     { "protect_system", "full" },    { "root_image", "/x.raw" } };
        for (size_t i = 0; i < ELEMENTSOF(strings); i++) {
                LiveProperties p = plain_service("foo.service");
                char **f = streq(strings[i][0], "protect_home") ? &p.protect_home :
                           streq(strings[i][0], "protect_system") ? &p.protect_system : &p.root_image;
                free(*f);
                *f = xstrdup(strings[i][1]);
                Scored x = score(&p);
                assert_int_equal(badness(&x, "PrivateMounts"), 0);
                scored_done(&x, &p);
        }
        /* not implied by the others */
        LiveProperties p = plain_service("foo.service");
        p.private_network = p.protect_clock = p.protect_kernel_logs = p.no_new_privileges = true;
        Scored x = score(&p);
        assert_int_equal(badness(&x, "PrivateMounts"), 1);
        scored_done(&x, &p);
}

static void add_prefix(IPAddressPrefix **l, size_t *n, int family, const char *addr, unsigned len) {
        *l = xrealloc(*l, (*n + 1) * sizeof **l);
        IPAddressPrefix *e = &(*l)[(*n)++];
        *e = (IPAddressPrefix) { .family = family, .prefixlen = len };
        assert_int_equal(inet_pton(family, addr, e->address), 1);
}

/* IPAddressDeny=any plus one allow entry: the IPAddressDeny badness online. */
static uint64_t ip_case(int family, const char *addr, unsigned len) {
        LiveProperties p = plain_service("foo.service");
        add_prefix(&p.ip_address_deny, &p.n_ip_address_deny, AF_INET, "0.0.0.0", 0);
        add_prefix(&p.ip_address_deny, &p.n_ip_address_deny, AF_INET6, "::", 0);
        if (addr)
                add_prefix(&p.ip_address_allow, &p.n_ip_address_allow, family, addr, len);
        Scored x = score(&p);
        uint64_t b = badness(&x, "IPAddressDeny");
        scored_done(&x, &p);
        return b;
}

static void test_localhost_online(void **state) {
        (void) state;
        assert_int_equal(ip_case(0, NULL, 0), 0);
        assert_int_equal(ip_case(AF_INET, "127.0.0.0", 8), 2);  /* "localhost" */
        assert_int_equal(ip_case(AF_INET6, "::1", 128), 2);
        assert_int_equal(ip_case(AF_INET, "127.0.0.1", 32), 5); /* 2 offline, 5 online (§2.5 2.) */
        assert_int_equal(ip_case(AF_INET, "127.0.0.0", 16), 5);
        assert_int_equal(ip_case(AF_INET6, "::1", 64), 5);
        assert_int_equal(ip_case(AF_INET, "10.0.0.0", 8), 5);
        IPAddressPrefix a = { .family = AF_INET, .prefixlen = 8, .address = { 127, 0, 0, 0 } };
        assert_true(live_prefix_is_localhost(&a));
        a.prefixlen = 9;
        assert_false(live_prefix_is_localhost(&a));
}

static void test_capabilities_masked(void **state) {
        (void) state;
        LiveProperties p = plain_service("foo.service");
        p.private_devices = p.protect_clock = p.protect_kernel_logs = p.protect_kernel_modules = true;
        Scored x = score(&p);
        uint64_t gone = (UINT64_C(1) << CAP_MKNOD) | (UINT64_C(1) << CAP_SYS_RAWIO) |
                        (UINT64_C(1) << CAP_SYS_TIME) | (UINT64_C(1) << CAP_WAKE_ALARM) |
                        (UINT64_C(1) << CAP_SYSLOG) | (UINT64_C(1) << CAP_SYS_MODULE);
        assert_int_equal(x.s.capability_bounding_set & gone, 0);
        assert_int_equal(badness(&x, "CapabilityBoundingSet_CAP_MKNOD"), 0);
        assert_int_equal(badness(&x, "CapabilityBoundingSet_CAP_SYS_TIME"), 0);
        assert_int_equal(badness(&x, "CapabilityBoundingSet_CAP_SYS_ADMIN"), 1);
        scored_done(&x, &p);
}

static void test_syscall_filter(void **state) {
        (void) state;
        LiveProperties p = plain_service("foo.service");
        Scored x = score(&p);
        assert_int_equal(badness(&x, "SystemCallFilter_swap"), 10); /* no filter */
        scored_done(&x, &p);

        p = plain_service("foo.service");
        p.syscall_filter_allow_list = true;
        p.syscall_filter = strv_copy((char *[]) { "read", "write", NULL });
        x = score(&p);
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++)
                if (security_tests[i].group)
                        assert_int_equal(x.r.rows[i].badness, 0);
        scored_done(&x, &p);

        /* a deny list: ":ERRNO" suffixes are dropped, the names still count as denied */
        p = plain_service("foo.service");
        p.syscall_filter = strv_copy((char *[]) { "swapon:EPERM", "swapoff", "reboot", NULL });
        x = score(&p);
        assert_int_equal(badness(&x, "SystemCallFilter_swap"), 0);
        assert_int_equal(badness(&x, "SystemCallFilter_reboot"), 10); /* kexec_file_load not denied */
        scored_done(&x, &p);

        /* an allow list that lets @clock through */
        p = plain_service("foo.service");
        p.syscall_filter_allow_list = true;
        p.syscall_filter = strv_copy((char *[]) { "read", "settimeofday", NULL });
        x = score(&p);
        assert_int_equal(badness(&x, "SystemCallFilter_clock"), 9);
        scored_done(&x, &p);
}

static void test_address_families(void **state) {
        (void) state;
        LiveProperties p = plain_service("foo.service");
        p.address_families_allow_list = true; /* RestrictAddressFamilies=none */
        Scored x = score(&p);
        assert_int_equal(badness(&x, "RestrictAddressFamilies_AF_INET_INET6"), 0);
        assert_int_equal(badness(&x, "RestrictAddressFamilies_OTHER"), 0);
        scored_done(&x, &p);

        p = plain_service("foo.service");
        p.address_families = strv_copy((char *[]) { "AF_PACKET", "AF_INET6", NULL }); /* deny list */
        x = score(&p);
        assert_int_equal(badness(&x, "RestrictAddressFamilies_AF_PACKET"), 0);
        assert_int_equal(badness(&x, "RestrictAddressFamilies_AF_INET_INET6"), 0);
        assert_int_equal(badness(&x, "RestrictAddressFamilies_AF_UNIX"), 1);
        scored_done(&x, &p);

        p = plain_service("foo.service");
        p.address_families_allow_list = true;
        p.address_families = strv_copy((char *[]) { "AF_UNIX", "AF_SOMETHING_NEW", NULL });
        x = score(&p);
        assert_int_equal(badness(&x, "RestrictAddressFamilies_AF_UNIX"), 1);
        assert_int_equal(badness(&x, "RestrictAddressFamilies_OTHER"), 1); /* unknown names are "other" */
        assert_int_equal(badness(&x, "RestrictAddressFamilies_AF_NETLINK"), 0);
        scored_done(&x, &p);
}

static void test_devices_and_enums(void **state) {
        (void) state;
        LiveProperties p = plain_service("foo.service");
        free(p.device_policy);
        p.device_policy = xstrdup("closed");
        p.device_allow = xcalloc(2, sizeof(LiveDevice));
        p.device_allow[0] = (LiveDevice) { xstrdup("char-rtc"), xstrdup("r") };
        p.device_allow[1] = (LiveDevice) { xstrdup("/dev/null"), xstrdup("rw") };
        p.n_device_allow = 2;
        free(p.protect_system);
        p.protect_system = xstrdup("something-newer"); /* unknown: the weakest value */
        free(p.protect_proc);
        p.protect_proc = xstrdup("invisible");
        Scored x = score(&p);
        assert_int_equal(badness(&x, "DeviceAllow"), 5);
        assert_int_equal(x.s.device_allow[1].permissions, CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE);
        assert_int_equal(badness(&x, "ProtectSystem"), 10);
        assert_int_equal(badness(&x, "ProtectProc"), 0);
        scored_done(&x, &p);
}

static void test_identity(void **state) {
        (void) state;
        /* the manager reports the dynamic user's name in User= */
        LiveProperties p = plain_service("foo.service");
        p.dynamic_user = true;
        free(p.user);
        p.user = xstrdup("foo");
        Scored x = score(&p);
        assert_int_equal(badness(&x, "UserOrDynamicUser"), 0);
        assert_int_equal(badness(&x, "RemoveIPC"), 1); /* not privileged: applies */
        scored_done(&x, &p);

        p = plain_service("early.service");
        p.default_dependencies = false;
        x = score(&p);
        assert_int_equal(x.r.rows[security_test_from_json_field("PrivateTmp")].na, SECURITY_NA_EARLY_BOOT);
        assert_int_equal(badness(&x, "SupplementaryGroups"), SECURITY_BADNESS_NA); /* root */
        scored_done(&x, &p);

        LiveProperties none = {};
        ExecSettings s;
        assert_int_equal(live_settings_from_properties(&none, UNIT_SCOPE_SYSTEM, &s), -EINVAL);
}

static void test_mangle(void **state) {
        (void) state;
        static const char *cases[][2] = {
                { "foo", "foo.service" },
                { "foo.service", "foo.service" },
                { "foo.socket", "foo.socket" },
                { "foo bar", "foo\\x20bar.service" },
                { "a@x y.service", "a@x\\x20y.service" },
                { "getty@.service", "getty@.service" },
                { "", ".service" },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *m = live_unit_name_mangle(cases[i][0]);
                assert_string_equal(m, cases[i][1]);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_plain_service),
                cmocka_unit_test(test_private_mounts_implied),
                cmocka_unit_test(test_localhost_online),
                cmocka_unit_test(test_capabilities_masked),
                cmocka_unit_test(test_syscall_filter),
                cmocka_unit_test(test_address_families),
                cmocka_unit_test(test_devices_and_enums),
                cmocka_unit_test(test_identity),
                cmocka_unit_test(test_mangle),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
