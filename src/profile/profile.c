/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <json-c/json.h>
#include <sys/socket.h>

#include "af-list.h"
#include "atomic-file.h"
#include "cap-list.h"
#include "profile.h"
#include "strv.h"


static const char *const path_use_names[] = { "read", "write", "create", "exec", "stat" };
static const char *const ns_names[_PROFILE_NS_COUNT] = { "mnt", "uts", "ipc", "user", "pid", "net", "cgroup", "time" };

void profile_init(Profile *p) {
        *p = (Profile) {};
}

static void profile_run_done(ProfileRun *r) {
        strv_free(r->command);
        free(r->unit);
        free(r->kernel);
        free(r->architecture);
        free(r->time);
        free(r->ended_by);
}

void profile_done(Profile *p) {
        for (size_t i = 0; i < p->n_runs; i++)
                profile_run_done(&p->runs[i]);
        free(p->runs);
        strmap_done(&p->paths);
        strmap_done(&p->syscalls);
        strv_free(p->assumed);
        strmap_done(&p->addresses);
        strmap_done(&p->identity);
        strmap_done(&p->capabilities);
        strmap_done(&p->setuid_executables);
        strv_free(p->notes);
        *p = (Profile) {};
}

const char *path_use_to_string(unsigned bit) {
        for (size_t i = 0; i < ELEMENTSOF(path_use_names); i++)
                if (bit == 1u << i)
                        return path_use_names[i];
        return NULL;
}

char *path_use_set_to_string(unsigned bits) {
        _cleanup_strv_free_ char **l = NULL;
        for (size_t i = 0; i < ELEMENTSOF(path_use_names); i++)
                if (bits & (1u << i))
                        strv_extend(&l, path_use_names[i]);
        return strv_join(l, ",");
}

const char *profile_ns_to_string(unsigned bit) {
        for (size_t i = 0; i < _PROFILE_NS_COUNT; i++)
                if (bit == 1u << i)
                        return ns_names[i];
        return NULL;
}

void profile_add_capability(Profile *p, int cap, const char *reason) {
        if (p->capabilities.n_entries >= 4096)
                return;
        _cleanup_free_ char *k = xasprintf("%s: %s", strna(capability_to_name(cap)), reason);
        strmap_ensure(&p->capabilities, k)->value = (uint64_t) cap;
}

/* ---- writing ---- */

static json_object *json_strv(char *const *l) {
        json_object *a = json_object_new_array();
        STRV_FOREACH(s, l)
                json_object_array_add(a, json_object_new_string(*s));
        return a;
}

static json_object *json_map_keys(const StrMap *m) {
        _cleanup_free_ const char **keys = strmap_sorted_keys(m);
        json_object *a = json_object_new_array();
        for (size_t i = 0; keys[i]; i++)
                json_object_array_add(a, json_object_new_string(keys[i]));
        return a;
}

static json_object *json_run(const ProfileRun *r) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "command", json_strv(r->command));
        if (r->unit)
                json_object_object_add(o, "unit", json_object_new_string(r->unit));
        json_object_object_add(o, "kernel", json_object_new_string(strempty(r->kernel)));
        json_object_object_add(o, "architecture", json_object_new_string(strempty(r->architecture)));
        json_object_object_add(o, "time", json_object_new_string(strempty(r->time)));
        json_object_object_add(o, "duration_sec", json_object_new_double(r->duration));
        json_object_object_add(o, "exit_status", json_object_new_int(r->exit_status));
        json_object_object_add(o, "uid", json_object_new_int(r->uid));
        json_object_object_add(o, "ended_by", json_object_new_string(strempty(r->ended_by)));
        return o;
}

static json_object *json_paths(const StrMap *paths) {
        _cleanup_free_ const char **keys = strmap_sorted_keys(paths);
        json_object *o = json_object_new_object();
        for (size_t i = 0; keys[i]; i++) {
                unsigned bits = (unsigned) strmap_get(paths, keys[i])->value;
                json_object *a = json_object_new_array();
                for (size_t j = 0; j < ELEMENTSOF(path_use_names); j++)
                        if (bits & (1u << j))
                                json_object_array_add(a, json_object_new_string(path_use_names[j]));
                json_object_object_add(o, keys[i], a);
        }
        return o;
}

static json_object *json_syscalls(const Profile *p) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "traced", json_map_keys(&p->syscalls));
        json_object_object_add(o, "assumed", json_strv(p->assumed));
        return o;
}

static json_object *json_families(uint64_t families) {
        json_object *a = json_object_new_array();
        for (int af = 1; af < 64; af++)
                if (families & (UINT64_C(1) << af)) {
                        const char *n = af_to_name(af);
                        json_object_array_add(a, n ? json_object_new_string(n) : json_object_new_int(af));
                }
        return a;
}

static json_object *json_network(const Profile *p) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "beyond_loopback", json_object_new_boolean(p->network_beyond_loopback));
        json_object_object_add(o, "addresses", json_map_keys(&p->addresses));
        return o;
}

static json_object *json_namespaces(unsigned ns) {
        json_object *a = json_object_new_array();
        for (unsigned i = 0; i < _PROFILE_NS_COUNT; i++)
                if (ns & (1u << i))
                        json_object_array_add(a, json_object_new_string(ns_names[i]));
        return a;
}

static json_object *json_setuid(const StrMap *m) {
        _cleanup_free_ const char **keys = strmap_sorted_keys(m);
        json_object *a = json_object_new_array();
        for (size_t i = 0; keys[i]; i++) {
                json_object *o = json_object_new_object();
                uint64_t v = strmap_get(m, keys[i])->value;
                json_object_object_add(o, "path", json_object_new_string(keys[i]));
                json_object_object_add(o, "setuid", json_object_new_boolean(v & 1));
                json_object_object_add(o, "setgid", json_object_new_boolean(v & 2));
                json_object_array_add(a, o);
        }
        return a;
}

static json_object *profile_to_json(const Profile *p) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "unitsec_profile", json_object_new_int(PROFILE_FORMAT_VERSION));
        json_object *runs = json_object_new_array();
        for (size_t i = 0; i < p->n_runs; i++)
                json_object_array_add(runs, json_run(&p->runs[i]));
        json_object_object_add(o, "runs", runs);
        json_object_object_add(o, "processes", json_object_new_int((int) p->processes));
        json_object_object_add(o, "paths", json_paths(&p->paths));
        json_object_object_add(o, "syscalls", json_syscalls(p));
        json_object_object_add(o, "socket_families", json_families(p->families));
        json_object_object_add(o, "network", json_network(p));
        json_object_object_add(o, "wx_mappings", json_object_new_int((int) p->wx_mappings));
        json_object_object_add(o, "exec_mprotects", json_object_new_int((int) p->exec_mprotects));
        json_object_object_add(o, "namespaces", json_namespaces(p->namespaces));
        json_object_object_add(o, "identity_changes", json_map_keys(&p->identity));
        json_object_object_add(o, "capabilities", json_map_keys(&p->capabilities));
        json_object_object_add(o, "setuid_executables", json_setuid(&p->setuid_executables));
        json_object_object_add(o, "notes", json_strv(p->notes));
        return o;
}

int profile_write_json(const Profile *p, FILE *f) {
        json_object *o = profile_to_json(p);
        const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE);
        int r = fputs(s, f) < 0 || fputc('\n', f) < 0 ? -EIO : 0;
        json_object_put(o);
        return r;
}

int profile_save(const Profile *p, const char *path) {
        json_object *o = profile_to_json(p);
        const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE);
        _cleanup_free_ char *data = xasprintf("%s\n", s);
        json_object_put(o);
        _cleanup_free_ char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        const char *name = path;
        if (slash) {
                *slash = 0;
                name = slash + 1;
        }
        _cleanup_close_ int dfd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return -errno;
        return atomic_write_at(dfd, name, data, strlen(data), 0644);
}
