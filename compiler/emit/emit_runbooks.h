/*
 * The runbook documents (spec-language.md §6): docs/monitoring-guide.md and
 * docs/incident-response.md, written from the IR into an mc_md writer.
 *
 * Split from mc_emit_runbooks (emit_runbooks.c, which only opens the two files) so that the
 * unit tests can render into memory and lint rule W0012 can dry-run incident-response.md
 * to see where each runbook link lands, without the output machinery of a build.
 */
#ifndef MC_EMIT_EMIT_RUNBOOKS_H
#define MC_EMIT_EMIT_RUNBOOKS_H

#include "emit/emit.h"
#include "emit/emit_md.h"
#include "ir/ir_index.h"

/*
 * The two documents. cx->paths and cx->header may be zero (tests): defaults are used. refs
 * is cx->ir's runbook references resolved (mc_ir_runbook_refs_resolve), which both documents
 * read; NULL: each resolves them itself.
 */
void mc_runbooks_guide(const mc_emit_ctx *cx, mc_md *md, const mc_ir_runbook_refs *refs);
void mc_runbooks_incident(const mc_emit_ctx *cx, mc_md *md, const mc_ir_runbook_refs *refs);

/*
 * Dry-runs incident-response.md and calls fn for each runbook entry, in IR order, with the
 * anchor GitHub gives the heading of its section. A link `runbook_base#ID` lands on the
 * section exactly when anchor equals r->id.
 */
typedef void (*mc_runbook_anchor_fn)(void *ud, const mc_ir_runbook *r, const char *anchor);
void mc_runbooks_anchors(const mc_ir *ir, mc_runbook_anchor_fn fn, void *ud);

#endif
