/*
 * SHA-256 (FIPS 180-4), for the hash of the spec that every generated file's header names.
 *
 * A small self-contained implementation, because moncc_core must not link OpenSSL. Incremental
 * (init, update any number of times, final) or in one call; mc_sha256_hex gives the lowercase
 * hex digest. Tested with the NIST example vectors (tests/unit/test_sha256.c).
 */
#ifndef MC_BASE_SHA256_H
#define MC_BASE_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t h[8];
	uint64_t len;        /* bytes hashed so far */
	unsigned char block[64];
	size_t used;         /* bytes waiting in block */
} mc_sha256;

void mc_sha256_init(mc_sha256 *s);
void mc_sha256_update(mc_sha256 *s, const void *p, size_t n);
void mc_sha256_final(mc_sha256 *s, unsigned char digest[32]);

/* The digest of p[0..n) as 64 lowercase hex digits and a NUL, written to hex[65]. */
void mc_sha256_hex(const void *p, size_t n, char hex[65]);

#endif
