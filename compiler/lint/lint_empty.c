/*
 * Rules about things declared and left empty: W0009 (a dashboard with no widgets) and
 * W0010 (a budget with no alerts).
 *
 * Consumes the IR's dashboards and budgets. Both are legal in AWS and both do nothing: an
 * empty dashboard is a blank page in the console, and a budget without notifications only
 * records spend that nobody is told about.
 */
#include "lint/lint_internal.h"

void mc_lint_empty_dashboard(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	mc_diags *d = cx->d;
	for (size_t i = 0; i < ir->ndashboards; i++) {
		const mc_ir_dashboard *b = &ir->dashboards[i];
		if (b->nwidgets > 0)
			continue;
		mc_diag *g = mc_diag_add(d, MC_W0009, b->span, "dashboard `%s` has no widgets",
		                         b->id ? b->id : b->name);
		mc_diag_label_primary(d, g, "expected at least one widget");
		if (b->preset)
			mc_diag_note(d, g, "preset `%s` found nothing to show in this spec",
			             b->preset);
		mc_diag_help(d, g,
		             "add `rows:` of widgets, pick a preset that has something to "
		             "show, or remove the dashboard");
	}
}

void mc_lint_empty_budget(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	mc_diags *d = cx->d;
	for (size_t i = 0; i < ir->nbudgets; i++) {
		const mc_ir_budget *b = &ir->budgets[i];
		if (b->nalerts > 0)
			continue;
		mc_diag *g = mc_diag_add(d, MC_W0010, b->span, "budget `%s` has no alerts",
		                         b->id ? b->id : b->name);
		mc_diag_label_primary(d, g, "expected `alerts:` with at least one threshold");
		mc_diag_help(d, g, "add `alerts: [ { tier: warning, at: 80%%, of: forecast } ]`");
	}
}
