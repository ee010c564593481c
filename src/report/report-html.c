/* SPDX-License-Identifier: MIT */
#include <json-c/json.h>

#include "report-html.h"

static const char page_head[] =
        "<!DOCTYPE html>\n"
        "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        "<title>unitsec exposure report</title>\n<style>\n"
        "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}\n"
        "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}\n"
        "table{border-collapse:collapse;min-width:40em}\n"
        "th,td{padding:.25em .7em;border-bottom:1px solid #ddd;text-align:left}\n"
        "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
        "th{cursor:pointer;user-select:none;background:#f3f3f3}\n"
        "th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}\n"
        ".worse{color:#b00}.better{color:#070}\n"
        "#chart svg{max-width:100%}#chart text{font-size:12px;fill:#222}\n"
        ".legend span{display:inline-block;width:1em;height:.8em;margin:0 .3em 0 1em}\n"
        "</style>\n</head>\n<body>\n"
        "<h1>unitsec exposure report</h1>\n"
        "<p id=\"summary\"></p>\n"
        "<h2>Exposure per service and host</h2>\n"
        "<p class=\"legend\" id=\"legend\"></p>\n"
        "<div id=\"chart\"></div>\n"
        "<h2>Units</h2>\n"
        "<table id=\"units\">\n<thead><tr>"
        "<th data-key=\"host\">Host</th><th data-key=\"unit\">Unit</th>"
        "<th data-key=\"before\" class=\"num before\">Before</th>"
        "<th data-key=\"after\" class=\"num\">Exposure</th>"
        "<th data-key=\"change\" class=\"num before\">Change</th>"
        "<th data-key=\"band\">Band</th></tr></thead>\n<tbody></tbody>\n</table>\n"
        "<script type=\"application/json\" id=\"unitsec-data\">";

/* Builds the page from the data: text only through textContent, so names cannot inject markup. */
static const char page_script[] =
        "</script>\n<script>\n"
        "'use strict';\n"
        "const data = JSON.parse(document.getElementById('unitsec-data').textContent);\n"
        "const rows = data.rows.map(r => Object.assign({}, r, {change: (r.before === null || r.after === null)"
        " ? null : r.after - r.before}));\n"
        "const fmt = v => v === null ? '-' : (v / 10).toFixed(1);\n"
        "const fmtChange = v => v === null ? '-' : (v > 0 ? '+' : '') + (v / 10).toFixed(1);\n"
        "const colour = v => v === null ? '#999' : v >= 90 ? '#c0392b' : v >= 70 ? '#e67e22' : v >= 40 ? '#f1c40f' : '#27ae60';\n"
        "function cell(tr, text, cls) { const td = document.createElement('td'); td.textContent = text;"
        " if (cls) td.className = cls; tr.appendChild(td); return td; }\n"
        "function renderTable(list) {\n"
        "  const tbody = document.querySelector('#units tbody');\n"
        "  tbody.replaceChildren();\n"
        "  for (const r of list) {\n"
        "    const tr = document.createElement('tr');\n"
        "    tr.dataset.host = r.host; tr.dataset.unit = r.unit;\n"
        "    cell(tr, r.host); cell(tr, r.unit);\n"
        "    if (data.before_after) cell(tr, fmt(r.before), 'num');\n"
        "    cell(tr, fmt(r.after), 'num');\n"
        "    if (data.before_after) cell(tr, fmtChange(r.change), 'num ' + (r.change > 0 ? 'worse' : r.change < 0 ? 'better' : ''));\n"
        "    cell(tr, r.band);\n"
        "    tbody.appendChild(tr);\n"
        "  }\n"
        "}\n"
        "function compare(key, dir) {\n"
        "  return (a, b) => {\n"
        "    const x = a[key], y = b[key];\n"
        "    if (x === y) return a.host.localeCompare(b.host) || a.unit.localeCompare(b.unit);\n"
        "    if (x === null) return 1;\n"
        "    if (y === null) return -1;\n"
        "    const c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));\n"
        "    return dir === 'ascending' ? c : -c;\n"
        "  };\n"
        "}\n"
        "function sortBy(th) {\n"
        "  const key = th.dataset.key;\n"
        "  const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';\n"
        "  for (const h of document.querySelectorAll('#units th')) h.removeAttribute('aria-sort');\n"
        "  th.setAttribute('aria-sort', dir);\n"
        "  renderTable(rows.slice().sort(compare(key, dir)));\n"
        "}\n"
        "const NS = 'http://www.w3.org/2000/svg';\n"
        "function svgEl(name, attrs, text) { const e = document.createElementNS(NS, name);"
        " for (const k in attrs) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; return e; }\n"
        "function renderChart(list) {\n"
        "  const label = 260, width = 420, bar = data.before_after ? 8 : 14, gap = 6;\n"
        "  const step = (data.before_after ? 2 * bar : bar) + gap;\n"
        "  const svg = svgEl('svg', {width: label + width + 60, height: list.length * step + 24, role: 'img',"
        " 'aria-label': 'exposure per service and host'});\n"
        "  for (const t of [0, 2.5, 5, 7.5, 10]) {\n"
        "    const x = label + t / 10 * width;\n"
        "    svg.appendChild(svgEl('line', {x1: x, x2: x, y1: 0, y2: list.length * step, stroke: '#ddd'}));\n"
        "    svg.appendChild(svgEl('text', {x: x, y: list.length * step + 16, 'text-anchor': 'middle'}, String(t)));\n"
        "  }\n"
        "  list.forEach((r, i) => {\n"
        "    const y = i * step, g = svgEl('g', {class: 'bar'});\n"
        "    g.appendChild(svgEl('text', {x: label - 6, y: y + (step - gap) / 2 + 4, 'text-anchor': 'end'},"
        " r.unit + ' @ ' + r.host));\n"
        "    let yy = y;\n"
        "    if (data.before_after) {\n"
        "      g.appendChild(svgEl('rect', {x: label, y: yy, height: bar, width: (r.before || 0) / 100 * width,"
        " fill: '#bbb'}));\n"
        "      yy += bar;\n"
        "    }\n"
        "    g.appendChild(svgEl('rect', {x: label, y: yy, height: bar, width: (r.after || 0) / 100 * width,"
        " fill: colour(r.after)}));\n"
        "    g.appendChild(svgEl('text', {x: label + (r.after || 0) / 100 * width + 4, y: yy + bar - 2}, fmt(r.after)));\n"
        "    g.appendChild(svgEl('title', {}, r.unit + ' @ ' + r.host + ': ' + fmt(r.after)"
        " + (data.before_after ? ' (before ' + fmt(r.before) + ')' : '')));\n"
        "    svg.appendChild(g);\n"
        "  });\n"
        "  document.getElementById('chart').replaceChildren(svg);\n"
        "}\n"
        "function renderSummary() {\n"
        "  const hosts = new Set(rows.map(r => r.host)).size;\n"
        "  document.getElementById('summary').textContent = rows.length + ' units on ' + hosts + ' host(s)'"
        " + (data.generated ? ', generated ' + data.generated : '') + (data.before_after ? ', before and after' : '') + '.';\n"
        "  const legend = document.getElementById('legend');\n"
        "  const items = data.before_after ? [['#bbb', 'before'], ['#27ae60', 'after (colour by band)']] :"
        " [['#27ae60', 'exposure (colour by band)']];\n"
        "  for (const [c, t] of items) { const s = document.createElement('span'); s.style.background = c;"
        " legend.appendChild(s); legend.appendChild(document.createTextNode(t)); }\n"
        "}\n"
        "if (!data.before_after) for (const th of document.querySelectorAll('#units th.before')) th.remove();\n"
        "for (const th of document.querySelectorAll('#units th')) th.addEventListener('click', () => sortBy(th));\n"
        "renderSummary();\n"
        "renderTable(rows);\n"
        "renderChart(rows);\n"
        "document.body.dataset.ready = 'yes';\n"
        "</script>\n</body>\n</html>\n";

static json_object *tenths_or_null(int v) {
        return v == REPORT_NONE ? NULL : json_object_new_int(v);
}

char *report_html_data(const Report *r, const char *generated) {
        json_object *root = json_object_new_object(), *rows = json_object_new_array();
        json_object_object_add(root, "generated", json_object_new_string(strempty(generated)));
        json_object_object_add(root, "before_after", json_object_new_boolean(r->before_after));
        for (size_t i = 0; i < r->n_rows; i++) {
                const ReportRow *row = &r->rows[i];
                json_object *o = json_object_new_object();
                json_object_object_add(o, "host", json_object_new_string(row->host));
                json_object_object_add(o, "unit", json_object_new_string(row->unit));
                json_object_object_add(o, "before", row->has_before ? tenths_or_null(row->before) : NULL);
                json_object_object_add(o, "after", tenths_or_null(row->after));
                json_object_object_add(o, "band", json_object_new_string(row->band));
                json_object_array_add(rows, o);
        }
        json_object_object_add(root, "rows", rows);
        const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
        /* inside <script>, "</script" or "<!--" must never appear: escape the characters that can
         * start markup (they only occur inside JSON strings, where \uXXXX means the same) */
        size_t n = strlen(s);
        char *out = xcalloc(6 * n + 1, 1), *w = out;
        for (; *s; s++) {
                if (*s == '<' || *s == '>' || *s == '&')
                        w += sprintf(w, "\\u%04x", (unsigned) *s);
                else
                        *w++ = *s;
        }
        json_object_put(root);
        return out;
}

void report_html_write(FILE *f, const Report *r, const char *generated) {
        _cleanup_free_ char *data = report_html_data(r, generated);
        fputs(page_head, f);
        fputs(data, f);
        fputs(page_script, f);
}
