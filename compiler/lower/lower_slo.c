/*
 * Lowering step 4: SLOs -> error-ratio queries, burn-rate child alarms and composites.
 *
 * Consumes each service's `slos:` (objective, window, SLI, `alerting`, `backend`), the
 * namespace of step 2 and the tiers of step 1; produces one mc_ir_slo per SLO and, per row
 * of its burn-rate table (compiler/sema/burnrate.h: `multiwindow` scaled to the window, or
 * a custom table), two metric alarms on the error ratio (period = the long or the short
 * window, 1 of 1, threshold = factor x (1 - objective), missing data not breaching, no
 * actions) and one composite `ALARM(long) AND ALARM(short)` with the tier's topics, whose
 * ActionsSuppressor is the nearest faster row.
 *
 * The SLI is a kind's (`lb.availability`, bound with the SLO's parameters such as
 * `threshold` by mc_sli_bind) or the SLO's own `{good|bad, total}` expressions over the
 * service's metrics. Either way it becomes MetricStat queries (ids derived from the metric
 * names), the expressions `good` or `bad` and `total`, and `error_ratio` (`bad / total` or
 * `1 - good / total`), the one query that returns data. Ids and query order are fixed, so
 * the output is the same every run.
 *
 * `backend: application-signals` (or `defaults.slo_backend`) lowers the SLO instead to an
 * Application Signals SLO (mc_ir_app_slo): a request-based SLI whose total and good-or-bad
 * counts are the same MetricStat queries read at 60 s, the objective as attainment goal,
 * the window as rolling interval, and one burn-rate configuration per distinct look-back
 * window of the table (at most 10, whole minutes up to 7 days, E0221 otherwise). Each row's
 * two metric alarms then read the `AWS/ApplicationSignals` `BurnRate` metric the SLO
 * publishes for its window (threshold = the row's factor, which is a burn rate), and the
 * composites, tiers and suppressors are the same as with the default back-end; no alarm
 * reads the error ratio. Application Signals names must be unique (E0242).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "lower/lower_internal.h"
#include "sema/burnrate.h"
#include "sema/expr.h"
#include "sema/units.h"

/* Which side of the SLI reads a metric (bits): the good-or-bad count, the total. */
enum { PART_NUM = 1, PART_TOTAL = 2 };

typedef struct {
	const mc_inst_metric *km;
	const mc_ir_metric *om;
	const char *stat;
	const char *id;
	const char *text;     /* the name as written, to share one query per metric and stat */
	unsigned parts;       /* PART_* bits */
	mc_ir_dim *dims;      /* km's dimensions in IR form, made once for all burn alarms */
} sli_metric;

typedef struct {
	mc_lower_ctx *cx;
	mc_lower_service *svc;
	const mc_instance *in;   /* a kind's SLI: its names are the instance's; else NULL */
	mc_expr_ids ids;
	sli_metric *m;
	size_t nm, cm;
	bool ok;
	bool bad;
	unsigned part;           /* the side being built (PART_*) */
	const char *num;         /* the good-or-bad expression, in ids */
	const char *total;
} sli_build;

static const char *metric_id(sli_build *b, const mc_inst_metric *km, const mc_ir_metric *om,
                             const char *stat, const char *text)
{
	for (size_t i = 0; i < b->nm; i++)
		if (strcmp(b->m[i].text, text) == 0 && strcmp(b->m[i].stat, stat) == 0) {
			b->m[i].parts |= b->part;
			return b->m[i].id;
		}
	MC_GROW(b->m, b->cm, b->nm + 1);
	/* text is the expression's (expr_arena, reset after each part): keep a copy. */
	b->m[b->nm] = (sli_metric){km,   om,     stat, mc_expr_ids_from_name(&b->ids, text),
	                           mc_arena_strdup(b->cx->arena, text), b->part, NULL};
	return b->m[b->nm++].id;
}

static void on_ref(mc_expr *ref, void *p)
{
	sli_build *b = p;
	const mc_inst_metric *km = NULL;
	const mc_ir_metric *om = NULL;
	if (b->in) {
		km = mc_instance_metric(b->in, ref->text);
		if (!km) {
			size_t mark = b->cx->d->len;
			mc_diag *g = mc_diag_add(b->cx->d, MC_E0230, ref->span,
			                         "unresolved reference `%s`", ref->text);
			mc_diag_label_primary(b->cx->d, g, "expected a metric of kind `%s`",
			                      b->in->tmpl->kind);
			mc_lower_label_since(b->cx, b->in, mark);
			b->ok = false;
			return;
		}
	} else {
		mc_ref r;
		if (mc_lower_resolve(b->cx, b->svc, ref->text, ref->span, MC_ACCEPT(MC_SYM_METRIC),
		                     &r) < 0) {
			b->ok = false;
			return;
		}
		km = r.metric;
		om = r.own_metric;
	}
	const char *stat = km ? km->stat : om && om->stat ? om->stat : "Sum";
	ref->resolved = (void *)metric_id(b, km, om, stat, ref->text);
}

static const char *id_of(const mc_expr *ref, void *p)
{
	(void)p;
	return ref->resolved;
}

/* An expression (a spec node, or a bound template text at node's place) -> text in ids. */
static const char *expr_part(sli_build *b, const mc_node *node, const char *text)
{
	mc_node tmp;
	if (text) {
		/* A bound template text: parse it at the template node's place (whole span). */
		memset(&tmp, 0, sizeof tmp);
		tmp.kind = MC_NODE_STRING;
		tmp.style = MC_STYLE_FOLDED;
		tmp.span = node ? node->span : MC_NO_SPAN;
		tmp.text = text;
		tmp.text_len = strlen(text);
		node = &tmp;
	}
	size_t mark = b->cx->d->len;
	mc_expr *e = mc_expr_parse(node, b->cx->srcs, b->cx->expr_arena, b->cx->d);
	const char *s = NULL;
	if (!e || !mc_expr_check_result(e, true, b->cx->d)) {
		if (b->in)
			mc_lower_label_since(b->cx, b->in, mark);
		b->ok = false;
	} else {
		mc_expr_visit_refs(e, on_ref, b);
		if (b->ok) {
			mc_buf out = MC_BUF_INIT;
			mc_expr_print(e, id_of, NULL, &out);
			s = mc_arena_strdup(b->cx->arena, mc_buf_str(&out));
			mc_buf_release(&out);
		}
	}
	mc_arena_reset(b->cx->expr_arena); /* the tree: only its printed form is kept */
	return s;
}

/* The IR metric of one SLI metric, read at period (seconds). */
static mc_ir_metric *sli_ir_metric(mc_lower_ctx *cx, sli_metric *m, uint32_t period)
{
	mc_ir_metric *im = mc_arena_alloc(cx->arena, sizeof *im);
	if (m->om) {
		*im = *m->om;
	} else {
		im->ns = m->km->ns;
		im->metric = m->km->metric;
		im->ndims = m->km->ndims;
		/* The IR is read-only after lowering: every period's metric shares one array. */
		if (!m->dims) {
			m->dims = mc_arena_alloc(cx->arena, (im->ndims + 1) * sizeof *m->dims);
			for (size_t k = 0; k < im->ndims; k++)
				m->dims[k] = (mc_ir_dim){m->km->dims[k].name, m->km->dims[k].value};
		}
		im->dims = m->dims;
		im->unit = m->km->unit == MC_UNIT_UNSET ? NULL : mc_unit_cloudwatch(m->km->unit);
		im->sparse = m->km->sparse;
	}
	im->stat = m->stat;
	im->period_s = period;
	return im;
}

/* The queries of the SLI read at period (seconds); the error ratio last, returning data. */
static mc_ir_query *queries(mc_lower_ctx *cx, const sli_build *b, uint32_t period, size_t *n)
{
	*n = b->nm + 3;
	mc_ir_query *q = mc_arena_alloc(cx->arena, *n * sizeof *q);
	for (size_t i = 0; i < b->nm; i++)
		q[i] = (mc_ir_query){b->m[i].id, sli_ir_metric(cx, &b->m[i], period), NULL, NULL, 0,
		                     false};
	q[b->nm] = (mc_ir_query){b->bad ? "bad" : "good", NULL, b->num, NULL, 0, false};
	q[b->nm + 1] = (mc_ir_query){"total", NULL, b->total, NULL, 0, false};
	q[b->nm + 2] = (mc_ir_query){"error_ratio", NULL,
	                             b->bad ? "bad / total" : "1 - good / total", "error ratio", 0,
	                             true};
	return q;
}

static bool build_sli(mc_lower_ctx *cx, mc_lower_service *s, const mc_node *key,
                      const mc_node *slo, sli_build *b)
{
	memset(b, 0, sizeof *b);
	b->cx = cx;
	b->svc = s;
	b->ok = true;
	mc_expr_ids_init(&b->ids, cx->arena);
	/* The expression ids are fixed; metric ids take what is left. */
	mc_expr_ids_reserve(&b->ids, "good");
	mc_expr_ids_reserve(&b->ids, "bad");
	mc_expr_ids_reserve(&b->ids, "total");
	mc_expr_ids_reserve(&b->ids, "error_ratio");
	const mc_node *sli = mc_node_get(slo, "sli");
	if (!sli)
		return false;
	if (sli->kind == MC_NODE_MAP) {
		const mc_node *good = mc_node_get(sli, "good"), *bad = mc_node_get(sli, "bad");
		b->bad = bad != NULL;
		b->part = PART_NUM;
		b->num = expr_part(b, bad ? bad : good, NULL);
		b->part = PART_TOTAL;
		b->total = b->ok ? expr_part(b, mc_node_get(sli, "total"), NULL) : NULL;
		return b->ok && b->num && b->total;
	}
	mc_ref r;
	if (!mc_lower_text(sli) ||
	    mc_lower_resolve(cx, s, sli->text, sli->span, MC_ACCEPT(MC_SYM_SLI), &r) < 0)
		return false;
	mc_sli_bound bound;
	if (mc_sli_bind(r.instance, r.sli, slo, key->span, cx->srcs, cx->arena, cx->d, &bound) < 0)
		return false;
	b->in = r.instance;
	b->bad = bound.bad;
	const char *mtext;
	b->part = PART_NUM;
	if (bound.good_or_bad_expr) {
		b->num = expr_part(b, r.sli->good_or_bad.node, bound.good_or_bad_expr);
	} else if (bound.good_or_bad_metric) {
		mtext = bound.good_or_bad_metric->name;
		b->num = metric_id(b, bound.good_or_bad_metric, NULL, bound.good_or_bad_stat, mtext);
	}
	b->part = PART_TOTAL;
	if (bound.total_expr) {
		b->total = b->ok ? expr_part(b, r.sli->total.node, bound.total_expr) : NULL;
	} else if (bound.total_metric) {
		mtext = bound.total_metric->name;
		b->total = metric_id(b, bound.total_metric, NULL, bound.total_stat, mtext);
	}
	return b->ok && b->num && b->total;
}

/*
 * A burn-rate child alarm of one row: `what` (error ratio or burn rate) over one window above
 * `threshold`, 1 of 1, not breaching without data, no actions (the composite has them). The
 * caller sets the period and the metric or queries.
 */
static mc_ir_alarm *push_child(mc_lower_ctx *cx, const char *slo_id, const char *svc,
                               const char *slo_name, const char *row, const char *which,
                               const char *what, const char *suffix, uint64_t window,
                               double threshold, mc_span span)
{
	mc_ir_alarm *a = MC_LOWER_PUSH(cx, alarms);
	a->id = mc_arena_printf(cx->arena, "%s/%s/%s", slo_id, row, which);
	const char *parts[] = {svc, slo_name, row, which};
	a->name = mc_lower_prefixed_name(cx, MC_NAME_MAX_ALARM, parts, 4);
	a->service = svc;
	a->source = slo_name;
	a->origin = MC_IR_ORIGIN_SLO;
	mc_buf d = MC_BUF_INIT;
	mc_buf_printf(&d, "%s of SLO `%s` of `%s` over the %s window (", what, slo_name, svc,
	              which);
	mc_duration_format(&d, window);
	mc_buf_puts(&d, ") above ");
	mc_buf_double(&d, threshold);
	mc_buf_puts(&d, suffix);
	a->description = mc_arena_strdup(cx->arena, mc_buf_str(&d));
	mc_buf_release(&d);
	a->threshold = threshold;
	a->cmp = MC_IR_CMP_GT;
	a->evaluation_periods = 1;
	a->datapoints = 1;
	a->missing = MC_IR_MISSING_NOT_BREACHING;
	a->span = span;
	return a;
}

static mc_ir_alarm *child(mc_lower_ctx *cx, const char *slo_id, const char *svc,
                          const char *slo_name, const char *row, const char *which,
                          const sli_build *b, uint64_t window, double threshold, mc_span span)
{
	mc_ir_alarm *a = push_child(cx, slo_id, svc, slo_name, row, which, "Error ratio", "",
	                            window, threshold, span);
	a->queries = queries(cx, b, (uint32_t)window, &a->nqueries);
	a->period_s = (uint32_t)window;
	return a;
}

/* ---- Application Signals ---- */

enum {
	APP_PERIOD_S = 60,          /* MetricStat period of the SLI and the BurnRate alarms */
	APP_NAME_MAX = 128,         /* Name: 2..128 */
	APP_MAX_WINDOWS = 10,       /* BurnRateConfigurations */
	APP_MAX_WINDOW_MIN = 10080, /* LookBackWindowMinutes: 7 days */
};
#define APP_WARNING_PCT 50.0        /* Goal.WarningThreshold: AWS's default */

/*
 * One side of the SLI as a MetricDataQueries list: the metrics that side reads, then its
 * expression (`good`, `bad` or `total`) returning data; a side that is one metric returns
 * that metric itself.
 */
static mc_ir_query *app_side(mc_lower_ctx *cx, const sli_build *b, unsigned part,
                             const char *expr, const char *expr_id, size_t *n)
{
	mc_ir_query *q = mc_arena_alloc(cx->arena, (b->nm + 1) * sizeof *q);
	size_t k = 0;
	bool direct = false;
	for (size_t i = 0; i < b->nm; i++) {
		if (!(b->m[i].parts & part))
			continue;
		bool is_expr = strcmp(b->m[i].id, expr) == 0;
		direct |= is_expr;
		q[k++] = (mc_ir_query){b->m[i].id, sli_ir_metric(cx, &b->m[i], APP_PERIOD_S), NULL,
		                       NULL, 0, is_expr};
	}
	if (!direct)
		q[k++] = (mc_ir_query){expr_id, NULL, expr, NULL, 0, true};
	*n = k;
	return q;
}

/* `{project}-{environment}-{service}-{slo}` within AWS's Name pattern (alphanumeric ends). */
static const char *app_name(mc_lower_ctx *cx, const char *svc, const char *slo)
{
	const char *parts[] = {cx->ir->project, cx->ir->environment, svc, slo};
	const char *full = mc_lower_name_join(cx->arena, APP_NAME_MAX, true, parts, 4);
	size_t n = strlen(full);
	while (n > 1 && !((full[n - 1] >= 'a' && full[n - 1] <= 'z') ||
	                  (full[n - 1] >= 'A' && full[n - 1] <= 'Z') ||
	                  (full[n - 1] >= '0' && full[n - 1] <= '9')))
		n--; /* a name such as `slo-` would end in `-` */
	return mc_arena_strndup(cx->arena, full, n);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Adds a look-back window (seconds) to the set; E0221 when it is no whole number of minutes. */
static bool add_window(mc_lower_ctx *cx, uint32_t *v, size_t *n, uint64_t seconds, mc_span span)
{
	if (seconds % 60 != 0 || seconds / 60 < 1 || seconds / 60 > APP_MAX_WINDOW_MIN) {
		mc_buf w = MC_BUF_INIT;
		mc_duration_format(&w, seconds);
		mc_diag *g = mc_diag_add(cx->d, MC_E0221, span,
		                         "look-back window `%s` does not fit Application Signals",
		                         mc_buf_str(&w));
		mc_diag_label_primary(cx->d, g, "expected a whole number of minutes, 1m to 7d");
		mc_diag_help(cx->d, g, "use windows of whole minutes, such as `1m` or `5m`");
		mc_buf_release(&w);
		return false;
	}
	for (size_t i = 0; i < *n; i++)
		if (v[i] == seconds / 60)
			return true;
	v[(*n)++] = (uint32_t)(seconds / 60);
	return true;
}

/*
 * The Application Signals SLO of one SLO: request-based SLI from b, goal from the objective
 * and window, the table's distinct look-back windows. NULL after reporting E0221 (a window
 * Application Signals cannot take, or more than 10 of them).
 */
static mc_ir_app_slo *app_slo(mc_lower_ctx *cx, const mc_lower_service *s, const mc_node *key,
                              const mc_node *slo, const sli_build *b, double pct,
                              uint64_t window, mc_span window_span, const mc_burn_table *t,
                              const mc_burn_input *in)
{
	/* The table's key (`alerting:`, `defaults.slo_alerting:`), else the SLO's. */
	const mc_node *tk = mc_lower_key(slo, "alerting");
	if (!tk && cx->default_slo_alerting)
		tk = mc_lower_key(mc_node_get(cx->spec, "defaults"), "slo_alerting");
	mc_span table_span = tk ? tk->span : key->span;
	bool ok = true;
	uint32_t *w = mc_arena_alloc(cx->arena, (2 * t->nrows + 1) * sizeof *w);
	size_t nw = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		/* A custom row's windows as written; the rows were sorted, so match by value. */
		mc_span lat = table_span, sat = table_span;
		for (size_t k = 0; k < in->nrows; k++)
			if (in->rows[k].long_s == t->rows[i].long_s &&
			    in->rows[k].short_s == t->rows[i].short_s)
				lat = in->rows[k].long_span, sat = in->rows[k].short_span;
		ok &= add_window(cx, w, &nw, t->rows[i].long_s, lat);
		ok &= add_window(cx, w, &nw, t->rows[i].short_s, sat);
	}
	qsort(w, nw, sizeof *w, cmp_u32);
	if (ok && nw > APP_MAX_WINDOWS) {
		mc_buf list = MC_BUF_INIT;
		for (size_t i = 0; i < nw; i++) {
			mc_buf_puts(&list, i ? ", " : "");
			mc_duration_format(&list, (uint64_t)w[i] * 60);
		}
		mc_diag *g = mc_diag_add(cx->d, MC_E0221, table_span,
		                         "the burn-rate table of SLO `%s` looks back over %zu "
		                         "different windows, more than Application Signals allows",
		                         key->text, nw);
		mc_diag_label_primary(cx->d, g, "expected at most %d distinct long and short windows",
		                      APP_MAX_WINDOWS);
		mc_diag_note(cx->d, g, "the windows: %s", mc_buf_str(&list));
		mc_diag_help(cx->d, g, "let rows share windows, or use fewer rows");
		mc_buf_release(&list);
		ok = false;
	}
	if (window % 60 != 0) {
		mc_buf d = MC_BUF_INIT;
		mc_duration_format(&d, window);
		mc_diag *g = mc_diag_add(cx->d, MC_E0221, window_span.file ? window_span : key->span,
		                         "SLO window `%s` does not fit Application Signals",
		                         mc_buf_str(&d));
		mc_diag_label_primary(cx->d, g, "expected a whole number of minutes, such as `30d`");
		mc_buf_release(&d);
		ok = false;
	}
	if (!ok)
		return NULL;

	mc_ir_app_slo *x = mc_arena_alloc(cx->arena, sizeof *x);
	x->name = app_name(cx, s->name, key->text);
	const char *desc = mc_lower_text(mc_node_get(slo, "description"));
	mc_buf d = MC_BUF_INIT;
	if (desc) {
		mc_buf_puts(&d, desc);
	} else {
		mc_buf_printf(&d, "SLO `%s` of `%s`: ", key->text, s->name);
		mc_buf_double(&d, pct);
		mc_buf_puts(&d, "% good requests over ");
		mc_duration_format(&d, window);
	}
	if (d.len > 1000) /* Description is at most 1024 bytes */
		d.len = 1000, d.p[1000] = '\0';
	x->description = mc_arena_strdup(cx->arena, mc_buf_str(&d));
	mc_buf_release(&d);
	x->monitored_bad = b->bad;
	x->monitored = app_side(cx, b, PART_NUM, b->num, b->bad ? "bad" : "good", &x->nmonitored);
	x->total = app_side(cx, b, PART_TOTAL, b->total, "total", &x->ntotal);
	x->attainment_pct = pct;
	x->warning_pct = APP_WARNING_PCT;
	if (window % 86400 == 0)
		x->interval = (uint32_t)(window / 86400), x->interval_unit = "DAY";
	else if (window % 3600 == 0)
		x->interval = (uint32_t)(window / 3600), x->interval_unit = "HOUR";
	else
		x->interval = (uint32_t)(window / 60), x->interval_unit = "MINUTE";
	x->burn_windows_min = w;
	x->nburn_windows = nw;
	return x;
}

/* The metric alarm over the BurnRate Application Signals publishes for one look-back window. */
static mc_ir_alarm *burn_child(mc_lower_ctx *cx, const char *slo_id, const char *svc,
                               const char *slo_name, const char *row, const char *which,
                               const char *app, uint64_t window, double factor, mc_span span)
{
	/* Burn rate = error ratio / budget, so `> factor` is the default back-end's
	 * `error ratio > factor x budget`. */
	mc_ir_alarm *a = push_child(cx, slo_id, svc, slo_name, row, which, "Burn rate",
	                            " (Application Signals)", window, factor, span);
	mc_ir_metric *m = mc_arena_alloc(cx->arena, sizeof *m);
	m->ns = "AWS/ApplicationSignals";
	m->metric = "BurnRate";
	m->dims = mc_arena_alloc(cx->arena, 2 * sizeof *m->dims);
	m->dims[0] = (mc_ir_dim){"BurnRateWindowMinutes",
	                         mc_arena_printf(cx->arena, "%llu",
	                                         (unsigned long long)(window / 60))};
	m->dims[1] = (mc_ir_dim){"SloName", app};
	m->ndims = 2;
	m->stat = "Average";
	m->period_s = APP_PERIOD_S;
	a->metric = m;
	a->period_s = APP_PERIOD_S;
	return a;
}

/* E0242: two SLOs whose Application Signals names came out the same (after trimming or
 * shortening). */
static void check_app_names(mc_lower_ctx *cx)
{
	for (size_t i = 0; i < cx->nslos; i++)
		for (size_t j = 0; j < i; j++) {
			const mc_ir_slo *x = &cx->slos[i], *y = &cx->slos[j];
			if (!x->app || !y->app || strcmp(x->app->name, y->app->name) != 0)
				continue;
			mc_diag *g = mc_diag_add(cx->d, MC_E0242, x->span,
			                         "two Application Signals SLOs would have the same "
			                         "name `%s`",
			                         x->app->name);
			mc_diag_label_primary(cx->d, g, "this is `%s`", x->id);
			mc_diag_label(cx->d, g, y->span, "and so is `%s`", y->id);
			mc_diag_note(cx->d, g, "AWS names must be unique; moncc builds them from the "
			                       "spec's names and shortens long ones with a hash");
			mc_diag_help(cx->d, g, "rename one of them");
		}
}

static bool app_signals(const mc_lower_ctx *cx, const mc_node *slo)
{
	const char *b = mc_lower_text(mc_node_get(slo, "backend"));
	if (b)
		return strcmp(b, "application-signals") == 0;
	return cx->default_application_signals;
}

static void lower_slo(mc_lower_ctx *cx, mc_lower_service *s, const mc_node *key,
                      const mc_node *slo)
{
	const mc_node *obj = mc_node_get(slo, "objective");
	double pct = 0;
	if (!obj)
		return;
	if (!mc_lower_text(obj) || mc_percent_parse(obj->text, obj->text_len, &pct) < 0) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0121, obj->span, "invalid percentage `%s`",
		                         obj->text ? obj->text : "");
		mc_diag_label_primary(cx->d, g, "expected a percentage such as `99.5%%`");
		return;
	}
	uint64_t window = cx->default_slo_window_s;
	mc_span window_span = cx->default_slo_window_span;
	const mc_node *wn = mc_node_get(slo, "window");
	if (wn) {
		if (mc_lower_duration(cx, wn, &window) < 0)
			return;
		window_span = wn->span;
	}
	sli_build b;
	bool ok = build_sli(cx, s, key, slo, &b);
	bool app = app_signals(cx, slo);
	/* Application Signals reads the SLI itself: no alarm holds its metrics. */
	if (ok && !app && b.nm > MC_EXPR_MAX_METRICS) {
		const mc_node *sli = mc_node_get(slo, "sli");
		mc_diag *g = mc_diag_add(cx->d, MC_E0238, sli->span,
		                         "the SLI reads %zu metrics, more than an alarm may", b.nm);
		mc_diag_label_primary(cx->d, g, "CloudWatch allows at most %d metrics in one alarm",
		                      MC_EXPR_MAX_METRICS);
		ok = false;
	}

	/* The burn-rate table. */
	const mc_node *alerting = mc_node_get(slo, "alerting");
	if (!alerting)
		alerting = cx->default_slo_alerting;
	mc_burn_input in = {0};
	in.objective_pct = pct;
	in.objective_span = obj->span;
	in.window_s = window;
	in.window_span = window_span;
	in.table_span = alerting ? alerting->span : key->span;
	const char **tiers = mc_arena_alloc(cx->arena, (cx->ntiers + 1) * sizeof *tiers);
	for (size_t i = 0; i < cx->ntiers; i++)
		tiers[i] = cx->tiers[i].name;
	in.tiers = tiers;
	in.ntiers = cx->ntiers;
	if (alerting && alerting->kind == MC_NODE_SEQ) {
		mc_burn_spec *rows;
		size_t nrows;
		if (mc_burn_table_parse(alerting, cx->srcs, cx->arena, cx->d, &rows, &nrows) < 0)
			ok = false;
		else
			in.rows = rows, in.nrows = nrows;
	}
	mc_burn_table table;
	mc_ir_app_slo *as = NULL;
	if (mc_burn_compute(&in, cx->arena, cx->d, &table) < 0 || !ok ||
	    (app && !(as = app_slo(cx, s, key, slo, &b, pct, window, window_span, &table, &in)))) {
		free(b.m);
		mc_expr_ids_release(&b.ids);
		return;
	}

	mc_ir_slo *is = MC_LOWER_PUSH(cx, slos);
	is->id = mc_arena_printf(cx->arena, "%s/%s", s->name, key->text);
	is->service = s->name;
	is->name = key->text;
	is->objective = pct / 100;
	is->window_s = window;
	is->sli_kind = "ratio";
	is->queries = queries(cx, &b, cx->default_period_s, &is->nqueries);
	is->application_signals = app;
	is->app = as;
	is->span = key->span;
	is->composites = mc_arena_alloc(cx->arena, (table.nrows + 1) * sizeof *is->composites);
	is->ncomposites = table.nrows;
	const char *slo_id = is->id;

	/* Row labels: `burn-1h`, or `burn-1h-5m` when two rows share a long window. */
	const char **rows = mc_arena_alloc(cx->arena, (table.nrows + 1) * sizeof *rows);
	for (size_t i = 0; i < table.nrows; i++) {
		bool shared = false;
		for (size_t j = 0; j < table.nrows; j++)
			shared |= j != i && table.rows[j].long_s == table.rows[i].long_s;
		mc_buf l = MC_BUF_INIT;
		mc_buf_puts(&l, "burn-");
		mc_duration_format(&l, table.rows[i].long_s);
		if (shared) {
			mc_buf_putc(&l, '-');
			mc_duration_format(&l, table.rows[i].short_s);
		}
		rows[i] = mc_arena_strdup(cx->arena, mc_buf_str(&l));
		mc_buf_release(&l);
		is->composites[i] = mc_arena_printf(cx->arena, "%s/%s", slo_id, rows[i]);
	}
	const char **composite_ids = is->composites; /* `is` may move as vectors grow */
	for (size_t i = 0; i < table.nrows; i++) {
		const mc_burn_row *row = &table.rows[i];
		mc_span span = row->span.file ? row->span : key->span;
		const char *lid, *sid;
		if (as) {
			lid = burn_child(cx, slo_id, s->name, key->text, rows[i], "long", as->name,
			                 row->long_s, row->factor, span)->id;
			sid = burn_child(cx, slo_id, s->name, key->text, rows[i], "short", as->name,
			                 row->short_s, row->factor, span)->id;
		} else {
			lid = child(cx, slo_id, s->name, key->text, rows[i], "long", &b, row->long_s,
			            row->threshold, span)->id;
			sid = child(cx, slo_id, s->name, key->text, rows[i], "short", &b,
			            row->short_s, row->threshold, span)->id;
		}
		const mc_ir_tier *tier = mc_lower_tier_find(cx, row->tier);
		mc_ir_composite *c = MC_LOWER_PUSH(cx, composites);
		c->id = composite_ids[i];
		const char *parts[] = {s->name, key->text, rows[i]};
		c->name = mc_lower_prefixed_name(cx, MC_NAME_MAX_ALARM, parts, 3);
		c->service = s->name;
		c->source = key->text;
		c->tier = tier ? tier->name : row->tier;
		c->origin = MC_IR_ORIGIN_SLO;
		mc_buf d = MC_BUF_INIT;
		mc_buf_printf(&d, "SLO `%s` of `%s` (", key->text, s->name);
		mc_buf_double(&d, pct);
		mc_buf_puts(&d, "% over ");
		mc_duration_format(&d, window);
		mc_buf_puts(&d, ") burns its error budget ");
		mc_buf_double(&d, row->factor);
		if (as) {
			mc_buf_puts(&d, "x too fast: Application Signals burn rate above ");
			mc_buf_double(&d, row->factor);
		} else {
			mc_buf_puts(&d, "x too fast: error ratio above ");
			mc_buf_double(&d, row->threshold);
		}
		mc_buf_puts(&d, " over ");
		mc_duration_format(&d, row->long_s);
		mc_buf_puts(&d, " and ");
		mc_duration_format(&d, row->short_s);
		c->description = mc_arena_strdup(cx->arena, mc_buf_str(&d));
		mc_buf_release(&d);
		c->rule = mc_arena_printf(cx->arena, "ALARM(\"%s\") AND ALARM(\"%s\")", lid, sid);
		c->children = mc_arena_alloc(cx->arena, 2 * sizeof *c->children);
		/* `.../long` sorts before `.../short` */
		c->children[0] = lid;
		c->children[1] = sid;
		c->nchildren = 2;
		if (tier) {
			c->on_alarm.topics = c->on_ok.topics = tier->topics;
			c->on_alarm.ntopics = c->on_ok.ntopics = tier->ntopics;
		}
		if (row->suppressor >= 0) {
			c->suppressor = composite_ids[row->suppressor];
			c->suppressor_wait_s = MC_BURN_SUPPRESSOR_WAIT_S;
			c->suppressor_extension_s = (uint32_t)row->suppressor_extension_s;
		}
		c->span = span;
	}
	free(b.m);
	mc_expr_ids_release(&b.ids);
}

void mc_lower_slos(mc_lower_ctx *cx)
{
	for (size_t si = 0; si < cx->nservices; si++) {
		mc_lower_service *s = &cx->services[si];
		const mc_node *slos = mc_node_get(s->node, "slos");
		for (size_t i = 0; slos && slos->kind == MC_NODE_MAP && i < slos->npairs; i++)
			lower_slo(cx, s, slos->pairs[i].key, slos->pairs[i].value);
	}
	check_app_names(cx);
}
