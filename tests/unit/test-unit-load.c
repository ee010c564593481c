/* SPDX-License-Identifier: MIT */
/* unit_load() on trees built under a temporary --root. The expected outcomes were checked with
 * systemd 252 (`systemd-analyze security --offline=yes --root=DIR UNIT`, reading which
 * ProtectSystem=/ProtectHome= value won) on the same trees, unless marked as unitsec's own
 * choice (where systemd escapes the root or hangs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "log.h"
#include "strv.h"
#include "unit-load.h"

static char root[256];

/* The loader's messages are dropped unless $UNITSEC_TEST_VERBOSE is set. */
static void quiet(int level, const char *message, void *userdata) {
        (void) level;
        (void) userdata;
        if (getenv("UNITSEC_TEST_VERBOSE"))
                fprintf(stderr, "# %s\n", message);
}

static void mkdir_p(const char *rel) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        for (char *s = p + strlen(root) + 1; *s; s++)
                if (*s == '/') {
                        *s = 0;
                        (void) mkdir(p, 0755);
                        *s = '/';
                }
        (void) mkdir(p, 0755);
}

static void put(const char *rel, const char *content) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        char *slash = strrchr(rel, '/');
        if (slash) {
                char d[1024];
                snprintf(d, sizeof d, "%.*s", (int) (slash - rel), rel);
                mkdir_p(d);
        }
        FILE *f = fopen(p, "we");
        assert_non_null(f);
        fputs(content, f);
        fclose(f);
}

static void link_(const char *target, const char *rel) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", root, rel);
        char *slash = strrchr(rel, '/');
        char d[1024];
        snprintf(d, sizeof d, "%.*s", (int) (slash - rel), rel);
        mkdir_p(d);
        assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state) {
        (void) state;
        snprintf(root, sizeof root, "/tmp/unitsec-test-load-XXXXXX");
        assert_non_null(mkdtemp(root));
        unsetenv("SYSTEMD_UNIT_PATH");
        log_set_sink(quiet, NULL);
        return 0;
}

static int teardown(void **state) {
        (void) state;
        char cmd[512];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        assert_int_equal(system(cmd), 0);
        log_set_sink(NULL, NULL);
        return 0;
}

static int load(const char *name, Unit **ret) {
        LookupPaths lp;
        assert_int_equal(lookup_paths_init(&lp, UNIT_SCOPE_SYSTEM, root, NULL), 0);
        int r = unit_load(&lp, name, ret);
        lookup_paths_done(&lp);
        return r;
}

/* The value of the last assignment of key over all files, as systemd applies them. */
static const char *last(const Unit *u, const char *key) {
        const char *v = NULL;
        for (size_t i = 0; i < u->n_files; i++)
                for (size_t j = 0; j < u->files[i].n_assignments; j++)
                        if (streq(u->files[i].assignments[j].key, key))
                                v = u->files[i].assignments[j].value;
        return v;
}

#define SVC "[Service]\nExecStart=/bin/true\n"
#define L "lib/systemd/system/"
#define E "etc/systemd/system/"

/* foo-bar-baz.service: per directory NAME.d, then foo-bar-.service.d, then foo-.service.d; the
 * type-wide service.d last; an equal basename in an earlier directory shadows the later ones.
 * systemd: ProtectSystem=strict (etc/foo-bar-.service.d/x.conf), ProtectHome=read-only. */
static void test_dropin_precedence(void **state) {
        (void) state;
        put(L "foo-bar-baz.service", SVC);
        put(L "foo-bar-baz.service.d/x.conf", "[Service]\nProtectSystem=yes\n");
        put(E "foo-.service.d/x.conf", "[Service]\nProtectSystem=full\n");
        put(E "foo-bar-.service.d/x.conf", "[Service]\nProtectSystem=strict\n");
        put(E "service.d/x.conf", "[Service]\nProtectSystem=no\n");
        put(L "foo-bar-.service.d/y.conf", "[Service]\nProtectHome=yes\n");
        put(E "foo-.service.d/y.conf", "[Service]\nProtectHome=read-only\n");
        put(E "foo-bar-baz.service.d/.hidden.conf", "[Service]\nProtectHome=tmpfs\n");
        put(E "foo-bar-baz.service.d/z.conf~", "[Service]\nProtectHome=tmpfs\n");
        mkdir_p(E "foo-bar-baz.service.d/dir.conf");
        Unit *u = NULL;
        assert_int_equal(load("foo-bar-baz.service", &u), 0);
        assert_string_equal(u->id, "foo-bar-baz.service");
        assert_int_equal(u->n_files, 3);
        assert_string_equal(u->files[0].path, "/" L "foo-bar-baz.service");
        assert_false(u->files[0].is_dropin);
        assert_string_equal(u->files[1].path, "/" E "foo-bar-.service.d/x.conf");
        assert_string_equal(u->files[2].path, "/" E "foo-.service.d/y.conf");
        assert_true(u->files[2].is_dropin);
        assert_string_equal(last(u, "ProtectSystem"), "strict");
        assert_string_equal(last(u, "ProtectHome"), "read-only");
        unit_free(u);
}

/* foo-bar@x.service from the template foo-bar@.service; directories per search dir:
 * foo-bar@x.service.d, foo-bar@.service.d, foo-.service.d, foo-@x.service.d, foo-@.service.d.
 * systemd, step by step: strict/tmpfs; then (foo-.service.d emptied) full/read-only; then
 * (foo-@x.service.d emptied) yes/read-only. */
static void test_template_dash(void **state) {
        (void) state;
        put(L "foo-bar@.service", SVC "ProtectHome=yes\n");
        put(L "foo-@.service.d/x.conf", "[Service]\nProtectSystem=yes\n");
        put(L "foo-@x.service.d/x.conf", "[Service]\nProtectSystem=full\n");
        put(L "foo-.service.d/x.conf", "[Service]\nProtectSystem=strict\n");
        put(L "foo-@.service.d/y.conf", "[Service]\nProtectHome=read-only\n");
        put(L "foo-.service.d/y.conf", "[Service]\nProtectHome=tmpfs\n");
        Unit *u = NULL;
        assert_int_equal(load("foo-bar@x.service", &u), 0);
        assert_string_equal(u->id, "foo-bar@x.service");
        assert_string_equal(u->files[0].path, "/" L "foo-bar@.service");
        assert_string_equal(last(u, "ProtectSystem"), "strict");
        assert_string_equal(last(u, "ProtectHome"), "tmpfs");
        u = unit_free(u);
        char p[1024];
        snprintf(p, sizeof p, "%s/" L "foo-.service.d/x.conf", root);
        assert_int_equal(unlink(p), 0);
        snprintf(p, sizeof p, "%s/" L "foo-.service.d/y.conf", root);
        assert_int_equal(unlink(p), 0);
        assert_int_equal(load("foo-bar@x.service", &u), 0);
        assert_string_equal(last(u, "ProtectSystem"), "full");
        assert_string_equal(last(u, "ProtectHome"), "read-only");
        u = unit_free(u);
        snprintf(p, sizeof p, "%s/" L "foo-@x.service.d/x.conf", root);
        assert_int_equal(unlink(p), 0);
        assert_int_equal(load("foo-bar@x.service", &u), 0);
        assert_string_equal(last(u, "ProtectSystem"), "yes");
        u = unit_free(u);
        /* a bare template is analysed as foo-bar@i.service */
        char *name = NULL;
        assert_int_equal(unit_arg_to_name("foo-bar@.service", &name), 0);
        assert_int_equal(load(name, &u), 0);
        assert_string_equal(u->id, "foo-bar@i.service");
        free(name);
        u = unit_free(u);
        assert_int_equal(load("foo-bar@.service", &u), 0); /* unit_load does the same */
        assert_string_equal(u->id, "foo-bar@i.service");
        u = unit_free(u);
        /* an instance file wins over the template */
        put(E "foo-bar@y.service", SVC "ProtectSystem=no\n");
        assert_int_equal(load("foo-bar@y.service", &u), 0);
        assert_string_equal(u->files[0].path, "/" E "foo-bar@y.service");
        unit_free(u);
}

/* alias.service → /lib/.../real.service: loaded as real.service, alias kept; the drop-ins of
 * both names apply; of equal basenames, real.service.d (even in /lib) beats alias.service.d in
 * /etc. systemd: ProtectSystem=full, ProtectHome=read-only for either name (corpus
 * s1-0031-x-alias-dropin agrees). */
static void test_alias(void **state) {
        (void) state;
        put(L "real.service", SVC);
        link_("/lib/systemd/system/real.service", E "alias.service");
        put(E "alias.service.d/x.conf", "[Service]\nProtectSystem=yes\n");
        put(L "real.service.d/x.conf", "[Service]\nProtectSystem=full\n");
        put(L "alias.service.d/z.conf", "[Service]\nProtectHome=read-only\n");
        link_("alias.service", E "rel.service"); /* a relative alias of the alias */
        static const char *const names[] = { "real.service", "alias.service", "rel.service" };
        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                Unit *u = NULL;
                assert_int_equal(load(names[i], &u), 0);
                assert_string_equal(u->id, "real.service");
                assert_true(strv_contains(u->aliases, "alias.service"));
                assert_string_equal(u->files[0].path, "/" L "real.service");
                assert_string_equal(last(u, "ProtectSystem"), "full");
                assert_string_equal(last(u, "ProtectHome"), "read-only");
                unit_free(u);
        }
        /* a link to the same name is ignored: the next directory holding the name wins (systemd:
         * etc/x.service → /usr/lib/.../x.service with a lib/.../x.service loads the latter) */
        put(L "x.service", SVC "ProtectSystem=full\n");
        put("usr/" L "x.service", SVC "ProtectSystem=strict\n");
        link_("/usr/lib/systemd/system/x.service", E "x.service");
        Unit *x = NULL;
        assert_int_equal(load("x.service", &x), 0);
        assert_string_equal(x->files[0].path, "/" L "x.service");
        unit_free(x);
        /* a link to the same name in a later search directory is that file (systemd reports
         * "/lib/systemd/system/same.service:3: ..." for it), also across /usr/lib */
        put(L "same.service", SVC "ProtectSystem=full\n");
        link_("/lib/systemd/system/same.service", E "same.service");
        put("usr/" L "other.service", SVC "ProtectSystem=strict\n");
        link_("/usr/lib/systemd/system/other.service", L "other.service");
        static const char *const same[][2] = { { "same.service", "/" L "same.service" },
                                               { "other.service", "/usr/" L "other.service" } };
        for (size_t i = 0; i < ELEMENTSOF(same); i++) {
                Unit *u = NULL;
                assert_int_equal(load(same[i][0], &u), 0);
                assert_string_equal(u->id, same[i][0]);
                assert_string_equal(u->files[0].path, same[i][1]);
                unit_free(u);
        }
        /* a loop of aliases: systemd says "not found" */
        link_("b.service", E "a.service");
        link_("a.service", E "b.service");
        Unit *u = NULL;
        assert_int_equal(load("a.service", &u), -ENOENT);
}

/* Aliased templates asked for as instances (systemd 252, each checked): al@x-y.service with
 * al@.service → a-b-@.service keeps its own name as id; its drop-ins come from al@... first, then
 * a-b-@x-y...; an instance with a file of its own does not take the template's aliases. */
static void test_template_alias(void **state) {
        (void) state;
        put(E "a-b-@.service", SVC "ProtectSystem=no\n");
        put("usr/" L "a-b-@.service", SVC "ProtectSystem=yes\n");
        link_("/usr/local/lib/systemd/system/a-b-@.service", "usr/" L "al@.service");
        put(E "a-b-@x-y.service.d/b.conf", "[Service]\nProtectSystem=no\n");
        put(E "a-b-.service.d/a.conf", "[Service]\nProtectHome=read-only\n");
        put("usr/" L "a-@x-y.service.d/a.conf", "[Service]\nProtectHome=read-only\n");
        put("usr/local/" L "al@.service.d/c.conf", "[Service]\nProtectHome=no\n");
        put("run/systemd/system/a-@.service.d/c.conf", "[Service]\nProtectHome=no\n");
        put("run/systemd/system/a-.service.d/c.conf", "[Service]\nProtectHome=read-only\n");
        put("run/systemd/system/a-b-@x-y.service", SVC "ProtectHome=tmpfs\n");
        Unit *u = NULL;
        assert_int_equal(load("al@x-y.service", &u), 0); /* systemd: "... for al@x-y.service: 9.6" */
        assert_string_equal(u->id, "al@x-y.service");
        assert_string_equal(u->files[0].path, "/" E "a-b-@.service");
        assert_string_equal(last(u, "ProtectSystem"), "no");
        assert_string_equal(last(u, "ProtectHome"), "no");
        u = unit_free(u);
        /* the instance's own file: no drop-ins of the template's alias al@ */
        assert_int_equal(load("a-b-@x-y.service", &u), 0);
        assert_string_equal(u->files[0].path, "/run/systemd/system/a-b-@x-y.service");
        for (size_t i = 0; i < u->n_files; i++)
                assert_null(strstr(u->files[i].path, "al@"));
        u = unit_free(u);
        /* through the template: the template's aliases' drop-ins apply (systemd: ProtectHome=yes) */
        put(E "t@.service", SVC "ProtectSystem=yes\n");
        link_("/etc/systemd/system/t@.service", L "tal@.service");
        put("usr/local/" L "tal@.service.d/c.conf", "[Service]\nProtectHome=yes\n");
        assert_int_equal(load("t@x.service", &u), 0);
        assert_string_equal(u->id, "t@x.service");
        assert_true(strv_contains(u->aliases, "tal@x.service"));
        assert_string_equal(last(u, "ProtectHome"), "yes");
        unit_free(u);
        /* corpus s1-0198: tunnel-alias@.service → tunnel@.service, analysed as tunnel@i.service */
        put(L "tunnel@.service", SVC);
        link_("/lib/systemd/system/tunnel@.service", E "tunnel-alias@.service");
        assert_int_equal(load("tunnel-alias@i.service", &u), 0);
        assert_string_equal(u->id, "tunnel@i.service");
        unit_free(u);
}

/* Masks: a symlink to /dev/null, an empty file (corpus s1-0032-x-mask-empty), a template
 * linked to /dev/null masks its instances (s1-0033). The drop-ins are still read (systemd warns
 * about their settings). A drop-in linked to /dev/null shadows its basename and is empty. */
static void test_masks(void **state) {
        (void) state;
        put(L "x.service", SVC);
        link_("/dev/null", E "x.service");
        put(L "x.service.d/a.conf", "[Service]\nPrivateTmp=yes\n");
        put(E "empty.service", "");
        put(L "empty.service", SVC);
        link_("/dev/null", E "tmpl@.service");
        put(E "ws.service", " \n");
        Unit *u = NULL;
        assert_int_equal(load("x.service", &u), 0);
        assert_true(u->masked);
        assert_int_equal(u->n_files, 1);
        assert_true(u->files[0].is_dropin);
        u = unit_free(u);
        assert_int_equal(load("empty.service", &u), 0);
        assert_true(u->masked);
        u = unit_free(u);
        assert_int_equal(load("tmpl@x.service", &u), 0);
        assert_true(u->masked);
        u = unit_free(u);
        assert_int_equal(load("ws.service", &u), 0); /* only blanks: not empty, not masked */
        assert_false(u->masked);
        u = unit_free(u);
        put(L "z.service", SVC);
        link_("/dev/null", E "z.service.d/x.conf");
        put(L "z.service.d/x.conf", "[Service]\nProtectSystem=full\n");
        put(L "z.service.d/y.conf", "[Service]\nProtectHome=yes\n");
        assert_int_equal(load("z.service", &u), 0);
        assert_false(u->masked);
        assert_int_equal(u->n_files, 3);
        assert_string_equal(u->files[1].path, "/" E "z.service.d/x.conf");
        assert_int_equal(u->files[1].n_assignments, 0);
        assert_null(last(u, "ProtectSystem"));
        unit_free(u);
        assert_int_equal(load("missing.service", &u), -ENOENT);
        assert_int_equal(load("not-a-name", &u), -EINVAL);
}

/* Same name in several directories: the earliest search directory wins (corpus
 * s1-0036-x-same-name-etc-lib, s1-0042-x-fragment-override). */
static void test_same_name(void **state) {
        (void) state;
        put(L "s.service", SVC "ProtectSystem=yes\n");
        put("usr/" L "s.service", SVC "ProtectSystem=full\n");
        put(E "s.service", SVC "ProtectSystem=strict\n");
        Unit *u = NULL;
        assert_int_equal(load("s.service", &u), 0);
        assert_string_equal(u->files[0].path, "/" E "s.service");
        assert_int_equal(u->n_files, 1);
        unit_free(u);
}

/* Confinement (unitsec's own choice where systemd 252 reads through the host): an absolute
 * symlink or a ".." chain that would leave the root is refused, loops end with -ELOOP, FIFOs,
 * directories and oversized files are refused without blocking. */
static void test_confinement(void **state) {
        (void) state;
        put("opt/y.service", SVC);
        link_("/opt/y.service", E "y.service"); /* systemd: read from the host's /opt: escape */
        Unit *u = NULL;
        assert_int_equal(load("y.service", &u), -EXDEV);
        link_("../../../../../../../../../etc/passwd", L "up.service");
        assert_int_equal(load("up.service", &u), -EXDEV);
        put(L "d.service", SVC);
        link_("/etc/shadow", E "d.service.d/evil.conf");
        assert_int_equal(load("d.service", &u), -EXDEV);
        /* a search directory that links to itself, and an absolute dir link inside the tree */
        link_("/run/systemd/system", "run/systemd/system");
        link_("/lib/systemd/system", "usr/local/lib/systemd/system");
        put(L "ok.service", SVC);
        link_("loop2.conf", L "ok.service.d/loop1.conf");
        link_("loop1.conf", L "ok.service.d/loop2.conf");
        char p[1024];
        snprintf(p, sizeof p, "%s/" L "ok.service.d/fifo.conf", root);
        assert_int_equal(mkfifo(p, 0644), 0);
        link_("fifo.conf", L "ok.service.d/to-fifo.conf");
        link_("/dev/zero", "etc/zero");
        link_("../../../zero", E "ok.service.d/zero.conf"); /* relative, inside the root, then out */
        assert_int_equal(load("ok.service", &u), -EXDEV);
        snprintf(p, sizeof p, "%s/" E "ok.service.d/zero.conf", root);
        assert_int_equal(unlink(p), 0);
        assert_int_equal(load("ok.service", &u), 0); /* the loops and the FIFO are skipped */
        assert_int_equal(u->n_files, 1);
        u = unit_free(u);
        /* a drop-in directory linked absolutely: systemd would list the host's directory */
        put(L "dd.service", SVC);
        put("etc/x.d/a.conf", "[Service]\nPrivateTmp=yes\n");
        link_("/etc/x.d", E "dd.service.d");
        assert_int_equal(load("dd.service", &u), -EXDEV);
        /* a search directory linked absolutely (usr/local/lib/systemd/system above): systemd reads
         * the host's units through it (checked: it found the host's dbus.service); it is left out */
        put("lib/systemd/system2/only-there.service", SVC);
        char q[1024];
        snprintf(q, sizeof q, "%s/usr/local/lib/systemd/system", root);
        assert_int_equal(unlink(q), 0);
        assert_int_equal(symlink("/lib/systemd/system2", q), 0);
        assert_int_equal(load("only-there.service", &u), -ENOENT);
        assert_int_equal(unlink(q), 0);
        assert_int_equal(symlink("../../../../lib/systemd/system2", q), 0); /* relative: fine */
        assert_int_equal(load("only-there.service", &u), 0);
        assert_string_equal(u->files[0].path, "/usr/local/lib/systemd/system/only-there.service");
        u = unit_free(u);
        /* systemd passes over a directory or FIFO of the unit's name ("not found", or the next
         * directory's file); unitsec refuses them when reached through a symlink */
        mkdir_p(E "dir.service");
        assert_int_equal(load("dir.service", &u), -ENOENT);
        put(L "dir.service", SVC);
        assert_int_equal(load("dir.service", &u), 0);
        assert_string_equal(u->files[0].path, "/" L "dir.service");
        u = unit_free(u);
        snprintf(p, sizeof p, "%s/" E "fifo.service", root);
        assert_int_equal(mkfifo(p, 0644), 0);
        assert_int_equal(load("fifo.service", &u), -ENOENT);
        mkdir_p("opt/d.service");
        link_("../../../opt/d.service", E "linked-dir.service");
        assert_int_equal(load("linked-dir.service", &u), -EISDIR);
        link_("fifo.service", "opt/to-fifo.service");
        link_("../../../opt/to-fifo.service", E "linked-fifo.service");
        assert_int_equal(load("linked-fifo.service", &u), -ENOENT); /* it means /opt/fifo.service */
        link_("../etc/systemd/system/fifo.service", "opt/fifo2.service");
        link_("../../../opt/fifo2.service", E "linked-fifo2.service");
        assert_int_equal(load("linked-fifo2.service", &u), -EBADFD);
        snprintf(p, sizeof p, "%s/" E "big.service", root);
        int fd = open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_int_equal(ftruncate(fd, 5 * 1024 * 1024), 0);
        close(fd);
        assert_int_equal(load("big.service", &u), -EFBIG);
}

static void test_lookup_paths(void **state) {
        (void) state;
        LookupPaths lp;
        char *extra[] = { (char *) "/x/dir", NULL };
        unsetenv("SYSTEMD_UNIT_PATH");
        assert_int_equal(lookup_paths_init(&lp, UNIT_SCOPE_SYSTEM, NULL, extra), 0);
        assert_int_equal(strv_length(lp.search_path), 14);
        assert_string_equal(lp.search_path[0], "/x/dir");
        assert_string_equal(lp.search_path[1], "/etc/systemd/system.control");
        assert_string_equal(lp.search_path[5], "/etc/systemd/system");
        assert_string_equal(lp.search_path[11], "/lib/systemd/system");
        assert_string_equal(lp.search_path[13], "/run/systemd/generator.late");
        assert_null(lp.root);
        lookup_paths_done(&lp);
        setenv("SYSTEMD_UNIT_PATH", "", 1); /* hermetic: only the extra dirs */
        assert_int_equal(lookup_paths_init(&lp, UNIT_SCOPE_SYSTEM, "/r", extra), 0);
        assert_int_equal(strv_length(lp.search_path), 1);
        assert_string_equal(lp.root, "/r");
        lookup_paths_done(&lp);
        setenv("SYSTEMD_UNIT_PATH", "/a:/b", 1);
        assert_int_equal(lookup_paths_init(&lp, UNIT_SCOPE_SYSTEM, NULL, extra), 0);
        assert_int_equal(strv_length(lp.search_path), 3);
        assert_string_equal(lp.search_path[2], "/b");
        lookup_paths_done(&lp);
        setenv("SYSTEMD_UNIT_PATH", "/a:/b:", 1); /* systemd-analyze unit-paths: 15 entries */
        assert_int_equal(lookup_paths_init(&lp, UNIT_SCOPE_SYSTEM, NULL, NULL), 0);
        assert_int_equal(strv_length(lp.search_path), 15);
        lookup_paths_done(&lp);
        unsetenv("SYSTEMD_UNIT_PATH");
        /* --user, as `XDG_RUNTIME_DIR=/run/user/0 systemd-analyze --user unit-paths` prints it */
        setenv("HOME", "/root", 1);
        setenv("XDG_RUNTIME_DIR", "/run/user/0", 1);
        unsetenv("XDG_CONFIG_HOME");
        unsetenv("XDG_CONFIG_DIRS");
        unsetenv("XDG_DATA_HOME");
        unsetenv("XDG_DATA_DIRS");
        assert_int_equal(lookup_paths_init(&lp, UNIT_SCOPE_USER, NULL, NULL), 0);
        _cleanup_free_ char *j = strv_join(lp.search_path, " ");
        assert_string_equal(j, "/root/.config/systemd/user.control /run/user/0/systemd/user.control "
                               "/run/user/0/systemd/transient /run/user/0/systemd/generator.early "
                               "/root/.config/systemd/user /etc/xdg/systemd/user /etc/systemd/user "
                               "/run/user/0/systemd/user /run/systemd/user /run/user/0/systemd/generator "
                               "/root/.local/share/systemd/user /usr/local/share/systemd/user "
                               "/usr/share/systemd/user /usr/local/lib/systemd/user /usr/lib/systemd/user "
                               "/run/user/0/systemd/generator.late");
        lookup_paths_done(&lp);
        unsetenv("XDG_RUNTIME_DIR");
        assert_int_equal(lookup_paths_init(&lp, UNIT_SCOPE_USER, NULL, NULL), 0);
        assert_int_equal(strv_length(lp.search_path), 10);
        lookup_paths_done(&lp);
}

/* spec §4.1 step 1: a path argument adds its directory if the file exists, or if it names an
 * instance whose template is there. */
static void test_arg_extra_dir(void **state) {
        (void) state;
        put("args/t@.service", SVC);
        put("args/p.service", SVC);
        char a[1024], *d = NULL;
        snprintf(a, sizeof a, "%s/args/p.service", root);
        assert_int_equal(unit_arg_extra_dir(a, &d), 0);
        assert_non_null(d);
        assert_non_null(endswith(d, "/args"));
        free(d);
        snprintf(a, sizeof a, "%s/args/t@x.service", root);
        assert_int_equal(unit_arg_extra_dir(a, &d), 0);
        assert_non_null(d);
        free(d);
        snprintf(a, sizeof a, "%s/args/none.service", root);
        assert_int_equal(unit_arg_extra_dir(a, &d), 0);
        assert_null(d);
        assert_int_equal(unit_arg_extra_dir("surely-not-here-42.service", &d), 0);
        assert_null(d);
}

/* Many bare names: the current directory is listed once instead of an access() per name; the
 * answers must be those of access(): files and instances of a template there count, names not
 * there and dangling symlinks do not. */
static void test_args_extra_dirs_listing(void **state) {
        (void) state;
        put("many/t@.service", SVC);
        put("many/real.service", SVC);
        char dir[1024], link[1100], old[4096];
        snprintf(dir, sizeof dir, "%s/many", root);
        snprintf(link, sizeof link, "%s/dangling.service", dir);
        assert_int_equal(symlink("/nonexistent/x.service", link), 0);
        assert_non_null(getcwd(old, sizeof old));
        assert_int_equal(chdir(dir), 0);
        for (const char *const *one = (const char *const[]) { "real.service", "t@x.service", NULL }; *one; one++) {
                /* 100 absent names and one present: the directory comes back once */
                char *args[102] = {};
                for (size_t i = 0; i < 100; i++)
                        args[i] = xasprintf("absent-%zu.service", i);
                args[100] = xstrdup(*one);
                char **dirs = unit_args_extra_dirs(args, 101);
                assert_int_equal(strv_length(dirs), 1);
                assert_non_null(endswith(dirs[0], "/many"));
                strv_free(dirs);
                free(args[100]);
                args[100] = xstrdup("dangling.service"); /* listed, but access() fails */
                dirs = unit_args_extra_dirs(args, 101);
                assert_null(dirs);
                for (size_t i = 0; i < 101; i++)
                        free(args[i]);
        }
        assert_int_equal(chdir(old), 0);
}

/* Only services, sockets, targets, timers and paths come as templates: systemd 252 refuses
 * x@.slice, x@.mount, x@.swap, x@.scope, x@.automount, x@.device and their instances with
 * "Invalid argument" (checked with systemd-analyze security --offline=yes). */
static void test_template_types(void **state) {
        (void) state;
        static const char *const refused[] = { "slice", "mount", "swap", "scope", "automount", "device" };
        static const char *const allowed[] = { "service", "socket", "target", "timer", "path" };
        char n[64];
        Unit *u = NULL;
        for (size_t i = 0; i < ELEMENTSOF(refused); i++) {
                snprintf(n, sizeof n, L "x@.%s", refused[i]);
                put(n, "[Unit]\nDescription=x\n");
                snprintf(n, sizeof n, "x@.%s", refused[i]);
                assert_int_equal(load(n, &u), -EINVAL);
                snprintf(n, sizeof n, "x@a.%s", refused[i]);
                assert_int_equal(load(n, &u), -EINVAL);
                assert_false(unit_type_may_template(unit_type_from_string(refused[i])));
        }
        for (size_t i = 0; i < ELEMENTSOF(allowed); i++) {
                snprintf(n, sizeof n, L "x@.%s", allowed[i]);
                put(n, "[Unit]\nDescription=x\n");
                snprintf(n, sizeof n, "x@a.%s", allowed[i]);
                assert_int_equal(load(n, &u), 0);
                u = unit_free(u);
        }
}

/* systemd-analyze 252: nofrag.slice / nofrag.device with only a drop-in score (drop-in applied),
 * nothing.slice / nothing.device without any file too; a service, socket, target, mount,
 * automount, swap, timer or path without a fragment is not found; scopes are never loaded from
 * files (frag.scope: "not found", exit 1). */
static void test_fragmentless(void **state) {
        (void) state;
        static const char *const optional[] = { "slice", "device" };
        static const char *const required[] = { "service", "socket", "target", "mount", "automount", "swap", "timer", "path" };
        char n[64];
        Unit *u = NULL;
        for (size_t i = 0; i < ELEMENTSOF(optional); i++) {
                snprintf(n, sizeof n, E "nofrag.%s.d/x.conf", optional[i]);
                put(n, "[Unit]\nDescription=x\n");
                snprintf(n, sizeof n, "nofrag.%s", optional[i]);
                assert_int_equal(load(n, &u), 0);
                assert_string_equal(u->id, n);
                assert_false(u->masked);
                assert_int_equal(u->n_files, 1);
                assert_true(u->files[0].is_dropin);
                u = unit_free(u);
                snprintf(n, sizeof n, "nothing.%s", optional[i]);
                assert_int_equal(load(n, &u), 0);
                assert_int_equal(u->n_files, 0);
                u = unit_free(u);
        }
        for (size_t i = 0; i < ELEMENTSOF(required); i++) {
                snprintf(n, sizeof n, E "nofrag.%s.d/x.conf", required[i]);
                put(n, "[Unit]\nDescription=x\n");
                snprintf(n, sizeof n, "nofrag.%s", required[i]);
                assert_int_equal(load(n, &u), -ENOENT);
        }
        assert_int_equal(load("-.mount", &u), 0); /* the root mount, made by systemd itself */
        u = unit_free(u);
        assert_int_equal(load("other.mount", &u), -ENOENT);
        put(E "frag.scope", "[Unit]\nDescription=x\n");
        assert_int_equal(load("frag.scope", &u), -ENOENT);
}

/* link.T -> real.T: systemd 252 loads real.T for services, sockets, targets, devices, timers and
 * paths; for mounts, automounts and swaps "link.T not found"; a slice symlink is refused and
 * link.slice loads without a fragment, with link.slice.d (IPAddressDeny=any applied: 9.6). */
static void test_alias_types(void **state) {
        (void) state;
        static const char *const may[] = { "service", "socket", "target", "device", "timer", "path" };
        static const char *const refused[] = { "mount", "automount", "swap" };
        char n[64], t[64];
        Unit *u = NULL;
        for (size_t i = 0; i < ELEMENTSOF(may); i++) {
                snprintf(n, sizeof n, E "real.%s", may[i]);
                put(n, "[Unit]\nDescription=x\n");
                snprintf(t, sizeof t, "real.%s", may[i]);
                snprintf(n, sizeof n, E "link.%s", may[i]);
                link_(t, n);
                snprintf(n, sizeof n, "link.%s", may[i]);
                assert_int_equal(load(n, &u), 0);
                assert_string_equal(u->id, t);
                u = unit_free(u);
        }
        for (size_t i = 0; i < ELEMENTSOF(refused); i++) {
                snprintf(n, sizeof n, E "real.%s", refused[i]);
                put(n, "[Unit]\nDescription=x\n");
                snprintf(t, sizeof t, "real.%s", refused[i]);
                snprintf(n, sizeof n, E "link.%s", refused[i]);
                link_(t, n);
                snprintf(n, sizeof n, "link.%s", refused[i]);
                assert_int_equal(load(n, &u), -ENOENT);
        }
        put(E "real.slice", "[Slice]\nDevicePolicy=closed\n");
        link_("real.slice", E "link.slice");
        put(L "link.slice.d/x.conf", "[Slice]\nIPAddressDeny=any\n");
        assert_int_equal(load("link.slice", &u), 0);
        assert_string_equal(u->id, "link.slice");
        assert_int_equal(u->n_files, 1);
        assert_string_equal(u->files[0].path, "/" L "link.slice.d/x.conf");
        u = unit_free(u);
}

/* One LookupPaths for many units: the search directories are read once; lookup_paths_flush()
 * makes the next unit_load() see files created meanwhile. */
static void test_cache(void **state) {
        (void) state;
        LookupPaths lp;
        Unit *u = NULL;
        put(L "a.service", SVC);
        put(L "b.service", SVC);
        assert_int_equal(lookup_paths_init(&lp, UNIT_SCOPE_SYSTEM, root, NULL), 0);
        assert_int_equal(unit_load(&lp, "a.service", &u), 0);
        u = unit_free(u);
        put(E "b.service.d/x.conf", "[Service]\nProtectHome=yes\n");
        put(E "c.service", SVC);
        assert_int_equal(unit_load(&lp, "b.service", &u), 0);
        assert_int_equal(u->n_files, 1); /* read before the drop-in directory was made */
        u = unit_free(u);
        assert_int_equal(unit_load(&lp, "c.service", &u), -ENOENT);
        lookup_paths_flush(&lp);
        assert_int_equal(unit_load(&lp, "b.service", &u), 0);
        assert_int_equal(u->n_files, 2);
        assert_string_equal(last(u, "ProtectHome"), "yes");
        u = unit_free(u);
        assert_int_equal(unit_load(&lp, "c.service", &u), 0);
        u = unit_free(u);
        lookup_paths_done(&lp);
        /* a LookupPaths not made by lookup_paths_init() still works, without a cache */
        LookupPaths bare = { .scope = UNIT_SCOPE_SYSTEM, .root = root, .search_path = (char *[]) { (char *) "/" L, NULL } };
        assert_int_equal(unit_load(&bare, "a.service", &u), 0);
        u = unit_free(u);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void) {
        const struct CMUnitTest tests[] = {
                T(test_dropin_precedence), T(test_template_dash), T(test_alias),       T(test_template_alias),
                T(test_masks),
                T(test_same_name),         T(test_confinement),   T(test_lookup_paths), T(test_arg_extra_dir),
                T(test_args_extra_dirs_listing),
                T(test_template_types),    T(test_fragmentless),  T(test_alias_types),  T(test_cache),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
