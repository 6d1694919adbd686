/*
 * Tests on the 8 bytes of a 64-bit word at once, for scans that look for rare bytes in long
 * text (YAML quoting, description clean-up): a word without any is skipped in a few
 * instructions. Both answers are exact as booleans (borrows only ever add false positives
 * above a byte that already matches).
 */
#ifndef MC_BASE_SWAR_H
#define MC_BASE_SWAR_H

#include <stdbool.h>
#include <stdint.h>

#define MC_SWAR_ONES UINT64_C(0x0101010101010101)
#define MC_SWAR_HIGH (MC_SWAR_ONES * 0x80)

/* Whether some byte of w is below n (n <= 0x80; bytes >= 0x80 are not). */
static inline bool mc_swar_has_below(uint64_t w, unsigned n)
{
	return ((w - MC_SWAR_ONES * n) & ~w & MC_SWAR_HIGH) != 0;
}

/* Whether some byte of w is b. */
static inline bool mc_swar_has_byte(uint64_t w, unsigned char b)
{
	uint64_t x = w ^ (MC_SWAR_ONES * b);
	return ((x - MC_SWAR_ONES) & ~x & MC_SWAR_HIGH) != 0;
}

/* Whether some byte of w is >= 0x80. */
static inline bool mc_swar_has_high(uint64_t w)
{
	return (w & MC_SWAR_HIGH) != 0;
}

#endif
