/* SPDX-License-Identifier: MIT */
/* Replays the files in tests/fuzz/regressions/unit-file/ through the lexer (and the seeds, as a smoke test):
 * each must lex without crashing, and every assignment must be well formed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>

#include "log.h"
#include "unit-file.h"
#include "unit-fs.h"

static void drop(int level, const char *message, void *userdata) {
        (void) level;
        (void) message;
        (void) userdata;
}

static unsigned replay_dir(const char *rel) {
        const char *top = getenv("UNITSEC_TOP");
        _cleanup_free_ char *dir = xasprintf("%s/%s", top ? top : ".", rel);
        DIR *d = opendir(dir);
        if (!d)
                return 0;
        unsigned n = 0;
        struct dirent *de;
        log_set_sink(drop, NULL);
        while ((de = readdir(d))) {
                if (de->d_name[0] == '.' || streq(de->d_name, "README"))
                        continue;
                _cleanup_free_ char *p = xasprintf("%s/%s", dir, de->d_name), *data = NULL;
                size_t size = 0;
                assert_int_equal(unit_fs_read_file(NULL, p, &data, &size, NULL), 0);
                for (int t = 0; t < _UNIT_TYPE_MAX; t++) {
                        UnitFile f = { .path = xstrdup(p) };
                        (void) unit_file_parse(&f, data, size, (UnitType) t);
                        for (size_t i = 0; i < f.n_assignments; i++) {
                                assert_non_null(f.assignments[i].section);
                                assert_false(isempty(f.assignments[i].key));
                                assert_null(strchr(f.assignments[i].value, '\n'));
                        }
                        unit_file_done(&f);
                }
                n++;
        }
        log_set_sink(NULL, NULL);
        closedir(d);
        return n;
}

static void test_regressions(void **state) {
        (void) state;
        (void) replay_dir("tests/fuzz/regressions/unit-file");
}

static void test_seeds(void **state) {
        (void) state;
        const char *top = getenv("UNITSEC_TOP");
        unsigned n = replay_dir("tests/fuzz/seeds/unit-file");
        if (top)
                assert_true(n >= 30); /* the committed seed corpus is there */
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_regressions),
                cmocka_unit_test(test_seeds),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
