/*
 * A growable byte buffer (git's strbuf, cmark's cmark_strbuf), always NUL-terminated.
 * mc_buf_init() or MC_BUF_INIT, append, then either mc_buf_release() or take ownership of
 * the bytes with mc_buf_detach() (the caller frees them with free()).
 */
#ifndef MC_BASE_BUF_H
#define MC_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char *p;      /* NUL-terminated once anything has been appended; NULL before */
	size_t len;
	size_t cap;
} mc_buf;

#define MC_BUF_INIT {NULL, 0, 0}

void mc_buf_init(mc_buf *b);
void mc_buf_release(mc_buf *b);
char *mc_buf_detach(mc_buf *b);              /* never NULL; caller frees */
const char *mc_buf_str(const mc_buf *b);     /* "" when empty */
void mc_buf_clear(mc_buf *b);                /* length 0, keeps the memory */

/* Room for extra more bytes (and the NUL) without growing: for writers that fill b->p. */
void mc_buf_reserve(mc_buf *b, size_t extra);
void mc_buf_add(mc_buf *b, const void *p, size_t len);
void mc_buf_puts(mc_buf *b, const char *s);
static inline void mc_buf_putc(mc_buf *b, char c);
void mc_buf_repeat(mc_buf *b, char c, size_t n);
void mc_buf_printf(mc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mc_buf_vprintf(mc_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Decimal digits of v, without printf (a printf call costs ~1,000 instructions). */
void mc_buf_uint(mc_buf *b, unsigned long long v);

/* JSON string body escaping (no surrounding quotes); bytes are assumed valid UTF-8. */
void mc_buf_json_escape(mc_buf *b, const char *s, size_t len);

/*
 * Shortest decimal text that reads back as the same double when 15 significant digits do;
 * otherwise 12 digits, rounded (`0.001`, `0.072`; never `0.07200000000000001`).
 */
void mc_buf_double(mc_buf *b, double v);

/* Grows the buffer for one more byte; the slow half of mc_buf_putc. */
void mc_buf_grow1(mc_buf *b);

/*
 * Inline because the Markdown and id writers append one byte at a time: millions of calls
 * per build, where a call into buf.c plus the growth check cost more than the byte itself.
 */
static inline void mc_buf_putc(mc_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		mc_buf_grow1(b);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

#endif
