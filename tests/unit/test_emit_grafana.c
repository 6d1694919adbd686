/*
 * The Grafana dashboards (emit_grafana.c): the uid (pinned FNV-1a values, `moncc-` + 8 hex,
 * at most 40 characters), the time range from `start`, a small hand-built dashboard read
 * back with jansson (panel kinds, gridPos scaling, targets in Grafana's CloudWatch query
 * model, thresholds sorted with the most severe tier at a shared value, alarm links), the
 * emitter through the real mc_outputs (file paths, the same bytes as the function), and for
 * every dashboard of the contract examples and the golden specs: valid JSON, schemaVersion 39,
 * the `datasource` variable, panels inside 24 columns and not overlapping, well-formed
 * targets, and the same bytes when emitted twice.
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
#include "emit/emit_grafana.h"
#include "emit/out.h"
#include "harness.h"

static void test_uid(void)
{
	mc_buf b = MC_BUF_INIT;
	mc_grafana_uid("", &b);
	STR_EQ(mc_buf_str(&b), "moncc-811c9dc5"); /* the FNV-1a offset basis */
	mc_buf_clear(&b);
	mc_grafana_uid("a", &b);
	STR_EQ(mc_buf_str(&b), "moncc-e40c292c"); /* FNV-1a("a"), the published test value */
	mc_buf_clear(&b);
	mc_grafana_uid("anythingllm-production-health", &b);
	CHECK(b.len == 14 && strncmp(b.p, "moncc-", 6) == 0);
	mc_buf_release(&b);
}

/* ---- a hand-built dashboard ---- */

static mc_ir_dim lb_dim[] = {{"LoadBalancer", "app/shop/1"}};
static mc_ir_metric m_5xx = {"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb_dim, 1, "Sum",
                             60, "Count", NULL, true};
static mc_ir_metric m_req = {"AWS/ApplicationELB", "RequestCount", lb_dim, 1, "Sum", 60, "Count",
                             NULL, true};
static mc_ir_metric m_cpu = {"AWS/EC2", "CPUUtilization", NULL, 0, "Average", 300, "Percent",
                             NULL, false};
static mc_ir_query q_graph[] = {
        {"m1", &m_5xx, NULL, "5xx", 0, false},
        {"m2", &m_req, NULL, NULL, 0, false},
        {"e1", NULL, "100 * m1 / m2", "error %", 0, true},
};
static mc_ir_query q_cpu[] = {{"m1", &m_cpu, NULL, "cpu", 0, true}};
static struct mc_ir_annotation graph_ann[] = {
        {400, "budget", NULL},
        {320, "warning at 80%", "warning"},
        {400, "critical at 100%", "critical"},
};
static const char *groups[] = {"/shop/web"};
static const char *alarm_ids[] = {"web/errors/critical"};
static mc_ir_widget widgets[] = {
        {.kind = MC_IR_WIDGET_TEXT, .x = 0, .y = 0, .width = 24, .height = 2,
         .markdown = "## Web"},
        {.kind = MC_IR_WIDGET_METRIC, .x = 0, .y = 2, .width = 12, .height = 6,
         .title = "Errors", .queries = q_graph, .nqueries = 3, .annotations = graph_ann,
         .nannotations = 3, .stacked = true},
        {.kind = MC_IR_WIDGET_METRIC, .x = 12, .y = 2, .width = 12, .height = 6, .title = "CPU",
         .queries = q_cpu, .nqueries = 1},
        {.kind = MC_IR_WIDGET_LOG, .x = 0, .y = 8, .width = 24, .height = 6, .title = "Logs",
         .log_query = "fields @timestamp | limit 20", .log_groups = groups, .nlog_groups = 1},
        {.kind = MC_IR_WIDGET_ALARM, .x = 0, .y = 14, .width = 24, .height = 4,
         .title = "Alarms", .alarms = alarm_ids, .nalarms = 1},
};
static mc_ir_alarm alarms[] = {
        {.id = "web/errors/critical", .name = "shop prod/errors", .tier = "critical",
         .metric = &m_5xx},
};
static mc_ir_tier tiers[] = {{.name = "critical", .rank = 0}, {.name = "warning", .rank = 1}};
static mc_ir_dashboard dashes[] = {
        {.id = "dashboard/a", .name = "shop-prod-a", .title = "Main", .start = "-PT1H30M",
         .widgets = widgets, .nwidgets = 5, .main = true},
        {.id = "dashboard/b", .name = "shop-prod-b", .title = "Main", .start = "-P30D"},
        {.id = "dashboard/c", .name = "shop-prod-c", .title = "C"},
};

static json_t *emit(const mc_ir *ir, const mc_ir_dashboard *db)
{
	mc_buf b = MC_BUF_INIT;
	mc_emit_grafana_dashboard(ir, db, &b);
	CHECK(b.len > 0 && b.p[b.len - 1] == '\n');
	json_error_t err;
	json_t *j = json_loads(mc_buf_str(&b), JSON_REJECT_DUPLICATES, &err);
	if (!j)
		fprintf(stderr, "grafana JSON does not parse: %s\n%s\n", err.text, mc_buf_str(&b));
	CHECK(j != NULL);
	mc_buf_release(&b);
	return j;
}

static const char *sget(json_t *o, const char *path)
{
	/* "a.b.c" through objects */
	char k[64];
	while (o && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		snprintf(k, sizeof k, "%.*s", (int)n, path);
		o = json_object_get(o, k);
		path += n + (dot != NULL);
	}
	return json_string_value(o);
}

static long long iget(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void test_small(void)
{
	mc_ir ir = {.project = "shop", .environment = "prod", .region = "eu-west-1",
	            .tiers = tiers, .ntiers = 2, .alarms = alarms, .nalarms = 1,
	            .dashboards = dashes, .ndashboards = 3};
	json_t *j = emit(&ir, &dashes[0]);
	if (!j)
		return;
	STR_EQ(sget(j, "title"), "Main (shop-prod-a)"); /* two dashboards titled Main */
	STR_EQ(sget(j, "time.from"), "now-90m");
	INT_EQ(iget(j, "schemaVersion"), 39);
	json_t *panels = json_object_get(j, "panels");
	INT_EQ(json_array_size(panels), 5);
	json_t *p0 = json_array_get(panels, 0), *p1 = json_array_get(panels, 1);
	json_t *p2 = json_array_get(panels, 2), *p3 = json_array_get(panels, 3);
	json_t *p4 = json_array_get(panels, 4);
	STR_EQ(sget(p0, "type"), "text");
	STR_EQ(sget(p0, "options.content"), "## Web");
	STR_EQ(sget(p1, "type"), "timeseries");
	STR_EQ(sget(p2, "type"), "timeseries");
	STR_EQ(sget(p3, "type"), "table");
	STR_EQ(sget(p4, "type"), "text");
	/* rows 0-2-8-14 scale to 0-3-11-19 */
	json_t *g1 = json_object_get(p1, "gridPos"), *g3 = json_object_get(p3, "gridPos");
	INT_EQ(iget(json_object_get(p0, "gridPos"), "h"), 3);
	INT_EQ(iget(g1, "y"), 3);
	INT_EQ(iget(g1, "h"), 8);
	INT_EQ(iget(g1, "w"), 12);
	INT_EQ(iget(g3, "y"), 11);
	INT_EQ(iget(json_object_get(p4, "gridPos"), "y"), 19);
	/* targets */
	json_t *t = json_object_get(p1, "targets");
	INT_EQ(json_array_size(t), 3);
	json_t *t0 = json_array_get(t, 0), *t2 = json_array_get(t, 2);
	STR_EQ(sget(t0, "refId"), "A");
	STR_EQ(sget(t0, "id"), "m1");
	STR_EQ(sget(t0, "queryMode"), "Metrics");
	STR_EQ(sget(t0, "namespace"), "AWS/ApplicationELB");
	STR_EQ(sget(t0, "metricName"), "HTTPCode_Target_5XX_Count");
	STR_EQ(sget(t0, "dimensions.LoadBalancer"), "app/shop/1");
	STR_EQ(sget(t0, "statistic"), "Sum");
	STR_EQ(sget(t0, "period"), "60");
	STR_EQ(sget(t0, "region"), "eu-west-1");
	STR_EQ(sget(t0, "datasource.uid"), "${datasource}");
	INT_EQ(iget(t0, "metricEditorMode"), 0);
	CHECK(json_is_true(json_object_get(t0, "hide")));
	STR_EQ(sget(t2, "refId"), "C");
	STR_EQ(sget(t2, "expression"), "100 * m1 / m2");
	INT_EQ(iget(t2, "metricEditorMode"), 1);
	INT_EQ(iget(t2, "metricQueryType"), 0);
	CHECK(json_is_false(json_object_get(t2, "hide")));
	STR_EQ(sget(p1, "fieldConfig.defaults.custom.stacking.mode"), "normal");
	/* thresholds ascending; at 400 the critical line wins over the untiered budget */
	json_t *steps = json_object_get(
	        json_object_get(json_object_get(json_object_get(p1, "fieldConfig"), "defaults"),
	                        "thresholds"),
	        "steps");
	INT_EQ(json_array_size(steps), 3);
	CHECK(json_is_null(json_object_get(json_array_get(steps, 0), "value")));
	INT_EQ(iget(json_array_get(steps, 1), "value"), 320);
	STR_EQ(sget(json_array_get(steps, 1), "color"), "#ff7f0e");
	INT_EQ(iget(json_array_get(steps, 2), "value"), 400);
	STR_EQ(sget(json_array_get(steps, 2), "color"), "#d62728");
	/* percent metric: unit and a fixed axis */
	STR_EQ(sget(p2, "fieldConfig.defaults.unit"), "percent");
	INT_EQ(iget(json_object_get(json_object_get(p2, "fieldConfig"), "defaults"), "max"), 100);
	/* logs */
	json_t *lt = json_array_get(json_object_get(p3, "targets"), 0);
	STR_EQ(sget(lt, "queryMode"), "Logs");
	STR_EQ(sget(lt, "expression"), "fields @timestamp\n| limit 20");
	STR_EQ(json_string_value(json_array_get(json_object_get(lt, "logGroupNames"), 0)),
	       "/shop/web");
	/* alarm links: escaped text, encoded URL */
	const char *md = sget(p4, "options.content");
	CHECK(md && strstr(md, "- [shop prod/errors](https://eu-west-1.console.aws.amazon.com/"
	                       "cloudwatch/home?region=eu-west-1"
	                       "#alarmsV2:alarm/shop%20prod%2Ferrors)") != NULL);
	json_decref(j);

	j = emit(&ir, &dashes[1]);
	STR_EQ(sget(j, "time.from"), "now-30d");
	STR_EQ(sget(j, "title"), "Main (shop-prod-b)");
	INT_EQ(json_array_size(json_object_get(j, "panels")), 0);
	json_decref(j);
	j = emit(&ir, &dashes[2]);
	STR_EQ(sget(j, "time.from"), "now-3h");
	STR_EQ(sget(j, "title"), "C");
	json_decref(j);
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

/* The emitter writes what the public function returns (its shared titles are found by
 * sorting, the function's by scanning), one file per dashboard plus the provisioning. */
static void test_emitter(void)
{
	mc_ir ir = {.project = "shop", .environment = "prod", .region = "eu-west-1",
	            .tiers = tiers, .ntiers = 2, .alarms = alarms, .nalarms = 1,
	            .dashboards = dashes, .ndashboards = 3};
	char stage[] = "/tmp/moncc-test-grafana-XXXXXX";
	CHECK(mkdtemp(stage) != NULL);
	mc_emit_ctx cx = {.ir = &ir, .paths = {.grafana = "grafana/"}};
	mc_outputs *os = mc_outputs_new(stage);
	INT_EQ(mc_emit_grafana(&cx, os), 0);
	INT_EQ(mc_outputs_finish(os), MC_OUTPUTS_OK);
	INT_EQ(mc_outputs_count(os), 5);
	for (size_t i = 0; i < mc_outputs_count(os); i++) {
		const mc_output_file *f = mc_outputs_file(os, i);
		char *text = slurp(f->staged);
		CHECK(text != NULL);
		if (i < 3) {
			mc_buf want = MC_BUF_INIT, path = MC_BUF_INIT;
			mc_buf_printf(&path, "grafana/%s.json", dashes[i].name);
			STR_EQ(f->path, mc_buf_str(&path));
			mc_emit_grafana_dashboard(&ir, &dashes[i], &want);
			STR_EQ(text, mc_buf_str(&want));
			mc_buf_release(&want);
			mc_buf_release(&path);
		} else {
			STR_EQ(f->path, i == 3 ? "grafana/provisioning/dashboards.yaml"
			                       : "grafana/provisioning/datasources.yaml");
			const char *line = i == 3 ? "path: \"/var/lib/grafana/dashboards/shop-prod\""
			                          : "defaultRegion: \"eu-west-1\"";
			CHECK(text && strstr(text, line) != NULL);
		}
		free(text);
		remove(f->staged);
	}
	mc_outputs_free(os);
	rmdir(stage);
}

/* ---- every dashboard of every golden spec ---- */

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

static void check_dashboard(json_t *j, const char *where)
{
	const char *uid = sget(j, "uid");
	CHECK(uid && strlen(uid) == 14 && strlen(uid) <= 40 && strncmp(uid, "moncc-", 6) == 0);
	for (size_t i = 6; uid && uid[i]; i++)
		CHECK(strchr("0123456789abcdef", uid[i]) != NULL);
	CHECK(sget(j, "title") && *sget(j, "title"));
	INT_EQ(iget(j, "schemaVersion"), 39);
	json_t *vars = json_object_get(json_object_get(j, "templating"), "list");
	json_t *v0 = json_array_get(vars, 0);
	STR_EQ(sget(v0, "name"), "datasource");
	STR_EQ(sget(v0, "type"), "datasource");
	STR_EQ(sget(v0, "query"), "cloudwatch");
	json_t *panels = json_object_get(j, "panels");
	CHECK(json_is_array(panels));
	size_t n = json_array_size(panels);
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(panels, i);
		json_t *g = json_object_get(p, "gridPos");
		long long x = iget(g, "x"), y = iget(g, "y"), w = iget(g, "w"), h = iget(g, "h");
		CHECK(x >= 0 && w >= 1 && x + w <= 24 && y >= 0 && h >= 1);
		INT_EQ(iget(p, "id"), (long long)i + 1);
		for (size_t k = 0; k < i; k++) {
			json_t *o = json_object_get(json_array_get(panels, k), "gridPos");
			long long ox = iget(o, "x"), oy = iget(o, "y"), ow = iget(o, "w"),
			          oh = iget(o, "h");
			bool overlap = x < ox + ow && ox < x + w && y < oy + oh && oy < y + h;
			if (overlap)
				fprintf(stderr, "%s: panels %zu and %zu overlap\n", where, k + 1,
				        i + 1);
			CHECK(!overlap);
		}
		const char *type = sget(p, "type");
		CHECK(type != NULL);
		if (!type || strcmp(type, "text") == 0) {
			CHECK(sget(p, "options.content") != NULL);
			continue;
		}
		json_t *ts = json_object_get(p, "targets");
		CHECK(json_array_size(ts) >= 1);
		for (size_t k = 0; k < json_array_size(ts); k++) {
			json_t *t = json_array_get(ts, k);
			CHECK(sget(t, "refId") != NULL);
			CHECK(sget(t, "region") != NULL);
			STR_EQ(sget(t, "datasource.uid"), "${datasource}");
			const char *mode = sget(t, "queryMode");
			if (mode && strcmp(mode, "Logs") == 0) {
				CHECK(sget(t, "expression") != NULL);
				CHECK(json_array_size(json_object_get(t, "logGroupNames")) >= 1);
				continue;
			}
			STR_EQ(mode, "Metrics");
			CHECK(metric_id_ok(sget(t, "id")));
			if (iget(t, "metricEditorMode") == 1) {
				CHECK(sget(t, "expression") && *sget(t, "expression"));
			} else {
				CHECK(sget(t, "namespace") && sget(t, "metricName") &&
				      sget(t, "statistic") && sget(t, "period"));
				CHECK(json_is_object(json_object_get(t, "dimensions")));
			}
		}
		json_t *defaults = json_object_get(json_object_get(p, "fieldConfig"), "defaults");
		json_t *steps = json_object_get(json_object_get(defaults, "thresholds"), "steps");
		for (size_t k = 2; k < json_array_size(steps); k++) {
			json_t *prev = json_object_get(json_array_get(steps, k - 1), "value");
			json_t *cur = json_object_get(json_array_get(steps, k), "value");
			CHECK(json_number_value(prev) < json_number_value(cur));
		}
	}
}

static size_t nchecked;

static void check_spec(const char *path)
{
	mc_session s;
	mc_session_init(&s);
	const char *paths[] = {path};
	CHECK(mc_check_paths(&s, paths, 1) == 0);
	mc_ir *ir = s.nfiles ? s.files[0].ir : NULL;
	CHECK(ir != NULL);
	for (size_t i = 0; ir && i < ir->ndashboards; i++) {
		mc_buf a = MC_BUF_INIT, b = MC_BUF_INIT;
		mc_emit_grafana_dashboard(ir, &ir->dashboards[i], &a);
		mc_emit_grafana_dashboard(ir, &ir->dashboards[i], &b);
		CHECK(a.len == b.len && memcmp(a.p, b.p, a.len) == 0);
		json_error_t err;
		json_t *j = json_loads(mc_buf_str(&a), JSON_REJECT_DUPLICATES, &err);
		CHECK(j != NULL);
		if (j) {
			char where[600];
			snprintf(where, sizeof where, "%s: %s", path, ir->dashboards[i].name);
			check_dashboard(j, where);
			json_decref(j);
		}
		nchecked++;
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
	const char *cut = strstr(self, "tests/unit/test_emit_grafana.c");
	snprintf(root, sizeof root, "%.*s", (int)(cut ? cut - self : 0), self);
	snprintf(path, sizeof path, "%sexamples/anythingllm/monitoring.yaml", root);
	check_spec(path);
	snprintf(path, sizeof path, "%stests/golden", root);
	DIR *d = opendir(path);
	CHECK(d != NULL);
	if (!d)
		return;
	char *names[256];
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d)) && n < 256;)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
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
	CHECK(nchecked >= 10);
}

int main(void)
{
	test_uid();
	test_small();
	test_emitter();
	test_golden_specs();
	return harness_done();
}
