/*
 * Burn-rate math (compiler/sema/burnrate.c): the multiwindow factors at 30 and 28 days
 * against peers.md §4.1-4.2 (to 1e-9), a 7-day window and Sloth's 7-day example, thresholds,
 * suppression order, E0220 (a row that can never fire) with the exact message, E0222, and
 * custom tables read from YAML with every E0221 check.
 */
#include <math.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diag/diag.h"
#include "load/load.h"
#include "sema/burnrate.h"
#include "harness.h"

static mc_arena *arena;
static mc_sources srcs;
static mc_diags diags;

static const uint64_t DAY = 86400;

#define NEAR(got, want)                                                                    \
	do {                                                                               \
		double g_ = (got), w_ = (want);                                            \
		CHECK(fabs(g_ - w_) < 1e-9);                                               \
		if (!(fabs(g_ - w_) < 1e-9))                                               \
			fprintf(stderr, "  %s: got %.17g, want %.17g\n", #got, g_, w_);    \
	} while (0)

static void reset(void)
{
	mc_diags_release(&diags);
	mc_diags_init(&diags, arena);
}

/* The default table for an objective and window; NULL rows (and diagnostics) on failure. */
static mc_burn_table compute(double objective, uint64_t window_s)
{
	reset();
	mc_burn_input in = {0};
	in.objective_pct = objective;
	in.objective_span = (mc_span){1, 10, 15};
	in.window_s = window_s;
	in.window_span = (mc_span){1, 20, 23};
	mc_burn_table t;
	if (mc_burn_compute(&in, arena, &diags, &t) != 0)
		CHECK(t.rows == NULL && t.nrows == 0);
	return t;
}

static const char *print(const mc_burn_table *t)
{
	mc_buf b = MC_BUF_INIT;
	mc_burn_table_print(t, &b);
	const char *s = mc_arena_strdup(arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static void test_30d(void)
{
	mc_burn_table t = compute(99.5, 30 * DAY);
	INT_EQ(diags.len, 0);
	INT_EQ(t.nrows, 4);
	if (t.nrows != 4)
		return;
	NEAR(t.rows[0].factor, 14.4);
	NEAR(t.rows[1].factor, 6);
	NEAR(t.rows[2].factor, 3);
	NEAR(t.rows[3].factor, 1);
	NEAR(t.rows[0].threshold, 0.072);
	NEAR(t.rows[3].threshold, 0.005);
	NEAR(t.budget, 0.005);
	/* Rounded to 12 digits, so the emitted number is the short one. */
	CHECK(t.rows[0].threshold == 0.072);
	STR_EQ(print(&t),
	       "critical 1h/5m factor 14.4 threshold 0.072 suppressed-by -\n"
	       "critical 6h/30m factor 6 threshold 0.03 suppressed-by 1h/5m\n"
	       "warning 1d/2h factor 3 threshold 0.015 suppressed-by 6h/30m\n"
	       "warning 3d/6h factor 1 threshold 0.005 suppressed-by 1d/2h\n");
	INT_EQ(t.rows[0].suppressors, 0);
	INT_EQ(t.rows[1].suppressors, 0x1);
	INT_EQ(t.rows[2].suppressors, 0x3);
	INT_EQ(t.rows[3].suppressors, 0x7);
	INT_EQ(t.rows[0].suppressor, -1);
	INT_EQ(t.rows[3].suppressor, 2);
	INT_EQ(t.rows[1].suppressor_extension_s, 300);
	INT_EQ(t.rows[3].suppressor_extension_s, 7200);
	INT_EQ(t.rows[0].tier_rank, 0);
	INT_EQ(t.rows[2].tier_rank, 1);

	/* 99.9%: the workbook's own example. */
	t = compute(99.9, 30 * DAY);
	if (t.nrows == 4) {
		CHECK(t.rows[0].threshold == 0.0144);
		CHECK(t.rows[3].threshold == 0.001);
	}
}

static void test_28d_and_7d(void)
{
	mc_burn_table t = compute(99.9, 28 * DAY);
	INT_EQ(t.nrows, 4);
	if (t.nrows == 4) {
		/* peers.md §4.2: google-28d is 13.44, 5.6, 2.8, 0.933 */
		NEAR(t.rows[0].factor, 13.44);
		NEAR(t.rows[1].factor, 5.6);
		NEAR(t.rows[2].factor, 2.8);
		NEAR(t.rows[3].factor, 2.8 / 3);
		CHECK(fabs(t.rows[3].factor - 0.933) < 0.0005);
	}
	t = compute(99, 7 * DAY);
	INT_EQ(t.nrows, 4);
	if (t.nrows == 4) {
		NEAR(t.rows[0].factor, 3.36);
		NEAR(t.rows[1].factor, 1.4);
		NEAR(t.rows[2].factor, 0.7);
		NEAR(t.rows[3].factor, 0.7 / 3);
		NEAR(t.rows[0].threshold, 0.0336);
	}
	/* Sloth's 7d example spends 8%, 12.5%, 20% and 42%: 13.44, 3.5, 1.4, 0.98. */
	NEAR(mc_burn_factor(8, 7 * DAY, 3600), 13.44);
	NEAR(mc_burn_factor(12.5, 7 * DAY, 6 * 3600), 3.5);
	NEAR(mc_burn_factor(20, 7 * DAY, DAY), 1.4);
	NEAR(mc_burn_factor(42, 7 * DAY, 3 * DAY), 0.98);
	NEAR(mc_burn_factor(2, 90 * DAY, 3600), 43.2);
	NEAR(mc_burn_factor(2, 30 * DAY, 0), 0);
}

static void test_windows(void)
{
	CHECK(mc_burn_window_valid(10));
	CHECK(mc_burn_window_valid(30));
	CHECK(mc_burn_window_valid(60));
	CHECK(mc_burn_window_valid(3 * DAY));
	CHECK(mc_burn_window_valid(7 * DAY));
	CHECK(!mc_burn_window_valid(0));
	CHECK(!mc_burn_window_valid(20));
	CHECK(!mc_burn_window_valid(45));
	CHECK(!mc_burn_window_valid(90));
	CHECK(!mc_burn_window_valid(7 * DAY + 60));
}

static void test_never_fires(void)
{
	mc_burn_table t = compute(93, 30 * DAY);
	CHECK(t.rows == NULL);
	INT_EQ(diags.len, 1);
	if (diags.len == 1) {
		const mc_diag *g = diags.v[0];
		INT_EQ(g->code, MC_E0220);
		STR_EQ(g->message, "the 1h/5m critical row needs an error ratio above "
		       "14.4 x 7% = 100.8%");
		STR_EQ(g->labels[0].text, "objective 93% leaves an error budget of 7%");
		INT_EQ(g->labels[0].span.lo, 10);
		INT_EQ(g->labels[0].span.hi, 15);
		STR_EQ(g->help, "raise the objective to at least 93.06%, or use a custom "
		       "`slo_alerting` table with a smaller factor for this row");
	}
	/* 93.06% is enough (14.4 x 6.94% = 99.936%). */
	t = compute(93.06, 30 * DAY);
	INT_EQ(diags.len, 0);
	INT_EQ(t.nrows, 4);

	/* Every row that cannot fire is reported. */
	compute(50, 30 * DAY);
	INT_EQ(diags.len, 3);
	if (diags.len == 3)
		STR_EQ(diags.v[2]->message, "the 1d/2h warning row needs an error ratio above "
		       "3 x 50% = 150%");
}

static void test_objective(void)
{
	compute(100, 30 * DAY);
	INT_EQ(diags.len, 1);
	if (diags.len == 1) {
		INT_EQ(diags.v[0]->code, MC_E0222);
		STR_EQ(diags.v[0]->message, "SLO objective `100%` leaves no error budget");
		CHECK(diags.v[0]->help != NULL);
	}
	compute(120, 30 * DAY);
	INT_EQ(diags.len, 1);
	if (diags.len == 1)
		STR_EQ(diags.v[0]->message, "SLO objective `120%` is not between 0% and 100%");
	compute(0, 30 * DAY);
	INT_EQ(diags.len, 1);
	compute(-1.5, 30 * DAY);
	INT_EQ(diags.len, 1);
	if (diags.len == 1)
		STR_EQ(diags.v[0]->message, "SLO objective `-1.5%` is not between 0% and 100%");
	compute(NAN, 30 * DAY);
	INT_EQ(diags.len, 1);
	compute(99.9, 0);
	INT_EQ(diags.len, 1);
	if (diags.len == 1)
		INT_EQ(diags.v[0]->code, MC_E0120);

	/* A window shorter than a default row's long window. */
	compute(99.9, 2 * DAY);
	INT_EQ(diags.len, 1);
	if (diags.len == 1) {
		INT_EQ(diags.v[0]->code, MC_E0221);
		STR_EQ(diags.v[0]->message, "the 3d/6h warning row looks back further than the "
		       "SLO window `2d`");
		INT_EQ(diags.v[0]->labels[0].span.lo, 20);
	}
}

/* Loads `t: <yaml>` and computes the custom table under `t`; the diagnostics stay in diags. */
static int custom(const char *yaml, double objective, uint64_t window_s, mc_burn_table *t)
{
	reset();
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	mc_node *root = mc_load_yaml_buffer(&srcs, "t.yaml", yaml, strlen(yaml), &lim, arena,
	                                    &diags);
	CHECK(root && diags.nerrors == 0);
	if (!root)
		return -1;
	const mc_node *seq = mc_node_get(root, "t");
	mc_burn_spec *rows;
	size_t n;
	if (mc_burn_table_parse(seq, &srcs, arena, &diags, &rows, &n) != 0)
		return -1;
	mc_burn_input in = {0};
	in.objective_pct = objective;
	in.window_s = window_s;
	in.rows = rows;
	in.nrows = n;
	in.table_span = seq->span;
	in.objective_span = root->span; /* somewhere real: the caret is not under test here */
	static const char *const tiers[] = {"page", "ticket"};
	in.tiers = tiers;
	in.ntiers = 2;
	return mc_burn_compute(&in, arena, &diags, t);
}

/* The text under the primary caret of diagnostic i. */
static const char *caret(size_t i)
{
	if (i >= diags.len || diags.v[i]->nlabels == 0)
		return "(none)";
	mc_span s = diags.v[i]->labels[0].span;
	mc_source *src = mc_sources_get(&srcs, s.file);
	return src ? mc_arena_strndup(arena, src->text + s.lo, s.hi - s.lo) : "(no file)";
}

static void test_custom_tables(void)
{
	mc_burn_table t;
	/* Given out of order: the output is fastest first, and suppression respects tiers. */
	int rc = custom("t:\n"
	                "  - { tier: ticket, long: 1d, short: 2h, factor: 3 }\n"
	                "  - { tier: page, long: 1h, short: 5m, factor: 14.4 }\n"
	                "  - { tier: ticket, long: 30m, short: 5m, factor: 20 }\n",
	                99.9, 30 * DAY, &t);
	INT_EQ(rc, 0);
	INT_EQ(diags.len, 0);
	STR_EQ(print(&t),
	       "ticket 30m/5m factor 20 threshold 0.02 suppressed-by -\n"
	       "page 1h/5m factor 14.4 threshold 0.0144 suppressed-by -\n"
	       "ticket 1d/2h factor 3 threshold 0.003 suppressed-by 1h/5m\n");
	if (t.nrows == 3) {
		INT_EQ(t.rows[2].suppressors, 0x3);
		CHECK(t.rows[1].span.file != 0);
	}

	/* A custom factor does not scale with the window. */
	rc = custom("t: [{ tier: page, long: 1h, short: 5m, factor: 10 }]\n", 99, 7 * DAY, &t);
	INT_EQ(rc, 0);
	if (t.nrows == 1)
		NEAR(t.rows[0].factor, 10);

	/* Every value check at its own location. */
	rc = custom("t:\n"
	            "  - { tier: pgae, long: 1h, short: 5m, factor: 14.4 }\n"
	            "  - { tier: page, long: 1h, short: 2h, factor: 6 }\n"
	            "  - { tier: page, long: 45s, short: 10s, factor: 6 }\n"
	            "  - { tier: page, long: 8d, short: 1h, factor: 6 }\n"
	            "  - { tier: page, long: 6h, short: 30m, factor: 0 }\n"
	            "  - { tier: page, long: 6h, short: 30m, factor: 1 }\n",
	            99.9, 30 * DAY, &t);
	INT_EQ(rc, -1);
	INT_EQ(diags.len, 6);
	for (size_t i = 0; i < diags.len; i++)
		INT_EQ(diags.v[i]->code, MC_E0221);
	if (diags.len == 6) {
		STR_EQ(diags.v[0]->message, "unknown tier `pgae` in burn-rate row");
		STR_EQ(diags.v[0]->help, "did you mean `page`?");
		STR_EQ(caret(0), "pgae");
		STR_EQ(diags.v[1]->message,
		       "short window `2h` is not shorter than long window `1h`");
		STR_EQ(caret(1), "2h");
		STR_EQ(diags.v[2]->message,
		       "window `45s` of the 45s/10s page row is not a CloudWatch alarm period");
		STR_EQ(caret(2), "45s");
		STR_EQ(caret(3), "8d");
		STR_EQ(diags.v[4]->message, "burn factor of the 6h/30m page row is not above 0");
		STR_EQ(caret(4), "0");
		STR_EQ(diags.v[5]->message, "duplicate burn-rate row 6h/30m");
		INT_EQ(diags.v[5]->nlabels, 2);
	}

	/* A custom row that can never fire points at the objective and at its factor. */
	rc = custom("t: [{ tier: page, long: 1h, short: 5m, factor: 2 }]\n", 50, 30 * DAY, &t);
	INT_EQ(rc, -1);
	INT_EQ(diags.len, 1);
	if (diags.len == 1) {
		INT_EQ(diags.v[0]->code, MC_E0220);
		STR_EQ(diags.v[0]->message, "the 1h/5m page row needs an error ratio above "
		       "2 x 50% = 100%");
		INT_EQ(diags.v[0]->nlabels, 2);
	}

	/* Reading: missing keys, wrong types, bad durations, not a list. */
	rc = custom("t:\n"
	            "  - { tier: page, long: 1h, short: 5m }\n"
	            "  - { tier: 3, long: 1x, short: 5m, factor: high }\n"
	            "  - 7\n",
	            99.9, 30 * DAY, &t);
	INT_EQ(rc, -1);
	INT_EQ(diags.len, 5);
	if (diags.len == 5) {
		STR_EQ(diags.v[0]->message, "burn-rate row has no `factor`");
		STR_EQ(diags.v[1]->message, "`tier` of a burn-rate row is an integer");
		INT_EQ(diags.v[2]->code, MC_E0120);
		STR_EQ(caret(2), "1x");
		STR_EQ(diags.v[3]->message, "`factor` of a burn-rate row is a string");
		STR_EQ(diags.v[4]->message, "burn-rate row is an integer");
	}
	rc = custom("t: multiwindow\n", 99.9, 30 * DAY, &t);
	INT_EQ(rc, -1);
	INT_EQ(diags.len, 1);
	rc = custom("t: []\n", 99.9, 30 * DAY, &t);
	INT_EQ(rc, -1);
	if (diags.len == 1)
		STR_EQ(diags.v[0]->message, "burn-rate table has no rows");
}

int main(void)
{
	arena = mc_arena_new();
	mc_sources_init(&srcs);
	mc_diags_init(&diags, arena);
	test_30d();
	test_28d_and_7d();
	test_windows();
	test_never_fires();
	test_objective();
	test_custom_tables();
	mc_diags_release(&diags);
	mc_sources_release(&srcs);
	mc_arena_free(arena);
	return harness_done();
}
