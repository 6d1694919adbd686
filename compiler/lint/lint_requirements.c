/*
 * W0015: a requirement served by nothing.
 *
 * Consumes the IR's requirements (spec `requirements:`). An entry with no alarm, dashboard,
 * query, SLO or metric is legal (the table can list what is not covered yet), but it shows in
 * the monitoring guide as covered by nothing, which is either a gap someone must close or a
 * forgotten reference: say so, once per entry.
 */
#include "lint/lint_internal.h"

void mc_lint_requirement_empty(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	mc_diags *d = cx->d;
	for (size_t i = 0; i < ir->nrequirements; i++) {
		const mc_ir_requirement *r = &ir->requirements[i];
		if (r->nalarms || r->ndashboards || r->nqueries || r->nslos || r->nmetrics)
			continue;
		mc_diag *g = mc_diag_add(d, MC_W0015, r->span,
		                         "requirement `%s` is served by nothing", r->id);
		mc_diag_label_primary(d, g, "no alarms, dashboards, queries, SLOs or metrics");
		if (r->notes)
			mc_diag_note(d, g, "its `notes:` are all the monitoring guide shows for it");
		mc_diag_help(d, g, "list what serves it, such as `alarms: [SERVICE.RESOURCE.ALARM]`, "
		                   "or add monitoring that does");
	}
}
