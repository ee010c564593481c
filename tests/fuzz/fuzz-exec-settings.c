/* SPDX-License-Identifier: MIT */
/* libFuzzer target: a unit file through the lexer, the whole directive table and the implied
 * settings (exec_settings_load), then the security score of the result. The first byte picks
 * the unit type and whether the bytes are a fragment or a drop-in behind a minimal fragment. */
#include <stddef.h>
#include <stdint.h>

#include "exec-settings.h"
#include "log.h"
#include "security-score.h"
#include "unit-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fragment_of[_UNIT_TYPE_MAX] = {
        [UNIT_SERVICE] = "[Service]\nExecStart=/bin/true\n",
        [UNIT_SOCKET] = "[Socket]\nListenStream=/run/fuzz.sock\n",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size < 1 || size > 65536)
                return 0;
        log_set_max_level(0);
        UnitType type = (UnitType) (data[0] % _UNIT_TYPE_MAX);
        bool as_dropin = data[0] & 0x80;
        data++, size--;

        Unit u = { .type = type, .scope = UNIT_SCOPE_SYSTEM };
        u.id = xasprintf("fuzz.%s", unit_type_to_string(type));
        UnitFile files[2] = {};
        size_t n = 0;
        if (as_dropin) {
                const char *frag = fragment_of[type] ? fragment_of[type] : "[Unit]\nDescription=fuzz\n";
                files[n].path = xstrdup("/fuzz/fragment");
                files[n].display_path = xstrdup("/fuzz/fragment");
                (void) unit_file_parse(&files[n], frag, strlen(frag), type);
                n++;
        }
        files[n].path = xstrdup("/fuzz/input");
        files[n].display_path = xstrdup("/fuzz/input");
        files[n].is_dropin = as_dropin;
        (void) unit_file_parse(&files[n], (const char *) data, size, type);
        n++;
        u.files = files;
        u.n_files = n;

        ExecSettings s = {};
        if (exec_settings_load(&u, &s) >= 0) {
                SecurityInput in = { .settings = &s, .unit_id = u.id };
                SecurityReport r;
                if (security_report_build(&in, NULL, &r) >= 0)
                        security_report_done(&r);
                exec_settings_done(&s);
        }
        for (size_t i = 0; i < n; i++)
                unit_file_done(&files[i]);
        free(u.id);
        return 0;
}
