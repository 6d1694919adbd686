/*
 * The Grafana emitter: `grafana/NAME.json` per IR dashboard (the same dashboards as the
 * CloudWatch ones, on Grafana's CloudWatch data source), `grafana/provisioning/dashboards.yaml`
 * (a file provider that loads them) and `grafana/provisioning/datasources.yaml` (an example
 * CloudWatch data source).
 *
 * The data source is a template variable (`datasource`, type `datasource`, query `cloudwatch`)
 * that every panel and target refers to as `${datasource}`, so one file imports into any
 * Grafana whatever its data source is called. uids are `moncc-` + 8 hex digits of a hash of
 * the AWS dashboard name: stable across builds and machines, so re-provisioning updates a
 * dashboard instead of adding one.
 *
 * Mapping (docs/dashboards-output.md): metric widgets become `timeseries` panels, single
 * values `stat` panels, log widgets `table` panels over a CloudWatch Logs Insights query,
 * alarm widgets and text widgets `text` panels (Grafana's alert list shows Grafana's own
 * alerts, not CloudWatch alarms, so an alarm widget becomes a list of console links). Targets
 * follow Grafana's CloudWatch query model: queryMode `Metrics`, metricQueryType 0 (search),
 * metricEditorMode 0 (builder) for a metric and 1 (code) for a math `expression`; queries that
 * only feed math are `hide: true` with their `id` (Grafana >= 9 still runs them). Threshold
 * annotations become threshold lines. Heights are scaled by 4/3 (a CloudWatch row is taller
 * than a Grafana one), rounding positions up so that no two panels overlap.
 *
 * The JSON is written by hand through a small indenting writer, one dashboard at a time.
 */
#include "emit/emit_grafana.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "emit/emit.h"
#include "emit/emit_common.h"
#include "emit/emit_dashboard_body.h"

#define SCHEMA_VERSION 39
#define DATASOURCE_REF "${datasource}"
#define JW_MAX_DEPTH 32

/* A pretty JSON writer: two-space indentation, `[]`/`{}` for empty containers. */
typedef struct {
	mc_buf *b;
	unsigned depth;
	bool after_key;
	size_t count[JW_MAX_DEPTH];
} jw;

static void indent(jw *w)
{
	mc_buf_putc(w->b, '\n');
	mc_buf_repeat(w->b, ' ', 2 * (size_t)w->depth);
}

/* Whatever precedes a value or a key: nothing after a key, else a comma and a new line. */
static void item(jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->count[w->depth]++)
		mc_buf_putc(w->b, ',');
	indent(w);
}

static void open_c(jw *w, char c)
{
	item(w);
	mc_buf_putc(w->b, c);
	w->count[++w->depth] = 0;
}

static void close_c(jw *w, char c)
{
	size_t n = w->count[w->depth--];
	if (n)
		indent(w);
	mc_buf_putc(w->b, c);
}

static void obj(jw *w) { open_c(w, '{'); }
static void obj_end(jw *w) { close_c(w, '}'); }
static void arr(jw *w) { open_c(w, '['); }
static void arr_end(jw *w) { close_c(w, ']'); }

static void key(jw *w, const char *k)
{
	item(w);
	mc_buf_putc(w->b, '"');
	mc_buf_json_escape(w->b, k, strlen(k));
	mc_buf_puts(w->b, "\": ");
	w->after_key = true;
}

static void str(jw *w, const char *s)
{
	item(w);
	mc_buf_putc(w->b, '"');
	mc_buf_json_escape(w->b, s, strlen(s));
	mc_buf_putc(w->b, '"');
}

static void raw(jw *w, const char *s)
{
	item(w);
	mc_buf_puts(w->b, s);
}

static void num(jw *w, double v)
{
	item(w);
	mc_buf_double(w->b, v);
}

static void uint_(jw *w, unsigned long long v)
{
	item(w);
	mc_buf_printf(w->b, "%llu", v);
}

static void kv_str(jw *w, const char *k, const char *s)
{
	key(w, k);
	str(w, s);
}

static void kv_raw(jw *w, const char *k, const char *s)
{
	key(w, k);
	raw(w, s);
}

static void kv_uint(jw *w, const char *k, unsigned long long v)
{
	key(w, k);
	uint_(w, v);
}

static void kv_bool(jw *w, const char *k, bool v)
{
	kv_raw(w, k, v ? "true" : "false");
}

void mc_grafana_uid(const char *aws_name, mc_buf *out)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)aws_name; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	mc_buf_printf(out, "moncc-%08x", (unsigned)h);
}

/* CloudWatch grid rows -> Grafana grid rows (ceil(4v/3): monotone, so no overlaps). */
static uint32_t scale_y(uint32_t v)
{
	return (uint32_t)(((uint64_t)v * 4 + 2) / 3);
}

/* A span in seconds as Grafana writes relative times: `7d`, `12h`, `5m`, `30s`. */
static void grafana_span(mc_buf *out, uint64_t s)
{
	if (s && s % 86400 == 0)
		mc_buf_printf(out, "%llud", (unsigned long long)(s / 86400));
	else if (s && s % 3600 == 0)
		mc_buf_printf(out, "%lluh", (unsigned long long)(s / 3600));
	else if (s && s % 60 == 0)
		mc_buf_printf(out, "%llum", (unsigned long long)(s / 60));
	else
		mc_buf_printf(out, "%llus", (unsigned long long)s);
}

/*
 * A dashboard's `start` as Grafana's `time.from`: `-PT3H` -> `now-3h`, `-P30D` -> `now-30d`;
 * a mix of units in seconds, minutes, hours or days, whichever is exact; an absolute time as
 * written; none -> CloudWatch's default of three hours.
 */
static void time_from(const char *start, mc_buf *out)
{
	if (!start || !*start) {
		mc_buf_puts(out, "now-3h");
		return;
	}
	if (strncmp(start, "-P", 2) != 0) {
		mc_buf_puts(out, start);
		return;
	}
	uint64_t total = 0, n = 0, first_n = 0;
	unsigned parts = 0;
	char unit = 0;
	bool in_time = false;
	for (const char *p = start + 2; *p; p++) {
		if (*p == 'T') {
			in_time = true;
			continue;
		}
		if (*p >= '0' && *p <= '9') {
			n = n * 10 + (uint64_t)(*p - '0');
			continue;
		}
		uint64_t sec;
		char u;
		switch (*p) {
		case 'Y': sec = 365 * 86400ull; u = 'y'; break;
		case 'W': sec = 7 * 86400ull; u = 'w'; break;
		case 'D': sec = 86400; u = 'd'; break;
		case 'H': sec = 3600; u = 'h'; break;
		case 'S': sec = 1; u = 's'; break;
		case 'M':
			sec = in_time ? 60 : 30 * 86400ull;
			u = in_time ? 'm' : 'M';
			break;
		default:
			mc_buf_puts(out, "now-3h"); /* not ISO-8601: lowering never writes one */
			return;
		}
		if (parts++ == 0) {
			first_n = n;
			unit = u;
		}
		total += n * sec;
		n = 0;
	}
	if (parts == 0) {
		mc_buf_puts(out, "now-3h");
		return;
	}
	if (parts == 1) {
		mc_buf_printf(out, "now-%llu%c", (unsigned long long)first_n, unit);
		return;
	}
	/* Several units: the total in the largest unit that divides it. */
	static const struct {
		uint64_t sec;
		char unit;
	} units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (total % units[i].sec == 0) {
			mc_buf_printf(out, "now-%llu%c", (unsigned long long)(total / units[i].sec),
			              units[i].unit);
			return;
		}
}

/* Grafana's unit of a panel whose visible series all share one CloudWatch unit, or NULL. */
static const char *grafana_unit(const mc_ir_widget *w)
{
	static const struct { const char *cw, *grafana; } map[] = {
	        {"Percent", "percent"},     {"Seconds", "s"},          {"Milliseconds", "ms"},
	        {"Microseconds", "µs"},     {"Bytes", "decbytes"},     {"Kilobytes", "deckbytes"},
	        {"Megabytes", "decmbytes"}, {"Gigabytes", "decgbytes"}, {"Bytes/Second", "Bps"},
	        {"Count/Second", "cps"},
	};
	const char *unit = NULL;
	bool billing = false;
	for (size_t i = 0; i < w->nqueries; i++) {
		const mc_ir_query *q = &w->queries[i];
		if (!q->return_data)
			continue;
		if (!q->metric) {
			/* Math over billing metrics is still money; any other math has no unit. */
			if (!billing)
				return NULL;
			continue;
		}
		if (strcmp(q->metric->ns, "AWS/Billing") == 0) {
			if (unit)
				return NULL;
			billing = true;
			continue;
		}
		if (billing || !q->metric->unit || (unit && strcmp(unit, q->metric->unit) != 0))
			return NULL;
		unit = q->metric->unit;
	}
	if (billing)
		return "currencyUSD";
	for (size_t i = 0; unit && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].cw, unit) == 0)
			return map[i].grafana;
	return NULL;
}

static void datasource(jw *w)
{
	key(w, "datasource");
	obj(w);
	kv_str(w, "type", "cloudwatch");
	kv_str(w, "uid", DATASOURCE_REF);
	obj_end(w);
}

/* "A".."Z", "AA".."AZ", ...: Grafana's own refId sequence. */
static void ref_id(size_t i, char out[8])
{
	char tmp[8];
	size_t n = 0;
	i++;
	while (i && n < sizeof tmp - 1) {
		i--;
		tmp[n++] = (char)('A' + i % 26);
		i /= 26;
	}
	for (size_t k = 0; k < n; k++)
		out[k] = tmp[n - 1 - k];
	out[n] = '\0';
}

static void metric_targets(jw *w, const mc_ir *ir, const mc_ir_widget *wd)
{
	const char *region = mc_ir_region(ir, wd->region);
	key(w, "targets");
	arr(w);
	for (size_t i = 0; i < wd->nqueries; i++) {
		const mc_ir_query *q = &wd->queries[i];
		char ref[8];
		ref_id(i, ref);
		obj(w);
		kv_str(w, "refId", ref);
		datasource(w);
		kv_str(w, "queryMode", "Metrics");
		kv_uint(w, "metricQueryType", 0);
		kv_uint(w, "metricEditorMode", q->metric ? 0 : 1);
		kv_str(w, "id", q->id);
		if (q->metric) {
			const mc_ir_metric *m = q->metric;
			kv_str(w, "region", mc_ir_region(ir, m->region ? m->region : region));
			kv_str(w, "namespace", m->ns);
			kv_str(w, "metricName", m->metric);
			key(w, "dimensions");
			obj(w);
			for (size_t k = 0; k < m->ndims; k++)
				kv_str(w, m->dims[k].name, m->dims[k].value);
			obj_end(w);
			kv_bool(w, "matchExact", true);
			kv_str(w, "statistic", m->stat);
			mc_buf p = MC_BUF_INIT;
			if (m->period_s)
				mc_buf_printf(&p, "%u", (unsigned)m->period_s);
			kv_str(w, "period", mc_buf_str(&p));
			mc_buf_release(&p);
		} else {
			kv_str(w, "region", region);
			kv_str(w, "expression", q->expression ? q->expression : "");
			mc_buf p = MC_BUF_INIT;
			if (q->period_s)
				mc_buf_printf(&p, "%u", (unsigned)q->period_s);
			else if (wd->period_s)
				mc_buf_printf(&p, "%u", (unsigned)wd->period_s);
			kv_str(w, "period", mc_buf_str(&p));
			mc_buf_release(&p);
		}
		kv_str(w, "label", q->label ? q->label : "");
		kv_bool(w, "hide", !q->return_data);
		obj_end(w);
	}
	arr_end(w);
}

/* A tier's rank (0 = most severe); no tier or an unknown one ranks last. */
static unsigned tier_rank(const mc_ir *ir, const char *tier)
{
	for (size_t i = 0; tier && i < ir->ntiers; i++)
		if (strcmp(ir->tiers[i].name, tier) == 0)
			return ir->tiers[i].rank;
	return UINT_MAX;
}

/* Threshold steps from the annotations, by value (Grafana wants them ascending). */
static void thresholds(jw *w, const mc_ir *ir, const mc_ir_widget *wd)
{
	size_t n = wd->nannotations;
	size_t order[64];
	if (n > sizeof order / sizeof order[0])
		n = sizeof order / sizeof order[0];
	for (size_t i = 0; i < n; i++) {
		size_t k = i;
		while (k > 0 && wd->annotations[order[k - 1]].value > wd->annotations[i].value) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = i;
	}
	key(w, "thresholds");
	obj(w);
	kv_str(w, "mode", "absolute");
	key(w, "steps");
	arr(w);
	obj(w);
	kv_str(w, "color", "green");
	kv_raw(w, "value", "null");
	obj_end(w);
	for (size_t i = 0; i < n; i++) {
		const struct mc_ir_annotation *a = &wd->annotations[order[i]];
		/* Lines at one value (a budget and its 100% alert): the most severe is drawn. */
		if (i && wd->annotations[order[i - 1]].value == a->value)
			continue;
		for (size_t k = i + 1; k < n && wd->annotations[order[k]].value == a->value; k++)
			if (tier_rank(ir, wd->annotations[order[k]].tier) < tier_rank(ir, a->tier))
				a = &wd->annotations[order[k]];
		const char *color = mc_dashboard_tier_color(ir, a->tier);
		obj(w);
		kv_str(w, "color", color ? color : "#7f7f7f");
		key(w, "value");
		num(w, a->value);
		obj_end(w);
	}
	arr_end(w);
	obj_end(w);
}

static void field_config(jw *w, const mc_ir *ir, const mc_ir_widget *wd, bool series)
{
	const char *unit = grafana_unit(wd);
	key(w, "fieldConfig");
	obj(w);
	key(w, "defaults");
	obj(w);
	if (unit)
		kv_str(w, "unit", unit);
	if (unit && strcmp(unit, "percent") == 0 && series) {
		kv_uint(w, "min", 0);
		kv_uint(w, "max", 100);
	} else if (wd->range_s && series) {
		kv_uint(w, "min", 0); /* both sides of a comparison start at 0 */
	}
	if (series) {
		key(w, "custom");
		obj(w);
		key(w, "stacking");
		obj(w);
		kv_str(w, "mode", wd->stacked ? "normal" : "none");
		kv_str(w, "group", "A");
		obj_end(w);
		if (wd->nannotations) {
			key(w, "thresholdsStyle");
			obj(w);
			kv_str(w, "mode", "line");
			obj_end(w);
		}
		obj_end(w);
		if (wd->nannotations)
			thresholds(w, ir, wd);
	}
	obj_end(w);
	key(w, "overrides");
	arr(w);
	arr_end(w);
	obj_end(w);
}

/* Percent-encodes what is not unreserved in a URL fragment (alarm names allow most bytes). */
static void url_escape(mc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			mc_buf_putc(b, (char)c);
		else
			mc_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* Markdown special characters in an alarm name, escaped for the link text. */
static void md_escape(mc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]()<>#|", *s))
			mc_buf_putc(b, '\\');
		mc_buf_putc(b, *s);
	}
}

static void alarm_markdown(const mc_ir *ir, const mc_ir_widget *wd, mc_buf *md)
{
	if (wd->firing_only && ir->region)
		mc_buf_printf(md, "[Alarms in ALARM now](https://%s.console.aws.amazon.com/"
		                  "cloudwatch/home?region=%s#alarmsV2:?~(state~'ALARM)) of:\n\n",
		              ir->region, ir->region);
	for (size_t i = 0; i < wd->nalarms; i++) {
		const char *name = mc_ir_alarm_name(ir, wd->alarms[i]);
		const char *region = mc_dashboard_alarm_region(ir, wd->alarms[i]);
		name = name ? name : wd->alarms[i];
		mc_buf_puts(md, "- [");
		md_escape(md, name);
		mc_buf_printf(md, "](https://%s.console.aws.amazon.com/cloudwatch/home?region=%s"
		                  "#alarmsV2:alarm/",
		              region, region);
		url_escape(md, name);
		mc_buf_puts(md, ")\n");
	}
}

static void panel(jw *w, const mc_ir *ir, const mc_ir_widget *wd, size_t id)
{
	static const char *const types[] = {
	        [MC_IR_WIDGET_METRIC] = "timeseries", [MC_IR_WIDGET_SINGLE_VALUE] = "stat",
	        [MC_IR_WIDGET_LOG] = "table",         [MC_IR_WIDGET_ALARM] = "text",
	        [MC_IR_WIDGET_TEXT] = "text",
	};
	obj(w);
	kv_uint(w, "id", id);
	kv_str(w, "type", types[wd->kind]);
	mc_buf t = MC_BUF_INIT;
	mc_dashboard_widget_title(wd, true, &t);
	kv_str(w, "title", mc_buf_str(&t));
	mc_buf_release(&t);
	key(w, "gridPos");
	obj(w);
	kv_uint(w, "x", wd->x);
	kv_uint(w, "y", scale_y(wd->y));
	kv_uint(w, "w", wd->width);
	kv_uint(w, "h", scale_y(wd->y + wd->height) - scale_y(wd->y));
	obj_end(w);
	if (wd->range_s) {
		/* Grafana's panel time override: the last timeFrom, moved back by timeShift. */
		mc_buf r = MC_BUF_INIT;
		grafana_span(&r, wd->range_s);
		kv_str(w, "timeFrom", mc_buf_str(&r));
		if (wd->shift_s) {
			mc_buf_clear(&r);
			grafana_span(&r, wd->shift_s);
			kv_str(w, "timeShift", mc_buf_str(&r));
		}
		mc_buf_release(&r);
	}
	switch (wd->kind) {
	case MC_IR_WIDGET_METRIC:
	case MC_IR_WIDGET_SINGLE_VALUE: {
		bool series = wd->kind == MC_IR_WIDGET_METRIC;
		datasource(w);
		field_config(w, ir, wd, series);
		key(w, "options");
		obj(w);
		if (series) {
			key(w, "legend");
			obj(w);
			kv_str(w, "displayMode", "list");
			kv_str(w, "placement", "bottom");
			kv_bool(w, "showLegend", true);
			obj_end(w);
			key(w, "tooltip");
			obj(w);
			kv_str(w, "mode", "multi");
			kv_str(w, "sort", "none");
			obj_end(w);
		} else {
			key(w, "reduceOptions");
			obj(w);
			key(w, "calcs");
			arr(w);
			str(w, "lastNotNull");
			arr_end(w);
			kv_str(w, "fields", "");
			kv_bool(w, "values", false);
			obj_end(w);
			kv_str(w, "colorMode", "value");
			kv_str(w, "graphMode", "area");
			kv_str(w, "textMode", "auto");
		}
		obj_end(w);
		metric_targets(w, ir, wd);
		break;
	}
	case MC_IR_WIDGET_LOG: {
		mc_buf q = MC_BUF_INIT;
		mc_dashboard_log_query(wd->log_query ? wd->log_query : "", &q);
		datasource(w);
		key(w, "targets");
		arr(w);
		obj(w);
		kv_str(w, "refId", "A");
		datasource(w);
		kv_str(w, "queryMode", "Logs");
		kv_str(w, "id", "");
		kv_str(w, "region", mc_ir_region(ir, wd->region));
		kv_str(w, "expression", mc_buf_str(&q));
		key(w, "logGroupNames");
		arr(w);
		for (size_t i = 0; i < wd->nlog_groups; i++)
			str(w, wd->log_groups[i]);
		arr_end(w);
		key(w, "statsGroups");
		arr(w);
		arr_end(w);
		obj_end(w);
		arr_end(w);
		mc_buf_release(&q);
		break;
	}
	case MC_IR_WIDGET_ALARM:
	case MC_IR_WIDGET_TEXT: {
		mc_buf md = MC_BUF_INIT;
		if (wd->kind == MC_IR_WIDGET_ALARM)
			alarm_markdown(ir, wd, &md);
		else
			mc_buf_puts(&md, wd->markdown ? wd->markdown : "");
		key(w, "options");
		obj(w);
		kv_str(w, "mode", "markdown");
		kv_str(w, "content", mc_buf_str(&md));
		obj_end(w);
		mc_buf_release(&md);
		break;
	}
	}
	obj_end(w);
}

static const char *title_of(const mc_ir_dashboard *db)
{
	return db->title && *db->title ? db->title : db->name;
}

/* Whether another dashboard of the spec has db's title (Grafana rejects two in one folder). */
static bool shared_title(const mc_ir *ir, const mc_ir_dashboard *db)
{
	for (size_t i = 0; i < ir->ndashboards; i++) {
		const mc_ir_dashboard *o = &ir->dashboards[i];
		if (o != db && strcmp(title_of(o), title_of(db)) == 0)
			return true;
	}
	return false;
}

static void dashboard(const mc_ir *ir, const mc_ir_dashboard *db, bool dup_title, mc_buf *out)
{
	jw w = {.b = out};
	mc_buf tmp = MC_BUF_INIT;
	obj(&w);
	mc_grafana_uid(db->name, &tmp);
	kv_str(&w, "uid", mc_buf_str(&tmp));
	mc_buf_clear(&tmp);
	mc_buf_puts(&tmp, title_of(db));
	if (dup_title)
		mc_buf_printf(&tmp, " (%s)", db->name); /* unique: AWS names are */
	kv_str(&w, "title", mc_buf_str(&tmp));
	mc_buf_clear(&tmp);
	mc_buf_printf(&tmp, "CloudWatch dashboard %s, generated by moncc from the monitoring spec "
	                    "of %s: change the spec, not this file.",
	              db->name, ir->project ? ir->project : "");
	kv_str(&w, "description", mc_buf_str(&tmp));
	key(&w, "tags");
	arr(&w);
	str(&w, "moncc");
	if (ir->project)
		str(&w, ir->project);
	if (ir->environment)
		str(&w, ir->environment);
	if (db->preset)
		str(&w, db->preset);
	arr_end(&w);
	kv_uint(&w, "schemaVersion", SCHEMA_VERSION);
	kv_uint(&w, "version", 1);
	kv_bool(&w, "editable", true);
	kv_uint(&w, "graphTooltip", 1);
	kv_str(&w, "timezone", "browser");
	key(&w, "time");
	obj(&w);
	mc_buf_clear(&tmp);
	time_from(db->start, &tmp);
	kv_str(&w, "from", mc_buf_str(&tmp));
	kv_str(&w, "to", "now");
	obj_end(&w);
	key(&w, "annotations");
	obj(&w);
	key(&w, "list");
	arr(&w);
	arr_end(&w);
	obj_end(&w);
	key(&w, "templating");
	obj(&w);
	key(&w, "list");
	arr(&w);
	obj(&w);
	kv_str(&w, "name", "datasource");
	kv_str(&w, "label", "CloudWatch data source");
	kv_str(&w, "type", "datasource");
	kv_str(&w, "query", "cloudwatch");
	key(&w, "current");
	obj(&w);
	obj_end(&w);
	kv_uint(&w, "hide", 0);
	kv_uint(&w, "refresh", 1);
	kv_str(&w, "regex", "");
	key(&w, "options");
	arr(&w);
	arr_end(&w);
	obj_end(&w);
	arr_end(&w);
	obj_end(&w);
	key(&w, "panels");
	arr(&w);
	for (size_t i = 0; i < db->nwidgets; i++)
		panel(&w, ir, &db->widgets[i], i + 1);
	arr_end(&w);
	obj_end(&w);
	mc_buf_putc(out, '\n');
	mc_buf_release(&tmp);
}

void mc_emit_grafana_dashboard(const mc_ir *ir, const mc_ir_dashboard *db, mc_buf *out)
{
	dashboard(ir, db, shared_title(ir, db), out);
}

static int cmp_title(const void *a, const void *b)
{
	const mc_ir_dashboard *x = *(const mc_ir_dashboard *const *)a;
	const mc_ir_dashboard *y = *(const mc_ir_dashboard *const *)b;
	return strcmp(title_of(x), title_of(y));
}

/*
 * dup[i]: dashboard i shares its title. Sorting once keeps a 10,000-dashboard spec linear
 * (shared_title per dashboard would be quadratic).
 */
static bool *shared_titles(const mc_ir *ir)
{
	size_t n = ir->ndashboards;
	bool *dup = mc_xcalloc(n ? n : 1, sizeof *dup);
	const mc_ir_dashboard **by = mc_xcalloc(n ? n : 1, sizeof *by);
	for (size_t i = 0; i < n; i++)
		by[i] = &ir->dashboards[i];
	qsort(by, n, sizeof *by, cmp_title);
	for (size_t i = 1; i < n; i++)
		if (strcmp(title_of(by[i - 1]), title_of(by[i])) == 0) {
			dup[by[i - 1] - ir->dashboards] = true;
			dup[by[i] - ir->dashboards] = true;
		}
	free(by);
	return dup;
}

/* dir + "/" + rest, whether or not dir ends in a slash. */
static void join(mc_buf *p, const char *dir, const char *rest)
{
	mc_buf_clear(p);
	if (dir && *dir) {
		mc_buf_puts(p, dir);
		if (dir[strlen(dir) - 1] != '/')
			mc_buf_putc(p, '/');
	}
	mc_buf_puts(p, rest);
}

/* A YAML double-quoted scalar: JSON string syntax is a subset of it. */
static void yq(mc_buf *b, const char *s)
{
	mc_buf_putc(b, '"');
	mc_buf_json_escape(b, s, strlen(s));
	mc_buf_putc(b, '"');
}

static void header(const mc_emit_ctx *cx, mc_buf *b)
{
	if (cx->header)
		mc_buf_printf(b, "# %s\n", cx->header);
}

/* `PROJECT-ENVIRONMENT`, or just the project. */
static void qualified(const mc_ir *ir, mc_buf *b)
{
	mc_buf_puts(b, ir->project ? ir->project : "moncc");
	if (ir->environment && *ir->environment)
		mc_buf_printf(b, "-%s", ir->environment);
}

static void provisioning(const mc_emit_ctx *cx, mc_buf *b)
{
	const mc_ir *ir = cx->ir;
	mc_buf q = MC_BUF_INIT;
	qualified(ir, &q);
	header(cx, b);
	mc_buf_puts(b,
	            "# Grafana dashboard provisioning: copy this file into Grafana's\n"
	            "# provisioning/dashboards/ folder and mount this build's grafana/ folder at\n"
	            "# the path below (see docs/dashboards-output.md).\n"
	            "apiVersion: 1\n"
	            "providers:\n"
	            "  - name: ");
	mc_buf p = MC_BUF_INIT;
	mc_buf_printf(&p, "moncc-%s", mc_buf_str(&q));
	yq(b, mc_buf_str(&p));
	mc_buf_puts(b, "\n    orgId: 1\n    folder: ");
	yq(b, mc_buf_str(&q));
	mc_buf_puts(b, "\n    type: file\n"
	               "    disableDeletion: false\n"
	               "    allowUiUpdates: false\n"
	               "    updateIntervalSeconds: 60\n"
	               "    options:\n"
	               "      path: ");
	mc_buf_clear(&p);
	mc_buf_printf(&p, "/var/lib/grafana/dashboards/%s", mc_buf_str(&q));
	yq(b, mc_buf_str(&p));
	mc_buf_puts(b, "\n      foldersFromFilesStructure: false\n");
	mc_buf_release(&p);
	mc_buf_release(&q);
}

static void datasources(const mc_emit_ctx *cx, mc_buf *b)
{
	header(cx, b);
	mc_buf_puts(b,
	            "# An example CloudWatch data source for the dashboards of this build: copy\n"
	            "# it into Grafana's provisioning/datasources/ folder and adjust the\n"
	            "# credentials (authType default = the AWS SDK's chain: instance role, ...).\n"
	            "# The dashboards ask for the data source when imported, so any name works.\n"
	            "apiVersion: 1\n"
	            "datasources:\n"
	            "  - name: CloudWatch\n"
	            "    type: cloudwatch\n"
	            "    uid: moncc-cloudwatch\n"
	            "    access: proxy\n"
	            "    editable: true\n"
	            "    jsonData:\n"
	            "      authType: default\n"
	            "      defaultRegion: ");
	yq(b, cx->ir->region ? cx->ir->region : "us-east-1");
	mc_buf_putc(b, '\n');
}

int mc_emit_grafana(const mc_emit_ctx *cx, mc_outputs *os)
{
	const mc_ir *ir = cx->ir;
	const char *dir = cx->paths.grafana ? cx->paths.grafana : "grafana/";
	mc_buf body = MC_BUF_INIT, path = MC_BUF_INIT, name = MC_BUF_INIT;
	bool *dup = shared_titles(ir);
	for (size_t i = 0; i < ir->ndashboards; i++) {
		const mc_ir_dashboard *db = &ir->dashboards[i];
		mc_buf_clear(&body);
		dashboard(ir, db, dup[i], &body);
		mc_buf_clear(&name);
		mc_buf_printf(&name, "%s.json", db->name);
		join(&path, dir, mc_buf_str(&name));
		mc_out *o = mc_outputs_open(os, mc_buf_str(&path));
		if (o)
			mc_out_buf(o, &body);
	}
	if (ir->ndashboards) {
		mc_buf_clear(&body);
		provisioning(cx, &body);
		join(&path, dir, "provisioning/dashboards.yaml");
		mc_out *o = mc_outputs_open(os, mc_buf_str(&path));
		if (o)
			mc_out_buf(o, &body);
		mc_buf_clear(&body);
		datasources(cx, &body);
		join(&path, dir, "provisioning/datasources.yaml");
		o = mc_outputs_open(os, mc_buf_str(&path));
		if (o)
			mc_out_buf(o, &body);
	}
	mc_outputs_close(os);
	free(dup);
	mc_buf_release(&body);
	mc_buf_release(&path);
	mc_buf_release(&name);
	return 0;
}
