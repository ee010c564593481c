/* SPDX-License-Identifier: MIT */
#pragma once

/* What the advisor knows about a unit before proposing anything: read from its files, its
 * typed settings and the tree under --root. Pure reading; never prints. */

#include <stdint.h>

#include "exec-settings.h"

typedef enum HardenFact {
        FACT_NETWORK = 1u << 0,       /* it talks to the network (network targets, IPAddressAllow=, INET allowed) */
        FACT_UNIX_SOCKET = 1u << 1,   /* Type=notify, Type=dbus or BusName=: AF_UNIX is needed */
        FACT_JIT = 1u << 2,           /* the program is a JIT or runs one (java, node, python ...) */
        FACT_NAMESPACES = 1u << 3,    /* it creates namespaces itself (container tools, Delegate=) */
        FACT_HOME = 1u << 4,          /* ExecStart, WorkingDirectory or arguments live under /home, /root */
        FACT_CLOCK = 1u << 5,         /* it sets the clock (NTP daemons, CAP_SYS_TIME kept) */
        FACT_MODULES = 1u << 6,       /* it loads kernel modules */
        FACT_DEVICES = 1u << 7,       /* DeviceAllow= / DevicePolicy= set, or a hardware daemon */
        FACT_SETUID = 1u << 8,        /* runs setuid helpers (cron, at, mail transfer agents) */
        FACT_DELEGATE = 1u << 9,      /* Delegate=yes: it manages its own cgroup tree */
        FACT_PRIVILEGED = 1u << 10,   /* runs as root */
        FACT_PAM = 1u << 11,          /* authenticates users (PAMName=, login daemons): reads /etc/shadow */
        FACT_REALTIME = 1u << 12,     /* audio / realtime daemons */
        FACT_SSH = 1u << 13,          /* the SSH daemon: reads its host keys */
        FACT_KERNEL_TUNABLES = 1u << 14, /* writes /proc/sys (network managers, sysctl) */
        FACT_PROCESSES = 1u << 15,    /* watches other processes (monitoring daemons) */
} HardenFact;

typedef struct HardenFacts {
        unsigned flags;        /* HardenFact bits */
        uint64_t keep_caps;    /* capabilities the unit calls for (AmbientCapabilities=, an explicit allow list) */
        bool caps_allow_list;  /* CapabilityBoundingSet= is an explicit allow list in the unit */
        char **keys;           /* every key the unit's files assign, for "never touch what it sets" */
        char **referred;       /* absolute paths the unit names anywhere (values, command lines) */
        char **names;          /* names the daemon may use for its directories: unit prefix, program names */
        char **writable;       /* for ProtectSystem=strict: existing state directories, PIDFile= directory */
        char *runtime_directory; /* RuntimeDirectory= to propose for PIDFile=/run/NAME/..., or NULL */
} HardenFacts;

/* Collects the facts of u (settings s) with its files under root (NULL for "/"). */
int harden_facts_collect(const Unit *u, const ExecSettings *s, const char *root, HardenFacts *ret);
void harden_facts_done(HardenFacts *f);

/* "runs a JIT, uses the network" for the fact bits in flags (owned). */
char *harden_facts_describe(unsigned flags);

/* True if the unit's files assign key (in any section). */
bool harden_facts_sets(const HardenFacts *f, const char *key);
/* True if the unit refers to path, to something below it, or to a parent of it (not "/" or a
 * top-level directory). */
bool harden_facts_refers_to(const HardenFacts *f, const char *path);
