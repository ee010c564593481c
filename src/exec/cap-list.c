/* SPDX-License-Identifier: MIT */
#include <limits.h>
#include <stdlib.h>
#include <strings.h>

#include "cap-list.h"
#include "extract-word.h"
#include "parse-util.h"

static const char *const capability_names[CAPABILITY_LAST + 1] = {
        "cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner",
        "cap_fsetid", "cap_kill", "cap_setgid", "cap_setuid",
        "cap_setpcap", "cap_linux_immutable", "cap_net_bind_service", "cap_net_broadcast",
        "cap_net_admin", "cap_net_raw", "cap_ipc_lock", "cap_ipc_owner",
        "cap_sys_module", "cap_sys_rawio", "cap_sys_chroot", "cap_sys_ptrace",
        "cap_sys_pacct", "cap_sys_admin", "cap_sys_boot", "cap_sys_nice",
        "cap_sys_resource", "cap_sys_time", "cap_sys_tty_config", "cap_mknod",
        "cap_lease", "cap_audit_write", "cap_audit_control", "cap_setfcap",
        "cap_mac_override", "cap_mac_admin", "cap_syslog", "cap_wake_alarm",
        "cap_block_suspend", "cap_audit_read", "cap_perfmon", "cap_bpf",
        "cap_checkpoint_restore",
};

const char *capability_to_name(int cap) {
        if (cap < 0 || cap > CAPABILITY_LAST)
                return NULL;
        return capability_names[cap];
}

/* A number as systemd 252 reads one (checked with systemd-analyze): blanks first, then "0b"/"0o"
 * (binary, octal; no sign right after them) or C notation (sign, "0x" hex, a leading 0 octal). */
static int capability_number(const char *s, int *ret) {
        int base = 0;
        s += strspn(s, " \t\n\r");
        if (s[0] == '0' && strchr("bBoO", s[1]) && s[1]) {
                base = strchr("bB", s[1]) ? 2 : 8;
                s += 2;
                if (s[0] == '+' || s[0] == '-')
                        return -EINVAL;
        }
        char *end = NULL;
        errno = 0;
        long l = strtol(s, &end, base);
        if (errno > 0)
                return -errno;
        if (end == s || *end != 0)
                return -EINVAL;
        if (l < INT_MIN || l > INT_MAX)
                return -ERANGE;
        *ret = (int) l;
        return 0;
}

int capability_from_name(const char *name) {
        int i;

        if (capability_number(name, &i) >= 0)
                return i >= 0 && i < 64 ? i : -EINVAL;
        for (i = 0; i <= CAPABILITY_LAST; i++)
                if (strcasecmp(capability_names[i], name) == 0)
                        return i;
        return -EINVAL;
}

int capability_set_from_string(const char *s, uint64_t *ret) {
        uint64_t set = 0;
        bool all_known = true;

        for (const char *p = s;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == -EINVAL) {
                        /* an unbalanced quote: systemd reads the rest as one word, never a
                         * capability name (checked with systemd-analyze 252) */
                        all_known = false;
                        break;
                }
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                int cap = capability_from_name(word);
                if (cap < 0)
                        all_known = false;
                else
                        set |= UINT64_C(1) << cap;
        }
        *ret = set;
        return all_known;
}

char *capability_set_to_string(uint64_t set) {
        char *s = xstrdup("");

        for (int i = 0; i <= CAPABILITY_LAST; i++) {
                if (!(set & (UINT64_C(1) << i)))
                        continue;
                char *n = xasprintf("%s%s%s", s, *s ? " " : "", capability_names[i]);
                free(s);
                s = n;
        }
        return s;
}
