/* SPDX-License-Identifier: MIT */
#pragma once

/* The properties a running service manager reports for one unit (over D-Bus), as read, and
 * their conversion into the typed ExecSettings with the online rules of
 * ../shared/spec/security-review.md §2.5. The conversion is pure: tests fill LiveProperties
 * by hand. */

#include <stdint.h>

#include "exec-settings.h"

/* DeviceAllow= entry as the manager reports it: path and "rwm" letters. */
typedef struct LiveDevice {
        char *path;
        char *permissions;
} LiveDevice;

typedef struct LiveProperties {
        /* org.freedesktop.systemd1.Unit */
        char *id, *fragment_path, *load_state, *active_state;
        bool default_dependencies;

        /* org.freedesktop.systemd1.Service: strings as the manager spells them */
        char *type, *user, *root_directory, *root_image;
        char *protect_home, *protect_system, *keyring_mode, *protect_proc, *proc_subset;
        char *notify_access, *device_policy;
        bool delegate, dynamic_user, lock_personality, memory_deny_write_execute, no_new_privileges;
        bool private_devices, private_mounts, private_network, private_tmp, private_users;
        bool protect_control_groups, protect_hostname, protect_kernel_modules, protect_kernel_tunables;
        bool protect_kernel_logs, protect_clock, remove_ipc, restrict_realtime, restrict_suid_sgid;
        uint64_t ambient_capabilities, capability_bounding_set, restrict_namespaces;
        uint32_t umask;
        char **supplementary_groups, **syscall_architectures;
        char **ip_ingress_filter_paths, **ip_egress_filter_paths;

        LiveDevice *device_allow; /* in the manager's order */
        size_t n_device_allow;
        IPAddressPrefix *ip_address_allow, *ip_address_deny;
        size_t n_ip_address_allow, n_ip_address_deny;

        bool address_families_allow_list;
        char **address_families; /* "AF_INET", ... */
        bool syscall_filter_allow_list;
        char **syscall_filter;   /* names, possibly with ":ERRNO" */
} LiveProperties;

void live_properties_done(LiveProperties *p);

/* Bounds on what we accept from the bus (hostile or broken peers). */
#define LIVE_LIST_MAX 4096u

/* Converts p into the scoring view of a service with the online rules: PrivateMounts= implied
 * by the settings that need a mount namespace, the bounding set masked again, "localhost" in
 * IPAddressAllow= only as 127.0.0.0/8 or ::1/128 (other allow entries that the offline rule
 * would take for localhost are stored with a zero address, so that the unchanged rule sees a
 * non-localhost entry). Unknown enumeration values fall back to the weakest setting.
 * Always succeeds for a unit with an id; -EINVAL without one. */
int live_settings_from_properties(const LiveProperties *p, UnitScope scope, ExecSettings *ret);

/* The online localhost judgement of an IPAddressAllow= entry (§2.5). */
bool live_prefix_is_localhost(const IPAddressPrefix *p);

/* True for the PrivateMounts= implication of the online mode (§2.5 1.). */
bool live_private_mounts_implied(const LiveProperties *p);
