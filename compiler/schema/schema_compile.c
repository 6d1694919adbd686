/*
 * JSON Schema text -> the compiled schema graph of schema_compile.h.
 *
 * The text is parsed with jansson, every schema object becomes an mc_sch in the schema's
 * arena and every `pattern` / `patternProperties` regex is compiled once with PCRE2. `$ref`s
 * (`#`, `#/$defs/name` and other JSON pointers into the same document) are resolved after the
 * walk, to pointers, so recursive schemas are fine. The jansson tree dies before returning.
 *
 * An unknown keyword, a malformed keyword value or an unresolvable `$ref` makes the whole
 * compilation fail with a message naming the place (`#/properties/x: ...`): silently ignoring
 * a constraint would let invalid specs through, and the schema is ours, so that is a bug.
 */
#include "schema/schema_compile.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"

typedef struct {
	const json_t *json;
	mc_sch *sch;
} seen_entry;

typedef struct {
	mc_sch *sch;
	const char *ref;   /* in the arena */
	const char *where; /* path of the object holding the $ref, for messages */
} pending_ref;

typedef struct {
	mc_schema *out;
	json_t *root;
	seen_entry *seen;
	size_t nseen, capseen;
	bool seen_sorted;
	pending_ref *refs;
	size_t nrefs, caprefs;
	mc_buf path;  /* JSON pointer of the object being compiled */
	mc_buf error; /* the first problem found */
	bool failed;
} compiler;

static mc_sch *compile_schema(compiler *c, json_t *j);

static void fail(compiler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(compiler *c, const char *fmt, ...)
{
	if (c->failed)
		return;
	c->failed = true;
	mc_buf_printf(&c->error, "%s: ", c->path.len ? mc_buf_str(&c->path) : "#");
	va_list ap;
	va_start(ap, fmt);
	mc_buf_vprintf(&c->error, fmt, ap);
	va_end(ap);
}

/* Appends one JSON pointer segment (escaped) to the path; returns the length to restore. */
static size_t path_push(compiler *c, const char *seg)
{
	size_t old = c->path.len;
	if (old == 0)
		mc_buf_putc(&c->path, '#');
	mc_buf_putc(&c->path, '/');
	for (const char *p = seg; *p; p++) {
		if (*p == '~')
			mc_buf_puts(&c->path, "~0");
		else if (*p == '/')
			mc_buf_puts(&c->path, "~1");
		else
			mc_buf_putc(&c->path, *p);
	}
	return old;
}

static void path_pop(compiler *c, size_t old)
{
	c->path.len = old;
	c->path.p[old] = '\0';
}

static mc_sch *compile_at(compiler *c, json_t *j, const char *seg)
{
	size_t old = path_push(c, seg);
	mc_sch *s = compile_schema(c, j);
	path_pop(c, old);
	return s;
}

static mc_sch *compile_at_index(compiler *c, json_t *j, const char *seg, size_t i)
{
	char num[32];
	snprintf(num, sizeof num, "%zu", i);
	size_t old = path_push(c, seg);
	mc_sch *s = compile_at(c, j, num);
	path_pop(c, old);
	return s;
}

static pcre2_code *compile_regex(compiler *c, const char *src)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode,
	                               &erroff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof msg);
		fail(c, "invalid regex `%s` at offset %zu: %s", src, (size_t)erroff, (char *)msg);
		return NULL;
	}
	mc_schema *o = c->out;
	MC_GROW(o->codes, o->capcodes, o->ncodes + 1);
	o->codes[o->ncodes++] = re;
	return re;
}

static bool get_count(compiler *c, const char *kw, json_t *v, mc_sch_count *out)
{
	double d = json_is_integer(v) ? (double)json_integer_value(v)
	           : json_is_real(v)  ? json_real_value(v)
	                              : -1;
	if (d < 0 || d != floor(d) || d > 1e15) {
		fail(c, "`%s` must be a non-negative integer", kw);
		return false;
	}
	out->has = true;
	out->v = (size_t)d;
	return true;
}

static void get_number(compiler *c, const char *kw, json_t *v, mc_sch_num *out)
{
	if (!json_is_number(v)) {
		fail(c, "`%s` must be a number", kw);
		return;
	}
	out->has = true;
	out->v = json_number_value(v);
}

static const char *get_string(compiler *c, const char *kw, json_t *v)
{
	if (!json_is_string(v)) {
		fail(c, "`%s` must be a string", kw);
		return NULL;
	}
	return mc_arena_strndup(c->out->arena, json_string_value(v), json_string_length(v));
}

static unsigned type_bit(const char *name)
{
	static const struct {
		const char *name;
		unsigned bit;
	} types[] = {
	    {"null", MC_T_NULL},    {"boolean", MC_T_BOOL}, {"integer", MC_T_INT},
	    {"number", MC_T_NUM},   {"string", MC_T_STR},   {"array", MC_T_ARR},
	    {"object", MC_T_OBJ},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i].name, name) == 0)
			return types[i].bit;
	return 0;
}

static void get_types(compiler *c, mc_sch *s, json_t *v)
{
	if (json_is_string(v)) {
		s->types = type_bit(json_string_value(v));
		if (!s->types)
			fail(c, "unknown type `%s`", json_string_value(v));
		return;
	}
	if (!json_is_array(v) || json_array_size(v) == 0) {
		fail(c, "`type` must be a type name or a non-empty list of them");
		return;
	}
	size_t i;
	json_t *t;
	json_array_foreach(v, i, t) {
		unsigned bit = json_is_string(t) ? type_bit(json_string_value(t)) : 0;
		if (!bit) {
			fail(c, "`type` lists an unknown type");
			return;
		}
		s->types |= bit;
	}
}

/* A scalar of enum/const/examples, with its display text. */
static bool get_value(compiler *c, json_t *v, mc_val *out)
{
	mc_arena *a = c->out->arena;
	memset(out, 0, sizeof *out);
	switch (json_typeof(v)) {
	case JSON_NULL:
		out->kind = MC_VAL_NULL;
		out->text = "null";
		return true;
	case JSON_TRUE:
	case JSON_FALSE:
		out->kind = MC_VAL_BOOL;
		out->b = json_is_true(v);
		out->text = out->b ? "true" : "false";
		return true;
	case JSON_INTEGER:
		out->kind = MC_VAL_INT;
		out->i = (int64_t)json_integer_value(v);
		out->f = (double)out->i;
		out->text = mc_arena_printf(a, "%lld", (long long)out->i);
		return true;
	case JSON_REAL: {
		out->kind = MC_VAL_REAL;
		out->f = json_real_value(v);
		mc_buf b = MC_BUF_INIT;
		mc_buf_double(&b, out->f);
		out->text = mc_arena_strdup(a, mc_buf_str(&b));
		mc_buf_release(&b);
		return true;
	}
	case JSON_STRING:
		out->kind = MC_VAL_STR;
		out->len = json_string_length(v);
		out->s = mc_arena_strndup(a, json_string_value(v), out->len);
		out->text = out->s;
		return true;
	default:
		fail(c, "only scalars are supported in `enum`, `const` and `examples`");
		return false;
	}
}

static unsigned value_types(const mc_val *v)
{
	switch (v->kind) {
	case MC_VAL_NULL: return MC_T_NULL;
	case MC_VAL_BOOL: return MC_T_BOOL;
	case MC_VAL_INT: return MC_T_INT;
	case MC_VAL_REAL: return MC_T_NUM;
	case MC_VAL_STR: return MC_T_STR;
	}
	return MC_T_ALL;
}

static mc_sch **get_branches(compiler *c, const char *kw, json_t *v, size_t *n)
{
	if (!json_is_array(v) || json_array_size(v) == 0) {
		fail(c, "`%s` must be a non-empty list of schemas", kw);
		return NULL;
	}
	*n = json_array_size(v);
	mc_sch **out = mc_arena_alloc(c->out->arena, *n * sizeof *out);
	for (size_t i = 0; i < *n; i++)
		out[i] = compile_at_index(c, json_array_get(v, i), kw, i);
	return out;
}

static int cmp_prop(const void *pa, const void *pb)
{
	const mc_sch_prop *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->name, b->name, n);
	if (r)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

mc_sch *mc_sch_prop_find(const mc_sch *s, const char *name, size_t len)
{
	size_t lo = 0, hi = s->nprops;
	mc_sch_prop key = {name, len, NULL};
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = cmp_prop(&key, &s->props[mid]);
		if (r == 0)
			return s->props[mid].schema;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void get_properties(compiler *c, mc_sch *s, json_t *v)
{
	if (!json_is_object(v)) {
		fail(c, "`properties` must be an object");
		return;
	}
	mc_arena *a = c->out->arena;
	s->nprops = json_object_size(v);
	s->props = mc_arena_alloc(a, s->nprops * sizeof *s->props);
	s->prop_names = mc_arena_alloc(a, s->nprops * sizeof *s->prop_names);
	size_t i = 0, old = path_push(c, "properties");
	const char *key;
	json_t *sub;
	json_object_foreach(v, key, sub) {
		s->props[i].name = mc_arena_strdup(a, key);
		s->props[i].len = strlen(key);
		s->props[i].schema = compile_at(c, sub, key);
		s->prop_names[i] = s->props[i].name;
		i++;
	}
	path_pop(c, old);
	qsort(s->props, s->nprops, sizeof *s->props, cmp_prop);
}

static void get_pattern_properties(compiler *c, mc_sch *s, json_t *v)
{
	if (!json_is_object(v)) {
		fail(c, "`patternProperties` must be an object");
		return;
	}
	mc_arena *a = c->out->arena;
	s->npattern_props = json_object_size(v);
	s->pattern_props = mc_arena_alloc(a, s->npattern_props * sizeof *s->pattern_props);
	size_t i = 0, old = path_push(c, "patternProperties");
	const char *key;
	json_t *sub;
	json_object_foreach(v, key, sub) {
		s->pattern_props[i].source = mc_arena_strdup(a, key);
		s->pattern_props[i].re = compile_regex(c, key);
		s->pattern_props[i].schema = compile_at(c, sub, key);
		i++;
	}
	path_pop(c, old);
}

static void get_required(compiler *c, mc_sch *s, json_t *v)
{
	if (!json_is_array(v)) {
		fail(c, "`required` must be a list of strings");
		return;
	}
	s->nrequired = json_array_size(v);
	s->required = mc_arena_alloc(c->out->arena, s->nrequired * sizeof *s->required);
	for (size_t i = 0; i < s->nrequired; i++) {
		json_t *r = json_array_get(v, i);
		if (!json_is_string(r)) {
			fail(c, "`required` must be a list of strings");
			return;
		}
		s->required[i] = mc_arena_strdup(c->out->arena, json_string_value(r));
	}
}

static void get_enum(compiler *c, mc_sch *s, json_t *v)
{
	if (!json_is_array(v) || json_array_size(v) == 0) {
		fail(c, "`enum` must be a non-empty list");
		return;
	}
	s->has_enum = true;
	s->nenum = json_array_size(v);
	s->enum_vals = mc_arena_alloc(c->out->arena, s->nenum * sizeof *s->enum_vals);
	for (size_t i = 0; i < s->nenum; i++)
		if (!get_value(c, json_array_get(v, i), &s->enum_vals[i]))
			return;
}

static void get_examples(compiler *c, mc_sch *s, json_t *v)
{
	if (!json_is_array(v)) {
		fail(c, "`examples` must be a list");
		return;
	}
	json_t *first = json_array_get(v, 0);
	mc_val val;
	/* Only the first example is shown, and only when it is a scalar. */
	if (first && !json_is_object(first) && !json_is_array(first) && get_value(c, first, &val))
		s->example = val.text;
}

static bool is_annotation(const char *kw)
{
	static const char *const names[] = {"description", "default", "deprecated", "$schema",
	                                    "$id", "$comment"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i], kw) == 0)
			return true;
	return false;
}

static void keyword(compiler *c, mc_sch *s, const char *kw, json_t *v)
{
	mc_arena *a = c->out->arena;
	if (strcmp(kw, "type") == 0) {
		get_types(c, s, v);
	} else if (strcmp(kw, "properties") == 0) {
		get_properties(c, s, v);
	} else if (strcmp(kw, "required") == 0) {
		get_required(c, s, v);
	} else if (strcmp(kw, "additionalProperties") == 0) {
		s->additional = compile_at(c, v, kw);
	} else if (strcmp(kw, "patternProperties") == 0) {
		get_pattern_properties(c, s, v);
	} else if (strcmp(kw, "propertyNames") == 0) {
		s->property_names = compile_at(c, v, kw);
	} else if (strcmp(kw, "enum") == 0) {
		get_enum(c, s, v);
	} else if (strcmp(kw, "const") == 0) {
		s->has_const = get_value(c, v, &s->const_val);
	} else if (strcmp(kw, "pattern") == 0) {
		s->pattern_source = get_string(c, kw, v);
		if (s->pattern_source)
			s->pattern = compile_regex(c, s->pattern_source);
	} else if (strcmp(kw, "minimum") == 0) {
		get_number(c, kw, v, &s->minimum);
	} else if (strcmp(kw, "maximum") == 0) {
		get_number(c, kw, v, &s->maximum);
	} else if (strcmp(kw, "exclusiveMinimum") == 0) {
		get_number(c, kw, v, &s->excl_min);
	} else if (strcmp(kw, "exclusiveMaximum") == 0) {
		get_number(c, kw, v, &s->excl_max);
	} else if (strcmp(kw, "minLength") == 0) {
		get_count(c, kw, v, &s->min_len);
	} else if (strcmp(kw, "maxLength") == 0) {
		get_count(c, kw, v, &s->max_len);
	} else if (strcmp(kw, "minItems") == 0) {
		get_count(c, kw, v, &s->min_items);
	} else if (strcmp(kw, "maxItems") == 0) {
		get_count(c, kw, v, &s->max_items);
	} else if (strcmp(kw, "minProperties") == 0) {
		get_count(c, kw, v, &s->min_props);
	} else if (strcmp(kw, "maxProperties") == 0) {
		get_count(c, kw, v, &s->max_props);
	} else if (strcmp(kw, "uniqueItems") == 0) {
		if (!json_is_boolean(v))
			fail(c, "`uniqueItems` must be a boolean");
		s->unique_items = json_is_true(v);
	} else if (strcmp(kw, "items") == 0) {
		if (json_is_array(v))
			fail(c, "`items` must be one schema (tuple form is not supported)");
		else
			s->items = compile_at(c, v, kw);
	} else if (strcmp(kw, "allOf") == 0) {
		s->all_of = get_branches(c, kw, v, &s->nall_of);
	} else if (strcmp(kw, "anyOf") == 0) {
		s->any_of = get_branches(c, kw, v, &s->nany_of);
	} else if (strcmp(kw, "oneOf") == 0) {
		s->one_of = get_branches(c, kw, v, &s->none_of);
	} else if (strcmp(kw, "$ref") == 0) {
		const char *ref = get_string(c, kw, v);
		if (ref) {
			MC_GROW(c->refs, c->caprefs, c->nrefs + 1);
			c->refs[c->nrefs++] = (pending_ref){
			    s, ref, mc_arena_strdup(a, c->path.len ? mc_buf_str(&c->path) : "#")};
		}
	} else if (strcmp(kw, "$defs") == 0) {
		if (!json_is_object(v)) {
			fail(c, "`$defs` must be an object");
			return;
		}
		size_t old = path_push(c, kw);
		const char *key;
		json_t *sub;
		json_object_foreach(v, key, sub)
			compile_at(c, sub, key);
		path_pop(c, old);
	} else if (strcmp(kw, "title") == 0) {
		s->title = get_string(c, kw, v);
	} else if (strcmp(kw, "examples") == 0) {
		get_examples(c, s, v);
	} else if (strcmp(kw, "x-moncc-expected") == 0) {
		s->expected = get_string(c, kw, v);
	} else if (strcmp(kw, "x-moncc-format") == 0) {
		s->format = get_string(c, kw, v);
	} else if (strcmp(kw, "x-moncc-code") == 0) {
		const char *id = get_string(c, kw, v);
		mc_code code = id ? mc_code_find(id) : MC_CODE_NONE;
		if (id && code == MC_CODE_NONE)
			fail(c, "unknown diagnostic code `%s` in `x-moncc-code`", id);
		else if (id)
			s->code = code;
	} else if (!is_annotation(kw)) {
		fail(c, "unknown keyword `%s`", kw);
	}
}

static mc_sch *compile_schema(compiler *c, json_t *j)
{
	mc_sch *s = mc_arena_alloc(c->out->arena, sizeof *s);
	s->code = MC_E0105;
	if (json_is_boolean(j)) {
		s->is_false = json_is_false(j);
		return s;
	}
	if (!json_is_object(j)) {
		fail(c, "a schema must be an object or a boolean");
		return s;
	}
	MC_GROW(c->seen, c->capseen, c->nseen + 1);
	c->seen[c->nseen++] = (seen_entry){j, s};
	c->seen_sorted = false;
	const char *kw;
	json_t *v;
	json_object_foreach(j, kw, v)
		keyword(c, s, kw, v);
	/* `enum: [a, b]` alone implies the type, so a mapping there is a type error. */
	if (!s->types && s->has_enum)
		for (size_t i = 0; i < s->nenum; i++)
			s->types |= value_types(&s->enum_vals[i]);
	if (!s->types && s->has_const)
		s->types = value_types(&s->const_val);
	return s;
}

static int cmp_seen(const void *pa, const void *pb)
{
	uintptr_t a = (uintptr_t)((const seen_entry *)pa)->json;
	uintptr_t b = (uintptr_t)((const seen_entry *)pb)->json;
	return a < b ? -1 : a > b;
}

/* The JSON value a local reference (`#`, `#/$defs/x`, `#/properties/a~1b`) points at. */
static json_t *resolve_pointer(json_t *root, const char *ref)
{
	if (ref[0] != '#')
		return NULL;
	const char *p = ref + 1;
	json_t *cur = root;
	mc_buf seg = MC_BUF_INIT;
	while (cur && *p) {
		if (*p != '/') {
			cur = NULL;
			break;
		}
		p++;
		mc_buf_clear(&seg);
		for (; *p && *p != '/'; p++) {
			if (p[0] == '~' && p[1] == '0') {
				mc_buf_putc(&seg, '~');
				p++;
			} else if (p[0] == '~' && p[1] == '1') {
				mc_buf_putc(&seg, '/');
				p++;
			} else {
				mc_buf_putc(&seg, *p);
			}
		}
		const char *name = mc_buf_str(&seg);
		if (json_is_object(cur)) {
			cur = json_object_get(cur, name);
		} else if (json_is_array(cur)) {
			char *end;
			unsigned long i = strtoul(name, &end, 10);
			cur = *name && !*end ? json_array_get(cur, i) : NULL;
		} else {
			cur = NULL;
		}
	}
	mc_buf_release(&seg);
	return cur;
}

static mc_sch *find_seen(compiler *c, const json_t *j)
{
	if (!c->seen_sorted) {
		qsort(c->seen, c->nseen, sizeof *c->seen, cmp_seen);
		c->seen_sorted = true;
	}
	seen_entry key = {j, NULL};
	seen_entry *e = bsearch(&key, c->seen, c->nseen, sizeof *c->seen, cmp_seen);
	return e ? e->sch : NULL;
}

static void resolve_refs(compiler *c)
{
	/* Compiling a target on demand may add references, hence the index loop. */
	for (size_t i = 0; i < c->nrefs && !c->failed; i++) {
		pending_ref r = c->refs[i];
		json_t *target = resolve_pointer(c->root, r.ref);
		if (!target) {
			mc_buf_clear(&c->path);
			mc_buf_puts(&c->path, r.where);
			fail(c, "cannot resolve `$ref` `%s` (only local JSON pointers work)",
			     r.ref);
			return;
		}
		mc_sch *s = json_is_object(target) ? find_seen(c, target) : NULL;
		if (!s) {
			mc_buf_clear(&c->path);
			mc_buf_puts(&c->path, r.ref);
			s = compile_schema(c, target);
		}
		r.sch->ref = s;
	}
	/* A chain of bare $refs that loops would recurse forever without reading input. */
	for (size_t i = 0; i < c->nseen && !c->failed; i++) {
		size_t steps = 0;
		for (mc_sch *s = c->seen[i].sch; s && steps <= c->nseen; s = s->ref)
			steps++;
		if (steps > c->nseen) {
			mc_buf_clear(&c->path);
			fail(c, "`$ref` cycle that never reaches a keyword");
		}
	}
}

static unsigned compute_accepts(mc_sch *s)
{
	if (s->accepts_state == 2)
		return s->accepts;
	if (s->accepts_state == 1)
		return MC_T_ALL;
	s->accepts_state = 1;
	unsigned m = s->is_false ? 0 : s->types ? s->types : MC_T_ALL;
	if (s->ref)
		m &= compute_accepts(s->ref);
	for (size_t i = 0; i < s->nall_of; i++)
		m &= compute_accepts(s->all_of[i]);
	if (s->nany_of) {
		unsigned u = 0;
		for (size_t i = 0; i < s->nany_of; i++)
			u |= compute_accepts(s->any_of[i]);
		m &= u;
	}
	if (s->none_of) {
		unsigned u = 0;
		for (size_t i = 0; i < s->none_of; i++)
			u |= compute_accepts(s->one_of[i]);
		m &= u;
	}
	s->accepts = m;
	s->accepts_state = 2;
	return m;
}

mc_schema *mc_schema_compile(const char *json, size_t len, char **error)
{
	compiler c = {0};
	c.out = mc_xcalloc(1, sizeof *c.out);
	c.out->arena = mc_arena_new();
	json_error_t jerr;
	c.root = json_loadb(json, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!c.root) {
		c.failed = true;
		mc_buf_printf(&c.error, "line %d, column %d: %s", jerr.line, jerr.column,
		              jerr.text);
	} else {
		c.out->root = compile_schema(&c, c.root);
		resolve_refs(&c);
	}
	if (!c.failed) {
		/* Every schema object was either seen or is a boolean (no branches to follow). */
		for (size_t i = 0; i < c.nseen; i++)
			compute_accepts(c.seen[i].sch);
		compute_accepts(c.out->root);
	}
	json_decref(c.root);
	free(c.seen);
	free(c.refs);
	mc_buf_release(&c.path);
	if (c.failed) {
		if (error)
			*error = mc_buf_detach(&c.error);
		else
			mc_buf_release(&c.error);
		mc_schema_free(c.out);
		return NULL;
	}
	mc_buf_release(&c.error);
	if (error)
		*error = NULL;
	return c.out;
}

void mc_schema_free(mc_schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncodes; i++)
		pcre2_code_free(s->codes[i]);
	free(s->codes);
	mc_arena_free(s->arena);
	free(s);
}
