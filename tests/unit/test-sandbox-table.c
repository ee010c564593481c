/* SPDX-License-Identifier: MIT */
/* The sandbox mount table, pure (no root): which entries each directive produces, the
 * parent-first order, equal paths resolved to the most restrictive mode, nothing below an
 * inaccessible path, redundant marks dropped, bad paths refused. */
#include "sandbox-mount.h"
#include "sandbox-test.h"

static char *table_string(const MountTable *t) {
        static const char *const modes[_MOUNT_MODE_MAX] = {
                [MOUNT_INACCESSIBLE] = "inaccessible", [MOUNT_BIND] = "bind", [MOUNT_PRIVATE_TMP] = "private-tmp",
                [MOUNT_PRIVATE_DEV] = "private-dev", [MOUNT_PROCFS] = "procfs", [MOUNT_READONLY] = "ro",
                [MOUNT_READWRITE] = "rw", [MOUNT_NOEXEC] = "noexec", [MOUNT_EXEC] = "exec", [MOUNT_TMPFS] = "tmpfs",
                [MOUNT_READWRITE_IMPLICIT] = "rw-implicit",
        };
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        for (size_t i = 0; i < t->n; i++)
                fprintf(f, "%s%s %s%s", i ? "\n" : "", t->entries[i].path, modes[t->entries[i].mode],
                        t->entries[i].ignore_missing ? " -" : "");
        fclose(f);
        return buf;
}

static void check_table(const ExecSettings *s, const char *expected) {
        MountTable t = {};
        SandboxFailure f = {};
        assert_int_equal(mount_table_build(s, &t, &f), 0);
        char *got = table_string(&t);
        assert_string_equal(got, expected);
        free(got);
        mount_table_done(&t);
}

static void protect_system_strict_with_home(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        s.protect_system = PROTECT_SYSTEM_STRICT;
        s.protect_home = PROTECT_HOME_YES;
        s.private_tmp = true;
        check_table(&s, "/ ro\n"
                        "/dev rw-implicit\n"
                        "/home inaccessible -\n"
                        "/proc rw-implicit\n"
                        "/root inaccessible -\n"
                        "/run/user inaccessible -\n"
                        "/sys rw-implicit\n"
                        "/tmp private-tmp\n"
                        "/var/tmp private-tmp -");
}

static void protect_system_full(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        s.protect_system = PROTECT_SYSTEM_FULL;
        check_table(&s, "/boot ro -\n/efi ro -\n/etc ro\n/usr ro");
}

static void equal_paths_most_restrictive_wins(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        path_add(&s.read_write_paths, "/srv");
        path_add(&s.read_only_paths, "/srv");
        path_add(&s.inaccessible_paths, "/opt");
        path_add(&s.read_only_paths, "/opt");
        check_table(&s, "/opt inaccessible\n/srv ro");
        settings_free(&s);
}

static void nothing_below_inaccessible(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        path_add(&s.inaccessible_paths, "/srv");
        path_add(&s.read_write_paths, "/srv/a");
        path_add(&s.read_only_paths, "/srv-b");
        check_table(&s, "/srv inaccessible\n/srv-b ro");
        settings_free(&s);
}

static void redundant_marks_dropped(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        s.protect_system = PROTECT_SYSTEM_STRICT;
        path_add(&s.read_only_paths, "/usr/share");            /* already read-only via "/" */
        path_add(&s.read_write_paths, "/var/lib/x");           /* needed: below a read-only parent */
        path_add(&s.read_write_paths, "/var/lib/x/y");         /* same as its parent: dropped */
        check_table(&s, "/ ro\n/dev rw-implicit\n/home rw-implicit -\n/proc rw-implicit\n/root rw-implicit -\n"
                        "/run/user rw-implicit -\n/sys rw-implicit\n/var/lib/x rw");
        settings_free(&s);
}

static void kernel_tables(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        s.protect_kernel_logs = true;
        s.protect_kernel_modules = true;
        s.protect_control_groups = true;
        s.proc_subset = PROC_SUBSET_PID;
        s.protect_proc = PROTECT_PROC_INVISIBLE;
        check_table(&s, "/dev/kmsg inaccessible -\n/lib/modules inaccessible -\n/proc procfs\n"
                        "/proc/kmsg inaccessible -\n/sys/fs/cgroup ro\n/usr/lib/modules inaccessible -");
        MountTable t = {};
        assert_int_equal(mount_table_build(&s, &t, NULL), 0);
        assert_string_equal(t.entries[2].options, "hidepid=invisible,subset=pid");
        mount_table_done(&t);
}

static void paths_normalized(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        path_add(&s.read_only_paths, "//srv///a/./b/");
        check_table(&s, "/srv/a/b ro");
        settings_free(&s);
}

static void bad_paths_refused(void **state) {
        (void) state;
        const char *bad[] = { "relative", "/a/../b", "/..", "" };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                ExecSettings s = settings_base();
                path_add(&s.exec_paths, bad[i]);
                MountTable t = {};
                SandboxFailure f = {};
                assert_int_equal(mount_table_build(&s, &t, &f), -EINVAL);
                assert_int_equal(f.step, SANDBOX_STEP_EXEC_PATHS);
                assert_int_equal(t.n, 0);
                settings_free(&s);
        }
}

static void bind_and_tmpfs(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        bind_add(&s, "/srv/data", "/opt/data", true);
        tmpfs_add(&s, "/opt", "mode=0700,ro");
        MountTable t = {};
        assert_int_equal(mount_table_build(&s, &t, NULL), 0);
        assert_int_equal(t.n, 2);
        assert_string_equal(t.entries[0].path, "/opt");
        assert_true(t.entries[0].read_only);
        assert_true(mount_entry_read_only(&t.entries[0]));
        assert_string_equal(t.entries[1].source, "/srv/data");
        assert_true(t.entries[1].read_only && t.entries[1].create);
        mount_table_done(&t);
        settings_free(&s);
}

/* DynamicUser='s StateDirectory=: "private" covered by an empty read-only tmpfs, the service's
 * own directory bound back into it, writable; its source is created later, not resolved. */
static void private_directory(void **state) {
        (void) state;
        MountTable t = {};
        SandboxFailure f = {};
        assert_int_equal(mount_table_add_private_directory(&t, "/var/lib/private", "/var/lib/private/foo", &f), 0);
        char *got = table_string(&t);
        assert_string_equal(got, "/var/lib/private tmpfs\n/var/lib/private/foo bind");
        free(got);
        assert_string_equal(t.entries[0].options, "mode=0755");
        assert_true(t.entries[0].read_only && t.entries[0].create);
        assert_true(mount_entry_read_only(&t.entries[0]));
        assert_string_equal(t.entries[1].source, "/var/lib/private/foo");
        assert_true(t.entries[1].create && t.entries[1].source_prepared);
        assert_false(t.entries[1].read_only || mount_entry_read_only(&t.entries[1]));
        mount_table_done(&t);
}

static void path_prefixes(void **state) {
        (void) state;
        assert_true(path_below_or_equal("/a/b", "/a"));
        assert_true(path_below_or_equal("/a", "/a"));
        assert_true(path_below_or_equal("/a", "/"));
        assert_false(path_below_or_equal("/ab", "/a"));
        assert_false(path_below_or_equal("/a", "/a/b"));
}

int main(void) {
        static const struct CMUnitTest tests[] = {
                cmocka_unit_test(protect_system_strict_with_home),
                cmocka_unit_test(protect_system_full),
                cmocka_unit_test(equal_paths_most_restrictive_wins),
                cmocka_unit_test(nothing_below_inaccessible),
                cmocka_unit_test(redundant_marks_dropped),
                cmocka_unit_test(kernel_tables),
                cmocka_unit_test(paths_normalized),
                cmocka_unit_test(bad_paths_refused),
                cmocka_unit_test(bind_and_tmpfs),
                cmocka_unit_test(private_directory),
                cmocka_unit_test(path_prefixes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
