/* printf's common conversions without vsnprintf; see fmt.h. */
#define _POSIX_C_SOURCE 200809L /* strnlen */
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

size_t mc_fmt_walk(char *dst, const char *fmt, va_list *ap)
{
	size_t n = 0;
	const char *p = fmt;
	char tmp[24]; /* a 64-bit integer's digits and sign */
	char *end = tmp + sizeof tmp;
	for (;;) {
		/* Literal runs are short ("/", ", "): a loop beats strchr and memcpy calls. */
		if (dst)
			for (; *p && *p != '%'; p++)
				dst[n++] = *p;
		else
			for (; *p && *p != '%'; p++)
				n++;
		if (!*p)
			return n;
		p++;
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
			return SIZE_MAX;
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
				return SIZE_MAX;
			p += 2;
			int prec = va_arg(*ap, int);
			s = va_arg(*ap, const char *);
			if (!s) /* glibc: "(null)" when it fits the precision, else nothing */
				s = prec < 0 || prec >= 6 ? "(null)" : "";
			len = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
			break;
		}
		case 'c':
			tmp[0] = (char)va_arg(*ap, int);
			s = tmp;
			len = 1;
			break;
		case 'u':
			s = size == 0   ? digits(end, va_arg(*ap, unsigned))
			    : size == 1 ? digits(end, va_arg(*ap, unsigned long))
			    : size == 2 ? digits(end, va_arg(*ap, unsigned long long))
			                : digits(end, va_arg(*ap, size_t));
			len = (size_t)(end - s);
			break;
		case 'd':
		case 'i':
			s = size == 0   ? signed_digits(end, va_arg(*ap, int))
			    : size == 1 ? signed_digits(end, va_arg(*ap, long))
			    : size == 2 ? signed_digits(end, va_arg(*ap, long long))
			                : signed_digits(end, va_arg(*ap, ptrdiff_t));
			len = (size_t)(end - s);
			break;
		default: /* flags, widths, other conversions: vsnprintf's */
			return SIZE_MAX;
		}
		if (dst) {
			memcpy(dst + n, s, len);
		}
		n += len;
	}
}
