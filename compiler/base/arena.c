/*
 * Arena: a chain of blocks; big requests get a block of their own so that a 5 MB scalar does
 * not waste a standard block.
 */
#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"
#include "base/xalloc.h"

/*
 * 8, not max_align_t's 16: nothing moncc allocates needs more than a pointer, an int64_t or
 * a double (no long double, no vector types; UBSan's alignment check watches it), and
 * rounding every node and IR struct up to 16 bytes cost megabytes at 1,000 services.
 */
enum { BLOCK_SIZE = 64 * 1024, ALIGN = 8 };

typedef struct block {
	struct block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
} block;

/* A heap block the arena frees (mc_arena_adopt); the record itself is in the arena. */
typedef struct adopted {
	struct adopted *next;
	void *p;
} adopted;

struct mc_arena {
	block *head;
	adopted *adopted;
	size_t total;
};

mc_arena *mc_arena_new(void)
{
	return mc_xcalloc(1, sizeof(mc_arena));
}

void mc_arena_reset(mc_arena *a)
{
	for (adopted *d = a->adopted; d; d = d->next)
		free(d->p);
	block *b = a->head;
	while (b) {
		block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->adopted = NULL;
	a->total = 0;
}

void mc_arena_free(mc_arena *a)
{
	if (!a)
		return;
	mc_arena_reset(a);
	free(a);
}

static block *new_block(size_t size)
{
	block *b = mc_xmalloc(sizeof(block) + size);
	b->next = NULL;
	b->used = 0;
	b->size = size;
	return b;
}

/*
 * size bytes aligned to align (a power of two) from the head block, or from a new block when
 * they do not fit; not zeroed. Large requests get a block of their own, linked behind the
 * head so the head keeps serving small ones.
 */
static void *take(mc_arena *a, size_t size, size_t align)
{
	a->total += size;
	if (size > BLOCK_SIZE / 4) {
		block *b = new_block(size);
		b->used = size;
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			a->head = b;
		}
		return b->data;
	}
	block *h = a->head;
	size_t start = h ? (h->used + align - 1) & ~(align - 1) : 0;
	if (!h || start + size > h->size) {
		h = new_block(BLOCK_SIZE);
		h->next = a->head;
		a->head = h;
		start = 0;
	}
	h->used = start + size;
	return h->data + start;
}

void *mc_arena_alloc(mc_arena *a, size_t size)
{
	if (size == 0)
		size = 1;
	void *p = take(a, size, ALIGN);
	memset(p, 0, size);
	return p;
}

/*
 * Text is taken byte-aligned: rounding every string up to 16 bytes wasted 8 bytes per string
 * on average, megabytes of a large build (its names, ids and descriptions).
 */
char *mc_arena_strndup(mc_arena *a, const char *s, size_t len)
{
	char *p = take(a, len + 1, 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *mc_arena_strdup(mc_arena *a, const char *s)
{
	return mc_arena_strndup(a, s, strlen(s));
}

void *mc_arena_memdup(mc_arena *a, const void *p, size_t size)
{
	void *q = mc_arena_alloc(a, size);
	if (size)
		memcpy(q, p, size);
	return q;
}

/*
 * Formats straight into the free tail of the head block and claims the bytes afterwards; only
 * text that does not fit there is formatted a second time, into memory of its own (vsnprintf
 * costs close to a thousand instructions per call, and lowering formats names per alarm).
 */
char *mc_arena_vprintf(mc_arena *a, const char *fmt, va_list ap)
{
	mc_fmt f;
	if (mc_fmt_split_copy(&f, fmt, ap)) {
		char *p = take(a, f.len + 1, 1);
		mc_fmt_put(&f, p);
		p[f.len] = '\0';
		return p;
	}
	va_list ap2;
	va_copy(ap2, ap);
	block *h = a->head;
	size_t room = h ? h->size - h->used : 0;
	char *tail = h ? (char *)h->data + h->used : NULL;
	int n = vsnprintf(tail, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		MC_BUG("bad format string %s", fmt);
	size_t size = (size_t)n + 1;
	if (size <= room && size <= BLOCK_SIZE / 4) {
		/* It fitted: claim those bytes, where take() would have put them too. */
		char *p = take(a, size, 1);
		if (p != tail)
			MC_BUG("arena: formatted text is not at the head's tail");
		return p;
	}
	char *p = take(a, size, 1);
	vsnprintf(p, size, fmt, ap);
	return p;
}

char *mc_arena_printf(mc_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = mc_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *mc_arena_adopt(mc_arena *a, void *p, size_t size)
{
	adopted *d = mc_arena_alloc(a, sizeof *d);
	d->p = p;
	d->next = a->adopted;
	a->adopted = d;
	a->total += size;
	return p;
}

size_t mc_arena_used(const mc_arena *a)
{
	return a->total;
}
