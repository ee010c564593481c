/* SPDX-License-Identifier: MIT */
#pragma once

/* The typed view of a unit's execution, sandboxing and cgroup settings after all
 * files and the implied settings are applied. Filled only by exec_settings_load();
 * every verb reads it. */

#include <stdint.h>
#include <sys/types.h>

#include "macro.h"
#include "unit.h"

/* Where a value came from, for messages and reports. file NULL: default or implied. */
typedef struct Origin {
        const char *file; /* points into the Unit's UnitFile.display_path; valid while the Unit lives */
        unsigned line;
} Origin;

typedef enum ProtectSystem {
        PROTECT_SYSTEM_NO,
        PROTECT_SYSTEM_YES,
        PROTECT_SYSTEM_FULL,
        PROTECT_SYSTEM_STRICT,
        _PROTECT_SYSTEM_MAX,
        _PROTECT_SYSTEM_INVALID = -EINVAL,
} ProtectSystem;

typedef enum ProtectHome {
        PROTECT_HOME_NO,
        PROTECT_HOME_YES,
        PROTECT_HOME_READ_ONLY,
        PROTECT_HOME_TMPFS,
        _PROTECT_HOME_MAX,
        _PROTECT_HOME_INVALID = -EINVAL,
} ProtectHome;

typedef enum ProtectProc {
        PROTECT_PROC_DEFAULT,
        PROTECT_PROC_NOACCESS,
        PROTECT_PROC_INVISIBLE,
        PROTECT_PROC_PTRACEABLE,
        _PROTECT_PROC_MAX,
        _PROTECT_PROC_INVALID = -EINVAL,
} ProtectProc;

typedef enum ProcSubset {
        PROC_SUBSET_ALL,
        PROC_SUBSET_PID,
        _PROC_SUBSET_MAX,
        _PROC_SUBSET_INVALID = -EINVAL,
} ProcSubset;

typedef enum KeyringMode {
        KEYRING_INHERIT,
        KEYRING_PRIVATE,
        KEYRING_SHARED,
        _KEYRING_MODE_MAX,
        _KEYRING_MODE_INVALID = -EINVAL, /* also "unset" for types without an exec context */
} KeyringMode;

typedef enum NotifyAccess {
        NOTIFY_NONE,
        NOTIFY_ALL,
        NOTIFY_MAIN,
        NOTIFY_EXEC,
        _NOTIFY_ACCESS_MAX,
        _NOTIFY_ACCESS_INVALID = -EINVAL, /* unset */
} NotifyAccess;

typedef enum CGroupDevicePolicy {
        CGROUP_DEVICE_POLICY_AUTO,
        CGROUP_DEVICE_POLICY_CLOSED,
        CGROUP_DEVICE_POLICY_STRICT,
        _CGROUP_DEVICE_POLICY_MAX,
        _CGROUP_DEVICE_POLICY_INVALID = -EINVAL,
} CGroupDevicePolicy;

typedef enum ServiceType {
        SERVICE_SIMPLE,
        SERVICE_EXEC,
        SERVICE_FORKING,
        SERVICE_ONESHOT,
        SERVICE_DBUS,
        SERVICE_NOTIFY,
        SERVICE_IDLE,
        _SERVICE_TYPE_MAX,
        _SERVICE_TYPE_INVALID = -EINVAL,
} ServiceType;

/* Namespace flags as the kernel's CLONE_NEW* bits. */
#define NAMESPACE_FLAGS_ALL 0x7e020000UL /* CLONE_NEWCGROUP|IPC|NET|NS|PID|USER|UTS */

/* DeviceAllow= entry. Entries are kept in systemd's internal order: prepended, so the
 * last definition comes first, and implied entries before the user's. */
#define CGROUP_DEVICE_READ 1u
#define CGROUP_DEVICE_WRITE 2u
#define CGROUP_DEVICE_MKNOD 4u
typedef struct DeviceAllow {
        char *path;
        unsigned permissions; /* CGROUP_DEVICE_* */
        Origin origin;
} DeviceAllow;

typedef struct IPAddressPrefix {
        int family; /* AF_INET or AF_INET6 */
        uint8_t address[16]; /* masked with prefixlen, network byte order */
        unsigned prefixlen;
} IPAddressPrefix;

/* SystemCallFilter=: mode and a set of syscall names, each optionally with an errno.
 * See ../shared/spec/security-review.md §3.1. */
typedef struct SyscallEntry {
        const char *name; /* the name as given (syscall_name_intern(): kept for the process) */
        int number;   /* libseccomp number (may be a negative pseudo number) */
        int error;    /* -1: no errno action; else the errno */
} SyscallEntry;

typedef struct SyscallFilter {
        bool allow_list;   /* allow-list mode (first non-empty line had no '~') */
        bool set;          /* any non-empty assignment since the last reset */
        SyscallEntry *entries;
        size_t n_entries, allocated;
} SyscallFilter;

/* RestrictAddressFamilies=. */
typedef struct AddressFamilies {
        bool allow_list;   /* true: families listed are allowed; false: listed are denied */
        uint64_t families; /* bit n set: address family n (AF_* < 64) is in the set */
        bool set;          /* any non-empty assignment since the last reset */
} AddressFamilies;

/* A path list entry of ReadWritePaths= & co: "-" (ignore missing) and "+" (relative to
 * RootDirectory) prefixes kept as flags. */
typedef struct PathEntry {
        char *path;
        bool ignore_missing; /* "-" */
        bool relative_to_root; /* "+" */
        Origin origin;
} PathEntry;

typedef struct PathList {
        PathEntry *entries;
        size_t n;
} PathList;

/* BindPaths= / BindReadOnlyPaths= */
typedef struct BindMount {
        char *source;
        char *destination;
        bool ignore_missing;
        bool recursive; /* "rbind" (default) vs "norbind" */
        bool read_only;
        Origin origin;
} BindMount;

/* TemporaryFileSystem= */
typedef struct TemporaryFileSystem {
        char *path;
        char *options; /* may be NULL */
        Origin origin;
} TemporaryFileSystem;

/* ExecStart= & co: one command line with its prefixes. */
#define EXEC_COMMAND_IGNORE_FAILURE (1u << 0) /* "-" */
#define EXEC_COMMAND_FULLY_PRIVILEGED (1u << 1) /* "+" */
#define EXEC_COMMAND_NO_SETUID (1u << 2)        /* "!" */
#define EXEC_COMMAND_AMBIENT_MAGIC (1u << 3)    /* "!!" */
#define EXEC_COMMAND_NO_ENV_EXPAND (1u << 4)    /* ":" */
#define EXEC_COMMAND_ARGV0 (1u << 5)            /* "@" */
typedef struct ExecCommand {
        char *path;  /* the executable (absolute, or a bare name to search) */
        char **argv; /* argv[0] is the (possibly "@"-overridden) argv[0] */
        unsigned flags;
        Origin origin;
} ExecCommand;

typedef enum ExecCommandType {
        EXEC_START_PRE,
        EXEC_START,
        EXEC_START_POST,
        EXEC_RELOAD,
        EXEC_STOP,
        EXEC_STOP_POST,
        EXEC_CONDITION,
        _EXEC_COMMAND_TYPE_MAX,
        _EXEC_COMMAND_TYPE_INVALID = -EINVAL,
} ExecCommandType;

typedef enum ExecDirectoryType {
        EXEC_DIRECTORY_RUNTIME,
        EXEC_DIRECTORY_STATE,
        EXEC_DIRECTORY_CACHE,
        EXEC_DIRECTORY_LOGS,
        EXEC_DIRECTORY_CONFIGURATION,
        _EXEC_DIRECTORY_TYPE_MAX,
        _EXEC_DIRECTORY_TYPE_INVALID = -EINVAL,
} ExecDirectoryType;

typedef struct ExecDirectory {
        char **paths; /* relative names as given */
        mode_t mode;  /* *DirectoryMode=, default 0755 */
        size_t n_paths;
} ExecDirectory;

/* RuntimeDirectoryPreserve=: "restart" keeps the directories only across restarts, which
 * `unitsec run` never does, so it removes them as "no" does. */
typedef enum ExecPreserveMode {
        EXEC_PRESERVE_NO,
        EXEC_PRESERVE_YES,
        EXEC_PRESERVE_RESTART,
        _EXEC_PRESERVE_MODE_MAX,
        _EXEC_PRESERVE_MODE_INVALID = -EINVAL,
} ExecPreserveMode;

#define EXEC_TIMEOUT_DEFAULT_USEC (90 * UINT64_C(1000000)) /* systemd's DefaultTimeoutStartSec=/StopSec= */

/* Limit*= (RLIMIT_* index). */
#define EXEC_N_RLIMITS 16
typedef struct ResourceLimit {
        bool set;
        uint64_t soft, hard; /* UINT64_MAX = infinity */
        Origin origin;
} ResourceLimit;

typedef struct ExecSettings {
        UnitType unit_type;
        UnitScope scope;
        bool has_exec_context;   /* service, socket, mount, swap */
        bool has_cgroup_context; /* the above plus slice, scope */

        /* [Unit] */
        bool default_dependencies; /* default yes */

        /* Identity */
        char *user;  /* NULL: unset */
        char *group;
        bool dynamic_user;
        char **supplementary_groups;

        /* Booleans */
        bool private_devices, private_mounts, private_network, private_tmp, private_users, private_ipc;
        bool protect_control_groups, protect_kernel_modules, protect_kernel_tunables, protect_kernel_logs;
        bool protect_clock, protect_hostname;
        bool lock_personality, memory_deny_write_execute, no_new_privileges;
        bool restrict_realtime, restrict_suid_sgid, remove_ipc;
        bool delegate;

        ProtectSystem protect_system;
        ProtectHome protect_home;
        ProtectProc protect_proc;
        ProcSubset proc_subset;
        KeyringMode keyring_mode;
        NotifyAccess notify_access;
        mode_t umask;

        char *root_directory; /* NULL: unset */
        char *root_image;
        bool mount_images;           /* MountImages= non-empty */
        bool credentials_encrypted;  /* LoadCredentialEncrypted= / SetCredentialEncrypted= present */

        uint64_t capability_bounding_set; /* bit n = capability n */
        uint64_t ambient_capabilities;

        unsigned long restrict_namespaces; /* allowed CLONE_NEW* bits; NAMESPACE_FLAGS_ALL when not set */
        AddressFamilies address_families;
        SyscallFilter syscall_filter;
        char **syscall_architectures; /* names as given; "native" kept literally */
        int syscall_error_number;     /* -1 unset (EPERM/kill semantics per systemd) */
        bool syscall_log_set;

        IPAddressPrefix *ip_address_allow;
        size_t n_ip_address_allow;
        IPAddressPrefix *ip_address_deny;
        size_t n_ip_address_deny;
        bool ip_filter_path_set; /* IPIngressFilterPath= / IPEgressFilterPath= */

        CGroupDevicePolicy device_policy;
        DeviceAllow *device_allow;
        size_t n_device_allow;

        /* File system view */
        PathList read_write_paths, read_only_paths, inaccessible_paths, exec_paths, no_exec_paths;
        TemporaryFileSystem *temporary_filesystems;
        size_t n_temporary_filesystems;
        BindMount *bind_mounts;
        size_t n_bind_mounts;
        char *working_directory; /* may start with "-" or be "~" */
        ExecDirectory directories[_EXEC_DIRECTORY_TYPE_MAX];

        /* Process */
        ServiceType service_type; /* services only; default simple */
        char *pid_file;
        ExecCommand *exec[_EXEC_COMMAND_TYPE_MAX];
        size_t n_exec[_EXEC_COMMAND_TYPE_MAX];
        char **environment;       /* "KEY=value" in order, later wins */
        char **environment_files; /* with a leading "-" when missing is fine */
        ResourceLimit rlimits[EXEC_N_RLIMITS];

        /* Additions (exec worker) */
        bool restrict_namespaces_set; /* RestrictNamespaces= assigned since the last reset */
        uint64_t delegate_controllers; /* bit n: cgroup controller n of Delegate= (informational) */
        bool remain_after_exit;       /* [Service] RemainAfterExit= */
        char *bus_name;               /* [Service] BusName= */
        char *pam_name;               /* PAMName= */
        char *success_action;         /* [Unit] SuccessAction= as given (NULL/"none": none) */
        char *restart;                /* [Service] Restart= as given */
        char *exit_type;              /* [Service] ExitType= as given */
        char *kill_mode;              /* KillMode= as given */
        bool service_type_set;        /* Type= given explicitly */
        bool load_credential_encrypted, set_credential_encrypted; /* → credentials_encrypted */
        char **credentials_load, **credentials_set; /* "ID<0|1>": 1 = encrypted; last assignment per ID */
        char **ip_ingress_filter_paths, **ip_egress_filter_paths; /* → ip_filter_path_set */
        /* Lengths of the lists above, so that the parsers append in constant time. */
        size_t n_supplementary_groups, n_environment, n_environment_files, n_ip_ingress_filter_paths,
                n_ip_egress_filter_paths, n_credentials_load, n_credentials_set;

        /* Stopping (run worker): what `unitsec run` honours in its stop sequence. */
        uint64_t timeout_start_usec;  /* TimeoutStartSec= (or TimeoutSec=); UINT64_MAX: none; default 90s */
        uint64_t timeout_stop_usec;   /* TimeoutStopSec= (or TimeoutSec=); UINT64_MAX: none; default 90s */
        bool timeout_start_set;       /* TimeoutStartSec=/TimeoutSec= given (Type=oneshot has none by default) */
        int kill_signal;              /* KillSignal=, default SIGTERM */
        int final_kill_signal;        /* FinalKillSignal=, default SIGKILL */
        bool send_sigkill;            /* SendSIGKILL=, default yes */
        ExecPreserveMode runtime_directory_preserve; /* RuntimeDirectoryPreserve=, default no */

        /* Facts for the load checks of sockets, mounts, swaps, timers and paths (exec-verify.c) */
        unsigned n_listen;               /* valid Listen*= entries since the last reset */
        unsigned n_listen_non_accepting; /* of those: datagram, FIFO, special, netlink, mqueue, USB */
        unsigned n_listen_nodes;         /* of those: file system nodes (AF_UNIX paths, FIFOs, specials) */
        bool socket_accept, socket_service_set, socket_max_connections_zero, socket_symlinks;
        char *what, *where;              /* [Mount]/[Swap] What= (expanded), [Mount] Where= (expanded, simplified) */
        unsigned n_trigger_values;       /* timer values / path conditions since the last reset */
        bool timer_on_clock_change, timer_on_timezone_change;

        /* Where the security-relevant settings were last set: indexed by directive id (see
         * directives.h), for reports ("decided by foo.service:12"). */
        Origin *origins;
        size_t n_origins;
} ExecSettings;

/* Loads the typed settings of u: applies every assignment of every file in order through
 * the directive table (invalid values: file:line warning, ignored; fatal values: the
 * file is cut there, and in the fragment the load fails), then the implied settings.
 * Returns 0, or a negative errno when the unit fails to load (message already logged,
 * e.g. -ENOEXEC for a bad setting or a failed load check (systemd's "bad unit file setting"),
 * -EBADMSG for a fragment syntax error (UnitFile.error); -ERFKILL, without a message, for a
 * masked unit). On failure *ret is untouched; on success free it with exec_settings_done(). */
int exec_settings_load(const Unit *u, ExecSettings *ret);
void exec_settings_done(ExecSettings *s);

/* The implied settings (spec §2.2) applied once after all files; part of exec_settings_load(),
 * exposed for tests. */
void exec_settings_apply_implied(const Unit *u, ExecSettings *s);
/* systemd's post-load checks of a service (ExecStart= count vs Type=, ...). Logs
 * "UNIT: reason" and returns -ENOEXEC if the service would be refused, else 0. */
int exec_settings_verify_service(const Unit *u, const ExecSettings *s);
/* The same for any unit type (sockets without listeners, mounts whose Where= does not match
 * the name, timers without a value, ...); part of exec_settings_load(). */
int exec_settings_verify(const Unit *u, const ExecSettings *s);
