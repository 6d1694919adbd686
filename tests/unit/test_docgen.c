/*
 * The reference-docs generator (compiler/docgen): the page of a small kind that uses every
 * section of the template format and the reference of a small schema (a recursive object
 * type, a map, a list, a choice, constants) are pinned in tests/unit/data/docgen-*.md
 * (MONCC_BLESS=1 rewrites them), and generated twice to be byte-identical; the pages of the
 * stdlib kinds and of the real schema have no table row broken by a `|`; the Markdown
 * helpers escape what they must.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/embedded.h"
#include "docgen/docgen.h"
#include "docgen/md.h"
#include "load/load.h"
#include "schema/validate.h"
#include "template/template.h"
#include "harness.h"

static char root[4096];

static void find_root(void)
{
	const char *self = __FILE__;
	const char *cut = strstr(self, "tests/unit/test_docgen.c");
	size_t n = cut ? (size_t)(cut - self) : 0;
	snprintf(root, sizeof root, "%.*s", (int)n, self);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	mc_buf b = MC_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		mc_buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return mc_buf_detach(&b);
}

/* Compares text with the pinned file (rewrites it with MONCC_BLESS=1). */
static void pinned(const char *name, const char *text)
{
	char path[4300];
	snprintf(path, sizeof path, "%stests/unit/data/%s", root, name);
	const char *bless = getenv("MONCC_BLESS");
	if (bless && *bless && strcmp(bless, "0") != 0) {
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL);
		if (f) {
			fputs(text, f);
			fclose(f);
		}
		return;
	}
	char *want = slurp(path, NULL);
	CHECK(want != NULL);
	if (want && strcmp(want, text) != 0) {
		size_t i = 0, line = 1;
		while (want[i] && want[i] == text[i])
			line += want[i++] == '\n';
		fprintf(stderr, "%s differs from the output at line %zu (MONCC_BLESS=1 rewrites "
		                "it)\n",
		        path, line);
		CHECK(!"pinned output");
	}
	free(want);
}

/* Every table row (a line starting with `|`) has as many unescaped `|` as its header. */
static void tables_intact(const char *name, const char *md)
{
	size_t want = 0;
	bool in_table = false;
	for (const char *line = md; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (len && line[0] == '|') {
			size_t bars = 0;
			for (size_t i = 0; i < len; i++)
				bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
			if (!in_table)
				want = bars;
			else if (bars != want) {
				fprintf(stderr, "%s: a table row has %zu cells, its header %zu: %.*s\n",
				        name, bars, want, (int)len, line);
				CHECK(!"table row intact");
			}
			in_table = true;
		} else {
			in_table = false;
		}
		line += len + (nl ? 1 : 0);
	}
	CHECK(want > 0 || strstr(md, "\n|") == NULL);
}

static void test_md_helpers(void)
{
	mc_buf b = MC_BUF_INIT;
	mc_docmd_cell(&b, "  a |\n  b  ");
	STR_EQ(mc_buf_str(&b), "a \\| b");
	mc_buf_clear(&b);
	mc_docmd_code(&b, "x `y` z", false);
	STR_EQ(mc_buf_str(&b), "``x `y` z``");
	mc_buf_clear(&b);
	mc_docmd_code(&b, "`a|b", true);
	STR_EQ(mc_buf_str(&b), "`` `a\\|b ``");
	mc_buf_clear(&b);
	mc_docmd_paragraphs(&b, "one\n\ntwo\n\n\n");
	STR_EQ(mc_buf_str(&b), "one\n\ntwo\n\n");
	mc_buf_release(&b);
}

static void test_kind_page(void)
{
	char path[4300];
	snprintf(path, sizeof path, "%stests/unit/data/docgen-kind.yaml", root);
	size_t len = 0;
	char *text = slurp(path, &len);
	CHECK(text != NULL);
	if (!text)
		return;
	mc_arena *arena = mc_arena_new();
	mc_sources srcs;
	mc_sources_init(&srcs);
	mc_diags d;
	mc_diags_init(&d, arena);
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	mc_template *t = mc_template_load_buffer(&srcs, "templates/queue.yaml", text, len, &lim,
	                                         arena, &d);
	INT_EQ(d.nerrors, 0);
	CHECK(t != NULL);
	if (t) {
		mc_buf a = MC_BUF_INIT, b = MC_BUF_INIT;
		mc_docgen_kind(t, &srcs, &a);
		mc_docgen_kind(t, &srcs, &b);
		STR_EQ(a.p, b.p);
		pinned("docgen-kind.md", mc_buf_str(&a));
		tables_intact("docgen-kind.md", mc_buf_str(&a));
		/* Facts the page must state, whatever its layout. */
		CHECK(strstr(a.p, "| `queue` | string | required | `^[A-Za-z0-9_-]{1,80}$` |"));
		CHECK(strstr(a.p, "| critical | at or above 1000 in 3 of 5 periods (period 5m) |"));
		CHECK(strstr(a.p, "| warning | set by the parameters `max_age` | `> ${max_age} for "
		                  "10m` |"));
		CHECK(strstr(a.p, "Only when the resource does not give `dlq`"));
		CHECK(strstr(a.p, "queue: jobs\n        log_group: ...\n"));
		CHECK(strstr(a.p, "`{\"source\":[\"aws.sqs\"],"));
		mc_template *ts[] = {t};
		mc_buf_clear(&a);
		mc_docgen_kind_index((const mc_template *const *)ts, 1, &a);
		CHECK(strstr(a.p, "| [`queue`](queue.md) | SQS queue \\| test | 5 (2 required) | 4 "
		                  "| 3 |"));
		mc_buf_release(&a);
		mc_buf_release(&b);
		mc_template_release(t);
	}
	free(text);
	mc_diags_release(&d);
	mc_sources_release(&srcs);
	mc_arena_free(arena);
}

static void test_spec_reference(void)
{
	char path[4300];
	snprintf(path, sizeof path, "%stests/unit/data/docgen-schema.json", root);
	size_t len = 0;
	char *text = slurp(path, &len);
	CHECK(text != NULL);
	if (!text)
		return;
	mc_buf a = MC_BUF_INIT, b = MC_BUF_INIT, err = MC_BUF_INIT;
	INT_EQ(mc_docgen_spec_reference(text, len, "test.schema.json", &a, &err), 0);
	INT_EQ(mc_docgen_spec_reference(text, len, "test.schema.json", &b, &err), 0);
	STR_EQ(a.p, b.p);
	pinned("docgen-schema.md", mc_buf_str(&a));
	tables_intact("docgen-schema.md", mc_buf_str(&a));
	/* The recursive type is written out once and linked from its other uses. */
	CHECK(strstr(a.p, "### `nodes.NODE.children[].every`") == NULL);
	CHECK(strstr(a.p, "Its keys are those of [node](#def-node)."));
	CHECK(strstr(a.p, "| [`mode`](#mode) | one of `fast` or `slow` | no | How it runs: `a \\| "
	                  "b`. |"));
	mc_buf_clear(&a);
	INT_EQ(mc_docgen_spec_reference("[1]", 3, "x.json", &a, &err), -1);
	CHECK(strstr(mc_buf_str(&err), "x.json") != NULL);
	mc_buf_release(&a);
	mc_buf_release(&b);
	mc_buf_release(&err);
	free(text);
}

/* The real inputs: every stdlib kind and the spec schema give intact tables. */
static void test_real_inputs(void)
{
	mc_arena *arena = mc_arena_new();
	mc_sources srcs;
	mc_sources_init(&srcs);
	mc_diags d;
	mc_diags_init(&d, arena);
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	mc_templates *ts = mc_templates_load(&srcs, NULL, NULL, &lim, arena, &d);
	INT_EQ(d.nerrors, 0);
	size_t n = 0;
	const mc_template *const *all = mc_templates_all(ts, &n);
	CHECK(n >= 3);
	for (size_t i = 0; i < n; i++) {
		mc_buf b = MC_BUF_INIT;
		mc_docgen_kind(all[i], &srcs, &b);
		tables_intact(all[i]->kind, b.p);
		/* Every alarm condition of the stdlib is said in words, or names its parameters. */
		CHECK(strstr(b.p, "| as written |") == NULL);
		mc_buf_release(&b);
	}
	size_t len = 0;
	const char *schema = mc_schema_spec_text(&len);
	mc_buf b = MC_BUF_INIT, err = MC_BUF_INIT;
	INT_EQ(mc_docgen_spec_reference(schema, len, "schema/moncc.schema.json", &b, &err), 0);
	tables_intact("spec-reference.md", b.p);
	CHECK(strstr(b.p, "### `services.SERVICE.alarms.ALARM.period`") != NULL);
	mc_buf_release(&b);
	mc_buf_release(&err);
	mc_templates_free(ts);
	mc_diags_release(&d);
	mc_sources_release(&srcs);
	mc_arena_free(arena);
}

int main(void)
{
	find_root();
	test_md_helpers();
	test_kind_page();
	test_spec_reference();
	test_real_inputs();
	mc_schema_spec_release();
	mc_schema_template_release();
	return harness_done();
}
