/*
 * FNV-1a, 64 bits: the one non-cryptographic hash of the project, for hash tables and for the
 * short stable suffixes of generated names (AWS names, logical ids, uids, fingerprints).
 * Stable across machines and releases: changing it renames generated resources.
 */
#ifndef MC_BASE_HASH_H
#define MC_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MC_FNV1A64_INIT UINT64_C(0xcbf29ce484222325)

/* Continues hash h over len bytes at p (start with MC_FNV1A64_INIT). */
static inline uint64_t mc_fnv1a64_add(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static inline uint64_t mc_fnv1a64(const void *p, size_t len)
{
	return mc_fnv1a64_add(MC_FNV1A64_INIT, p, len);
}

static inline uint64_t mc_fnv1a64_str(const char *s)
{
	return mc_fnv1a64(s, strlen(s));
}

#endif
