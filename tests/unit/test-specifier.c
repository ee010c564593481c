/* SPDX-License-Identifier: MIT */
/* % specifiers. Expected values from systemd 252: `systemd-analyze verify` of a unit
 * "a-b\x2dc@x-y\x2fz.service" in /tmp/ux/spec whose ExecStart= used every specifier printed
 * n=a-b\x2dc@x-y\x2fz.service N=a-b\x2dc@x-y\x2fz p=a-b\x2dc P=a/b-c i=x-y\x2fz I=x/y/z
 * j=b\x2dc J=b-c f=/x/y/z u=root U=0 h=/root t=/run S=/var/lib C=/var/cache L=/var/log E=/etc
 * T=/tmp V=/var/tmp g=root G=0 y=<fragment> Y=<its directory> d=/run/credentials/<unit>
 * a=x86-64 H=<hostname>, kept a trailing '%', and refused "%z" ("Invalid slot"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/utsname.h>

#include "unit-load.h"

static UnitFile fragment = { .path = "/spec/a-b\\x2dc@x-y\\x2fz.service",
                             .display_path = "/tmp/ux/spec/a-b\\x2dc@x-y\\x2fz.service" };
static Unit unit = { .id = "a-b\\x2dc@x-y\\x2fz.service", .scope = UNIT_SCOPE_SYSTEM, .files = &fragment, .n_files = 1 };

static void expect(const char *text, const char *want) {
        char *s = NULL;
        assert_int_equal(unit_specifier_expand(&unit, text, 4096, &s), 0);
        assert_string_equal(s, want);
        free(s);
}

static void test_names(void **state) {
        (void) state;
        expect("%n", "a-b\\x2dc@x-y\\x2fz.service");
        expect("%N", "a-b\\x2dc@x-y\\x2fz");
        expect("%p", "a-b\\x2dc");
        expect("%P", "a/b-c");
        expect("%i", "x-y\\x2fz");
        expect("%I", "x/y/z");
        expect("%j", "b\\x2dc");
        expect("%J", "b-c");
        expect("%f", "/x/y/z");
        expect("%y", "/tmp/ux/spec/a-b\\x2dc@x-y\\x2fz.service");
        expect("%Y", "/tmp/ux/spec");
        expect("%d", "/run/credentials/a-b\\x2dc@x-y\\x2fz.service");
}

static void test_system_dirs(void **state) {
        (void) state;
        unsetenv("TMPDIR");
        expect("%t %S %C %L %E %T %V", "/run /var/lib /var/cache /var/log /etc /tmp /var/tmp");
        setenv("TMPDIR", "/scratch", 1);
        expect("%T %V", "/scratch /scratch");
        unsetenv("TMPDIR");
}

static void test_host(void **state) {
        (void) state;
        struct utsname u;
        assert_int_equal(uname(&u), 0);
        expect("%H", u.nodename);
        expect("%v", u.release);
        if (streq(u.machine, "x86_64"))
                expect("%a", "x86-64");
        if (getuid() == 0) {
                expect("%u %U %g %G", "root 0 root 0");
        }
}

static void test_plain_and_errors(void **state) {
        (void) state;
        expect("no specifiers", "no specifiers");
        expect("", "");
        expect("100%%", "100%");
        expect("a%", "a%");
        char *s = NULL;
        assert_int_equal(unit_specifier_expand(&unit, "/x/%z", 4096, &s), -EBADSLT);
        assert_int_equal(unit_specifier_expand(&unit, "%n%n", 10, &s), -ENAMETOOLONG);
        Unit plain = { .id = "foo-bar.service" };
        assert_int_equal(unit_specifier_expand(&plain, "[%i][%I][%j][%f]", 100, &s), 0);
        assert_string_equal(s, "[][][bar][/foo/bar]");
        free(s);
        /* a template analysed offline is instantiated as "i" */
        Unit tmpl = { .id = "foo@i.service" };
        assert_int_equal(unit_specifier_expand(&tmpl, "%i", 100, &s), 0);
        assert_string_equal(s, "i");
        free(s);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_names),
                cmocka_unit_test(test_system_dirs),
                cmocka_unit_test(test_host),
                cmocka_unit_test(test_plain_and_errors),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
