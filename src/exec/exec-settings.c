/* SPDX-License-Identifier: MIT */
/* exec_settings_load(): defaults per unit type and scope, every assignment through the
 * directive table, the implied settings, and the service checks systemd does after loading. */
#include <assert.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/stat.h>

#include "cap-list.h"
#include "directives.h"
#include "exec-parse.h"
#include "exec-settings.h"
#include "log.h"
#include "siphash24.h"
#include "strv.h"
#include "syscall-groups.h"
#include "unit-load.h"

static bool type_has_exec_context(UnitType t) {
        return t == UNIT_SERVICE || t == UNIT_SOCKET || t == UNIT_MOUNT || t == UNIT_SWAP;
}

static bool type_has_cgroup_context(UnitType t) {
        return type_has_exec_context(t) || t == UNIT_SLICE || t == UNIT_SCOPE;
}

static mode_t process_umask(void) {
        mode_t m = umask(0022);
        (void) umask(m);
        return m;
}

static void exec_settings_defaults(ExecSettings *s, UnitType type, UnitScope scope) {
        *s = (ExecSettings) {
                .unit_type = type,
                .scope = scope,
                .has_exec_context = type_has_exec_context(type),
                .has_cgroup_context = type_has_cgroup_context(type),
                .default_dependencies = true,
                .keyring_mode = _KEYRING_MODE_INVALID,
                .notify_access = _NOTIFY_ACCESS_INVALID,
                .umask = 0002,
                .capability_bounding_set = CAPABILITY_ALL,
                .restrict_namespaces = NAMESPACE_FLAGS_ALL,
                .syscall_error_number = -1,
                .device_policy = CGROUP_DEVICE_POLICY_AUTO,
                .service_type = SERVICE_SIMPLE,
                .timeout_start_usec = EXEC_TIMEOUT_DEFAULT_USEC,
                .timeout_stop_usec = EXEC_TIMEOUT_DEFAULT_USEC,
                .kill_signal = SIGTERM,
                .final_kill_signal = SIGKILL,
                .send_sigkill = true,
        };
        for (ExecDirectoryType d = 0; d < _EXEC_DIRECTORY_TYPE_MAX; d++)
                s->directories[d].mode = 0755;
        if (s->has_exec_context) {
                s->umask = scope == UNIT_SCOPE_USER ? process_umask() : 0022;
                if (scope == UNIT_SCOPE_USER)
                        s->keyring_mode = KEYRING_INHERIT;
                else
                        s->keyring_mode = type == UNIT_SERVICE ? KEYRING_PRIVATE : KEYRING_SHARED;
        }
        s->n_origins = directive_table_count;
        s->origins = xcalloc(s->n_origins, sizeof(Origin));
}

static bool key_is_extension(const char *key) {
        return startswith(key, "X-") != NULL;
}

/* Applies one assignment. Returns -ENOEXEC if fatal, else 0. */
static int apply_assignment(const Unit *u, ExecSettings *s, const UnitFile *f, const UnitAssignment *a,
                            unsigned section) {

        if (!(section & unit_type_sections(u->type)))
                return 0; /* a section this type does not read: the lexer has said so */
        if (key_is_extension(a->key))
                return 0;
        const Directive *d = directive_find(section, a->key);
        if (!d) {
                log_syntax(f->display_path, a->line, LOG_LEVEL_WARNING, 0,
                           "unknown key '%s' in section [%s], ignoring", a->key, a->section);
                return 0;
        }
        ParseContext ctx = {
                .unit = u,
                .settings = s,
                .directive = d,
                .file = f->display_path,
                .line = a->line,
                .data = d->offset == DIRECTIVE_NO_OFFSET ? NULL : (uint8_t *) s + d->offset,
        };
        int r = d->parse(&ctx, a->value ? a->value : "");
        if (r > 0)
                exec_origin_set(&ctx);
        return r < 0 ? r : 0;
}

/* One file: stops at a fatal value; returns -ENOEXEC/-EBADMSG for a fatal problem. */
/* systemd 252 parses the fragment before it merges the unit's names: its specifiers (%n %N %p %i
 * %j %d ...) see the name the unit was asked by; the drop-ins, read after the merge, see the final
 * id (checked: web.service -> root.service with User=%p in root.service is "web", in
 * root.service.d/ or web.service.d/ "root"). */
static int apply_file(const Unit *u, ExecSettings *s, const UnitFile *f) {
        Unit view = *u;
        if (!f->is_dropin && u->requested && unit_name_is_valid(u->requested, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                view.id = u->requested;
        const char *section = NULL; /* the section of the previous assignment, and its bit */
        unsigned bit = 0;
        for (size_t i = 0; i < f->n_assignments; i++) {
                const UnitAssignment *a = &f->assignments[i];
                if (!section || !streq(section, a->section))
                        bit = unit_section_from_string(section = a->section);
                int r = apply_assignment(&view, s, f, a, bit);
                if (r < 0)
                        return r;
        }
        return f->error < 0 ? -EBADMSG : 0;
}

static int user_from_unit_name(const Unit *u, char **ret) {
        static const uint8_t key[16] = { 0x58, 0x1a, 0xaf, 0xe6, 0x28, 0x58, 0x4e, 0x96,
                                         0xb4, 0x4e, 0xf5, 0x3b, 0x8c, 0x92, 0x07, 0xec };
        _cleanup_free_ char *prefix = NULL;
        int r = unit_name_to_prefix(u->id, &prefix);
        if (r < 0)
                return r;
        if (exec_user_name_is_strict(prefix)) {
                *ret = TAKE_PTR(prefix);
                return 0;
        }
        *ret = xasprintf("_du%016" PRIx64, siphash24(prefix, strlen(prefix), key));
        return 0;
}

static void implied_exec(const Unit *u, ExecSettings *s) {
        if (s->private_devices)
                s->capability_bounding_set &= ~((UINT64_C(1) << 27) | (UINT64_C(1) << 17)); /* MKNOD, SYS_RAWIO */
        if (s->protect_kernel_modules)
                s->capability_bounding_set &= ~(UINT64_C(1) << 16); /* SYS_MODULE */
        if (s->protect_kernel_logs)
                s->capability_bounding_set &= ~(UINT64_C(1) << 34); /* SYSLOG */
        if (s->protect_clock)
                s->capability_bounding_set &= ~((UINT64_C(1) << 25) | (UINT64_C(1) << 35)); /* SYS_TIME, WAKE_ALARM */
        if (s->dynamic_user) {
                if (!s->user && user_from_unit_name(u, &s->user) < 0)
                        s->user = NULL;
                if (!s->group && s->user)
                        s->group = xstrdup(s->user);
                s->private_tmp = true;
                s->remove_ipc = true;
                s->protect_system = PROTECT_SYSTEM_STRICT;
                if (s->protect_home == PROTECT_HOME_NO)
                        s->protect_home = PROTECT_HOME_READ_ONLY;
                s->no_new_privileges = true;
                s->restrict_suid_sgid = true;
        }
        s->credentials_encrypted = s->load_credential_encrypted || s->set_credential_encrypted;
}

/* Devices the manager allows implicitly when the device list is in force. */
static void implied_devices(ExecSettings *s) {
        static const struct {
                const char *path;
                unsigned perm;
        } image_devices[] = {
                { "/dev/loop-control", CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE },
                { "/dev/mapper/control", CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE },
                { "block-loop", CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE | CGROUP_DEVICE_MKNOD },
                { "block-blkext", CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE | CGROUP_DEVICE_MKNOD },
                { "block-device-mapper", CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE | CGROUP_DEVICE_MKNOD },
        };
        const Origin none = {};

        if (s->private_devices && s->device_policy == CGROUP_DEVICE_POLICY_AUTO)
                s->device_policy = CGROUP_DEVICE_POLICY_CLOSED;
        if (s->device_policy == CGROUP_DEVICE_POLICY_AUTO && s->n_device_allow == 0)
                return;
        if (s->root_image || s->mount_images)
                for (size_t i = 0; i < ELEMENTSOF(image_devices); i++)
                        exec_device_allow_prepend(s, image_devices[i].path, image_devices[i].perm, none);
        if (s->protect_clock)
                exec_device_allow_prepend(s, "char-rtc", CGROUP_DEVICE_READ, none);
        if (s->credentials_encrypted)
                exec_device_allow_prepend(s, "/dev/tpmrm0", CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE, none);
}

static void implied_service(ExecSettings *s) {
        if (!s->service_type_set) {
                if (s->bus_name)
                        s->service_type = SERVICE_DBUS;
                else if (s->n_exec[EXEC_START] > 0)
                        s->service_type = SERVICE_SIMPLE;
                else
                        s->service_type = SERVICE_ONESHOT;
        }
        if (s->notify_access == _NOTIFY_ACCESS_INVALID)
                s->notify_access = NOTIFY_NONE;
        if (s->service_type == SERVICE_NOTIFY && s->notify_access == NOTIFY_NONE)
                s->notify_access = NOTIFY_MAIN;
}

/* The settings of other directives that follow from these ones, applied once after loading. */
void exec_settings_apply_implied(const Unit *u, ExecSettings *s) {
        if (s->unit_type == UNIT_SERVICE)
                implied_service(s);
        if (!s->has_exec_context)
                return;
        implied_exec(u, s);
        implied_devices(s);
}

/* The units systemd 252 makes itself, perpetual and without default dependencies before their
 * files are read (checked: -.slice, system.slice and -.mount score the DefaultDependencies=-only
 * tests as not applicable, unless a drop-in sets DefaultDependencies=yes). */
static bool unit_is_perpetual(const Unit *u) {
        return streq_ptr(u->id, "-.slice") || streq_ptr(u->id, "-.mount") ||
               (u->scope == UNIT_SCOPE_SYSTEM && streq_ptr(u->id, "system.slice"));
}

int exec_settings_load(const Unit *u, ExecSettings *ret) {
        ExecSettings s;
        int r = 0;

        assert(u);
        assert(ret);
        if (u->masked)
                return -ERFKILL;
        exec_settings_defaults(&s, u->type, u->scope);
        if (unit_is_perpetual(u))
                s.default_dependencies = false;
        for (size_t i = 0; i < u->n_files; i++) {
                r = apply_file(u, &s, &u->files[i]);
                if (r < 0 && !u->files[i].is_dropin)
                        break;
                r = 0;
        }
        if (r == -ENOEXEC)
                log_error("%s: the unit configuration has a fatal error, the unit will not be started", u->id);
        if (r >= 0) {
                exec_settings_finalize(&s);
                exec_settings_apply_implied(u, &s);
                r = exec_settings_verify(u, &s);
        }
        if (r < 0) {
                exec_settings_done(&s);
                return r;
        }
        *ret = s;
        return 0;
}

static void path_list_free(PathList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->entries[i].path);
        free(l->entries);
}

static void exec_settings_free_fs(ExecSettings *s) {
        PathList *lists[] = { &s->read_write_paths, &s->read_only_paths, &s->inaccessible_paths,
                              &s->exec_paths, &s->no_exec_paths };
        for (size_t i = 0; i < ELEMENTSOF(lists); i++)
                path_list_free(lists[i]);
        for (size_t i = 0; i < s->n_temporary_filesystems; i++) {
                free(s->temporary_filesystems[i].path);
                free(s->temporary_filesystems[i].options);
        }
        free(s->temporary_filesystems);
        for (size_t i = 0; i < s->n_bind_mounts; i++) {
                free(s->bind_mounts[i].source);
                free(s->bind_mounts[i].destination);
        }
        free(s->bind_mounts);
        for (ExecDirectoryType d = 0; d < _EXEC_DIRECTORY_TYPE_MAX; d++)
                strv_free(s->directories[d].paths);
}

static void exec_settings_free_process(ExecSettings *s) {
        for (ExecCommandType t = 0; t < _EXEC_COMMAND_TYPE_MAX; t++) {
                for (size_t i = 0; i < s->n_exec[t]; i++) {
                        free(s->exec[t][i].path);
                        strv_free(s->exec[t][i].argv);
                }
                free(s->exec[t]);
        }
        strv_free(s->environment);
        strv_free(s->environment_files);
        free(s->pid_file);
}

void exec_settings_done(ExecSettings *s) {
        if (!s)
                return;
        free(s->user);
        free(s->group);
        strv_free(s->supplementary_groups);
        free(s->root_directory);
        free(s->root_image);
        syscall_filter_reset(&s->syscall_filter);
        strv_free(s->syscall_architectures);
        free(s->ip_address_allow);
        free(s->ip_address_deny);
        strv_free(s->ip_ingress_filter_paths);
        strv_free(s->ip_egress_filter_paths);
        for (size_t i = 0; i < s->n_device_allow; i++)
                free(s->device_allow[i].path);
        free(s->device_allow);
        free(s->working_directory);
        exec_settings_free_fs(s);
        exec_settings_free_process(s);
        free(s->bus_name);
        free(s->pam_name);
        free(s->success_action);
        free(s->restart);
        free(s->exit_type);
        free(s->kill_mode);
        free(s->what);
        free(s->where);
        strv_free(s->credentials_load);
        strv_free(s->credentials_set);
        free(s->origins);
        *s = (ExecSettings) {};
}
