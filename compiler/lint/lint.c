/*
 * The lint driver: runs every rule of docs/lint.md over one IR, in code order, and the
 * helpers the rules share (look-ups, names for messages, the template label).
 *
 * Consumes an IR the lowering produced without errors (every id it names exists) and the
 * template registry; produces warnings in the sink. The rules are independent of each
 * other, so adding one is one function in the file of its subject plus one line here.
 */
#include "lint/lint_internal.h"

#include <string.h>

#include "ir/ir_index.h"

typedef void (*rule_fn)(mc_lint_ctx *cx);

/* In code order, so findings of one rule stay together before the sink is sorted. */
static const rule_fn rules[] = {
        mc_lint_critical_runbook, mc_lint_silent_tier,  mc_lint_unused_target, mc_lint_unused_param,
        mc_lint_rate_guard,       mc_lint_hashed_names, mc_lint_sparse_metric, mc_lint_runbook_link,
        mc_lint_empty_dashboard,  mc_lint_empty_budget, mc_lint_spot_slo,
        mc_lint_runbook_anchor,   mc_lint_requirement_empty,
};

void mc_lint(const mc_ir *ir, const mc_templates *ts, mc_diags *d)
{
	if (!ir)
		return;
	mc_lint_ctx cx = {ir, ts, d};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		rules[i](&cx);
}

const mc_ir_tier *mc_lint_tier(const mc_ir *ir, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ir->ntiers; i++)
		if (ir->tiers[i].name && strcmp(ir->tiers[i].name, name) == 0)
			return &ir->tiers[i];
	return NULL;
}

const mc_ir_runbook *mc_lint_runbook(const mc_ir *ir, const char *id)
{
	long at = mc_ir_index_find(ir, MC_IR_TABLE_RUNBOOKS, id); /* lint runs per alarm */
	return at < 0 ? NULL : &ir->runbooks[at];
}

bool mc_lint_has_span(mc_span s)
{
	return s.file != 0;
}

const char *mc_lint_alarm_name(mc_lint_ctx *cx, const char *source, const char *service,
                               const char *id)
{
	const char *what = source ? source : id ? id : "?";
	if (service)
		return mc_arena_printf(cx->d->arena, "`%s` in service `%s`", what, service);
	return mc_arena_printf(cx->d->arena, "`%s`", what);
}

void mc_lint_label_template(mc_lint_ctx *cx, mc_diag *g, mc_span template_span)
{
	if (mc_lint_has_span(template_span))
		mc_diag_label(cx->d, g, template_span, "defined in the kind here");
}
