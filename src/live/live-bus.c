/* SPDX-License-Identifier: MIT */
/* sd-bus access to the service manager. */
#include <sys/socket.h>
#include <sys/stat.h>

#include "live-bus-internal.h"
#include "strv.h"

#define LIVE_CALL_TIMEOUT_USEC (30ULL * 1000000ULL)
#define LIVE_UNITS_MAX 100000u

LiveManager *live_manager_free(LiveManager *m) {
        if (!m)
                return NULL;
        if (m->bus)
                SD(sd_bus_flush_close_unref)(m->bus);
        free(m);
        return NULL;
}

static void bus_unrefp(sd_bus **b) {
        if (*b) /* else libsystemd may not even be loaded */
                SD(sd_bus_flush_close_unref)(*b);
}

/* The manager's private socket (as systemctl uses it as root), else the bus. */
static int open_private(const char *path, sd_bus **ret) {
        _cleanup_(bus_unrefp) sd_bus *bus = NULL;
        int r = SD(sd_bus_new)(&bus);
        if (r < 0)
                return r;
        _cleanup_free_ char *address = xasprintf("unix:path=%s", path);
        r = SD(sd_bus_set_address)(bus, address);
        if (r < 0)
                return r;
        r = SD(sd_bus_start)(bus);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(bus);
        return 0;
}

static int open_local(UnitScope scope, sd_bus **ret) {
        if (scope == UNIT_SCOPE_SYSTEM) {
                if (geteuid() == 0 && open_private("/run/systemd/private", ret) >= 0)
                        return 0;
                return SD(sd_bus_open_system)(ret);
        }
        const char *rt = getenv("XDG_RUNTIME_DIR");
        if (!isempty(rt)) {
                _cleanup_free_ char *p = xasprintf("%s/systemd/private", rt);
                if (open_private(p, ret) >= 0)
                        return 0;
        }
        return SD(sd_bus_open_user)(ret);
}

static int open_bus(const LiveTarget *t, sd_bus **ret) {
        if (t->host && t->machine)
                return -EINVAL;
        if (t->host)
                return t->scope == UNIT_SCOPE_USER ? -EOPNOTSUPP : SD(sd_bus_open_system_remote)(ret, t->host);
        if (t->machine)
                return t->scope == UNIT_SCOPE_USER ? SD(sd_bus_open_user_machine)(ret, t->machine)
                                                   : SD(sd_bus_open_system_machine)(ret, t->machine);
        return open_local(t->scope, ret);
}

int live_manager_connect(const LiveTarget *t, LiveManager **ret) {
        _cleanup_(bus_unrefp) sd_bus *bus = NULL;
        int r = live_sd_load();
        if (r < 0)
                return r;
        r = open_bus(t, &bus);
        if (r < 0)
                return r;
        (void) SD(sd_bus_set_method_call_timeout)(bus, LIVE_CALL_TIMEOUT_USEC);
        sd_bus_error error = SD_BUS_ERROR_NULL;
        char *version = NULL;
        r = SD(sd_bus_get_property_string)(bus, MANAGER_SERVICE, MANAGER_PATH, MANAGER_INTERFACE, "Version", &error,
                                       &version);
        SD(sd_bus_error_free)(&error);
        free(version);
        if (r < 0)
                return r;
        LiveManager *m = xcalloc(1, sizeof *m);
        m->bus = TAKE_PTR(bus);
        *ret = m;
        return 0;
}

bool live_manager_expected(UnitScope scope) {
        struct stat st;
        if (scope == UNIT_SCOPE_SYSTEM) /* what sd_booted() looks at: systemd is PID 1 */
                return lstat("/run/systemd/system/", &st) >= 0 && S_ISDIR(st.st_mode);
        const char *rt = getenv("XDG_RUNTIME_DIR");
        if (isempty(rt))
                return false;
        _cleanup_free_ char *p = xasprintf("%s/systemd/private", rt);
        return stat(p, &st) >= 0 && S_ISSOCK(st.st_mode);
}

static int compare_strings(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* One (ssssssouso) row of ListUnits: keeps the id of services. */
static int read_unit_row(sd_bus_message *reply, char ***ids, size_t *n) {
        const char *id, *ignore_s, *ignore_o;
        uint32_t job;
        int r = SD(sd_bus_message_read)(reply, "(ssssssouso)", &id, &ignore_s, &ignore_s, &ignore_s, &ignore_s,
                                    &ignore_s, &ignore_o, &job, &ignore_s, &ignore_o);
        if (r <= 0)
                return r;
        if (endswith(id, ".service") && *n < LIVE_UNITS_MAX) {
                strv_extend(ids, id);
                (*n)++;
        }
        return 1;
}

int live_manager_list_services(LiveManager *m, char ***ret) {
        _cleanup_(message_unrefp) sd_bus_message *reply = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        int r = SD(sd_bus_call_method)(m->bus, MANAGER_SERVICE, MANAGER_PATH, MANAGER_INTERFACE, "ListUnits", &error,
                                   &reply, NULL);
        SD(sd_bus_error_free)(&error);
        if (r < 0)
                return r;
        r = SD(sd_bus_message_enter_container)(reply, 'a', "(ssssssouso)");
        if (r < 0)
                return r;
        _cleanup_strv_free_ char **ids = NULL;
        size_t n = 0;
        while ((r = read_unit_row(reply, &ids, &n)) > 0)
                ;
        if (r < 0)
                return r;
        if (n > 1)
                qsort(ids, n, sizeof(char *), compare_strings);
        for (size_t i = 1; i < n;) /* unique */
                if (streq(ids[i], ids[i - 1])) {
                        free(ids[i]);
                        memmove(ids + i, ids + i + 1, (n - i) * sizeof(char *));
                        n--;
                } else
                        i++;
        *ret = TAKE_PTR(ids);
        return 0;
}

/* ---- property readers: one per D-Bus signature, a table maps names to them ---- */

typedef int (*prop_reader_t)(sd_bus_message *m, LiveProperties *p, size_t offset);

#define FIELD(p, off, type) ((type *) ((char *) (p) + (off)))

static int read_bool(sd_bus_message *m, LiveProperties *p, size_t offset) {
        int b, r = SD(sd_bus_message_read_basic)(m, 'b', &b);
        if (r >= 0)
                *FIELD(p, offset, bool) = b;
        return r;
}

static int read_string(sd_bus_message *m, LiveProperties *p, size_t offset) {
        const char *s;
        int r = SD(sd_bus_message_read_basic)(m, 's', &s);
        if (r < 0)
                return r;
        char **f = FIELD(p, offset, char *);
        free(*f);
        *f = xstrdup(s);
        return 0;
}

static int read_u64(sd_bus_message *m, LiveProperties *p, size_t offset) {
        return SD(sd_bus_message_read_basic)(m, 't', FIELD(p, offset, uint64_t));
}

static int read_u32(sd_bus_message *m, LiveProperties *p, size_t offset) {
        return SD(sd_bus_message_read_basic)(m, 'u', FIELD(p, offset, uint32_t));
}

static int read_strv_container(sd_bus_message *m, char ***l) {
        const char *s;
        int r = SD(sd_bus_message_enter_container)(m, 'a', "s");
        if (r < 0)
                return r;
        size_t n = 0;
        strv_free(*l);
        *l = NULL;
        while ((r = SD(sd_bus_message_read_basic)(m, 's', &s)) > 0)
                if (n++ < LIVE_LIST_MAX)
                        strv_extend(l, s);
        if (r < 0)
                return r;
        return SD(sd_bus_message_exit_container)(m);
}

static int read_strv(sd_bus_message *m, LiveProperties *p, size_t offset) {
        return read_strv_container(m, FIELD(p, offset, char **));
}

/* (bas): the allow-list flag and the names. */
static int read_mode_list(sd_bus_message *m, bool *allow_list, char ***names) {
        int b, r = SD(sd_bus_message_enter_container)(m, 'r', "bas");
        if (r < 0)
                return r;
        r = SD(sd_bus_message_read_basic)(m, 'b', &b);
        if (r < 0)
                return r;
        *allow_list = b;
        r = read_strv_container(m, names);
        if (r < 0)
                return r;
        return SD(sd_bus_message_exit_container)(m);
}

static int read_address_families(sd_bus_message *m, LiveProperties *p, size_t offset) {
        (void) offset;
        return read_mode_list(m, &p->address_families_allow_list, &p->address_families);
}

static int read_syscall_filter(sd_bus_message *m, LiveProperties *p, size_t offset) {
        (void) offset;
        return read_mode_list(m, &p->syscall_filter_allow_list, &p->syscall_filter);
}

static int read_devices(sd_bus_message *m, LiveProperties *p, size_t offset) {
        const char *path, *perm;
        size_t allocated = 0;
        int r = SD(sd_bus_message_enter_container)(m, 'a', "(ss)");
        (void) offset;
        if (r < 0)
                return r;
        while ((r = SD(sd_bus_message_read)(m, "(ss)", &path, &perm)) > 0) {
                if (p->n_device_allow >= LIVE_LIST_MAX)
                        continue;
                GREEDY_REALLOC(p->device_allow, allocated, p->n_device_allow + 1);
                p->device_allow[p->n_device_allow++] = (LiveDevice) { xstrdup(path), xstrdup(perm) };
        }
        if (r < 0)
                return r;
        return SD(sd_bus_message_exit_container)(m);
}

/* One (iayu) entry; 0 at the end of the array, 1 with *ret filled, 2 for an entry to skip. */
static int read_prefix(sd_bus_message *m, IPAddressPrefix *ret) {
        int32_t family;
        uint32_t prefixlen;
        const void *data;
        size_t size;
        int r = SD(sd_bus_message_enter_container)(m, 'r', "iayu");
        if (r <= 0)
                return r;
        if ((r = SD(sd_bus_message_read_basic)(m, 'i', &family)) < 0 ||
            (r = SD(sd_bus_message_read_array)(m, 'y', &data, &size)) < 0 ||
            (r = SD(sd_bus_message_read_basic)(m, 'u', &prefixlen)) < 0 || (r = SD(sd_bus_message_exit_container)(m)) < 0)
                return r;
        if (!((family == AF_INET && size == 4 && prefixlen <= 32) ||
              (family == AF_INET6 && size == 16 && prefixlen <= 128)))
                return 2;
        *ret = (IPAddressPrefix) { .family = family, .prefixlen = prefixlen };
        memcpy(ret->address, data, size);
        return 1;
}

static int read_prefixes(sd_bus_message *m, IPAddressPrefix **list, size_t *n) {
        size_t allocated = 0;
        IPAddressPrefix e;
        int r = SD(sd_bus_message_enter_container)(m, 'a', "(iayu)");
        if (r < 0)
                return r;
        while ((r = read_prefix(m, &e)) > 0) {
                if (r != 1 || *n >= LIVE_LIST_MAX)
                        continue;
                GREEDY_REALLOC(*list, allocated, *n + 1);
                (*list)[(*n)++] = e;
        }
        if (r < 0)
                return r;
        return SD(sd_bus_message_exit_container)(m);
}

static int read_ip_allow(sd_bus_message *m, LiveProperties *p, size_t offset) {
        (void) offset;
        return read_prefixes(m, &p->ip_address_allow, &p->n_ip_address_allow);
}

static int read_ip_deny(sd_bus_message *m, LiveProperties *p, size_t offset) {
        (void) offset;
        return read_prefixes(m, &p->ip_address_deny, &p->n_ip_address_deny);
}

static const struct {
        const char *name;
        const char *signature;
        prop_reader_t read;
        size_t offset;
} property_table[] = {
#define B(n, f) { n, "b", read_bool, offsetof(LiveProperties, f) }
#define S(n, f) { n, "s", read_string, offsetof(LiveProperties, f) }
#define L(n, f) { n, "as", read_strv, offsetof(LiveProperties, f) }
        S("Id", id), S("FragmentPath", fragment_path), S("LoadState", load_state),
        S("ActiveState", active_state), B("DefaultDependencies", default_dependencies),
        S("Type", type), S("User", user), S("RootDirectory", root_directory), S("RootImage", root_image),
        S("ProtectHome", protect_home), S("ProtectSystem", protect_system), S("KeyringMode", keyring_mode),
        S("ProtectProc", protect_proc), S("ProcSubset", proc_subset), S("NotifyAccess", notify_access),
        S("DevicePolicy", device_policy),
        B("Delegate", delegate), B("DynamicUser", dynamic_user), B("LockPersonality", lock_personality),
        B("MemoryDenyWriteExecute", memory_deny_write_execute), B("NoNewPrivileges", no_new_privileges),
        B("PrivateDevices", private_devices), B("PrivateMounts", private_mounts),
        B("PrivateNetwork", private_network), B("PrivateTmp", private_tmp), B("PrivateUsers", private_users),
        B("ProtectControlGroups", protect_control_groups), B("ProtectHostname", protect_hostname),
        B("ProtectKernelModules", protect_kernel_modules), B("ProtectKernelTunables", protect_kernel_tunables),
        B("ProtectKernelLogs", protect_kernel_logs), B("ProtectClock", protect_clock),
        B("RemoveIPC", remove_ipc), B("RestrictRealtime", restrict_realtime),
        B("RestrictSUIDSGID", restrict_suid_sgid),
        { "AmbientCapabilities", "t", read_u64, offsetof(LiveProperties, ambient_capabilities) },
        { "CapabilityBoundingSet", "t", read_u64, offsetof(LiveProperties, capability_bounding_set) },
        { "RestrictNamespaces", "t", read_u64, offsetof(LiveProperties, restrict_namespaces) },
        { "UMask", "u", read_u32, offsetof(LiveProperties, umask) },
        L("SupplementaryGroups", supplementary_groups), L("SystemCallArchitectures", syscall_architectures),
        L("IPIngressFilterPath", ip_ingress_filter_paths), L("IPEgressFilterPath", ip_egress_filter_paths),
        { "DeviceAllow", "a(ss)", read_devices, 0 },
        { "IPAddressAllow", "a(iayu)", read_ip_allow, 0 },
        { "IPAddressDeny", "a(iayu)", read_ip_deny, 0 },
        { "RestrictAddressFamilies", "(bas)", read_address_families, 0 },
        { "SystemCallFilter", "(bas)", read_syscall_filter, 0 },
#undef B
#undef S
#undef L
};

/* One {sv} entry of GetAll: a known name with the expected signature is read, anything else
 * skipped. 0 at the end of the array. */
static int read_property(sd_bus_message *m, LiveProperties *p) {
        const char *name;
        int r = SD(sd_bus_message_enter_container)(m, 'e', "sv");
        if (r <= 0)
                return r;
        r = SD(sd_bus_message_read_basic)(m, 's', &name);
        if (r < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(property_table); i++) {
                if (!streq(property_table[i].name, name))
                        continue;
                if (SD(sd_bus_message_enter_container)(m, 'v', property_table[i].signature) <= 0)
                        break; /* another type than we know: skipped below */
                r = property_table[i].read(m, p, property_table[i].offset);
                if (r < 0)
                        return r;
                r = SD(sd_bus_message_exit_container)(m);
                if (r < 0)
                        return r;
                return SD(sd_bus_message_exit_container)(m) < 0 ? -EBADMSG : 1;
        }
        r = SD(sd_bus_message_skip)(m, "v");
        if (r < 0)
                return r;
        r = SD(sd_bus_message_exit_container)(m);
        return r < 0 ? r : 1;
}

int live_manager_read_unit(LiveManager *m, const char *name, LiveProperties *ret) {
        _cleanup_(message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_free_ char *path = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        int r = SD(sd_bus_path_encode)(UNIT_PATH_PREFIX, name, &path);
        if (r < 0)
                return r;
        r = SD(sd_bus_call_method)(m->bus, MANAGER_SERVICE, path, "org.freedesktop.DBus.Properties", "GetAll", &error,
                               &reply, "s", "");
        SD(sd_bus_error_free)(&error);
        if (r < 0)
                return r;
        r = SD(sd_bus_message_enter_container)(reply, 'a', "{sv}");
        if (r < 0)
                return r;
        LiveProperties p = {};
        while ((r = read_property(reply, &p)) > 0)
                ;
        if (r < 0) {
                live_properties_done(&p);
                return r;
        }
        *ret = p;
        return 0;
}
