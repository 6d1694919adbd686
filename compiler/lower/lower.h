/*
 * Lowering: a validated spec tree + the template registry -> the IR (compiler/ir/ir.h).
 *
 * mc_lower() runs the steps below in order; each reads the spec tree and what the steps
 * before it put in the context, appends IR items and reports every problem it finds at its
 * own spec (or template) location. Steps run even after earlier errors where they can (all
 * errors of the phase are reported); mc_lower() returns NULL when any error was reported,
 * and only then is the IR not to be used.
 *
 *   1. lower_notify.c   tiers (defaults info/warning/critical), notification targets ->
 *                       SNS topics and subscriptions, escalation
 *   2. lower_service.c  services, resources -> template instances, the per-service
 *                       namespace (resources, metrics, SLIs, SLOs, alarms share one), the
 *                       spec's own metrics
 *   3. lower_alarm.c    the spec's alarms and the kinds' alarms with `overrides:`,
 *                       conditions, expressions -> metric alarms, EC2 actions, events
 *   4. lower_slo.c      SLOs -> burn-rate child alarms + composites with suppressors
 *                       (or Application Signals), error-ratio queries
 *   5. lower_cost.c     budgets, cost anomaly detection, billing alarms (us-east-1)
 *   6. lower_dashboard.c dashboards: presets, rows, layouts, threshold annotations, limits
 *   7. lower_runbook.c  runbook entries, one per alarm family, linked from descriptions
 *   8. lower_requirements.c `requirements:` -> requirement items, references resolved
 *   9. lower.c          sorting by id, then ir_verify (debug builds)
 *
 * Names: names.c builds AWS names `{project}-{environment}-{service}-{alarm}-{tier}` and
 * shortens them with a stable hash where AWS limits require it.
 */
#ifndef MC_LOWER_LOWER_H
#define MC_LOWER_LOWER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "ir/ir.h"
#include "load/node.h"
#include "template/template.h"

/* What a name in a service's namespace is. */
typedef enum {
	MC_SYM_RESOURCE,
	MC_SYM_METRIC,   /* a resource's metric (`lb.requests`) or the service's own (`chats`) */
	MC_SYM_SLI,      /* a resource's SLI (`lb.availability`) */
	MC_SYM_ALARM,    /* a kind's alarm (`lb.latency-p99`) or the service's own (`memory`) */
	MC_SYM_SLO,      /* the service's SLO (`availability`) */
} mc_sym_kind;

typedef struct mc_lower_service mc_lower_service;

/* One resolved reference. */
typedef struct {
	mc_sym_kind kind;
	mc_lower_service *service;
	const mc_instance *instance;     /* resource-scoped names; else NULL */
	const mc_inst_metric *metric;    /* MC_SYM_METRIC from a kind */
	const mc_ir_metric *own_metric;  /* MC_SYM_METRIC declared in the spec's `metrics:` */
	const mc_inst_sli *sli;          /* MC_SYM_SLI */
	const mc_inst_alarm *kind_alarm; /* MC_SYM_ALARM from a kind */
	const mc_node *spec_alarm;       /* MC_SYM_ALARM from the spec (its mapping) */
	const mc_node *slo;              /* MC_SYM_SLO (its mapping) */
	const char *name;                /* the last segment */
} mc_ref;

typedef struct mc_lower_ctx mc_lower_ctx;

/* Which kinds a reference may resolve to (bits of 1 << mc_sym_kind). */
#define MC_ACCEPT(kind) (1u << (kind))

/*
 * Resolves text (`lb.requests` inside service; `chat.lb.requests` or `chat.availability`
 * when service is NULL, i.e. at top level) to one of the accepted kinds. When it does not
 * resolve, reports E0230 at span ("unresolved reference `lb.requets`", help with the
 * closest name, note listing candidates of the accepted kinds) and returns -1.
 */
int mc_lower_resolve(mc_lower_ctx *cx, mc_lower_service *service, const char *text, mc_span span,
                     unsigned accept, mc_ref *out);

/* The service of a name, or NULL. */
mc_lower_service *mc_lower_service_find(mc_lower_ctx *cx, const char *name);

/*
 * Lowers the spec. spec is the validated root (no structural errors), spec_path the path as
 * the user named it, templates the registry. Returns the IR (in arena) or NULL after errors.
 */
mc_ir *mc_lower(const mc_node *spec, const char *spec_path, const mc_templates *templates,
                mc_sources *srcs, mc_arena *arena, mc_diags *d);

#endif
