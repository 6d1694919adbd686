/* Sorting structs by a string member through compact keys; see idsort.h. */
#include "base/idsort.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

enum { KEY_PREFIX = 16 };

typedef struct {
	char prefix[KEY_PREFIX]; /* the string's first bytes, NUL-padded */
	const char *s;
	size_t at;               /* the struct's position */
} key;

static int key_cmp(const void *pa, const void *pb)
{
	const key *a = pa, *b = pb;
	int c = memcmp(a->prefix, b->prefix, KEY_PREFIX);
	/* Equal prefixes that end in NUL are equal strings; otherwise both go on past them. */
	if (c == 0 && a->prefix[KEY_PREFIX - 1] != '\0')
		c = strcmp(a->s + KEY_PREFIX, b->s + KEY_PREFIX);
	if (c == 0)
		c = (a->at > b->at) - (a->at < b->at);
	return c;
}

void mc_sort_by_string(void *v, size_t n, size_t size, size_t str_off)
{
	if (n < 2)
		return;
	char *base = v;
	key *keys = mc_xcalloc(n, sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		const char *s = *(const char *const *)(base + i * size + str_off);
		keys[i].s = s ? s : "";
		keys[i].at = i;
		strncpy(keys[i].prefix, keys[i].s, KEY_PREFIX); /* pads with NULs */
	}
	qsort(keys, n, sizeof *keys, key_cmp);
	/* keys[k].at: the struct that belongs at k. Each cycle moves through one spare struct;
	 * a position that holds its struct is marked by at = k. */
	char *spare = mc_xmalloc(size);
	for (size_t k = 0; k < n; k++) {
		if (keys[k].at == k)
			continue;
		memcpy(spare, base + k * size, size);
		size_t j = k;
		while (keys[j].at != k) {
			size_t from = keys[j].at;
			memcpy(base + j * size, base + from * size, size);
			keys[j].at = j;
			j = from;
		}
		memcpy(base + j * size, spare, size);
		keys[j].at = j;
	}
	free(spare);
	free(keys);
}
