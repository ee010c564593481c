/* SPDX-License-Identifier: MIT */
/* The stop settings: TimeoutStartSec=/TimeoutStopSec=/TimeoutSec=, KillSignal=,
 * FinalKillSignal= and RuntimeDirectoryPreserve= (SendSIGKILL= is a plain boolean). Invalid
 * values, the empty one included, are warned about and ignored, as systemd 252 does. */
#include <signal.h>
#include <stdlib.h>

#include "exec-parse.h"
#include "log.h"
#include "parse-util.h"

/* The names systemd accepts, without "SIG" (index = signal number; no aliases like IOT). */
static const char *const signal_names[] = {
        [SIGHUP] = "HUP",     [SIGINT] = "INT",       [SIGQUIT] = "QUIT",   [SIGILL] = "ILL",
        [SIGTRAP] = "TRAP",   [SIGABRT] = "ABRT",     [SIGBUS] = "BUS",     [SIGFPE] = "FPE",
        [SIGKILL] = "KILL",   [SIGUSR1] = "USR1",     [SIGSEGV] = "SEGV",   [SIGUSR2] = "USR2",
        [SIGPIPE] = "PIPE",   [SIGALRM] = "ALRM",     [SIGTERM] = "TERM",   [SIGSTKFLT] = "STKFLT",
        [SIGCHLD] = "CHLD",   [SIGCONT] = "CONT",     [SIGSTOP] = "STOP",   [SIGTSTP] = "TSTP",
        [SIGTTIN] = "TTIN",   [SIGTTOU] = "TTOU",     [SIGURG] = "URG",     [SIGXCPU] = "XCPU",
        [SIGXFSZ] = "XFSZ",   [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF",   [SIGWINCH] = "WINCH",
        [SIGIO] = "IO",       [SIGPWR] = "PWR",       [SIGSYS] = "SYS",
};

#define SIGNAL_MAX 64 /* _NSIG - 1 on Linux */

/* An int in C notation (decimal, 0 octal, 0x hex), digits only after an optional '+'. */
static int parse_c_int(const char *s, long *ret) {
        if (isempty(s) || !strchr("+0123456789", s[0]))
                return -EINVAL;
        char *end;
        errno = 0;
        long v = strtol(s, &end, 0);
        if (errno != 0 || *end || end == s)
                return -EINVAL;
        *ret = v;
        return 0;
}

/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n" (without "SIG"); -EINVAL if not one of them. */
static int realtime_signal(const char *s) {
        const char *rest;
        long n = 0;
        if ((rest = startswith(s, "RTMIN"))) {
                if (*rest && (*rest != '+' || parse_c_int(rest + 1, &n) < 0 || rest[1] == '+'))
                        return -EINVAL;
                return n >= 0 && n <= SIGRTMAX - SIGRTMIN ? SIGRTMIN + (int) n : -EINVAL;
        }
        if ((rest = startswith(s, "RTMAX"))) {
                if (*rest && (*rest != '-' || parse_c_int(rest + 1, &n) < 0 || rest[1] == '+'))
                        return -EINVAL;
                return n >= 0 && n <= SIGRTMAX - SIGRTMIN ? SIGRTMAX - (int) n : -EINVAL;
        }
        return -EINVAL;
}

int exec_signal_from_string(const char *s) {
        long n;
        if (parse_c_int(s, &n) >= 0)
                return n >= 1 && n <= SIGNAL_MAX ? (int) n : -EINVAL;
        const char *name = startswith(s, "SIG") ? s + 3 : s;
        for (size_t i = 1; i < ELEMENTSOF(signal_names); i++)
                if (signal_names[i] && streq(signal_names[i], name))
                        return (int) i;
        return realtime_signal(name);
}

/* KillSignal=, FinalKillSignal=: into the int at the row's offset. */
int parse_signal(const ParseContext *ctx, const char *value) {
        int sig = exec_signal_from_string(value);
        if (sig < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid signal for %s=, ignoring: %s",
                           ctx->directive->name, value);
                return 0;
        }
        *(int *) ctx->data = sig;
        return 1;
}

/* TimeoutStopSec= (ltype TIMEOUT_STOP), TimeoutStartSec= (TIMEOUT_START), TimeoutSec= (both):
 * a time span, "infinity", or 0 which also means no timeout. */
int parse_timeout(const ParseContext *ctx, const char *value) {
        uint64_t usec;
        if (isempty(value) || exec_parse_timespan(value, &usec) < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0, "invalid time span for %s=, ignoring: %s",
                           ctx->directive->name, value);
                return 0;
        }
        if (usec == 0)
                usec = UINT64_MAX;
        int kind = ctx->directive->ltype;
        if (kind != TIMEOUT_START)
                ctx->settings->timeout_stop_usec = usec;
        if (kind != TIMEOUT_STOP) {
                ctx->settings->timeout_start_usec = usec;
                ctx->settings->timeout_start_set = true;
        }
        return 1;
}

/* RuntimeDirectoryPreserve=: a boolean or "restart". */
int parse_preserve_mode(const ParseContext *ctx, const char *value) {
        int b = streq(value, "restart") ? EXEC_PRESERVE_RESTART : parse_boolean(value);
        if (b < 0) {
                log_syntax(ctx->file, ctx->line, LOG_LEVEL_WARNING, 0,
                           "invalid RuntimeDirectoryPreserve= value, ignoring: %s", value);
                return 0;
        }
        *(ExecPreserveMode *) ctx->data = b == EXEC_PRESERVE_RESTART ? EXEC_PRESERVE_RESTART
                                          : b ? EXEC_PRESERVE_YES : EXEC_PRESERVE_NO;
        return 1;
}
