/* SPDX-License-Identifier: MIT */
/* SipHash-2-4, written from the published algorithm description. */
#include "siphash24.h"

static uint64_t rotl(uint64_t x, unsigned b) { return (x << b) | (x >> (64 - b)); }

static uint64_t load_le64(const uint8_t *p) {
        uint64_t v = 0;
        for (int i = 7; i >= 0; i--)
                v = (v << 8) | p[i];
        return v;
}

static void sip_round(uint64_t v[4]) {
        v[0] += v[1]; v[1] = rotl(v[1], 13); v[1] ^= v[0]; v[0] = rotl(v[0], 32);
        v[2] += v[3]; v[3] = rotl(v[3], 16); v[3] ^= v[2];
        v[0] += v[3]; v[3] = rotl(v[3], 21); v[3] ^= v[0];
        v[2] += v[1]; v[1] = rotl(v[1], 17); v[1] ^= v[2]; v[2] = rotl(v[2], 32);
}

static void sip_absorb(uint64_t v[4], uint64_t m) {
        v[3] ^= m;
        sip_round(v);
        sip_round(v);
        v[0] ^= m;
}

uint64_t siphash24(const void *data, size_t n, const uint8_t key[16]) {
        const uint8_t *in = data;
        uint64_t k0 = load_le64(key), k1 = load_le64(key + 8);
        uint64_t v[4] = {
                k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
                k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL,
        };
        size_t i;

        for (i = 0; i + 8 <= n; i += 8)
                sip_absorb(v, load_le64(in + i));
        uint64_t last = (uint64_t) (n & 0xff) << 56;
        for (size_t j = 0; i + j < n; j++)
                last |= (uint64_t) in[i + j] << (8 * j);
        sip_absorb(v, last);
        v[2] ^= 0xff;
        for (int r = 0; r < 4; r++)
                sip_round(v);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
}
