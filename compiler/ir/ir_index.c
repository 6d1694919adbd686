/*
 * The id index of ir_index.h: open addressing with linear probing, one table per array. A slot
 * holds the id's hash (32 bits, so most mismatches are settled without touching the id) and
 * the item's position + 1 (0 = empty). Tables are at most three quarters full.
 */
#include "ir/ir_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/prefetch.h"
#include "base/xalloc.h"

typedef struct {
	uint32_t hash;
	uint32_t pos1; /* position + 1; 0 = empty */
} slot;

typedef struct {
	slot *slots;
	size_t mask;             /* number of slots - 1 (a power of two), 0 when no table */
	const char *base;        /* the array */
	size_t size, id_off;     /* its element size and the offset of its `id` member */
} table;

struct mc_ir_index {
	table t[MC_IR_NTABLES];
};

static const char *id_at(const table *tb, size_t pos)
{
	return *(const char *const *)(tb->base + pos * tb->size + tb->id_off);
}

static void build(table *tb, mc_arena *arena, const void *base, size_t n, size_t size,
                  size_t id_off)
{
	tb->base = base;
	tb->size = size;
	tb->id_off = id_off;
	/* Positions are stored in 32 bits; an IR that large has no table (binary search). */
	if (n == 0 || n >= UINT32_MAX / 2)
		return;
	size_t cap = 16;
	while (cap * 3 < n * 4) /* at most three quarters full */
		cap *= 2;
	tb->slots = mc_arena_alloc(arena, cap * sizeof *tb->slots);
	tb->mask = cap - 1;
	/*
	 * Two passes, as the ids and the slots of a large IR are cache misses: the ids are
	 * hashed with the id MC_PREFETCH_AHEAD further on fetched meanwhile, then inserted with
	 * that one's slot fetched meanwhile (base/prefetch.h).
	 */
	uint32_t *hashes = mc_xcalloc(n, sizeof *hashes);
	for (size_t i = 0; i < n; i++) {
		if (i + MC_PREFETCH_AHEAD < n)
			MC_PREFETCH(id_at(tb, i + MC_PREFETCH_AHEAD));
		hashes[i] = (uint32_t)mc_fnv1a64_str(id_at(tb, i));
	}
	for (size_t i = 0; i < n; i++) {
		if (i + MC_PREFETCH_AHEAD < n)
			MC_PREFETCH(&tb->slots[hashes[i + MC_PREFETCH_AHEAD] & tb->mask]);
		size_t at = hashes[i] & tb->mask;
		while (tb->slots[at].pos1)
			at = (at + 1) & tb->mask;
		tb->slots[at] = (slot){hashes[i], (uint32_t)(i + 1)};
	}
	free(hashes);
}

/* Array which of ir, as a table without slots, and its length. */
static table plain_table(const mc_ir *ir, mc_ir_table which, size_t *n)
{
#define PLAIN(arr, count, type)                                                             \
	(*n = (count), (table){NULL, 0, (const char *)(arr), sizeof(type), offsetof(type, id)})
	switch (which) {
	case MC_IR_TABLE_ALARMS: return PLAIN(ir->alarms, ir->nalarms, mc_ir_alarm);
	case MC_IR_TABLE_COMPOSITES: return PLAIN(ir->composites, ir->ncomposites, mc_ir_composite);
	case MC_IR_TABLE_TOPICS: return PLAIN(ir->topics, ir->ntopics, mc_ir_topic);
	case MC_IR_TABLE_RUNBOOKS: return PLAIN(ir->runbooks, ir->nrunbooks, mc_ir_runbook);
	case MC_IR_TABLE_DASHBOARDS: return PLAIN(ir->dashboards, ir->ndashboards, mc_ir_dashboard);
	case MC_IR_NTABLES: break;
	}
#undef PLAIN
	*n = 0;
	return (table){NULL, 0, NULL, 0, 0};
}

struct mc_ir_index *mc_ir_index_build(const mc_ir *ir, mc_arena *arena)
{
	struct mc_ir_index *ix = mc_arena_alloc(arena, sizeof *ix);
	for (int w = 0; w < MC_IR_NTABLES; w++) {
		size_t n;
		table plain = plain_table(ir, (mc_ir_table)w, &n);
		build(&ix->t[w], arena, plain.base, n, plain.size, plain.id_off);
	}
	return ix;
}

/* Binary search of the array sorted by id: for IRs without a table. */
static long search(const table *tb, size_t n, const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, id_at(tb, mid));
		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* The position of id (hashed h) in tb's array, or -1. */
static long find_hashed(const table *tb, const char *id, uint32_t h)
{
	for (size_t at = h & tb->mask;; at = (at + 1) & tb->mask) {
		const slot *s = &tb->slots[at];
		if (!s->pos1)
			return -1;
		if (s->hash == h && strcmp(id_at(tb, s->pos1 - 1), id) == 0)
			return (long)s->pos1 - 1;
	}
}

long mc_ir_index_find(const mc_ir *ir, mc_ir_table which, const char *id)
{
	if (!id)
		return -1;
	const table *tb = ir->index ? &ir->index->t[which] : NULL;
	if (!tb || !tb->mask) {
		size_t n;
		table plain = plain_table(ir, which, &n);
		return search(&plain, n, id);
	}
	return find_hashed(tb, id, (uint32_t)mc_fnv1a64_str(id));
}

/* An alarm's position, -1 - a composite's, or MC_IR_REF_NONE; h: id's hash, for tables. */
static int32_t ref_of(const mc_ir *ir, const char *id, uint32_t h)
{
	const table *alarms = ir->index ? &ir->index->t[MC_IR_TABLE_ALARMS] : NULL;
	long at = alarms && alarms->mask && id ? find_hashed(alarms, id, h)
	                                       : mc_ir_index_find(ir, MC_IR_TABLE_ALARMS, id);
	if (at >= 0)
		return (int32_t)at;
	at = mc_ir_index_find(ir, MC_IR_TABLE_COMPOSITES, id);
	return at >= 0 ? (int32_t)(-1 - at) : MC_IR_REF_NONE;
}

void mc_ir_runbook_refs_resolve(const mc_ir *ir, mc_ir_runbook_refs *r)
{
	size_t nrefs = 0;
	for (size_t i = 0; i < ir->nrunbooks; i++)
		nrefs += ir->runbooks[i].nalarms;
	if (ir->nalarms >= INT32_MAX || ir->ncomposites >= INT32_MAX) /* far beyond memory */
		MC_BUG("runbook references: %zu alarms", ir->nalarms);
	r->start = mc_xcalloc(ir->nrunbooks + 1, sizeof *r->start);
	r->refs = mc_xcalloc(nrefs ? nrefs : 1, sizeof *r->refs);
	const char **ids = mc_xcalloc(nrefs ? nrefs : 1, sizeof *ids);
	nrefs = 0;
	for (size_t i = 0; i < ir->nrunbooks; i++) {
		r->start[i] = nrefs;
		for (size_t k = 0; k < ir->runbooks[i].nalarms; k++)
			ids[nrefs++] = ir->runbooks[i].alarms[k];
	}
	r->start[ir->nrunbooks] = nrefs;
	/* As in build(): the ids hashed first, then looked up with the alarm slot of the
	 * reference MC_PREFETCH_AHEAD further on fetched meanwhile (most references are alarms;
	 * composites are looked up without it). */
	const table *alarms = ir->index ? &ir->index->t[MC_IR_TABLE_ALARMS] : NULL;
	uint32_t *hashes = mc_xcalloc(nrefs ? nrefs : 1, sizeof *hashes);
	for (size_t k = 0; k < nrefs; k++) {
		if (k + MC_PREFETCH_AHEAD < nrefs && ids[k + MC_PREFETCH_AHEAD])
			MC_PREFETCH(ids[k + MC_PREFETCH_AHEAD]);
		hashes[k] = ids[k] ? (uint32_t)mc_fnv1a64_str(ids[k]) : 0;
	}
	for (size_t k = 0; k < nrefs; k++) {
		if (alarms && alarms->mask && k + MC_PREFETCH_AHEAD < nrefs)
			MC_PREFETCH(&alarms->slots[hashes[k + MC_PREFETCH_AHEAD] & alarms->mask]);
		r->refs[k] = ref_of(ir, ids[k], hashes[k]);
	}
	free(hashes);
	free(ids);
}

void mc_ir_runbook_refs_release(mc_ir_runbook_refs *r)
{
	free(r->refs);
	free(r->start);
	r->refs = NULL;
	r->start = NULL;
}
