/*
 * printf without vsnprintf for the formats moncc uses most.
 *
 * glibc's vsnprintf costs about a thousand instructions a call however short its output, and
 * a build of 1,000 services made 770,000 of them (ids such as "%s/%s/%s", runbook lines, one
 * per key or heading): a tenth of all its instructions. mc_buf_vprintf, mc_arena_vprintf and
 * mc_out_printf try these first and fall back to vsnprintf for any format they do not cover.
 *
 * Covered: literal text, %%, %s, %.*s, %c, and %d %i %u with no length, l, ll or z. No flags,
 * widths or other precisions. The text is byte for byte what vsnprintf writes, "(null)" for
 * a NULL string included; callers keep printf's format attribute, so the compiler checks the
 * argument types this reads.
 *
 * A format is split once into pieces (literal runs, argument strings, integer digits) and
 * the caller, knowing the length, copies them where the text goes.
 */
#ifndef MC_BASE_FMT_H
#define MC_BASE_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

enum { MC_FMT_PIECES = 24, MC_FMT_NUMS = 8 };

typedef struct {
	size_t len;     /* of the whole text */
	size_t npieces;
	struct {
		const char *p;
		size_t n;
	} piece[MC_FMT_PIECES];
	char nums[MC_FMT_NUMS][24]; /* the digits of integer arguments */
} mc_fmt;

/*
 * Splits fmt formatted with *ap into f's pieces. False when fmt has a conversion not covered
 * above or more pieces than f holds: format with vsnprintf then, from a fresh copy of the
 * arguments (this one consumed some of *ap).
 */
bool mc_fmt_split(mc_fmt *f, const char *fmt, va_list *ap);

/* mc_fmt_split on a copy of ap, which stays whole for vsnprintf when this returns false. */
bool mc_fmt_split_copy(mc_fmt *f, const char *fmt, va_list ap);

/* Copies the f->len bytes of the text to dst (no NUL). */
void mc_fmt_put(const mc_fmt *f, char *dst);

#endif
