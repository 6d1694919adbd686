/*
 * One fuzz input -> the front end, the middle and the emitters -> all four renderings ->
 * nothing left behind.
 *
 * Consumes bytes: the first selects options so that one corpus explores tight limits too, the
 * rest is the document. Produces nothing but the absence of crashes, leaks and sanitizer
 * reports: it loads the document with mc_load_yaml_buffer, validates it against the spec
 * schema and, when that finds no error, loads the templates and lowers the spec to the IR, as
 * `moncc check` does. The fuzzer must not read files, so `imports:` is ignored, unless bit 7
 * is set: then the document is cut at each line that starts with `#@template`, the part
 * before the first is the spec and the i-th part after it is the file of the i-th import
 * (mc_templates_load_memory), so that local templates and their composition are fuzzed too.
 * An IR that lowering returns must pass mc_ir_verify (a violation is a moncc bug, so it
 * aborts), is printed as JSON and goes through every emitter of `moncc build` (dashboards,
 * alarms, CloudFormation, Grafana, the Markdown guides), which stage their files in a
 * temporary folder of the fuzzer's own, emptied after each input. Then it sorts the
 * diagnostics, renders them as human (with and without colour), json, github and sarif into
 * a buffer, and releases the buffer, the templates, the sink, the sources and the arena.
 * The option byte:
 *   bits 0-2  max_depth = 8 + 8 * value          (8..64; 64 is the default)
 *   bit 3     max_nodes = 1000 instead of the default budget (alias bombs trip it quickly)
 *   bit 4     skip validation, templates and lowering (loader and renderers only)
 *   bit 5     human output in colour
 *   bit 6     error_limit 3 for the human output (0 = no limit otherwise)
 *   bit 7     the imports follow the spec, each after a `#@template` line
 */
#define _POSIX_C_SOURCE 200809L

#include "fuzz_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diag/diag.h"
#include "diag/render.h"
#include "diag/source.h"
#include "emit/emit.h"
#include "emit/out.h"
#include "ir/ir_json.h"
#include "ir/ir_verify.h"
#include "load/load.h"
#include "lower/lower.h"
#include "output/build.h"
#include "schema/validate.h"
#include "sema/format.h"
#include "template/template.h"

enum {
	OPT_DEPTH_MASK = 0x07,
	OPT_FEW_NODES = 1 << 3,
	OPT_NO_VALIDATE = 1 << 4,
	OPT_COLOR = 1 << 5,
	OPT_ERROR_LIMIT = 1 << 6,
	OPT_IMPORTS = 1 << 7,
};

/* The line that starts each import file under OPT_IMPORTS. */
static const char template_mark[] = "#@template";

/* The import files after the spec; at most this many are read, the rest stays in the last. */
enum { MAX_IMPORTS = 8 };

typedef struct {
	size_t spec_len; /* the spec is doc[0, spec_len) */
	mc_template_bytes files[MAX_IMPORTS];
	size_t nfiles;
} split_doc;

/* The start of the next line of doc[0, len) that begins with template_mark, or len. */
static size_t find_mark(const char *doc, size_t len, size_t from)
{
	size_t n = sizeof template_mark - 1;
	for (size_t i = from; i + n <= len; i++)
		if ((i == 0 || doc[i - 1] == '\n') && memcmp(doc + i, template_mark, n) == 0)
			return i;
	return len;
}

/* Cuts doc at the marks: the spec, then up to MAX_IMPORTS files (each from its mark on). */
static void split_imports(const char *doc, size_t len, split_doc *out)
{
	out->nfiles = 0;
	out->spec_len = find_mark(doc, len, 0);
	size_t at = out->spec_len;
	while (at < len && out->nfiles < MAX_IMPORTS) {
		size_t next = out->nfiles + 1 < MAX_IMPORTS ? find_mark(doc, len, at + 1) : len;
		out->files[out->nfiles++] = (mc_template_bytes){doc + at, next - at};
		at = next;
	}
}

/* The name the document is registered under; it appears in every rendering. */
static const char *const fuzz_path = "fuzz.yaml";

/* The staging folder of the emitters: made on first use, removed at exit. */
static char stage_dir[4096];

static void remove_stage(void)
{
	if (stage_dir[0])
		rmdir(stage_dir);
}

static const char *stage(void)
{
	if (stage_dir[0])
		return stage_dir;
	const char *tmp = getenv("TMPDIR");
	snprintf(stage_dir, sizeof stage_dir, "%s/moncc-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(stage_dir)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(remove_stage);
	return stage_dir;
}

/*
 * `moncc build` without the move into place: every emitter over the IR, the spec's own
 * `outputs:` paths, the staged files deleted again. Emitters fail only on I/O (emit.h), so
 * a spec cannot make them report; two outputs on one path are a CONFLICT, not a crash.
 */
static void emit_all(const mc_ir *ir, const mc_node *root, const mc_sources *srcs)
{
	char *dir = NULL;
	mc_output_paths paths;
	mc_buf err = MC_BUF_INIT;
	if (mc_build_paths(fuzz_path, root, "out", &dir, &paths, &err) != 0) {
		mc_buf_release(&err);
		return; /* an absolute path in `outputs:` */
	}
	struct mc_emit_counts counts = {0};
	mc_emit_ctx cx = {
		.ir = ir,
		.srcs = srcs,
		.spec_path = fuzz_path,
		.spec_hash = "0000000000000000000000000000000000000000000000000000000000000000",
		.paths = paths,
		.header = "Generated by moncc from fuzz.yaml (fuzz).",
		.counts = &counts,
	};
	mc_outputs *os = mc_outputs_new(stage());
	for (const mc_emitter *e = mc_emitters; e->name; e++) {
		mc_outputs_set_emitter(os, e->name);
		e->fn(&cx, os);
		mc_outputs_close(os);
	}
	mc_outputs_finish(os);
	for (size_t i = 0; i < mc_outputs_count(os); i++)
		unlink(mc_outputs_file(os, i)->staged);
	mc_outputs_free(os);
	mc_buf_release(&err);
	free(dir);
}

/*
 * The middle of `moncc check` on a valid tree: the stdlib templates, then lowering. The IR
 * goes through the invariant checker in every build here (lowering runs it in debug builds
 * only), because a fuzzer finds exactly the specs whose IR nobody thought of.
 */
static void lower_tree(const mc_node *root, const split_doc *imports, mc_sources *srcs,
                       const mc_load_limits *lim, mc_arena *arena, mc_diags *d, mc_buf *out)
{
	mc_templates *ts = imports ? mc_templates_load_memory(srcs, mc_node_get(root, "imports"),
	                                                      imports->files, imports->nfiles,
	                                                      lim, arena, d)
	                           : mc_templates_load(srcs, NULL, NULL, lim, arena, d);
	mc_ir *ir = mc_lower(root, fuzz_path, ts, srcs, arena, d);
	if (ir) {
		mc_buf report = MC_BUF_INIT;
		if (mc_ir_verify(ir, &report) != 0) {
			fprintf(stderr, "fuzz: the IR breaks its invariants:\n%s",
			        mc_buf_str(&report));
			abort();
		}
		mc_buf_release(&report);
		mc_ir_to_json(ir, srcs, out);
		emit_all(ir, root, srcs);
	}
	mc_templates_free(ts);
}

int mc_fuzz_one(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned opt = data[0];
	const char *doc = (const char *)data + 1;
	size_t len = size - 1;

	mc_load_limits lim;
	mc_load_limits_default(&lim);
	lim.max_depth = 8 + 8 * (size_t)(opt & OPT_DEPTH_MASK);
	if (opt & OPT_FEW_NODES)
		lim.max_nodes = 1000;

	mc_arena *arena = mc_arena_new();
	mc_sources srcs;
	mc_diags d;
	mc_sources_init(&srcs);
	mc_diags_init(&d, arena);

	split_doc imports = {.spec_len = len};
	if (opt & OPT_IMPORTS)
		split_imports(doc, len, &imports);

	mc_buf out = MC_BUF_INIT;
	mc_node *root =
	        mc_load_yaml_buffer(&srcs, fuzz_path, doc, imports.spec_len, &lim, arena, &d);
	if (root && !(opt & OPT_NO_VALIDATE)) {
		mc_validate_with(mc_schema_spec(), root, mc_sema_format_check, &srcs, &d);
		/* The driver's gate: only a tree without errors goes on to the middle. */
		if (d.nerrors == 0)
			lower_tree(root, (opt & OPT_IMPORTS) ? &imports : NULL, &srcs, &lim, arena,
			           &d, &out);
	}
	mc_diags_sort(&d);

	const char *const files[] = {fuzz_path};
	mc_render_opts ro = {
		.color = (opt & OPT_COLOR) != 0,
		.error_limit = (opt & OPT_ERROR_LIMIT) ? 3 : 0,
		.version = "fuzz",
		.files = files,
		.nfiles = 1,
	};
	mc_render(MC_FORMAT_HUMAN, &d, &srcs, &ro, &out);
	mc_render(MC_FORMAT_JSON, &d, &srcs, &ro, &out);
	mc_render(MC_FORMAT_GITHUB, &d, &srcs, &ro, &out);
	mc_render(MC_FORMAT_SARIF, &d, &srcs, &ro, &out);

	mc_buf_release(&out);
	mc_diags_release(&d);
	mc_sources_release(&srcs);
	mc_arena_free(arena);
	return 0;
}
