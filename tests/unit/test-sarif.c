/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "security-sarif.h"

static void check_uri(const char *base, const char *path, const char *want) {
        char *got = security_sarif_uri(base, path);
        assert_string_equal(got, want);
        free(got);
}

static void test_uri(void **state) {
        (void) state;
        check_uri("/src/pkg", "/src/pkg/debian/foo.service", "debian/foo.service");
        check_uri("/src/pkg/", "/src/pkg/foo.service", "foo.service");
        check_uri("/src/pkg", "/src/pkgx/foo.service", "file:///src/pkgx/foo.service");
        check_uri("/", "/lib/systemd/system/a.service", "lib/systemd/system/a.service");
        check_uri(NULL, "/lib/systemd/system/a b@.service", "file:///lib/systemd/system/a%20b%40.service");
        check_uri("/src", "rel/x.service", "rel/x.service");
        check_uri("/src", "/src", "file:///src");
}

static void test_section_line(void **state) {
        (void) state;
        char path[] = "/tmp/test-sarif-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "w");
        fputs("[Unit]\nDescription=x\n# [Service]\n  [Service]  \nExecStart=/bin/true\n", f);
        fclose(f);
        assert_int_equal(security_sarif_section_line(path, "Service"), 4);
        assert_int_equal(security_sarif_section_line(path, "Socket"), 1);
        assert_int_equal(security_sarif_section_line("/nonexistent/x.service", "Service"), 1);
        assert_int_equal(security_sarif_section_line("/tmp", "Service"), 1);
        unlink(path);
}

static void test_empty_document(void **state) {
        (void) state;
        SecuritySarif *s = security_sarif_new("/");
        char *buf = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&buf, &n);
        security_sarif_print(f, s);
        fclose(f);
        assert_non_null(strstr(buf, "\"version\":\"2.1.0\""));
        assert_non_null(strstr(buf, "\"id\":\"UserOrDynamicUser\""));
        assert_non_null(strstr(buf, "\"results\":[\n"));
        free(buf);
        security_sarif_free(s);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_uri),
                cmocka_unit_test(test_section_line),
                cmocka_unit_test(test_empty_document),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
