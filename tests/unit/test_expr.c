/*
 * Metric-math expressions (compiler/sema/expr.c): the contract examples parse and print
 * back, precedence and the `-` rule, every diagnostic E0210-E0214 with its exact caret inside
 * the string, the reference visitor's spans, printing with ids, and the id generator.
 */
#include <stdlib.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/xalloc.h"
#include "diag/diag.h"
#include "load/load.h"
#include "sema/expr.h"
#include "harness.h"

/* Each expression is the value of `e: ` in its own file, so offsets are text offsets + 3. */
enum { PREFIX = 3 };

static mc_arena *arena;
static mc_sources srcs;
static mc_diags diags;

static const mc_node *node_for(const char *text, mc_node_style style)
{
	size_t len = strlen(text), q = style == MC_STYLE_PLAIN ? 0 : 1;
	size_t total = PREFIX + len + 2 * q;
	char *file = mc_xmalloc(total + 1);
	memcpy(file, "e: ", PREFIX);
	if (q)
		file[PREFIX] = file[total - 1] = '"';
	memcpy(file + PREFIX + q, text, len);
	file[total] = '\0';
	uint32_t id = mc_sources_add(&srcs, "t.yaml", file, total);
	mc_node *n = mc_arena_alloc(arena, sizeof *n);
	n->kind = MC_NODE_STRING;
	n->style = style;
	n->span = (mc_span){id, PREFIX, (uint32_t)total};
	n->text = mc_arena_strdup(arena, text);
	n->text_len = len;
	return n;
}

static mc_expr *parse(const char *text)
{
	mc_diags_release(&diags);
	mc_diags_init(&diags, arena);
	return mc_expr_parse(node_for(text, MC_STYLE_PLAIN), &srcs, arena, &diags);
}

/* The expression printed back with references as written. */
static const char *printed(const char *text)
{
	mc_expr *e = parse(text);
	if (!e)
		return "(parse failed)";
	mc_buf b = MC_BUF_INIT;
	mc_expr_print(e, NULL, NULL, &b);
	const char *s = mc_arena_strdup(arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

/* The only diagnostic of the last parse: its code and caret [lo, hi) inside the text. */
static const mc_diag *only_diag(mc_code code, uint32_t lo, uint32_t hi)
{
	INT_EQ(diags.len, 1);
	if (diags.len < 1)
		return NULL;
	const mc_diag *g = diags.v[0];
	STR_EQ(mc_code_get(g->code)->id, mc_code_get(code)->id);
	CHECK(g->nlabels >= 1);
	INT_EQ(g->labels[0].span.lo, PREFIX + lo);
	INT_EQ(g->labels[0].span.hi, PREFIX + hi);
	return g;
}

static const mc_diag *fails(const char *text, mc_code code, uint32_t lo, uint32_t hi)
{
	mc_expr *e = parse(text);
	CHECK(e == NULL);
	if (e)
		fprintf(stderr, "  expected `%s` to fail\n", text);
	return only_diag(code, lo, hi);
}

static void contains(const char *got, const char *want)
{
	CHECK(got && strstr(got, want));
	if (!got || !strstr(got, want))
		fprintf(stderr, "  \"%s\" does not contain \"%s\"\n", got ? got : "(null)", want);
}

static void test_contract_examples(void)
{
	STR_EQ(printed("100 * (lb.target_5xx + lb.elb_5xx) / lb.requests"),
	       "100 * (lb.target_5xx + lb.elb_5xx) / lb.requests");
	STR_EQ(printed("IF(total >= 20, 100 * bad / total, 0)"),
	       "IF(total >= 20, 100 * bad / total, 0)");
	STR_EQ(printed("FILL(lb.requests, 0)"), "FILL(lb.requests, 0)");
	STR_EQ(printed("MAX([a.x, a.y])"), "MAX([a.x, a.y])");
	STR_EQ(printed("SORT(METRICS(), AVG, DESC, 10)"), "SORT(METRICS(), AVG, DESC, 10)");
	STR_EQ(printed("SEARCH('{AWS/EC2,InstanceId} MetricName=\"CPUUtilization\"', "
	               "'Average', 300)"),
	       "SEARCH('{AWS/EC2,InstanceId} MetricName=\"CPUUtilization\"', 'Average', 300)");
	STR_EQ(printed("SUM(METRICS(\"errors\")) / SUM(METRICS(\"requests\")) * 100"),
	       "SUM(METRICS(\"errors\")) / SUM(METRICS(\"requests\")) * 100");
	STR_EQ(printed("FILL(m, REPEAT)"), "FILL(m, REPEAT)");
	STR_EQ(printed("ANOMALY_DETECTION_BAND(m, 2)"), "ANOMALY_DETECTION_BAND(m, 2)");
	STR_EQ(printed("LAST(ANOMALY_DETECTION_BAND(m))"), "LAST(ANOMALY_DETECTION_BAND(m))");
	STR_EQ(printed("m / PERIOD(m)"), "m / PERIOD(m)");
	STR_EQ(printed("TIME_SERIES(5 * AVG(m))"), "TIME_SERIES(5 * AVG(m))");
	STR_EQ(printed("SLICE(SORT(METRICS(), SUM, DESC), 0, 10)"),
	       "SLICE(SORT(METRICS(), SUM, DESC), 0, 10)");
	STR_EQ(printed("INSIGHT_RULE_METRIC('rule', 'UniqueContributors')"),
	       "INSIGHT_RULE_METRIC('rule', 'UniqueContributors')");
	STR_EQ(printed("IF(DAY(m) < 6, m)"), "IF(DAY(m) < 6, m)");
	STR_EQ(printed("'it\\'s' == 'x' OR m > 1"), "(parse failed)"); /* strings are not values */
}

static void test_layout_and_precedence(void)
{
	STR_EQ(printed("FILL( m ,0 )"), "FILL(m, 0)");
	STR_EQ(printed("1.50*m"), "1.5 * m");
	STR_EQ(printed(".5*m"), "0.5 * m");
	STR_EQ(printed("0.00001*m"), "0.00001 * m"); /* never exponent form */
	STR_EQ(printed("a&&b||c"), "a AND b OR c");
	STR_EQ(printed("a > 1 AND b > 2 OR c < 3"), "a > 1 AND b > 2 OR c < 3");
	STR_EQ(printed("((a + b))"), "(a + b)");
	STR_EQ(printed("-m"), "-m");
	STR_EQ(printed("- - m"), "-(-m)");
	STR_EQ(printed("-(a + b)"), "-(a + b)");
	STR_EQ(printed("2^-1 * m"), "2 ^ -1 * m");
	STR_EQ(printed("\tm\n+\r1"), "m + 1");

	mc_expr *e = parse("a + b * c");
	CHECK(e && e->kind == MC_EXPR_BINARY && e->op == MC_XOP_ADD);
	CHECK(e && e->rhs->op == MC_XOP_MUL);
	e = parse("a - b - c"); /* left-assoc */
	CHECK(e && e->op == MC_XOP_SUB && e->lhs->op == MC_XOP_SUB);
	e = parse("-2 ^ 2 * m"); /* -(2^2) */
	CHECK(e && e->op == MC_XOP_MUL && e->lhs->kind == MC_EXPR_UNARY);
	CHECK(e && e->lhs->lhs->op == MC_XOP_POW);
	e = parse("2 ^ 3 ^ m"); /* right-assoc */
	CHECK(e && e->op == MC_XOP_POW && e->rhs->op == MC_XOP_POW);
	e = parse("a > 1 AND b > 2 OR c");
	CHECK(e && e->op == MC_XOP_OR && e->lhs->op == MC_XOP_AND);
	CHECK(e && e->lhs->lhs->op == MC_XOP_GT);
	e = parse("(a < b) < c"); /* parenthesised comparisons may compare */
	CHECK(e != NULL);

	/* A printed tree built by hand gets the parentheses the grammar needs. */
	e = parse("a * b");
	mc_expr *sum = parse("x + y");
	CHECK(e && sum);
	if (e && sum) {
		e->rhs = sum;
		mc_buf b = MC_BUF_INIT;
		mc_expr_print(e, NULL, NULL, &b);
		STR_EQ(mc_buf_str(&b), "a * (x + y)");
		mc_buf_release(&b);
	}
}

static void test_minus_rule(void)
{
	mc_expr *e = parse("lb.latency-p99");
	CHECK(e && e->kind == MC_EXPR_REF);
	if (e) {
		INT_EQ(e->nnames, 2);
		STR_EQ(e->names[0], "lb");
		STR_EQ(e->names[1], "latency-p99");
	}
	e = parse("a-b");
	CHECK(e && e->kind == MC_EXPR_REF);
	e = parse("a - b");
	CHECK(e && e->kind == MC_EXPR_BINARY && e->op == MC_XOP_SUB);
	STR_EQ(printed("e1-MIN(e1)"), "e1 - MIN(e1)");
	STR_EQ(printed("a-(b)"), "a - (b)");
	STR_EQ(printed("a- b"), "a - b");
	STR_EQ(printed("a--b"), "a - -b");
	STR_EQ(printed("10-a"), "10 - a");
}

static void collect(mc_expr *ref, void *ctx)
{
	mc_buf *b = ctx;
	mc_buf_printf(b, "%s@%u-%u;", ref->text, ref->span.lo - PREFIX, ref->span.hi - PREFIX);
}

/* The file text under each reference's span. */
static void collect_text(mc_expr *ref, void *ctx)
{
	mc_source *src = mc_sources_get(&srcs, ref->span.file);
	mc_buf_add(ctx, src->text + ref->span.lo, ref->span.hi - ref->span.lo);
	mc_buf_putc(ctx, ';');
}

static const char *as_id(const mc_expr *ref, void *ctx)
{
	return mc_expr_ids_from_name(ctx, ref->text);
}

static void test_refs_and_ids_in_print(void)
{
	mc_expr *e = parse("100 * (lb.target_5xx + lb.elb_5xx) / lb.requests");
	CHECK(e != NULL);
	if (!e)
		return;
	mc_buf b = MC_BUF_INIT;
	mc_expr_visit_refs(e, collect, &b);
	STR_EQ(mc_buf_str(&b), "lb.target_5xx@7-20;lb.elb_5xx@23-33;lb.requests@37-48;");
	mc_buf_clear(&b);

	mc_expr_ids ids;
	mc_expr_ids_init(&ids, arena);
	mc_expr_print(e, as_id, &ids, &b);
	STR_EQ(mc_buf_str(&b), "100 * (lb_target_5xx + lb_elb_5xx) / lb_requests");
	mc_expr_ids_release(&ids);
	mc_buf_release(&b);

	/* Duplicates are visited each time, in source order. */
	e = parse("IF(total >= 20, 100 * bad / total, 0)");
	mc_buf_init(&b);
	if (e)
		mc_expr_visit_refs(e, collect, &b);
	STR_EQ(mc_buf_str(&b), "total@3-8;bad@22-25;total@28-33;");
	mc_buf_release(&b);

	/* Inside a double-quoted YAML scalar the caret skips the quote. */
	mc_diags_release(&diags);
	mc_diags_init(&diags, arena);
	e = mc_expr_parse(node_for("a + lb.x", MC_STYLE_DOUBLE_QUOTED), &srcs, arena, &diags);
	CHECK(e && e->rhs->span.lo == PREFIX + 1 + 4 && e->rhs->span.hi == PREFIX + 1 + 8);
}

/* Through the real loader: carets land on the token in plain and quoted scalars. */
static void test_loaded_yaml(void)
{
	static const char yaml[] = "a: 100 * lb.requests\n"
	                           "b: \"FILL(lb.x, 0) / lb.y\"\n"
	                           "c: 'IF(t > 1, bad / t, 0)'\n";
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	mc_diags_release(&diags);
	mc_diags_init(&diags, arena);
	mc_node *root = mc_load_yaml_buffer(&srcs, "y.yaml", yaml, sizeof yaml - 1, &lim, arena,
	                                    &diags);
	CHECK(root != NULL);
	if (!root)
		return;
	const char *keys[] = {"a", "b", "c"};
	const char *want[] = {"lb.requests;", "lb.x;lb.y;", "t;bad;t;"};
	for (size_t i = 0; i < 3; i++) {
		mc_expr *e = mc_expr_parse(mc_node_get(root, keys[i]), &srcs, arena, &diags);
		CHECK(e != NULL);
		if (!e)
			continue;
		mc_buf b = MC_BUF_INIT;
		mc_expr_visit_refs(e, collect_text, &b);
		STR_EQ(mc_buf_str(&b), want[i]);
		mc_buf_release(&b);
	}
	INT_EQ(diags.len, 0);
}

static void test_syntax_errors(void)
{
	const mc_diag *g;
	g = fails("100 * ", MC_E0210, 6, 6);
	if (g) {
		STR_EQ(g->message, "unexpected end of expression");
		contains(g->labels[0].text, "expected a number");
	}
	g = fails("a * * b", MC_E0210, 4, 5);
	if (g)
		STR_EQ(g->message, "unexpected `*`");
	g = fails("FILL(a, 0", MC_E0210, 9, 9);
	if (g) {
		STR_EQ(g->labels[0].text, "expected `,` or `)`");
		INT_EQ(g->nlabels, 2);
		INT_EQ(g->labels[1].span.lo, PREFIX + 4);
	}
	g = fails("(a + b", MC_E0210, 6, 6);
	if (g)
		STR_EQ(g->labels[0].text, "expected `)`");
	g = fails("(a + b]", MC_E0210, 6, 7);
	if (g)
		STR_EQ(g->message, "unexpected `]`");
	g = fails("a b", MC_E0210, 2, 3);
	if (g)
		STR_EQ(g->message, "unexpected name `b`");
	g = fails("a = b", MC_E0210, 2, 3);
	if (g)
		contains(g->help, "`==`");
	g = fails("!a", MC_E0210, 0, 1);
	if (g)
		contains(g->help, "invert the comparison");
	fails("a & b", MC_E0210, 2, 3);
	fails("a | b", MC_E0210, 2, 3);
	g = fails("a < b < c", MC_E0210, 6, 7);
	if (g)
		STR_EQ(g->message, "comparisons cannot be chained");
	g = fails("SEARCH('abc, 'Sum', 60)", MC_E0210, 14, 17); /* the string ends early */
	g = fails("'abc", MC_E0210, 0, 1);
	if (g)
		STR_EQ(g->message, "unterminated string");
	g = fails("2s * a", MC_E0210, 0, 2);
	if (g) {
		STR_EQ(g->message, "invalid number `2s`");
		contains(g->help, "units are not allowed");
	}
	g = fails("1e3 * a", MC_E0210, 0, 3);
	if (g)
		contains(g->help, "exponents");
	g = fails("lb.5xx + 1", MC_E0210, 3, 4);
	if (g)
		STR_EQ(g->message, "expected a name after `lb.`");
	fails("lb.", MC_E0210, 3, 3);
	g = fails("lb.targetRequests / 2", MC_E0210, 0, 17);
	if (g)
		STR_EQ(g->help, "did you mean `lb.targetrequests`?");
	g = fails("", MC_E0210, 0, 0);
	if (g)
		STR_EQ(g->message, "empty expression");
	fails("   ", MC_E0210, 0, 3);
	g = fails("a % b", MC_E0210, 2, 3);
	if (g)
		STR_EQ(g->message, "unexpected character `%`");
	g = fails("a \xC3\xA9 b", MC_E0210, 2, 4); /* a whole UTF-8 character */
	fails("a \x01", MC_E0210, 2, 3);
	fails("[]", MC_E0210, 1, 2);
	fails("MAX([a,])", MC_E0210, 7, 8);
	fails("+a", MC_E0210, 0, 1);
	g = fails("NOT a > 1", MC_E0210, 0, 3);
	if (g)
		STR_EQ(g->message, "metric math has no NOT");

	/* Nesting beyond the limit is reported, not a stack overflow. */
	char deep[300];
	memset(deep, '(', 200);
	deep[200] = 'a';
	memset(deep + 201, ')', 98);
	deep[299] = '\0';
	g = fails(deep, MC_E0210, MC_EXPR_MAX_DEPTH, MC_EXPR_MAX_DEPTH + 1);
	if (g)
		contains(g->message, "nested");

	/* A mapping where an expression belongs. */
	mc_node map = {0};
	map.kind = MC_NODE_MAP;
	map.span = (mc_span){1, 0, 3};
	mc_diags_release(&diags);
	mc_diags_init(&diags, arena);
	CHECK(mc_expr_parse(&map, &srcs, arena, &diags) == NULL);
	INT_EQ(diags.nerrors, 1);
	if (diags.len)
		STR_EQ(diags.v[0]->message, "expression is a mapping");
}

static void test_unknown_functions(void)
{
	const mc_diag *g;
	g = fails("FIL(a, 0)", MC_E0211, 0, 3);
	if (g) {
		STR_EQ(g->message, "unknown function `FIL`");
		STR_EQ(g->help, "did you mean `FILL`?");
	}
	g = fails("fill(a, 0)", MC_E0211, 0, 4);
	if (g)
		STR_EQ(g->help, "function names are upper case: `FILL`");
	g = fails("SQRT(a)", MC_E0211, 0, 4);
	if (g)
		contains(g->help, "^ 0.5");
	g = fails("NOT(a > 1)", MC_E0211, 0, 3);
	if (g)
		contains(g->help, "invert");
	/* Errors inside the arguments of an unknown function are still reported. */
	parse("FOO(BAR(a))");
	INT_EQ(diags.len, 2);
}

static void test_arity(void)
{
	const mc_diag *g;
	g = fails("FILL(a)", MC_E0212, 6, 7);
	if (g) {
		STR_EQ(g->message, "`FILL` takes 2 arguments, found 1");
		STR_EQ(g->labels[0].text, "expected 2 arguments");
	}
	g = fails("ABS(a, b)", MC_E0212, 7, 8);
	if (g) {
		STR_EQ(g->message, "`ABS` takes 1 argument, found 2");
		STR_EQ(g->labels[0].text, "unexpected argument");
	}
	g = fails("IF(a)", MC_E0212, 4, 5);
	if (g)
		STR_EQ(g->message, "`IF` takes 2 or 3 arguments, found 1");
	g = fails("METRICS('a', 'b')", MC_E0212, 13, 16);
	if (g)
		STR_EQ(g->message, "`METRICS` takes at most 1 argument, found 2");
	g = fails("SORT(METRICS())", MC_E0212, 14, 15);
	if (g)
		STR_EQ(g->message, "`SORT` takes 3 or 4 arguments, found 1");
	fails("ABS()", MC_E0212, 4, 5);
}

static void test_kinds(void)
{
	const mc_diag *g;
	g = fails("ABS('x')", MC_E0213, 4, 7);
	if (g)
		STR_EQ(g->message, "`ABS` expects a time series or an array of time series as "
		       "argument 1, found a string");
	g = fails("FIRST(a)", MC_E0213, 6, 7);
	if (g) {
		STR_EQ(g->message, "`FIRST` expects an array of time series as argument 1, found "
		       "a time series");
	}
	g = fails("FILL(a, 'x')", MC_E0213, 8, 11);
	if (g)
		STR_EQ(g->labels[0].text,
		       "expected a time series, a number, `REPEAT` or `LINEAR`");
	g = fails("a + 'x'", MC_E0213, 4, 7);
	if (g)
		STR_EQ(g->message, "a string is not a value");
	g = fails("[1, a]", MC_E0213, 1, 2);
	if (g)
		contains(g->help, "TIME_SERIES");
	g = fails("PERIOD(a + b)", MC_E0213, 7, 12);
	if (g)
		STR_EQ(g->message, "`PERIOD` takes a metric, not an expression");
	g = fails("METRICS() > 1", MC_E0213, 0, 9);
	if (g)
		STR_EQ(g->message, "`>` needs a time series or a number on each side");
	g = fails("SORT(METRICS(), AVG, DECS)", MC_E0213, 21, 25);
	if (g) {
		STR_EQ(g->message, "`SORT` does not accept `DECS` as argument 3");
		STR_EQ(g->help, "did you mean `DESC`?");
	}
	g = fails("SORT(METRICS(), 1, DESC)", MC_E0213, 16, 17);
	g = fails("REPEAT * 2", MC_E0213, 0, 6);
	if (g)
		STR_EQ(g->message, "`REPEAT` is not a value");
	g = fails("AVG + 1", MC_E0210, 0, 3);
	if (g)
		STR_EQ(g->labels[0].text, "expected `(` after `AVG`");
	fails("Total + 1", MC_E0210, 0, 5);
	fails("SEARCH(1, 'Sum', 60)", MC_E0213, 7, 8);
	fails("TIME_SERIES(m)", MC_E0213, 12, 13);
	fails("'abc'", MC_E0213, 0, 5);

	/* Every kind error of one expression is reported, in source order. */
	CHECK(parse("ABS('x') + FIRST(a) + FIL(b)") == NULL);
	INT_EQ(diags.len, 3);
	if (diags.len == 3) {
		INT_EQ(diags.v[0]->code, MC_E0213);
		INT_EQ(diags.v[1]->code, MC_E0213);
		INT_EQ(diags.v[2]->code, MC_E0211);
	}

	/* Shapes of good expressions. */
	mc_expr *e = parse("MAX(a)");
	CHECK(e && e->shape == MC_SHAPE_SCALAR);
	e = parse("MAX([a, b])");
	CHECK(e && e->shape == MC_SHAPE_SERIES);
	e = parse("ABS(METRICS())");
	CHECK(e && e->shape == MC_SHAPE_ARRAY);
	e = parse("METRICS() * 100");
	CHECK(e && e->shape == MC_SHAPE_ARRAY);
	e = parse("a - AVG(a)");
	CHECK(e && e->shape == MC_SHAPE_SERIES);
	e = parse("1 + 2");
	CHECK(e && e->shape == MC_SHAPE_SCALAR);
	e = parse("IF(a > 1 AND b, 1, 0)");
	CHECK(e && e->shape == MC_SHAPE_SERIES);
}

static const mc_diag *result_fails(const char *text, bool for_alarm)
{
	mc_expr *e = parse(text);
	CHECK(e != NULL);
	if (!e)
		return NULL;
	CHECK(!mc_expr_check_result(e, for_alarm, &diags));
	INT_EQ(diags.len, 1);
	if (diags.len < 1)
		return NULL;
	INT_EQ(diags.v[0]->code, MC_E0214);
	return diags.v[0];
}

static bool result_ok(const char *text, bool for_alarm)
{
	mc_expr *e = parse(text);
	return e && mc_expr_check_result(e, for_alarm, &diags) && diags.len == 0;
}

static void test_results(void)
{
	CHECK(result_ok("100 * (lb.target_5xx + lb.elb_5xx) / lb.requests", true));
	CHECK(result_ok("MAX([a, b])", true));
	CHECK(result_ok("METRICS()", false));
	CHECK(result_ok("SEARCH('{AWS/EC2} CPU', 'Average', 300)", false));
	const mc_diag *g = result_fails("MAX(a)", true);
	if (g) {
		STR_EQ(g->message, "expression gives a single number, not a time series");
		contains(g->help, "`MAX([a, b])` is the point-wise maximum");
		INT_EQ(g->labels[0].span.lo, PREFIX);
		INT_EQ(g->labels[0].span.hi, PREFIX + 6);
	}
	result_fails("MAX(a)", false);
	result_fails("5", false);
	g = result_fails("METRICS()", true);
	if (g)
		contains(g->message, "an alarm watches one");
	g = result_fails("ANOMALY_DETECTION_BAND(a, 2)", true);
	if (g)
		contains(g->help, "outside band");
	g = result_fails("SUM(SEARCH('{AWS/EC2} CPU', 'Average', 300))", true);
	if (g) {
		STR_EQ(g->message, "an alarm cannot watch `SEARCH`");
		INT_EQ(g->labels[0].span.lo, PREFIX + 4);
	}
}

static void test_ids(void)
{
	CHECK(mc_expr_id_valid("m1"));
	CHECK(mc_expr_id_valid("a_B9"));
	CHECK(mc_expr_id_valid("errorsRequests"));
	CHECK(!mc_expr_id_valid(""));
	CHECK(!mc_expr_id_valid("M1"));
	CHECK(!mc_expr_id_valid("1m"));
	CHECK(!mc_expr_id_valid("_m"));
	CHECK(!mc_expr_id_valid("a-b"));
	CHECK(!mc_expr_id_valid("a.b"));
	char long_id[300];
	memset(long_id, 'a', 256);
	long_id[256] = '\0';
	CHECK(!mc_expr_id_valid(long_id));
	long_id[255] = '\0';
	CHECK(mc_expr_id_valid(long_id));

	mc_expr_ids ids;
	mc_expr_ids_init(&ids, arena);
	STR_EQ(mc_expr_ids_next(&ids, 'm'), "m1");
	STR_EQ(mc_expr_ids_next(&ids, 'm'), "m2");
	CHECK(mc_expr_ids_reserve(&ids, "m3"));
	CHECK(!mc_expr_ids_reserve(&ids, "m3"));
	CHECK(!mc_expr_ids_reserve(&ids, "Bad"));
	STR_EQ(mc_expr_ids_next(&ids, 'm'), "m4");
	STR_EQ(mc_expr_ids_next(&ids, 'e'), "e1");
	STR_EQ(mc_expr_ids_from_name(&ids, "lb.target_5xx"), "lb_target_5xx");
	STR_EQ(mc_expr_ids_from_name(&ids, "lb.target_5xx"), "lb_target_5xx_2");
	STR_EQ(mc_expr_ids_from_name(&ids, "lb.target-5xx"), "lb_target_5xx_3");
	STR_EQ(mc_expr_ids_from_name(&ids, "latency-p99"), "latency_p99");
	STR_EQ(mc_expr_ids_from_name(&ids, "5xx"), "m5xx");
	STR_EQ(mc_expr_ids_from_name(&ids, "Total"), "mTotal");
	STR_EQ(mc_expr_ids_from_name(&ids, "a..b--c__"), "a_b_c");
	STR_EQ(mc_expr_ids_from_name(&ids, ""), "m");
	STR_EQ(mc_expr_ids_from_name(&ids, "m1"), "m1_2");
	const char *l = mc_expr_ids_from_name(&ids, long_id);
	CHECK(strlen(l) <= 64);
	for (size_t i = 0; i < ids.len; i++)
		CHECK(mc_expr_id_valid(ids.v[i]));
	mc_expr_ids_release(&ids);
}

static void test_function_table(void)
{
	size_t n;
	const mc_expr_func *f = mc_expr_functions(&n);
	CHECK(n >= 30);
	for (size_t i = 0; i < n; i++) {
		CHECK(f[i].min_args <= f[i].max_args);
		CHECK(f[i].max_args <= 4);
		for (const char *c = f[i].name; *c; c++)
			CHECK((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_');
		if (i > 0)
			CHECK(strcmp(f[i - 1].name, f[i].name) < 0);
		CHECK(mc_expr_function_find(f[i].name, strlen(f[i].name)) == &f[i]);
	}
	CHECK(mc_expr_function_find("FILLX", 4) != NULL); /* length-bounded look-up */
	CHECK(mc_expr_function_find("fill", 4) == NULL);
}

int main(void)
{
	arena = mc_arena_new();
	mc_sources_init(&srcs);
	mc_diags_init(&diags, arena);
	test_contract_examples();
	test_layout_and_precedence();
	test_minus_rule();
	test_refs_and_ids_in_print();
	test_loaded_yaml();
	test_syntax_errors();
	test_unknown_functions();
	test_arity();
	test_kinds();
	test_results();
	test_ids();
	test_function_table();
	mc_diags_release(&diags);
	mc_sources_release(&srcs);
	mc_arena_free(arena);
	return harness_done();
}
