/* SPDX-License-Identifier: MIT */
/* exec_settings_load(): fatal values in fragments and drop-ins, lexer errors, unknown keys,
 * defaults per type and scope, the implied settings and the service checks (each case
 * checked against systemd-analyze 252 or spec §2.2). */
#include <sys/stat.h>

#include "directives.h"
#include "exec-test-util.h"
#include "siphash24.h"

#define CAP(n) (UINT64_C(1) << (n))

static void test_fatal_fragment(void **state) {
        (void) state;
        ExecSettings s;
        capture_start();
        /* corpus s1-0002: an invalid User= in the fragment fails the load */
        Unit *u = mk_unit("a.service", "[Service]\nExecStart=/bin/true\nUser=00\nPrivateTmp=yes\n");
        assert_int_equal(exec_settings_load(u, &s), -ENOEXEC);
        assert_true(captured("a.service0:3: invalid user or group name or numeric ID: 00"));
        assert_true(captured("a.service: the unit configuration has a fatal error"));
        unit_free(u);
}

static void test_fatal_dropin(void **state) {
        (void) state;
        ExecSettings s;
        /* corpus s1-0004: the rest of that drop-in is skipped, later drop-ins apply */
        Unit *u = mk_unit("a.service", "[Service]\nExecStart=/bin/true\n",
                          "[Service]\nPrivateTmp=yes\nExecStartPre=relative/path\nPrivateNetwork=yes\n",
                          "[Service]\nProtectClock=yes\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_true(s.private_tmp);
        assert_false(s.private_network);
        assert_true(s.protect_clock);
        exec_settings_done(&s);
        unit_free(u);
}

static void test_lexer_error(void **state) {
        (void) state;
        ExecSettings s;
        capture_start();
        /* corpus s1-0001: a bad section header in the fragment fails the load */
        Unit *u = mk_unit("a.service", "[Service]\nExecStart=/bin/true\n[Service\nPrivateTmp=yes\n");
        assert_int_equal(exec_settings_load(u, &s), -EBADMSG);
        unit_free(u);
        /* corpus s1-0118: in a drop-in, only that drop-in is cut */
        u = mk_unit("a.service", "[Service]\nExecStart=/bin/true\n",
                    "[Service]\nPrivateTmp=yes\n[Service\nPrivateNetwork=yes\n", "[Service]\nPrivateUsers=yes\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_true(s.private_tmp);
        assert_false(s.private_network);
        assert_true(s.private_users);
        exec_settings_done(&s);
        unit_free(u);
}

/* web.service -> root.service, analysed as web.service (systemd-analyze 252): User=%p in the
 * fragment is "web" (non-root, 9.2), in a drop-in "root" (9.6); web@x.service -> root@.service:
 * %p "web", %i "x" in the fragment. */
static void test_specifiers_requested_name(void **state) {
        (void) state;
        ExecSettings s;
        Unit *u = mk_unit("root.service", "[Service]\nExecStart=/bin/true\nUser=%p\nGroup=%N\n",
                          "[Service]\nSupplementaryGroups=%p\n");
        u->requested = xstrdup("web.service");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_string_equal(s.user, "web");
        assert_string_equal(s.group, "web");
        assert_string_equal(s.supplementary_groups[0], "root");
        exec_settings_done(&s);
        unit_free(u);
        u = mk_unit("root@x.service", "[Service]\nExecStart=/bin/true\nUser=%p-%i\n", "[Service]\nGroup=%p-%i\n");
        u->requested = xstrdup("web@x.service");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_string_equal(s.user, "web-x");
        assert_string_equal(s.group, "root-x");
        exec_settings_done(&s);
        unit_free(u);
}

/* systemd-analyze 252 with an empty root: -.slice, system.slice and -.mount score 9.7 (PrivateTmp=,
 * ProtectHome=, ProtectSystem=, RootDirectory= not applicable), user.slice 9.8; a drop-in
 * DefaultDependencies=yes makes system.slice 9.8 again. */
static void test_perpetual(void **state) {
        (void) state;
        ExecSettings s;
        static const char *const perpetual[] = { "-.slice", "system.slice", "-.mount" };
        for (size_t i = 0; i < ELEMENTSOF(perpetual); i++) {
                Unit *u = mk_unit_v(perpetual[i], UNIT_SCOPE_SYSTEM, (const char *const[]) { NULL });
                assert_int_equal(exec_settings_load(u, &s), 0);
                assert_false(s.default_dependencies);
                exec_settings_done(&s);
                unit_free(u);
        }
        Unit *u = mk_unit_v("user.slice", UNIT_SCOPE_SYSTEM, (const char *const[]) { NULL });
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_true(s.default_dependencies);
        exec_settings_done(&s);
        unit_free(u);
        u = mk_unit("system.slice", "[Unit]\nDefaultDependencies=yes\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_true(s.default_dependencies);
        exec_settings_done(&s);
        unit_free(u);
}

static void test_unknown_keys(void **state) {
        (void) state;
        ExecSettings s;
        capture_start();
        Unit *u = mk_unit("a.service", "[Unit]\nFoo=1\nX-Foo=1\nPrivateTmp=yes\n[Service]\nExecStart=/bin/true\n"
                                       "Bar=2\nX-Bar=3\nprivatetmp=yes\nReadWriteDirectories=/x\nPermissionsStartOnly=yes\n"
                                       "[Install]\nWantedBy=x\nFrob=1\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_true(captured(":2: unknown key 'Foo' in section [Unit], ignoring"));
        assert_true(captured(":4: unknown key 'PrivateTmp' in section [Unit], ignoring"));
        assert_true(captured(":7: unknown key 'Bar' in section [Service], ignoring"));
        assert_true(captured(":9: unknown key 'privatetmp' in section [Service], ignoring"));
        assert_true(captured(":14: unknown key 'Frob' in section [Install], ignoring"));
        assert_false(captured("X-"));
        assert_false(captured("ReadWriteDirectories"));
        assert_false(captured("PermissionsStartOnly"));
        assert_false(captured("WantedBy"));
        assert_false(s.private_tmp);
        assert_int_equal(s.read_write_paths.n, 1);
        exec_settings_done(&s);
        unit_free(u);
}

static void test_every_key_known(void **state) {
        (void) state;
        /* a sample of keys from each section that must not be reported as unknown */
        static const char *const keys[][2] = {
                { "Unit", "Description" }, { "Unit", "ConditionPathExists" }, { "Unit", "StartLimitBurst" },
                { "Service", "TimeoutStartSec" }, { "Service", "Sockets" }, { "Service", "CPUQuota" },
                { "Service", "KillSignal" }, { "Service", "LogNamespace" }, { "Service", "Capabilities" },
                { "Socket", "ListenStream" }, { "Socket", "ExecStartPre" }, { "Mount", "What" },
                { "Mount", "Type" }, { "Swap", "Priority" }, { "Slice", "MemoryMax" }, { "Scope", "RuntimeMaxSec" },
                { "Timer", "OnCalendar" }, { "Path", "PathExists" }, { "Automount", "Where" }, { "Install", "Alias" },
        };
        for (size_t i = 0; i < ELEMENTSOF(keys); i++)
                assert_non_null(directive_find(unit_section_from_string(keys[i][0]), keys[i][1]));
        assert_null(directive_find(SECTION_SERVICE, "Foo"));
        assert_null(directive_find(SECTION_UNIT, "PrivateTmp"));
        assert_null(directive_find(SECTION_TIMER, "PrivateTmp"));
        assert_true(directive_table_count > 1000 / 3);
}

static void test_defaults(void **state) {
        (void) state;
        ExecSettings s;
        Unit *u = mk_unit("a.service", "[Service]\nExecStart=/bin/true\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_true(s.default_dependencies);
        assert_int_equal(s.umask, 0022);
        assert_int_equal(s.keyring_mode, KEYRING_PRIVATE);
        assert_int_equal(s.notify_access, NOTIFY_NONE);
        assert_true(s.capability_bounding_set == UINT64_MAX);
        assert_true(s.restrict_namespaces == NAMESPACE_FLAGS_ALL);
        assert_int_equal(s.device_policy, CGROUP_DEVICE_POLICY_AUTO);
        assert_int_equal(s.service_type, SERVICE_SIMPLE);
        assert_null(s.user);
        exec_settings_done(&s);
        unit_free(u);

        u = mk_unit("a.socket", "[Socket]\nListenStream=1\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_int_equal(s.keyring_mode, KEYRING_SHARED);
        assert_int_equal(s.notify_access, _NOTIFY_ACCESS_INVALID);
        assert_true(s.has_exec_context);
        exec_settings_done(&s);
        unit_free(u);

        u = mk_unit("a.timer", "[Timer]\nOnCalendar=daily\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_false(s.has_exec_context);
        assert_false(s.has_cgroup_context);
        assert_int_equal(s.umask, 0002);
        assert_int_equal(s.keyring_mode, _KEYRING_MODE_INVALID);
        exec_settings_done(&s);
        unit_free(u);

        u = mk_unit_v("a.service", UNIT_SCOPE_USER, (const char *const[]) { "[Service]\nExecStart=/bin/true\n", NULL });
        mode_t old = umask(077);
        assert_int_equal(exec_settings_load(u, &s), 0);
        (void) umask(old);
        assert_int_equal(s.umask, 077);
        assert_int_equal(s.keyring_mode, KEYRING_INHERIT);
        exec_settings_done(&s);
        unit_free(u);
}

static void test_implied_caps(void **state) {
        (void) state;
        ExecSettings s;
        assert_int_equal(load_service("PrivateDevices=yes\nProtectKernelModules=yes\nProtectKernelLogs=yes\n"
                                      "ProtectClock=yes\n", &s), 0);
        assert_true(s.capability_bounding_set ==
                    (UINT64_MAX & ~(CAP(27) | CAP(17) | CAP(16) | CAP(34) | CAP(25) | CAP(35))));
        assert_int_equal(s.device_policy, CGROUP_DEVICE_POLICY_CLOSED);
        /* spec §2.4: PrivateDevices=yes + ProtectClock=yes lists char-rtc:r */
        assert_int_equal(s.n_device_allow, 1);
        assert_string_equal(s.device_allow[0].path, "char-rtc");
        assert_int_equal(s.device_allow[0].permissions, CGROUP_DEVICE_READ);
        exec_settings_done(&s);

        /* ProtectClock with policy auto and no entries: nothing added */
        assert_int_equal(load_service("ProtectClock=yes\n", &s), 0);
        assert_int_equal(s.n_device_allow, 0);
        exec_settings_done(&s);
        /* ... but with an entry it is (even under policy auto) */
        assert_int_equal(load_service("ProtectClock=yes\nDeviceAllow=/dev/null rw\n", &s), 0);
        assert_int_equal(s.n_device_allow, 2);
        assert_string_equal(s.device_allow[0].path, "char-rtc");
        exec_settings_done(&s);
}

static void test_implied_devices(void **state) {
        (void) state;
        ExecSettings s;
        assert_int_equal(load_service("DevicePolicy=strict\nDeviceAllow=/dev/null rw\nRootImage=/i.raw\n"
                                      "ProtectClock=yes\nLoadCredentialEncrypted=k\n", &s), 0);
        static const char *const order[] = { "/dev/tpmrm0", "char-rtc", "block-device-mapper", "block-blkext",
                                             "block-loop", "/dev/mapper/control", "/dev/loop-control", "/dev/null" };
        assert_int_equal(s.n_device_allow, ELEMENTSOF(order));
        for (size_t i = 0; i < ELEMENTSOF(order); i++)
                assert_string_equal(s.device_allow[i].path, order[i]);
        assert_int_equal(s.device_allow[2].permissions, CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE | CGROUP_DEVICE_MKNOD);
        assert_int_equal(s.device_allow[5].permissions, CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE);
        exec_settings_done(&s);
        assert_int_equal(load_service("MountImages=/a.raw:/mnt\nPrivateDevices=yes\n", &s), 0);
        assert_int_equal(s.n_device_allow, 5);
        exec_settings_done(&s);
        assert_int_equal(load_service("RootImage=/i.raw\n", &s), 0);
        assert_int_equal(s.n_device_allow, 0);
        exec_settings_done(&s);
}

static void test_dynamic_user(void **state) {
        (void) state;
        ExecSettings s;
        Unit *u = mk_unit("foo@bar.service", "[Service]\nExecStart=/bin/true\nDynamicUser=yes\nProtectSystem=no\n"
                                             "ProtectHome=tmpfs\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_string_equal(s.user, "foo");
        assert_string_equal(s.group, "foo");
        assert_true(s.private_tmp && s.remove_ipc && s.no_new_privileges && s.restrict_suid_sgid);
        assert_int_equal(s.protect_system, PROTECT_SYSTEM_STRICT);
        assert_int_equal(s.protect_home, PROTECT_HOME_TMPFS);
        assert_false(s.private_users);
        exec_settings_done(&s);
        unit_free(u);

        u = mk_unit("a.service", "[Service]\nExecStart=/bin/true\nDynamicUser=yes\nUser=nobody\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_string_equal(s.user, "nobody");
        assert_int_equal(s.protect_home, PROTECT_HOME_READ_ONLY);
        exec_settings_done(&s);
        unit_free(u);

        /* a prefix that is no strict user name gets "_du" + the SipHash-2-4 of the prefix */
        static const uint8_t key[16] = { 0x58, 0x1a, 0xaf, 0xe6, 0x28, 0x58, 0x4e, 0x96,
                                         0xb4, 0x4e, 0xf5, 0x3b, 0x8c, 0x92, 0x07, 0xec };
        u = mk_unit("my.svc.service", "[Service]\nExecStart=/bin/true\nDynamicUser=yes\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        _cleanup_free_ char *want = xasprintf("_du%016llx", (unsigned long long) siphash24("my.svc", 6, key));
        assert_string_equal(s.user, want);
        exec_settings_done(&s);
        unit_free(u);

        assert_int_equal(load_service("DynamicUser=maybe\n", &s), -ENOEXEC);
}

static void test_siphash(void **state) {
        (void) state;
        /* reference vectors of the SipHash paper: key 00..0f, messages 00..(n-1) */
        uint8_t k[16], m[15];
        for (int i = 0; i < 16; i++)
                k[i] = (uint8_t) i;
        for (int i = 0; i < 15; i++)
                m[i] = (uint8_t) i;
        assert_true(siphash24(m, 0, k) == UINT64_C(0x726fdb47dd0e0e31));
        assert_true(siphash24(m, 15, k) == UINT64_C(0xa129ca6149be45e5));
}

static void test_service_checks(void **state) {
        (void) state;
        ExecSettings s;
        capture_start();
        /* each checked with systemd-analyze: "bad unit file setting" */
        Unit *u = mk_unit("a.service", "[Service]\nExecStart=/bin/a\nExecStart=/bin/b\n");
        assert_int_equal(exec_settings_load(u, &s), -ENOEXEC);
        assert_true(captured("a.service: the service has several ExecStart="));
        unit_free(u);
        u = mk_unit("a.service", "[Service]\nExecStart=/bin/a\nExecStart=\n");
        assert_int_equal(exec_settings_load(u, &s), -ENOEXEC);
        unit_free(u);
        u = mk_unit("a.service", "[Service]\nType=simple\nExecStop=/bin/a\n");
        assert_int_equal(exec_settings_load(u, &s), -ENOEXEC);
        unit_free(u);
        u = mk_unit("a.service", "[Service]\nType=dbus\nExecStart=/bin/a\n");
        assert_int_equal(exec_settings_load(u, &s), -ENOEXEC);
        unit_free(u);
        u = mk_unit("a.service", "[Service]\nType=oneshot\nExecStart=/bin/a\nRestart=always\n");
        assert_int_equal(exec_settings_load(u, &s), -ENOEXEC);
        unit_free(u);

        u = mk_unit("a.service", "[Unit]\nSuccessAction=bogus\n[Service]\nType=oneshot\n");
        assert_int_equal(exec_settings_load(u, &s), -ENOEXEC); /* the invalid action is ignored */
        unit_free(u);
        u = mk_unit("a.service", "[Service]\nPAMName=login\nKillMode=process\nExecStart=/bin/a\n");
        assert_int_equal(exec_settings_load(u, &s), -ENOEXEC);
        unit_free(u);
        u = mk_unit("a.service", "[Service]\nPAMName=login\nKillMode=mixed\nKillMode=bogus\nExecStart=/bin/a\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        exec_settings_done(&s);
        unit_free(u);

        /* accepted: oneshot with several commands; no ExecStart= but ExecStop= and RemainAfterExit= */
        u = mk_unit("a.service", "[Service]\nType=oneshot\nExecStart=/bin/a\nExecStart=/bin/b\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        exec_settings_done(&s);
        unit_free(u);
        u = mk_unit("a.service", "[Service]\nExecStop=/bin/a\nRemainAfterExit=yes\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_int_equal(s.service_type, SERVICE_ONESHOT);
        exec_settings_done(&s);
        unit_free(u);
        u = mk_unit("a.service", "[Unit]\nSuccessAction=reboot\n[Service]\nType=oneshot\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        exec_settings_done(&s);
        unit_free(u);
        u = mk_unit("a.service", "[Service]\nBusName=org.x\nExecStart=/bin/a\nType=notify\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_int_equal(s.notify_access, NOTIFY_MAIN);
        exec_settings_done(&s);
        unit_free(u);
}

static int load_text(const char *id, const char *text) {
        ExecSettings s;
        Unit *u = mk_unit(id, text);
        int r = exec_settings_load(u, &s);
        if (r >= 0)
                exec_settings_done(&s);
        unit_free(u);
        return r;
}

static void test_other_type_checks(void **state) {
        (void) state;
        /* each checked with systemd-analyze 252 (exit 1 "bad unit file setting", or 0) */
        assert_int_equal(load_text("a.socket", "[Socket]\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=bogus\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=0\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1234\nListenStream=\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nAccept=yes\nListenDatagram=2\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nAccept=yes\nMaxConnections=0\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nAccept=yes\nService=b.service\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nSymlinks=/a\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nPAMName=x\nKillMode=mixed\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=/run/a\nSymlinks=/a\n"), 0);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenSequentialPacket=/run/a\nAccept=yes\n"), 0);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=[::1]:80\nListenNetlink=route 1\n"), 0);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1.2.3.4:80\nListenMessageQueue=/q\n"), 0);

        assert_int_equal(load_text("srv-data.mount", "[Mount]\nWhere=/srv/data\n"), -ENOEXEC);
        assert_int_equal(load_text("srv-data.mount", "[Mount]\nWhat=/dev/sda\nWhere=/srv/other\n"), -ENOEXEC);
        assert_int_equal(load_text("srv-data.mount", "[Mount]\nWhat=/dev/sda\nWhere=srv/data\n"), 0);
        assert_int_equal(load_text("proc.mount", "[Mount]\nWhat=proc\n"), -ENOEXEC);
        assert_int_equal(load_text("sys-fs-cgroup-x.mount", "[Mount]\nWhat=x\n"), -ENOEXEC);
        assert_int_equal(load_text("tmp.mount", "[Mount]\nWhat=tmpfs\n"), 0);
        assert_int_equal(load_text("-.mount", "[Mount]\n"), 0);

        assert_int_equal(load_text("dev-sdb1.swap", "[Swap]\n"), 0);
        assert_int_equal(load_text("dev-sdb1.swap", "[Swap]\nWhat=/dev/sdc\n"), -ENOEXEC);

        assert_int_equal(load_text("a.timer", "[Timer]\n"), -ENOEXEC);
        assert_int_equal(load_text("a.timer", "[Timer]\nOnCalendar=bogus\n"), -ENOEXEC);
        assert_int_equal(load_text("a.timer", "[Timer]\nOnActiveSec=5\nOnCalendar=\n"), -ENOEXEC);
        assert_int_equal(load_text("a.timer", "[Timer]\nOnClockChange=no\n"), -ENOEXEC);
        assert_int_equal(load_text("a.timer", "[Timer]\nOnCalendar=Mon *-*-* 00:00\n"), 0);
        assert_int_equal(load_text("a.timer", "[Timer]\nOnBootSec=1min 30s\n"), 0);
        assert_int_equal(load_text("a.timer", "[Timer]\nOnClockChange=yes\n"), 0);
        assert_int_equal(load_text("a.path", "[Path]\nPathExists=rel\n"), -ENOEXEC);
        assert_int_equal(load_text("a.path", "[Path]\nPathExists=/x\nPathExists=\n"), -ENOEXEC);
        assert_int_equal(load_text("a.path", "[Path]\nDirectoryNotEmpty=/x\n"), 0);
        assert_int_equal(load_text("a.target", "[Unit]\nDescription=x\n"), 0);

        /* not modelled, but fatal as in systemd */
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nSocketUser=00\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nSocketGroup=%Q\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nExecStopPre=relative/path\n"), -ENOEXEC);
        assert_int_equal(load_text("a.socket", "[Socket]\nListenStream=1\nExecStopPre=/bin/ok\n"), 0);
        assert_int_equal(load_text("a.service", "[Service]\nExecStart=/bin/a\nSELinuxContext=%Q\n"), -ENOEXEC);
        assert_int_equal(load_text("a.service", "[Service]\nExecStart=/bin/a\nAppArmorProfile=-%Q\n"), 0);
        assert_int_equal(load_text("a.service", "[Service]\nExecStart=/bin/a\nRootVerity=rel\n"), -ENOEXEC);
}

static void test_big_lists(void **state) {
        (void) state;
        /* many entries (hostile files): loads, with systemd's set and order semantics */
        size_t n = 20000, len = 0;
        char *text = xmalloc(n * 128 + 128);
        len += (size_t) sprintf(text + len, "[Service]\nExecStart=/bin/true\nDevicePolicy=strict\n");
        for (size_t i = 0; i < n; i++)
                len += (size_t) sprintf(text + len, "DeviceAllow=/dev/d%zu r\nEnvironment=V%zu=1 V0=%zu\n"
                                                    "IPAddressAllow=10.0.%zu.%zu\n", i, i % 1000, i, i / 256 % 256, i % 256);
        ExecSettings s;
        Unit *u = mk_unit("a.service", text);
        assert_int_equal(exec_settings_load(u, &s), 0);
        assert_int_equal(s.n_device_allow, n);
        assert_string_equal(s.device_allow[0].path, "/dev/d19999");
        assert_string_equal(s.device_allow[n - 1].path, "/dev/d0");
        assert_int_equal(strv_length(s.environment), 1000);
        assert_string_equal(s.environment[0], "V0=19999");
        assert_int_equal(s.n_ip_address_allow, n);
        exec_settings_done(&s);
        unit_free(u);
        free(text);
}

static void test_origins(void **state) {
        (void) state;
        ExecSettings s;
        Unit *u = mk_unit("a.service", "[Service]\nExecStart=/bin/true\nPrivateTmp=yes\n",
                          "[Service]\nPrivateTmp=no\nPrivateTmp=maybe\n");
        assert_int_equal(exec_settings_load(u, &s), 0);
        int id = directive_id("PrivateTmp");
        assert_true(id >= 0);
        assert_string_equal(s.origins[id].file, u->files[1].display_path);
        assert_int_equal(s.origins[id].line, 2);
        assert_null(s.origins[directive_id("PrivateNetwork")].file);
        exec_settings_done(&s);
        unit_free(u);
}

static void test_masked(void **state) {
        (void) state;
        ExecSettings s;
        Unit *u = mk_unit("a.service", "[Service]\nExecStart=/bin/true\n");
        u->masked = true;
        assert_int_equal(exec_settings_load(u, &s), -ERFKILL);
        unit_free(u);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fatal_fragment),
                cmocka_unit_test(test_fatal_dropin),
                cmocka_unit_test(test_lexer_error),
                cmocka_unit_test(test_unknown_keys),
                cmocka_unit_test(test_every_key_known),
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_implied_caps),
                cmocka_unit_test(test_implied_devices),
                cmocka_unit_test(test_dynamic_user),
                cmocka_unit_test(test_siphash),
                cmocka_unit_test(test_service_checks),
                cmocka_unit_test(test_other_type_checks),
                cmocka_unit_test(test_big_lists),
                cmocka_unit_test(test_origins),
                cmocka_unit_test(test_masked),
                cmocka_unit_test(test_specifiers_requested_name),
                cmocka_unit_test(test_perpetual),
        };
        log_set_max_level(LOG_LEVEL_ERR - 1);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
