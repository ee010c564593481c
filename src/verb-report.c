/* SPDX-License-Identifier: MIT */
/* unitsec report FILE...: merges `unitsec security --format=json` results of many hosts (two runs
 * of a host: before and after) into one table, and with --html=FILE into a self-contained page. */
#include <fcntl.h>
#include <getopt.h>
#include <time.h>

#include "atomic-file.h"
#include "log.h"
#include "pager.h"
#include "report-html.h"
#include "report.h"
#include "strv.h"
#include "verbs.h"

static const char *arg_html;

static void help(void) {
        printf("Usage: unitsec report [OPTIONS] FILE...\n\n"
               "Merge the output of 'unitsec security --format=json' from many hosts into one table.\n"
               "Two runs of the same host are shown as before (older) and after (newer).\n"
               "FILE may hold several documents one after another; '-' reads standard input.\n\n"
               "Options:\n"
               "  -h --help            show this help\n"
               "     --html=FILE       also write a self-contained HTML page ('-': to stdout, no table)\n\n"
               "See 'man unitsec' for details.\n");
}

static int parse_argv(int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "html", required_argument, NULL, 'H' },
                {},
        };
        int c;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case 'H':
                        if (isempty(optarg))
                                return log_usage_error("--html= needs a file name");
                        arg_html = optarg;
                        break;
                default:
                        if (optopt == 'H')
                                return log_usage_error("option '--html' needs a value");
                        return log_usage_error("unknown option '%s'", argv[optind - 1]);
                }
        if (optind >= argc)
                return log_usage_error("report: give at least one file of 'unitsec security --format=json' output");
        return 1;
}

static size_t width_of(const Report *r, size_t off, const char *title) {
        size_t w = strlen(title);
        for (size_t i = 0; i < r->n_rows; i++) {
                const char *s = *(char **) ((char *) &r->rows[i] + off);
                w = strlen(s) > w ? strlen(s) : w;
        }
        return w;
}

static void print_table(const Report *r) {
        int hw = (int) width_of(r, offsetof(ReportRow, host), "HOST");
        int uw = (int) width_of(r, offsetof(ReportRow, unit), "UNIT");
        if (r->before_after)
                printf("%-*s %-*s %6s %8s %6s %s\n", hw, "HOST", uw, "UNIT", "BEFORE", "EXPOSURE", "CHANGE", "BAND");
        else
                printf("%-*s %-*s %8s %s\n", hw, "HOST", uw, "UNIT", "EXPOSURE", "BAND");
        for (size_t i = 0; i < r->n_rows; i++) {
                const ReportRow *row = &r->rows[i];
                char b[16], a[16], c[16];
                report_format_tenths(row->after, a, sizeof a);
                if (r->before_after)
                        printf("%-*s %-*s %6s %8s %6s %s\n", hw, row->host, uw, row->unit,
                               row->has_before ? report_format_tenths(row->before, b, sizeof b) : "-", a,
                               report_format_change(row, c, sizeof c), row->band);
                else
                        printf("%-*s %-*s %8s %s\n", hw, row->host, uw, row->unit, a, row->band);
        }
        printf("\n%zu units on %zu host(s)%s\n", r->n_rows, r->n_hosts, r->before_after ? ", before and after" : "");
}

static int write_html(const Report *r) {
        char stamp[64] = "";
        time_t now = time(NULL);
        struct tm tm;
        if (gmtime_r(&now, &tm))
                (void) strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M UTC", &tm);
        _cleanup_free_ char *page = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&page, &size);
        if (!f)
                return log_error_errno(-errno, "cannot build the page: %m");
        report_html_write(f, r, stamp);
        fclose(f);
        if (streq(arg_html, "-")) {
                fwrite(page, 1, size, stdout);
                return 0;
        }
        _cleanup_free_ char *dir = xstrdup(arg_html);
        char *slash = strrchr(dir, '/');
        const char *name = slash ? slash + 1 : arg_html;
        if (slash)
                slash == dir ? (void) (slash[1] = 0) : (void) (*slash = 0);
        _cleanup_close_ int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return log_error_errno(-errno, "cannot open the directory of '%s': %m", arg_html);
        int k = isempty(name) ? -EISDIR : atomic_write_at(dfd, name, page, size, 0644);
        if (k < 0)
                return log_error_errno(k, "cannot write '%s': %m", arg_html);
        return 0;
}

int verb_report(int argc, char **argv) {
        _cleanup_(report_done) Report r = {};
        int k = parse_argv(argc, argv);
        if (k <= 0)
                return k;
        for (int i = optind; i < argc; i++) {
                _cleanup_free_ char *error = NULL;
                k = report_add_file(&r, argv[i], &error);
                if (k < 0 && error)
                        return log_error_errno(k, "%s", error);
                if (k == -EBADFD)
                        return log_error_errno(k, "cannot read '%s': not a regular file", argv[i]);
                if (k == -EFBIG)
                        return log_error_errno(k, "cannot read '%s': larger than %u MiB", argv[i], REPORT_FILE_MAX >> 20);
                if (k < 0)
                        return log_error_errno(k, "cannot read '%s': %m", argv[i]);
        }
        report_merge(&r);
        if (arg_html && (k = write_html(&r)) < 0)
                return k;
        if (arg_html && streq(arg_html, "-"))
                return EXIT_OK;
        (void) pager_open(arg_global.no_pager);
        print_table(&r);
        pager_close();
        return EXIT_OK;
}
