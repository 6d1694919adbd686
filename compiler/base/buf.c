/* Growable byte buffer; see buf.h. */
#include "base/buf.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"
#include "base/xalloc.h"

void mc_buf_init(mc_buf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

void mc_buf_release(mc_buf *b)
{
	free(b->p);
	mc_buf_init(b);
}

char *mc_buf_detach(mc_buf *b)
{
	char *p = b->p ? b->p : mc_xstrdup("");
	mc_buf_init(b);
	return p;
}

const char *mc_buf_str(const mc_buf *b)
{
	return b->p ? b->p : "";
}

void mc_buf_clear(mc_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

/*
 * The check is here, not only in mc_grow, so the common case costs no call. A new buffer
 * starts at 64 bytes: most hold a name or a line, and growing 8, 16, 32, 64 was four
 * reallocs each (half a million per build of 300 services).
 */
static void reserve(mc_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need > b->cap)
		MC_GROW(b->p, b->cap, need < 64 ? 64 : need);
}

void mc_buf_reserve(mc_buf *b, size_t extra)
{
	reserve(b, extra);
}

void mc_buf_grow1(mc_buf *b)
{
	reserve(b, 1);
}

void mc_buf_add(mc_buf *b, const void *p, size_t len)
{
	reserve(b, len);
	if (len)
		memcpy(b->p + b->len, p, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void mc_buf_puts(mc_buf *b, const char *s)
{
	mc_buf_add(b, s, strlen(s));
}

void mc_buf_repeat(mc_buf *b, char c, size_t n)
{
	reserve(b, n);
	memset(b->p + b->len, c, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/*
 * Formats straight into the spare capacity and formats again only when that was too small:
 * one vsnprintf per call in the common case, not a measuring call and a writing one
 * (vsnprintf costs close to a thousand instructions however short its output).
 */
void mc_buf_vprintf(mc_buf *b, const char *fmt, va_list ap)
{
	mc_fmt f;
	if (mc_fmt_split_copy(&f, fmt, ap)) {
		reserve(b, f.len);
		mc_fmt_put(&f, b->p + b->len);
		b->len += f.len;
		b->p[b->len] = '\0';
		return;
	}
	reserve(b, 64);
	size_t room = b->cap - b->len; /* includes the byte for the NUL */
	va_list ap2;
	va_copy(ap2, ap);
	int k = vsnprintf(b->p + b->len, room, fmt, ap2);
	va_end(ap2);
	if (k < 0)
		MC_BUG("bad format string %s", fmt);
	if ((size_t)k >= room) {
		reserve(b, (size_t)k);
		vsnprintf(b->p + b->len, (size_t)k + 1, fmt, ap);
	}
	b->len += (size_t)k;
}

void mc_buf_printf(mc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mc_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void mc_buf_json_escape(mc_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': mc_buf_puts(b, "\\\""); break;
		case '\\': mc_buf_puts(b, "\\\\"); break;
		case '\n': mc_buf_puts(b, "\\n"); break;
		case '\r': mc_buf_puts(b, "\\r"); break;
		case '\t': mc_buf_puts(b, "\\t"); break;
		case '\b': mc_buf_puts(b, "\\b"); break;
		case '\f': mc_buf_puts(b, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				mc_buf_printf(b, "\\u%04x", c);
			else
				mc_buf_putc(b, (char)c);
		}
	}
}

/* m with a decimal point before its last k digits (0.015 is m = 15, k = 3), no printf. */
static void put_fixed(mc_buf *b, bool negative, uint64_t m, int k)
{
	char tmp[48];
	char *end = tmp + sizeof tmp, *p = end;
	for (int i = 0; i < k; i++) {
		*--p = (char)('0' + m % 10);
		m /= 10;
	}
	if (k)
		*--p = '.';
	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
	} while (m);
	if (negative)
		*--p = '-';
	mc_buf_add(b, p, (size_t)(end - p));
}

/*
 * The printf loop below, without printf, for the common case: a fraction that k <= 15
 * decimals write exactly enough to read back, at most 15 significant digits, 1e-4 <= |v| <
 * 1e15 (where %g writes no exponent). Then m = round(|v| * 10^k) for the smallest such k is
 * what "%.*g" prints: 10^k and m are exact doubles, so m / 10^k == |v| means the text
 * m·10^-k reads back as v; and with 15 digits the gap between decimals is far wider than
 * v's rounding error, so that text is also the correctly rounded one printf writes, and a
 * shorter precision would have been found here at its smaller k. Returns false when the
 * value is not of that kind; the printf loop decides then.
 */
static bool shortest_fixed(mc_buf *b, double v)
{
	double a = fabs(v);
	if (!(a >= 1e-4 && a < 1e15))
		return false;
	double scale = 1;
	for (int k = 1; k <= 15; k++) {
		scale *= 10;
		double m = nearbyint(a * scale);
		if (m >= 1e15)
			return false;
		if (m / scale == a) {
			put_fixed(b, v < 0, (uint64_t)m, k);
			return true;
		}
	}
	return false;
}

void mc_buf_uint(mc_buf *b, unsigned long long v)
{
	put_fixed(b, false, v, 0);
}

void mc_buf_double(mc_buf *b, double v)
{
	if (isnan(v)) {
		mc_buf_puts(b, "NaN");
		return;
	}
	if (isinf(v)) {
		mc_buf_puts(b, v < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (v == 0) {
		mc_buf_puts(b, "0");
		return;
	}
	/* Integral values within 2^53 print without a fraction or exponent. */
	if (fabs(v) < 9007199254740992.0 && v == floor(v)) {
		put_fixed(b, v < 0, (uint64_t)fabs(v), 0);
		return;
	}
	if (shortest_fixed(b, v))
		return;
	/*
	 * The shortest text that reads back as the same double, up to 15 significant digits.
	 * A value that needs more is the result of binary arithmetic (14.4 * 0.005 is
	 * 0.07200000000000001, 6 * (1 - 0.999) is 0.006000000000000005) and its last digits are
	 * noise: 12 significant digits, rounded, is what a person means (`0.072`, `0.006`).
	 */
	char tmp[40];
	int prec = 16;
	/*
	 * 15 digits first: when no shorter text reads back as v, neither does any shorter one
	 * (the closest 15-digit decimal is at least as close to v as a shorter one that reads
	 * back), so noise goes to 12 digits after one try instead of fifteen.
	 */
	snprintf(tmp, sizeof tmp, "%.15g", v);
	if (strtod(tmp, NULL) == v) {
		for (prec = 1; prec < 15; prec++) {
			snprintf(tmp, sizeof tmp, "%.*g", prec, v);
			if (strtod(tmp, NULL) == v)
				break;
		}
		if (prec == 15)
			snprintf(tmp, sizeof tmp, "%.15g", v);
	}
	if (prec > 15)
		snprintf(tmp, sizeof tmp, "%.12g", v);
	mc_buf_puts(b, tmp);
}
