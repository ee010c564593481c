/* SPDX-License-Identifier: MIT */
/* unitsec edit UNIT: `systemctl edit` offline. Opens $EDITOR on a copy of the unit's override
 * drop-in (optionally prefilled with harden's proposal), then shows the warnings and the exposure
 * the unit would have with it, and only then writes it atomically under --root. */
#include <fcntl.h>
#include <getopt.h>
#include <sys/wait.h>

#include "atomic-file.h"
#include "harden-apply.h"
#include "harden-plan.h"
#include "log.h"
#include "security-paths.h"
#include "strv.h"
#include "unit-file.h"
#include "unit-load.h"
#include "verbs.h"

#define EDIT_TEXT_MAX (4u << 20)

static const char *arg_dropin = "override.conf";
static int arg_harden = -1; /* HardenLevel, -1 without --harden */
static bool arg_yes;

static void help(void) {
        printf("Usage: unitsec edit [OPTIONS] UNIT|PATH\n\n"
               "Edit a service's drop-in offline, as 'systemctl edit' does: open $EDITOR on it, then\n"
               "show the warnings and the exposure with the edited text before writing it atomically.\n\n"
               "Options:\n"
               "  -h --help              show this help\n"
               "     --harden[=LEVEL]    prefill with harden's proposal (conservative, standard, strict)\n"
               "     --drop-in=NAME      the drop-in's file name (default: override.conf)\n"
               "  -y --yes               on a terminal, write without asking\n\n"
               "The editor is $SYSTEMD_EDITOR, $EDITOR or $VISUAL, else editor, nano, vim or vi on a\n"
               "terminal. See 'man unitsec' for details.\n");
}

static int parse_dropin_name(const char *v) {
        if (isempty(v) || strchr(v, '/') || streq(v, ".") || streq(v, "..") || !endswith(v, ".conf") ||
            strlen(v) > 255)
                return log_usage_error("--drop-in= needs a file name ending in .conf, not '%s'", v);
        arg_dropin = v;
        return 1;
}

static int parse_argv(int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "harden", optional_argument, NULL, 'H' },
                { "drop-in", required_argument, NULL, 'd' },
                { "yes", no_argument, NULL, 'y' },
                {},
        };
        int c, r;
        optind = 0;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "hy", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case 'H':
                        arg_harden = optarg ? harden_level_from_string(optarg) : HARDEN_STANDARD;
                        if (arg_harden < 0)
                                return log_usage_error("--harden= takes conservative, standard or strict, not '%s'",
                                                       optarg);
                        break;
                case 'd':
                        if ((r = parse_dropin_name(optarg)) <= 0)
                                return r;
                        break;
                case 'y':
                        arg_yes = true;
                        break;
                default:
                        if (optopt == 'd')
                                return log_usage_error("option '--drop-in' needs a value");
                        return log_usage_error("unknown option '%s'", argv[optind - 1]);
                }
        if (argc - optind != 1)
                return log_usage_error("edit takes exactly one unit name or path");
        return 1;
}

static const char *editor_from_env(void) {
        static const char *const vars[] = { "SYSTEMD_EDITOR", "EDITOR", "VISUAL" };
        for (size_t i = 0; i < ELEMENTSOF(vars); i++)
                if (!isempty(getenv(vars[i])))
                        return getenv(vars[i]);
        return NULL;
}

static bool have_terminal(void) {
        return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

static _noreturn_ void exec_editor(const char *env, const char *path) {
        static const char *const fallback[] = { "editor", "nano", "vim", "vi" };
        if (env) {
                /* like git: the variable may hold arguments ("code --wait"), the file is "$1" */
                char *cmd = xasprintf("%s \"$1\"", env);
                execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *) NULL);
                fprintf(stderr, "cannot run /bin/sh for the editor: %m\n");
                _exit(127);
        }
        for (size_t i = 0; i < ELEMENTSOF(fallback); i++)
                execlp(fallback[i], fallback[i], path, (char *) NULL);
        fprintf(stderr, "no editor found (tried editor, nano, vim, vi): set $EDITOR\n");
        _exit(127);
}

static int run_editor(const char *path) {
        const char *env = editor_from_env();
        if (!env && !have_terminal())
                return log_error_errno(-ENOTTY, "edit: no terminal and no $EDITOR set, refusing; set EDITOR, or "
                                                "write a drop-in with 'unitsec harden --output=FILE'");
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0)
                return log_error_errno(-errno, "cannot start the editor: %m");
        if (pid == 0)
                exec_editor(env, path);
        int status;
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return log_error_errno(-errno, "cannot wait for the editor: %m");
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return log_error_errno(-ECANCELED, "the editor failed (status %d), nothing was written",
                                       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        return 0;
}

static const char *base_of(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

/* u's files with extra in basename order, replacing drop-ins of the same basename (the override
 * in /etc shadows vendor ones). Shallow: the files stay u's and extra's. */
static void view_with(const Unit *u, const UnitFile *extra, Unit *ret) {
        const char *name = base_of(extra->path);
        bool placed = false;
        *ret = *u;
        ret->files = xcalloc(u->n_files + 1, sizeof(UnitFile));
        ret->n_files = 0;
        for (size_t i = 0; i < u->n_files; i++) {
                int c = u->files[i].is_dropin ? strcmp(base_of(u->files[i].path), name) : -1;
                if (c >= 0 && !placed) {
                        ret->files[ret->n_files++] = *extra;
                        placed = true;
                }
                if (c != 0)
                        ret->files[ret->n_files++] = u->files[i];
        }
        if (!placed)
                ret->files[ret->n_files++] = *extra;
}

static void drop_message(int level, const char *message, void *userdata) {
        (void) level, (void) message, (void) userdata;
}

/* Exposure of u in tenths; quiet drops the messages (they were shown when the unit was loaded). */
static int score_unit(const Unit *u, bool quiet, unsigned *ret) {
        ExecSettings s;
        SecurityReport rep = {};
        if (quiet)
                log_set_sink(drop_message, NULL);
        int r = exec_settings_load(u, &s);
        log_set_sink(NULL, NULL);
        if (r < 0)
                return r;
        SecurityInput in = { .settings = &s, .unit_id = u->id };
        r = security_report_build(&in, NULL, &rep);
        if (r >= 0)
                *ret = rep.exposure;
        security_report_done(&rep);
        exec_settings_done(&s);
        return r;
}

#define HEADER_MARK "#~"

typedef struct EditTarget {
        HardenDest dest; /* the unit's drop-in directory (dest.path is harden's file, unused) */
        char *path;      /* dest.dir/NAME, inside the root */
        char *host;      /* the same on the host, for messages */
        char *existing;  /* its current text, NULL when there is none */
        char *tmpdir;    /* where the editor works */
        int tmpfd;
} EditTarget;

static void edit_target_done(EditTarget *t) {
        if (t->tmpfd >= 0) {
                _cleanup_free_ char *backup = xasprintf("%s~", arg_dropin);
                (void) unlinkat(t->tmpfd, arg_dropin, 0);
                (void) unlinkat(t->tmpfd, backup, 0);
                close(t->tmpfd);
        }
        if (t->tmpdir)
                (void) rmdir(t->tmpdir);
        harden_dest_done(&t->dest);
        free(t->path);
        free(t->host);
        free(t->existing);
        free(t->tmpdir);
}

static int edit_target_init(const char *arg, const Unit *u, EditTarget *t) {
        size_t size;
        *t = (EditTarget) { .tmpfd = -1 };
        int r = harden_dest_for(arg, u, arg_global.root, &t->dest);
        if (r < 0)
                return log_error_errno(r, "'%s': cannot tell where its drop-in goes: %m", arg);
        _cleanup_free_ char *hostdir = xstrdup(t->dest.host);
        *strrchr(hostdir, '/') = 0;
        t->path = xasprintf("%s/%s", t->dest.dir, arg_dropin);
        t->host = xasprintf("%s/%s", hostdir, arg_dropin);
        _cleanup_close_ int dfd = open_dir_in_root(t->dest.root, t->dest.dir, false);
        r = dfd < 0 ? dfd : read_regular_at(dfd, arg_dropin, EDIT_TEXT_MAX, &t->existing, &size);
        if (r < 0 && r != -ENOENT)
                return log_error_errno(r, "cannot read '%s': %m", t->host);
        const char *tmp = getenv("TMPDIR");
        t->tmpdir = xasprintf("%s/unitsec-edit-XXXXXX", isempty(tmp) ? "/tmp" : tmp);
        if (!mkdtemp(t->tmpdir)) {
                r = log_error_errno(-errno, "cannot make a temporary directory '%s': %m", t->tmpdir);
                free(t->tmpdir);
                t->tmpdir = NULL;
                return r;
        }
        t->tmpfd = open(t->tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return t->tmpfd < 0 ? log_error_errno(-errno, "cannot open '%s': %m", t->tmpdir) : 0;
}

/* The text the editor starts with: a header (dropped again), the current drop-in or an empty
 * [Service] section, and harden's proposal with --harden. */
static int prefill(const Unit *u, const EditTarget *t, char **ret) {
        _cleanup_free_ char *proposal = NULL;
        if (arg_harden >= 0) {
                HardenPlan p;
                int r = harden_plan_build(u, arg_global.root, t->path, t->host, arg_harden, &p);
                if (r < 0)
                        return r;
                proposal = harden_plan_render(&p);
                harden_plan_done(&p);
        }
        *ret = xasprintf(HEADER_MARK " unitsec edit %s: this text goes to %s\n" HEADER_MARK
                                     " lines starting with '" HEADER_MARK "' are dropped; an empty file writes nothing\n"
                                     "%s%s%s",
                         u->id, t->host, t->existing ?: (proposal ? "" : "[Service]\n"),
                         t->existing && proposal ? "\n" : "", strempty(proposal));
        return 0;
}

/* text without the header lines; NULL when nothing but blanks and comments is left. */
static char *strip_header(const char *text, bool *ret_empty) {
        char *out = xcalloc(strlen(text) + 1, 1), *w = out;
        bool empty = true;
        for (const char *p = text; *p;) {
                size_t l = strcspn(p, "\n");
                bool nl = p[l] == '\n';
                if (!startswith(p, HEADER_MARK)) {
                        const char *s = p + strspn(p, " \t\r");
                        empty = empty && (s >= p + l || *s == '#' || *s == ';');
                        memcpy(w, p, l + nl);
                        w += l + nl;
                }
                p += l + nl;
        }
        *ret_empty = empty;
        return out;
}

/* Shows what the unit would be with text as the drop-in: the warnings, then the exposure before and
 * after. Returns 0, or -EBADMSG when the text makes the unit fail to load. */
static int review(const Unit *u, const EditTarget *t, const char *text) {
        UnitFile extra = { .path = t->path, .display_path = t->host, .is_dropin = true };
        Unit view;
        unsigned before = 0, after = 0;
        char b[8], a[8];
        int rb = score_unit(u, true, &before);
        (void) unit_file_parse(&extra, text, strlen(text), u->type);
        view_with(u, &extra, &view);
        int r = extra.error < 0 ? extra.error : score_unit(&view, false, &after);
        free(view.files);
        extra.path = extra.display_path = NULL;
        unit_file_done(&extra);
        if (r < 0)
                return log_error_errno(-EBADMSG, "%s: with this drop-in the unit does not load", u->id);
        if (rb < 0)
                printf("%s: exposure with the edited drop-in: %s %s\n", u->id,
                       security_format_tenths(after, a, sizeof a), security_band(after)->name);
        else
                printf("%s: exposure %s %s -> %s %s with the edited drop-in\n", u->id,
                       security_format_tenths(before, b, sizeof b), security_band(before)->name,
                       security_format_tenths(after, a, sizeof a), security_band(after)->name);
        return 0;
}

/* 'y' write, 'e' edit again, 'n' give up. Asks only on a terminal without --yes. */
static char decide(bool broken) {
        if (!have_terminal() || arg_yes)
                return broken ? 'n' : 'y';
        for (;;) {
                printf(broken ? "[e]dit again or [n]ot write? " : "write it? [y]es, [e]dit again, [n]o: ");
                fflush(stdout);
                char line[64];
                if (!fgets(line, sizeof line, stdin))
                        return 'n';
                if (strchr(broken ? "en" : "yen", line[0]) && line[0])
                        return line[0];
        }
}

static int write_target(const Unit *u, const EditTarget *t, const char *text) {
        _cleanup_close_ int dfd = open_dir_in_root(t->dest.root, t->dest.dir, true);
        int r = dfd < 0 ? dfd : atomic_write_at(dfd, arg_dropin, text, strlen(text), 0644);
        if (r < 0)
                return log_error_errno(r, "cannot write '%s', nothing was changed: %m", t->host);
        printf("written: %s\n", t->host);
        if (t->dest.root)
                printf("# the unit tree is under %s: run this on that system\n", t->dest.root);
        printf("# next: systemctl daemon-reload && systemctl restart %s\n", u->id);
        return 0;
}

/* One round: edit, check, decide. Returns 1 to edit again, 0 done, < 0 failed. */
static int edit_round(const Unit *u, const EditTarget *t) {
        _cleanup_free_ char *path = xasprintf("%s/%s", t->tmpdir, arg_dropin), *raw = NULL;
        size_t size;
        int r = run_editor(path);
        if (r < 0)
                return r;
        r = read_regular_at(t->tmpfd, arg_dropin, EDIT_TEXT_MAX, &raw, &size);
        if (r < 0)
                return log_error_errno(r, "cannot read the edited text '%s': %m", path);
        bool empty;
        _cleanup_free_ char *text = strip_header(raw, &empty);
        if (empty || (t->existing && streq(text, t->existing))) {
                printf("%s, nothing was written\n", empty ? "the drop-in is empty" : "unchanged");
                return 0;
        }
        bool broken = review(u, t, text) < 0;
        char c = decide(broken);
        if (c == 'e')
                return 1;
        if (c == 'n') {
                printf("nothing was written; the text is in %s until this program exits\n", path);
                return broken ? -EBADMSG : 0;
        }
        return write_target(u, t, text);
}

static int load_service(const char *arg, Unit **ret) {
        _cleanup_(lookup_paths_done) LookupPaths lp = {};
        _cleanup_free_ char *name = NULL, *dir = NULL;
        int r = unit_arg_to_name(arg, &name);
        if (r < 0)
                return log_error_errno(r, "'%s' is not a valid unit name or path", arg);
        if (unit_name_to_type(name) != UNIT_SERVICE)
                return log_error_errno(-EOPNOTSUPP, "'%s': edit only works on services", arg);
        (void) unit_arg_extra_dir(arg, &dir);
        char *dirs[2] = { dir, NULL };
        r = security_lookup_paths_init(&lp, arg_global.scope, arg_global.root, dirs);
        if (r < 0)
                return log_error_errno(r, "cannot set up the unit search path: %m");
        r = unit_load(&lp, name, ret);
        if (r == -ENOENT)
                return log_error_errno(r, "unit '%s' not found", name);
        if (r < 0)
                return log_error_errno(r, "unit '%s' failed to load: %m", name);
        if ((*ret)->masked)
                return log_error_errno(-ERFKILL, "unit '%s' is masked", (*ret)->id);
        return 0;
}

int verb_edit(int argc, char **argv) {
        _cleanup_unit_free_ Unit *u = NULL;
        _cleanup_(edit_target_done) EditTarget t = { .tmpfd = -1 };
        _cleanup_free_ char *text = NULL;
        int r = parse_argv(argc, argv);
        if (r <= 0)
                return r;
        if (!editor_from_env() && !have_terminal())
                return run_editor(NULL); /* refuses with the message, before any work */
        if (arg_global.scope == UNIT_SCOPE_USER && isempty(getenv("XDG_RUNTIME_DIR")))
                return log_error_errno(-ENXIO, "--user needs $XDG_RUNTIME_DIR to build the user search path");
        if ((r = load_service(argv[optind], &u)) < 0 || (r = edit_target_init(argv[optind], u, &t)) < 0 ||
            (r = prefill(u, &t, &text)) < 0)
                return r;
        r = atomic_write_at(t.tmpfd, arg_dropin, text, strlen(text), 0600);
        if (r < 0)
                return log_error_errno(r, "cannot write the temporary copy in '%s': %m", t.tmpdir);
        while ((r = edit_round(u, &t)) == 1)
                ;
        return r < 0 ? r : EXIT_OK;
}
