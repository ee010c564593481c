/* SPDX-License-Identifier: MIT */
#include <langinfo.h>
#include <locale.h>
#include <sys/ioctl.h>

#include "pager.h"
#include "parse-util.h"
#include "terminal.h"

bool terminal_stdout_is_tty(void) {
        static int cached = -1;
        if (cached < 0)
                cached = isatty(STDOUT_FILENO) > 0;
        return cached;
}

bool terminal_colors_enabled(void) {
        const char *e = getenv("SYSTEMD_COLORS");
        int b = e ? parse_boolean(e) : -EINVAL;
        if (b >= 0)
                return b;
        if (e && (streq(e, "16") || streq(e, "256")))
                return true; /* colour depths also mean "on" */
        if (getenv("NO_COLOR"))
                return false;
        if (streq_ptr(getenv("TERM"), "dumb"))
                return false;
        return terminal_stdout_is_tty();
}

bool terminal_is_utf8(void) {
        const char *codeset = nl_langinfo(CODESET);
        if (codeset && (streq(codeset, "UTF-8") || streq(codeset, "utf8")))
                return true;
        const char *ctype = setlocale(LC_CTYPE, NULL);
        if (!ctype)
                return true;
        return (streq(ctype, "C") || streq(ctype, "POSIX")) && !getenv("LC_ALL") && !getenv("LC_CTYPE") &&
               !getenv("LANG");
}

unsigned terminal_columns(void) {
        if (!terminal_stdout_is_tty() || pager_have())
                return 0;
        unsigned c;
        const char *e = getenv("COLUMNS");
        if (e && safe_atou(e, &c) >= 0 && c > 0)
                return c;
        struct winsize ws = {};
        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) >= 0 && ws.ws_col > 0)
                return ws.ws_col;
        return 80;
}

/* Decodes one UTF-8 sequence; returns its length (1 on invalid bytes) and the code point. */
static size_t utf8_next(const char *s, unsigned *ret_c) {
        const unsigned char *u = (const unsigned char *) s;
        size_t n = u[0] < 0x80 ? 1 : (u[0] >> 5) == 6 ? 2 : (u[0] >> 4) == 14 ? 3 : (u[0] >> 3) == 30 ? 4 : 1;
        unsigned c = n == 1 ? u[0] : u[0] & (0x7f >> n);
        for (size_t i = 1; i < n; i++) {
                if ((u[i] & 0xc0) != 0x80) {
                        *ret_c = u[0];
                        return 1;
                }
                c = (c << 6) | (u[i] & 0x3f);
        }
        *ret_c = c;
        return n;
}

static size_t codepoint_width(unsigned c) {
        if (c >= 0x1F300 && c <= 0x1FAFF)
                return 2; /* emoji */
        if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
            (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFF60))
                return 2;
        if (c >= 0x300 && c <= 0x36F)
                return 0;
        return 1;
}

size_t terminal_width(const char *s) {
        size_t w = 0;
        for (const unsigned char *a = (const unsigned char *) s;; a++) { /* ASCII: one column a byte */
                if (*a == 0)
                        return (size_t) (a - (const unsigned char *) s);
                if (*a >= 0x80)
                        break;
        }
        while (*s) {
                unsigned c;
                s += utf8_next(s, &c);
                w += codepoint_width(c);
        }
        return w;
}

char *terminal_ellipsize(const char *s, size_t width, bool utf8) {
        if (terminal_width(s) <= width)
                return xstrdup(s);
        const char *dots = utf8 ? "\xe2\x80\xa6" : "...";
        size_t dots_w = utf8 ? 1 : 3, w = 0;
        const char *p = s;
        if (width < dots_w)
                return xstrndup(dots, width);
        while (*p) {
                unsigned c;
                size_t n = utf8_next(p, &c);
                if (w + codepoint_width(c) > width - dots_w)
                        break;
                w += codepoint_width(c);
                p += n;
        }
        return xasprintf("%.*s%s", (int) (p - s), s, dots);
}
