/*
 * Metric-math expressions: lexer, recursive-descent parser, shape checker, printer and the
 * query-id generator; see expr.h for the grammar.
 *
 * Consumes the text of one scalar node; produces an mc_expr tree in the arena and
 * diagnostics E0210-E0214 located inside the string. Parsing stops at the first syntax
 * error of an expression (what follows a malformed token is guesswork); the shape check then
 * walks the whole tree and reports every unknown function, wrong arity and wrong kind.
 * Invariant: a tree returned by mc_expr_parse has a shape on every value node, and every
 * CALL node has its function.
 */
#include "sema/expr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* ---- the function table ---------------------------------------------------------------- */

enum {
	S = MC_SHAPE_SCALAR,
	TS = MC_SHAPE_SERIES,
	TSA = MC_SHAPE_ARRAY,
	STR = MC_SHAPE_STRING,
	KW = MC_SHAPE_KEYWORD,
};

static const char *const kw_fill[] = {"REPEAT", "LINEAR", NULL};
static const char *const kw_sort_by[] = {"AVG", "MAX", "MIN", "SUM", NULL};
static const char *const kw_sort_order[] = {"ASC", "DESC", NULL};

/*
 * From the CloudWatch user guide's table "Functions supported for metric math". Argument and
 * result kinds are the guide's S, TS and TS[]; SAME and REDUCE cover the functions whose
 * result follows the argument (ABS of TS[] is TS[]; MAX of TS is S, of TS[] is TS).
 */
static const mc_expr_func functions[] = {
	{"ABS", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"ANOMALY_DETECTION_BAND", 1, 2, {TS, S}, {NULL}, MC_RESULT_ARRAY, false},
	{"AVG", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_REDUCE, false},
	{"CEIL", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"DATAPOINT_COUNT", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_REDUCE, false},
	{"DATE", 1, 1, {TS}, {NULL}, MC_RESULT_SERIES, false},
	{"DAY", 1, 1, {TS}, {NULL}, MC_RESULT_SERIES, false},
	{"DIFF", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"DIFF_TIME", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"EPOCH", 1, 1, {TS}, {NULL}, MC_RESULT_SERIES, false},
	{"FILL", 2, 2, {TS | TSA, S | TS | KW}, {NULL, kw_fill}, MC_RESULT_SAME, false},
	{"FIRST", 1, 1, {TSA}, {NULL}, MC_RESULT_SERIES, false},
	{"FLOOR", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"HOUR", 1, 1, {TS}, {NULL}, MC_RESULT_SERIES, false},
	{"IF", 2, 3, {S | TS}, {NULL}, MC_RESULT_SERIES, false},
	{"INSIGHT_RULE_METRIC", 2, 2, {STR}, {NULL}, MC_RESULT_SERIES, false},
	{"LAST", 1, 1, {TSA}, {NULL}, MC_RESULT_SERIES, false},
	{"LOG", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"LOG10", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"MAX", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_REDUCE, false},
	{"METRICS", 0, 1, {STR}, {NULL}, MC_RESULT_ARRAY, false},
	{"METRIC_COUNT", 1, 1, {TSA}, {NULL}, MC_RESULT_SCALAR, false},
	{"MIN", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_REDUCE, false},
	{"MINUTE", 1, 1, {TS}, {NULL}, MC_RESULT_SERIES, false},
	{"MONTH", 1, 1, {TS}, {NULL}, MC_RESULT_SERIES, false},
	{"PERIOD", 1, 1, {TS}, {NULL}, MC_RESULT_SCALAR, true},
	{"RATE", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"REMOVE_EMPTY", 1, 1, {TSA}, {NULL}, MC_RESULT_ARRAY, false},
	{"RUNNING_SUM", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_SAME, false},
	{"SEARCH", 3, 3, {STR, STR, S}, {NULL}, MC_RESULT_ARRAY, false},
	{"SERVICE_QUOTA", 1, 1, {TS}, {NULL}, MC_RESULT_SERIES, false},
	{"SLICE", 2, 3, {TSA, S}, {NULL}, MC_RESULT_ARRAY, false},
	{"SORT", 3, 4, {TSA, KW, KW, S}, {NULL, kw_sort_by, kw_sort_order}, MC_RESULT_ARRAY, false},
	{"STDDEV", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_REDUCE, false},
	{"SUM", 1, 1, {TS | TSA}, {NULL}, MC_RESULT_REDUCE, false},
	{"TIME_SERIES", 1, 1, {S}, {NULL}, MC_RESULT_SERIES, false},
	{"YEAR", 1, 1, {TS}, {NULL}, MC_RESULT_SERIES, false},
};

#define NFUNCTIONS (sizeof functions / sizeof functions[0])

const mc_expr_func *mc_expr_functions(size_t *n)
{
	*n = NFUNCTIONS;
	return functions;
}

const mc_expr_func *mc_expr_function_find(const char *name, size_t len)
{
	for (size_t i = 0; i < NFUNCTIONS; i++)
		if (strlen(functions[i].name) == len && memcmp(functions[i].name, name, len) == 0)
			return &functions[i];
	return NULL;
}

/* Parameter i's allowed shapes and keywords: the last listed parameter repeats. */
static unsigned param_shapes(const mc_expr_func *f, size_t i, const char *const **keywords)
{
	size_t last = 0;
	for (size_t k = 0; k < MC_EXPR_FUNC_MAX_PARAMS; k++)
		if (f->params[k])
			last = k;
	size_t k = i < last ? i : last;
	*keywords = f->keywords[k];
	return f->params[k];
}

/* ---- characters and tokens ------------------------------------------------------------- */

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_name_char(char c) { return is_lower(c) || is_digit(c) || c == '_'; }
static bool is_word_char(char c) { return is_lower(c) || is_upper(c) || is_digit(c) || c == '_'; }

typedef enum {
	T_END,
	T_NUMBER,
	T_STRING,
	T_NAME,   /* a reference: lower-case dotted name */
	T_WORD,   /* an upper-case (or otherwise non-name) word */
	T_LPAREN,
	T_RPAREN,
	T_LBRACK,
	T_RBRACK,
	T_COMMA,
	T_OP,
} tok_kind;

typedef struct {
	tok_kind kind;
	uint32_t lo, hi;
	mc_expr_op op;
} token;

typedef struct {
	const char *s;
	size_t n;
	size_t pos;
	token tok;
	const mc_node *node;
	const mc_sources *srcs;
	mc_arena *arena;
	mc_diags *diags;
	bool failed;
	unsigned depth;
} parser;

static mc_span span_of(const parser *p, size_t lo, size_t hi)
{
	return mc_node_text_span(p->node, p->srcs, lo, hi - lo);
}

/* Reports E0210 at [lo, hi) with a primary label; the parse stops. */
static mc_diag *syntax_error(parser *p, size_t lo, size_t hi, const char *label,
                             const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static mc_diag *syntax_error(parser *p, size_t lo, size_t hi, const char *label,
                             const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = mc_arena_vprintf(p->arena, fmt, ap);
	va_end(ap);
	mc_diag *g = mc_diag_add(p->diags, MC_E0210, span_of(p, lo, hi), "%s", msg);
	if (label)
		mc_diag_label_primary(p->diags, g, "%s", label);
	p->failed = true;
	p->tok = (token){T_END, (uint32_t)p->n, (uint32_t)p->n, MC_XOP_NONE};
	return g;
}

/* Bytes of the character at s[i], so a caret covers a whole UTF-8 sequence. */
static size_t char_len(const char *s, size_t n, size_t i)
{
	size_t j = i + 1;
	if ((unsigned char)s[i] >= 0x80)
		while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
	return j - i;
}

static void lex_number(parser *p, size_t i)
{
	const char *s = p->s;
	size_t j = i;
	while (j < p->n && is_digit(s[j]))
		j++;
	if (j < p->n && s[j] == '.') {
		j++;
		while (j < p->n && is_digit(s[j]))
			j++;
	}
	if (j < p->n && (is_word_char(s[j]) || s[j] == '.')) {
		size_t k = j;
		while (k < p->n && (is_word_char(s[k]) || s[k] == '.'))
			k++;
		mc_diag *g = syntax_error(p, i, k, "expected digits with an optional fraction",
		                          "invalid number `%.*s`", (int)(k - i), s + i);
		if (s[j] == 'e' || s[j] == 'E')
			mc_diag_help(p->diags, g, "metric math has no exponents: write the "
			             "number out");
		else if (is_lower(s[j]) || is_upper(s[j]))
			mc_diag_help(p->diags, g, "units are not allowed in expressions: write the "
			             "value in the metric's own unit");
		return;
	}
	p->tok = (token){T_NUMBER, (uint32_t)i, (uint32_t)j, MC_XOP_NONE};
	p->pos = j;
}

static void lex_name(parser *p, size_t i)
{
	const char *s = p->s;
	size_t n = p->n, j = i;
	for (;;) {
		j++; /* s[j] starts a name part: a lower-case letter */
		while (j < n && (is_name_char(s[j]) ||
		                 (s[j] == '-' && j + 1 < n && is_name_char(s[j + 1]))))
			j++;
		if (j < n && s[j] == '.') {
			if (j + 1 < n && is_lower(s[j + 1])) {
				j++;
				continue;
			}
			size_t at = j + 1, end = at < n ? at + char_len(s, n, at) : at;
			mc_diag *g = syntax_error(p, at, end, "expected a name",
			                          "expected a name after `%.*s`",
			                          (int)(j + 1 - i), s + i);
			mc_diag_help(p->diags, g, "names start with a lower-case letter");
			return;
		}
		break;
	}
	if (j < n && is_upper(s[j])) {
		size_t k = j;
		while (k < n && (is_word_char(s[k]) || s[k] == '-' || s[k] == '.'))
			k++;
		mc_diag *g = syntax_error(p, i, k,
		                          "names are lower-case letters, digits, `_` and `-`",
		                          "invalid name `%.*s`", (int)(k - i), s + i);
		char *lower = mc_arena_strndup(p->arena, s + i, k - i);
		for (char *c = lower; *c; c++)
			if (is_upper(*c))
				*c = (char)(*c - 'A' + 'a');
		mc_diag_help(p->diags, g, "did you mean `%s`?", lower);
		return;
	}
	p->tok = (token){T_NAME, (uint32_t)i, (uint32_t)j, MC_XOP_NONE};
	p->pos = j;
}

static void lex_string(parser *p, size_t i)
{
	const char *s = p->s;
	char q = s[i];
	size_t j = i + 1;
	while (j < p->n && s[j] != q) {
		if (s[j] == '\\' && j + 1 < p->n)
			j++;
		j++;
	}
	if (j >= p->n) {
		mc_diag *g = syntax_error(p, i, i + 1, "this string is never closed",
		                          "unterminated string");
		mc_diag_help(p->diags, g, "close it with `%c`", q);
		return;
	}
	p->tok = (token){T_STRING, (uint32_t)i, (uint32_t)(j + 1), MC_XOP_NONE};
	p->pos = j + 1;
}

static void set_op(parser *p, size_t i, size_t len, mc_expr_op op)
{
	p->tok = (token){T_OP, (uint32_t)i, (uint32_t)(i + len), op};
	p->pos = i + len;
}

static void set_punct(parser *p, size_t i, tok_kind kind)
{
	p->tok = (token){kind, (uint32_t)i, (uint32_t)(i + 1), MC_XOP_NONE};
	p->pos = i + 1;
}

/* Reads the next token into p->tok; a lexical error reports and leaves T_END. */
static void next(parser *p)
{
	if (p->failed)
		return;
	const char *s = p->s;
	size_t n = p->n, i = p->pos;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	if (i >= n) {
		p->tok = (token){T_END, (uint32_t)n, (uint32_t)n, MC_XOP_NONE};
		p->pos = n;
		return;
	}
	char c = s[i], d = i + 1 < n ? s[i + 1] : '\0';
	if (is_digit(c) || (c == '.' && is_digit(d))) {
		lex_number(p, i);
		return;
	}
	if (is_lower(c)) {
		lex_name(p, i);
		return;
	}
	if (is_upper(c) || c == '_') {
		size_t j = i;
		while (j < n && is_word_char(s[j]))
			j++;
		if (j - i == 3 && memcmp(s + i, "AND", 3) == 0)
			set_op(p, i, 3, MC_XOP_AND);
		else if (j - i == 2 && memcmp(s + i, "OR", 2) == 0)
			set_op(p, i, 2, MC_XOP_OR);
		else {
			p->tok = (token){T_WORD, (uint32_t)i, (uint32_t)j, MC_XOP_NONE};
			p->pos = j;
		}
		return;
	}
	mc_diag *g;
	switch (c) {
	case '\'':
	case '"': lex_string(p, i); return;
	case '(': set_punct(p, i, T_LPAREN); return;
	case ')': set_punct(p, i, T_RPAREN); return;
	case '[': set_punct(p, i, T_LBRACK); return;
	case ']': set_punct(p, i, T_RBRACK); return;
	case ',': set_punct(p, i, T_COMMA); return;
	case '+': set_op(p, i, 1, MC_XOP_ADD); return;
	case '-': set_op(p, i, 1, MC_XOP_SUB); return;
	case '*': set_op(p, i, 1, MC_XOP_MUL); return;
	case '/': set_op(p, i, 1, MC_XOP_DIV); return;
	case '^': set_op(p, i, 1, MC_XOP_POW); return;
	case '<':
		if (d == '=')
			set_op(p, i, 2, MC_XOP_LE);
		else
			set_op(p, i, 1, MC_XOP_LT);
		return;
	case '>':
		if (d == '=')
			set_op(p, i, 2, MC_XOP_GE);
		else
			set_op(p, i, 1, MC_XOP_GT);
		return;
	case '=':
		if (d == '=') {
			set_op(p, i, 2, MC_XOP_EQ);
			return;
		}
		g = syntax_error(p, i, i + 1, "expected an operator", "unexpected `=`");
		mc_diag_help(p->diags, g, "compare with `==`");
		return;
	case '!':
		if (d == '=') {
			set_op(p, i, 2, MC_XOP_NE);
			return;
		}
		g = syntax_error(p, i, i + 1, "metric math has no NOT", "unexpected `!`");
		mc_diag_help(p->diags, g, "invert the comparison instead: `a <= b` for NOT "
		             "`a > b`");
		return;
	case '&':
		if (d == '&') {
			set_op(p, i, 2, MC_XOP_AND);
			return;
		}
		g = syntax_error(p, i, i + 1, "expected an operator", "unexpected `&`");
		mc_diag_help(p->diags, g, "write AND as `&&` or `AND`");
		return;
	case '|':
		if (d == '|') {
			set_op(p, i, 2, MC_XOP_OR);
			return;
		}
		g = syntax_error(p, i, i + 1, "expected an operator", "unexpected `|`");
		mc_diag_help(p->diags, g, "write OR as `||` or `OR`");
		return;
	default:
		break;
	}
	size_t len = char_len(s, n, i);
	if ((unsigned char)c < 0x20 || c == 0x7f)
		syntax_error(p, i, i + len, "expected an expression",
		             "unexpected control character");
	else
		syntax_error(p, i, i + len, "expected an expression", "unexpected character `%.*s`",
		             (int)len, s + i);
}

/* "`)`", "number `5`", "end of expression": the current token, for messages. */
static const char *describe(parser *p, const token *t)
{
	int len = (int)(t->hi - t->lo);
	const char *at = p->s + t->lo;
	if (len > 40)
		len = 40;
	switch (t->kind) {
	case T_END: return "end of expression";
	case T_NUMBER: return mc_arena_printf(p->arena, "number `%.*s`", len, at);
	case T_STRING: return "string";
	case T_NAME: return mc_arena_printf(p->arena, "name `%.*s`", len, at);
	default: return mc_arena_printf(p->arena, "`%.*s`", len, at);
	}
}

static mc_diag *unexpected(parser *p, const char *expected)
{
	token t = p->tok;
	return syntax_error(p, t.lo, t.hi, expected, "unexpected %s", describe(p, &t));
}

/* ---- the parser ------------------------------------------------------------------------ */

static mc_expr *new_node(parser *p, mc_expr_kind kind, size_t lo, size_t hi)
{
	mc_expr *e = mc_arena_alloc(p->arena, sizeof *e);
	e->kind = kind;
	e->lo = (uint32_t)lo;
	e->hi = (uint32_t)hi;
	e->span = span_of(p, lo, hi);
	return e;
}

static void widen(parser *p, mc_expr *e, size_t lo, size_t hi)
{
	e->lo = (uint32_t)lo;
	e->hi = (uint32_t)hi;
	e->span = span_of(p, lo, hi);
}

static mc_expr *binary(parser *p, mc_expr_op op, mc_expr *l, mc_expr *r)
{
	mc_expr *e = new_node(p, MC_EXPR_BINARY, l->lo, r->hi);
	e->op = op;
	e->lhs = l;
	e->rhs = r;
	return e;
}

/* Appends to an arena vector, doubling by copy: the arena frees it all, so no leak paths. */
static void push(parser *p, mc_expr ***v, size_t *len, size_t *cap, mc_expr *e)
{
	if (*len == *cap) {
		size_t ncap = *cap ? 2 * *cap : 4;
		mc_expr **nv = mc_arena_alloc(p->arena, ncap * sizeof *nv);
		if (*len)
			memcpy(nv, *v, *len * sizeof *nv);
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*len)++] = e;
}

static int op_level(mc_expr_op op)
{
	switch (op) {
	case MC_XOP_OR: return 0;
	case MC_XOP_AND: return 1;
	case MC_XOP_EQ: case MC_XOP_NE: case MC_XOP_LT: case MC_XOP_LE: case MC_XOP_GT: case MC_XOP_GE:
		return 2;
	case MC_XOP_ADD: case MC_XOP_SUB: return 3;
	case MC_XOP_MUL: case MC_XOP_DIV: return 4;
	case MC_XOP_NEG: return 5;
	case MC_XOP_POW: return 6;
	case MC_XOP_NONE: break;
	}
	return 7;
}

enum { LEVEL_UNARY = 5, LEVEL_ATOM = 7 };

static const char *op_text(mc_expr_op op)
{
	switch (op) {
	case MC_XOP_OR: return "OR";
	case MC_XOP_AND: return "AND";
	case MC_XOP_EQ: return "==";
	case MC_XOP_NE: return "!=";
	case MC_XOP_LT: return "<";
	case MC_XOP_LE: return "<=";
	case MC_XOP_GT: return ">";
	case MC_XOP_GE: return ">=";
	case MC_XOP_ADD: return "+";
	case MC_XOP_SUB: return "-";
	case MC_XOP_MUL: return "*";
	case MC_XOP_DIV: return "/";
	case MC_XOP_NEG: return "-";
	case MC_XOP_POW: return "^";
	case MC_XOP_NONE: break;
	}
	return "?";
}

static mc_expr *parse_expr(parser *p);
static mc_expr *parse_unary(parser *p);

/* Parses `( args )` or `[ items ]` after the opening token; fills e->args. */
static bool parse_list(parser *p, mc_expr *e, tok_kind close, bool allow_empty)
{
	const char *close_text = close == T_RPAREN ? ")" : "]";
	size_t open = p->tok.lo, cap = 0;
	e->open_lo = (uint32_t)open;
	next(p);
	if (p->tok.kind == close && allow_empty) {
		widen(p, e, e->lo, p->tok.hi);
		next(p);
		return !p->failed;
	}
	for (;;) {
		if (p->tok.kind == close && !allow_empty) {
			unexpected(p, "expected a time series: an array holds at least one");
			return false;
		}
		mc_expr *item = parse_expr(p);
		if (!item)
			return false;
		push(p, &e->args, &e->nargs, &cap, item);
		if (p->tok.kind == T_COMMA) {
			next(p);
			continue;
		}
		if (p->tok.kind == close)
			break;
		mc_diag *g = unexpected(p, mc_arena_printf(p->arena, "expected `,` or `%s`",
		                                          close_text));
		mc_diag_label(p->diags, g, span_of(p, open, open + 1), "to close this `%c`",
		              p->s[open]);
		return false;
	}
	widen(p, e, e->lo, p->tok.hi);
	next(p);
	return !p->failed;
}

static mc_expr *parse_primary(parser *p)
{
	token t = p->tok;
	mc_expr *e;
	switch (t.kind) {
	case T_NUMBER:
		e = new_node(p, MC_EXPR_NUMBER, t.lo, t.hi);
		e->text = mc_arena_strndup(p->arena, p->s + t.lo, t.hi - t.lo);
		e->number = strtod(e->text, NULL);
		next(p);
		return p->failed ? NULL : e;
	case T_STRING:
		e = new_node(p, MC_EXPR_STRING, t.lo, t.hi);
		e->text = mc_arena_strndup(p->arena, p->s + t.lo, t.hi - t.lo);
		next(p);
		return p->failed ? NULL : e;
	case T_NAME:
	case T_WORD:
		next(p);
		if (p->failed)
			return NULL;
		if (p->tok.kind == T_LPAREN) {
			/* A lower-case `fill(` is a call too, so E0211 can suggest `FILL`. */
			e = new_node(p, MC_EXPR_CALL, t.lo, t.hi);
			e->text = mc_arena_strndup(p->arena, p->s + t.lo, t.hi - t.lo);
			return parse_list(p, e, T_RPAREN, true) ? e : NULL;
		}
		if (t.kind == T_WORD && t.hi - t.lo == 3 && memcmp(p->s + t.lo, "NOT", 3) == 0) {
			mc_diag *g = syntax_error(p, t.lo, t.hi, "not an operator",
			                          "metric math has no NOT");
			mc_diag_help(p->diags, g, "invert the comparison instead: `a <= b` for NOT "
			             "`a > b`");
			return NULL;
		}
		if (t.kind == T_WORD) {
			e = new_node(p, MC_EXPR_KEYWORD, t.lo, t.hi);
			e->text = mc_arena_strndup(p->arena, p->s + t.lo, t.hi - t.lo);
			return e;
		}
		e = new_node(p, MC_EXPR_REF, t.lo, t.hi);
		e->text = mc_arena_strndup(p->arena, p->s + t.lo, t.hi - t.lo);
		e->nnames = 1;
		for (const char *c = e->text; *c; c++)
			e->nnames += *c == '.';
		e->names = mc_arena_alloc(p->arena, e->nnames * sizeof *e->names);
		for (size_t k = 0, start = 0, i = 0;; i++) {
			if (e->text[i] == '.' || e->text[i] == '\0') {
				e->names[k++] = mc_arena_strndup(p->arena, e->text + start,
				                                 i - start);
				start = i + 1;
				if (e->text[i] == '\0')
					break;
			}
		}
		return e;
	case T_LPAREN: {
		next(p);
		if (p->failed)
			return NULL;
		e = parse_expr(p);
		if (!e)
			return NULL;
		if (p->tok.kind != T_RPAREN) {
			mc_diag *g = unexpected(p, "expected `)`");
			mc_diag_label(p->diags, g, span_of(p, t.lo, t.hi), "to close this `(`");
			return NULL;
		}
		e->parens = true;
		widen(p, e, t.lo, p->tok.hi);
		next(p);
		return p->failed ? NULL : e;
	}
	case T_LBRACK:
		e = new_node(p, MC_EXPR_ARRAY, t.lo, t.hi);
		return parse_list(p, e, T_RBRACK, false) ? e : NULL;
	default:
		unexpected(p, "expected a number, a name, a function call or `(`");
		return NULL;
	}
}

static mc_expr *parse_unary(parser *p)
{
	if (++p->depth > MC_EXPR_MAX_DEPTH) {
		syntax_error(p, p->tok.lo, p->tok.hi, "nested too deeply here",
		             "expression is nested more than %d levels deep", MC_EXPR_MAX_DEPTH);
		return NULL;
	}
	mc_expr *e;
	if (p->tok.kind == T_OP && p->tok.op == MC_XOP_SUB) {
		size_t lo = p->tok.lo;
		next(p);
		mc_expr *operand = p->failed ? NULL : parse_unary(p);
		if (!operand)
			return NULL;
		e = new_node(p, MC_EXPR_UNARY, lo, operand->hi);
		e->op = MC_XOP_NEG;
		e->lhs = operand;
	} else {
		e = parse_primary(p);
		if (e && p->tok.kind == T_OP && p->tok.op == MC_XOP_POW) {
			next(p);
			mc_expr *exp = p->failed ? NULL : parse_unary(p);
			e = exp ? binary(p, MC_XOP_POW, e, exp) : NULL;
		}
	}
	p->depth--;
	return e;
}

/* Levels 0 (OR) to 4 (* /); comparisons (2) do not chain. */
static mc_expr *parse_binary(parser *p, int level)
{
	if (level >= LEVEL_UNARY)
		return parse_unary(p);
	mc_expr *l = parse_binary(p, level + 1);
	while (l && p->tok.kind == T_OP && op_level(p->tok.op) == level) {
		token t = p->tok;
		if (level == 2 && l->kind == MC_EXPR_BINARY && op_level(l->op) == 2 && !l->parens) {
			mc_diag *g = syntax_error(p, t.lo, t.hi, "second comparison",
			                          "comparisons cannot be chained");
			mc_diag_help(p->diags, g, "join two comparisons with AND: "
			             "`a < b AND b < c`");
			return NULL;
		}
		next(p);
		mc_expr *r = p->failed ? NULL : parse_binary(p, level + 1);
		if (!r)
			return NULL;
		l = binary(p, t.op, l, r);
	}
	return l;
}

static mc_expr *parse_expr(parser *p)
{
	return parse_binary(p, 0);
}

/* ---- the shape check ------------------------------------------------------------------- */

static const char *shape_name(unsigned shape)
{
	switch (shape) {
	case S: return "a number";
	case TS: return "a time series";
	case TSA: return "an array of time series";
	case STR: return "a string";
	case KW: return "a keyword";
	default: return "a value";
	}
}

/* "a time series or an array of time series", "a number, `REPEAT` or `LINEAR`". */
static const char *expected_text(parser *p, unsigned shapes, const char *const *keywords)
{
	const char *parts[16];
	size_t n = 0;
	static const unsigned order[] = {TS, TSA, S, STR};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (shapes & order[i])
			parts[n++] = shape_name(order[i]);
	if ((shapes & KW) && keywords)
		for (size_t i = 0; keywords[i] && n < 16; i++)
			parts[n++] = mc_arena_printf(p->arena, "`%s`", keywords[i]);
	mc_buf b = MC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			mc_buf_puts(&b, i + 1 == n ? " or " : ", ");
		mc_buf_puts(&b, parts[i]);
	}
	char *out = mc_arena_strdup(p->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return out;
}

static const char *arity_text(parser *p, const mc_expr_func *f)
{
	if (f->min_args == f->max_args)
		return mc_arena_printf(p->arena, "%u argument%s", f->min_args,
		                       f->min_args == 1 ? "" : "s");
	if (f->min_args == 0 && f->max_args == 1)
		return "at most 1 argument";
	if (f->max_args == f->min_args + 1)
		return mc_arena_printf(p->arena, "%u or %u arguments", f->min_args, f->max_args);
	return mc_arena_printf(p->arena, "%u to %u arguments", f->min_args, f->max_args);
}

static bool is_keyword_anywhere(const char *word)
{
	const char *const *lists[] = {kw_fill, kw_sort_by, kw_sort_order};
	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; lists[l][i]; i++)
			if (strcmp(lists[l][i], word) == 0)
				return true;
	return false;
}

static unsigned check(parser *p, mc_expr *e);

static bool same_ignoring_case(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = is_upper(*a) ? (char)(*a - 'A' + 'a') : *a;
		char y = is_upper(*b) ? (char)(*b - 'A' + 'a') : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* A word where a value belongs: a function without `(`, a misplaced keyword, a bad name. */
static void misplaced_word(parser *p, const mc_expr *e)
{
	mc_diag *g;
	if (mc_expr_function_find(e->text, strlen(e->text))) {
		g = mc_diag_add(p->diags, MC_E0210, e->span, "function `%s` without arguments",
		                e->text);
		mc_diag_label_primary(p->diags, g, "expected `(` after `%s`", e->text);
	} else if (is_keyword_anywhere(e->text)) {
		g = mc_diag_add(p->diags, MC_E0213, e->span, "`%s` is not a value", e->text);
		mc_diag_label_primary(p->diags, g, "expected a number or a time series");
		mc_diag_help(p->diags, g, "`%s` is an argument of FILL or SORT", e->text);
	} else {
		bool lower = false;
		for (const char *c = e->text; *c; c++)
			lower |= is_lower(*c);
		g = mc_diag_add(p->diags, MC_E0210, e->span, "unexpected word `%s`", e->text);
		mc_diag_label_primary(p->diags, g, "expected a number, a name or a function call");
		if (lower || e->text[0] == '_')
			mc_diag_help(p->diags, g, "names start with a lower-case letter and "
			             "have no upper-case letters");
	}
}

/* Checks e where a number, a series or an array belongs; 0 after reporting otherwise. */
static unsigned value(parser *p, mc_expr *e)
{
	unsigned s = check(p, e);
	if (s == STR) {
		mc_diag *g = mc_diag_add(p->diags, MC_E0213, e->span, "a string is not a value");
		mc_diag_label_primary(p->diags, g, "expected a number or a time series");
		mc_diag_help(p->diags, g, "strings are arguments of SEARCH, METRICS and "
		             "INSIGHT_RULE_METRIC");
		return 0;
	}
	if (s == KW) {
		misplaced_word(p, e);
		return 0;
	}
	return s;
}

/* Whether keyword argument a (number i) is one that parameter accepts; E0213 if not. */
static bool keyword_ok(parser *p, const mc_expr_func *f, const mc_expr *a, size_t i,
                       const char *const *keywords)
{
	size_t nk = 0;
	while (keywords && keywords[nk]) {
		if (strcmp(keywords[nk], a->text) == 0)
			return true;
		nk++;
	}
	const char *exp = expected_text(p, KW, keywords);
	mc_diag *g = mc_diag_add(p->diags, MC_E0213, a->span,
	                         "`%s` does not accept `%s` as argument %zu", f->name, a->text,
	                         i + 1);
	mc_diag_label_primary(p->diags, g, "expected %s", exp);
	const char *near = mc_did_you_mean(a->text, keywords, nk);
	if (near)
		mc_diag_help(p->diags, g, "did you mean `%s`?", near);
	return false;
}

static unsigned check_call(parser *p, mc_expr *e)
{
	const mc_expr_func *f = mc_expr_function_find(e->text, strlen(e->text));
	bool ok = true;
	if (!f) {
		mc_span name = span_of(p, e->lo, e->lo + strlen(e->text));
		mc_diag *g = mc_diag_add(p->diags, MC_E0211, name, "unknown function `%s`",
		                         e->text);
		mc_diag_label_primary(p->diags, g, "not a CloudWatch metric-math function");
		const char *names[NFUNCTIONS];
		for (size_t i = 0; i < NFUNCTIONS; i++)
			names[i] = functions[i].name;
		const char *near = mc_did_you_mean(e->text, names, NFUNCTIONS);
		if (strcmp(e->text, "SQRT") == 0)
			mc_diag_help(p->diags, g, "metric math has no SQRT: write `x ^ 0.5`");
		else if (strcmp(e->text, "NOT") == 0)
			mc_diag_help(p->diags, g, "metric math has no NOT: invert the comparison");
		else if (near && same_ignoring_case(near, e->text))
			mc_diag_help(p->diags, g, "function names are upper case: `%s`", near);
		else if (near)
			mc_diag_help(p->diags, g, "did you mean `%s`?", near);
		for (size_t i = 0; i < e->nargs; i++)
			check(p, e->args[i]);
		return 0;
	}
	e->func = f;
	if (e->nargs < f->min_args || e->nargs > f->max_args) {
		mc_diag *g;
		if (e->nargs > f->max_args) {
			mc_expr *extra = e->args[f->max_args];
			g = mc_diag_add(p->diags, MC_E0212, extra->span, "`%s` takes %s, found %zu",
			                f->name, arity_text(p, f), e->nargs);
			mc_diag_label_primary(p->diags, g, "unexpected argument");
		} else {
			g = mc_diag_add(p->diags, MC_E0212, span_of(p, e->hi - 1, e->hi),
			                "`%s` takes %s, found %zu", f->name, arity_text(p, f),
			                e->nargs);
			mc_diag_label_primary(p->diags, g, "expected %s", arity_text(p, f));
		}
		ok = false;
	}
	unsigned first = 0;
	for (size_t i = 0; i < e->nargs; i++) {
		mc_expr *a = e->args[i];
		const char *const *keywords;
		unsigned want = param_shapes(f, i, &keywords);
		unsigned got = check(p, a);
		if (i == 0)
			first = got;
		if (!got) {
			ok = false;
			continue;
		}
		if (i >= f->max_args)
			continue; /* already reported as extra */
		if (got == KW && !(want & KW)) {
			misplaced_word(p, a);
			ok = false;
		} else if (!(got & want)) {
			const char *exp = expected_text(p, want, keywords);
			mc_diag *g = mc_diag_add(p->diags, MC_E0213, a->span,
			                         "`%s` expects %s as argument %zu, found %s",
			                         f->name, exp, i + 1, shape_name(got));
			mc_diag_label_primary(p->diags, g, "expected %s", exp);
			if ((got == S || got == TS) && want == TSA)
				mc_diag_help(p->diags, g, "make an array with `[a, b]`");
			ok = false;
		} else if (got == KW && !keyword_ok(p, f, a, i, keywords)) {
			ok = false;
		} else if (f->ref_only && a->kind != MC_EXPR_REF) {
			mc_diag *g = mc_diag_add(p->diags, MC_E0213, a->span,
			                         "`%s` takes a metric, not an expression", f->name);
			mc_diag_label_primary(p->diags, g, "expected the name of a metric");
			ok = false;
		}
	}
	if (!ok)
		return 0;
	switch (f->result) {
	case MC_RESULT_SCALAR: return S;
	case MC_RESULT_SERIES: return TS;
	case MC_RESULT_ARRAY: return TSA;
	case MC_RESULT_SAME: return first;
	case MC_RESULT_REDUCE: return first == TSA ? TS : S;
	}
	return 0;
}

static void number_in_array(parser *p, const mc_expr *item)
{
	mc_diag *g = mc_diag_add(p->diags, MC_E0213, item->span,
	                         "an array holds time series, not numbers");
	mc_diag_label_primary(p->diags, g, "this is a number");
	mc_diag_help(p->diags, g, "make a constant series with TIME_SERIES(...)");
}

static unsigned check(parser *p, mc_expr *e)
{
	unsigned s = 0, l, r;
	switch (e->kind) {
	case MC_EXPR_NUMBER: s = S; break;
	case MC_EXPR_STRING: s = STR; break;
	case MC_EXPR_REF: s = TS; break;
	case MC_EXPR_KEYWORD: s = KW; break;
	case MC_EXPR_UNARY: s = value(p, e->lhs); break;
	case MC_EXPR_BINARY:
		l = value(p, e->lhs);
		r = value(p, e->rhs);
		if (!l || !r)
			break;
		if (op_level(e->op) >= 3) {
			s = l > r ? l : r; /* S < TS < TS[]: the wider operand wins */
			break;
		}
		if (l == TSA || r == TSA) {
			mc_expr *bad = l == TSA ? e->lhs : e->rhs;
			mc_diag *g = mc_diag_add(p->diags, MC_E0213, bad->span, "`%s` needs a "
			                         "time series or a number on each side",
			                         op_text(e->op));
			mc_diag_label_primary(p->diags, g, "this is an array of time series");
			mc_diag_help(p->diags, g, "reduce the array to one series first, e.g. with "
			             "MAX([a, b]) or FIRST(...)");
			break;
		}
		s = (l | r) & TS ? TS : S;
		break;
	case MC_EXPR_CALL: s = check_call(p, e); break;
	case MC_EXPR_ARRAY:
		s = TSA;
		for (size_t i = 0; i < e->nargs; i++) {
			unsigned item = value(p, e->args[i]);
			if (item == S)
				number_in_array(p, e->args[i]);
			if (item != TS && item != TSA)
				s = 0;
		}
		break;
	}
	e->shape = (mc_expr_shape)s;
	return s;
}

mc_expr *mc_expr_parse(const mc_node *node, const mc_sources *srcs, mc_arena *arena,
                       mc_diags *diags)
{
	parser p = {0};
	p.node = node;
	p.srcs = srcs;
	p.arena = arena;
	p.diags = diags;
	if (!node->text || node->kind == MC_NODE_SEQ || node->kind == MC_NODE_MAP) {
		mc_diag *g = mc_diag_add(diags, MC_E0210, node->span, "expression is a %s",
		                         mc_node_kind_name(node->kind));
		mc_diag_label_primary(diags, g, "expected a metric-math expression in a string");
		return NULL;
	}
	p.s = node->text;
	p.n = node->text_len;
	if (memchr(p.s, '\0', p.n)) {
		mc_diag *g = mc_diag_add(diags, MC_E0210, node->span,
		                         "expression contains a NUL byte");
		mc_diag_label_primary(diags, g, "expected printable text");
		return NULL;
	}
	next(&p);
	if (p.failed)
		return NULL;
	if (p.tok.kind == T_END) {
		syntax_error(&p, 0, p.n, "expected an expression", "empty expression");
		return NULL;
	}
	mc_expr *root = parse_expr(&p);
	if (!root || p.failed)
		return NULL;
	if (p.tok.kind != T_END) {
		unexpected(&p, "expected an operator or the end of the expression");
		return NULL;
	}
	unsigned before = diags->nerrors;
	unsigned s = value(&p, root);
	if (!s || diags->nerrors != before)
		return NULL;
	return root;
}

/* ---- the result check ------------------------------------------------------------------ */

static const mc_expr *find_call(const mc_expr *e, const char *name)
{
	if (!e)
		return NULL;
	if (e->kind == MC_EXPR_CALL && strcmp(e->text, name) == 0)
		return e;
	const mc_expr *hit = find_call(e->lhs, name);
	if (!hit)
		hit = find_call(e->rhs, name);
	for (size_t i = 0; !hit && i < e->nargs; i++)
		hit = find_call(e->args[i], name);
	return hit;
}

bool mc_expr_check_result(const mc_expr *root, bool for_alarm, mc_diags *diags)
{
	const char *fname = root->kind == MC_EXPR_CALL ? root->text : NULL;
	mc_diag *g;
	if (root->shape == MC_SHAPE_SCALAR) {
		g = mc_diag_add(diags, MC_E0214, root->span,
		                "expression gives a single number, not a time series");
		mc_diag_label_primary(diags, g, "this is one number");
		if (root->func && root->func->result == MC_RESULT_REDUCE)
			mc_diag_help(diags, g, "`%s` of one time series is a number; "
			             "`%s([a, b])` is the point-wise %s of several series",
			             fname, fname,
			             strcmp(fname, "MAX") == 0 ? "maximum"
			             : strcmp(fname, "MIN") == 0 ? "minimum" : "result");
		else
			mc_diag_help(diags, g, "use a metric in the expression, or make a constant "
			             "series with TIME_SERIES(...)");
		return false;
	}
	if (!for_alarm)
		return root->shape == MC_SHAPE_SERIES || root->shape == MC_SHAPE_ARRAY;
	const mc_expr *search = find_call(root, "SEARCH");
	if (search) {
		g = mc_diag_add(diags, MC_E0214, search->span, "an alarm cannot watch `SEARCH`");
		mc_diag_label_primary(diags, g, "CloudWatch rejects SEARCH in alarms");
		mc_diag_help(diags, g, "alarm on named metrics; keep SEARCH for dashboards");
		return false;
	}
	if (root->shape == MC_SHAPE_ARRAY) {
		g = mc_diag_add(diags, MC_E0214, root->span,
		                "expression gives an array of time series, and an alarm "
		                "watches one");
		mc_diag_label_primary(diags, g, "this is an array of time series");
		if (fname && strcmp(fname, "ANOMALY_DETECTION_BAND") == 0)
			mc_diag_help(diags, g, "for an anomaly alarm, use the condition "
			             "`outside band N` on the metric");
		else
			mc_diag_help(diags, g, "reduce it to one series with SUM, AVG, MIN, MAX, "
			             "FIRST or LAST");
		return false;
	}
	return root->shape == MC_SHAPE_SERIES;
}

/* ---- walking and printing -------------------------------------------------------------- */

void mc_expr_visit_refs(mc_expr *e, mc_expr_ref_fn fn, void *ctx)
{
	if (!e)
		return;
	if (e->kind == MC_EXPR_REF) {
		fn(e, ctx);
		return;
	}
	mc_expr_visit_refs(e->lhs, fn, ctx);
	mc_expr_visit_refs(e->rhs, fn, ctx);
	for (size_t i = 0; i < e->nargs; i++)
		mc_expr_visit_refs(e->args[i], fn, ctx);
}

static int level_of(const mc_expr *e)
{
	if (e->kind == MC_EXPR_BINARY || e->kind == MC_EXPR_UNARY)
		return op_level(e->op);
	return LEVEL_ATOM;
}

typedef struct {
	mc_expr_id_fn id_for_ref;
	void *ctx;
	mc_buf *out;
} printer;

static void print(const printer *pr, const mc_expr *e, int min_level);

static void print_list(const printer *pr, const mc_expr *e, char open, char close)
{
	mc_buf_putc(pr->out, open);
	for (size_t i = 0; i < e->nargs; i++) {
		if (i)
			mc_buf_puts(pr->out, ", ");
		print(pr, e->args[i], 0);
	}
	mc_buf_putc(pr->out, close);
}

/*
 * Numbers print normalised (`1.50` as `1.5`, `.5` as `0.5`) but never in exponent form,
 * which metric math does not read: then the user's digits are kept.
 */
static void print_number(mc_buf *out, const mc_expr *e)
{
	mc_buf tmp = MC_BUF_INIT;
	mc_buf_double(&tmp, e->number);
	if (strpbrk(mc_buf_str(&tmp), "eEIN") && e->text)
		mc_buf_puts(out, e->text);
	else
		mc_buf_puts(out, mc_buf_str(&tmp));
	mc_buf_release(&tmp);
}

/* Prints e, in parentheses if the user wrote them or the context's level needs them. */
static void print(const printer *pr, const mc_expr *e, int min_level)
{
	bool wrap = e->parens || level_of(e) < min_level;
	if (wrap)
		mc_buf_putc(pr->out, '(');
	const char *id;
	int level;
	switch (e->kind) {
	case MC_EXPR_NUMBER:
		print_number(pr->out, e);
		break;
	case MC_EXPR_STRING:
	case MC_EXPR_KEYWORD:
		mc_buf_puts(pr->out, e->text);
		break;
	case MC_EXPR_REF:
		id = pr->id_for_ref ? pr->id_for_ref(e, pr->ctx) : NULL;
		mc_buf_puts(pr->out, id ? id : e->text);
		break;
	case MC_EXPR_UNARY:
		mc_buf_putc(pr->out, '-');
		print(pr, e->lhs, LEVEL_UNARY + 1); /* -(-m), never --m */
		break;
	case MC_EXPR_BINARY:
		level = op_level(e->op);
		if (e->op == MC_XOP_POW) {
			/* -2^2 is -(2^2), so a negative base needs its parentheses. */
			print(pr, e->lhs, LEVEL_ATOM);
			mc_buf_puts(pr->out, " ^ ");
			print(pr, e->rhs, LEVEL_UNARY);
			break;
		}
		print(pr, e->lhs, level == 2 ? level + 1 : level);
		mc_buf_printf(pr->out, " %s ", op_text(e->op));
		print(pr, e->rhs, level + 1);
		break;
	case MC_EXPR_CALL:
		mc_buf_puts(pr->out, e->text);
		print_list(pr, e, '(', ')');
		break;
	case MC_EXPR_ARRAY:
		print_list(pr, e, '[', ']');
		break;
	}
	if (wrap)
		mc_buf_putc(pr->out, ')');
}

void mc_expr_print(const mc_expr *root, mc_expr_id_fn id_for_ref, void *ctx, mc_buf *out)
{
	printer pr = {id_for_ref, ctx, out};
	print(&pr, root, 0);
}

/* ---- query ids ------------------------------------------------------------------------- */

bool mc_expr_id_valid(const char *id)
{
	size_t len = strlen(id);
	if (len == 0 || len > MC_EXPR_MAX_ID || !is_lower(id[0]))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!is_word_char(id[i]))
			return false;
	return true;
}

void mc_expr_ids_init(mc_expr_ids *ids, mc_arena *arena)
{
	memset(ids, 0, sizeof *ids);
	ids->arena = arena;
}

void mc_expr_ids_release(mc_expr_ids *ids)
{
	free(ids->v);
	ids->v = NULL;
	ids->len = ids->cap = 0;
}

static bool taken(const mc_expr_ids *ids, const char *id)
{
	for (size_t i = 0; i < ids->len; i++)
		if (strcmp(ids->v[i], id) == 0)
			return true;
	return false;
}

static const char *take(mc_expr_ids *ids, const char *id)
{
	MC_GROW(ids->v, ids->cap, ids->len + 1);
	const char *copy = mc_arena_strdup(ids->arena, id);
	ids->v[ids->len++] = copy;
	return copy;
}

bool mc_expr_ids_reserve(mc_expr_ids *ids, const char *id)
{
	if (!mc_expr_id_valid(id) || taken(ids, id))
		return false;
	take(ids, id);
	return true;
}

const char *mc_expr_ids_next(mc_expr_ids *ids, char prefix)
{
	if (!is_lower(prefix))
		MC_BUG("query id prefix `%c` is not a lower-case letter", prefix);
	char id[32];
	for (unsigned n = 1;; n++) {
		snprintf(id, sizeof id, "%c%u", prefix, n);
		if (!taken(ids, id))
			return take(ids, id);
	}
}

enum { ID_BASE_MAX = 64 };

const char *mc_expr_ids_from_name(mc_expr_ids *ids, const char *name)
{
	char base[ID_BASE_MAX + 2];
	size_t len = 0;
	if (!is_lower(name[0]))
		base[len++] = 'm';
	for (const char *c = name; *c && len < ID_BASE_MAX; c++) {
		if (is_word_char(*c) && *c != '_')
			base[len++] = *c;
		else if (len > 0 && base[len - 1] != '_')
			base[len++] = '_';
	}
	while (len > 1 && base[len - 1] == '_')
		len--;
	base[len] = '\0';
	if (!taken(ids, base))
		return take(ids, base);
	char id[ID_BASE_MAX + 16];
	for (unsigned n = 2;; n++) {
		snprintf(id, sizeof id, "%s_%u", base, n);
		if (!taken(ids, id))
			return take(ids, id);
	}
}
