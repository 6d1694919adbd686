/*
 * Shared state of the lowering steps (see lower.h for the order of the steps). Internal to
 * compiler/lower: one context per mc_lower() call, in the session arena.
 *
 * Each IR array is built in a growable vector here (MC_GROW on the `cap` field) and frozen
 * into the mc_ir by lower.c at the end, sorted by id.
 */
#ifndef MC_LOWER_LOWER_INTERNAL_H
#define MC_LOWER_LOWER_INTERNAL_H

#include "lower/lower.h"

/* One entry of a service's namespace. */
typedef struct {
	const char *name;      /* `lb`, `memory`, `availability`, `chats` */
	mc_sym_kind kind;
	mc_span span;          /* where the spec declares it (for "first defined here") */
} mc_lower_sym;

struct mc_lower_service {
	const char *name;
	const mc_node *node;   /* the service mapping */
	mc_span span;          /* its key */
	mc_instance **instances;  /* one per resource, in spec order; NULL where it failed */
	const mc_node **resource_keys;
	size_t ninstances;
	mc_ir_metric **own_metrics;   /* the spec's `metrics:` */
	const char **own_metric_names;
	size_t nown_metrics;
	mc_lower_sym *syms;    /* the namespace, sorted by name once built */
	size_t nsyms, csyms;
};

#define MC_LOWER_VEC(type, name) \
	type *name;              \
	size_t n##name, c##name

struct mc_lower_ctx {
	mc_arena *arena;
	mc_sources *srcs;
	mc_diags *d;
	const mc_node *spec;
	const char *spec_path;
	const mc_templates *templates;
	mc_subst_env env;
	mc_ir *ir;

	mc_lower_service *services;
	size_t nservices;

	/* Spec-wide defaults after `defaults:` (seconds, counts). */
	uint32_t default_period_s;
	uint32_t default_datapoints, default_evaluation_periods;
	mc_ir_missing default_missing;

	MC_LOWER_VEC(mc_ir_service, svc);
	MC_LOWER_VEC(mc_ir_tier, tiers);
	MC_LOWER_VEC(mc_ir_topic, topics);
	MC_LOWER_VEC(mc_ir_alarm, alarms);
	MC_LOWER_VEC(mc_ir_composite, composites);
	MC_LOWER_VEC(mc_ir_anomaly_detector, detectors);
	MC_LOWER_VEC(mc_ir_event_rule, rules);
	MC_LOWER_VEC(mc_ir_log_filter, log_filters);
	MC_LOWER_VEC(mc_ir_log_query, log_queries);
	MC_LOWER_VEC(mc_ir_budget, budgets);
	MC_LOWER_VEC(mc_ir_cost_anomaly, cost_anomalies);
	MC_LOWER_VEC(mc_ir_slo, slos);
	MC_LOWER_VEC(mc_ir_dashboard, dashboards);
	MC_LOWER_VEC(mc_ir_runbook, runbooks);
};

/* The steps, in order (each in its own file). */
void mc_lower_notify(mc_lower_ctx *cx);
void mc_lower_services(mc_lower_ctx *cx);
void mc_lower_alarms(mc_lower_ctx *cx);
void mc_lower_slos(mc_lower_ctx *cx);
void mc_lower_cost(mc_lower_ctx *cx);
void mc_lower_dashboards(mc_lower_ctx *cx);
void mc_lower_runbooks(mc_lower_ctx *cx);

/* Helpers shared by the steps. */
const mc_ir_tier *mc_lower_tier_find(const mc_lower_ctx *cx, const char *name);
/* Reports E0232 "unknown tier" at span with did-you-mean; NULL then. */
const mc_ir_tier *mc_lower_tier_resolve(mc_lower_ctx *cx, const char *name, mc_span span);

/* AWS names (names.c). Parts that are NULL or "" are skipped; joined with `-`. */
const char *mc_lower_name(mc_lower_ctx *cx, size_t max_len, const char *const *parts, size_t n);

#endif
