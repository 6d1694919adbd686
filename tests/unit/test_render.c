/*
 * The renderers, pinned byte for byte: diagnostics built by hand on registered sources, each
 * rendered in every format and compared with the exact expected text. Covers the rustc
 * layout (gutter width, `...`, secondary labels, other files), tabs, wide characters,
 * control characters, empty spans, multi-line spans, sourceless diagnostics, count lines,
 * the error limit, colour, JSON fields, GitHub escaping and caps, and SARIF.
 */
#include <jansson.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/xalloc.h"
#include "diag/diag.h"
#include "diag/render.h"
#include "diag/source.h"
#include "harness.h"

static uint32_t add(mc_sources *s, const char *path, const char *text)
{
	size_t len = strlen(text);
	char *copy = mc_xmalloc(len + 1);
	memcpy(copy, text, len + 1);
	return mc_sources_add(s, path, copy, len);
}

static mc_span at(mc_sources *s, uint32_t file, uint32_t line, uint32_t col, uint32_t len)
{
	uint32_t lo = mc_source_offset(mc_sources_get(s, file), line, col);
	return (mc_span){file, lo, lo + len};
}

/* A fresh sink and sources for each case. */
typedef struct {
	mc_arena *arena;
	mc_diags d;
	mc_sources s;
	mc_buf out;
} fixture;

static void setup(fixture *f)
{
	f->arena = mc_arena_new();
	mc_diags_init(&f->d, f->arena);
	mc_sources_init(&f->s);
	mc_buf_init(&f->out);
}

static void teardown(fixture *f)
{
	mc_buf_release(&f->out);
	mc_sources_release(&f->s);
	mc_diags_release(&f->d);
	mc_arena_free(f->arena);
}

/* A secondary label without words (mc_diag_label always takes a format). */
static void bare_label(fixture *f, mc_diag *g, mc_span span)
{
	mc_diag_label(&f->d, g, span, "%s", "");
	g->labels[g->nlabels - 1].text = NULL;
}

static const char *render(fixture *f, mc_format fmt, const mc_render_opts *opts)
{
	mc_buf_clear(&f->out);
	mc_render(fmt, &f->d, &f->s, opts, &f->out);
	return mc_buf_str(&f->out);
}

static const char bad_yaml[] = "moncc: 1\n"
                               "project: shop\n"
                               "region: eu-west-1\n"
                               "alarms:\n"
                               "  cpu:\n"
                               "    metric: host.cpu\n"
                               "    threshold: 80\n"
                               "  disk:\n"
                               "    metric: host.disk\n"
                               "  memory:\n"
                               "    metric: host.memory_used\n"
                               "    treshold: 90\n";

/* The brief's example: the unknown key `treshold`. */
static mc_diag *unknown_key(fixture *f, uint32_t file)
{
	mc_diag *g = mc_diag_add(&f->d, MC_E0101, at(&f->s, file, 12, 5, 8),
	                         "unknown key `%s` in alarm `%s`", "treshold", "memory");
	mc_diag_label_primary(&f->d, g, "not a key of an alarm");
	mc_diag_help(&f->d, g, "did you mean `%s`?", "threshold");
	return g;
}

static void test_format_parse(void)
{
	mc_format fmt = MC_FORMAT_HUMAN;
	INT_EQ(mc_format_parse("json", &fmt), 0);
	INT_EQ(fmt, MC_FORMAT_JSON);
	INT_EQ(mc_format_parse("sarif", &fmt), 0);
	INT_EQ(fmt, MC_FORMAT_SARIF);
	INT_EQ(mc_format_parse("github", &fmt), 0);
	INT_EQ(fmt, MC_FORMAT_GITHUB);
	INT_EQ(mc_format_parse("human", &fmt), 0);
	INT_EQ(fmt, MC_FORMAT_HUMAN);
	INT_EQ(mc_format_parse("JSON", &fmt), -1);
	INT_EQ(mc_format_parse("", &fmt), -1);
}

static void test_human_basic(void)
{
	fixture f;
	setup(&f);
	unknown_key(&f, add(&f.s, "examples/bad.yaml", bad_yaml));
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL),
	       "error[E0101]: unknown key `treshold` in alarm `memory`\n"
	       "  --> examples/bad.yaml:12:5\n"
	       "   |\n"
	       "12 |     treshold: 90\n"
	       "   |     ^^^^^^^^ not a key of an alarm\n"
	       "   |\n"
	       "   = help: did you mean `threshold`?\n"
	       "\n"
	       "error: could not check due to 1 error\n");
	CHECK(strchr(mc_buf_str(&f.out), '\x1b') == NULL);

	mc_render_opts opts = {.color = true};
	STR_EQ(render(&f, MC_FORMAT_HUMAN, &opts),
	       "\x1b[1;31merror[E0101]\x1b[0m\x1b[1m: unknown key `treshold` in alarm "
	       "`memory`\x1b[0m\n"
	       "\x1b[1;34m  -->\x1b[0m examples/bad.yaml:12:5\n"
	       "\x1b[1;34m   |\x1b[0m\n"
	       "\x1b[1;34m12 |\x1b[0m     treshold: 90\n"
	       "\x1b[1;34m   |\x1b[0m     \x1b[1;31m^^^^^^^^ not a key of an alarm\x1b[0m\n"
	       "\x1b[1;34m   |\x1b[0m\n"
	       "\x1b[1;34m   =\x1b[0m \x1b[1mhelp\x1b[0m: did you mean `threshold`?\n"
	       "\n"
	       "\x1b[1;31merror\x1b[0m\x1b[1m: could not check due to 1 error\x1b[0m\n");
	teardown(&f);
}

/* Secondary labels: same line (one underline line each), an earlier line, a gap, notes. */
static void test_human_labels(void)
{
	fixture f;
	setup(&f);
	uint32_t id = add(&f.s, "a.yaml", bad_yaml);
	mc_diag *g = unknown_key(&f, id);
	mc_diag_label(&f.d, g, at(&f.s, id, 12, 15, 2), "value here");
	mc_diag_label(&f.d, g, at(&f.s, id, 10, 3, 6), "alarm `%s` defined here", "memory");
	bare_label(&f, g, at(&f.s, id, 11, 5, 6));
	mc_diag_note(&f.d, g, "alarms take the keys of the schema");
	mc_diag_note(&f.d, g, "second note");
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL),
	       "error[E0101]: unknown key `treshold` in alarm `memory`\n"
	       "  --> a.yaml:12:5\n"
	       "   |\n"
	       "10 |   memory:\n"
	       "   |   ------ alarm `memory` defined here\n"
	       "11 |     metric: host.memory_used\n"
	       "   |     ------\n"
	       "12 |     treshold: 90\n"
	       "   |     ^^^^^^^^ not a key of an alarm\n"
	       "   |               -- value here\n"
	       "   |\n"
	       "   = note: alarms take the keys of the schema\n"
	       "   = note: second note\n"
	       "   = help: did you mean `threshold`?\n"
	       "\n"
	       "error: could not check due to 1 error\n");
	teardown(&f);

	/* A gap of more than one line gets `...`; the gutter fits the widest number shown. */
	setup(&f);
	id = add(&f.s, "a.yaml", bad_yaml);
	g = mc_diag_add(&f.d, MC_E0011, at(&f.s, id, 9, 5, 6), "duplicate key `%s`", "metric");
	mc_diag_set_level(&f.d, g, MC_LEVEL_WARNING);
	mc_diag_label(&f.d, g, at(&f.s, id, 11, 5, 6), "also here");
	mc_diag_label(&f.d, g, at(&f.s, id, 6, 5, 6), "first defined here");
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL),
	       "warning[E0011]: duplicate key `metric`\n"
	       "  --> a.yaml:9:5\n"
	       "   |\n"
	       "6  |     metric: host.cpu\n"
	       "   |     ------ first defined here\n"
	       "...\n"
	       "9  |     metric: host.disk\n"
	       "   |     ^^^^^^\n"
	       "...\n"
	       "11 |     metric: host.memory_used\n"
	       "   |     ------ also here\n"
	       "\n"
	       "warning: 1 warning emitted\n");
	teardown(&f);
}

/* A secondary label in another file gets a `:::` block of its own. */
static void test_human_other_file(void)
{
	fixture f;
	setup(&f);
	uint32_t a = add(&f.s, "main.yaml", "include: b.yaml\nname: web\n");
	uint32_t b = add(&f.s, "dir/b.yaml", "x: 1\nname: web\n");
	mc_diag *g = mc_diag_add(&f.d, MC_E0011, at(&f.s, a, 2, 1, 4), "duplicate key `name`");
	mc_diag_label_primary(&f.d, g, "defined again here");
	mc_diag_label(&f.d, g, at(&f.s, b, 2, 1, 4), "first defined here");
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL),
	       "error[E0011]: duplicate key `name`\n"
	       " --> main.yaml:2:1\n"
	       "  |\n"
	       "2 | name: web\n"
	       "  | ^^^^ defined again here\n"
	       "  |\n"
	       " ::: dir/b.yaml:2:1\n"
	       "  |\n"
	       "2 | name: web\n"
	       "  | ---- first defined here\n"
	       "\n"
	       "error: could not check due to 1 error\n");
	teardown(&f);
}

/* Tabs are 4 columns, wide characters 2, control characters `?`, in source and messages. */
static void test_human_columns(void)
{
	fixture f;
	setup(&f);
	uint32_t id = add(&f.s, "t.yaml", "\tk: \xe5\x90\x8d\xe5\x89\x8d bad\nv: a\x1b[2Jb\n");
	/* Bytes: tab, "k: " (3), two 3-byte CJK characters (6), space: `bad` starts at 11. */
	mc_diag *g = mc_diag_add(&f.d, MC_E0103, (mc_span){id, 11, 14}, "value `bad` \x1b[31m");
	mc_diag_label_primary(&f.d, g, "label\twith\x7f controls");
	g = mc_diag_add(&f.d, MC_E0103, at(&f.s, id, 2, 4, 6), "escape in value");
	mc_diag_label_primary(&f.d, g, "here");
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL),
	       "error[E0103]: value `bad` ?[31m\n"
	       " --> t.yaml:1:8\n"
	       "  |\n"
	       "1 |     k: \xe5\x90\x8d\xe5\x89\x8d bad\n"
	       "  |             ^^^ label?with? controls\n"
	       "\n"
	       "error[E0103]: escape in value\n"
	       " --> t.yaml:2:4\n"
	       "  |\n"
	       "2 | v: a?[2Jb\n"
	       "  |    ^^^^^^ here\n"
	       "\n"
	       "error: could not check due to 2 errors\n");
	CHECK(strchr(mc_buf_str(&f.out), '\x1b') == NULL);
	teardown(&f);
}

/* Empty spans, spans at the end of a line, at a line break, and over several lines. */
static void test_human_span_edges(void)
{
	fixture f;
	setup(&f);
	uint32_t id = add(&f.s, "e.yaml", "a:\n  - x\n  - y\n");
	mc_diag *g = mc_diag_add(&f.d, MC_E0015, (mc_span){id, 16, 16}, "at eof");
	mc_diag_label_primary(&f.d, g, "end of file");
	g = mc_diag_add(&f.d, MC_E0010, (mc_span){id, 2, 3}, "at a line break");
	g = mc_diag_add(&f.d, MC_E0107, (mc_span){id, 0, 15}, "over three lines");
	mc_diag_label_primary(&f.d, g, "this list");
	g = mc_diag_add(&f.d, MC_E0010, (mc_span){id, 6, 6}, "empty span mid-line");
	mc_diags_sort(&f.d);
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL),
	       "error[E0107]: over three lines\n"
	       " --> e.yaml:1:1\n"
	       "  |\n"
	       "1 | a:\n"
	       "  | ^^ this list\n"
	       "\n"
	       "error[E0010]: at a line break\n"
	       " --> e.yaml:1:3\n"
	       "  |\n"
	       "1 | a:\n"
	       "  |   ^\n"
	       "\n"
	       "error[E0010]: empty span mid-line\n"
	       " --> e.yaml:2:4\n"
	       "  |\n"
	       "2 |   - x\n"
	       "  |    ^\n"
	       "\n"
	       "error[E0015]: at eof\n"
	       " --> e.yaml:4:1\n"
	       "  |\n"
	       "4 |\n"
	       "  | ^ end of file\n"
	       "\n"
	       "error: could not check due to 4 errors\n");
	teardown(&f);

	/* The end of a file without a final line break. */
	setup(&f);
	id = add(&f.s, "n.yaml", "a: 1");
	mc_diag_add(&f.d, MC_E0010, (mc_span){id, 4, 4}, "unexpected end");
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL),
	       "error[E0010]: unexpected end\n"
	       " --> n.yaml:1:5\n"
	       "  |\n"
	       "1 | a: 1\n"
	       "  |     ^\n"
	       "\n"
	       "error: could not check due to 1 error\n");
	teardown(&f);
}

/* Sourceless diagnostics: the header and sub-lines only; no count line without a span. */
static void test_human_sourceless(void)
{
	fixture f;
	setup(&f);
	mc_diag *g = mc_diag_add(&f.d, MC_E0001, MC_NO_SPAN, "cannot read `%s`: %s", "x.yaml",
	                         "No such file or directory");
	mc_diag_note(&f.d, g, "a note");
	g = mc_diag_add(&f.d, MC_CODE_NONE, MC_NO_SPAN, "unknown option `--frob`");
	mc_diag_help(&f.d, g, "run `moncc --help`");
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL),
	       "error[E0001]: cannot read `x.yaml`: No such file or directory\n"
	       "  = note: a note\n"
	       "error: unknown option `--frob`\n"
	       "  = help: run `moncc --help`\n");
	teardown(&f);

	/* Mixed: a count line, with warnings; singular and plural. */
	setup(&f);
	uint32_t id = add(&f.s, "a.yaml", bad_yaml);
	unknown_key(&f, id);
	unknown_key(&f, id);
	g = mc_diag_add(&f.d, MC_E0011, at(&f.s, id, 1, 1, 5), "just a warning");
	mc_diag_set_level(&f.d, g, MC_LEVEL_WARNING);
	mc_diag_add(&f.d, MC_E0001, MC_NO_SPAN, "cannot read `b.yaml`");
	mc_diags_sort(&f.d);
	const char *s = render(&f, MC_FORMAT_HUMAN, NULL);
	const char *tail = "error[E0001]: cannot read `b.yaml`\n"
	                   "error: could not check due to 3 errors; 1 warning emitted\n";
	CHECK(strlen(s) > strlen(tail) && strcmp(s + strlen(s) - strlen(tail), tail) == 0);
	CHECK(strncmp(s, "warning[E0011]: just a warning\n", 31) == 0);
	teardown(&f);

	/* Nothing at all renders nothing. */
	setup(&f);
	STR_EQ(render(&f, MC_FORMAT_HUMAN, NULL), "");
	teardown(&f);
}

static void test_human_error_limit(void)
{
	fixture f;
	setup(&f);
	uint32_t id = add(&f.s, "a.yaml", "a: 1\nb: 2\nc: 3\n");
	for (uint32_t line = 1; line <= 3; line++)
		mc_diag_add(&f.d, MC_E0101, at(&f.s, id, line, 1, 1), "unknown key #%u", line);
	mc_render_opts opts = {.error_limit = 1};
	STR_EQ(render(&f, MC_FORMAT_HUMAN, &opts),
	       "error[E0101]: unknown key #1\n"
	       " --> a.yaml:1:1\n"
	       "  |\n"
	       "1 | a: 1\n"
	       "  | ^\n"
	       "\n"
	       "error: too many errors (2 more not shown; use --error-limit 0 to see all)\n"
	       "error: could not check due to 3 errors\n");
	opts.error_limit = 3; /* exactly as many as there are: nothing left out */
	CHECK(strstr(render(&f, MC_FORMAT_HUMAN, &opts), "too many") == NULL);
	teardown(&f);
}

static void test_json(void)
{
	fixture f;
	setup(&f);
	uint32_t id = add(&f.s, "examples/bad.yaml", bad_yaml);
	mc_diag *g = unknown_key(&f, id);
	bare_label(&f, g, at(&f.s, id, 10, 3, 6));
	g = mc_diag_add(&f.d, MC_CODE_NONE, MC_NO_SPAN, "bad \"quote\" \x01 and \xff byte");
	mc_diag_set_level(&f.d, g, MC_LEVEL_WARNING);
	mc_diag_note(&f.d, g, "n1");
	const char *files[] = {"examples/bad.yaml"};
	mc_render_opts opts = {.files = files, .nfiles = 1};
	STR_EQ(render(&f, MC_FORMAT_JSON, &opts),
	       "{\n"
	       "  \"format_version\": \"1.0\",\n"
	       "  \"valid\": false,\n"
	       "  \"error_count\": 1,\n"
	       "  \"warning_count\": 1,\n"
	       "  \"files\": [\n"
	       "    \"examples/bad.yaml\"\n"
	       "  ],\n"
	       "  \"diagnostics\": [\n"
	       "    {\n"
	       "      \"level\": \"error\",\n"
	       "      \"code\": \"E0101\",\n"
	       "      \"message\": \"unknown key `treshold` in alarm `memory`\",\n"
	       "      \"spans\": [\n"
	       "        {\n"
	       "          \"file\": \"examples/bad.yaml\",\n"
	       "          \"byte_start\": 168,\n"
	       "          \"byte_end\": 176,\n"
	       "          \"line_start\": 12,\n"
	       "          \"column_start\": 5,\n"
	       "          \"line_end\": 12,\n"
	       "          \"column_end\": 13,\n"
	       "          \"is_primary\": true,\n"
	       "          \"label\": \"not a key of an alarm\"\n"
	       "        },\n"
	       "        {\n"
	       "          \"file\": \"examples/bad.yaml\",\n"
	       "          \"byte_start\": 127,\n"
	       "          \"byte_end\": 133,\n"
	       "          \"line_start\": 10,\n"
	       "          \"column_start\": 3,\n"
	       "          \"line_end\": 10,\n"
	       "          \"column_end\": 9,\n"
	       "          \"is_primary\": false,\n"
	       "          \"label\": null\n"
	       "        }\n"
	       "      ],\n"
	       "      \"notes\": [],\n"
	       "      \"help\": \"did you mean `threshold`?\",\n"
	       "      \"rendered\": \"error[E0101]: unknown key `treshold` in alarm `memory`\\n"
	       "  --> examples/bad.yaml:12:5\\n   |\\n10 |   memory:\\n   |   ------\\n"
	       "...\\n12 |     treshold: 90\\n   |     ^^^^^^^^ not a key of an alarm\\n"
	       "   |\\n   = help: did you mean `threshold`?\\n\"\n"
	       "    },\n"
	       "    {\n"
	       "      \"level\": \"warning\",\n"
	       "      \"code\": null,\n"
	       "      \"message\": \"bad \\\"quote\\\" \\u0001 and \xef\xbf\xbd byte\",\n"
	       "      \"spans\": [],\n"
	       "      \"notes\": [\n"
	       "        \"n1\"\n"
	       "      ],\n"
	       "      \"help\": null,\n"
	       "      \"rendered\": \"warning: bad \\\"quote\\\" ? and ? byte\\n  = note: n1\\n\"\n"
	       "    }\n"
	       "  ]\n"
	       "}\n");

	/* No diagnostics: valid, and the files default to the registered sources. */
	teardown(&f);
	setup(&f);
	add(&f.s, "a.yaml", "a: 1\n");
	STR_EQ(render(&f, MC_FORMAT_JSON, NULL),
	       "{\n"
	       "  \"format_version\": \"1.0\",\n"
	       "  \"valid\": true,\n"
	       "  \"error_count\": 0,\n"
	       "  \"warning_count\": 0,\n"
	       "  \"files\": [\n"
	       "    \"a.yaml\"\n"
	       "  ],\n"
	       "  \"diagnostics\": []\n"
	       "}\n");
	teardown(&f);
}

static void test_github(void)
{
	fixture f;
	setup(&f);
	uint32_t id = add(&f.s, "dir,x/bad:1.yaml", bad_yaml);
	mc_diag *g = unknown_key(&f, id);
	mc_diag_note(&f.d, g, "100%% sure\r\n::error::injected");
	g = mc_diag_add(&f.d, MC_E0011, at(&f.s, id, 1, 1, 5), "a warning");
	mc_diag_set_level(&f.d, g, MC_LEVEL_WARNING);
	g = mc_diag_add(&f.d, MC_E0011, at(&f.s, id, 2, 1, 7), "a note");
	mc_diag_set_level(&f.d, g, MC_LEVEL_NOTE);
	mc_diag_add(&f.d, MC_E0001, MC_NO_SPAN, "cannot read `x.yaml`");
	mc_diag_add(&f.d, MC_CODE_NONE, MC_NO_SPAN, "bad \x1b flag");
	STR_EQ(render(&f, MC_FORMAT_GITHUB, NULL),
	       "::error file=dir%2Cx/bad%3A1.yaml,line=12,col=5,endLine=12,endColumn=13,"
	       "title=E0101 unknown key::unknown key `treshold` in alarm `memory`"
	       "%0Anot a key of an alarm%0Anote: 100%25 sure%0D%0A::error::injected"
	       "%0Ahelp: did you mean `threshold`?\n"
	       "::error title=E0001 cannot read input file::cannot read `x.yaml`\n"
	       "::error::bad ? flag\n"
	       "::warning file=dir%2Cx/bad%3A1.yaml,line=1,col=1,endLine=1,endColumn=6,"
	       "title=E0011 duplicate mapping key::a warning\n"
	       "::notice file=dir%2Cx/bad%3A1.yaml,line=2,col=1,endLine=2,endColumn=8,"
	       "title=E0011 duplicate mapping key::a note\n"
	       "moncc: 3 errors, 1 warning\n");
	teardown(&f);

	setup(&f);
	STR_EQ(render(&f, MC_FORMAT_GITHUB, NULL), "moncc: no problems found\n");
	teardown(&f);

	/* 12 errors and 11 warnings: 10 of each, then the notice about the rest. */
	setup(&f);
	id = add(&f.s, "a.yaml", "a: 1\n");
	for (int i = 0; i < 12; i++)
		mc_diag_add(&f.d, MC_E0101, (mc_span){id, 0, 1}, "e%d", i);
	for (int i = 0; i < 11; i++) {
		g = mc_diag_add(&f.d, MC_E0101, (mc_span){id, 0, 1}, "w%d", i);
		mc_diag_set_level(&f.d, g, MC_LEVEL_WARNING);
	}
	const char *s = render(&f, MC_FORMAT_GITHUB, NULL);
	CHECK(strstr(s, "::e9\n") != NULL);
	CHECK(strstr(s, "::e10\n") == NULL);
	CHECK(strstr(s, "::w9\n") != NULL);
	CHECK(strstr(s, "::w10\n") == NULL);
	const char *tail = "::notice title=moncc::2 more errors and 1 more warning are not shown "
	                   "as annotations; run moncc check locally to see them all\n"
	                   "moncc: 12 errors, 11 warnings\n";
	CHECK(strlen(s) > strlen(tail) && strcmp(s + strlen(s) - strlen(tail), tail) == 0);
	teardown(&f);

	/* 10 notes and one error too many: the dropped-notice takes a note's place. */
	setup(&f);
	id = add(&f.s, "a.yaml", "a: 1\n");
	for (int i = 0; i < 11; i++)
		mc_diag_add(&f.d, MC_E0101, (mc_span){id, 0, 1}, "e%d", i);
	for (int i = 0; i < 10; i++) {
		g = mc_diag_add(&f.d, MC_E0101, (mc_span){id, 0, 1}, "n%d", i);
		mc_diag_set_level(&f.d, g, MC_LEVEL_NOTE);
	}
	s = render(&f, MC_FORMAT_GITHUB, NULL);
	CHECK(strstr(s, "::n8\n") != NULL);
	CHECK(strstr(s, "::n9\n") == NULL);
	tail = "::notice title=moncc::1 more error and 1 more note are not shown as annotations; "
	       "run moncc check locally to see them all\n"
	       "moncc: 11 errors\n";
	CHECK(strlen(s) > strlen(tail) && strcmp(s + strlen(s) - strlen(tail), tail) == 0);
	teardown(&f);
}

/* Pins the whole SARIF log; the rule table lists only the codes the results use. */
static void test_sarif(void)
{
	fixture f;
	setup(&f);
	uint32_t id = add(&f.s, "my dir/bad.yaml", bad_yaml);
	uint32_t abs = add(&f.s, "/abs/b.yaml", "x: 1\n");
	mc_diag *g = unknown_key(&f, id);
	mc_diag_label(&f.d, g, at(&f.s, abs, 1, 1, 1), "defined here");
	bare_label(&f, g, at(&f.s, id, 10, 3, 6));
	mc_diag_note(&f.d, g, "a note");
	g = mc_diag_add(&f.d, MC_CODE_NONE, MC_NO_SPAN, "no code");
	mc_diag_set_level(&f.d, g, MC_LEVEL_WARNING);
	const char *files[] = {"my dir/bad.yaml"};
	mc_render_opts opts = {.version = "0.1.0", .files = files, .nfiles = 1};
	const char *s = render(&f, MC_FORMAT_SARIF, &opts);

	json_error_t err;
	json_t *root = json_loads(s, 0, &err);
	CHECK(root != NULL);
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"),
	                                "rules");
	INT_EQ(json_array_size(rules), 1);
	char *rule = json_dumps(json_array_get(rules, 0), JSON_INDENT(2));
	STR_EQ(rule, "{\n"
	             "  \"id\": \"E0101\",\n"
	             "  \"name\": \"UnknownKey\",\n"
	             "  \"shortDescription\": {\n"
	             "    \"text\": \"unknown key\"\n"
	             "  },\n"
	             "  \"fullDescription\": {\n"
	             "    \"text\": \"See `moncc explain E0101`.\"\n"
	             "  },\n"
	             "  \"defaultConfiguration\": {\n"
	             "    \"level\": \"error\"\n"
	             "  },\n"
	             "  \"help\": {\n"
	             "    \"text\": \"Run `moncc explain E0101` for the long explanation.\"\n"
	             "  }\n"
	             "}");
	free(rule);
	/* Replace the rule table, then compare everything else byte for byte. */
	json_array_clear(rules);
	char *rest = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	STR_EQ(rest,
	       "{\n"
	       "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	       "  \"version\": \"2.1.0\",\n"
	       "  \"runs\": [\n"
	       "    {\n"
	       "      \"tool\": {\n"
	       "        \"driver\": {\n"
	       "          \"name\": \"moncc\",\n"
	       "          \"version\": \"0.1.0\",\n"
	       "          \"rules\": []\n"
	       "        }\n"
	       "      },\n"
	       "      \"artifacts\": [\n"
	       "        {\n"
	       "          \"location\": {\n"
	       "            \"uri\": \"my%20dir/bad.yaml\",\n"
	       "            \"uriBaseId\": \"%SRCROOT%\"\n"
	       "          }\n"
	       "        },\n"
	       "        {\n"
	       "          \"location\": {\n"
	       "            \"uri\": \"file:///abs/b.yaml\"\n"
	       "          }\n"
	       "        }\n"
	       "      ],\n"
	       "      \"results\": [\n"
	       "        {\n"
	       "          \"ruleId\": \"E0101\",\n"
	       "          \"ruleIndex\": 0,\n"
	       "          \"level\": \"error\",\n"
	       "          \"message\": {\n"
	       "            \"text\": \"unknown key `treshold` in alarm `memory`\\na note\\n"
	       "did you mean `threshold`?\"\n"
	       "          },\n"
	       "          \"locations\": [\n"
	       "            {\n"
	       "              \"physicalLocation\": {\n"
	       "                \"artifactLocation\": {\n"
	       "                  \"uri\": \"my%20dir/bad.yaml\",\n"
	       "                  \"uriBaseId\": \"%SRCROOT%\",\n"
	       "                  \"index\": 0\n"
	       "                },\n"
	       "                \"region\": {\n"
	       "                  \"startLine\": 12,\n"
	       "                  \"startColumn\": 5,\n"
	       "                  \"endLine\": 12,\n"
	       "                  \"endColumn\": 13,\n"
	       "                  \"byteOffset\": 168,\n"
	       "                  \"byteLength\": 8\n"
	       "                }\n"
	       "              }\n"
	       "            }\n"
	       "          ],\n"
	       "          \"relatedLocations\": [\n"
	       "            {\n"
	       "              \"id\": 1,\n"
	       "              \"physicalLocation\": {\n"
	       "                \"artifactLocation\": {\n"
	       "                  \"uri\": \"file:///abs/b.yaml\",\n"
	       "                  \"index\": 1\n"
	       "                },\n"
	       "                \"region\": {\n"
	       "                  \"startLine\": 1,\n"
	       "                  \"startColumn\": 1,\n"
	       "                  \"endLine\": 1,\n"
	       "                  \"endColumn\": 2,\n"
	       "                  \"byteOffset\": 0,\n"
	       "                  \"byteLength\": 1\n"
	       "                }\n"
	       "              },\n"
	       "              \"message\": {\n"
	       "                \"text\": \"defined here\"\n"
	       "              }\n"
	       "            },\n"
	       "            {\n"
	       "              \"id\": 2,\n"
	       "              \"physicalLocation\": {\n"
	       "                \"artifactLocation\": {\n"
	       "                  \"uri\": \"my%20dir/bad.yaml\",\n"
	       "                  \"uriBaseId\": \"%SRCROOT%\",\n"
	       "                  \"index\": 0\n"
	       "                },\n"
	       "                \"region\": {\n"
	       "                  \"startLine\": 10,\n"
	       "                  \"startColumn\": 3,\n"
	       "                  \"endLine\": 10,\n"
	       "                  \"endColumn\": 9,\n"
	       "                  \"byteOffset\": 127,\n"
	       "                  \"byteLength\": 6\n"
	       "                }\n"
	       "              }\n"
	       "            }\n"
	       "          ],\n"
	       "          \"partialFingerprints\": {\n"
	       "            \"moncc/v1\": \"ca25324d5f31ebfd\"\n"
	       "          }\n"
	       "        },\n"
	       "        {\n"
	       "          \"level\": \"warning\",\n"
	       "          \"message\": {\n"
	       "            \"text\": \"no code\"\n"
	       "          },\n"
	       "          \"partialFingerprints\": {\n"
	       "            \"moncc/v1\": \"399f41ab02a049e1\"\n"
	       "          }\n"
	       "        }\n"
	       "      ],\n"
	       "      \"columnKind\": \"unicodeCodePoints\"\n"
	       "    }\n"
	       "  ]\n"
	       "}");
	free(rest);
	teardown(&f);
}

int main(void)
{
	test_format_parse();
	test_human_basic();
	test_human_labels();
	test_human_other_file();
	test_human_columns();
	test_human_span_edges();
	test_human_sourceless();
	test_human_error_limit();
	test_json();
	test_github();
	test_sarif();
	return harness_done();
}
