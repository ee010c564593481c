/* SPDX-License-Identifier: MIT */
/* The unit-file lexer on hostile and odd input. Each expectation was checked with systemd 252:
 *   SYSTEMD_UNIT_PATH= systemd-analyze security --offline=yes /tmp/x/foo.service
 * (the outcome noted next to each case is what systemd printed / did). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "log.h"
#include "unit-file.h"

static char captured[8192];

static void sink(int level, const char *message, void *userdata) {
        (void) level;
        (void) userdata;
        size_t l = strlen(captured);
        snprintf(captured + l, sizeof captured - l, "%s\n", message);
}

static UnitFile lex_n(const char *data, size_t n, UnitType type) {
        UnitFile f = { .path = xstrdup("/x/foo.service") };
        captured[0] = 0;
        log_set_sink(sink, NULL);
        (void) unit_file_parse(&f, data, n, type);
        log_set_sink(NULL, NULL);
        return f;
}

static UnitFile lex(const char *data) { return lex_n(data, strlen(data), UNIT_SERVICE); }

static void assert_kv(const UnitFile *f, size_t i, const char *section, const char *key, const char *value,
                      unsigned line) {
        assert_true(i < f->n_assignments);
        assert_string_equal(f->assignments[i].section, section);
        assert_string_equal(f->assignments[i].key, key);
        assert_string_equal(f->assignments[i].value, value);
        assert_int_equal(f->assignments[i].line, line);
}

static void test_basic(void **state) {
        (void) state;
        UnitFile f = lex("# comment\n; other\n[Unit]\nDescription = a b  \n\n[Service]\n  ExecStart=/bin/true\n");
        assert_int_equal(f.n_assignments, 2);
        assert_kv(&f, 0, "Unit", "Description", "a b", 4);
        assert_kv(&f, 1, "Service", "ExecStart", "/bin/true", 7);
        assert_int_equal(f.error, 0);
        assert_string_equal(captured, "");
        unit_file_done(&f);
}

/* systemd: "PrivateTmp=\\\n# comment\n  yes" applies "yes"; "User=a\\\nb\\\n" at EOF gives "a b";
 * a continuation reports the number of its last line (5 for a 3-line continuation from 3). */
static void test_continuation(void **state) {
        (void) state;
        UnitFile f = lex("[Service]\nPrivateTmp=\\\n# comment\n  yes\nUser=a\\\nb\\\n");
        assert_int_equal(f.n_assignments, 2);
        assert_kv(&f, 0, "Service", "PrivateTmp", "yes", 4);
        assert_kv(&f, 1, "Service", "User", "a b", 6);
        unit_file_done(&f);
        /* a backslash followed by a blank is no continuation; an escaped backslash neither */
        f = lex("[Service]\nA=yes \\ \nB=x\\\\\nC=1\n");
        assert_int_equal(f.n_assignments, 3);
        assert_kv(&f, 0, "Service", "A", "yes \\", 2);
        assert_kv(&f, 1, "Service", "B", "x\\\\", 3);
        unit_file_done(&f);
        /* an empty line ends a continuation */
        f = lex("[Service]\nA=x\\\n\nB=y\n");
        assert_int_equal(f.n_assignments, 2);
        assert_kv(&f, 0, "Service", "A", "x", 3);
        unit_file_done(&f);
}

/* systemd: "file:1: Assignment outside of section. Ignoring.", "Missing '=', ignoring line.",
 * "Missing key name before '=', ignoring line."; ".include" is just a line without '='. */
static void test_skipped_lines(void **state) {
        (void) state;
        UnitFile f = lex("A=b\n[Service]\nnoequal\n=x\n.include /etc/foo\nK=v\n");
        assert_int_equal(f.n_assignments, 1);
        assert_kv(&f, 0, "Service", "K", "v", 6);
        assert_non_null(strstr(captured, "/x/foo.service:1: assignment outside of any section, ignoring"));
        assert_non_null(strstr(captured, "/x/foo.service:3: missing '=', ignoring line"));
        assert_non_null(strstr(captured, "/x/foo.service:4: missing key name before '=', ignoring line"));
        assert_non_null(strstr(captured, "/x/foo.service:5: missing '='"));
        unit_file_done(&f);
}

/* systemd: "[Socket]" in a .service → "Unknown section 'Socket'. Ignoring." and its lines are
 * dropped silently; "[X-Foo]" is dropped without a word; '[Bad"x]' is fatal (Bad message). */
static void test_sections(void **state) {
        (void) state;
        UnitFile f = lex("[Service]\nA=1\n[Socket]\nB=2\n[X-Foo]\nC=3\n[Install]\nD=4\n[Bad\"x]\nE=5\n");
        assert_int_equal(f.n_assignments, 2);
        assert_kv(&f, 0, "Service", "A", "1", 2);
        assert_kv(&f, 1, "Install", "D", "4", 8);
        assert_non_null(strstr(captured, ":3: unknown section 'Socket', ignoring"));
        assert_null(strstr(captured, "X-Foo"));
        assert_int_equal(f.error, -EBADMSG);
        assert_int_equal(f.error_line, 9);
        unit_file_done(&f);
        /* corpus s1-0001-x-frag-bad-header: "[Service" → "Invalid section header", fatal */
        f = lex("[Unit]\nA=1\n[Service\nB=2\n");
        assert_int_equal(f.n_assignments, 1);
        assert_int_equal(f.error, -EBADMSG);
        assert_int_equal(f.error_line, 3);
        assert_non_null(strstr(captured, ":3: invalid section header '[Service'"));
        unit_file_done(&f);
        /* the type decides: [Socket] is right in a .socket */
        static const char sock[] = "[Socket]\nListenStream=1\n";
        f = lex_n(sock, sizeof sock - 1, UNIT_SOCKET);
        assert_int_equal(f.n_assignments, 1);
        unit_file_done(&f);
        /* systemd: "[Service] # c" is an invalid header; "[Service ]" and "[Ser[vice]" are unknown
         * sections; a control character is "Bad characters"; invalid UTF-8 fails as in a value */
        static const struct {
                const char *text;
                int error;
                const char *message;
        } headers[] = {
                { "[Service] # c\nA=1\n", -EBADMSG, "invalid section header '[Service] # c'" },
                { "[Service ]\nA=1\n", 0, "unknown section 'Service ', ignoring" },
                { "[Ser[vice]\nA=1\n", 0, "unknown section 'Ser[vice', ignoring" },
                { "[Serv\x01ice]\nA=1\n", -EBADMSG, "bad characters in section header" },
                { "[Serv\xffice]\nA=1\n", -EINVAL, "not valid UTF-8" },
                { "  [Service]  \nA  =  a b  \n", 0, NULL },
        };
        for (size_t i = 0; i < ELEMENTSOF(headers); i++) {
                f = lex(headers[i].text);
                assert_int_equal(f.error, headers[i].error);
                assert_int_equal(f.n_assignments, headers[i].message ? 0 : 1);
                if (headers[i].message)
                        assert_non_null(strstr(captured, headers[i].message));
                else
                        assert_kv(&f, 0, "Service", "A", "a b", 2);
                unit_file_done(&f);
        }
        assert_true(unit_file_section_is_valid("Timer", UNIT_TIMER));
        assert_false(unit_file_section_is_valid("Service", UNIT_TIMER));
}

/* systemd: "\r\n" is one line end; so are "\n\r"; a lone "\r" or a NUL ends a line too:
 * "PrivateTmp=yes\0garbage\n" → PrivateTmp=yes and "garbage" (Missing '='). */
static void test_line_ends(void **state) {
        (void) state;
        static const char data[] = "[Service]\r\nA=1\n\rB=2\r\rC=3\0garbage\nD=x\ry\n";
        UnitFile f = lex_n(data, sizeof data - 1, UNIT_SERVICE);
        assert_int_equal(f.n_assignments, 4);
        assert_kv(&f, 0, "Service", "A", "1", 2);
        assert_kv(&f, 1, "Service", "B", "2", 3);
        assert_kv(&f, 2, "Service", "C", "3", 5);
        assert_kv(&f, 3, "Service", "D", "x", 7);
        assert_non_null(strstr(captured, ":6: missing '='"));
        assert_non_null(strstr(captured, ":8: missing '='"));
        unit_file_done(&f);
}

/* systemd: a BOM is stripped from the first non-comment line only; a BOM before '#' leaves an
 * "assignment outside of section" (corpus s1-0016-x-bom-comment); after a comment line it is
 * still stripped. */
static void test_bom(void **state) {
        (void) state;
        UnitFile f = lex("\xef\xbb\xbf[Service]\nA=1\n");
        assert_int_equal(f.n_assignments, 1);
        assert_string_equal(captured, "");
        unit_file_done(&f);
        f = lex("#c\n\xef\xbb\xbf[Service]\nA=1\n");
        assert_int_equal(f.n_assignments, 1);
        assert_string_equal(captured, "");
        unit_file_done(&f);
        f = lex("\xef\xbb\xbf#c\n[Service]\nA=1\n");
        assert_int_equal(f.n_assignments, 1);
        assert_non_null(strstr(captured, ":1: assignment outside of any section, ignoring"));
        unit_file_done(&f);
        /* systemd: the first BOM found is stripped wherever it is ("[Service]\n<BOM>User=x" sets
         * User=x); once one was stripped, a later one is part of the key ("Unknown key '<BOM>User'") */
        f = lex("[Service]\n\xef\xbb\xbf" "A=1\n");
        assert_int_equal(f.n_assignments, 1);
        assert_string_equal(f.assignments[0].key, "A");
        unit_file_done(&f);
        f = lex("\xef\xbb\xbf[Service]\n\xef\xbb\xbf" "A=1\n\xef\xbb\xbf#B=2\n");
        assert_int_equal(f.n_assignments, 2);
        assert_string_equal(f.assignments[0].key, "\xef\xbb\xbf" "A");
        assert_string_equal(f.assignments[1].key, "\xef\xbb\xbf#B");
        unit_file_done(&f);
}

/* systemd: "String is not UTF-8 clean, ignoring assignment", then the unit fails to load with
 * "Invalid argument": fatal at that line. */
static void test_invalid_utf8(void **state) {
        (void) state;
        UnitFile f = lex("[Service]\nA=1\nPrivateTmp=\xff\nB=2\n");
        assert_int_equal(f.n_assignments, 1);
        assert_int_equal(f.error, -EINVAL);
        assert_int_equal(f.error_line, 3);
        unit_file_done(&f);
        f = lex("[Service]\n# \xff in a comment is fine\nA=\xc3\xa9\n");
        assert_int_equal(f.n_assignments, 1);
        assert_int_equal(f.error, 0);
        unit_file_done(&f);
}

static char *long_unit(size_t line_len, const char *eol, bool cont) {
        const char *head = "[Service]\nExecStart=/bin/true\nPrivateTmp=yes";
        size_t hl = strlen("PrivateTmp=yes");
        size_t total = strlen(head) + (line_len - hl) + 64;
        char *d = xmalloc(total);
        strcpy(d, head);
        size_t o = strlen(d);
        memset(d + o, cont ? 'y' : ' ', line_len - hl);
        o += line_len - hl;
        strcpy(d + o, eol);
        strcat(d, "User=x\n");
        return d;
}

/* systemd: a line of 1048575 bytes is read; 1048576 bytes (with or without a final newline)
 * fail the unit with "No buffer space available". */
static void test_long_lines(void **state) {
        (void) state;
        _cleanup_free_ char *ok = long_unit(UNIT_FILE_LINE_MAX - 1, "\r\n", false);
        UnitFile f = lex(ok);
        assert_int_equal(f.error, 0);
        assert_int_equal(f.n_assignments, 3);
        assert_kv(&f, 1, "Service", "PrivateTmp", "yes", 3);
        unit_file_done(&f);
        _cleanup_free_ char *bad = long_unit(UNIT_FILE_LINE_MAX, "\n", false);
        f = lex(bad);
        assert_int_equal(f.error, -ENOBUFS);
        assert_int_equal(f.error_line, 3);
        assert_int_equal(f.n_assignments, 1);
        unit_file_done(&f);
        bad[strlen(bad) - strlen("\nUser=x\n")] = 0; /* the same line at the end, no newline */
        f = lex(bad);
        assert_int_equal(f.error, -ENOBUFS);
        unit_file_done(&f);
}

/* systemd: 1100 continued lines of 1000 bytes fail with "No buffer space available". */
static void test_endless_continuation(void **state) {
        (void) state;
        size_t n = 1100, per = 1002;
        char *d = xmalloc(n * per + 64), *o = d;
        o += sprintf(o, "[Service]\nA=\\\n");
        for (size_t i = 0; i < n; i++) {
                memset(o, 'y', 1000);
                o += 1000;
                o += sprintf(o, "\\\n");
        }
        strcpy(o, "yes\n");
        UnitFile f = lex(d);
        assert_int_equal(f.error, -ENOBUFS);
        assert_int_equal(f.n_assignments, 0);
        unit_file_done(&f);
        free(d);
        /* a file that is one endless continuation of short lines ends at the end of the data */
        f = lex("[Service]\nA=\\\n\\\n\\\n");
        assert_int_equal(f.n_assignments, 1);
        assert_string_equal(f.assignments[0].value, "");
        unit_file_done(&f);
}

static void test_nul_and_empty(void **state) {
        (void) state;
        UnitFile f = lex_n("", 0, UNIT_SERVICE);
        assert_int_equal(f.n_assignments, 0);
        unit_file_done(&f);
        static const char zeros[4096];
        f = lex_n(zeros, sizeof zeros, UNIT_SERVICE);
        assert_int_equal(f.n_assignments, 0);
        assert_int_equal(f.error, 0);
        unit_file_done(&f);
        f = lex_n("[", 1, UNIT_SERVICE);
        assert_int_equal(f.error, -EBADMSG);
        unit_file_done(&f);
        f = lex_n("[]", 2, UNIT_SERVICE);
        assert_int_equal(f.error, 0);
        assert_non_null(strstr(captured, "unknown section ''"));
        unit_file_done(&f);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_basic),         cmocka_unit_test(test_continuation),
                cmocka_unit_test(test_skipped_lines), cmocka_unit_test(test_sections),
                cmocka_unit_test(test_line_ends),     cmocka_unit_test(test_bom),
                cmocka_unit_test(test_invalid_utf8),  cmocka_unit_test(test_long_lines),
                cmocka_unit_test(test_endless_continuation), cmocka_unit_test(test_nul_and_empty),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
