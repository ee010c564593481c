/* SPDX-License-Identifier: MIT */
#pragma once

#include <json-c/json.h>

#include "harden-plan.h"

/* The proposal as data: unit, level, drop-in path and text, exposure before/after, the tests
 * whose outcome changes, and each measure with its lines and explanations. */
json_object *harden_plan_to_json(const HardenPlan *p, const char *text);
