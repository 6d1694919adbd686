/* Aborting allocators and MC_BUG; see xalloc.h. */
#include "base/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void out_of_memory(void)
{
	fputs("moncc: out of memory\n", stderr);
	abort();
}

void *mc_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *mc_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *mc_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *mc_xstrdup(const char *s)
{
	return mc_xstrndup(s, strlen(s));
}

char *mc_xstrndup(const char *s, size_t len)
{
	char *p = mc_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void mc_grow(void **vec, size_t *cap, size_t need, size_t elem_size)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	if (n > (size_t)-1 / elem_size)
		out_of_memory();
	/*
	 * Small blocks move by hand: glibc's realloc takes its arena's lock every time, while
	 * malloc and free of small blocks go through the thread's cache without it. The emitters'
	 * threads grow a million short-lived buffers at 1,000 services, and realloc made them
	 * queue on that lock (thousands of futex waits per build).
	 */
	if (*cap * elem_size <= 512) {
		void *p = mc_xmalloc(n * elem_size);
		if (*cap)
			memcpy(p, *vec, *cap * elem_size);
		free(*vec);
		*vec = p;
	} else {
		*vec = mc_xrealloc(*vec, n * elem_size);
	}
	*cap = n;
}

void mc_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "moncc: BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
