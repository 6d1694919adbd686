/*
 * Unit tests of the IR verifier (compiler/ir/ir_verify.c) on hand-built IRs.
 *
 * base() builds a small IR that holds every kind of item and satisfies every invariant; each
 * test then breaks exactly one invariant and expects exactly one violation, whose report line
 * names the problem. All memory comes from one arena per test.
 */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "ir/ir_verify.h"

#include "harness.h"

/* Copies a list of strings into the arena. */
#define STRS(a, ...) strs((a), (const char *[]){__VA_ARGS__}, \
                          sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *))

static const char **strs(mc_arena *a, const char **v, size_t n)
{
	const char **out = mc_arena_alloc(a, n * sizeof *out);
	memcpy(out, v, n * sizeof *out);
	return out;
}

static mc_ir_metric *metric(mc_arena *a, const char *dim, const char *value)
{
	mc_ir_metric *m = mc_arena_alloc(a, sizeof *m);
	m->ns = "AWS/EC2";
	m->metric = "CPUUtilization";
	m->stat = "Average";
	m->period_s = 300;
	if (dim) {
		m->dims = mc_arena_alloc(a, sizeof *m->dims);
		m->dims[0] = (mc_ir_dim){dim, value};
		m->ndims = 1;
	}
	return m;
}

static void alarm_common(mc_ir_alarm *x, const char *id, const char *name, const char *tier)
{
	x->id = id;
	x->name = name;
	x->service = "chat";
	x->tier = tier;
	x->origin = MC_IR_ORIGIN_SPEC;
	x->period_s = 300;
	x->evaluation_periods = 3;
	x->datapoints = 3;
	x->cmp = MC_IR_CMP_GT;
}

/* Every kind of item, every reference resolvable: zero violations. */
static mc_ir *base(mc_arena *a)
{
	mc_ir *ir = mc_arena_alloc(a, sizeof *ir);
	ir->project = "p";
	ir->region = "eu-west-1";

	ir->nservices = 1;
	ir->services = mc_arena_alloc(a, sizeof *ir->services);
	ir->services[0].name = "chat";
	ir->services[0].nresources = 2;
	ir->services[0].resources = mc_arena_alloc(a, 2 * sizeof *ir->services[0].resources);
	ir->services[0].resources[0].name = "lb";
	ir->services[0].resources[0].kind = "alb";
	ir->services[0].resources[1].name = "host";
	ir->services[0].resources[1].kind = "ec2";

	ir->ntiers = 2;
	ir->tiers = mc_arena_alloc(a, 2 * sizeof *ir->tiers);
	ir->tiers[0] = (mc_ir_tier){.name = "critical", .rank = 0, .ntopics = 1,
	                            .topics = STRS(a, "topic/pager"), .escalate_after_s = 1800,
	                            .escalate_topics = STRS(a, "topic/lead"),
	                            .nescalate_topics = 1};
	ir->tiers[1] = (mc_ir_tier){.name = "warning", .rank = 1, .ntopics = 1,
	                            .topics = STRS(a, "topic/team")};

	static const char *const topic_ids[] = {"topic/lead", "topic/pager", "topic/team"};
	static const char *const topic_names[] = {"p-lead", "p-pager", "p-team"};
	ir->ntopics = 3;
	ir->topics = mc_arena_alloc(a, 3 * sizeof *ir->topics);
	for (size_t i = 0; i < 3; i++) {
		ir->topics[i].id = topic_ids[i];
		ir->topics[i].name = topic_names[i];
		ir->topics[i].nsubscriptions = 1;
		struct mc_ir_subscription *sub = mc_arena_alloc(a, sizeof *sub);
		sub->protocol = "email";
		sub->endpoint = "x@example.com";
		ir->topics[i].subscriptions = sub;
	}

	ir->nalarms = 5;
	ir->alarms = mc_arena_alloc(a, 5 * sizeof *ir->alarms);
	mc_ir_alarm *band = &ir->alarms[0], *errors = &ir->alarms[1], *memory = &ir->alarms[2];
	mc_ir_alarm *lng = &ir->alarms[3], *shrt = &ir->alarms[4];

	alarm_common(band, "chat/band/warning", "p-chat-band-warning", "warning");
	band->cmp = MC_IR_CMP_OUTSIDE_BAND;
	band->nqueries = 2;
	band->queries = mc_arena_alloc(a, 2 * sizeof *band->queries);
	band->queries[0] = (mc_ir_query){.id = "m1", .metric = metric(a, NULL, NULL),
	                                 .return_data = true};
	band->queries[1] = (mc_ir_query){.id = "ad1", .expression = "ANOMALY_DETECTION_BAND(m1, 2)",
	                                 .return_data = true};
	band->threshold_metric_id = "ad1";

	alarm_common(errors, "chat/errors/warning", "p-chat-errors-warning", "warning");
	errors->nqueries = 2;
	errors->queries = mc_arena_alloc(a, 2 * sizeof *errors->queries);
	errors->queries[0] = (mc_ir_query){.id = "a", .metric = metric(a, NULL, NULL)};
	errors->queries[1] = (mc_ir_query){.id = "e", .expression = "100 * a",
	                                   .return_data = true};
	errors->threshold = 2;
	errors->on_alarm = (mc_ir_actions){.topics = STRS(a, "topic/team"), .ntopics = 1};

	alarm_common(memory, "chat/memory/critical", "p-chat-memory-critical", "critical");
	memory->metric = metric(a, "InstanceId", "i-0123456789abcdef0");
	memory->threshold = 95;
	memory->runbook = "chat-memory";
	memory->on_alarm = (mc_ir_actions){.topics = STRS(a, "topic/pager"), .ntopics = 1,
	                                   .actions = STRS(a, "ec2:recover"), .nactions = 1};

	alarm_common(lng, "chat/slo/burn-1h-long", "p-chat-slo-burn-1h-long", NULL);
	lng->origin = MC_IR_ORIGIN_SLO;
	lng->metric = metric(a, NULL, NULL);
	lng->period_s = 3600;
	lng->evaluation_periods = lng->datapoints = 1;
	lng->threshold = 0.072;
	alarm_common(shrt, "chat/slo/burn-1h-short", "p-chat-slo-burn-1h-short", NULL);
	shrt->origin = MC_IR_ORIGIN_SLO;
	shrt->metric = metric(a, NULL, NULL);
	shrt->threshold = 0.072;

	ir->ncomposites = 2;
	ir->composites = mc_arena_alloc(a, 2 * sizeof *ir->composites);
	ir->composites[0] = (mc_ir_composite){
		.id = "chat/slo/burn-1h", .name = "p-chat-slo-burn-1h", .tier = "critical",
		.origin = MC_IR_ORIGIN_SLO,
		.rule = "ALARM(\"chat/slo/burn-1h-long\") AND ALARM(\"chat/slo/burn-1h-short\")",
		.children = STRS(a, "chat/slo/burn-1h-long", "chat/slo/burn-1h-short"),
		.nchildren = 2,
		.on_alarm = {.topics = STRS(a, "topic/pager"), .ntopics = 1}};
	ir->composites[1] = (mc_ir_composite){
		.id = "chat/slo/burn-6h", .name = "p-chat-slo-burn-6h", .tier = "warning",
		.origin = MC_IR_ORIGIN_SLO, .rule = "ALARM(\"chat/errors/warning\")",
		.children = STRS(a, "chat/errors/warning"), .nchildren = 1,
		.suppressor = "chat/slo/burn-1h", .suppressor_wait_s = 60,
		.suppressor_extension_s = 60};

	ir->ndetectors = 1;
	ir->detectors = mc_arena_alloc(a, sizeof *ir->detectors);
	ir->detectors[0].id = "chat/band/warning/detector";
	ir->detectors[0].metric = *metric(a, NULL, NULL);
	ir->detectors[0].alarm = "chat/band/warning";

	ir->nrules = 1;
	ir->rules = mc_arena_alloc(a, sizeof *ir->rules);
	ir->rules[0] = (mc_ir_event_rule){
		.id = "chat/host/spot", .name = "p-chat-host-spot",
		.pattern = "{\"source\":[\"aws.ec2\"]}", .tier = "warning",
		.targets = {.topics = STRS(a, "topic/team"), .ntopics = 1}};

	ir->nlog_filters = 1;
	ir->log_filters = mc_arena_alloc(a, sizeof *ir->log_filters);
	ir->log_filters[0] = (mc_ir_log_filter){.id = "chat/errors", .log_group = "/app/chat",
	                                        .name = "p-chat-errors", .pattern = "ERROR",
	                                        .metric_ns = "App", .metric_name = "Errors",
	                                        .value = "1"};
	ir->nlog_queries = 1;
	ir->log_queries = mc_arena_alloc(a, sizeof *ir->log_queries);
	ir->log_queries[0] = (mc_ir_log_query){.id = "chat/recent", .name = "p/chat/recent",
	                                       .log_groups = STRS(a, "/app/chat"), .nlog_groups = 1,
	                                       .query = "fields @message"};

	ir->nbudgets = 1;
	ir->budgets = mc_arena_alloc(a, sizeof *ir->budgets);
	ir->budgets[0] = (mc_ir_budget){.id = "budget/monthly", .name = "p-monthly", .amount = 400,
	                                .nalerts = 1};
	ir->budgets[0].alerts = mc_arena_alloc(a, sizeof *ir->budgets[0].alerts);
	ir->budgets[0].alerts[0] = (struct mc_ir_budget_alert){
		.forecast = true, .percent = 80, .tier = "warning",
		.topics = STRS(a, "topic/team"), .ntopics = 1};

	ir->ncost_anomalies = 1;
	ir->cost_anomalies = mc_arena_alloc(a, sizeof *ir->cost_anomalies);
	ir->cost_anomalies[0] = (mc_ir_cost_anomaly){
		.id = "cost/anomalies", .monitor_name = "p-services", .subscription_name = "p-sub",
		.above_usd = 25, .frequency = "IMMEDIATE", .tier = "warning",
		.topics = STRS(a, "topic/team"), .ntopics = 1};

	ir->nslos = 1;
	ir->slos = mc_arena_alloc(a, sizeof *ir->slos);
	mc_ir_slo *slo = &ir->slos[0];
	*slo = (mc_ir_slo){.id = "chat/availability", .service = "chat", .name = "availability",
	                   .objective = 0.995, .window_s = 2592000, .sli_kind = "ratio",
	                   .composites = STRS(a, "chat/slo/burn-1h", "chat/slo/burn-6h"),
	                   .ncomposites = 2, .nqueries = 3};
	slo->queries = mc_arena_alloc(a, 3 * sizeof *slo->queries);
	slo->queries[0] = (mc_ir_query){.id = "bad", .metric = metric(a, NULL, NULL)};
	slo->queries[1] = (mc_ir_query){.id = "total", .metric = metric(a, NULL, NULL)};
	slo->queries[2] = (mc_ir_query){.id = "ratio", .expression = "bad / total",
	                                .return_data = true};

	ir->ndashboards = 1;
	ir->dashboards = mc_arena_alloc(a, sizeof *ir->dashboards);
	mc_ir_dashboard *d = &ir->dashboards[0];
	*d = (mc_ir_dashboard){.id = "dashboard/health", .name = "p-health", .main = true,
	                       .nwidgets = 2};
	d->widgets = mc_arena_alloc(a, 2 * sizeof *d->widgets);
	d->widgets[0] = (mc_ir_widget){.kind = MC_IR_WIDGET_METRIC, .x = 0, .y = 0, .width = 12,
	                               .height = 6, .nqueries = 1};
	d->widgets[0].queries = mc_arena_alloc(a, sizeof *d->widgets[0].queries);
	d->widgets[0].queries[0] = (mc_ir_query){.id = "m0", .metric = metric(a, NULL, NULL),
	                                         .return_data = true};
	d->widgets[1] = (mc_ir_widget){
		.kind = MC_IR_WIDGET_ALARM, .x = 12, .y = 0, .width = 12, .height = 6,
		.alarms = STRS(a, "chat/memory/critical", "chat/slo/burn-1h"), .nalarms = 2};

	ir->nrunbooks = 1;
	ir->runbooks = mc_arena_alloc(a, sizeof *ir->runbooks);
	ir->runbooks[0] = (mc_ir_runbook){
		.id = "chat-memory", .service = "chat", .tier = "critical",
		.alarms = STRS(a, "chat/memory/critical"), .nalarms = 1,
		.dashboard = "dashboard/health"};

	ir->nrequirements = 1;
	ir->requirements = mc_arena_alloc(a, sizeof *ir->requirements);
	mc_ir_requirement *req = &ir->requirements[0];
	*req = (mc_ir_requirement){.id = "mem", .title = "Memory", .area = "Capacity",
	                           .dashboards = STRS(a, "dashboard/health"), .ndashboards = 1,
	                           .slos = STRS(a, "chat/availability"), .nslos = 1,
	                           .nalarms = 1, .nqueries = 1};
	req->alarms = mc_arena_alloc(a, sizeof *req->alarms);
	req->alarms[0] = (mc_ir_req_alarm){.ref = "chat.memory", .runbook = "chat-memory",
	                                   .alarms = STRS(a, "chat/memory/critical"),
	                                   .nalarms = 1};
	req->queries = mc_arena_alloc(a, sizeof *req->queries);
	req->queries[0] = (mc_ir_req_query){.ref = "chat.app.errors", .query = "fields @message",
	                                    .log_groups = STRS(a, "/chat"), .nlog_groups = 1};
	return ir;
}

/* Runs the verifier; expects `want` violations and, when want > 0, `needle` in the report. */
static void expect(const mc_ir *ir, int want, const char *needle, int line)
{
	mc_buf report = MC_BUF_INIT;
	int got = mc_ir_verify(ir, &report);
	bool ok = got == want && (!needle || strstr(mc_buf_str(&report), needle));
	if (ok) {
		harness_passed++;
	} else {
		harness_failed++;
		fprintf(stderr, "%s:%d: want %d violation(s) with \"%s\", got %d:\n%s", __FILE__,
		        line, want, needle ? needle : "", got, mc_buf_str(&report));
	}
	mc_buf_release(&report);
}

#define EXPECT_ONE(ir, needle) expect((ir), 1, (needle), __LINE__)

/* Each test: a fresh base IR, one change, one violation. */
#define BROKEN(name, needle, ...)             \
	do {                                  \
		mc_arena *a_ = mc_arena_new(); \
		mc_ir *ir = base(a_);         \
		(void)ir;                     \
		__VA_ARGS__;                  \
		EXPECT_ONE(ir, needle);       \
		mc_arena_free(a_);            \
	} while (0)

static void test_base(void)
{
	mc_arena *a = mc_arena_new();
	mc_ir *ir = base(a);
	expect(ir, 0, NULL, __LINE__);
	/* NULL report: the count only. */
	INT_EQ(mc_ir_verify(ir, NULL), 0);
	/* An empty IR is valid too. */
	mc_ir empty = {0};
	INT_EQ(mc_ir_verify(&empty, NULL), 0);
	mc_arena_free(a);
}

static void test_sorting(void)
{
	BROKEN(unsorted, "not sorted by id", {
		mc_ir_alarm t = ir->alarms[0];
		ir->alarms[0] = ir->alarms[1];
		ir->alarms[1] = t;
	});
	BROKEN(duplicate, "duplicate id `chat/recent`", {
		mc_ir_log_query *q = mc_arena_alloc(a_, 2 * sizeof *q);
		q[0] = q[1] = ir->log_queries[0];
		q[1].name = "p/chat/other";
		ir->log_queries = q;
		ir->nlog_queries = 2;
	});
	BROKEN(no_id, "has no id", ir->log_queries[0].id = NULL);
	BROKEN(rank, "rank", ir->tiers[1].rank = 5);
	BROKEN(services, "not sorted by name", {
		mc_ir_service *sv = mc_arena_alloc(a_, 2 * sizeof *sv);
		sv[0] = sv[1] = ir->services[0];
		sv[0].name = "web";
		ir->services = sv;
		ir->nservices = 2;
	});
	BROKEN(service_twice, "service `chat` appears twice", {
		mc_ir_service *sv = mc_arena_alloc(a_, 2 * sizeof *sv);
		sv[0] = sv[1] = ir->services[0];
		ir->services = sv;
		ir->nservices = 2;
	});
	BROKEN(alarm_and_composite, "names both an alarm and a composite", {
		/* The composite takes the id of an alarm nothing else references by id. */
		ir->composites[1].id = "chat/slo/burn-6h";
		ir->alarms[4].id = "chat/slo/burn-6h";
		ir->composites[0].children[1] = "chat/slo/burn-6h";
		ir->composites[0].rule =
			"ALARM(\"chat/slo/burn-1h-long\") AND ALARM(\"chat/slo/burn-6h\")";
	});
}

static void test_references(void)
{
	BROKEN(topic, "topic `topic/nope` does not exist",
	       ir->alarms[1].on_alarm.topics[0] = "topic/nope");
	BROKEN(tier_topic, "tier `warning`: topic", ir->tiers[1].topics[0] = "topic/x");
	BROKEN(escalation, "escalation topic", ir->tiers[0].escalate_topics[0] = "topic/x");
	BROKEN(child, "child `chat/nope` does not exist", {
		ir->composites[1].children[0] = "chat/nope";
		ir->composites[1].rule = "ALARM(\"chat/nope\")";
	});
	BROKEN(suppressor, "suppressor `chat/x` does not exist",
	       ir->composites[1].suppressor = "chat/x");
	BROKEN(runbook, "runbook `nope` does not exist", ir->alarms[2].runbook = "nope");
	BROKEN(widget, "widget 1 shows alarm `chat/x`",
	       ir->dashboards[0].widgets[1].alarms[0] = "chat/x");
	BROKEN(slo, "composite `chat/slo/burn-9h` does not exist",
	       ir->slos[0].composites[1] = "chat/slo/burn-9h");
	BROKEN(detector, "detector `chat/band/warning/detector`: alarm `chat/x`",
	       ir->detectors[0].alarm = "chat/x");
	BROKEN(detector_kind, "is not an anomaly alarm",
	       ir->detectors[0].alarm = "chat/errors/warning");
	BROKEN(runbook_alarm, "runbook `chat-memory`: alarm", ir->runbooks[0].alarms[0] = "x");
	BROKEN(runbook_dash, "dashboard `dashboard/x` does not exist",
	       ir->runbooks[0].dashboard = "dashboard/x");
	BROKEN(rule_child, "rule names `chat/other`", {
		ir->composites[1].rule = "ALARM(\"chat/errors/warning\") OR OK(\"chat/other\")";
	});
	BROKEN(child_not_in_rule, "does not appear in the rule",
	       ir->composites[0].rule = "ALARM(\"chat/slo/burn-1h-long\")");
	BROKEN(budget_topic, "budget `budget/monthly`: topic",
	       ir->budgets[0].alerts[0].topics[0] = "t");
	BROKEN(cost_tier, "cost anomaly `cost/anomalies`: tier `urgent`",
	       ir->cost_anomalies[0].tier = "urgent");
	BROKEN(service, "service `shop` does not exist", ir->alarms[1].service = "shop");
}

static void test_alarm_shape(void)
{
	BROKEN(both, "exactly one of metric and queries", {
		ir->alarms[2].queries = ir->alarms[1].queries;
		ir->alarms[2].nqueries = ir->alarms[1].nqueries;
	});
	BROKEN(neither, "exactly one of metric and queries", ir->alarms[1].nqueries = 0);
	BROKEN(two_returned, "2 queries return data", ir->alarms[1].queries[0].return_data = true);
	BROKEN(none_returned, "0 queries return data",
	       ir->alarms[1].queries[1].return_data = false);
	BROKEN(band_one_returned, "anomaly alarm returns 1 queries",
	       ir->alarms[0].queries[0].return_data = false);
	BROKEN(band_id, "threshold_metric_id `ad9` names no query",
	       ir->alarms[0].threshold_metric_id = "ad9");
	BROKEN(band_expr, "is not a returned ANOMALY_DETECTION_BAND",
	       ir->alarms[0].queries[1].expression = "m1 * 2");
	BROKEN(band_metric, "an anomaly alarm needs queries", {
		ir->alarms[0].queries = NULL;
		ir->alarms[0].nqueries = 0;
		ir->alarms[0].metric = metric(a_, NULL, NULL);
	});
	BROKEN(static_band, "threshold_metric_id on an alarm",
	       ir->alarms[1].threshold_metric_id = "e");
	BROKEN(query_id, "query id `Bad` does not match", ir->alarms[1].queries[0].id = "Bad");
	BROKEN(query_dup, "query id `e` used twice", ir->alarms[1].queries[0].id = "e");
	BROKEN(query_both, "exactly one of metric and expression",
	       ir->alarms[1].queries[1].metric = metric(a_, NULL, NULL));
	BROKEN(widget_query, "query id `0m` does not match",
	       ir->dashboards[0].widgets[0].queries[0].id = "0m");
	BROKEN(nan, "not a finite number", ir->alarms[1].threshold = strtod("nan", NULL));
	BROKEN(dims, "dimensions not sorted", {
		mc_ir_metric *m = ir->alarms[3].metric;
		m->dims = mc_arena_alloc(a_, 2 * sizeof *m->dims);
		m->dims[0] = (mc_ir_dim){"TargetGroup", "t"};
		m->dims[1] = (mc_ir_dim){"LoadBalancer", "l"};
		m->ndims = 2;
	});
}

static void test_periods(void)
{
	BROKEN(period, "period 45 is not 10, 30 or a multiple of 60", ir->alarms[1].period_s = 45);
	BROKEN(metric_period, "metric period 20", ir->alarms[2].metric->period_s = 20);
	BROKEN(datapoints, "4 of 3 datapoints", ir->alarms[1].datapoints = 4);
	BROKEN(zero_eval, "0 of 0 datapoints",
	       ir->alarms[1].datapoints = ir->alarms[1].evaluation_periods = 0);
	BROKEN(day, "86400 s", ir->alarms[1].evaluation_periods = 289); /* 300 s x 289 > 1 day */
	BROKEN(week, "604800 s", {
		ir->alarms[3].period_s = 3600;
		ir->alarms[3].evaluation_periods = 169; /* one hour over 7 days */
	});
	/* Exactly at the limits: fine. */
	mc_arena *a = mc_arena_new();
	mc_ir *ir = base(a);
	ir->alarms[1].evaluation_periods = 288;
	ir->alarms[3].evaluation_periods = 168;
	ir->alarms[4].period_s = 10;
	expect(ir, 0, NULL, __LINE__);
	mc_arena_free(a);
}

static void test_names(void)
{
	char long_name[300];
	memset(long_name, 'a', 256);
	long_name[256] = '\0';
	BROKEN(alarm_len, "alarm `chat/errors/warning`: name", ir->alarms[1].name = long_name);
	BROKEN(alarm_ctrl, "breaks AWS's rule", ir->alarms[1].name = "p-chat\terrors");
	BROKEN(alarm_dup, "alarm name `p-chat-memory-critical` is used by both",
	       ir->alarms[1].name = "p-chat-memory-critical");
	BROKEN(composite_dup, "alarm name `p-chat-errors-warning` is used by both",
	       ir->composites[0].name = "p-chat-errors-warning");
	BROKEN(topic, "topic `topic/pager`: name `p.pager`", ir->topics[1].name = "p.pager");
	BROKEN(topic_dup, "topic name `p-team` is used by both", ir->topics[0].name = "p-team");
	long_name[65] = '\0';
	BROKEN(rule, "rule `chat/host/spot`: name", ir->rules[0].name = long_name);
	BROKEN(dashboard, "dashboard `dashboard/health`: name",
	       ir->dashboards[0].name = "p health");
	BROKEN(budget, "budget `budget/monthly`: name", ir->budgets[0].name = "p:monthly");
	BROKEN(log_group, "log group `app chat`", ir->log_filters[0].log_group = "app chat");
	BROKEN(filter, "log filter `chat/errors`: name", ir->log_filters[0].name = "a*b");
	BROKEN(subscription, "subscription 0", ir->topics[0].subscriptions[0].protocol = "pigeon");
}

static void test_dashboards(void)
{
	BROKEN(off_grid, "off the 24-column grid", ir->dashboards[0].widgets[1].width = 13);
	BROKEN(zero_height, "off the 24-column grid", ir->dashboards[0].widgets[1].height = 0);
	BROKEN(overlap, "widgets 0 and 1 overlap", ir->dashboards[0].widgets[1].x = 6);
	BROKEN(below, "widgets 0 and 1 overlap", {
		ir->dashboards[0].widgets[1].x = 0;
		ir->dashboards[0].widgets[1].y = 5;
	});
	BROKEN(empty_alarm_widget, "alarm widget 1 without alarms",
	       ir->dashboards[0].widgets[1].nalarms = 0);
	BROKEN(two_mains, "2 dashboards are marked main", {
		mc_ir_dashboard *d = mc_arena_alloc(a_, 2 * sizeof *d);
		d[0] = d[1] = ir->dashboards[0];
		d[1].id = "dashboard/other";
		d[1].name = "p-other";
		ir->dashboards = d;
		ir->ndashboards = 2;
	});
	/* Touching edges do not overlap. */
	mc_arena *a = mc_arena_new();
	mc_ir *ir = base(a);
	ir->dashboards[0].widgets[1].x = 0;
	ir->dashboards[0].widgets[1].y = 6;
	ir->dashboards[0].widgets[1].width = 24;
	expect(ir, 0, NULL, __LINE__);
	mc_arena_free(a);
}

static void test_tiers_and_actions(void)
{
	BROKEN(unknown_tier, "tier `urgent` does not exist", ir->alarms[1].tier = "urgent");
	BROKEN(no_tier, "no tier (only SLO child alarms go without)", ir->alarms[1].tier = NULL);
	BROKEN(slo_child_actions, "SLO child alarm with actions", {
		ir->alarms[3].on_alarm.topics = ir->alarms[1].on_alarm.topics;
		ir->alarms[3].on_alarm.ntopics = 1;
	});
	BROKEN(rule_tier, "rule `chat/host/spot`: tier", ir->rules[0].tier = "urgent");
	BROKEN(ec2_on_math, "EC2 action on an alarm that does not watch one instance", {
		ir->alarms[1].on_alarm.actions = ir->alarms[2].on_alarm.actions;
		ir->alarms[1].on_alarm.nactions = 1;
	});
	BROKEN(unknown_action, "unknown alarm action `ec2:explode`",
	       ir->alarms[2].on_alarm.actions[0] = "ec2:explode");
	BROKEN(composite_action, "automated actions on a composite alarm", {
		ir->composites[0].on_alarm.actions = ir->alarms[2].on_alarm.actions;
		ir->composites[0].on_alarm.nactions = 1;
	});
	BROKEN(too_many, "6 alarm actions", {
		ir->alarms[1].on_alarm.topics =
			STRS(a_, "topic/team", "topic/team", "topic/team", "topic/team",
			     "topic/team", "topic/team");
		ir->alarms[1].on_alarm.ntopics = 6;
	});
	BROKEN(budget_subscribers, "has 0 subscribers", ir->budgets[0].alerts[0].ntopics = 0);
	BROKEN(escalate_zero, "escalates to topics but after 0 s",
	       ir->tiers[0].escalate_after_s = 0);
	BROKEN(objective, "objective 1 is not a ratio", ir->slos[0].objective = 1);
	BROKEN(slo_last, "the last query is not the error-ratio", ir->slos[0].nqueries = 2);
	BROKEN(frequency, "frequency `HOURLY`", ir->cost_anomalies[0].frequency = "HOURLY");
}

/* A valid scaling policy run by alarm 1 (a metric alarm of service chat). */
static void add_policy(mc_arena *a, mc_ir *ir)
{
	ir->scaling_policies = mc_arena_alloc(a, 2 * sizeof *ir->scaling_policies);
	ir->scaling_policies[0] = (mc_ir_scaling_policy){
	        .id = "chat/fleet.out", .name = "p-chat-fleet-scale-out", .service = "chat",
	        .resource = "fleet", .policy = "out", .group = "chat-asg", .adjustment = 1,
	        .cooldown_s = 300, .has_cooldown = true};
	ir->nscaling_policies = 1;
	ir->alarms[1].on_alarm.actions = STRS(a, "scale:chat/fleet.out");
	ir->alarms[1].on_alarm.nactions = 1;
}

static void scaling_valid(void)
{
	mc_arena *a = mc_arena_new();
	mc_ir *ir = base(a);
	add_policy(a, ir);
	expect(ir, 0, NULL, __LINE__);
	mc_arena_free(a);
}

static void test_scaling(void)
{
	scaling_valid();
	BROKEN(missing, "scaling policy `chat/fleet.in` does not exist", {
		add_policy(a_, ir);
		ir->alarms[1].on_alarm.actions[0] = "scale:chat/fleet.in";
	});
	BROKEN(zero, "adjustment 0", {
		add_policy(a_, ir);
		ir->scaling_policies[0].adjustment = 0;
	});
	BROKEN(percent, "removes more than 100%", {
		add_policy(a_, ir);
		ir->scaling_policies[0].percent = true;
		ir->scaling_policies[0].adjustment = -150;
	});
	BROKEN(magnitude, "minimum magnitude without a percentage", {
		add_policy(a_, ir);
		ir->scaling_policies[0].min_magnitude = 2;
	});
	BROKEN(group, "group name empty", {
		add_policy(a_, ir);
		ir->scaling_policies[0].group = "";
	});
	BROKEN(order, "scaling_policies", {
		add_policy(a_, ir);
		ir->scaling_policies[1] = ir->scaling_policies[0];
		ir->scaling_policies[1].id = "chat/fleet.in";
		ir->scaling_policies[1].name = "p-chat-fleet-scale-in";
		ir->nscaling_policies = 2;
	});
}

static void test_requirements(void)
{
	BROKEN(no_area, "no id, title or area", ir->requirements[0].area = NULL);
	BROKEN(twice, "requirement `mem` twice", {
		mc_ir_requirement *r = mc_arena_alloc(a_, 2 * sizeof *r);
		r[0] = r[1] = ir->requirements[0];
		ir->requirements = r;
		ir->nrequirements = 2;
	});
	BROKEN(alarm, "alarm `chat/x` does not exist",
	       ir->requirements[0].alarms[0].alarms[0] = "chat/x");
	BROKEN(no_alarm, "names no alarm", ir->requirements[0].alarms[0].nalarms = 0);
	BROKEN(runbook, "runbook `nope` does not exist",
	       ir->requirements[0].alarms[0].runbook = "nope");
	BROKEN(dashboard, "dashboard `dashboard/x` does not exist",
	       ir->requirements[0].dashboards[0] = "dashboard/x");
	BROKEN(slo, "SLO `chat/x` does not exist", ir->requirements[0].slos[0] = "chat/x");
	BROKEN(query, "without text or log groups", ir->requirements[0].queries[0].query = "");
}

int main(void)
{
	test_base();
	test_scaling();
	test_sorting();
	test_references();
	test_alarm_shape();
	test_periods();
	test_names();
	test_dashboards();
	test_tiers_and_actions();
	test_requirements();
	return harness_done();
}
