/*
 * Alarm conditions (compiler/sema/condition.c): the short and long forms, statistics, the
 * errors with their codes and the exact column of their primary span inside the string, and
 * resolution against a period with CloudWatch's limits at their boundaries.
 *
 * Short-form cases build the string scalar by hand: the source line is `a: "COND"`, so the
 * condition's first character is at column 5. Long-form cases and a few short ones go
 * through the real loader (mc_load_yaml_buffer), so spans are checked end to end.
 */
#include <stdint.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/xalloc.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "harness.h"
#include "load/load.h"
#include "load/node.h"
#include "sema/condition.h"
#include "sema/timezone.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static mc_sources srcs;
static mc_arena *arena;
static mc_diags diags;
static int ready;

static void reset(void)
{
	if (ready) {
		mc_diags_release(&diags);
		mc_sources_release(&srcs);
		mc_arena_free(arena);
	}
	arena = mc_arena_new();
	mc_sources_init(&srcs);
	mc_diags_init(&diags, arena);
	ready = 1;
}

/* A string scalar `a: "cond"` (or `a: 'cond'`, `a: cond`) registered as its own file. */
static mc_node *scalar(const char *cond, mc_node_style style)
{
	size_t len = strlen(cond);
	size_t q = style == MC_STYLE_PLAIN ? 0 : 1;
	char quote = style == MC_STYLE_SINGLE_QUOTED ? '\'' : '"';
	size_t total = 3 + len + 2 * q + 1;
	char *text = mc_xmalloc(total + 1);
	memcpy(text, "a: ", 3);
	if (q)
		text[3] = quote;
	memcpy(text + 3 + q, cond, len);
	if (q)
		text[3 + q + len] = quote;
	text[total - 1] = '\n';
	text[total] = '\0';
	uint32_t id = mc_sources_add(&srcs, "t.yaml", text, total);
	mc_node *n = mc_arena_alloc(arena, sizeof *n);
	n->kind = MC_NODE_STRING;
	n->style = style;
	n->span = (mc_span){id, 3, (uint32_t)(3 + len + 2 * q)};
	n->text = mc_arena_strndup(arena, cond, len);
	n->text_len = len;
	return n;
}

static mc_node *load(const char *yaml)
{
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	mc_node *root = mc_load_yaml_buffer(&srcs, "t.yaml", yaml, strlen(yaml), &lim, arena,
	                                    &diags);
	CHECK(root != NULL);
	CHECK(diags.nerrors == 0);
	return root;
}

static mc_pos pos_of(mc_span sp)
{
	return mc_source_pos(mc_sources_get(&srcs, sp.file), sp.lo);
}

static const char *span_text(mc_span sp)
{
	mc_source *src = mc_sources_get(&srcs, sp.file);
	if (!src)
		return "(no source)";
	return mc_arena_strndup(arena, src->text + sp.lo, sp.hi - sp.lo);
}

/* The only diagnostic must have this code, and its primary span this text at this column. */
static const mc_diag *only_diag(const char *what, mc_code code, const char *text,
                                uint32_t column)
{
	if (diags.len != 1) {
		fprintf(stderr, "  `%s`: %zu diagnostics:\n", what, diags.len);
		for (size_t i = 0; i < diags.len; i++)
			fprintf(stderr, "    %s %s\n", mc_code_get(diags.v[i]->code)->id,
			        diags.v[i]->message);
	}
	INT_EQ(diags.len, 1);
	if (diags.len < 1)
		return NULL;
	const mc_diag *g = diags.v[0];
	if (g->code != code)
		fprintf(stderr, "  `%s`: %s: %s\n", what, mc_code_get(g->code)->id, g->message);
	INT_EQ(g->code, code);
	CHECK(g->nlabels >= 1);
	STR_EQ(span_text(g->labels[0].span), text);
	if (pos_of(g->labels[0].span).column != column)
		fprintf(stderr, "  `%s`\n", what);
	INT_EQ(pos_of(g->labels[0].span).column, column);
	CHECK(g->labels[0].text != NULL);
	CHECK(g->help != NULL);
	/* House style: lowercase start, no final period. */
	CHECK(g->message[0] < 'A' || g->message[0] > 'Z');
	CHECK(g->message[strlen(g->message) - 1] != '.');
	return g;
}

static void test_spec_examples(void)
{
	static const struct {
		const char *in;
		const char *stat;
		mc_cond_op op;
		const char *thr_text; /* the threshold's span */
		double threshold;
		mc_unit unit;
		mc_for_kind for_kind;
		uint64_t for_seconds;
		uint32_t m, n;
		const char *for_text;
	} rows[] = {
		{"> 80% for 15m", NULL, MC_OP_GT, "80%", 80, MC_UNIT_PERCENT, MC_FOR_DURATION, 900,
		 0, 0, "for 15m"},
		{"> 95% for 5m", NULL, MC_OP_GT, "95%", 95, MC_UNIT_PERCENT, MC_FOR_DURATION, 300,
		 0, 0, "for 5m"},
		{"p99 > 2s for 3 of 5", "p99", MC_OP_GT, "2s", 2, MC_UNIT_SECONDS,
		 MC_FOR_DATAPOINTS, 0, 3, 5, "for 3 of 5"},
		{">= 1 for 2m", NULL, MC_OP_GE, "1", 1, MC_UNIT_UNSET, MC_FOR_DURATION, 120, 0, 0,
		 "for 2m"},
		{"< 1 for 2m", NULL, MC_OP_LT, "1", 1, MC_UNIT_UNSET, MC_FOR_DURATION, 120, 0, 0,
		 "for 2m"},
		{"outside band 2 for 15m", NULL, MC_OP_OUTSIDE_BAND, "2", 2, MC_UNIT_UNSET,
		 MC_FOR_DURATION, 900, 0, 0, "for 15m"},
		{"> 2 for 10m", NULL, MC_OP_GT, "2", 2, MC_UNIT_UNSET, MC_FOR_DURATION, 600, 0, 0,
		 "for 10m"},
		{"> 1.5s for 10m", NULL, MC_OP_GT, "1.5s", 1.5, MC_UNIT_SECONDS, MC_FOR_DURATION,
		 600, 0, 0, "for 10m"},
		/* More shapes of the same grammar. */
		{"avg > 80", "Average", MC_OP_GT, "80", 80, MC_UNIT_UNSET, MC_FOR_NONE, 0, 0, 0,
		 NULL},
		{">80%", NULL, MC_OP_GT, "80%", 80, MC_UNIT_PERCENT, MC_FOR_NONE, 0, 0, 0, NULL},
		{"p99>2s for 3 of 5 periods", "p99", MC_OP_GT, "2s", 2, MC_UNIT_SECONDS,
		 MC_FOR_DATAPOINTS, 0, 3, 5, "for 3 of 5 periods"},
		{"<= 0.5 for 1 of 1 period", NULL, MC_OP_LE, "0.5", 0.5, MC_UNIT_UNSET,
		 MC_FOR_DATAPOINTS, 0, 1, 1, "for 1 of 1 period"},
		{"> 400 USD for 1d", NULL, MC_OP_GT, "400 USD", 400, MC_UNIT_USD, MC_FOR_DURATION,
		 86400, 0, 0, "for 1d"},
		{"> 80 % for 5m", NULL, MC_OP_GT, "80 %", 80, MC_UNIT_PERCENT, MC_FOR_DURATION, 300,
		 0, 0, "for 5m"},
		{"> 512MB for 5m", NULL, MC_OP_GT, "512MB", 512, MC_UNIT_MEGABYTES, MC_FOR_DURATION,
		 300, 0, 0, "for 5m"},
		{"tm90 < 500ms", "tm90", MC_OP_LT, "500ms", 500, MC_UNIT_MILLISECONDS, MC_FOR_NONE,
		 0, 0, 0, NULL},
		{"TC(:0.5) > 100", "TC(:0.5)", MC_OP_GT, "100", 100, MC_UNIT_UNSET, MC_FOR_NONE, 0,
		 0, 0, NULL},
		{"pr(:2) < 95 for 3 of 3", "PR(:2)", MC_OP_LT, "95", 95, MC_UNIT_UNSET,
		 MC_FOR_DATAPOINTS, 0, 3, 3, "for 3 of 3"},
		{"above band 3", NULL, MC_OP_ABOVE_BAND, "3", 3, MC_UNIT_UNSET, MC_FOR_NONE, 0, 0,
		 0, NULL},
		{"Maximum below band 1.5 for 10m", "Maximum", MC_OP_BELOW_BAND, "1.5", 1.5,
		 MC_UNIT_UNSET, MC_FOR_DURATION, 600, 0, 0, "for 10m"},
		{"  > 1e3   for  2w ", NULL, MC_OP_GT, "1e3", 1000, MC_UNIT_UNSET, MC_FOR_DURATION,
		 1209600, 0, 0, "for  2w"},
		{"< -5 for 5m", NULL, MC_OP_LT, "-5", -5, MC_UNIT_UNSET, MC_FOR_DURATION, 300, 0, 0,
		 "for 5m"},
	};
	static const mc_node_style styles[] = {MC_STYLE_DOUBLE_QUOTED, MC_STYLE_SINGLE_QUOTED,
	                                       MC_STYLE_PLAIN};
	for (size_t s = 0; s < LEN(styles); s++) {
		for (size_t i = 0; i < LEN(rows); i++) {
			reset();
			mc_node *n = scalar(rows[i].in, styles[s]);
			mc_condition c;
			int rc = mc_condition_parse(n, &srcs, arena, &diags, &c);
			if (rc != 0 || diags.len)
				fprintf(stderr, "  `%s`: %s\n", rows[i].in,
				        diags.len ? diags.v[0]->message : "");
			INT_EQ(rc, 0);
			INT_EQ(diags.len, 0);
			if (rows[i].stat) {
				STR_EQ(c.stat, rows[i].stat);
				CHECK(c.stat_span.hi > c.stat_span.lo);
			} else {
				CHECK(c.stat == NULL);
			}
			INT_EQ(c.op, rows[i].op);
			STR_EQ(span_text(c.threshold_span), rows[i].thr_text);
			CHECK(c.threshold == rows[i].threshold);
			INT_EQ(c.unit, rows[i].unit);
			INT_EQ(c.for_kind, rows[i].for_kind);
			CHECK(c.for_seconds == rows[i].for_seconds);
			INT_EQ(c.m, rows[i].m);
			INT_EQ(c.n, rows[i].n);
			if (rows[i].for_text)
				STR_EQ(span_text(c.for_span), rows[i].for_text);
			INT_EQ(c.period_s, 0);
			CHECK(c.span.lo == n->span.lo && c.span.hi == n->span.hi);
		}
	}

	/* Spans of each piece, by column, in the contract's first example. */
	reset();
	mc_condition c;
	INT_EQ(mc_condition_parse(scalar("p99 > 2s for 3 of 5", MC_STYLE_DOUBLE_QUOTED), &srcs,
	                          arena, &diags, &c), 0);
	INT_EQ(pos_of(c.stat_span).column, 5);
	INT_EQ(pos_of(c.op_span).column, 9);
	STR_EQ(span_text(c.op_span), ">");
	INT_EQ(pos_of(c.threshold_span).column, 11);
	INT_EQ(pos_of(c.for_span).column, 14);
	reset();
	INT_EQ(mc_condition_parse(scalar("outside band 2", MC_STYLE_DOUBLE_QUOTED), &srcs, arena,
	                          &diags, &c), 0);
	STR_EQ(span_text(c.op_span), "outside band");
	STR_EQ(mc_cond_op_text(c.op), "outside band");
	STR_EQ(mc_cond_op_cloudwatch(c.op), "LessThanLowerOrGreaterThanUpperThreshold");
	CHECK(mc_cond_op_is_band(c.op));
	STR_EQ(mc_cond_op_cloudwatch(MC_OP_GE), "GreaterThanOrEqualToThreshold");
	STR_EQ(mc_cond_op_cloudwatch(MC_OP_LT), "LessThanThreshold");
	STR_EQ(mc_cond_op_cloudwatch(MC_OP_ABOVE_BAND), "GreaterThanUpperThreshold");
	STR_EQ(mc_cond_op_cloudwatch(MC_OP_BELOW_BAND), "LessThanLowerThreshold");
	CHECK(!mc_cond_op_is_band(MC_OP_LE));
}

static void test_errors(void)
{
	/* Columns are in the source line `a: "COND"`: COND's first character is column 5. */
	static const struct {
		const char *in;
		mc_code code;
		const char *at; /* the primary span's text */
		uint32_t column;
		const char *message; /* exact, when given */
		const char *help;    /* exact, when given */
	} rows[] = {
		{"> 80% four 15m", MC_E0200, "four", 11,
		 "expected `for` after the threshold, found `four`",
		 "write `for 15m` or `for 3 of 5`"},
		{"> 80% fro 15m", MC_E0200, "fro", 11, NULL, "write `for 15m` or `for 3 of 5`"},
		{"> 80% 15m", MC_E0200, "15m", 11,
		 "expected `for` after the threshold, found `15m`", NULL},
		{"outside band 2 fro 15m", MC_E0200, "fro", 20,
		 "expected `for` after the band width, found `fro`", NULL},
		{"", MC_E0200, "\"\"", 4, "empty alarm condition", NULL},
		{"   ", MC_E0200, "\"   \"", 4, "empty alarm condition", NULL},
		{"80% for 15m", MC_E0200, "80%", 5, "missing comparison operator before `80%`",
		 NULL},
		{"p99 2s for 5m", MC_E0200, "2s", 9, "missing comparison operator after `p99`",
		 NULL},
		{"p99", MC_E0200, "p99", 5, "missing comparison operator after `p99`", NULL},
		{"over 80%", MC_E0200, "over", 5, "expected a comparison operator, found `over`",
		 NULL},
		{"=> 80", MC_E0200, "=>", 5, "unknown comparison operator `=>`",
		 "did you mean `>=`?"},
		{"=< 80", MC_E0200, "=<", 5, NULL, "did you mean `<=`?"},
		{">> 80", MC_E0200, ">>", 5, NULL, "did you mean `>`?"},
		{"== 0", MC_E0200, "==", 5, "unknown comparison operator `==`", NULL},
		{"!= 0", MC_E0200, "!=", 5, NULL, NULL},
		{"> for 5m", MC_E0200, ">", 5, "missing threshold after `>`", NULL},
		{">=", MC_E0200, ">=", 5, "missing threshold after `>=`", NULL},
		{"> high for 5m", MC_E0200, "high", 7,
		 "expected a threshold after `>`, found `high`", NULL},
		{"> 5mb for 5m", MC_E0202, "mb", 8, "unknown unit `mb`", "did you mean `MB`?"},
		{"> 80pc for 5m", MC_E0202, "pc", 9, "unknown unit `pc`", NULL},
		{"> 2 sec for 5m", MC_E0202, "sec", 9, "unknown unit `sec`", "did you mean `s`?"},
		{"> 2secs", MC_E0202, "secs", 8, NULL, "did you mean `s`?"},
		{"> 5 percent", MC_E0202, "percent", 9, NULL, "did you mean `%`?"},
		{"> -5s for 5m", MC_E0207, "-5s", 7, "negative threshold `-5s`", NULL},
		{"> 80% for", MC_E0200, "for", 11, "missing duration after `for`",
		 "write `for 15m` or `for 3 of 5`"},
		{"> 80% for 0m", MC_E0203, "0m", 15, "evaluation duration must be longer than zero",
		 NULL},
		{"> 80% for 0s", MC_E0203, "0s", 15, NULL, NULL},
		{"> 80% for 15", MC_E0203, "15", 15, "missing unit in duration `15`",
		 "write `for 15m` for a duration, or `for 15 of 15` for datapoints"},
		{"> 80% for 15min", MC_E0203, "15min", 15, "invalid duration `15min`",
		 "did you mean `15m`?"},
		{"> 80% for 1.5h", MC_E0203, "1.5h", 15, NULL, "did you mean `90m`?"},
		{"> 80% for 2 hours", MC_E0203, "2", 15, NULL, NULL},
		{"> 80% for soon", MC_E0203, "soon", 15, "invalid duration `soon`", NULL},
		{"> 80% for 5 of 3", MC_E0204, "5 of 3", 15,
		 "more datapoints than evaluation periods: `5 of 3`", "did you mean `for 3 of 5`? "
		 "M of N alarms when M of the last N periods breach"},
		{"> 80% for 3 of", MC_E0200, "of", 17, "missing number of periods after `of`",
		 NULL},
		{"> 80% for 3 of many", MC_E0200, "many", 20, NULL, NULL},
		{"> 80% for 0 of 3", MC_E0200, "0", 15, "datapoints must be at least 1, found `0`",
		 NULL},
		{"> 80% for 1 of 0", MC_E0200, "0", 20, NULL, NULL},
		{"> 80% for 3 of 99999999999", MC_E0200, "3 of 99999999999", 15, NULL, NULL},
		{"> 80% for 15m now", MC_E0200, "now", 19, "unexpected `now` after the condition",
		 NULL},
		{"> 80% for 3 of 5 periods extra words ", MC_E0200, "extra words", 30,
		 "unexpected `extra words` after the condition", NULL},
		{"foo > 5", MC_E0131, "foo", 5, "unknown statistic `foo`", NULL},
		{"avgg > 5", MC_E0131, "avgg", 5, NULL, "did you mean `avg`?"},
		{"p101 > 5", MC_E0131, "p101", 5, NULL, NULL},
		{"TM(90%:10%) > 5", MC_E0131, "TM(90%:10%)", 5, NULL, NULL},
		{"outside 2 for 15m", MC_E0200, "2", 13,
		 "expected `band` after `outside`, found `2`", NULL},
		{"below", MC_E0200, "below", 5, "expected `band` after `below`", NULL},
		{"outside band", MC_E0200, "outside band", 5,
		 "missing band width after `outside band`", NULL},
		{"outside band for 5m", MC_E0200, "outside band", 5, NULL, NULL},
		{"outside band wide", MC_E0200, "wide", 18, NULL, NULL},
		{"outside band 0", MC_E0207, "0", 18, "band width must be greater than zero", NULL},
		{"outside band -1", MC_E0207, "-1", 18, NULL, NULL},
		{"outside band 2s", MC_E0200, "s", 19, "a band width takes no unit",
		 "write `outside band 2`"},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		reset();
		mc_condition c;
		mc_node *n = scalar(rows[i].in, MC_STYLE_DOUBLE_QUOTED);
		int rc = mc_condition_parse(n, &srcs, arena, &diags, &c);
		INT_EQ(rc, -1);
		const mc_diag *g = only_diag(rows[i].in, rows[i].code, rows[i].at, rows[i].column);
		if (g && rows[i].message)
			STR_EQ(g->message, rows[i].message);
		if (g && rows[i].help)
			STR_EQ(g->help, rows[i].help);
	}

	/* Not a string or mapping. */
	reset();
	mc_node *n = scalar("80", MC_STYLE_PLAIN);
	n->kind = MC_NODE_INT;
	n->as.i = 80;
	mc_condition c;
	INT_EQ(mc_condition_parse(n, &srcs, arena, &diags, &c), -1);
	only_diag("80", MC_E0200, "80", 4);

	/* An escape in a double-quoted string: spans fall back to the whole scalar. */
	reset();
	const char *yaml = "a: \"> 80% \\x66our 15m\"\n";
	mc_node *root = load(yaml);
	INT_EQ(mc_condition_parse(mc_node_get(root, "a"), &srcs, arena, &diags, &c), -1);
	only_diag("escaped", MC_E0200, "\"> 80% \\x66our 15m\"", 4);
}

static void test_stats(void)
{
	reset();
	static const struct { const char *in, *out; } ok[] = {
		{"avg", "Average"},   {"AVG", "Average"},        {"Average", "Average"},
		{"sum", "Sum"},       {"min", "Minimum"},        {"max", "Maximum"},
		{"count", "SampleCount"}, {"SampleCount", "SampleCount"},
		{"samplecount", "SampleCount"},
		{"Minimum", "Minimum"}, {"Maximum", "Maximum"},  {"IQM", "IQM"},
		{"iqm", "IQM"},       {"p99", "p99"},            {"P99", "p99"},
		{"p99.9", "p99.9"},   {"p50", "p50"},            {"p0", "p0"},
		{"p100", "p100"},     {"p99.9999999999", "p99.9999999999"},
		{"tm90", "tm90"},     {"TM90", "tm90"},          {"wm98", "wm98"},
		{"tc90", "tc90"},     {"ts90", "ts90"},          {"Tm99.5", "tm99.5"},
		{"TM(2%:98%)", "TM(2%:98%)"}, {"tm(10%:90%)", "TM(10%:90%)"},
		{"TM(150:1000)", "TM(150:1000)"}, {"PR(:300)", "PR(:300)"},
		{"PR(100:2000)", "PR(100:2000)"}, {"TC(0.005:0.030)", "TC(0.005:0.030)"},
		{"TS(80%:)", "TS(80%:)"}, {"WM(10%:90%)", "WM(10%:90%)"}, {"pr(-5:5)", "PR(-5:5)"},
		{"TM(99%:100%)", "TM(99%:100%)"}, {"tc(:2)", "TC(:2)"},
	};
	for (size_t i = 0; i < LEN(ok); i++) {
		const char *why = NULL;
		const char *got = mc_stat_normalize(ok[i].in, strlen(ok[i].in), arena, &why);
		STR_EQ(got, ok[i].out);
	}
	static const char *const bad[] = {
		"", "p", "p-1", "p101", "p100.5", "pxx", "p99.", "p.5", "p99.99999999999",
		"TM()", "TM(:)", "TM(10%:5%)", "TM(10%:10%)", "TM(10%:50)", "TM(101%:)",
		"TM(10%:90%", "TM10%:90%)", "TM(a:b)", "TM(-5%:)", "XX(1:2)", "Avgg", "median",
		"tm", "tm101", "PR(1:2:3)", "TM(1e3:)", "p 99", "Sum ",
	};
	for (size_t i = 0; i < LEN(bad); i++) {
		const char *why = NULL;
		const char *got = mc_stat_normalize(bad[i], strlen(bad[i]), arena, &why);
		if (got)
			fprintf(stderr, "  statistic `%s` accepted as `%s`\n", bad[i], got);
		CHECK(got == NULL);
		CHECK(why != NULL);
	}
	CHECK(mc_stat_normalize("p", 1, arena, NULL) == NULL);
	CHECK(mc_stat_is_simple("Average"));
	CHECK(mc_stat_is_simple("SampleCount"));
	CHECK(!mc_stat_is_simple("p99"));
	CHECK(!mc_stat_is_simple("IQM"));
}

static void test_long_form(void)
{
	reset();
	mc_node *root = load(
	    "c1: { stat: p99, op: \">\", threshold: 2s, for: 3 of 5, period: 1m }\n"
	    "c2: { op: outside, band: 2, for: 15m }\n"
	    "c3: { op: \">=\", threshold: 80 }\n"
	    "c4: { op: \"outside band\", band: 2.5 }\n"
	    "c5: { op: \"<=\", threshold: \"400 USD\", period: 1h, for: 1d }\n"
	    "c6: { stat: avg, op: below, band: \"3\" }\n"
	    "c7: { op: above, band: 2, timezone: America/New_York }\n");
	mc_condition c;
	INT_EQ(mc_condition_parse(mc_node_get(root, "c1"), &srcs, arena, &diags, &c), 0);
	STR_EQ(c.stat, "p99");
	STR_EQ(span_text(c.stat_span), "p99");
	INT_EQ(c.op, MC_OP_GT);
	STR_EQ(span_text(c.op_span), ">");
	INT_EQ(pos_of(c.op_span).column, 23);
	CHECK(c.threshold == 2);
	INT_EQ(c.unit, MC_UNIT_SECONDS);
	STR_EQ(span_text(c.threshold_span), "2s");
	INT_EQ(c.for_kind, MC_FOR_DATAPOINTS);
	INT_EQ(c.m, 3);
	INT_EQ(c.n, 5);
	STR_EQ(span_text(c.for_span), "3 of 5");
	INT_EQ(c.period_s, 60);
	STR_EQ(span_text(c.period_span), "1m");

	INT_EQ(mc_condition_parse(mc_node_get(root, "c2"), &srcs, arena, &diags, &c), 0);
	INT_EQ(c.op, MC_OP_OUTSIDE_BAND);
	CHECK(c.threshold == 2);
	INT_EQ(c.for_kind, MC_FOR_DURATION);
	CHECK(c.for_seconds == 900);

	INT_EQ(mc_condition_parse(mc_node_get(root, "c3"), &srcs, arena, &diags, &c), 0);
	INT_EQ(c.op, MC_OP_GE);
	CHECK(c.threshold == 80);
	INT_EQ(c.unit, MC_UNIT_UNSET);
	INT_EQ(c.for_kind, MC_FOR_NONE);
	CHECK(c.stat == NULL);

	INT_EQ(mc_condition_parse(mc_node_get(root, "c4"), &srcs, arena, &diags, &c), 0);
	INT_EQ(c.op, MC_OP_OUTSIDE_BAND);
	CHECK(c.threshold == 2.5);

	INT_EQ(mc_condition_parse(mc_node_get(root, "c5"), &srcs, arena, &diags, &c), 0);
	INT_EQ(c.op, MC_OP_LE);
	INT_EQ(c.unit, MC_UNIT_USD);
	STR_EQ(span_text(c.threshold_span), "400 USD");
	INT_EQ(c.period_s, 3600);
	CHECK(c.for_seconds == 86400);

	INT_EQ(mc_condition_parse(mc_node_get(root, "c6"), &srcs, arena, &diags, &c), 0);
	STR_EQ(c.stat, "Average");
	INT_EQ(c.op, MC_OP_BELOW_BAND);
	CHECK(c.threshold == 3);
	CHECK(c.timezone == NULL);

	INT_EQ(mc_condition_parse(mc_node_get(root, "c7"), &srcs, arena, &diags, &c), 0);
	INT_EQ(c.op, MC_OP_ABOVE_BAND);
	STR_EQ(c.timezone, "America/New_York");
	STR_EQ(span_text(c.timezone_span), "America/New_York");
	INT_EQ(diags.len, 0);

	/* The short and the long form of the contract's example mean the same. */
	reset();
	root = load("s: \"p99 > 2s for 3 of 5\"\n"
	            "l: { stat: p99, op: \">\", threshold: 2s, for: 3 of 5 }\n");
	mc_condition a, b;
	INT_EQ(mc_condition_parse(mc_node_get(root, "s"), &srcs, arena, &diags, &a), 0);
	INT_EQ(mc_condition_parse(mc_node_get(root, "l"), &srcs, arena, &diags, &b), 0);
	STR_EQ(a.stat, b.stat);
	INT_EQ(a.op, b.op);
	CHECK(a.threshold == b.threshold);
	INT_EQ(a.unit, b.unit);
	INT_EQ(a.for_kind, b.for_kind);
	INT_EQ(a.m, b.m);
	INT_EQ(a.n, b.n);

	/* The caret case of the issue, through the loader: `four` at line 2, column 19. */
	reset();
	root = load("alarm:\n  warning: \"> 80% four 15m\"\n");
	INT_EQ(mc_condition_parse(mc_node_get(root, "alarm") ? mc_node_get(mc_node_get(root,
	                          "alarm"), "warning") : root, &srcs, arena, &diags, &c), -1);
	const mc_diag *g = only_diag("four", MC_E0200, "four", 19);
	if (g)
		INT_EQ(pos_of(g->labels[0].span).line, 2);
	/* Same in a plain scalar in a flow mapping. */
	reset();
	root = load("warning: { stat: p99, op: \">\", threshold: 80pc }\n");
	INT_EQ(mc_condition_parse(mc_node_get(root, "warning"), &srcs, arena, &diags, &c), -1);
	only_diag("80pc", MC_E0202, "pc", 45);

	/* Errors of the long form: each key on its own, so independent mistakes all show. */
	static const struct {
		const char *yaml;
		mc_code code;
		const char *at;
		uint32_t column;
		const char *message;
	} rows[] = {
		{"c: { threshold: 80 }\n", MC_E0200, "{ threshold: 80 }", 4,
		 "missing `op` in the alarm condition"},
		{"c: { op: \">\" }\n", MC_E0200, "{ op: \">\" }", 4,
		 "missing `threshold` in the alarm condition"},
		{"c: { op: outside, threshold: 2 }\n", MC_E0200, "2", 30,
		 "`threshold` does not apply to `outside band`"},
		{"c: { op: above }\n", MC_E0200, "above", 10, "missing `band` for `above band`"},
		{"c: { op: \">\", threshold: 80, band: 2 }\n", MC_E0200, "2", 36,
		 "`band` applies only to `outside`, `above` or `below`"},
		{"c: { op: \"=>\", threshold: 80 }\n", MC_E0200, "=>", 11,
		 "unknown comparison operator `=>`"},
		{"c: { op: \"> 5\", threshold: 80 }\n", MC_E0200, "5", 13,
		 "unexpected `5` after the condition"},
		{"c: { op: 5, threshold: 80 }\n", MC_E0200, "5", 10,
		 "`op` must be a string, found an integer"},
		{"c: { op: \">\", threshold: high }\n", MC_E0200, "high", 26,
		 "expected a threshold after `threshold:`, found `high`"},
		{"c: { op: \">\", threshold: [1] }\n", MC_E0200, "[1]", 26,
		 "`threshold` must be a number, found a list"},
		{"c: { op: \">\", threshold: 80, for: 15 }\n", MC_E0203, "15", 35,
		 "missing unit in duration `15`"},
		{"c: { op: \">\", threshold: 80, for: 0m }\n", MC_E0203, "0m", 35,
		 "evaluation duration must be longer than zero"},
		{"c: { op: \">\", threshold: 80, for: 5 of 3 }\n", MC_E0204, "5 of 3", 35,
		 "more datapoints than evaluation periods: `5 of 3`"},
		{"c: { op: \">\", threshold: 80, for: 3 of 5 now }\n", MC_E0200, "now", 42,
		 "unexpected `now` after the condition"},
		{"c: { op: \">\", threshold: 80, period: soon }\n", MC_E0120, "soon", 38,
		 "invalid period"},
		{"c: { op: \">\", threshold: 80, period: 0s }\n", MC_E0120, "0s", 38, NULL},
		{"c: { op: outside, band: 0 }\n", MC_E0207, "0", 25,
		 "band width must be greater than zero"},
		{"c: { op: outside, band: .nan }\n", MC_E0207, ".nan", 25, NULL},
		{"c: { stat: p1000, op: \">\", threshold: 1 }\n", MC_E0131, "p1000", 12,
		 "unknown statistic `p1000`"},
		{"c: { stat: 99, op: \">\", threshold: 1 }\n", MC_E0200, "99", 12, NULL},
		{"c: { op: \">\", threshold: 1, for: { a: 1 } }\n", MC_E0200, "{ a: 1 }", 34,
		 "`for` must be a duration or `M of N`, found a mapping"},
		{"c: { op: \">\", threshold: 1, timezone: UTC }\n", MC_E0200, "UTC", 39,
		 "`timezone` applies only to `outside`, `above` or `below`"},
		{"c: { op: outside, band: 2, timezone: Europe/berlin }\n", MC_E0380, "b", 45,
		 "invalid time zone `Europe/berlin`"},
		{"c: { op: outside, band: 2, timezone: 5 }\n", MC_E0380, "5", 38, NULL},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		reset();
		root = load(rows[i].yaml);
		INT_EQ(mc_condition_parse(mc_node_get(root, "c"), &srcs, arena, &diags, &c), -1);
		const mc_diag *e =
		    only_diag(rows[i].yaml, rows[i].code, rows[i].at, rows[i].column);
		if (e && rows[i].message)
			STR_EQ(e->message, rows[i].message);
	}

	/* Two independent mistakes, two diagnostics. */
	reset();
	root = load("c: { stat: foo, op: \"=>\", threshold: 80, for: 0m }\n");
	INT_EQ(mc_condition_parse(mc_node_get(root, "c"), &srcs, arena, &diags, &c), -1);
	INT_EQ(diags.len, 3);
}

/* Time zone names: the shape of the tz database's, nothing looked up (timezone.h). */
static void test_timezones(void)
{
	static const char *const good[] = {
	    "UTC", "Europe/Berlin", "America/New_York", "America/Argentina/Salta",
	    "America/Port-au-Prince", "Antarctica/DumontDUrville", "Etc/UTC", "Etc/GMT",
	    "Etc/GMT+5", "Etc/GMT+12", "Etc/GMT-14", "Etc/GMT0", "Pacific/Chatham",
	    "Europe/Berlinn", /* the shape is right: only the database would know */
	};
	reset();
	for (size_t i = 0; i < LEN(good); i++) {
		mc_tz_problem why;
		bool ok = mc_timezone_valid(good[i], strlen(good[i]), arena, &why);
		if (!ok)
			fprintf(stderr, "  `%s`: %s\n", good[i], why.label);
		CHECK(ok);
	}
	static const struct {
		const char *name;
		size_t off, len;    /* the span reported */
		const char *suggest; /* NULL: none */
	} bad[] = {
	    {"", 0, 0, NULL},
	    {"CET", 0, 3, NULL},
	    {"utc", 0, 3, "UTC"},
	    {"EST5EDT", 0, 7, NULL},
	    {"US/Eastern", 0, 2, NULL},
	    {"europe/berlin", 0, 6, "Europe/Berlin"},
	    {"Europa/Berlin", 0, 6, "Europe/Berlin"},
	    {"Europe/berlin", 7, 1, "Europe/Berlin"},
	    {"america/new_york", 0, 7, NULL}, /* `_`: no safe guess at `New_York` */
	    {"Europe/", 6, 1, NULL},
	    {"/Berlin", 0, 1, NULL},
	    {"Europe//Berlin", 7, 1, NULL},
	    {"America/New York", 11, 1, NULL},
	    {"Europe/Berlin1", 13, 1, NULL},
	    {"America/A/B/C", 12, 1, NULL},
	    {"Etc/GMT+13", 4, 6, NULL},
	    {"Etc/GMT-15", 4, 6, NULL},
	    {"Etc/GMT+05", 4, 6, NULL},
	    {"Etc/GMT+0", 4, 5, NULL},
	    {"Etc/Berlin", 4, 6, NULL},
	    {"Etc/GMT/X", 4, 5, NULL},
	    {"Europe/Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrs", 50, 2, NULL},
	};
	for (size_t i = 0; i < LEN(bad); i++) {
		mc_tz_problem why;
		bool ok = mc_timezone_valid(bad[i].name, strlen(bad[i].name), arena, &why);
		if (ok) {
			fprintf(stderr, "  `%s` accepted\n", bad[i].name);
			CHECK(!ok);
			continue;
		}
		if (why.off != bad[i].off || why.len != bad[i].len)
			fprintf(stderr, "  `%s`: at %zu+%zu\n", bad[i].name, why.off, why.len);
		CHECK(why.off == bad[i].off);
		CHECK(why.len == bad[i].len);
		CHECK(why.label && *why.label && why.help && *why.help);
		if (bad[i].suggest)
			STR_EQ(why.suggest ? why.suggest : "(none)", bad[i].suggest);
		else
			CHECK(why.suggest == NULL);
		/* Without a place for the answer the verdict is the same. */
		CHECK(!mc_timezone_valid(bad[i].name, strlen(bad[i].name), NULL, NULL));
	}
}

static void test_datapoints(void)
{
	static const struct {
		const char *in;
		int rc;
		uint32_t m, n;
		mc_code code;
		const char *at;
	} rows[] = {
		{"3 of 3", 0, 3, 3, MC_CODE_NONE, NULL},
		{"3 of 5 periods", 0, 3, 5, MC_CODE_NONE, NULL},
		{"1 of 1", 0, 1, 1, MC_CODE_NONE, NULL},
		{"5 of 3", -1, 0, 0, MC_E0204, "5 of 3"},
		{"3", -1, 0, 0, MC_E0200, "3"},
		{"3 out of 5", -1, 0, 0, MC_E0200, "out"},
		{"15m", -1, 0, 0, MC_E0200, "15m"},
		{"3 of", -1, 0, 0, MC_E0200, "of"},
		{"3 of 5 x", -1, 0, 0, MC_E0200, "x"},
		{"", -1, 0, 0, MC_E0200, "\"\""},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		reset();
		uint32_t m = 0, n = 0;
		int rc = mc_datapoints_parse(scalar(rows[i].in, MC_STYLE_DOUBLE_QUOTED), &srcs,
		                             &diags, &m, &n);
		if (rc != rows[i].rc)
			fprintf(stderr, "  datapoints `%s`\n", rows[i].in);
		INT_EQ(rc, rows[i].rc);
		if (rows[i].rc == 0) {
			INT_EQ(m, rows[i].m);
			INT_EQ(n, rows[i].n);
			INT_EQ(diags.len, 0);
		} else {
			INT_EQ(diags.len, 1);
			if (diags.len) {
				INT_EQ(diags.v[0]->code, rows[i].code);
				STR_EQ(span_text(diags.v[0]->labels[0].span), rows[i].at);
			}
		}
	}
}

static void test_threshold_units(void)
{
	static const struct {
		const char *in;
		mc_unit metric;
		int rc;
		double out;
	} rows[] = {
		{"p99 > 500ms", MC_UNIT_SECONDS, 0, 0.5},
		{"> 2s", MC_UNIT_MILLISECONDS, 0, 2000},
		{"> 80%", MC_UNIT_PERCENT, 0, 80},
		{"> 2", MC_UNIT_COUNT, 0, 2},
		{"> 1GiB", MC_UNIT_MEGABYTES, 0, 1073.741824},
		{"> 512MB", MC_UNIT_BYTES, 0, 512e6},
		{"> 400 USD", MC_UNIT_USD, 0, 400},
		{"> 100/s", MC_UNIT_COUNT_PER_SECOND, 0, 100},
		{"> 100/s", MC_UNIT_COUNT, -1, 0},
		{"outside band 2", MC_UNIT_COUNT, 0, 2},
		{"> 2s", MC_UNIT_UNSET, 0, 2},
		{"> 2s", MC_UNIT_COUNT, -1, 0},
		{"> 80%", MC_UNIT_NONE, -1, 0},
		{"> 5MB", MC_UNIT_SECONDS, -1, 0},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		reset();
		mc_condition c;
		INT_EQ(mc_condition_parse(scalar(rows[i].in, MC_STYLE_DOUBLE_QUOTED), &srcs, arena,
		                          &diags, &c), 0);
		double out = -1;
		int rc = mc_condition_threshold(&c, rows[i].metric, "lb.requests", &diags, &out);
		INT_EQ(rc, rows[i].rc);
		if (rc == 0)
			CHECK(out == rows[i].out);
		else
			INT_EQ(diags.len, 1);
	}
	reset();
	mc_condition c;
	mc_condition_parse(scalar("> 2s for 5m", MC_STYLE_DOUBLE_QUOTED), &srcs, arena, &diags, &c);
	double out;
	INT_EQ(mc_condition_threshold(&c, MC_UNIT_COUNT, "lb.requests", &diags, &out), -1);
	const mc_diag *g = only_diag("2s on count", MC_E0201, "2s", 7);
	if (g) {
		STR_EQ(g->message, "unit `s` does not fit `lb.requests`, which is in count");
		STR_EQ(g->labels[0].text, "expected a bare number");
	}
	reset();
	mc_condition_parse(scalar("> 5MB", MC_STYLE_DOUBLE_QUOTED), &srcs, arena, &diags, &c);
	INT_EQ(mc_condition_threshold(&c, MC_UNIT_MILLISECONDS, "api.latency", &diags, &out), -1);
	g = only_diag("MB on ms", MC_E0201, "5MB", 7);
	if (g) {
		STR_EQ(g->message,
		       "unit `MB` does not fit `api.latency`, which is in milliseconds");
		STR_EQ(g->labels[0].text, "expected a bare number or a threshold in `ms`");
	}
}

/* Parses cond, then resolves it at a period of period_s with `defaults.datapoints: 3 of 3`. */
static int resolve(const char *cond, uint32_t period_s, mc_evaluation *ev)
{
	reset();
	mc_condition c;
	if (mc_condition_parse(scalar(cond, MC_STYLE_DOUBLE_QUOTED), &srcs, arena, &diags, &c)) {
		fprintf(stderr, "  `%s` does not parse\n", cond);
		return -2;
	}
	/* Where `defaults:` wrote the period and the datapoints, in a file of its own. */
	mc_node *per = scalar("period-and-datapoints", MC_STYLE_PLAIN);
	mc_eval_defaults def = {period_s, per->span, 3, 3, per->span};
	return mc_condition_resolve(&c, &def, &diags, ev);
}

static void test_resolve(void)
{
	static const struct {
		const char *in;
		uint32_t period;
		int rc;
		uint32_t p, n, m;
		mc_code code;
		const char *message, *help;
	} rows[] = {
		/* `for 15m` at a 5-minute period means 3 of 3. */
		{"> 80% for 15m", 300, 0, 300, 3, 3, MC_CODE_NONE, NULL, NULL},
		{"> 80% for 5m", 300, 0, 300, 1, 1, MC_CODE_NONE, NULL, NULL},
		{"> 80%", 300, 0, 300, 3, 3, MC_CODE_NONE, NULL, NULL},
		{"p99 > 2s for 3 of 5", 60, 0, 60, 5, 3, MC_CODE_NONE, NULL, NULL},
		{"> 80% for 14m", 300, -1, 0, 0, 0, MC_E0203,
		 "`for 14m` is not a whole number of 5m periods", "use `for 10m` or `for 15m`"},
		{"> 80% for 2m", 300, -1, 0, 0, 0, MC_E0203, NULL, "use `for 5m`, one period"},
		{"> 80% for 90s", 60, -1, 0, 0, 0, MC_E0203, NULL, "use `for 1m` or `for 2m`"},
		/* Periods: 10, 30 or a multiple of 60 seconds. */
		{"> 1 for 1 of 1", 10, 0, 10, 1, 1, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 1 of 1", 30, 0, 30, 1, 1, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 1 of 1", 60, 0, 60, 1, 1, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 1 of 1", 20, -1, 0, 0, 0, MC_E0205, "period `20s` is not allowed by "
		 "CloudWatch", "use `10s` or `30s`"},
		{"> 1 for 1 of 1", 45, -1, 0, 0, 0, MC_E0205, NULL, "use `30s` or `1m`"},
		{"> 1 for 1 of 1", 90, -1, 0, 0, 0, MC_E0205, NULL, "use `1m` or `2m`"},
		{"> 1 for 1 of 1", 5, -1, 0, 0, 0, MC_E0205, NULL, "use `10s`"},
		{"> 1 for 1 of 1", 0, -1, 0, 0, 0, MC_E0205, "period must be longer than zero",
		 NULL},
		/* Under an hour's period: period x evaluation periods <= 86,400 s. */
		{"> 1 for 1d", 60, 0, 60, 1440, 1440, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 1 of 1440", 60, 0, 60, 1440, 1, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 1441m", 60, -1, 0, 0, 0, MC_E0206,
		 "evaluation window of 86,460 s is longer than CloudWatch allows",
		 "evaluate at most 1440 periods of 1m, or use a period of 1h or longer"},
		{"> 1 for 1 of 1441", 60, -1, 0, 0, 0, MC_E0206, NULL, NULL},
		{"> 1 for 24 of 24", 3540, 0, 3540, 24, 24, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 25 of 25", 3540, -1, 0, 0, 0, MC_E0206,
		 "evaluation window of 88,500 s is longer than CloudWatch allows", NULL},
		{"> 1 for 8640 of 8640", 10, 0, 10, 8640, 8640, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 8641 of 8641", 10, -1, 0, 0, 0, MC_E0206, NULL, NULL},
		/* From an hour's period on: <= 604,800 s. */
		{"> 1 for 1w", 3600, 0, 3600, 168, 168, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 2d", 3600, 0, 3600, 48, 48, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 169h", 3600, -1, 0, 0, 0, MC_E0206,
		 "evaluation window of 608,400 s is longer than CloudWatch allows",
		 "evaluate at most 168 periods of 1h"},
		{"> 1 for 7 of 7", 86400, 0, 86400, 7, 7, MC_CODE_NONE, NULL, NULL},
		{"> 1 for 8 of 8", 86400, -1, 0, 0, 0, MC_E0206, NULL, NULL},
		/* Huge durations do not overflow. */
		{"> 1 for 30000000000w", 60, -1, 0, 0, 0, MC_E0206, NULL, NULL},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		mc_evaluation ev;
		int rc = resolve(rows[i].in, rows[i].period, &ev);
		if (rc != rows[i].rc)
			fprintf(stderr, "  resolve `%s` at %us: %s\n", rows[i].in,
			        (unsigned)rows[i].period, diags.len ? diags.v[0]->message : "");
		INT_EQ(rc, rows[i].rc);
		if (rc == 0) {
			INT_EQ(ev.period_s, rows[i].p);
			INT_EQ(ev.evaluation_periods, rows[i].n);
			INT_EQ(ev.datapoints, rows[i].m);
			INT_EQ(diags.len, 0);
			continue;
		}
		INT_EQ(diags.len, 1);
		if (!diags.len)
			continue;
		const mc_diag *g = diags.v[0];
		INT_EQ(g->code, rows[i].code);
		if (rows[i].message)
			STR_EQ(g->message, rows[i].message);
		if (rows[i].help)
			STR_EQ(g->help, rows[i].help);
	}

	/* The E0206 label shows the arithmetic; the primary span is the `for` clause. */
	mc_evaluation ev;
	INT_EQ(resolve("> 1 for 1441m", 60, &ev), -1);
	const mc_diag *g = only_diag("window", MC_E0206, "for 1441m", 9);
	if (g) {
		STR_EQ(g->labels[0].text, "1441 periods of 1m make 86,460 s, more than 86,400 s");
		INT_EQ(g->nlabels, 2); /* and where the period was set */
		INT_EQ(g->nnotes, 1);
	}
	INT_EQ(resolve("> 1 for 1 of 1", 20, &ev), -1);
	if (diags.len)
		INT_EQ(diags.v[0]->nnotes, 1); /* why 20 s is refused */
	INT_EQ(resolve("> 1", 45, &ev), -1);
	only_diag("period", MC_E0205, "period-and-datapoints", 4);

	/* The condition's own period wins over the default; its span carries E0205. */
	reset();
	mc_node *root = load("c: { op: \">\", threshold: 1, for: 15m, period: 1m }\n"
	                     "d: { op: \">\", threshold: 1, period: 45s }\n");
	mc_condition c;
	INT_EQ(mc_condition_parse(mc_node_get(root, "c"), &srcs, arena, &diags, &c), 0);
	mc_eval_defaults def = {300, MC_NO_SPAN, 3, 3, MC_NO_SPAN};
	INT_EQ(mc_condition_resolve(&c, &def, &diags, &ev), 0);
	INT_EQ(ev.period_s, 60);
	INT_EQ(ev.evaluation_periods, 15);
	INT_EQ(ev.datapoints, 15);
	INT_EQ(mc_condition_parse(mc_node_get(root, "d"), &srcs, arena, &diags, &c), 0);
	INT_EQ(mc_condition_resolve(&c, &def, &diags, &ev), -1);
	only_diag("own period", MC_E0205, "45s", 37);

	/* Defaults that make no sense are still caught (the caller builds them by hand). */
	reset();
	INT_EQ(mc_condition_parse(scalar("> 1", MC_STYLE_DOUBLE_QUOTED), &srcs, arena, &diags, &c),
	       0);
	mc_eval_defaults bad = {60, MC_NO_SPAN, 5, 3, c.span};
	INT_EQ(mc_condition_resolve(&c, &bad, &diags, &ev), -1);
	INT_EQ(diags.len, 1);
	if (diags.len)
		INT_EQ(diags.v[0]->code, MC_E0204);

	CHECK(mc_period_allowed(10));
	CHECK(mc_period_allowed(30));
	CHECK(mc_period_allowed(60));
	CHECK(mc_period_allowed(3600));
	CHECK(!mc_period_allowed(0));
	CHECK(!mc_period_allowed(20));
	CHECK(!mc_period_allowed(61));
	CHECK(mc_window_limit(3599) == 86400);
	CHECK(mc_window_limit(3600) == 604800);
}

/* Every condition under an alarm's or override's tier key; `tiers:` holds no conditions. */
static void walk(const mc_node *n, int *count)
{
	for (size_t i = 0; n->kind == MC_NODE_SEQ && i < n->nitems; i++)
		walk(n->items[i], count);
	for (size_t i = 0; n->kind == MC_NODE_MAP && i < n->npairs; i++) {
		const char *k = n->pairs[i].key->text;
		const mc_node *v = n->pairs[i].value;
		if (strcmp(k, "tiers") == 0)
			continue;
		bool tier = strcmp(k, "info") == 0 || strcmp(k, "warning") == 0 ||
		            strcmp(k, "critical") == 0;
		if (!tier || (v->kind != MC_NODE_STRING && !mc_node_get(v, "op"))) {
			walk(v, count);
			continue;
		}
		mc_condition c;
		mc_evaluation ev;
		/* At 1m, the period of the metrics these alarms watch (EC2 status checks are
		 * published every minute, which `for 2m` needs). */
		mc_eval_defaults def = {60, MC_NO_SPAN, 3, 3, MC_NO_SPAN};
		INT_EQ(mc_condition_parse(v, &srcs, arena, &diags, &c), 0);
		INT_EQ(mc_condition_resolve(&c, &def, &diags, &ev), 0);
		(*count)++;
	}
}

/* The contract examples' conditions and defaults all parse (the files are in the source tree). */
static void test_examples(void)
{
	static const char *const files[] = {"examples/anythingllm/monitoring.yaml",
	                                    "examples/minimal/monitoring.yaml"};
	const char *self = __FILE__;
	const char *tail = strstr(self, "tests/unit/test_condition.c");
	if (!tail) {
		fprintf(stderr, "  (source tree not found from %s; examples skipped)\n", self);
		return;
	}
	int count = 0;
	for (size_t i = 0; i < LEN(files); i++) {
		reset();
		mc_buf path = MC_BUF_INIT;
		mc_buf_add(&path, self, (size_t)(tail - self));
		mc_buf_puts(&path, files[i]);
		mc_load_limits lim;
		mc_load_limits_default(&lim);
		uint32_t id = mc_load_read_file(&srcs, mc_buf_str(&path), &lim, &diags);
		mc_buf_release(&path);
		CHECK(id != 0);
		if (!id)
			continue;
		mc_node *root = mc_load_yaml(&srcs, id, &lim, arena, &diags);
		CHECK(root != NULL);
		if (!root)
			continue;
		walk(root, &count);
		mc_node *defaults = mc_node_get(root, "defaults");
		mc_node *dp = defaults ? mc_node_get(defaults, "datapoints") : NULL;
		mc_node *per = defaults ? mc_node_get(defaults, "period") : NULL;
		uint32_t m = 0, n = 0;
		uint64_t secs = 0;
		if (dp)
			INT_EQ(mc_datapoints_parse(dp, &srcs, &diags, &m, &n), 0);
		if (per)
			INT_EQ(mc_duration_parse(per->text, per->text_len, &secs), 0);
		INT_EQ(diags.len, 0);
	}
	INT_EQ(count, 5); /* memory x2, status-check, errors-per-request, the override */
}

int main(void)
{
	test_spec_examples();
	test_errors();
	test_stats();
	test_long_form();
	test_timezones();
	test_datapoints();
	test_threshold_units();
	test_resolve();
	test_examples();
	if (ready) {
		mc_diags_release(&diags);
		mc_sources_release(&srcs);
		mc_arena_free(arena);
	}
	return harness_done();
}
