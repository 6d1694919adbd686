/*
 * An id index over a finished IR: a hash table per array of items looked up by id (alarms,
 * composites, topics, runbooks, dashboards), so that the emitters' and lint's lookups by id
 * cost one hash and one comparison instead of a binary search of string comparisons (ids of
 * one service share their prefix, so every comparison of the search walks it).
 *
 * Built once at the end of lowering (mc_lower), in the session arena, and read-only after:
 * emitters on several threads share it. An IR built by hand (unit tests) has none, and the
 * lookups fall back to the binary search over the sorted arrays.
 */
#ifndef MC_IR_IR_INDEX_H
#define MC_IR_IR_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "ir/ir.h"

typedef enum {
	MC_IR_TABLE_ALARMS,
	MC_IR_TABLE_COMPOSITES,
	MC_IR_TABLE_TOPICS,
	MC_IR_TABLE_RUNBOOKS,
	MC_IR_TABLE_DASHBOARDS,
	MC_IR_NTABLES
} mc_ir_table;

/* Indexes ir's arrays (which must not change afterwards). */
struct mc_ir_index *mc_ir_index_build(const mc_ir *ir, mc_arena *arena);

/* The position of the item with this id in its array, or -1: a lookup through ir->index. */
long mc_ir_index_find(const mc_ir *ir, mc_ir_table t, const char *id);

/*
 * Every runbook's alarms (mc_ir_runbook.alarms) resolved: runbook i's are refs[start[i]] to
 * refs[start[i + 1]] - 1, each the alarm's position in ir->alarms, -1 - the composite's
 * position in ir->composites, or MC_IR_REF_NONE for an id that is neither. 4 bytes per
 * reference, as there are as many as alarms.
 */
#define MC_IR_REF_NONE INT32_MIN

typedef struct {
	int32_t *refs;
	size_t *start; /* nrunbooks + 1 entries */
} mc_ir_runbook_refs;

/*
 * Resolves ir's runbook references into r (allocated; mc_ir_runbook_refs_release): 69,000
 * random lookups at 1,000 services, made once per build for both runbook documents.
 */
void mc_ir_runbook_refs_resolve(const mc_ir *ir, mc_ir_runbook_refs *r);
void mc_ir_runbook_refs_release(mc_ir_runbook_refs *r);

#endif
