/* SPDX-License-Identifier: MIT */
#pragma once
/* Helpers of the test-exec-* tests: units built by hand from unit file text (through the
 * lexer), and captured log messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exec-settings.h"
#include "log.h"
#include "strv.h"
#include "unit-file.h"
#include "unit-name.h"

static char *captured_log;

static void capture_sink(int level, const char *message, void *userdata) {
        (void) level;
        (void) userdata;
        char *n = xasprintf("%s%s\n", captured_log ? captured_log : "", message);
        free(captured_log);
        captured_log = n;
}

static void _unused_ capture_start(void) {
        free(captured_log);
        captured_log = NULL;
        log_set_max_level(LOG_LEVEL_DEBUG);
        log_set_sink(capture_sink, NULL);
}

static bool _unused_ captured(const char *needle) {
        return captured_log && strstr(captured_log, needle);
}

/* A unit of the type its id implies: texts[0] is the fragment, then drop-ins; NULL ends. */
static Unit *_unused_ mk_unit_v(const char *id, UnitScope scope, const char *const *texts) {
        Unit *u = xcalloc(1, sizeof(Unit));
        u->id = xstrdup(id);
        u->type = unit_name_to_type(id);
        u->scope = scope;
        for (size_t i = 0; texts[i]; i++) {
                u->files = xrealloc(u->files, (u->n_files + 1) * sizeof(UnitFile));
                UnitFile *f = &u->files[u->n_files++];
                *f = (UnitFile) {
                        .path = xasprintf("/etc/systemd/system/%s%s%zu", id, i ? ".d/" : "", i),
                        .is_dropin = i > 0,
                };
                f->display_path = xstrdup(f->path);
                (void) unit_file_parse(f, texts[i], strlen(texts[i]), u->type);
        }
        return u;
}

#define mk_unit(id, ...) mk_unit_v(id, UNIT_SCOPE_SYSTEM, (const char *const[]) { __VA_ARGS__, NULL })

/* Loads a [Service] fragment "ExecStart=/bin/true\n" + body. */
static int _unused_ load_service(const char *body, ExecSettings *s) {
        _cleanup_free_ char *text = xasprintf("[Service]\nExecStart=/bin/true\n%s", body);
        Unit *u = mk_unit("a.service", text);
        int r = exec_settings_load(u, s);
        unit_free(u);
        return r;
}
