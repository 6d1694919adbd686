/*
 * Filter-pattern parser: pattern text -> mc_filter (see filter.h).
 *
 * A hand-written recursive-descent parser over the bytes of the pattern; every error keeps
 * the offset of the token it is about. The first character decides the kind: `{` JSON, `[`
 * space-delimited, anything else terms. Regexes (`%...%`) are checked against the subset
 * AWS documents (letters, digits, `: _ # = @ / ; , -`, the operators `^ $ ? [ ] { } | \ * +
 * .`; no groups, no multi-byte characters, at most two per pattern) and compiled with PCRE2,
 * which reads that subset the same way.
 */
#include "logs/filter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "base/xalloc.h"

typedef struct {
	const char *s;
	size_t len, pos;
	mc_arena *arena;
	mc_filter *f;
	mc_filter_error *err;
	bool failed;
} parser;

static void fail_at(parser *p, mc_code code, size_t off, size_t len, const char *label,
                    const char *help, const char *msg)
{
	if (p->failed)
		return;
	p->failed = true;
	if (off > p->len)
		off = p->len;
	if (len > p->len - off)
		len = p->len - off;
	p->err->code = code;
	p->err->off = off;
	p->err->len = len;
	p->err->message = msg;
	p->err->label = label;
	p->err->help = help;
}

/* A syntax error at the current token (or the end of the pattern). */
static void expected(parser *p, const char *what)
{
	size_t n = 1;
	if (p->pos >= p->len)
		n = 0;
	const char *label = mc_arena_printf(p->arena, "expected %s", what);
	const char *msg = p->pos >= p->len
	                          ? mc_arena_printf(p->arena, "filter pattern ends early: expected %s",
	                                            what)
	                          : mc_arena_printf(p->arena, "unexpected `%c` in filter pattern",
	                                            p->s[p->pos]);
	fail_at(p, MC_E0360, p->pos, n, label, NULL, msg);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static void skip_ws(parser *p)
{
	while (p->pos < p->len && is_space(p->s[p->pos]))
		p->pos++;
}

static bool peek(parser *p, char c)
{
	skip_ws(p);
	return p->pos < p->len && p->s[p->pos] == c;
}

static bool accept(parser *p, const char *tok)
{
	skip_ws(p);
	size_t n = strlen(tok);
	if (p->len - p->pos >= n && memcmp(p->s + p->pos, tok, n) == 0) {
		p->pos += n;
		return true;
	}
	return false;
}

/* ---- regexes ---- */

static bool regex_char_ok(unsigned char c)
{
	return is_word((char)c) || (c && strchr(":#=@/;,-^$?[]{}|\\*+.", c));
}

/* Parses `%...%` at p->pos; returns the regex index or -1 after an error. */
static int parse_regex(parser *p, const char **text, size_t *len)
{
	size_t start = p->pos++;
	size_t body = p->pos;
	while (p->pos < p->len && p->s[p->pos] != '%') {
		unsigned char c = (unsigned char)p->s[p->pos];
		if (c == '\\' && p->pos + 1 < p->len && p->s[p->pos + 1] == '%') {
			p->pos += 2;
			continue;
		}
		if (!regex_char_ok(c)) {
			const char *label, *help = NULL;
			if (c == '(' || c == ')') {
				label = "groups are not supported";
				help = "CloudWatch regexes have no `(...)`: use `|` at the top level or "
				       "`[...]` character classes";
			} else if (c >= 0x80) {
				label = "multi-byte characters are not supported";
			} else if (c == ' ') {
				label = "a space is not a supported regex character";
				help = "match a space with `\\s`";
			} else {
				label = "not a supported regex character";
				help = "CloudWatch regexes allow letters, digits, `: _ # = @ / ; , -` and the "
				       "operators `^ $ ? [ ] { } | \\ * + .`";
			}
			fail_at(p, MC_E0362, p->pos, 1, label, help,
			        mc_arena_printf(p->arena,
			                        "regular expression in filter pattern uses "
			                        "an unsupported character"));
			return -1;
		}
		p->pos++;
	}
	if (p->pos >= p->len) {
		fail_at(p, MC_E0360, start, 1, "this `%` is never closed",
		        "end the regular expression with `%`", "unterminated regular expression");
		return -1;
	}
	size_t blen = p->pos - body;
	p->pos++; /* the closing % */
	if (blen == 0) {
		fail_at(p, MC_E0362, start, 2, "empty regular expression", NULL,
		        "empty regular expression in filter pattern");
		return -1;
	}
	if (p->f->nregex >= MC_FILTER_MAX_REGEX) {
		fail_at(p, MC_E0362, start, p->pos - start, "a third regular expression", NULL,
		        mc_arena_printf(p->arena,
		                        "a filter pattern may hold at most %d regular expressions",
		                        MC_FILTER_MAX_REGEX));
		return -1;
	}
	int ec = 0;
	PCRE2_SIZE eoff = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)(p->s + body), blen, 0, &ec, &eoff, NULL);
	if (!re) {
		PCRE2_UCHAR buf[256];
		pcre2_get_error_message(ec, buf, sizeof buf);
		fail_at(p, MC_E0362, body + (eoff < blen ? eoff : blen - 1), 1,
		        mc_arena_strdup(p->arena, (const char *)buf), NULL,
		        "invalid regular expression in filter pattern");
		return -1;
	}
	*text = p->s + body;
	*len = blen;
	p->f->regex[p->f->nregex] = re;
	return (int)p->f->nregex++;
}

/* ---- literals ---- */

/* `"..."` at p->pos, with `\"` and `\\`; the unescaped text into *out. */
static bool parse_quoted(parser *p, const char **out, size_t *outlen)
{
	size_t start = p->pos++;
	char *buf = mc_arena_alloc(p->arena, p->len - start + 1);
	size_t n = 0;
	while (p->pos < p->len && p->s[p->pos] != '"') {
		if (p->s[p->pos] == '\\' && p->pos + 1 < p->len &&
		    (p->s[p->pos + 1] == '"' || p->s[p->pos + 1] == '\\'))
			p->pos++;
		buf[n++] = p->s[p->pos++];
	}
	if (p->pos >= p->len) {
		fail_at(p, MC_E0360, start, 1, "this quote is never closed", "end the term with `\"`",
		        "unterminated quoted term in filter pattern");
		return false;
	}
	p->pos++;
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return true;
}

/* A number as CloudWatch writes them: `-12`, `0.5`, `1e-3`. Sets *num when s[0,len) is one. */
static bool as_number(const char *s, size_t len, double *num)
{
	size_t i = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	size_t digits = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t ed = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, ed++;
		if (!ed)
			return false;
	}
	if (i != len)
		return false;
	char tmp[64];
	if (len >= sizeof tmp)
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	*num = strtod(tmp, NULL);
	return isfinite(*num);
}

/* An unquoted value ends at space, `)`, `,`, `]`, `}`, `&&`, `||`. */
static size_t bare_end(parser *p)
{
	size_t i = p->pos;
	while (i < p->len && !is_space(p->s[i]) && !strchr("),]}\"%", p->s[i]) &&
	       !(p->s[i] == '&' && i + 1 < p->len && p->s[i + 1] == '&') &&
	       !(p->s[i] == '|' && i + 1 < p->len && p->s[i + 1] == '|'))
		i++;
	return i;
}

/* The value after a comparison operator. */
static bool parse_value(parser *p, mc_filter_op op, mc_filter_value *v)
{
	skip_ws(p);
	size_t at = p->pos;
	if (p->pos < p->len && p->s[p->pos] == '"') {
		if (!parse_quoted(p, &v->text, &v->len))
			return false;
		v->kind = MC_FVAL_STRING;
	} else if (p->pos < p->len && p->s[p->pos] == '%') {
		v->regex = parse_regex(p, &v->text, &v->len);
		if (v->regex < 0)
			return false;
		v->kind = MC_FVAL_REGEX;
	} else {
		size_t end = bare_end(p);
		if (end == p->pos) {
			expected(p, "a value: a number, a string or `%regex%`");
			return false;
		}
		v->text = mc_arena_strndup(p->arena, p->s + p->pos, end - p->pos);
		v->len = end - p->pos;
		v->kind = as_number(v->text, v->len, &v->num) ? MC_FVAL_NUMBER : MC_FVAL_STRING;
		p->pos = end;
	}
	bool numeric_op = op == MC_FOP_LT || op == MC_FOP_LE || op == MC_FOP_GT || op == MC_FOP_GE;
	if (numeric_op && v->kind != MC_FVAL_NUMBER) {
		fail_at(p, MC_E0360, at, p->pos - at, "expected a number",
		        "`<`, `<=`, `>` and `>=` compare numbers; use `=` or `!=` for strings",
		        "numeric comparison with something that is not a number");
		return false;
	}
	return true;
}

/* `=`, `!=`, `<`, ... or the JSON keywords; false after an error. */
static bool parse_op(parser *p, bool json, mc_filter_op *op)
{
	skip_ws(p);
	if (accept(p, "!="))
		*op = MC_FOP_NE;
	else if (accept(p, "<="))
		*op = MC_FOP_LE;
	else if (accept(p, ">="))
		*op = MC_FOP_GE;
	else if (accept(p, "="))
		*op = MC_FOP_EQ;
	else if (accept(p, "<"))
		*op = MC_FOP_LT;
	else if (accept(p, ">"))
		*op = MC_FOP_GT;
	else if (json && accept(p, "IS NULL"))
		*op = MC_FOP_IS_NULL;
	else if (json && accept(p, "NOT EXISTS"))
		*op = MC_FOP_NOT_EXISTS;
	else if (json && accept(p, "EXISTS"))
		*op = MC_FOP_EXISTS; /* the CIS user-data filter (stdlib-catalogue 7.2) uses it */
	else if (json && accept(p, "IS TRUE"))
		*op = MC_FOP_IS_TRUE;
	else if (json && accept(p, "IS FALSE"))
		*op = MC_FOP_IS_FALSE;
	else {
		expected(p, json ? "`=`, `!=`, `<`, `<=`, `>`, `>=`, `IS NULL`, `IS TRUE`, "
		                   "`IS FALSE`, `EXISTS` or `NOT EXISTS`"
		                 : "`=`, `!=`, `<`, `<=`, `>` or `>=`");
		return false;
	}
	return true;
}

/* ---- JSON ---- */

static bool key_char(char c)
{
	return is_word(c) || c == '-' || c == '@' || c == '$';
}

/* `$.a.b[0]` -> steps. */
static bool parse_selector(parser *p, mc_filter_expr *e)
{
	skip_ws(p);
	if (p->pos >= p->len || p->s[p->pos] != '$') {
		expected(p, "a selector such as `$.status`");
		return false;
	}
	p->pos++;
	size_t cap = 4;
	e->steps = mc_arena_alloc(p->arena, cap * sizeof *e->steps);
	while (p->pos < p->len && (p->s[p->pos] == '.' || p->s[p->pos] == '[')) {
		if (e->nsteps == cap) {
			mc_filter_step *n = mc_arena_alloc(p->arena, 2 * cap * sizeof *n);
			memcpy(n, e->steps, cap * sizeof *n);
			e->steps = n;
			cap *= 2;
		}
		mc_filter_step *st = &e->steps[e->nsteps];
		if (p->s[p->pos] == '.') {
			size_t k = ++p->pos;
			while (p->pos < p->len && key_char(p->s[p->pos]))
				p->pos++;
			if (p->pos == k) {
				expected(p, "a field name after `.`");
				return false;
			}
			st->key = mc_arena_strndup(p->arena, p->s + k, p->pos - k);
		} else {
			size_t k = ++p->pos;
			size_t idx = 0;
			while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9' &&
			       idx < 1000000)
				idx = idx * 10 + (size_t)(p->s[p->pos++] - '0');
			if (p->pos == k) {
				expected(p, "an array index such as `[0]`");
				return false;
			}
			if (p->pos >= p->len || p->s[p->pos] != ']') {
				expected(p, "`]`");
				return false;
			}
			p->pos++;
			st->index = idx;
		}
		e->nsteps++;
	}
	if (e->nsteps == 0) {
		expected(p, "`.field` after `$`");
		return false;
	}
	return true;
}

static mc_filter_expr *json_or(parser *p);

static mc_filter_expr *json_primary(parser *p)
{
	if (accept(p, "(")) {
		mc_filter_expr *e = json_or(p);
		if (!e)
			return NULL;
		if (!accept(p, ")")) {
			expected(p, "`)`, `&&` or `||`");
			return NULL;
		}
		return e;
	}
	mc_filter_expr *e = mc_arena_alloc(p->arena, sizeof *e);
	e->kind = MC_FEXPR_CMP;
	if (!parse_selector(p, e) || !parse_op(p, true, &e->op))
		return NULL;
	if (e->op <= MC_FOP_GE && !parse_value(p, e->op, &e->value))
		return NULL;
	return e;
}

static mc_filter_expr *join(parser *p, mc_filter_ekind k, mc_filter_expr *l, mc_filter_expr *r)
{
	mc_filter_expr *e = mc_arena_alloc(p->arena, sizeof *e);
	e->kind = k;
	e->l = l;
	e->r = r;
	return e;
}

/* `&&` binds tighter than `||` (AWS: "() > && > ||"). */
static mc_filter_expr *json_and(parser *p)
{
	mc_filter_expr *l = json_primary(p);
	while (l && accept(p, "&&")) {
		mc_filter_expr *r = json_primary(p);
		l = r ? join(p, MC_FEXPR_AND, l, r) : NULL;
	}
	return l;
}

static mc_filter_expr *json_or(parser *p)
{
	mc_filter_expr *l = json_and(p);
	while (l && accept(p, "||")) {
		mc_filter_expr *r = json_and(p);
		l = r ? join(p, MC_FEXPR_OR, l, r) : NULL;
	}
	return l;
}

static void parse_json(parser *p)
{
	p->f->kind = MC_FILTER_JSON;
	p->pos++; /* { */
	if (peek(p, '}')) {
		expected(p, "a condition such as `$.level = \"error\"`");
		return;
	}
	p->f->json = json_or(p);
	if (!p->f->json)
		return;
	if (!accept(p, "}")) {
		expected(p, "`}`, `&&` or `||`");
		return;
	}
	skip_ws(p);
	if (p->pos < p->len)
		fail_at(p, MC_E0360, p->pos, p->len - p->pos, "after the closing `}`", NULL,
		        "text after the end of a JSON filter pattern");
}

/* ---- space-delimited ---- */

static bool field_name(parser *p, const char **name, size_t *len)
{
	skip_ws(p);
	size_t k = p->pos;
	while (p->pos < p->len && (is_word(p->s[p->pos]) || p->s[p->pos] == '-'))
		p->pos++;
	*name = p->s + k;
	*len = p->pos - k;
	return *len > 0;
}

/* The conditions on one field: `f = 4* || f = 5*`, each naming the same field. */
static mc_filter_expr *field_cond(parser *p, const char *name, size_t nlen, size_t name_off)
{
	mc_filter_expr *e = mc_arena_alloc(p->arena, sizeof *e);
	e->kind = MC_FEXPR_CMP;
	if (!parse_op(p, false, &e->op) || !parse_value(p, e->op, &e->value))
		return NULL;
	bool and = accept(p, "&&"), or = !and && accept(p, "||");
	if (!and && !or)
		return e;
	size_t at = (skip_ws(p), p->pos);
	const char *n2;
	size_t l2;
	if (!field_name(p, &n2, &l2)) {
		expected(p, "the field's name again");
		return NULL;
	}
	if (l2 != nlen || memcmp(n2, name, nlen) != 0) {
		fail_at(p, MC_E0360, at, l2, "a different field",
		        mc_arena_printf(p->arena, "conditions joined here must all test `%.*s`",
		                        (int)nlen, name),
		        "`&&` and `||` in a space-delimited pattern combine conditions on one field");
		(void)name_off;
		return NULL;
	}
	mc_filter_expr *r = field_cond(p, name, nlen, name_off);
	return r ? join(p, and ? MC_FEXPR_AND : MC_FEXPR_OR, e, r) : NULL;
}

static void parse_space(parser *p)
{
	p->f->kind = MC_FILTER_SPACE;
	p->pos++; /* [ */
	size_t cap = 8;
	p->f->fields = mc_arena_alloc(p->arena, cap * sizeof *p->f->fields);
	for (;;) {
		if (p->f->nfields == cap) {
			mc_filter_field *n = mc_arena_alloc(p->arena, 2 * cap * sizeof *n);
			memcpy(n, p->f->fields, cap * sizeof *n);
			p->f->fields = n;
			cap *= 2;
		}
		mc_filter_field *fd = &p->f->fields[p->f->nfields];
		skip_ws(p);
		size_t at = p->pos;
		if (accept(p, "...")) {
			fd->ellipsis = true;
		} else if (p->pos < p->len && (p->s[p->pos] == '"' || p->s[p->pos] == '%')) {
			/* A literal slot: the field must equal it. */
			fd->cond = mc_arena_alloc(p->arena, sizeof *fd->cond);
			fd->cond->kind = MC_FEXPR_CMP;
			fd->cond->op = MC_FOP_EQ;
			if (!parse_value(p, MC_FOP_EQ, &fd->cond->value))
				return;
		} else {
			const char *name;
			size_t nlen;
			if (!field_name(p, &name, &nlen)) {
				expected(p, "a field name, `...` or `]`");
				return;
			}
			fd->name = mc_arena_strndup(p->arena, name, nlen);
			for (size_t i = 0; i < p->f->nfields; i++)
				if (p->f->fields[i].name && strcmp(p->f->fields[i].name, fd->name) == 0) {
					fail_at(p, MC_E0360, at, nlen, "named twice", NULL,
					        mc_arena_printf(p->arena,
					                        "field `%s` is named twice in the "
					                        "filter pattern",
					                        fd->name));
					return;
				}
			skip_ws(p);
			if (p->pos < p->len && strchr("=!<>", p->s[p->pos])) {
				fd->cond = field_cond(p, name, nlen, at);
				if (!fd->cond)
					return;
			}
		}
		p->f->nfields++;
		if (accept(p, ","))
			continue;
		if (accept(p, "]"))
			break;
		expected(p, "`,` or `]`");
		return;
	}
	skip_ws(p);
	if (p->pos < p->len)
		fail_at(p, MC_E0360, p->pos, p->len - p->pos, "after the closing `]`",
		        "to match the text `[...]`, quote it: `\"[...]\"`",
		        "text after the end of a space-delimited filter pattern");
}

/* ---- terms ---- */

static void add_loose(parser *p, size_t off, size_t len)
{
	mc_filter *f = p->f;
	size_t *o = mc_arena_alloc(p->arena, (f->nloose + 1) * sizeof *o);
	size_t *l = mc_arena_alloc(p->arena, (f->nloose + 1) * sizeof *l);
	if (f->nloose) {
		memcpy(o, f->loose_terms, f->nloose * sizeof *o);
		memcpy(l, f->loose_lens, f->nloose * sizeof *l);
	}
	o[f->nloose] = off;
	l[f->nloose] = len;
	f->loose_terms = o;
	f->loose_lens = l;
	f->nloose++;
}

static void parse_terms(parser *p)
{
	mc_filter *f = p->f;
	f->kind = MC_FILTER_TERMS;
	size_t nterms = 0, cap = 4;
	mc_filter_term *terms = NULL;
	for (;;) {
		skip_ws(p);
		if (p->pos >= p->len)
			break;
		size_t at = p->pos;
		bool opt = false, excl = false;
		if (p->s[p->pos] == '?') {
			opt = true;
			p->pos++;
		} else if (p->s[p->pos] == '-' && p->pos + 1 < p->len && !is_space(p->s[p->pos + 1])) {
			excl = true;
			p->pos++;
		}
		mc_filter_term t = {NULL, 0, excl, -1, at};
		if (p->pos >= p->len || is_space(p->s[p->pos])) {
			expected(p, "a term after `?`");
			return;
		}
		if (p->s[p->pos] == '"') {
			if (!parse_quoted(p, &t.text, &t.len))
				return;
		} else if (p->s[p->pos] == '%') {
			t.regex = parse_regex(p, &t.text, &t.len);
			if (t.regex < 0)
				return;
		} else {
			size_t k = p->pos;
			bool loose = false;
			while (p->pos < p->len && !is_space(p->s[p->pos])) {
				if (p->s[p->pos] == '"') {
					expected(p, "a space before the quoted term");
					return;
				}
				loose = loose || !is_word(p->s[p->pos]);
				p->pos++;
			}
			t.text = p->s + k;
			t.len = p->pos - k;
			if (loose)
				add_loose(p, k, t.len);
		}
		if (p->pos < p->len && !is_space(p->s[p->pos])) {
			expected(p, "a space between terms");
			return;
		}
		/* A `?` starts a new alternative; other terms join the current one. */
		if (opt || !f->nalts) {
			mc_filter_alt *a = mc_arena_alloc(p->arena, (f->nalts + 1) * sizeof *a);
			if (f->nalts)
				memcpy(a, f->alts, f->nalts * sizeof *a);
			f->alts = a;
			f->nalts++;
			nterms = 0;
			cap = 4;
			terms = mc_arena_alloc(p->arena, cap * sizeof *terms);
		}
		if (nterms == cap) {
			mc_filter_term *n = mc_arena_alloc(p->arena, 2 * cap * sizeof *n);
			memcpy(n, terms, cap * sizeof *n);
			terms = n;
			cap *= 2;
		}
		terms[nterms++] = t;
		f->alts[f->nalts - 1].terms = terms;
		f->alts[f->nalts - 1].nterms = nterms;
	}
}

/* Counts code points (UTF-8 lead bytes): the API's length is in characters. */
static size_t chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

mc_filter *mc_filter_parse(const char *text, size_t len, mc_arena *arena, mc_filter_error *err)
{
	memset(err, 0, sizeof *err);
	mc_filter *f = mc_arena_alloc(arena, sizeof *f);
	parser p = {text, len, 0, arena, f, err, false};
	if (chars(text, len) > MC_FILTER_MAX_LEN) {
		size_t off = 0, n = 0;
		while (off < len && n < MC_FILTER_MAX_LEN)
			n += ((unsigned char)text[off++] & 0xC0) != 0x80;
		while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
			off++;
		fail_at(&p, MC_E0361, off, len - off, "beyond the limit", NULL,
		        mc_arena_printf(arena,
		                        "filter pattern is %zu characters long; CloudWatch allows "
		                        "%d",
		                        chars(text, len), MC_FILTER_MAX_LEN));
		return NULL;
	}
	skip_ws(&p);
	if (p.pos < len && text[p.pos] == '{')
		parse_json(&p);
	else if (p.pos < len && text[p.pos] == '[')
		parse_space(&p);
	else
		parse_terms(&p);
	if (p.failed) {
		mc_filter_release(f);
		return NULL;
	}
	return f;
}

void mc_filter_release(mc_filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nregex; i++)
		pcre2_code_free(f->regex[i]);
	f->nregex = 0;
}

bool mc_filter_has_field(const mc_filter *f, const char *name, size_t len)
{
	for (size_t i = 0; f->kind == MC_FILTER_SPACE && i < f->nfields; i++)
		if (f->fields[i].name && strlen(f->fields[i].name) == len &&
		    memcmp(f->fields[i].name, name, len) == 0)
			return true;
	return false;
}

int mc_filter_value_check(const mc_filter *f, const char *value, const char **why)
{
	size_t len = strlen(value);
	bool digits = len > 0;
	for (size_t i = 0; i < len; i++)
		digits = digits && value[i] >= '0' && value[i] <= '9';
	if (digits)
		return 0;
	if (len < 2 || value[0] != '$') {
		*why = "expected `1` (or another whole number), `$.field` or `$name`";
		return -1;
	}
	if (value[1] == '.') {
		mc_arena *a = mc_arena_new();
		mc_filter_error e;
		mc_filter_expr x = {0};
		parser p = {value, len, 0, a, NULL, &e, false};
		bool ok = parse_selector(&p, &x) && p.pos == len;
		mc_arena_free(a);
		if (!ok) {
			*why = "expected a selector such as `$.latency_ms` or `$.a[0].b`";
			return -1;
		}
		return 0;
	}
	for (size_t i = 1; i < len; i++)
		if (!is_word(value[i]) && value[i] != '-') {
			*why = "expected `$name` (a field of the space-delimited pattern)";
			return -1;
		}
	if (!f || f->kind != MC_FILTER_SPACE) {
		*why = "`$name` names a field of a space-delimited pattern `[...]`; use `$.field` "
		       "for JSON events";
		return -1;
	}
	if (!mc_filter_has_field(f, value + 1, len - 1)) {
		*why = "the pattern has no field of that name";
		return -1;
	}
	return 0;
}
