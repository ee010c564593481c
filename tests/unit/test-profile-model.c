/* SPDX-License-Identifier: MIT */
/* The pure parts of `unitsec profile`: path normalization, the string map, the profile's
 * JSON round trip and merge, the assumed list, and the profile -> drop-in rules. Expected
 * values follow from systemd.exec(5) and the rules, by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/socket.h>

#include "profile-dropin.h"
#include "profile.h"
#include "strv.h"
#include "syscall-groups.h"
#include "tracer-internal.h"
#include "tracer.h"

static void test_normalize(void **state) {
        (void) state;
        static const char *const cases[][2] = {
                { "/", "/" },           { "//a//b/", "/a/b" },     { "/a/./b", "/a/b" },
                { "/a/b/../c", "/a/c" }, { "/../..", "/" },        { "/a/..", "/" },
                { "/a/b/c/../../d", "/a/d" }, { "/.hidden/..x", "/.hidden/..x" },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *n = path_normalize(cases[i][0]);
                assert_string_equal(n, cases[i][1]);
        }
}

static void test_strmap(void **state) {
        (void) state;
        StrMap m = {};
        char key[32];
        for (int i = 0; i < 5000; i++) {
                (void) snprintf(key, sizeof key, "/k/%d", i);
                strmap_or(&m, key, 1u << (i % 3));
        }
        strmap_or(&m, "/k/7", 4);
        assert_int_equal(m.n_entries, 5000);
        assert_int_equal(strmap_get(&m, "/k/7")->value, (1u << 1) | 4);
        assert_null(strmap_get(&m, "/nope"));
        _cleanup_free_ const char **keys = strmap_sorted_keys(&m);
        assert_string_equal(keys[0], "/k/0");
        assert_string_equal(keys[1], "/k/1");
        assert_string_equal(keys[2], "/k/10");
        assert_null(keys[5000]);
        strmap_done(&m);
}

static void sample(Profile *p) {
        profile_init(p);
        p->runs = xcalloc(1, sizeof(ProfileRun));
        p->runs[0] = (ProfileRun) { .kernel = xstrdup("6.1"), .architecture = xstrdup("x86_64"),
                                    .time = xstrdup("2026-01-01T00:00:00Z"), .ended_by = xstrdup("exit"),
                                    .exit_status = 0, .duration = 1.5 };
        strv_extend(&p->runs[0].command, "/usr/bin/svc");
        p->n_runs = 1;
        strmap_or(&p->paths, "/etc/svc.conf", PATH_USE_READ);
        strmap_or(&p->paths, "/var/lib/svc/state", PATH_USE_WRITE | PATH_USE_CREATE);
        strmap_or(&p->paths, "/var/lib/svc/db/x", PATH_USE_WRITE);
        strmap_or(&p->paths, "/dev/null", PATH_USE_WRITE);
        strmap_or(&p->paths, "/tmp/own", PATH_USE_WRITE | PATH_USE_CREATE);
        strmap_or(&p->paths, "/usr/bin/svc", PATH_USE_EXEC);
        strmap_ensure(&p->syscalls, "openat")->value = 3;
        p->assumed = tracer_assumed_syscalls();
        p->families = UINT64_C(1) << AF_UNIX;
        p->processes = 2;
}

static void test_json_round_trip(void **state) {
        (void) state;
        Profile p, q;
        sample(&p);
        profile_add_capability(&p, 10, "bind to port 80");
        strmap_ensure(&p.setuid_executables, "/usr/bin/sudo")->value = 1;
        char path[] = "/tmp/unitsec-test-profile-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        close(fd);
        assert_int_equal(profile_save(&p, path), 0);
        assert_int_equal(profile_load(path, &q), 0);
        assert_int_equal(q.n_runs, 1);
        assert_string_equal(q.runs[0].command[0], "/usr/bin/svc");
        assert_string_equal(q.runs[0].kernel, "6.1");
        assert_int_equal(q.paths.n_entries, p.paths.n_entries);
        assert_int_equal(strmap_get(&q.paths, "/var/lib/svc/state")->value, PATH_USE_WRITE | PATH_USE_CREATE);
        assert_int_equal(q.families, p.families);
        assert_int_equal(strmap_get(&q.capabilities, "cap_net_bind_service: bind to port 80")->value, 10);
        assert_int_equal(strmap_get(&q.setuid_executables, "/usr/bin/sudo")->value, 1);
        assert_int_equal(strv_length(q.assumed), strv_length(p.assumed));
        /* merge: runs appended, uses united */
        strmap_or(&q.paths, "/etc/svc.conf", PATH_USE_STAT);
        profile_merge(&p, &q);
        assert_int_equal(p.n_runs, 2);
        assert_int_equal(strmap_get(&p.paths, "/etc/svc.conf")->value, PATH_USE_READ | PATH_USE_STAT);
        assert_int_equal(p.processes, 4);
        /* not a profile; a newer format */
        FILE *f = fopen(path, "we");
        fputs("{\"unitsec_profile\": 99}", f);
        fclose(f);
        Profile r;
        assert_int_equal(profile_load(path, &r), -EPROTONOSUPPORT);
        f = fopen(path, "we");
        fputs("[1, 2", f);
        fclose(f);
        assert_int_equal(profile_load(path, &r), -EBADMSG);
        unlink(path);
        profile_done(&p);
        profile_done(&q);
}

static void test_assumed_in_system_service(void **state) {
        (void) state;
        _cleanup_strv_free_ char **l = tracer_assumed_syscalls();
        size_t n;
        const SyscallRef *refs = syscall_group_expand(syscall_group_find("@system-service"), &n);
        assert_true(strv_length(l) > 50);
        STRV_FOREACH(s, l) {
                bool found = false;
                for (size_t i = 0; i < n; i++)
                        found = found || streq(refs[i].name, *s);
                if (!found)
                        fail_msg("%s is assumed but not in @system-service", *s);
        }
}

static void test_writable_dirs(void **state) {
        (void) state;
        Profile p;
        sample(&p);
        _cleanup_strv_free_ char **dirs = profile_writable_dirs(&p);
        /* /var/lib/svc/db is below /var/lib/svc; /dev is an API fs; /tmp is private */
        assert_int_equal(strv_length(dirs), 1);
        assert_string_equal(dirs[0], "/var/lib/svc");
        /* a file it created in a directory of /tmp that it did not create: not private either */
        strmap_or(&p.paths, "/tmp/shared-dir/new", PATH_USE_WRITE | PATH_USE_CREATE);
        strv_free(TAKE_PTR(dirs));
        dirs = profile_writable_dirs(&p);
        assert_int_equal(strv_length(dirs), 2);
        assert_string_equal(dirs[0], "/tmp");
        /* a file in /tmp that it did not create: /tmp cannot be private, it becomes writable */
        strmap_or(&p.paths, "/tmp/shared.sock", PATH_USE_WRITE);
        strv_free(TAKE_PTR(dirs));
        dirs = profile_writable_dirs(&p);
        assert_int_equal(strv_length(dirs), 2);
        assert_string_equal(dirs[0], "/tmp");
        profile_done(&p);
}

static bool has_line(const char *text, const char *line) {
        size_t l = strlen(line);
        for (const char *s = text; (s = strstr(s, line)); s += l)
                if ((s == text || s[-1] == '\n') && (s[l] == '\n' || s[l] == 0))
                        return true;
        return false;
}

static void test_dropin_paths(void **state) {
        (void) state;
        Profile p;
        sample(&p);
        strmap_or(&p.paths, "/srv/a b/100%/f", PATH_USE_WRITE);
        /* a name looked for in a home that does not exist (a PATH search): nothing to bind */
        strmap_or(&p.paths, "/root/unitsec-no-such-file", PATH_USE_STAT);
        _cleanup_free_ char *a = NULL;
        assert_int_equal(profile_to_dropin(&p, NULL, &a), 0);
        /* quoted for the blank, '%' doubled for the specifiers */
        assert_true(has_line(a, "ReadWritePaths=\"-/srv/a b/100%%\" -/var/lib/svc"));
        assert_true(has_line(a, "ProtectHome=yes"));
        assert_null(strstr(a, "unitsec-no-such-file"));
        /* written in a home: ProtectHome= left alone */
        strmap_or(&p.paths, "/home/u/out", PATH_USE_WRITE);
        _cleanup_free_ char *b = NULL;
        assert_int_equal(profile_to_dropin(&p, NULL, &b), 0);
        assert_null(strstr(b, "\nProtectHome="));
        profile_done(&p);
}

static void test_dropin_rules(void **state) {
        (void) state;
        Profile p;
        sample(&p);
        _cleanup_free_ char *a = NULL;
        assert_int_equal(profile_to_dropin(&p, "svc.service", &a), 0);
        assert_true(has_line(a, "[Service]"));
        assert_true(has_line(a, "ProtectSystem=strict"));
        assert_true(has_line(a, "ReadWritePaths=-/var/lib/svc"));
        assert_true(has_line(a, "PrivateTmp=yes"));
        assert_true(has_line(a, "PrivateNetwork=yes"));
        assert_true(has_line(a, "RestrictAddressFamilies=AF_UNIX"));
        assert_true(has_line(a, "MemoryDenyWriteExecute=yes"));
        assert_true(has_line(a, "NoNewPrivileges=yes"));
        assert_true(has_line(a, "CapabilityBoundingSet="));
        assert_true(has_line(a, "SystemCallFilter=@system-service"));
        /* W+X, a setuid program, inet beyond loopback, a capability, a call outside the group */
        p.wx_mappings = 1;
        strmap_ensure(&p.setuid_executables, "/usr/bin/su")->value = 1;
        p.families |= UINT64_C(1) << AF_INET;
        p.network_beyond_loopback = true;
        profile_add_capability(&p, 10, "bind to port 80");
        strmap_ensure(&p.syscalls, "mount")->value = 1;
        _cleanup_free_ char *b = NULL;
        assert_int_equal(profile_to_dropin(&p, NULL, &b), 0);
        assert_false(has_line(b, "MemoryDenyWriteExecute=yes"));
        assert_false(has_line(b, "NoNewPrivileges=yes"));
        assert_false(has_line(b, "PrivateNetwork=yes"));
        assert_false(has_line(b, "IPAddressDeny=any"));
        assert_true(has_line(b, "RestrictAddressFamilies=AF_UNIX AF_INET"));
        assert_true(has_line(b, "CapabilityBoundingSet=cap_net_bind_service"));
        assert_true(has_line(b, "SystemCallFilter=@system-service mount"));
        assert_true(has_line(b, "CapabilityBoundingSet="));
        /* every setting line is preceded by its reason, or by the empty reset of its own key */
        const char *prev = NULL;
        for (const char *s = b; *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : s + strlen(s)) {
                if (*s >= 'A' && *s <= 'Z' && !(prev && *prev == '#')) {
                        size_t k = strcspn(prev, "=");
                        assert_true(strncmp(prev, s, k + 1) == 0 && prev[k + 1] == '\n');
                }
                prev = s;
        }
        profile_done(&p);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_normalize),
                cmocka_unit_test(test_strmap),
                cmocka_unit_test(test_json_round_trip),
                cmocka_unit_test(test_assumed_in_system_service),
                cmocka_unit_test(test_writable_dirs),
                cmocka_unit_test(test_dropin_rules),
                cmocka_unit_test(test_dropin_paths),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
