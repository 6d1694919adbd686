/*
 * The IR -> one JSON document (see ir_json.h); read by `moncc inspect` and the golden tests.
 *
 * Built with jansson: one root value made here, filled with the stealing *_new setters and
 * released on the way out. Keys follow the order of the fields in ir.h (jansson keeps
 * insertion order), arrays the order of the IR, which lowering has already sorted, so the
 * output depends on nothing but the IR. Numbers: integral doubles become JSON integers;
 * others are dumped with JSON_REAL_PRECISION(15), i.e. `%.15g`, which is the shortest text
 * that reads back as the same double whenever one of at most 15 digits exists, and rounds
 * away the noise of binary arithmetic otherwise (jansson's default of 17 digits would print
 * 0.1 as 0.10000000000000001).
 */
#include "ir/ir_json.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "base/xalloc.h"

static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	/* Strings come from UTF-8-checked sources; a NULL here would be a bug upstream. */
	json_t *v = json_string(s);
	if (!v)
		MC_BUG("IR string is not UTF-8: %s", s);
	return v;
}

static json_t *jnum(double v)
{
	/* Integral values print as integers (80, not 80.0) while they are exact in a double. */
	if (isfinite(v) && fabs(v) < 9007199254740992.0 && v == floor(v))
		return json_integer((json_int_t)v);
	if (!isfinite(v))
		return json_null(); /* JSON has no NaN; the verifier reports such a value */
	return json_real(v);
}

static json_t *juint(uint64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *jspan(const mc_sources *srcs, mc_span sp)
{
	mc_source *src = mc_sources_get(srcs, sp.file);
	if (!src)
		return json_null();
	mc_pos pos = mc_source_pos(src, sp.lo);
	mc_buf b = MC_BUF_INIT;
	mc_buf_printf(&b, "%s:%u:%u", src->path, pos.line, pos.column);
	json_t *v = jstr(mc_buf_str(&b));
	mc_buf_release(&b);
	return v;
}

static json_t *jstrs(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}

static const char *cmp_name(mc_ir_cmp c)
{
	switch (c) {
	case MC_IR_CMP_GT:
		return "GreaterThanThreshold";
	case MC_IR_CMP_GE:
		return "GreaterThanOrEqualToThreshold";
	case MC_IR_CMP_LT:
		return "LessThanThreshold";
	case MC_IR_CMP_LE:
		return "LessThanOrEqualToThreshold";
	case MC_IR_CMP_OUTSIDE_BAND:
		return "LessThanLowerOrGreaterThanUpperThreshold";
	case MC_IR_CMP_ABOVE_BAND:
		return "GreaterThanUpperThreshold";
	case MC_IR_CMP_BELOW_BAND:
		return "LessThanLowerThreshold";
	}
	return NULL;
}

static const char *missing_name(mc_ir_missing m)
{
	switch (m) {
	case MC_IR_MISSING_MISSING:
		return "missing";
	case MC_IR_MISSING_NOT_BREACHING:
		return "notBreaching";
	case MC_IR_MISSING_BREACHING:
		return "breaching";
	case MC_IR_MISSING_IGNORE:
		return "ignore";
	}
	return NULL;
}

static const char *origin_name(mc_ir_origin o)
{
	switch (o) {
	case MC_IR_ORIGIN_SPEC:
		return "spec";
	case MC_IR_ORIGIN_KIND:
		return "kind";
	case MC_IR_ORIGIN_SLO:
		return "slo";
	case MC_IR_ORIGIN_ESCALATION:
		return "escalation";
	case MC_IR_ORIGIN_COST:
		return "cost";
	case MC_IR_ORIGIN_EVENT:
		return "event";
	}
	return NULL;
}

static const char *widget_kind_name(mc_ir_widget_kind k)
{
	switch (k) {
	case MC_IR_WIDGET_METRIC:
		return "metric";
	case MC_IR_WIDGET_SINGLE_VALUE:
		return "single_value";
	case MC_IR_WIDGET_LOG:
		return "log";
	case MC_IR_WIDGET_ALARM:
		return "alarm";
	case MC_IR_WIDGET_TEXT:
		return "text";
	}
	return NULL;
}

static json_t *dims_json(const mc_ir_dim *d, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "name", jstr(d[i].name));
		set(o, "value", jstr(d[i].value));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *metric_json(const mc_ir_metric *m)
{
	if (!m)
		return json_null();
	json_t *o = json_object();
	set(o, "ns", jstr(m->ns));
	set(o, "metric", jstr(m->metric));
	set(o, "dims", dims_json(m->dims, m->ndims));
	set(o, "stat", jstr(m->stat));
	set(o, "period_s", juint(m->period_s));
	set(o, "unit", jstr(m->unit));
	set(o, "region", jstr(m->region));
	set(o, "sparse", json_boolean(m->sparse));
	return o;
}

static json_t *queries_json(const mc_ir_query *q, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "id", jstr(q[i].id));
		set(o, "metric", metric_json(q[i].metric));
		set(o, "expression", jstr(q[i].expression));
		set(o, "label", jstr(q[i].label));
		set(o, "period_s", juint(q[i].period_s));
		set(o, "return_data", json_boolean(q[i].return_data));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *actions_json(const mc_ir_actions *x)
{
	json_t *o = json_object();
	set(o, "topics", jstrs(x->topics, x->ntopics));
	set(o, "actions", jstrs(x->actions, x->nactions));
	return o;
}

static json_t *services_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nservices; i++) {
		const mc_ir_service *s = &ir->services[i];
		json_t *o = json_object(), *res = json_array();
		set(o, "name", jstr(s->name));
		set(o, "title", jstr(s->title));
		set(o, "owner", jstr(s->owner));
		set(o, "description", jstr(s->description));
		for (size_t k = 0; k < s->nresources; k++) {
			json_t *r = json_object();
			set(r, "name", jstr(s->resources[k].name));
			set(r, "kind", jstr(s->resources[k].kind));
			if (s->resources[k].parent)
				set(r, "parent", jstr(s->resources[k].parent));
			set(r, "span", jspan(srcs, s->resources[k].span));
			json_array_append_new(res, r);
		}
		set(o, "resources", res);
		set(o, "span", jspan(srcs, s->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *tiers_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->ntiers; i++) {
		const mc_ir_tier *t = &ir->tiers[i];
		json_t *o = json_object();
		set(o, "name", jstr(t->name));
		set(o, "rank", juint(t->rank));
		set(o, "respond_within_s", juint(t->respond_within_s));
		set(o, "topics", jstrs(t->topics, t->ntopics));
		set(o, "escalate_after_s", juint(t->escalate_after_s));
		set(o, "escalate_topics", jstrs(t->escalate_topics, t->nescalate_topics));
		set(o, "description", jstr(t->description));
		set(o, "span", jspan(srcs, t->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *topics_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->ntopics; i++) {
		const mc_ir_topic *t = &ir->topics[i];
		json_t *o = json_object(), *subs = json_array();
		set(o, "id", jstr(t->id));
		set(o, "target", jstr(t->target));
		set(o, "name", jstr(t->name));
		set(o, "existing_arn", jstr(t->existing_arn));
		for (size_t k = 0; k < t->nsubscriptions; k++) {
			json_t *s = json_object();
			set(s, "protocol", jstr(t->subscriptions[k].protocol));
			set(s, "endpoint", jstr(t->subscriptions[k].endpoint));
			set(s, "span", jspan(srcs, t->subscriptions[k].span));
			json_array_append_new(subs, s);
		}
		set(o, "subscriptions", subs);
		set(o, "from_cloudwatch", json_boolean(t->from_cloudwatch));
		set(o, "from_events", json_boolean(t->from_events));
		set(o, "from_budgets", json_boolean(t->from_budgets));
		set(o, "from_cost_anomaly", json_boolean(t->from_cost_anomaly));
		set(o, "span", jspan(srcs, t->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *alarms_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nalarms; i++) {
		const mc_ir_alarm *x = &ir->alarms[i];
		json_t *o = json_object();
		set(o, "id", jstr(x->id));
		set(o, "name", jstr(x->name));
		set(o, "service", jstr(x->service));
		set(o, "source", jstr(x->source));
		set(o, "tier", jstr(x->tier));
		set(o, "origin", jstr(origin_name(x->origin)));
		set(o, "description", jstr(x->description));
		set(o, "runbook", jstr(x->runbook));
		set(o, "metric", metric_json(x->metric));
		set(o, "queries", x->metric ? json_null() : queries_json(x->queries, x->nqueries));
		set(o, "threshold_metric_id", jstr(x->threshold_metric_id));
		/* An anomaly alarm has no threshold; printing 0 would suggest one. */
		set(o, "threshold", x->threshold_metric_id ? json_null() : jnum(x->threshold));
		set(o, "cmp", jstr(cmp_name(x->cmp)));
		set(o, "period_s", juint(x->period_s));
		set(o, "evaluation_periods", juint(x->evaluation_periods));
		set(o, "datapoints", juint(x->datapoints));
		set(o, "missing", jstr(missing_name(x->missing)));
		set(o, "low_sample", jstr(x->low_sample));
		set(o, "on_alarm", actions_json(&x->on_alarm));
		set(o, "on_ok", actions_json(&x->on_ok));
		set(o, "span", jspan(srcs, x->span));
		set(o, "template_span", jspan(srcs, x->template_span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *composites_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->ncomposites; i++) {
		const mc_ir_composite *c = &ir->composites[i];
		json_t *o = json_object();
		set(o, "id", jstr(c->id));
		set(o, "name", jstr(c->name));
		set(o, "service", jstr(c->service));
		set(o, "source", jstr(c->source));
		set(o, "tier", jstr(c->tier));
		set(o, "origin", jstr(origin_name(c->origin)));
		set(o, "description", jstr(c->description));
		set(o, "runbook", jstr(c->runbook));
		set(o, "rule", jstr(c->rule));
		set(o, "children", jstrs(c->children, c->nchildren));
		set(o, "on_alarm", actions_json(&c->on_alarm));
		set(o, "on_ok", actions_json(&c->on_ok));
		set(o, "suppressor", jstr(c->suppressor));
		set(o, "suppressor_wait_s", juint(c->suppressor_wait_s));
		set(o, "suppressor_extension_s", juint(c->suppressor_extension_s));
		set(o, "span", jspan(srcs, c->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *detectors_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->ndetectors; i++) {
		const mc_ir_anomaly_detector *d = &ir->detectors[i];
		json_t *o = json_object();
		set(o, "id", jstr(d->id));
		set(o, "metric", metric_json(&d->metric));
		set(o, "alarm", jstr(d->alarm));
		if (d->timezone) /* only when set: specs without one keep their output */
			set(o, "timezone", jstr(d->timezone));
		set(o, "span", jspan(srcs, d->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *rules_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nrules; i++) {
		const mc_ir_event_rule *r = &ir->rules[i];
		json_t *o = json_object();
		set(o, "id", jstr(r->id));
		set(o, "name", jstr(r->name));
		set(o, "service", jstr(r->service));
		set(o, "description", jstr(r->description));
		set(o, "pattern", jstr(r->pattern));
		set(o, "tier", jstr(r->tier));
		set(o, "targets", actions_json(&r->targets));
		set(o, "runbook", jstr(r->runbook));
		set(o, "span", jspan(srcs, r->span));
		set(o, "template_span", jspan(srcs, r->template_span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *scaling_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nscaling_policies; i++) {
		const mc_ir_scaling_policy *p = &ir->scaling_policies[i];
		json_t *o = json_object();
		set(o, "id", jstr(p->id));
		set(o, "name", jstr(p->name));
		set(o, "service", jstr(p->service));
		set(o, "resource", jstr(p->resource));
		set(o, "policy", jstr(p->policy));
		set(o, "description", jstr(p->description));
		set(o, "group", jstr(p->group));
		set(o, "adjustment_type",
		    jstr(p->percent ? "PercentChangeInCapacity" : "ChangeInCapacity"));
		set(o, "adjustment", json_integer(p->adjustment));
		set(o, "min_magnitude", p->min_magnitude ? juint(p->min_magnitude) : json_null());
		set(o, "cooldown_s", p->has_cooldown ? juint(p->cooldown_s) : json_null());
		set(o, "span", jspan(srcs, p->span));
		set(o, "template_span", jspan(srcs, p->template_span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *log_filters_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nlog_filters; i++) {
		const mc_ir_log_filter *f = &ir->log_filters[i];
		json_t *o = json_object();
		set(o, "id", jstr(f->id));
		set(o, "log_group", jstr(f->log_group));
		set(o, "name", jstr(f->name));
		set(o, "pattern", jstr(f->pattern));
		set(o, "metric_ns", jstr(f->metric_ns));
		set(o, "metric_name", jstr(f->metric_name));
		set(o, "value", jstr(f->value));
		set(o, "default_value", f->has_default ? jnum(f->default_value) : json_null());
		set(o, "unit", jstr(f->unit));
		set(o, "dims", dims_json(f->dims, f->ndims));
		set(o, "span", jspan(srcs, f->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *log_queries_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nlog_queries; i++) {
		const mc_ir_log_query *q = &ir->log_queries[i];
		json_t *o = json_object();
		set(o, "id", jstr(q->id));
		set(o, "name", jstr(q->name));
		set(o, "log_groups", jstrs(q->log_groups, q->nlog_groups));
		set(o, "query", jstr(q->query));
		set(o, "span", jspan(srcs, q->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *budgets_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nbudgets; i++) {
		const mc_ir_budget *b = &ir->budgets[i];
		json_t *o = json_object(), *alerts = json_array();
		set(o, "id", jstr(b->id));
		set(o, "name", jstr(b->name));
		set(o, "amount", jnum(b->amount));
		for (size_t k = 0; k < b->nalerts; k++) {
			const struct mc_ir_budget_alert *al = &b->alerts[k];
			json_t *x = json_object();
			set(x, "forecast", json_boolean(al->forecast));
			set(x, "percent", jnum(al->percent));
			set(x, "tier", jstr(al->tier));
			set(x, "topics", jstrs(al->topics, al->ntopics));
			set(x, "span", jspan(srcs, al->span));
			json_array_append_new(alerts, x);
		}
		set(o, "alerts", alerts);
		set(o, "span", jspan(srcs, b->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *cost_anomalies_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->ncost_anomalies; i++) {
		const mc_ir_cost_anomaly *c = &ir->cost_anomalies[i];
		json_t *o = json_object();
		set(o, "id", jstr(c->id));
		set(o, "monitor_name", jstr(c->monitor_name));
		set(o, "subscription_name", jstr(c->subscription_name));
		set(o, "above_usd", jnum(c->above_usd));
		set(o, "above_percent", jnum(c->above_percent));
		set(o, "frequency", jstr(c->frequency));
		set(o, "tier", jstr(c->tier));
		set(o, "topics", jstrs(c->topics, c->ntopics));
		set(o, "span", jspan(srcs, c->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *widgets_json(const mc_ir_dashboard *d, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->nwidgets; i++) {
		const mc_ir_widget *w = &d->widgets[i];
		json_t *o = json_object(), *ann = json_array();
		set(o, "kind", jstr(widget_kind_name(w->kind)));
		set(o, "x", juint(w->x));
		set(o, "y", juint(w->y));
		set(o, "width", juint(w->width));
		set(o, "height", juint(w->height));
		set(o, "title", jstr(w->title));
		set(o, "queries", queries_json(w->queries, w->nqueries));
		for (size_t k = 0; k < w->nannotations; k++) {
			json_t *x = json_object();
			set(x, "value", jnum(w->annotations[k].value));
			set(x, "label", jstr(w->annotations[k].label));
			set(x, "tier", jstr(w->annotations[k].tier));
			json_array_append_new(ann, x);
		}
		set(o, "annotations", ann);
		set(o, "stacked", json_boolean(w->stacked));
		set(o, "period_s", juint(w->period_s));
		set(o, "range_s", juint(w->range_s));
		set(o, "shift_s", juint(w->shift_s));
		set(o, "firing_only", json_boolean(w->firing_only));
		set(o, "log_query", jstr(w->log_query));
		set(o, "log_groups", jstrs(w->log_groups, w->nlog_groups));
		set(o, "alarms", jstrs(w->alarms, w->nalarms));
		set(o, "markdown", jstr(w->markdown));
		set(o, "region", jstr(w->region));
		set(o, "span", jspan(srcs, w->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *dashboards_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->ndashboards; i++) {
		const mc_ir_dashboard *d = &ir->dashboards[i];
		json_t *o = json_object();
		set(o, "id", jstr(d->id));
		set(o, "name", jstr(d->name));
		set(o, "title", jstr(d->title));
		set(o, "preset", jstr(d->preset));
		set(o, "narrow", json_boolean(d->narrow));
		set(o, "start", jstr(d->start));
		set(o, "widgets", widgets_json(d, srcs));
		set(o, "main", json_boolean(d->main));
		set(o, "span", jspan(srcs, d->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *runbooks_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nrunbooks; i++) {
		const mc_ir_runbook *r = &ir->runbooks[i];
		json_t *o = json_object();
		set(o, "id", jstr(r->id));
		set(o, "title", jstr(r->title));
		set(o, "service", jstr(r->service));
		set(o, "tier", jstr(r->tier));
		set(o, "meaning", jstr(r->meaning));
		set(o, "condition", jstr(r->condition));
		set(o, "body", jstr(r->body));
		set(o, "alarms", jstrs(r->alarms, r->nalarms));
		set(o, "dashboard", jstr(r->dashboard));
		set(o, "span", jspan(srcs, r->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *app_slo_json(const mc_ir_app_slo *x)
{
	if (!x)
		return json_null();
	json_t *o = json_object(), *w = json_array();
	set(o, "name", jstr(x->name));
	set(o, "description", jstr(x->description));
	set(o, "total", queries_json(x->total, x->ntotal));
	set(o, "monitored", queries_json(x->monitored, x->nmonitored));
	set(o, "monitored_bad", json_boolean(x->monitored_bad));
	set(o, "attainment_pct", jnum(x->attainment_pct));
	set(o, "warning_pct", jnum(x->warning_pct));
	set(o, "interval", juint(x->interval));
	set(o, "interval_unit", jstr(x->interval_unit));
	for (size_t i = 0; i < x->nburn_windows; i++)
		json_array_append_new(w, juint(x->burn_windows_min[i]));
	set(o, "burn_windows_min", w);
	return o;
}

static json_t *slos_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nslos; i++) {
		const mc_ir_slo *s = &ir->slos[i];
		json_t *o = json_object();
		set(o, "id", jstr(s->id));
		set(o, "service", jstr(s->service));
		set(o, "name", jstr(s->name));
		set(o, "objective", jnum(s->objective));
		set(o, "window_s", juint(s->window_s));
		set(o, "sli_kind", jstr(s->sli_kind));
		set(o, "queries", queries_json(s->queries, s->nqueries));
		set(o, "composites", jstrs(s->composites, s->ncomposites));
		set(o, "application_signals", json_boolean(s->application_signals));
		set(o, "app", app_slo_json(s->app));
		set(o, "span", jspan(srcs, s->span));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *requirements_json(const mc_ir *ir, const mc_sources *srcs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ir->nrequirements; i++) {
		const mc_ir_requirement *r = &ir->requirements[i];
		json_t *o = json_object(), *al = json_array(), *q = json_array();
		set(o, "id", jstr(r->id));
		set(o, "title", jstr(r->title));
		set(o, "area", jstr(r->area));
		set(o, "notes", jstr(r->notes));
		for (size_t k = 0; k < r->nalarms; k++) {
			json_t *x = json_object();
			set(x, "ref", jstr(r->alarms[k].ref));
			set(x, "alarms", jstrs(r->alarms[k].alarms, r->alarms[k].nalarms));
			set(x, "runbook", jstr(r->alarms[k].runbook));
			json_array_append_new(al, x);
		}
		set(o, "alarms", al);
		set(o, "dashboards", jstrs(r->dashboards, r->ndashboards));
		for (size_t k = 0; k < r->nqueries; k++) {
			json_t *x = json_object();
			set(x, "ref", jstr(r->queries[k].ref));
			set(x, "log_groups", jstrs(r->queries[k].log_groups, r->queries[k].nlog_groups));
			set(x, "query", jstr(r->queries[k].query));
			json_array_append_new(q, x);
		}
		set(o, "queries", q);
		set(o, "slos", jstrs(r->slos, r->nslos));
		set(o, "metrics", jstrs(r->metrics, r->nmetrics));
		set(o, "span", jspan(srcs, r->span));
		json_array_append_new(a, o);
	}
	return a;
}

void mc_ir_to_json(const mc_ir *ir, const mc_sources *srcs, mc_buf *out)
{
	json_t *root = json_object();
	set(root, "project", jstr(ir->project));
	set(root, "environment", jstr(ir->environment));
	set(root, "region", jstr(ir->region));
	set(root, "account", jstr(ir->account));
	set(root, "runbook_base", jstr(ir->runbook_base));
	set(root, "spec_path", jstr(ir->spec_path));
	set(root, "services", services_json(ir, srcs));
	set(root, "tiers", tiers_json(ir, srcs));
	set(root, "topics", topics_json(ir, srcs));
	set(root, "alarms", alarms_json(ir, srcs));
	set(root, "composites", composites_json(ir, srcs));
	set(root, "detectors", detectors_json(ir, srcs));
	set(root, "rules", rules_json(ir, srcs));
	/* Only when there are any, so specs without scaling keep their output. */
	if (ir->nscaling_policies)
		set(root, "scaling_policies", scaling_json(ir, srcs));
	set(root, "log_filters", log_filters_json(ir, srcs));
	set(root, "log_queries", log_queries_json(ir, srcs));
	set(root, "budgets", budgets_json(ir, srcs));
	set(root, "cost_anomalies", cost_anomalies_json(ir, srcs));
	set(root, "slos", slos_json(ir, srcs));
	set(root, "dashboards", dashboards_json(ir, srcs));
	set(root, "runbooks", runbooks_json(ir, srcs));
	/* Only when the spec has `requirements:`, so that specs without keep their IR text. */
	if (ir->nrequirements)
		set(root, "requirements", requirements_json(ir, srcs));

	char *text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(root);
	if (!text)
		MC_BUG("json_dumps failed on the IR");
	mc_buf_puts(out, text);
	mc_buf_putc(out, '\n');
	free(text);
}
