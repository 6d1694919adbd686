/*
 * The SLO and event parts of the lowering (compiler/lower/lower_slo.c, lower_alarm.c,
 * composite_limits.c): `slo_backend: application-signals` lowers to an Application Signals
 * SLO plus burn-rate alarms on its BurnRate metric, with E0221 for look-back windows it cannot
 * take and E0242 for name clashes; a kind's EventBridge rule gets a TriggeredRules alarm with
 * origin `event`; composite alarms over AWS's limits are E0239, each at its exact location.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "ir/ir_verify.h"
#include "load/load.h"
#include "lower/lower.h"
#include "lower/lower_internal.h"
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
	unsigned schema_errors;
} fixture;

static void dump(fixture *f)
{
	for (size_t i = 0; i < f->d.len; i++) {
		const mc_diag *g = f->d.v[i];
		mc_source *src =
		        g->nlabels ? mc_sources_get(&f->srcs, g->labels[0].span.file) : NULL;
		mc_pos pos = src ? mc_source_pos(src, g->labels[0].span.lo) : (mc_pos){0, 0};
		fprintf(stderr, "  %s:%u:%u: %s: %s\n", src ? src->path : "-", pos.line, pos.column,
		        mc_code_get(g->code)->id, g->message);
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
	f->schema_errors = f->d.nerrors;
	if (f->d.nerrors) {
		dump(f);
		return;
	}
	f->ts = mc_templates_load(&f->srcs, NULL, mc_node_get(spec, "imports"), &f->lim, f->arena,
	                          &f->d);
	f->ir = mc_lower(spec, "spec.yaml", f->ts, &f->srcs, f->arena, &f->d);
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

static const mc_ir_slo *slo(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; ir && i < ir->nslos; i++)
		if (strcmp(ir->slos[i].id, id) == 0)
			return &ir->slos[i];
	return NULL;
}

static size_t count_code(fixture *f, mc_code code)
{
	size_t n = 0;
	for (size_t i = 0; i < f->d.len; i++)
		n += f->d.v[i]->code == code;
	return n;
}

/* "L:C" of the primary label of the nth diagnostic with code, or "". */
static const char *at_n(fixture *f, mc_code code, size_t nth)
{
	static char buf[64];
	for (size_t i = 0; i < f->d.len; i++) {
		const mc_diag *g = f->d.v[i];
		if (g->code != code || !g->nlabels || nth-- > 0)
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

static const char *at(fixture *f, mc_code code)
{
	return at_n(f, code, 0);
}

static const mc_diag *diag(fixture *f, mc_code code)
{
	for (size_t i = 0; i < f->d.len; i++)
		if (f->d.v[i]->code == code)
			return f->d.v[i];
	return NULL;
}

static const char *dim(const mc_ir_metric *m, const char *name)
{
	for (size_t i = 0; m && i < m->ndims; i++)
		if (strcmp(m->dims[i].name, name) == 0)
			return m->dims[i].value;
	return NULL;
}

static bool verified(const mc_ir *ir)
{
	mc_buf report = MC_BUF_INIT;
	int n = mc_ir_verify(ir, &report);
	if (n)
		fprintf(stderr, "%s", mc_buf_str(&report));
	mc_buf_release(&report);
	return n == 0;
}

#define HEAD                                                                      \
	"moncc: 1\nproject: store\nenvironment: prod\nregion: us-east-1\n"        \
	"notify:\n  pager: { email: pager@example.com }\n"                        \
	"  team: { email: team@example.com }\n"                                   \
	"tiers:\n  critical: { notify: [pager] }\n  warning: { notify: [team] }\n"

#define LB                                                                        \
	"      lb: { kind: alb, load_balancer: app/cart/4444444444444444,\n"      \
	"            target_group: targetgroup/cart/5555555555555555 }\n"

/* ---- 1. Application Signals ---- */

static void test_app_signals(void)
{
	fixture f;
	run(&f, HEAD "defaults:\n  slo_backend: application-signals\n"
	             "services:\n  cart:\n    resources:\n" LB
	             "    slos:\n"
	             "      availability: { objective: 99.9%, sli: lb.availability }\n"
	             "      latency: { objective: 99%, window: 7d, sli: lb.latency, "
	             "threshold: 800ms }\n");
	INT_EQ(f.d.nerrors, 0);
	CHECK(f.ir != NULL);
	const mc_ir *ir = f.ir;
	if (!ir) {
		dump(&f);
		teardown(&f);
		return;
	}
	CHECK(verified(ir));
	const mc_ir_slo *s = slo(ir, "cart/availability");
	CHECK(s && s->application_signals && s->app);
	if (s && s->app) {
		const mc_ir_app_slo *x = s->app;
		STR_EQ(x->name, "store-prod-cart-availability");
		CHECK(x->attainment_pct == 99.9);
		CHECK(x->warning_pct == 50);
		INT_EQ(x->interval, 30);
		STR_EQ(x->interval_unit, "DAY");
		/* The multiwindow table's distinct windows: 5m 30m 1h 2h 6h 1d 3d. */
		static const uint32_t want[] = {5, 30, 60, 120, 360, 1440, 4320};
		INT_EQ(x->nburn_windows, 7);
		for (size_t i = 0; i < x->nburn_windows && i < 7; i++)
			INT_EQ(x->burn_windows_min[i], want[i]);
		/* The ALB availability SLI counts bad requests (5xx) over all requests. */
		CHECK(x->monitored_bad);
		CHECK(x->nmonitored >= 2 && x->ntotal >= 2);
		if (x->nmonitored >= 2 && x->ntotal >= 2) {
			const mc_ir_query *mq = &x->monitored[x->nmonitored - 1];
			const mc_ir_query *tq = &x->total[x->ntotal - 1];
			STR_EQ(mq->id, "bad");
			CHECK(mq->return_data && mq->expression);
			STR_EQ(tq->id, "total");
			CHECK(tq->return_data && tq->expression);
			CHECK(x->monitored[0].metric && x->monitored[0].metric->period_s == 60);
			CHECK(!x->monitored[0].return_data);
			STR_EQ(x->total[0].metric->metric, "RequestCount");
		}
		INT_EQ(s->ncomposites, 4);
	}
	/* The latency SLI: good = TC(:0.8) of TargetResponseTime, total = its SampleCount,
	 * each one metric that returns its own data. */
	s = slo(ir, "cart/latency");
	CHECK(s && s->app);
	if (s && s->app) {
		CHECK(!s->app->monitored_bad);
		INT_EQ(s->app->nmonitored, 1);
		INT_EQ(s->app->ntotal, 1);
		if (s->app->nmonitored == 1 && s->app->ntotal == 1) {
			STR_EQ(s->app->monitored[0].metric->stat, "TC(:0.8)");
			CHECK(s->app->monitored[0].return_data);
			STR_EQ(s->app->total[0].metric->stat, "SampleCount");
		}
		INT_EQ(s->app->interval, 7);
		CHECK(s->app->attainment_pct == 99);
	}

	/* Each row: two alarms on the published BurnRate, threshold = the factor. */
	const mc_ir_alarm *lo = alarm(ir, "cart/availability/burn-1h/long");
	const mc_ir_alarm *sh = alarm(ir, "cart/availability/burn-1h/short");
	CHECK(lo && sh);
	if (lo && sh) {
		CHECK(lo->metric && !lo->nqueries);
		STR_EQ(lo->metric->ns, "AWS/ApplicationSignals");
		STR_EQ(lo->metric->metric, "BurnRate");
		STR_EQ(dim(lo->metric, "SloName"), "store-prod-cart-availability");
		STR_EQ(dim(lo->metric, "BurnRateWindowMinutes"), "60");
		STR_EQ(dim(sh->metric, "BurnRateWindowMinutes"), "5");
		CHECK(lo->threshold == 14.4 && sh->threshold == 14.4);
		INT_EQ(lo->cmp, MC_IR_CMP_GT);
		INT_EQ(lo->period_s, 60);
		INT_EQ(lo->evaluation_periods, 1);
		INT_EQ(lo->missing, MC_IR_MISSING_NOT_BREACHING);
		INT_EQ(lo->origin, MC_IR_ORIGIN_SLO);
		INT_EQ(lo->on_alarm.ntopics, 0);
	}
	lo = alarm(ir, "cart/latency/burn-3d/long");
	CHECK(lo && lo->threshold > 0.2333333 && lo->threshold < 0.2333334);
	/* No alarm reads the raw error ratio in this mode. */
	for (size_t i = 0; i < ir->nalarms; i++)
		if (ir->alarms[i].origin == MC_IR_ORIGIN_SLO)
			CHECK(ir->alarms[i].metric &&
			      strcmp(ir->alarms[i].metric->metric, "BurnRate") == 0);

	/* Composites as in the default back-end: the tier's topics, faster rows suppress. */
	const mc_ir_composite *c = composite(ir, "cart/availability/burn-6h");
	CHECK(c != NULL);
	if (c) {
		STR_EQ(c->rule, "ALARM(\"cart/availability/burn-6h/long\") AND "
		                "ALARM(\"cart/availability/burn-6h/short\")");
		STR_EQ(c->tier, "critical");
		INT_EQ(c->on_alarm.ntopics, 1);
		STR_EQ(c->on_alarm.topics[0], "topic/pager");
		STR_EQ(c->suppressor, "cart/availability/burn-1h");
	}
	c = composite(ir, "cart/availability/burn-1d");
	CHECK(c && strcmp(c->tier, "warning") == 0 && c->on_alarm.ntopics == 1 &&
	      strcmp(c->on_alarm.topics[0], "topic/team") == 0);
	teardown(&f);
}

/* One SLO on Application Signals, the other on alarms; the default keeps error ratios. */
static void test_app_signals_per_slo(void)
{
	fixture f;
	run(&f, HEAD "services:\n  cart:\n    resources:\n" LB
	             "    slos:\n"
	             "      availability: { objective: 99.5%, sli: lb.availability,\n"
	             "                      backend: application-signals, window: 36h,\n"
	             "                      description: Requests succeed,\n"
	             "                      alerting: [{ tier: critical, long: 1h, short: 5m, "
	             "factor: 14 },\n"
	             "                                 { tier: warning, long: 6h, short: 30m, "
	             "factor: 6 }] }\n"
	             "      plain: { objective: 99.5%, window: 28d, sli: lb.availability }\n");
	INT_EQ(f.d.nerrors, 0);
	const mc_ir *ir = f.ir;
	CHECK(ir != NULL);
	if (!ir) {
		dump(&f);
		teardown(&f);
		return;
	}
	CHECK(verified(ir));
	const mc_ir_slo *s = slo(ir, "cart/availability");
	CHECK(s && s->app);
	if (s && s->app) {
		INT_EQ(s->app->interval, 36);
		STR_EQ(s->app->interval_unit, "HOUR");
		STR_EQ(s->app->description, "Requests succeed");
		INT_EQ(s->app->nburn_windows, 4);
	}
	s = slo(ir, "cart/plain");
	CHECK(s && !s->app && !s->application_signals);
	const mc_ir_alarm *a = alarm(ir, "cart/plain/burn-1h/long");
	CHECK(a && a->nqueries > 0 && !a->metric);
	teardown(&f);
}

/* More than 10 distinct look-back windows: E0221 at the table. */
static void test_app_signals_too_many_windows(void)
{
	fixture f;
	run(&f, HEAD "services:\n  cart:\n    resources:\n" LB
	             "    slos:\n"
	             "      availability:\n"
	             "        objective: 99.5%\n"
	             "        sli: lb.availability\n"
	             "        backend: application-signals\n"
	             "        alerting:\n"
	             "          - { tier: critical, long: 1h, short: 5m, factor: 14 }\n"
	             "          - { tier: critical, long: 2h, short: 10m, factor: 10 }\n"
	             "          - { tier: critical, long: 3h, short: 15m, factor: 8 }\n"
	             "          - { tier: warning, long: 6h, short: 20m, factor: 5 }\n"
	             "          - { tier: warning, long: 12h, short: 25m, factor: 3 }\n"
	             "          - { tier: warning, long: 1d, short: 35m, factor: 2 }\n");
	CHECK(f.ir == NULL);
	INT_EQ(count_code(&f, MC_E0221), 1);
	STR_EQ(at(&f, MC_E0221), "21:9"); /* the `alerting:` key */
	const mc_diag *g = diag(&f, MC_E0221);
	CHECK(g && strstr(g->message, "12 different windows") != NULL);
	CHECK(g && g->nnotes == 1 &&
	      strcmp(g->notes[0], "the windows: 5m, 10m, 15m, 20m, 25m, 35m, 1h, 2h, 3h, 6h, 12h, "
	                          "1d") == 0);
	teardown(&f);
}

/* A 30-second window is a fine alarm period but no LookBackWindowMinutes: E0221 at its row. */
static void test_app_signals_sub_minute_window(void)
{
	fixture f;
	run(&f, HEAD "services:\n  cart:\n    resources:\n" LB
	             "    slos:\n"
	             "      availability:\n"
	             "        objective: 99.5%\n"
	             "        sli: lb.availability\n"
	             "        backend: application-signals\n"
	             "        alerting:\n"
	             "          - { tier: critical, long: 1h, short: 5m, factor: 14 }\n"
	             "          - { tier: critical, long: 5m, short: 30s, factor: 20 }\n");
	CHECK(f.ir == NULL);
	INT_EQ(count_code(&f, MC_E0221), 1);
	STR_EQ(at(&f, MC_E0221), "23:48"); /* `30s` */
	const mc_diag *g = diag(&f, MC_E0221);
	CHECK(g && strstr(g->message, "`30s`") != NULL);
	teardown(&f);
	/* The same table on the default back-end is fine. */
	run(&f, HEAD "services:\n  cart:\n    resources:\n" LB
	             "    slos:\n"
	             "      availability:\n"
	             "        objective: 99.5%\n"
	             "        sli: lb.availability\n"
	             "        alerting:\n"
	             "          - { tier: critical, long: 1h, short: 5m, factor: 14 }\n"
	             "          - { tier: critical, long: 5m, short: 30s, factor: 20 }\n");
	INT_EQ(f.d.nerrors, 0);
	teardown(&f);
}

/* Names: long ones are shortened to 128 with a hash; a trailing `-` is dropped; clashes that
 * result are E0242 at both SLOs. */
static void test_app_signals_names(void)
{
	fixture f;
	run(&f, "moncc: 1\n"
	        "project: a-very-long-project-name-that-goes-on-and-on-for-a-while\n"
	        "environment: production-environment-with-an-equally-long-name\n"
	        "region: us-east-1\n"
	        "defaults: { slo_backend: application-signals }\n"
	        "services:\n  cart:\n    resources:\n" LB "    slos:\n"
	        "      availability: { objective: 99.5%, sli: lb.availability }\n"
	        "      availability-of-the-checkout-pages: { objective: 99%, sli: lb.availability "
	        "}\n");
	INT_EQ(f.d.nerrors, 0);
	const mc_ir_slo *s = slo(f.ir, "cart/availability-of-the-checkout-pages");
	CHECK(s && s->app);
	if (s && s->app) {
		size_t n = strlen(s->app->name);
		INT_EQ(n, 128);
		/* `-` and 8 hex digits of the full name's hash */
		CHECK(s->app->name[n - 9] == '-');
		const mc_ir_alarm *a = alarm(f.ir, "cart/availability-of-the-checkout-pages/burn-1h/long");
		CHECK(a && strcmp(dim(a->metric, "SloName"), s->app->name) == 0);
	}
	CHECK(f.ir && verified(f.ir));
	teardown(&f);

	run(&f, HEAD "defaults: { slo_backend: application-signals }\n"
	             "services:\n  cart:\n    resources:\n" LB "    slos:\n"
	             "      avail: { objective: 99.5%, sli: lb.availability }\n"
	             "      avail-: { objective: 99%, sli: lb.availability }\n");
	CHECK(f.ir == NULL);
	INT_EQ(count_code(&f, MC_E0242), 1);
	STR_EQ(at(&f, MC_E0242), "19:7"); /* `avail-`, which clashes with `avail` */
	const mc_diag *g = diag(&f, MC_E0242);
	CHECK(g && strstr(g->message, "`store-prod-cart-avail`") != NULL && g->nlabels == 2);
	teardown(&f);
}

/* ---- 2. events ---- */

#define SPOT_SPEC(project)                                                                   \
	"moncc: 1\nproject: " project "\nenvironment: dev\nregion: us-east-1\n"              \
	"notify:\n  pager: { email: pager@example.com }\n"                                   \
	"  team: { email: team@example.com }\n  lead: { email: lead@example.com }\n"        \
	"tiers:\n  critical: { notify: [pager], escalate: { after: 30m, to: [lead] } }\n"    \
	"  warning: { notify: [team] }\n"                                                    \
	"services:\n  worker:\n    resources:\n"                                             \
	"      host: { kind: ec2, instance: i-0123456789abcdef0, spot: true }\n"

static void test_event_alarms(void)
{
	fixture f;
	run(&f, SPOT_SPEC("llm"));
	INT_EQ(f.d.nerrors, 0);
	const mc_ir *ir = f.ir;
	CHECK(ir != NULL);
	if (!ir) {
		dump(&f);
		teardown(&f);
		return;
	}
	CHECK(verified(ir));
	const mc_ir_alarm *a = alarm(ir, "worker/host.spot-interruption/critical");
	CHECK(a != NULL);
	if (a) {
		INT_EQ(a->origin, MC_IR_ORIGIN_EVENT);
		STR_EQ(a->source, "host.spot-interruption");
		STR_EQ(a->tier, "critical");
		STR_EQ(a->name, "llm-dev-worker-host-spot-interruption-critical");
		CHECK(a->metric != NULL);
		STR_EQ(a->metric->ns, "AWS/Events");
		STR_EQ(a->metric->metric, "TriggeredRules");
		STR_EQ(a->metric->stat, "Sum");
		STR_EQ(dim(a->metric, "RuleName"), "llm-dev-worker-host-spot-interruption");
		INT_EQ(a->period_s, 60);
		INT_EQ(a->evaluation_periods, 1);
		INT_EQ(a->datapoints, 1);
		CHECK(a->threshold == 1);
		INT_EQ(a->cmp, MC_IR_CMP_GE);
		INT_EQ(a->missing, MC_IR_MISSING_NOT_BREACHING);
		/* The rule notifies; the alarm adds no second message. */
		INT_EQ(a->on_alarm.ntopics, 0);
		STR_EQ(a->runbook, "worker-host-spot-interruption");
		STR_EQ(at(&f, MC_E0230), ""); /* nothing reported */
	}
	a = alarm(ir, "worker/host.spot-rebalance/warning");
	CHECK(a && a->origin == MC_IR_ORIGIN_EVENT);
	/* An event has no duration: no escalation copy. */
	CHECK(alarm(ir, "worker/host.spot-interruption/critical/escalation") == NULL);
	/* Topics that rules target may be published to by EventBridge. */
	for (size_t i = 0; i < ir->ntopics; i++) {
		if (strcmp(ir->topics[i].id, "topic/pager") == 0 ||
		    strcmp(ir->topics[i].id, "topic/team") == 0)
			CHECK(ir->topics[i].from_events);
		else
			CHECK(!ir->topics[i].from_events);
	}
	INT_EQ(ir->nrules, 2);
	teardown(&f);

	/* `off` removes the rule and its alarm. */
	run(&f, SPOT_SPEC("llm") "    overrides:\n      host.spot-rebalance: off\n");
	INT_EQ(f.d.nerrors, 0);
	CHECK(f.ir && f.ir->nrules == 1);
	CHECK(alarm(f.ir, "worker/host.spot-rebalance/warning") == NULL);
	CHECK(alarm(f.ir, "worker/host.spot-interruption/critical") != NULL);
	teardown(&f);
}

/* Rule names fit EventBridge (64 of [.\-_A-Za-z0-9]) after shortening; the alarm's RuleName
 * dimension is the shortened name. */
static void test_event_rule_names(void)
{
	fixture f;
	run(&f, SPOT_SPEC("a-rather-long-project-name-for-rules"));
	INT_EQ(f.d.nerrors, 0);
	CHECK(f.ir != NULL);
	for (size_t i = 0; f.ir && i < f.ir->nrules; i++) {
		const char *n = f.ir->rules[i].name;
		CHECK(strlen(n) <= 64);
		CHECK(strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") ==
		      strlen(n));
	}
	const mc_ir_alarm *a = alarm(f.ir, "worker/host.spot-interruption/critical");
	CHECK(a != NULL);
	for (size_t i = 0; a && f.ir && i < f.ir->nrules; i++)
		if (strcmp(f.ir->rules[i].id, "worker/host/spot-interruption") == 0) {
			INT_EQ(strlen(f.ir->rules[i].name), 64);
			STR_EQ(dim(a->metric, "RuleName"), f.ir->rules[i].name);
		}
	CHECK(f.ir && verified(f.ir));
	teardown(&f);
}

/* ---- 3. composite limits ---- */

#define SIX_TARGETS                                                                          \
	"moncc: 1\nproject: shop\nregion: eu-west-1\nnotify:\n"                              \
	"  a: { email: a@example.com }\n  b: { email: b@example.com }\n"                     \
	"  c: { email: c@example.com }\n  d: { email: d@example.com }\n"                     \
	"  e: { email: e@example.com }\n  f: { email: f@example.com }\n"

static void test_composite_actions(void)
{
	fixture f;
	run(&f, SIX_TARGETS "tiers:\n  critical: { notify: [a, b, c, d, e, f] }\n"
	                    "services:\n  web:\n    resources:\n"
	                    "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef,\n"
	                    "            target_group: targetgroup/shop/0123456789abcdef }\n"
	                    "    slos:\n"
	                    "      availability: { objective: 99.9%, sli: lb.availability }\n"
	                    "      latency: { objective: 99%, sli: lb.latency, threshold: 1s }\n");
	CHECK(f.ir == NULL);
	/*
	 * Six targets break CloudWatch's 5 actions for every alarm of the tier, composites
	 * included: reported once, at the tier's 6th target (E0247), not once per composite.
	 */
	INT_EQ(count_code(&f, MC_E0247), 1);
	INT_EQ(count_code(&f, MC_E0239), 0);
	STR_EQ(at(&f, MC_E0247), "12:39");
	const mc_diag *g = diag(&f, MC_E0247);
	CHECK(g && strstr(g->message, "notifies 6 targets") != NULL);
	teardown(&f);

	/* Escalation to six targets: likewise, at the 6th target of `to:`. */
	run(&f, SIX_TARGETS "  g: { email: g@example.com }\n"
	                    "tiers:\n  critical: { notify: [g], escalate: { after: 10m, "
	                    "to: [a, b, c, d, e, f] } }\n"
	                    "services:\n  web:\n    resources:\n"
	                    "      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	                    "    slos:\n"
	                    "      availability: { objective: 99.9%, sli: lb.availability }\n");
	INT_EQ(count_code(&f, MC_E0247), 1);
	INT_EQ(count_code(&f, MC_E0239), 0);
	STR_EQ(at(&f, MC_E0247), "13:72");
	g = diag(&f, MC_E0247);
	CHECK(g && strstr(g->message, "escalates to 6 targets") != NULL);
	teardown(&f);
}

/* Rule size, children and elements, on composites made by hand in a lowering context. */
static void test_composite_rule_limits(void)
{
	mc_arena *arena = mc_arena_new();
	mc_diags d;
	mc_diags_init(&d, arena);
	mc_lower_ctx cx;
	memset(&cx, 0, sizeof cx);
	cx.arena = arena;
	cx.d = &d;
	mc_span span = {1, 10, 20};

	/* 101 children: too many (and so too many elements, reported once). */
	mc_buf rule = MC_BUF_INIT;
	const char **kids = mc_arena_alloc(arena, 101 * sizeof *kids);
	for (int i = 0; i < 101; i++) {
		kids[i] = mc_arena_printf(arena, "x/%03d", i);
		mc_buf_printf(&rule, "%sALARM(\"%s\")", i ? " OR " : "", kids[i]);
	}
	mc_ir_composite *c = MC_LOWER_PUSH(&cx, composites);
	c->id = "x/many";
	c->name = "many";
	c->rule = mc_arena_strdup(arena, mc_buf_str(&rule));
	c->children = kids;
	c->nchildren = 101;
	c->span = span;

	/* A rule that is short in ids but long in AWS names: 2 x 255-byte names are fine, 41
	 * are not (41 x (255 + 9) + 40 x 4 > 10,240). */
	mc_ir_alarm *a = MC_LOWER_PUSH(&cx, alarms);
	char longname[256];
	memset(longname, 'n', 255);
	longname[255] = '\0';
	a->id = "y/a";
	a->name = mc_arena_strdup(arena, longname);
	mc_buf_clear(&rule);
	for (int i = 0; i < 41; i++)
		mc_buf_printf(&rule, "%sALARM(\"y/a\")", i ? " OR " : "");
	c = MC_LOWER_PUSH(&cx, composites);
	c->id = "y/long";
	c->name = "long";
	c->rule = mc_arena_strdup(arena, mc_buf_str(&rule));
	c->children = mc_arena_alloc(arena, sizeof *c->children);
	c->children[0] = "y/a";
	c->nchildren = 1;
	c->span = span;

	/* 250 children in parentheses: 99 children, but more than 500 elements. */
	mc_buf_clear(&rule);
	for (int i = 0; i < 99; i++)
		mc_buf_printf(&rule, "%s((((ALARM(\"z\")))))", i ? " OR " : "");
	c = MC_LOWER_PUSH(&cx, composites);
	c->id = "z/nested";
	c->name = "nested";
	c->rule = mc_arena_strdup(arena, mc_buf_str(&rule));
	c->children = mc_arena_alloc(arena, sizeof *c->children);
	c->children[0] = "z";
	c->nchildren = 99;
	c->span = span;

	/* 41 ids again, but with short names: long enough to be measured with names (each could
	 * be 255 bytes), short enough once measured. */
	a = MC_LOWER_PUSH(&cx, alarms);
	a->id = "v/b";
	a->name = "b";
	mc_buf_clear(&rule);
	for (int i = 0; i < 41; i++)
		mc_buf_printf(&rule, "%sALARM(\"v/b\")", i ? " OR " : "");
	c = MC_LOWER_PUSH(&cx, composites);
	c->id = "v/short";
	c->name = "short";
	c->rule = mc_arena_strdup(arena, mc_buf_str(&rule));
	c->children = mc_arena_alloc(arena, sizeof *c->children);
	c->children[0] = "v/b";
	c->nchildren = 1;
	c->span = span;

	/* Within every limit: nothing. */
	c = MC_LOWER_PUSH(&cx, composites);
	c->id = "w/ok";
	c->name = "ok";
	c->rule = "(ALARM(\"y/a\") AND NOT ALARM(\"y/a\")) OR FALSE";
	c->children = mc_arena_alloc(arena, sizeof *c->children);
	c->children[0] = "y/a";
	c->nchildren = 1;
	c->span = span;

	mc_lower_check_composites(&cx);
	INT_EQ(d.len, 3);
	if (d.len == 3) {
		STR_EQ(d.v[0]->message, "composite alarm `x/many` combines 101 alarms, more than "
		                        "CloudWatch allows");
		STR_EQ(d.v[1]->message, "the rule of composite alarm `y/long` is 10984 characters "
		                        "long, more than CloudWatch allows");
		STR_EQ(d.v[2]->message, "the rule of composite alarm `z/nested` has 891 elements, "
		                        "more than CloudWatch allows");
		INT_EQ(d.v[0]->code, MC_E0239);
		CHECK(d.v[0]->labels[0].span.lo == 10 && d.v[0]->labels[0].span.hi == 20);
	}
	mc_buf_release(&rule);
	free(cx.composites);
	free(cx.alarms);
	mc_diags_release(&d);
	mc_arena_free(arena);
}

int main(void)
{
	test_app_signals();
	test_app_signals_per_slo();
	test_app_signals_too_many_windows();
	test_app_signals_sub_minute_window();
	test_app_signals_names();
	test_event_alarms();
	test_event_rule_names();
	test_composite_actions();
	test_composite_rule_limits();
	return harness_done();
}
