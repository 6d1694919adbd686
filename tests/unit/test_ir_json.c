/*
 * Unit tests of the IR's JSON form (compiler/ir/ir_json.c): number formatting (shortest text,
 * no binary noise, integers without a fraction), spans as "file:line:col", nulls, key order,
 * the final newline and byte-identical output for the same IR.
 */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/xalloc.h"
#include "diag/source.h"
#include "ir/ir_json.h"

#include "harness.h"

#define HAS(text, needle)                                                                  \
	do {                                                                               \
		if (strstr((text), (needle))) {                                            \
			harness_passed++;                                                  \
		} else {                                                                   \
			harness_failed++;                                                  \
			fprintf(stderr, "%s:%d: missing %s\n", __FILE__, __LINE__, (needle)); \
		}                                                                          \
	} while (0)

static void test_numbers_and_spans(void)
{
	mc_arena *a = mc_arena_new();
	mc_sources srcs;
	mc_sources_init(&srcs);
	const char *text = "moncc: 1\nservices:\n  chat: {}\n";
	uint32_t file = mc_sources_add(&srcs, "spec.yaml", mc_xstrdup(text), strlen(text));

	mc_ir ir = {.project = "p", .region = "eu-west-1"};
	mc_ir_alarm alarm = {.id = "chat/x/critical", .name = "p-chat-x-critical",
	                     .tier = "critical", .cmp = MC_IR_CMP_GE, .period_s = 300,
	                     .evaluation_periods = 3, .datapoints = 2,
	                     .missing = MC_IR_MISSING_NOT_BREACHING};
	alarm.threshold = 14.4 * 0.005; /* the double 0.07200000000000001 */
	alarm.span = (mc_span){file, 21, 25};  /* `chat` on line 3, column 3 */
	mc_ir_metric m = {.ns = "AWS/EC2", .metric = "CPUUtilization", .stat = "Average",
	                  .period_s = 300};
	alarm.metric = &m;
	ir.alarms = &alarm;
	ir.nalarms = 1;

	mc_ir_slo slo = {.id = "chat/availability", .objective = 0.995, .window_s = 2592000};
	ir.slos = &slo;
	ir.nslos = 1;
	mc_ir_budget budget = {.id = "budget/monthly", .name = "p-monthly", .amount = 1250.5};
	struct mc_ir_budget_alert alerts[2] = {{.percent = 80}, {.percent = 0.1}};
	budget.alerts = alerts;
	budget.nalerts = 2;
	ir.budgets = &budget;
	ir.nbudgets = 1;

	mc_buf out = MC_BUF_INIT, again = MC_BUF_INIT;
	mc_ir_to_json(&ir, &srcs, &out);
	mc_ir_to_json(&ir, &srcs, &again);
	const char *s = mc_buf_str(&out);

	HAS(s, "\"threshold\": 0.072,");
	HAS(s, "\"objective\": 0.995,");
	HAS(s, "\"amount\": 1250.5,");
	HAS(s, "\"percent\": 80,");
	HAS(s, "\"percent\": 0.1,");
	HAS(s, "\"window_s\": 2592000,");
	HAS(s, "\"cmp\": \"GreaterThanOrEqualToThreshold\"");
	HAS(s, "\"missing\": \"notBreaching\"");
	HAS(s, "\"span\": \"spec.yaml:3:3\"");
	HAS(s, "\"template_span\": null");
	HAS(s, "\"environment\": null");
	HAS(s, "\"queries\": null"); /* a single-metric alarm */
	HAS(s, "\"services\": [],");
	CHECK(strstr(s, "0.07200000000000001") == NULL);
	CHECK(strstr(s, "80.0") == NULL);
	/* Keys in the order of ir.h's fields. */
	CHECK(strstr(s, "\"project\"") < strstr(s, "\"environment\""));
	CHECK(strstr(s, "\"alarms\"") < strstr(s, "\"composites\""));
	CHECK(strstr(s, "\"dashboards\"") < strstr(s, "\"runbooks\""));
	CHECK(strncmp(s, "{\n  \"project\": \"p\",\n", 20) == 0);
	CHECK(out.len > 0 && s[out.len - 1] == '\n' && s[out.len - 2] == '}');
	CHECK(out.len == again.len && memcmp(out.p, again.p, out.len) == 0);

	mc_buf_release(&out);
	mc_buf_release(&again);
	mc_sources_release(&srcs);
	mc_arena_free(a);
}

static void test_anomaly_threshold_is_null(void)
{
	mc_sources srcs;
	mc_sources_init(&srcs);
	mc_ir_query q[2] = {{.id = "m1", .return_data = true},
	                    {.id = "ad1", .expression = "ANOMALY_DETECTION_BAND(m1, 2)",
	                     .return_data = true}};
	mc_ir_alarm alarm = {.id = "a", .cmp = MC_IR_CMP_OUTSIDE_BAND, .queries = q,
	                     .nqueries = 2, .threshold_metric_id = "ad1"};
	mc_ir ir = {.alarms = &alarm, .nalarms = 1};
	mc_buf out = MC_BUF_INIT;
	mc_ir_to_json(&ir, &srcs, &out);
	HAS(mc_buf_str(&out), "\"threshold\": null");
	HAS(mc_buf_str(&out), "\"cmp\": \"LessThanLowerOrGreaterThanUpperThreshold\"");
	HAS(mc_buf_str(&out), "\"expression\": \"ANOMALY_DETECTION_BAND(m1, 2)\"");
	mc_buf_release(&out);
	mc_sources_release(&srcs);
}

int main(void)
{
	test_numbers_and_spans();
	test_anomaly_threshold_is_null();
	return harness_done();
}
