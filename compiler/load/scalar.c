/*
 * YAML 1.2 core schema typing of scalars; see scalar.h.
 *
 * The regular expressions of the core schema (YAML 1.2.2, section 10.3.2) are matched by hand
 * over text/text_len, so a scalar with a NUL inside never matches a number. Only after a full
 * match does strtod see the text (always NUL-terminated by the loader), so its laxer grammar
 * (hex floats, `infinity`) never leaks in. moncc never calls setlocale, so strtod reads `.`.
 */
#include "load/scalar.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool eq(const char *t, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(t, word, len) == 0;
}

static bool one_of(const char *t, size_t len, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (eq(t, len, words[i]))
			return true;
	return false;
}

static bool match_null(const char *t, size_t len)
{
	static const char *const words[] = {"~", "null", "Null", "NULL", NULL};
	return len == 0 || one_of(t, len, words);
}

static bool match_bool(const char *t, size_t len, bool *v)
{
	static const char *const yes[] = {"true", "True", "TRUE", NULL};
	static const char *const no[] = {"false", "False", "FALSE", NULL};
	if (one_of(t, len, yes))
		*v = true;
	else if (one_of(t, len, no))
		*v = false;
	else
		return false;
	return true;
}

static int digit_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`. */
static mc_scalar_status match_int(const char *t, size_t len, int64_t *v)
{
	size_t i = 0;
	unsigned base = 10;
	bool neg = false;
	if (len > 2 && t[0] == '0' && (t[1] == 'o' || t[1] == 'x')) {
		base = t[1] == 'o' ? 8 : 16;
		i = 2;
	} else if (len > 1 && (t[0] == '-' || t[0] == '+')) {
		neg = t[0] == '-';
		i = 1;
	}
	if (i == len)
		return MC_SCALAR_MISMATCH;
	/* Magnitude in uint64: -2^63 is representable, +2^63 is not. */
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t acc = 0;
	bool over = false;
	for (; i < len; i++) {
		int dv = digit_value(t[i]);
		if (dv >= (int)base)
			return MC_SCALAR_MISMATCH;
		if (acc > (limit - (uint64_t)dv) / base)
			over = true;
		else
			acc = acc * base + (uint64_t)dv;
	}
	if (over)
		return MC_SCALAR_RANGE;
	if (neg)
		*v = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
	else
		*v = (int64_t)acc;
	return MC_SCALAR_OK;
}

/* `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, infinities and NaNs. */
static mc_scalar_status match_float(const char *t, size_t len, double *v)
{
	static const char *const nans[] = {".nan", ".NaN", ".NAN", NULL};
	static const char *const infs[] = {".inf", ".Inf", ".INF", NULL};
	if (one_of(t, len, nans)) {
		*v = NAN;
		return MC_SCALAR_OK;
	}
	size_t i = 0;
	if (len > 0 && (t[0] == '-' || t[0] == '+'))
		i = 1;
	if (one_of(t + i, len - i, infs)) {
		*v = t[0] == '-' ? -INFINITY : INFINITY;
		return MC_SCALAR_OK;
	}
	size_t int_digits = 0, frac_digits = 0;
	while (i < len && is_digit(t[i]))
		i++, int_digits++;
	if (i < len && t[i] == '.') {
		i++;
		while (i < len && is_digit(t[i]))
			i++, frac_digits++;
	}
	if (int_digits == 0 && frac_digits == 0)
		return MC_SCALAR_MISMATCH;
	if (i < len && (t[i] == 'e' || t[i] == 'E')) {
		i++;
		if (i < len && (t[i] == '-' || t[i] == '+'))
			i++;
		size_t exp_digits = 0;
		while (i < len && is_digit(t[i]))
			i++, exp_digits++;
		if (exp_digits == 0)
			return MC_SCALAR_MISMATCH;
	}
	if (i != len)
		return MC_SCALAR_MISMATCH;
	errno = 0;
	double f = strtod(t, NULL);
	if (errno == ERANGE && isinf(f))
		return MC_SCALAR_RANGE;
	*v = f;
	return MC_SCALAR_OK;
}

mc_scalar_status mc_scalar_resolve(mc_node *n)
{
	const char *t = n->text;
	size_t len = n->text_len;
	n->kind = MC_NODE_STRING;
	if (match_null(t, len)) {
		n->kind = MC_NODE_NULL;
		return MC_SCALAR_OK;
	}
	if (match_bool(t, len, &n->as.b)) {
		n->kind = MC_NODE_BOOL;
		return MC_SCALAR_OK;
	}
	/* Cheap filter: every number starts with a digit, a sign or a dot. */
	if (len == 0 || !(is_digit(t[0]) || t[0] == '-' || t[0] == '+' || t[0] == '.'))
		return MC_SCALAR_OK;
	int64_t i;
	mc_scalar_status st = match_int(t, len, &i);
	if (st == MC_SCALAR_OK) {
		n->kind = MC_NODE_INT;
		n->as.i = i;
		return st;
	}
	if (st == MC_SCALAR_RANGE)
		return st;
	double f;
	st = match_float(t, len, &f);
	if (st == MC_SCALAR_OK) {
		n->kind = MC_NODE_FLOAT;
		n->as.f = f;
	}
	return st == MC_SCALAR_RANGE ? st : MC_SCALAR_OK;
}

mc_scalar_status mc_scalar_as(mc_node *n, mc_node_kind kind)
{
	const char *t = n->text;
	size_t len = n->text_len;
	mc_scalar_status st = MC_SCALAR_OK;
	n->kind = MC_NODE_STRING;
	switch (kind) {
	case MC_NODE_STRING:
		return MC_SCALAR_OK;
	case MC_NODE_NULL:
		if (!match_null(t, len))
			return MC_SCALAR_MISMATCH;
		break;
	case MC_NODE_BOOL:
		if (!match_bool(t, len, &n->as.b))
			return MC_SCALAR_MISMATCH;
		break;
	case MC_NODE_INT:
		st = match_int(t, len, &n->as.i);
		break;
	case MC_NODE_FLOAT: {
		/* `!!float 3` is 3.0: the int forms are floats too (also 0x and 0o ones), and a
		 * decimal too long for int64 is still a fine float. */
		int64_t i;
		st = match_int(t, len, &i);
		if (st == MC_SCALAR_OK) {
			n->as.f = (double)i;
		} else {
			mc_scalar_status fst = match_float(t, len, &n->as.f);
			if (fst != MC_SCALAR_MISMATCH)
				st = fst;
		}
		break;
	}
	case MC_NODE_SEQ:
	case MC_NODE_MAP:
		return MC_SCALAR_MISMATCH;
	}
	if (st == MC_SCALAR_OK)
		n->kind = kind;
	return st;
}
