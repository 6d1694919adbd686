/*
 * Shared state of the lowering steps (see lower.h for the order of the steps). Internal to
 * compiler/lower: one context per mc_lower() call, in the session arena.
 *
 * Each IR array is built in a growable vector here (MC_GROW on the `cap` field) and frozen
 * into the mc_ir by lower.c at the end, sorted by id.
 */
#ifndef MC_LOWER_LOWER_INTERNAL_H
#define MC_LOWER_LOWER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/xalloc.h"
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
	/* One per resource, in spec order, then the sub-resources of composed kinds (each
	 * after its parent's); NULL where it failed. A sub-resource's key is a node made by
	 * the template (its text `app-lb`, its span the sub-resource's key in the template). */
	mc_instance **instances;
	const mc_node **resource_keys;
	size_t ninstances, cinstances;
	mc_ir_metric **own_metrics;   /* the spec's `metrics:` */
	const char **own_metric_names;
	mc_unit *own_metric_units;    /* their units (`usd` is `None` in CloudWatch) */
	size_t nown_metrics;
	mc_lower_sym *syms;    /* the namespace, sorted by name once built */
	size_t nsyms, csyms;
};

#define MC_LOWER_VEC(type, name) \
	type *name;              \
	size_t n##name, c##name

struct mc_lower_ctx {
	mc_arena *arena;
	/*
	 * An alarm's parsed expression lives here while the alarm is lowered and is dropped
	 * after it (reset per alarm): nothing of the IR points into it, and the trees of 40,000
	 * alarms were 8 MB of the peak at 1,000 services.
	 */
	mc_arena *expr_arena;
	mc_sources *srcs;
	mc_diags *d;
	const mc_node *spec;
	const char *spec_path;
	const mc_templates *templates;
	mc_subst_env env;
	mc_ir *ir;

	mc_lower_service *services;
	size_t nservices;
	/*
	 * mc_lower_service_find's hash index, built by mc_lower_services: slot -> index + 1 (0:
	 * empty), nservice_slots a power of two (0 before). A scan per reference was quadratic.
	 */
	size_t *service_slots;
	size_t nservice_slots;
	/* mc_lower_slo_find's index of slos (same layout), for the first slo_slots_for SLOs. */
	size_t *slo_slots;
	size_t nslo_slots, slo_slots_for;

	/* Spec-wide defaults after `defaults:` (seconds, counts). */
	uint32_t default_period_s;
	uint32_t default_datapoints, default_evaluation_periods;
	mc_ir_missing default_missing;
	mc_span default_period_span;     /* `defaults.period`, or MC_NO_SPAN when implied */
	mc_span default_datapoints_span;
	const mc_node *default_slo_alerting; /* `defaults.slo_alerting`, or NULL (multiwindow) */
	bool default_application_signals;    /* `defaults.slo_backend: application-signals` */
	uint64_t default_slo_window_s;
	mc_span default_slo_window_span;
	const char *default_anomaly_timezone; /* `defaults.anomaly_timezone` (checked), or NULL */
	const char *region;              /* the spec's region */
	uint32_t spec_file;              /* source id of the spec (else: a template) */
	/* Per tier (same index as `tiers`): the `escalate:` mapping and its `after:` value. */
	const mc_node **tier_escalate;

	MC_LOWER_VEC(mc_ir_service, svc);
	MC_LOWER_VEC(mc_ir_tier, tiers);
	MC_LOWER_VEC(mc_ir_topic, topics);
	MC_LOWER_VEC(mc_ir_alarm, alarms);
	MC_LOWER_VEC(mc_ir_composite, composites);
	MC_LOWER_VEC(mc_ir_anomaly_detector, detectors);
	MC_LOWER_VEC(mc_ir_event_rule, rules);
	MC_LOWER_VEC(mc_ir_scaling_policy, scaling_policies);
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
void mc_lower_log_filters(mc_lower_ctx *cx); /* lower_logs.c: the kinds' metric filters */
void mc_lower_log_queries(mc_lower_ctx *cx); /* lower_logs.c: the kinds' saved queries */
void mc_lower_alarms(mc_lower_ctx *cx);
void mc_lower_slos(mc_lower_ctx *cx);
void mc_lower_cost(mc_lower_ctx *cx);
void mc_lower_dashboards(mc_lower_ctx *cx);
void mc_lower_runbooks(mc_lower_ctx *cx);
void mc_lower_requirements(mc_lower_ctx *cx);

/* Helpers shared by the steps. */
/* The IR SLO `name` of service `service` (the first one), or NULL; hashed, not scanned. */
const mc_ir_slo *mc_lower_slo_find(mc_lower_ctx *cx, const char *service, const char *name);
const mc_ir_tier *mc_lower_tier_find(const mc_lower_ctx *cx, const char *name);
/* Reports E0232 "unknown tier" at span with did-you-mean; NULL then. */
const mc_ir_tier *mc_lower_tier_resolve(mc_lower_ctx *cx, const char *name, mc_span span);

/* AWS names (names.c). Parts that are NULL or "" are skipped; joined with `-`. */
const char *mc_lower_name(mc_lower_ctx *cx, size_t max_len, const char *const *parts, size_t n);

/* AWS name limits (aws-notes.md §1.11, §2.1, §2.7, §2.8). */
enum {
	MC_NAME_MAX_ALARM = 255,
	MC_NAME_MAX_TOPIC = 256,
	MC_NAME_MAX_RULE = 64,
	MC_NAME_MAX_DASHBOARD = 255,
	MC_NAME_MAX_EXPORT = 250, /* a CloudFormation export (255) less the `-arn` suffix */
};

/*
 * The generic form of mc_lower_name: joins the parts with `-`, replaces every byte outside
 * [A-Za-z0-9_-] (and `.` where dot_ok) with `-`, and, when the result is longer than max_len,
 * keeps a readable prefix and appends `-` and 8 hex digits of the FNV-1a 64 hash of the full
 * name, so the same input always gives the same name. Returns a string in the arena.
 */
const char *mc_lower_name_join(mc_arena *arena, size_t max_len, bool dot_ok,
                               const char *const *parts, size_t n);
/* `{project}-{environment}-` plus the parts, within max_len (mc_lower_name's usual call). */
const char *mc_lower_prefixed_name(mc_lower_ctx *cx, size_t max_len, const char *const *parts,
                                   size_t n);
/*
 * Reports E0242 for every two different IR items that ended with the same AWS name, per
 * name space (alarms and composites share one; topics; rules; dashboards), with both spans.
 */
void mc_lower_check_names(mc_lower_ctx *cx);
/*
 * Reports E0239 for every composite alarm over AWS's limits (composite_limits.c): a rule over
 * 10,240 characters (with AWS names for ids), over 100 children or 500 elements, more than
 * 5 actions. Runs after the escalations.
 */
void mc_lower_check_composites(mc_lower_ctx *cx);
/* E0381: anomaly detectors of one metric and statistic with different time zones. */
void mc_lower_check_detector_zones(mc_lower_ctx *cx);

/*
 * Escalation (lower_notify.c): for each alarm and burn-rate composite of a tier with
 * `escalate:`, adds the alarm that notifies `to` while the original is still in ALARM after
 * `after` (docs/escalation.md). Runs after the alarms, SLOs and cost steps.
 */
void mc_lower_escalations(mc_lower_ctx *cx);

/* Whether name (len bytes, `app-lb`) may be a sub-resource of a resource of a composed kind
 * that failed to instantiate (its errors are reported; references to it are not). */
bool mc_lower_failed_composed(mc_lower_ctx *cx, const mc_lower_service *s, const char *name,
                              size_t len);

/*
 * Scaling actions (lower_scaling.c). For `on_alarm` item `scale:RESOURCE.NAME` of an alarm in
 * svc whose metrics belong to owners[0..nowners) (NULL: the service's own metric): checks
 * it (E0236 no such policy, E0330 a metric that is not RESOURCE's), lowers the policy once,
 * sets *direction (1 adds capacity, -1 removes) and returns the IR action; NULL after an
 * error. mc_lower_scaling_conflict reports E0332 for an alarm with both directions.
 */
const char *mc_lower_scaling_action(mc_lower_ctx *cx, const mc_lower_service *svc,
                                    const mc_node *item, const mc_instance *const *owners,
                                    size_t nowners, int *direction);
void mc_lower_scaling_conflict(mc_lower_ctx *cx, const mc_node *out_item,
                               const mc_node *in_item);

/* Adds the "instantiated here" label of in to every diagnostic reported since mark (d->len
 * before), when in is not NULL. */
void mc_lower_label_since(mc_lower_ctx *cx, const mc_instance *in, size_t mark);

/* A scalar's text, or NULL for non-scalars and NULL. */
const char *mc_lower_text(const mc_node *n);
/* The key node of a mapping entry, or NULL. */
const mc_node *mc_lower_key(const mc_node *map, const char *key);
/* Reads a duration scalar (`5m`); reports E0120 at it when unreadable and returns -1. */
int mc_lower_duration(mc_lower_ctx *cx, const mc_node *n, uint64_t *seconds);
/* The topic ids of a tier, and whether the tier exists. */
const char *mc_lower_topic_id(mc_lower_ctx *cx, const char *target);
/* Appends an empty item to a vector of the context and returns it (zeroed). */
#define MC_LOWER_PUSH(cx, name)                                                  \
	(MC_GROW((cx)->name, (cx)->c##name, (cx)->n##name + 1),                  \
	 memset(&(cx)->name[(cx)->n##name], 0, sizeof *(cx)->name),              \
	 &(cx)->name[(cx)->n##name++])

#endif
