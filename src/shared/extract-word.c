/* SPDX-License-Identifier: MIT */
#include "extract-word.h"

static int unhex(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

size_t utf8_encode(uint32_t c, char *buf) {
        if (c < 0x80) {
                buf[0] = (char) c;
                return 1;
        }
        if (c < 0x800) {
                buf[0] = (char) (0xc0 | (c >> 6));
                buf[1] = (char) (0x80 | (c & 0x3f));
                return 2;
        }
        if (c < 0x10000) {
                buf[0] = (char) (0xe0 | (c >> 12));
                buf[1] = (char) (0x80 | ((c >> 6) & 0x3f));
                buf[2] = (char) (0x80 | (c & 0x3f));
                return 3;
        }
        buf[0] = (char) (0xf0 | (c >> 18));
        buf[1] = (char) (0x80 | ((c >> 12) & 0x3f));
        buf[2] = (char) (0x80 | ((c >> 6) & 0x3f));
        buf[3] = (char) (0x80 | (c & 0x3f));
        return 4;
}

bool utf8_is_valid_n(const char *s, size_t n) {
        const unsigned char *p = (const unsigned char *) s;
        size_t i = 0;
        while (i < n) {
                /* ASCII, eight bytes at a time: unit files are mostly that */
                uint64_t word;
                while (i + 8 <= n && (memcpy(&word, p + i, 8), !(word & UINT64_C(0x8080808080808080))))
                        i += 8;
                if (i >= n)
                        break;
                unsigned char c = p[i];
                size_t len;
                uint32_t cp;
                if (c < 0x80) {
                        i++;
                        continue;
                } else if ((c & 0xe0) == 0xc0) {
                        len = 2;
                        cp = c & 0x1f;
                } else if ((c & 0xf0) == 0xe0) {
                        len = 3;
                        cp = c & 0x0f;
                } else if ((c & 0xf8) == 0xf0) {
                        len = 4;
                        cp = c & 0x07;
                } else
                        return false;
                if (i + len > n)
                        return false;
                for (size_t k = 1; k < len; k++) {
                        if ((p[i + k] & 0xc0) != 0x80)
                                return false;
                        cp = (cp << 6) | (p[i + k] & 0x3f);
                }
                if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                        return false;
                i += len;
        }
        return true;
}

int cunescape_one(const char *p, size_t length, uint32_t *ret_c, bool *ret_is_byte) {
        if (length < 1)
                return -EINVAL;
        *ret_is_byte = false;
        switch (p[0]) {
        case 'a': *ret_c = '\a'; return 1;
        case 'b': *ret_c = '\b'; return 1;
        case 'f': *ret_c = '\f'; return 1;
        case 'n': *ret_c = '\n'; return 1;
        case 'r': *ret_c = '\r'; return 1;
        case 't': *ret_c = '\t'; return 1;
        case 'v': *ret_c = '\v'; return 1;
        case '\\': *ret_c = '\\'; return 1;
        case '"': *ret_c = '"'; return 1;
        case '\'': *ret_c = '\''; return 1;
        case 's': *ret_c = ' '; return 1;
        case 'x': {
                if (length < 3)
                        return -EINVAL;
                int a = unhex(p[1]), b = unhex(p[2]);
                if (a < 0 || b < 0 || (a == 0 && b == 0))
                        return -EINVAL;
                *ret_c = (uint32_t) (a << 4 | b);
                *ret_is_byte = true;
                return 3;
        }
        case 'u':
        case 'U': {
                size_t n = p[0] == 'u' ? 4 : 8;
                if (length < n + 1)
                        return -EINVAL;
                uint32_t c = 0;
                for (size_t i = 1; i <= n; i++) {
                        int d = unhex(p[i]);
                        if (d < 0)
                                return -EINVAL;
                        c = (c << 4) | (uint32_t) d;
                }
                if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
                        return -EINVAL;
                *ret_c = c;
                return (int) n + 1;
        }
        case '0' ... '7': {
                if (length < 3)
                        return -EINVAL;
                uint32_t c = 0;
                for (int i = 0; i < 3; i++) {
                        if (p[i] < '0' || p[i] > '7')
                                return -EINVAL;
                        c = (c << 3) | (uint32_t) (p[i] - '0');
                }
                if (c == 0 || c > 255)
                        return -EINVAL;
                *ret_c = c;
                *ret_is_byte = true;
                return 3;
        }
        default:
                return -EINVAL;
        }
}

typedef struct Buf {
        char *s;
        size_t n, allocated;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n) {
        GREEDY_REALLOC(b->s, b->allocated, b->n + n + 1);
        memcpy(b->s + b->n, s, n);
        b->n += n;
        b->s[b->n] = 0;
}

static void buf_putc(Buf *b, char c) { buf_put(b, &c, 1); }

/* Handles the escape at *p (pointing at the backslash). Returns 0 or -EINVAL. */
static int take_escape(const char **p, Buf *b, const char *separators, ExtractFlags flags) {
        const char *e = *p + 1;
        if (*e == 0) {
                if (!(flags & (EXTRACT_RELAX | EXTRACT_UNESCAPE_RELAX)))
                        return -EINVAL;
                buf_putc(b, '\\');
                *p = e;
                return 0;
        }
        if (flags & EXTRACT_CUNESCAPE) {
                if ((flags & EXTRACT_UNESCAPE_SEPARATORS) && strchr(separators, *e)) {
                        buf_putc(b, *e);
                        *p = e + 1;
                        return 0;
                }
                uint32_t c;
                bool is_byte;
                int r = cunescape_one(e, strlen(e), &c, &is_byte);
                if (r < 0) {
                        if (!(flags & EXTRACT_UNESCAPE_RELAX))
                                return -EINVAL;
                        buf_putc(b, '\\');
                        buf_putc(b, *e);
                        *p = e + 1;
                        return 0;
                }
                if (is_byte)
                        buf_putc(b, (char) c);
                else {
                        char u[4];
                        buf_put(b, u, utf8_encode(c, u));
                }
                *p = e + r;
                return 0;
        }
        if (flags & EXTRACT_RETAIN_ESCAPE)
                buf_putc(b, '\\');
        buf_putc(b, *e);
        *p = e + 1;
        return 0;
}

int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags) {
        if (!separators)
                separators = WHITESPACE;
        const char *s = *p;
        if (!s) {
                *ret = NULL;
                return 0;
        }
        if (!(flags & EXTRACT_DONT_COALESCE_SEPARATORS))
                s += strspn(s, separators);
        if (*s == 0) {
                *p = NULL;
                *ret = NULL;
                return 0;
        }
        Buf b = {};
        buf_put(&b, "", 0);
        char quote = 0;
        /* the bytes that end a run of plain ones: copied a run at a time, not byte by byte */
        char stop[64];
        size_t ns = strlen(separators);
        bool runs = ns + 4 <= sizeof stop;
        if (runs) {
                memcpy(stop, separators, ns);
                stop[ns++] = '\\';
                if (flags & EXTRACT_UNQUOTE) {
                        stop[ns++] = '\'';
                        stop[ns++] = '"';
                }
                stop[ns] = 0;
        }
        for (;;) {
                if (runs) {
                        char qstop[3] = { quote, '\\', 0 };
                        size_t run = strcspn(s, quote ? qstop : stop);
                        if (run > 0) {
                                buf_put(&b, s, run);
                                s += run;
                        }
                }
                char c = *s;
                if (c == 0) {
                        if (quote && !(flags & EXTRACT_RELAX)) {
                                free(b.s);
                                return -EINVAL;
                        }
                        *p = NULL;
                        break;
                }
                if (c == '\\') {
                        if (take_escape(&s, &b, separators, flags) < 0) {
                                free(b.s);
                                return -EINVAL;
                        }
                        continue;
                }
                if (quote) {
                        if (c == quote)
                                quote = 0;
                        else
                                buf_putc(&b, c);
                        s++;
                        continue;
                }
                if ((flags & EXTRACT_UNQUOTE) && (c == '\'' || c == '"')) {
                        quote = c;
                        s++;
                        continue;
                }
                if (strchr(separators, c)) {
                        s++;
                        if (!(flags & EXTRACT_DONT_COALESCE_SEPARATORS))
                                s += strspn(s, separators);
                        *p = s;
                        break;
                }
                buf_putc(&b, c);
                s++;
        }
        *ret = b.s;
        return 1;
}

int cunescape(const char *s, ExtractFlags flags, char **ret) {
        Buf b = {};
        buf_put(&b, "", 0);
        for (const char *p = s; *p;) {
                if (*p != '\\') {
                        buf_putc(&b, *p++);
                        continue;
                }
                if (take_escape(&p, &b, "", flags | EXTRACT_CUNESCAPE) < 0) {
                        free(b.s);
                        return -EINVAL;
                }
        }
        *ret = b.s;
        return 0;
}
