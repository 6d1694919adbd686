/*
 * Unit tests of the loader (compiler/load/): YAML text in, a node tree and diagnostics out.
 *
 * Each case loads a buffer with mc_load_yaml_buffer into a fresh registry, arena and sink,
 * then checks node kinds, values and spans (as the source text they cover), and for each
 * diagnostic its code and the line:col of its primary span through mc_source_pos, so a
 * wrong byte offset shows up as the column a person would see.
 */
#include <math.h>
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

static mc_sources srcs;
static mc_arena *arena;
static mc_diags diags;
static mc_load_limits lim;
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
	mc_load_limits_default(&lim);
	ready = 1;
}

static mc_node *load_n(const char *text, size_t len)
{
	reset();
	return mc_load_yaml_buffer(&srcs, "t.yaml", text, len, &lim, arena, &diags);
}

static mc_node *load(const char *text) { return load_n(text, strlen(text)); }

/* The source text a span covers (in the arena). */
static const char *slice(mc_span s)
{
	mc_source *src = mc_sources_get(&srcs, s.file);
	if (!src)
		return "(no source)";
	return mc_arena_strndup(arena, src->text + s.lo, s.hi - s.lo);
}

/* "line:col" of a span's start. */
static const char *where(mc_span s)
{
	mc_source *src = mc_sources_get(&srcs, s.file);
	if (!src)
		return "(no source)";
	mc_pos p = mc_source_pos(src, s.lo);
	return mc_arena_printf(arena, "%u:%u", (unsigned)p.line, (unsigned)p.column);
}

static const char *code_of(const mc_diag *g)
{
	const mc_code_info *info = mc_code_get(g->code);
	return info ? info->id : "none";
}

/* Checks that diagnostic i has this code and its primary span starts at line:col. */
#define DIAG_AT(i, code, pos)                                                             \
	do {                                                                              \
		CHECK(diags.len > (i));                                                   \
		if (diags.len > (i)) {                                                    \
			STR_EQ(code_of(diags.v[i]), code);                                \
			CHECK(diags.v[i]->nlabels > 0);                                   \
			STR_EQ(where(diags.v[i]->labels[0].span), pos);                   \
		}                                                                         \
	} while (0)

static double seconds_since(clock_t t0) { return (double)(clock() - t0) / CLOCKS_PER_SEC; }

static void test_scalar_spans(void)
{
	const char *y = "plain: some words\n"
	                "dq: \"quoted \\\"x\\\"\"\n"
	                "sq: 'it''s'\n"
	                "lit: |\n"
	                "  line one\n"
	                "  line two\n"
	                "fold: >\n"
	                "  folded\n"
	                "  text\n"
	                "end: 1\n";
	mc_node *root = load(y);
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);
	if (!root)
		return;
	INT_EQ(root->kind, MC_NODE_MAP);
	INT_EQ(root->npairs, 6);
	mc_node *n = mc_node_get(root, "plain");
	STR_EQ(slice(n->span), "some words");
	STR_EQ(n->text, "some words");
	INT_EQ(n->style, MC_STYLE_PLAIN);
	STR_EQ(slice(root->pairs[0].key->span), "plain");
	n = mc_node_get(root, "dq");
	STR_EQ(slice(n->span), "\"quoted \\\"x\\\"\"");
	STR_EQ(n->text, "quoted \"x\"");
	INT_EQ(n->style, MC_STYLE_DOUBLE_QUOTED);
	STR_EQ(where(n->span), "2:5");
	n = mc_node_get(root, "sq");
	STR_EQ(slice(n->span), "'it''s'");
	STR_EQ(n->text, "it's");
	INT_EQ(n->style, MC_STYLE_SINGLE_QUOTED);
	n = mc_node_get(root, "lit");
	INT_EQ(n->style, MC_STYLE_LITERAL);
	STR_EQ(n->text, "line one\nline two\n");
	STR_EQ(where(n->span), "4:6");
	CHECK(strncmp(slice(n->span), "|\n  line one\n  line two\n", 24) == 0);
	n = mc_node_get(root, "fold");
	INT_EQ(n->style, MC_STYLE_FOLDED);
	STR_EQ(n->text, "folded text\n");
	STR_EQ(where(n->span), "7:7");
}

static void test_collection_spans(void)
{
	const char *y = "flow: [1, {x: y}, \"z\"]\n"
	                "block:\n"
	                "  a: 1\n"
	                "  b:\n"
	                "    - p\n"
	                "    - q\n"
	                "\n"
	                "# a comment after the block\n"
	                "last: {}\n";
	mc_node *root = load(y);
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);
	if (!root)
		return;
	mc_node *f = mc_node_get(root, "flow");
	INT_EQ(f->kind, MC_NODE_SEQ);
	INT_EQ(f->style, MC_STYLE_FLOW);
	INT_EQ(f->nitems, 3);
	STR_EQ(slice(f->span), "[1, {x: y}, \"z\"]");
	STR_EQ(slice(f->items[1]->span), "{x: y}");
	INT_EQ(f->items[1]->kind, MC_NODE_MAP);
	mc_node *b = mc_node_get(root, "block");
	INT_EQ(b->style, MC_STYLE_BLOCK);
	/* A block collection ends at its last child, not at the comment after it. */
	STR_EQ(slice(b->span), "a: 1\n  b:\n    - p\n    - q");
	mc_node *s = mc_node_get(b, "b");
	INT_EQ(s->kind, MC_NODE_SEQ);
	STR_EQ(slice(s->span), "- p\n    - q");
	STR_EQ(where(s->span), "5:5");
	mc_node *e = mc_node_get(root, "last");
	INT_EQ(e->kind, MC_NODE_MAP);
	INT_EQ(e->npairs, 0);
	STR_EQ(slice(e->span), "{}");
	STR_EQ(slice(root->span), mc_arena_strndup(arena, y, strlen(y) - 1));
}

static void test_positions(void)
{
	/* Tabs count as one column (a person's editor may show more; the renderer copies
	 * them). */
	mc_node *root = load("a:\tb\nc: \"\td\"\n");
	CHECK(root != NULL);
	if (root) {
		STR_EQ(where(mc_node_get(root, "a")->span), "1:4");
		STR_EQ(where(mc_node_get(root, "c")->span), "2:4");
	}
	/* CRLF line ends: libyaml counts CR and LF, the source map one break. */
	root = load("a: 1\r\nb: two\r\nc: [x,\r\n  y]\r\n");
	CHECK(root != NULL);
	if (root) {
		STR_EQ(where(mc_node_get(root, "b")->span), "2:4");
		STR_EQ(slice(mc_node_get(root, "b")->span), "two");
		mc_node *c = mc_node_get(root, "c");
		STR_EQ(where(c->items[1]->span), "4:3");
		STR_EQ(slice(c->items[1]->span), "y");
	}
	/* A UTF-8 BOM is neither a byte libyaml counts nor a column. */
	root = load("\xEF\xBB\xBF" "a: 1\nb: two\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);
	if (root) {
		INT_EQ(root->pairs[0].key->span.lo, 3);
		STR_EQ(where(root->pairs[0].key->span), "1:1");
		STR_EQ(where(mc_node_get(root, "b")->span), "2:4");
		STR_EQ(slice(mc_node_get(root, "b")->span), "two");
	}
	/* Multi-byte and wide characters: columns count characters, spans stay bytes. */
	root = load("\xC3\xA9t\xC3\xA9: caf\xC3\xA9\n"                 /* été: café */
	            "k: \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E x\n"     /* k: 日本語 x */
	            "w: [\xE6\x97\xA5, \xF0\x9F\x98\x80, z]\n"       /* w: [日, 😀, z] */
	            "e: \"\xC3\xA9\" # \xC3\xA9\n"
	            "f: end\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);
	if (root) {
		mc_node *v = mc_node_get(root, "\xC3\xA9t\xC3\xA9");
		CHECK(v != NULL);
		if (v) {
			STR_EQ(slice(v->span), "caf\xC3\xA9");
			STR_EQ(where(v->span), "1:6");
		}
		mc_node *k = mc_node_get(root, "k");
		STR_EQ(slice(k->span), "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E x");
		mc_node *w = mc_node_get(root, "w");
		STR_EQ(slice(w->items[1]->span), "\xF0\x9F\x98\x80");
		STR_EQ(where(w->items[1]->span), "3:8");
		STR_EQ(where(w->items[2]->span), "3:11");
		STR_EQ(slice(w->span), "[\xE6\x97\xA5, \xF0\x9F\x98\x80, z]");
		STR_EQ(where(mc_node_get(root, "f")->span), "5:4");
		STR_EQ(slice(mc_node_get(root, "f")->span), "end");
	}
	/* A BOM and multi-byte text together: the cursor starts after the BOM. */
	root = load("\xEF\xBB\xBF\xC3\xA9: \xE6\x97\xA5\nb: [x, \xC3\xA9, y]\n");
	CHECK(root != NULL);
	if (root) {
		STR_EQ(slice(root->pairs[0].key->span), "\xC3\xA9");
		STR_EQ(where(root->pairs[0].value->span), "1:4");
		mc_node *b = mc_node_get(root, "b");
		STR_EQ(where(b->items[2]->span), "2:11");
		STR_EQ(slice(b->items[2]->span), "y");
	}
	/* A NEL is a line break to libyaml and to the source map alike. */
	root = load("a: \"x\xC2\x85y\"\nb: c\n");
	CHECK(root != NULL);
	if (root) {
		STR_EQ(mc_node_get(root, "a")->text, "x y");
		STR_EQ(where(mc_node_get(root, "b")->span), "3:4");
	}
}

static void test_typing(void)
{
	static const struct {
		const char *text;
		mc_node_kind kind;
	} cases[] = {
		{"~", MC_NODE_NULL},       {"null", MC_NODE_NULL},     {"Null", MC_NODE_NULL},
		{"NULL", MC_NODE_NULL},    {"", MC_NODE_NULL},         {"nULL", MC_NODE_STRING},
		{"true", MC_NODE_BOOL},    {"True", MC_NODE_BOOL},     {"FALSE", MC_NODE_BOOL},
		{"tRUE", MC_NODE_STRING},  {"on", MC_NODE_STRING},     {"off", MC_NODE_STRING},
		{"yes", MC_NODE_STRING},   {"no", MC_NODE_STRING},     {"y", MC_NODE_STRING},
		{"n", MC_NODE_STRING},     {"Yes", MC_NODE_STRING},    {"0", MC_NODE_INT},
		{"-17", MC_NODE_INT},      {"+12", MC_NODE_INT},       {"0123", MC_NODE_INT},
		{"0x1F", MC_NODE_INT},     {"0o17", MC_NODE_INT},      {"0o18", MC_NODE_STRING},
		{"0b101", MC_NODE_STRING}, {"-0x1F", MC_NODE_STRING},  {"1_000", MC_NODE_STRING},
		{"1.5", MC_NODE_FLOAT},    {"-.5", MC_NODE_FLOAT},     {"1.", MC_NODE_FLOAT},
		{"1e3", MC_NODE_FLOAT},    {"2.5E-3", MC_NODE_FLOAT},  {".inf", MC_NODE_FLOAT},
		{"-.Inf", MC_NODE_FLOAT},  {"+.INF", MC_NODE_FLOAT},   {".nan", MC_NODE_FLOAT},
		{".NaN", MC_NODE_FLOAT},   {"-.nan", MC_NODE_STRING},  {".", MC_NODE_STRING},
		{"1e", MC_NODE_STRING},    {"e3", MC_NODE_STRING},     {"1.2.3", MC_NODE_STRING},
		{"0x", MC_NODE_STRING},    {"infinity", MC_NODE_STRING}, {"5m", MC_NODE_STRING},
		{"99.5%", MC_NODE_STRING}, {"12:30", MC_NODE_STRING},  {"- 1", MC_NODE_STRING},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char y[64];
		if (strcmp(cases[i].text, "- 1") == 0)
			snprintf(y, sizeof y, "v: \"- 1\"\n");
		else
			snprintf(y, sizeof y, "v: %s\n", cases[i].text);
		mc_node *root = load(y);
		CHECK(root != NULL);
		if (!root)
			continue;
		mc_node *v = mc_node_get(root, "v");
		if (v->kind != cases[i].kind)
			fprintf(stderr, "typing `%s`: kind %d, want %d\n", cases[i].text, v->kind,
			        cases[i].kind);
		INT_EQ(v->kind, cases[i].kind);
		STR_EQ(v->text, strcmp(cases[i].text, "- 1") == 0 ? "- 1" : cases[i].text);
	}

	mc_node *root = load("i: 0x1F\no: 0o17\nd: -9223372036854775808\nm: 9223372036854775807\n"
	                     "f: 1e3\ng: .inf\nh: -.inf\nn: .nan\nb: false\nq: \"123\"\n"
	                     "s: '1.5'\nl: |\n  7\nt: !!str 123\nti: !!int \"42\"\n"
	                     "tf: !!float 3\ntb: !!bool \"true\"\ntn: !!null ''\nns: ! 12\n"
	                     "big: !!float 100000000000000000000\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);
	if (!root)
		return;
	INT_EQ(mc_node_get(root, "i")->as.i, 31);
	INT_EQ(mc_node_get(root, "o")->as.i, 15);
	CHECK(mc_node_get(root, "d")->as.i == INT64_MIN);
	CHECK(mc_node_get(root, "m")->as.i == INT64_MAX);
	CHECK(mc_node_get(root, "f")->as.f == 1000.0);
	CHECK(isinf(mc_node_get(root, "g")->as.f) && mc_node_get(root, "g")->as.f > 0);
	CHECK(isinf(mc_node_get(root, "h")->as.f) && mc_node_get(root, "h")->as.f < 0);
	CHECK(isnan(mc_node_get(root, "n")->as.f));
	INT_EQ(mc_node_get(root, "b")->kind, MC_NODE_BOOL);
	CHECK(!mc_node_get(root, "b")->as.b);
	INT_EQ(mc_node_get(root, "q")->kind, MC_NODE_STRING);
	STR_EQ(mc_node_get(root, "q")->text, "123");
	INT_EQ(mc_node_get(root, "s")->kind, MC_NODE_STRING);
	INT_EQ(mc_node_get(root, "l")->kind, MC_NODE_STRING);
	INT_EQ(mc_node_get(root, "t")->kind, MC_NODE_STRING);
	STR_EQ(mc_node_get(root, "t")->text, "123");
	INT_EQ(mc_node_get(root, "ti")->kind, MC_NODE_INT);
	INT_EQ(mc_node_get(root, "ti")->as.i, 42);
	INT_EQ(mc_node_get(root, "tf")->kind, MC_NODE_FLOAT);
	CHECK(mc_node_get(root, "tf")->as.f == 3.0);
	INT_EQ(mc_node_get(root, "tb")->kind, MC_NODE_BOOL);
	CHECK(mc_node_get(root, "tb")->as.b);
	INT_EQ(mc_node_get(root, "tn")->kind, MC_NODE_NULL);
	INT_EQ(mc_node_get(root, "ns")->kind, MC_NODE_STRING);
	INT_EQ(mc_node_get(root, "big")->kind, MC_NODE_FLOAT);
	CHECK(mc_node_get(root, "big")->as.f == 1e20);
	/* Every scalar keeps its text, whatever its type. */
	STR_EQ(mc_node_get(root, "i")->text, "0x1F");
	STR_EQ(mc_node_get(root, "tf")->text, "3");
}

static void test_number_range(void)
{
	mc_node *root = load("a: 1\nn: 99999999999999999999\nm: -9223372036854775809\n"
	                     "h: 0x8000000000000000\nf: 1e999\nt: !!int 1e3\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 5);
	DIAG_AT(0, "E0018", "2:4");
	DIAG_AT(1, "E0018", "3:4");
	DIAG_AT(2, "E0018", "4:4");
	DIAG_AT(3, "E0018", "5:4");
	DIAG_AT(4, "E0017", "6:4");
	if (diags.len > 0)
		STR_EQ(diags.v[0]->message, "number `99999999999999999999` is out of range");
	if (root) {
		/* Out of range values stay strings, with their text. */
		INT_EQ(mc_node_get(root, "n")->kind, MC_NODE_STRING);
		STR_EQ(mc_node_get(root, "n")->text, "99999999999999999999");
	}
}

static void test_tags(void)
{
	mc_node *root = load("a: !!bool yes\nb: !Ref thing\nc: !!map [1]\nd: !!binary aGk=\n"
	                     "e: !!seq [1]\nf: !custom {x: 1}\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 5);
	DIAG_AT(0, "E0017", "1:4");
	DIAG_AT(1, "E0017", "2:4");
	DIAG_AT(2, "E0017", "3:4");
	DIAG_AT(3, "E0017", "4:4");
	DIAG_AT(4, "E0017", "6:4");
	if (diags.len == 5) {
		STR_EQ(diags.v[0]->message, "unsupported tag `!!bool`");
		STR_EQ(diags.v[0]->labels[0].text, "`yes` is not a boolean");
		STR_EQ(diags.v[1]->message, "unsupported tag `!Ref`");
		STR_EQ(diags.v[3]->message, "unsupported tag `!!binary`");
	}
	if (root) {
		INT_EQ(mc_node_get(root, "a")->kind, MC_NODE_STRING);
		INT_EQ(mc_node_get(root, "e")->kind, MC_NODE_SEQ);
	}
}

static void test_duplicate_keys(void)
{
	mc_node *root = load("a: 1\nb: 2\nnested:\n  x: 1\n  x: 2\na: 3\n\"b\": 4\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 3);
	DIAG_AT(0, "E0011", "5:3");
	DIAG_AT(1, "E0011", "6:1");
	DIAG_AT(2, "E0011", "7:1");
	if (diags.len == 3) {
		mc_diag *g = diags.v[1];
		STR_EQ(g->message, "duplicate key `a`");
		INT_EQ(g->nlabels, 2);
		STR_EQ(where(g->labels[1].span), "1:1");
		STR_EQ(g->labels[1].text, "first defined here");
		STR_EQ(slice(g->labels[0].span), "a");
		STR_EQ(slice(diags.v[2]->labels[0].span), "\"b\"");
		STR_EQ(where(diags.v[2]->labels[1].span), "2:1");
	}
	if (root) {
		/* The first pair stays, the duplicate is skipped. */
		INT_EQ(root->npairs, 3);
		INT_EQ(mc_node_get(root, "a")->as.i, 1);
		INT_EQ(mc_node_get(root, "b")->as.i, 2);
		INT_EQ(mc_node_get(root, "nested")->npairs, 1);
	}
}

static void test_many_keys(void)
{
	/* 100,000 keys in one mapping, the last a duplicate of the first: linear time. */
	mc_buf b = MC_BUF_INIT;
	for (int i = 0; i < 100000; i++)
		mc_buf_printf(&b, "key%d: %d\n", i, i);
	mc_buf_puts(&b, "key0: again\n");
	clock_t t0 = clock();
	mc_node *root = load_n(b.p, b.len);
	double t = seconds_since(t0);
	CHECK(root != NULL);
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0011", "100001:1");
	if (diags.len == 1)
		STR_EQ(where(diags.v[0]->labels[1].span), "1:1");
	if (root) {
		INT_EQ(root->npairs, 100000);
		INT_EQ(mc_node_get(root, "key99999")->as.i, 99999);
	}
	/* Generous, for valgrind; a plain build takes a few tens of milliseconds. */
	CHECK(t < 10.0);
	mc_buf_release(&b);
}

static void test_big_scalar(void)
{
	size_t n = 5u << 20;
	char *y = malloc(n + 16);
	memcpy(y, "big: ", 5);
	memset(y + 5, 'x', n);
	memcpy(y + 5 + n, "\nz: 1\n", 6);
	clock_t t0 = clock();
	mc_node *root = load_n(y, n + 11);
	double t = seconds_since(t0);
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);
	if (root) {
		INT_EQ(mc_node_get(root, "big")->text_len, n);
		STR_EQ(where(mc_node_get(root, "z")->span), "2:4");
	}
	CHECK(t < 10.0);
	free(y);
}

static void test_aliases(void)
{
	mc_node *root = load("base: &b {k: v, n: 1}\nuse: *b\nlist: [*b, &s str, *s]\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);
	if (!root)
		return;
	mc_node *base = mc_node_get(root, "base");
	CHECK(mc_node_get(root, "use") == base);
	STR_EQ(base->anchor, "b");
	STR_EQ(slice(base->alias_span), "*b");
	STR_EQ(where(base->alias_span), "2:6");
	mc_node *list = mc_node_get(root, "list");
	CHECK(list->items[0] == base);
	CHECK(list->items[1] == list->items[2]);
	STR_EQ(list->items[1]->anchor, "s");
	STR_EQ(list->items[1]->text, "str");
	STR_EQ(where(list->items[1]->alias_span), "3:20");

	/* A later anchor of the same name replaces the earlier one. */
	root = load("a: &x 1\nb: &x 2\nc: *x\n");
	CHECK(root != NULL);
	if (root)
		INT_EQ(mc_node_get(root, "c")->as.i, 2);

	root = load("a: &one 1\nb: *onne\nc: *zzz\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 2);
	DIAG_AT(0, "E0020", "2:4");
	DIAG_AT(1, "E0020", "3:4");
	if (diags.len == 2) {
		STR_EQ(diags.v[0]->message, "undefined alias `*onne`");
		STR_EQ(diags.v[0]->help, "did you mean `*one`?");
	}
	if (root)
		INT_EQ(mc_node_get(root, "b")->kind, MC_NODE_NULL);

	/* The null standing in for a bad alias is not also a bad merge source. */
	root = load("m:\n  <<: *nothing\n  k: 1\nn:\n  <<: [*no1, *no2, {j: 2}]\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 3);
	DIAG_AT(0, "E0020", "2:7");
	DIAG_AT(1, "E0020", "5:8");
	DIAG_AT(2, "E0020", "5:14");
	if (root)
		INT_EQ(mc_node_get(mc_node_get(root, "n"), "j")->as.i, 2);

	/* An alias inside the node it names would make a cycle. */
	root = load("a: &r [1, *r]\n");
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0020", "1:11");
	if (root)
		INT_EQ(mc_node_get(root, "a")->items[1]->kind, MC_NODE_NULL);
}

static void test_alias_bomb(void)
{
	const char *y = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
	                "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	                "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	                "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	                "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	                "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	                "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	                "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	                "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	clock_t t0 = clock();
	mc_node *root = load(y);
	double t = seconds_since(t0);
	CHECK(root == NULL);
	INT_EQ(diags.len, 1);
	/* Level a holds 10 nodes, b 91, ..., f 597,871: the first *f in g passes 10^6. */
	DIAG_AT(0, "E0012", "7:8");
	if (diags.len == 1) {
		STR_EQ(diags.v[0]->labels[0].text, "this alias expands to 597871 nodes");
		CHECK(strstr(diags.v[0]->help, "1000000") != NULL);
	}
	CHECK(t < 1.0);

	/* A small budget trips on plain nodes too. */
	reset();
	lim.max_nodes = 5;
	root = mc_load_yaml_buffer(&srcs, "t.yaml", "[1, 2, 3, 4, 5]", 15, &lim, arena, &diags);
	CHECK(root == NULL);
	DIAG_AT(0, "E0012", "1:14");
}

static void test_merge_keys(void)
{
	const char *y = "base: &base {x: 1, y: 2}\n"
	                "more: &more {y: 20, z: 30, w: 40}\n"
	                "one:\n"
	                "  a: 0\n"
	                "  <<: *base\n"
	                "  x: 10\n"
	                "list:\n"
	                "  <<: [*base, *more]\n"
	                "  w: 4\n"
	                "inline:\n"
	                "  <<: {k: v}\n"
	                "quoted:\n"
	                "  \"<<\": 1\n";
	mc_node *root = load(y);
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);
	if (!root)
		return;
	mc_node *one = mc_node_get(root, "one");
	/* Merged pairs stand where `<<` stood; the explicit `x`, after it, still wins. */
	INT_EQ(one->npairs, 3);
	STR_EQ(one->pairs[0].key->text, "a");
	STR_EQ(one->pairs[1].key->text, "y");
	STR_EQ(one->pairs[2].key->text, "x");
	INT_EQ(mc_node_get(one, "x")->as.i, 10);
	INT_EQ(mc_node_get(one, "y")->as.i, 2);
	/* Merged pairs keep their spans, in the anchored mapping. */
	STR_EQ(where(one->pairs[1].key->span), "1:20");
	CHECK(mc_node_get(one, "<<") == NULL);
	mc_node *list = mc_node_get(root, "list");
	INT_EQ(list->npairs, 4);
	INT_EQ(mc_node_get(list, "x")->as.i, 1);
	INT_EQ(mc_node_get(list, "y")->as.i, 2); /* the earlier mapping wins */
	INT_EQ(mc_node_get(list, "z")->as.i, 30);
	INT_EQ(mc_node_get(list, "w")->as.i, 4);
	STR_EQ(mc_node_get(mc_node_get(root, "inline"), "k")->text, "v");
	/* A quoted `<<` is an ordinary key. */
	INT_EQ(mc_node_get(mc_node_get(root, "quoted"), "<<")->as.i, 1);

	root = load("s: &s text\na:\n  <<: *s\nb:\n  <<: [{k: 1}, 2]\nc:\n  <<: 3\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 3);
	DIAG_AT(0, "E0019", "3:7");
	DIAG_AT(1, "E0019", "5:16");
	DIAG_AT(2, "E0019", "7:7");
	if (diags.len == 3) {
		STR_EQ(diags.v[0]->message, "merge key `<<` needs a mapping or a list of mappings");
		STR_EQ(diags.v[0]->labels[0].text, "expected a mapping, found a string");
	}
	if (root)
		INT_EQ(mc_node_get(mc_node_get(root, "b"), "k")->as.i, 1);
}

static void test_nonscalar_key(void)
{
	mc_node *root = load("? [a, b]\n: 1\n? {k: v}\n: 2\nok: 3\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 2);
	DIAG_AT(0, "E0016", "1:3");
	DIAG_AT(1, "E0016", "3:3");
	if (root) {
		INT_EQ(root->npairs, 1);
		INT_EQ(mc_node_get(root, "ok")->as.i, 3);
	}
}

static void test_depth(void)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_repeat(&b, '[', 64);
	mc_buf_repeat(&b, ']', 64);
	mc_node *root = load_n(b.p, b.len);
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);

	mc_buf_clear(&b);
	mc_buf_repeat(&b, '[', 10000);
	mc_buf_repeat(&b, ']', 10000);
	root = load_n(b.p, b.len);
	CHECK(root == NULL);
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0013", "1:65");
	if (diags.len == 1)
		STR_EQ(diags.v[0]->labels[0].text, "this list is at depth 65");

	mc_buf_clear(&b);
	for (int i = 0; i < 10000; i++)
		mc_buf_puts(&b, "a: {");
	mc_buf_repeat(&b, '}', 10000);
	root = load_n(b.p, b.len);
	CHECK(root == NULL);
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0013", "1:256"); /* the root mapping is depth 1 */

	mc_buf_clear(&b);
	for (int i = 0; i < 1000; i++) {
		mc_buf_repeat(&b, ' ', (size_t)i);
		mc_buf_puts(&b, "a:\n");
	}
	root = load_n(b.p, b.len);
	CHECK(root == NULL);
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0013", "65:65");
	mc_buf_release(&b);
}

static void test_encoding(void)
{
	mc_node *root = load("a: b\nc: caf\xC3\xA9 \xFF\n");
	CHECK(root == NULL);
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0002", "2:9");
	if (diags.len == 1) {
		INT_EQ(diags.v[0]->labels[0].span.lo, 14);
		INT_EQ(diags.v[0]->labels[0].span.hi, 15);
	}
	/* A truncated sequence and an overlong encoding. */
	root = load("a: \xE6\x97\n");
	DIAG_AT(0, "E0002", "1:4");
	root = load("a: \xC0\xAF\n");
	DIAG_AT(0, "E0002", "1:4");

	root = load_n("\xFF\xFE" "a\0:\0 \0" "1\0", 10);
	CHECK(root == NULL);
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0003", "1:1");
	if (diags.len == 1)
		STR_EQ(diags.v[0]->message, "input is UTF-16 (little-endian), not UTF-8");
	root = load_n("\xFE\xFF\0a", 4);
	DIAG_AT(0, "E0003", "1:1");
	root = load_n("\0\0\xFE\xFF\0\0\0a", 8);
	if (diags.len == 1)
		STR_EQ(diags.v[0]->message, "input is UTF-32 (big-endian), not UTF-8");
	/* UTF-16 without a BOM shows itself by its zero bytes. */
	root = load_n("a\0:\0 \0" "1\0", 8);
	DIAG_AT(0, "E0003", "1:1");

	/* Control characters are libyaml's to refuse, at the right byte. */
	root = load("a: 1\nb: \"x\x01\"\n");
	CHECK(root == NULL);
	DIAG_AT(0, "E0010", "2:6");
	if (diags.len == 1)
		STR_EQ(diags.v[0]->message, "character U+0001 is not allowed in YAML");
}

static void test_documents(void)
{
	mc_node *root = load("a: 1\n---\nb: 2\n---\nc: 3\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0014", "2:1");
	if (root) {
		INT_EQ(root->npairs, 1);
		INT_EQ(mc_node_get(root, "a")->as.i, 1);
	}
	root = load("--- \na: 1\n...\n");
	CHECK(root != NULL);
	INT_EQ(diags.len, 0);

	static const char *const empties[] = {"", "\n\n", "# only a comment\n", "---\n", "~\n",
	                                      "--- null\n...\n", "\xEF\xBB\xBF"};
	for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
		root = load(empties[i]);
		CHECK(root == NULL);
		INT_EQ(diags.len, 1);
		if (diags.len == 1) {
			STR_EQ(code_of(diags.v[0]), "E0015");
			STR_EQ(diags.v[0]->message, "the spec is empty");
			STR_EQ(diags.v[0]->help, "a spec starts with `moncc: 1`");
		}
	}
	root = load("# comment\n\n~\n");
	DIAG_AT(0, "E0015", "3:1");
}

static void test_syntax_errors(void)
{
	mc_node *root = load("a: 1\nb: [1, 2\nc: 3\n");
	CHECK(root == NULL);
	INT_EQ(diags.len, 1);
	DIAG_AT(0, "E0010", "3:2");
	if (diags.len == 1) {
		mc_diag *g = diags.v[0];
		STR_EQ(g->message, "did not find expected ',' or ']'");
		INT_EQ(g->nlabels, 2);
		STR_EQ(where(g->labels[1].span), "2:4");
		STR_EQ(g->labels[1].text, "while parsing a flow sequence");
	}

	root = load("key: value: more\n");
	CHECK(root == NULL);
	DIAG_AT(0, "E0010", "1:11");
	if (diags.len == 1) {
		STR_EQ(diags.v[0]->message, "mapping values are not allowed in this context");
		CHECK(diags.v[0]->help && strstr(diags.v[0]->help, "quotes"));
	}

	root = load("a:\n\tb: 1\n");
	CHECK(root == NULL);
	DIAG_AT(0, "E0010", "2:1");
	if (diags.len == 1)
		STR_EQ(diags.v[0]->help, "YAML does not allow tabs for indentation; use spaces");

	/* At the end of the file the span is empty and still has a position. */
	root = load("a: \"open\n");
	CHECK(root == NULL);
	DIAG_AT(0, "E0010", "2:1");
	if (diags.len == 1) {
		CHECK(diags.v[0]->labels[0].span.lo == diags.v[0]->labels[0].span.hi);
		CHECK(diags.v[0]->help != NULL);
	}

	/* Diagnostics found before the syntax error stay. */
	root = load("a: 1\na: 2\nb: [\n");
	CHECK(root == NULL);
	INT_EQ(diags.len, 2);
	DIAG_AT(0, "E0011", "2:1");
	DIAG_AT(1, "E0010", "4:1");

	/* Multi-byte text before the error: the column counts characters. */
	root = load("\xC3\xA9\xC3\xA9: x: y\n");
	DIAG_AT(0, "E0010", "1:6");
}

/* The contract examples load clean; they are found from this file's own path. */
static void test_examples(void)
{
	static const char *const names[] = {"examples/minimal/monitoring.yaml",
	                                    "examples/anythingllm/monitoring.yaml"};
	const char *self = __FILE__;
	const char *tail = strstr(self, "tests/unit/test_load.c");
	if (!tail) {
		fprintf(stderr, "test_examples: cannot locate the source tree from %s\n", self);
		return;
	}
	for (size_t i = 0; i < 2; i++) {
		reset();
		const char *path = mc_arena_printf(arena, "%.*s%s", (int)(tail - self), self,
		                                   names[i]);
		uint32_t id = mc_load_read_file(&srcs, path, &lim, &diags);
		CHECK(id != 0);
		if (!id)
			continue;
		mc_node *root = mc_load_yaml(&srcs, id, &lim, arena, &diags);
		CHECK(root != NULL);
		INT_EQ(diags.len, 0);
		if (root)
			CHECK(mc_node_get(root, "moncc") != NULL);
	}
}

static void test_read_file(void)
{
	reset();
	uint32_t id = mc_load_read_file(&srcs, "no/such/file.yaml", &lim, &diags);
	INT_EQ(id, 0);
	INT_EQ(diags.len, 1);
	if (diags.len == 1) {
		STR_EQ(code_of(diags.v[0]), "E0001");
		STR_EQ(diags.v[0]->message,
		       "cannot read `no/such/file.yaml`: No such file or directory");
		INT_EQ(diags.v[0]->nlabels, 0);
	}

	reset();
	id = mc_load_read_file(&srcs, ".", &lim, &diags);
	INT_EQ(id, 0);
	if (diags.len == 1)
		STR_EQ(diags.v[0]->message, "cannot read `.`: Is a directory");

	const char *tmp = "test_load_tmp.yaml";
	FILE *f = fopen(tmp, "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("moncc: 1\nname: x\n", f);
	fclose(f);
	reset();
	id = mc_load_read_file(&srcs, tmp, &lim, &diags);
	CHECK(id != 0);
	if (id) {
		mc_source *src = mc_sources_get(&srcs, id);
		INT_EQ(src->len, 17);
		INT_EQ(src->text[src->len], '\0');
		STR_EQ(src->path, tmp);
		mc_node *root = mc_load_yaml(&srcs, id, &lim, arena, &diags);
		CHECK(root != NULL);
	}
	reset();
	lim.max_file_size = 10;
	id = mc_load_read_file(&srcs, tmp, &lim, &diags);
	INT_EQ(id, 0);
	INT_EQ(diags.len, 1);
	if (diags.len == 1) {
		STR_EQ(code_of(diags.v[0]), "E0004");
		STR_EQ(diags.v[0]->message,
		       "`test_load_tmp.yaml` is too large: 17 bytes, the limit is 10 bytes");
	}
	remove(tmp);

	reset();
	lim.max_file_size = 4;
	CHECK(mc_load_yaml_buffer(&srcs, "t.yaml", "a: 12", 5, &lim, arena, &diags) == NULL);
	if (diags.len == 1)
		STR_EQ(code_of(diags.v[0]), "E0004");
}

int main(void)
{
	reset();
	test_scalar_spans();
	test_collection_spans();
	test_positions();
	test_typing();
	test_number_range();
	test_tags();
	test_duplicate_keys();
	test_many_keys();
	test_big_scalar();
	test_aliases();
	test_alias_bomb();
	test_merge_keys();
	test_nonscalar_key();
	test_depth();
	test_encoding();
	test_documents();
	test_syntax_errors();
	test_examples();
	test_read_file();
	mc_diags_release(&diags);
	mc_sources_release(&srcs);
	mc_arena_free(arena);
	return harness_done();
}
