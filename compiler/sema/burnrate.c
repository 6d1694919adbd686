/*
 * Burn-rate tables: the default multiwindow rows, reading a custom table, and computing
 * factors, thresholds and suppression; see burnrate.h and docs/slo.md.
 *
 * Consumes an objective, a window and table rows; produces mc_burn_table rows sorted fastest
 * first, or diagnostics E0220-E0222 (E0120 for an unreadable duration in a custom row).
 * Every problem of a table is reported before giving up, so a user fixes them in one pass.
 */
#include "sema/burnrate.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sema/units.h"

/* Designated initialisers: the spans stay zero, which is MC_NO_SPAN. */
const mc_burn_spec mc_burn_multiwindow[] = {
	{.tier = "critical", .long_s = 3600, .short_s = 300, .budget_pct = 2},
	{.tier = "critical", .long_s = 21600, .short_s = 1800, .budget_pct = 5},
	{.tier = "warning", .long_s = 86400, .short_s = 7200, .budget_pct = 10},
	{.tier = "warning", .long_s = 259200, .short_s = 21600, .budget_pct = 10},
};
const size_t mc_burn_multiwindow_len = sizeof mc_burn_multiwindow / sizeof mc_burn_multiwindow[0];

static const char *const default_tiers[] = {"critical", "warning", "info"};

/* Rounds to 12 significant digits: enough for any factor, and no float noise in output. */
static double round12(double v)
{
	if (v == 0 || !isfinite(v))
		return v;
	/*
	 * A spec's SLOs share a few objectives and windows, so the same handful of values come
	 * back for every service (18,000 calls at 1,000 services, each a printf and a strtod):
	 * the last results are remembered, per thread, by the value's bits.
	 */
	static _Thread_local struct {
		uint64_t in;
		double out;
	} memo[16];
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	size_t slot = (size_t)(bits ^ (bits >> 21) ^ (bits >> 43)) & 15;
	if (memo[slot].in == bits) /* never 0 here: v == 0 returned above */
		return memo[slot].out;
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%.12g", v);
	double out = strtod(tmp, NULL);
	memo[slot].in = bits;
	memo[slot].out = out;
	return out;
}

double mc_burn_factor(double budget_pct, uint64_t window_s, uint64_t long_s)
{
	if (long_s == 0)
		return 0;
	return round12(budget_pct * (double)window_s / (100.0 * (double)long_s));
}

bool mc_burn_window_valid(uint64_t s)
{
	return s == 10 || s == 30 || (s > 0 && s % 60 == 0 && s <= MC_BURN_MAX_WINDOW_S);
}

static bool has_span(mc_span s)
{
	return s.file != 0;
}

/* ---- reading a custom table ------------------------------------------------------------ */

static const mc_node *row_key(const mc_node *row, const char *key, mc_diags *d, bool *ok)
{
	const mc_node *v = mc_node_get(row, key);
	if (!v) {
		mc_diag *g = mc_diag_add(d, MC_E0221, row->span, "burn-rate row has no `%s`", key);
		mc_diag_label_primary(d, g, "expected `tier`, `long`, `short` and `factor`");
		*ok = false;
	}
	return v;
}

/* "an" before "integer", "a" before "string": for messages about a node's kind. */
static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

/* key NULL: the row itself has the wrong kind. */
static void wrong_type(mc_diags *d, const mc_node *v, const char *key, const char *want,
                       bool *ok)
{
	const char *kind = mc_node_kind_name(v->kind);
	mc_diag *g = key ? mc_diag_add(d, MC_E0221, v->span, "`%s` of a burn-rate row is %s %s",
	                               key, article(kind), kind)
	                 : mc_diag_add(d, MC_E0221, v->span, "burn-rate row is %s %s",
	                               article(kind), kind);
	mc_diag_label_primary(d, g, "expected %s", want);
	*ok = false;
}

static uint64_t row_duration(const mc_node *row, const char *key, mc_span *span, mc_diags *d,
                             bool *ok)
{
	const mc_node *v = row_key(row, key, d, ok);
	uint64_t s = 0;
	if (!v)
		return 0;
	*span = v->span;
	if (v->kind != MC_NODE_STRING) {
		wrong_type(d, v, key, "a duration such as `1h`", ok);
		return 0;
	}
	if (mc_duration_parse(v->text, v->text_len, &s) != 0) {
		mc_diag *g = mc_diag_add(d, MC_E0120, v->span, "invalid duration `%s`", v->text);
		mc_diag_label_primary(d, g, "expected a whole number and a unit: `5m`, `1h`, `1d`");
		*ok = false;
	}
	return s;
}

int mc_burn_table_parse(const mc_node *seq, const mc_sources *srcs, mc_arena *arena,
                        mc_diags *diags, mc_burn_spec **rows, size_t *nrows)
{
	(void)srcs; /* spans of whole scalars are exact enough for these messages */
	*rows = NULL;
	*nrows = 0;
	if (seq->kind != MC_NODE_SEQ) {
		mc_diag *g = mc_diag_add(diags, MC_E0221, seq->span, "burn-rate table is a %s",
		                         mc_node_kind_name(seq->kind));
		mc_diag_label_primary(diags, g, "expected a list of `{tier, long, short, factor}`");
		return -1;
	}
	bool ok = true;
	mc_burn_spec *out = mc_arena_alloc(arena, (seq->nitems + 1) * sizeof *out);
	for (size_t i = 0; i < seq->nitems; i++) {
		const mc_node *row = seq->items[i];
		mc_burn_spec *r = &out[i];
		r->span = row->span;
		if (row->kind != MC_NODE_MAP) {
			wrong_type(diags, row, NULL, "a mapping `{tier, long, short, factor}`",
			           &ok);
			continue;
		}
		const mc_node *tier = row_key(row, "tier", diags, &ok);
		if (tier && tier->kind != MC_NODE_STRING)
			wrong_type(diags, tier, "tier", "a tier name such as `critical`", &ok);
		else if (tier) {
			r->tier = tier->text;
			r->tier_span = tier->span;
		}
		r->long_s = row_duration(row, "long", &r->long_span, diags, &ok);
		r->short_s = row_duration(row, "short", &r->short_span, diags, &ok);
		const mc_node *f = row_key(row, "factor", diags, &ok);
		if (f && f->kind == MC_NODE_INT)
			r->factor = (double)f->as.i;
		else if (f && f->kind == MC_NODE_FLOAT)
			r->factor = f->as.f;
		else if (f)
			wrong_type(diags, f, "factor", "a number such as `14.4`", &ok);
		if (f)
			r->factor_span = f->span;
	}
	if (!ok)
		return -1;
	*rows = out;
	*nrows = seq->nitems;
	return 0;
}

/* ---- computing ------------------------------------------------------------------------- */

typedef struct {
	mc_arena *arena;
	mc_diags *diags;
	const mc_burn_input *in;
} ctx;

static const char *num(ctx *c, double v)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_double(&b, round12(v));
	char *s = mc_arena_strdup(c->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static const char *dur(ctx *c, uint64_t s)
{
	mc_buf b = MC_BUF_INIT;
	mc_duration_format(&b, s);
	char *out = mc_arena_strdup(c->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return out;
}

/* "1h/5m critical" */
static const char *row_name(ctx *c, const mc_burn_spec *r)
{
	return mc_arena_printf(c->arena, "%s/%s %s", dur(c, r->long_s), dur(c, r->short_s),
	                       r->tier ? r->tier : "(no tier)");
}

static bool check_objective(ctx *c)
{
	double o = c->in->objective_pct;
	if (o > 0 && o < 100)
		return true;
	mc_diags *d = c->diags;
	mc_diag *g;
	if (isnan(o))
		g = mc_diag_add(d, MC_E0222, c->in->objective_span,
		                "SLO objective is not a number");
	else if (o == 100)
		g = mc_diag_add(d, MC_E0222, c->in->objective_span,
		                "SLO objective `100%%` leaves no error budget");
	else
		g = mc_diag_add(d, MC_E0222, c->in->objective_span,
		                "SLO objective `%s%%` is not between 0%% and 100%%", num(c, o));
	mc_diag_label_primary(d, g, "expected a percentage above 0%% and below 100%%");
	if (o == 100)
		mc_diag_help(d, g, "at 100%% every single error breaks the SLO; objectives such "
		             "as 99.9%% leave room for the errors no service avoids");
	return false;
}

static size_t tier_rank(ctx *c, const mc_burn_spec *r, bool *ok)
{
	const char *const *tiers = c->in->tiers ? c->in->tiers : default_tiers;
	size_t ntiers = c->in->tiers ? c->in->ntiers : 3;
	mc_span at = has_span(r->tier_span) ? r->tier_span : r->span;
	if (!r->tier || !r->tier[0]) {
		mc_diag *g = mc_diag_add(c->diags, MC_E0221, at, "burn-rate row names no tier");
		mc_diag_label_primary(c->diags, g, "expected a tier such as `critical`");
		*ok = false;
		return 0;
	}
	for (size_t i = 0; i < ntiers; i++)
		if (strcmp(tiers[i], r->tier) == 0)
			return i;
	mc_diag *g = mc_diag_add(c->diags, MC_E0221, at, "unknown tier `%s` in burn-rate row",
	                         r->tier);
	mc_diag_label_primary(c->diags, g, "not one of the spec's tiers");
	const char *near = mc_did_you_mean(r->tier, tiers, ntiers);
	if (near)
		mc_diag_help(c->diags, g, "did you mean `%s`?", near);
	*ok = false;
	return 0;
}

static void check_window(ctx *c, const mc_burn_spec *r, uint64_t s, mc_span span, bool *ok)
{
	if (mc_burn_window_valid(s))
		return;
	mc_diag *g = mc_diag_add(c->diags, MC_E0221, has_span(span) ? span : r->span,
	                         "window `%s` of the %s row is not a CloudWatch alarm period",
	                         dur(c, s), row_name(c, r));
	mc_diag_label_primary(c->diags, g, "expected 10s, 30s or a multiple of 1m up to 7d");
	mc_diag_note(c->diags, g, "each window is one alarm period with one evaluation period");
	*ok = false;
}

/* The lowest objective, in percent rounded up to 0.01, at which factor x budget < 1. */
static double min_objective(double factor)
{
	double v = 100.0 - 100.0 / factor;
	double r = ceil(v * 100.0) / 100.0;
	if (r <= v)
		r += 0.01;
	return round12(r);
}

static void never_fires(ctx *c, const mc_burn_spec *r, double factor)
{
	double budget_pct = 100.0 - c->in->objective_pct;
	mc_diags *d = c->diags;
	mc_diag *g = mc_diag_add(d, MC_E0220, c->in->objective_span,
	                         "the %s row needs an error ratio above %s x %s%% = %s%%",
	                         row_name(c, r), num(c, factor), num(c, budget_pct),
	                         num(c, factor * budget_pct));
	mc_diag_label_primary(d, g, "objective %s%% leaves an error budget of %s%%",
	                      num(c, c->in->objective_pct), num(c, budget_pct));
	if (has_span(r->factor_span))
		mc_diag_label(d, g, r->factor_span, "burn factor %s", num(c, factor));
	mc_diag_note(d, g, "an error ratio cannot exceed 100%%, so this alert can never fire");
	double need = min_objective(factor);
	if (need < 100)
		mc_diag_help(d, g, "raise the objective to at least %s%%, or use a custom "
		             "`slo_alerting` table with a smaller factor for this row",
		             num(c, need));
	else
		mc_diag_help(d, g, "use a custom `slo_alerting` table with a smaller factor");
}

static int compare_rows(const mc_burn_row *a, const mc_burn_row *b)
{
	if (a->long_s != b->long_s)
		return a->long_s < b->long_s ? -1 : 1;
	if (a->short_s != b->short_s)
		return a->short_s < b->short_s ? -1 : 1;
	return 0;
}

/* Short below long, within the SLO window, not a duplicate: E0221 for each violation. */
static void check_shape(ctx *c, const mc_burn_spec *specs, size_t i, bool *ok)
{
	const mc_burn_spec *r = &specs[i];
	mc_diags *d = c->diags;
	mc_diag *g;
	if (r->short_s >= r->long_s) {
		g = mc_diag_add(d, MC_E0221, has_span(r->short_span) ? r->short_span : r->span,
		                "short window `%s` is not shorter than long window `%s`",
		                dur(c, r->short_s), dur(c, r->long_s));
		mc_diag_label_primary(d, g, "expected less than %s", dur(c, r->long_s));
		mc_diag_help(d, g, "the short window confirms that the burn goes on; the SRE "
		             "workbook uses 1/12 of the long window");
		*ok = false;
	}
	uint64_t window = c->in->window_s;
	if (r->long_s > window) {
		g = mc_diag_add(d, MC_E0221, has_span(r->long_span) ? r->long_span
		                                                     : c->in->window_span,
		                "the %s row looks back further than the SLO window `%s`",
		                row_name(c, r), dur(c, window));
		mc_diag_label_primary(d, g, "expected a long window of at most %s", dur(c, window));
		if (has_span(r->long_span))
			mc_diag_label(d, g, c->in->window_span, "the SLO window");
		mc_diag_help(d, g, "use an SLO window of at least %s, or a custom table",
		             dur(c, r->long_s));
		*ok = false;
	}
	for (size_t j = 0; j < i; j++) {
		if (specs[j].long_s != r->long_s || specs[j].short_s != r->short_s)
			continue;
		g = mc_diag_add(d, MC_E0221, r->span, "duplicate burn-rate row %s/%s",
		                dur(c, r->long_s), dur(c, r->short_s));
		mc_diag_label_primary(d, g, "same windows as an earlier row");
		if (has_span(specs[j].span))
			mc_diag_label(d, g, specs[j].span, "first defined here");
		*ok = false;
		break;
	}
}

/*
 * The unrounded factor: from the budget share for default rows, as written for custom rows.
 * Thresholds are computed from it, because rounding twice could move the last digit.
 */
static double raw_factor(ctx *c, const mc_burn_spec *r, bool *ok)
{
	if (r->budget_pct > 0 && r->long_s > 0)
		return r->budget_pct * (double)c->in->window_s / (100.0 * (double)r->long_s);
	if (r->factor > 0 && isfinite(r->factor))
		return r->factor;
	mc_diag *g = mc_diag_add(c->diags, MC_E0221,
	                         has_span(r->factor_span) ? r->factor_span : r->span,
	                         "burn factor of the %s row is not above 0", row_name(c, r));
	mc_diag_label_primary(c->diags, g, "expected a number above 0");
	*ok = false;
	return 0;
}

/* Sorts fastest first, then links each row to the faster rows that suppress it. */
static void order_and_suppress(mc_burn_row *rows, size_t n)
{
	/* Insertion sort: stable, and tables are a handful of rows. */
	for (size_t i = 1; i < n; i++) {
		mc_burn_row tmp = rows[i];
		size_t j = i;
		for (; j > 0 && compare_rows(&rows[j - 1], &tmp) > 0; j--)
			rows[j] = rows[j - 1];
		rows[j] = tmp;
	}
	for (size_t i = 0; i < n; i++) {
		mc_burn_row *r = &rows[i];
		for (size_t j = 0; j < n; j++) {
			if (rows[j].long_s >= r->long_s || rows[j].tier_rank > r->tier_rank)
				continue;
			r->suppressors |= (uint32_t)1 << j;
			/* Sorted fastest first: the last match is the slowest faster row. */
			r->suppressor = (int)j;
			r->suppressor_extension_s = rows[j].short_s;
		}
	}
}

int mc_burn_compute(const mc_burn_input *in, mc_arena *arena, mc_diags *diags,
                    mc_burn_table *out)
{
	ctx c = {arena, diags, in};
	memset(out, 0, sizeof *out);
	if (!check_objective(&c))
		return -1;
	const mc_burn_spec *specs = in->rows ? in->rows : mc_burn_multiwindow;
	size_t n = in->rows ? in->nrows : mc_burn_multiwindow_len;
	if (n == 0 || n > MC_BURN_MAX_ROWS) {
		mc_diag *g = n ? mc_diag_add(diags, MC_E0221, in->table_span,
		                             "burn-rate table has %zu rows", n)
		               : mc_diag_add(diags, MC_E0221, in->table_span,
		                             "burn-rate table has no rows");
		mc_diag_label_primary(diags, g, "expected 1 to %d rows", MC_BURN_MAX_ROWS);
		return -1;
	}
	if (in->window_s == 0) {
		mc_diag *g = mc_diag_add(diags, MC_E0120, in->window_span, "SLO window is empty");
		mc_diag_label_primary(diags, g, "expected a duration such as `30d`");
		return -1;
	}
	bool ok = true;
	double budget_pct = 100.0 - in->objective_pct;
	mc_burn_row *rows = mc_arena_alloc(arena, n * sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		const mc_burn_spec *r = &specs[i];
		mc_burn_row *row = &rows[i];
		bool row_ok = true;
		row->tier = r->tier;
		row->tier_rank = tier_rank(&c, r, &row_ok);
		row->long_s = r->long_s;
		row->short_s = r->short_s;
		row->span = r->span;
		row->suppressor = -1;
		check_window(&c, r, r->long_s, r->long_span, &row_ok);
		check_window(&c, r, r->short_s, r->short_span, &row_ok);
		check_shape(&c, specs, i, &row_ok);
		double raw = raw_factor(&c, r, &row_ok);
		if (!row_ok) {
			ok = false;
			continue;
		}
		row->factor = round12(raw);
		row->threshold = round12(raw * budget_pct / 100.0);
		if (row->threshold >= 1) {
			never_fires(&c, r, row->factor);
			ok = false;
		}
	}
	if (!ok)
		return -1;
	order_and_suppress(rows, n);
	out->rows = rows;
	out->nrows = n;
	out->budget = round12(budget_pct / 100.0);
	return 0;
}

void mc_burn_table_print(const mc_burn_table *t, mc_buf *out)
{
	for (size_t i = 0; i < t->nrows; i++) {
		const mc_burn_row *r = &t->rows[i];
		mc_buf_printf(out, "%s ", r->tier);
		mc_duration_format(out, r->long_s);
		mc_buf_putc(out, '/');
		mc_duration_format(out, r->short_s);
		mc_buf_puts(out, " factor ");
		mc_buf_double(out, r->factor);
		mc_buf_puts(out, " threshold ");
		mc_buf_double(out, r->threshold);
		mc_buf_puts(out, " suppressed-by ");
		if (r->suppressor < 0) {
			mc_buf_putc(out, '-');
		} else {
			const mc_burn_row *s = &t->rows[r->suppressor];
			mc_duration_format(out, s->long_s);
			mc_buf_putc(out, '/');
			mc_duration_format(out, s->short_s);
		}
		mc_buf_putc(out, '\n');
	}
}
