/* printf's common conversions without vsnprintf; see fmt.h. */
#define _GNU_SOURCE /* strchrnul */
#include "base/fmt.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The decimal digits of v, ending at end; returns where they start. */
static char *digits(char *end, unsigned long long v)
{
	char *p = end;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

static char *signed_digits(char *end, long long v)
{
	/* 0 - v in unsigned arithmetic is |v| for LLONG_MIN too. */
	char *p = digits(end, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	if (v < 0)
		*--p = '-';
	return p;
}

static bool add(mc_fmt *f, const char *p, size_t n)
{
	if (!n)
		return true;
	if (f->npieces == MC_FMT_PIECES)
		return false;
	f->piece[f->npieces].p = p;
	f->piece[f->npieces].n = n;
	f->npieces++;
	f->len += n;
	return true;
}

bool mc_fmt_split(mc_fmt *f, const char *fmt, va_list *ap)
{
	f->len = f->npieces = 0;
	size_t nnums = 0;
	const char *p = fmt;
	for (;;) {
		const char *pct = strchrnul(p, '%');
		if (!add(f, p, (size_t)(pct - p)))
			return false;
		if (!*pct)
			return true;
		p = pct + 1;
		const char *s;
		size_t len;
		char conv = *p++;
		int size = 0; /* 1: l, 2: ll, 3: z */
		if (conv == 'z') {
			size = 3;
			conv = *p++;
		} else if (conv == 'l') {
			size = 1;
			conv = *p++;
			if (conv == 'l') {
				size = 2;
				conv = *p++;
			}
		}
		if (size && conv != 'd' && conv != 'i' && conv != 'u')
			return false;
		switch (conv) {
		case '%':
			s = "%";
			len = 1;
			break;
		case 's':
			s = va_arg(*ap, const char *);
			if (!s)
				s = "(null)";
			len = strlen(s);
			break;
		case '.': { /* only ".*s" */
			if (p[0] != '*' || p[1] != 's')
				return false;
			p += 2;
			int prec = va_arg(*ap, int);
			s = va_arg(*ap, const char *);
			if (!s) /* glibc: "(null)" when it fits the precision, else nothing */
				s = prec < 0 || prec >= 6 ? "(null)" : "";
			len = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
			break;
		}
		case 'c':
		case 'u':
		case 'd':
		case 'i': {
			if (nnums == MC_FMT_NUMS)
				return false;
			char *buf = f->nums[nnums++];
			char *end = buf + sizeof f->nums[0];
			if (conv == 'c') {
				buf[0] = (char)va_arg(*ap, int);
				s = buf;
				len = 1;
				break;
			}
			if (conv == 'u')
				s = size == 0   ? digits(end, va_arg(*ap, unsigned))
				    : size == 1 ? digits(end, va_arg(*ap, unsigned long))
				    : size == 2 ? digits(end, va_arg(*ap, unsigned long long))
				                : digits(end, va_arg(*ap, size_t));
			else
				s = size == 0   ? signed_digits(end, va_arg(*ap, int))
				    : size == 1 ? signed_digits(end, va_arg(*ap, long))
				    : size == 2 ? signed_digits(end, va_arg(*ap, long long))
				                : signed_digits(end, va_arg(*ap, ptrdiff_t));
			len = (size_t)(end - s);
			break;
		}
		default: /* flags, widths, other conversions: vsnprintf's */
			return false;
		}
		if (!add(f, s, len))
			return false;
	}
}

bool mc_fmt_split_copy(mc_fmt *f, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	bool ok = mc_fmt_split(f, fmt, &copy);
	va_end(copy);
	return ok;
}

void mc_fmt_put(const mc_fmt *f, char *dst)
{
	for (size_t i = 0; i < f->npieces; i++) {
		memcpy(dst, f->piece[i].p, f->piece[i].n);
		dst += f->piece[i].n;
	}
}
