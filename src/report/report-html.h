/* SPDX-License-Identifier: MIT */
#pragma once

/* One self-contained HTML page for a merged report: a sortable table and a bar chart of exposure
 * per service and host (before/after bars when two runs were given). No network fetches: styles,
 * script and data are inline; the data is JSON read by the script, never markup. */

#include <stdio.h>

#include "report.h"

void report_html_write(FILE *f, const Report *r, const char *generated);
/* The report's data as the JSON the page embeds (owned string, '<', '>' and '&' escaped). */
char *report_html_data(const Report *r, const char *generated);
