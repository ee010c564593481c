/* SPDX-License-Identifier: MIT */
#pragma once

/* Helpers for the sandbox tests: hand-built settings, a scratch directory under /tmp, and
 * running a shell script inside the sandbox. The tests need root (namespaces, mounts) and
 * skip otherwise. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "sandbox.h"
#include "strv.h"

static char scratch[] = "/tmp/unitsec-sandbox-test-XXXXXX";

static inline ExecSettings settings_base(void) {
        return (ExecSettings) {
                .unit_type = UNIT_SERVICE,
                .has_exec_context = true,
                .has_cgroup_context = true,
                .umask = 0022,
                .keyring_mode = KEYRING_PRIVATE,
                .capability_bounding_set = UINT64_MAX,
                .restrict_namespaces = NAMESPACE_FLAGS_ALL,
                .syscall_error_number = -1,
        };
}

/* Frees what the helpers below allocated (the tests build settings only with them). */
static inline void settings_free(ExecSettings *s) {
        PathList *lists[] = { &s->read_write_paths, &s->read_only_paths, &s->inaccessible_paths,
                              &s->exec_paths, &s->no_exec_paths };
        for (size_t i = 0; i < ELEMENTSOF(lists); i++) {
                for (size_t k = 0; k < lists[i]->n; k++)
                        free(lists[i]->entries[k].path);
                free(lists[i]->entries);
        }
        for (size_t k = 0; k < s->n_bind_mounts; k++) {
                free(s->bind_mounts[k].source);
                free(s->bind_mounts[k].destination);
        }
        free(s->bind_mounts);
        for (size_t k = 0; k < s->n_temporary_filesystems; k++) {
                free(s->temporary_filesystems[k].path);
                free(s->temporary_filesystems[k].options);
        }
        free(s->temporary_filesystems);
        free(s->syscall_filter.entries); /* the names are interned */
        free(s->user);
        free(s->group);
        strv_free(s->supplementary_groups);
        strv_free(s->syscall_architectures);
        free(s->working_directory);
        free(s->root_directory);
}

/* path: "-" prefix = ignore missing; "@" is replaced by the scratch directory. */
static inline char *scratch_path(const char *p) {
        if (p[0] == '@')
                return xasprintf("%s%s", scratch, p + 1);
        return xstrdup(p);
}

static inline void path_add(PathList *l, const char *p) {
        bool ignore = p[0] == '-';
        l->entries = xrealloc(l->entries, (l->n + 1) * sizeof(PathEntry));
        l->entries[l->n++] = (PathEntry) { .path = scratch_path(p + ignore), .ignore_missing = ignore };
}

static inline void bind_add(ExecSettings *s, const char *src, const char *dst, bool ro) {
        s->bind_mounts = xrealloc(s->bind_mounts, (s->n_bind_mounts + 1) * sizeof(BindMount));
        s->bind_mounts[s->n_bind_mounts++] = (BindMount) {
                .source = scratch_path(src), .destination = scratch_path(dst), .recursive = true, .read_only = ro };
}

static inline void tmpfs_add(ExecSettings *s, const char *p, const char *options) {
        s->temporary_filesystems = xrealloc(s->temporary_filesystems,
                                            (s->n_temporary_filesystems + 1) * sizeof(TemporaryFileSystem));
        s->temporary_filesystems[s->n_temporary_filesystems++] = (TemporaryFileSystem) {
                .path = scratch_path(p), .options = options ? xstrdup(options) : NULL };
}

static inline char *read_all(const char *path) {
        FILE *f = fopen(path, "re");
        if (!f)
                return NULL;
        char *buf = NULL;
        size_t size = 0;
        FILE *m = open_memstream(&buf, &size);
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
                fwrite(chunk, 1, n, m);
        fclose(f);
        fclose(m);
        return buf;
}

/* Runs argv in the sandbox built from s; returns the wait status, or -errno if the sandbox
 * could not be set up (*ret_failure then says where). */
static inline int sandbox_run_argv(const ExecSettings *s, char *const *argv, SandboxFailure *ret_failure) {
        SandboxPlan *p = NULL;
        SandboxFailure f = {};
        int r = sandbox_plan_new(s, &p, &f);
        if (r >= 0) {
                _cleanup_free_ char *t = xasprintf("T=%s", scratch);
                char *envp[] = { t, (char *) "PATH=/usr/sbin:/usr/bin:/sbin:/bin", (char *) "LC_ALL=C", NULL };
                SandboxExec e = { .path = argv[0], .argv = argv, .envp = envp };
                pid_t pid;
                r = sandbox_spawn(p, &e, &pid, &f);
                if (r >= 0) {
                        int status;
                        while (waitpid(pid, &status, 0) < 0)
                                assert_int_equal(errno, EINTR);
                        r = status;
                }
        }
        sandbox_plan_free(p);
        if (ret_failure)
                *ret_failure = f;
        return r;
}

static inline int sandbox_run_sh(const ExecSettings *s, const char *script, SandboxFailure *ret_failure) {
        char *argv[] = { (char *) "/bin/sh", (char *) "-ec", (char *) script, NULL };
        return sandbox_run_argv(s, argv, ret_failure);
}

/* The host's mount points that a sandbox touches, one per line in file order ("ID POINT"):
 * what must be unchanged after a run (other programs may mount elsewhere meanwhile). */
static inline char *our_mounts(void) {
        static const char *const prefixes[] = { "/usr", "/etc", "/tmp", "/var/tmp", "/root", "/home",
                                                "/dev", "/proc", "/sys", "/run/user" };
        _cleanup_free_ char *all = read_all("/proc/self/mountinfo");
        char *buf = NULL;
        size_t size = 0;
        FILE *out = open_memstream(&buf, &size);
        for (char *line = all, *next; line && *line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = 0;
                char id[32], point[4096];
                if (sscanf(line, "%31s %*s %*s %*s %4095s", id, point) != 2)
                        continue;
                bool ours = streq(point, "/");
                for (size_t i = 0; !ours && i < ELEMENTSOF(prefixes); i++) {
                        size_t l = strlen(prefixes[i]);
                        ours = strncmp(point, prefixes[i], l) == 0 && (point[l] == 0 || point[l] == '/');
                }
                if (ours)
                        fprintf(out, "%s %s\n", id, point);
        }
        fclose(out);
        return buf;
}
