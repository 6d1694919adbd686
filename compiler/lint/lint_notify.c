/*
 * Rules about who gets told: W0002 (a tier that notifies no one while something uses it)
 * and W0003 (a notification target that nothing sends to).
 *
 * Consumes the IR's tiers, topics and every item that names a tier or a topic: metric and
 * composite alarms, EventBridge rules, budget alerts and cost anomaly monitors. W0002
 * judges only tiers the spec writes (they have a span): a default tier the spec never
 * mentions is record-only by design ("small specs, strong defaults": the minimal contract
 * example declares `critical` alone and means it). The least severe tier (`info` by
 * default) is left alone as well: the spec language's own example makes it a record-only
 * tier with `notify: []`, whose alarms show on dashboards and in alarms.yaml but page no one.
 */
#include "lint/lint_internal.h"

#include <string.h>

#include "base/buf.h"
#include "sema/units.h"

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The first item that uses tier `name`, and how many do. */
typedef struct {
	size_t n;
	mc_span first;
	const char *first_what;
	bool mixed; /* users of more than one sort: say "items" */
} tier_users;

static void use(tier_users *u, mc_span at, const char *what)
{
	if (u->n > 0 && strcmp(what, u->first_what) != 0)
		u->mixed = true;
	if (u->n++ == 0 || (!mc_lint_has_span(u->first) && mc_lint_has_span(at))) {
		u->first = at;
		u->first_what = what;
	}
}

/* "an alarm uses", "3 alarms use", "2 items use". */
static const char *users_text(mc_lint_ctx *cx, const tier_users *u)
{
	if (u->n == 1)
		return mc_arena_printf(cx->d->arena, "%s %s uses",
		                       u->first_what[0] == 'a' || u->first_what[0] == 'e' ? "an"
		                                                                          : "a",
		                       u->first_what);
	return mc_arena_printf(cx->d->arena, "%zu %ss use", u->n,
	                       u->mixed ? "item" : u->first_what);
}

static tier_users users_of(const mc_ir *ir, const char *name)
{
	tier_users u = {0, MC_NO_SPAN, NULL, false};
	for (size_t i = 0; i < ir->nalarms; i++)
		if (same(ir->alarms[i].tier, name))
			use(&u, ir->alarms[i].span, "alarm");
	for (size_t i = 0; i < ir->ncomposites; i++)
		if (same(ir->composites[i].tier, name))
			use(&u, ir->composites[i].span, "alarm");
	for (size_t i = 0; i < ir->nrules; i++)
		if (same(ir->rules[i].tier, name))
			use(&u, ir->rules[i].span, "event rule");
	for (size_t i = 0; i < ir->nbudgets; i++)
		for (size_t k = 0; k < ir->budgets[i].nalerts; k++)
			if (same(ir->budgets[i].alerts[k].tier, name))
				use(&u, ir->budgets[i].alerts[k].span, "budget alert");
	for (size_t i = 0; i < ir->ncost_anomalies; i++)
		if (same(ir->cost_anomalies[i].tier, name))
			use(&u, ir->cost_anomalies[i].span, "cost anomaly monitor");
	return u;
}

void mc_lint_silent_tier(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	mc_diags *d = cx->d;
	unsigned least = 0;
	for (size_t i = 0; i < ir->ntiers; i++)
		if (ir->tiers[i].rank > least)
			least = ir->tiers[i].rank;

	for (size_t i = 0; i < ir->ntiers; i++) {
		const mc_ir_tier *t = &ir->tiers[i];
		if (t->ntopics > 0 || !mc_lint_has_span(t->span) ||
		    (ir->ntiers > 1 && t->rank == least))
			continue;
		tier_users u = users_of(ir, t->name);
		if (u.n == 0)
			continue;
		mc_diag *g =
		        mc_diag_add(d, MC_W0002, t->span, "tier `%s` notifies no one, but %s it",
		                    t->name, users_text(cx, &u));
		mc_diag_label_primary(d, g, "expected at least one target in `notify:`");
		if (mc_lint_has_span(u.first))
			mc_diag_label(d, g, u.first, "this %s uses the tier", u.first_what);
		if (t->nescalate_topics > 0) {
			mc_buf b;
			mc_buf_init(&b);
			mc_duration_format(&b, t->escalate_after_s);
			mc_diag_note(d, g, "its escalation reaches someone only after %s in ALARM",
			             mc_buf_str(&b));
			mc_buf_release(&b);
		}
		mc_diag_help(d, g,
		             "name a target under `tiers: { %s: { notify: [...] } }`, or "
		             "move these to a tier that notifies someone",
		             t->name);
	}
}

static bool in_list(const char *const *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (same(v[i], id))
			return true;
	return false;
}

static bool in_actions(const mc_ir_actions *a, const char *id)
{
	return in_list(a->topics, a->ntopics, id);
}

static bool topic_used(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; i < ir->ntiers; i++)
		if (in_list(ir->tiers[i].topics, ir->tiers[i].ntopics, id) ||
		    in_list(ir->tiers[i].escalate_topics, ir->tiers[i].nescalate_topics, id))
			return true;
	for (size_t i = 0; i < ir->nalarms; i++)
		if (in_actions(&ir->alarms[i].on_alarm, id) || in_actions(&ir->alarms[i].on_ok, id))
			return true;
	for (size_t i = 0; i < ir->ncomposites; i++)
		if (in_actions(&ir->composites[i].on_alarm, id) ||
		    in_actions(&ir->composites[i].on_ok, id))
			return true;
	for (size_t i = 0; i < ir->nrules; i++)
		if (in_actions(&ir->rules[i].targets, id))
			return true;
	for (size_t i = 0; i < ir->nbudgets; i++)
		for (size_t k = 0; k < ir->budgets[i].nalerts; k++)
			if (in_list(ir->budgets[i].alerts[k].topics,
			            ir->budgets[i].alerts[k].ntopics, id))
				return true;
	for (size_t i = 0; i < ir->ncost_anomalies; i++)
		if (in_list(ir->cost_anomalies[i].topics, ir->cost_anomalies[i].ntopics, id))
			return true;
	return false;
}

void mc_lint_unused_target(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	mc_diags *d = cx->d;
	for (size_t i = 0; i < ir->ntopics; i++) {
		const mc_ir_topic *t = &ir->topics[i];
		if (topic_used(ir, t->id))
			continue;
		const char *name = t->target ? t->target : t->id;
		mc_diag *g = mc_diag_add(d, MC_W0003, t->span,
		                         "notification target `%s` is not used", name);
		mc_diag_label_primary(d, g,
		                      "no tier, escalation, budget or anomaly monitor sends "
		                      "here");
		if (!t->existing_arn)
			mc_diag_note(d, g, "it still becomes an SNS topic with %zu subscription%s",
			             t->nsubscriptions, t->nsubscriptions == 1 ? "" : "s");
		mc_diag_help(d, g,
		             "name it in a tier's `notify:` or `escalate: { to: [%s] }`, or "
		             "remove it",
		             name);
	}
}
