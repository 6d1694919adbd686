/*
 * Rules about what an alarm computes: W0005 (a ratio without a low-traffic guard) and W0007
 * (a sparse count metric read without FILL and without the matching missing-data setting).
 *
 * Consumes the IR's metric alarms. Their expressions are already in CloudWatch syntax with
 * query ids (`100 * (m1 + m2) / m3`); they are parsed again with the spec's expression
 * parser (compiler/sema/expr.h), whose diagnostics go to a scratch sink: the lowering made
 * the text, so it parses, and if it ever did not, lint has nothing to say about it. A
 * reference to another expression query is followed into that query, so a guard written
 * around `e1` protects the division inside `e1`. Only alarms a user or a kind wrote are
 * judged; the lowering owns the math of SLO, escalation and billing alarms.
 */
#include "lint/lint_internal.h"

#include <string.h>

#include "base/buf.h"
#include "load/node.h"
#include "sema/expr.h"

/*
 * An alarm's queries with their expressions parsed (NULL for metrics and bad text). The trees
 * live in an arena of their own, freed when the alarm is judged: kept in the session arena
 * they were a fifth of the peak memory of a large build, for nothing.
 */
typedef struct {
	mc_lint_ctx *cx;
	const mc_ir_alarm *a;
	mc_expr **roots;
	mc_arena *trees;
} parsed_alarm;

static mc_expr *parse_text(mc_arena *arena, const char *text)
{
	mc_node n;
	memset(&n, 0, sizeof n);
	n.kind = MC_NODE_STRING;
	n.style = MC_STYLE_PLAIN;
	n.span = MC_NO_SPAN;
	n.text = text;
	n.text_len = strlen(text);
	mc_sources none;
	mc_sources_init(&none);
	mc_diags scratch;
	mc_diags_init(&scratch, arena);
	mc_expr *e = mc_expr_parse(&n, &none, arena, &scratch);
	mc_diags_release(&scratch);
	mc_sources_release(&none);
	return e;
}

static void parse_alarm(mc_lint_ctx *cx, const mc_ir_alarm *a, parsed_alarm *p)
{
	p->cx = cx;
	p->a = a;
	p->trees = mc_arena_new();
	p->roots = mc_arena_alloc(p->trees, (a->nqueries ? a->nqueries : 1) * sizeof *p->roots);
	for (size_t i = 0; i < a->nqueries; i++)
		if (a->queries[i].expression)
			p->roots[i] = parse_text(p->trees, a->queries[i].expression);
}

/* Diagnostics never point into the trees: their texts are formatted into the sink's arena. */
static void parsed_alarm_release(parsed_alarm *p)
{
	mc_arena_free(p->trees);
	p->trees = NULL;
	p->roots = NULL;
}

/* The query a one-part reference names, or -1. */
static long query_of(const mc_ir_alarm *a, const mc_expr *ref)
{
	if (ref->kind != MC_EXPR_REF || ref->nnames != 1)
		return -1;
	for (size_t i = 0; i < a->nqueries; i++)
		if (a->queries[i].id && strcmp(a->queries[i].id, ref->text) == 0)
			return (long)i;
	return -1;
}

/*
 * How a query is known to the user: its label when the lowering kept the spec's name, else
 * its id, which the lowering derives from that name (`lb.requests` -> `lb_requests`).
 */
static const char *query_name(const mc_ir_query *q)
{
	if (q->label && q->metric)
		return q->label;
	if (q->id)
		return q->id;
	return q->metric && q->metric->metric ? q->metric->metric : "?";
}

static const char *print_ref(const mc_expr *ref, void *ctx)
{
	const parsed_alarm *p = ctx;
	long q = query_of(p->a, ref);
	return q < 0 ? NULL : query_name(&p->a->queries[q]);
}

static const char *print_expr(const parsed_alarm *p, const mc_expr *e)
{
	mc_buf b;
	mc_buf_init(&b);
	mc_expr_print(e, print_ref, (void *)p, &b);
	const char *s = mc_arena_strdup(p->cx->d->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

/* The first query that returns data: what the alarm watches. */
static long result_query(const mc_ir_alarm *a)
{
	for (size_t i = 0; i < a->nqueries; i++)
		if (a->queries[i].return_data)
			return (long)i;
	return a->nqueries ? (long)a->nqueries - 1 : -1;
}

static bool user_written(mc_ir_origin o)
{
	return o == MC_IR_ORIGIN_SPEC || o == MC_IR_ORIGIN_KIND;
}

/* ---- W0005: rate alarm without a low-traffic guard ---- */

static bool is_series(const mc_expr *e)
{
	return (e->shape & (MC_SHAPE_SERIES | MC_SHAPE_ARRAY)) != 0;
}

/*
 * Whether IF's condition is a traffic guard: +1 when true means enough traffic (`m3 >= 20`,
 * `20 < m3`), so the second argument is protected; -1 when true means too little (`m3 < 20`),
 * so the third is; 0 when it says nothing about traffic.
 */
static int guard_sense(const mc_expr *e)
{
	if (!e || e->kind != MC_EXPR_BINARY)
		return 0;
	bool l = is_series(e->lhs), r = is_series(e->rhs);
	int l_big; /* +1 when the comparison holds for a large series on the left */
	switch (e->op) {
	case MC_XOP_GE:
	case MC_XOP_GT: l_big = 1; break;
	case MC_XOP_LE:
	case MC_XOP_LT: l_big = -1; break;
	case MC_XOP_AND:
		/* True means both hold: one "enough traffic" side is enough. */
		return guard_sense(e->lhs) > 0 || guard_sense(e->rhs) > 0 ? 1 : 0;
	case MC_XOP_OR:
		/* False means neither holds: one "too little traffic" side is enough. */
		return guard_sense(e->lhs) < 0 || guard_sense(e->rhs) < 0 ? -1 : 0;
	default: return 0;
	}
	if (l == r)
		return 0; /* series against series, or two numbers: not a threshold on traffic */
	return l ? l_big : -l_big;
}

typedef struct {
	parsed_alarm *p;
	const mc_expr *division; /* the first unguarded one */
	unsigned depth;
} guard_walk;

static void find_division(guard_walk *w, const mc_expr *e, bool guarded)
{
	if (!e || w->division)
		return;
	switch (e->kind) {
	case MC_EXPR_BINARY:
		if (e->op == MC_XOP_DIV && !guarded && is_series(e->rhs)) {
			w->division = e;
			return;
		}
		find_division(w, e->lhs, guarded);
		find_division(w, e->rhs, guarded);
		break;
	case MC_EXPR_UNARY: find_division(w, e->lhs, guarded); break;
	case MC_EXPR_CALL: {
		bool iff = e->func && strcmp(e->func->name, "IF") == 0 && e->nargs >= 2;
		int sense = iff ? guard_sense(e->args[0]) : 0;
		for (size_t i = 0; i < e->nargs; i++)
			find_division(w, e->args[i],
			              guarded || (i == 1 && sense > 0) || (i == 2 && sense < 0));
		break;
	}
	case MC_EXPR_ARRAY:
		for (size_t i = 0; i < e->nargs; i++)
			find_division(w, e->args[i], guarded);
		break;
	case MC_EXPR_REF: {
		/* Into another expression query; the depth bound stops a cycle. */
		long q = query_of(w->p->a, e);
		if (q >= 0 && w->p->roots[q] && w->depth < w->p->a->nqueries) {
			w->depth++;
			find_division(w, w->p->roots[q], guarded);
			w->depth--;
		}
		break;
	}
	default: break;
	}
}

void mc_lint_rate_guard(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	mc_diags *d = cx->d;
	for (size_t i = 0; i < ir->nalarms; i++) {
		const mc_ir_alarm *a = &ir->alarms[i];
		long r = result_query(a);
		if (!user_written(a->origin) || r < 0)
			continue;
		parsed_alarm p;
		parse_alarm(cx, a, &p);
		guard_walk w = {&p, NULL, 0};
		find_division(&w, p.roots[r], false);
		const char *divisor = NULL, *whole = NULL; /* in the sink's arena */
		if (w.division) {
			divisor = print_expr(&p, w.division->rhs);
			whole = print_expr(&p, p.roots[r]);
		}
		parsed_alarm_release(&p);
		if (!divisor)
			continue;
		mc_diag *g =
		        mc_diag_add(d, MC_W0005, a->span,
		                    "alarm %s divides by `%s` without a low-traffic guard",
		                    mc_lint_alarm_name(cx, a->source, a->service, a->id), divisor);
		mc_diag_label_primary(d, g, "expected `IF(%s >= N, ...)` around the division",
		                      divisor);
		mc_lint_label_template(cx, g, a->template_span);
		mc_diag_note(d, g,
		             "with little traffic one failed request is a large share, so the "
		             "alarm fires at night and on quiet days");
		mc_diag_help(d, g, "evaluate it only with enough traffic: `IF(%s >= 20, %s, 0)`",
		             divisor, whole);
	}
}

/* ---- W0007: sparse metric without FILL or the right missing-data setting ---- */

/* Whether every reference to query q sits in the first argument of a FILL. */
static bool all_filled(const parsed_alarm *p, const mc_expr *e, long q, bool filled)
{
	if (!e)
		return true;
	switch (e->kind) {
	case MC_EXPR_REF: return filled || query_of(p->a, e) != q;
	case MC_EXPR_BINARY:
		return all_filled(p, e->lhs, q, filled) && all_filled(p, e->rhs, q, filled);
	case MC_EXPR_UNARY: return all_filled(p, e->lhs, q, filled);
	case MC_EXPR_CALL: {
		bool fill = e->func && strcmp(e->func->name, "FILL") == 0;
		for (size_t i = 0; i < e->nargs; i++)
			if (!all_filled(p, e->args[i], q, filled || (fill && i == 0)))
				return false;
		return true;
	}
	case MC_EXPR_ARRAY:
		for (size_t i = 0; i < e->nargs; i++)
			if (!all_filled(p, e->args[i], q, filled))
				return false;
		return true;
	default: return true;
	}
}

/* The first sparse metric query read without FILL, or -1. */
static long unfilled_sparse(const parsed_alarm *p)
{
	const mc_ir_alarm *a = p->a;
	for (size_t q = 0; q < a->nqueries; q++) {
		const mc_ir_query *mq = &a->queries[q];
		if (!mq->metric || !mq->metric->sparse)
			continue;
		if (mq->return_data)
			return (long)q;
		for (size_t e = 0; e < a->nqueries; e++)
			if (p->roots[e] && !all_filled(p, p->roots[e], (long)q, false))
				return (long)q;
	}
	return -1;
}

/*
 * A sparse count is zero when it has no data, so missing data should count the way zero
 * does: breaching for `< 1` (no requests at all), not breaching for `> 5`. -1 for bands.
 */
static int zero_breaches(const mc_ir_alarm *a)
{
	switch (a->cmp) {
	case MC_IR_CMP_GT: return 0 > a->threshold;
	case MC_IR_CMP_GE: return 0 >= a->threshold;
	case MC_IR_CMP_LT: return 0 < a->threshold;
	case MC_IR_CMP_LE: return 0 <= a->threshold;
	default: return -1;
	}
}

void mc_lint_sparse_metric(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	mc_diags *d = cx->d;
	for (size_t i = 0; i < ir->nalarms; i++) {
		const mc_ir_alarm *a = &ir->alarms[i];
		int zb = zero_breaches(a);
		if (!user_written(a->origin) || zb < 0)
			continue;
		mc_ir_missing want = zb ? MC_IR_MISSING_BREACHING : MC_IR_MISSING_NOT_BREACHING;
		if (a->missing == want)
			continue;
		const char *metric = NULL;
		if (a->metric && a->metric->sparse) {
			metric = a->metric->metric;
		} else if (a->nqueries) {
			parsed_alarm p;
			parse_alarm(cx, a, &p);
			long q = unfilled_sparse(&p);
			if (q >= 0)
				metric = query_name(&a->queries[q]);
			parsed_alarm_release(&p);
		}
		if (!metric)
			continue;
		const char *setting = zb ? "breaching" : "not_breaching";
		mc_diag *g = mc_diag_add(d, MC_W0007, a->span,
		                         "alarm %s reads sparse metric `%s` without FILL or "
		                         "`missing_data: %s`",
		                         mc_lint_alarm_name(cx, a->source, a->service, a->id),
		                         metric, setting);
		mc_diag_label_primary(d, g, "`%s` is published only when it is not zero", metric);
		mc_lint_label_template(cx, g, a->template_span);
		mc_diag_note(d, g, "a period without data means zero here, which %s the condition",
		             zb ? "breaches" : "does not breach");
		if (a->nqueries)
			mc_diag_help(d, g,
			             "write `FILL(%s, 0)` in the expression, or set "
			             "`missing_data: %s` on the alarm",
			             metric, setting);
		else
			mc_diag_help(d, g, "set `missing_data: %s` on the alarm", setting);
	}
}
