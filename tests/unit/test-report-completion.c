/* SPDX-License-Identifier: MIT */
/* The directive names that completion/unitsec.bash offers after -p are exactly the [Service]
 * directives of the directive table (run -p applies those). On a mismatch the test prints the list
 * to paste into the script. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "directives.h"
#include "strv.h"

static char *read_script(void) {
        const char *top = getenv("UNITSEC_TOP");
        char *path = xasprintf("%s/completion/unitsec.bash", top ? top : ".");
        FILE *f = fopen(path, "re");
        free(path);
        if (!f)
                return NULL;
        char *buf = xcalloc(1 << 20, 1);
        size_t n = fread(buf, 1, (1 << 20) - 1, f);
        buf[n] = 0;
        fclose(f);
        return buf;
}

/* The words between "_unitsec_directives='" and the next "'". */
static char **script_directives(const char *script) {
        const char *p = strstr(script, "_unitsec_directives='");
        char **l = NULL;
        if (!p)
                return NULL;
        p += strlen("_unitsec_directives='");
        const char *end = strchr(p, '\'');
        _cleanup_free_ char *list = xstrndup(p, end ? (size_t) (end - p) : strlen(p));
        for (char *save = NULL, *w = strtok_r(list, " \n", &save); w; w = strtok_r(NULL, " \n", &save))
                strv_extend(&l, w);
        return l;
}

static void test_directives_in_sync(void **state) {
        (void) state;
        _cleanup_free_ char *script = read_script();
        if (!script)
                skip();
        _cleanup_strv_free_ char **have = script_directives(script), **want = NULL;
        for (size_t i = 0; i < directive_table_count; i++)
                if (directive_table[i].sections & SECTION_SERVICE)
                        strv_extend(&want, directive_table[i].name);
        bool same = strv_length(have) == strv_length(want);
        for (size_t i = 0; same && want[i]; i++)
                same = strv_contains(have, want[i]);
        if (!same) {
                _cleanup_free_ char *j = strv_join(want, " ");
                fprintf(stderr, "# completion/unitsec.bash: set _unitsec_directives to:\n# %s\n", j);
        }
        assert_true(same);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_directives_in_sync),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
