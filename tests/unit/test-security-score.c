/* SPDX-License-Identifier: MIT */
/* The scoring math of spec §1 on hand-built settings; expected values from the spec's worked
 * examples and systemd-analyze security (v252). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "security-score.h"

static ExecSettings base_service(void) {
        return (ExecSettings) {
                .unit_type = UNIT_SERVICE,
                .scope = UNIT_SCOPE_SYSTEM,
                .has_exec_context = true,
                .has_cgroup_context = true,
                .default_dependencies = true,
                .umask = 0022,
                .keyring_mode = KEYRING_PRIVATE,
                .notify_access = NOTIFY_NONE,
                .capability_bounding_set = UINT64_MAX,
                .restrict_namespaces = NAMESPACE_FLAGS_ALL,
                .device_policy = CGROUP_DEVICE_POLICY_AUTO,
                .syscall_error_number = -1,
        };
}

static SecurityReport score(const ExecSettings *s, const char *id, const SecurityPolicy *p) {
        SecurityInput in = { .settings = s, .unit_id = id };
        SecurityReport r;
        assert_int_equal(security_report_build(&in, p, &r), 0);
        return r;
}

static const SecurityRow *row(const SecurityReport *r, const char *field) {
        int i = security_test_from_json_field(field);
        assert_true(i >= 0);
        return &r->rows[i];
}

static void test_table(void **state) {
        (void) state;
        uint64_t sum = 0;
        for (size_t i = 0; i < SECURITY_TESTS_MAX; i++) {
                sum += security_tests[i].weight;
                assert_non_null(security_tests[i].rule);
                assert_true(security_tests[i].range == 1 || security_tests[i].range == 3 ||
                            security_tests[i].range == 10);
        }
        assert_int_equal(sum, 56460);
        assert_int_equal(security_test_from_json_field("CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)"), 33);
        assert_int_equal(security_test_from_json_field("CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW"),
                         -ENOENT);
        assert_string_equal(security_tests[65].name, "RestrictAddressFamilies=~\xe2\x80\xa6");
}

static void test_empty_service(void **state) {
        (void) state;
        ExecSettings s = base_service();
        SecurityReport r = score(&s, "x.service", NULL);
        assert_int_equal(r.badness_sum, 53510);
        assert_int_equal(r.weight_sum, 56160);
        assert_int_equal(r.exposure, 96);
        assert_string_equal(security_band(r.exposure)->name, "UNSAFE");
        assert_int_equal(row(&r, "SupplementaryGroups")->na, SECURITY_NA_RULE);
        assert_int_equal(row(&r, "RemoveIPC")->na, SECURITY_NA_RULE);
        assert_int_equal(row(&r, "UMask")->badness, 5);
        /* per-row: User 2000*10/10 → ⌈⌈2000·100⌉/56160⌉ = 4; RootDirectory 200 → 1 */
        assert_int_equal(row(&r, "UserOrDynamicUser")->exposure, 4);
        assert_int_equal(row(&r, "RootDirectoryOrRootImage")->exposure, 1);
        assert_int_equal(row(&r, "UMask")->exposure, 1);
        assert_int_equal(row(&r, "KeyringMode")->exposure, 0);
        security_report_done(&r);
}

static void test_user_private_network(void **state) {
        (void) state;
        ExecSettings s = base_service();
        s.user = (char *) "foo";
        s.private_network = true;
        SecurityReport r = score(&s, "x.service", NULL);
        assert_int_equal(r.badness_sum, 49110);
        assert_int_equal(r.weight_sum, 56460);
        assert_int_equal(r.exposure, 87);
        assert_string_equal(security_band(r.exposure)->name, "EXPOSED");
        assert_int_equal(row(&r, "SupplementaryGroups")->badness, 0);
        assert_int_equal(row(&r, "RemoveIPC")->badness, 1);
        security_report_done(&r);
}

static void test_bands(void **state) {
        static const struct { unsigned e; const char *name, *ascii; } cases[] = {
                { 100, "DANGEROUS", ":-[" }, { 99, "UNSAFE", ":-{" }, { 90, "UNSAFE", ":-{" },
                { 89, "EXPOSED", ":-(" }, { 75, "EXPOSED", ":-(" }, { 74, "MEDIUM", ":-|" },
                { 50, "MEDIUM", ":-|" }, { 49, "OK", ":-)" }, { 10, "OK", ":-)" }, { 9, "SAFE", ":-}" },
                { 1, "SAFE", ":-}" }, { 0, "PERFECT", ":-]" },
        };
        (void) state;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                assert_string_equal(security_band(cases[i].e)->name, cases[i].name);
                assert_string_equal(security_band(cases[i].e)->glyph_ascii, cases[i].ascii);
        }
        char buf[8];
        assert_string_equal(security_format_tenths(96, buf, sizeof buf), "9.6");
        assert_string_equal(security_format_tenths(100, buf, sizeof buf), "10.0");
        assert_string_equal(security_format_tenths(0, buf, sizeof buf), "0.0");
}

static void test_policy(void **state) {
        (void) state;
        static const char text[] =
                "{\"PrivateNetwork\":{\"weight\":0},"
                "\"CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)\":{\"weight\":9999},"
                "\"CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW\":{\"weight\":1},"
                "\"UMask\":{\"range\":20,\"weight\":\"x\",\"description_bad\":7},"
                "\"KeyringMode\":{\"weight\":-1,\"range\":1.5,\"description_good\":\"mine\"},"
                "\"Delegate\":3}";
        SecurityPolicy *p = NULL;
        assert_int_equal(security_policy_parse(text, sizeof text - 1, "p.json", &p), 0);
        ExecSettings s = base_service();
        SecurityReport r = score(&s, "x.service", p);
        assert_int_equal(row(&r, "PrivateNetwork")->na, SECURITY_NA_POLICY);
        assert_int_equal(row(&r, "CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)")->weight, 9999);
        assert_int_equal(row(&r, "UMask")->range, 20);
        assert_int_equal(row(&r, "UMask")->weight, 100);
        assert_int_equal(row(&r, "KeyringMode")->weight, 1000);
        assert_int_equal(row(&r, "KeyringMode")->range, 1);
        assert_string_equal(row(&r, "KeyringMode")->description, "mine");
        /* badness_sum: 53510 - 2500 + 9999 - 500 - (50 - 25) = 60484; weight 56160 - 2500 + 9499 */
        assert_int_equal(r.weight_sum, 63159);
        assert_int_equal(r.badness_sum, 60484);
        security_report_done(&r);
        security_policy_free(p);
}

static void test_policy_aborts(void **state) {
        (void) state;
        static const char *const bad[] = {
                "{\"PrivateNetwork\":{\"range\":0}}",
                "{\"UMask\":{\"range\":3}}",
        };
        ExecSettings s = base_service();
        SecurityInput in = { .settings = &s, .unit_id = "x.service" };
        for (size_t i = 0; i < 2; i++) {
                SecurityPolicy *p = NULL;
                SecurityReport r;
                assert_int_equal(security_policy_parse(bad[i], strlen(bad[i]), "p.json", &p), 0);
                assert_int_equal(security_report_build(&in, p, &r), -EDOM);
                security_policy_free(p);
        }
        /* range 3 is fine once the weight is 0 (the test is N/A) */
        SecurityPolicy *p = NULL;
        SecurityReport r;
        const char *ok = "{\"UMask\":{\"range\":3,\"weight\":0}}";
        assert_int_equal(security_policy_parse(ok, strlen(ok), "p.json", &p), 0);
        assert_int_equal(security_report_build(&in, p, &r), 0);
        security_report_done(&r);
        security_policy_free(p);
        const char *broken = "{\"UMask\":";
        assert_int_equal(security_policy_parse(broken, strlen(broken), "p.json", &p), -EBADMSG);
        const char *array = "[1,2]";
        assert_int_equal(security_policy_parse(array, strlen(array), "p.json", &p), 0);
        security_policy_free(p);
}

static void test_check_mark_builtin_range(void **state) {
        (void) state;
        /* ProtectProc=noaccess is partial: ✗, exposure shown; with range 10 from a policy the
         * check mark still comes from the built-in range */
        ExecSettings s = base_service();
        s.protect_proc = PROTECT_PROC_NOACCESS;
        SecurityReport r = score(&s, "x.service", NULL);
        assert_int_equal(row(&r, "ProtectProc")->badness, 1);
        assert_false(security_row_passed(row(&r, "ProtectProc")));
        assert_int_equal(row(&r, "ProtectProc")->exposure, 1);
        security_report_done(&r);
}

static void test_early_boot(void **state) {
        (void) state;
        ExecSettings s = base_service();
        s.default_dependencies = false;
        SecurityReport r = score(&s, "x.service", NULL);
        assert_int_equal(row(&r, "PrivateTmp")->na, SECURITY_NA_EARLY_BOOT);
        assert_int_equal(row(&r, "ProtectHome")->na, SECURITY_NA_EARLY_BOOT);
        assert_int_equal(row(&r, "ProtectSystem")->na, SECURITY_NA_EARLY_BOOT);
        assert_int_equal(row(&r, "RootDirectoryOrRootImage")->na, SECURITY_NA_EARLY_BOOT);
        assert_int_equal(r.weight_sum, 56160 - 3200);
        security_report_done(&r);
}

static void test_order(void **state) {
        (void) state;
        ExecSettings s = base_service();
        SecurityReport r = score(&s, "x.service", NULL);
        size_t order[SECURITY_TESTS_MAX];
        security_report_order(&r, order);
        /* PrivateNetwork (2500) has the largest contribution, N/A rows come last */
        assert_string_equal(security_tests[order[0]].json_field, "PrivateNetwork");
        assert_int_equal(r.rows[order[SECURITY_TESTS_MAX - 1]].na, SECURITY_NA_RULE);
        for (size_t i = 1; i < SECURITY_TESTS_MAX; i++)
                if (r.rows[order[i]].exposure > 0)
                        assert_true(r.rows[order[i - 1]].exposure >= r.rows[order[i]].exposure);
        security_report_done(&r);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_table),
                cmocka_unit_test(test_empty_service),
                cmocka_unit_test(test_user_private_network),
                cmocka_unit_test(test_bands),
                cmocka_unit_test(test_policy),
                cmocka_unit_test(test_policy_aborts),
                cmocka_unit_test(test_check_mark_builtin_range),
                cmocka_unit_test(test_early_boot),
                cmocka_unit_test(test_order),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
