/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "report-html.h"
#include "report.h"

static const char before[] = "{\"host\":\"h1\",\"time\":\"2026-01-01T00:00:00Z\",\"units\":["
                             "{\"name\":\"a.service\",\"exposure_tenths\":92,\"band\":\"UNSAFE\"},"
                             "{\"name\":\"gone.service\",\"exposure_tenths\":50,\"band\":\"MEDIUM\"}]}";
static const char after[] = "{\"host\":\"h1\",\"time\":\"2026-01-02T00:00:00Z\",\"units\":["
                            "{\"name\":\"a.service\",\"exposure_tenths\":41,\"band\":\"OK\"},"
                            "{\"name\":\"new.service\",\"exposure_tenths\":null,\"band\":\"masked\"}]}\n"
                            "{\"host\":\"h2\",\"units\":[{\"name\":\"a.service\",\"exposure_tenths\":96}]}";

static const ReportRow *find(const Report *r, const char *host, const char *unit) {
        for (size_t i = 0; i < r->n_rows; i++)
                if (streq(r->rows[i].host, host) && streq(r->rows[i].unit, unit))
                        return &r->rows[i];
        return NULL;
}

static void test_merge(void **state) {
        (void) state;
        Report r = {};
        char *err = NULL;
        /* the later run first: the time decides what is "after" */
        assert_int_equal(report_add_text(&r, "after.json", after, sizeof after - 1, &err), 0);
        assert_int_equal(report_add_text(&r, "before.json", before, sizeof before - 1, &err), 0);
        report_merge(&r);
        assert_int_equal(r.n_hosts, 2);
        assert_int_equal(r.n_rows, 4);
        assert_true(r.before_after);
        const ReportRow *a = find(&r, "h1", "a.service");
        assert_non_null(a);
        assert_int_equal(a->before, 92);
        assert_int_equal(a->after, 41);
        char buf[16];
        assert_string_equal(report_format_change(a, buf, sizeof buf), "-5.1");
        const ReportRow *g = find(&r, "h1", "gone.service");
        assert_int_equal(g->after, REPORT_NONE);
        assert_string_equal(g->band, "absent");
        const ReportRow *n = find(&r, "h1", "new.service");
        assert_int_equal(n->before, REPORT_NONE);
        assert_string_equal(n->band, "masked");
        assert_false(find(&r, "h2", "a.service")->has_before);
        /* highest exposure first, missing ones last */
        assert_int_equal(r.rows[0].after, 96);
        assert_int_equal(r.rows[r.n_rows - 1].after, REPORT_NONE);
        report_done(&r);
}

static void test_bad_input(void **state) {
        (void) state;
        static const char *bad[] = { "", "   ", "[1,2]", "{\"units\":3}", "{\"units\":[{\"x\":1}]}",
                                     "{\"units\":[{\"name\":\"a\",\"exposure_tenths\":1000}]}", "{\"units\":[]} {" };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                Report r = {};
                char *err = NULL;
                assert_int_equal(report_add_text(&r, "x.json", bad[i], strlen(bad[i]), &err), -EBADMSG);
                assert_non_null(err);
                assert_non_null(strstr(err, "x.json"));
                free(err);
                report_done(&r);
        }
}

static void test_html_escapes(void **state) {
        (void) state;
        static const char doc[] = "{\"host\":\"</script><b>&\",\"units\":[{\"name\":\"a.service\",\"exposure_tenths\":10}]}";
        Report r = {};
        char *err = NULL;
        assert_int_equal(report_add_text(&r, "x", doc, sizeof doc - 1, &err), 0);
        report_merge(&r);
        char *data = report_html_data(&r, "now");
        assert_null(strchr(data, '<'));
        assert_null(strchr(data, '>'));
        assert_null(strchr(data, '&'));
        assert_non_null(strstr(data, "\\u003c\\/script\\u003e"));
        free(data);
        report_done(&r);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_merge),
                cmocka_unit_test(test_bad_input),
                cmocka_unit_test(test_html_escapes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
