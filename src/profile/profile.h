/* SPDX-License-Identifier: MIT */
#pragma once

/* What a traced program was seen doing (`unitsec profile`), and its JSON form.
 *
 * The JSON is versioned ("unitsec_profile": PROFILE_FORMAT_VERSION) and holds one entry in
 * "runs" per traced run (command, kernel, architecture, time, duration, exit status);
 * profile_merge() unions the observations of several runs. Pure data: no tracing here. */

#include <stdint.h>

#include "strmap.h"

#define PROFILE_FORMAT_VERSION 1

/* How a path was used (bits of the path map's values). */
enum {
        PATH_USE_READ = 1u << 0,   /* opened for reading, or connected to (AF_UNIX) */
        PATH_USE_WRITE = 1u << 1,  /* opened for writing, changed, removed, renamed away */
        PATH_USE_CREATE = 1u << 2, /* created (open O_CREAT of a missing file, mkdir, bind, ...) */
        PATH_USE_EXEC = 1u << 3,   /* executed, or mapped executable */
        PATH_USE_STAT = 1u << 4,   /* looked at only: stat, access, readlink, opened O_PATH/O_DIRECTORY */
        _PATH_USE_ALL = (1u << 5) - 1,
};

/* Namespaces created or joined (bits). */
enum {
        PROFILE_NS_MNT = 1u << 0,
        PROFILE_NS_UTS = 1u << 1,
        PROFILE_NS_IPC = 1u << 2,
        PROFILE_NS_USER = 1u << 3,
        PROFILE_NS_PID = 1u << 4,
        PROFILE_NS_NET = 1u << 5,
        PROFILE_NS_CGROUP = 1u << 6,
        PROFILE_NS_TIME = 1u << 7,
        _PROFILE_NS_COUNT = 8,
};

typedef struct ProfileRun {
        char **command;   /* argv */
        char *unit;       /* the unit name when a unit was profiled, else NULL */
        char *kernel;     /* uname -r */
        char *architecture;
        char *time;       /* start, ISO 8601 UTC */
        double duration;  /* seconds */
        int exit_status;  /* as a shell reports it: 128+N for signal N; -1 unknown */
        int uid;          /* effective uid the program started with; -1 unknown (a unit's User=) */
        char *ended_by;   /* "exit", "signal", "duration", "interrupt" */
} ProfileRun;

typedef struct Profile {
        ProfileRun *runs;
        size_t n_runs;
        StrMap paths;            /* absolute path -> PATH_USE_* bits */
        StrMap syscalls;         /* seen (traced) syscall name -> count */
        char **assumed;          /* let through untraced: assumed used (sorted) */
        uint64_t families;       /* bit AF_* of socket families used (AF_* < 64) */
        bool network_beyond_loopback;
        StrMap addresses;        /* "AF_INET 10.0.0.1:53 connect" and the like (capped) */
        unsigned wx_mappings;    /* mmap with PROT_WRITE|PROT_EXEC */
        unsigned exec_mprotects; /* mprotect/pkey_mprotect adding PROT_EXEC */
        unsigned namespaces;     /* PROFILE_NS_* */
        StrMap identity;         /* "setuid 1000" and the like */
        StrMap capabilities;     /* "cap_net_bind_service: bind to port 80" -> capability number */
        StrMap setuid_executables; /* path -> 1 setuid, 2 setgid */
        unsigned processes;      /* processes and threads seen */
        char **notes;            /* what the run did not cover, plain sentences */
} Profile;

void profile_init(Profile *p);
void profile_done(Profile *p);

const char *path_use_to_string(unsigned bit);
/* "read,write" for a set of bits (owned). */
char *path_use_set_to_string(unsigned bits);
const char *profile_ns_to_string(unsigned bit);

/* Records that a capability was needed, with a reason. */
void profile_add_capability(Profile *p, int cap, const char *reason);

/* JSON: writes to fd / file atomically-ish (temp file then rename); reads one back. */
int profile_write_json(const Profile *p, FILE *f);
int profile_save(const Profile *p, const char *path);
/* Reads a profile; -EBADMSG for a file that is no unitsec profile, -EPROTONOSUPPORT for a
 * newer format. */
int profile_load(const char *path, Profile *ret);
/* The same from text (NUL-terminated). */
int profile_parse(const char *text, Profile *ret);

/* Adds everything in src to dst (runs appended). */
void profile_merge(Profile *dst, const Profile *src);
