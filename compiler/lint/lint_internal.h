/*
 * Shared state and helpers of the lint rules (internal to compiler/lint). mc_lint() builds
 * one mc_lint_ctx and calls each rule in code order; a rule reads the IR, reports through
 * cx->d and keeps no state between runs. Each rule lives in the file of its subject:
 * lint_alarm.c (runbooks), lint_notify.c (tiers and targets), lint_template.c, lint_math.c
 * (expressions: low-traffic guards, sparse metrics), lint_names.c, lint_empty.c
 * (dashboards, budgets), lint_slo.c, lint_runbook_links.c (where runbook links land),
 * lint_requirements.c.
 */
#ifndef MC_LINT_LINT_INTERNAL_H
#define MC_LINT_LINT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "lint/lint.h"

typedef struct {
	const mc_ir *ir;
	const mc_templates *ts; /* may be NULL */
	mc_diags *d;
} mc_lint_ctx;

/* The rules, one function per code. */
void mc_lint_critical_runbook(mc_lint_ctx *cx); /* W0001 */
void mc_lint_silent_tier(mc_lint_ctx *cx);      /* W0002 */
void mc_lint_unused_target(mc_lint_ctx *cx);    /* W0003 */
void mc_lint_unused_param(mc_lint_ctx *cx);     /* W0004 */
void mc_lint_rate_guard(mc_lint_ctx *cx);       /* W0005 */
void mc_lint_hashed_names(mc_lint_ctx *cx);     /* W0006 */
void mc_lint_sparse_metric(mc_lint_ctx *cx);    /* W0007 */
void mc_lint_runbook_link(mc_lint_ctx *cx);     /* W0008 */
void mc_lint_empty_dashboard(mc_lint_ctx *cx);  /* W0009 */
void mc_lint_empty_budget(mc_lint_ctx *cx);     /* W0010 */
void mc_lint_spot_slo(mc_lint_ctx *cx);         /* W0011 */
void mc_lint_runbook_anchor(mc_lint_ctx *cx);   /* W0012 */
void mc_lint_requirement_empty(mc_lint_ctx *cx); /* W0015 */

/* Look-ups by name or id (linear: lint runs once, over small arrays); NULL if absent. */
const mc_ir_tier *mc_lint_tier(const mc_ir *ir, const char *name);
const mc_ir_runbook *mc_lint_runbook(const mc_ir *ir, const char *id);

/* Whether a span names a place in a file (items the lowering made up have none). */
bool mc_lint_has_span(mc_span s);

/*
 * The name a user knows an alarm by: "`memory` in service `chat`", "`lb.latency-p99` in
 * service `chat`", or "`monthly`" for account-wide ones. In d's arena.
 */
const char *mc_lint_alarm_name(mc_lint_ctx *cx, const char *source, const char *service,
                               const char *id);

/* Adds "defined in the kind here" at template_span when the item came from a kind. */
void mc_lint_label_template(mc_lint_ctx *cx, mc_diag *g, mc_span template_span);

#endif
