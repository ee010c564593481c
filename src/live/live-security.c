/* SPDX-License-Identifier: MIT */
/* Online `unitsec security`: the manager's view of each service, scored by the unchanged tests. */
#include "live-security.h"
#include "log.h"
#include "pager.h"
#include "security-document.h"
#include "strv.h"
#include "terminal.h"
#include "verbs.h"

#define TEMPLATE_INSTANCE "test-instance" /* what systemd-analyze 252 analyses for foo@.service */

void live_scored_done(LiveScored *s) {
        if (s->settings_loaded)
                exec_settings_done(&s->settings);
        security_report_done(&s->report);
        live_properties_done(&s->props);
        *s = (LiveScored) {};
}

static bool mangle_keeps(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(":-_.@\\", c);
}

char *live_unit_name_mangle(const char *arg) {
        if (unit_name_is_valid(arg, UNIT_NAME_ANY))
                return xstrdup(arg);
        size_t n = strlen(arg);
        char *s = xmalloc(n * 4 + sizeof(".service")), *t = s;
        for (const char *c = arg; *c; c++)
                if (mangle_keeps(*c))
                        *t++ = *c;
                else
                        t += sprintf(t, "\\x%02x", (unsigned) (unsigned char) *c);
        *t = 0;
        if (unit_name_to_type(s) < 0) /* no suffix of its own */
                strcpy(t, ".service");
        return s;
}

/* The load state check of a named unit: logs why it cannot be analysed. */
static int check_loaded(const LiveProperties *p, const char *name) {
        if (streq_ptr(p->load_state, "loaded"))
                return 0;
        if (streq_ptr(p->load_state, "not-found"))
                return log_error_errno(-ENOENT, "unit '%s' not found, not analysed", name);
        if (streq_ptr(p->load_state, "masked"))
                return log_error_errno(-ERFKILL, "unit '%s' is masked, not analysed", name);
        return log_error_errno(-ENOEXEC, "unit '%s' is not loaded properly (%s), not analysed", name,
                               strna(p->load_state));
}

int live_score_unit(LiveManager *m, const char *name, bool overview, const LiveSecurityOptions *o,
                    LiveScored *ret) {
        int r = live_manager_read_unit(m, name, &ret->props);
        if (r < 0)
                return log_error_errno(r, "cannot read the properties of '%s' from the manager: %m", name);
        if (overview && (!streq_ptr(ret->props.load_state, "loaded") || streq_ptr(ret->props.type, "oneshot")))
                return 0;
        r = check_loaded(&ret->props, name);
        if (r < 0)
                return r;
        r = live_settings_from_properties(&ret->props, o->scope, &ret->settings);
        if (r < 0)
                return log_error_errno(r, "the manager reported no id for '%s'", name);
        ret->settings_loaded = true;
        SecurityInput in = { .settings = &ret->settings, .unit_id = ret->props.id };
        r = security_report_build(&in, o->policy, &ret->report);
        return r < 0 ? r : 1;
}

static SecurityStyle live_style(void) {
        return (SecurityStyle) {
                .utf8 = terminal_is_utf8(),
                .colors = terminal_colors_enabled(),
                .columns = terminal_columns(),
        };
}

static void print_report(const LiveScored *s, const LiveSecurityOptions *o, const SecurityStyle *st,
                         SecurityDocument *doc) {
        if (doc)
                security_document_add(doc, s->props.id, NULL, &s->settings, &s->report, true);
        else if (o->json != SECURITY_JSON_OFF)
                security_print_json(stdout, &s->report, o->json);
        else {
                security_print_report(stdout, &s->report, s->props.id, st);
        }
}

static void print_overview(const LiveScored *units, size_t n, const LiveSecurityOptions *o,
                           const SecurityStyle *st, SecurityDocument *doc) {
        if (doc) {
                for (size_t i = 0; i < n; i++)
                        security_document_add(doc, units[i].props.id, NULL, &units[i].settings, &units[i].report,
                                              false);
                return;
        }
        SecurityOverviewRow *rows = xcalloc(n + 1, sizeof *rows);
        for (size_t i = 0; i < n; i++)
                rows[i] = (SecurityOverviewRow) { units[i].props.id, false, units[i].report.exposure };
        if (o->json != SECURITY_JSON_OFF)
                security_print_overview_json(stdout, rows, n, o->json, st);
        else
                security_print_overview(stdout, rows, n, st);
        free(rows);
}

/* The name to analyse for a command line argument: mangled, a template instantiated. A name
 * that is not a service is refused (-EINVAL, logged). */
static int prepare_name(const char *arg, char **ret) {
        _cleanup_free_ char *n = live_unit_name_mangle(arg);
        if (unit_name_to_type(n) != UNIT_SERVICE)
                return log_error_errno(-EINVAL, "'%s' is not a service unit, refusing", arg);
        if (unit_name_is_valid(n, UNIT_NAME_TEMPLATE)) {
                char *i = NULL;
                if (unit_name_replace_instance(n, TEMPLATE_INSTANCE, &i) < 0)
                        return log_error_errno(-EINVAL, "cannot instantiate '%s'", n);
                free(n);
                n = i;
        }
        *ret = TAKE_PTR(n);
        return 0;
}

/* Scores the names in order. Named units print their reports as they come, and one that is not a
 * service stops the run (as in systemd-analyze); the overview (no argument) collects silently.
 * Returns the number of scored units in *n. */
static int score_all(LiveManager *m, char **names, bool overview, const LiveSecurityOptions *o,
                     LiveScored *units, size_t *n, bool *failed, SecurityDocument *doc) {
        SecurityStyle st = live_style();
        size_t i = 0;
        STRV_FOREACH(name, names) {
                if (!overview && !doc && i++ > 0) {
                        putchar('\n');
                        fflush(stdout);
                }
                LiveScored *s = &units[*n];
                _cleanup_free_ char *mangled = NULL;
                if (!overview && prepare_name(*name, &mangled) < 0)
                        return -EINVAL;
                int r = live_score_unit(m, mangled ?: *name, overview, o, s);
                if (r == -EDOM) {
                        live_scored_done(s);
                        return r;
                }
                if (r <= 0) {
                        *failed = *failed || r < 0;
                        live_scored_done(s);
                        continue;
                }
                if (!overview)
                        print_report(s, o, &st, doc);
                *failed = *failed || s->report.exposure > o->threshold;
                (*n)++;
        }
        return 0;
}

int live_security(LiveManager *m, char **args, const LiveSecurityOptions *o) {
        _cleanup_strv_free_ char **names = NULL;
        bool overview = strv_length(args) == 0, failed = false;
        int r = overview ? live_manager_list_services(m, &names) : 0;
        if (r < 0)
                return log_error_errno(r, "cannot list the manager's units: %m");
        if (!overview)
                names = strv_copy(args);
        size_t n = 0, total = strv_length(names);
        LiveScored *units = xcalloc(total + 1, sizeof(LiveScored));
        SecurityDocument *doc = o->format_json ? security_document_new() : NULL;
        SecurityStyle st = live_style();
        (void) pager_open(o->no_pager);
        r = score_all(m, names, overview, o, units, &n, &failed, doc);
        if (r >= 0 && (overview || (total > 1 && !doc))) { /* a document holds the named units already */
                if (!overview)
                        putchar('\n');
                print_overview(units, n, o, &st, doc);
        }
        if (doc && r >= 0)
                security_document_print(stdout, doc);
        fflush(stdout);
        pager_close();
        security_document_free(doc);
        for (size_t i = 0; i < n; i++)
                live_scored_done(&units[i]);
        free(units);
        if (r < 0)
                return r;
        return failed ? EXIT_FAILED : EXIT_OK;
}
