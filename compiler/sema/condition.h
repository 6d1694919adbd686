/*
 * Alarm conditions: the text `p99 > 2s for 3 of 5` (or the long-form mapping with the same
 * meaning) turned into a typed mc_condition, then resolved against a period into CloudWatch's
 * Period, EvaluationPeriods and DatapointsToAlarm.
 *
 * Consumes a node of the document tree (a string scalar, or a mapping with the keys `stat`,
 * `op`, `threshold`, `band`, `for`, `period` and `timezone`); produces an mc_condition whose every piece
 * keeps its own span inside the string (via mc_node_text_span), so a diagnostic's caret
 * points at `four` in "> 80% four 15m". Problems are reported to an mc_diags sink (codes
 * E0200-E0207, E0131 for statistics) and parsing goes on where it can, so one condition may
 * yield several diagnostics. The grammar is documented for users in docs/conditions.md.
 *
 * Units are checked against the metric later (mc_condition_threshold), when the reference
 * resolver knows which metric the alarm watches; the period is applied by
 * mc_condition_resolve, when the alarm's defaults are known.
 */
#ifndef MC_SEMA_CONDITION_H
#define MC_SEMA_CONDITION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "load/node.h"
#include "sema/units.h"

typedef enum {
	MC_OP_GT,           /* >  GreaterThanThreshold */
	MC_OP_GE,           /* >= GreaterThanOrEqualToThreshold */
	MC_OP_LT,           /* <  LessThanThreshold */
	MC_OP_LE,           /* <= LessThanOrEqualToThreshold */
	MC_OP_OUTSIDE_BAND, /* LessThanLowerOrGreaterThanUpperThreshold (anomaly detection) */
	MC_OP_ABOVE_BAND,   /* GreaterThanUpperThreshold */
	MC_OP_BELOW_BAND,   /* LessThanLowerThreshold */
} mc_cond_op;

typedef enum { MC_FOR_NONE, MC_FOR_DURATION, MC_FOR_DATAPOINTS } mc_for_kind;

typedef struct {
	const char *stat;     /* CloudWatch spelling (`Average`, `p99`); NULL when absent */
	mc_span stat_span;
	mc_cond_op op;
	mc_span op_span;
	double threshold;     /* as written, in `unit`; the band width for band operators */
	mc_unit unit;         /* MC_UNIT_UNSET for a bare number (and always for a band) */
	mc_span threshold_span;
	mc_for_kind for_kind;
	uint64_t for_seconds; /* MC_FOR_DURATION: the duration, > 0 */
	uint32_t m, n;        /* MC_FOR_DATAPOINTS: M of N, 1 <= M <= N */
	uint32_t period_s;    /* the long form's `period`, or 0 for the alarm's default */
	mc_span period_span;
	mc_span for_span;     /* the `for ...` clause (the value of `for:` in the long form) */
	const char *timezone; /* band conditions, long form: `timezone:` (checked), else NULL */
	mc_span timezone_span;
	mc_span span;         /* the whole condition */
} mc_condition;

/*
 * Parses an alarm condition node into *out (zeroed first). Reports every problem to d and
 * returns 0 if none was found, -1 otherwise (then *out holds what could be understood).
 * srcs locates the pieces inside the string; the normalised statistic is allocated in arena.
 */
int mc_condition_parse(const mc_node *node, const mc_sources *srcs, mc_arena *arena,
                       mc_diags *d, mc_condition *out);

/*
 * Parses a threshold string of the long form (`2s`, `500ms`, `80%`, `25 USD`) into *value and
 * *unit (MC_UNIT_UNSET for a bare number). Reports E0200/E0202/E0207 inside the string;
 * 0 when valid, -1 otherwise.
 */
int mc_threshold_parse(const mc_node *node, const mc_sources *srcs, mc_arena *arena, mc_diags *d,
                       double *value, mc_unit *unit);

/*
 * Parses `M of N` (with an optional trailing `periods`), as in `defaults.datapoints`.
 * Reports E0200/E0204 to d; 0 when valid (1 <= M <= N), -1 otherwise.
 */
int mc_datapoints_parse(const mc_node *node, const mc_sources *srcs, mc_diags *d, uint32_t *m,
                        uint32_t *n);

/*
 * Validates a CloudWatch statistic and returns its canonical spelling: `avg` -> `Average`,
 * `count` -> `SampleCount`, `P99` -> `p99`, `tm(10%:90%)` -> `TM(10%:90%)`, `iqm` -> `IQM`.
 * Returns NULL when s is not a statistic, and then sets *why (when non-NULL) to a static
 * phrase for the primary label. The result is static or allocated in arena.
 */
const char *mc_stat_normalize(const char *s, size_t len, mc_arena *arena, const char **why);

/* True for the five plain statistics (CloudWatch's `Statistic`), false for the extended ones. */
bool mc_stat_is_simple(const char *canonical);

/* `GreaterThanThreshold`, ..., `LessThanLowerThreshold`. */
const char *mc_cond_op_cloudwatch(mc_cond_op op);
/* `>`, `>=`, `<`, `<=`, `outside band`, `above band`, `below band`. */
const char *mc_cond_op_text(mc_cond_op op);
static inline bool mc_cond_op_is_band(mc_cond_op op)
{
	return op == MC_OP_OUTSIDE_BAND || op == MC_OP_ABOVE_BAND || op == MC_OP_BELOW_BAND;
}

/*
 * Converts the threshold into the metric's unit (E0201 when the dimensions differ, naming
 * both units; metric_name, such as `host.memory_used`, is used in the message). A band width
 * is returned unchanged. metric_unit MC_UNIT_UNSET (unit unknown, e.g. an expression) accepts
 * any threshold unchanged; MC_UNIT_NONE (CloudWatch's `None`) accepts only bare numbers.
 * Returns 0 and sets *out, or -1 after reporting.
 */
int mc_condition_threshold(const mc_condition *c, mc_unit metric_unit, const char *metric_name,
                           mc_diags *d, double *out);

/* The alarm's defaults that a condition falls back on. */
typedef struct {
	uint32_t period_s;        /* `defaults.period` (or the metric's period) */
	mc_span period_span;      /* where that period was written (for E0205/E0206) */
	uint32_t m, n;            /* `defaults.datapoints`, used when there is no `for` */
	mc_span datapoints_span;
} mc_eval_defaults;

typedef struct {
	uint32_t period_s;           /* Period */
	uint32_t evaluation_periods; /* EvaluationPeriods (N) */
	uint32_t datapoints;         /* DatapointsToAlarm (M) */
} mc_evaluation;

/*
 * Applies CloudWatch's rules: the period is 10 s, 30 s or a multiple of 60 s (E0205);
 * `for DURATION` is a whole number of periods (E0203, with the nearest valid durations in
 * help) and becomes N of N; M <= N (E0204); period x N <= 86,400 s when the period is under
 * an hour and <= 604,800 s otherwise (E0206, with the numbers). 0 when valid, else -1.
 */
int mc_condition_resolve(const mc_condition *c, const mc_eval_defaults *def, mc_diags *d,
                         mc_evaluation *out);

/* 1 if CloudWatch accepts this alarm period (10, 30 or a multiple of 60 seconds), else 0. */
int mc_period_allowed(uint64_t period_s);
/* The longest period x evaluation periods CloudWatch accepts at this period, in seconds. */
uint64_t mc_window_limit(uint64_t period_s);

#endif
