/*
 * Unit tests of the schema validator (compiler/schema/): small inline JSON schemas x document
 * trees -> diagnostics.
 *
 * Trees come two ways: built by hand (so the validator is tested without the loader) and
 * loaded from YAML text with mc_load_yaml_buffer (readable cases with real spans). Each case
 * checks the code, the primary span (as the source text it covers, or the hand-set offset),
 * the message, label and help. The end: the embedded spec schema compiles, both contract
 * examples validate clean, schema compile errors are reported, and 100,000 keys are quick.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "harness.h"
#include "load/load.h"
#include "load/node.h"
#include "schema/validate.h"

static mc_sources srcs;
static mc_arena *arena;
static mc_diags diags;
static int ready;

static void reset(void)
{
	if (ready) {
		mc_diags_release(&diags);
		mc_sources_release(&srcs);
		mc_arena_free(arena);
	}
	arena = mc_arena_new();
	mc_sources_init(&srcs);
	mc_diags_init(&diags, arena);
	ready = 1;
}

/* ---- hand-built trees: every node gets its own span, lo = a running counter ---- */

static uint32_t next_lo;

static mc_node *node(mc_node_kind kind, const char *text)
{
	mc_node *n = mc_arena_alloc(arena, sizeof *n);
	n->kind = kind;
	n->span = (mc_span){1, next_lo, next_lo + 1};
	next_lo += 10;
	if (text) {
		n->text = mc_arena_strdup(arena, text);
		n->text_len = strlen(text);
	}
	return n;
}

static mc_node *s_(const char *text) { return node(MC_NODE_STRING, text); }

static mc_node *i_(int64_t v)
{
	char t[32];
	snprintf(t, sizeof t, "%lld", (long long)v);
	mc_node *n = node(MC_NODE_INT, t);
	n->as.i = v;
	return n;
}

static mc_node *f_(double v, const char *text)
{
	mc_node *n = node(MC_NODE_FLOAT, text);
	n->as.f = v;
	return n;
}

static mc_node *b_(int v)
{
	mc_node *n = node(MC_NODE_BOOL, v ? "true" : "false");
	n->as.b = v;
	return n;
}

/* map_(n, "key", value, ...) */
static mc_node *map_(size_t n, ...)
{
	mc_node *m = node(MC_NODE_MAP, NULL);
	m->pairs = mc_arena_alloc(arena, (n ? n : 1) * sizeof *m->pairs);
	m->npairs = n;
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		m->pairs[i].key = s_(va_arg(ap, const char *));
		m->pairs[i].value = va_arg(ap, mc_node *);
	}
	va_end(ap);
	return m;
}

static mc_node *seq_(size_t n, ...)
{
	mc_node *s = node(MC_NODE_SEQ, NULL);
	s->items = mc_arena_alloc(arena, (n ? n : 1) * sizeof *s->items);
	s->nitems = n;
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		s->items[i] = va_arg(ap, mc_node *);
	va_end(ap);
	return s;
}

/* ---- running ---- */

static mc_schema *compile(const char *json)
{
	char *err = NULL;
	mc_schema *s = mc_schema_compile(json, strlen(json), &err);
	if (!s) {
		fprintf(stderr, "schema does not compile: %s\n", err ? err : "?");
		free(err);
	}
	return s;
}

static void run_tree(const char *schema, mc_node *root)
{
	mc_schema *s = compile(schema);
	CHECK(s != NULL);
	mc_validate(s, root, &diags);
	mc_schema_free(s);
}

/* Loads yaml (after reset) and validates it: diags holds what the validator said. */
static mc_node *run(const char *schema, const char *yaml)
{
	reset();
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	mc_node *root = mc_load_yaml_buffer(&srcs, "t.yaml", yaml, strlen(yaml), &lim, arena,
	                                    &diags);
	CHECK(root != NULL);
	INT_EQ(diags.nerrors, 0); /* the loader was happy */
	run_tree(schema, root);
	return root;
}

static const char *slice(mc_span s)
{
	mc_source *src = mc_sources_get(&srcs, s.file);
	if (!src)
		return "(no source)";
	return mc_arena_strndup(arena, src->text + s.lo, s.hi - s.lo);
}

static const mc_diag *diag(size_t i)
{
	static const mc_diag none = {0};
	return i < diags.len ? diags.v[i] : &none;
}

static const char *code_of(size_t i)
{
	return i < diags.len ? mc_code_get(diags.v[i]->code)->id : "(none)";
}

static const char *at(size_t i) { return slice(diag(i)->labels[0].span); }
static const char *label(size_t i) { return diag(i)->labels[0].text; }
static const char *msg(size_t i) { return diag(i)->message; }
static const char *help(size_t i) { return diag(i)->help; }
static const char *note(size_t i) { return diag(i)->notes[0]; }

/* ---- tests ---- */

static void test_types(void)
{
	reset();
	/* Hand-built: `notify: oncall` where a list is expected. */
	mc_node *val = s_("oncall");
	run_tree("{\"type\":\"object\",\"properties\":{\"notify\":{\"type\":\"array\"}}}",
	         map_(1, "notify", val));
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0100");
	INT_EQ(diag(0)->labels[0].span.lo, val->span.lo);
	STR_EQ(msg(0), "wrong type for `notify` in the spec");
	STR_EQ(label(0), "expected a list, found a string");
	STR_EQ(help(0), "write it as a list: `[oncall]`");

	reset();
	val = i_(123456789012);
	run_tree("{\"properties\":{\"account\":{\"type\":\"string\"}}}", map_(1, "account", val));
	STR_EQ(code_of(0), "E0100");
	STR_EQ(label(0), "expected a string, found an integer");
	STR_EQ(help(0), "quote it: `\"123456789012\"`");

	reset();
	run_tree("{\"properties\":{\"a\":{\"type\":\"string\"}}}", map_(1, "a", b_(1)));
	STR_EQ(help(0), "quote it: `\"true\"`");
	STR_EQ(label(0), "expected a string, found a boolean");

	/* integer takes integral floats; number takes integers; type lists. */
	reset();
	run_tree("{\"type\":\"integer\"}", f_(3.0, "3.0"));
	INT_EQ(diags.len, 0);
	run_tree("{\"type\":\"integer\"}", f_(3.5, "3.5"));
	INT_EQ(diags.len, 1);
	STR_EQ(label(0), "expected an integer, found a number");
	STR_EQ(msg(0), "wrong type for the spec");
	reset();
	run_tree("{\"type\":\"number\"}", i_(7));
	run_tree("{\"type\":[\"string\",\"null\"]}", node(MC_NODE_NULL, ""));
	INT_EQ(diags.len, 0);
	run_tree("{\"type\":[\"string\",\"integer\"]}", seq_(0));
	STR_EQ(label(0), "expected a string or an integer, found a list");

	/* A node of the wrong type is not descended into. */
	run("{\"properties\":{\"a\":{\"type\":\"object\",\"required\":[\"x\"]}}}", "a: [1]\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0100");
	STR_EQ(at(0), "[1]");

	/* Items are named by position, in the mapping that holds the list. */
	run("{\"properties\":{\"t\":{\"title\":\"tier\",\"type\":\"object\",\"properties\":"
	    "{\"notify\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}}",
	    "t:\n  notify: [a, 5]\n");
	INT_EQ(diags.len, 1);
	STR_EQ(msg(0), "wrong type for item 2 of `notify` in tier `t`");
	STR_EQ(at(0), "5");
}

static const char *alarm_schema =
    "{\"type\":\"object\",\"additionalProperties\":{\"$ref\":\"#/$defs/alarm\"},"
    "\"$defs\":{\"alarm\":{\"title\":\"alarm\",\"type\":\"object\",\"properties\":{"
    "\"metric\":{\"type\":\"string\"},\"threshold\":{\"type\":\"number\"},"
    "\"runbook\":{\"type\":\"string\"}},\"additionalProperties\":false,"
    "\"required\":[\"metric\"]}}}";

static void test_unknown_keys(void)
{
	run(alarm_schema, "memory:\n  metric: m\n  treshold: 5\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0101");
	STR_EQ(at(0), "treshold");
	STR_EQ(msg(0), "unknown key `treshold` in alarm `memory`");
	STR_EQ(label(0), "not a key of an alarm");
	STR_EQ(help(0), "did you mean `threshold`?");

	run(alarm_schema, "memory:\n  metric: m\n  colour: red\n");
	STR_EQ(code_of(0), "E0101");
	CHECK(help(0) == NULL);
	STR_EQ(note(0), "the keys of an alarm are `metric`, `threshold` and `runbook`");

	/* Every error is reported, not only the first. */
	run(alarm_schema, "a:\n  metric: m\n  x: 1\nb:\n  metric: 5\n  y: 2\n");
	INT_EQ(diags.len, 3);

	/* Without `additionalProperties`, keys are free (JSON Schema). */
	run("{\"properties\":{\"a\":{}}}", "b: 1\n");
	INT_EQ(diags.len, 0);
}

static void test_required(void)
{
	/* At the key the mapping sits under. */
	run(alarm_schema, "memory:\n  runbook: r\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0102");
	STR_EQ(at(0), "memory");
	STR_EQ(msg(0), "missing key `metric` in alarm `memory`");
	STR_EQ(label(0), "`metric` is required here");

	/* The root: its first key. */
	const char *root = "{\"required\":[\"moncc\",\"region\"]}";
	run(root, "moncc: 1\nproject: x\n");
	INT_EQ(diags.len, 1);
	STR_EQ(at(0), "moncc");
	STR_EQ(msg(0), "missing key `region` in the spec");
	/* An empty flow mapping: the mapping itself. */
	run(root, "{}\n");
	INT_EQ(diags.len, 2);
	STR_EQ(at(0), "{}");
	/* Many missing keys: one diagnostic. */
	run("{\"required\":[\"a\",\"b\",\"c\",\"d\"]}", "x: 1\n");
	INT_EQ(diags.len, 1);
	STR_EQ(msg(0), "missing 4 required keys in the spec");
	STR_EQ(label(0), "`a`, `b`, `c` and `d` are required here");
}

static void test_enum_const(void)
{
	const char *s = "{\"properties\":{\"missing_data\":{\"enum\":[\"missing\","
	                "\"not_breaching\",\"breaching\",\"ignore\"]}}}";
	run(s, "missing_data: notBreaching\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0103");
	STR_EQ(at(0), "notBreaching");
	STR_EQ(msg(0), "invalid value `notBreaching` for `missing_data`");
	STR_EQ(label(0), "expected one of `missing`, `not_breaching`, `breaching`, `ignore`");
	STR_EQ(help(0), "did you mean `not_breaching`?");
	run(s, "missing_data: breching\n");
	STR_EQ(help(0), "did you mean `breaching`?");
	run(s, "missing_data: zzz\n");
	CHECK(help(0) == NULL);
	run(s, "missing_data: ignore\n");
	INT_EQ(diags.len, 0);
	/* The enum's values imply its type. */
	run(s, "missing_data: {a: 1}\n");
	STR_EQ(code_of(0), "E0100");

	run("{\"enum\":[1,2,3,4,5,6,7,8,9]}", "10\n");
	STR_EQ(label(0), "expected one of 9 values");
	run("{\"enum\":[1,2.5]}", "1.0\n");
	INT_EQ(diags.len, 0);

	const char *c = "{\"properties\":{\"moncc\":{\"const\":1}}}";
	run(c, "moncc: 2\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0104");
	STR_EQ(at(0), "2");
	STR_EQ(msg(0), "unsupported value `2` for `moncc`");
	STR_EQ(label(0), "expected `1`");
	STR_EQ(help(0), "this moncc reads spec format version 1");
	run(c, "moncc: 1\n");
	INT_EQ(diags.len, 0);
	run(c, "moncc: \"1\"\n");
	STR_EQ(code_of(0), "E0100");
}

static void test_pattern(void)
{
	const char *s = "{\"properties\":{\"period\":{\"type\":\"string\","
	                "\"pattern\":\"^[0-9]+[smhd]$\",\"x-moncc-code\":\"E0120\","
	                "\"x-moncc-expected\":\"a duration such as `5m`\","
	                "\"examples\":[\"5m\",\"1h\"],"
	                "\"description\":\"d\",\"title\":\"duration\",\"$comment\":\"c\"}}}";
	run(s, "period: 5 minutes\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0120");
	STR_EQ(at(0), "5 minutes");
	STR_EQ(msg(0), "invalid duration `5 minutes` for `period`");
	STR_EQ(label(0), "expected a duration such as `5m`");
	/* The label already shows the example, so there is no help repeating it. */
	CHECK(help(0) == NULL);
	run(s, "period: 15m\n");
	INT_EQ(diags.len, 0);

	/* No annotations: E0105 and the regex; patterns are unanchored. */
	const char *plain = "{\"items\":{\"pattern\":\"b\"}}";
	run(plain, "[abc, xyz]\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0105");
	STR_EQ(at(0), "xyz");
	STR_EQ(msg(0), "invalid value `xyz` for item 2 of the spec");
	STR_EQ(label(0), "expected text matching `b`");

	/* Lengths count code points; x-moncc-code applies to them too. */
	const char *len = "{\"properties\":{\"n\":{\"minLength\":2,\"maxLength\":5,"
	                  "\"x-moncc-code\":\"E0124\"}}}";
	run(len, "n: h\xc3\xa9llo\n");
	INT_EQ(diags.len, 0);
	run(len, "n: h\xc3\xa9llo!\n");
	STR_EQ(code_of(0), "E0124");
	STR_EQ(msg(0), "invalid name `h\xc3\xa9llo!` for `n`");
	STR_EQ(label(0), "expected at most 5 characters, found 6");
	run(len, "n: x\n");
	STR_EQ(label(0), "expected at least 2 characters, found 1");
	/* Numbers are not strings: pattern does not apply to them. */
	run(plain, "[12]\n");
	INT_EQ(diags.len, 0);
}

static void test_numbers(void)
{
	const char *s = "{\"properties\":{\"factor\":{\"exclusiveMinimum\":0,\"maximum\":100},"
	                "\"pct\":{\"minimum\":0.5,\"exclusiveMaximum\":1}}}";
	run(s, "factor: -1\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0106");
	STR_EQ(at(0), "-1");
	STR_EQ(msg(0), "`factor` must be greater than 0");
	STR_EQ(label(0), "found -1");
	run(s, "factor: 0\n");
	INT_EQ(diags.len, 1);
	run(s, "factor: 100\n");
	INT_EQ(diags.len, 0);
	run(s, "factor: 100.5\n");
	STR_EQ(msg(0), "`factor` must be at most 100");
	run(s, "pct: 0.25\n");
	STR_EQ(msg(0), "`pct` must be at least 0.5");
	run(s, "pct: 1\n");
	STR_EQ(msg(0), "`pct` must be less than 1");
	run(s, "pct: .nan\n");
	INT_EQ(diags.len, 1);
}

static void test_counts(void)
{
	const char *s = "{\"properties\":{\"notify\":{\"minItems\":1,\"maxItems\":2},"
	                "\"m\":{\"minProperties\":1,\"maxProperties\":1}}}";
	run(s, "notify: []\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0107");
	STR_EQ(at(0), "[]");
	STR_EQ(msg(0), "`notify` needs at least 1 item");
	STR_EQ(label(0), "found none");
	run(s, "notify: [a, b, c]\n");
	STR_EQ(msg(0), "`notify` takes at most 2 items");
	STR_EQ(label(0), "found 3");
	run(s, "m: {}\n");
	STR_EQ(code_of(0), "E0107");
	STR_EQ(msg(0), "`m` needs at least 1 key");
	run(s, "m: {a: 1, b: 2}\n");
	STR_EQ(msg(0), "`m` takes at most 1 key");
}

static void test_unique(void)
{
	const char *s = "{\"properties\":{\"notify\":{\"uniqueItems\":true}}}";
	run(s, "notify: [pager, team, pager]\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0111");
	INT_EQ(diag(0)->labels[0].span.lo, 22); /* the second `pager` */
	STR_EQ(msg(0), "duplicate item `pager` in `notify`");
	INT_EQ(diag(0)->nlabels, 2);
	INT_EQ(diag(0)->labels[1].span.lo, 9);
	STR_EQ(diag(0)->labels[1].text, "first listed here");
	/* JSON equality: 1 == 1.0, mappings regardless of order; "1" is not 1. */
	run(s, "notify: [1, \"1\", {a: 1, b: [x]}, 1.0, {b: [x], a: 1}]\n");
	INT_EQ(diags.len, 2);
	STR_EQ(at(0), "1.0");
	STR_EQ(at(1), "{b: [x], a: 1}");
	STR_EQ(msg(1), "duplicate item 5 in `notify`");
	run(s, "notify: [a, b, c]\n");
	INT_EQ(diags.len, 0);

	/* Hand-built, with many items: a triple is two duplicates of the first. */
	reset();
	mc_node *a = s_("x"), *b = s_("x"), *c = s_("x");
	run_tree("{\"uniqueItems\":true}", seq_(4, a, s_("y"), b, c));
	INT_EQ(diags.len, 2);
	INT_EQ(diags.v[0]->labels[1].span.lo, a->span.lo);
	INT_EQ(diags.v[1]->labels[1].span.lo, a->span.lo);
}

static const char *condition_schema =
    "{\"properties\":{\"warning\":{\"$ref\":\"#/$defs/condition\"}},"
    "\"$defs\":{\"condition\":{\"title\":\"condition\",\"oneOf\":["
    "{\"type\":\"string\",\"pattern\":\"^[<>]=? [0-9]+\",\"x-moncc-code\":\"E0125\","
    "\"x-moncc-expected\":\"a string such as `> 80% for 15m`\"},"
    "{\"type\":\"object\",\"title\":\"long-form condition\",\"additionalProperties\":false,"
    "\"required\":[\"op\"],\"properties\":{\"op\":{\"enum\":[\">\",\"<\"]},"
    "\"threshold\":{\"type\":\"number\"},\"stat\":{\"type\":\"string\"}}}]}}}";

static void test_one_of(void)
{
	/* The mapping branch with a typo'd key: E0101, not E0108. */
	run(condition_schema, "warning: { op: \">\", treshold: 5 }\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0101");
	STR_EQ(at(0), "treshold");
	STR_EQ(help(0), "did you mean `threshold`?");
	STR_EQ(note(0), "a condition can also be a string such as `> 80% for 15m`");
	STR_EQ(msg(0), "unknown key `treshold` in long-form condition `warning`");

	/* The string branch: its own code and label. */
	run(condition_schema, "warning: \"80%\"\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0125");
	STR_EQ(note(0), "a condition can also be a long-form condition");

	/* No branch takes a list: one E0108 naming the forms. */
	run(condition_schema, "warning: [1]\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0108");
	STR_EQ(at(0), "[1]");
	STR_EQ(msg(0), "wrong form for `warning` in the spec");
	STR_EQ(label(0), "expected a string such as `> 80% for 15m` or a long-form condition, "
	                 "found a list");

	run(condition_schema, "warning: \"> 80\"\n");
	INT_EQ(diags.len, 0);
	run(condition_schema, "warning: { op: \">\", threshold: 5 }\n");
	INT_EQ(diags.len, 0);

	/* Closest among branches of the right type: fewest errors. */
	const char *two = "{\"anyOf\":["
	                  "{\"type\":\"object\",\"required\":[\"a\",\"b\"]},"
	                  "{\"type\":\"object\",\"required\":[\"c\"]}]}";
	run(two, "x: 1\n");
	INT_EQ(diags.len, 1);
	STR_EQ(msg(0), "missing key `c` in the spec");
	STR_EQ(note(0), "the spec can also be a mapping");
	/* Ties go to the branch whose first error is deepest. */
	const char *deep = "{\"oneOf\":["
	                   "{\"type\":\"object\",\"required\":[\"zz\"]},"
	                   "{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"}}}]}";
	run(deep, "a: 1\nb: 2\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0100");
	STR_EQ(at(0), "2");

	/* oneOf with two matching branches. */
	run("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\",\"title\":\"amount\"}]}",
	    "5\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0109");
	STR_EQ(label(0), "it is both an integer and an amount");
	run("{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}", "5\n");
	INT_EQ(diags.len, 0);
}

static void test_all_of_and_refs(void)
{
	run("{\"allOf\":[{\"required\":[\"a\"]},{\"required\":[\"b\"]}]}", "c: 1\n");
	INT_EQ(diags.len, 2);
	/* A recursive schema through `#`, and a pointer into properties. */
	const char *tree = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
	                   "\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}},"
	                   "\"alias\":{\"$ref\":\"#/properties/name\"}},"
	                   "\"additionalProperties\":false}";
	run(tree, "name: a\nkids:\n  - name: b\n    kids: [{name: c, alias: 5}]\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0100");
	STR_EQ(at(0), "5");
	STR_EQ(msg(0), "wrong type for `alias` in item 1 of `kids`");
	/* The a~1b escape of JSON pointers. */
	run("{\"$defs\":{\"a/b\":{\"type\":\"string\"}},\"$ref\":\"#/$defs/a~1b\"}", "5\n");
	STR_EQ(code_of(0), "E0100");
}

static void test_property_names(void)
{
	const char *s = "{\"properties\":{\"services\":{\"type\":\"object\","
	                "\"propertyNames\":{\"$ref\":\"#/$defs/name\"},"
	                "\"additionalProperties\":{\"title\":\"service\",\"type\":\"object\"}}},"
	                "\"$defs\":{\"name\":{\"type\":\"string\","
	                "\"pattern\":\"^[a-z][a-z0-9-]*$\","
	                "\"maxLength\":63,\"x-moncc-code\":\"E0124\","
	                "\"x-moncc-expected\":\"a lowercase name such as `chat`\","
	                "\"examples\":[\"chat\"]}}}";
	run(s, "services:\n  Chat: {}\n  my_api: {}\n  ok: {}\n  \"9\": {}\n");
	INT_EQ(diags.len, 3);
	STR_EQ(code_of(0), "E0124");
	STR_EQ(at(0), "Chat");
	STR_EQ(msg(0), "invalid name `Chat` for a service");
	STR_EQ(label(0), "expected a lowercase name such as `chat`");
	STR_EQ(help(0), "names are lowercase: try `chat`");
	STR_EQ(at(1), "my_api");
	STR_EQ(help(1), "try `my-api`");
	STR_EQ(at(2), "\"9\"");
	CHECK(help(2) == NULL); /* the label already shows `chat` */

	/* camelCase is split; `_` is tried when `-` is not allowed. */
	run("{\"propertyNames\":{\"pattern\":\"^[a-z][a-z0-9_]*$\"}}", "LoadBalancer: 1\n");
	STR_EQ(help(0), "names are lowercase: try `load_balancer`");

	/* Without x-moncc-code: E0110. */
	run("{\"propertyNames\":{\"pattern\":\"^[a-z]+$\"}}", "a: 1\nB2: 2\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0110");
	STR_EQ(at(0), "B2");
	STR_EQ(msg(0), "invalid key `B2` in the spec");
}

static void test_pattern_properties_and_open_maps(void)
{
	const char *pp = "{\"patternProperties\":{\"^x-\":{\"type\":\"string\"}},"
	                 "\"additionalProperties\":false}";
	run(pp, "x-a: s\nx-b: 1\ny: s\n");
	INT_EQ(diags.len, 2);
	STR_EQ(code_of(0), "E0100");
	STR_EQ(at(0), "1");
	STR_EQ(code_of(1), "E0101");
	STR_EQ(at(1), "y");

	/* An alarm with custom tier keys: a near miss whose value is no tier -> unknown key. */
	const char *open = "{\"title\":\"alarm\",\"type\":\"object\",\"properties\":{"
	                   "\"metric\":{\"type\":\"string\"},\"threshold\":{\"type\":\"number\"}},"
	                   "\"additionalProperties\":{\"type\":\"string\",\"pattern\":\"^>\"}}";
	run(open, "treshold: 5\n");
	INT_EQ(diags.len, 1);
	STR_EQ(code_of(0), "E0101");
	STR_EQ(at(0), "treshold");
	STR_EQ(help(0), "did you mean `threshold`?");
	run(open, "metrics: \"> 5\"\n"); /* a near miss, but a valid custom entry */
	INT_EQ(diags.len, 0);
	run(open, "page: 5\n"); /* no near miss: the value's own error */
	STR_EQ(code_of(0), "E0100");
	STR_EQ(at(0), "5");
}

static void test_compile_errors(void)
{
	struct {
		const char *json, *want;
	} bad[] = {
	    {"{\"minimun\":1}", "#: unknown keyword `minimun`"},
	    {"{\"properties\":{\"a\":{\"format\":\"email\"}}}",
	     "#/properties/a: unknown keyword `format`"},
	    {"{\"pattern\":\"(\"}", "invalid regex"},
	    {"{\"$ref\":\"#/$defs/nope\"}", "cannot resolve `$ref` `#/$defs/nope`"},
	    {"{\"$ref\":\"other.json\"}", "cannot resolve"},
	    {"{\"x-moncc-code\":\"E9999\"}", "unknown diagnostic code `E9999`"},
	    {"{\"type\":\"text\"}", "unknown type `text`"},
	    {"{\"minLength\":-1}", "non-negative integer"},
	    {"{\"enum\":[[1]]}", "only scalars"},
	    {"{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}}}",
	     "cycle"},
	    {"{\"a\":", "line 1"},
	    {"{\"a\":1,\"a\":2}", "duplicate"},
	    {"[]", "a schema must be an object or a boolean"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *err = NULL;
		mc_schema *s = mc_schema_compile(bad[i].json, strlen(bad[i].json), &err);
		CHECK(s == NULL);
		CHECK(err != NULL && strstr(err, bad[i].want) != NULL);
		if (err && !strstr(err, bad[i].want))
			fprintf(stderr, "  %s -> %s\n", bad[i].json, err);
		free(err);
		mc_schema_free(s);
	}
	/* Boolean schemas and annotations compile. */
	char *err = (char *)"x";
	mc_schema *s = mc_schema_compile("true", 4, &err);
	CHECK(s != NULL && err == NULL);
	mc_schema_free(s);
	run("{\"properties\":{\"a\":false}}", "a: 1\n");
	STR_EQ(code_of(0), "E0101");
	STR_EQ(at(0), "a");
	run("false", "a: 1\n");
	INT_EQ(diags.nerrors, 1);
	mc_validate(NULL, NULL, &diags); /* nothing to do */
}

/* The source tree, from this file's path: tests/unit/test_validate.c. */
static char *source_path(const char *rel)
{
	mc_buf b = MC_BUF_INIT;
	const char *f = __FILE__, *end = strstr(f, "tests/unit/test_validate.c");
	if (end)
		mc_buf_add(&b, f, (size_t)(end - f));
	else
		mc_buf_puts(&b, "../../");
	mc_buf_puts(&b, rel);
	return mc_buf_detach(&b);
}

static void test_spec_schema(void)
{
	size_t len = 0;
	const char *text = mc_schema_spec_text(&len);
	CHECK(text != NULL && len > 0);
	char *err = NULL;
	mc_schema *s = mc_schema_compile(text, len, &err);
	CHECK(s != NULL);
	if (!s)
		fprintf(stderr, "spec schema: %s\n", err);
	free(err);
	mc_schema_free(s);
	CHECK(mc_schema_spec() != NULL);
	CHECK(mc_schema_spec() == mc_schema_spec()); /* compiled once */

	const char *examples[] = {"examples/minimal/monitoring.yaml",
	                          "examples/anythingllm/monitoring.yaml"};
	for (size_t i = 0; i < 2; i++) {
		reset();
		mc_load_limits lim;
		mc_load_limits_default(&lim);
		char *path = source_path(examples[i]);
		uint32_t file = mc_load_read_file(&srcs, path, &lim, &diags);
		CHECK(file != 0);
		mc_node *root = file ? mc_load_yaml(&srcs, file, &lim, arena, &diags) : NULL;
		CHECK(root != NULL);
		mc_validate(mc_schema_spec(), root, &diags);
		INT_EQ(diags.len, 0);
		for (size_t j = 0; j < diags.len; j++)
			fprintf(stderr, "  %s: %s: %s\n", path, code_of(j), msg(j));
		free(path);
	}

	/* The spec schema knows the spec: a typo at the top is caught. */
	reset();
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	const char *y = "moncc: 1\nproject: shop\nregoin: eu-west-1\n";
	mc_node *root = mc_load_yaml_buffer(&srcs, "t.yaml", y, strlen(y), &lim, arena, &diags);
	mc_validate(mc_schema_spec(), root, &diags);
	CHECK(diags.nerrors >= 1);
	int unknown = 0;
	for (size_t j = 0; j < diags.len; j++)
		unknown |= diags.v[j]->code == MC_E0101 && strcmp(at(j), "regoin") == 0;
	CHECK(unknown);
	mc_schema_spec_release();
	mc_schema_spec_release(); /* twice is fine */
}

/* 100,000 keys against 1,000 declared properties: lookups must not be linear. */
static void test_many_keys(void)
{
	mc_buf js = MC_BUF_INIT;
	mc_buf_puts(&js, "{\"properties\":{");
	for (int i = 0; i < 1000; i++)
		mc_buf_printf(&js, "%s\"p%d\":{\"type\":\"integer\"}", i ? "," : "", i * 100);
	mc_buf_puts(&js, "},\"additionalProperties\":{\"type\":\"integer\"}}");
	reset();
	enum { N = 100000 };
	mc_node *m = node(MC_NODE_MAP, NULL);
	m->pairs = mc_arena_alloc(arena, N * sizeof *m->pairs);
	m->npairs = N;
	mc_node *one = i_(1);
	for (int i = 0; i < N; i++) {
		char k[16];
		snprintf(k, sizeof k, "p%d", i);
		m->pairs[i].key = s_(k);
		m->pairs[i].value = one;
	}
	clock_t t0 = clock();
	run_tree(mc_buf_str(&js), m);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	INT_EQ(diags.len, 0);
	CHECK(secs < 10); /* generous: valgrind and sanitizers run this too */
	mc_buf_release(&js);

	/* 100,000 list items, unique. */
	reset();
	mc_node *s = node(MC_NODE_SEQ, NULL);
	s->items = mc_arena_alloc(arena, N * sizeof *s->items);
	s->nitems = N;
	for (int i = 0; i < N; i++)
		s->items[i] = i_(i);
	t0 = clock();
	run_tree("{\"uniqueItems\":true,\"items\":{\"type\":\"integer\"}}", s);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	INT_EQ(diags.len, 0);
	CHECK(secs < 10);
}

int main(void)
{
	test_types();
	test_unknown_keys();
	test_required();
	test_enum_const();
	test_pattern();
	test_numbers();
	test_counts();
	test_unique();
	test_one_of();
	test_all_of_and_refs();
	test_property_names();
	test_pattern_properties_and_open_maps();
	test_compile_errors();
	test_spec_schema();
	test_many_keys();
	if (ready) {
		mc_diags_release(&diags);
		mc_sources_release(&srcs);
		mc_arena_free(arena);
	}
	return harness_done();
}
