/*
 * Alarm conditions: node -> mc_condition -> CloudWatch's period and M of N.
 *
 * Consumes a condition node (a string in the short form, or the long-form mapping) and
 * produces an mc_condition; mc_condition_resolve then applies a period and CloudWatch's
 * limits. The short form is read by a small lexer over the decoded string: a token is a run
 * of operator characters (`<>=!`) or a run of anything else up to a blank, so `>80%` and
 * `> 80%` read the same. Every token keeps its offsets in the string, and mc_node_text_span
 * turns them into file spans, so each diagnostic points inside the quotes.
 *
 * Within one string, parsing stops at the first problem: what follows a broken piece is
 * rarely meaningful, and one precise error is kinder than a cascade. In the long form each
 * key is checked on its own, so independent mistakes are all reported.
 */
#include "sema/condition.h"
#include "sema/timezone.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"

/* A piece of the string being parsed: offsets into the decoded text of `node`. */
typedef struct {
	size_t off, len;
} tok;

typedef struct {
	const mc_node *node;   /* the scalar whose text is lexed */
	const mc_sources *srcs;
	mc_arena *arena;
	mc_diags *d;
	const char *text;
	size_t len;
	size_t pos;            /* the lexer's cursor */
} parser;

static const char help_for[] = "write `for 15m` or `for 3 of 5`";
static const char help_form[] =
    "an alarm condition reads `[STAT] OP THRESHOLD [for DURATION]`, as in `p99 > 2s for 5m`";

static void parser_init(parser *p, const mc_node *node, const mc_sources *srcs,
                        mc_arena *arena, mc_diags *d)
{
	p->node = node;
	p->srcs = srcs;
	p->arena = arena;
	p->d = d;
	p->text = node->text ? node->text : "";
	p->len = node->text ? node->text_len : 0;
	p->pos = 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_op_char(char c)
{
	return c == '<' || c == '>' || c == '=' || c == '!';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool peek(const parser *p, tok *t)
{
	size_t i = p->pos;
	while (i < p->len && is_blank(p->text[i]))
		i++;
	if (i >= p->len)
		return false;
	size_t j = i;
	if (is_op_char(p->text[i])) {
		while (j < p->len && is_op_char(p->text[j]))
			j++;
	} else {
		while (j < p->len && !is_blank(p->text[j]) && !is_op_char(p->text[j]))
			j++;
	}
	t->off = i;
	t->len = j - i;
	return true;
}

static bool next(parser *p, tok *t)
{
	if (!peek(p, t))
		return false;
	p->pos = t->off + t->len;
	return true;
}

static mc_span span_of(const parser *p, size_t off, size_t len)
{
	return mc_node_text_span(p->node, p->srcs, off, len);
}

static mc_span tok_span(const parser *p, tok t)
{
	return span_of(p, t.off, t.len);
}

/* Where a missing piece is reported: the anchor, or the whole scalar when it is empty. */
static mc_span anchor_span(const parser *p, tok anchor)
{
	return anchor.len ? tok_span(p, anchor) : p->node->span;
}

/* The span from the start of a to the end of b. */
static mc_span join(const parser *p, tok a, tok b)
{
	return span_of(p, a.off, b.off + b.len - a.off);
}

static bool tok_is(const parser *p, tok t, const char *word)
{
	return strlen(word) == t.len && memcmp(p->text + t.off, word, t.len) == 0;
}

#define TOK_FMT "%.*s"
#define TOK_ARG(p, t) (int)(t).len, (p)->text + (t).off

static bool tok_is_digits(const parser *p, tok t)
{
	for (size_t i = 0; i < t.len; i++)
		if (!is_digit(p->text[t.off + i]))
			return false;
	return t.len > 0;
}

/* Reads a decimal count into a uint32; false on overflow. */
static bool tok_u32(const parser *p, tok t, uint32_t *out)
{
	uint64_t v = 0;
	for (size_t i = 0; i < t.len; i++) {
		v = v * 10 + (uint64_t)(p->text[t.off + i] - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* ---- statistics ---- */

static const struct {
	const char *name, *canonical;
} named_stats[] = {
	{"SampleCount", "SampleCount"}, {"Average", "Average"}, {"Sum", "Sum"},
	{"Minimum", "Minimum"},         {"Maximum", "Maximum"}, {"avg", "Average"},
	{"sum", "Sum"},                 {"min", "Minimum"},     {"max", "Maximum"},
	{"count", "SampleCount"},       {"IQM", "IQM"},
};

static const char *const stat_candidates[] = {
	"SampleCount", "Average", "Sum", "Minimum", "Maximum", "avg", "sum", "min", "max",
	"count", "IQM", "p99", "tm99",
};

static bool ieq(const char *a, size_t alen, const char *b)
{
	if (strlen(b) != alen)
		return false;
	for (size_t i = 0; i < alen; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

/*
 * A bound or a percentile: digits with at most 10 decimals (CloudWatch's limit). signed
 * allows a leading minus (values may be negative, percentages may not).
 */
static bool stat_number(const char *s, size_t len, bool allow_sign, double *v)
{
	size_t i = 0;
	if (allow_sign && i < len && s[i] == '-')
		i++;
	size_t int_digits = 0, frac_digits = 0;
	while (i < len && is_digit(s[i]))
		i++, int_digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i]))
			i++, frac_digits++;
		if (frac_digits == 0)
			return false;
	}
	if (i != len || int_digits == 0 || frac_digits > 10)
		return false;
	return mc_number_parse(s, len, v) == 0;
}

typedef struct {
	bool present, percent;
	double v;
} bound;

static const char *parse_bound(const char *s, size_t len, bound *b)
{
	b->present = len > 0;
	if (!b->present)
		return NULL;
	b->percent = s[len - 1] == '%';
	if (b->percent)
		len--;
	if (!stat_number(s, len, !b->percent, &b->v))
		return "expected a bound such as `10%` or `0.5` (at most 10 decimals)";
	if (b->percent && b->v > 100)
		return "a percentage bound must be between 0% and 100%";
	return NULL;
}

const char *mc_stat_normalize(const char *s, size_t len, mc_arena *arena, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	*why = "expected a statistic such as `Average`, `Sum`, `p99`, `tm90` or `TC(:0.5)`";
	for (size_t i = 0; i < sizeof named_stats / sizeof named_stats[0]; i++)
		if (ieq(s, len, named_stats[i].name))
			return named_stats[i].canonical;

	/* Range forms: TM(a:b), WM(a:b), TC(a:b), TS(a:b), PR(a:b). */
	static const char *const ranged[] = {"TM", "WM", "TC", "TS", "PR"};
	for (size_t k = 0; k < sizeof ranged / sizeof ranged[0]; k++) {
		if (len < 3 || !ieq(s, 2, ranged[k]) || s[2] != '(')
			continue;
		if (s[len - 1] != ')') {
			*why = "expected `)` at the end of the range";
			return NULL;
		}
		const char *in = s + 3;
		size_t inlen = len - 4;
		const char *colon = memchr(in, ':', inlen);
		if (!colon) {
			*why = "expected a range `(LOW:HIGH)`, either bound may be left out";
			return NULL;
		}
		bound lo, hi;
		const char *err = parse_bound(in, (size_t)(colon - in), &lo);
		if (!err)
			err = parse_bound(colon + 1, inlen - (size_t)(colon - in) - 1, &hi);
		if (err) {
			*why = err;
			return NULL;
		}
		if (!lo.present && !hi.present) {
			*why = "a range needs at least one bound, as in `(:90%)`";
			return NULL;
		}
		if (lo.present && hi.present) {
			if (lo.percent != hi.percent) {
				*why = "both bounds must be percentages, or both values";
				return NULL;
			}
			if (lo.v >= hi.v) {
				*why = "the lower bound must be below the upper bound";
				return NULL;
			}
		}
		char *out = mc_arena_strndup(arena, s, len);
		out[0] = ranged[k][0];
		out[1] = ranged[k][1];
		return out;
	}

	/* Short forms: pNN, tmNN, wmNN, tcNN, tsNN (the upper bound as a percentile). */
	static const char *const shorts[] = {"tm", "wm", "tc", "ts", "p"};
	for (size_t k = 0; k < sizeof shorts / sizeof shorts[0]; k++) {
		size_t plen = strlen(shorts[k]);
		if (len <= plen || !ieq(s, plen, shorts[k]) || !is_digit(s[plen]))
			continue;
		double v;
		if (!stat_number(s + plen, len - plen, false, &v)) {
			*why = "expected a percentile such as `99` or `99.9` (at most 10 decimals)";
			return NULL;
		}
		if (v > 100) {
			*why = "a percentile must be between 0 and 100";
			return NULL;
		}
		char *out = mc_arena_strndup(arena, s, len);
		memcpy(out, shorts[k], plen);
		return out;
	}
	return NULL;
}

bool mc_stat_is_simple(const char *canonical)
{
	static const char *const simple[] = {"SampleCount", "Average", "Sum", "Minimum",
	                                     "Maximum"};
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(canonical, simple[i]) == 0)
			return true;
	return false;
}

/* Validates the statistic text[off, off+len) of p, reporting E0131. */
static bool parse_stat(parser *p, tok t, mc_condition *c)
{
	const char *why;
	c->stat_span = tok_span(p, t);
	c->stat = mc_stat_normalize(p->text + t.off, t.len, p->arena, &why);
	if (c->stat)
		return true;
	mc_diag *g = mc_diag_add(p->d, MC_E0131, c->stat_span, "unknown statistic `" TOK_FMT "`",
	                         TOK_ARG(p, t));
	mc_diag_label_primary(p->d, g, "%s", why);
	char *word = mc_arena_strndup(p->arena, p->text + t.off, t.len);
	const char *sugg = mc_did_you_mean(word, stat_candidates,
	                                   sizeof stat_candidates / sizeof stat_candidates[0]);
	if (sugg)
		mc_diag_help(p->d, g, "did you mean `%s`?", sugg);
	else
		mc_diag_help(p->d, g,
		             "CloudWatch statistics are SampleCount, Average, Sum, Minimum, "
		             "Maximum, pNN, tmNN, wmNN, tcNN, tsNN, IQM and TM, WM, TC, TS "
		             "or PR with a range such as `(10%%:90%%)`");
	return false;
}

/* ---- operators ---- */

const char *mc_cond_op_cloudwatch(mc_cond_op op)
{
	switch (op) {
	case MC_OP_GT: return "GreaterThanThreshold";
	case MC_OP_GE: return "GreaterThanOrEqualToThreshold";
	case MC_OP_LT: return "LessThanThreshold";
	case MC_OP_LE: return "LessThanOrEqualToThreshold";
	case MC_OP_OUTSIDE_BAND: return "LessThanLowerOrGreaterThanUpperThreshold";
	case MC_OP_ABOVE_BAND: return "GreaterThanUpperThreshold";
	case MC_OP_BELOW_BAND: return "LessThanLowerThreshold";
	}
	return "GreaterThanThreshold";
}

const char *mc_cond_op_text(mc_cond_op op)
{
	switch (op) {
	case MC_OP_GT: return ">";
	case MC_OP_GE: return ">=";
	case MC_OP_LT: return "<";
	case MC_OP_LE: return "<=";
	case MC_OP_OUTSIDE_BAND: return "outside band";
	case MC_OP_ABOVE_BAND: return "above band";
	case MC_OP_BELOW_BAND: return "below band";
	}
	return ">";
}

static bool static_op(const char *s, size_t len, mc_cond_op *op)
{
	static const struct { const char *text; mc_cond_op op; } ops[] = {
		{">", MC_OP_GT}, {">=", MC_OP_GE}, {"<", MC_OP_LT}, {"<=", MC_OP_LE},
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		if (strlen(ops[i].text) == len && memcmp(s, ops[i].text, len) == 0) {
			*op = ops[i].op;
			return true;
		}
	}
	return false;
}

static bool band_word(const char *s, size_t len, mc_cond_op *op)
{
	static const struct { const char *text; mc_cond_op op; } words[] = {
		{"outside", MC_OP_OUTSIDE_BAND}, {"above", MC_OP_ABOVE_BAND},
		{"below", MC_OP_BELOW_BAND},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strlen(words[i].text) == len && memcmp(s, words[i].text, len) == 0) {
			*op = words[i].op;
			return true;
		}
	}
	return false;
}

static void report_bad_op(parser *p, mc_span span, const char *s, size_t len)
{
	mc_diag *g = mc_diag_add(p->d, MC_E0200, span, "unknown comparison operator `%.*s`",
	                         (int)len, s);
	mc_diag_label_primary(p->d, g, "expected `>`, `>=`, `<` or `<=`");
	const char *fix = NULL;
	if (len == 2 && s[0] == '=' && (s[1] == '>' || s[1] == '<'))
		fix = s[1] == '>' ? ">=" : "<=";
	else if (len == 2 && s[0] == s[1] && (s[0] == '>' || s[0] == '<'))
		fix = s[0] == '>' ? ">" : "<";
	if (fix)
		mc_diag_help(p->d, g, "did you mean `%s`?", fix);
	else
		mc_diag_help(p->d, g, "CloudWatch alarms compare with `>`, `>=`, `<` or `<=`; "
		                      "for equality with 0, `<= 0` or `>= 1` usually says it");
}

/* ---- thresholds and durations ---- */

/* Words people write for units (`sec`, `percent`), with the symbol they mean; or NULL. */
static const char *unit_alias(const char *s, size_t len)
{
	static const struct { const char *word, *symbol; } aliases[] = {
		{"sec", "s"},          {"secs", "s"},         {"second", "s"},
		{"seconds", "s"},      {"min", "m"},          {"mins", "m"},
		{"minute", "m"},       {"minutes", "m"},      {"hr", "h"},
		{"hrs", "h"},          {"hour", "h"},         {"hours", "h"},
		{"msec", "ms"},        {"millis", "ms"},      {"millisecond", "ms"},
		{"milliseconds", "ms"}, {"usec", "us"},       {"µs", "us"},
		{"microsecond", "us"}, {"microseconds", "us"}, {"percent", "%"},
		{"pct", "%"},          {"byte", "B"},         {"bytes", "B"},
		{"dollar", "USD"},     {"dollars", "USD"},    {"$", "USD"},
	};
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (ieq(s, len, aliases[i].word))
			return aliases[i].symbol;
	return NULL;
}

/* The symbol an unknown unit most likely means, or NULL. */
static const char *unit_suggestion(parser *p, size_t off, size_t len)
{
	const char *alias = unit_alias(p->text + off, len);
	if (alias)
		return alias;
	size_t n;
	const char *const *syms = mc_unit_symbols(&n);
	char *word = mc_arena_strndup(p->arena, p->text + off, len);
	return mc_did_you_mean(word, syms, n);
}

static void unknown_unit(parser *p, size_t off, size_t len)
{
	mc_span sp = span_of(p, off, len);
	mc_diag *g = mc_diag_add(p->d, MC_E0202, sp, "unknown unit `%.*s`", (int)len,
	                         p->text + off);
	mc_diag_label_primary(p->d, g, "expected a unit such as `%%`, `ms`, `s`, `MB` or `USD`");
	size_t n;
	const char *const *syms = mc_unit_symbols(&n);
	const char *sugg = unit_suggestion(p, off, len);
	if (sugg) {
		mc_diag_help(p->d, g, "did you mean `%s`?", sugg);
		return;
	}
	mc_buf b = MC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		mc_buf_puts(&b, i ? ", " : "");
		mc_buf_puts(&b, syms[i]);
	}
	mc_diag_help(p->d, g, "units are %s; a bare number is in the metric's own unit",
	             mc_buf_str(&b));
	mc_buf_release(&b);
}

/* Is the next word after offset off `for`? (`> 5 parsecs for 15m`: then `parsecs` was meant
 * as a unit.) */
static bool for_follows(const parser *p, size_t off)
{
	while (off < p->len && p->text[off] == ' ')
		off++;
	return off + 3 <= p->len && memcmp(p->text + off, "for", 3) == 0 &&
	       (off + 3 == p->len || p->text[off + 3] == ' ');
}

/*
 * A threshold: a number with an optional unit, glued (`80%`) or as the next token
 * (`400 USD`). `anchor` is what precedes it, for the message when it is missing.
 */
static bool parse_threshold(parser *p, tok anchor, const char *after, mc_condition *c)
{
	tok t;
	if (!peek(p, &t) || tok_is(p, t, "for")) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, anchor_span(p, anchor),
		                         "missing threshold after `%s`", after);
		mc_diag_label_primary(p->d, g, "expected a number such as `80`, `80%%` or `2s` "
		                               "after this");
		mc_diag_help(p->d, g, "write `%s 80`; a bare number is in the metric's own unit",
		             after);
		return false;
	}
	next(p, &t);
	const char *s = p->text + t.off;
	size_t n = mc_number_prefix(s, t.len);
	if (n == 0 || mc_number_parse(s, n, &c->threshold) != 0) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, tok_span(p, t),
		                         "expected a threshold after `%s`, found `" TOK_FMT "`",
		                         after, TOK_ARG(p, t));
		mc_diag_label_primary(p->d, g, "expected a number");
		mc_diag_help(p->d, g, "write a number, with a unit if it helps: `%s 80%%`, "
		                      "`%s 2s`, `%s 500`", after, after, after);
		return false;
	}
	tok whole = t;
	size_t uoff = t.off + n, ulen = t.len - n;
	if (ulen == 0) {
		tok u;
		if (peek(p, &u) && mc_unit_from_symbol(p->text + u.off, u.len) != MC_UNIT_INVALID) {
			next(p, &u);
			uoff = u.off;
			ulen = u.len;
			whole = (tok){t.off, u.off + u.len - t.off};
		}
	}
	c->threshold_span = tok_span(p, whole);
	c->unit = MC_UNIT_UNSET;
	if (ulen > 0) {
		c->unit = mc_unit_from_symbol(p->text + uoff, ulen);
		if (c->unit == MC_UNIT_INVALID) {
			c->unit = MC_UNIT_UNSET;
			unknown_unit(p, uoff, ulen);
			return false;
		}
	}
	mc_dimension dim = mc_unit_dimension(c->unit);
	if (c->threshold < 0 && (dim == MC_DIM_TIME || dim == MC_DIM_DATA ||
	                         dim == MC_DIM_DATA_RATE || dim == MC_DIM_MONEY)) {
		mc_diag *g = mc_diag_add(p->d, MC_E0207, c->threshold_span,
		                         "negative threshold `" TOK_FMT "`", TOK_ARG(p, whole));
		mc_diag_label_primary(p->d, g, "a %s cannot be negative",
		                      mc_dimension_name(dim));
		mc_diag_help(p->d, g, "write a threshold of 0 or more");
		return false;
	}
	return true;
}

static bool parse_band_width(parser *p, tok anchor, mc_condition *c)
{
	const char *word = mc_cond_op_text(c->op);
	tok t;
	if (!peek(p, &t) || tok_is(p, t, "for")) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, anchor_span(p, anchor),
		                         "missing band width after `%s`", word);
		mc_diag_label_primary(p->d, g,
		                      "expected a width in standard deviations after this");
		mc_diag_help(p->d, g,
		             "write `%s 2`: the expected band is 2 standard deviations wide", word);
		return false;
	}
	next(p, &t);
	c->threshold_span = tok_span(p, t);
	c->unit = MC_UNIT_UNSET;
	const char *s = p->text + t.off;
	size_t n = mc_number_prefix(s, t.len);
	if (n == 0 || mc_number_parse(s, n, &c->threshold) != 0) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, c->threshold_span,
		                         "expected a band width after `%s`, found `" TOK_FMT "`",
		                         word, TOK_ARG(p, t));
		mc_diag_label_primary(p->d, g, "expected a number of standard deviations");
		mc_diag_help(p->d, g, "write `%s 2`", word);
		return false;
	}
	if (n != t.len) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, span_of(p, t.off + n, t.len - n),
		                         "a band width takes no unit");
		mc_diag_label_primary(p->d, g, "the width is a number of standard deviations");
		mc_diag_help(p->d, g, "write `%s %.*s`", word, (int)n, s);
		return false;
	}
	if (!(c->threshold > 0)) {
		mc_diag *g = mc_diag_add(p->d, MC_E0207, c->threshold_span,
		                         "band width must be greater than zero");
		mc_diag_label_primary(p->d, g, "expected a number of standard deviations above 0");
		mc_diag_help(p->d, g, "write `%s 2`; 2 to 3 standard deviations suit most metrics",
		             word);
		return false;
	}
	return true;
}

/* Suggests a valid spelling for durations such as `15min` or `1.5h`, or NULL. */
static const char *duration_fix(parser *p, tok t)
{
	static const struct { const char *word; uint64_t per; } words[] = {
		{"sec", 1},     {"secs", 1},     {"second", 1},  {"seconds", 1}, {"min", 60},
		{"mins", 60},   {"minute", 60},  {"minutes", 60}, {"hr", 3600},  {"hrs", 3600},
		{"hour", 3600}, {"hours", 3600}, {"day", 86400}, {"days", 86400}, {"s", 1},
		{"m", 60},      {"h", 3600},     {"d", 86400},   {"w", 604800}, {"week", 604800},
		{"weeks", 604800},
	};
	const char *s = p->text + t.off;
	size_t n = mc_number_prefix(s, t.len);
	double v;
	if (n == 0 || s[0] == '-' || s[0] == '+' || mc_number_parse(s, n, &v) != 0)
		return NULL;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (!ieq(s + n, t.len - n, words[i].word))
			continue;
		double secs = v * (double)words[i].per;
		if (!(secs >= 1 && secs < 1e15) || secs != floor(secs))
			return NULL;
		mc_buf b = MC_BUF_INIT;
		mc_duration_format(&b, (uint64_t)secs);
		char *out = mc_arena_strdup(p->arena, mc_buf_str(&b));
		mc_buf_release(&b);
		return out;
	}
	return NULL;
}

/*
 * `DURATION` or `M of N [periods]` (what follows `for`). anchor is the `for` keyword (or the
 * whole value in the long form), where a missing value is reported.
 */
static bool parse_for_value(parser *p, tok anchor, const char *after, bool datapoints_only,
                            mc_condition *c)
{
	tok t;
	if (!next(p, &t)) {
		mc_diag *g;
		if (datapoints_only)
			g = mc_diag_add(p->d, MC_E0200, anchor_span(p, anchor),
			                "expected `M of N`, found nothing");
		else
			g = mc_diag_add(p->d, MC_E0200, anchor_span(p, anchor),
			                "missing duration after `%s`", after);
		mc_diag_label_primary(p->d, g, "expected a duration such as `15m` or datapoints "
		                               "such as `3 of 5` after this");
		mc_diag_help(p->d, g, "%s", help_for);
		return false;
	}
	tok last = t;
	if (tok_is_digits(p, t)) {
		tok of, nt;
		bool has_of = peek(p, &of);
		if (datapoints_only && (!has_of || !tok_is(p, of, "of"))) {
			mc_diag *g = mc_diag_add(
			        p->d, MC_E0200, has_of ? tok_span(p, of) : tok_span(p, t),
			        "expected `of` after `" TOK_FMT "`", TOK_ARG(p, t));
			mc_diag_label_primary(p->d, g, "expected `of`");
			mc_diag_help(p->d, g,
			             "write `" TOK_FMT " of 5`: alarm when " TOK_FMT " of the "
			             "last 5 periods breach",
			             TOK_ARG(p, t), TOK_ARG(p, t));
			return false;
		}
		if (!has_of || !tok_is(p, of, "of")) {
			mc_diag *g = mc_diag_add(p->d, MC_E0203, tok_span(p, t),
			                         "missing unit in duration `" TOK_FMT "`",
			                         TOK_ARG(p, t));
			mc_diag_label_primary(p->d, g, "expected a duration such as `" TOK_FMT "m`",
			                      TOK_ARG(p, t));
			mc_diag_help(p->d, g, "write `for " TOK_FMT "m` for a duration, or `for "
			             TOK_FMT " of " TOK_FMT "` for datapoints", TOK_ARG(p, t),
			             TOK_ARG(p, t), TOK_ARG(p, t));
			return false;
		}
		next(p, &of);
		bool has_nt = next(p, &nt);
		if (!has_nt || !tok_is_digits(p, nt)) {
			mc_diag *g = mc_diag_add(p->d, MC_E0200,
			                         has_nt ? tok_span(p, nt) : tok_span(p, of),
			                         "missing number of periods after `of`");
			mc_diag_label_primary(p->d, g, "expected a whole number of periods");
			mc_diag_help(p->d, g, "write `for " TOK_FMT " of 5`: alarm when " TOK_FMT
			             " of the last 5 periods breach", TOK_ARG(p, t), TOK_ARG(p, t));
			return false;
		}
		uint32_t m, n;
		if (!tok_u32(p, t, &m) || !tok_u32(p, nt, &n)) {
			mc_diag *g =
			        mc_diag_add(p->d, MC_E0200, join(p, t, nt),
			                    "datapoints `" TOK_FMT " of " TOK_FMT "` are too many",
			                    TOK_ARG(p, t), TOK_ARG(p, nt));
			mc_diag_label_primary(p->d, g, "expected numbers below 4294967296");
			mc_diag_help(p->d, g, "write `for 3 of 5`");
			return false;
		}
		if (m == 0 || n == 0) {
			tok z = m == 0 ? t : nt;
			mc_diag *g = mc_diag_add(p->d, MC_E0200, tok_span(p, z),
			                         "datapoints must be at least 1, found `0`");
			mc_diag_label_primary(p->d, g, "expected 1 or more");
			mc_diag_help(p->d, g,
			             "write `for 1 of 1` to alarm on a single breaching period");
			return false;
		}
		if (m > n) {
			mc_diag *g =
			        mc_diag_add(p->d, MC_E0204, join(p, t, nt),
			                    "more datapoints than evaluation periods: `%u of %u`",
			                    (unsigned)m, (unsigned)n);
			mc_diag_label_primary(p->d, g,
			                      "%u datapoints cannot breach within %u period%s",
			                      (unsigned)m, (unsigned)n, n == 1 ? "" : "s");
			mc_diag_help(p->d, g,
			             "did you mean `for %u of %u`? M of N alarms when M of "
			             "the last N periods breach",
			             (unsigned)n, (unsigned)m);
			return false;
		}
		last = nt;
		tok per;
		if (peek(p, &per) && (tok_is(p, per, "periods") || tok_is(p, per, "period"))) {
			next(p, &per);
			last = per;
		}
		c->for_kind = MC_FOR_DATAPOINTS;
		c->m = m;
		c->n = n;
	} else if (datapoints_only) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, tok_span(p, t),
		                         "datapoints must be `M of N`, found `" TOK_FMT "`",
		                         TOK_ARG(p, t));
		mc_diag_label_primary(p->d, g, "expected a whole number");
		mc_diag_help(p->d, g, "write `3 of 5`: alarm when 3 of the last 5 periods breach");
		return false;
	} else {
		uint64_t secs;
		if (mc_duration_parse(p->text + t.off, t.len, &secs) != 0) {
			mc_diag *g = mc_diag_add(p->d, MC_E0203, tok_span(p, t),
			                         "invalid duration `" TOK_FMT "`", TOK_ARG(p, t));
			mc_diag_label_primary(p->d, g,
			                      "expected a whole number followed by `s`, `m`, "
			                      "`h`, `d` or `w`");
			const char *fix = duration_fix(p, t);
			if (fix)
				mc_diag_help(p->d, g, "did you mean `%s`?", fix);
			else
				mc_diag_help(p->d, g, "%s", help_for);
			return false;
		}
		if (secs == 0) {
			mc_diag *g = mc_diag_add(p->d, MC_E0203, tok_span(p, t),
			                         "evaluation duration must be longer than zero");
			mc_diag_label_primary(p->d, g, "`" TOK_FMT "` evaluates nothing",
			                      TOK_ARG(p, t));
			mc_diag_help(p->d, g, "write at least one period, such as `for 5m`");
			return false;
		}
		c->for_kind = MC_FOR_DURATION;
		c->for_seconds = secs;
	}
	c->for_span = join(p, anchor, last);
	return true;
}

static bool expect_end(parser *p)
{
	tok t;
	if (!peek(p, &t))
		return true;
	size_t end = p->len;
	while (end > t.off && is_blank(p->text[end - 1]))
		end--;
	mc_diag *g = mc_diag_add(p->d, MC_E0200, span_of(p, t.off, end - t.off),
	                         "unexpected `%.*s` after the condition", (int)(end - t.off),
	                         p->text + t.off);
	mc_diag_label_primary(p->d, g, "the condition ends before this");
	mc_diag_help(p->d, g, "remove it; %s", help_form);
	return false;
}

/* ---- the short form ---- */

static bool looks_numeric(const parser *p, tok t)
{
	char ch = p->text[t.off];
	return is_digit(ch) || ch == '.' || ch == '-' || ch == '+';
}

static bool parse_short(parser *p, mc_condition *c)
{
	tok t;
	if (!peek(p, &t)) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, p->node->span, "empty alarm condition");
		mc_diag_label_primary(p->d, g, "expected a condition such as `> 80%% for 15m`");
		mc_diag_help(p->d, g, "%s", help_form);
		return false;
	}
	mc_cond_op op = MC_OP_GT; /* set by band_word() when is_band */
	bool is_op = is_op_char(p->text[t.off]);
	bool is_band = band_word(p->text + t.off, t.len, &op);
	if (!is_op && !is_band) {
		if (looks_numeric(p, t)) {
			mc_diag *g = mc_diag_add(p->d, MC_E0200, tok_span(p, t),
			                         "missing comparison operator before `" TOK_FMT "`",
			                         TOK_ARG(p, t));
			mc_diag_label_primary(p->d, g,
			                      "expected `>`, `>=`, `<` or `<=` before this");
			mc_diag_help(p->d, g, "write `> " TOK_FMT "` to alarm above the threshold, "
			             "`< " TOK_FMT "` below it", TOK_ARG(p, t), TOK_ARG(p, t));
			return false;
		}
		next(p, &t);
		tok u;
		bool has_u = peek(p, &u);
		bool u_op = has_u && (is_op_char(p->text[u.off]) ||
		                      band_word(p->text + u.off, u.len, &op));
		if (u_op)
			return parse_stat(p, t, c) && parse_short(p, c);
		const char *why;
		if (!mc_stat_normalize(p->text + t.off, t.len, p->arena, &why)) {
			mc_diag *g =
			        mc_diag_add(p->d, MC_E0200, tok_span(p, t),
			                    "expected a comparison operator, found `" TOK_FMT "`",
			                    TOK_ARG(p, t));
			mc_diag_label_primary(p->d, g,
			                      "expected `>`, `>=`, `<`, `<=` or a statistic "
			                      "such as `p99`");
			mc_diag_help(p->d, g, "%s", help_form);
			return false;
		}
		parse_stat(p, t, c);
		mc_diag *g = mc_diag_add(p->d, MC_E0200, has_u ? tok_span(p, u) : tok_span(p, t),
		                         "missing comparison operator after `" TOK_FMT "`",
		                         TOK_ARG(p, t));
		mc_diag_label_primary(p->d, g, "expected `>`, `>=`, `<` or `<=` %s",
		                      has_u ? "here" : "after this");
		mc_diag_help(p->d, g, "%s", help_form);
		return false;
	}

	next(p, &t);
	c->op_span = tok_span(p, t);
	bool ok;
	if (is_op) {
		if (!static_op(p->text + t.off, t.len, &c->op)) {
			report_bad_op(p, c->op_span, p->text + t.off, t.len);
			return false;
		}
		ok = parse_threshold(p, t, mc_cond_op_text(c->op), c);
	} else {
		c->op = op;
		tok b;
		bool has_b = peek(p, &b);
		if (!has_b || !tok_is(p, b, "band")) {
			mc_diag *g;
			if (has_b)
				g = mc_diag_add(p->d, MC_E0200, tok_span(p, b),
				                "expected `band` after `" TOK_FMT
				                "`, found `" TOK_FMT "`",
				                TOK_ARG(p, t), TOK_ARG(p, b));
			else
				g = mc_diag_add(p->d, MC_E0200, c->op_span,
				                "expected `band` after `" TOK_FMT "`",
				                TOK_ARG(p, t));
			mc_diag_label_primary(p->d, g, "expected `band`");
			mc_diag_help(p->d, g,
			             "write `" TOK_FMT " band 2`: alarm when the metric "
			             "leaves an anomaly band 2 standard deviations wide",
			             TOK_ARG(p, t));
			return false;
		}
		next(p, &b);
		c->op_span = join(p, t, b);
		ok = parse_band_width(p, (tok){t.off, b.off + b.len - t.off}, c);
	}
	if (!ok)
		return false;

	if (!peek(p, &t))
		return true;
	if (!tok_is(p, t, "for")) {
		/* `> 2 sec`: a unit word after a bare number is an unknown unit, not a missing
		 * `for`, unless the word looks like `for` itself (`four`, `fro`). */
		static const char *const for_word[] = {"for"};
		char *word = mc_arena_strndup(p->arena, p->text + t.off, t.len);
		if (is_op && c->unit == MC_UNIT_UNSET && !mc_did_you_mean(word, for_word, 1) &&
		    !is_digit(word[0]) &&
		    (unit_suggestion(p, t.off, t.len) || for_follows(p, t.off + t.len))) {
			unknown_unit(p, t.off, t.len);
			return false;
		}
		mc_diag *g = mc_diag_add(p->d, MC_E0200, tok_span(p, t),
		                         "expected `for` after the %s, found `" TOK_FMT "`",
		                         is_op ? "threshold" : "band width", TOK_ARG(p, t));
		mc_diag_label_primary(p->d, g, "expected `for`");
		mc_diag_help(p->d, g, "%s", help_for);
		return false;
	}
	next(p, &t);
	if (!parse_for_value(p, t, "for", false, c))
		return false;
	return expect_end(p);
}

/* ---- the long form ---- */

static const char *kind_name(const mc_node *n)
{
	return mc_node_kind_name(n->kind);
}

static void wrong_kind(mc_diags *d, const mc_node *v, const char *key, const char *want,
                       const char *example)
{
	mc_diag *g = mc_diag_add(d, MC_E0200, v->span, "`%s` must be %s, found %s %s", key, want,
	                         v->kind == MC_NODE_INT ? "an" : "a",
	                         kind_name(v));
	mc_diag_label_primary(d, g, "expected %s", want);
	mc_diag_help(d, g, "write `%s: %s`", key, example);
}

static bool long_op(parser *p, const mc_node *v, mc_condition *c)
{
	c->op_span = v->span;
	if (v->kind != MC_NODE_STRING) {
		wrong_kind(p->d, v, "op", "a string", "\">\"");
		return false;
	}
	parser q;
	parser_init(&q, v, p->srcs, p->arena, p->d);
	tok t;
	if (!next(&q, &t)) {
		report_bad_op(&q, v->span, "", 0);
		return false;
	}
	mc_cond_op op;
	tok b;
	if (band_word(q.text + t.off, t.len, &op)) {
		if (peek(&q, &b) && tok_is(&q, b, "band"))
			next(&q, &b);
	} else if (!static_op(q.text + t.off, t.len, &op)) {
		report_bad_op(&q, tok_span(&q, t), q.text + t.off, t.len);
		return false;
	}
	c->op = op;
	c->op_span = span_of(&q, t.off, q.pos - t.off);
	return expect_end(&q);
}

static bool long_number(parser *p, const mc_node *v, const char *key, mc_condition *c,
                        bool band)
{
	c->threshold_span = v->span;
	c->unit = MC_UNIT_UNSET;
	if (v->kind == MC_NODE_INT) {
		c->threshold = (double)v->as.i;
	} else if (v->kind == MC_NODE_FLOAT) {
		c->threshold = v->as.f;
		if (!isfinite(c->threshold)) {
			mc_diag *g = mc_diag_add(p->d, MC_E0207, v->span,
			                         "`%s` must be a finite number", key);
			mc_diag_label_primary(p->d, g, "expected a number");
			mc_diag_help(p->d, g, "write `%s: %s`", key, band ? "2" : "80");
			return false;
		}
	} else if (v->kind == MC_NODE_STRING) {
		parser q;
		parser_init(&q, v, p->srcs, p->arena, p->d);
		tok anchor = {0, q.len};
		bool ok;
		if (band)
			ok = parse_band_width(&q, anchor, c);
		else
			ok = parse_threshold(&q, anchor, "threshold:", c);
		/* In `threshold: 500 mb` the only thing that can follow the number is a unit. */
		tok t;
		if (ok && !band && c->unit == MC_UNIT_UNSET && peek(&q, &t) &&
		    !is_digit(q.text[t.off])) {
			unknown_unit(&q, t.off, t.len);
			return false;
		}
		return ok && expect_end(&q);
	} else {
		wrong_kind(p->d, v, key, "a number", band ? "2" : "80%");
		return false;
	}
	if (band && !(c->threshold > 0)) {
		mc_diag *g = mc_diag_add(p->d, MC_E0207, v->span,
		                         "band width must be greater than zero");
		mc_diag_label_primary(p->d, g, "expected a number of standard deviations above 0");
		mc_diag_help(p->d, g,
		             "write `band: 2`; 2 to 3 standard deviations suit most metrics");
		return false;
	}
	return true;
}

static bool long_period(parser *p, const mc_node *v, mc_condition *c)
{
	c->period_span = v->span;
	uint64_t secs;
	if (v->kind != MC_NODE_STRING || mc_duration_parse(v->text, v->text_len, &secs) != 0 ||
	    secs == 0 || secs > UINT32_MAX) {
		mc_diag *g = mc_diag_add(p->d, MC_E0120, v->span, "invalid period");
		mc_diag_label_primary(p->d, g, "expected a duration such as `1m` or `5m`");
		mc_diag_help(p->d, g, "CloudWatch periods are 10s, 30s or a multiple of 1m");
		return false;
	}
	c->period_s = (uint32_t)secs;
	return true;
}

static bool parse_long(parser *p, mc_condition *c)
{
	const mc_node *map = p->node;
	const mc_node *vstat = NULL, *vop = NULL, *vthr = NULL, *vband = NULL, *vfor = NULL,
	              *vper = NULL, *vtz = NULL;
	for (size_t i = 0; i < map->npairs; i++) {
		const char *k = map->pairs[i].key->text;
		const mc_node *v = map->pairs[i].value;
		if (!k)
			continue;
		if (strcmp(k, "stat") == 0)
			vstat = v;
		else if (strcmp(k, "op") == 0)
			vop = v;
		else if (strcmp(k, "threshold") == 0)
			vthr = v;
		else if (strcmp(k, "band") == 0)
			vband = v;
		else if (strcmp(k, "for") == 0)
			vfor = v;
		else if (strcmp(k, "period") == 0)
			vper = v;
		else if (strcmp(k, "timezone") == 0)
			vtz = v;
		/* Other keys are the validator's business (E0101 with did-you-mean). */
	}
	bool ok = true, op_ok = false;
	if (vstat) {
		if (vstat->kind != MC_NODE_STRING) {
			wrong_kind(p->d, vstat, "stat", "a string", "p99");
			ok = false;
		} else {
			parser q;
			parser_init(&q, vstat, p->srcs, p->arena, p->d);
			ok &= parse_stat(&q, (tok){0, q.len}, c);
		}
	}
	if (!vop) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, map->span,
		                         "missing `op` in the alarm condition");
		mc_diag_label_primary(p->d, g,
		                      "expected `op: \">\"` (or `>=`, `<`, `<=`, `outside`)");
		mc_diag_help(p->d, g,
		             "add `op: \">\"`; quote it, a bare `>` starts a folded string");
		ok = false;
	} else {
		op_ok = long_op(p, vop, c);
		ok &= op_ok;
	}
	if (!op_ok) {
		/* Without a known operator, whether a threshold or a band is due is unknown. */
	} else if (mc_cond_op_is_band(c->op)) {
		if (vthr) {
			mc_diag *g = mc_diag_add(p->d, MC_E0200, vthr->span,
			                         "`threshold` does not apply to `%s`",
			                         mc_cond_op_text(c->op));
			mc_diag_label_primary(p->d, g,
			                      "an anomaly band has a width, not a threshold");
			mc_diag_help(p->d, g, "write `band: 2` instead");
			ok = false;
		} else if (!vband) {
			mc_diag *g = mc_diag_add(p->d, MC_E0200, vop->span,
			                         "missing `band` for `%s`", mc_cond_op_text(c->op));
			mc_diag_label_primary(p->d, g, "expected `band: WIDTH` with this operator");
			mc_diag_help(p->d, g, "add `band: 2`: a band 2 standard deviations wide");
			ok = false;
		} else {
			ok &= long_number(p, vband, "band", c, true);
		}
	} else {
		if (vband) {
			mc_diag *g =
			        mc_diag_add(p->d, MC_E0200, vband->span,
			                    "`band` applies only to `outside`, `above` or `below`");
			mc_diag_label_primary(p->d, g, "not used with `%s`",
			                      mc_cond_op_text(c->op));
			mc_diag_help(p->d, g, "remove `band`, or write `op: outside`");
			ok = false;
		}
		if (!vthr) {
			mc_diag *g = mc_diag_add(p->d, MC_E0200, map->span,
			                         "missing `threshold` in the alarm condition");
			mc_diag_label_primary(p->d, g, "expected `threshold: NUMBER`");
			mc_diag_help(p->d, g,
			             "add `threshold: 80%%` (a bare number is in the metric's "
			             "own unit)");
			ok = false;
		} else {
			ok &= long_number(p, vthr, "threshold", c, false);
		}
	}
	if (vfor) {
		if (vfor->kind == MC_NODE_STRING) {
			parser q;
			parser_init(&q, vfor, p->srcs, p->arena, p->d);
			tok anchor = {0, q.len};
			ok &= parse_for_value(&q, anchor, "for", false, c) && expect_end(&q);
			c->for_span = vfor->span;
		} else if (vfor->kind == MC_NODE_INT) {
			mc_diag *g = mc_diag_add(p->d, MC_E0203, vfor->span,
			                         "missing unit in duration `%s`", vfor->text);
			mc_diag_label_primary(p->d, g, "expected a duration such as `%sm`",
			                      vfor->text);
			mc_diag_help(p->d, g, "write `for: %sm` for a duration, or `for: %s of %s` "
			             "for datapoints", vfor->text, vfor->text, vfor->text);
			ok = false;
		} else {
			wrong_kind(p->d, vfor, "for", "a duration or `M of N`", "15m");
			ok = false;
		}
	}
	if (vper)
		ok &= long_period(p, vper, c);
	if (vtz && op_ok && !mc_cond_op_is_band(c->op)) {
		mc_diag *g = mc_diag_add(p->d, MC_E0200, vtz->span,
		                         "`timezone` applies only to `outside`, `above` or `below`");
		mc_diag_label_primary(p->d, g, "a fixed threshold `%s` has no time zone",
		                      mc_cond_op_text(c->op));
		mc_diag_help(p->d, g, "remove `timezone`; it sets the anomaly-detection model's "
		                      "time zone");
		ok = false;
	} else if (vtz && mc_timezone_check(vtz, p->srcs, p->d) == 0) {
		c->timezone = mc_arena_strndup(p->arena, vtz->text, vtz->text_len);
		c->timezone_span = vtz->span;
	} else if (vtz) {
		ok = false;
	}
	return ok;
}

int mc_condition_parse(const mc_node *node, const mc_sources *srcs, mc_arena *arena,
                       mc_diags *d, mc_condition *out)
{
	memset(out, 0, sizeof *out);
	out->span = node->span;
	parser p;
	parser_init(&p, node, srcs, arena, d);
	bool ok;
	if (node->kind == MC_NODE_STRING) {
		ok = parse_short(&p, out);
	} else if (node->kind == MC_NODE_MAP) {
		ok = parse_long(&p, out);
	} else {
		mc_diag *g = mc_diag_add(
		        d, MC_E0200, node->span,
		        "an alarm condition must be a string or a mapping, found %s %s",
		        node->kind == MC_NODE_INT ? "an" : "a", mc_node_kind_name(node->kind));
		mc_diag_label_primary(d, g, "expected a condition such as `> 80%% for 15m`");
		mc_diag_help(d, g, "quote it: `\"> 80%% for 15m\"`");
		ok = false;
	}
	return ok ? 0 : -1;
}

int mc_threshold_parse(const mc_node *node, const mc_sources *srcs, mc_arena *arena, mc_diags *d,
                       double *value, mc_unit *unit)
{
	parser p;
	parser_init(&p, node, srcs, arena, d);
	mc_condition c;
	memset(&c, 0, sizeof c);
	if (!long_number(&p, node, "threshold", &c, false))
		return -1;
	*value = c.threshold;
	*unit = c.unit;
	return 0;
}

int mc_datapoints_parse(const mc_node *node, const mc_sources *srcs, mc_diags *d, uint32_t *m,
                        uint32_t *n)
{
	if (node->kind != MC_NODE_STRING) {
		mc_diag *g = mc_diag_add(d, MC_E0200, node->span, "datapoints must be `M of N`");
		mc_diag_label_primary(d, g, "expected a string such as `3 of 5`");
		mc_diag_help(d, g, "write `3 of 5`: alarm when 3 of the last 5 periods breach");
		return -1;
	}
	parser p;
	parser_init(&p, node, srcs, d->arena, d);
	mc_condition c;
	memset(&c, 0, sizeof c);
	tok anchor = {0, p.len};
	if (!parse_for_value(&p, anchor, "datapoints", true, &c) || !expect_end(&p))
		return -1;
	*m = c.m;
	*n = c.n;
	return 0;
}

int mc_condition_threshold(const mc_condition *c, mc_unit metric_unit, const char *metric_name,
                           mc_diags *d, double *out)
{
	if (mc_cond_op_is_band(c->op)) {
		*out = c->threshold;
		return 0;
	}
	if (mc_unit_convert(c->threshold, c->unit, metric_unit, out) == 0)
		return 0;
	const char *unit_name = mc_unit_spec_name(metric_unit) ? mc_unit_spec_name(metric_unit)
	                                                       : mc_unit_display(metric_unit);
	mc_diag *g = mc_diag_add(d, MC_E0201, c->threshold_span,
	                         "unit `%s` does not fit `%s`, which is in %s",
	                         mc_unit_display(c->unit), metric_name, unit_name);
	const char *sym = mc_unit_symbol(metric_unit);
	if (sym)
		mc_diag_label_primary(d, g, "expected a bare number or a threshold in `%s`", sym);
	else
		mc_diag_label_primary(d, g, "expected a bare number");
	mc_diag_help(d, g, "check that `%s` is the metric you mean; a bare number is read in %s",
	             metric_name, unit_name);
	return -1;
}

/* ---- resolution against a period ---- */

int mc_period_allowed(uint64_t period_s)
{
	return period_s == 10 || period_s == 30 || (period_s > 0 && period_s % 60 == 0);
}

uint64_t mc_window_limit(uint64_t period_s)
{
	return period_s < 3600 ? 86400 : 604800;
}

/* 86460 -> "86,460": the numbers in E0206 are easier to compare with separators. */
static void put_grouped(mc_buf *b, uint64_t v)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			mc_buf_putc(b, ',');
		mc_buf_putc(b, digits[i]);
	}
}

static char *duration_text(mc_arena *a, uint64_t secs)
{
	mc_buf b = MC_BUF_INIT;
	mc_duration_format(&b, secs);
	char *s = mc_arena_strdup(a, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static char *grouped_text(mc_arena *a, uint64_t v)
{
	mc_buf b = MC_BUF_INIT;
	put_grouped(&b, v);
	char *s = mc_arena_strdup(a, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static void report_period(mc_diags *d, uint64_t p, mc_span span)
{
	mc_arena *a = d->arena;
	if (p == 0) {
		mc_diag *g = mc_diag_add(d, MC_E0205, span, "period must be longer than zero");
		mc_diag_label_primary(d, g, "expected 10s, 30s or a multiple of 60s");
		mc_diag_help(d, g, "use `1m` or `5m`");
		return;
	}
	uint64_t lo, hi;
	if (p < 10) {
		lo = 0;
		hi = 10;
	} else if (p < 30) {
		lo = 10;
		hi = 30;
	} else if (p < 60) {
		lo = 30;
		hi = 60;
	} else {
		lo = p / 60 * 60;
		hi = lo + 60;
	}
	mc_diag *g = mc_diag_add(d, MC_E0205, span, "period `%s` is not allowed by CloudWatch",
	                         duration_text(a, p));
	mc_diag_label_primary(d, g, "expected 10s, 30s or a multiple of 60s");
	if (lo)
		mc_diag_help(d, g, "use `%s` or `%s`", duration_text(a, lo), duration_text(a, hi));
	else
		mc_diag_help(d, g, "use `%s`", duration_text(a, hi));
	if (p == 20)
		mc_diag_note(d, g, "the CloudWatch API also takes 20s, but CloudFormation's linter "
		                   "rejects it, so moncc keeps to 10s, 30s and multiples of 60s");
}

int mc_condition_resolve(const mc_condition *c, const mc_eval_defaults *def, mc_diags *d,
                         mc_evaluation *out)
{
	mc_arena *a = d->arena;
	memset(out, 0, sizeof *out);
	uint64_t period = c->period_s ? c->period_s : def->period_s;
	mc_span pspan = c->period_s ? c->period_span : def->period_span;
	if (!mc_period_allowed(period)) {
		report_period(d, period, pspan);
		return -1;
	}
	uint64_t m, n;
	mc_span where;
	switch (c->for_kind) {
	case MC_FOR_DURATION:
		where = c->for_span;
		if (c->for_seconds % period != 0 || c->for_seconds < period) {
			uint64_t lo = c->for_seconds / period * period, hi = lo + period;
			const char *ptext = duration_text(a, period);
			mc_diag *g = mc_diag_add(d, MC_E0203, where,
			                         "`for %s` is not a whole number of %s periods",
			                         duration_text(a, c->for_seconds), ptext);
			mc_diag_label_primary(d, g, "expected a multiple of %s", ptext);
			if (pspan.file)
				mc_diag_label(d, g, pspan, "the period is %s here", ptext);
			if (lo)
				mc_diag_help(d, g, "use `for %s` or `for %s`", duration_text(a, lo),
				             duration_text(a, hi));
			else
				mc_diag_help(d, g, "use `for %s`, one period",
				             duration_text(a, hi));
			return -1;
		}
		m = n = c->for_seconds / period;
		break;
	case MC_FOR_DATAPOINTS:
		where = c->for_span;
		m = c->m;
		n = c->n;
		break;
	case MC_FOR_NONE:
	default:
		where = def->datapoints_span.file ? def->datapoints_span : c->span;
		m = def->m ? def->m : 1;
		n = def->n ? def->n : 1;
		break;
	}
	if (m == 0) {
		mc_diag *g =
		        mc_diag_add(d, MC_E0200, where, "datapoints must be at least 1, found `0`");
		mc_diag_label_primary(d, g, "expected 1 or more");
		return -1;
	}
	if (m > n) {
		mc_diag *g = mc_diag_add(d, MC_E0204, where,
		                         "more datapoints than evaluation periods: `%llu of %llu`",
		                         (unsigned long long)m, (unsigned long long)n);
		mc_diag_label_primary(d, g, "%llu datapoints cannot breach within %llu period%s",
		                      (unsigned long long)m, (unsigned long long)n, n == 1 ? "" : "s");
		mc_diag_help(d, g, "write M of N with M <= N, such as `3 of 5`");
		return -1;
	}
	uint64_t limit = mc_window_limit(period);
	/* n fits 2^32 unless a duration was huge: compare by division to stay overflow-free. */
	if (n > limit / period) {
		const char *ptext = duration_text(a, period);
		uint64_t window = n <= UINT64_MAX / period ? n * period : UINT64_MAX;
		mc_diag *g =
		        mc_diag_add(d, MC_E0206, where,
		                    "evaluation window of %s s is longer than CloudWatch allows",
		                    grouped_text(a, window));
		mc_diag_label_primary(d, g, "%llu periods of %s make %s s, more than %s s",
		                      (unsigned long long)n, ptext, grouped_text(a, window),
		                      grouped_text(a, limit));
		if (pspan.file)
			mc_diag_label(d, g, pspan, "the period is %s here", ptext);
		mc_diag_note(d, g,
		             "CloudWatch limits period x evaluation periods to 86,400 s (1 day) "
		             "for periods under 1h, and to 604,800 s (7 days) otherwise");
		if (period < 3600 && window <= 604800)
			mc_diag_help(d, g,
			             "evaluate at most %llu periods of %s, or use a period of "
			             "1h or longer",
			             (unsigned long long)(limit / period), ptext);
		else
			mc_diag_help(d, g, "evaluate at most %llu periods of %s",
			             (unsigned long long)(limit / period), ptext);
		return -1;
	}
	out->period_s = (uint32_t)period;
	out->evaluation_periods = (uint32_t)n;
	out->datapoints = (uint32_t)m;
	return 0;
}
