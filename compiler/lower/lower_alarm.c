/*
 * Lowering step 3: alarms. The spec's own alarms and the alarms every kind brings (with the
 * service's `overrides:` applied) become CloudWatch metric alarms, one per tier condition;
 * the kinds' EventBridge events become rules, each with an alarm on its TriggeredRules metric.
 *
 * Consumes the services of step 2 (namespace, instances) and the tiers of step 1; produces
 * mc_ir_alarm items (and mc_ir_anomaly_detector for band conditions, mc_ir_event_rule for
 * events). For each tier key of an alarm: the condition is parsed (compiler/sema/condition.h),
 * its period resolved (the condition's own `period`, else the alarm's `period:`, else the
 * metric's own period, else `defaults.period`), its datapoints (the condition's `for`, else
 * the alarm's `datapoints:`, else `defaults.datapoints`), and its threshold converted into
 * the metric's unit (E0201). Expression alarms become metric-math queries: one MetricStat
 * per distinct metric (ids derived from the names) and one Expression with ReturnData (at
 * most 10 + 10, E0238). Band conditions become anomaly-detection alarms.
 *
 * Overrides (`RESOURCE.ALARM: off`, or a partial alarm whose keys replace the kind's, with
 * `TIER: off` dropping one tier) must name an alarm (E0235). Tier keys must name tiers
 * (E0232), an alarm needs at least one (E0234). `on_alarm` EC2 actions need every metric of
 * the alarm to be one EC2 instance's whose kind offers the action (E0236); scaling actions
 * are lower_scaling.c's (E0236, E0330, E0332). Billing metrics
 * live in us-east-1 only (E0237).
 *
 * A diagnostic about something that comes from a template (a kind's condition, expression)
 * points at the template line and carries the "instantiated here" label at the spec.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "lower/lower_internal.h"
#include "sema/condition.h"
#include "sema/expr.h"
#include "sema/units.h"

/* Keys of an alarm that are not tier conditions. */
static const char *const alarm_keys[] = {"metric",      "expr",   "description", "runbook",
                                         "stat",        "period", "datapoints",  "missing_data",
                                         "on_alarm",    "why",    "when"};
enum { NALARM_KEYS = sizeof alarm_keys / sizeof *alarm_keys, MAX_TIERS = 32 };

static bool is_alarm_key(const char *k)
{
	for (size_t i = 0; i < NALARM_KEYS; i++)
		if (strcmp(k, alarm_keys[i]) == 0)
			return true;
	return false;
}

typedef struct {
	const char *name;
	const mc_node *key;
	const mc_node *cond;
} tier_cond;

/* One alarm as it will be lowered: the spec's, or a kind's with its override merged in. */
typedef struct {
	mc_lower_service *svc;
	const char *source;          /* `memory`, `lb.latency-p99` */
	const mc_instance *in;       /* kind alarms: the instance */
	const mc_inst_alarm *ka;
	bool metric_in_spec;         /* `metric:`/`expr:` written in the spec (service names) */
	const mc_node *metric, *expr, *stat, *period, *datapoints, *missing, *on_alarm;
	const char *description;
	mc_ir_origin origin;
	tier_cond tiers[MAX_TIERS];
	size_t ntiers;
	mc_span span;                /* the spec's alarm key, or the resource / override key */
	mc_span template_span;
} view;

/* A metric an alarm reads. */
typedef struct {
	const mc_inst_metric *km;    /* from a kind */
	const mc_instance *in;       /* its instance */
	const mc_ir_metric *om;      /* the service's own */
	const char *text;            /* as written: `host.memory_used`, `requests` */
	const char *id;              /* expressions: the query id */
	mc_span span;
} used_metric;

typedef struct {
	used_metric single;
	bool is_expr;
	mc_expr *expr;
	used_metric *refs;           /* distinct metrics of the expression, in order */
	size_t nrefs, crefs;
	const mc_node *expr_node;
	bool ok;
} target;

static bool from_template(const mc_lower_ctx *cx, const mc_node *n)
{
	return n && n->span.file != cx->spec_file;
}

void mc_lower_label_since(mc_lower_ctx *cx, const mc_instance *in, size_t mark)
{
	for (size_t i = mark; in && i < cx->d->len; i++)
		mc_instance_label_origin(in, cx->d, cx->d->v[i]);
}

/* Labels the diagnostics since mark when node comes from v's template. */
static void scope(mc_lower_ctx *cx, const view *v, const mc_node *node, size_t mark)
{
	if (v->in && from_template(cx, node))
		mc_lower_label_since(cx, v->in, mark);
}

static mc_unit metric_unit(const mc_lower_service *s, const used_metric *m)
{
	if (m->km)
		return m->km->unit;
	for (size_t i = 0; m->om && i < s->nown_metrics; i++)
		if (s->own_metrics[i] == m->om)
			return s->own_metric_units[i];
	return MC_UNIT_UNSET;
}

static uint32_t metric_period(const used_metric *m)
{
	return m->km ? m->km->period_s : m->om ? m->om->period_s : 0;
}

static const char *metric_stat(const used_metric *m)
{
	return m->km ? m->km->stat : m->om ? m->om->stat : "Average";
}

static bool is_billing(const char *ns, const char *metric)
{
	return ns && metric && strcmp(ns, "AWS/Billing") == 0 &&
	       strcmp(metric, "EstimatedCharges") == 0;
}

/* The IR metric of a used metric, read with stat at period. */
static mc_ir_metric *ir_metric(mc_lower_ctx *cx, const used_metric *m, const char *stat,
                               uint32_t period)
{
	mc_ir_metric *im = mc_arena_alloc(cx->arena, sizeof *im);
	if (m->om) {
		*im = *m->om;
	} else if (m->km) {
		im->ns = m->km->ns;
		im->metric = m->km->metric;
		im->ndims = m->km->ndims;
		im->dims = mc_arena_alloc(cx->arena, (im->ndims + 1) * sizeof *im->dims);
		for (size_t i = 0; i < im->ndims; i++)
			im->dims[i] = (mc_ir_dim){m->km->dims[i].name, m->km->dims[i].value};
		im->unit = m->km->unit == MC_UNIT_UNSET ? NULL
		           : m->km->unit == MC_UNIT_USD ? "None"
		                                         : mc_unit_cloudwatch(m->km->unit);
		im->sparse = m->km->sparse;
	}
	im->stat = stat ? stat : metric_stat(m);
	im->period_s = period;
	if (is_billing(im->ns, im->metric))
		im->region = "us-east-1";
	return im;
}

/* ---- the target: one metric or an expression ---- */

static int resolve_metric(mc_lower_ctx *cx, const view *v, const char *text, mc_span span,
                          bool in_spec, used_metric *out)
{
	memset(out, 0, sizeof *out);
	out->text = text;
	out->span = span;
	if (!in_spec) {
		out->km = mc_instance_metric(v->in, text);
		out->in = v->in;
		if (out->km)
			return 0;
		/* The caller adds "instantiated here" (scope). */
		mc_diag *g = mc_diag_add(cx->d, MC_E0230, span, "unresolved reference `%s`", text);
		mc_diag_label_primary(cx->d, g, "expected a metric of kind `%s`", v->in->tmpl->kind);
		return -1;
	}
	mc_ref r;
	if (mc_lower_resolve(cx, v->svc, text, span, MC_ACCEPT(MC_SYM_METRIC), &r) < 0)
		return -1;
	out->km = r.metric;
	out->in = r.instance;
	out->om = r.own_metric;
	return 0;
}

typedef struct {
	mc_lower_ctx *cx;
	const view *v;
	target *t;
	mc_expr_ids ids;
} expr_walk;

static void on_ref(mc_expr *ref, void *p)
{
	expr_walk *w = p;
	target *t = w->t;
	for (size_t i = 0; i < t->nrefs; i++)
		if (strcmp(t->refs[i].text, ref->text) == 0) {
			ref->resolved = &t->refs[i];
			return;
		}
	used_metric m;
	size_t mark = w->cx->d->len;
	if (resolve_metric(w->cx, w->v, ref->text, ref->span, w->v->metric_in_spec, &m) < 0) {
		scope(w->cx, w->v, t->expr_node, mark);
		t->ok = false;
		return;
	}
	m.id = mc_expr_ids_from_name(&w->ids, ref->text);
	MC_GROW(t->refs, t->crefs, t->nrefs + 1);
	t->refs[t->nrefs++] = m;
}

static const char *id_of(const mc_expr *ref, void *p)
{
	target *t = p;
	for (size_t i = 0; i < t->nrefs; i++)
		if (strcmp(t->refs[i].text, ref->text) == 0)
			return t->refs[i].id;
	return NULL;
}

static void target_build(mc_lower_ctx *cx, const view *v, target *t)
{
	memset(t, 0, sizeof *t);
	t->ok = true;
	if (v->expr) {
		t->is_expr = true;
		t->expr_node = v->expr;
		size_t mark = cx->d->len;
		t->expr = mc_expr_parse(v->expr, cx->srcs, cx->expr_arena, cx->d);
		if (!t->expr || !mc_expr_check_result(t->expr, true, cx->d)) {
			scope(cx, v, v->expr, mark);
			t->ok = false;
			return;
		}
		expr_walk w = {cx, v, t, {0}};
		mc_expr_ids_init(&w.ids, cx->arena);
		mc_expr_visit_refs(t->expr, on_ref, &w);
		mc_expr_ids_release(&w.ids);
		if (t->ok && t->nrefs > MC_EXPR_MAX_METRICS) {
			mark = cx->d->len;
			mc_diag *g = mc_diag_add(cx->d, MC_E0238, v->expr->span,
			                         "the expression reads %zu metrics, more than an alarm "
			                         "may",
			                         t->nrefs);
			mc_diag_label_primary(cx->d, g, "CloudWatch allows at most %d metrics in one "
			                                "alarm",
			                      MC_EXPR_MAX_METRICS);
			mc_diag_help(cx->d, g, "split the alarm, or alarm on fewer metrics");
			scope(cx, v, v->expr, mark);
			t->ok = false;
		}
		return;
	}
	if (!v->metric || !mc_lower_text(v->metric)) {
		t->ok = false;
		return;
	}
	size_t mark = cx->d->len;
	if (v->ka && !v->metric_in_spec && !v->ka->metric) {
		t->ok = false; /* a metric the instance does not have: E0310 said so */
		return;
	}
	if (v->ka && !v->metric_in_spec) {
		t->single.km = v->ka->metric;
		t->single.in = v->in;
		t->single.text = v->ka->metric->name;
		t->single.span = v->metric->span;
		return;
	}
	if (resolve_metric(cx, v, v->metric->text, v->metric->span, v->metric_in_spec,
	                   &t->single) < 0) {
		scope(cx, v, v->metric, mark);
		t->ok = false;
	}
}

/* ---- actions ---- */

static const char *instance_id_of(const used_metric *m)
{
	if (!m->km)
		return NULL; /* the service's own metrics belong to no instance */
	for (size_t i = 0; i < m->km->ndims; i++)
		if (strcmp(m->km->dims[i].name, "InstanceId") == 0)
			return m->km->dims[i].value;
	return NULL;
}

static bool offers(const mc_instance *in, const char *action)
{
	for (size_t i = 0; in && i < in->nremediation; i++)
		if (strcmp(in->remediation[i].action, action) == 0)
			return true;
	return false;
}

static void action_error(mc_lower_ctx *cx, const mc_node *item, const char *why,
                         const char *help)
{
	mc_diag *g = mc_diag_add(cx->d, MC_E0236, item->span, "action `%s` is not allowed on this "
	                                                      "alarm",
	                         item->text);
	mc_diag_label_primary(cx->d, g, "%s", why);
	if (help)
		mc_diag_help(cx->d, g, "%s", help);
}

/* Help for an EC2 action on the wrong alarm, naming this service's own instance metric. */
static const char *ec2_action_help(mc_lower_ctx *cx, const mc_lower_service *svc)
{
	for (size_t i = 0; svc && i < svc->ninstances; i++) {
		const mc_instance *in = svc->instances[i];
		if (in && mc_instance_metric(in, "status_check_failed_system"))
			return mc_arena_printf(cx->arena,
			                       "EC2 actions stop, reboot or recover the instance the "
			                       "alarm watches; alarm on one instance's metric, such as "
			                       "`%s.status_check_failed_system`",
			                       in->resource);
	}
	return "EC2 actions stop, reboot or recover the instance the alarm watches: alarm on a "
	       "metric of one `ec2` resource (this service has none)";
}

/* The automated actions of `on_alarm`, checked against the alarm's metrics. */
static void lower_actions(mc_lower_ctx *cx, const view *v, const target *t, mc_ir_actions *out)
{
	const mc_node *list = v->on_alarm;
	if (!list || list->kind != MC_NODE_SEQ || !list->nitems || !t->ok)
		return;
	out->actions = mc_arena_alloc(cx->arena, list->nitems * sizeof *out->actions);
	const mc_node *grows = NULL, *shrinks = NULL; /* the first scaling action each way */
	for (size_t i = 0; i < list->nitems; i++) {
		const mc_node *item = list->items[i];
		const char *a = mc_lower_text(item);
		if (!a)
			continue;
		if (strncmp(a, "scale:", 6) == 0) {
			const used_metric *ms = t->is_expr ? t->refs : &t->single;
			size_t n = t->is_expr ? t->nrefs : 1;
			const mc_instance **owners = mc_arena_alloc(cx->arena, (n + 1) * sizeof *owners);
			for (size_t k = 0; k < n; k++)
				owners[k] = ms[k].om ? NULL : ms[k].in;
			int dir = 0;
			const char *act = mc_lower_scaling_action(cx, v->svc, item, owners, n, &dir);
			if (!act)
				continue;
			if (dir > 0 && !grows)
				grows = item;
			if (dir < 0 && !shrinks)
				shrinks = item;
			if (grows && shrinks && (item == grows || item == shrinks)) {
				mc_lower_scaling_conflict(cx, grows, shrinks);
				continue;
			}
			out->actions[out->nactions++] = act;
			continue;
		}
		/* EC2 actions: every metric is the same EC2 instance's, whose kind offers it. */
		const used_metric *ms = t->is_expr ? t->refs : &t->single;
		size_t n = t->is_expr ? t->nrefs : 1;
		const char *instance = NULL;
		const mc_instance *owner = NULL;
		bool fine = n > 0;
		for (size_t k = 0; k < n && fine; k++) {
			const char *id = instance_id_of(&ms[k]);
			if (!id || (instance && strcmp(instance, id) != 0))
				fine = false;
			instance = id;
			owner = ms[k].in;
		}
		if (!fine) {
			action_error(cx, item,
			             "expected an alarm over one EC2 instance's `AWS/EC2` metrics",
			             ec2_action_help(cx, v->svc));
			continue;
		}
		if (!offers(owner, a)) {
			mc_buf why = MC_BUF_INIT;
			mc_buf_printf(&why, "kind `%s` does not offer `%s`",
			              owner ? owner->tmpl->kind : "?", a);
			action_error(cx, item, mc_buf_str(&why), NULL);
			mc_buf_release(&why);
			continue;
		}
		out->actions[out->nactions++] = a;
	}
}

/* ---- one tier ---- */

static mc_ir_missing missing_of(const mc_lower_ctx *cx, const mc_node *n)
{
	const char *t = mc_lower_text(n);
	if (!t)
		return cx->default_missing;
	if (strcmp(t, "missing") == 0)
		return MC_IR_MISSING_MISSING;
	if (strcmp(t, "breaching") == 0)
		return MC_IR_MISSING_BREACHING;
	if (strcmp(t, "ignore") == 0)
		return MC_IR_MISSING_IGNORE;
	return MC_IR_MISSING_NOT_BREACHING;
}

static mc_ir_cmp cmp_of(mc_cond_op op)
{
	switch (op) {
	case MC_OP_GT: return MC_IR_CMP_GT;
	case MC_OP_GE: return MC_IR_CMP_GE;
	case MC_OP_LT: return MC_IR_CMP_LT;
	case MC_OP_LE: return MC_IR_CMP_LE;
	case MC_OP_OUTSIDE_BAND: return MC_IR_CMP_OUTSIDE_BAND;
	case MC_OP_ABOVE_BAND: return MC_IR_CMP_ABOVE_BAND;
	case MC_OP_BELOW_BAND: return MC_IR_CMP_BELOW_BAND;
	}
	return MC_IR_CMP_GT;
}

/* "host.memory_used > 95% for 5 of 5 periods of 1m": what the alarm means, in one line. */
static const char *summary(mc_lower_ctx *cx, const view *v, const target *t,
                           const mc_condition *c, const mc_evaluation *ev)
{
	mc_buf b = MC_BUF_INIT;
	if (v->description) {
		for (const char *p = v->description; *p; p++)
			mc_buf_putc(&b, *p == '\n' ? ' ' : *p);
		while (b.len && b.p[b.len - 1] == ' ')
			b.p[--b.len] = '\0';
	} else {
		if (t->is_expr)
			mc_expr_print(t->expr, NULL, NULL, &b);
		else
			mc_buf_puts(&b, v->in && !v->metric_in_spec
			                        ? mc_arena_printf(cx->arena, "%s.%s", v->in->resource,
			                                          t->single.text)
			                        : t->single.text);
		mc_buf_printf(&b, " %s ", mc_cond_op_text(c->op));
		mc_buf_double(&b, c->threshold);
		if (c->unit != MC_UNIT_UNSET && mc_unit_symbol(c->unit))
			mc_buf_puts(&b, mc_unit_symbol(c->unit));
		mc_buf_printf(&b, " for %u of %u periods of ", ev->datapoints,
		              ev->evaluation_periods);
		mc_duration_format(&b, ev->period_s);
	}
	if (b.len > 1000) /* AlarmDescription is at most 1024 bytes, with room for a link */
		b.len = 1000, b.p[1000] = '\0';
	const char *s = mc_arena_strdup(cx->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static void lower_tier(mc_lower_ctx *cx, const view *v, const target *t, const tier_cond *tc,
                       const mc_ir_actions *actions)
{
	const mc_ir_tier *tier = mc_lower_tier_find(cx, tc->name);
	if (!tier)
		return;
	size_t mark = cx->d->len;
	mc_condition c;
	int bad = mc_condition_parse(tc->cond, cx->srcs, cx->arena, cx->d, &c);
	scope(cx, v, tc->cond, mark);
	if (bad < 0 || !t->ok)
		return;

	/* Defaults the condition falls back on. */
	mc_eval_defaults def = {0};
	const used_metric *single = t->is_expr ? NULL : &t->single;
	uint64_t s;
	mark = cx->d->len;
	if (v->period && mc_lower_duration(cx, v->period, &s) == 0) {
		def.period_s = (uint32_t)s;
		def.period_span = v->period->span;
	} else if (single && metric_period(single)) {
		def.period_s = metric_period(single);
		def.period_span = single->km ? single->km->span : v->metric->span;
	} else if (t->is_expr) {
		for (size_t i = 0; i < t->nrefs; i++)
			if (metric_period(&t->refs[i]) > def.period_s) {
				def.period_s = metric_period(&t->refs[i]);
				def.period_span = t->refs[i].span;
			}
	}
	if (!def.period_s) {
		def.period_s = cx->default_period_s;
		def.period_span = cx->default_period_span;
	}
	def.m = cx->default_datapoints;
	def.n = cx->default_evaluation_periods;
	def.datapoints_span = cx->default_datapoints_span;
	if (v->datapoints && mc_datapoints_parse(v->datapoints, cx->srcs, cx->d, &def.m,
	                                         &def.n) == 0)
		def.datapoints_span = v->datapoints->span;
	mc_evaluation ev;
	int rc = mc_condition_resolve(&c, &def, cx->d, &ev);
	scope(cx, v, tc->cond, mark);
	if (rc < 0)
		return;

	double threshold = c.threshold;
	mark = cx->d->len;
	if (single) {
		const char *mname = v->in && !v->metric_in_spec
		                            ? mc_arena_printf(cx->arena, "%s.%s", v->in->resource,
		                                              single->text)
		                            : single->text;
		rc = mc_condition_threshold(&c, metric_unit(v->svc, single), mname, cx->d, &threshold);
	} else {
		rc = mc_condition_threshold(&c, MC_UNIT_UNSET, "the expression", cx->d, &threshold);
	}
	scope(cx, v, tc->cond, mark);
	if (rc < 0)
		return;

	/* The statistic: the condition's, else the alarm's, else the metric's own. */
	const char *stat = c.stat;
	if (!stat && v->stat && mc_lower_text(v->stat)) {
		const char *why = NULL;
		stat = mc_stat_normalize(v->stat->text, v->stat->text_len, cx->arena, &why);
		if (!stat) {
			/* The schema checked the spec's own `stat:`; only a template's `${...}`
			 * can get here, so the value is the substitution's. */
			size_t at = cx->d->len;
			mc_diag *g = mc_diag_add(cx->d, MC_E0311, v->stat->span,
			                         "statistic `%s` after substitution is not a statistic",
			                         v->stat->text);
			mc_diag_label_primary(cx->d, g, "%s",
			                      why ? why : "expected a statistic such as `p99`");
			scope(cx, v, v->stat, at);
			return;
		}
	}

	mc_ir_alarm *a = MC_LOWER_PUSH(cx, alarms);
	a->id = mc_arena_printf(cx->arena, "%s/%s/%s", v->svc->name, v->source, tc->name);
	const char *parts[] = {v->svc->name, v->source, tc->name};
	a->name = mc_lower_prefixed_name(cx, MC_NAME_MAX_ALARM, parts, 3);
	a->service = v->svc->name;
	a->source = v->source;
	a->tier = tier->name;
	a->origin = v->origin;
	a->description = summary(cx, v, t, &c, &ev);
	a->threshold = threshold;
	a->cmp = cmp_of(c.op);
	a->period_s = ev.period_s;
	a->evaluation_periods = ev.evaluation_periods;
	a->datapoints = ev.datapoints;
	a->missing = missing_of(cx, v->missing);
	a->on_alarm = *actions;
	a->on_alarm.topics = tier->topics;
	a->on_alarm.ntopics = tier->ntopics;
	a->on_ok.topics = tier->topics;
	a->on_ok.ntopics = tier->ntopics;
	a->span = from_template(cx, tc->key) ? v->span : tc->key->span;
	a->template_span = v->template_span;
	if (stat && stat[0] == 'p' && !mc_stat_is_simple(stat))
		a->low_sample = "evaluate";

	if (mc_cond_op_is_band(c.op)) {
		if (t->is_expr) {
			mark = cx->d->len;
			mc_diag *g = mc_diag_add(cx->d, MC_E0243, c.op_span,
			                         "anomaly detection needs one metric, not an "
			                         "expression");
			mc_diag_label_primary(cx->d, g, "a band condition on an expression");
			mc_diag_help(cx->d, g, "alarm on one metric, or use a fixed threshold");
			scope(cx, v, tc->cond, mark);
			cx->nalarms--;
			return;
		}
		mc_ir_query *q = mc_arena_alloc(cx->arena, 2 * sizeof *q);
		q[0].id = "m1";
		q[0].metric = ir_metric(cx, single, stat, ev.period_s);
		q[0].return_data = true;
		q[1].id = "ad1";
		mc_buf e = MC_BUF_INIT;
		mc_buf_puts(&e, "ANOMALY_DETECTION_BAND(m1, ");
		mc_buf_double(&e, c.threshold);
		mc_buf_putc(&e, ')');
		q[1].expression = mc_arena_strdup(cx->arena, mc_buf_str(&e));
		mc_buf_release(&e);
		q[1].return_data = true;
		a->queries = q;
		a->nqueries = 2;
		a->threshold_metric_id = "ad1";
		a->threshold = 0;
		mc_ir_anomaly_detector *det = MC_LOWER_PUSH(cx, detectors);
		det->id = mc_arena_printf(cx->arena, "%s/detector", a->id);
		det->metric = *q[0].metric;
		det->alarm = a->id;
		det->timezone = c.timezone ? c.timezone : cx->default_anomaly_timezone;
		det->span = a->span;
	} else if (t->is_expr) {
		size_t nq = t->nrefs + 1;
		mc_ir_query *q = mc_arena_alloc(cx->arena, nq * sizeof *q);
		for (size_t i = 0; i < t->nrefs; i++) {
			q[i].id = t->refs[i].id;
			/* The spec's name for it (`lb.requests`), for people: the id is for AWS. */
			q[i].label = mc_arena_strdup(cx->arena, t->refs[i].text); /* expr_arena's */
			q[i].metric = ir_metric(cx, &t->refs[i], c.stat ? c.stat : stat, ev.period_s);
		}
		mc_expr_ids ids;
		mc_expr_ids_init(&ids, cx->arena);
		for (size_t i = 0; i < t->nrefs; i++)
			mc_expr_ids_reserve(&ids, t->refs[i].id);
		q[t->nrefs].id = mc_expr_ids_next(&ids, 'e');
		mc_expr_ids_release(&ids);
		mc_buf e = MC_BUF_INIT;
		mc_expr_print(t->expr, id_of, (void *)t, &e);
		if (e.len > MC_EXPR_MAX_TEXT) {
			mark = cx->d->len;
			mc_diag *g = mc_diag_add(cx->d, MC_E0238, t->expr_node->span,
			                         "the expression is %zu bytes long, more than an alarm "
			                         "may have",
			                         e.len);
			mc_diag_label_primary(cx->d, g, "CloudWatch allows at most %d bytes",
			                      MC_EXPR_MAX_TEXT);
			scope(cx, v, t->expr_node, mark);
		}
		q[t->nrefs].expression = mc_arena_strdup(cx->arena, mc_buf_str(&e));
		q[t->nrefs].return_data = true;
		q[t->nrefs].label = v->source;
		mc_buf_release(&e);
		a->queries = q;
		a->nqueries = nq;
	} else {
		a->metric = ir_metric(cx, single, stat, ev.period_s);
	}
}

/* ---- views ---- */

static void unknown_tier_key(mc_lower_ctx *cx, const view *v, const mc_node *key)
{
	const char **cand = mc_arena_alloc(cx->arena, (cx->ntiers + NALARM_KEYS) * sizeof *cand);
	size_t n = 0;
	for (size_t i = 0; i < cx->ntiers; i++)
		cand[n++] = cx->tiers[i].name;
	for (size_t i = 0; i < NALARM_KEYS - 2; i++) /* not `why`, `when`: template-only */
		cand[n++] = alarm_keys[i];
	mc_diag *g = mc_diag_add(cx->d, MC_E0232, key->span, "unknown tier `%s` in alarm `%s`",
	                         key->text, v->source);
	mc_diag_label_primary(cx->d, g, "expected a tier or an alarm key");
	const char *best = mc_did_you_mean(key->text, cand, n);
	if (best)
		mc_diag_help(cx->d, g, "did you mean `%s`?", best);
	else
		mc_diag_help(cx->d, g, "declare the tier under `tiers:`");
}

/* Adds or replaces (or with `off`, removes) the tier conditions of a mapping. */
static void merge_tiers(mc_lower_ctx *cx, view *v, const mc_node *map, bool check)
{
	for (size_t i = 0; map && map->kind == MC_NODE_MAP && i < map->npairs; i++) {
		const mc_node *k = map->pairs[i].key, *val = map->pairs[i].value;
		if (is_alarm_key(k->text))
			continue;
		if (!mc_lower_tier_find(cx, k->text)) {
			if (check)
				unknown_tier_key(cx, v, k);
			continue;
		}
		size_t j = 0;
		while (j < v->ntiers && strcmp(v->tiers[j].name, k->text) != 0)
			j++;
		bool off = val->kind == MC_NODE_STRING && strcmp(val->text, "off") == 0 &&
		           val->span.file == cx->spec_file;
		if (off) {
			if (j < v->ntiers) {
				memmove(&v->tiers[j], &v->tiers[j + 1],
				        (v->ntiers - j - 1) * sizeof *v->tiers);
				v->ntiers--;
			}
			continue;
		}
		if (j == v->ntiers) {
			if (v->ntiers == MAX_TIERS)
				continue;
			v->ntiers++;
		}
		v->tiers[j] = (tier_cond){k->text, k, val};
	}
}

/* Takes the alarm keys of map into v (the override's replace the kind's). */
static void take_keys(view *v, const mc_node *map)
{
	const mc_node *n;
	if ((n = mc_node_get(map, "metric")))
		v->metric = n, v->expr = NULL;
	if ((n = mc_node_get(map, "expr")))
		v->expr = n, v->metric = NULL;
	if ((n = mc_node_get(map, "stat")))
		v->stat = n;
	if ((n = mc_node_get(map, "period")))
		v->period = n;
	if ((n = mc_node_get(map, "datapoints")))
		v->datapoints = n;
	if ((n = mc_node_get(map, "missing_data")))
		v->missing = n;
	if ((n = mc_node_get(map, "on_alarm")))
		v->on_alarm = n;
	if ((n = mc_node_get(map, "description")) && mc_lower_text(n))
		v->description = n->text;
}

static void lower_view(mc_lower_ctx *cx, view *v)
{
	/* Tiers in severity order, so the alarms of one source come out in a stable order. */
	tier_cond sorted[MAX_TIERS];
	size_t n = 0;
	for (size_t r = 0; r < cx->ntiers; r++)
		for (size_t i = 0; i < v->ntiers; i++)
			if (strcmp(v->tiers[i].name, cx->tiers[r].name) == 0)
				sorted[n++] = v->tiers[i];
	target t;
	target_build(cx, v, &t);
	mc_ir_actions actions = {0};
	lower_actions(cx, v, &t, &actions);
	for (size_t i = 0; i < n; i++)
		lower_tier(cx, v, &t, &sorted[i], &actions);
	/* E0237: billing metrics exist only in us-east-1. */
	const used_metric *ms = t.is_expr ? t.refs : &t.single;
	size_t nm = t.ok ? (t.is_expr ? t.nrefs : 1) : 0;
	for (size_t i = 0; i < nm; i++) {
		const char *ns = ms[i].km ? ms[i].km->ns : ms[i].om ? ms[i].om->ns : NULL;
		const char *name = ms[i].km ? ms[i].km->metric : ms[i].om ? ms[i].om->metric : NULL;
		if (!is_billing(ns, name) || (cx->region && strcmp(cx->region, "us-east-1") == 0))
			continue;
		size_t mark = cx->d->len;
		/* The service's own metric: at its `name:`, where the billing metric is named. */
		mc_span where = ms[i].span;
		const mc_node *defs = mc_node_get(v->svc->node, "metrics");
		for (size_t k = 0; ms[i].om && k < v->svc->nown_metrics; k++)
			if (v->svc->own_metrics[k] == ms[i].om && defs && k < defs->npairs &&
			    mc_node_get(defs->pairs[k].value, "name"))
				where = mc_node_get(defs->pairs[k].value, "name")->span;
		mc_diag *g = mc_diag_add(cx->d, MC_E0237, where,
		                         "`%s` is a billing metric, which exists only in us-east-1",
		                         ms[i].text);
		mc_diag_label_primary(cx->d, g, "an alarm on EstimatedCharges must live in "
		                                "us-east-1");
		if (where.lo != ms[i].span.lo || where.file != ms[i].span.file)
			mc_diag_label(cx->d, g, ms[i].span, "alarmed on here");
		mc_diag_note(cx->d, g, "the spec's region is `%s`", cx->region ? cx->region : "?");
		mc_diag_help(cx->d, g, "watch spending with `cost:` (budgets work in every region), "
		                       "or put this alarm in a spec for us-east-1");
		scope(cx, v, t.is_expr ? t.expr_node : v->metric, mark);
	}
	free(t.refs);
	mc_arena_reset(cx->expr_arena); /* t.expr and the texts of t.refs */
}

static void spec_alarm(mc_lower_ctx *cx, mc_lower_service *s, const mc_node *key,
                       const mc_node *map)
{
	view v = {0};
	v.svc = s;
	v.source = key->text;
	v.metric_in_spec = true;
	v.origin = MC_IR_ORIGIN_SPEC;
	v.span = key->span;
	take_keys(&v, map);
	merge_tiers(cx, &v, map, true);
	bool any_tier_key = false;
	for (size_t i = 0; map->kind == MC_NODE_MAP && i < map->npairs; i++)
		any_tier_key |= !is_alarm_key(map->pairs[i].key->text);
	if (!any_tier_key) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0234, key->span, "alarm `%s` has no tier",
		                         key->text);
		mc_diag_label_primary(cx->d, g, "expected a condition under a tier such as "
		                                "`warning:`");
		mc_diag_help(cx->d, g, "add a condition per tier, such as `warning: \"> 80%% for "
		                       "15m\"`");
		return;
	}
	lower_view(cx, &v);
}

static const mc_node *override_of(const mc_lower_service *s, const char *resource,
                                  const char *name, const mc_node **key)
{
	const mc_node *ov = mc_node_get(s->node, "overrides");
	for (size_t i = 0; ov && ov->kind == MC_NODE_MAP && i < ov->npairs; i++) {
		const char *k = ov->pairs[i].key->text;
		size_t rl = strlen(resource);
		if (strncmp(k, resource, rl) == 0 && k[rl] == '.' && strcmp(k + rl + 1, name) == 0) {
			*key = ov->pairs[i].key;
			return ov->pairs[i].value;
		}
	}
	return NULL;
}

static bool is_off(const mc_node *n)
{
	return n && n->kind == MC_NODE_STRING && strcmp(n->text, "off") == 0;
}

static void kind_alarm(mc_lower_ctx *cx, mc_lower_service *s, const mc_node *rkey,
                       const mc_instance *in, const mc_inst_alarm *ka)
{
	const mc_node *okey = NULL;
	const mc_node *ov = override_of(s, in->resource, ka->name, &okey);
	if (is_off(ov))
		return;
	view v = {0};
	v.svc = s;
	v.source = mc_arena_printf(cx->arena, "%s.%s", in->resource, ka->name);
	v.in = in;
	v.ka = ka;
	v.origin = MC_IR_ORIGIN_KIND;
	v.span = okey ? okey->span : rkey->span;
	v.template_span = ka->span;
	v.description = ka->description;
	take_keys(&v, ka->node);
	merge_tiers(cx, &v, ka->node, false);
	if (ov && ov->kind == MC_NODE_MAP) {
		v.metric_in_spec = mc_node_get(ov, "metric") || mc_node_get(ov, "expr");
		take_keys(&v, ov);
		merge_tiers(cx, &v, ov, true);
	}
	if (!v.ntiers)
		return; /* every tier switched off */
	lower_view(cx, &v);
}

/* E0235: an override key that names no alarm of the service. */
static void check_overrides(mc_lower_ctx *cx, mc_lower_service *s)
{
	const mc_node *ov = mc_node_get(s->node, "overrides");
	for (size_t i = 0; ov && ov->kind == MC_NODE_MAP && i < ov->npairs; i++) {
		const mc_node *k = ov->pairs[i].key;
		const char *dot = strchr(k->text, '.');
		size_t rl = dot ? (size_t)(dot - k->text) : strlen(k->text);
		bool known = false, failed = false;
		for (size_t r = 0; r < s->ninstances; r++) {
			const mc_node *rk = s->resource_keys[r];
			if (strlen(rk->text) != rl || strncmp(rk->text, k->text, rl) != 0)
				continue;
			const mc_instance *in = s->instances[r];
			if (!in)
				failed = true;
			else if (dot && mc_instance_alarm(in, dot + 1))
				known = true;
			else if (dot && is_off(ov->pairs[i].value))
				for (size_t e = 0; e < in->nevents; e++)
					known |= strcmp(in->events[e].name, dot + 1) == 0;
		}
		failed |= mc_lower_failed_composed(cx, s, k->text, rl);
		if (known || failed)
			continue;
		{
			const char **c = NULL;
			size_t n = 0, cap = 0;
			for (size_t r = 0; r < s->ninstances; r++)
				for (size_t a = 0; s->instances[r] && a < s->instances[r]->nalarms; a++) {
					MC_GROW(c, cap, n + 1);
					c[n++] = mc_arena_printf(cx->arena, "%s.%s",
					                         s->instances[r]->resource,
					                         s->instances[r]->alarms[a].name);
				}
			mc_diag *g = mc_diag_add(cx->d, MC_E0235, k->span,
			                         "override of `%s`, which is no alarm of service `%s`",
			                         k->text, s->name);
			mc_diag_label_primary(cx->d, g, "expected `RESOURCE.ALARM` of an alarm a kind "
			                                "brings");
			const char *best = mc_did_you_mean(k->text, c, n);
			if (best)
				mc_diag_help(cx->d, g, "did you mean `%s`?", best);
			mc_buf list = MC_BUF_INIT;
			for (size_t j = 0; j < n && j < 8; j++)
				mc_buf_printf(&list, "%s`%s`", j ? ", " : "", c[j]);
			if (n)
				mc_diag_note(cx->d, g, "the alarms here: %s%s", mc_buf_str(&list),
				             n > 8 ? ", ..." : "");
			mc_buf_release(&list);
			free(c);
		}
	}
}

/* ---- events ---- */

/*
 * The alarm over an EventBridge rule's `AWS/Events` `TriggeredRules` metric (stdlib-catalogue
 * §0.3, SPOT-INT-C): `>= 1` in one minute, Sum, 1 of 1, missing data not breaching (the metric
 * is only published when the rule triggers). It carries the rule's tier but no actions: the
 * rule itself notifies the tier's topics with the event, and a second message per event would
 * only be noise. The alarm is there so the event shows in the alarm catalogue, on the alarm
 * widgets of the dashboards and in the runbook entry of the event (source
 * `RESOURCE.EVENT`, origin MC_IR_ORIGIN_EVENT).
 */
static void event_alarm(mc_lower_ctx *cx, const mc_lower_service *s, const mc_instance *in,
                        const mc_inst_event *ev, const mc_ir_event_rule *r,
                        const mc_ir_tier *tier)
{
	/* r points into the rules vector; copy what is needed before pushing an alarm. */
	const char *rule_name = r->name;
	mc_span span = r->span;
	mc_ir_alarm *a = MC_LOWER_PUSH(cx, alarms);
	a->source = mc_arena_printf(cx->arena, "%s.%s", in->resource, ev->name);
	a->id = mc_arena_printf(cx->arena, "%s/%s/%s", s->name, a->source, tier->name);
	const char *parts[] = {s->name, a->source, tier->name};
	a->name = mc_lower_prefixed_name(cx, MC_NAME_MAX_ALARM, parts, 3);
	a->service = s->name;
	a->tier = tier->name;
	a->origin = MC_IR_ORIGIN_EVENT;
	mc_buf d = MC_BUF_INIT;
	if (ev->description) {
		for (const char *p = ev->description; *p; p++)
			mc_buf_putc(&d, *p == '\n' ? ' ' : *p);
		while (d.len && d.p[d.len - 1] == ' ')
			d.p[--d.len] = '\0';
		mc_buf_putc(&d, ' ');
	}
	mc_buf_printf(&d, "(EventBridge rule `%s` matched an event)", rule_name);
	if (d.len > 1000) /* AlarmDescription is at most 1024 bytes, with room for a link */
		d.len = 1000, d.p[1000] = '\0';
	a->description = mc_arena_strdup(cx->arena, mc_buf_str(&d));
	mc_buf_release(&d);
	mc_ir_metric *m = mc_arena_alloc(cx->arena, sizeof *m);
	m->ns = "AWS/Events";
	m->metric = "TriggeredRules";
	m->dims = mc_arena_alloc(cx->arena, sizeof *m->dims);
	m->dims[0] = (mc_ir_dim){"RuleName", rule_name};
	m->ndims = 1;
	m->stat = "Sum";
	m->period_s = 60;
	m->unit = "Count";
	m->sparse = true;
	a->metric = m;
	a->threshold = 1;
	a->cmp = MC_IR_CMP_GE;
	a->period_s = 60;
	a->evaluation_periods = 1;
	a->datapoints = 1;
	a->missing = MC_IR_MISSING_NOT_BREACHING;
	a->span = span;
	a->template_span = ev->span;
}

static void kind_event(mc_lower_ctx *cx, mc_lower_service *s, const mc_node *rkey,
                       const mc_instance *in, const mc_inst_event *ev)
{
	const mc_node *okey = NULL;
	if (is_off(override_of(s, in->resource, ev->name, &okey)))
		return;
	size_t mark = cx->d->len;
	const mc_ir_tier *tier = mc_lower_tier_resolve(cx, ev->tier, ev->span);
	mc_lower_label_since(cx, in, mark);
	mc_ir_event_rule *r = MC_LOWER_PUSH(cx, rules);
	r->id = mc_arena_printf(cx->arena, "%s/%s/%s", s->name, in->resource, ev->name);
	const char *parts[] = {s->name, in->resource, ev->name};
	r->name = mc_lower_prefixed_name(cx, MC_NAME_MAX_RULE, parts, 3);
	r->service = s->name;
	r->description = ev->description;
	r->pattern = ev->pattern;
	r->tier = tier ? tier->name : ev->tier;
	if (tier) {
		r->targets.topics = tier->topics;
		r->targets.ntopics = tier->ntopics;
	}
	r->span = rkey->span;
	r->template_span = ev->span;
	if (tier)
		event_alarm(cx, s, in, ev, r, tier);
}

void mc_lower_alarms(mc_lower_ctx *cx)
{
	for (size_t si = 0; si < cx->nservices; si++) {
		mc_lower_service *s = &cx->services[si];
		const mc_node *alarms = mc_node_get(s->node, "alarms");
		for (size_t i = 0; alarms && alarms->kind == MC_NODE_MAP && i < alarms->npairs; i++)
			spec_alarm(cx, s, alarms->pairs[i].key, alarms->pairs[i].value);
		for (size_t r = 0; r < s->ninstances; r++) {
			const mc_instance *in = s->instances[r];
			for (size_t a = 0; in && a < in->nalarms; a++)
				kind_alarm(cx, s, s->resource_keys[r], in, &in->alarms[a]);
			for (size_t e = 0; in && e < in->nevents; e++)
				kind_event(cx, s, s->resource_keys[r], in, &in->events[e]);
		}
		check_overrides(cx, s);
	}
}
