/*
 * Lowering step 6: the spec's `dashboards:` -> mc_ir_dashboard items with positioned widgets.
 *
 * Consumes the dashboards mapping, the services and their template instances (step 2), the
 * alarms, composites and SLOs (steps 3-4) and the budget (step 5). Produces one dashboard per
 * entry, `dashboard/NAME`, in the order declared (lower.c sorts them by id later):
 *
 *   - presets (docs/dashboards.md): `overview` (per service a header, the alarm states and
 *     its key numbers), `cost` (billing in us-east-1, budget lines, top services),
 *     `executive` (per SLO attainment, error budget left, burn rate; spend), `service` (one
 *     service: its kinds' widgets, its own alarms with their thresholds), `security` (the
 *     kinds that declare `dashboards: [security]`: their alarms and events, widgets and
 *     alarm graphs), `incident` (runbook links, what is in ALARM, alarm states by tier, burn
 *     rates, golden signals) and `trends` (golden signals week over week, then over the
 *     dashboard's range); golden signals are the kind metrics marked `signal:`;
 *   - custom `rows:` of widgets (graph, number, logs, alarms, text), references resolved at
 *     top level with mc_lower_resolve; `compare: DURATION` makes a graph a pair, the last
 *     DURATION and the DURATION before (range_s/shift_s in the IR; E0370, E0371).
 *
 * Layout invariants (checked again by ir_verify in debug builds): every widget lies on the
 * 24-column grid (x + width <= 24), no two widgets overlap, rows are stacked top to bottom;
 * widgets of a row without `width:` share what the others leave, and `layout: narrow` puts
 * every widget at x 0 with width 24, one under the other. Query ids are unique within a
 * widget (`m1`.. for metrics, `e1`.. for expressions). A graph of a metric that single-metric
 * alarms watch carries one horizontal annotation per alarm tier at its threshold.
 *
 * AWS limits (aws-notes §1.11) are reported as E0240 at the dashboard (or the widget): 500
 * widgets, 500 metrics per widget, 2,500 metrics per dashboard; alarm widgets take at most
 * 100 alarms, so longer lists are split over several widgets.
 *
 * The main dashboard (cloudwatch-dashboard.json) is the one named `main`, else the one named
 * `health`, else the first declared.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "base/buf.h"
#include "lower/lower_internal.h"
#include "sema/units.h"

enum {
	GRID = 24,
	HEIGHT = 6,           /* CloudWatch's default widget height */
	HEADER_HEIGHT = 2,    /* text headers of presets */
	KIND_WIDTH = 8,       /* a kind's widgets: three per line */
	MAX_WIDGETS = 500,
	MAX_WIDGET_METRICS = 500,
	MAX_DASHBOARD_METRICS = 2500,
	MAX_ALARM_WIDGET = 100, /* alarm ARNs per alarm widget */
	BILLING_PERIOD = 21600, /* EstimatedCharges is recomputed a few times a day */
	DAY = 86400,
	HOUR = 3600,
};

typedef struct {
	mc_ir_query *v;
	size_t n, cap;
	unsigned next_m, next_e;
} qvec;

typedef struct {
	mc_lower_ctx *cx;
	const char *name;      /* the dashboard's name, for messages */
	mc_span span;          /* its key */
	mc_ir_widget *w;       /* heap while building; frozen into the arena at the end */
	size_t n, cap;
	size_t row;            /* first widget of the row being built */
	uint32_t y;            /* top of the next row */
	bool narrow;
	uint32_t period_s;     /* dashboard `period:`, 0 = automatic */
} board;

/* ---- small helpers ---- */

static const char *text_of(const mc_node *n)
{
	return n && n->text && n->kind != MC_NODE_SEQ && n->kind != MC_NODE_MAP ? n->text : NULL;
}

static const char *cmp_symbol(mc_ir_cmp c)
{
	switch (c) {
	case MC_IR_CMP_GT: return ">";
	case MC_IR_CMP_GE: return ">=";
	case MC_IR_CMP_LT: return "<";
	case MC_IR_CMP_LE: return "<=";
	default: return NULL; /* bands have no one threshold */
	}
}

/* `-PT3H`, `-P30D`: the ISO-8601 relative start CloudWatch takes. */
static const char *iso_start(mc_lower_ctx *cx, uint64_t s)
{
	if (s && s % DAY == 0)
		return mc_arena_printf(cx->arena, "-P%lluD", (unsigned long long)(s / DAY));
	if (s && s % HOUR == 0)
		return mc_arena_printf(cx->arena, "-PT%lluH", (unsigned long long)(s / HOUR));
	if (s && s % 60 == 0)
		return mc_arena_printf(cx->arena, "-PT%lluM", (unsigned long long)(s / 60));
	return mc_arena_printf(cx->arena, "-PT%lluS", (unsigned long long)(s ? s : 3 * HOUR));
}

static const char *double_text(mc_lower_ctx *cx, double v)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_double(&b, v);
	const char *s = mc_arena_strdup(cx->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static const mc_ir_service *ir_service(mc_lower_ctx *cx, const char *name)
{
	for (size_t i = 0; i < cx->nsvc; i++)
		if (strcmp(cx->svc[i].name, name) == 0)
			return &cx->svc[i];
	return NULL;
}

static const mc_ir_slo *ir_slo(mc_lower_ctx *cx, const char *service, const char *name)
{
	return mc_lower_slo_find(cx, service, name);
}

static bool alarm_is(const mc_ir_alarm *a, const char *service, const char *source)
{
	return a->service && a->source && strcmp(a->service, service) == 0 &&
	       strcmp(a->source, source) == 0 &&
	       (a->origin == MC_IR_ORIGIN_SPEC || a->origin == MC_IR_ORIGIN_KIND);
}

/* A kind metric as an IR metric; stat replaces the metric's own statistic when not NULL. */
static mc_ir_metric *ir_metric_of(mc_lower_ctx *cx, const mc_inst_metric *m, const char *stat)
{
	mc_ir_metric *im = mc_arena_alloc(cx->arena, sizeof *im);
	im->ns = m->ns;
	im->metric = m->metric;
	im->ndims = m->ndims;
	im->dims = mc_arena_alloc(cx->arena, (m->ndims ? m->ndims : 1) * sizeof *im->dims);
	for (size_t i = 0; i < m->ndims; i++)
		im->dims[i] = (mc_ir_dim){m->dims[i].name, m->dims[i].value};
	im->stat = stat ? stat : m->stat ? m->stat : "Average";
	im->period_s = m->period_s;
	im->unit = m->unit == MC_UNIT_UNSET ? NULL : mc_unit_cloudwatch(m->unit);
	im->sparse = m->sparse;
	return im;
}

static mc_ir_metric *metric_with(mc_lower_ctx *cx, const mc_ir_metric *m, const char *stat,
                                 uint32_t period_s)
{
	mc_ir_metric *c = mc_arena_memdup(cx->arena, m, sizeof *m);
	if (stat)
		c->stat = stat;
	if (period_s)
		c->period_s = period_s;
	return c;
}

static bool same_metric(const mc_ir_metric *a, const mc_ir_metric *b)
{
	if (strcmp(a->ns, b->ns) != 0 || strcmp(a->metric, b->metric) != 0 ||
	    strcmp(a->stat, b->stat) != 0 || a->ndims != b->ndims)
		return false;
	for (size_t i = 0; i < a->ndims; i++)
		if (strcmp(a->dims[i].name, b->dims[i].name) != 0 ||
		    strcmp(a->dims[i].value, b->dims[i].value) != 0)
			return false;
	return true;
}

/* ---- queries ---- */

static mc_ir_query *q_push(qvec *q)
{
	MC_GROW(q->v, q->cap, q->n + 1);
	memset(&q->v[q->n], 0, sizeof q->v[0]);
	return &q->v[q->n++];
}

static const char *q_metric(mc_lower_ctx *cx, qvec *q, mc_ir_metric *m, const char *label,
                            bool shown)
{
	mc_ir_query *e = q_push(q);
	e->id = mc_arena_printf(cx->arena, "m%u", ++q->next_m);
	e->metric = m;
	e->label = label;
	e->return_data = shown;
	return e->id;
}

static const char *q_expr(mc_lower_ctx *cx, qvec *q, const char *expr, const char *label,
                          bool shown)
{
	mc_ir_query *e = q_push(q);
	e->id = mc_arena_printf(cx->arena, "e%u", ++q->next_e);
	e->expression = expr;
	e->label = label;
	e->return_data = shown;
	return e->id;
}

typedef const char *(*name_map)(void *arg, const char *name, size_t len);

static bool lower_alpha(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool name_char(char c)
{
	return lower_alpha(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * Copies a metric-math expression with every name (a word starting with a lower-case letter;
 * with dashes when `dashes`, as spec names have them) replaced by map's answer (NULL: kept).
 * Quoted strings and upper-case words (functions, keywords) are copied as they are.
 */
static const char *rewrite(mc_lower_ctx *cx, const char *text, bool dashes, name_map map,
                           void *arg)
{
	mc_buf b = MC_BUF_INIT;
	size_t i = 0, len = strlen(text);
	while (i < len) {
		char c = text[i];
		if (c == '\'' || c == '"') {
			size_t k = i + 1;
			while (k < len && text[k] != c)
				k += text[k] == '\\' && k + 1 < len ? 2 : 1;
			k = k < len ? k + 1 : len;
			mc_buf_add(&b, text + i, k - i);
			i = k;
		} else if (name_char(c) && !lower_alpha(c)) {
			size_t k = i;
			while (k < len && (name_char(text[k]) || text[k] == '.'))
				k++;
			mc_buf_add(&b, text + i, k - i);
			i = k;
		} else if (lower_alpha(c)) {
			size_t k = i;
			while (k < len && (name_char(text[k]) ||
			                   (dashes && text[k] == '-' && k + 1 < len &&
			                    (lower_alpha(text[k + 1]) || text[k + 1] == '_' ||
			                     (text[k + 1] >= '0' && text[k + 1] <= '9')))))
				k++;
			const char *to = map(arg, text + i, k - i);
			if (to)
				mc_buf_puts(&b, to);
			else
				mc_buf_add(&b, text + i, k - i);
			i = k;
		} else {
			mc_buf_putc(&b, c);
			i++;
		}
	}
	const char *s = mc_arena_strdup(cx->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

typedef struct {
	const char **from, **to;
	size_t n;
} id_map;

static const char *map_ids(void *arg, const char *name, size_t len)
{
	id_map *m = arg;
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->from[i]) == len && memcmp(m->from[i], name, len) == 0)
			return m->to[i];
	return NULL;
}

/*
 * Copies a list of queries into the widget's, with fresh ids (expressions rewritten to
 * match), none shown; metrics get period_s when not 0. Returns the new id of the last one.
 */
static const char *copy_queries(mc_lower_ctx *cx, qvec *q, const mc_ir_query *src, size_t n,
                                uint32_t period_s)
{
	id_map m = {mc_arena_alloc(cx->arena, (n ? n : 1) * sizeof(char *)),
	            mc_arena_alloc(cx->arena, (n ? n : 1) * sizeof(char *)), 0};
	const char *last = NULL;
	for (size_t i = 0; i < n; i++) {
		if (src[i].metric)
			last = q_metric(cx, q, metric_with(cx, src[i].metric, NULL, period_s),
			                src[i].label, false);
		else
			last = q_expr(cx, q, rewrite(cx, src[i].expression, false, map_ids, &m),
			              src[i].label, false);
		q->v[q->n - 1].period_s = src[i].period_s;
		m.from[m.n] = src[i].id;
		m.to[m.n++] = last;
	}
	return last;
}

typedef enum { SHOW_ATTAINMENT, SHOW_BUDGET_LEFT, SHOW_BURN_RATE, SHOW_ERROR_RATE } slo_show;

/* An SLO's error-ratio queries, then the one shown. period_s 0 keeps the SLO's periods. */
static void slo_queries(mc_lower_ctx *cx, qvec *q, const mc_ir_slo *s, slo_show show,
                        uint32_t period_s, const char *label)
{
	if (!s->nqueries)
		return;
	const char *ratio = copy_queries(cx, q, s->queries, s->nqueries, period_s);
	const char *budget = double_text(cx, 1 - s->objective);
	switch (show) {
	case SHOW_ATTAINMENT:
		q_expr(cx, q, mc_arena_printf(cx->arena, "100 * (1 - %s)", ratio), label, true);
		break;
	case SHOW_BUDGET_LEFT:
		q_expr(cx, q, mc_arena_printf(cx->arena, "100 * (1 - %s / %s)", ratio, budget),
		       label, true);
		break;
	case SHOW_BURN_RATE:
		q_expr(cx, q, mc_arena_printf(cx->arena, "%s / %s", ratio, budget), label, true);
		break;
	case SHOW_ERROR_RATE:
		q_expr(cx, q, mc_arena_printf(cx->arena, "100 * %s", ratio), label, true);
		break;
	}
}

typedef struct {
	mc_lower_ctx *cx;
	qvec *q;
	const mc_instance *in;
	id_map seen; /* metric name -> query id, so a metric used twice is read once */
	size_t cap;
} sli_map;

static const char *map_sli_name(void *arg, const char *name, size_t len)
{
	sli_map *s = arg;
	const char *known = map_ids(&s->seen, name, len);
	if (known)
		return known;
	char *nm = mc_arena_strndup(s->cx->arena, name, len);
	const mc_inst_metric *m = mc_instance_metric(s->in, nm);
	if (!m || s->seen.n == s->cap)
		return NULL;
	const char *id = q_metric(s->cx, s->q, ir_metric_of(s->cx, m, NULL), nm, false);
	s->seen.from[s->seen.n] = nm;
	s->seen.to[s->seen.n++] = id;
	return id;
}

static const char *sli_part(sli_map *s, const mc_sli_part *p)
{
	if (p->expr)
		return q_expr(s->cx, s->q, rewrite(s->cx, p->expr, true, map_sli_name, s), NULL,
		              false);
	if (p->metric)
		return q_metric(s->cx, s->q, ir_metric_of(s->cx, p->metric, p->stat), NULL, false);
	return NULL;
}

/*
 * An SLI shown as the share of good events in percent, when it needs no parameter from an
 * SLO. -1 (nothing added) when it does: the caller shows the SLO instead.
 */
static int sli_queries(mc_lower_ctx *cx, qvec *q, const mc_instance *in, const mc_inst_sli *sli,
                       const char *label)
{
	if (sli->params.len)
		return -1;
	enum { MAX_NAMES = 32 };
	sli_map s = {cx, q, in, {mc_arena_alloc(cx->arena, MAX_NAMES * sizeof(char *)),
	                         mc_arena_alloc(cx->arena, MAX_NAMES * sizeof(char *)), 0},
	             MAX_NAMES};
	const char *gb = sli_part(&s, &sli->good_or_bad);
	const char *total = sli_part(&s, &sli->total);
	if (!gb || !total)
		return -1;
	const char *e = sli->bad ? mc_arena_printf(cx->arena, "100 * (1 - %s / %s)", gb, total)
	                         : mc_arena_printf(cx->arena, "100 * %s / %s", gb, total);
	q_expr(cx, q, e, label, true);
	return 0;
}

/* The SLO of a service whose `sli:` is `resource.sli`, or NULL. */
static const mc_ir_slo *slo_of_sli(mc_lower_ctx *cx, const mc_lower_service *ls,
                                   const char *resource, const char *sli)
{
	const mc_node *slos = mc_node_get(ls->node, "slos");
	for (size_t i = 0; slos && slos->kind == MC_NODE_MAP && i < slos->npairs; i++) {
		const char *t = text_of(mc_node_get(slos->pairs[i].value, "sli"));
		size_t rl = strlen(resource);
		if (t && strncmp(t, resource, rl) == 0 && t[rl] == '.' &&
		    strcmp(t + rl + 1, sli) == 0)
			return ir_slo(cx, ls->name, slos->pairs[i].key->text);
	}
	return NULL;
}

/* ---- widgets and layout ---- */

static mc_ir_widget *add(board *b, mc_ir_widget_kind kind, const char *title, uint32_t width,
                         uint32_t height, mc_span span)
{
	MC_GROW(b->w, b->cap, b->n + 1);
	mc_ir_widget *w = &b->w[b->n++];
	memset(w, 0, sizeof *w);
	w->kind = kind;
	w->title = title;
	w->width = width; /* 0: share the row */
	w->height = height ? height : HEIGHT;
	w->period_s = b->period_s;
	w->span = span;
	return w;
}

static void drop_last(board *b)
{
	b->n--;
}

static void take_queries(board *b, mc_ir_widget *w, qvec *q)
{
	w->queries = q->n ? mc_arena_memdup(b->cx->arena, q->v, q->n * sizeof *q->v) : NULL;
	w->nqueries = q->n;
	free(q->v);
	*q = (qvec){0};
}

/*
 * Positions the widgets added since the row began, then starts the next row. Widgets with
 * a width keep it; the others share what is left (the first ones one column wider when it
 * does not divide); a widget that does not fit on the line goes to the next line.
 */
static void row_end(board *b)
{
	size_t first = b->row, last = b->n;
	b->row = b->n;
	if (first == last)
		return;
	if (b->narrow) {
		for (size_t i = first; i < last; i++) {
			b->w[i].x = 0;
			b->w[i].width = GRID;
			b->w[i].y = b->y;
			b->y += b->w[i].height;
		}
		return;
	}
	uint32_t fixed = 0, nauto = 0;
	for (size_t i = first; i < last; i++) {
		if (b->w[i].width > GRID)
			b->w[i].width = GRID;
		if (b->w[i].width)
			fixed += b->w[i].width;
		else
			nauto++;
	}
	uint32_t left = fixed < GRID ? GRID - fixed : 0;
	uint32_t share = nauto ? left / nauto : 0, extra = nauto ? left % nauto : 0;
	if (nauto && !share) {
		share = nauto < GRID ? GRID / nauto : 1;
		extra = 0;
	}
	uint32_t x = 0, line = 0;
	for (size_t i = first; i < last; i++) {
		mc_ir_widget *w = &b->w[i];
		if (!w->width) {
			w->width = share + (extra ? 1 : 0);
			extra -= extra ? 1 : 0;
		}
		if (x + w->width > GRID) {
			b->y += line;
			x = 0;
			line = 0;
		}
		w->x = x;
		w->y = b->y;
		x += w->width;
		if (w->height > line)
			line = w->height;
	}
	b->y += line;
}

/* Orders metrics as same_metric() compares them, so that equal ones sit together. */
static int metric_cmp(const mc_ir_metric *a, const mc_ir_metric *b)
{
	int c = strcmp(a->ns, b->ns);
	if (!c)
		c = strcmp(a->metric, b->metric);
	if (!c)
		c = strcmp(a->stat, b->stat);
	if (!c && a->ndims != b->ndims)
		c = a->ndims < b->ndims ? -1 : 1;
	for (size_t i = 0; !c && i < a->ndims; i++) {
		c = strcmp(a->dims[i].name, b->dims[i].name);
		if (!c)
			c = strcmp(a->dims[i].value, b->dims[i].value);
	}
	return c;
}

/*
 * The single-metric spec and kind alarms, sorted by metric, built once per
 * mc_lower_dashboards(): annotating a graph finds its metric's alarms by binary search
 * instead of scanning every alarm for every graph (quadratic in the number of services).
 */
static struct {
	const mc_ir_alarm **v;
	size_t n;
} watched;

static int watched_cmp(const void *pa, const void *pb)
{
	const mc_ir_alarm *a = *(const mc_ir_alarm *const *)pa;
	const mc_ir_alarm *b = *(const mc_ir_alarm *const *)pb;
	int c = metric_cmp(a->metric, b->metric);
	return c ? c : strcmp(a->id, b->id);
}

static void watched_build(mc_lower_ctx *cx)
{
	watched.v = mc_xcalloc(cx->nalarms + 1, sizeof *watched.v);
	watched.n = 0;
	for (size_t k = 0; k < cx->nalarms; k++) {
		const mc_ir_alarm *a = &cx->alarms[k];
		if (a->metric && a->tier &&
		    (a->origin == MC_IR_ORIGIN_SPEC || a->origin == MC_IR_ORIGIN_KIND))
			watched.v[watched.n++] = a;
	}
	if (watched.n > 1)
		qsort(watched.v, watched.n, sizeof *watched.v, watched_cmp);
}

static void watched_release(void)
{
	free(watched.v);
	watched.v = NULL;
	watched.n = 0;
}

/* The first watched alarm on metric m, or watched.n. */
static size_t watched_lower(const mc_ir_metric *m)
{
	size_t lo = 0, hi = watched.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (metric_cmp(watched.v[mid]->metric, m) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Horizontal lines at the thresholds of the single-metric alarms watching a graph's metrics. */
static void annotate(board *b, mc_ir_widget *w)
{
	mc_lower_ctx *cx = b->cx;
	size_t n = 0, cap = 0;
	struct mc_ir_annotation *v = NULL;
	for (size_t i = 0; i < w->nqueries; i++) {
		const mc_ir_metric *m = w->queries[i].metric;
		if (!m || !w->queries[i].return_data)
			continue;
		for (size_t k = watched_lower(m); k < watched.n; k++) {
			const mc_ir_alarm *a = watched.v[k];
			if (metric_cmp(a->metric, m) != 0)
				break;
			const char *op = cmp_symbol(a->cmp);
			if (!a->metric || !a->tier || !op || !same_metric(a->metric, m) ||
			    (a->origin != MC_IR_ORIGIN_SPEC && a->origin != MC_IR_ORIGIN_KIND))
				continue;
			bool dup = false;
			for (size_t j = 0; j < n; j++)
				dup = dup || (v[j].value == a->threshold &&
				              strcmp(v[j].tier, a->tier) == 0);
			if (dup)
				continue;
			MC_GROW(v, cap, n + 1);
			v[n++] = (struct mc_ir_annotation){
			        a->threshold,
			        mc_arena_printf(cx->arena, "%s %s %s", a->tier, op,
			                        double_text(cx, a->threshold)),
			        a->tier};
		}
	}
	w->annotations = n ? mc_arena_memdup(cx->arena, v, n * sizeof *v) : NULL;
	w->nannotations = n;
	free(v);
}

/* Alarm widgets for a list of ids, 100 to a widget. */
static void alarm_widgets(board *b, const char **ids, size_t n, const char *title,
                          uint32_t width, uint32_t height, mc_span span)
{
	for (size_t at = 0, part = 1; at < n; at += MAX_ALARM_WIDGET, part++) {
		size_t k = n - at < MAX_ALARM_WIDGET ? n - at : MAX_ALARM_WIDGET;
		const char *t = n > MAX_ALARM_WIDGET
		                        ? mc_arena_printf(b->cx->arena, "%s (%zu)", title, part)
		                        : title;
		mc_ir_widget *w = add(b, MC_IR_WIDGET_ALARM, t, width, height, span);
		w->alarms = mc_arena_memdup(b->cx->arena, ids + at, k * sizeof *ids);
		w->nalarms = k;
	}
}

typedef struct {
	const char **v;
	size_t n, cap;
} idvec;

static void id_add(idvec *ids, const char *id)
{
	for (size_t i = 0; i < ids->n; i++)
		if (strcmp(ids->v[i], id) == 0)
			return;
	MC_GROW(ids->v, ids->cap, ids->n + 1);
	ids->v[ids->n++] = id;
}

/* The alarms of a family (a spec or kind alarm in all its tiers). */
static void family_ids(mc_lower_ctx *cx, const char *service, const char *source, idvec *ids)
{
	for (size_t i = 0; i < cx->nalarms; i++)
		if (alarm_is(&cx->alarms[i], service, source))
			id_add(ids, cx->alarms[i].id);
}

static void slo_ids(const mc_ir_slo *s, idvec *ids)
{
	for (size_t i = 0; i < s->ncomposites; i++)
		id_add(ids, s->composites[i]);
}

/* Every alarm a person acts on: tiered alarms and burn-rate composites; NULL = all services. */
static void service_ids(mc_lower_ctx *cx, const char *service, const char *tier, idvec *ids)
{
	for (size_t i = 0; i < cx->nalarms; i++) {
		const mc_ir_alarm *a = &cx->alarms[i];
		if (!a->tier || a->origin == MC_IR_ORIGIN_SLO ||
		    a->origin == MC_IR_ORIGIN_ESCALATION)
			continue;
		if ((service && (!a->service || strcmp(a->service, service) != 0)) ||
		    (tier && strcmp(a->tier, tier) != 0))
			continue;
		id_add(ids, a->id);
	}
	for (size_t i = 0; i < cx->ncomposites; i++) {
		const mc_ir_composite *c = &cx->composites[i];
		if (!c->tier || c->origin == MC_IR_ORIGIN_ESCALATION)
			continue;
		if ((service && (!c->service || strcmp(c->service, service) != 0)) ||
		    (tier && strcmp(c->tier, tier) != 0))
			continue;
		id_add(ids, c->id);
	}
}

/* ---- references of custom widgets ---- */

/* Adds the queries of one top-level reference (`chat.lb.requests`, `chat.availability`). */
static void ref_queries(board *b, qvec *q, const mc_node *ref, const char *stat)
{
	mc_lower_ctx *cx = b->cx;
	mc_ref r;
	unsigned accept = MC_ACCEPT(MC_SYM_METRIC) | MC_ACCEPT(MC_SYM_SLI) | MC_ACCEPT(MC_SYM_SLO);
	if (!ref->text || mc_lower_resolve(cx, NULL, ref->text, ref->span, accept, &r) < 0)
		return;
	switch (r.kind) {
	case MC_SYM_METRIC:
		if (r.metric)
			q_metric(cx, q, ir_metric_of(cx, r.metric, stat), ref->text, true);
		else if (r.own_metric)
			q_metric(cx, q, metric_with(cx, r.own_metric, stat, 0), ref->text, true);
		break;
	case MC_SYM_SLO: {
		const mc_ir_slo *s = ir_slo(cx, r.service->name, r.name);
		if (s)
			slo_queries(cx, q, s, SHOW_ATTAINMENT, 0, ref->text);
		break;
	}
	case MC_SYM_SLI: {
		const mc_ir_slo *s = slo_of_sli(cx, r.service, r.instance->resource, r.name);
		if (s) {
			slo_queries(cx, q, s, SHOW_ATTAINMENT, 0, ref->text);
		} else if (sli_queries(cx, q, r.instance, r.sli, ref->text) < 0) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0241, ref->span,
			                         "SLI `%s` needs parameters that only an SLO gives",
			                         ref->text);
			mc_diag_label_primary(cx->d, g, "expected a metric, an SLO or an SLI "
			                                "without parameters");
			mc_diag_help(cx->d, g, "declare an SLO with `sli: %s` in service `%s` and "
			             "show the SLO", strchr(ref->text, '.') + 1, r.service->name);
		}
		break;
	}
	default:
		break;
	}
}

static const char *refs_title(board *b, const mc_node *refs)
{
	if (refs->kind != MC_NODE_SEQ)
		return refs->text;
	mc_buf t = MC_BUF_INIT;
	for (size_t i = 0; i < refs->nitems; i++)
		mc_buf_printf(&t, "%s%s", i ? ", " : "",
		              refs->items[i]->text ? refs->items[i]->text : "");
	const char *s = mc_arena_strdup(b->cx->arena, mc_buf_str(&t));
	mc_buf_release(&t);
	return s;
}

static void alarm_ref_ids(board *b, const mc_node *ref, idvec *ids)
{
	mc_lower_ctx *cx = b->cx;
	mc_ref r;
	if (!ref->text || mc_lower_resolve(cx, NULL, ref->text, ref->span,
	                                   MC_ACCEPT(MC_SYM_ALARM) | MC_ACCEPT(MC_SYM_SLO), &r) < 0)
		return;
	if (r.kind == MC_SYM_SLO) {
		const mc_ir_slo *s = ir_slo(cx, r.service->name, r.name);
		if (s)
			slo_ids(s, ids);
		return;
	}
	const char *source = r.kind_alarm ? mc_arena_printf(cx->arena, "%s.%s",
	                                                    r.instance->resource, r.name)
	                                  : r.name;
	family_ids(cx, r.service->name, source, ids);
}

static uint32_t widget_period(board *b, const mc_node *w)
{
	uint64_t s;
	const mc_node *p = mc_node_get(w, "period");
	if (p && mc_lower_duration(b->cx, p, &s) == 0 && s <= UINT32_MAX)
		return (uint32_t)s;
	return b->period_s;
}

static uint32_t int_of(const mc_node *n)
{
	bool ok = n && n->kind == MC_NODE_INT && n->as.i > 0 && n->as.i <= 1000;
	return ok ? (uint32_t)n->as.i : 0;
}

/*
 * A period for a graph of `range` seconds with at most about 500 points: readable, and
 * cheap to load (the bodies say `periodOverride: inherit`, so the period given is kept).
 */
static uint32_t range_period(uint64_t range)
{
	static const uint32_t nice[] = {60, 300, 900, HOUR, 6 * HOUR};
	for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++)
		if (range / nice[i] <= 500)
			return nice[i];
	return DAY;
}

/*
 * Turns the graph just added (the board's last widget) into a comparison: the last `span`
 * seconds, then a copy of it shifted back by `span` (docs/dashboards.md, "Comparing").
 */
static void compare_pair(board *b, uint32_t span, bool period_given)
{
	mc_ir_widget *w = &b->w[b->n - 1];
	w->range_s = span;
	if (!period_given)
		w->period_s = range_period(span);
	/* A metric's own period would win over the widget's: a week of 1-minute points. */
	mc_ir_query *q = mc_arena_memdup(b->cx->arena, w->queries, w->nqueries * sizeof *q);
	for (size_t i = 0; i < w->nqueries; i++)
		if (q[i].metric)
			q[i].metric = metric_with(b->cx, q[i].metric, NULL, w->period_s);
	w->queries = q;
	mc_ir_widget copy = *w;
	MC_GROW(b->w, b->cap, b->n + 1);
	copy.shift_s = span;
	b->w[b->n++] = copy;
}

/* `compare:` of a custom widget: E0370 on what is not a graph, E0371 out of range; 0 = none. */
static uint32_t compare_of(board *b, const mc_node *wn, bool graph)
{
	enum { MIN_COMPARE = HOUR, MAX_COMPARE = 227 * DAY }; /* 2 x 227 days < 455 days */
	mc_lower_ctx *cx = b->cx;
	const mc_node *c = mc_node_get(wn, "compare");
	uint64_t s;
	if (!c || mc_lower_duration(cx, c, &s) < 0)
		return 0;
	if (!graph) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0370, c->span,
		                         "only a graph can compare one window with the one before");
		mc_diag_label_primary(cx->d, g, "this widget is not a `graph:`");
		mc_diag_help(cx->d, g, "show the references with `graph:`, or remove `compare:`");
		return 0;
	}
	if (s < MIN_COMPARE || s > MAX_COMPARE || s % 60) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0371, c->span,
		                         "cannot compare windows of `%s`", c->text ? c->text : "");
		mc_diag_label_primary(cx->d, g, s < MIN_COMPARE || s % 60
		                                        ? "expected whole minutes, at least 1h"
		                                        : "expected at most 227d");
		mc_diag_help(cx->d, g,
		             "CloudWatch keeps hourly datapoints for 455 days, so two windows span "
		             "at most 454 days; `1w` compares week over week");
		return 0;
	}
	return (uint32_t)s;
}

static void custom_widget(board *b, const mc_node *wn)
{
	mc_lower_ctx *cx = b->cx;
	const mc_node *title = mc_node_get(wn, "title");
	const char *t = text_of(title);
	uint32_t width = int_of(mc_node_get(wn, "width"));
	uint32_t height = int_of(mc_node_get(wn, "height"));
	const mc_node *n;
	if ((n = mc_node_get(wn, "graph")) || (n = mc_node_get(wn, "number"))) {
		bool graph = mc_node_get(wn, "graph") != NULL;
		const char *stat = text_of(mc_node_get(wn, "stat"));
		qvec q = {0};
		if (n->kind == MC_NODE_SEQ)
			for (size_t i = 0; i < n->nitems; i++)
				ref_queries(b, &q, n->items[i], stat);
		else
			ref_queries(b, &q, n, stat);
		mc_ir_widget *w = add(b, graph ? MC_IR_WIDGET_METRIC : MC_IR_WIDGET_SINGLE_VALUE,
		                      t ? t : refs_title(b, n), width, height, wn->span);
		take_queries(b, w, &q);
		const mc_node *st = mc_node_get(wn, "stacked");
		w->stacked = st && st->kind == MC_NODE_BOOL && st->as.b;
		w->period_s = widget_period(b, wn);
		if (graph)
			annotate(b, w);
		uint32_t span = compare_of(b, wn, graph);
		bool period_given = mc_node_get(wn, "period") || b->period_s;
		if (span && w->nqueries && w->nqueries <= MAX_WIDGET_METRICS) {
			compare_pair(b, span, period_given);
			w = &b->w[b->n - 2]; /* compare_pair may have moved the widgets */
		}
		if (w->nqueries > MAX_WIDGET_METRICS) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0240, wn->span,
			                         "widget shows %zu metrics, more than AWS allows",
			                         w->nqueries);
			mc_diag_label_primary(cx->d, g,
			                      "expected at most 500 metrics and expressions");
			mc_diag_help(cx->d, g, "split the widget in two");
		}
		if (!w->nqueries)
			drop_last(b); /* its references were reported */
	} else if ((n = mc_node_get(wn, "logs"))) {
		const mc_node *groups = mc_node_get(wn, "groups");
		mc_ir_widget *w = add(b, MC_IR_WIDGET_LOG, t ? t : "Logs", width, height, wn->span);
		w->log_query = n->text;
		size_t ng = groups && groups->kind == MC_NODE_SEQ ? groups->nitems : 0;
		w->log_groups = mc_arena_alloc(cx->arena, (ng ? ng : 1) * sizeof(char *));
		for (size_t i = 0; i < ng; i++)
			if (groups->items[i]->text)
				w->log_groups[w->nlog_groups++] = groups->items[i]->text;
	} else if ((n = mc_node_get(wn, "alarms"))) {
		idvec ids = {0};
		if (n->kind == MC_NODE_SEQ)
			for (size_t i = 0; i < n->nitems; i++)
				alarm_ref_ids(b, n->items[i], &ids);
		else
			service_ids(cx, NULL, NULL, &ids); /* `all` */
		alarm_widgets(b, ids.v, ids.n, t ? t : "Alarms", width, height, wn->span);
		free(ids.v);
	} else if ((n = mc_node_get(wn, "text"))) {
		mc_ir_widget *w = add(b, MC_IR_WIDGET_TEXT, t, width, height, wn->span);
		w->markdown = n->text;
	}
	if (!mc_node_get(wn, "graph") && !mc_node_get(wn, "number"))
		compare_of(b, wn, false); /* reports `compare:` on logs, alarms and text */
}

/* ---- a kind's widgets (the `service` preset and the overview's numbers) ---- */

static bool has_name(const mc_node *names, const char *name)
{
	if (!names)
		return false;
	if (names->kind != MC_NODE_SEQ)
		return names->text && strcmp(names->text, name) == 0;
	for (size_t i = 0; i < names->nitems; i++)
		if (names->items[i]->text && strcmp(names->items[i]->text, name) == 0)
			return true;
	return false;
}

static void kind_name_queries(board *b, qvec *q, const mc_lower_service *ls,
                              const mc_instance *in, const char *name, const char *stat)
{
	mc_lower_ctx *cx = b->cx;
	const char *dot = strchr(name, '.');
	if (dot) {
		/* `lb.requests` in a composed kind's widget: its sub-resource's metric. */
		const mc_instance *sub = mc_instance_sub(in, name, (size_t)(dot - name));
		if (sub)
			kind_name_queries(b, q, ls, sub, dot + 1, stat);
		return;
	}
	bool found = false;
	for (size_t i = 0; i < in->nmetrics; i++) {
		const mc_inst_metric *m = &in->metrics[i];
		if (strcmp(m->name, name) != 0 && !(m->group && strcmp(m->group, name) == 0))
			continue;
		q_metric(cx, q, ir_metric_of(cx, m, stat),
		         mc_arena_printf(cx->arena, "%s.%s", in->resource, m->name), true);
		found = true;
	}
	const mc_inst_sli *sli = found ? NULL : mc_instance_sli(in, name);
	if (!sli)
		return;
	const char *label = mc_arena_printf(cx->arena, "%s.%s", in->resource, name);
	const mc_ir_slo *s = slo_of_sli(cx, ls, in->resource, name);
	if (s)
		slo_queries(cx, q, s, SHOW_ATTAINMENT, 0, label);
	else
		sli_queries(cx, q, in, sli, label); /* an SLI that needs an SLO shows nothing */
}

/* Adds the widgets of one instance; only `number` widgets when numbers_only. */
static void kind_widgets(board *b, const mc_lower_service *ls, const mc_instance *in,
                         bool numbers_only)
{
	mc_lower_ctx *cx = b->cx;
	for (size_t i = 0; i < in->nwidgets; i++) {
		const mc_node *wn = in->widgets[i].node;
		mc_span span = in->widgets[i].span;
		const char *t = text_of(mc_node_get(wn, "title"));
		uint32_t width = int_of(mc_node_get(wn, "width"));
		uint32_t height = int_of(mc_node_get(wn, "height"));
		if (!width)
			width = KIND_WIDTH;
		const char *title = t ? mc_arena_printf(cx->arena, "%s: %s", in->resource, t)
		                      : in->resource;
		const mc_node *n;
		bool number = mc_node_get(wn, "number") != NULL;
		if (numbers_only && !number)
			continue;
		if ((n = mc_node_get(wn, "graph")) || (n = mc_node_get(wn, "number"))) {
			const char *stat = text_of(mc_node_get(wn, "stat"));
			qvec q = {0};
			if (n->kind == MC_NODE_SEQ)
				for (size_t k = 0; k < n->nitems; k++)
					kind_name_queries(b, &q, ls, in, n->items[k]->text, stat);
			else if (n->text)
				kind_name_queries(b, &q, ls, in, n->text, stat);
			mc_ir_widget_kind kind =
			        number ? MC_IR_WIDGET_SINGLE_VALUE : MC_IR_WIDGET_METRIC;
			mc_ir_widget *w = add(b, kind, title, width, height, span);
			take_queries(b, w, &q);
			const mc_node *st = mc_node_get(wn, "stacked");
			w->stacked = st && st->kind == MC_NODE_BOOL && st->as.b;
			if (!number)
				annotate(b, w);
			if (!w->nqueries)
				drop_last(b);
		} else if ((n = mc_node_get(wn, "alarms"))) {
			idvec ids = {0};
			for (size_t k = 0; k < cx->nalarms; k++) {
				const mc_ir_alarm *a = &cx->alarms[k];
				const char *dot = a->source ? strchr(a->source, '.') : NULL;
				size_t rl = strlen(in->resource);
				if (a->origin != MC_IR_ORIGIN_KIND || !dot || !a->service ||
				    strcmp(a->service, ls->name) != 0 ||
				    (size_t)(dot - a->source) != rl ||
				    strncmp(a->source, in->resource, rl) != 0 ||
				    !has_name(n, dot + 1))
					continue;
				id_add(&ids, a->id);
			}
			alarm_widgets(b, ids.v, ids.n, title, width, height, span);
			free(ids.v);
		} else if ((n = mc_node_get(wn, "logs"))) {
			const mc_node *groups = mc_node_get(wn, "groups");
			size_t ng = groups && groups->kind == MC_NODE_SEQ ? groups->nitems : 0;
			if (!ng)
				continue;
			mc_ir_widget *w = add(b, MC_IR_WIDGET_LOG, title, width, height, span);
			w->log_query = n->text;
			w->log_groups = mc_arena_alloc(cx->arena, ng * sizeof(char *));
			for (size_t k = 0; k < ng; k++)
				if (groups->items[k]->text)
					w->log_groups[w->nlog_groups++] = groups->items[k]->text;
		} else if ((n = mc_node_get(wn, "text")) && n->text) {
			mc_ir_widget *w = add(b, MC_IR_WIDGET_TEXT, t, width, height, span);
			w->markdown = n->text;
		}
	}
}

/* ---- presets ---- */

static void header(board *b, const mc_lower_service *ls)
{
	mc_lower_ctx *cx = b->cx;
	const mc_ir_service *s = ir_service(cx, ls->name);
	mc_buf t = MC_BUF_INIT;
	mc_buf_printf(&t, "## %s", s && s->title ? s->title : ls->name);
	if (s && s->description)
		mc_buf_printf(&t, "\n%s", s->description);
	if (s && s->owner)
		mc_buf_printf(&t, "\n\nOwner: %s", s->owner);
	mc_ir_widget *w = add(b, MC_IR_WIDGET_TEXT, NULL, GRID, HEADER_HEIGHT, b->span);
	w->markdown = mc_arena_strdup(cx->arena, mc_buf_str(&t));
	mc_buf_release(&t);
	row_end(b);
}

static void slo_numbers(board *b, const char *service, uint32_t period_s)
{
	mc_lower_ctx *cx = b->cx;
	for (size_t i = 0; i < cx->nslos; i++) {
		const mc_ir_slo *s = &cx->slos[i];
		if (!s->service || strcmp(s->service, service) != 0 || !s->nqueries)
			continue;
		qvec q = {0};
		const char *label = mc_arena_printf(cx->arena, "%s (%% good)", s->name);
		slo_queries(cx, &q, s, SHOW_ATTAINMENT, period_s, label);
		mc_ir_widget *w = add(b, MC_IR_WIDGET_SINGLE_VALUE,
		                      mc_arena_printf(cx->arena, "SLO %s", s->name), 4, 0, b->span);
		take_queries(b, w, &q);
		w->period_s = period_s;
	}
}

static void preset_overview(board *b)
{
	mc_lower_ctx *cx = b->cx;
	for (size_t i = 0; i < cx->nservices; i++) {
		const mc_lower_service *ls = &cx->services[i];
		header(b, ls);
		idvec ids = {0};
		service_ids(cx, ls->name, NULL, &ids);
		alarm_widgets(b, ids.v, ids.n, mc_arena_printf(cx->arena, "%s alarms", ls->name),
		              KIND_WIDTH, 0, b->span);
		free(ids.v);
		slo_numbers(b, ls->name, HOUR);
		for (size_t k = 0; k < ls->ninstances; k++)
			if (ls->instances[k])
				kind_widgets(b, ls, ls->instances[k], true);
		row_end(b);
	}
}

static mc_ir_metric *billing_metric(mc_lower_ctx *cx, uint32_t period_s)
{
	mc_ir_metric *m = mc_arena_alloc(cx->arena, sizeof *m);
	m->ns = "AWS/Billing";
	m->metric = "EstimatedCharges";
	m->dims = mc_arena_alloc(cx->arena, sizeof *m->dims);
	m->dims[0] = (mc_ir_dim){"Currency", "USD"};
	m->ndims = 1;
	m->stat = "Maximum";
	m->period_s = period_s;
	m->region = "us-east-1";
	return m;
}

/* Month-to-date spend: a number and a line against the budget and its alert levels. */
static void spend_widgets(board *b)
{
	mc_lower_ctx *cx = b->cx;
	qvec q = {0};
	q_metric(cx, &q, billing_metric(cx, BILLING_PERIOD), "month to date (USD)", true);
	mc_ir_widget *w =
	        add(b, MC_IR_WIDGET_SINGLE_VALUE, "Spend this month (USD)", 6, 0, b->span);
	take_queries(b, w, &q);
	w->region = "us-east-1";
	w->period_s = BILLING_PERIOD;

	q_metric(cx, &q, billing_metric(cx, BILLING_PERIOD), "month to date (USD)", true);
	const mc_ir_budget *bu = cx->nbudgets ? &cx->budgets[0] : NULL;
	w = add(b, MC_IR_WIDGET_METRIC, bu ? "Spend against budget (USD)" : "Spend (USD)", 18, 0,
	        b->span);
	take_queries(b, w, &q);
	w->region = "us-east-1";
	w->period_s = BILLING_PERIOD;
	if (!bu)
		return;
	w->annotations = mc_arena_alloc(cx->arena, (bu->nalerts + 1) * sizeof *w->annotations);
	w->annotations[w->nannotations++] = (struct mc_ir_annotation){
	        bu->amount,
	        mc_arena_printf(cx->arena, "budget %s USD", double_text(cx, bu->amount)), NULL};
	for (size_t i = 0; i < bu->nalerts; i++) {
		const struct mc_ir_budget_alert *al = &bu->alerts[i];
		w->annotations[w->nannotations++] = (struct mc_ir_annotation){
		        bu->amount * al->percent / 100,
		        mc_arena_printf(cx->arena, "%s at %s%% (%s)", al->tier,
		                        double_text(cx, al->percent),
		                        al->forecast ? "forecast" : "actual"),
		        al->tier};
	}
}

static void preset_cost(board *b)
{
	mc_lower_ctx *cx = b->cx;
	spend_widgets(b);
	row_end(b);
	qvec q = {0};
	q_expr(cx, &q,
	       "SORT(SEARCH('{AWS/Billing,Currency,ServiceName} MetricName=\"EstimatedCharges\"', "
	       "'Maximum', 86400), MAX, DESC, 10)",
	       "top services", true);
	mc_ir_widget *w = add(b, MC_IR_WIDGET_METRIC, "Top 10 services by spend (USD)", GRID, 0,
	                      b->span);
	take_queries(b, w, &q);
	w->region = "us-east-1";
	w->period_s = DAY;
	row_end(b);

	mc_buf t = MC_BUF_INIT;
	if (cx->nbudgets) {
		const mc_ir_budget *bu = &cx->budgets[0];
		mc_buf_printf(&t, "**Budget:** %s USD a month (AWS Budgets `%s`).",
		              double_text(cx, bu->amount), bu->name);
		for (size_t i = 0; i < bu->nalerts; i++)
			mc_buf_printf(&t, "%s %s at %s%% of %s spend", i ? "," : " Alerts:",
			              bu->alerts[i].tier, double_text(cx, bu->alerts[i].percent),
			              bu->alerts[i].forecast ? "forecast" : "actual");
		mc_buf_puts(&t, bu->nalerts ? ".\n\n" : "\n\n");
	}
	if (cx->ncost_anomalies) {
		const mc_ir_cost_anomaly *a = &cx->cost_anomalies[0];
		mc_buf_printf(&t, "**Cost anomalies** above %s USD go to tier `%s` (%s).",
		              double_text(cx, a->above_usd), a->tier, a->frequency);
	}
	if (t.len) {
		w = add(b, MC_IR_WIDGET_TEXT, NULL, GRID, 3, b->span);
		w->markdown = mc_arena_strdup(cx->arena, mc_buf_str(&t));
		row_end(b);
	}
	mc_buf_release(&t);
}

static void preset_executive(board *b)
{
	mc_lower_ctx *cx = b->cx;
	for (size_t i = 0; i < cx->nslos; i++) {
		const mc_ir_slo *s = &cx->slos[i];
		if (!s->nqueries)
			continue;
		const char *who = mc_arena_printf(cx->arena, "%s %s", s->service ? s->service : "",
		                                  s->name);
		uint32_t window = s->window_s <= UINT32_MAX ? (uint32_t)s->window_s : 0;
		mc_buf d = MC_BUF_INIT;
		mc_duration_format(&d, s->window_s);
		const char *wtext = mc_arena_strdup(cx->arena, mc_buf_str(&d));
		mc_buf_release(&d);

		qvec q = {0};
		slo_queries(cx, &q, s, SHOW_ATTAINMENT, window, "attainment (%)");
		const char *title =
		        mc_arena_printf(cx->arena, "%s: attainment over %s (objective %s%%)", who,
		                        wtext, double_text(cx, s->objective * 100));
		mc_ir_widget *w = add(b, MC_IR_WIDGET_SINGLE_VALUE, title, 6, 0, b->span);
		take_queries(b, w, &q);
		w->period_s = window;

		slo_queries(cx, &q, s, SHOW_BUDGET_LEFT, window, "error budget left (%)");
		w = add(b, MC_IR_WIDGET_SINGLE_VALUE,
		        mc_arena_printf(cx->arena, "%s: error budget left", who), 6, 0, b->span);
		take_queries(b, w, &q);
		w->period_s = window;

		slo_queries(cx, &q, s, SHOW_BURN_RATE, HOUR, "burn rate (1h)");
		w = add(b, MC_IR_WIDGET_METRIC, mc_arena_printf(cx->arena, "%s: burn rate", who),
		        12, 0, b->span);
		take_queries(b, w, &q);
		w->period_s = HOUR;
		w->annotations = mc_arena_alloc(cx->arena, sizeof *w->annotations);
		w->annotations[0] = (struct mc_ir_annotation){
		        1, mc_arena_printf(cx->arena, "1: the budget lasts %s", wtext), NULL};
		w->nannotations = 1;
		row_end(b);
	}
	spend_widgets(b);
	row_end(b);
}

static void preset_service(board *b, const mc_lower_service *ls)
{
	mc_lower_ctx *cx = b->cx;
	header(b, ls);
	idvec ids = {0};
	service_ids(cx, ls->name, NULL, &ids);
	alarm_widgets(b, ids.v, ids.n, mc_arena_printf(cx->arena, "%s alarms", ls->name), GRID / 3,
	              0, b->span);
	free(ids.v);
	slo_numbers(b, ls->name, HOUR);
	row_end(b);
	for (size_t k = 0; k < ls->ninstances; k++)
		if (ls->instances[k]) {
			kind_widgets(b, ls, ls->instances[k], false);
			row_end(b);
		}
	/* The spec's own alarms: what each watches, with its thresholds. */
	const mc_node *alarms = mc_node_get(ls->node, "alarms");
	for (size_t i = 0; alarms && alarms->kind == MC_NODE_MAP && i < alarms->npairs; i++) {
		const char *name = alarms->pairs[i].key->text;
		const mc_ir_alarm *first = NULL;
		for (size_t k = 0; k < cx->nalarms && !first; k++)
			if (alarm_is(&cx->alarms[k], ls->name, name) &&
			    cx->alarms[k].origin == MC_IR_ORIGIN_SPEC)
				first = &cx->alarms[k];
		if (!first)
			continue;
		qvec q = {0};
		if (first->metric)
			q_metric(cx, &q, metric_with(cx, first->metric, NULL, 0), name, true);
		else
			for (size_t k = 0; k < first->nqueries; k++) {
				mc_ir_query *e = q_push(&q);
				*e = first->queries[k];
			}
		mc_ir_widget *w = add(b, MC_IR_WIDGET_METRIC, name, KIND_WIDTH, 0,
		                      alarms->pairs[i].key->span);
		take_queries(b, w, &q);
		w->period_s = first->period_s;
		/* Thresholds of every tier of the family (math alarms included). */
		size_t n = 0;
		w->annotations =
		        mc_arena_alloc(cx->arena, (cx->ntiers + 1) * sizeof *w->annotations);
		for (size_t k = 0; k < cx->nalarms && n <= cx->ntiers; k++) {
			const mc_ir_alarm *a = &cx->alarms[k];
			const char *op = cmp_symbol(a->cmp);
			if (!alarm_is(a, ls->name, name) || a->origin != MC_IR_ORIGIN_SPEC ||
			    !a->tier || !op)
				continue;
			w->annotations[n++] = (struct mc_ir_annotation){
			        a->threshold,
			        mc_arena_printf(cx->arena, "%s %s %s", a->tier, op,
			                        double_text(cx, a->threshold)),
			        a->tier};
		}
		w->nannotations = n;
	}
	row_end(b);
}

/* Whether an instance's kind declares `dashboards: [..., preset, ...]` (docs/templates.md). */
static bool kind_on(const mc_instance *in, const char *preset)
{
	return has_name(mc_node_get(in->tmpl->root, "dashboards"), preset);
}

/* Whether alarm a belongs to resource `resource` of service `service` (kind alarms, events). */
static bool alarm_of_instance(const mc_ir_alarm *a, const char *service, const char *resource)
{
	size_t rl = strlen(resource);
	return a->tier && a->service && a->source && strcmp(a->service, service) == 0 &&
	       (a->origin == MC_IR_ORIGIN_KIND || a->origin == MC_IR_ORIGIN_EVENT) &&
	       strncmp(a->source, resource, rl) == 0 && a->source[rl] == '.';
}

/* Whether a graph among widgets [from, b->n) shows metric m (and so has its thresholds). */
static bool graphed(const board *b, size_t from, const mc_ir_metric *m)
{
	for (size_t i = from; i < b->n; i++)
		for (size_t k = 0; b->w[i].kind == MC_IR_WIDGET_METRIC && k < b->w[i].nqueries; k++)
			if (b->w[i].queries[k].metric && b->w[i].queries[k].return_data &&
			    same_metric(b->w[i].queries[k].metric, m))
				return true;
	return false;
}

/*
 * One graph per kind alarm of an instance (its math, such as the WAF block rate, or a metric
 * that no widget since `from` shows) with a line per tier at the threshold. Anomaly-band
 * alarms have no one threshold.
 */
static void kind_alarm_graphs(board *b, const mc_lower_service *ls, const mc_instance *in,
                              size_t from)
{
	mc_lower_ctx *cx = b->cx;
	idvec done = {0};
	for (size_t i = 0; i < cx->nalarms; i++) {
		const mc_ir_alarm *first = &cx->alarms[i];
		if (first->origin != MC_IR_ORIGIN_KIND || !cmp_symbol(first->cmp) ||
		    !alarm_of_instance(first, ls->name, in->resource) ||
		    (first->metric && graphed(b, from, first->metric)))
			continue;
		size_t before = done.n;
		id_add(&done, first->source);
		if (done.n == before)
			continue; /* another tier of a family already drawn */
		qvec q = {0};
		const char *label = strchr(first->source, '.') + 1;
		if (first->metric)
			q_metric(cx, &q, metric_with(cx, first->metric, NULL, 0), label, true);
		else
			for (size_t k = 0; k < first->nqueries; k++)
				*q_push(&q) = first->queries[k];
		mc_ir_widget *w = add(b, MC_IR_WIDGET_METRIC,
		                      mc_arena_printf(cx->arena, "%s: %s", in->resource, label),
		                      KIND_WIDTH, 0, first->span);
		take_queries(b, w, &q);
		w->period_s = first->period_s;
		w->annotations =
		        mc_arena_alloc(cx->arena, (cx->ntiers + 1) * sizeof *w->annotations);
		for (size_t k = i; k < cx->nalarms && w->nannotations <= cx->ntiers; k++) {
			const mc_ir_alarm *a = &cx->alarms[k];
			const char *op = cmp_symbol(a->cmp);
			if (!op || a->origin != MC_IR_ORIGIN_KIND || !a->source ||
			    strcmp(a->source, first->source) != 0 ||
			    !alarm_of_instance(a, ls->name, in->resource))
				continue;
			w->annotations[w->nannotations++] = (struct mc_ir_annotation){
			        a->threshold,
			        mc_arena_printf(cx->arena, "%s %s %s", a->tier, op,
			                        double_text(cx, a->threshold)),
			        a->tier};
		}
	}
	free(done.v);
}

/*
 * Security: the alarms and events of every kind that declares `dashboards: [security]`
 * (recent state changes first), then per such resource a header, the widgets its kind
 * brings (for `waf`: allowed, blocked, counted, blocks per rule, and with a log group the
 * Logs Insights tables of blocking rules, clients and URIs) and a graph of each alarm with
 * its thresholds (the block rate).
 */
static void preset_security(board *b)
{
	mc_lower_ctx *cx = b->cx;
	idvec ids = {0};
	for (size_t i = 0; i < cx->nservices; i++) {
		const mc_lower_service *ls = &cx->services[i];
		for (size_t k = 0; k < ls->ninstances; k++) {
			const mc_instance *in = ls->instances[k];
			if (!in || !kind_on(in, "security"))
				continue;
			for (size_t a = 0; a < cx->nalarms; a++)
				if (alarm_of_instance(&cx->alarms[a], ls->name, in->resource))
					id_add(&ids, cx->alarms[a].id);
		}
	}
	alarm_widgets(b, ids.v, ids.n, "Security alarms and events", GRID, 0, b->span);
	free(ids.v);
	row_end(b);
	for (size_t i = 0; i < cx->nservices; i++) {
		const mc_lower_service *ls = &cx->services[i];
		for (size_t k = 0; k < ls->ninstances; k++) {
			const mc_instance *in = ls->instances[k];
			if (!in || !kind_on(in, "security"))
				continue;
			mc_ir_widget *w =
			        add(b, MC_IR_WIDGET_TEXT, NULL, GRID, HEADER_HEIGHT, b->span);
			w->markdown = mc_arena_printf(cx->arena, "## %s: %s (%s)", ls->name,
			                              in->resource,
			                              in->tmpl->title ? in->tmpl->title
			                                              : in->tmpl->kind);
			row_end(b);
			size_t from = b->n;
			kind_widgets(b, ls, in, false);
			kind_alarm_graphs(b, ls, in, from);
			row_end(b);
		}
	}
}

/* ---- golden signals: the `trends` and `incident` presets ---- */

static const struct {
	const char *signal, *title;
} SIGNALS[] = {
        {"traffic", "request volume"},
        {"latency", "latency"},
        {"errors", "errors"},
        {"saturation", "saturation"},
};
enum { NSIGNALS = sizeof SIGNALS / sizeof SIGNALS[0] };

/*
 * The metrics of an instance that are golden signal `signal` (the template's `signal:`);
 * latency as p50, p90 and p99 when `percentiles`, else in its own statistic. period_s 0
 * keeps each metric's period.
 */
static void signal_queries(board *b, qvec *q, const mc_instance *in, const char *signal,
                           uint32_t period_s, bool percentiles)
{
	mc_lower_ctx *cx = b->cx;
	static const char *const pct[] = {"p50", "p90", "p99"};
	for (size_t i = 0; i < in->nmetrics; i++) {
		const mc_inst_metric *m = &in->metrics[i];
		if (!m->signal || strcmp(m->signal, signal) != 0)
			continue;
		const char *label = mc_arena_printf(cx->arena, "%s.%s", in->resource, m->name);
		if (percentiles && strcmp(signal, "latency") == 0) {
			for (size_t k = 0; k < 3; k++)
				q_metric(cx, q, metric_with(cx, ir_metric_of(cx, m, pct[k]), NULL,
				                            period_s),
				         mc_arena_printf(cx->arena, "%s %s", label, pct[k]), true);
		} else {
			q_metric(cx, q, metric_with(cx, ir_metric_of(cx, m, NULL), NULL, period_s),
			         label, true);
		}
	}
}

/* A graph of one signal of one instance, or nothing when the kind has no such metric. */
static mc_ir_widget *signal_graph(board *b, const mc_instance *in, size_t sig,
                                  uint32_t period_s, bool percentiles, const char *suffix)
{
	qvec q = {0};
	signal_queries(b, &q, in, SIGNALS[sig].signal, period_s, percentiles);
	if (!q.n)
		return NULL;
	const char *title = mc_arena_printf(b->cx->arena, "%s: %s%s", in->resource,
	                                    SIGNALS[sig].title, suffix ? suffix : "");
	mc_ir_widget *w = add(b, MC_IR_WIDGET_METRIC, title, 0, 0, b->span);
	take_queries(b, w, &q);
	w->period_s = period_s;
	return w;
}

enum { WEEK = 7 * DAY };

/*
 * Trends: per service a header, then for each golden signal of each resource this week
 * next to the week before (hourly points), each SLO's error rate likewise, and one row of
 * the signals over the dashboard's whole range at its period (default daily).
 */
static void preset_trends(board *b)
{
	mc_lower_ctx *cx = b->cx;
	uint32_t long_period = b->period_s ? b->period_s : DAY;
	mc_buf d = MC_BUF_INIT;
	mc_duration_format(&d, long_period);
	const char *per = mc_arena_printf(cx->arena, " per %s", mc_buf_str(&d));
	mc_buf_release(&d);
	for (size_t i = 0; i < cx->nservices; i++) {
		const mc_lower_service *ls = &cx->services[i];
		header(b, ls);
		for (size_t sig = 0; sig < NSIGNALS; sig++)
			for (size_t k = 0; k < ls->ninstances; k++) {
				const mc_instance *in = ls->instances[k];
				if (in && signal_graph(b, in, sig, HOUR, true, NULL)) {
					compare_pair(b, WEEK, true);
					row_end(b);
				}
			}
		for (size_t k = 0; k < cx->nslos; k++) {
			const mc_ir_slo *s = &cx->slos[k];
			if (!s->service || strcmp(s->service, ls->name) != 0 || !s->nqueries)
				continue;
			qvec q = {0};
			slo_queries(cx, &q, s, SHOW_ERROR_RATE, HOUR, "error rate (%)");
			mc_ir_widget *w = add(b, MC_IR_WIDGET_METRIC,
			                      mc_arena_printf(cx->arena, "SLO %s: error rate (%%)",
			                                      s->name),
			                      0, 0, b->span);
			take_queries(b, w, &q);
			w->period_s = HOUR;
			compare_pair(b, WEEK, true);
			row_end(b);
		}
		for (size_t sig = 0; sig < NSIGNALS; sig++)
			for (size_t k = 0; k < ls->ninstances; k++) {
				const mc_instance *in = ls->instances[k];
				if (in)
					signal_graph(b, in, sig, long_period, true, per);
			}
		row_end(b);
	}
}

/* Links to the runbooks and what each tier asks of the responder. */
static void runbook_links(board *b)
{
	mc_lower_ctx *cx = b->cx;
	mc_buf t = MC_BUF_INIT;
	if (cx->ir->runbook_base)
		mc_buf_printf(&t, "**Runbooks:** [incident-response runbook](%s); every alarm's "
		                  "description links to its section.",
		              cx->ir->runbook_base);
	else
		mc_buf_puts(&t, "**Runbooks:** `docs/incident-response.md` of the monitoring "
		                "build; every alarm's description names its section.");
	for (size_t i = 0; i < cx->ntiers; i++) {
		const mc_ir_tier *tr = &cx->tiers[i];
		mc_buf_printf(&t, "%s**%s**", i ? "; " : "\n\n", tr->name);
		if (tr->respond_within_s) {
			mc_buf_puts(&t, ": respond within ");
			mc_duration_format(&t, tr->respond_within_s);
		}
		if (tr->escalate_after_s) {
			mc_buf_puts(&t, ", escalated after ");
			mc_duration_format(&t, tr->escalate_after_s);
		}
	}
	mc_ir_widget *w = add(b, MC_IR_WIDGET_TEXT, NULL, GRID, 3, b->span);
	w->markdown = mc_arena_strdup(cx->arena, mc_buf_str(&t));
	mc_buf_release(&t);
	row_end(b);
}

/*
 * Incident response: runbook links, what is in ALARM now, alarm states per tier (most
 * severe first, the latest state change first), each SLO's burn rate over 5-minute periods,
 * then per service its golden signals with the alarm thresholds.
 */
static void preset_incident(board *b)
{
	mc_lower_ctx *cx = b->cx;
	runbook_links(b);
	idvec all = {0};
	service_ids(cx, NULL, NULL, &all);
	size_t first = b->n;
	alarm_widgets(b, all.v, all.n, "In ALARM now", GRID, 0, b->span);
	for (size_t i = first; i < b->n; i++)
		b->w[i].firing_only = true;
	free(all.v);
	row_end(b);
	/* Alarm states by tier, most severe first (tiers are in rank order). */
	for (size_t i = 0; i < cx->ntiers; i++) {
		idvec ids = {0};
		service_ids(cx, NULL, cx->tiers[i].name, &ids);
		alarm_widgets(b, ids.v, ids.n, mc_arena_printf(cx->arena, "%s alarms",
		                                                cx->tiers[i].name),
		              0, 0, b->span);
		free(ids.v);
	}
	row_end(b);
	for (size_t i = 0; i < cx->nslos; i++) {
		const mc_ir_slo *s = &cx->slos[i];
		if (!s->nqueries)
			continue;
		qvec q = {0};
		slo_queries(cx, &q, s, SHOW_BURN_RATE, 300, "burn rate (5m)");
		mc_ir_widget *w = add(b, MC_IR_WIDGET_METRIC,
		                      mc_arena_printf(cx->arena, "%s %s: burn rate",
		                                      s->service ? s->service : "", s->name),
		                      12, 0, b->span);
		take_queries(b, w, &q);
		w->period_s = 300;
		w->annotations = mc_arena_alloc(cx->arena, sizeof *w->annotations);
		w->annotations[0] = (struct mc_ir_annotation){1, "1: budget spent exactly", NULL};
		w->nannotations = 1;
	}
	row_end(b);
	for (size_t i = 0; i < cx->nservices; i++) {
		const mc_lower_service *ls = &cx->services[i];
		for (size_t sig = 0; sig < NSIGNALS; sig++)
			for (size_t k = 0; k < ls->ninstances; k++) {
				const mc_instance *in = ls->instances[k];
				mc_ir_widget *w = in ? signal_graph(b, in, sig, 0, false, NULL)
				                     : NULL;
				if (w) {
					w->title = mc_arena_printf(cx->arena, "%s %s", ls->name,
					                           w->title);
					annotate(b, w);
				}
			}
		row_end(b);
	}
}

/* ---- one dashboard ---- */

static int service_of(mc_lower_ctx *cx, const mc_pair *dp, const char *preset,
                      const mc_lower_service **out)
{
	const mc_node *sn = mc_node_get(dp->value, "service");
	bool wants = preset && strcmp(preset, "service") == 0;
	*out = NULL;
	if (sn && !wants) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0246, sn->span,
		                         "dashboard `%s` names a service but shows no one service",
		                         dp->key->text);
		mc_diag_label_primary(cx->d, g, "only `preset: service` takes `service:`");
		mc_diag_help(cx->d, g, "remove `service:`, or use `preset: service`");
		return -1;
	}
	if (!wants)
		return 0;
	if (!sn || !sn->text) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0246, dp->key->span,
		                         "dashboard `%s` shows one service but names none",
		                         dp->key->text);
		mc_diag_label_primary(cx->d, g, "expected `service: NAME`");
		if (cx->nservices)
			mc_diag_help(cx->d, g, "add `service: %s`", cx->services[0].name);
		return -1;
	}
	*out = mc_lower_service_find(cx, sn->text);
	if (*out)
		return 0;
	const char **names = mc_arena_alloc(cx->arena, (cx->nservices + 1) * sizeof *names);
	for (size_t i = 0; i < cx->nservices; i++)
		names[i] = cx->services[i].name;
	mc_diag *g = mc_diag_add(cx->d, MC_E0230, sn->span, "unknown service `%s`", sn->text);
	mc_diag_label_primary(cx->d, g, "expected the name of a service");
	const char *near = mc_did_you_mean(sn->text, names, cx->nservices);
	if (near)
		mc_diag_help(cx->d, g, "did you mean `%s`?", near);
	return -1;
}

static void check_limits(board *b, mc_ir_dashboard *d)
{
	mc_lower_ctx *cx = b->cx;
	size_t metrics = 0;
	for (size_t i = 0; i < b->n; i++)
		for (size_t k = 0; k < b->w[i].nqueries; k++)
			metrics += b->w[i].queries[k].metric != NULL;
	if (b->n > MAX_WIDGETS) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0240, d->span, "dashboard `%s` has %zu widgets",
		                         b->name, b->n);
		mc_diag_label_primary(cx->d, g, "AWS allows at most 500 widgets on a dashboard");
		mc_diag_help(cx->d, g, "split it into several dashboards");
	}
	if (metrics > MAX_DASHBOARD_METRICS) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0240, d->span,
		                         "dashboard `%s` shows %zu metrics", b->name, metrics);
		mc_diag_label_primary(cx->d, g,
		                      "AWS allows at most 2,500 metrics on a dashboard, those only "
		                      "used in math included");
		mc_diag_help(cx->d, g, "split it into several dashboards");
	}
}

static void lower_dashboard(mc_lower_ctx *cx, const mc_pair *dp)
{
	const mc_node *dn = dp->value;
	const char *preset = text_of(mc_node_get(dn, "preset"));
	const char *layout = text_of(mc_node_get(dn, "layout"));
	const mc_lower_service *svc;
	if (service_of(cx, dp, preset, &svc) < 0)
		return;
	board b = {.cx = cx, .name = dp->key->text, .span = dp->key->span};
	b.narrow = layout && strcmp(layout, "narrow") == 0;
	uint64_t s;
	const mc_node *pn = mc_node_get(dn, "period");
	if (pn && mc_lower_duration(cx, pn, &s) == 0 && s <= UINT32_MAX)
		b.period_s = (uint32_t)s;
	uint64_t start = 3 * HOUR;
	const mc_node *sn = mc_node_get(dn, "start");
	bool start_given = sn && mc_lower_duration(cx, sn, &start) == 0;

	if (!preset) {
		const mc_node *rows = mc_node_get(dn, "rows");
		for (size_t i = 0; rows && rows->kind == MC_NODE_SEQ && i < rows->nitems; i++) {
			const mc_node *row = rows->items[i];
			for (size_t k = 0; row->kind == MC_NODE_SEQ && k < row->nitems; k++)
				if (row->items[k]->kind == MC_NODE_MAP)
					custom_widget(&b, row->items[k]);
			row_end(&b);
		}
	} else if (strcmp(preset, "overview") == 0) {
		preset_overview(&b);
	} else if (strcmp(preset, "cost") == 0) {
		preset_cost(&b);
		start = start_given ? start : 30 * (uint64_t)DAY;
	} else if (strcmp(preset, "executive") == 0) {
		uint64_t longest = 0;
		for (size_t i = 0; i < cx->nslos; i++)
			longest = cx->slos[i].window_s > longest ? cx->slos[i].window_s : longest;
		preset_executive(&b);
		start = start_given ? start : longest ? longest : 30 * (uint64_t)DAY;
	} else if (strcmp(preset, "service") == 0) {
		preset_service(&b, svc);
	} else if (strcmp(preset, "security") == 0) {
		preset_security(&b);
	} else if (strcmp(preset, "incident") == 0) {
		preset_incident(&b);
	} else if (strcmp(preset, "trends") == 0) {
		preset_trends(&b);
		start = start_given ? start : 30 * (uint64_t)DAY;
	}
	row_end(&b);

	const char *parts[] = {dp->key->text};
	const char *title = text_of(mc_node_get(dn, "title"));
	mc_ir_dashboard *d = MC_LOWER_PUSH(cx, dashboards);
	d->id = mc_arena_printf(cx->arena, "dashboard/%s", dp->key->text);
	d->name = mc_lower_prefixed_name(cx, MC_NAME_MAX_DASHBOARD, parts, 1);
	d->title = title ? title : dp->key->text;
	d->preset = preset;
	d->narrow = b.narrow;
	d->start = iso_start(cx, start);
	d->span = dp->key->span;
	check_limits(&b, d);
	d->widgets = b.n ? mc_arena_memdup(cx->arena, b.w, b.n * sizeof *b.w) : NULL;
	d->nwidgets = b.n;
	free(b.w);
}

void mc_lower_dashboards(mc_lower_ctx *cx)
{
	const mc_node *ds = mc_node_get(cx->spec, "dashboards");
	if (!ds || ds->kind != MC_NODE_MAP)
		return;
	watched_build(cx);
	size_t first = cx->ndashboards;
	for (size_t i = 0; i < ds->npairs; i++)
		lower_dashboard(cx, &ds->pairs[i]);
	/* The main dashboard: `main`, else `health`, else the first declared. */
	mc_ir_dashboard *main = NULL;
	static const char *const preferred[] = {"dashboard/main", "dashboard/health"};
	for (size_t p = 0; p < 2 && !main; p++)
		for (size_t i = first; i < cx->ndashboards && !main; i++)
			if (strcmp(cx->dashboards[i].id, preferred[p]) == 0)
				main = &cx->dashboards[i];
	if (!main && cx->ndashboards > first)
		main = &cx->dashboards[first];
	if (main)
		main->main = true;
	watched_release();
}
