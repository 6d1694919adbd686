/*
 * The tree walk: a document tree (load/node.h) x a compiled schema (schema_compile.h) ->
 * diagnostics in an mc_diags sink.
 *
 * Every problem of the tree is reported; the walk never stops at the first one, but it does
 * not descend into a node whose type is wrong (its children would only repeat the news).
 * Each diagnostic's primary span is the offending node: the value, or the key for unknown,
 * missing (the parent's key) and badly named keys. Messages name the node by the key it sits
 * under (`notify`, item 2 of `notify`) and, for structural problems, the mapping it is in,
 * using the schema's `title` ("in alarm `memory`", "in the spec").
 *
 * `oneOf` / `anyOf` are checked speculatively: each branch reports into a scratch sink, and
 * when none passes the diagnostics of the closest branch are moved into the real sink (with a
 * note naming the other forms), so a mapping with one typo'd key gets "unknown key", not
 * "matches no branch". Scratch records stay in the arena; only counts matter.
 *
 * Recursion follows the document (the loader bounds its depth to 64) plus schema hops
 * ($ref, allOf, branches); a hard bound protects against schemas that loop without reading.
 */
#include "base/hash.h"
#include "schema/validate.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "schema/schema_compile.h"

enum { MAX_DEPTH = 512, SHOW_MAX = 60, LIST_MAX = 8, FEW_MISSING = 3 };

/* Where a node sits: the chain of frames back to the root, built on the C stack. */
typedef struct frame {
	const struct frame *parent;
	const mc_node *node;
	const mc_node *key;  /* the key when the node is a mapping value */
	size_t index;        /* 1-based position when the node is a list item */
	const char *title;   /* title of the schema the node is being checked against */
} frame;

typedef struct {
	mc_arena *arena; /* where message strings go: the sink's arena */
	pcre2_match_data *md;
	mc_format_check format_check; /* may be NULL */
	void *format_ctx;
} walker;

static void check(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d,
                  unsigned depth);

/* ---- words ---- */

static char *str(walker *w, mc_buf *b)
{
	char *s = mc_arena_strdup(w->arena, mc_buf_str(b));
	mc_buf_release(b);
	return s;
}

/* User text for a message: long values are cut (at a UTF-8 boundary) so messages stay short. */
static const char *show(walker *w, const char *text, size_t len)
{
	if (!text)
		return "";
	if (len <= SHOW_MAX)
		return mc_arena_strndup(w->arena, text, len);
	size_t cut = SHOW_MAX - 3;
	while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
		cut--;
	return mc_arena_printf(w->arena, "%.*s...", (int)cut, text);
}

static const char *show_node(walker *w, const mc_node *n)
{
	return show(w, n->text, n->text_len);
}

static bool is_scalar(const mc_node *n)
{
	return n->kind != MC_NODE_SEQ && n->kind != MC_NODE_MAP && n->text;
}

/* "an alarm", "a service", "an SLO": acronyms are read letter by letter. */
static const char *with_article(walker *w, const char *noun)
{
	if (strncmp(noun, "a ", 2) == 0 || strncmp(noun, "an ", 3) == 0 ||
	    strncmp(noun, "the ", 4) == 0)
		return noun;
	bool an;
	if (isupper((unsigned char)noun[0]) && isupper((unsigned char)noun[1]))
		an = strchr("AEFHILMNORSX", noun[0]) != NULL;
	else
		an = noun[0] && strchr("aeioAEIO", noun[0]) != NULL;
	return mc_arena_printf(w->arena, "%s %s", an ? "an" : "a", noun);
}

static void join(mc_buf *b, const char *const *v, size_t n, bool ticks, const char *conj)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			mc_buf_puts(b, i + 1 == n ? conj : ", ");
		mc_buf_printf(b, ticks ? "`%s`" : "%s", v[i]);
	}
}

static unsigned node_bits(const mc_node *n)
{
	switch (n->kind) {
	case MC_NODE_NULL: return MC_T_NULL;
	case MC_NODE_BOOL: return MC_T_BOOL;
	case MC_NODE_INT: return MC_T_INT | MC_T_NUM;
	case MC_NODE_FLOAT:
		return MC_T_NUM | (isfinite(n->as.f) && n->as.f == floor(n->as.f) ? MC_T_INT : 0);
	case MC_NODE_STRING: return MC_T_STR;
	case MC_NODE_SEQ: return MC_T_ARR;
	case MC_NODE_MAP: return MC_T_OBJ;
	}
	return 0;
}

static const char *found_phrase(const mc_node *n)
{
	switch (n->kind) {
	case MC_NODE_NULL: return "null";
	case MC_NODE_BOOL: return "a boolean";
	case MC_NODE_INT: return "an integer";
	case MC_NODE_FLOAT: return "a number";
	case MC_NODE_STRING: return "a string";
	case MC_NODE_SEQ: return "a list";
	case MC_NODE_MAP: return "a mapping";
	}
	return "a value";
}

/* "a mapping or a list" for a set of MC_T_* bits. */
static void type_phrase(mc_buf *b, unsigned mask)
{
	static const struct {
		unsigned bit;
		const char *phrase;
	} names[] = {
	    {MC_T_OBJ, "a mapping"}, {MC_T_ARR, "a list"},    {MC_T_STR, "a string"},
	    {MC_T_INT, "an integer"}, {MC_T_NUM, "a number"}, {MC_T_BOOL, "a boolean"},
	    {MC_T_NULL, "null"},
	};
	if ((mask & MC_T_ALL) == MC_T_ALL || mask == 0) {
		mc_buf_puts(b, "any value");
		return;
	}
	if (mask & MC_T_NUM)
		mask &= ~(unsigned)MC_T_INT;
	const char *v[8];
	size_t n = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (mask & names[i].bit)
			v[n++] = names[i].phrase;
	join(b, v, n, false, " or ");
}

/* How a node is named in messages: "`notify`", "item 2 of `notify`", "the spec". */
static const char *name_of(walker *w, const frame *f)
{
	if (f->key)
		return mc_arena_printf(w->arena, "`%s`", show_node(w, f->key));
	if (f->index && f->parent)
		return mc_arena_printf(w->arena, "item %zu of %s", f->index, name_of(w, f->parent));
	return "the spec";
}

/* A mapping as the place something is in: "alarm `memory`", "`escalate`", "the spec". */
static const char *describe(walker *w, const frame *f)
{
	if (f->key && f->title && strcasecmp(f->title, f->key->text) != 0)
		return mc_arena_printf(w->arena, "%s `%s`", f->title, show_node(w, f->key));
	return name_of(w, f);
}

/* " in tier `critical`": the mapping a node sits in, skipping the lists between. */
static const char *context(walker *w, const frame *f)
{
	const frame *p = f->parent;
	while (p && p->node->kind == MC_NODE_SEQ)
		p = p->parent;
	if (!p)
		return "";
	return mc_arena_printf(w->arena, " in %s", describe(w, p));
}

/* What a mapping is, after "not a key of": "an alarm", "the spec", "`escalate`". */
static const char *of_phrase(walker *w, const frame *f)
{
	if (!f->parent)
		return "the spec";
	if (f->title)
		return with_article(w, f->title);
	return name_of(w, f);
}

/* ---- moving diagnostics between sinks ---- */

static mc_diag *move_diags(mc_diags *from, mc_diags *to)
{
	mc_diag *first = NULL;
	for (size_t i = 0; i < from->len; i++) {
		mc_diag *g = from->v[i];
		g->seq = to->len;
		MC_GROW(to->v, to->cap, to->len + 1);
		to->v[to->len++] = g;
		if (g->level == MC_LEVEL_ERROR)
			to->nerrors++;
		else if (g->level == MC_LEVEL_WARNING)
			to->nwarnings++;
		if (!first)
			first = g;
	}
	from->len = 0;
	from->nerrors = from->nwarnings = 0;
	return first;
}

static const mc_diag *first_error(const mc_diags *d)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->v[i]->level == MC_LEVEL_ERROR)
			return d->v[i];
	return NULL;
}

/* ---- scalars ---- */

static bool regex_matches(walker *w, const pcre2_code *re, const char *text, size_t len)
{
	/* Unanchored, as in JSON Schema; an error (bad UTF-8, match limit) counts as no match. */
	return pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, w->md, NULL) >= 0;
}

static double num_value(const mc_node *n)
{
	return n->kind == MC_NODE_INT ? (double)n->as.i : n->as.f;
}

static bool val_equal(const mc_val *v, const mc_node *n)
{
	switch (v->kind) {
	case MC_VAL_NULL: return n->kind == MC_NODE_NULL;
	case MC_VAL_BOOL: return n->kind == MC_NODE_BOOL && n->as.b == v->b;
	case MC_VAL_INT:
		if (n->kind == MC_NODE_INT)
			return n->as.i == v->i;
		return n->kind == MC_NODE_FLOAT && n->as.f == v->f;
	case MC_VAL_REAL:
		return (n->kind == MC_NODE_INT || n->kind == MC_NODE_FLOAT) && num_value(n) == v->f;
	case MC_VAL_STR:
		return n->kind == MC_NODE_STRING && n->text_len == v->len &&
		       memcmp(n->text, v->s, v->len) == 0;
	}
	return false;
}

static size_t code_points(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* The message of a failed form: "invalid duration `5 minutes` for `period`". */
static mc_diag *form_error(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d)
{
	if (s->code == MC_E0105)
		return mc_diag_add(d, s->code, n->span, "invalid value `%s` for %s",
		                   show_node(w, n), name_of(w, f));
	return mc_diag_add(d, s->code, n->span, "%s `%s` for %s", mc_code_get(s->code)->title,
	                   show_node(w, n), name_of(w, f));
}

/* The example as help, unless the label already shows it (`a duration such as `5m``). */
static void example_help(const mc_sch *s, mc_diag *g, mc_diags *d)
{
	if (!s->example || (s->expected && strstr(s->expected, s->example)))
		return;
	mc_diag_help(d, g, "for example `%s`", s->example);
}

static void check_string(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d)
{
	if (s->format && w->format_check && w->format_check(s->format, n, d, w->format_ctx))
		return;
	if (s->pattern && !regex_matches(w, s->pattern, n->text, n->text_len)) {
		mc_diag *g = form_error(w, s, n, f, d);
		if (s->expected)
			mc_diag_label_primary(d, g, "expected %s", s->expected);
		else
			mc_diag_label_primary(d, g, "expected text matching `%s`",
			                      s->pattern_source);
		example_help(s, g, d);
		return;
	}
	if (!s->min_len.has && !s->max_len.has)
		return;
	size_t len = code_points(n->text, n->text_len);
	const char *bound = NULL;
	size_t lim = 0;
	if (s->min_len.has && len < s->min_len.v) {
		bound = "at least";
		lim = s->min_len.v;
	} else if (s->max_len.has && len > s->max_len.v) {
		bound = "at most";
		lim = s->max_len.v;
	}
	if (!bound)
		return;
	mc_diag *g = form_error(w, s, n, f, d);
	mc_diag_label_primary(d, g, "expected %s %zu character%s, found %zu", bound, lim,
	                      lim == 1 ? "" : "s", len);
	example_help(s, g, d);
}

static const char *num_text(walker *w, double v)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_double(&b, v);
	return str(w, &b);
}

static void check_number(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d)
{
	double v = num_value(n);
	const char *what = NULL;
	double lim = 0;
	/* Negated comparisons, so that `.nan` fails every bound. */
	if (s->minimum.has && !(v >= s->minimum.v)) {
		what = "at least";
		lim = s->minimum.v;
	} else if (s->excl_min.has && !(v > s->excl_min.v)) {
		what = "greater than";
		lim = s->excl_min.v;
	} else if (s->maximum.has && !(v <= s->maximum.v)) {
		what = "at most";
		lim = s->maximum.v;
	} else if (s->excl_max.has && !(v < s->excl_max.v)) {
		what = "less than";
		lim = s->excl_max.v;
	}
	if (!what)
		return;
	mc_diag *g = mc_diag_add(d, MC_E0106, n->span, "%s must be %s %s", name_of(w, f), what,
	                         num_text(w, lim));
	mc_diag_label_primary(d, g, "found %s", show_node(w, n));
}

/* Lowercase, without `-`, `_` and spaces: `notBreaching` and `not_breaching` meet here. */
static bool loose_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < alen && strchr("-_ ", a[i]) && a[i])
			i++;
		while (j < blen && strchr("-_ ", b[j]) && b[j])
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
			return false;
		i++;
		j++;
	}
}

static void check_enum(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d)
{
	for (size_t i = 0; i < s->nenum; i++)
		if (val_equal(&s->enum_vals[i], n))
			return;
	if (d->quiet) { /* no words, no suggestion: only that it fails, and where */
		mc_diag_add(d, MC_E0103, n->span, "invalid value");
		return;
	}
	mc_diag *g = is_scalar(n) ? mc_diag_add(d, MC_E0103, n->span, "invalid value `%s` for %s",
	                                        show_node(w, n), name_of(w, f))
	                          : mc_diag_add(d, MC_E0103, n->span, "invalid value for %s",
	                                        name_of(w, f));
	const char **texts = mc_arena_alloc(w->arena, s->nenum * sizeof *texts);
	const char **strs = mc_arena_alloc(w->arena, s->nenum * sizeof *strs);
	size_t nstrs = 0;
	const char *loose = NULL;
	for (size_t i = 0; i < s->nenum; i++) {
		texts[i] = s->enum_vals[i].text;
		if (s->enum_vals[i].kind != MC_VAL_STR)
			continue;
		strs[nstrs++] = s->enum_vals[i].s;
		if (!loose && n->kind == MC_NODE_STRING &&
		    loose_equal(n->text, n->text_len, s->enum_vals[i].s, s->enum_vals[i].len))
			loose = s->enum_vals[i].s;
	}
	if (s->nenum == 1) {
		mc_diag_label_primary(d, g, "expected `%s`", texts[0]);
	} else if (s->nenum <= LIST_MAX) {
		mc_buf b = MC_BUF_INIT;
		join(&b, texts, s->nenum, true, ", ");
		mc_diag_label_primary(d, g, "expected one of %s", mc_buf_str(&b));
		mc_buf_release(&b);
	} else {
		mc_diag_label_primary(d, g, "expected one of %zu values", s->nenum);
	}
	const char *near = loose;
	if (!near && n->kind == MC_NODE_STRING)
		near = mc_did_you_mean(n->text, strs, nstrs);
	if (near)
		mc_diag_help(d, g, "did you mean `%s`?", near);
}

static void check_const(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d)
{
	if (val_equal(&s->const_val, n))
		return;
	mc_diag *g = is_scalar(n) ? mc_diag_add(d, MC_E0104, n->span,
	                                        "unsupported value `%s` for %s", show_node(w, n),
	                                        name_of(w, f))
	                          : mc_diag_add(d, MC_E0104, n->span, "unsupported value for %s",
	                                        name_of(w, f));
	mc_diag_label_primary(d, g, "expected `%s`", s->const_val.text);
	/* The spec format version is what `const` is mostly for. */
	if (f->key && f->parent && !f->parent->parent && strcmp(f->key->text, "moncc") == 0)
		mc_diag_help(d, g, "this moncc reads spec format version %s", s->const_val.text);
}

/* ---- wrong type ---- */

/*
 * A number where a string is wanted: quoting helps only when the quoted text is valid
 * (`account: 123456789012`); otherwise (`objective: 99.5`, `respond_within: 15`) show the
 * expected form instead.
 */
static void quote_help(walker *w, const mc_sch *s, const mc_node *n, mc_diag *g, mc_diags *d)
{
	if (!s->pattern || regex_matches(w, s->pattern, n->text, n->text_len))
		mc_diag_help(d, g, "quote it: `\"%s\"`", show_node(w, n));
	else if (s->expected)
		mc_diag_help(d, g, "write %s", s->expected);
	else if (s->example)
		mc_diag_help(d, g, "for example `%s`", s->example);
}

static void wrong_type(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d)
{
	unsigned want = s->types;
	if (d->quiet) {
		mc_diag_add(d, MC_E0100, n->span, "wrong type");
		return;
	}
	mc_diag *g = mc_diag_add(d, MC_E0100, n->span, "wrong type for %s%s", name_of(w, f),
	                         context(w, f));
	mc_buf b = MC_BUF_INIT;
	type_phrase(&b, want);
	mc_diag_label_primary(d, g, "expected %s, found %s", mc_buf_str(&b), found_phrase(n));
	mc_buf_release(&b);
	bool scalar = n->kind == MC_NODE_INT || n->kind == MC_NODE_FLOAT ||
	              n->kind == MC_NODE_BOOL || n->kind == MC_NODE_STRING;
	if ((want & MC_T_STR) && scalar && n->kind != MC_NODE_STRING)
		quote_help(w, s, n, g, d);
	else if ((want & MC_T_ARR) && scalar)
		mc_diag_help(d, g, "write it as a list: `[%s]`", show_node(w, n));
}

/* The schema `false`: nothing is allowed here. */
static void reject_all(walker *w, const mc_node *n, frame *f, mc_diags *d)
{
	if (f->key) {
		mc_diag *g = mc_diag_add(d, MC_E0101, f->key->span, "key `%s` is not allowed%s",
		                         show_node(w, f->key), context(w, f));
		mc_diag_label_primary(d, g, "not allowed here");
		return;
	}
	mc_diag *g = mc_diag_add(d, MC_E0100, n->span, "%s is not allowed%s", name_of(w, f),
	                         context(w, f));
	mc_diag_label_primary(d, g, "nothing is allowed here");
}

/* ---- mappings ---- */

static void unknown_key(walker *w, const mc_sch *s, const mc_node *key, frame *f,
                        const char *near, mc_diags *d)
{
	mc_diag *g = mc_diag_add(d, MC_E0101, key->span, "unknown key `%s` in %s",
	                         show_node(w, key), describe(w, f));
	const char *of = of_phrase(w, f);
	mc_diag_label_primary(d, g, "not a key of %s", of);
	if (near) {
		mc_diag_help(d, g, "did you mean `%s`?", near);
	} else if (s->nprops > 0 && s->nprops <= LIST_MAX) {
		mc_buf b = MC_BUF_INIT;
		join(&b, s->prop_names, s->nprops, true, " and ");
		mc_diag_note(d, g, "the keys of %s are %s", of, mc_buf_str(&b));
		mc_buf_release(&b);
	}
}

static void missing_keys(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d)
{
	const char **missing = NULL;
	size_t nmissing = 0;
	for (size_t i = 0; i < s->nrequired; i++) {
		if (mc_node_get(n, s->required[i]))
			continue;
		if (!missing)
			missing = mc_arena_alloc(w->arena, s->nrequired * sizeof *missing);
		missing[nmissing++] = s->required[i];
	}
	if (!nmissing)
		return;
	/* The key the mapping sits under reads best; the root has none, so its first key. */
	mc_span at = f->key ? f->key->span : n->npairs ? n->pairs[0].key->span : n->span;
	if (nmissing <= FEW_MISSING) {
		for (size_t i = 0; i < nmissing; i++) {
			mc_diag *g = mc_diag_add(d, MC_E0102, at, "missing key `%s` in %s",
			                         missing[i], describe(w, f));
			mc_diag_label_primary(d, g, "`%s` is required here", missing[i]);
		}
		return;
	}
	mc_diag *g = mc_diag_add(d, MC_E0102, at, "missing %zu required keys in %s", nmissing,
	                         describe(w, f));
	mc_buf b = MC_BUF_INIT;
	join(&b, missing, nmissing, true, " and ");
	mc_diag_label_primary(d, g, "%s are required here", mc_buf_str(&b));
	mc_buf_release(&b);
}

/* Title of a schema, looking through $refs. */
static const char *title_of(const mc_sch *s)
{
	for (int k = 0; s && k < 16; s = s->ref, k++)
		if (s->title)
			return s->title;
	return NULL;
}

/*
 * A likely fix for a bad name: lowercase, words split at camelCase humps and joined by sep
 * (`LoadBalancer` -> `load_balancer`, `my_api` -> `my-api`).
 */
static char *name_fix(walker *w, const mc_node *key, char sep, bool *had_upper)
{
	mc_buf b = MC_BUF_INIT;
	*had_upper = false;
	for (size_t i = 0; i < key->text_len; i++) {
		unsigned char c = (unsigned char)key->text[i];
		if (isupper(c)) {
			unsigned char prev = i ? (unsigned char)key->text[i - 1] : 0;
			if (islower(prev) || isdigit(prev))
				mc_buf_putc(&b, sep);
			mc_buf_putc(&b, (char)tolower(c));
			*had_upper = true;
		} else if (c == '_' || c == ' ' || c == '-') {
			mc_buf_putc(&b, sep);
		} else {
			mc_buf_putc(&b, (char)c);
		}
	}
	return str(w, &b);
}

static void check_key_name(walker *w, const mc_sch *s, const mc_sch *value_schema,
                           const mc_node *key, frame *f, mc_diags *d, unsigned depth)
{
	mc_node kn = *key;
	kn.kind = MC_NODE_STRING;
	frame kf = {f, &kn, NULL, 0, NULL};
	mc_diags scratch;
	mc_diags_init(&scratch, d->arena);
	scratch.quiet = d->quiet;
	check(w, s->property_names, &kn, &kf, &scratch, depth + 1);
	const mc_diag *why = first_error(&scratch);
	mc_diags_release(&scratch);
	if (!why)
		return;
	/* A form with its own code (x-moncc-code, e.g. E0124) keeps it: "invalid name". */
	mc_code code = why->code >= MC_E0100 && why->code <= MC_E0111 ? MC_E0110 : why->code;
	const char *vt = title_of(value_schema);
	const char *where = vt ? mc_arena_printf(w->arena, "for %s", with_article(w, vt))
	                       : mc_arena_printf(w->arena, "in %s", describe(w, f));
	mc_diag *g = code == MC_E0110
	                 ? mc_diag_add(d, code, key->span, "invalid key `%s` %s",
	                               show_node(w, key), where)
	                 : mc_diag_add(d, code, key->span, "%s `%s` %s", mc_code_get(code)->title,
	                               show_node(w, key), where);
	if (why->nlabels && why->labels[0].text)
		mc_diag_label_primary(d, g, "%s", why->labels[0].text);
	static const char seps[] = {'-', '_'};
	for (size_t i = 0; i < sizeof seps; i++) {
		bool had_upper;
		mc_node fixed = kn;
		fixed.text = name_fix(w, key, seps[i], &had_upper);
		fixed.text_len = strlen(fixed.text);
		if (fixed.text_len == key->text_len &&
		    memcmp(fixed.text, key->text, key->text_len) == 0)
			continue;
		mc_diags_init(&scratch, d->arena);
		scratch.quiet = true; /* only whether it passes */
		check(w, s->property_names, &fixed, &kf, &scratch, depth + 1);
		bool ok = scratch.nerrors == 0;
		mc_diags_release(&scratch);
		if (ok) {
			mc_diag_help(d, g, "%stry `%s`", had_upper ? "names are lowercase: " : "",
			             show(w, fixed.text, fixed.text_len));
			return;
		}
	}
	if (why->help)
		mc_diag_help(d, g, "%s", why->help);
}

/* Schemas that apply to an undeclared key: matching patternProperties, else additional. */
static size_t extra_schemas(walker *w, const mc_sch *s, const mc_node *key,
                            const mc_sch **out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < s->npattern_props && n < cap; i++)
		if (regex_matches(w, s->pattern_props[i].re, key->text, key->text_len))
			out[n++] = s->pattern_props[i].schema;
	if (n == 0 && s->additional)
		out[n++] = s->additional;
	return n;
}

static void check_object(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d,
                         unsigned depth)
{
	if (s->min_props.has && n->npairs < s->min_props.v) {
		size_t v = s->min_props.v;
		mc_diag *g = mc_diag_add(d, MC_E0107, n->span, "%s needs at least %zu key%s",
		                         name_of(w, f), v, v == 1 ? "" : "s");
		mc_diag_label_primary(d, g, "found %zu", (size_t)n->npairs);
	}
	if (s->max_props.has && n->npairs > s->max_props.v) {
		size_t v = s->max_props.v;
		mc_diag *g = mc_diag_add(d, MC_E0107, n->span, "%s takes at most %zu key%s",
		                         name_of(w, f), v, v == 1 ? "" : "s");
		mc_diag_label_primary(d, g, "found %zu", (size_t)n->npairs);
	}
	missing_keys(w, s, n, f, d);
	bool keyed = s->nprops || s->npattern_props || s->additional || s->property_names;
	for (size_t i = 0; keyed && i < n->npairs; i++) {
		const mc_node *key = n->pairs[i].key, *value = n->pairs[i].value;
		frame cf = {f, value, key, 0, NULL};
		const mc_sch *ps = s->nprops ? mc_sch_prop_find(s, key->text, key->text_len) : NULL;
		const mc_sch *extra[8];
		size_t nextra = ps ? 0 : extra_schemas(w, s, key, extra, 8);
		if (s->property_names)
			check_key_name(w, s, ps ? ps : nextra ? extra[0] : NULL, key, f, d, depth);
		if (ps) {
			check(w, ps, value, &cf, d, depth + 1);
			for (size_t j = 0; j < s->npattern_props; j++) {
				const mc_sch_pattern_prop *pp = &s->pattern_props[j];
				if (regex_matches(w, pp->re, key->text, key->text_len))
					check(w, pp->schema, value, &cf, d, depth + 1);
			}
			continue;
		}
		if (nextra == 0)
			continue; /* no additionalProperties: anything goes, as in JSON Schema */
		bool forbidden = false;
		for (size_t j = 0; j < nextra; j++)
			forbidden |= extra[j]->is_false;
		if (forbidden) {
			const char *near = s->nprops && !d->quiet
			                       ? mc_did_you_mean(key->text, s->prop_names, s->nprops)
			                       : NULL;
			unknown_key(w, s, key, f, near, d);
			continue;
		}
		/*
		 * An open map (custom tier keys of an alarm): when the value is not a valid extra
		 * entry and the key is a near miss of a declared one, the typo is the likely story.
		 * The suggestion is looked for only then: it costs more than the check.
		 */
		mc_diags scratch;
		mc_diags_init(&scratch, d->arena);
		scratch.quiet = d->quiet;
		for (size_t j = 0; j < nextra; j++)
			check(w, extra[j], value, &cf, &scratch, depth + 1);
		const char *near = scratch.nerrors && s->nprops
		                       ? mc_did_you_mean(key->text, s->prop_names, s->nprops)
		                       : NULL;
		if (near)
			unknown_key(w, s, key, f, near, d);
		else
			move_diags(&scratch, d);
		mc_diags_release(&scratch);
	}
}

/* ---- lists ---- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	return h;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	return mc_fnv1a64(s, len);
}

/* Equal nodes (JSON Schema equality: 1 equals 1.0, mappings ignore order) hash alike. */
static uint64_t hash_node(const mc_node *n)
{
	switch (n->kind) {
	case MC_NODE_NULL: return 1;
	case MC_NODE_BOOL: return n->as.b ? 2 : 3;
	case MC_NODE_INT:
	case MC_NODE_FLOAT: {
		double v = num_value(n);
		uint64_t bits;
		if (v == 0)
			v = 0; /* -0.0 */
		memcpy(&bits, &v, sizeof bits);
		return mix(4, bits);
	}
	case MC_NODE_STRING: return mix(5, hash_bytes(n->text, n->text_len));
	case MC_NODE_SEQ: {
		uint64_t h = 6;
		for (size_t i = 0; i < n->nitems; i++)
			h = mix(h, hash_node(n->items[i]));
		return h;
	}
	case MC_NODE_MAP: {
		uint64_t h = 0;
		for (size_t i = 0; i < n->npairs; i++)
			h += mix(hash_bytes(n->pairs[i].key->text, n->pairs[i].key->text_len),
			         hash_node(n->pairs[i].value));
		return mix(7, h);
	}
	}
	return 0;
}

static bool nodes_equal(const mc_node *a, const mc_node *b)
{
	bool an = a->kind == MC_NODE_INT || a->kind == MC_NODE_FLOAT;
	bool bn = b->kind == MC_NODE_INT || b->kind == MC_NODE_FLOAT;
	if (an || bn) {
		if (!an || !bn)
			return false;
		if (a->kind == MC_NODE_INT && b->kind == MC_NODE_INT)
			return a->as.i == b->as.i;
		return num_value(a) == num_value(b);
	}
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case MC_NODE_NULL: return true;
	case MC_NODE_BOOL: return a->as.b == b->as.b;
	case MC_NODE_STRING:
		return a->text_len == b->text_len && memcmp(a->text, b->text, a->text_len) == 0;
	case MC_NODE_SEQ:
		if (a->nitems != b->nitems)
			return false;
		for (size_t i = 0; i < a->nitems; i++)
			if (!nodes_equal(a->items[i], b->items[i]))
				return false;
		return true;
	case MC_NODE_MAP:
		if (a->npairs != b->npairs)
			return false;
		for (size_t i = 0; i < a->npairs; i++) {
			const mc_node *k = a->pairs[i].key, *bv = NULL;
			for (size_t j = 0; j < b->npairs && !bv; j++) {
				const mc_node *bk = b->pairs[j].key;
				if (bk->text_len == k->text_len &&
				    memcmp(bk->text, k->text, k->text_len) == 0)
					bv = b->pairs[j].value;
			}
			if (!bv || !nodes_equal(a->pairs[i].value, bv))
				return false;
		}
		return true;
	default: return false;
	}
}

typedef struct {
	uint64_t hash;
	size_t index;
} hashed;

static int cmp_hashed(const void *pa, const void *pb)
{
	const hashed *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * Sorting by hash keeps 100,000 distinct items from costing 10^10 comparisons; duplicates are
 * then reported in list order, each pointing back at its first occurrence.
 */
static void check_unique(walker *w, const mc_node *n, frame *f, mc_diags *d)
{
	if (n->nitems < 2)
		return;
	hashed *h = mc_xmalloc(n->nitems * sizeof *h);
	size_t *first = mc_xmalloc(n->nitems * sizeof *first);
	for (size_t i = 0; i < n->nitems; i++) {
		h[i] = (hashed){hash_node(n->items[i]), i};
		first[i] = SIZE_MAX;
	}
	qsort(h, n->nitems, sizeof *h, cmp_hashed);
	for (size_t lo = 0, hi; lo < n->nitems; lo = hi) {
		for (hi = lo + 1; hi < n->nitems && h[hi].hash == h[lo].hash; hi++)
			;
		for (size_t j = lo + 1; j < hi; j++)
			for (size_t k = lo; k < j && first[h[j].index] == SIZE_MAX; k++)
				if (first[h[k].index] == SIZE_MAX &&
				    nodes_equal(n->items[h[k].index], n->items[h[j].index]))
					first[h[j].index] = h[k].index;
	}
	for (size_t i = 0; i < n->nitems; i++) {
		if (first[i] == SIZE_MAX)
			continue;
		const mc_node *item = n->items[i];
		mc_diag *g = is_scalar(item)
		                 ? mc_diag_add(d, MC_E0111, item->span, "duplicate item `%s` in %s",
		                               show_node(w, item), name_of(w, f))
		                 : mc_diag_add(d, MC_E0111, item->span, "duplicate item %zu in %s",
		                               i + 1, name_of(w, f));
		mc_diag_label_primary(d, g, "listed again here");
		mc_diag_label(d, g, n->items[first[i]]->span, "first listed here");
	}
	free(first);
	free(h);
}

static void check_array(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d,
                        unsigned depth)
{
	if (s->min_items.has && n->nitems < s->min_items.v) {
		size_t v = s->min_items.v;
		mc_diag *g = mc_diag_add(d, MC_E0107, n->span, "%s needs at least %zu item%s",
		                         name_of(w, f), v, v == 1 ? "" : "s");
		if (n->nitems == 0)
			mc_diag_label_primary(d, g, "found none");
		else
			mc_diag_label_primary(d, g, "found %zu", (size_t)n->nitems);
	}
	if (s->max_items.has && n->nitems > s->max_items.v) {
		size_t v = s->max_items.v;
		mc_diag *g = mc_diag_add(d, MC_E0107, n->span, "%s takes at most %zu item%s",
		                         name_of(w, f), v, v == 1 ? "" : "s");
		mc_diag_label_primary(d, g, "found %zu", (size_t)n->nitems);
	}
	if (s->items) {
		for (size_t i = 0; i < n->nitems; i++) {
			frame cf = {f, n->items[i], NULL, i + 1, NULL};
			check(w, s->items, n->items[i], &cf, d, depth + 1);
		}
	}
	if (s->unique_items)
		check_unique(w, n, f, d);
}

/* ---- oneOf / anyOf ---- */

/* How a branch is described: x-moncc-expected, else its title or types (and an example). */
static const char *form_of(walker *w, const mc_sch *b)
{
	const char *expected = NULL, *title = NULL, *example = NULL;
	/* The compiler rejects $ref chains that loop, so this ends. */
	for (const mc_sch *x = b; x && !expected; x = x->ref) {
		expected = x->expected;
		title = title ? title : x->title;
		example = example ? example : x->example;
	}
	if (expected)
		return expected;
	mc_buf buf = MC_BUF_INIT;
	if (title)
		mc_buf_puts(&buf, with_article(w, title));
	else
		type_phrase(&buf, b->accepts_state == 2 ? b->accepts : MC_T_ALL);
	if (example)
		mc_buf_printf(&buf, " such as `%s`", example);
	return str(w, &buf);
}

/* "a, b or c" over the forms of branches (skipping `skip`), without repeats. */
static const char *forms(walker *w, const mc_sch *const *br, size_t nb, size_t skip,
                         const char *conj)
{
	const char **v = mc_arena_alloc(w->arena, nb * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < nb; i++) {
		if (i == skip)
			continue;
		const char *form = form_of(w, br[i]);
		bool dup = false;
		for (size_t j = 0; j < n; j++)
			dup |= strcmp(v[j], form) == 0;
		if (!dup)
			v[n++] = form;
	}
	mc_buf b = MC_BUF_INIT;
	join(&b, v, n, false, conj);
	return str(w, &b);
}

static size_t first_error_lo(const mc_diags *d)
{
	const mc_diag *g = first_error(d);
	return g && g->nlabels ? g->labels[0].span.lo : 0;
}

/* A diagnostic of a format checker (a code outside the validator's own E01xx block). */
static bool from_format_check(const mc_diag *g)
{
	const mc_code_info *info = mc_code_get(g->code);
	return info && strncmp(info->id, "E01", 3) != 0;
}

/*
 * The diagnostics of branch k, checked again into the real sink's arena. The trial run's
 * records died with its arena; the walk is deterministic, so this run finds the same ones.
 */
static mc_diag *recheck_and_move(walker *w, const mc_sch *branch, const mc_node *n, frame *f,
                                 mc_diags *d, unsigned depth)
{
	mc_diags again;
	mc_diags_init(&again, d->arena);
	again.quiet = d->quiet;
	check(w, branch, n, f, &again, depth + 1);
	mc_diag *first = move_diags(&again, d);
	mc_diags_release(&again);
	return first;
}

static void check_branches(walker *w, const mc_sch *s, mc_sch *const *br, size_t nb,
                           bool one, const mc_node *n, frame *f, mc_diags *d, unsigned depth)
{
	/*
	 * Every branch is tried in an arena of its own, freed at the end: on a valid spec most
	 * branches fail (a duration is not an object) and their diagnostics, kept in the session
	 * arena, were a tenth of the peak memory of a large build. What must be reported is
	 * checked again into the sink (recheck_and_move).
	 */
	mc_arena *trial = mc_arena_new();
	mc_arena *real = w->arena;
	w->arena = trial;
	mc_diags *scratch = mc_xcalloc(nb, sizeof *scratch);
	size_t npass = 0, pass[2] = {0, 0};
	for (size_t i = 0; i < nb; i++) {
		mc_diags_init(&scratch[i], trial);
		scratch[i].quiet = true; /* which fail, how often, where: recheck_and_move words it */
		check(w, br[i], n, f, &scratch[i], depth + 1);
		if (scratch[i].nerrors == 0 && npass++ < 2)
			pass[npass - 1] = i;
	}
	w->arena = real;
	const mc_sch *const *cbr = (const mc_sch *const *)br;
	if (npass > 1 && one) {
		mc_diag *g = mc_diag_add(d, MC_E0109, n->span, "%s matches more than one form%s",
		                         name_of(w, f), context(w, f));
		mc_diag_label_primary(d, g, "it is both %s and %s", form_of(w, br[pass[0]]),
		                      form_of(w, br[pass[1]]));
	} else if (npass > 0) {
		if (scratch[pass[0]].len) /* warnings of the branch that holds */
			recheck_and_move(w, br[pass[0]], n, f, d, depth);
	} else {
		unsigned bits = node_bits(n);
		size_t best = nb;
		for (size_t i = 0; i < nb; i++) {
			unsigned acc = br[i]->accepts_state == 2 ? br[i]->accepts : MC_T_ALL;
			if (!(acc & bits))
				continue;
			if (best == nb || scratch[i].nerrors < scratch[best].nerrors ||
			    (scratch[i].nerrors == scratch[best].nerrors &&
			     first_error_lo(&scratch[i]) > first_error_lo(&scratch[best])))
				best = i;
		}
		if (best == nb) {
			mc_diag *g = mc_diag_add(d, MC_E0108, n->span, "wrong form for %s%s",
			                         name_of(w, f), context(w, f));
			mc_diag_label_primary(d, g, "expected %s, found %s",
			                      forms(w, cbr, nb, nb, " or "), found_phrase(n));
		} else {
			mc_diag *g = scratch[best].len
			                 ? recheck_and_move(w, br[best], n, f, d, depth)
			                 : NULL;
			/* A format checker's diagnostic says exactly what is wrong inside the
			 * text; the other forms would only distract from it. */
			if (g && nb > 1 && !(cbr[best]->format && w->format_check) &&
			    !from_format_check(g)) {
				const char *subject =
				    s->title ? with_article(w, s->title) : name_of(w, f);
				mc_diag_note(d, g, "%s can also be %s", subject,
				             forms(w, cbr, nb, best, " or "));
			}
		}
	}
	for (size_t i = 0; i < nb; i++)
		mc_diags_release(&scratch[i]);
	free(scratch);
	mc_arena_free(trial);
}

/* ---- the walk ---- */

static void check(walker *w, const mc_sch *s, const mc_node *n, frame *f, mc_diags *d,
                  unsigned depth)
{
	if (depth > MAX_DEPTH)
		return;
	if (s->is_false) {
		reject_all(w, n, f, d);
		return;
	}
	const char *saved = f->title;
	if (s->title)
		f->title = s->title;
	if (s->types && !(s->types & node_bits(n))) {
		wrong_type(w, s, n, f, d);
		f->title = saved;
		return;
	}
	if (s->ref)
		check(w, s->ref, n, f, d, depth + 1);
	switch (n->kind) {
	case MC_NODE_MAP: check_object(w, s, n, f, d, depth); break;
	case MC_NODE_SEQ: check_array(w, s, n, f, d, depth); break;
	case MC_NODE_STRING: check_string(w, s, n, f, d); break;
	case MC_NODE_INT:
	case MC_NODE_FLOAT: check_number(w, s, n, f, d); break;
	case MC_NODE_NULL:
	case MC_NODE_BOOL: break;
	}
	if (s->has_enum)
		check_enum(w, s, n, f, d);
	if (s->has_const)
		check_const(w, s, n, f, d);
	for (size_t i = 0; i < s->nall_of; i++)
		check(w, s->all_of[i], n, f, d, depth + 1);
	if (s->nany_of)
		check_branches(w, s, s->any_of, s->nany_of, false, n, f, d, depth);
	if (s->none_of)
		check_branches(w, s, s->one_of, s->none_of, true, n, f, d, depth);
	f->title = saved;
}

void mc_validate_with(const mc_schema *s, const mc_node *root, mc_format_check check_fn,
                      void *ctx, mc_diags *d)
{
	if (!s || !root)
		return;
	walker w = {d->arena, pcre2_match_data_create(1, NULL), check_fn, ctx};
	frame f = {NULL, root, NULL, 0, NULL};
	check(&w, s->root, root, &f, d, 0);
	pcre2_match_data_free(w.md);
}

void mc_validate(const mc_schema *s, const mc_node *root, mc_diags *d)
{
	mc_validate_with(s, root, NULL, NULL, d);
}
