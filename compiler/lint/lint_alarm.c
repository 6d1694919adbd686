/*
 * Rules about alarms and their runbooks: W0001 (a critical alarm without a runbook body)
 * and W0008 (a runbook link that names no runbook entry).
 *
 * Consumes the IR's metric alarms, composites and EventBridge rules and its runbook
 * entries. "Critical" means the `critical` tier and any tier declared more severe (a lower
 * rank); without a `critical` tier, the most severe one. Items moncc generates itself (SLO
 * burn rates, escalation and billing alarms) get generated runbooks, so W0001 judges only
 * what a user or a kind wrote: the fix has to be something the user can do.
 */
#include "lint/lint_internal.h"

#include <string.h>

/* The least severe rank that still counts as critical. */
static unsigned critical_rank(const mc_ir *ir)
{
	const mc_ir_tier *t = mc_lint_tier(ir, "critical");
	return t ? t->rank : 0;
}

static bool is_critical(const mc_ir *ir, const char *tier)
{
	const mc_ir_tier *t = mc_lint_tier(ir, tier);
	return t && t->rank <= critical_rank(ir);
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/*
 * Whether an item's runbook link leads to a written body (a dangling link is W0008's, so it
 * counts as written here). *empty: a body exists and is only white space.
 */
static bool has_body(const mc_ir *ir, const char *runbook, bool *empty)
{
	*empty = false;
	if (!runbook)
		return false;
	const mc_ir_runbook *r = mc_lint_runbook(ir, runbook);
	if (!r)
		return true;
	*empty = r->body && r->body[0] && blank(r->body); /* "" is nothing written */
	return !blank(r->body);
}

/* Several tiers or rows of one alarm share a span: report each place once. */
typedef struct {
	mc_span *v;
	size_t len;
} seen_spans;

static bool seen(mc_lint_ctx *cx, seen_spans *s, mc_span at, size_t cap)
{
	for (size_t i = 0; i < s->len; i++)
		if (s->v[i].file == at.file && s->v[i].lo == at.lo && s->v[i].hi == at.hi)
			return true;
	if (!s->v)
		s->v = mc_arena_alloc(cx->d->arena, (cap ? cap : 1) * sizeof *s->v);
	if (s->len < cap)
		s->v[s->len++] = at;
	return false;
}

static void report_runbook(mc_lint_ctx *cx, const char *what, const char *name, mc_ir_origin o,
                           const char *source, bool empty, mc_span span, mc_span template_span)
{
	mc_diags *d = cx->d;
	mc_diag *g = mc_diag_add(d, MC_W0001, span, "critical %s %s has %s", what, name,
	                         empty ? "an empty runbook" : "no runbook");
	mc_diag_label_primary(d, g, "pages someone without telling them what to do");
	mc_lint_label_template(cx, g, template_span);
	if (o == MC_IR_ORIGIN_KIND)
		mc_diag_help(d, g,
		             "give it one in the service's `overrides:`: `%s: { runbook: | ... }`, "
		             "or add `runbook:` to the kind's alarm",
		             source ? source : "RESOURCE.ALARM");
	else
		mc_diag_help(d, g,
		             "add `runbook: |` with what to check first and how to mitigate; it "
		             "becomes the alarm's section of docs/incident-response.md");
}

static bool user_written(mc_ir_origin o)
{
	return o == MC_IR_ORIGIN_SPEC || o == MC_IR_ORIGIN_KIND;
}

void mc_lint_critical_runbook(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	seen_spans done = {0};
	size_t cap = ir->nalarms + ir->ncomposites + ir->nrules;
	bool empty;

	for (size_t i = 0; i < ir->nalarms; i++) {
		const mc_ir_alarm *a = &ir->alarms[i];
		if (!user_written(a->origin) || !is_critical(ir, a->tier))
			continue;
		if (has_body(ir, a->runbook, &empty) || seen(cx, &done, a->span, cap))
			continue;
		report_runbook(cx, "alarm", mc_lint_alarm_name(cx, a->source, a->service, a->id),
		               a->origin, a->source, empty, a->span, a->template_span);
	}
	for (size_t i = 0; i < ir->ncomposites; i++) {
		const mc_ir_composite *c = &ir->composites[i];
		if (!user_written(c->origin) || !is_critical(ir, c->tier))
			continue;
		if (has_body(ir, c->runbook, &empty) || seen(cx, &done, c->span, cap))
			continue;
		report_runbook(cx, "composite alarm",
		               mc_lint_alarm_name(cx, c->source, c->service, c->id), c->origin,
		               c->source, empty, c->span, MC_NO_SPAN);
	}
	/* EventBridge rules come from kinds (the Spot interruption notice pages, too). */
	for (size_t i = 0; i < ir->nrules; i++) {
		const mc_ir_event_rule *r = &ir->rules[i];
		if (!is_critical(ir, r->tier) || has_body(ir, r->runbook, &empty) ||
		    seen(cx, &done, r->span, cap))
			continue;
		report_runbook(cx, "event rule", mc_lint_alarm_name(cx, NULL, r->service, r->id),
		               MC_IR_ORIGIN_EVENT, NULL, empty, r->span, r->template_span);
	}
}

static void report_link(mc_lint_ctx *cx, const char *what, const char *name, const char *runbook,
                        mc_span span)
{
	mc_diags *d = cx->d;
	mc_diag *g = mc_diag_add(d, MC_W0008, span,
	                         "%s %s links to runbook `%s`, which does not "
	                         "exist",
	                         what, name, runbook);
	mc_diag_label_primary(d, g, "its runbook link would lead nowhere");
	mc_diag_note(d, g, "runbook links point at sections of docs/incident-response.md");
	mc_diag_help(d, g,
	             "this is a moncc bug if the spec names no runbook itself; please "
	             "report it with the spec");
}

void mc_lint_runbook_link(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	for (size_t i = 0; i < ir->nalarms; i++) {
		const mc_ir_alarm *a = &ir->alarms[i];
		if (a->runbook && !mc_lint_runbook(ir, a->runbook))
			report_link(cx, "alarm",
			            mc_lint_alarm_name(cx, a->source, a->service, a->id),
			            a->runbook, a->span);
	}
	for (size_t i = 0; i < ir->ncomposites; i++) {
		const mc_ir_composite *c = &ir->composites[i];
		if (c->runbook && !mc_lint_runbook(ir, c->runbook))
			report_link(cx, "composite alarm",
			            mc_lint_alarm_name(cx, c->source, c->service, c->id),
			            c->runbook, c->span);
	}
	for (size_t i = 0; i < ir->nrules; i++) {
		const mc_ir_event_rule *r = &ir->rules[i];
		if (r->runbook && !mc_lint_runbook(ir, r->runbook))
			report_link(cx, "event rule",
			            mc_lint_alarm_name(cx, NULL, r->service, r->id), r->runbook,
			            r->span);
	}
}
