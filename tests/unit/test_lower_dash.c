/*
 * Lowering steps 5-7 (lower_cost.c, lower_dashboard.c, lower_runbook.c), through the public
 * mc_lower: budgets and cost anomaly subscriptions with their tiers' topics and topic-policy
 * flags; dashboards on the grid (inside 24 columns, no overlap, rows sharing the width, the
 * narrow layout, threshold annotations, presets, the main dashboard, split alarm widgets,
 * E0240 limits); runbook entries (unique GitHub anchors, conditions in words, bodies, every
 * alarm linked); and the errors E0245, E0246, E0243 and E0230 at their spec locations. The
 * contract's anythingllm example is lowered too, and its IR checked with mc_ir_verify.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diag/diag.h"
#include "ir/ir_verify.h"
#include "load/load.h"
#include "lower/lower.h"
#include "schema/validate.h"
#include "template/template.h"
#include "harness.h"

typedef struct {
	mc_arena *arena;
	mc_sources srcs;
	mc_diags d;
	mc_load_limits lim;
	mc_templates *ts;
	mc_ir *ir;
} fixture;

static void dump(fixture *f)
{
	for (size_t i = 0; i < f->d.len; i++) {
		const mc_diag *g = f->d.v[i];
		mc_source *src =
		        g->nlabels ? mc_sources_get(&f->srcs, g->labels[0].span.file) : NULL;
		mc_pos pos = src ? mc_source_pos(src, g->labels[0].span.lo) : (mc_pos){0, 0};
		fprintf(stderr, "  %u:%u: %s: %s\n", pos.line, pos.column, mc_code_get(g->code)->id,
		        g->message);
	}
}

static void run(fixture *f, const char *text)
{
	memset(f, 0, sizeof *f);
	f->arena = mc_arena_new();
	mc_sources_init(&f->srcs);
	mc_diags_init(&f->d, f->arena);
	mc_load_limits_default(&f->lim);
	mc_node *spec = mc_load_yaml_buffer(&f->srcs, "spec.yaml", text, strlen(text), &f->lim,
	                                    f->arena, &f->d);
	if (!spec)
		return;
	mc_validate(mc_schema_spec(), spec, &f->d);
	if (f->d.nerrors) {
		dump(f);
		return;
	}
	f->ts = mc_templates_load(&f->srcs, NULL, NULL, &f->lim, f->arena, &f->d);
	f->ir = mc_lower(spec, "spec.yaml", f->ts, &f->srcs, f->arena, &f->d);
}

static void teardown(fixture *f)
{
	mc_templates_free(f->ts);
	mc_diags_release(&f->d);
	mc_sources_release(&f->srcs);
	mc_arena_free(f->arena);
}

/* "L:C" of the first diagnostic with code, or "". */
static const char *at(fixture *f, mc_code code)
{
	static char buf[64];
	buf[0] = '\0';
	for (size_t i = 0; i < f->d.len; i++) {
		const mc_diag *g = f->d.v[i];
		if (g->code != code || !g->nlabels)
			continue;
		mc_source *src = mc_sources_get(&f->srcs, g->labels[0].span.file);
		mc_pos pos = mc_source_pos(src, g->labels[0].span.lo);
		snprintf(buf, sizeof buf, "%u:%u", pos.line, pos.column);
		break;
	}
	return buf;
}

static const mc_ir_dashboard *dashboard(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; ir && i < ir->ndashboards; i++)
		if (strcmp(ir->dashboards[i].id, id) == 0)
			return &ir->dashboards[i];
	return NULL;
}

static const mc_ir_runbook *runbook(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; ir && i < ir->nrunbooks; i++)
		if (strcmp(ir->runbooks[i].id, id) == 0)
			return &ir->runbooks[i];
	return NULL;
}

static const mc_ir_topic *topic(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; ir && i < ir->ntopics; i++)
		if (strcmp(ir->topics[i].id, id) == 0)
			return &ir->topics[i];
	return NULL;
}

/* The grid: every widget inside 24 columns, none overlapping another. */
static void check_grid(const mc_ir_dashboard *d)
{
	for (size_t i = 0; i < d->nwidgets; i++) {
		const mc_ir_widget *a = &d->widgets[i];
		CHECK(a->width >= 1 && a->height >= 1 && a->x + a->width <= 24);
		for (size_t k = 0; k < i; k++) {
			const mc_ir_widget *b = &d->widgets[k];
			bool overlap = a->x < b->x + b->width && b->x < a->x + a->width &&
			               a->y < b->y + b->height && b->y < a->y + a->height;
			if (overlap)
				fprintf(stderr, "  %s: widgets %zu and %zu overlap\n", d->id, k, i);
			CHECK(!overlap);
		}
		if (a->kind == MC_IR_WIDGET_ALARM)
			CHECK(a->nalarms >= 1 && a->nalarms <= 100);
		for (size_t q = 0; q < a->nqueries; q++)
			for (size_t r = 0; r < q; r++)
				CHECK(strcmp(a->queries[q].id, a->queries[r].id) != 0);
	}
}

/* The IR's invariants about what these steps make (the other steps have their tests). */
static void check_ir(fixture *f)
{
	static const char *const mine[] = {"ir: dashboard", "ir: runbook", "ir: budget",
	                                   "ir: cost anomaly", "runbook `"};
	mc_buf report = MC_BUF_INIT;
	if (f->ir)
		mc_ir_verify(f->ir, &report);
	int bad = 0;
	for (const char *line = mc_buf_str(&report); *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++) {
			const char *hit = strstr(line, mine[i]);
			if (hit && hit < line + len) {
				fprintf(stderr, "%.*s\n", (int)len, line);
				bad++;
				break;
			}
		}
		line += len + (end != NULL);
	}
	CHECK(f->ir != NULL);
	INT_EQ(bad, 0);
	mc_buf_release(&report);
}

static const char *SPEC =
        "moncc: 1\n"
        "project: shop\n"
        "region: eu-west-1\n"
        "notify:\n"
        "  oncall: { email: oncall@example.com }\n"
        "  team: { email: team@example.com }\n"
        "tiers:\n"
        "  critical: { notify: [oncall] }\n"
        "  warning: { notify: [team] }\n"
        "services:\n"
        "  web:\n"
        "    title: Web shop\n"
        "    resources:\n"
        "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
        "      host: { kind: ec2, instance: i-0123456789abcdef0, agent: true }\n"
        "    slos:\n"
        "      availability: { objective: 99.9%, sli: lb.availability }\n"
        "    alarms:\n"
        "      memory:\n"
        "        metric: host.memory_used\n"
        "        warning: \"> 80% for 15m\"\n"
        "        critical: \"> 95% for 5m\"\n"
        "        runbook: Check `docker stats`.\n"
        "cost:\n"
        "  budget:\n"
        "    monthly: 400 USD\n"
        "    alerts:\n"
        "      - { tier: warning,  at: 80%,  of: forecast }\n"
        "      - { tier: critical, at: 100%, of: actual }\n"
        "  anomalies: { above: 25 USD, tier: warning }\n"
        "dashboards:\n"
        "  ops:\n"
        "    rows:\n"
        "      - [ { graph: web.host.memory_used }, { number: web.availability },\n"
        "          { alarms: all } ]\n"
        "      - [ { text: a }, { text: b }, { text: c }, { text: d }, { text: e } ]\n"
        "      - [ { text: wide, width: 20 }, { text: x }, { text: y } ]\n"
        "      - [ { logs: \"fields @message | limit 5\", groups: [/shop/app] } ]\n"
        "  phone:\n"
        "    layout: narrow\n"
        "    rows:\n"
        "      - [ { graph: [web.lb.requests, web.lb.target_5xx] },\n"
        "          { number: web.availability } ]\n"
        "      - [ { text: hi } ]\n"
        "  health: { preset: overview }\n"
        "  spend: { preset: cost }\n"
        "  exec: { preset: executive }\n"
        "  detail: { preset: service, service: web }\n"
        "  sec: { preset: security }\n"
        "  inc: { preset: incident }\n";

static void test_cost(void)
{
	fixture f;
	run(&f, SPEC);
	if (f.d.nerrors)
		dump(&f);
	CHECK(f.ir != NULL);
	if (!f.ir) {
		teardown(&f);
		return;
	}
	INT_EQ(f.ir->nbudgets, 1);
	const mc_ir_budget *b = &f.ir->budgets[0];
	STR_EQ(b->id, "budget/monthly");
	STR_EQ(b->name, "shop-monthly");
	CHECK(b->amount == 400);
	INT_EQ(b->nalerts, 2);
	CHECK(b->alerts[0].forecast && b->alerts[0].percent == 80);
	STR_EQ(b->alerts[0].tier, "warning");
	INT_EQ(b->alerts[0].ntopics, 1);
	STR_EQ(b->alerts[0].topics[0], "topic/team");
	CHECK(!b->alerts[1].forecast && b->alerts[1].percent == 100);
	STR_EQ(b->alerts[1].topics[0], "topic/oncall");
	CHECK(topic(f.ir, "topic/team")->from_budgets);
	CHECK(topic(f.ir, "topic/oncall")->from_budgets);

	INT_EQ(f.ir->ncost_anomalies, 1);
	const mc_ir_cost_anomaly *a = &f.ir->cost_anomalies[0];
	STR_EQ(a->frequency, "IMMEDIATE");
	CHECK(a->above_usd == 25 && a->above_percent == 0);
	STR_EQ(a->tier, "warning");
	STR_EQ(a->monitor_name, "shop-services");
	CHECK(topic(f.ir, "topic/team")->from_cost_anomaly);
	CHECK(!topic(f.ir, "topic/oncall")->from_cost_anomaly);
	check_ir(&f);
	teardown(&f);
}

static void test_dashboards(void)
{
	fixture f;
	run(&f, SPEC);
	if (!f.ir) {
		CHECK(f.ir != NULL);
		teardown(&f);
		return;
	}
	INT_EQ(f.ir->ndashboards, 8);
	for (size_t i = 0; i < f.ir->ndashboards; i++)
		check_grid(&f.ir->dashboards[i]);

	/* `health` is main although `ops` comes first. */
	size_t nmain = 0;
	for (size_t i = 0; i < f.ir->ndashboards; i++)
		nmain += f.ir->dashboards[i].main;
	INT_EQ(nmain, 1);
	CHECK(dashboard(f.ir, "dashboard/health")->main);

	const mc_ir_dashboard *ops = dashboard(f.ir, "dashboard/ops");
	STR_EQ(ops->name, "shop-ops");
	STR_EQ(ops->start, "-PT3H");
	INT_EQ(ops->nwidgets, 12);
	/* Row 1: three widgets share 24 columns. */
	const mc_ir_widget *w = ops->widgets;
	INT_EQ(w[0].kind, MC_IR_WIDGET_METRIC);
	INT_EQ(w[0].x, 0); INT_EQ(w[0].width, 8); INT_EQ(w[0].y, 0);
	INT_EQ(w[1].kind, MC_IR_WIDGET_SINGLE_VALUE);
	INT_EQ(w[1].x, 8); INT_EQ(w[1].width, 8);
	INT_EQ(w[2].kind, MC_IR_WIDGET_ALARM);
	INT_EQ(w[2].x, 16); INT_EQ(w[2].width, 8);
	CHECK(w[2].nalarms >= 3); /* `all`: memory x2, kinds' alarms, SLO composites */
	/* The graph of host.memory_used has the memory alarm's thresholds. */
	INT_EQ(w[0].nqueries, 1);
	bool warn = false, crit = false;
	for (size_t i = 0; i < w[0].nannotations; i++) {
		warn |= strcmp(w[0].annotations[i].label, "warning > 80") == 0 &&
		        w[0].annotations[i].value == 80;
		crit |= strcmp(w[0].annotations[i].label, "critical > 95") == 0;
	}
	CHECK(warn && crit);
	/* The number of an SLO: attainment, the only query shown. */
	size_t shown = 0;
	for (size_t i = 0; i < w[1].nqueries; i++)
		shown += w[1].queries[i].return_data;
	INT_EQ(shown, 1);
	CHECK(strstr(w[1].queries[w[1].nqueries - 1].expression, "100 * (1 - ") != NULL);
	/* Row 2: five widgets, 24 = 5 + 5 + 5 + 5 + 4. */
	INT_EQ(w[3].y, 6);
	INT_EQ(w[3].width, 5); INT_EQ(w[6].width, 5); INT_EQ(w[7].width, 4);
	INT_EQ(w[7].x, 20);
	/* Row 3: 20 given, the other two share 4. */
	INT_EQ(w[8].width, 20); INT_EQ(w[9].width, 2); INT_EQ(w[10].x, 22);
	INT_EQ(w[11].kind, MC_IR_WIDGET_LOG);
	INT_EQ(w[11].nlog_groups, 1);
	STR_EQ(w[11].log_groups[0], "/shop/app");
	INT_EQ(w[11].y, 18);

	/* Narrow: one column, top to bottom. */
	const mc_ir_dashboard *phone = dashboard(f.ir, "dashboard/phone");
	CHECK(phone->narrow);
	INT_EQ(phone->nwidgets, 3);
	for (size_t i = 0; i < phone->nwidgets; i++) {
		INT_EQ(phone->widgets[i].x, 0);
		INT_EQ(phone->widgets[i].width, 24);
		INT_EQ(phone->widgets[i].y, 6 * i);
	}
	INT_EQ(phone->widgets[0].nqueries, 2);
	STR_EQ(phone->widgets[0].queries[0].id, "m1");
	STR_EQ(phone->widgets[0].queries[1].id, "m2");

	/* Presets. */
	const mc_ir_dashboard *cost = dashboard(f.ir, "dashboard/spend");
	STR_EQ(cost->preset, "cost");
	STR_EQ(cost->start, "-P30D");
	bool budget_line = false, top = false;
	for (size_t i = 0; i < cost->nwidgets; i++) {
		const mc_ir_widget *c = &cost->widgets[i];
		if (c->kind == MC_IR_WIDGET_METRIC || c->kind == MC_IR_WIDGET_SINGLE_VALUE)
			STR_EQ(c->region, "us-east-1");
		for (size_t k = 0; k < c->nannotations; k++)
			budget_line |= c->annotations[k].value == 400;
		for (size_t k = 0; k < c->nqueries; k++)
			top |= c->queries[k].expression &&
			       strstr(c->queries[k].expression, "SORT(SEARCH(") != NULL;
	}
	CHECK(budget_line && top);

	const mc_ir_dashboard *ex = dashboard(f.ir, "dashboard/exec");
	STR_EQ(ex->start, "-P30D");
	CHECK(ex->nwidgets >= 5); /* attainment, budget left, burn rate; spend x2 */
	INT_EQ(ex->widgets[0].period_s, 30 * 86400);

	const mc_ir_dashboard *health = dashboard(f.ir, "dashboard/health");
	INT_EQ(health->widgets[0].kind, MC_IR_WIDGET_TEXT);
	CHECK(strstr(health->widgets[0].markdown, "## Web shop") != NULL);
	INT_EQ(health->widgets[1].kind, MC_IR_WIDGET_ALARM);

	const mc_ir_dashboard *detail = dashboard(f.ir, "dashboard/detail");
	CHECK(detail->nwidgets > 6); /* header, alarms, SLO, the kinds' widgets, memory */
	const mc_ir_widget *last = &detail->widgets[detail->nwidgets - 1];
	STR_EQ(last->title, "memory");
	INT_EQ(last->nannotations, 2);

	CHECK(dashboard(f.ir, "dashboard/sec")->nwidgets == 0); /* no waf here */
	const mc_ir_dashboard *inc = dashboard(f.ir, "dashboard/inc");
	CHECK(inc->nwidgets >= 2);
	check_ir(&f);
	teardown(&f);
}

static void test_runbooks(void)
{
	fixture f;
	run(&f, SPEC);
	if (!f.ir) {
		CHECK(f.ir != NULL);
		teardown(&f);
		return;
	}
	for (size_t i = 0; i < f.ir->nrunbooks; i++)
		for (size_t k = 0; k < i; k++)
			CHECK(strcmp(f.ir->runbooks[i].id, f.ir->runbooks[k].id) != 0);
	const mc_ir_runbook *mem = runbook(f.ir, "web-memory");
	CHECK(mem != NULL);
	if (mem) {
		STR_EQ(mem->title, "web: memory");
		STR_EQ(mem->tier, "critical");
		STR_EQ(mem->body, "Check `docker stats`.");
		STR_EQ(mem->dashboard, "dashboard/detail");
		INT_EQ(mem->nalarms, 2);
		const char *crit = "critical when host.memory_used > 95% for 5 minutes (";
		const char *warn = "\nwarning when host.memory_used > 80% for 15 minutes (";
		CHECK(strncmp(mem->condition, crit, strlen(crit)) == 0);
		CHECK(strstr(mem->condition, warn) != NULL);
	}
	const mc_ir_runbook *slo = runbook(f.ir, "web-availability-slo");
	CHECK(slo != NULL);
	if (slo) {
		CHECK(strstr(slo->condition, "(burn rate 14.4)") != NULL);
		CHECK(slo->body != NULL);
	}
	CHECK(runbook(f.ir, "web-lb-availability") != NULL);
	/* Every alarm a person sees links to an entry that lists it. */
	for (size_t i = 0; i < f.ir->nalarms; i++) {
		const mc_ir_alarm *a = &f.ir->alarms[i];
		if (!a->runbook) {
			fprintf(stderr, "  alarm %s has no runbook\n", a->id);
			CHECK(a->runbook != NULL);
			continue;
		}
		const mc_ir_runbook *r = runbook(f.ir, a->runbook);
		bool listed = false;
		for (size_t k = 0; r && k < r->nalarms; k++)
			listed |= strcmp(r->alarms[k], a->id) == 0;
		CHECK(listed);
	}
	for (size_t i = 0; i < f.ir->ncomposites; i++)
		CHECK(f.ir->composites[i].runbook != NULL);
	teardown(&f);
}

static const char *ERRORS =
        "moncc: 1\n"
        "project: shop\n"
        "region: eu-west-1\n"
        "notify:\n"
        "  hook: { https: https://example.com/hook }\n"
        "  a: { email: a@example.com }\n"
        "  b: { email: b@example.com }\n"
        "tiers:\n"
        "  critical: { notify: [a, b] }\n"
        "  warning: { notify: [hook] }\n"
        "  info: { notify: [] }\n"
        "services:\n"
        "  web:\n"
        "    resources:\n"
        "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
        "cost:\n"
        "  budget:\n"
        "    monthly: 400 USD\n"
        "    alerts:\n"
        "      - { tier: info, at: 50% }\n"
        "      - { tier: critical, at: 100% }\n"
        "      - { tier: warning, at: 0% }\n"
        "  anomalies: { above: 25 USD, tier: warning, frequency: daily }\n"
        "dashboards:\n"
        "  d1: { preset: service }\n"
        "  d2: { preset: service, service: wbe }\n"
        "  d3: { preset: overview, service: web }\n";

static void test_errors(void)
{
	fixture f;
	run(&f, ERRORS);
	CHECK(f.ir == NULL);
	size_t n45 = 0, n46 = 0;
	for (size_t i = 0; i < f.d.len; i++) {
		n45 += f.d.v[i]->code == MC_E0245;
		n46 += f.d.v[i]->code == MC_E0246;
	}
	INT_EQ(n45, 3); /* info: nobody; critical: two topics; daily: no e-mail */
	INT_EQ(n46, 2); /* d1 without service; d3 with one */
	STR_EQ(at(&f, MC_E0243), "22:30");
	STR_EQ(at(&f, MC_E0230), "26:35");
	STR_EQ(at(&f, MC_E0246), "25:3");
	teardown(&f);
}

/* 501 widgets: E0240 at the dashboard's key. */
static void test_limits(void)
{
	mc_buf s = MC_BUF_INIT;
	mc_buf_puts(&s, "moncc: 1\nproject: shop\nregion: eu-west-1\n"
	                "dashboards:\n  big:\n    rows:\n");
	for (int r = 0; r < 167; r++)
		mc_buf_puts(&s, "      - [ {text: a}, {text: b}, {text: c} ]\n");
	fixture f;
	run(&f, mc_buf_str(&s));
	CHECK(f.ir == NULL);
	STR_EQ(at(&f, MC_E0240), "5:3");
	teardown(&f);
	mc_buf_release(&s);
}

/* An alarm widget takes at most 100 alarms: `all` is split. */
static void test_split(void)
{
	mc_buf s = MC_BUF_INIT;
	mc_buf_puts(&s, "moncc: 1\nproject: shop\nregion: eu-west-1\n"
	                "notify:\n  a: { email: a@example.com }\n"
	                "tiers:\n  warning: { notify: [a] }\n"
	                "services:\n  web:\n    resources:\n"
	                "      host: { kind: ec2, instance: i-0123456789abcdef0 }\n"
	                "    alarms:\n");
	for (int i = 0; i < 120; i++)
		mc_buf_printf(&s, "      a%d: { metric: host.cpu, warning: \"> %d for 5m\" }\n", i,
		              i + 1);
	mc_buf_puts(&s, "dashboards:\n  all:\n    rows:\n      - [ { alarms: all } ]\n");
	fixture f;
	run(&f, mc_buf_str(&s));
	if (f.d.nerrors)
		dump(&f);
	const mc_ir_dashboard *d = f.ir ? dashboard(f.ir, "dashboard/all") : NULL;
	CHECK(d != NULL);
	if (d) {
		INT_EQ(d->nwidgets, 2);
		size_t total = 0;
		for (size_t i = 0; i < d->nwidgets; i++)
			total += d->widgets[i].nalarms;
		CHECK(total >= 120);
		check_grid(d);
		/* One graph of host.cpu would carry the 120 thresholds only once each. */
	}
	teardown(&f);
	mc_buf_release(&s);
}

static void test_contract(void)
{
	char path[4096];
	const char *self = __FILE__;
	const char *cut = strstr(self, "tests/unit/test_lower_dash.c");
	snprintf(path, sizeof path, "%.*sexamples/anythingllm/monitoring.yaml",
	         (int)(cut ? cut - self : 0), self);
	FILE *fp = fopen(path, "rb");
	CHECK(fp != NULL);
	if (!fp)
		return;
	static char text[65536];
	size_t n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	fixture f;
	run(&f, text);
	if (f.d.nerrors)
		dump(&f);
	CHECK(f.ir != NULL);
	if (f.ir) {
		INT_EQ(f.ir->ndashboards, 4);
		for (size_t i = 0; i < f.ir->ndashboards; i++)
			check_grid(&f.ir->dashboards[i]);
		CHECK(dashboard(f.ir, "dashboard/health")->main);
		const mc_ir_dashboard *cd = dashboard(f.ir, "dashboard/chat-detail");
		CHECK(cd->narrow);
		for (size_t i = 0; i < cd->nwidgets; i++)
			INT_EQ(cd->widgets[i].width, 24);
		INT_EQ(f.ir->nbudgets, 1);
		INT_EQ(f.ir->ncost_anomalies, 1);
		CHECK(runbook(f.ir, "chat-memory") != NULL);
		CHECK(runbook(f.ir, "chat-host-spot-interruption") != NULL);
		check_ir(&f);
	}
	teardown(&f);
}

int main(void)
{
	test_cost();
	test_dashboards();
	test_runbooks();
	test_errors();
	test_limits();
	test_split();
	test_contract();
	return harness_done();
}
