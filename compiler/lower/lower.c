/*
 * mc_lower(): the lowering driver (see lower.h for the steps).
 *
 * Consumes a validated spec tree and the template registry; sets up the shared context
 * (the spec's identity, `defaults:` with their built-in values: period 5m, datapoints 3 of 3,
 * missing data not breaching, `multiwindow`, SLO window 30d), runs the steps in order, adds
 * the escalation alarms, works out which AWS services publish to which topic, reports AWS
 * name collisions, then freezes every vector into the IR sorted by id (tiers stay in
 * severity order, services are sorted by name). Each step runs even after an earlier one
 * reported errors, so one run reports all the problems it can; the IR is returned only when
 * no error was reported. Debug builds check the IR's invariants (ir_verify) when that
 * checker is compiled in.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/idsort.h"
#include "ir/ir_index.h"
#include "lower/lower_internal.h"
#include "sema/condition.h"
#include "sema/units.h"

#if defined(__has_include)
#if __has_include("ir/ir_verify.h")
#include "ir/ir_verify.h"
#define HAVE_IR_VERIFY 1
#endif
#endif

static void read_defaults(mc_lower_ctx *cx)
{
	cx->default_period_s = 300;
	cx->default_datapoints = cx->default_evaluation_periods = 3;
	cx->default_missing = MC_IR_MISSING_NOT_BREACHING;
	cx->default_slo_window_s = 30 * 86400;
	const mc_node *def = mc_node_get(cx->spec, "defaults");
	if (!def || def->kind != MC_NODE_MAP)
		return;
	const mc_node *n;
	uint64_t s;
	if ((n = mc_node_get(def, "period")) && mc_lower_duration(cx, n, &s) == 0) {
		cx->default_period_s = (uint32_t)s;
		cx->default_period_span = n->span; /* checked where an alarm uses it (E0205) */
	}
	if ((n = mc_node_get(def, "datapoints"))) {
		uint32_t m, k;
		if (mc_datapoints_parse(n, cx->srcs, cx->d, &m, &k) == 0) {
			cx->default_datapoints = m;
			cx->default_evaluation_periods = k;
			cx->default_datapoints_span = n->span;
		}
	}
	const char *t;
	if ((t = mc_lower_text(mc_node_get(def, "missing_data")))) {
		if (strcmp(t, "missing") == 0)
			cx->default_missing = MC_IR_MISSING_MISSING;
		else if (strcmp(t, "breaching") == 0)
			cx->default_missing = MC_IR_MISSING_BREACHING;
		else if (strcmp(t, "ignore") == 0)
			cx->default_missing = MC_IR_MISSING_IGNORE;
	}
	cx->default_slo_alerting = mc_node_get(def, "slo_alerting");
	if ((t = mc_lower_text(mc_node_get(def, "slo_backend"))))
		cx->default_application_signals = strcmp(t, "application-signals") == 0;
	if ((n = mc_node_get(def, "slo_window")) && mc_lower_duration(cx, n, &s) == 0) {
		cx->default_slo_window_s = s;
		cx->default_slo_window_span = n->span;
	}
	/* The validator checked its shape (E0380). */
	cx->default_anomaly_timezone = mc_lower_text(mc_node_get(def, "anomaly_timezone"));
}

/* ---- who publishes to each topic (its topic policy) ---- */

static mc_ir_topic *topic(mc_lower_ctx *cx, const char *id)
{
	for (size_t i = 0; i < cx->ntopics; i++)
		if (strcmp(cx->topics[i].id, id) == 0)
			return &cx->topics[i];
	return NULL;
}

enum { FROM_CLOUDWATCH, FROM_EVENTS, FROM_BUDGETS, FROM_COST_ANOMALY };

static void mark(mc_lower_ctx *cx, const char *const *ids, size_t n, int from)
{
	for (size_t i = 0; i < n; i++) {
		mc_ir_topic *t = topic(cx, ids[i]);
		if (!t)
			continue;
		if (from == FROM_CLOUDWATCH)
			t->from_cloudwatch = true;
		else if (from == FROM_EVENTS)
			t->from_events = true;
		else if (from == FROM_BUDGETS)
			t->from_budgets = true;
		else
			t->from_cost_anomaly = true;
	}
}

static void topic_publishers(mc_lower_ctx *cx)
{
	for (size_t i = 0; i < cx->nalarms; i++) {
		mark(cx, cx->alarms[i].on_alarm.topics, cx->alarms[i].on_alarm.ntopics,
		     FROM_CLOUDWATCH);
		mark(cx, cx->alarms[i].on_ok.topics, cx->alarms[i].on_ok.ntopics, FROM_CLOUDWATCH);
	}
	for (size_t i = 0; i < cx->ncomposites; i++) {
		mark(cx, cx->composites[i].on_alarm.topics, cx->composites[i].on_alarm.ntopics,
		     FROM_CLOUDWATCH);
		mark(cx, cx->composites[i].on_ok.topics, cx->composites[i].on_ok.ntopics,
		     FROM_CLOUDWATCH);
	}
	for (size_t i = 0; i < cx->nrules; i++)
		mark(cx, cx->rules[i].targets.topics, cx->rules[i].targets.ntopics, FROM_EVENTS);
	for (size_t i = 0; i < cx->nbudgets; i++)
		for (size_t k = 0; k < cx->budgets[i].nalerts; k++)
			mark(cx, cx->budgets[i].alerts[k].topics, cx->budgets[i].alerts[k].ntopics,
			     FROM_BUDGETS);
	for (size_t i = 0; i < cx->ncost_anomalies; i++)
		mark(cx, cx->cost_anomalies[i].topics, cx->cost_anomalies[i].ntopics,
		     FROM_COST_ANOMALY);
}

/* ---- freezing ---- */

enum { NO_SORT = -1 };

/*
 * Hands a heap vector to the arena (sorted by the string at id_off unless NO_SORT, through
 * compact keys: idsort.h), shrunk to its length: no copy, so the largest vector (the alarms)
 * is not held twice at the peak. Ids are unique (ir_verify checks), so the order is total.
 */
static void *freeze(mc_arena *arena, void *v, size_t n, size_t size, long id_off)
{
	if (!n) {
		free(v);
		return NULL;
	}
	if (id_off != NO_SORT)
		mc_sort_by_string(v, n, size, (size_t)id_off);
	return mc_arena_adopt(arena, mc_xrealloc(v, n * size), n * size);
}

#define FREEZE(field, vec, id_off)                                                          \
	(ir->field = freeze(cx->arena, cx->vec, cx->n##vec, sizeof *cx->vec, id_off),       \
	 ir->n##field = cx->n##vec, cx->vec = NULL, cx->n##vec = cx->c##vec = 0)

#define BY_ID(type) ((long)offsetof(type, id))

static void freeze_all(mc_lower_ctx *cx, mc_ir *ir)
{
	FREEZE(services, svc, (long)offsetof(mc_ir_service, name));
	FREEZE(tiers, tiers, NO_SORT);
	FREEZE(topics, topics, BY_ID(mc_ir_topic));
	FREEZE(alarms, alarms, BY_ID(mc_ir_alarm));
	FREEZE(composites, composites, BY_ID(mc_ir_composite));
	FREEZE(detectors, detectors, BY_ID(mc_ir_anomaly_detector));
	FREEZE(rules, rules, BY_ID(mc_ir_event_rule));
	FREEZE(scaling_policies, scaling_policies, BY_ID(mc_ir_scaling_policy));
	FREEZE(log_filters, log_filters, BY_ID(mc_ir_log_filter));
	FREEZE(log_queries, log_queries, BY_ID(mc_ir_log_query));
	FREEZE(budgets, budgets, BY_ID(mc_ir_budget));
	FREEZE(cost_anomalies, cost_anomalies, BY_ID(mc_ir_cost_anomaly));
	FREEZE(slos, slos, BY_ID(mc_ir_slo));
	FREEZE(dashboards, dashboards, BY_ID(mc_ir_dashboard));
	FREEZE(runbooks, runbooks, BY_ID(mc_ir_runbook));
}

mc_ir *mc_lower(const mc_node *spec, const char *spec_path, const mc_templates *templates,
                mc_sources *srcs, mc_arena *arena, mc_diags *d)
{
	unsigned errors0 = d->nerrors;
	mc_lower_ctx cx0, *cx = &cx0;
	memset(cx, 0, sizeof *cx);
	cx->arena = arena;
	cx->expr_arena = mc_arena_new();
	cx->srcs = srcs;
	cx->d = d;
	cx->spec = spec;
	cx->spec_path = spec_path;
	cx->templates = templates;
	cx->spec_file = spec->span.file;

	mc_ir *ir = mc_arena_alloc(arena, sizeof *ir);
	cx->ir = ir;
	ir->project = mc_lower_text(mc_node_get(spec, "project"));
	ir->environment = mc_lower_text(mc_node_get(spec, "environment"));
	ir->region = mc_lower_text(mc_node_get(spec, "region"));
	ir->account = mc_lower_text(mc_node_get(spec, "account"));
	ir->runbook_base = mc_lower_text(mc_node_get(spec, "runbook_base"));
	ir->spec_path = spec_path;
	cx->region = ir->region;
	cx->env.project = ir->project ? ir->project : "";
	cx->env.environment = ir->environment ? ir->environment : "";
	cx->env.region = ir->region ? ir->region : "";
	cx->env.nodes = mc_arena_new(); /* the instances' node copies: freed below */

	read_defaults(cx);
	mc_lower_notify(cx);
	mc_lower_services(cx);
	mc_lower_log_filters(cx);
	mc_lower_log_queries(cx);
	mc_lower_alarms(cx);
	mc_lower_check_detector_zones(cx);
	mc_lower_slos(cx);
	mc_lower_cost(cx);
	mc_lower_escalations(cx);
	mc_lower_check_composites(cx);
	mc_lower_dashboards(cx);
	mc_lower_runbooks(cx);
	mc_lower_requirements(cx);
	topic_publishers(cx);
	mc_lower_check_names(cx);
	freeze_all(cx, ir);
	free(cx->slo_slots); /* mc_lower_slo_find's index */
	mc_arena_free(cx->expr_arena);
	/*
	 * Substituted template nodes were read while lowering only (the IR keeps their texts,
	 * which are in arena): 5 MB at 1,000 services that the emitters can reuse.
	 */
	mc_arena_free(cx->env.nodes);
	cx->env.nodes = NULL;
	ir->index = mc_ir_index_build(ir, arena);

	if (d->nerrors != errors0)
		return NULL;
#if defined(HAVE_IR_VERIFY) && !defined(NDEBUG)
	mc_buf report = MC_BUF_INIT;
	if (mc_ir_verify(ir, &report) != 0)
		MC_BUG("lowering broke the IR's invariants:\n%s", mc_buf_str(&report));
	mc_buf_release(&report);
#endif
	return ir;
}
