/*
 * mc_sort_by_string (base/idsort.h) must give the order of a stable sort by strcmp, NULL as
 * "", for strings that differ before, at and after its 16-byte key prefix, and move whole
 * structs along the permutation.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/idsort.h"
#include "harness.h"

typedef struct {
	uint64_t before; /* the struct's bytes around the string must move with it */
	const char *id;
	char payload[37]; /* an odd size: the struct is not a multiple of 8 + 8 */
	size_t order;     /* position before sorting */
} item;

/* The reference: strcmp with NULL as "", then the position (stable). */
static int ref_cmp(const void *pa, const void *pb)
{
	const item *a = pa, *b = pb;
	int c = strcmp(a->id ? a->id : "", b->id ? b->id : "");
	if (c == 0)
		c = (a->order > b->order) - (a->order < b->order);
	return c;
}

static void fill(item *it, size_t order, const char *id)
{
	memset(it, 0, sizeof *it);
	it->before = 0x1000 + order;
	it->id = id;
	snprintf(it->payload, sizeof it->payload, "payload %zu", order);
	it->order = order;
}

/* Sorts v both ways and compares every struct, byte for byte. */
static void check_against_reference(item *v, size_t n)
{
	item *want = malloc(n * sizeof *want);
	memcpy(want, v, n * sizeof *v);
	qsort(want, n, sizeof *want, ref_cmp);
	mc_sort_by_string(v, n, sizeof *v, offsetof(item, id));
	size_t same = 0;
	for (size_t i = 0; i < n; i++)
		same += memcmp(&v[i], &want[i], sizeof *v) == 0;
	INT_EQ(same, n);
	free(want);
}

static void test_edges(void)
{
	/* Around the 16-byte prefix: shorter, exactly 16, longer with a shared prefix, one a
	 * prefix of another, bytes above 0x7f (strcmp compares them as unsigned), "" and NULL,
	 * and equal strings (kept in order). */
	static const char *const ids[] = {
	        "svc00001/lb/5xx",
	        "svc00000/availability/burn-1d/long",
	        "svc00000/availability/burn-1d/short",
	        "svc00000/availab",
	        "svc00000/availabi",
	        "svc00000/availa",
	        "svc00000/availability/burn-1d",
	        "\xc3\xa9t\xc3\xa9",
	        "zeta",
	        "",
	        NULL,
	        "svc00000/availability/burn-1d/long",
	        "a",
	        "svc00000/availability/burn-1d/long/escalation",
	        "ab",
	        NULL,
	        "",
	        "svc00000/availab",
	};
	enum { N = sizeof ids / sizeof ids[0] };
	item v[N];
	for (size_t i = 0; i < N; i++)
		fill(&v[i], i, ids[i]);
	check_against_reference(v, N);
	/* Spot checks that do not depend on the reference. */
	/* "" and NULL are equal: in their order (positions 9, 10, 15, 16). */
	INT_EQ(v[0].order, 9);
	INT_EQ(v[1].order, 10);
	INT_EQ(v[2].order, 15);
	INT_EQ(v[3].order, 16);
	CHECK(v[1].id == NULL && v[0].id != NULL && v[0].id[0] == '\0');
	STR_EQ(v[N - 1].id, "\xc3\xa9t\xc3\xa9");
}

static void test_random(void)
{
	/* Ids like the benchmark's: a service prefix, then parts of varied length, with many
	 * sharing their first 16 bytes. A fixed seed: the same cases each run. */
	enum { N = 5000 };
	static char text[N][48];
	item *v = malloc(N * sizeof *v);
	unsigned long x = 12345;
	for (size_t i = 0; i < N; i++) {
		x = x * 6364136223846793005ul + 1442695040888963407ul;
		unsigned svc = (unsigned)(x >> 33) % 40, part = (unsigned)(x >> 20) % 7;
		unsigned tail = (unsigned)(x >> 8) % 300;
		static const char *const parts[] = {"a", "availability", "availability/burn",
		                                    "lb",  "host/cpu",     "availability/burn-1h",
		                                    "x"};
		snprintf(text[i], sizeof text[i], "svc%05u/%s/%u", svc, parts[part], tail);
		fill(&v[i], i, text[i]);
	}
	check_against_reference(v, N);
	/* Already sorted, and reversed: the permutation's extremes (no cycle; one long one). */
	check_against_reference(v, N);
	for (size_t i = 0; i < N / 2; i++) {
		item t = v[i];
		v[i] = v[N - 1 - i];
		v[N - 1 - i] = t;
	}
	for (size_t i = 0; i < N; i++)
		v[i].order = i;
	check_against_reference(v, N);
	free(v);
}

static void test_small(void)
{
	item one;
	fill(&one, 0, "only");
	mc_sort_by_string(&one, 1, sizeof one, offsetof(item, id));
	STR_EQ(one.id, "only");
	mc_sort_by_string(NULL, 0, sizeof one, offsetof(item, id)); /* nothing to do */
	CHECK(1);
}

int main(void)
{
	test_edges();
	test_random();
	test_small();
	return harness_done();
}
