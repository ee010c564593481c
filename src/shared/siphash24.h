/* SPDX-License-Identifier: MIT */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* SipHash-2-4 (Aumasson & Bernstein) of n bytes with a 16-byte key, as a 64-bit number
 * (the little-endian reading of the 8-byte digest). */
uint64_t siphash24(const void *data, size_t n, const uint8_t key[16]);
