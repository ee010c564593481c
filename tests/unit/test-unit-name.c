/* SPDX-License-Identifier: MIT */
/* Unit name rules (systemd's unit-name rules: allowed characters, length < 256, a known type
 * suffix, plain/template/instance forms) and escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit-load.h"
#include "unit-name.h"

static void test_valid(void **state) {
        (void) state;
        assert_true(unit_name_is_valid("foo.service", UNIT_NAME_PLAIN));
        assert_true(unit_name_is_valid("a-b_c:d.e\\x2d.socket", UNIT_NAME_PLAIN));
        assert_true(unit_name_is_valid("foo@.service", UNIT_NAME_TEMPLATE));
        assert_true(unit_name_is_valid("foo@bar.service", UNIT_NAME_INSTANCE));
        assert_true(unit_name_is_valid("foo@bar@baz.timer", UNIT_NAME_INSTANCE)); /* instance "bar@baz" */
        assert_false(unit_name_is_valid("foo@.service", UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE));
        assert_false(unit_name_is_valid("foo@bar.service", UNIT_NAME_PLAIN));
        assert_false(unit_name_is_valid("foo", UNIT_NAME_ANY));
        assert_false(unit_name_is_valid("foo.txt", UNIT_NAME_ANY));
        assert_false(unit_name_is_valid(".service", UNIT_NAME_ANY));
        assert_false(unit_name_is_valid("@a.service", UNIT_NAME_ANY));
        assert_false(unit_name_is_valid("a b.service", UNIT_NAME_ANY));
        assert_false(unit_name_is_valid("a/b.service", UNIT_NAME_ANY));
        assert_false(unit_name_is_valid("", UNIT_NAME_ANY));
        assert_false(unit_name_is_valid("fo\xc3\xa9.service", UNIT_NAME_ANY));
        char big[300];
        memset(big, 'a', sizeof big);
        strcpy(big + 255 - strlen(".service"), ".service"); /* 255 characters: valid */
        assert_true(unit_name_is_valid(big, UNIT_NAME_PLAIN));
        memset(big, 'a', sizeof big);
        strcpy(big + 256 - strlen(".service"), ".service"); /* 256: too long */
        assert_false(unit_name_is_valid(big, UNIT_NAME_PLAIN));
}

static void test_types(void **state) {
        (void) state;
        static const char *const t[] = { "service", "mount", "swap", "socket", "target", "device",
                                         "automount", "timer", "path", "slice", "scope" };
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                assert_int_equal(unit_type_from_string(t[i]), (int) i);
                assert_string_equal(unit_type_to_string((UnitType) i), t[i]);
        }
        assert_int_equal(unit_type_from_string("snapshot"), -EINVAL);
        assert_int_equal(unit_name_to_type("a@b.path"), UNIT_PATH);
        assert_int_equal(unit_name_to_type("a.b"), -EINVAL);
}

static void test_parts(void **state) {
        (void) state;
        char *s = NULL;
        assert_int_equal(unit_name_to_prefix("foo@bar.service", &s), 0);
        assert_string_equal(s, "foo");
        free(s);
        assert_int_equal(unit_name_to_prefix("foo.bar.service", &s), 0);
        assert_string_equal(s, "foo.bar");
        free(s);
        assert_int_equal(unit_name_to_instance("foo@bar@x.service", &s), 0);
        assert_string_equal(s, "bar@x");
        free(s);
        assert_int_equal(unit_name_to_instance("foo.service", &s), 0);
        assert_null(s);
        assert_int_equal(unit_name_template("foo@bar.socket", &s), 0);
        assert_string_equal(s, "foo@.socket");
        free(s);
        assert_int_equal(unit_name_template("foo.socket", &s), -EINVAL);
        assert_int_equal(unit_name_replace_instance("foo@.service", "i", &s), 0);
        assert_string_equal(s, "foo@i.service");
        free(s);
        assert_int_equal(unit_name_replace_instance("foo@.service", "a b", &s), -EINVAL);
}

static void test_escape(void **state) {
        (void) state;
        char *s = unit_name_escape("/dev/sda-1 x\\.");
        assert_string_equal(s, "-dev-sda\\x2d1\\x20x\\x5c.");
        free(s);
        s = unit_name_escape(".hidden");
        assert_string_equal(s, "\\x2ehidden");
        free(s);
        assert_int_equal(unit_name_unescape("a-b\\x2dc", &s), 0);
        assert_string_equal(s, "a/b-c");
        free(s);
        assert_int_equal(unit_name_unescape("bad\\y", &s), -EINVAL);
        assert_int_equal(unit_name_unescape("bad\\x2", &s), -EINVAL);
        /* %f of "x-y\x2fz" is "/x/y/z" (systemd-analyze verify shows it) */
        assert_int_equal(unit_name_path_unescape("x-y\\x2fz", &s), 0);
        assert_string_equal(s, "/x/y/z");
        free(s);
        assert_int_equal(unit_name_path_unescape("-", &s), 0);
        assert_string_equal(s, "/");
        free(s);
        assert_int_equal(unit_name_path_unescape("-a", &s), -EINVAL);
        assert_int_equal(unit_name_path_unescape("a-", &s), -EINVAL);
        assert_int_equal(unit_name_path_unescape("a--b", &s), -EINVAL);
        assert_int_equal(unit_name_path_unescape("a-..", &s), -EINVAL);
        assert_int_equal(unit_name_path_unescape("", &s), -EINVAL);
}

/* spec §4.1 step 3: the basename must be a valid unit name; a bare template becomes "@i". */
static void test_arg_to_name(void **state) {
        (void) state;
        char *s = NULL;
        assert_int_equal(unit_arg_to_name("/x/y/foo@.service", &s), 0);
        assert_string_equal(s, "foo@i.service");
        free(s);
        assert_int_equal(unit_arg_to_name("sshd.service", &s), 0);
        assert_string_equal(s, "sshd.service");
        free(s);
        assert_int_equal(unit_arg_to_name("rel/dir/a@b.timer", &s), 0);
        assert_string_equal(s, "a@b.timer");
        free(s);
        assert_int_equal(unit_arg_to_name("sshd", &s), -EINVAL);
        assert_int_equal(unit_arg_to_name("/x/", &s), -EINVAL);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_valid),  cmocka_unit_test(test_types),       cmocka_unit_test(test_parts),
                cmocka_unit_test(test_escape), cmocka_unit_test(test_arg_to_name),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
