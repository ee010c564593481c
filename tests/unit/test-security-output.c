/* SPDX-License-Identifier: MIT */
/* The printed forms: the overall line (an interface: scripts parse it), systemd's JSON shapes,
 * the table layout without a terminal, and the ellipsis helper. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "security-output.h"
#include "terminal.h"

static ExecSettings base(void) {
        return (ExecSettings) {
                .unit_type = UNIT_SERVICE,
                .default_dependencies = true,
                .umask = 0022,
                .keyring_mode = KEYRING_PRIVATE,
                .capability_bounding_set = UINT64_MAX,
                .restrict_namespaces = NAMESPACE_FLAGS_ALL,
        };
}

typedef void (*printer_t)(FILE *f, const void *userdata);

static char *capture(printer_t p, const void *userdata) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        assert_non_null(f);
        p(f, userdata);
        fclose(f);
        return buf;
}

static void print_overall_utf8(FILE *f, const void *u) {
        (void) u;
        security_print_overall(f, "x.service", 96, &(SecurityStyle) { .utf8 = true });
}

static void print_overall_ascii(FILE *f, const void *u) {
        (void) u;
        security_print_overall(f, "tmpl@i.service", 49, &(SecurityStyle) { .utf8 = false });
}

static void test_overall_line(void **state) {
        (void) state;
        char *s = capture(print_overall_utf8, NULL);
        assert_string_equal(s, "\n\xe2\x86\x92 Overall exposure level for x.service: 9.6 UNSAFE \xf0\x9f\x98\xa8\n");
        free(s);
        s = capture(print_overall_ascii, NULL);
        assert_string_equal(s, "\n-> Overall exposure level for tmpl@i.service: 4.9 OK :-)\n");
        free(s);
}

static void print_short(FILE *f, const void *u) {
        security_print_json(f, u, SECURITY_JSON_SHORT);
}

static void print_pretty(FILE *f, const void *u) {
        security_print_json(f, u, SECURITY_JSON_PRETTY);
}

static void print_table(FILE *f, const void *u) {
        security_print_table(f, u, &(SecurityStyle) { .utf8 = true });
}

static void test_json_and_table(void **state) {
        (void) state;
        ExecSettings s = base();
        SecurityInput in = { .settings = &s, .unit_id = "x.service" };
        SecurityReport r;
        assert_int_equal(security_report_build(&in, NULL, &r), 0);

        char *j = capture(print_short, &r);
        /* the largest contribution first: PrivateNetwork, 2500 of 56160 → 0.5 */
        assert_non_null(strstr(j, "[{\"set\":false,\"name\":\"PrivateNetwork=\",\"json_field\":\"PrivateNetwork\","));
        assert_non_null(strstr(j, "\"exposure\":\"0.5\"}"));
        assert_non_null(strstr(j, "{\"set\":null,\"name\":\"RemoveIPC=\""));
        assert_non_null(strstr(j, "\"json_field\":\"CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)\""));
        assert_string_equal(j + strlen(j) - 3, "}]\n");
        free(j);

        j = capture(print_pretty, &r);
        assert_true(strncmp(j, "[\n\t{\n\t\t\"set\" : false,\n\t\t\"name\" : \"PrivateNetwork=\",\n", 52) == 0);
        assert_string_equal(j + strlen(j) - 5, "\n\t}\n]\n" + 1);
        free(j);

        char *t = capture(print_table, &r);
        /* header: check column " ", NAME padded to the longest name (59, row 34) */
        assert_true(strncmp(t, "  NAME", 6) == 0);
        assert_true(strncmp(t + 2 + 59 + 1, "DESCRIPTION", 11) == 0);
        assert_non_null(strstr(t, "\n\xe2\x9c\x97 PrivateNetwork=  "));
        assert_null(strstr(t, " \n")); /* no trailing blanks */
        free(t);
        security_report_done(&r);
}

static void test_ellipsize(void **state) {
        (void) state;
        char *s = terminal_ellipsize("abcdefgh", 5, true);
        assert_string_equal(s, "abcd\xe2\x80\xa6");
        free(s);
        s = terminal_ellipsize("abcdefgh", 5, false);
        assert_string_equal(s, "ab...");
        free(s);
        s = terminal_ellipsize("abc", 5, true);
        assert_string_equal(s, "abc");
        free(s);
        assert_int_equal(terminal_width("RestrictAddressFamilies=~\xe2\x80\xa6"), 26);
        assert_int_equal(terminal_width("\xf0\x9f\x98\xa8"), 2);
}

static void test_json_modes(void **state) {
        (void) state;
        assert_int_equal(security_json_mode_from_string("pretty"), SECURITY_JSON_PRETTY);
        assert_int_equal(security_json_mode_from_string("short"), SECURITY_JSON_SHORT);
        assert_int_equal(security_json_mode_from_string("off"), SECURITY_JSON_OFF);
        assert_int_equal(security_json_mode_from_string("help"), _SECURITY_JSON_MODE_INVALID);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_overall_line),
                cmocka_unit_test(test_json_and_table),
                cmocka_unit_test(test_ellipsize),
                cmocka_unit_test(test_json_modes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
