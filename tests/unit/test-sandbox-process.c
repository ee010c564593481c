/* SPDX-License-Identifier: MIT */
/* The process directives inside a real sandbox (root needed): namespaces, identity,
 * capabilities, no_new_privs, seccomp filters, umask, limits. Each case checks that the
 * forbidden operation fails with the expected error and that the allowed one works. */
#include <signal.h>
#include <sys/resource.h>
#include <ctype.h>
#include <sched.h>
#include <sys/socket.h>

#include "sandbox-test.h"
#include "syscall-groups.h"

typedef struct Case {
        const char *name;
        void (*setup)(ExecSettings *s);
        const char *script;
} Case;

#define EXPECT_ERR(cmd, msg) \
        "if e=$( { " cmd " ; } 2>&1 >/dev/null); then echo '" cmd ": succeeded' >&2; exit 10; fi; " \
        "case \"$e\" in *'" msg "'*) ;; *) echo \"" cmd ": $e\" >&2; exit 11;; esac; "
#define PY "/usr/bin/python3 -c "

static void private_network(ExecSettings *s) { s->private_network = true; }
static void private_ipc(ExecSettings *s) { s->private_ipc = true; }
static void private_users(ExecSettings *s) {
        s->private_users = true;
        s->user = xstrdup("nobody");
        s->protect_proc = PROTECT_PROC_INVISIBLE;
        s->private_devices = true;
}
static void protect_hostname(ExecSettings *s) { s->protect_hostname = true; }
static void user_nobody(ExecSettings *s) {
        s->user = xstrdup("nobody");
        s->group = xstrdup("nogroup");
        strv_extend(&s->supplementary_groups, "daemon");
}
static void dynamic_user(ExecSettings *s) {
        s->dynamic_user = true;
        s->user = xstrdup("unitsec-dynamic-test");
        s->group = xstrdup("unitsec-dynamic-test");
}
static void bounding(ExecSettings *s) { s->capability_bounding_set = (UINT64_C(1) << 12) | (UINT64_C(1) << 10); }
static void ambient(ExecSettings *s) {
        s->user = xstrdup("nobody");
        s->ambient_capabilities = UINT64_C(1) << 10; /* CAP_NET_BIND_SERVICE */
}
static void nnp(ExecSettings *s) { s->no_new_privileges = true; }
static void filter_deny_errno(ExecSettings *s) {
        syscall_filter_add(&s->syscall_filter, "mkdir", -1);
        syscall_filter_add(&s->syscall_filter, "mkdirat", -1);
        s->syscall_filter.set = true;
        s->syscall_error_number = EACCES;
}
static void add_group(SyscallFilter *f, const char *name) {
        const SyscallGroup *g = syscall_group_find(name);
        assert_non_null(g);
        for (const char *const *m = g->members; *m; m++)
                if ((*m)[0] == '@')
                        add_group(f, *m);
                else
                        syscall_filter_add(f, *m, -1);
}
static void filter_allow(ExecSettings *s) {
        s->syscall_filter.allow_list = true;
        s->syscall_filter.set = true;
        add_group(&s->syscall_filter, "@system-service");
        syscall_filter_remove(&s->syscall_filter, "uname"); /* killed with SIGSYS */
}
static void families(ExecSettings *s) {
        s->address_families = (AddressFamilies) {
                .allow_list = true, .set = true, .families = (UINT64_C(1) << AF_UNIX) | (UINT64_C(1) << AF_INET) };
}
static void namespaces(ExecSettings *s) { s->restrict_namespaces = 0; }
static void namespaces_net_only(ExecSettings *s) { s->restrict_namespaces = CLONE_NEWNET; }
static void personality(ExecSettings *s) { s->lock_personality = true; }
static void wx(ExecSettings *s) { s->memory_deny_write_execute = true; }
static void realtime(ExecSettings *s) { s->restrict_realtime = true; }
static void suid(ExecSettings *s) { s->restrict_suid_sgid = true; }
static void umask_077(ExecSettings *s) { s->umask = 0077; }
static void clock_(ExecSettings *s) { s->protect_clock = true; }
static void limits(ExecSettings *s) {
        s->rlimits[RLIMIT_NOFILE] = (ResourceLimit) { .set = true, .soft = 512, .hard = 4096 };
        s->rlimits[RLIMIT_NPROC] = (ResourceLimit) { .set = true, .soft = 10000, .hard = 10000 };
}
static void working_dir(ExecSettings *s) { s->working_directory = xstrdup("/usr/share"); }
static void private_devices_rawio(ExecSettings *s) { s->private_devices = true; }

static const Case cases[] = {
        { "PrivateNetwork=yes", private_network,
          "test \"$(grep -c : /proc/net/dev)\" = 1; grep -q 'lo:' /proc/net/dev; "
          PY "'import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 0)); s.listen(); "
          "c=socket.create_connection(s.getsockname()); print(\"ok\")' | grep -q ok; "
          "test \"$(readlink /proc/self/ns/net)\" != \"$HOST_NET\"" },
        { "PrivateUsers=yes (with ProtectProc= and PrivateDevices=)", private_users,
          "test \"$(echo $(cat /proc/self/uid_map))\" = '0 0 1 65534 65534 1'; test \"$(id -u)\" = 65534; "
          "test \"$(stat -c %U /usr/bin)\" = root; test \"$(stat -c %u /tmp)\" = 0; echo >/dev/null; "
          "grep -q hidepid=invisible /proc/self/mountinfo" },
        { "PrivateIPC=yes", private_ipc, "test \"$(readlink /proc/self/ns/ipc)\" != \"$HOST_IPC\"" },
        { "ProtectHostname=yes", protect_hostname,
          "test \"$(readlink /proc/self/ns/uts)\" != \"$HOST_UTS\"; "
          PY "'import socket, errno\ntry:\n socket.sethostname(\"unitsec-probe\")\nexcept PermissionError:\n pass\n"
          "else:\n raise SystemExit(9)'; hostname >/dev/null" },
        { "User= Group= SupplementaryGroups=", user_nobody,
          "test \"$(id -u)\" = 65534; test \"$(id -g)\" = 65534; test \"$(id -G)\" = '65534 1'; "
          "grep -q 'CapEff:.0000000000000000' /proc/self/status" },
        { "DynamicUser=yes", dynamic_user,
          "u=$(id -u); test $u -ge 61184 && test $u -le 65519; test \"$(id -g)\" = $u; "
          "! getent passwd $u; grep -q 'CapEff:.0000000000000000' /proc/self/status" },
        { "CapabilityBoundingSet=", bounding, "grep -q 'CapBnd:.0000000000001400' /proc/self/status; "
          EXPECT_ERR("chown nobody $T/file", "Operation not permitted") },
        { "AmbientCapabilities=", ambient,
          "test \"$(id -u)\" = 65534; grep -q 'CapAmb:.0000000000000400' /proc/self/status; "
          PY "'import socket; s=socket.socket(); s.bind((\"127.0.0.1\", 81)); print(\"ok\")' | grep -q ok" },
        { "NoNewPrivileges=yes", nnp, "grep -q 'NoNewPrivs:.1' /proc/self/status" },
        { "SystemCallFilter=~ with SystemCallErrorNumber=", filter_deny_errno,
          EXPECT_ERR("mkdir $T/x", "Permission denied") "touch $T/file2; rm $T/file2" },
        { "SystemCallFilter= allow-list", filter_allow, "echo allowed >/dev/null; cat $T/file >/dev/null; "
          "if uname >/dev/null 2>&1; then exit 12; fi" },
        { "RestrictAddressFamilies=", families,
          PY "'import socket\ntry:\n socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\nexcept OSError as e:\n "
          "assert e.errno == 97, e\nelse:\n raise SystemExit(9)\nsocket.socket(socket.AF_INET); "
          "socket.socket(socket.AF_UNIX)\ntry:\n socket.socket(socket.AF_INET6)\nexcept OSError as e:\n "
          "assert e.errno == 97\nelse:\n raise SystemExit(8)'" },
        { "RestrictNamespaces=yes", namespaces, EXPECT_ERR("unshare -n true", "Operation not permitted")
          EXPECT_ERR("unshare -m true", "Operation not permitted") },
        { "RestrictNamespaces=net", namespaces_net_only, "unshare -n true; "
          EXPECT_ERR("unshare -m true", "Operation not permitted") EXPECT_ERR("unshare -U true", "Operation not permitted") },
        { "LockPersonality=yes", personality, EXPECT_ERR("setarch linux32 true", "Operation not permitted")
          "setarch linux64 true" },
        { "MemoryDenyWriteExecute=yes", wx,
          PY "'import mmap\ntry:\n mmap.mmap(-1, 4096, prot=7)\nexcept PermissionError:\n pass\nelse:\n "
          "raise SystemExit(9)\nmmap.mmap(-1, 4096, prot=3)\nmmap.mmap(-1, 4096, prot=5)'" },
        { "RestrictRealtime=yes", realtime, EXPECT_ERR("chrt -f 1 true", "Operation not permitted")
          EXPECT_ERR("chrt -r 1 true", "Operation not permitted") "chrt -o 0 true; chrt -b 0 true; chrt -i 0 true" },
        { "RestrictSUIDSGID=yes", suid, "cp $T/file $T/f; " EXPECT_ERR("chmod u+s $T/f", "Operation not permitted")
          EXPECT_ERR("chmod g+s $T/f", "Operation not permitted") "chmod 0755 $T/f; chmod +t $T/f; rm $T/f" },
        { "ProtectClock=yes", clock_, EXPECT_ERR("date -s \"$(date)\"", "Operation not permitted")
          "date >/dev/null" },
        { "PrivateDevices= blocks @raw-io", private_devices_rawio,
          PY "'import ctypes\nlibc=ctypes.CDLL(None, use_errno=True)\nr=libc.iopl(0)\nassert r == -1 and "
          "ctypes.get_errno() == 1, ctypes.get_errno()'" },
        { "UMask=", umask_077, "test \"$(umask)\" = 0077" },
        { "LimitNOFILE= LimitNPROC=", limits, "test \"$(ulimit -Sn)\" = 512; test \"$(ulimit -Hn)\" = 4096; "
          "grep -q 'Max processes *10000 *10000 ' /proc/self/limits" },
        { "WorkingDirectory=", working_dir, "test \"$(pwd)\" = /usr/share" },
};

static int group_setup(void **state) {
        (void) state;
        if (!mkdtemp(scratch))
                return -1;
        _cleanup_free_ char *file = xasprintf("%s/file", scratch);
        FILE *f = fopen(file, "we");
        if (!f)
                return -1;
        fputs("x\n", f);
        fclose(f);
        const char *ns[] = { "net", "ipc", "uts" };
        for (size_t i = 0; i < ELEMENTSOF(ns); i++) {
                char link[64], val[128], name[16];
                snprintf(link, sizeof(link), "/proc/self/ns/%s", ns[i]);
                ssize_t n = readlink(link, val, sizeof(val) - 1);
                if (n < 0)
                        return -1;
                val[n] = 0;
                snprintf(name, sizeof(name), "HOST_%s", ns[i]);
                for (char *c = name; *c; c++)
                        *c = (char) toupper((unsigned char) *c);
                setenv(name, val, 1);
        }
        return 0;
}

static int group_teardown(void **state) {
        (void) state;
        _cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", scratch);
        (void) !system(cmd);
        return 0;
}

static void run_case(void **state) {
        const Case *c = *state;
        if (geteuid() != 0) {
                skip();
                return;
        }
        ExecSettings s = settings_base();
        c->setup(&s);
        SandboxFailure f = {};
        /* The HOST_* values go in through the script: the sandbox gets a fixed environment. */
        _cleanup_free_ char *script = xasprintf("HOST_NET='%s' HOST_IPC='%s' HOST_UTS='%s'; %s", getenv("HOST_NET"),
                                                getenv("HOST_IPC"), getenv("HOST_UTS"), c->script);
        int status = sandbox_run_sh(&s, script, &f);
        if (status < 0)
                print_error("sandbox failed: %s: %s: %s\n", sandbox_step_to_string(f.step), strerror(f.error), f.path);
        assert_true(status >= 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                print_error("%s: status %d\n", c->name, status);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
        settings_free(&s);
}

/* The default action of a deny-list without an errno kills with SIGSYS. */
static void filter_kills(void **state) {
        (void) state;
        if (geteuid() != 0) {
                skip();
                return;
        }
        ExecSettings s = settings_base();
        syscall_filter_add(&s.syscall_filter, "uname", -1);
        s.syscall_filter.set = true;
        char *argv[] = { (char *) "/bin/uname", NULL };
        int status = sandbox_run_argv(&s, argv, NULL);
        assert_true(status >= 0);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), SIGSYS);
        settings_free(&s);
}

/* A limit above the host's hard limit (no CAP_SYS_RESOURCE here) is lowered and reported. */
static void limit_lowered(void **state) {
        (void) state;
        struct rlimit cur;
        assert_int_equal(getrlimit(RLIMIT_NOFILE, &cur), 0);
        if (cur.rlim_max == RLIM_INFINITY) {
                skip();
                return;
        }
        ExecSettings s = settings_base();
        s.rlimits[RLIMIT_NOFILE] = (ResourceLimit) { .set = true, .soft = 1024, .hard = UINT64_MAX };
        SandboxPlan *p = NULL;
        assert_int_equal(sandbox_plan_new(&s, &p, NULL), 0);
        size_t n;
        const SandboxLimitAdjustment *a = sandbox_plan_limit_adjustments(p, &n);
        /* with CAP_SYS_RESOURCE nothing needs lowering */
        if (n == 0) {
                sandbox_plan_free(p);
                skip();
                return;
        }
        assert_int_equal(n, 1);
        assert_int_equal(a[0].resource, RLIMIT_NOFILE);
        assert_true(a[0].wanted == UINT64_MAX);
        assert_true(a[0].granted == cur.rlim_max);
        sandbox_plan_free(p);
        settings_free(&s);
}

static void unknown_user_fails_in_plan(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        s.user = xstrdup("unitsec-no-such-user");
        SandboxPlan *p = NULL;
        SandboxFailure f = {};
        assert_true(sandbox_plan_new(&s, &p, &f) < 0);
        assert_int_equal(f.step, SANDBOX_STEP_USER);
        assert_string_equal(f.path, "unitsec-no-such-user");
        settings_free(&s);
}

static void unsupported_refused(void **state) {
        (void) state;
        ExecSettings s = settings_base();
        s.root_image = xstrdup("/tmp/unitsec-no-image.raw");
        SandboxPlan *p = NULL;
        SandboxFailure f = {};
        assert_int_equal(sandbox_plan_new(&s, &p, &f), -EOPNOTSUPP);
        assert_string_equal(f.path, "RootImage=");
        free(s.root_image);
        settings_free(&s);
}

static void exec_missing(void **state) {
        (void) state;
        if (geteuid() != 0) {
                skip();
                return;
        }
        ExecSettings s = settings_base();
        char *argv[] = { (char *) "unitsec-no-such-program", NULL };
        SandboxFailure f = {};
        assert_int_equal(sandbox_run_argv(&s, argv, &f), -ENOENT);
        assert_int_equal(f.step, SANDBOX_STEP_EXEC);
        settings_free(&s);
}

int main(void) {
        static const struct CMUnitTest extra[] = {
                cmocka_unit_test(filter_kills),
                cmocka_unit_test(limit_lowered),
                cmocka_unit_test(unknown_user_fails_in_plan),
                cmocka_unit_test(unsupported_refused),
                cmocka_unit_test(exec_missing),
        };
        struct CMUnitTest tests[ELEMENTSOF(cases) + ELEMENTSOF(extra)];
        for (size_t i = 0; i < ELEMENTSOF(cases); i++)
                tests[i] = (struct CMUnitTest) { .name = cases[i].name, .test_func = run_case,
                                                 .initial_state = (void *) &cases[i] };
        for (size_t i = 0; i < ELEMENTSOF(extra); i++)
                tests[ELEMENTSOF(cases) + i] = extra[i];
        return _cmocka_run_group_tests("sandbox-process", tests, ELEMENTSOF(tests), group_setup, group_teardown);
}
