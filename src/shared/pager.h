/* SPDX-License-Identifier: MIT */
#pragma once

#include "macro.h"

/* Pipes stdout into $SYSTEMD_PAGER / $PAGER / less (with LESS=FRSXMK unless set) when stdout is
 * a terminal and no_pager is false. Does nothing otherwise. Returns 0 or a negative errno. */
int pager_open(bool no_pager);
/* True while a pager runs (tables are then not cut to the terminal width: less -S chops lines). */
bool pager_have(void);
/* Flushes stdout, closes the pipe and waits for the pager. Safe to call when none runs. */
void pager_close(void);
