/* SPDX-License-Identifier: MIT */
/* The file system directives inside a real sandbox (root needed): for each one the
 * forbidden operation fails with the expected error and the allowed one works, and nothing
 * is left behind on the host (mount table and host /tmp unchanged). */
#include "sandbox-test.h"

typedef struct Case {
        const char *name;
        void (*setup)(ExecSettings *s);
        const char *script; /* sh -e; $T is the scratch directory; exit 0 = as expected */
} Case;

/* Fails unless the command fails with the given message (strerror text). */
#define EXPECT_ERR(cmd, msg) \
        "if e=$( { " cmd " ; } 2>&1 >/dev/null); then echo '" cmd ": succeeded' >&2; exit 10; fi; " \
        "case \"$e\" in *'" msg "'*) ;; *) echo \"" cmd ": $e\" >&2; exit 11;; esac; "

static void strict(ExecSettings *s) {
        s->protect_system = PROTECT_SYSTEM_STRICT;
        path_add(&s->read_write_paths, "@/rw");
}
static void system_yes(ExecSettings *s) { s->protect_system = PROTECT_SYSTEM_YES; }
static void system_full(ExecSettings *s) { s->protect_system = PROTECT_SYSTEM_FULL; }
static void home_yes(ExecSettings *s) { s->protect_home = PROTECT_HOME_YES; }
static void home_ro(ExecSettings *s) { s->protect_home = PROTECT_HOME_READ_ONLY; }
static void home_tmpfs(ExecSettings *s) { s->protect_home = PROTECT_HOME_TMPFS; }
static void private_tmp(ExecSettings *s) { s->private_tmp = true; }
static void private_tmp_strict(ExecSettings *s) {
        s->private_tmp = true;
        s->protect_system = PROTECT_SYSTEM_STRICT;
}
static void private_dev(ExecSettings *s) { s->private_devices = true; }
static void inaccessible(ExecSettings *s) {
        path_add(&s->inaccessible_paths, "@/secret");
        path_add(&s->inaccessible_paths, "-/nonexistent-unitsec");
}
static void read_only(ExecSettings *s) { path_add(&s->read_only_paths, "@/ro"); }
static void rw_below_ro(ExecSettings *s) {
        path_add(&s->read_only_paths, "@");
        path_add(&s->read_write_paths, "@/rw");
}
static void no_exec(ExecSettings *s) {
        path_add(&s->no_exec_paths, "@");
        path_add(&s->exec_paths, "@/bin");
}
static void strict_noexec(ExecSettings *s) {
        s->protect_system = PROTECT_SYSTEM_STRICT;
        path_add(&s->no_exec_paths, "@/rw");
}
static void tmpfs(ExecSettings *s) {
        tmpfs_add(s, "@/rw", NULL);
        tmpfs_add(s, "@/ro", "ro");
}
static void binds(ExecSettings *s) {
        bind_add(s, "@/rw", "@/bind-rw", false);
        bind_add(s, "@/rw", "@/bind-ro", true);
}
static void tunables(ExecSettings *s) { s->protect_kernel_tunables = true; }
static void cgroups(ExecSettings *s) { s->protect_control_groups = true; }
static void klogs(ExecSettings *s) { s->protect_kernel_logs = true; }
static void kmodules(ExecSettings *s) { s->protect_kernel_modules = true; }
static void proc_subset(ExecSettings *s) { s->proc_subset = PROC_SUBSET_PID; }
static void root_dir(ExecSettings *s) {
        s->root_directory = scratch_path("@/root");
        bind_add(s, "/usr", "/usr", true);
        s->protect_system = PROTECT_SYSTEM_STRICT;
        path_add(&s->read_write_paths, "@/root/data"); /* a host path: writable in the root too */
        s->private_tmp = true;
}
static void proc_invisible(ExecSettings *s) {
        s->protect_proc = PROTECT_PROC_INVISIBLE;
        s->user = xstrdup("nobody");
}

static const Case cases[] = {
        { "ProtectSystem=strict", strict,
          EXPECT_ERR("touch /usr/unitsec-probe", "Read-only file system")
          EXPECT_ERR("touch /etc/unitsec-probe", "Read-only file system")
          EXPECT_ERR("touch $T/unitsec-probe", "Read-only file system")
          "touch $T/rw/ok; test -w /dev/null; test -e /proc/self/status" },
        { "ProtectSystem=yes", system_yes,
          EXPECT_ERR("touch /usr/unitsec-probe", "Read-only file system")
          "touch $T/rw/ok; grep -q ' /etc ' /proc/self/mountinfo && exit 12; true" },
        { "ProtectSystem=full", system_full,
          EXPECT_ERR("touch /usr/unitsec-probe", "Read-only file system")
          EXPECT_ERR("touch /etc/unitsec-probe", "Read-only file system")
          "touch $T/rw/ok" },
        { "ProtectHome=yes", home_yes,
          "test -z \"$(ls -A /root)\"; test \"$(stat -c %a /root)\" = 0; touch $T/rw/ok" },
        { "ProtectHome=read-only", home_ro,
          EXPECT_ERR("touch /root/unitsec-probe", "Read-only file system") "test -e /root/.bashrc || test -n \"$(ls -A /root)\"" },
        { "ProtectHome=tmpfs (writable, as systemd 252 mounts it)", home_tmpfs,
          "test \"$(stat -f -c %T /root)\" = tmpfs; test -z \"$(ls -A /root)\"; touch /root/inside" },
        { "PrivateTmp=yes", private_tmp,
          "test ! -e $T/../$(basename $T); test -z \"$(ls -A /tmp)\"; touch /tmp/inside /var/tmp/inside; "
          "test \"$(stat -c %a /tmp)\" = 1777" },
        { "PrivateTmp=yes with ProtectSystem=strict", private_tmp_strict,
          "touch /tmp/inside /var/tmp/inside; " EXPECT_ERR("touch /usr/unitsec-probe", "Read-only file system") },
        { "PrivateDevices=yes", private_dev,
          "echo x >/dev/null; head -c1 /dev/zero >/dev/null; head -c1 /dev/urandom >/dev/null; "
          "test ! -e /dev/vda; test -d /dev/pts; test -d /dev/shm; touch /dev/shm/unitsec-probe-$$; rm /dev/shm/unitsec-probe-$$; "
          EXPECT_ERR("touch /dev/unitsec-probe", "Read-only file system")
          EXPECT_ERR("mknod $T/rw/node c 1 3", "Operation not permitted")
          "test \"$(ls /dev | sort | tr '\\n' ' ')\" = 'char fd full hugepages log mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero '" },
        { "InaccessiblePaths=", inaccessible,
          EXPECT_ERR("cat $T/secret/file", "No such file or directory")
          "test \"$(stat -c %a $T/secret)\" = 0; cat $T/rw/../secret/../rw/.keep" },
        { "ReadOnlyPaths=", read_only,
          EXPECT_ERR("touch $T/ro/unitsec-probe", "Read-only file system") "cat $T/ro/.keep; touch $T/rw/ok" },
        { "ReadWritePaths= below ReadOnlyPaths=", rw_below_ro,
          EXPECT_ERR("touch $T/unitsec-probe", "Read-only file system") "touch $T/rw/ok" },
        { "NoExecPaths= and ExecPaths=", no_exec,
          EXPECT_ERR("$T/script", "Permission denied") "$T/bin/script" },
        { "NoExecPaths= under ProtectSystem=strict: noexec, writable (as systemd 252)", strict_noexec,
          "cp $T/script $T/rw/s; " EXPECT_ERR("$T/rw/s", "Permission denied") "rm $T/rw/s; "
          EXPECT_ERR("touch $T/unitsec-probe", "Read-only file system") },
        { "TemporaryFileSystem=", tmpfs,
          "test -z \"$(ls -A $T/rw)\"; touch $T/rw/inside; " EXPECT_ERR("touch $T/ro/x", "Read-only file system") },
        { "BindPaths= and BindReadOnlyPaths=", binds,
          "cat $T/bind-rw/.keep; touch $T/bind-rw/via-bind; test -e $T/rw/via-bind; rm $T/rw/via-bind; "
          EXPECT_ERR("touch $T/bind-ro/x", "Read-only file system") },
        { "ProtectKernelTunables=yes", tunables,
          EXPECT_ERR("echo 1 >/proc/sys/vm/drop_caches", "Read-only file system")
          EXPECT_ERR("cat /proc/kcore", "")
          "cat /proc/sys/kernel/ostype >/dev/null; test \"$(stat -c %a /proc/kallsyms)\" = 0; "
          "grep -q ' /sys ro,' /proc/self/mountinfo" },
        { "ProtectControlGroups=yes", cgroups,
          EXPECT_ERR("mkdir /sys/fs/cgroup/pids/unitsec-probe", "Read-only file system") "ls /sys/fs/cgroup/pids >/dev/null" },
        { "ProtectKernelLogs=yes", klogs,
          EXPECT_ERR("head -c1 /dev/kmsg", "Permission denied") EXPECT_ERR("dmesg", "Operation not permitted") },
        { "ProtectKernelModules=yes", kmodules,
          "b=$(awk '/CapBnd/ { print $2 }' /proc/self/status); test $(( 0x$b >> 16 & 1 )) = 0; "
          "test $(( 0x$b >> 21 & 1 )) = 1" },
        { "ProcSubset=pid", proc_subset, "test ! -e /proc/sys; test -e /proc/self/status; grep -q subset=pid /proc/self/mountinfo" },
        { "ProtectProc=invisible", proc_invisible, "test ! -e /proc/1; test -e /proc/self/status" },
        { "RootDirectory=", root_dir,
          "test \"$(cat /inroot)\" = yes; test ! -e $T; test -e /proc/self/status; test -e /dev/null; "
          "test -d /sys/kernel; touch /tmp/x /run/x /data/x; " EXPECT_ERR("touch /x", "Read-only file system")
          "test \"$(stat -c %a /run)\" = 755; grep -q ' / ro,' /proc/self/mountinfo" },
};

static char *mountinfo_before;

static int group_setup(void **state) {
        (void) state;
        if (!mkdtemp(scratch))
                return -1;
        const char *script = "set -e; cd \"$0\"; mkdir -p rw ro secret bin; touch rw/.keep ro/.keep secret/file; "
                             "mkdir -p root/usr root/etc root/proc root/dev root/sys root/run root/tmp root/data; "
                             "ln -s usr/bin root/bin; ln -s usr/lib root/lib; ln -s usr/lib64 root/lib64; "
                             "cp /etc/passwd /etc/group root/etc/; echo yes >root/inroot; "
                             "printf '#!/bin/sh\\nexit 0\\n' >script; chmod +x script; cp script bin/script";
        char *argv[] = { (char *) "sh", (char *) "-c", (char *) script, scratch, NULL };
        pid_t pid = fork();
        if (pid == 0) {
                execv("/bin/sh", argv);
                _exit(127);
        }
        int status;
        waitpid(pid, &status, 0);
        mountinfo_before = our_mounts();
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int group_teardown(void **state) {
        (void) state;
        char *mi = our_mounts();
        bool same = mi && mountinfo_before && streq(mi, mountinfo_before);
        free(mi);
        free(mountinfo_before);
        _cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", scratch);
        (void) !system(cmd);
        return same ? 0 : -1;
}

static void run_case(void **state) {
        const Case *c = *state;
        if (geteuid() != 0) {
                skip();
                return;
        }
        _cleanup_free_ char *tmp_before = NULL;
        ExecSettings s = settings_base();
        c->setup(&s);
        SandboxFailure f = {};
        int status = sandbox_run_sh(&s, c->script, &f);
        if (status < 0)
                print_error("sandbox failed: %s: %s: %s\n", sandbox_step_to_string(f.step), strerror(f.error), f.path);
        assert_true(status >= 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                print_error("%s: status %d\n", c->name, status);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
        /* Nothing leaked: the host's mount table is unchanged, and private /tmp files stay private. */
        char *mi = our_mounts();
        assert_string_equal(mi, mountinfo_before);
        free(mi);
        assert_int_equal(access("/tmp/inside", F_OK), -1);
        settings_free(&s);
}

static void missing_path_fails_before_namespaces(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        path_add(&s.read_only_paths, "/nonexistent-unitsec/x");
        SandboxPlan *p = NULL;
        SandboxFailure f = {};
        assert_int_equal(sandbox_plan_new(&s, &p, &f), -ENOENT);
        assert_int_equal(f.step, SANDBOX_STEP_READ_ONLY_PATHS);
        assert_int_equal(f.error, ENOENT);
        assert_string_equal(f.path, "/nonexistent-unitsec/x");
        assert_null(p);
        settings_free(&s);
}

static void relative_path_refused(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        path_add(&s.inaccessible_paths, "/a/../etc");
        SandboxPlan *p = NULL;
        SandboxFailure f = {};
        assert_int_equal(sandbox_plan_new(&s, &p, &f), -EINVAL);
        assert_int_equal(f.step, SANDBOX_STEP_INACCESSIBLE_PATHS);
        settings_free(&s);
}

int main(void) {
        struct CMUnitTest tests[ELEMENTSOF(cases) + 2];
        for (size_t i = 0; i < ELEMENTSOF(cases); i++)
                tests[i] = (struct CMUnitTest) { .name = cases[i].name, .test_func = run_case,
                                                 .initial_state = (void *) &cases[i] };
        tests[ELEMENTSOF(cases)] = (struct CMUnitTest) cmocka_unit_test(missing_path_fails_before_namespaces);
        tests[ELEMENTSOF(cases) + 1] = (struct CMUnitTest) cmocka_unit_test(relative_path_refused);
        return _cmocka_run_group_tests("sandbox-mounts", tests, ELEMENTSOF(tests), group_setup, group_teardown);
}
