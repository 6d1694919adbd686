/*
 * The id index of ir_index.h: open addressing with linear probing, one table per array. A slot
 * holds the id's hash (32 bits, so most mismatches are settled without touching the id) and
 * the item's position + 1 (0 = empty). Tables are at most three quarters full.
 */
#include "ir/ir_index.h"

#include <stdint.h>
#include <string.h>

#include "base/hash.h"

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
	for (size_t i = 0; i < n; i++) {
		uint32_t h = (uint32_t)mc_fnv1a64_str(id_at(tb, i));
		size_t at = h & tb->mask;
		while (tb->slots[at].pos1)
			at = (at + 1) & tb->mask;
		tb->slots[at] = (slot){h, (uint32_t)(i + 1)};
	}
}

#define BUILD(ix, which, arr, n, type)                                                      \
	build(&(ix)->t[which], arena, (arr), (n), sizeof(type), offsetof(type, id))

struct mc_ir_index *mc_ir_index_build(const mc_ir *ir, mc_arena *arena)
{
	struct mc_ir_index *ix = mc_arena_alloc(arena, sizeof *ix);
	BUILD(ix, MC_IR_TABLE_ALARMS, ir->alarms, ir->nalarms, mc_ir_alarm);
	BUILD(ix, MC_IR_TABLE_COMPOSITES, ir->composites, ir->ncomposites, mc_ir_composite);
	BUILD(ix, MC_IR_TABLE_TOPICS, ir->topics, ir->ntopics, mc_ir_topic);
	BUILD(ix, MC_IR_TABLE_RUNBOOKS, ir->runbooks, ir->nrunbooks, mc_ir_runbook);
	BUILD(ix, MC_IR_TABLE_DASHBOARDS, ir->dashboards, ir->ndashboards, mc_ir_dashboard);
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

long mc_ir_index_find(const mc_ir *ir, mc_ir_table which, const char *id)
{
	static const size_t sizes[MC_IR_NTABLES] = {
	    sizeof(mc_ir_alarm), sizeof(mc_ir_composite), sizeof(mc_ir_topic),
	    sizeof(mc_ir_runbook), sizeof(mc_ir_dashboard)};
	static const size_t offs[MC_IR_NTABLES] = {
	    offsetof(mc_ir_alarm, id), offsetof(mc_ir_composite, id), offsetof(mc_ir_topic, id),
	    offsetof(mc_ir_runbook, id), offsetof(mc_ir_dashboard, id)};
	const void *bases[MC_IR_NTABLES] = {ir->alarms, ir->composites, ir->topics, ir->runbooks,
	                                    ir->dashboards};
	const size_t counts[MC_IR_NTABLES] = {ir->nalarms, ir->ncomposites, ir->ntopics,
	                                      ir->nrunbooks, ir->ndashboards};
	if (!id)
		return -1;
	const table *tb = ir->index ? &ir->index->t[which] : NULL;
	if (!tb || !tb->mask) {
		table plain = {NULL, 0, bases[which], sizes[which], offs[which]};
		return search(&plain, counts[which], id);
	}
	uint32_t h = (uint32_t)mc_fnv1a64_str(id);
	for (size_t at = h & tb->mask;; at = (at + 1) & tb->mask) {
		const slot *s = &tb->slots[at];
		if (!s->pos1)
			return -1;
		if (s->hash == h && strcmp(id_at(tb, s->pos1 - 1), id) == 0)
			return (long)s->pos1 - 1;
	}
}
