/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the unit-file lexer on arbitrary bytes, for each unit type. */
#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "unit-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void drop(int level, const char *message, void *userdata) {
        (void) level;
        (void) message;
        (void) userdata;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        log_set_sink(drop, NULL);
        /* the first byte picks the unit type, so section rules of every type get exercised */
        UnitType type = size > 0 ? (UnitType) (data[0] % _UNIT_TYPE_MAX) : UNIT_SERVICE;
        UnitFile f = { .path = xstrdup("/fuzz/unit.service") };
        (void) unit_file_parse(&f, (const char *) data, size, type);
        for (size_t i = 0; i < f.n_assignments; i++) {
                /* every assignment has a section, a non-empty key and a value, without line ends */
                const UnitAssignment *a = &f.assignments[i];
                if (!a->section || isempty(a->key) || !a->value || strpbrk(a->key, "\n\r") || strchr(a->value, '\n'))
                        abort();
        }
        unit_file_done(&f);
        return 0;
}
