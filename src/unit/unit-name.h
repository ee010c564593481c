/* SPDX-License-Identifier: MIT */
#pragma once

#include "macro.h"

typedef enum UnitType {
        UNIT_SERVICE,
        UNIT_MOUNT,
        UNIT_SWAP,
        UNIT_SOCKET,
        UNIT_TARGET,
        UNIT_DEVICE,
        UNIT_AUTOMOUNT,
        UNIT_TIMER,
        UNIT_PATH,
        UNIT_SLICE,
        UNIT_SCOPE,
        _UNIT_TYPE_MAX,
        _UNIT_TYPE_INVALID = -EINVAL,
} UnitType;

const char *unit_type_to_string(UnitType t); /* "service", ... */
UnitType unit_type_from_string(const char *s);

typedef enum UnitNameFlags {
        UNIT_NAME_PLAIN = 1 << 0,    /* foo.service */
        UNIT_NAME_TEMPLATE = 1 << 1, /* foo@.service */
        UNIT_NAME_INSTANCE = 1 << 2, /* foo@bar.service */
        UNIT_NAME_ANY = UNIT_NAME_PLAIN | UNIT_NAME_TEMPLATE | UNIT_NAME_INSTANCE,
} UnitNameFlags;

bool unit_name_is_valid(const char *n, UnitNameFlags flags);
/* systemd's rules: only services, sockets, targets, timers and paths come as templates and
 * instances; devices, slices and scopes have no aliases. */
bool unit_type_may_template(UnitType t);
bool unit_type_may_alias(UnitType t);
UnitType unit_name_to_type(const char *n);
/* "foo@bar.service" → "foo" ; "foo.service" → "foo". Owned result or -EINVAL. */
int unit_name_to_prefix(const char *n, char **ret);
/* "foo@bar.service" → "bar"; no instance → *ret = NULL, returns 0. */
int unit_name_to_instance(const char *n, char **ret);
/* "foo@bar.service" → "foo@.service". */
int unit_name_template(const char *n, char **ret);
/* "foo@.service" + "i" → "foo@i.service". */
int unit_name_replace_instance(const char *n, const char *instance, char **ret);
/* systemd's unit name escaping (unit_name_unescape, "\x2d" etc.). */
int unit_name_unescape(const char *s, char **ret);
char *unit_name_escape(const char *s);
/* Path of the unit name without the suffix ("foo-bar" → "/foo/bar"), for %f. */
int unit_name_path_unescape(const char *s, char **ret);
