/* SPDX-License-Identifier: MIT */
/* Manager properties → ExecSettings, with the online rules (spec §2.5). Pure code. */
#include <linux/capability.h>
#include <sys/socket.h>

#include "af-list.h"
#include "cap-list.h"
#include "exec-parse.h"
#include "live-props.h"
#include "strv.h"
#include "syscall-groups.h"

#define CAP(c) (UINT64_C(1) << (c))

void live_properties_done(LiveProperties *p) {
        if (!p)
                return;
        char **strings[] = { &p->id, &p->fragment_path, &p->load_state, &p->active_state, &p->type, &p->user,
                             &p->root_directory, &p->root_image, &p->protect_home, &p->protect_system,
                             &p->keyring_mode, &p->protect_proc, &p->proc_subset, &p->notify_access,
                             &p->device_policy };
        for (size_t i = 0; i < ELEMENTSOF(strings); i++)
                free(*strings[i]);
        char ***lists[] = { &p->supplementary_groups, &p->syscall_architectures, &p->ip_ingress_filter_paths,
                            &p->ip_egress_filter_paths, &p->address_families, &p->syscall_filter };
        for (size_t i = 0; i < ELEMENTSOF(lists); i++)
                strv_free(*lists[i]);
        for (size_t i = 0; i < p->n_device_allow; i++) {
                free(p->device_allow[i].path);
                free(p->device_allow[i].permissions);
        }
        free(p->device_allow);
        free(p->ip_address_allow);
        free(p->ip_address_deny);
        *p = (LiveProperties) {};
}

bool live_prefix_is_localhost(const IPAddressPrefix *p) {
        static const uint8_t loopback6[16] = { [15] = 1 };
        if (p->family == AF_INET)
                return p->prefixlen == 8 && p->address[0] == 127;
        return p->family == AF_INET6 && p->prefixlen == 128 && memcmp(p->address, loopback6, 16) == 0;
}

bool live_private_mounts_implied(const LiveProperties *p) {
        return p->private_devices || p->private_tmp || p->protect_control_groups || p->protect_kernel_tunables ||
               p->protect_kernel_modules || !streq_ptr(p->protect_home, "no") ||
               !streq_ptr(p->protect_system, "no") || !isempty(p->root_image);
}

/* An enumeration value by its name; fallback (the weakest value) for names we do not know. */
static int enum_or(EnumTableId table, const char *name, int fallback) {
        int v = name ? exec_enum_from_string(table, name) : -EINVAL;
        return v < 0 ? fallback : v;
}

static char *strdup_or_null(const char *s) {
        return isempty(s) ? NULL : xstrdup(s);
}

/* The booleans, one row each: where the property is read and where the setting goes. */
static const struct {
        size_t from, to;
} bool_map[] = {
#define BOOL_ROW(a, b) { offsetof(LiveProperties, a), offsetof(ExecSettings, b) }
        BOOL_ROW(default_dependencies, default_dependencies),
        BOOL_ROW(delegate, delegate),
        BOOL_ROW(dynamic_user, dynamic_user),
        BOOL_ROW(lock_personality, lock_personality),
        BOOL_ROW(memory_deny_write_execute, memory_deny_write_execute),
        BOOL_ROW(no_new_privileges, no_new_privileges),
        BOOL_ROW(private_devices, private_devices),
        BOOL_ROW(private_mounts, private_mounts),
        BOOL_ROW(private_network, private_network),
        BOOL_ROW(private_tmp, private_tmp),
        BOOL_ROW(private_users, private_users),
        BOOL_ROW(protect_control_groups, protect_control_groups),
        BOOL_ROW(protect_hostname, protect_hostname),
        BOOL_ROW(protect_kernel_modules, protect_kernel_modules),
        BOOL_ROW(protect_kernel_tunables, protect_kernel_tunables),
        BOOL_ROW(protect_kernel_logs, protect_kernel_logs),
        BOOL_ROW(protect_clock, protect_clock),
        BOOL_ROW(remove_ipc, remove_ipc),
        BOOL_ROW(restrict_realtime, restrict_realtime),
        BOOL_ROW(restrict_suid_sgid, restrict_suid_sgid),
#undef BOOL_ROW
};

static void convert_enums(const LiveProperties *p, ExecSettings *s) {
        s->protect_home = enum_or(ENUM_PROTECT_HOME, p->protect_home, PROTECT_HOME_NO);
        s->protect_system = enum_or(ENUM_PROTECT_SYSTEM, p->protect_system, PROTECT_SYSTEM_NO);
        s->protect_proc = enum_or(ENUM_PROTECT_PROC, p->protect_proc, PROTECT_PROC_DEFAULT);
        s->proc_subset = enum_or(ENUM_PROC_SUBSET, p->proc_subset, PROC_SUBSET_ALL);
        s->keyring_mode = enum_or(ENUM_KEYRING_MODE, p->keyring_mode, _KEYRING_MODE_INVALID);
        s->notify_access = enum_or(ENUM_NOTIFY_ACCESS, p->notify_access, _NOTIFY_ACCESS_INVALID);
        s->device_policy = enum_or(ENUM_DEVICE_POLICY, p->device_policy, CGROUP_DEVICE_POLICY_AUTO);
        s->service_type = enum_or(ENUM_SERVICE_TYPE, p->type, SERVICE_SIMPLE);
        s->service_type_set = p->type != NULL;
}

/* The bounding set as the analysis sees it: masked again by the settings that drop capabilities. */
static uint64_t masked_bounding_set(const LiveProperties *p) {
        uint64_t set = p->capability_bounding_set;
        if (p->protect_kernel_modules)
                set &= ~CAP(CAP_SYS_MODULE);
        if (p->protect_kernel_logs)
                set &= ~CAP(CAP_SYSLOG);
        if (p->protect_clock)
                set &= ~(CAP(CAP_SYS_TIME) | CAP(CAP_WAKE_ALARM));
        if (p->private_devices)
                set &= ~(CAP(CAP_MKNOD) | CAP(CAP_SYS_RAWIO));
        return set;
}

/* A family the analysis puts in the "other" class, for names this build does not know. */
#define LIVE_AF_OTHER AF_DECnet

static void convert_address_families(const LiveProperties *p, ExecSettings *s) {
        s->address_families = (AddressFamilies) { .allow_list = p->address_families_allow_list };
        STRV_FOREACH(n, p->address_families) {
                int af = af_from_name(*n);
                if (af < 0 || af >= 64)
                        af = LIVE_AF_OTHER;
                s->address_families.families |= UINT64_C(1) << af;
        }
        s->address_families.set = s->address_families.allow_list || s->address_families.families != 0;
}

/* Names arrive as the analysis view already (errno entries left out of allow lists); a ":..."
 * suffix is dropped. */
static void convert_syscall_filter(const LiveProperties *p, ExecSettings *s) {
        s->syscall_filter.allow_list = p->syscall_filter_allow_list;
        STRV_FOREACH(n, p->syscall_filter) {
                _cleanup_free_ char *name = xstrndup(*n, strcspn(*n, ":"));
                syscall_filter_add(&s->syscall_filter, name, -1);
        }
        s->syscall_filter.set = s->syscall_filter.allow_list || s->syscall_filter.n_entries > 0;
}

static IPAddressPrefix *copy_prefixes(const IPAddressPrefix *a, size_t n) {
        return n ? memcpy(xcalloc(n, sizeof *a), a, n * sizeof *a) : NULL;
}

/* Allow entries: what the online rule does not take for localhost must not look like
 * localhost to the offline rule either (127.0.0.1/32 is kept as 0.0.0.0/32). */
static void convert_ip(const LiveProperties *p, ExecSettings *s) {
        s->ip_address_deny = copy_prefixes(p->ip_address_deny, p->n_ip_address_deny);
        s->n_ip_address_deny = p->n_ip_address_deny;
        s->ip_address_allow = copy_prefixes(p->ip_address_allow, p->n_ip_address_allow);
        s->n_ip_address_allow = p->n_ip_address_allow;
        for (size_t i = 0; i < s->n_ip_address_allow; i++)
                if (!live_prefix_is_localhost(&s->ip_address_allow[i]))
                        memset(s->ip_address_allow[i].address, 0, sizeof s->ip_address_allow[i].address);
        s->ip_ingress_filter_paths = strv_copy(p->ip_ingress_filter_paths);
        s->ip_egress_filter_paths = strv_copy(p->ip_egress_filter_paths);
        s->ip_filter_path_set = strv_length(p->ip_ingress_filter_paths) + strv_length(p->ip_egress_filter_paths) > 0;
}

static unsigned device_permissions(const char *letters) {
        unsigned m = 0;
        for (const char *c = strempty(letters); *c; c++)
                m |= *c == 'r' ? CGROUP_DEVICE_READ : *c == 'w' ? CGROUP_DEVICE_WRITE : *c == 'm' ? CGROUP_DEVICE_MKNOD : 0;
        return m;
}

static void convert_devices(const LiveProperties *p, ExecSettings *s) {
        s->n_device_allow = p->n_device_allow;
        s->device_allow = p->n_device_allow ? xcalloc(p->n_device_allow, sizeof(DeviceAllow)) : NULL;
        for (size_t i = 0; i < p->n_device_allow; i++)
                s->device_allow[i] = (DeviceAllow) {
                        .path = xstrdup(strempty(p->device_allow[i].path)),
                        .permissions = device_permissions(p->device_allow[i].permissions),
                };
}

static void convert_strings(const LiveProperties *p, ExecSettings *s) {
        s->user = strdup_or_null(p->user);
        s->root_directory = strdup_or_null(p->root_directory);
        s->root_image = strdup_or_null(p->root_image);
        s->supplementary_groups = strv_copy(p->supplementary_groups);
        /* a set: each architecture once */
        STRV_FOREACH(a, p->syscall_architectures)
                if (!strv_contains(s->syscall_architectures, *a))
                        strv_extend(&s->syscall_architectures, *a);
}

int live_settings_from_properties(const LiveProperties *p, UnitScope scope, ExecSettings *ret) {
        if (isempty(p->id))
                return -EINVAL;
        ExecSettings s = {
                .unit_type = UNIT_SERVICE,
                .scope = scope,
                .has_exec_context = true,
                .has_cgroup_context = true,
                .umask = p->umask,
                .capability_bounding_set = masked_bounding_set(p),
                .ambient_capabilities = p->ambient_capabilities,
                .restrict_namespaces = p->restrict_namespaces & NAMESPACE_FLAGS_ALL,
                .restrict_namespaces_set = (p->restrict_namespaces & NAMESPACE_FLAGS_ALL) != NAMESPACE_FLAGS_ALL,
                .syscall_error_number = -1,
        };
        for (size_t i = 0; i < ELEMENTSOF(bool_map); i++)
                *(bool *) ((char *) &s + bool_map[i].to) = *(const bool *) ((const char *) p + bool_map[i].from);
        s.private_mounts = s.private_mounts || live_private_mounts_implied(p);
        for (ExecDirectoryType d = 0; d < _EXEC_DIRECTORY_TYPE_MAX; d++)
                s.directories[d].mode = 0755;
        convert_enums(p, &s);
        convert_strings(p, &s);
        convert_address_families(p, &s);
        convert_syscall_filter(p, &s);
        convert_ip(p, &s);
        convert_devices(p, &s);
        *ret = s;
        return 0;
}
