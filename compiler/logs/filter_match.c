/*
 * Filter-pattern matcher: mc_filter x one log event -> matches?, metric value (filter.h).
 *
 * Terms: substring search, case-sensitive. JSON: the event is parsed with jansson (a line
 * that is not a JSON object never matches) and each condition looks its selector up.
 * Space-delimited: the event is split on spaces, with `"..."` and `[...]` each one field
 * (without the quotes or brackets), then the pattern's fields are matched in order, `...`
 * standing for any number of fields (tried shortest first).
 *
 * Comparisons: strings compare with JSON strings only, `*` in an unquoted or quoted value
 * matching any run of characters; numbers compare with JSON numbers (and, in space-delimited
 * events, fields that read as numbers). `!=` needs the field to exist. Regexes are searched
 * for anywhere in the value (PCRE2, unanchored).
 */
#include "logs/filter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pcre2.h>

#include "base/xalloc.h"

static bool regex_find(const mc_filter *f, int idx, const char *s, size_t len)
{
	pcre2_code *re = f->regex[idx];
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

static bool contains(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0)
		return true;
	for (size_t i = 0; i + nlen <= hlen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return true;
	return false;
}

/* `*` matches any run of characters; everything else itself. */
static bool glob(const char *p, size_t plen, const char *s, size_t slen)
{
	size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;
	while (si < slen) {
		if (pi < plen && p[pi] == '*') {
			star = pi++;
			mark = si;
		} else if (pi < plen && p[pi] == s[si]) {
			pi++;
			si++;
		} else if (star != (size_t)-1) {
			pi = star + 1;
			si = ++mark;
		} else {
			return false;
		}
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
}

static bool num_cmp(mc_filter_op op, double a, double b)
{
	switch (op) {
	case MC_FOP_EQ: return a == b;
	case MC_FOP_NE: return a != b;
	case MC_FOP_LT: return a < b;
	case MC_FOP_LE: return a <= b;
	case MC_FOP_GT: return a > b;
	case MC_FOP_GE: return a >= b;
	default: return false;
	}
}

/* A string field against the value of a condition. */
static bool str_test(const mc_filter *f, const mc_filter_expr *e, const char *s, size_t len,
                     bool *number_ok, double num)
{
	bool eq;
	switch (e->value.kind) {
	case MC_FVAL_REGEX:
		eq = regex_find(f, e->value.regex, s, len);
		break;
	case MC_FVAL_STRING:
		eq = glob(e->value.text, e->value.len, s, len);
		break;
	case MC_FVAL_NUMBER:
		if (!number_ok || !*number_ok)
			return false;
		return num_cmp(e->op, num, e->value.num);
	default:
		return false;
	}
	if (e->op == MC_FOP_EQ)
		return eq;
	if (e->op == MC_FOP_NE)
		return !eq;
	return false;
}

/* ---- JSON ---- */

static json_t *select_path(json_t *root, const mc_filter_expr *e)
{
	json_t *v = root;
	for (size_t i = 0; v && i < e->nsteps; i++)
		v = e->steps[i].key ? (json_is_object(v) ? json_object_get(v, e->steps[i].key) : NULL)
		                    : (json_is_array(v) ? json_array_get(v, e->steps[i].index) : NULL);
	return v;
}

static bool json_cmp(const mc_filter *f, const mc_filter_expr *e, json_t *root)
{
	json_t *v = select_path(root, e);
	switch (e->op) {
	case MC_FOP_EXISTS: return v != NULL;
	case MC_FOP_NOT_EXISTS: return v == NULL;
	case MC_FOP_IS_NULL: return v && json_is_null(v);
	case MC_FOP_IS_TRUE: return v && json_is_true(v);
	case MC_FOP_IS_FALSE: return v && json_is_false(v);
	default: break;
	}
	if (!v)
		return false;
	if (json_is_number(v)) {
		if (e->value.kind == MC_FVAL_NUMBER)
			return num_cmp(e->op, json_number_value(v), e->value.num);
		return e->op == MC_FOP_NE; /* a number is never equal to a string */
	}
	if (json_is_string(v)) {
		bool no = false;
		if (e->value.kind == MC_FVAL_NUMBER)
			return e->op == MC_FOP_NE;
		return str_test(f, e, json_string_value(v), json_string_length(v), &no, 0);
	}
	return e->op == MC_FOP_NE;
}

static bool json_eval(const mc_filter *f, const mc_filter_expr *e, json_t *root)
{
	switch (e->kind) {
	case MC_FEXPR_AND: return json_eval(f, e->l, root) && json_eval(f, e->r, root);
	case MC_FEXPR_OR: return json_eval(f, e->l, root) || json_eval(f, e->r, root);
	case MC_FEXPR_CMP: return json_cmp(f, e, root);
	}
	return false;
}

/* ---- space-delimited ---- */

typedef struct {
	const char *s;
	size_t len;
} token;

/* Splits an event into fields; returns the count (tokens in a malloc'd array). */
static size_t tokenize(const char *line, size_t len, token **out)
{
	size_t n = 0, cap = 16;
	token *t = mc_xmalloc(cap * sizeof *t);
	size_t i = 0;
	while (i < len) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		char close = line[i] == '"' ? '"' : line[i] == '[' ? ']' : 0;
		size_t start = i, end;
		if (close) {
			const char *c = memchr(line + i + 1, close, len - i - 1);
			if (c) {
				start = i + 1;
				end = (size_t)(c - line);
				i = end + 1;
			} else {
				end = i = len;
			}
		} else {
			while (i < len && line[i] != ' ' && line[i] != '\t')
				i++;
			end = i;
		}
		MC_GROW(t, cap, n + 1);
		t[n++] = (token){line + start, end - start};
	}
	*out = t;
	return n;
}

static bool field_eval(const mc_filter *f, const mc_filter_expr *e, const token *t)
{
	if (e->kind != MC_FEXPR_CMP) {
		bool l = field_eval(f, e->l, t);
		return e->kind == MC_FEXPR_AND ? l && field_eval(f, e->r, t)
		                               : l || field_eval(f, e->r, t);
	}
	double num = 0;
	char tmp[64];
	bool is_num = false;
	if (t->len > 0 && t->len < sizeof tmp) {
		memcpy(tmp, t->s, t->len);
		tmp[t->len] = '\0';
		char *end;
		num = strtod(tmp, &end);
		is_num = *end == '\0' && isfinite(num) && tmp[0] != ' ';
	}
	return str_test(f, e, t->s, t->len, &is_num, num);
}

/*
 * Matches fields[fi..] against toks[ti..]; binds[k] = the token of fields[k].
 *
 * A `...` at fi matches when the rest matches from some k >= ti, so once it fails from ti it
 * fails from every later token too: fail_from[fi] keeps the smallest such ti, and a later try
 * scans only the tokens before it. Each `...` thus tries each token once, and a pattern of
 * several `...` costs fields x tokens instead of tokens to the power of the `...` count.
 */
static bool space_match(const mc_filter *f, size_t fi, const token *toks, size_t ti, size_t nt,
                        const token **binds, size_t *fail_from)
{
	if (fi == f->nfields)
		return ti == nt;
	const mc_filter_field *fd = &f->fields[fi];
	if (fd->ellipsis) {
		for (size_t k = ti; k <= nt && k < fail_from[fi]; k++)
			if (space_match(f, fi + 1, toks, k, nt, binds, fail_from))
				return true;
		if (ti < fail_from[fi])
			fail_from[fi] = ti;
		return false;
	}
	if (ti >= nt)
		return false;
	if (fd->cond && !field_eval(f, fd->cond, &toks[ti]))
		return false;
	binds[fi] = &toks[ti];
	return space_match(f, fi + 1, toks, ti + 1, nt, binds, fail_from);
}

/* ---- terms ---- */

static bool term_hit(const mc_filter *f, const mc_filter_term *t, const char *line, size_t len)
{
	if (t->regex >= 0)
		return regex_find(f, t->regex, line, len);
	return contains(line, len, t->text, t->len);
}

static bool terms_match(const mc_filter *f, const char *line, size_t len)
{
	if (f->nalts == 0)
		return true; /* the empty pattern matches every event */
	for (size_t a = 0; a < f->nalts; a++) {
		bool ok = true;
		for (size_t i = 0; ok && i < f->alts[a].nterms; i++) {
			const mc_filter_term *t = &f->alts[a].terms[i];
			ok = term_hit(f, t, line, len) != t->exclude;
		}
		if (ok)
			return true;
	}
	return false;
}

/* ---- values ---- */

static bool number_of(const char *s, size_t len, double *out)
{
	char tmp[64];
	if (len == 0 || len >= sizeof tmp)
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	char *end;
	double v = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(v) || tmp[0] == ' ')
		return false;
	*out = v;
	return true;
}

/* The JSON value at `$.a.b` (the selector text), or NULL. */
static json_t *json_at(json_t *root, const char *sel)
{
	json_t *v = root;
	const char *p = sel + 1;
	while (v && *p) {
		if (*p == '.') {
			const char *k = ++p;
			while (*p && *p != '.' && *p != '[')
				p++;
			char *key = mc_xmalloc((size_t)(p - k) + 1);
			memcpy(key, k, (size_t)(p - k));
			key[p - k] = '\0';
			v = json_is_object(v) ? json_object_get(v, key) : NULL;
			free(key);
		} else if (*p == '[') {
			size_t idx = strtoul(p + 1, (char **)&p, 10);
			if (*p == ']')
				p++;
			v = json_is_array(v) ? json_array_get(v, idx) : NULL;
		} else {
			return NULL;
		}
	}
	return v;
}

static bool json_number_at(json_t *root, const char *sel, double *out)
{
	json_t *v = root ? json_at(root, sel) : NULL;
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return true;
	}
	return json_is_string(v) && number_of(json_string_value(v), json_string_length(v), out);
}

bool mc_filter_match(const mc_filter *f, const char *line, size_t len, const char *value_spec,
                     double *value, bool *has_value)
{
	bool hit = false, got = false;
	double val = 0;
	bool wants_json = value_spec && value_spec[0] == '$' && value_spec[1] == '.';
	json_t *root = NULL;
	if (f->kind == MC_FILTER_JSON || wants_json) {
		root = json_loadb(line, len, JSON_DECODE_ANY, NULL);
		if (root && !json_is_object(root)) {
			json_decref(root);
			root = NULL;
		}
	}
	token *toks = NULL;
	const token **binds = NULL;
	switch (f->kind) {
	case MC_FILTER_TERMS:
		hit = terms_match(f, line, len);
		break;
	case MC_FILTER_JSON:
		hit = root && json_eval(f, f->json, root);
		break;
	case MC_FILTER_SPACE: {
		size_t nt = tokenize(line, len, &toks);
		binds = mc_xcalloc(f->nfields + 1, sizeof *binds);
		size_t *fail_from = mc_xmalloc((f->nfields + 1) * sizeof *fail_from);
		for (size_t i = 0; i <= f->nfields; i++)
			fail_from[i] = nt + 1; /* nothing known to fail yet */
		hit = space_match(f, 0, toks, 0, nt, binds, fail_from);
		free(fail_from);
		break;
	}
	}
	if (hit && value_spec) {
		if (value_spec[0] != '$') {
			got = number_of(value_spec, strlen(value_spec), &val);
		} else if (wants_json) {
			got = json_number_at(root, value_spec, &val);
		} else if (binds) {
			for (size_t i = 0; i < f->nfields && !got; i++)
				if (f->fields[i].name && strcmp(f->fields[i].name, value_spec + 1) == 0 &&
				    binds[i])
					got = number_of(binds[i]->s, binds[i]->len, &val);
		}
	}
	if (value)
		*value = got ? val : 0;
	if (has_value)
		*has_value = got;
	json_decref(root);
	free(toks);
	free(binds);
	return hit;
}
