/* SPDX-License-Identifier: MIT */
/* The measure table and the advisor's decisions on units built in memory. */
#include "exec-test-util.h"
#include "directives.h"
#include "harden-plan.h"

#define DROPIN "/etc/systemd/system/t.service.d/50-unitsec-harden.conf"

static void test_table_rows(void **state) {
        (void) state;
        for (size_t i = 0; i < harden_measures_count; i++) {
                const HardenMeasure *m = &harden_measures[i];
                assert_non_null(m->propose);
                assert_true(m->blocks && *m->blocks && m->breaks && *m->breaks);
                assert_non_null(directive_find(SECTION_SERVICE, m->directive));
                if (m->needs_check)
                        assert_int_equal(m->level, HARDEN_STRICT); /* left out below strict */
                for (size_t j = 0; j < i; j++) {
                        assert_string_not_equal(m->id, harden_measures[j].id);
                        if (m->group && streq_ptr(m->group, harden_measures[j].group)) {
                                assert_string_equal(m->directive, harden_measures[j].directive);
                                assert_true(m->level > harden_measures[j].level);
                        }
                }
        }
}

static void test_levels(void **state) {
        (void) state;
        for (HardenLevel l = 0; l < _HARDEN_LEVEL_MAX; l++)
                assert_int_equal(harden_level_from_string(harden_level_to_string(l)), l);
        assert_int_equal(harden_level_from_string("paranoid"), _HARDEN_LEVEL_INVALID);
}

/* Plans a service "t.service" from a [Service] body at level; returns the plan's lines joined. */
static char *plan_lines(const char *body, HardenLevel level, unsigned *ret_before, unsigned *ret_after) {
        _cleanup_free_ char *frag = xasprintf("[Service]\nExecStart=/usr/bin/zz-harden-test\n%s\n", body);
        Unit *u = mk_unit("t.service", frag);
        HardenPlan p;
        assert_int_equal(harden_plan_build(u, NULL, DROPIN, DROPIN, level, &p), 0);
        _cleanup_strv_free_ char **all = NULL;
        for (size_t i = 0; i < p.n_items; i++)
                STRV_FOREACH(l, p.items[i].lines)
                        strv_extend(&all, *l);
        if (ret_before)
                *ret_before = p.before.exposure;
        if (ret_after)
                *ret_after = p.after.exposure;
        harden_plan_done(&p);
        unit_free(u);
        char *s = strv_join(all, "\n");
        char *r = xasprintf("\n%s\n", s);
        free(s);
        return r;
}

static bool has(const char *lines, const char *line) {
        _cleanup_free_ char *needle = xasprintf("\n%s\n", line);
        return strstr(lines, needle) != NULL;
}

static void test_never_weakens_what_the_unit_sets(void **state) {
        (void) state;
        for (HardenLevel l = 0; l < _HARDEN_LEVEL_MAX; l++) {
                unsigned before, after;
                _cleanup_free_ char *s = plan_lines("PrivateTmp=no\nProtectHome=read-only\nUMask=0002\n"
                                                    "SystemCallFilter=@system-service @mount\n",
                                                    l, &before, &after);
                assert_null(strstr(s, "\nPrivateTmp="));
                assert_null(strstr(s, "\nProtectHome="));
                assert_null(strstr(s, "\nUMask="));
                assert_null(strstr(s, "SystemCallFilter=~@mount"));
                assert_null(strstr(s, "SystemCallFilter=@system-service"));
                assert_true(after <= before);
        }
}

static void test_af_unix_for_notify_and_dbus(void **state) {
        (void) state;
        _cleanup_free_ char *n = plan_lines("Type=notify", HARDEN_STRICT, NULL, NULL);
        assert_true(has(n, "RestrictAddressFamilies=AF_UNIX"));
        _cleanup_free_ char *d = plan_lines("BusName=org.example.T", HARDEN_STRICT, NULL, NULL);
        assert_true(has(d, "RestrictAddressFamilies=AF_UNIX"));
        _cleanup_free_ char *p = plan_lines("", HARDEN_STRICT, NULL, NULL);
        assert_true(has(p, "RestrictAddressFamilies=none"));
        _cleanup_free_ char *s = plan_lines("", HARDEN_STANDARD, NULL, NULL);
        assert_true(has(s, "RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6"));
}

static void test_network_facts(void **state) {
        (void) state;
        Unit *u = mk_unit("t.service", "[Unit]\nAfter=network-online.target\n[Service]\nExecStart=/usr/bin/x\n");
        HardenPlan p;
        assert_int_equal(harden_plan_build(u, NULL, DROPIN, DROPIN, HARDEN_STRICT, &p), 0);
        for (size_t i = 0; i < p.n_items; i++) {
                assert_string_not_equal(p.items[i].measure->id, "private-network");
                assert_string_not_equal(p.items[i].measure->id, "ip-deny");
                STRV_FOREACH(l, p.items[i].lines)
                        if (startswith(*l, "RestrictAddressFamilies="))
                                assert_non_null(strstr(*l, "AF_INET6"));
        }
        harden_plan_done(&p);
        unit_free(u);
}

static void test_capabilities_the_unit_calls_for(void **state) {
        (void) state;
        _cleanup_free_ char *a = plan_lines("User=www\nAmbientCapabilities=CAP_NET_BIND_SERVICE", HARDEN_STRICT, NULL, NULL);
        assert_null(strstr(a, "CAP_NET_BIND_SERVICE"));
        assert_non_null(strstr(a, "CapabilityBoundingSet=~CAP_SYS_PTRACE CAP_SYS_ADMIN"));
        _cleanup_free_ char *l = plan_lines("CapabilityBoundingSet=CAP_NET_ADMIN", HARDEN_STRICT, NULL, NULL);
        assert_null(strstr(l, "CapabilityBoundingSet="));
        _cleanup_free_ char *t = plan_lines("ExecStartPre=/usr/sbin/chronyd -q", HARDEN_STRICT, NULL, NULL);
        assert_null(strstr(t, "CAP_SYS_TIME"));
        assert_null(strstr(t, "ProtectClock="));
}

static void test_facts_rule_out(void **state) {
        (void) state;
        _cleanup_free_ char *j = plan_lines("ExecStartPost=/usr/bin/java -jar x.jar", HARDEN_STRICT, NULL, NULL);
        assert_null(strstr(j, "MemoryDenyWriteExecute="));
        _cleanup_free_ char *d = plan_lines("Delegate=yes", HARDEN_STRICT, NULL, NULL);
        assert_null(strstr(d, "ProtectControlGroups="));
        assert_null(strstr(d, "RestrictNamespaces="));
        _cleanup_free_ char *h = plan_lines("WorkingDirectory=/home/app", HARDEN_STRICT, NULL, NULL);
        assert_null(strstr(h, "ProtectHome="));
        assert_null(strstr(h, "-/root"));
        _cleanup_free_ char *k = plan_lines("ReadOnlyPaths=/etc/ssl/private/k.pem", HARDEN_STANDARD, NULL, NULL);
        assert_null(strstr(k, "/etc/ssl/private"));
        assert_non_null(strstr(k, "-/etc/shadow "));
}

static void test_deny_list_grows(void **state) {
        (void) state;
        _cleanup_free_ char *s = plan_lines("SystemCallFilter=~@mount", HARDEN_STANDARD, NULL, NULL);
        assert_null(strstr(s, "SystemCallFilter=@system-service"));
        assert_true(has(s, "SystemCallFilter=~@debug"));
        assert_null(strstr(s, "SystemCallFilter=~@mount"));
}

static void test_levels_are_nested(void **state) {
        (void) state;
        unsigned b, c, s, x;
        free(plan_lines("", HARDEN_CONSERVATIVE, &b, &c));
        free(plan_lines("", HARDEN_STANDARD, NULL, &s));
        free(plan_lines("", HARDEN_STRICT, NULL, &x));
        assert_true(b > c && c > s && s > x);
        assert_true(s <= 40 && x <= 20);
}

static void test_target_and_render(void **state) {
        (void) state;
        Unit *u = mk_unit("t.service", "[Service]\nExecStart=/usr/bin/x\n");
        HardenPlan p;
        assert_int_equal(harden_plan_build(u, NULL, DROPIN, DROPIN, HARDEN_STANDARD, &p), 0);
        size_t all = p.n_items, chosen = 0;
        assert_int_equal(harden_plan_fit_target(&p, 5), 0); /* standard cannot reach 0.5 */
        assert_int_equal(harden_plan_fit_target(&p, 80), 1);
        for (size_t i = 0; i < p.n_items; i++)
                chosen += p.items[i].selected;
        assert_true(chosen > 0 && chosen < all);
        assert_true(p.after.exposure <= 80);
        _cleanup_free_ char *text = harden_plan_render(&p);
        assert_non_null(startswith(text, HARDEN_MARKER));
        for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
                _cleanup_free_ char *line = xstrndup(l, strcspn(l, "\n"));
                assert_true(line[0] == 0 || line[0] == '#' || streq(line, "[Service]") ||
                            (strchr(line, '=') && !strchr(line, '#')));
        }
        harden_plan_done(&p);
        unit_free(u);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_table_rows),
                cmocka_unit_test(test_levels),
                cmocka_unit_test(test_never_weakens_what_the_unit_sets),
                cmocka_unit_test(test_af_unix_for_notify_and_dbus),
                cmocka_unit_test(test_network_facts),
                cmocka_unit_test(test_capabilities_the_unit_calls_for),
                cmocka_unit_test(test_facts_rule_out),
                cmocka_unit_test(test_deny_list_grows),
                cmocka_unit_test(test_levels_are_nested),
                cmocka_unit_test(test_target_and_render),
        };
        log_set_max_level(LOG_LEVEL_ERR);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
