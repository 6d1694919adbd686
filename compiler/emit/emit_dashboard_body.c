/*
 * IR dashboard -> CloudWatch DashboardBody JSON (aws-notes.md §1), written by hand.
 *
 * The body is written straight into an mc_buf in a fixed key order, without a jansson tree:
 * it is the hot path of the dashboard emitters (a 10,000-service spec has thousands of
 * widgets) and the CloudFormation emitter embeds the same text. Every string goes through
 * mc_buf_json_escape and every number through mc_buf_double or an integer format, so the
 * bytes are a function of the IR alone.
 *
 * What the IR leaves to this file: the `view` of a widget kind, the widget-level `stat` and
 * `period` (the first metric's, when the widget has none of its own: the console shows them
 * as the widget's defaults), `visible: false` for queries that only feed math, annotation
 * colours per tier, a `yAxis` for percentages and thresholds, the `SOURCE` prefix and line
 * breaks of log queries, and alarm ARNs. Positions and sizes come from the lowering, which
 * already keeps every widget inside the 24-column grid and within AWS's limits.
 */
#include "emit/emit_dashboard_body.h"

#include <stdbool.h>
#include <string.h>

#include "emit/emit_common.h"

/* The periodOverride of every body: each graph keeps the period the spec gave it. */
#define PERIOD_OVERRIDE "inherit"
/* CloudWatch's own default period for a metric widget that states none. */
#define DEFAULT_PERIOD 300

static void str(mc_buf *b, const char *s)
{
	mc_buf_putc(b, '"');
	mc_buf_json_escape(b, s, strlen(s));
	mc_buf_putc(b, '"');
}

/* `,"key":"value"` (or without the comma when first). */
/* `,"key":` (or without the comma when first); keys are the emitter's, never escaped. */
static void key_(mc_buf *b, bool comma, const char *key)
{
	mc_buf_puts(b, comma ? ",\"" : "\"");
	mc_buf_puts(b, key);
	mc_buf_puts(b, "\":");
}

static void kv_str(mc_buf *b, bool comma, const char *key, const char *value)
{
	key_(b, comma, key);
	str(b, value);
}

static void kv_uint(mc_buf *b, bool comma, const char *key, unsigned long long v)
{
	key_(b, comma, key);
	mc_buf_uint(b, v);
}

const char *mc_dashboard_tier_color(const mc_ir *ir, const char *tier)
{
	if (!tier)
		return NULL;
	if (strcmp(tier, "critical") == 0)
		return "#d62728";
	if (strcmp(tier, "warning") == 0)
		return "#ff7f0e";
	if (strcmp(tier, "info") == 0)
		return "#1f77b4";
	/* Custom tier names: by severity, the most severe red and the least blue. */
	for (size_t i = 0; i < ir->ntiers; i++) {
		if (strcmp(ir->tiers[i].name, tier) != 0)
			continue;
		if (ir->tiers[i].rank == 0)
			return "#d62728";
		return i + 1 == ir->ntiers ? "#1f77b4" : "#ff7f0e";
	}
	return NULL;
}

void mc_dashboard_iso_start(mc_buf *out, uint64_t s)
{
	if (s && s % 86400 == 0)
		mc_buf_printf(out, "-P%lluD", (unsigned long long)(s / 86400));
	else if (s && s % 3600 == 0)
		mc_buf_printf(out, "-PT%lluH", (unsigned long long)(s / 3600));
	else if (s && s % 60 == 0)
		mc_buf_printf(out, "-PT%lluM", (unsigned long long)(s / 60));
	else
		mc_buf_printf(out, "-PT%lluS", (unsigned long long)s);
}

/* `7 days`, `1 day`, `12 hours`, `90 minutes`: the largest unit that divides. */
static void span_words(mc_buf *out, uint64_t s)
{
	static const struct {
		uint64_t sec;
		const char *one, *many;
	} units[] = {{86400, "day", "days"}, {3600, "hour", "hours"}, {60, "minute", "minutes"}};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (s && s % units[i].sec == 0) {
			uint64_t n = s / units[i].sec;
			mc_buf_printf(out, "%llu %s", (unsigned long long)n,
			              n == 1 ? units[i].one : units[i].many);
			return;
		}
	mc_buf_printf(out, "%llu seconds", (unsigned long long)s);
}

void mc_dashboard_widget_title(const mc_ir_widget *w, bool can_shift, mc_buf *out)
{
	mc_buf_puts(out, w->title ? w->title : "");
	if (!w->range_s)
		return;
	mc_buf_puts(out, w->title && *w->title ? ": " : "");
	if (!w->shift_s) {
		mc_buf_puts(out, "last ");
		span_words(out, w->range_s);
	} else if (can_shift) {
		span_words(out, w->range_s);
		mc_buf_puts(out, " before");
	} else {
		mc_buf_puts(out, "last ");
		span_words(out, (uint64_t)w->range_s + w->shift_s);
		mc_buf_puts(out, " (the earlier ");
		span_words(out, w->shift_s);
		mc_buf_puts(out, " on the left)");
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void mc_dashboard_log_query(const char *q, mc_buf *out)
{
	char quote = 0;
	size_t start = out->len;
	for (const char *p = q; *p; p++) {
		char c = *p;
		if (quote) {
			mc_buf_putc(out, c);
			if (c == '\\' && p[1])
				mc_buf_putc(out, *++p);
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'' || c == '`') {
			quote = c;
			mc_buf_putc(out, c);
			continue;
		}
		/*
		 * A command separator has white space on both sides (or ends the text); a pipe
		 * inside a regular expression such as /a|b/ has none, and is kept as written.
		 */
		bool before = out->len == start || is_space(out->p[out->len - 1]);
		bool after = !p[1] || is_space(p[1]);
		if (c != '|' || !before || !after || out->len == start) {
			mc_buf_putc(out, c);
			continue;
		}
		while (out->len > start && is_space(out->p[out->len - 1]))
			out->len--;
		out->p[out->len] = '\0';
		mc_buf_puts(out, "\n| ");
		while (is_space(p[1]))
			p++;
	}
}

const char *mc_dashboard_alarm_region(const mc_ir *ir, const char *alarm_id)
{
	const mc_ir_alarm *a = mc_ir_find_alarm(ir, alarm_id);
	if (!a)
		return ir->region;
	if (a->metric)
		return mc_ir_region(ir, a->metric->region);
	for (size_t i = 0; i < a->nqueries; i++)
		if (a->queries[i].metric && a->queries[i].metric->region)
			return mc_ir_region(ir, a->queries[i].metric->region);
	return ir->region;
}

static const char *widget_region(const mc_ir *ir, const mc_ir_widget *w)
{
	return mc_ir_region(ir, w->region);
}

/* The first metric of a widget (its stat and period are the widget's defaults), or NULL. */
static const mc_ir_metric *first_metric(const mc_ir_widget *w)
{
	for (size_t i = 0; i < w->nqueries; i++)
		if (w->queries[i].metric)
			return w->queries[i].metric;
	return NULL;
}

static void metric_entry(const mc_ir *ir, const mc_ir_widget *w, const mc_ir_query *q,
                         mc_buf *b)
{
	const mc_ir_metric *m = q->metric;
	mc_buf_putc(b, '[');
	if (m) {
		str(b, m->ns);
		mc_buf_putc(b, ',');
		str(b, m->metric);
		for (size_t i = 0; i < m->ndims; i++) {
			mc_buf_putc(b, ',');
			str(b, m->dims[i].name);
			mc_buf_putc(b, ',');
			str(b, m->dims[i].value);
		}
		mc_buf_puts(b, ",{");
		kv_str(b, false, "id", q->id);
		if (q->label)
			kv_str(b, true, "label", q->label);
		kv_str(b, true, "stat", m->stat);
		if (m->period_s)
			kv_uint(b, true, "period", m->period_s);
		if (!q->return_data)
			mc_buf_puts(b, ",\"visible\":false");
		if (m->region && strcmp(m->region, widget_region(ir, w)) != 0)
			kv_str(b, true, "region", m->region);
		mc_buf_puts(b, "}]");
		return;
	}
	mc_buf_putc(b, '{');
	kv_str(b, false, "expression", q->expression ? q->expression : "");
	kv_str(b, true, "id", q->id);
	if (q->label)
		kv_str(b, true, "label", q->label);
	if (q->period_s)
		kv_uint(b, true, "period", q->period_s);
	if (!q->return_data)
		mc_buf_puts(b, ",\"visible\":false");
	mc_buf_puts(b, "}]");
}

/* Percent metrics read best on a fixed 0-100 axis; threshold lines need a zero baseline. */
static void y_axis(const mc_ir_widget *w, mc_buf *b)
{
	bool percent = false, all_percent = true;
	for (size_t i = 0; i < w->nqueries; i++) {
		const mc_ir_query *q = &w->queries[i];
		if (!q->return_data)
			continue;
		if (q->metric && q->metric->unit && strcmp(q->metric->unit, "Percent") == 0)
			percent = true;
		else
			all_percent = false;
	}
	if (percent && all_percent) {
		mc_buf_puts(b, ",\"yAxis\":{\"left\":{\"min\":0,\"max\":100}}");
		return;
	}
	/* Comparison graphs: both sides of a pair start at 0, so their heights compare. */
	if (!w->nannotations && !w->range_s)
		return;
	for (size_t i = 0; i < w->nannotations; i++)
		if (w->annotations[i].value < 0)
			return;
	mc_buf_puts(b, ",\"yAxis\":{\"left\":{\"min\":0}}");
}

static void metric_props(const mc_ir *ir, const mc_ir_widget *w, mc_buf *b)
{
	bool single = w->kind == MC_IR_WIDGET_SINGLE_VALUE;
	mc_buf_puts(b, "\"metrics\":[");
	for (size_t i = 0; i < w->nqueries; i++) {
		if (i)
			mc_buf_putc(b, ',');
		metric_entry(ir, w, &w->queries[i], b);
	}
	mc_buf_putc(b, ']');
	kv_str(b, true, "view", single ? "singleValue" : "timeSeries");
	if (!single)
		mc_buf_puts(b, w->stacked ? ",\"stacked\":true" : ",\"stacked\":false");
	kv_str(b, true, "region", widget_region(ir, w));
	const mc_ir_metric *m = first_metric(w);
	if (m)
		kv_str(b, true, "stat", m->stat);
	uint32_t period = w->period_s ? w->period_s : m && m->period_s ? m->period_s : 0;
	kv_uint(b, true, "period", period ? period : DEFAULT_PERIOD);
	if (w->range_s) {
		/* A widget's `start` is relative to now and its `end` only absolute, so a
		 * shifted range is shown as the last range + shift seconds (docs/dashboards.md). */
		mc_buf s = MC_BUF_INIT;
		mc_dashboard_iso_start(&s, (uint64_t)w->range_s + w->shift_s);
		kv_str(b, true, "start", mc_buf_str(&s));
		mc_buf_release(&s);
	}
	if (w->title) {
		mc_buf t = MC_BUF_INIT;
		mc_dashboard_widget_title(w, false, &t);
		kv_str(b, true, "title", mc_buf_str(&t));
		mc_buf_release(&t);
	}
	if (w->nannotations && !single) {
		mc_buf_puts(b, ",\"annotations\":{\"horizontal\":[");
		for (size_t i = 0; i < w->nannotations; i++) {
			const struct mc_ir_annotation *a = &w->annotations[i];
			mc_buf_puts(b, i ? ",{\"value\":" : "{\"value\":");
			mc_buf_double(b, a->value);
			if (a->label)
				kv_str(b, true, "label", a->label);
			const char *color = mc_dashboard_tier_color(ir, a->tier);
			if (color)
				kv_str(b, true, "color", color);
			mc_buf_putc(b, '}');
		}
		mc_buf_puts(b, "]}");
	}
	if (!single)
		y_axis(w, b);
}

static void log_props(const mc_ir *ir, const mc_ir_widget *w, mc_buf *b)
{
	mc_buf q = MC_BUF_INIT;
	for (size_t i = 0; i < w->nlog_groups; i++)
		mc_buf_printf(&q, "SOURCE '%s' | ", w->log_groups[i]);
	mc_dashboard_log_query(w->log_query ? w->log_query : "", &q);
	kv_str(b, false, "query", mc_buf_str(&q));
	mc_buf_release(&q);
	kv_str(b, true, "region", widget_region(ir, w));
	kv_str(b, true, "view", "table");
	if (w->title)
		kv_str(b, true, "title", w->title);
}

static void alarm_props(const mc_ir *ir, const mc_ir_widget *w, mc_buf *b)
{
	const char *account = ir->account && *ir->account ? ir->account : "${AWS_ACCOUNT_ID}";
	mc_buf_puts(b, "\"alarms\":[");
	for (size_t i = 0; i < w->nalarms; i++) {
		const char *name = mc_ir_alarm_name(ir, w->alarms[i]);
		const char *region = mc_dashboard_alarm_region(ir, w->alarms[i]);
		if (i)
			mc_buf_putc(b, ',');
		mc_buf_puts(b, "\"arn:aws:cloudwatch:");
		mc_buf_json_escape(b, region, strlen(region));
		mc_buf_putc(b, ':');
		mc_buf_json_escape(b, account, strlen(account));
		mc_buf_puts(b, ":alarm:");
		/* An unknown id is an IR bug (ir_verify catches it); keep the body valid anyway. */
		name = name ? name : w->alarms[i];
		mc_buf_json_escape(b, name, strlen(name));
		mc_buf_putc(b, '"');
	}
	mc_buf_putc(b, ']');
	if (w->firing_only)
		mc_buf_puts(b, ",\"states\":[\"ALARM\"]");
	/* Alarms that changed state last come first: what on-call looks at. */
	kv_str(b, true, "sortBy", "stateUpdatedTimestamp");
	if (w->title)
		kv_str(b, true, "title", w->title);
}

static void widget(const mc_ir *ir, const mc_ir_widget *w, mc_buf *b)
{
	static const char *const types[] = {
	        [MC_IR_WIDGET_METRIC] = "metric", [MC_IR_WIDGET_SINGLE_VALUE] = "metric",
	        [MC_IR_WIDGET_LOG] = "log",       [MC_IR_WIDGET_ALARM] = "alarm",
	        [MC_IR_WIDGET_TEXT] = "text",
	};
	mc_buf_putc(b, '{');
	kv_str(b, false, "type", types[w->kind]);
	kv_uint(b, true, "x", w->x);
	kv_uint(b, true, "y", w->y);
	kv_uint(b, true, "width", w->width);
	kv_uint(b, true, "height", w->height);
	mc_buf_puts(b, ",\"properties\":{");
	switch (w->kind) {
	case MC_IR_WIDGET_METRIC:
	case MC_IR_WIDGET_SINGLE_VALUE:
		metric_props(ir, w, b);
		break;
	case MC_IR_WIDGET_LOG:
		log_props(ir, w, b);
		break;
	case MC_IR_WIDGET_ALARM:
		alarm_props(ir, w, b);
		break;
	case MC_IR_WIDGET_TEXT:
		kv_str(b, false, "markdown", w->markdown ? w->markdown : "");
		break;
	}
	mc_buf_puts(b, "}}");
}

void mc_emit_dashboard_body(const mc_ir *ir, const mc_ir_dashboard *db, mc_buf *out)
{
	mc_buf_puts(out, "{\"widgets\":[");
	for (size_t i = 0; i < db->nwidgets; i++) {
		if (i)
			mc_buf_putc(out, ',');
		widget(ir, &db->widgets[i], out);
	}
	mc_buf_putc(out, ']');
	if (db->start)
		kv_str(out, true, "start", db->start);
	kv_str(out, true, "periodOverride", PERIOD_OVERRIDE);
	mc_buf_putc(out, '}');
}
