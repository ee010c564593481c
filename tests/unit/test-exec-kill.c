/* SPDX-License-Identifier: MIT */
/* The stop settings that `unitsec run` honours: TimeoutStopSec=/TimeoutStartSec=/TimeoutSec=,
 * KillSignal=, FinalKillSignal=, SendSIGKILL=, RuntimeDirectoryPreserve=. Which values are
 * accepted and which are warned about and ignored was checked against systemd-analyze verify
 * of systemd 252 (including the empty value, which it refuses for each of them). */
#include <signal.h>

#include "exec-parse.h"
#include "exec-test-util.h"

static ExecSettings S(const char *body) {
        ExecSettings s;
        assert_int_equal(load_service(body, &s), 0);
        return s;
}

static void test_defaults(void **state) {
        (void) state;
        ExecSettings s = S("");
        assert_int_equal(s.kill_signal, SIGTERM);
        assert_int_equal(s.final_kill_signal, SIGKILL);
        assert_true(s.send_sigkill);
        assert_true(s.timeout_stop_usec == 90 * UINT64_C(1000000));
        assert_true(s.timeout_start_usec == 90 * UINT64_C(1000000));
        assert_int_equal(s.runtime_directory_preserve, EXEC_PRESERVE_NO);
        exec_settings_done(&s);
}

static void test_signal_names(void **state) {
        (void) state;
        const struct { const char *s; int sig; } cases[] = {
                { "SIGTERM", SIGTERM }, { "TERM", SIGTERM }, { "KILL", SIGKILL }, { "SIGSYS", SIGSYS },
                { "IO", SIGIO }, { "PWR", SIGPWR }, { "STKFLT", SIGSTKFLT }, { "1", 1 }, { "64", 64 },
                { "+5", 5 }, { "05", 5 }, { "010", 8 }, { "0x5", 5 }, { "RTMIN", SIGRTMIN },
                { "RTMIN+3", SIGRTMIN + 3 }, { "SIGRTMIN+1", SIGRTMIN + 1 }, { "RTMAX", SIGRTMAX },
                { "SIGRTMAX-2", SIGRTMAX - 2 }, { "RTMIN+30", SIGRTMIN + 30 }, { "RTMAX-30", SIGRTMAX - 30 },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                int got = exec_signal_from_string(cases[i].s);
                if (got != cases[i].sig)
                        fail_msg("'%s': expected %d, got %d", cases[i].s, cases[i].sig, got);
        }
        static const char *const bad[] = {
                "", "FOO", "0", "65", "0x41", "099", "-5", "sigterm", "SIGIOT", "POLL", "CLD", "SIG",
                "RTMIN+", "RTMIN-1", "RTMAX+0", "RTMIN+31", "RTMAX-31", "RTMIN+x", "RTMIN+ 2", "RTMIN++1",
                "SIG5", "99999999999999999999",
        };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                if (exec_signal_from_string(bad[i]) >= 0)
                        fail_msg("'%s' accepted", bad[i]);
}

static void test_kill_signals(void **state) {
        (void) state;
        capture_start();
        ExecSettings s = S("KillSignal=SIGINT\nKillSignal=FOO\nKillSignal=\nFinalKillSignal=RTMIN+2\n"
                           "FinalKillSignal=0\n");
        assert_int_equal(s.kill_signal, SIGINT); /* invalid values keep the previous one */
        assert_int_equal(s.final_kill_signal, SIGRTMIN + 2);
        assert_true(captured("a.service0:4: invalid signal for KillSignal=, ignoring: FOO"));
        assert_true(captured("a.service0:5: invalid signal for KillSignal=, ignoring: "));
        assert_true(captured("a.service0:7: invalid signal for FinalKillSignal=, ignoring: 0"));
        exec_settings_done(&s);
        s = S("SendSIGKILL=no\nSendSIGKILL=maybe\n");
        assert_false(s.send_sigkill);
        assert_true(captured("invalid boolean value, ignoring: maybe"));
        exec_settings_done(&s);
}

static void test_timeouts(void **state) {
        (void) state;
        ExecSettings s = S("TimeoutStopSec=5\n");
        assert_true(s.timeout_stop_usec == 5 * UINT64_C(1000000));
        assert_true(s.timeout_start_usec == 90 * UINT64_C(1000000));
        exec_settings_done(&s);
        s = S("TimeoutStopSec=1min 5s\nTimeoutStartSec=250ms\n");
        assert_true(s.timeout_stop_usec == 65 * UINT64_C(1000000));
        assert_true(s.timeout_start_usec == 250 * UINT64_C(1000));
        exec_settings_done(&s);
        s = S("TimeoutStopSec=0\nTimeoutStartSec=infinity\n"); /* 0 means no timeout too */
        assert_true(s.timeout_stop_usec == UINT64_MAX);
        assert_true(s.timeout_start_usec == UINT64_MAX);
        assert_true(s.timeout_start_set);
        exec_settings_done(&s);
        s = S("TimeoutStopSec=4\n");
        assert_false(s.timeout_start_set);
        exec_settings_done(&s);
        s = S("TimeoutSec=7\nTimeoutStopSec=3\n");
        assert_true(s.timeout_start_set);
        assert_true(s.timeout_stop_usec == 3 * UINT64_C(1000000));
        assert_true(s.timeout_start_usec == 7 * UINT64_C(1000000));
        exec_settings_done(&s);
        capture_start();
        s = S("TimeoutStopSec=2\nTimeoutStopSec=foo\nTimeoutStopSec=\nTimeoutSec=bar\n");
        assert_true(s.timeout_stop_usec == 2 * UINT64_C(1000000));
        assert_true(s.timeout_start_usec == 90 * UINT64_C(1000000));
        assert_true(captured("a.service0:4: invalid time span for TimeoutStopSec=, ignoring: foo"));
        assert_true(captured("a.service0:5: invalid time span for TimeoutStopSec=, ignoring: "));
        assert_true(captured("a.service0:6: invalid time span for TimeoutSec=, ignoring: bar"));
        exec_settings_done(&s);
}

static void test_preserve(void **state) {
        (void) state;
        static const struct { const char *v; ExecPreserveMode m; } cases[] = {
                { "yes", EXEC_PRESERVE_YES }, { "no", EXEC_PRESERVE_NO }, { "restart", EXEC_PRESERVE_RESTART },
                { "on", EXEC_PRESERVE_YES }, { "0", EXEC_PRESERVE_NO },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *b = xasprintf("RuntimeDirectoryPreserve=restart\nRuntimeDirectoryPreserve=%s\n",
                                                   cases[i].v);
                ExecSettings s = S(b);
                assert_int_equal(s.runtime_directory_preserve, cases[i].m);
                exec_settings_done(&s);
        }
        capture_start();
        ExecSettings s = S("RuntimeDirectoryPreserve=yes\nRuntimeDirectoryPreserve=maybe\nRuntimeDirectoryPreserve=\n");
        assert_int_equal(s.runtime_directory_preserve, EXEC_PRESERVE_YES);
        assert_true(captured("a.service0:4: invalid RuntimeDirectoryPreserve= value, ignoring: maybe"));
        assert_true(captured("a.service0:5: invalid RuntimeDirectoryPreserve= value, ignoring: "));
        exec_settings_done(&s);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_signal_names),
                cmocka_unit_test(test_kill_signals),
                cmocka_unit_test(test_timeouts),
                cmocka_unit_test(test_preserve),
        };
        log_set_max_level(LOG_LEVEL_ERR - 1);
        return cmocka_run_group_tests(tests, NULL, NULL);
}
