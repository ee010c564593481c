/* SPDX-License-Identifier: MIT */
/* Reading a profile back (for --merge and harden --observed), and merging. */
#include <fcntl.h>
#include <json-c/json.h>

#include "af-list.h"
#include "atomic-file.h"
#include "cap-list.h"
#include "profile.h"
#include "strv.h"

#define PROFILE_FILE_MAX (64u << 20)

static const char *jstr(json_object *o, const char *key) {
        json_object *v;
        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        return json_object_get_string(v);
}

static json_object *jget(json_object *o, const char *key, json_type t) {
        json_object *v;
        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, t))
                return NULL;
        return v;
}

static char **jstrv(json_object *a) {
        char **l = NULL;
        size_t n = a ? json_object_array_length(a) : 0;
        for (size_t i = 0; i < n; i++) {
                json_object *e = json_object_array_get_idx(a, i);
                if (json_object_is_type(e, json_type_string))
                        strv_extend(&l, json_object_get_string(e));
        }
        return l;
}

static void load_run(json_object *o, ProfileRun *r) {
        r->command = jstrv(jget(o, "command", json_type_array));
        r->unit = jstr(o, "unit") ? xstrdup(jstr(o, "unit")) : NULL;
        r->kernel = xstrdup(strempty(jstr(o, "kernel")));
        r->architecture = xstrdup(strempty(jstr(o, "architecture")));
        r->time = xstrdup(strempty(jstr(o, "time")));
        r->ended_by = xstrdup(strempty(jstr(o, "ended_by")));
        json_object *v;
        r->duration = json_object_object_get_ex(o, "duration_sec", &v) ? json_object_get_double(v) : 0;
        r->exit_status = json_object_object_get_ex(o, "exit_status", &v) ? json_object_get_int(v) : -1;
        r->uid = json_object_object_get_ex(o, "uid", &v) ? json_object_get_int(v) : -1;
}

static void load_runs(json_object *root, Profile *p) {
        json_object *a = jget(root, "runs", json_type_array);
        size_t n = a ? json_object_array_length(a) : 0;
        p->runs = xcalloc(n ? n : 1, sizeof(ProfileRun));
        for (size_t i = 0; i < n; i++) {
                json_object *o = json_object_array_get_idx(a, i);
                if (json_object_is_type(o, json_type_object))
                        load_run(o, &p->runs[p->n_runs++]);
        }
}

static void load_paths(json_object *root, Profile *p) {
        json_object *o = jget(root, "paths", json_type_object);
        if (!o)
                return;
        json_object_object_foreach(o, key, val) {
                _cleanup_strv_free_ char **uses = jstrv(json_object_is_type(val, json_type_array) ? val : NULL);
                unsigned bits = 0;
                STRV_FOREACH(u, uses)
                        for (unsigned b = 1; b < _PATH_USE_ALL; b <<= 1)
                                if (streq_ptr(path_use_to_string(b), *u))
                                        bits |= b;
                if (key[0] == '/')
                        strmap_or(&p->paths, key, bits);
        }
}

static void load_set(json_object *a, StrMap *m, uint64_t value) {
        _cleanup_strv_free_ char **l = jstrv(a);
        STRV_FOREACH(s, l)
                strmap_ensure(m, *s)->value = value;
}

static void load_capabilities(json_object *root, Profile *p) {
        _cleanup_strv_free_ char **l = jstrv(jget(root, "capabilities", json_type_array));
        STRV_FOREACH(s, l) {
                _cleanup_free_ char *name = xstrndup(*s, strcspn(*s, ":"));
                int cap = capability_from_name(name);
                if (cap >= 0)
                        strmap_ensure(&p->capabilities, *s)->value = (uint64_t) cap;
        }
}

static void load_misc(json_object *root, Profile *p) {
        json_object *v, *sc = jget(root, "syscalls", json_type_object);
        if (sc) {
                load_set(jget(sc, "traced", json_type_array), &p->syscalls, 1);
                p->assumed = jstrv(jget(sc, "assumed", json_type_array));
        }
        _cleanup_strv_free_ char **fams = jstrv(jget(root, "socket_families", json_type_array));
        STRV_FOREACH(f, fams) {
                int af = af_from_name(*f);
                if (af > 0 && af < 64)
                        p->families |= UINT64_C(1) << af;
        }
        json_object *net = jget(root, "network", json_type_object);
        if (net) {
                p->network_beyond_loopback = json_object_object_get_ex(net, "beyond_loopback", &v) &&
                                             json_object_get_boolean(v);
                load_set(jget(net, "addresses", json_type_array), &p->addresses, 1);
        }
        p->wx_mappings = json_object_object_get_ex(root, "wx_mappings", &v) ? (unsigned) json_object_get_int(v) : 0;
        p->exec_mprotects = json_object_object_get_ex(root, "exec_mprotects", &v) ? (unsigned) json_object_get_int(v) : 0;
        p->processes = json_object_object_get_ex(root, "processes", &v) ? (unsigned) json_object_get_int(v) : 0;
        _cleanup_strv_free_ char **ns = jstrv(jget(root, "namespaces", json_type_array));
        STRV_FOREACH(s, ns)
                for (unsigned b = 0; b < _PROFILE_NS_COUNT; b++)
                        if (streq(*s, profile_ns_to_string(1u << b)))
                                p->namespaces |= 1u << b;
        load_set(jget(root, "identity_changes", json_type_array), &p->identity, 1);
        load_capabilities(root, p);
        p->notes = jstrv(jget(root, "notes", json_type_array));
}

static void load_setuid(json_object *root, Profile *p) {
        json_object *a = jget(root, "setuid_executables", json_type_array), *v;
        size_t n = a ? json_object_array_length(a) : 0;
        for (size_t i = 0; i < n; i++) {
                json_object *o = json_object_array_get_idx(a, i);
                const char *path = json_object_is_type(o, json_type_object) ? jstr(o, "path") : NULL;
                if (!path)
                        continue;
                uint64_t bits = (json_object_object_get_ex(o, "setuid", &v) && json_object_get_boolean(v) ? 1 : 0) |
                                (json_object_object_get_ex(o, "setgid", &v) && json_object_get_boolean(v) ? 2 : 0);
                strmap_ensure(&p->setuid_executables, path)->value |= bits;
        }
}

int profile_parse(const char *text, Profile *ret) {
        json_object *root = json_tokener_parse(text);
        json_object *v;
        if (!root || !json_object_is_type(root, json_type_object) ||
            !json_object_object_get_ex(root, "unitsec_profile", &v) || !json_object_is_type(v, json_type_int)) {
                json_object_put(root);
                return -EBADMSG;
        }
        if (json_object_get_int(v) > PROFILE_FORMAT_VERSION || json_object_get_int(v) < 1) {
                json_object_put(root);
                return -EPROTONOSUPPORT;
        }
        Profile p;
        profile_init(&p);
        load_runs(root, &p);
        load_paths(root, &p);
        load_misc(root, &p);
        load_setuid(root, &p);
        json_object_put(root);
        *ret = p;
        return 0;
}

int profile_load(const char *path, Profile *ret) {
        _cleanup_free_ char *data = NULL;
        size_t size;
        int r = read_regular_at(AT_FDCWD, path, PROFILE_FILE_MAX, &data, &size);
        if (r < 0)
                return r;
        if (strlen(data) != size)
                return -EBADMSG; /* a NUL inside */
        return profile_parse(data, ret);
}

static void map_merge(StrMap *dst, const StrMap *src, bool or_bits) {
        for (size_t i = 0; i < src->n_slots; i++) {
                const StrMapEntry *e = &src->slots[i];
                if (!e->key)
                        continue;
                StrMapEntry *d = strmap_ensure(dst, e->key);
                d->value = or_bits ? d->value | e->value : e->value;
        }
}

static void run_copy(ProfileRun *d, const ProfileRun *s) {
        d->command = strv_copy(s->command);
        d->unit = s->unit ? xstrdup(s->unit) : NULL;
        d->kernel = xstrdup(strempty(s->kernel));
        d->architecture = xstrdup(strempty(s->architecture));
        d->time = xstrdup(strempty(s->time));
        d->ended_by = xstrdup(strempty(s->ended_by));
        d->duration = s->duration;
        d->exit_status = s->exit_status;
        d->uid = s->uid;
}

void profile_merge(Profile *dst, const Profile *src) {
        dst->runs = xrealloc(dst->runs, (dst->n_runs + src->n_runs + 1) * sizeof(ProfileRun));
        for (size_t i = 0; i < src->n_runs; i++)
                run_copy(&dst->runs[dst->n_runs++], &src->runs[i]);
        map_merge(&dst->paths, &src->paths, true);
        map_merge(&dst->syscalls, &src->syscalls, false);
        STRV_FOREACH(s, src->assumed)
                if (!strv_contains(dst->assumed, *s))
                        strv_extend(&dst->assumed, *s);
        strv_sort(dst->assumed);
        dst->families |= src->families;
        dst->network_beyond_loopback |= src->network_beyond_loopback;
        map_merge(&dst->addresses, &src->addresses, false);
        dst->wx_mappings += src->wx_mappings;
        dst->exec_mprotects += src->exec_mprotects;
        dst->namespaces |= src->namespaces;
        map_merge(&dst->identity, &src->identity, false);
        map_merge(&dst->capabilities, &src->capabilities, false);
        map_merge(&dst->setuid_executables, &src->setuid_executables, true);
        dst->processes += src->processes;
        STRV_FOREACH(s, src->notes)
                if (!strv_contains(dst->notes, *s))
                        strv_extend(&dst->notes, *s);
}
