/* SPDX-License-Identifier: MIT */
/* The facts the hardening advisor reads before proposing a measure. */
#include <sys/stat.h>

#include "cap-list.h"
#include "extract-word.h"
#include "harden-facts.h"
#include "strv.h"
#include "unit-fs.h"
#include "unit-name.h"

/* Programs whose mere presence in a command line tells something. One row per program. */
static const struct {
        const char *program;
        unsigned facts;
} program_facts[] = {
        { "java", FACT_JIT },          { "node", FACT_JIT },          { "nodejs", FACT_JIT },
        { "python", FACT_JIT },        { "python3", FACT_JIT },       { "ruby", FACT_JIT },
        { "php", FACT_JIT },           { "php-fpm", FACT_JIT },       { "mono", FACT_JIT },
        { "dotnet", FACT_JIT },        { "luajit", FACT_JIT },        { "beam.smp", FACT_JIT },
        { "erl", FACT_JIT },           { "qemu-system-x86_64", FACT_JIT | FACT_DEVICES },
        { "systemd-nspawn", FACT_NAMESPACES }, { "bwrap", FACT_NAMESPACES }, { "flatpak", FACT_NAMESPACES },
        { "unshare", FACT_NAMESPACES }, { "firejail", FACT_NAMESPACES }, { "lxc-start", FACT_NAMESPACES },
        { "dockerd", FACT_NAMESPACES }, { "containerd", FACT_NAMESPACES }, { "podman", FACT_NAMESPACES },
        { "runc", FACT_NAMESPACES },   { "crun", FACT_NAMESPACES },   { "libvirtd", FACT_NAMESPACES | FACT_DEVICES },
        { "chronyd", FACT_CLOCK },     { "ntpd", FACT_CLOCK },        { "ntpdate", FACT_CLOCK },
        { "openntpd", FACT_CLOCK },    { "systemd-timesyncd", FACT_CLOCK }, { "hwclock", FACT_CLOCK },
        { "ptp4l", FACT_CLOCK },       { "phc2sys", FACT_CLOCK },     { "gpsd", FACT_CLOCK | FACT_DEVICES },
        { "modprobe", FACT_MODULES },  { "insmod", FACT_MODULES },    { "kmod", FACT_MODULES },
        { "cron", FACT_SETUID | FACT_PAM }, { "crond", FACT_SETUID | FACT_PAM }, { "atd", FACT_SETUID | FACT_PAM },
        { "anacron", FACT_SETUID },    { "sendmail", FACT_SETUID },   { "exim4", FACT_SETUID },
        { "exim", FACT_SETUID },       { "postfix", FACT_SETUID },    { "sudo", FACT_SETUID },
        { "sshd", FACT_PAM | FACT_SSH }, { "login", FACT_PAM },       { "dovecot", FACT_PAM },
        { "saslauthd", FACT_PAM },     { "cupsd", FACT_PAM | FACT_DEVICES }, { "vsftpd", FACT_PAM },
        { "proftpd", FACT_PAM },       { "smbd", FACT_PAM },          { "cockpit-ws", FACT_PAM },
        { "authdaemond", FACT_PAM },   { "courierlogger", FACT_PAM }, { "xrdp", FACT_PAM },
        { "pulseaudio", FACT_REALTIME }, { "jackd", FACT_REALTIME },  { "pipewire", FACT_REALTIME },
        { "rtkit-daemon", FACT_REALTIME }, { "NetworkManager", FACT_KERNEL_TUNABLES | FACT_NETWORK },
        { "connmand", FACT_KERNEL_TUNABLES | FACT_NETWORK }, { "sysctl", FACT_KERNEL_TUNABLES },
        { "fancontrol", FACT_DEVICES }, { "bluetoothd", FACT_DEVICES }, { "smartd", FACT_DEVICES },
        { "udisksd", FACT_DEVICES },   { "multipathd", FACT_DEVICES }, { "collectd", FACT_PROCESSES },
        { "monit", FACT_PROCESSES },   { "auditd", FACT_PROCESSES },
};

/* [Unit] dependencies naming these units mean the service wants the network. */
static const char *const network_units[] = {
        "network.target", "network-online.target", "nss-lookup.target", "network-pre.target",
};
static const char *const dependency_keys[] = { "After", "Wants", "Requires", "BindsTo", "Before" };

static const char *basename_of(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

static unsigned program_lookup(const char *path) {
        const char *b = basename_of(path);
        unsigned facts = 0;
        for (size_t i = 0; i < ELEMENTSOF(program_facts); i++)
                if (streq(b, program_facts[i].program) ||
                    (startswith(b, program_facts[i].program) && (program_facts[i].facts & FACT_JIT) &&
                     strspn(b + strlen(program_facts[i].program), "0123456789.") ==
                             strlen(b + strlen(program_facts[i].program))))
                        facts |= program_facts[i].facts;
        return facts;
}

/* Absolute paths inside a value: every word that starts with '/' (a leading '-' '+' '!' '@' ':'
 * prefix and "KEY=" are dropped). */
static void collect_paths(const char *value, char ***paths) {
        for (const char *p = value;;) {
                _cleanup_free_ char *w = NULL;
                if (extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX) <= 0)
                        return;
                char *s = strchr(w, '=') && w[0] != '/' ? strchr(w, '=') + 1 : w;
                s += strspn(s, "-+!@:~");
                if (s[0] == '/' && strlen(s) < 4096 && !strv_contains(*paths, s))
                        strv_extend(paths, s);
        }
}

static bool value_lists_network(const char *value) {
        for (size_t i = 0; i < ELEMENTSOF(network_units); i++)
                if (strstr(value, network_units[i]))
                        return true;
        return false;
}

static bool is_dependency_key(const char *key) {
        for (size_t i = 0; i < ELEMENTSOF(dependency_keys); i++)
                if (streq(key, dependency_keys[i]))
                        return true;
        return false;
}

static void scan_assignment(const UnitAssignment *a, HardenFacts *f) {
        if (!strv_contains(f->keys, a->key))
                strv_extend(&f->keys, a->key);
        collect_paths(a->value, &f->referred);
        if (streq(a->section, "Unit") && !streq(a->key, "Before") && is_dependency_key(a->key) &&
            value_lists_network(a->value))
                f->flags |= FACT_NETWORK;
        if (streq(a->key, "CapabilityBoundingSet") && !isempty(a->value) && a->value[0] != '~')
                f->caps_allow_list = true;
        if (streq(a->key, "DeviceAllow") || streq(a->key, "DevicePolicy"))
                f->flags |= FACT_DEVICES;
        if (strstr(a->value, "%h") || strstr(a->value, "%~"))
                f->flags |= FACT_HOME; /* the home directory specifier */
}

static void scan_commands(const ExecSettings *s, HardenFacts *f) {
        for (ExecCommandType t = 0; t < _EXEC_COMMAND_TYPE_MAX; t++)
                for (size_t i = 0; i < s->n_exec[t]; i++) {
                        const ExecCommand *c = &s->exec[t][i];
                        f->flags |= program_lookup(c->path);
                        STRV_FOREACH(a, c->argv)
                                f->flags |= program_lookup(*a);
                        if (t == EXEC_START && !strv_contains(f->names, basename_of(c->path)))
                                strv_extend(&f->names, basename_of(c->path));
                }
}

static bool path_is_home(const char *p) {
        static const char *const homes[] = { "/home", "/root", "/run/user", "/var/home" };
        for (size_t i = 0; i < ELEMENTSOF(homes); i++) {
                const char *rest = startswith(p, homes[i]);
                if (rest && (rest[0] == 0 || rest[0] == '/'))
                        return true;
        }
        return false;
}

static void scan_settings(const Unit *u, const ExecSettings *s, HardenFacts *f) {
        if (s->service_type == SERVICE_NOTIFY || s->service_type == SERVICE_DBUS || s->bus_name)
                f->flags |= FACT_UNIX_SOCKET;
        if (s->n_ip_address_allow > 0 || (s->address_families.set && s->address_families.allow_list &&
                                          (s->address_families.families & ((UINT64_C(1) << 2) | (UINT64_C(1) << 10)))))
                f->flags |= FACT_NETWORK; /* AF_INET, AF_INET6 allowed on purpose */
        if (s->delegate)
                f->flags |= FACT_DELEGATE | FACT_NAMESPACES;
        if (s->pam_name)
                f->flags |= FACT_PAM;
        if (s->working_directory && (streq(s->working_directory, "~") || path_is_home(s->working_directory + (s->working_directory[0] == '-'))))
                f->flags |= FACT_HOME;
        STRV_FOREACH(p, f->referred)
                if (path_is_home(*p))
                        f->flags |= FACT_HOME;
        bool root = !s->dynamic_user && (!s->user || streq(s->user, "root") || streq(s->user, "0"));
        if (root)
                f->flags |= FACT_PRIVILEGED;
        f->keep_caps = s->ambient_capabilities | (f->caps_allow_list ? s->capability_bounding_set : 0);
        if (f->keep_caps & (UINT64_C(1) << 25)) /* CAP_SYS_TIME */
                f->flags |= FACT_CLOCK;
        if (f->keep_caps & (UINT64_C(1) << 16)) /* CAP_SYS_MODULE */
                f->flags |= FACT_MODULES;
        _cleanup_free_ char *prefix = NULL;
        if (unit_name_to_prefix(u->id, &prefix) >= 0 && !strv_contains(f->names, prefix))
                strv_consume(&f->names, TAKE_PTR(prefix));
}

static bool dir_exists(const char *root, const char *path) {
        struct stat st;
        return unit_fs_stat(root, path, true, &st) >= 0 && S_ISDIR(st.st_mode);
}

static void add_writable(HardenFacts *f, const char *path) {
        if (!strv_contains(f->writable, path))
                strv_extend(&f->writable, path);
}

/* The directory of PIDFile=: "/run" itself must stay writable; "/run/NAME" does not exist in an
 * offline tree, so systemd is asked to create it (RuntimeDirectory=NAME). */
static void scan_pid_file(const ExecSettings *s, const char *root, HardenFacts *f) {
        if (!s->pid_file || s->pid_file[0] != '/')
                return;
        _cleanup_free_ char *dir = xstrdup(s->pid_file);
        *strrchr(dir, '/') = 0;
        const char *rel = startswith(dir, "/run") ?: startswith(dir, "/var/run");
        if (rel && rel[0] != 0 && rel[0] != '/')
                rel = NULL;
        if (rel && rel[0] == 0)
                return add_writable(f, "/run");
        if (rel && rel[0] == '/' && !strchr(rel + 1, '/') && !dir_exists(root, dir)) {
                if (!s->directories[EXEC_DIRECTORY_RUNTIME].paths)
                        f->runtime_directory = xstrdup(rel + 1);
                return;
        }
        _cleanup_free_ char *canonical = rel ? xasprintf("/run%s", rel) : NULL;
        if (!isempty(dir))
                add_writable(f, canonical ?: dir);
}

static const char *const state_bases[] = { "/var/lib", "/var/log", "/var/cache", "/var/spool", "/run" };

/* A path the unit names below a place daemons write to (its data or log file on the command line). */
static bool is_state_path(const char *p) {
        static const char *const extra[] = { "/srv", "/var/www", "/var/mail" };
        for (size_t i = 0; i < ELEMENTSOF(state_bases) + ELEMENTSOF(extra); i++) {
                const char *b = i < ELEMENTSOF(state_bases) ? state_bases[i] : extra[i - ELEMENTSOF(state_bases)];
                const char *rest = startswith(p, b);
                if (rest && rest[0] == '/' && rest[1] && !strstr(p, "/../") && !endswith(p, "/.."))
                        return true;
        }
        return false;
}

static void scan_state_dirs(const char *root, HardenFacts *f) {
        STRV_FOREACH(n, f->names)
                for (size_t i = 0; i < ELEMENTSOF(state_bases); i++) {
                        _cleanup_free_ char *p = xasprintf("%s/%s", state_bases[i], *n);
                        if (dir_exists(root, p))
                                add_writable(f, p);
                }
        STRV_FOREACH(p, f->referred)
                if (is_state_path(*p))
                        add_writable(f, *p);
}

int harden_facts_collect(const Unit *u, const ExecSettings *s, const char *root, HardenFacts *ret) {
        HardenFacts f = {};
        for (size_t i = 0; i < u->n_files; i++)
                for (size_t j = 0; j < u->files[i].n_assignments; j++)
                        scan_assignment(&u->files[i].assignments[j], &f);
        scan_commands(s, &f);
        scan_settings(u, s, &f);
        scan_pid_file(s, root, &f);
        scan_state_dirs(root, &f);
        *ret = f;
        return 0;
}

void harden_facts_done(HardenFacts *f) {
        strv_free(f->keys);
        strv_free(f->referred);
        strv_free(f->names);
        strv_free(f->writable);
        free(f->runtime_directory);
        *f = (HardenFacts) {};
}

bool harden_facts_sets(const HardenFacts *f, const char *key) {
        return strv_contains(f->keys, key);
}

static bool path_under(const char *p, const char *dir) {
        const char *rest = startswith(p, dir);
        return rest && (rest[0] == 0 || rest[0] == '/' || endswith(dir, "/"));
}

bool harden_facts_refers_to(const HardenFacts *f, const char *path) {
        STRV_FOREACH(r, f->referred) {
                if (path_under(*r, path))
                        return true;
                /* a parent counts unless it is "/" or a top-level directory such as /etc */
                if (path_under(path, *r) && strchr(*r + 1, '/') && !endswith(*r, "/"))
                        return true;
        }
        return false;
}

static const struct {
        unsigned fact;
        const char *text;
} fact_texts[] = {
        { FACT_NETWORK, "uses the network" },         { FACT_UNIX_SOCKET, "talks over AF_UNIX (notify, D-Bus)" },
        { FACT_JIT, "runs a JIT" },                   { FACT_NAMESPACES, "creates namespaces" },
        { FACT_HOME, "uses a home directory" },       { FACT_CLOCK, "sets the clock" },
        { FACT_MODULES, "loads kernel modules" },     { FACT_DEVICES, "uses devices" },
        { FACT_SETUID, "runs setuid programs" },      { FACT_DELEGATE, "manages its own control groups" },
        { FACT_PRIVILEGED, "runs as root" },          { FACT_PAM, "authenticates users" },
        { FACT_REALTIME, "needs realtime scheduling" }, { FACT_SSH, "is the SSH daemon" },
        { FACT_KERNEL_TUNABLES, "sets kernel tunables" }, { FACT_PROCESSES, "watches other processes" },
};

char *harden_facts_describe(unsigned flags) {
        _cleanup_strv_free_ char **l = NULL;
        for (size_t i = 0; i < ELEMENTSOF(fact_texts); i++)
                if (flags & fact_texts[i].fact)
                        strv_extend(&l, fact_texts[i].text);
        return strv_join(l, ", ");
}
