/*
 * UTF-8 helpers: validation, decoding one code point, and the display width of a code point
 * in a terminal (East Asian wide and fullwidth characters take two columns, combining marks
 * none), as chibicc's unicode.c does for its carets.
 */
#ifndef MC_BASE_UTF8_H
#define MC_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first byte that is not well-formed UTF-8, or len if all of s is valid. */
size_t mc_utf8_invalid_at(const char *s, size_t len);

/*
 * Decodes the code point at s[0..len). Returns the number of bytes it takes (1..4) and sets
 * *cp. An ill-formed sequence decodes as U+FFFD taking 1 byte, so callers always advance.
 */
size_t mc_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Length of the longest prefix of s[0..len) within max bytes that splits no character. */
size_t mc_utf8_prefix(const char *s, size_t len, size_t max);

/* Columns the code point takes on a terminal: 0, 1 or 2 (tabs are the caller's business). */
int mc_utf8_width(uint32_t cp);

#endif
