/* SPDX-License-Identifier: MIT */
/* Reload, restart, watch and roll back on the running manager. */
#include <time.h>

#include "live-apply.h"
#include "live-bus-internal.h"
#include "log.h"
#include "strv.h"

#define POLL_USEC 100000ULL
#define JOURNAL_MESSAGE_MAX 512

void live_unit_status_done(LiveUnitStatus *s) {
        free(s->active_state);
        free(s->sub_state);
        free(s->result);
        free(s->type);
        *s = (LiveUnitStatus) {};
}

bool live_unit_status_running(const LiveUnitStatus *s) {
        return streq_ptr(s->active_state, "active") || streq_ptr(s->active_state, "reloading");
}

static uint64_t now_usec(void) {
        struct timespec ts;
        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000ULL + (uint64_t) ts.tv_nsec / 1000ULL;
}

static void sleep_usec(uint64_t usec) {
        struct timespec ts = { .tv_sec = (time_t) (usec / 1000000ULL), .tv_nsec = (long) (usec % 1000000ULL) * 1000L };
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

/* One {sv} of GetAll into s when it is one of the status properties; others are skipped. */
static int read_status_entry(sd_bus_message *m, LiveUnitStatus *s) {
        static const struct {
                const char *name, *sig;
                size_t offset;
        } table[] = {
                { "ActiveState", "s", offsetof(LiveUnitStatus, active_state) },
                { "SubState", "s", offsetof(LiveUnitStatus, sub_state) },
                { "Result", "s", offsetof(LiveUnitStatus, result) },
                { "Type", "s", offsetof(LiveUnitStatus, type) },
                { "ExecMainCode", "i", offsetof(LiveUnitStatus, exec_main_code) },
                { "ExecMainStatus", "i", offsetof(LiveUnitStatus, exec_main_status) },
                { "NRestarts", "u", offsetof(LiveUnitStatus, n_restarts) },
                { "Job", "(uo)", offsetof(LiveUnitStatus, job_id) },
        };
        const char *name;
        int r = SD(sd_bus_message_enter_container)(m, 'e', "sv");
        if (r <= 0)
                return r;
        if ((r = SD(sd_bus_message_read_basic)(m, 's', &name)) < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                if (!streq(name, table[i].name) || SD(sd_bus_message_enter_container)(m, 'v', table[i].sig) <= 0)
                        continue;
                void *field = (char *) s + table[i].offset;
                const char *str, *path;
                if (table[i].sig[0] == 's') {
                        r = SD(sd_bus_message_read_basic)(m, 's', &str);
                        if (r >= 0) {
                                free(*(char **) field);
                                *(char **) field = xstrdup(str);
                        }
                } else if (table[i].sig[0] == '(')
                        r = SD(sd_bus_message_read)(m, "(uo)", field, &path);
                else
                        r = SD(sd_bus_message_read_basic)(m, table[i].sig[0], field);
                if (r < 0 || (r = SD(sd_bus_message_exit_container)(m)) < 0)
                        return r;
                r = SD(sd_bus_message_exit_container)(m);
                return r < 0 ? r : 1;
        }
        if ((r = SD(sd_bus_message_skip)(m, "v")) < 0 || (r = SD(sd_bus_message_exit_container)(m)) < 0)
                return r;
        return 1;
}

static int read_status(sd_bus *bus, const char *path, const char *iface, LiveUnitStatus *s) {
        _cleanup_(message_unrefp) sd_bus_message *reply = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        int r = SD(sd_bus_call_method)(bus, MANAGER_SERVICE, path, "org.freedesktop.DBus.Properties", "GetAll", &error,
                                   &reply, "s", iface);
        SD(sd_bus_error_free)(&error);
        if (r < 0)
                return r;
        if ((r = SD(sd_bus_message_enter_container)(reply, 'a', "{sv}")) < 0)
                return r;
        while ((r = read_status_entry(reply, s)) > 0)
                ;
        return r;
}

int live_unit_status(LiveManager *m, const char *name, LiveUnitStatus *ret) {
        _cleanup_free_ char *path = NULL;
        int r = SD(sd_bus_path_encode)(UNIT_PATH_PREFIX, name, &path);
        if (r < 0)
                return r;
        LiveUnitStatus s = {};
        r = read_status(m->bus, path, "org.freedesktop.systemd1.Unit", &s);
        if (r >= 0 && endswith(name, ".service")) /* Result=, Type=, the main process */
                r = read_status(m->bus, path, "org.freedesktop.systemd1.Service", &s);
        if (r < 0) {
                live_unit_status_done(&s);
                return r;
        }
        *ret = s;
        return 0;
}

int live_manager_reload(LiveManager *m) {
        sd_bus_error error = SD_BUS_ERROR_NULL;
        int r = SD(sd_bus_call_method)(m->bus, MANAGER_SERVICE, MANAGER_PATH, MANAGER_INTERFACE, "Reload", &error, NULL,
                                   NULL);
        SD(sd_bus_error_free)(&error);
        return r;
}

typedef struct JobWait {
        char *job_path;
        char *result;
} JobWait;

static int on_job_removed(sd_bus_message *msg, void *userdata, sd_bus_error *error) {
        JobWait *w = userdata;
        uint32_t id;
        const char *path, *unit, *result;
        (void) error;
        if (SD(sd_bus_message_read)(msg, "uoss", &id, &path, &unit, &result) < 0)
                return 0;
        if (w->job_path && !w->result && streq(path, w->job_path))
                w->result = xstrdup(result);
        return 0;
}

/* Queues method(name, "replace") and waits for the job's end (for a start: the unit's readiness as
 * its Type= defines it). *ret_result: "done", "failed", "timeout", ... */
static int run_job(LiveManager *m, const char *method, const char *name, uint64_t timeout_usec, char **ret_result) {
        _cleanup_(message_unrefp) sd_bus_message *reply = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        sd_bus_slot *slot = NULL;
        JobWait w = {};
        const char *path;
        int r = SD(sd_bus_match_signal)(m->bus, &slot, NULL, MANAGER_PATH, MANAGER_INTERFACE, "JobRemoved",
                                    on_job_removed, &w);
        if (r < 0)
                return r;
        (void) SD(sd_bus_call_method)(m->bus, MANAGER_SERVICE, MANAGER_PATH, MANAGER_INTERFACE, "Subscribe", NULL, NULL,
                                  NULL);
        r = SD(sd_bus_call_method)(m->bus, MANAGER_SERVICE, MANAGER_PATH, MANAGER_INTERFACE, method, &error, &reply, "ss",
                               name, "replace");
        SD(sd_bus_error_free)(&error);
        if (r >= 0 && (r = SD(sd_bus_message_read)(reply, "o", &path)) >= 0)
                w.job_path = xstrdup(path);
        for (uint64_t end = now_usec() + timeout_usec; r >= 0 && !w.result;) {
                r = SD(sd_bus_process)(m->bus, NULL);
                if (r != 0)
                        continue;
                uint64_t now = now_usec();
                r = now >= end ? -ETIME : SD(sd_bus_wait)(m->bus, end - now);
        }
        SD(sd_bus_slot_unref)(slot);
        free(w.job_path);
        if (r < 0) {
                free(w.result);
                return r;
        }
        *ret_result = w.result;
        return 0;
}

/* A oneshot is fine when its last run succeeded; anything else must be up. */
static bool status_good(const LiveUnitStatus *s) {
        if (streq_ptr(s->type, "oneshot") && !live_unit_status_running(s))
                return streq_ptr(s->result, "success") && !streq_ptr(s->active_state, "failed");
        return live_unit_status_running(s);
}

/* Runs a job and reads the unit's status after it: -EIO when the job did not end "done". */
static int job_and_status(LiveManager *m, const char *method, const char *name, uint64_t timeout_usec,
                          LiveUnitStatus *s) {
        _cleanup_free_ char *result = NULL;
        int r = run_job(m, method, name, timeout_usec, &result);
        int k = live_unit_status(m, name, s);
        if (r < 0)
                return r;
        if (k < 0)
                return k;
        return streq(result, "done") ? 0 : -EIO;
}

int live_unit_restart_and_watch(LiveManager *m, const char *name, uint64_t grace_usec, uint64_t timeout_usec,
                                LiveUnitStatus *ret_status) {
        LiveUnitStatus s = {};
        int r = job_and_status(m, "RestartUnit", name, timeout_usec, &s);
        if (r >= 0 && !status_good(&s))
                r = -EIO;
        for (uint64_t end = now_usec() + grace_usec; r >= 0 && now_usec() < end;) {
                sleep_usec(POLL_USEC);
                live_unit_status_done(&s);
                r = live_unit_status(m, name, &s);
                if (r >= 0 && (s.job_id != 0 || !status_good(&s))) /* restarting again, or down */
                        r = -EIO;
        }
        *ret_status = s;
        return r;
}

static char *journal_line(sd_journal *j) {
        const void *data;
        size_t size;
        if (SD(sd_journal_get_data)(j, "MESSAGE", &data, &size) < 0 || size < 8)
                return NULL;
        size -= 8; /* "MESSAGE=" */
        return xstrndup((const char *) data + 8, size < JOURNAL_MESSAGE_MAX ? size : JOURNAL_MESSAGE_MAX);
}

int live_journal_tail(const char *name, unsigned n, char ***ret) {
        sd_journal *j = NULL;
        int r = live_sd_load();
        if (r < 0)
                return r;
        r = SD(sd_journal_open)(&j, SD_JOURNAL_LOCAL_ONLY);
        if (r < 0)
                return r;
        _cleanup_free_ char *m1 = xasprintf("_SYSTEMD_UNIT=%s", name), *m2 = xasprintf("UNIT=%s", name);
        if ((r = SD(sd_journal_add_match)(j, m1, 0)) < 0 || (r = SD(sd_journal_add_disjunction)(j)) < 0 ||
            (r = SD(sd_journal_add_match)(j, m2, 0)) < 0 || (r = SD(sd_journal_seek_tail)(j)) < 0) {
                SD(sd_journal_close)(j);
                return r;
        }
        char **lines = xcalloc(n + 1, sizeof(char *));
        unsigned k = 0;
        while (k < n && SD(sd_journal_previous)(j) > 0) {
                char *l = journal_line(j);
                if (l)
                        lines[k++] = l;
        }
        SD(sd_journal_close)(j);
        for (unsigned i = 0; i < k / 2; i++) { /* oldest first */
                char *t = lines[i];
                lines[i] = lines[k - 1 - i];
                lines[k - 1 - i] = t;
        }
        *ret = lines;
        return 0;
}

static void report_failure(const char *name, const LiveUnitStatus *s, int r) {
        if (r == -ETIME)
                log_error("%s: its start did not finish in time with the hardening (%s/%s)", name,
                          strna(s->active_state), strna(s->sub_state));
        else if (r == -EIO)
                log_error("%s: failed with the hardening: %s/%s, result %s, main process code %d status %d, %u "
                          "restarts", name, strna(s->active_state), strna(s->sub_state), strna(s->result),
                          (int) s->exec_main_code, (int) s->exec_main_status, (unsigned) s->n_restarts);
        else
                log_error_errno(r, "%s: cannot restart it: %m", name);
        _cleanup_strv_free_ char **lines = NULL;
        if (live_journal_tail(name, 10, &lines) < 0 || strv_length(lines) == 0)
                return;
        log_error("%s: its last journal lines:", name);
        STRV_FOREACH(l, lines)
                log_error("  %s", *l);
}

/* Back to how it was: running again if it ran, else stopped with its failure forgotten. */
static int restore_unit(LiveManager *m, const char *name, bool was_running, const LiveApplyOptions *o) {
        LiveUnitStatus s = {};
        int r;
        if (was_running) {
                r = live_unit_restart_and_watch(m, name, 0, o->timeout_usec, &s);
                if (r < 0)
                        log_error_errno(r, "%s: the hardening is reverted, but the unit does not come back up "
                                        "(%s/%s): %m", name, strna(s.active_state), strna(s.sub_state));
                else
                        log_notice("%s: the hardening is reverted and the unit runs again as before", name);
        } else {
                r = job_and_status(m, "StopUnit", name, o->timeout_usec, &s);
                sd_bus_error error = SD_BUS_ERROR_NULL;
                (void) SD(sd_bus_call_method)(m->bus, MANAGER_SERVICE, MANAGER_PATH, MANAGER_INTERFACE,
                                          "ResetFailedUnit", &error, NULL, "s", name);
                SD(sd_bus_error_free)(&error);
                if (r < 0)
                        log_error_errno(r, "%s: the hardening is reverted, but the unit cannot be stopped again: %m",
                                        name);
                else
                        log_notice("%s: the hardening is reverted and the unit is stopped, as it was", name);
        }
        live_unit_status_done(&s);
        return r;
}

int live_apply_activate(LiveManager *m, const char *name, const LiveApplyOptions *o, live_revert_t revert,
                        void *userdata) {
        LiveUnitStatus before = {}, after = {};
        bool was_running = live_unit_status(m, name, &before) >= 0 && live_unit_status_running(&before);
        live_unit_status_done(&before);
        int r = o->reload || o->restart ? live_manager_reload(m) : 0;
        if (r < 0)
                return log_error_errno(r, "daemon-reload failed: %m");
        if (!o->restart)
                return 0;
        r = live_unit_restart_and_watch(m, name, o->grace_usec, o->timeout_usec, &after);
        if (r >= 0) {
                log_info("%s: restarted with the hardening and %s (%s/%s)", name,
                         streq_ptr(after.type, "oneshot") && !live_unit_status_running(&after) ? "ran successfully"
                                                                                             : "stays up",
                         strna(after.active_state), strna(after.sub_state));
                live_unit_status_done(&after);
                return 0;
        }
        report_failure(name, &after, r);
        live_unit_status_done(&after);
        r = revert(userdata);
        if (r < 0)
                return log_error_errno(r, "%s: cannot take the hardening drop-in back out: %m", name);
        r = live_manager_reload(m);
        if (r < 0)
                return log_error_errno(r, "daemon-reload after taking the drop-in out failed: %m");
        r = restore_unit(m, name, was_running, o);
        return r < 0 ? r : -EIO;
}

int live_apply_connect_and_activate(UnitScope scope, const char *name, const LiveApplyOptions *o,
                                    live_revert_t revert, void *userdata) {
        LiveManager *m = NULL;
        if (o->restart && unit_name_is_valid(name, UNIT_NAME_TEMPLATE))
                return log_error_errno(-EINVAL, "%s: a template cannot be restarted; name an instance", name);
        int r = live_manager_connect(&(LiveTarget) { .scope = scope }, &m);
        if (r == -ENOPKG)
                return log_error_errno(r, "cannot talk to the service manager to reload or restart '%s': "
                                       "libsystemd.so.0 is not installed", name);
        if (r < 0)
                return log_error_errno(r, "cannot talk to the service manager to reload or restart '%s': %m", name);
        r = live_apply_activate(m, name, o, revert, userdata);
        live_manager_free(m);
        return r;
}
