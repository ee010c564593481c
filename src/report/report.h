/* SPDX-License-Identifier: MIT */
#pragma once

/* unitsec report: merges `unitsec security --format=json` documents of many hosts (and of two
 * runs per host: before/after) into one list of rows. Pure: reading, merging, sorting. */

#include "macro.h"

#define REPORT_NONE (-1) /* no exposure: not in that run, masked or not scored */
#define REPORT_FILE_MAX (64u << 20)
#define REPORT_ROWS_MAX 1000000u

typedef struct ReportRow {
        char *host;
        char *unit;
        int before; /* tenths, REPORT_NONE; only meaningful when the host has two runs */
        int after;  /* tenths of the latest run, REPORT_NONE */
        char *band; /* band of the latest run ("masked", "absent" when the unit left) */
        bool has_before; /* the host has two runs */
} ReportRow;

/* One parsed document. */
typedef struct ReportRun {
        char *host;
        char *time;
        char *source; /* file name, for messages */
        size_t order; /* position on the command line */
        ReportRow *units; /* host NULL, before REPORT_NONE: only unit, after, band set */
        size_t n_units;
} ReportRun;

typedef struct Report {
        ReportRun *runs;
        size_t n_runs;
        ReportRow *rows;
        size_t n_rows;
        size_t n_hosts;
        bool before_after; /* some host has two runs */
} Report;

void report_done(Report *r);

/* Parses every document in data (one or more JSON documents, concatenated), from file source;
 * adds them as runs. -EBADMSG with *ret_error set (owned) when the text is not such a document. */
int report_add_text(Report *r, const char *source, const char *data, size_t size, char **ret_error);
/* Reads path (a regular file of at most REPORT_FILE_MAX bytes, or "-" for stdin) and adds it. */
int report_add_file(Report *r, const char *path, char **ret_error);
/* Builds rows from the runs: per host, the earliest run is "before" and the latest "after" when it
 * has more than one; rows sorted by latest exposure (highest first), then host, then unit. */
void report_merge(Report *r);

/* "9.6", "-" for REPORT_NONE; change "+1.2", "-0.3", "0.0", "-" when either side is missing. */
const char *report_format_tenths(int tenths, char *buf, size_t n);
const char *report_format_change(const ReportRow *row, char *buf, size_t n);
