/*
 * The CloudWatch dashboard body (emit_dashboard_body.c): a small hand-built IR pinned byte for
 * byte (every widget kind, escaping, annotation colours, log query line breaks, alarm ARNs
 * with and without an account); the cloudwatch and grafana emitters run through the real
 * mc_outputs (the files they open, the body plus a newline in both dashboard files, the
 * provisioning headers); the log-query formatter on its own; and, for every dashboard
 * of the contract examples and of every golden spec, the body checked against the rules of
 * aws-notes.md §1 after parsing it with jansson (widgets inside the 24-column grid, at most
 * 500 widgets, 500 metrics per widget and 2,500 per dashboard, metric ids
 * `^[a-z][A-Za-z0-9_]*$` and unique per widget, `region` on metric and log widgets, 1-100 alarm
 * ARNs per alarm widget, `SOURCE` in log queries) and emitted twice to the same bytes.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/buf.h"
#include "driver/check.h"
#include "emit/emit.h"
#include "emit/emit_dashboard_body.h"
#include "emit/out.h"
#include "harness.h"

/* ---- a pinned body from a hand-built IR ---- */

static mc_ir_dim lb_dim[] = {{"LoadBalancer", "app/shop/1"}};
static mc_ir_metric m_5xx = {"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb_dim, 1, "Sum",
                             60, "Count", NULL, true};
static mc_ir_metric m_req = {"AWS/ApplicationELB", "RequestCount", lb_dim, 1, "Sum", 60, "Count",
                             NULL, true};
static mc_ir_metric m_bill = {"AWS/Billing", "EstimatedCharges", NULL, 0, "Maximum", 21600, NULL,
                              "us-east-1", false};
static mc_ir_query q_graph[] = {
        {"m1", &m_5xx, NULL, "5xx \"target\"", 0, true},
        {"m2", &m_req, NULL, NULL, 0, false},
        {"e1", NULL, "100 * m1 / m2", "error %", 300, true},
};
static mc_ir_query q_bill[] = {{"m1", &m_bill, NULL, "spend", 0, true}};
static struct mc_ir_annotation graph_ann[] = {
        {5, "critical > 5", "critical"},
        {2.5, "warning > 2.5", "warning"},
        {1, "budget", NULL},
};
static const char *groups[] = {"/shop/web", "/shop/worker"};
static const char *alarm_ids[] = {"web/errors/critical", "web/spend/warning"};
static mc_ir_widget widgets[] = {
        {.kind = MC_IR_WIDGET_TEXT, .x = 0, .y = 0, .width = 24, .height = 2,
         .markdown = "## Web \"shop\"\nline two"},
        {.kind = MC_IR_WIDGET_METRIC, .x = 0, .y = 2, .width = 12, .height = 6,
         .title = "Errors", .queries = q_graph, .nqueries = 3, .annotations = graph_ann,
         .nannotations = 3},
        {.kind = MC_IR_WIDGET_SINGLE_VALUE, .x = 12, .y = 2, .width = 12, .height = 6,
         .title = "Spend", .queries = q_bill, .nqueries = 1, .period_s = 86400,
         .region = "us-east-1"},
        {.kind = MC_IR_WIDGET_LOG, .x = 0, .y = 8, .width = 24, .height = 6, .title = "Logs",
         .log_query = "fields @timestamp | filter @message like /a|b/ | filter x = 'p | q' "
                      "| limit 20",
         .log_groups = groups, .nlog_groups = 2},
        {.kind = MC_IR_WIDGET_ALARM, .x = 0, .y = 14, .width = 24, .height = 4,
         .title = "Alarms", .alarms = alarm_ids, .nalarms = 2},
};
static mc_ir_alarm alarms[] = {
        {.id = "web/errors/critical", .name = "shop-prod-web-errors-critical",
         .tier = "critical", .metric = &m_5xx},
        {.id = "web/spend/warning", .name = "shop-prod-spend-warning", .tier = "warning",
         .metric = &m_bill},
};
static mc_ir_tier tiers[] = {{.name = "critical", .rank = 0}, {.name = "warning", .rank = 1},
                             {.name = "info", .rank = 2}};
static mc_ir_dashboard dash = {.id = "dashboard/main", .name = "shop-prod-main",
                               .title = "main", .start = "-PT3H", .widgets = widgets,
                               .nwidgets = 5, .main = true};

static const char pinned[] =
        "{\"widgets\":["
        "{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":24,\"height\":2,\"properties\":"
        "{\"markdown\":\"## Web \\\"shop\\\"\\nline two\"}},"
        "{\"type\":\"metric\",\"x\":0,\"y\":2,\"width\":12,\"height\":6,\"properties\":"
        "{\"metrics\":["
        "[\"AWS/ApplicationELB\",\"HTTPCode_Target_5XX_Count\",\"LoadBalancer\",\"app/shop/1\","
        "{\"id\":\"m1\",\"label\":\"5xx \\\"target\\\"\",\"stat\":\"Sum\",\"period\":60}],"
        "[\"AWS/ApplicationELB\",\"RequestCount\",\"LoadBalancer\",\"app/shop/1\","
        "{\"id\":\"m2\",\"stat\":\"Sum\",\"period\":60,\"visible\":false}],"
        "[{\"expression\":\"100 * m1 / m2\",\"id\":\"e1\",\"label\":\"error %\","
        "\"period\":300}]],"
        "\"view\":\"timeSeries\",\"stacked\":false,\"region\":\"eu-west-1\",\"stat\":\"Sum\","
        "\"period\":60,\"title\":\"Errors\",\"annotations\":{\"horizontal\":["
        "{\"value\":5,\"label\":\"critical > 5\",\"color\":\"#d62728\"},"
        "{\"value\":2.5,\"label\":\"warning > 2.5\",\"color\":\"#ff7f0e\"},"
        "{\"value\":1,\"label\":\"budget\"}]},\"yAxis\":{\"left\":{\"min\":0}}}},"
        "{\"type\":\"metric\",\"x\":12,\"y\":2,\"width\":12,\"height\":6,\"properties\":"
        "{\"metrics\":[[\"AWS/Billing\",\"EstimatedCharges\",{\"id\":\"m1\",\"label\":\"spend\","
        "\"stat\":\"Maximum\",\"period\":21600}]],\"view\":\"singleValue\","
        "\"region\":\"us-east-1\",\"stat\":\"Maximum\",\"period\":86400,\"title\":\"Spend\"}},"
        "{\"type\":\"log\",\"x\":0,\"y\":8,\"width\":24,\"height\":6,\"properties\":"
        "{\"query\":\"SOURCE '/shop/web' | SOURCE '/shop/worker' | fields @timestamp\\n"
        "| filter @message like /a|b/\\n| filter x = 'p | q'\\n| limit 20\","
        "\"region\":\"eu-west-1\",\"view\":\"table\",\"title\":\"Logs\"}},"
        "{\"type\":\"alarm\",\"x\":0,\"y\":14,\"width\":24,\"height\":4,\"properties\":"
        "{\"alarms\":[\"arn:aws:cloudwatch:eu-west-1:${AWS_ACCOUNT_ID}:alarm:"
        "shop-prod-web-errors-critical\",\"arn:aws:cloudwatch:us-east-1:${AWS_ACCOUNT_ID}:"
        "alarm:shop-prod-spend-warning\"],\"sortBy\":\"stateUpdatedTimestamp\","
        "\"title\":\"Alarms\"}}"
        "],\"start\":\"-PT3H\",\"periodOverride\":\"inherit\"}";

static mc_ir tiny_ir(void)
{
	mc_ir ir = {0};
	ir.project = "shop";
	ir.environment = "prod";
	ir.region = "eu-west-1";
	ir.tiers = tiers;
	ir.ntiers = 3;
	ir.alarms = alarms;
	ir.nalarms = 2;
	ir.dashboards = &dash;
	ir.ndashboards = 1;
	return ir;
}

static void test_pinned(void)
{
	mc_ir ir = tiny_ir();
	mc_buf b = MC_BUF_INIT;
	mc_emit_dashboard_body(&ir, &dash, &b);
	STR_EQ(mc_buf_str(&b), pinned);
	json_error_t err;
	json_t *j = json_loads(mc_buf_str(&b), 0, &err);
	CHECK(j != NULL);
	json_decref(j);

	/* With an account, ARNs carry it instead of the placeholder. */
	ir.account = "123456789012";
	mc_buf_clear(&b);
	mc_emit_dashboard_body(&ir, &dash, &b);
	CHECK(strstr(mc_buf_str(&b), "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:"
	                             "shop-prod-web-errors-critical") != NULL);
	CHECK(strstr(mc_buf_str(&b), "${AWS_ACCOUNT_ID}") == NULL);

	/* Without a start, the body has none; an empty dashboard is still a valid body. */
	mc_ir_dashboard empty = {.id = "dashboard/x", .name = "x"};
	mc_buf_clear(&b);
	mc_emit_dashboard_body(&ir, &empty, &b);
	STR_EQ(mc_buf_str(&b), "{\"widgets\":[],\"periodOverride\":\"inherit\"}");
	mc_buf_release(&b);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	mc_buf b = MC_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		mc_buf_add(&b, chunk, n);
	fclose(fp);
	return mc_buf_detach(&b);
}

/* The emitters through the real mc_outputs: which files, and their bytes. */
static void test_emitters(void)
{
	char stage[] = "/tmp/moncc-test-emit-XXXXXX";
	CHECK(mkdtemp(stage) != NULL);
	mc_ir ir = tiny_ir();
	struct mc_emit_counts counts = {0};
	mc_emit_ctx cx = {.ir = &ir, .spec_path = "spec.yaml", .spec_hash = "00",
	                  .paths = {.cloudwatch_dashboard = "cloudwatch-dashboard.json",
	                            .dashboards = "dashboards/", .grafana = "grafana"},
	                  .header = "Generated by moncc from spec.yaml.", .counts = &counts};
	mc_outputs *os = mc_outputs_new(stage);
	mc_outputs_set_emitter(os, "cloudwatch");
	INT_EQ(mc_emit_cloudwatch(&cx, os), 0);
	mc_outputs_set_emitter(os, "grafana");
	INT_EQ(mc_emit_grafana(&cx, os), 0);
	INT_EQ(mc_outputs_finish(os), MC_OUTPUTS_OK);
	static const char *const want[] = {
	        "dashboards/shop-prod-main.json", "cloudwatch-dashboard.json",
	        "grafana/shop-prod-main.json", "grafana/provisioning/dashboards.yaml",
	        "grafana/provisioning/datasources.yaml",
	};
	INT_EQ(mc_outputs_count(os), 5);
	for (size_t i = 0; i < mc_outputs_count(os) && i < 5; i++) {
		const mc_output_file *f = mc_outputs_file(os, i);
		STR_EQ(f->path, want[i]);
		char *text = slurp(f->staged);
		CHECK(text != NULL);
		if (i < 2) {
			mc_buf w = MC_BUF_INIT;
			mc_buf_puts(&w, pinned);
			mc_buf_putc(&w, '\n');
			STR_EQ(text, mc_buf_str(&w));
			mc_buf_release(&w);
		} else if (i == 2) {
			json_error_t err;
			json_t *j = json_loads(text, 0, &err);
			CHECK(j != NULL);
			json_decref(j);
		} else {
			CHECK(strncmp(text, "# Generated by moncc from spec.yaml.\n", 37) == 0);
			CHECK(strstr(text, "apiVersion: 1\n") != NULL);
		}
		free(text);
		remove(f->staged);
	}
	INT_EQ(counts.dashboards, 1);
	INT_EQ(counts.widgets, 5);
	mc_outputs_free(os);
	rmdir(stage);
}

static void log_query(const char *in, const char *want)
{
	mc_buf b = MC_BUF_INIT;
	mc_dashboard_log_query(in, &b);
	STR_EQ(mc_buf_str(&b), want);
	mc_buf_release(&b);
}

static void test_log_query(void)
{
	log_query("fields a | limit 5", "fields a\n| limit 5");
	log_query("fields a\n| sort a desc\n   |   limit 5", "fields a\n| sort a desc\n| limit 5");
	log_query("filter @message like /x|y/", "filter @message like /x|y/");
	log_query("filter a = \"p | q\" | limit 1", "filter a = \"p | q\"\n| limit 1");
	log_query("filter a = 'it\\'s | x' | limit 1", "filter a = 'it\\'s | x'\n| limit 1");
	log_query("stats count(*) by bin(5m)", "stats count(*) by bin(5m)");
	log_query("", "");
	log_query("| fields a", "| fields a");
}

static void test_colors(void)
{
	mc_ir_tier custom[] = {{.name = "sev1", .rank = 0}, {.name = "sev2", .rank = 1},
	                       {.name = "sev3", .rank = 2}};
	mc_ir ir = {.tiers = custom, .ntiers = 3};
	STR_EQ(mc_dashboard_tier_color(&ir, "sev1"), "#d62728");
	STR_EQ(mc_dashboard_tier_color(&ir, "sev2"), "#ff7f0e");
	STR_EQ(mc_dashboard_tier_color(&ir, "sev3"), "#1f77b4");
	STR_EQ(mc_dashboard_tier_color(&ir, "critical"), "#d62728");
	STR_EQ(mc_dashboard_tier_color(&ir, "warning"), "#ff7f0e");
	STR_EQ(mc_dashboard_tier_color(&ir, "info"), "#1f77b4");
	CHECK(mc_dashboard_tier_color(&ir, NULL) == NULL);
	CHECK(mc_dashboard_tier_color(&ir, "nope") == NULL);
}

static void title_is(const mc_ir_widget *w, bool can_shift, const char *want)
{
	mc_buf b = MC_BUF_INIT;
	mc_dashboard_widget_title(w, can_shift, &b);
	STR_EQ(mc_buf_str(&b), want);
	mc_buf_release(&b);
}

static void start_is(uint64_t s, const char *want)
{
	mc_buf b = MC_BUF_INIT;
	mc_dashboard_iso_start(&b, s);
	STR_EQ(mc_buf_str(&b), want);
	mc_buf_release(&b);
}

/* Comparison widgets: titles per emitter, the widget `start`, and `states` of firing-only. */
static void test_compare(void)
{
	mc_ir_widget w = {.kind = MC_IR_WIDGET_METRIC, .title = "Traffic"};
	title_is(&w, false, "Traffic");
	w.range_s = 7 * 86400;
	title_is(&w, false, "Traffic: last 7 days");
	title_is(&w, true, "Traffic: last 7 days");
	w.shift_s = 7 * 86400;
	title_is(&w, true, "Traffic: 7 days before");
	title_is(&w, false, "Traffic: last 14 days (the earlier 7 days on the left)");
	w.range_s = w.shift_s = 3600;
	title_is(&w, true, "Traffic: 1 hour before");
	w.range_s = w.shift_s = 5400;
	title_is(&w, false, "Traffic: last 3 hours (the earlier 90 minutes on the left)");
	start_is(14 * 86400, "-P14D");
	start_is(2 * 3600, "-PT2H");
	start_is(5400, "-PT90M");

	mc_ir_metric m = {.ns = "AWS/EC2", .metric = "CPUUtilization", .stat = "Average"};
	mc_ir_query q = {.id = "m1", .metric = &m, .return_data = true};
	mc_ir_widget pair[2] = {{.kind = MC_IR_WIDGET_METRIC, .title = "cpu", .queries = &q,
	                         .nqueries = 1, .width = 12, .height = 6, .range_s = 86400},
	                        {.kind = MC_IR_WIDGET_METRIC, .title = "cpu", .queries = &q,
	                         .nqueries = 1, .x = 12, .width = 12, .height = 6,
	                         .range_s = 86400, .shift_s = 86400}};
	mc_ir_dashboard db = {.id = "dashboard/d", .name = "d", .widgets = pair, .nwidgets = 2};
	mc_ir ir = {.region = "eu-west-1"};
	mc_buf b = MC_BUF_INIT;
	mc_emit_dashboard_body(&ir, &db, &b);
	const char *body = mc_buf_str(&b);
	CHECK(strstr(body, "\"start\":\"-P1D\",\"title\":\"cpu: last 1 day\"") != NULL);
	CHECK(strstr(body, "\"start\":\"-P2D\",\"title\":\"cpu: last 2 days (the earlier "
	                   "1 day on the left)\"") != NULL);
	CHECK(strstr(body, "\"yAxis\":{\"left\":{\"min\":0}}") != NULL);
	mc_buf_release(&b);
}

/* ---- every dashboard of every golden spec, against the rules ---- */

static bool metric_id_ok(const char *s)
{
	if (!s || !(*s >= 'a' && *s <= 'z'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static bool is_int_in(json_t *v, long long lo, long long hi)
{
	return json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi;
}

/* Checks one body; returns the number of metrics it shows (for the dashboard limit). */
static size_t check_metric_widget(json_t *p, const char *where)
{
	json_t *metrics = json_object_get(p, "metrics");
	CHECK(json_is_array(metrics));
	size_t n = json_array_size(metrics);
	CHECK(n >= 1 && n <= 500);
	CHECK(json_is_string(json_object_get(p, "region")));
	const char *view = json_string_value(json_object_get(p, "view"));
	CHECK(view && (strcmp(view, "timeSeries") == 0 || strcmp(view, "singleValue") == 0));
	json_t *period = json_object_get(p, "period");
	CHECK(is_int_in(period, 60, 31536000) && json_integer_value(period) % 60 == 0);
	const char *ids[500];
	size_t nids = 0, nmetrics = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(metrics, i);
		CHECK(json_is_array(e) && json_array_size(e) >= 1);
		json_t *opts = json_array_get(e, json_array_size(e) - 1);
		CHECK(json_is_object(opts));
		const char *id = json_string_value(json_object_get(opts, "id"));
		if (!metric_id_ok(id))
			fprintf(stderr, "%s: bad metric id %s\n", where, id ? id : "(none)");
		CHECK(metric_id_ok(id));
		for (size_t k = 0; id && k < nids; k++)
			CHECK(strcmp(ids[k], id) != 0);
		if (id && nids < 500)
			ids[nids++] = id;
		if (json_object_get(opts, "expression")) {
			CHECK(json_array_size(e) == 1);
			CHECK(json_is_string(json_object_get(opts, "expression")));
		} else {
			/* namespace, name, then name/value pairs, then the options */
			CHECK(json_array_size(e) >= 3 && json_array_size(e) % 2 == 1);
			for (size_t k = 0; k + 1 < json_array_size(e); k++)
				CHECK(json_is_string(json_array_get(e, k)));
			CHECK(json_is_string(json_object_get(opts, "stat")));
			nmetrics++;
		}
		json_t *vis = json_object_get(opts, "visible");
		CHECK(!vis || json_is_false(vis));
	}
	json_t *ann = json_object_get(p, "annotations");
	if (ann) {
		json_t *h = json_object_get(ann, "horizontal");
		CHECK(json_is_array(h));
		for (size_t i = 0; i < json_array_size(h); i++)
			CHECK(json_is_number(json_object_get(json_array_get(h, i), "value")));
	}
	return nmetrics;
}

static void check_body(const char *text, const char *where)
{
	json_error_t err;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		fprintf(stderr, "%s: body does not parse: %s\n", where, err.text);
		CHECK(j != NULL);
		return;
	}
	json_t *ws = json_object_get(j, "widgets");
	CHECK(json_is_array(ws) && json_array_size(ws) <= 500);
	STR_EQ(json_string_value(json_object_get(j, "periodOverride")), "inherit");
	size_t metrics = 0;
	for (size_t i = 0; i < json_array_size(ws); i++) {
		json_t *w = json_array_get(ws, i);
		const char *type = json_string_value(json_object_get(w, "type"));
		json_t *x = json_object_get(w, "x"), *y = json_object_get(w, "y");
		json_t *wd = json_object_get(w, "width"), *ht = json_object_get(w, "height");
		CHECK(is_int_in(x, 0, 23) && is_int_in(y, 0, 1000000));
		CHECK(is_int_in(wd, 1, 24) && is_int_in(ht, 1, 1000));
		if (json_integer_value(x) + json_integer_value(wd) > 24)
			fprintf(stderr, "%s: widget %zu outside the grid\n", where, i);
		CHECK(json_integer_value(x) + json_integer_value(wd) <= 24);
		json_t *p = json_object_get(w, "properties");
		CHECK(json_is_object(p));
		CHECK(type != NULL);
		if (!type || !p)
			continue;
		if (strcmp(type, "metric") == 0) {
			metrics += check_metric_widget(p, where);
		} else if (strcmp(type, "log") == 0) {
			const char *q = json_string_value(json_object_get(p, "query"));
			CHECK(q && strncmp(q, "SOURCE '", 8) == 0);
			CHECK(json_is_string(json_object_get(p, "region")));
		} else if (strcmp(type, "alarm") == 0) {
			json_t *a = json_object_get(p, "alarms");
			size_t na = json_array_size(a);
			CHECK(json_is_array(a) && na >= 1 && na <= 100);
			for (size_t k = 0; k < json_array_size(a); k++) {
				const char *arn = json_string_value(json_array_get(a, k));
				CHECK(arn && strncmp(arn, "arn:aws:cloudwatch:", 19) == 0 &&
				      strstr(arn, ":alarm:") != NULL);
			}
		} else if (strcmp(type, "text") == 0) {
			CHECK(json_is_string(json_object_get(p, "markdown")));
		} else {
			fprintf(stderr, "%s: unexpected widget type %s\n", where, type);
			CHECK(0);
		}
	}
	CHECK(metrics <= 2500);
	json_decref(j);
}

static size_t ndash_checked;

static void check_spec(const char *path)
{
	mc_session s;
	mc_session_init(&s);
	const char *paths[] = {path};
	int rc = mc_check_paths(&s, paths, 1);
	CHECK(rc == 0);
	mc_ir *ir = s.nfiles ? s.files[0].ir : NULL;
	CHECK(ir != NULL);
	for (size_t i = 0; ir && i < ir->ndashboards; i++) {
		mc_buf a = MC_BUF_INIT, b = MC_BUF_INIT;
		mc_emit_dashboard_body(ir, &ir->dashboards[i], &a);
		mc_emit_dashboard_body(ir, &ir->dashboards[i], &b);
		CHECK(a.len == b.len && memcmp(a.p, b.p, a.len) == 0);
		CHECK(strchr(mc_buf_str(&a), '\n') == NULL); /* compact: one line */
		char where[600];
		snprintf(where, sizeof where, "%s: %s", path, ir->dashboards[i].name);
		check_body(mc_buf_str(&a), where);
		ndash_checked++;
		mc_buf_release(&a);
		mc_buf_release(&b);
	}
	mc_session_release(&s);
}

static int strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_golden_specs(void)
{
	char root[4096], path[8192];
	const char *self = __FILE__;
	const char *cut = strstr(self, "tests/unit/test_emit_cloudwatch.c");
	snprintf(root, sizeof root, "%.*s", (int)(cut ? cut - self : 0), self);
	snprintf(path, sizeof path, "%sexamples/anythingllm/monitoring.yaml", root);
	check_spec(path);
	snprintf(path, sizeof path, "%sexamples/minimal/monitoring.yaml", root);
	check_spec(path);
	snprintf(path, sizeof path, "%stests/golden", root);
	DIR *d = opendir(path);
	CHECK(d != NULL);
	if (!d)
		return;
	/* Sorted, so a failure names the same spec first every time. */
	char *names[256];
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d)) && n < 256;) {
		if (e->d_name[0] == '.')
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], strcmp_ptr);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%stests/golden/%s/monitoring.yaml", root, names[i]);
		FILE *fp = fopen(path, "rb");
		if (fp) {
			fclose(fp);
			check_spec(path);
		}
		free(names[i]);
	}
	CHECK(ndash_checked >= 10);
}

int main(void)
{
	test_pinned();
	test_emitters();
	test_log_query();
	test_colors();
	test_compare();
	test_golden_specs();
	return harness_done();
}
