/* SPDX-License-Identifier: MIT */
/* libFuzzer target: --security-policy files (JSON) and scoring with the parsed policy. */
#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "security-score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        if (size > 65536)
                return 0;
        log_set_max_level(0);
        char *text = xmalloc(size + 1);
        memcpy(text, data, size);
        text[size] = 0;
        SecurityPolicy *p = NULL;
        if (security_policy_parse(text, strlen(text), "fuzz.json", &p) >= 0) {
                ExecSettings s = {
                        .unit_type = UNIT_SERVICE,
                        .default_dependencies = true,
                        .umask = 0022,
                        .capability_bounding_set = UINT64_MAX,
                        .restrict_namespaces = NAMESPACE_FLAGS_ALL,
                };
                SecurityInput in = { .settings = &s, .unit_id = "fuzz.service" };
                SecurityReport r;
                if (security_report_build(&in, p, &r) >= 0)
                        security_report_done(&r);
                security_policy_free(p);
        }
        free(text);
        return 0;
}
