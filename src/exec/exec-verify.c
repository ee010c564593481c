/* SPDX-License-Identifier: MIT */
/* The checks systemd makes on a loaded unit that make it fail to load ("bad unit file
 * setting"), per unit type; each condition and its order were checked with systemd-analyze. */
#include "exec-parse.h"
#include "exec-settings.h"
#include "log.h"
#include "strv.h"
#include "unit-name.h"

static bool success_action_set(const ExecSettings *s) {
        return s->success_action && !streq(s->success_action, "none");
}

/* The checks systemd makes on a loaded service; logs and returns -ENOEXEC on failure. */
int exec_settings_verify_service(const Unit *u, const ExecSettings *s) {
        bool start = s->n_exec[EXEC_START] > 0, oneshot = s->service_type == SERVICE_ONESHOT;
        const char *why = NULL;

        if (s->unit_type != UNIT_SERVICE)
                return 0;
        if (!start && s->n_exec[EXEC_STOP] == 0 && !success_action_set(s))
                why = "the service has none of ExecStart=, ExecStop= and SuccessAction=, refusing";
        else if (!oneshot && !start)
                why = "the service has no ExecStart=, which only Type=oneshot services may omit, refusing";
        else if (!s->remain_after_exit && !start && !success_action_set(s))
                why = "the service has no ExecStart= and no SuccessAction=, and RemainAfterExit= is off, refusing";
        else if (!oneshot && s->n_exec[EXEC_START] > 1)
                why = "the service has several ExecStart= commands, which only Type=oneshot services may have, refusing";
        else if (oneshot && s->restart && (streq(s->restart, "always") || streq(s->restart, "on-success")))
                why = "Restart=always or on-success is not allowed for Type=oneshot services, refusing";
        else if (oneshot && s->exit_type && streq(s->exit_type, "cgroup"))
                why = "ExitType=cgroup is not allowed for Type=oneshot services, refusing";
        else if (s->service_type == SERVICE_DBUS && !s->bus_name)
                why = "the service is of Type=dbus but has no BusName=, refusing";
        else if (s->pam_name && s->kill_mode && !streq(s->kill_mode, "control-group") && !streq(s->kill_mode, "mixed"))
                why = "the service uses PAMName=, which needs KillMode=control-group or mixed, refusing";
        if (!why)
                return 0;
        return log_error_errno(-ENOEXEC, "%s: %s", u->id, why);
}

static bool pam_without_control_group(const ExecSettings *s) {
        return s->pam_name && s->kill_mode && !streq(s->kill_mode, "control-group");
}

static const char *verify_socket(const ExecSettings *s) {
        if (s->n_listen == 0)
                return "the socket has no Listen*= setting, refusing";
        if (s->socket_accept && s->n_listen_non_accepting > 0)
                return "Accept=yes, but some of the sockets cannot accept connections, refusing";
        if (s->socket_accept && s->socket_max_connections_zero)
                return "MaxConnections= is too small, refusing";
        if (s->socket_accept && s->socket_service_set)
                return "Service= cannot be used with Accept=yes, refusing";
        if (pam_without_control_group(s))
                return "the unit uses PAMName=, which needs KillMode=control-group, refusing";
        if (s->socket_symlinks && s->n_listen_nodes != 1)
                return "Symlinks= needs exactly one file system socket, FIFO or special file, refusing";
        return NULL;
}

/* The path a mount or swap unit name stands for ("srv-data" → "/srv/data"). */
static char *unit_path_from_name(const Unit *u, const char *name) {
        _cleanup_free_ char *prefix = NULL;
        char *path = NULL;
        const char *dot = strrchr(name, '.');
        (void) u;
        if (!dot)
                return NULL;
        prefix = xstrndup(name, (size_t) (dot - name));
        if (unit_name_path_unescape(prefix, &path) < 0)
                return NULL;
        return path;
}

/* True if the unit (by its id or an alias) is the unit of path. */
static bool unit_is_for_path(const Unit *u, const char *path) {
        _cleanup_free_ char *mine = unit_path_from_name(u, u->id);
        if (mine && streq(mine, path))
                return true;
        STRV_FOREACH(a, u->aliases) {
                _cleanup_free_ char *p = unit_path_from_name(u, *a);
                if (p && streq(p, path))
                        return true;
        }
        return false;
}

static bool mount_point_is_api(const char *where) {
        static const char *const api[] = {
                "/proc", "/proc/sys", "/sys", "/dev", "/run", "/run/lock", "/dev/shm", "/dev/pts",
                "/sys/kernel/security", "/sys/fs/bpf", "/sys/fs/selinux", "/sys/firmware/efi/efivars",
                "/sys/fs/pstore", "/sys/fs/smackfs",
        };
        for (size_t i = 0; i < ELEMENTSOF(api); i++)
                if (streq(where, api[i]))
                        return true;
        const char *c = startswith(where, "/sys/fs/cgroup");
        return c && (*c == 0 || *c == '/');
}

static const char *verify_mount(const Unit *u, const ExecSettings *s) {
        _cleanup_free_ char *where = s->where ? xstrdup(s->where) : unit_path_from_name(u, u->id);
        if (!where || (s->where && !unit_is_for_path(u, where)))
                return "Where= does not match the unit name, refusing";
        if (mount_point_is_api(where))
                return "mount units cannot be made for API file systems, refusing";
        if (!s->what && !streq(u->id, "-.mount"))
                return "What= is missing, refusing";
        if (pam_without_control_group(s))
                return "the unit uses PAMName=, which needs KillMode=control-group, refusing";
        return NULL;
}

static const char *verify_swap(const Unit *u, const ExecSettings *s) {
        if (s->what) {
                _cleanup_free_ char *what = xstrdup(s->what);
                if (!unit_is_for_path(u, what))
                        return "What= and the unit name do not match, refusing";
        }
        if (pam_without_control_group(s))
                return "the unit uses PAMName=, which needs KillMode=control-group, refusing";
        return NULL;
}

int exec_settings_verify(const Unit *u, const ExecSettings *s) {
        const char *why = NULL;

        switch (u->type) {
        case UNIT_SERVICE:
                return exec_settings_verify_service(u, s);
        case UNIT_SOCKET:
                why = verify_socket(s);
                break;
        case UNIT_MOUNT:
                why = verify_mount(u, s);
                break;
        case UNIT_SWAP:
                why = verify_swap(u, s);
                break;
        case UNIT_TIMER:
                if (s->n_trigger_values == 0 && !s->timer_on_clock_change && !s->timer_on_timezone_change)
                        why = "the timer has no value setting (OnCalendar=, OnActiveSec=, ...), refusing";
                break;
        case UNIT_PATH:
                if (s->n_trigger_values == 0)
                        why = "the path unit has no path setting (PathExists=, PathChanged=, ...), refusing";
                break;
        default:
                break;
        }
        return why ? log_error_errno(-ENOEXEC, "%s: %s", u->id, why) : 0;
}
