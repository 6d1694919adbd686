/*
 * Lowering step 5: the spec's `cost:` section -> an AWS Budgets budget and a Cost Anomaly
 * Detection monitor with its subscription (ir.h mc_ir_budget, mc_ir_cost_anomaly).
 *
 * Consumes `cost.budget` (`monthly`, `name`, `alerts: [{tier, at, of}]`) and `cost.anomalies`
 * (`above`, `percent`, `tier`, `frequency`), the tiers and topics lowered by step 1. Produces
 * at most one budget (`budget/monthly`) and one anomaly monitor (`cost/anomalies`), and sets
 * `from_budgets` / `from_cost_anomaly` on the topics those services publish to, so the
 * emitters can write the topic policies.
 *
 * Invariants: every alert of an emitted item names an existing tier and topic ids of that
 * tier; what AWS would refuse at deploy time is reported here, at the spec location
 * (aws-notes §2.4-2.5): a budget notification has 1 to 11 subscribers of which at most one
 * is an SNS topic, a threshold of at least 0.1%; an IMMEDIATE anomaly subscription sends to
 * exactly one SNS topic, a DAILY or WEEKLY one to 1 to 10 e-mail addresses. Nothing is
 * emitted for a part with errors.
 */
#include <string.h>

#include "base/xalloc.h"
#include "lower/lower_internal.h"
#include "sema/units.h"

/* AWS Budgets refuses thresholds under 0.1 (percent) in CloudFormation. */
#define BUDGET_MIN_PERCENT 0.1
/* A Cost Anomaly subscription has at most 10 e-mail subscribers (or one SNS topic). */
#define ANOMALY_MAX_EMAILS 10

static mc_ir_topic *topic_find(mc_lower_ctx *cx, const char *id)
{
	for (size_t i = 0; i < cx->ntopics; i++)
		if (strcmp(cx->topics[i].id, id) == 0)
			return &cx->topics[i];
	return NULL;
}

static size_t tier_emails(mc_lower_ctx *cx, const mc_ir_tier *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->ntopics; i++) {
		const mc_ir_topic *tp = topic_find(cx, t->topics[i]);
		for (size_t k = 0; tp && k < tp->nsubscriptions; k++)
			if (strcmp(tp->subscriptions[k].protocol, "email") == 0)
				n++;
	}
	return n;
}

static mc_span key_span(const mc_pair *p)
{
	return p->key->span;
}

/* A tier's topics as an arena copy (the IR items own their lists). */
static const char **copy_topics(mc_lower_ctx *cx, const mc_ir_tier *t)
{
	const char **v = mc_arena_alloc(cx->arena, (t->ntopics ? t->ntopics : 1) * sizeof *v);
	for (size_t i = 0; i < t->ntopics; i++)
		v[i] = t->topics[i];
	return v;
}

/*
 * A budget notification goes to SNS topics (one subscriber each); AWS takes at most one SNS
 * subscriber per notification, and at least one subscriber. 0 when the tier fits.
 */
static int budget_tier_ok(mc_lower_ctx *cx, const mc_ir_tier *t, mc_span span)
{
	if (t->ntopics == 1)
		return 0;
	mc_diag *g;
	if (t->ntopics == 0) {
		g = mc_diag_add(cx->d, MC_E0245, span, "budget alert to tier `%s` reaches no one",
		                t->name);
		mc_diag_label_primary(cx->d, g, "tier `%s` notifies no target", t->name);
		mc_diag_help(cx->d, g, "add a target to `tiers.%s.notify`, or send the alert to "
		             "another tier", t->name);
	} else {
		g = mc_diag_add(cx->d, MC_E0245, span,
		                "budget alert to tier `%s` would need %zu SNS topics", t->name,
		                t->ntopics);
		mc_diag_label_primary(cx->d, g,
		                      "AWS Budgets sends one alert to at most one SNS topic");
		mc_diag_help(cx->d, g, "send budget alerts to a tier with one notification target");
	}
	if (t->span.hi)
		mc_diag_label(cx->d, g, t->span, "tier `%s` declared here", t->name);
	return -1;
}

static void lower_budget(mc_lower_ctx *cx, const mc_pair *bp)
{
	const mc_node *b = bp->value;
	const mc_node *monthly = mc_node_get(b, "monthly");
	double amount = 0;
	int errors = 0;
	if (!monthly || !monthly->text ||
	    mc_money_parse(monthly->text, monthly->text_len, &amount) < 0)
		return; /* the schema has reported it */
	if (amount <= 0) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0243, monthly->span,
		                         "a budget of `%s` can never be useful", monthly->text);
		mc_diag_label_primary(cx->d, g, "expected an amount above 0 USD");
		errors++;
	}

	const mc_node *alerts = mc_node_get(b, "alerts");
	size_t na = alerts && alerts->kind == MC_NODE_SEQ ? alerts->nitems : 0;
	struct mc_ir_budget_alert *v = mc_arena_alloc(cx->arena, (na ? na : 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < na; i++) {
		const mc_node *a = alerts->items[i];
		const mc_node *tier = mc_node_get(a, "tier");
		const mc_node *at = mc_node_get(a, "at");
		const mc_node *of = mc_node_get(a, "of");
		double pct;
		if (!tier || !tier->text || !at || !at->text ||
		    mc_percent_parse(at->text, at->text_len, &pct) < 0) {
			errors++;
			continue;
		}
		if (pct < BUDGET_MIN_PERCENT) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0243, at->span,
			                         "budget alert at `%s` is below what AWS accepts",
			                         at->text);
			mc_diag_label_primary(cx->d, g, "expected at least 0.1%%");
			mc_diag_help(cx->d, g, "alert at a share such as `50%%` of the budget");
			errors++;
			continue;
		}
		bool forecast = of && of->text && strcmp(of->text, "forecast") == 0;
		/* Two notifications with the same type and threshold are a duplicate to AWS. */
		for (size_t k = 0; k < n; k++) {
			if (v[k].forecast != forecast || v[k].percent != pct)
				continue;
			mc_diag *g = mc_diag_add(cx->d, MC_E0245, a->span,
			                         "budget alert at `%s` of %s spend is given twice",
			                         at->text, forecast ? "forecast" : "actual");
			mc_diag_label_primary(cx->d, g, "the same alert again");
			mc_diag_label(cx->d, g, v[k].span, "first given here");
			mc_diag_help(cx->d, g,
			             "AWS Budgets refuses duplicate notifications: keep one");
			errors++;
			break;
		}
		const mc_ir_tier *t = mc_lower_tier_resolve(cx, tier->text, tier->span);
		if (!t || budget_tier_ok(cx, t, tier->span) < 0) {
			errors++;
			continue;
		}
		v[n++] = (struct mc_ir_budget_alert){
		        .forecast = forecast,
		        .percent = pct,
		        .tier = t->name,
		        .topics = copy_topics(cx, t),
		        .ntopics = t->ntopics,
		        .span = a->span,
		};
	}
	if (errors)
		return;

	const mc_node *name = mc_node_get(b, "name");
	const char *parts[] = {"monthly"};
	MC_GROW(cx->budgets, cx->cbudgets, cx->nbudgets + 1);
	cx->budgets[cx->nbudgets++] = (mc_ir_budget){
	        .id = "budget/monthly",
	        .name = name && name->text ? name->text : mc_lower_prefixed_name(cx, 100, parts, 1),
	        .amount = amount,
	        .alerts = v,
	        .nalerts = n,
	        .span = key_span(bp),
	};
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < v[i].ntopics; k++) {
			mc_ir_topic *tp = topic_find(cx, v[i].topics[k]);
			if (tp)
				tp->from_budgets = true;
		}
}

/* IMMEDIATE: exactly one SNS topic; DAILY/WEEKLY: 1 to 10 e-mail addresses. */
static int anomaly_tier_ok(mc_lower_ctx *cx, const mc_ir_tier *t, bool immediate, mc_span span)
{
	mc_diag *g = NULL;
	if (immediate && t->ntopics != 1) {
		if (t->ntopics == 0) {
			g = mc_diag_add(cx->d, MC_E0245, span,
			                "cost anomaly alerts to tier `%s` reach no one", t->name);
			mc_diag_label_primary(cx->d, g, "tier `%s` notifies no target", t->name);
		} else {
			g = mc_diag_add(cx->d, MC_E0245, span,
			                "cost anomaly alerts to tier `%s` would need %zu SNS "
			                "topics",
			                t->name, t->ntopics);
			mc_diag_label_primary(cx->d, g,
			                      "immediate alerts go to exactly one SNS topic");
		}
		mc_diag_help(cx->d, g, "use a tier with one notification target, or "
		             "`frequency: daily` to send e-mail summaries");
	} else if (!immediate) {
		size_t ne = tier_emails(cx, t);
		if (ne >= 1 && ne <= ANOMALY_MAX_EMAILS)
			return 0;
		if (ne) {
			g = mc_diag_add(cx->d, MC_E0245, span,
			                "cost anomaly summaries to tier `%s` would go to %zu "
			                "e-mail addresses",
			                t->name, ne);
			mc_diag_label_primary(cx->d, g,
			                      "AWS sends a summary to at most 10 addresses");
		} else {
			g = mc_diag_add(cx->d, MC_E0245, span,
			                "cost anomaly summaries to tier `%s` reach no e-mail "
			                "address",
			                t->name);
			mc_diag_label_primary(cx->d, g,
			                      "daily and weekly summaries go by e-mail only");
		}
		mc_diag_help(cx->d, g, "use a tier whose targets have `email:`, or "
		             "`frequency: immediate` to send to its SNS topic");
	}
	if (!g)
		return 0;
	if (t->span.hi)
		mc_diag_label(cx->d, g, t->span, "tier `%s` declared here", t->name);
	return -1;
}

static void lower_anomalies(mc_lower_ctx *cx, const mc_pair *ap)
{
	const mc_node *a = ap->value;
	const mc_node *above = mc_node_get(a, "above");
	const mc_node *percent = mc_node_get(a, "percent");
	const mc_node *tier = mc_node_get(a, "tier");
	const mc_node *freq = mc_node_get(a, "frequency");
	double usd = 0, pct = 0;
	if (!above || !above->text || mc_money_parse(above->text, above->text_len, &usd) < 0)
		return;
	if (percent && (!percent->text ||
	                mc_percent_parse(percent->text, percent->text_len, &pct) < 0))
		return;
	const char *tier_name = tier && tier->text ? tier->text : "warning";
	mc_span tier_span = tier ? tier->span : ap->key->span;
	const char *frequency = "IMMEDIATE";
	if (freq && freq->text && strcmp(freq->text, "daily") == 0)
		frequency = "DAILY";
	else if (freq && freq->text && strcmp(freq->text, "weekly") == 0)
		frequency = "WEEKLY";
	bool immediate = frequency[0] == 'I';

	const mc_ir_tier *t = mc_lower_tier_resolve(cx, tier_name, tier_span);
	mc_span where = freq && !immediate ? freq->span : tier_span;
	if (!t || anomaly_tier_ok(cx, t, immediate, where) < 0)
		return;

	const char *mparts[] = {"services"};
	const char *sparts[] = {"cost-anomalies"};
	MC_GROW(cx->cost_anomalies, cx->ccost_anomalies, cx->ncost_anomalies + 1);
	cx->cost_anomalies[cx->ncost_anomalies++] = (mc_ir_cost_anomaly){
	        .id = "cost/anomalies",
	        .monitor_name = mc_lower_prefixed_name(cx, 1024, mparts, 1),
	        .subscription_name = mc_lower_prefixed_name(cx, 1024, sparts, 1),
	        .above_usd = usd,
	        .above_percent = pct,
	        .frequency = frequency,
	        .tier = t->name,
	        .topics = copy_topics(cx, t),
	        .ntopics = t->ntopics,
	        .span = ap->key->span,
	};
	/* Only IMMEDIATE subscriptions publish to SNS; summaries go to the addresses. */
	for (size_t i = 0; immediate && i < t->ntopics; i++) {
		mc_ir_topic *tp = topic_find(cx, t->topics[i]);
		if (tp)
			tp->from_cost_anomaly = true;
	}
}

void mc_lower_cost(mc_lower_ctx *cx)
{
	const mc_node *cost = mc_node_get(cx->spec, "cost");
	if (!cost || cost->kind != MC_NODE_MAP)
		return;
	const mc_pair *b = mc_node_get_pair(cost, "budget");
	if (b && b->value->kind == MC_NODE_MAP)
		lower_budget(cx, b);
	const mc_pair *a = mc_node_get_pair(cost, "anomalies");
	if (a && a->value->kind == MC_NODE_MAP)
		lower_anomalies(cx, a);
}
