/*
 * Lint: semantic rules over a lowered spec that AWS would accept but that are probably
 * mistakes (a critical alarm nobody can act on, a tier that pages no one, a ratio that
 * flaps at night). docs/lint.md is the catalogue: one code (W0001...) per rule, its default
 * level, why it matters and how to fix it.
 *
 * Lint reads only the IR (compiler/ir/ir.h), which the lowering produced without errors,
 * plus the template registry for the rules about templates themselves. It never changes
 * either, and it reports warnings only: a spec that lints with warnings still builds.
 * Diagnostics point at the item's `span` in the spec (with the template line as a
 * secondary label when the item came from a kind), in the order of the rules; the driver
 * sorts the sink into source order afterwards.
 */
#ifndef MC_LINT_LINT_H
#define MC_LINT_LINT_H

#include "diag/diag.h"
#include "ir/ir.h"
#include "template/template.h"

/*
 * Runs every rule over ir and appends its findings to d (allocated in d's arena). ts may be
 * NULL, which skips the template rules. Deterministic: the same IR gives the same
 * diagnostics in the same order.
 */
void mc_lint(const mc_ir *ir, const mc_templates *ts, mc_diags *d);

#endif
