/* SPDX-License-Identifier: MIT */
/* Replays tests/fuzz/seeds/exec-settings/ and tests/fuzz/regressions/exec-settings/ through the
 * fuzz target itself (lexer, directive table, implied settings, scoring), under the normal test
 * build (and ASan/UBSan with SANITIZE=1): every input must go through without a crash or leak. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>

#include "../fuzz/fuzz-exec-settings.c"

static unsigned replay_dir(const char *rel) {
        const char *top = getenv("UNITSEC_TOP");
        _cleanup_free_ char *dir = xasprintf("%s/%s", top ? top : ".", rel);
        DIR *d = opendir(dir);
        if (!d)
                return 0;
        unsigned n = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.' || streq(de->d_name, "README"))
                        continue;
                _cleanup_free_ char *p = xasprintf("%s/%s", dir, de->d_name);
                FILE *f = fopen(p, "re");
                assert_non_null(f);
                uint8_t buf[65537];
                size_t size = fread(buf, 1, sizeof buf, f);
                fclose(f);
                assert_int_equal(LLVMFuzzerTestOneInput(buf, size), 0);
                n++;
        }
        closedir(d);
        return n;
}

static void test_seeds(void **state) {
        (void) state;
        assert_true(replay_dir("tests/fuzz/seeds/exec-settings") > 0);
}

static void test_regressions(void **state) {
        (void) state;
        (void) replay_dir("tests/fuzz/regressions/exec-settings");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_seeds),
                cmocka_unit_test(test_regressions),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
