/* SPDX-License-Identifier: MIT */
/* The directive parsers, one test per kind, with systemd 252's semantics (spec §2.3, §3.1;
 * values checked against systemd-analyze where noted). */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "exec-test-util.h"
#include "syscall-groups.h"

#define CAP(n) (UINT64_C(1) << (n))
#define NS_USER 0x10000000UL
#define NS_NET 0x40000000UL
#define NS_IPC 0x08000000UL
#define NS_MNT 0x00020000UL

static ExecSettings S(const char *body) {
        ExecSettings s;
        assert_int_equal(load_service(body, &s), 0);
        return s;
}

static void test_booleans(void **state) {
        (void) state;
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on", "YES", "On" };
        static const char *const no[] = { "0", "no", "n", "false", "f", "off", "NO" };
        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                _cleanup_free_ char *b = xasprintf("PrivateTmp=%s\n", yes[i]);
                ExecSettings s = S(b);
                assert_true(s.private_tmp);
                exec_settings_done(&s);
        }
        for (size_t i = 0; i < ELEMENTSOF(no); i++) {
                _cleanup_free_ char *b = xasprintf("PrivateTmp=yes\nPrivateTmp=%s\n", no[i]);
                ExecSettings s = S(b);
                assert_false(s.private_tmp);
                exec_settings_done(&s);
        }
        capture_start();
        ExecSettings s = S("NoNewPrivileges=yes\nNoNewPrivileges=maybe\nNoNewPrivileges=\n");
        assert_true(s.no_new_privileges); /* invalid values keep the previous one */
        assert_true(captured(":4: invalid boolean value, ignoring: maybe"));
        exec_settings_done(&s);
}

static void test_enums(void **state) {
        (void) state;
        ExecSettings s = S("ProtectSystem=true\nProtectHome=1\nProtectProc=invisible\nProcSubset=pid\n"
                           "KeyringMode=shared\nNotifyAccess=all\nDevicePolicy=closed\n");
        assert_int_equal(s.protect_system, PROTECT_SYSTEM_YES);
        assert_int_equal(s.protect_home, PROTECT_HOME_YES);
        assert_int_equal(s.protect_proc, PROTECT_PROC_INVISIBLE);
        assert_int_equal(s.proc_subset, PROC_SUBSET_PID);
        assert_int_equal(s.keyring_mode, KEYRING_SHARED);
        assert_int_equal(s.notify_access, NOTIFY_ALL);
        assert_int_equal(s.device_policy, CGROUP_DEVICE_POLICY_CLOSED);
        exec_settings_done(&s);

        /* case matters for names (FULL is invalid), an invalid value keeps the previous one */
        s = S("ProtectSystem=full\nProtectSystem=FULL\nProtectHome=read-only\nProtectHome=readonly\n"
              "ProtectHome=\nKeyringMode=none\nProtectProc=yes\n");
        assert_int_equal(s.protect_system, PROTECT_SYSTEM_FULL);
        assert_int_equal(s.protect_home, PROTECT_HOME_READ_ONLY);
        assert_int_equal(s.keyring_mode, KEYRING_PRIVATE);
        assert_int_equal(s.protect_proc, PROTECT_PROC_DEFAULT);
        exec_settings_done(&s);

        s = S("ProtectSystem=strict\nProtectSystem=off\nProtectHome=tmpfs\n");
        assert_int_equal(s.protect_system, PROTECT_SYSTEM_NO);
        assert_int_equal(s.protect_home, PROTECT_HOME_TMPFS);
        exec_settings_done(&s);
}

static void test_umask(void **state) {
        (void) state;
        ExecSettings s = S("UMask=0077\nUMask=8\nUMask=-1\nUMask=0o077\n");
        assert_int_equal(s.umask, 0077);
        exec_settings_done(&s);
        s = S("UMask=27\n");
        assert_int_equal(s.umask, 027);
        exec_settings_done(&s);
}

static void test_user_group(void **state) {
        (void) state;
        ExecSettings s = S("User=foo\nGroup=bar\nUser=\n");
        assert_null(s.user);
        assert_string_equal(s.group, "bar");
        exec_settings_done(&s);

        static const char *const valid[] = { "0", "4294967294", "-x", "1abc", "a b", "app.user", "a@b", "x-" };
        for (size_t i = 0; i < ELEMENTSOF(valid); i++) {
                _cleanup_free_ char *b = xasprintf("User=%s\n", valid[i]);
                s = S(b);
                assert_string_equal(s.user, valid[i]);
                exec_settings_done(&s);
        }
        /* checked with systemd-analyze: each is a fatal "bad unit file setting" */
        static const char *const invalid[] = { "00", "007", "65535", "4294967295", "-1", ".", "..", "ro:ot", "x/y" };
        for (size_t i = 0; i < ELEMENTSOF(invalid); i++) {
                _cleanup_free_ char *b = xasprintf("User=%s\n", invalid[i]);
                assert_int_equal(load_service(b, &s), -ENOEXEC);
        }
        capture_start();
        s = S("User=nobody\n");
        assert_true(captured(":3: the special user 'nobody'"));
        exec_settings_done(&s);
        s = S("User=bad user\n");
        assert_true(captured("accepting user/group name 'bad user'"));
        exec_settings_done(&s);
}

static void test_supplementary_groups(void **state) {
        (void) state;
        ExecSettings s = S("SupplementaryGroups=a b\nSupplementaryGroups=c\n");
        assert_int_equal(strv_length(s.supplementary_groups), 3);
        assert_string_equal(s.supplementary_groups[2], "c");
        exec_settings_done(&s);
        s = S("SupplementaryGroups=a b\nSupplementaryGroups=\nSupplementaryGroups=d\n");
        assert_int_equal(strv_length(s.supplementary_groups), 1);
        exec_settings_done(&s);
        assert_int_equal(load_service("SupplementaryGroups=nobody 00\n", &s), -ENOEXEC);
        s = S("SupplementaryGroups='' \"\"\n"); /* quotes are part of the names */
        assert_int_equal(strv_length(s.supplementary_groups), 2);
        assert_string_equal(s.supplementary_groups[0], "''");
        exec_settings_done(&s);
}

static void test_capabilities(void **state) {
        (void) state;
        /* ~X from the initial value: everything except X */
        ExecSettings s = S("CapabilityBoundingSet=~CAP_KILL\nCapabilityBoundingSet=CAP_CHOWN\n");
        assert_true(s.capability_bounding_set == (UINT64_MAX & ~CAP(5)));
        exec_settings_done(&s);
        /* X from the initial value: exactly X; then merges */
        s = S("CapabilityBoundingSet=cap_chown CAP_KILL\nCapabilityBoundingSet=~CAP_KILL\nCapabilityBoundingSet=21\n");
        assert_true(s.capability_bounding_set == (CAP(0) | CAP(21)));
        exec_settings_done(&s);
        /* an unknown name alone gives the empty set, which then replaces */
        s = S("CapabilityBoundingSet=CAP_FOO\n");
        assert_true(s.capability_bounding_set == 0);
        exec_settings_done(&s);
        s = S("CapabilityBoundingSet=CAP_CHOWN\nCapabilityBoundingSet=~\n");
        assert_true(s.capability_bounding_set == UINT64_MAX);
        exec_settings_done(&s);
        s = S("CapabilityBoundingSet=CAP_CHOWN\nCapabilityBoundingSet=\n");
        assert_true(s.capability_bounding_set == 0);
        exec_settings_done(&s);
        /* quoting, checked with systemd-analyze: balanced quotes are removed; from an
         * unbalanced quote on, the rest is one unknown word */
        s = S("AmbientCapabilities=\"CAP_NET_RAW\"\n");
        assert_true(s.ambient_capabilities == CAP(13));
        exec_settings_done(&s);
        s = S("AmbientCapabilities=CAP_NET_RAW \"CAP_KILL\nCapabilityBoundingSet=\"CAP_KILL\n");
        assert_true(s.ambient_capabilities == CAP(13));
        assert_true(s.capability_bounding_set == 0);
        exec_settings_done(&s);
        s = S("AmbientCapabilities=CAP_NET_RAW\nAmbientCapabilities=cap_kill\nAmbientCapabilities=~cap_net_raw\n");
        assert_true(s.ambient_capabilities == CAP(5));
        exec_settings_done(&s);
}

static void test_namespaces(void **state) {
        (void) state;
        ExecSettings s = S("RestrictNamespaces=user net\n");
        assert_true(s.restrict_namespaces == (NS_USER | NS_NET));
        exec_settings_done(&s);
        s = S("RestrictNamespaces=~user\nRestrictNamespaces=~net\nRestrictNamespaces=user\n");
        assert_true(s.restrict_namespaces == (NAMESPACE_FLAGS_ALL & ~NS_NET));
        exec_settings_done(&s);
        s = S("RestrictNamespaces=ipc\nRestrictNamespaces=yes\nRestrictNamespaces=mnt\n");
        assert_true(s.restrict_namespaces == NS_MNT);
        exec_settings_done(&s);
        /* "no" then a list merges (all stays all); empty resets to "not set" */
        s = S("RestrictNamespaces=no\nRestrictNamespaces=ipc\n");
        assert_true(s.restrict_namespaces == NAMESPACE_FLAGS_ALL);
        exec_settings_done(&s);
        s = S("RestrictNamespaces=yes\nRestrictNamespaces=\nRestrictNamespaces=ipc\n");
        assert_true(s.restrict_namespaces == NS_IPC);
        exec_settings_done(&s);
        s = S("RestrictNamespaces=ipc\nRestrictNamespaces=bogus\nRestrictNamespaces=user network\n"
              "RestrictNamespaces='user'\nRestrictNamespaces=net\\ ipc\n"); /* no unquoting */
        assert_true(s.restrict_namespaces == NS_IPC);
        exec_settings_done(&s);
}

static void test_address_families(void **state) {
        (void) state;
        ExecSettings s = S("RestrictAddressFamilies=AF_UNIX AF_INET\nRestrictAddressFamilies=AF_INET6\n"
                           "RestrictAddressFamilies=~AF_INET\n");
        assert_true(s.address_families.allow_list);
        assert_true(s.address_families.families == ((UINT64_C(1) << AF_UNIX) | (UINT64_C(1) << AF_INET6)));
        exec_settings_done(&s);
        s = S("RestrictAddressFamilies=AF_UNIX\nRestrictAddressFamilies=~AF_UNIX\n");
        assert_true(s.address_families.allow_list);
        assert_true(s.address_families.families == 0);
        exec_settings_done(&s);
        s = S("RestrictAddressFamilies=none\nRestrictAddressFamilies=~AF_LOCAL AF_FOO_BAR\n");
        assert_false(s.address_families.allow_list);
        assert_true(s.address_families.families == (UINT64_C(1) << AF_UNIX));
        exec_settings_done(&s);
        s = S("RestrictAddressFamilies=none\n");
        assert_true(s.address_families.allow_list);
        assert_false(s.address_families.set);
        exec_settings_done(&s);
        s = S("RestrictAddressFamilies=AF_UNIX\nRestrictAddressFamilies=\n");
        assert_false(s.address_families.allow_list);
        assert_true(s.address_families.families == 0);
        exec_settings_done(&s);
}

static void test_syscall_filter(void **state) {
        (void) state;
        ExecSettings s = S("SystemCallFilter=~@mount\nSystemCallFilter=mount\n");
        assert_false(s.syscall_filter.allow_list);
        assert_true(syscall_filter_contains(&s.syscall_filter, "umount2"));
        assert_false(syscall_filter_contains(&s.syscall_filter, "mount"));
        exec_settings_done(&s);

        /* allow-list: @default pre-seeded; ~name:ERRNO stays in with an errno → not allowed */
        s = S("SystemCallFilter=@system-service\nSystemCallFilter=~@privileged @resources\n"
              "SystemCallFilter=~read:EPERM\n");
        assert_true(s.syscall_filter.allow_list);
        assert_true(syscall_filter_contains(&s.syscall_filter, "brk"));
        assert_true(syscall_filter_contains(&s.syscall_filter, "write"));
        assert_false(syscall_filter_contains(&s.syscall_filter, "chown"));
        assert_false(syscall_filter_contains(&s.syscall_filter, "setrlimit"));
        assert_false(syscall_filter_contains(&s.syscall_filter, "read"));
        exec_settings_done(&s);

        /* a plain entry with an errno is ignored (others on the line apply) */
        capture_start();
        s = S("SystemCallFilter=read\nSystemCallFilter=reboot:EPERM swapon\n");
        assert_false(syscall_filter_contains(&s.syscall_filter, "reboot"));
        assert_true(syscall_filter_contains(&s.syscall_filter, "swapon"));
        exec_settings_done(&s);
        s = S("SystemCallFilter=~@swap\nSystemCallFilter=swapon:EPERM\n");
        assert_true(syscall_filter_contains(&s.syscall_filter, "swapon"));
        exec_settings_done(&s);

        /* unknown names and groups are dropped with a warning; quotes are not removed */
        s = S("SystemCallFilter=~@nonexistent nosuchcall \"@mount\" chroot\n");
        assert_true(captured("unknown system call group, ignoring: @nonexistent"));
        assert_true(captured("unknown system call, ignoring: nosuchcall"));
        assert_true(captured("\"@mount\""));
        assert_int_equal(s.syscall_filter.n_entries, 1);
        exec_settings_done(&s);

        /* reset, then the next line picks the mode again */
        s = S("SystemCallFilter=read\nSystemCallFilter=\nSystemCallFilter=~chroot\n");
        assert_false(s.syscall_filter.allow_list);
        assert_int_equal(s.syscall_filter.n_entries, 1);
        exec_settings_done(&s);

        /* deny-list errno entries are still denied */
        s = S("SystemCallFilter=~@clock:EPERM\n");
        assert_true(syscall_filter_contains(&s.syscall_filter, "settimeofday"));
        exec_settings_done(&s);
}

static void test_syscall_misc(void **state) {
        (void) state;
        ExecSettings s = S("SystemCallArchitectures=native x86\nSystemCallArchitectures=native vax\n");
        assert_int_equal(strv_length(s.syscall_architectures), 2);
        exec_settings_done(&s);
        s = S("SystemCallArchitectures=x86\nSystemCallArchitectures=\nSystemCallArchitectures=native\n");
        assert_int_equal(strv_length(s.syscall_architectures), 1);
        assert_string_equal(s.syscall_architectures[0], "native");
        exec_settings_done(&s);
        s = S("SystemCallErrorNumber=EPERM\nSystemCallErrorNumber=FOO\n");
        assert_int_equal(s.syscall_error_number, EPERM);
        exec_settings_done(&s);
        s = S("SystemCallErrorNumber=EPERM\nSystemCallErrorNumber=kill\nSystemCallLog=@mount\n");
        assert_int_equal(s.syscall_error_number, -1);
        assert_true(s.syscall_log_set);
        exec_settings_done(&s);
}

static void assert_prefix(const IPAddressPrefix *p, int family, const char *addr, unsigned len) {
        uint8_t a[16] = {};
        assert_int_equal(p->family, family);
        assert_int_equal(inet_pton(family, addr, a), 1);
        assert_memory_equal(p->address, a, family == AF_INET ? 4 : 16);
        assert_int_equal(p->prefixlen, len);
}

static void test_ip_address(void **state) {
        (void) state;
        capture_start();
        ExecSettings s = S("IPAddressDeny=any\nIPAddressAllow=localhost 10.1.2.3/8 fe80::1/10 300.1.1.1\n"
                           "IPAddressAllow=127.0.0.1/1 1.2.3.4/33 10.9.9.9/8\n");
        assert_int_equal(s.n_ip_address_deny, 2);
        assert_prefix(&s.ip_address_deny[0], AF_INET, "0.0.0.0", 0);
        assert_prefix(&s.ip_address_deny[1], AF_INET6, "::", 0);
        assert_int_equal(s.n_ip_address_allow, 5);
        /* a set: sorted (IPv4 first), masked, without duplicates */
        assert_prefix(&s.ip_address_allow[0], AF_INET, "0.0.0.0", 1);
        assert_prefix(&s.ip_address_allow[1], AF_INET, "10.0.0.0", 8);
        assert_prefix(&s.ip_address_allow[2], AF_INET, "127.0.0.0", 8);
        assert_prefix(&s.ip_address_allow[3], AF_INET6, "::1", 128);
        assert_prefix(&s.ip_address_allow[4], AF_INET6, "fe80::", 10);
        assert_true(captured("300.1.1.1"));
        assert_true(captured("1.2.3.4/33"));
        exec_settings_done(&s);
        s = S("IPAddressDeny=link-local multicast\nIPAddressDeny=\nIPAddressDeny=::1\n");
        assert_int_equal(s.n_ip_address_deny, 1);
        assert_prefix(&s.ip_address_deny[0], AF_INET6, "::1", 128);
        exec_settings_done(&s);
        s = S("IPIngressFilterPath=relative/path\n");
        assert_false(s.ip_filter_path_set);
        exec_settings_done(&s);
        s = S("IPEgressFilterPath=/sys/fs/bpf/x\n");
        assert_true(s.ip_filter_path_set);
        exec_settings_done(&s);
        s = S("IPEgressFilterPath=/sys/fs/bpf/x\nIPEgressFilterPath=\n");
        assert_false(s.ip_filter_path_set);
        exec_settings_done(&s);
}

static void test_device_allow(void **state) {
        (void) state;
        capture_start();
        ExecSettings s = S("DevicePolicy=strict\nDeviceAllow=/dev/null rw\nDeviceAllow=/dev/zero r\n"
                           "DeviceAllow=char-pts\nDeviceAllow=/etc/passwd r\nDeviceAllow=/dev/sda x\n");
        assert_int_equal(s.n_device_allow, 3);
        assert_string_equal(s.device_allow[0].path, "char-pts");
        assert_int_equal(s.device_allow[0].permissions, CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE | CGROUP_DEVICE_MKNOD);
        assert_string_equal(s.device_allow[1].path, "/dev/zero");
        assert_int_equal(s.device_allow[1].permissions, CGROUP_DEVICE_READ);
        assert_string_equal(s.device_allow[2].path, "/dev/null");
        assert_int_equal(s.device_allow[2].permissions, CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE);
        assert_true(captured("'/etc/passwd'"));
        assert_true(captured("'x'"));
        exec_settings_done(&s);
        s = S("DeviceAllow=/dev/null rw\nDeviceAllow=\n");
        assert_int_equal(s.n_device_allow, 0);
        exec_settings_done(&s);
        /* systemd-analyze 252 with DevicePolicy=strict: /dev, /dev/, /dev//, /dev/%i (no instance)
         * and /run/systemd/inaccessible keep an entry (DeviceAllow= scored 0.1); /devices does not
         * (the test passes) */
        s = S("DeviceAllow=/dev\nDeviceAllow=/dev/\nDeviceAllow=/dev/%i r\nDeviceAllow=/devices\n"
              "DeviceAllow=/run/systemd/inaccessible\nDeviceAllow=/run/systemd/inaccessible.d\n");
        assert_int_equal(s.n_device_allow, 4);
        assert_string_equal(s.device_allow[0].path, "/run/systemd/inaccessible");
        for (size_t i = 1; i < 4; i++)
                assert_string_equal(s.device_allow[i].path, "/dev");
        assert_int_equal(s.device_allow[1].permissions, CGROUP_DEVICE_READ);
        assert_true(captured("'/devices'"));
        exec_settings_done(&s);
}

static void test_delegate(void **state) {
        (void) state;
        ExecSettings s = S("Delegate=\n");
        assert_true(s.delegate);
        exec_settings_done(&s);
        s = S("Delegate=yes\nDelegate=no\n");
        assert_false(s.delegate);
        exec_settings_done(&s);
        capture_start();
        s = S("Delegate=cpux\n");
        assert_true(s.delegate);
        assert_true(captured("'cpux'"));
        exec_settings_done(&s);
        s = S("Delegate=no\nDelegate=memory pids\n");
        assert_true(s.delegate);
        exec_settings_done(&s);
}

static void test_paths(void **state) {
        (void) state;
        ExecSettings s = S("ReadWritePaths=-/var/lib/a +/b rel /c/../d //e/./f/\n"
                           "ReadWriteDirectories=/g\nInaccessiblePaths=/home\nInaccessiblePaths=\n"
                           "TemporaryFileSystem=/tmp:ro,mode=0755 /run rel\n"
                           "BindPaths=/a:/b -/c /d:/e:norbind /f:/g:bad\nBindReadOnlyPaths=/x\n"
                           "RootDirectory=/srv/root\nRootImage=/img.raw\nWorkingDirectory=-/nope\n"
                           "RuntimeDirectory=foo bar/baz /abs a/../b\nRuntimeDirectoryMode=0700\n"
                           "StateDirectory=private\n");
        assert_int_equal(s.read_write_paths.n, 4);
        assert_string_equal(s.read_write_paths.entries[0].path, "/var/lib/a");
        assert_true(s.read_write_paths.entries[0].ignore_missing);
        assert_true(s.read_write_paths.entries[1].relative_to_root);
        assert_string_equal(s.read_write_paths.entries[2].path, "/e/f");
        assert_string_equal(s.read_write_paths.entries[3].path, "/g");
        assert_int_equal(s.inaccessible_paths.n, 0);
        assert_int_equal(s.n_temporary_filesystems, 2);
        assert_string_equal(s.temporary_filesystems[0].options, "ro,mode=0755");
        assert_null(s.temporary_filesystems[1].options);
        assert_int_equal(s.n_bind_mounts, 4);
        assert_string_equal(s.bind_mounts[0].destination, "/b");
        assert_true(s.bind_mounts[1].ignore_missing);
        assert_string_equal(s.bind_mounts[1].destination, "/c");
        assert_false(s.bind_mounts[2].recursive);
        assert_true(s.bind_mounts[3].read_only);
        assert_string_equal(s.root_directory, "/srv/root");
        assert_string_equal(s.root_image, "/img.raw");
        assert_string_equal(s.working_directory, "-/nope");
        assert_int_equal(strv_length(s.directories[EXEC_DIRECTORY_RUNTIME].paths), 2);
        assert_int_equal(s.directories[EXEC_DIRECTORY_RUNTIME].mode, 0700);
        assert_int_equal(strv_length(s.directories[EXEC_DIRECTORY_STATE].paths), 0);
        exec_settings_done(&s);

        /* checked with systemd-analyze: relative or unnormalized RootDirectory=, RootImage=,
         * WorkingDirectory= are fatal; "-" makes WorkingDirectory= problems non-fatal */
        assert_int_equal(load_service("RootDirectory=rel\n", &s), -ENOEXEC);
        assert_int_equal(load_service("RootDirectory=/a/../b\n", &s), -ENOEXEC);
        assert_int_equal(load_service("RootImage=rel\n", &s), -ENOEXEC);
        assert_int_equal(load_service("WorkingDirectory=rel\n", &s), -ENOEXEC);
        s = S("WorkingDirectory=/x\nWorkingDirectory=-rel\n");
        assert_string_equal(s.working_directory, "/x");
        exec_settings_done(&s);
        s = S("WorkingDirectory=~\nPIDFile=foo.pid\nRootDirectory=/x\nRootDirectory=\n");
        assert_string_equal(s.working_directory, "~");
        assert_string_equal(s.pid_file, "/run/foo.pid");
        assert_null(s.root_directory);
        exec_settings_done(&s);
}

static void test_images_credentials(void **state) {
        (void) state;
        ExecSettings s = S("MountImages=/a.raw:/mnt\n");
        assert_true(s.mount_images);
        exec_settings_done(&s);
        s = S("MountImages=/a.raw\n"); /* no destination: ignored (regression: no null pointer) */
        assert_false(s.mount_images);
        exec_settings_done(&s);
        s = S("MountImages=/a.raw:/mnt\nMountImages=\nMountImages=rel:/x\n");
        assert_false(s.mount_images);
        exec_settings_done(&s);
        s = S("LoadCredentialEncrypted=x\n");
        assert_true(s.credentials_encrypted);
        exec_settings_done(&s);
        s = S("SetCredentialEncrypted=x:abc\nSetCredential=\nLoadCredential=a:/b\n");
        assert_false(s.credentials_encrypted);
        exec_settings_done(&s);
}

static void test_environment(void **state) {
        (void) state;
        capture_start();
        ExecSettings s = S("Environment=A=1 \"B=two words\" C\nEnvironment='A=3' D=\\x41\n"
                           "EnvironmentFile=-/etc/default/x\nEnvironmentFile=rel\nEnvironmentFile=/etc/y\n");
        assert_int_equal(strv_length(s.environment), 3);
        assert_string_equal(s.environment[0], "A=3");
        assert_string_equal(s.environment[1], "B=two words");
        assert_string_equal(s.environment[2], "D=A");
        assert_true(captured("invalid environment assignment, ignoring: C"));
        assert_int_equal(strv_length(s.environment_files), 2);
        assert_string_equal(s.environment_files[0], "-/etc/default/x");
        exec_settings_done(&s);
        s = S("Environment=A=1\nEnvironment=\nEnvironment=1X=2 Y-Z=3\n");
        assert_int_equal(strv_length(s.environment), 0);
        exec_settings_done(&s);
}

static void test_exec_lines(void **state) {
        (void) state;
        ExecSettings s = S("ExecStartPre=-+/bin/a 'x y' \\; z ; @/bin/b argv0 c\nExecStartPre=!!/bin/c\n"
                           "ExecStartPost=:/bin/d\nExecStop=prog\n");
        assert_int_equal(s.n_exec[EXEC_START_PRE], 3);
        const ExecCommand *c = &s.exec[EXEC_START_PRE][0];
        assert_string_equal(c->path, "/bin/a");
        assert_int_equal(c->flags, EXEC_COMMAND_IGNORE_FAILURE | EXEC_COMMAND_FULLY_PRIVILEGED);
        assert_int_equal(strv_length(c->argv), 4);
        assert_string_equal(c->argv[1], "x y");
        assert_string_equal(c->argv[2], ";");
        c = &s.exec[EXEC_START_PRE][1];
        assert_string_equal(c->path, "/bin/b");
        assert_string_equal(c->argv[0], "argv0");
        assert_int_equal(c->flags, EXEC_COMMAND_ARGV0);
        assert_int_equal(s.exec[EXEC_START_PRE][2].flags, EXEC_COMMAND_AMBIENT_MAGIC);
        assert_int_equal(s.exec[EXEC_START_POST][0].flags, EXEC_COMMAND_NO_ENV_EXPAND);
        assert_string_equal(s.exec[EXEC_STOP][0].path, "prog");
        exec_settings_done(&s);

        /* checked with systemd-analyze */
        assert_int_equal(load_service("ExecStartPre=relative/path\n", &s), -ENOEXEC);
        assert_int_equal(load_service("ExecStartPre=@\n", &s), -ENOEXEC);
        s = S("ExecStartPre=-\nExecStartPre=-relative/path\n");
        assert_int_equal(s.n_exec[EXEC_START_PRE], 0);
        exec_settings_done(&s);
        s = S("ExecStartPre=/bin/a\nExecStartPre=\n");
        assert_int_equal(s.n_exec[EXEC_START_PRE], 0);
        exec_settings_done(&s);
}

static void test_rlimits(void **state) {
        (void) state;
        capture_start();
        ExecSettings s = S("LimitNOFILE=1024:4096\nLimitCORE=infinity\nLimitAS=1G\nLimitCPU=2min\n"
                           "LimitNICE=-5\nLimitNPROC=abc\nLimitSTACK=5:3\n");
        assert_true(s.rlimits[7].set);
        assert_int_equal(s.rlimits[7].soft, 1024);
        assert_int_equal(s.rlimits[7].hard, 4096);
        assert_true(s.rlimits[4].soft == UINT64_MAX);
        assert_true(s.rlimits[9].soft == (UINT64_C(1) << 30));
        assert_int_equal(s.rlimits[0].soft, 120);
        assert_int_equal(s.rlimits[13].soft, 25);
        assert_false(s.rlimits[6].set);
        assert_false(s.rlimits[3].set);
        assert_true(captured("abc"));
        assert_true(captured("5:3"));
        exec_settings_done(&s);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_booleans),
                cmocka_unit_test(test_enums),
                cmocka_unit_test(test_umask),
                cmocka_unit_test(test_user_group),
                cmocka_unit_test(test_supplementary_groups),
                cmocka_unit_test(test_capabilities),
                cmocka_unit_test(test_namespaces),
                cmocka_unit_test(test_address_families),
                cmocka_unit_test(test_syscall_filter),
                cmocka_unit_test(test_syscall_misc),
                cmocka_unit_test(test_ip_address),
                cmocka_unit_test(test_device_allow),
                cmocka_unit_test(test_delegate),
                cmocka_unit_test(test_paths),
                cmocka_unit_test(test_images_credentials),
                cmocka_unit_test(test_environment),
                cmocka_unit_test(test_exec_lines),
                cmocka_unit_test(test_rlimits),
        };
        log_set_max_level(LOG_LEVEL_ERR - 1);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
