/*
 * Lowering (compiler/lower): both contract examples lower without a diagnostic, with the
 * alarms, composites, names, converted thresholds and periods the spec language promises;
 * each lowering error (E0230-E0238, E0241, E0242, E0244, and E0206 for an impossible
 * escalation) is reported at its own spec location; long names are shortened with a stable
 * hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/arena.h"
#include "diag/diag.h"
#include "load/load.h"
#include "lower/lower.h"
#include "lower/lower_internal.h"
#include "schema/validate.h"
#include "template/template.h"
#include "harness.h"

static char root[4096];

static void find_root(void)
{
	const char *self = __FILE__;
	const char *cut = strstr(self, "tests/unit/test_lower.c");
	size_t n = cut ? (size_t)(cut - self) : 0;
	snprintf(root, sizeof root, "%.*s", (int)n, self);
}

typedef struct {
	mc_arena *arena;
	mc_sources srcs;
	mc_diags d;
	mc_load_limits lim;
	mc_templates *ts;
	mc_ir *ir;
	unsigned schema_errors;
} fixture;

static void dump(fixture *f)
{
	for (size_t i = 0; i < f->d.len; i++) {
		const mc_diag *g = f->d.v[i];
		mc_source *src =
		        g->nlabels ? mc_sources_get(&f->srcs, g->labels[0].span.file) : NULL;
		mc_pos pos = src ? mc_source_pos(src, g->labels[0].span.lo) : (mc_pos){0, 0};
		fprintf(stderr, "  %s:%u:%u: %s: %s%s%s\n", src ? src->path : "-", pos.line,
		        pos.column, mc_code_get(g->code)->id, g->message, g->help ? " / help: " : "",
		        g->help ? g->help : "");
	}
}

/* Loads, validates and lowers text as a spec named path. */
static void run(fixture *f, const char *path, const char *text)
{
	memset(f, 0, sizeof *f);
	f->arena = mc_arena_new();
	mc_sources_init(&f->srcs);
	mc_diags_init(&f->d, f->arena);
	mc_load_limits_default(&f->lim);
	mc_node *spec = mc_load_yaml_buffer(&f->srcs, path, text, strlen(text), &f->lim, f->arena,
	                                    &f->d);
	if (!spec)
		return;
	mc_validate(mc_schema_spec(), spec, &f->d);
	f->schema_errors = f->d.nerrors;
	if (f->d.nerrors) {
		dump(f);
		return;
	}
	f->ts = mc_templates_load(&f->srcs, NULL, mc_node_get(spec, "imports"), &f->lim, f->arena,
	                          &f->d);
	f->ir = mc_lower(spec, path, f->ts, &f->srcs, f->arena, &f->d);
}

static void run_file(fixture *f, const char *rel)
{
	char path[4200];
	snprintf(path, sizeof path, "%s%s", root, rel);
	FILE *fp = fopen(path, "rb");
	CHECK(fp != NULL);
	static char text[65536];
	size_t n = fp ? fread(text, 1, sizeof text - 1, fp) : 0;
	if (fp)
		fclose(fp);
	text[n] = '\0';
	run(f, rel, text);
}

static void teardown(fixture *f)
{
	mc_templates_free(f->ts);
	mc_diags_release(&f->d);
	mc_sources_release(&f->srcs);
	mc_arena_free(f->arena);
}

static const mc_ir_alarm *alarm(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; ir && i < ir->nalarms; i++)
		if (strcmp(ir->alarms[i].id, id) == 0)
			return &ir->alarms[i];
	return NULL;
}

static const mc_ir_composite *composite(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; ir && i < ir->ncomposites; i++)
		if (strcmp(ir->composites[i].id, id) == 0)
			return &ir->composites[i];
	return NULL;
}

static size_t count_origin(const mc_ir *ir, mc_ir_origin o)
{
	size_t n = 0;
	for (size_t i = 0; ir && i < ir->nalarms; i++)
		n += ir->alarms[i].origin == o;
	return n;
}

/* "L:C" of the primary label of the first diagnostic with code, or "" when there is none. */
static const char *at(fixture *f, mc_code code)
{
	static char buf[64];
	for (size_t i = 0; i < f->d.len; i++) {
		const mc_diag *g = f->d.v[i];
		if (g->code != code || !g->nlabels)
			continue;
		mc_source *src = mc_sources_get(&f->srcs, g->labels[0].span.file);
		if (!src)
			return "";
		mc_pos p = mc_source_pos(src, g->labels[0].span.lo);
		snprintf(buf, sizeof buf, "%u:%u", p.line, p.column);
		return buf;
	}
	return "";
}

static const mc_diag *diag(fixture *f, mc_code code)
{
	for (size_t i = 0; i < f->d.len; i++)
		if (f->d.v[i]->code == code)
			return f->d.v[i];
	return NULL;
}

static const char *help(fixture *f, mc_code code)
{
	const mc_diag *g = diag(f, code);
	return g && g->help ? g->help : "";
}

/* ---- the contract examples ---- */

static void test_anythingllm(void)
{
	fixture f;
	run_file(&f, "examples/anythingllm/monitoring.yaml");
	INT_EQ(f.d.nerrors, 0);
	if (f.d.nerrors)
		dump(&f);
	CHECK(f.ir != NULL);
	const mc_ir *ir = f.ir;
	if (!ir) {
		teardown(&f);
		return;
	}
	/* Tiers in severity order with their topics and escalation. */
	INT_EQ(ir->ntiers, 3);
	STR_EQ(ir->tiers[0].name, "critical");
	STR_EQ(ir->tiers[2].name, "info");
	INT_EQ(ir->tiers[0].escalate_after_s, 1800);
	INT_EQ(ir->tiers[0].respond_within_s, 900);
	INT_EQ(ir->ntopics, 3);
	STR_EQ(ir->topics[0].id, "topic/lead");
	STR_EQ(ir->topics[1].name, "anythingllm-production-pager");
	INT_EQ(ir->topics[1].nsubscriptions, 2);
	CHECK(ir->topics[1].from_cloudwatch);
	CHECK(ir->topics[1].from_events); /* the spot interruption rule is critical */

	/* `> 80%` on a percent metric, at the metric's 1-minute period: 15 of 15. */
	const mc_ir_alarm *a = alarm(ir, "chat/memory/warning");
	CHECK(a != NULL);
	if (a) {
		STR_EQ(a->name, "anythingllm-production-chat-memory-warning");
		CHECK(a->threshold == 80);
		INT_EQ(a->period_s, 60);
		INT_EQ(a->evaluation_periods, 15);
		INT_EQ(a->datapoints, 15);
		INT_EQ(a->cmp, MC_IR_CMP_GT);
		STR_EQ(a->metric->metric, "mem_used_percent");
		STR_EQ(a->metric->unit, "Percent");
		STR_EQ(a->on_alarm.topics[0], "topic/team");
		INT_EQ(a->origin, MC_IR_ORIGIN_SPEC);
	}
	a = alarm(ir, "chat/memory/critical");
	CHECK(a && a->threshold == 95 && a->evaluation_periods == 5);
	/* `>= 1 for 2m` at the status check's 1-minute period, with ec2:recover. */
	a = alarm(ir, "chat/status-check/critical");
	CHECK(a != NULL);
	if (a) {
		INT_EQ(a->period_s, 60);
		INT_EQ(a->evaluation_periods, 2);
		INT_EQ(a->cmp, MC_IR_CMP_GE);
		INT_EQ(a->on_alarm.nactions, 1);
		STR_EQ(a->on_alarm.actions[0], "ec2:recover");
		INT_EQ(a->on_ok.nactions, 0);
		STR_EQ(a->metric->metric, "StatusCheckFailed_System");
	}
	/* The override: `> 1.5s for 10m` on the latency in seconds; critical stays. */
	a = alarm(ir, "chat/lb.latency-p99/warning");
	CHECK(a != NULL);
	if (a) {
		CHECK(a->threshold == 1.5);
		INT_EQ(a->period_s, 60);
		INT_EQ(a->evaluation_periods, 10);
		STR_EQ(a->metric->stat, "p99");
		STR_EQ(a->name, "anythingllm-production-chat-lb-latency-p99-warning");
		INT_EQ(a->origin, MC_IR_ORIGIN_KIND);
		INT_EQ(a->template_span.file != 0, 1);
	}
	a = alarm(ir, "chat/lb.latency-p99/critical");
	CHECK(a && a->threshold == 5);
	/* `waf.blocked-spike: off` removed it, and its detector. */
	CHECK(alarm(ir, "chat/waf.blocked-spike/info") == NULL);
	INT_EQ(ir->ndetectors, 0);
	/* The expression alarm: three MetricStats and one expression that returns data. */
	a = alarm(ir, "chat/errors-per-request/warning");
	CHECK(a != NULL);
	if (a) {
		CHECK(a->metric == NULL);
		INT_EQ(a->nqueries, 4);
		if (a->nqueries == 4) {
			STR_EQ(a->queries[3].expression,
			       "100 * (lb_target_5xx + lb_elb_5xx) / lb_requests");
			CHECK(a->queries[3].return_data);
			CHECK(!a->queries[0].return_data);
			STR_EQ(a->queries[0].id, "lb_target_5xx");
			INT_EQ(a->queries[0].metric->period_s, 60);
		}
		INT_EQ(a->evaluation_periods, 10);
	}
	/* Two SLOs x four rows: two child alarms and a composite each. */
	INT_EQ(ir->nslos, 2);
	INT_EQ(count_origin(ir, MC_IR_ORIGIN_SLO), 16);
	const mc_ir_composite *c = composite(ir, "chat/availability/burn-1h");
	CHECK(c != NULL);
	if (c) {
		STR_EQ(c->rule, "ALARM(\"chat/availability/burn-1h/long\") AND "
		                "ALARM(\"chat/availability/burn-1h/short\")");
		STR_EQ(c->tier, "critical");
		CHECK(c->suppressor == NULL);
		STR_EQ(c->on_alarm.topics[0], "topic/pager");
	}
	c = composite(ir, "chat/availability/burn-6h");
	CHECK(c && c->suppressor && strcmp(c->suppressor, "chat/availability/burn-1h") == 0);
	CHECK(c && c->suppressor_extension_s == 300 && c->suppressor_wait_s == 120);
	a = alarm(ir, "chat/availability/burn-1h/long");
	CHECK(a != NULL);
	if (a) {
		CHECK(a->threshold > 0.0719 && a->threshold < 0.0721);
		INT_EQ(a->period_s, 3600);
		INT_EQ(a->evaluation_periods, 1);
		INT_EQ(a->on_alarm.ntopics, 0);
		CHECK(a->tier == NULL);
		STR_EQ(a->queries[a->nqueries - 1].id, "error_ratio");
		STR_EQ(a->queries[a->nqueries - 1].expression, "bad / total");
	}
	/* The latency SLI counts good requests with TC(:2). */
	a = alarm(ir, "chat/latency/burn-1h/short");
	CHECK(a != NULL);
	if (a) {
		STR_EQ(a->queries[0].metric->stat, "TC(:2)");
		STR_EQ(a->queries[1].metric->stat, "SampleCount");
		STR_EQ(a->queries[a->nqueries - 1].expression, "1 - good / total");
		INT_EQ(a->period_s, 300);
	}
	/* Escalation: critical alarms and critical burn-rate composites escalate to lead. */
	a = alarm(ir, "chat/memory/critical/escalation");
	CHECK(a != NULL);
	if (a) {
		INT_EQ(a->origin, MC_IR_ORIGIN_ESCALATION);
		INT_EQ(a->evaluation_periods, 35);
		INT_EQ(a->datapoints, 35);
		STR_EQ(a->on_alarm.topics[0], "topic/lead");
		INT_EQ(a->on_alarm.nactions, 0);
	}
	CHECK(alarm(ir, "chat/memory/warning/escalation") == NULL);
	c = composite(ir, "chat/availability/burn-1h/escalation");
	CHECK(c && c->nchildren == 2 && c->on_alarm.ntopics == 1);
	CHECK(composite(ir, "chat/availability/burn-1d/escalation") == NULL);
	INT_EQ(ir->ncomposites, 12);
	/* Spot events become rules of their tiers. */
	INT_EQ(ir->nrules, 2);
	STR_EQ(ir->rules[0].id, "chat/host/spot-interruption");
	STR_EQ(ir->rules[0].name, "anythingllm-production-chat-host-spot-interruption");
	STR_EQ(ir->rules[0].targets.topics[0], "topic/pager");
	/* Sorted by id. */
	for (size_t i = 1; i < ir->nalarms; i++)
		CHECK(strcmp(ir->alarms[i - 1].id, ir->alarms[i].id) < 0);
	teardown(&f);
}

static void test_minimal(void)
{
	fixture f;
	run_file(&f, "examples/minimal/monitoring.yaml");
	INT_EQ(f.d.nerrors, 0);
	if (f.d.nerrors)
		dump(&f);
	const mc_ir *ir = f.ir;
	CHECK(ir != NULL);
	if (!ir) {
		teardown(&f);
		return;
	}
	INT_EQ(ir->ntiers, 3); /* critical declared, warning and info by default */
	STR_EQ(ir->tiers[1].name, "warning");
	INT_EQ(ir->tiers[1].ntopics, 0);
	const mc_ir_alarm *a = alarm(ir, "web/lb.availability/critical");
	CHECK(a != NULL);
	if (a) {
		STR_EQ(a->name, "shop-web-lb-availability-critical");
		INT_EQ(a->period_s, 60);
		INT_EQ(a->evaluation_periods, 5);
		INT_EQ(a->datapoints, 3);
	}
	CHECK(alarm(ir, "web/lb.latency-p99/warning") == NULL); /* no target group */
	INT_EQ(ir->ncomposites, 4);
	INT_EQ(ir->nslos, 1);
	CHECK(ir->slos[0].objective > 0.9989 && ir->slos[0].objective < 0.9991);
	INT_EQ(ir->slos[0].ncomposites, 4);
	INT_EQ(count_origin(ir, MC_IR_ORIGIN_ESCALATION), 0);
	teardown(&f);
}

/* ---- errors ---- */

#define HEAD                                                                      \
	"moncc: 1\nproject: shop\nregion: eu-west-1\n"                            \
	"notify:\n  oncall: { email: oncall@example.com }\n"

static void test_e0230_unresolved(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    resources:\n"
	         "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	         "    alarms:\n"
	         "      traffic: { metric: lb.requets, warning: \"> 5 for 5m\" }\n"
	         "      ratio: { expr: \"lb.requests / lb.nothing\", warning: \"> 5\" }\n");
	CHECK(f.ir == NULL);
	STR_EQ(at(&f, MC_E0230), "11:26");
	STR_EQ(help(&f, MC_E0230), "did you mean `lb.requests`?");
	const mc_diag *g = diag(&f, MC_E0230);
	CHECK(g && g->nnotes == 1);
	INT_EQ(f.d.nerrors, 2); /* lb.nothing inside the expression too */
	teardown(&f);
}

static void test_e0231_clash(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    resources:\n"
	         "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	         "    alarms:\n"
	         "      lb: { metric: lb.requests, warning: \"> 5 for 5m\" }\n");
	STR_EQ(at(&f, MC_E0231), "11:7");
	const mc_diag *g = diag(&f, MC_E0231);
	CHECK(g && g->nlabels == 2);
	teardown(&f);
}

static void test_e0232_unknown_tier(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    resources:\n"
	         "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	         "    alarms:\n"
	         "      traffic: { metric: lb.requests, critcal: \"> 5 for 5m\" }\n");
	STR_EQ(at(&f, MC_E0232), "11:39");
	STR_EQ(help(&f, MC_E0232), "did you mean `critical`?");
	teardown(&f);
}

static void test_e0233_e0244_targets(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "tiers:\n"
	         "  critical: { notify: [oncal], escalate: { after: 30m, to: [boss] } }\n");
	STR_EQ(at(&f, MC_E0233), "7:24");
	STR_EQ(help(&f, MC_E0233), "did you mean `oncall`?");
	INT_EQ(f.d.nerrors, 2); /* `boss` too */
	teardown(&f);
	/* Escalating to the targets the tier notifies anyway reaches nobody new. */
	run(&f, "t.yaml",
	    HEAD "tiers:\n"
	         "  critical: { notify: [oncall], escalate: { after: 30m, to: [oncall] } }\n");
	STR_EQ(at(&f, MC_E0244), "7:62");
	INT_EQ(f.d.nerrors, 1);
	teardown(&f);
}

static void test_e0234_no_tier(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    resources:\n"
	         "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	         "    alarms:\n"
	         "      traffic: { metric: lb.requests }\n");
	STR_EQ(at(&f, MC_E0234), "11:7");
	teardown(&f);
}

static void test_e0235_override(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    resources:\n"
	         "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	         "    overrides:\n"
	         "      lb.elb-5xxx: off\n"
	         "      lb.elb-504: { info: off }\n");
	STR_EQ(at(&f, MC_E0235), "11:7");
	STR_EQ(help(&f, MC_E0235), "did you mean `lb.elb-5xx`?");
	INT_EQ(f.d.nerrors, 1);
	teardown(&f);
}

static void test_overrides_apply(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    resources:\n"
	         "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	         "    overrides:\n"
	         "      lb.elb-504: off\n"
	         "      lb.elb-5xx: { info: off, warning: \">= 20 for 3 of 3\", period: 1m }\n");
	INT_EQ(f.d.nerrors, 0);
	if (f.d.nerrors)
		dump(&f);
	CHECK(alarm(f.ir, "web/lb.elb-504/info") == NULL);
	CHECK(alarm(f.ir, "web/lb.elb-5xx/info") == NULL);
	const mc_ir_alarm *a = alarm(f.ir, "web/lb.elb-5xx/warning");
	CHECK(a && a->threshold == 20 && a->period_s == 60 && a->evaluation_periods == 3);
	teardown(&f);
}

static void test_e0236_action(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    resources:\n"
	         "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	         "    alarms:\n"
	         "      traffic: { metric: lb.requests, warning: \"> 5\", on_alarm: [ec2:reboot] }\n");
	STR_EQ(at(&f, MC_E0236), "11:66");
	teardown(&f);
}

static void test_e0237_billing(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    metrics:\n"
	         "      spend: { namespace: AWS/Billing, name: EstimatedCharges, unit: usd,\n"
	         "               dimensions: { Currency: USD }, period: 6h, stat: Maximum }\n"
	         "    alarms:\n"
	         "      spend: { metric: spend, warning: \"> 100 USD for 6h\" }\n");
	/* `spend` is both a metric and an alarm: E0231 too. */
	CHECK(diag(&f, MC_E0231) != NULL);
	teardown(&f);
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    metrics:\n"
	         "      spend: { namespace: AWS/Billing, name: EstimatedCharges, unit: usd,\n"
	         "               dimensions: { Currency: USD }, period: 6h, stat: Maximum }\n"
	         "    alarms:\n"
	         "      bill: { metric: spend, warning: \"> 100 USD for 6h\" }\n");
	STR_EQ(at(&f, MC_E0237), "9:46"); /* the metric's `name:` */
	INT_EQ(f.d.nerrors, 1);
	if (f.d.nerrors != 1)
		dump(&f);
	teardown(&f);
}

static void test_e0238_too_many(void)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_puts(&b, HEAD "services:\n  web:\n    metrics:\n");
	for (int i = 0; i < 11; i++)
		mc_buf_printf(&b, "      m%d: { namespace: App, name: M%d }\n", i, i);
	mc_buf_puts(&b, "    alarms:\n      sum: { expr: \"m0");
	for (int i = 1; i < 11; i++)
		mc_buf_printf(&b, " + m%d", i);
	mc_buf_puts(&b, "\", warning: \"> 5\" }\n");
	fixture f;
	run(&f, "t.yaml", mc_buf_str(&b));
	STR_EQ(at(&f, MC_E0238), "21:20");
	teardown(&f);
	mc_buf_release(&b);
}

static void test_e0241_wrong_kind(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    resources:\n"
	         "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	         "    alarms:\n"
	         "      traffic: { metric: lb.availability, warning: \"> 5\" }\n");
	STR_EQ(at(&f, MC_E0241), "11:26");
	const mc_diag *g = diag(&f, MC_E0241);
	CHECK(g && strstr(g->message, "is an SLI, not a metric") != NULL);
	teardown(&f);
}

static void test_e0242_collision(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  a:\n"
	         "    metrics: { m: { namespace: App, name: M } }\n"
	         "    alarms: { b-c: { metric: m, warning: \"> 1\" } }\n"
	         "  a-b:\n"
	         "    metrics: { m: { namespace: App, name: M } }\n"
	         "    alarms: { c: { metric: m, warning: \"> 1\" } }\n");
	const mc_diag *g = diag(&f, MC_E0242);
	CHECK(g != NULL);
	CHECK(g && g->nlabels == 2);
	CHECK(g && strstr(g->message, "shop-a-b-c-warning") != NULL);
	teardown(&f);
}

static void test_escalation_too_long(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "  lead: { email: lead@example.com }\n"
	         "tiers:\n"
	         "  critical: { notify: [oncall], escalate: { after: 2d, to: [lead] } }\n"
	         "services:\n"
	         "  web:\n"
	         "    metrics: { m: { namespace: App, name: M, period: 1m } }\n"
	         "    alarms: { x: { metric: m, critical: \"> 1 for 5m\" } }\n");
	STR_EQ(at(&f, MC_E0206), "8:52");
	teardown(&f);
}

static void test_units_and_band(void)
{
	fixture f;
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    metrics:\n"
	         "      lat: { namespace: App, name: Latency, unit: milliseconds, period: 1m }\n"
	         "      n: { namespace: App, name: N, unit: count, stat: Sum }\n"
	         "    alarms:\n"
	         "      slow: { metric: lat, warning: \"p90 > 2s for 3 of 5\" }\n"
	         "      odd: { metric: n, info: \"outside band 2 for 15m\" }\n"
	         "      bad: { metric: n, warning: \"> 2s\" }\n");
	STR_EQ(at(&f, MC_E0201), "14:37");
	INT_EQ(f.d.nerrors, 1);
	teardown(&f);
	run(&f, "t.yaml",
	    HEAD "services:\n"
	         "  web:\n"
	         "    metrics:\n"
	         "      lat: { namespace: App, name: Latency, unit: milliseconds, period: 1m }\n"
	         "      n: { namespace: App, name: N, unit: count, stat: Sum }\n"
	         "    alarms:\n"
	         "      slow: { metric: lat, warning: \"p90 > 2s for 3 of 5\" }\n"
	         "      odd: { metric: n, info: \"outside band 2 for 15m\" }\n");
	INT_EQ(f.d.nerrors, 0);
	const mc_ir_alarm *a = alarm(f.ir, "web/slow/warning");
	CHECK(a && a->threshold == 2000 && a->datapoints == 3 && a->evaluation_periods == 5);
	CHECK(a && strcmp(a->metric->stat, "p90") == 0);
	a = alarm(f.ir, "web/odd/info");
	CHECK(a && a->nqueries == 2 && a->threshold_metric_id &&
	      strcmp(a->queries[1].expression, "ANOMALY_DETECTION_BAND(m1, 2)") == 0);
	CHECK(a && a->period_s == 300 && a->evaluation_periods == 3);
	INT_EQ(f.ir ? f.ir->ndetectors : 0, 1);
	teardown(&f);
}

/* ---- names ---- */

static void test_names(void)
{
	mc_arena *arena = mc_arena_new();
	char longpart[300];
	memset(longpart, 'x', 280);
	longpart[280] = '\0';
	const char *parts[] = {"shop", "prod", longpart, "critical"};
	const char *a = mc_lower_name_join(arena, 255, false, parts, 4);
	INT_EQ(strlen(a), 255);
	CHECK(a[246] == '-');
	CHECK(strncmp(a, "shop-prod-xxx", 13) == 0);
	const char *b = mc_lower_name_join(arena, 255, false, parts, 4);
	STR_EQ(a, b); /* stable */
	parts[3] = "warning";
	const char *c = mc_lower_name_join(arena, 255, false, parts, 4);
	CHECK(strcmp(a + 246, c + 246) != 0); /* the hash covers the part that was cut */
	/* Short names are joined as they are, NULL and "" parts skipped, `.` becomes `-`. */
	const char *p2[] = {"shop", NULL, "web", "", "lb.latency-p99", "warning"};
	STR_EQ(mc_lower_name_join(arena, 255, false, p2, 6), "shop-web-lb-latency-p99-warning");
	/* Rules: 64 bytes and `.` allowed. */
	const char *p3[] = {"anythingllm", "production", "chat-service-with-a-long-name", "host",
	                    "spot-interruption"};
	const char *r = mc_lower_name_join(arena, 64, true, p3, 5);
	INT_EQ(strlen(r), 64);
	/* FNV-1a 64 reference values. */
	CHECK(mc_fnv1a64("", 0) == 0xcbf29ce484222325ull);
	CHECK(mc_fnv1a64("a", 1) == 0xaf63dc4c8601ec8cull);
	mc_arena_free(arena);
}

int main(void)
{
	find_root();
	test_anythingllm();
	test_minimal();
	test_e0230_unresolved();
	test_e0231_clash();
	test_e0232_unknown_tier();
	test_e0233_e0244_targets();
	test_e0234_no_tier();
	test_e0235_override();
	test_overrides_apply();
	test_e0236_action();
	test_e0237_billing();
	test_e0238_too_many();
	test_e0241_wrong_kind();
	test_e0242_collision();
	test_escalation_too_long();
	test_units_and_band();
	test_names();
	mc_schema_spec_release();
	mc_schema_template_release();
	return harness_done();
}
