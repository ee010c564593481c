/* SPDX-License-Identifier: MIT */
#pragma once

/* libsystemd, loaded when the live mode first needs it. Linking it would make every run of
 * unitsec load it and the six libraries it pulls in (~0.6 ms a start, which `run` and one-unit
 * `security` calls feel); only talking to a service manager needs it. Call sites write
 * SD(sd_bus_call_method)(...) after live_sd_load() succeeded. */

#include <systemd/sd-bus.h>
#include <systemd/sd-journal.h>

/* Every libsystemd function unitsec calls: one place to add one. */
#define LIVE_SD_FUNCTIONS(X) \
        X(sd_bus_call_method) \
        X(sd_bus_error_free) \
        X(sd_bus_flush_close_unref) \
        X(sd_bus_get_property_string) \
        X(sd_bus_match_signal) \
        X(sd_bus_message_enter_container) \
        X(sd_bus_message_exit_container) \
        X(sd_bus_message_read) \
        X(sd_bus_message_read_array) \
        X(sd_bus_message_read_basic) \
        X(sd_bus_message_skip) \
        X(sd_bus_message_unref) \
        X(sd_bus_new) \
        X(sd_bus_open_system) \
        X(sd_bus_open_system_machine) \
        X(sd_bus_open_system_remote) \
        X(sd_bus_open_user) \
        X(sd_bus_open_user_machine) \
        X(sd_bus_path_encode) \
        X(sd_bus_process) \
        X(sd_bus_set_address) \
        X(sd_bus_set_method_call_timeout) \
        X(sd_bus_slot_unref) \
        X(sd_bus_start) \
        X(sd_bus_wait) \
        X(sd_journal_add_disjunction) \
        X(sd_journal_add_match) \
        X(sd_journal_close) \
        X(sd_journal_get_data) \
        X(sd_journal_open) \
        X(sd_journal_previous) \
        X(sd_journal_seek_tail)

typedef struct LiveSd {
#define LIVE_SD_POINTER(f) __typeof__(f) *f;
        LIVE_SD_FUNCTIONS(LIVE_SD_POINTER)
#undef LIVE_SD_POINTER
} LiveSd;

extern LiveSd live_sd;

#define SD(f) (live_sd.f)

/* Loads libsystemd.so.0 and finds every function, once: 0, or -ENOPKG when it is not there or
 * lacks one (said at debug level; the caller decides what that means). */
int live_sd_load(void);
