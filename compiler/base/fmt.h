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
 */
#ifndef MC_BASE_FMT_H
#define MC_BASE_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Formats fmt with *ap into dst and returns the length; with dst NULL, only measures, and
 * returns SIZE_MAX at the first conversion not covered above (call vsnprintf then, with a
 * fresh copy of the arguments). Writes no NUL. Consumes *ap: measure and write each with a
 * va_copy of the caller's list.
 */
size_t mc_fmt_walk(char *dst, const char *fmt, va_list *ap);

#endif
