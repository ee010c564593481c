/* SPDX-License-Identifier: MIT */
/* libFuzzer target: profiles (JSON from `unitsec profile`, read back by --merge and
 * harden --observed): parse, merge, write back and turn into a drop-in. */
#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "profile-dropin.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size > 65536)
                return 0;
        log_set_max_level(0);
        char *text = xmalloc(size + 1);
        memcpy(text, data, size);
        text[size] = 0;
        Profile p, all;
        profile_init(&all);
        if (profile_parse(text, &p) >= 0) {
                profile_merge(&all, &p);
                profile_merge(&all, &p);
                char *dropin = NULL;
                if (profile_to_dropin(&all, "fuzz.service", &dropin) >= 0)
                        free(dropin);
                FILE *f = fopen("/dev/null", "we");
                if (f) {
                        (void) profile_write_json(&all, f);
                        fclose(f);
                }
                profile_done(&p);
        }
        profile_done(&all);
        free(text);
        return 0;
}
