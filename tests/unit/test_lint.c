/*
 * The lint rules (compiler/lint, docs/lint.md), on hand-built IRs.
 *
 * Until the lowering is complete, each test builds the IR the lowering is meant to produce
 * for the contract example examples/anythingllm/monitoring.yaml (or the minimal one), with
 * spans taken from the real example file, then breaks one thing and checks that exactly the
 * rule about it fires, once, at the right place. The two contract IRs themselves lint to
 * the findings docs/lint.md explains (status-check has no runbook; errors-per-request has no
 * low-traffic guard; the minimal spec's default `warning` tier notifies no one).
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "driver/check.h"
#include "ir/ir.h"
#include "lint/lint.h"
#include "load/load.h"
#include "template/template.h"
#include "harness.h"

static char root[4096];

static void find_root(void)
{
	const char *self = __FILE__;
	const char *cut = strstr(self, "tests/unit/test_lint.c");
	size_t n = cut ? (size_t)(cut - self) : 0;
	snprintf(root, sizeof root, "%.*s", (int)n, self);
}

typedef struct {
	mc_arena *arena;
	mc_sources srcs;
	mc_diags d;
	mc_load_limits lim;
	uint32_t file;
	const char *text;
	mc_ir *ir;
} fixture;

enum { CAP = 32 }; /* items of each kind a test IR may hold */

static void setup(fixture *f, const char *example)
{
	memset(f, 0, sizeof *f);
	f->arena = mc_arena_new();
	mc_sources_init(&f->srcs);
	mc_diags_init(&f->d, f->arena);
	mc_load_limits_default(&f->lim);
	char path[4200];
	snprintf(path, sizeof path, "%sexamples/%s/monitoring.yaml", root, example);
	f->file = mc_load_read_file(&f->srcs, path, &f->lim, &f->d);
	CHECK(f->file != 0);
	mc_source *src = mc_sources_get(&f->srcs, f->file);
	f->text = src ? src->text : "";

	mc_ir *ir = mc_arena_alloc(f->arena, sizeof *ir);
	ir->services = mc_arena_alloc(f->arena, CAP * sizeof *ir->services);
	ir->tiers = mc_arena_alloc(f->arena, CAP * sizeof *ir->tiers);
	ir->topics = mc_arena_alloc(f->arena, CAP * sizeof *ir->topics);
	ir->alarms = mc_arena_alloc(f->arena, CAP * sizeof *ir->alarms);
	ir->composites = mc_arena_alloc(f->arena, CAP * sizeof *ir->composites);
	ir->rules = mc_arena_alloc(f->arena, CAP * sizeof *ir->rules);
	ir->budgets = mc_arena_alloc(f->arena, CAP * sizeof *ir->budgets);
	ir->cost_anomalies = mc_arena_alloc(f->arena, CAP * sizeof *ir->cost_anomalies);
	ir->slos = mc_arena_alloc(f->arena, CAP * sizeof *ir->slos);
	ir->dashboards = mc_arena_alloc(f->arena, CAP * sizeof *ir->dashboards);
	ir->runbooks = mc_arena_alloc(f->arena, CAP * sizeof *ir->runbooks);
	f->ir = ir;
}

static void teardown(fixture *f)
{
	mc_diags_release(&f->d);
	mc_sources_release(&f->srcs);
	mc_arena_free(f->arena);
}

/* The span of the first `needle` after the first `after` (NULL: from the start). */
static mc_span at(fixture *f, const char *after, const char *needle)
{
	const char *from = after ? strstr(f->text, after) : f->text;
	const char *p = from ? strstr(from, needle) : NULL;
	CHECK(p != NULL);
	if (!p)
		return MC_NO_SPAN;
	uint32_t lo = (uint32_t)(p - f->text);
	return (mc_span){f->file, lo, lo + (uint32_t)strlen(needle)};
}

static const char **strs(fixture *f, size_t n, const char *a, const char *b)
{
	const char **v = mc_arena_alloc(f->arena, 2 * sizeof *v);
	v[0] = a;
	v[1] = b;
	(void)n;
	return v;
}

static mc_ir_metric *metric(fixture *f, const char *ns, const char *name, const char *stat,
                            bool sparse)
{
	mc_ir_metric *m = mc_arena_alloc(f->arena, sizeof *m);
	m->ns = ns;
	m->metric = name;
	m->stat = stat;
	m->period_s = 300;
	m->sparse = sparse;
	return m;
}

static mc_ir_tier *tier(fixture *f, const char *name, unsigned rank, const char *topic)
{
	mc_ir *ir = f->ir;
	mc_ir_tier *t = &ir->tiers[ir->ntiers++];
	t->name = name;
	t->rank = rank;
	if (topic) {
		t->topics = strs(f, 1, topic, NULL);
		t->ntopics = 1;
	}
	return t;
}

static mc_ir_topic *topic(fixture *f, const char *target, mc_span span)
{
	mc_ir *ir = f->ir;
	mc_ir_topic *t = &ir->topics[ir->ntopics++];
	t->id = mc_arena_printf(f->arena, "topic/%s", target);
	t->target = target;
	t->name = mc_arena_printf(f->arena, "%s-%s", ir->project, target);
	t->nsubscriptions = 1;
	t->span = span;
	return t;
}

static void tier_actions(fixture *f, mc_ir_actions *a, const char *tier_name)
{
	for (size_t i = 0; i < f->ir->ntiers; i++)
		if (strcmp(f->ir->tiers[i].name, tier_name) == 0) {
			a->topics = f->ir->tiers[i].topics;
			a->ntopics = f->ir->tiers[i].ntopics;
		}
}

static mc_ir_alarm *add_alarm(fixture *f, const char *service, const char *source,
                              const char *tier_name, mc_ir_origin origin, mc_span span)
{
	mc_ir *ir = f->ir;
	mc_ir_alarm *a = &ir->alarms[ir->nalarms++];
	a->id = mc_arena_printf(f->arena, "%s/%s/%s", service, source, tier_name ? tier_name : "x");
	a->name = mc_arena_printf(f->arena, "%s-%s-%s-%s", ir->project, service, source,
	                          tier_name ? tier_name : "x");
	a->service = service;
	a->source = source;
	a->tier = tier_name;
	a->origin = origin;
	a->cmp = MC_IR_CMP_GT;
	a->threshold = 80;
	a->period_s = 300;
	a->evaluation_periods = a->datapoints = 3;
	a->missing = MC_IR_MISSING_NOT_BREACHING;
	a->span = span;
	if (tier_name)
		tier_actions(f, &a->on_alarm, tier_name);
	return a;
}

static mc_ir_runbook *runbook(fixture *f, const char *id, const char *body)
{
	mc_ir_runbook *r = &f->ir->runbooks[f->ir->nrunbooks++];
	r->id = id;
	r->title = id;
	r->body = body;
	return r;
}

static void query(fixture *f, mc_ir_alarm *a, const char *id, mc_ir_metric *m, const char *expr,
                  const char *label)
{
	if (!a->queries)
		a->queries = mc_arena_alloc(f->arena, 8 * sizeof *a->queries);
	mc_ir_query *q = &a->queries[a->nqueries++];
	q->id = id;
	q->metric = m;
	q->expression = expr;
	q->label = label;
	for (size_t i = 0; i < a->nqueries; i++)
		a->queries[i].return_data = false;
	q->return_data = true; /* the last one added is the result */
}

static void dashboard(fixture *f, const char *name, mc_span span)
{
	mc_ir_dashboard *b = &f->ir->dashboards[f->ir->ndashboards++];
	b->id = mc_arena_printf(f->arena, "dashboard/%s", name);
	b->name = mc_arena_printf(f->arena, "%s-%s", f->ir->project, name);
	b->widgets = mc_arena_alloc(f->arena, sizeof *b->widgets);
	b->widgets[0].kind = MC_IR_WIDGET_TEXT;
	b->widgets[0].markdown = "x";
	b->nwidgets = 1;
	b->span = span;
}

static struct mc_ir_resource *resources(fixture *f, mc_ir_service *s, size_t n)
{
	s->resources = mc_arena_alloc(f->arena, n * sizeof *s->resources);
	return s->resources;
}

/*
 * The IR the lowering should produce for examples/anythingllm/monitoring.yaml, in the parts
 * the rules read. With fix_contract, also the two things the example leaves to lint (a
 * runbook for status-check and a guard on errors-per-request), so that it lints clean and
 * every other test can break one thing in it.
 */
static void build_anythingllm(fixture *f, bool fix_contract)
{
	setup(f, "anythingllm");
	mc_ir *ir = f->ir;
	ir->project = "anythingllm";
	ir->environment = "production";
	ir->region = "us-east-1";

	mc_ir_tier *crit = tier(f, "critical", 0, "topic/pager");
	crit->span = at(f, "tiers:", "critical");
	crit->escalate_after_s = 1800;
	crit->escalate_topics = strs(f, 1, "topic/lead", NULL);
	crit->nescalate_topics = 1;
	tier(f, "warning", 1, "topic/team")->span = at(f, "tiers:", "warning");
	tier(f, "info", 2, NULL)->span = at(f, "tiers:", "info");
	topic(f, "lead", at(f, "notify:  ", "lead:"));
	topic(f, "pager", at(f, "notify:  ", "pager:"));
	topic(f, "team", at(f, "notify:  ", "team:"));

	mc_ir_service *s = &ir->services[ir->nservices++];
	s->name = "chat";
	s->span = at(f, "services:", "chat:");
	struct mc_ir_resource *r = resources(f, s, 3);
	r[0] = (struct mc_ir_resource){"host", "ec2", at(f, "resources:", "host:"), NULL};
	r[1] = (struct mc_ir_resource){"lb", "alb", at(f, "resources:", "lb:"), NULL};
	r[2] = (struct mc_ir_resource){"waf", "waf", at(f, "resources:", "waf:"), NULL};
	s->nresources = 3;

	/* The spec's alarms. */
	mc_span mem = at(f, "alarms:", "memory:");
	mc_ir_metric *used = metric(f, "CWAgent", "mem_used_percent", "Average", false);
	add_alarm(f, "chat", "memory", "critical", MC_IR_ORIGIN_SPEC, mem)->metric = used;
	add_alarm(f, "chat", "memory", "warning", MC_IR_ORIGIN_SPEC, mem)->metric = used;
	ir->alarms[0].runbook = ir->alarms[1].runbook = "chat-memory";
	runbook(f, "chat-memory", "The container is close to the instance's memory.");

	mc_ir_alarm *sc = add_alarm(f, "chat", "status-check", "critical", MC_IR_ORIGIN_SPEC,
	                            at(f, "alarms:", "status-check:"));
	sc->metric = metric(f, "AWS/EC2", "StatusCheckFailed_System", "Maximum", false);
	sc->cmp = MC_IR_CMP_GE;
	sc->threshold = 1;
	if (fix_contract) {
		sc->runbook = "chat-status-check";
		runbook(f, "chat-status-check", "Recover the instance, then check the host.");
	}

	mc_ir_alarm *epr = add_alarm(f, "chat", "errors-per-request", "warning", MC_IR_ORIGIN_SPEC,
	                             at(f, "alarms:", "errors-per-request:"));
	epr->threshold = 2;
	query(f, epr, "lb_target_5xx",
	      metric(f, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", true), NULL,
	      "lb.target_5xx");
	query(f, epr, "lb_elb_5xx",
	      metric(f, "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", true), NULL,
	      "lb.elb_5xx");
	query(f, epr, "lb_requests", metric(f, "AWS/ApplicationELB", "RequestCount", "Sum", true),
	      NULL, "lb.requests");
	query(f, epr, "e1", NULL,
	      fix_contract
	              ? "IF(lb_requests >= 20, 100 * (lb_target_5xx + lb_elb_5xx) / lb_requests, 0)"
	              : "100 * (lb_target_5xx + lb_elb_5xx) / lb_requests",
	      NULL);

	/* A kind's alarm, overridden in the spec: the template line is the secondary place. */
	mc_ir_alarm *p99 = add_alarm(f, "chat", "lb.latency-p99", "warning", MC_IR_ORIGIN_KIND,
	                             at(f, "overrides:", "lb.latency-p99"));
	p99->metric = metric(f, "AWS/ApplicationELB", "TargetResponseTime", "p99", false);
	p99->threshold = 1.5;
	p99->low_sample = "evaluate";
	p99->runbook = "chat-lb-latency-p99";
	runbook(f, "chat-lb-latency-p99", "Slow targets: check the model backend.");

	/* SLO burn-rate children and a composite; moncc writes their runbook. */
	mc_span avail = at(f, "slos:", "availability:");
	mc_ir_alarm *burn = add_alarm(f, "chat", "availability", NULL, MC_IR_ORIGIN_SLO, avail);
	burn->id = "chat/availability/burn-1h";
	query(f, burn, "bad",
	      metric(f, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", true), NULL,
	      NULL);
	query(f, burn, "total", metric(f, "AWS/ApplicationELB", "RequestCount", "Sum", true), NULL,
	      NULL);
	query(f, burn, "ratio", NULL, "bad / total", NULL);
	burn->missing = MC_IR_MISSING_MISSING;
	mc_ir_composite *c = &ir->composites[ir->ncomposites++];
	c->id = "chat/availability/burn-fast";
	c->name = "anythingllm-production-chat-availability-burn-fast";
	c->service = "chat";
	c->source = "availability";
	c->tier = "critical";
	c->origin = MC_IR_ORIGIN_SLO;
	c->runbook = "chat-availability";
	tier_actions(f, &c->on_alarm, "critical");
	c->span = avail;
	runbook(f, "chat-availability", "Burning the error budget: see the availability runbook.");

	mc_ir_slo *o = &ir->slos[ir->nslos++];
	o->id = "chat/availability";
	o->service = "chat";
	o->name = "availability";
	o->objective = 0.995;
	o->window_s = 30 * 86400;
	o->span = avail;

	/* `spot: true`: the ec2 kind's interruption rule. */
	mc_ir_event_rule *ev = &ir->rules[ir->nrules++];
	ev->id = "chat/host/spot-interruption";
	ev->name = "anythingllm-production-chat-host-spot-interruption";
	ev->service = "chat";
	ev->tier = "critical";
	ev->runbook = "chat-host-spot-interruption";
	tier_actions(f, &ev->targets, "critical");
	ev->span = at(f, "resources:", "host:");
	runbook(f, "chat-host-spot-interruption", "The instance stops in two minutes.");

	/* Cost. */
	mc_ir_budget *b = &ir->budgets[ir->nbudgets++];
	b->id = "budget/monthly";
	b->name = "anythingllm-production-monthly";
	b->amount = 400;
	b->span = at(f, "cost:", "monthly:");
	b->alerts = mc_arena_alloc(f->arena, 2 * sizeof *b->alerts);
	b->nalerts = 2;
	b->alerts[0] = (struct mc_ir_budget_alert){true,      80,
	                                           "warning", strs(f, 1, "topic/team", NULL),
	                                           1,         at(f, "alerts:", "tier: warning")};
	b->alerts[1] = (struct mc_ir_budget_alert){false,      100,
	                                           "critical", strs(f, 1, "topic/pager", NULL),
	                                           1,          at(f, "alerts:", "tier: critical")};
	mc_ir_cost_anomaly *an = &ir->cost_anomalies[ir->ncost_anomalies++];
	an->id = "cost/anomalies";
	an->tier = "warning";
	an->topics = strs(f, 1, "topic/team", NULL);
	an->ntopics = 1;
	an->span = at(f, "cost:", "anomalies:");

	dashboard(f, "health", at(f, "dashboards:", "health:"));
	dashboard(f, "cost", at(f, "dashboards:", "cost:"));
	dashboard(f, "executive", at(f, "dashboards:", "executive:"));
	dashboard(f, "chat-detail", at(f, "dashboards:", "chat-detail:"));
}

/* How many diagnostics of code, and the first of them. */
static size_t count(fixture *f, mc_code code, const mc_diag **first)
{
	size_t n = 0;
	if (first)
		*first = NULL;
	for (size_t i = 0; i < f->d.len; i++)
		if (f->d.v[i]->code == code && n++ == 0 && first)
			*first = f->d.v[i];
	return n;
}

/* The IR contract: arrays sorted by id (lower.c does it); the fixtures add in any order. */
static int runbook_cmp(const void *a, const void *b)
{
	return strcmp(((const mc_ir_runbook *)a)->id, ((const mc_ir_runbook *)b)->id);
}

static void lint(mc_ir *ir, const mc_templates *ts, mc_diags *d)
{
	if (ir && ir->nrunbooks > 1)
		qsort(ir->runbooks, ir->nrunbooks, sizeof *ir->runbooks, runbook_cmp);
	mc_lint(ir, ts, d);
}

static const char *span_text(fixture *f, mc_span s)
{
	return mc_arena_strndup(f->arena, f->text + s.lo, s.hi - s.lo);
}

static void dump(fixture *f)
{
	for (size_t i = 0; i < f->d.len; i++)
		fprintf(stderr, "  %s: %s\n", mc_code_get(f->d.v[i]->code)->id, f->d.v[i]->message);
}

/* Runs lint and checks that only `code` fired, `want` times; returns the first. */
static const mc_diag *lint_only(fixture *f, mc_code code, size_t want)
{
	lint(f->ir, NULL, &f->d);
	const mc_diag *g;
	size_t n = count(f, code, &g);
	INT_EQ(n, want);
	INT_EQ(f->d.len, want);
	INT_EQ(f->d.nerrors, 0);
	if (f->d.len != want)
		dump(f);
	if (g)
		CHECK(g->level == MC_LEVEL_WARNING && g->help != NULL && g->nlabels >= 1);
	return g;
}

static void test_clean(void)
{
	fixture f;
	build_anythingllm(&f, true);
	lint_only(&f, MC_W0001, 0);
	teardown(&f);
}

/* The contract example as written: two findings, explained in docs/lint.md. */
static void test_contract_anythingllm(void)
{
	fixture f;
	build_anythingllm(&f, false);
	lint(f.ir, NULL, &f.d);
	INT_EQ(f.d.len, 2);
	const mc_diag *g;
	INT_EQ(count(&f, MC_W0001, &g), 1);
	if (g) {
		STR_EQ(g->message,
		       "critical alarm `status-check` in service `chat` has no runbook");
		STR_EQ(span_text(&f, g->labels[0].span), "status-check:");
	}
	INT_EQ(count(&f, MC_W0005, &g), 1);
	if (g) {
		STR_EQ(g->message, "alarm `errors-per-request` in service `chat` divides by "
		                   "`lb.requests` without a low-traffic guard");
		STR_EQ(span_text(&f, g->labels[0].span), "errors-per-request:");
		STR_EQ(g->help, "evaluate it only with enough traffic: `IF(lb.requests >= 20, "
		                "100 * (lb.target_5xx + lb.elb_5xx) / lb.requests, 0)`");
	}
	if (f.d.len != 2)
		dump(&f);
	teardown(&f);
}

/*
 * The minimal example: tier `critical` notifies `oncall`; the default `warning` tier, which
 * the spec never writes, notifies no one while the alb kind's warning alarms use it. That is
 * the default's record-only behaviour, not a finding: the example lints clean.
 */
static void test_contract_minimal(void)
{
	fixture f;
	setup(&f, "minimal");
	mc_ir *ir = f.ir;
	ir->project = "shop";
	ir->region = "eu-west-1";
	tier(&f, "critical", 0, "topic/oncall")->span = at(&f, "tiers:", "critical");
	tier(&f, "warning", 1, NULL);
	tier(&f, "info", 2, NULL);
	topic(&f, "oncall", at(&f, "notify:", "oncall:"));
	mc_ir_service *s = &ir->services[ir->nservices++];
	s->name = "web";
	s->resources = resources(&f, s, 1);
	s->resources[0] = (struct mc_ir_resource){"lb", "alb", at(&f, "resources:", "lb:"), NULL};
	s->nresources = 1;
	mc_span lb = at(&f, "resources:", "lb:");
	mc_ir_alarm *a = add_alarm(&f, "web", "lb.availability", "critical", MC_IR_ORIGIN_KIND, lb);
	a->runbook = "web-lb-availability";
	query(&f, a, "requests", metric(&f, "AWS/ApplicationELB", "RequestCount", "Sum", true),
	      NULL, NULL);
	query(&f, a, "target_5xx",
	      metric(&f, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", true), NULL,
	      NULL);
	query(&f, a, "e1", NULL,
	      "IF(FILL(requests, 0) >= 20, 100 * FILL(target_5xx, 0) / FILL(requests, 0), 0)",
	      NULL);
	add_alarm(&f, "web", "lb.latency-p99", "warning", MC_IR_ORIGIN_KIND, lb)->metric =
	        metric(&f, "AWS/ApplicationELB", "TargetResponseTime", "p99", false);
	add_alarm(&f, "web", "lb.unhealthy-hosts", "warning", MC_IR_ORIGIN_KIND, lb)->metric =
	        metric(&f, "AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", false);
	ir->alarms[2].missing = MC_IR_MISSING_MISSING;
	runbook(&f, "web-lb-availability", "Users see 5xx.");
	mc_ir_slo *o = &ir->slos[ir->nslos++];
	o->id = "web/availability";
	o->service = "web";
	o->name = "availability";
	o->objective = 0.999;
	o->window_s = 30 * 86400;
	o->span = at(&f, "slos:", "availability:");

	lint_only(&f, MC_W0002, 0);
	teardown(&f);
}

static void test_critical_runbook(void)
{
	fixture f;
	build_anythingllm(&f, true);
	/* An empty body counts as none; warning alarms are not judged. */
	f.ir->runbooks[0].body = "  \n";
	f.ir->alarms[3].runbook = NULL; /* errors-per-request, warning */
	const mc_diag *g = lint_only(&f, MC_W0001, 1);
	if (g) {
		STR_EQ(g->message,
		       "critical alarm `memory` in service `chat` has an empty runbook");
		STR_EQ(span_text(&f, g->labels[0].span), "memory:");
	}
	teardown(&f);

	/* A kind's alarm: the help names the override, the template line is labelled. */
	build_anythingllm(&f, true);
	mc_ir_alarm *p99 = &f.ir->alarms[4];
	p99->tier = "critical";
	p99->runbook = NULL;
	mc_span tmpl = at(&f, NULL, "moncc: 1");
	p99->template_span = tmpl;
	g = lint_only(&f, MC_W0001, 1);
	if (g) {
		CHECK(strstr(g->help, "`lb.latency-p99: { runbook: | ... }`") != NULL);
		INT_EQ(g->nlabels, 2);
		STR_EQ(g->labels[1].text, "defined in the kind here");
	}
	teardown(&f);

	/* Generated items (SLO composites) are the lowering's business. */
	build_anythingllm(&f, true);
	f.ir->composites[0].runbook = NULL;
	lint_only(&f, MC_W0001, 0);
	teardown(&f);
}

static void test_silent_tier(void)
{
	fixture f;
	build_anythingllm(&f, true);
	f.ir->tiers[1].ntopics = 0; /* warning */
	const mc_diag *g = lint_only(&f, MC_W0002, 1);
	if (g) {
		STR_EQ(g->message, "tier `warning` notifies no one, but 5 items use it");
		STR_EQ(span_text(&f, g->labels[0].span), "warning");
		INT_EQ(g->nlabels, 2);
		STR_EQ(span_text(&f, g->labels[1].span), "memory:");
	}
	teardown(&f);

	/* A default tier the spec never writes (no span) is record-only by design. */
	build_anythingllm(&f, true);
	f.ir->tiers[1].ntopics = 0;
	f.ir->tiers[1].span = MC_NO_SPAN;
	lint_only(&f, MC_W0002, 0);
	teardown(&f);

	/* The least severe tier may be record-only; an unused silent tier is fine too. */
	build_anythingllm(&f, true);
	f.ir->alarms[1].tier = "info";
	lint_only(&f, MC_W0002, 0);
	teardown(&f);
}

static void test_unused_target(void)
{
	fixture f;
	build_anythingllm(&f, true);
	f.ir->tiers[0].nescalate_topics = 0; /* nobody escalates to `lead` any more */
	const mc_diag *g = lint_only(&f, MC_W0003, 1);
	if (g) {
		STR_EQ(g->message, "notification target `lead` is not used");
		STR_EQ(span_text(&f, g->labels[0].span), "lead:");
	}
	teardown(&f);

	/* A target used only by a budget alert or an anomaly monitor is used. */
	build_anythingllm(&f, true);
	f.ir->tiers[1].topics = strs(&f, 1, "topic/pager", NULL);
	lint_only(&f, MC_W0003, 0);
	teardown(&f);
}

static void test_rate_guard(void)
{
	fixture f;
	/* A guard in another expression query protects the division it names. */
	build_anythingllm(&f, true);
	mc_ir_alarm *a = &f.ir->alarms[3];
	a->queries[3].expression = "100 * (lb_target_5xx + lb_elb_5xx) / lb_requests";
	a->queries[3].return_data = false;
	query(&f, a, "e2", NULL, "IF(lb_requests > 50, e1, 0)", NULL);
	lint_only(&f, MC_W0005, 0);
	teardown(&f);

	/* Division by a number, or by PERIOD(), is not a ratio of traffic. */
	build_anythingllm(&f, true);
	f.ir->alarms[3].queries[3].expression = "lb_target_5xx / PERIOD(lb_target_5xx) / 60";
	lint_only(&f, MC_W0005, 0);
	teardown(&f);

	/* The guard's direction matters: `<` protects the third argument, not the second. */
	build_anythingllm(&f, true);
	f.ir->alarms[3].queries[3].expression =
	        "IF(lb_requests < 20, lb_target_5xx / lb_requests, 0)";
	lint_only(&f, MC_W0005, 1);
	teardown(&f);
	build_anythingllm(&f, true);
	f.ir->alarms[3].queries[3].expression =
	        "IF(20 > lb_requests || lb_elb_5xx > 100, 0, lb_target_5xx / lb_requests)";
	lint_only(&f, MC_W0005, 0);
	teardown(&f);

	/* An IF whose condition is not about traffic is no guard. */
	build_anythingllm(&f, true);
	f.ir->alarms[3].queries[3].expression = "IF(1, lb_target_5xx / lb_requests, 0)";
	lint_only(&f, MC_W0005, 1);
	teardown(&f);
}

static void test_sparse(void)
{
	fixture f;
	build_anythingllm(&f, true);
	f.ir->alarms[3].missing = MC_IR_MISSING_MISSING;
	const mc_diag *g = lint_only(&f, MC_W0007, 1);
	if (g) {
		STR_EQ(g->message,
		       "alarm `errors-per-request` in service `chat` reads sparse metric "
		       "`lb.target_5xx` without FILL or `missing_data: not_breaching`");
		STR_EQ(span_text(&f, g->labels[0].span), "errors-per-request:");
	}
	teardown(&f);

	/* FILL around every sparse reference is enough, whatever missing_data says. */
	build_anythingllm(&f, true);
	f.ir->alarms[3].missing = MC_IR_MISSING_BREACHING;
	f.ir->alarms[3].queries[3].expression =
	        "IF(FILL(lb_requests, 0) >= 20, 100 * (FILL(lb_target_5xx, 0) + "
	        "FILL(lb_elb_5xx, 0)) / FILL(lb_requests, 0), 0)";
	lint_only(&f, MC_W0007, 0);
	teardown(&f);

	/* `< 1` on a sparse count: no data is zero, which breaches, so `breaching` is right. */
	build_anythingllm(&f, true);
	mc_ir_alarm *a = &f.ir->alarms[2];
	a->metric = metric(&f, "AWS/ApplicationELB", "RequestCount", "Sum", true);
	a->cmp = MC_IR_CMP_LT;
	a->threshold = 1;
	a->missing = MC_IR_MISSING_BREACHING;
	lint_only(&f, MC_W0007, 0);
	a->missing = MC_IR_MISSING_NOT_BREACHING;
	mc_diags_release(&f.d);
	mc_diags_init(&f.d, f.arena);
	g = lint_only(&f, MC_W0007, 1);
	if (g)
		CHECK(strstr(g->message, "`missing_data: breaching`") != NULL);
	teardown(&f);
}

static void test_hashed_names(void)
{
	fixture f;
	build_anythingllm(&f, true);
	/* Two alarm names cut to the same readable part, different hashes. */
	f.ir->alarms[0].name = "anythingllm-production-chat-a-very-long-alarm-name-th-3f9a2c1d";
	f.ir->alarms[1].name = "anythingllm-production-chat-a-very-long-alarm-name-th-77b0e4a2";
	/* Not hashed: the last segment is not hex with a digit. */
	f.ir->alarms[2].name = "anythingllm-production-chat-a-very-long-alarm-name-th-critical";
	const mc_diag *g = lint_only(&f, MC_W0006, 1);
	if (g) {
		STR_EQ(g->message,
		       "alarm names of `chat/memory/critical` and `chat/memory/warning` "
		       "differ only in their hash");
		INT_EQ(g->nlabels, 2);
	}
	teardown(&f);
}

static void test_runbook_link(void)
{
	fixture f;
	build_anythingllm(&f, true);
	f.ir->alarms[4].runbook = "chat-nothing";
	const mc_diag *g = lint_only(&f, MC_W0008, 1);
	if (g)
		STR_EQ(g->message, "alarm `lb.latency-p99` in service `chat` links to runbook "
		                   "`chat-nothing`, which does not exist");
	teardown(&f);
}

static void test_empty(void)
{
	fixture f;
	build_anythingllm(&f, true);
	f.ir->dashboards[1].nwidgets = 0;
	f.ir->dashboards[1].preset = "cost";
	const mc_diag *g = lint_only(&f, MC_W0009, 1);
	if (g) {
		STR_EQ(g->message, "dashboard `dashboard/cost` has no widgets");
		STR_EQ(span_text(&f, g->labels[0].span), "cost:");
	}
	teardown(&f);

	build_anythingllm(&f, true);
	f.ir->budgets[0].nalerts = 0;
	g = lint_only(&f, MC_W0010, 1);
	if (g)
		STR_EQ(span_text(&f, g->labels[0].span), "monthly:");
	teardown(&f);
}

static void test_spot_slo(void)
{
	fixture f;
	build_anythingllm(&f, true);
	f.ir->slos[0].objective = 0.999;
	const mc_diag *g = lint_only(&f, MC_W0011, 1);
	if (g) {
		STR_EQ(g->message, "SLO `availability` of service `chat` asks more than one Spot "
		                   "instance can give");
		STR_EQ(g->labels[0].text, "an objective of 99.9% leaves 43 minutes of errors per "
		                          "window");
		STR_EQ(span_text(&f, g->labels[1].span), "host:");
	}
	teardown(&f);

	/* Not Spot (no interruption rule), or two instances: fine. */
	build_anythingllm(&f, true);
	f.ir->slos[0].objective = 0.9999;
	f.ir->rules[0].id = "chat/host/something-else";
	lint_only(&f, MC_W0011, 0);
	teardown(&f);
	build_anythingllm(&f, true);
	f.ir->slos[0].objective = 0.9999;
	f.ir->services[0].resources[2].kind = "ec2";
	lint_only(&f, MC_W0011, 0);
	teardown(&f);
}

/* W0004 through the template registry: an imported kind with a parameter nothing uses. */
static void test_unused_param(void)
{
	char dir[] = "/tmp/moncc-test-lint-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[4200];
	snprintf(path, sizeof path, "%s/queue.yaml", dir);
	FILE *fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (!fp)
		return;
	fputs("template: 1\n"
	      "kind: queue\n"
	      "parameters:\n"
	      "  queue: { type: string, required: true, description: The queue's name. }\n"
	      "  retention: { type: duration, default: 4d, description: Unused. }\n"
	      "metrics:\n"
	      "  depth: { namespace: AWS/SQS, name: ApproximateNumberOfMessagesVisible,\n"
	      "           dimensions: { QueueName: \"${queue}\" }, stat: Maximum,\n"
	      "           description: Waiting. }\n",
	      fp);
	fclose(fp);

	fixture f;
	build_anythingllm(&f, true);
	const char *spec = "imports:\n  - queue.yaml\n";
	mc_node *doc = mc_load_yaml_buffer(&f.srcs, "imports.yaml", spec, strlen(spec), &f.lim,
	                                   f.arena, &f.d);
	mc_templates *ts =
	        mc_templates_load(&f.srcs, dir, mc_node_get(doc, "imports"), &f.lim, f.arena, &f.d);
	INT_EQ(f.d.len, 0);
	lint(f.ir, ts, &f.d);
	const mc_diag *g;
	INT_EQ(count(&f, MC_W0004, &g), 1);
	INT_EQ(f.d.len, 1);
	if (g) {
		STR_EQ(g->message, "parameter `retention` of kind `queue` is not used");
		mc_source *src = mc_sources_get(&f.srcs, g->labels[0].span.file);
		CHECK(src && strstr(src->path, "queue.yaml") != NULL);
		if (src)
			STR_EQ(mc_arena_strndup(f.arena, src->text + g->labels[0].span.lo,
			                        g->labels[0].span.hi - g->labels[0].span.lo),
			       "retention");
	}
	mc_templates_free(ts);
	teardown(&f);
	unlink(path);
	rmdir(dir);
}

/* The stdlib kinds use every parameter they declare (lint does not judge them itself). */
static void test_stdlib_params(void)
{
	fixture f;
	setup(&f, "minimal");
	mc_templates *ts = mc_templates_load(&f.srcs, NULL, NULL, &f.lim, f.arena, &f.d);
	size_t n;
	const mc_template *const *all = mc_templates_all(ts, &n);
	CHECK(n >= 3);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < all[i]->params.len; k++) {
			if (!all[i]->params.v[k].used)
				fprintf(stderr, "stdlib kind `%s`: parameter `%s` is not used\n",
				        all[i]->kind, all[i]->params.v[k].name);
			CHECK(all[i]->params.v[k].used);
		}
	mc_templates_free(ts);
	teardown(&f);
}

static void test_deterministic(void)
{
	fixture f;
	build_anythingllm(&f, false);
	f.ir->tiers[1].ntopics = 0;
	f.ir->slos[0].objective = 0.9995;
	lint(f.ir, NULL, &f.d);
	size_t n = f.d.len;
	const char **first = mc_arena_alloc(f.arena, (n ? n : 1) * sizeof *first);
	for (size_t i = 0; i < n; i++)
		first[i] = f.d.v[i]->message;
	mc_diags_release(&f.d);
	mc_diags_init(&f.d, f.arena);
	lint(f.ir, NULL, &f.d);
	INT_EQ(f.d.len, n);
	for (size_t i = 0; i < n && i < f.d.len; i++)
		STR_EQ(f.d.v[i]->message, first[i]);
	CHECK(n >= 4);
	lint(NULL, NULL, &f.d); /* no IR (the lowering failed): nothing to say */
	teardown(&f);
}

/*
 * The real pipeline (load, validate, templates, lower, lint) on the contract examples, as
 * `moncc check` runs it: exactly the findings docs/lint.md explains, and no errors.
 */
static size_t pipeline(const char *example, const char *const *want, size_t nwant)
{
	char path[4200];
	snprintf(path, sizeof path, "%sexamples/%s/monitoring.yaml", root, example);
	const char *paths[] = {path};
	mc_session s;
	mc_session_init(&s);
	int rc = mc_check_paths(&s, paths, 1);
	INT_EQ(rc, 0);
	INT_EQ(s.diags.nerrors, 0);
	INT_EQ(s.diags.len, nwant);
	for (size_t i = 0; i < s.diags.len; i++) {
		const mc_diag *g = s.diags.v[i];
		const char *got =
		        mc_arena_printf(s.arena, "%s %s", mc_code_get(g->code)->id, g->message);
		if (i < nwant)
			STR_EQ(got, want[i]);
		else
			fprintf(stderr, "  unexpected: %s\n", got);
	}
	size_t n = s.diags.len;
	mc_session_release(&s);
	return n;
}

static void test_pipeline_examples(void)
{
	static const char *const anythingllm[] = {
	        "W0001 critical alarm `status-check` in service `chat` has no runbook",
	        "W0005 alarm `errors-per-request` in service `chat` divides by `lb.requests` "
	        "without a low-traffic guard",
	};
	pipeline("anythingllm", anythingllm, 2);
	pipeline("minimal", NULL, 0);
}

int main(void)
{
	find_root();
	test_clean();
	test_contract_anythingllm();
	test_contract_minimal();
	test_critical_runbook();
	test_silent_tier();
	test_unused_target();
	test_rate_guard();
	test_sparse();
	test_hashed_names();
	test_runbook_link();
	test_empty();
	test_spot_slo();
	test_unused_param();
	test_stdlib_params();
	test_deterministic();
	test_pipeline_examples();
	return harness_done();
}
