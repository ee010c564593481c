/* SPDX-License-Identifier: MIT */
#include "log.h"
#include "security-profile.h"
#include "unit-file.h"
#include "unit-fs.h"

static const char *const profile_dirs[] = {
        "/etc/systemd/portable/profile",
        "/run/systemd/portable/profile",
        "/usr/local/lib/systemd/portable/profile",
        "/usr/lib/systemd/portable/profile",
};

int security_profile_find(const char *profile, UnitType type, char **ret_path) {
        if (strchr(profile, '/')) {
                if (!endswith(profile, ".conf"))
                        return log_error_errno(-EINVAL, "the profile file name must end in .conf: '%s'", profile);
                *ret_path = xstrdup(profile);
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(profile_dirs); i++) {
                _cleanup_free_ char *p = xasprintf("%s/%s/%s.conf", profile_dirs[i], profile,
                                                   unit_type_to_string(type));
                if (access(p, F_OK) >= 0) {
                        *ret_path = TAKE_PTR(p);
                        return 0;
                }
        }
        return log_error_errno(-ENOENT, "portable profile '%s' not found for %s units", profile,
                               unit_type_to_string(type));
}

static const char *basename_of(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

int security_profile_apply(const char *path, Unit *u) {
        _cleanup_free_ char *data = NULL;
        size_t size = 0;
        int r = unit_fs_read_file(NULL, path, &data, &size, NULL);
        if (r < 0)
                return log_error_errno(r, "cannot read the profile '%s': %m", path);
        size_t at = u->n_files;
        for (size_t i = 0; i < u->n_files; i++) {
                if (!u->files[i].is_dropin)
                        continue;
                int c = strcmp(basename_of(u->files[i].path), "profile.conf");
                if (c == 0)
                        return 0; /* shadowed by a drop-in of the same name */
                if (c > 0 && at == u->n_files)
                        at = i;
        }
        UnitFile f = {
                .path = xstrdup(path),
                .display_path = xstrdup(path),
                .is_dropin = true,
        };
        (void) unit_file_parse(&f, data, size, u->type);
        u->files = xrealloc(u->files, (u->n_files + 1) * sizeof(UnitFile));
        memmove(u->files + at + 1, u->files + at, (u->n_files - at) * sizeof(UnitFile));
        u->files[at] = f;
        u->n_files++;
        return 0;
}
