/*
 * `moncc docs [DIR] [--check]`: the generated reference docs (compiler/docgen) written into
 * DIR (default `docs`) by the build's staging and commit (compiler/output), or compared.
 *
 * The kinds come from the template registry with no imports (the stdlib, embedded), the
 * schema from the embedded spec schema, so the pages describe exactly this moncc. The set of
 * generated files is tracked in DIR/.moncc-docs-manifest, separate from any build's
 * manifest: only files listed there are ever deleted, never hand-written docs.
 */
#include "cli/cli.h"
#include "docgen/docgen.h"
#include "output/build.h"
#include "schema/validate.h"
#include "template/template.h"

#define DOCS_MANIFEST ".moncc-docs-manifest"

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void check_report(mc_cli *cli, const mc_build_result *r)
{
	mc_buf *b = &cli->err;
	if (r->ndiffer == 0) {
		if (!cli->quiet)
			mc_buf_printf(b, "moncc: the reference docs in %s are up to date (%zu %s)\n",
			              r->dir, r->nfiles, plural(r->nfiles, "file", "files"));
		return;
	}
	mc_buf_printf(b, "moncc: the reference docs in %s are out of date: %zu %s not what "
	                 "`moncc docs` would write\n",
	              r->dir, r->ndiffer, plural(r->ndiffer, "file is", "files are"));
	for (size_t i = 0; i < r->nchanges; i++) {
		const mc_build_change *c = &r->changes[i];
		const char *what = c->state == MC_BUILD_DIFFERS  ? "differs "
		                   : c->state == MC_BUILD_MISSING ? "missing "
		                   : c->state == MC_BUILD_STALE   ? "stale   "
		                                                  : NULL;
		if (what)
			mc_buf_printf(b, "  %s %s%s\n", what, c->path,
			              c->state == MC_BUILD_STALE ? " (docs would delete it)" : "");
	}
	mc_buf_printf(b, "help: run `moncc docs %s` to update them\n", r->dir);
}

int mc_cli_cmd_docs(mc_cli *cli)
{
	if (cli->nargs > 1 || (cli->nargs == 1 && cli->output_dir)) {
		mc_cli_usage_error(cli, "give the folder once, as DIR or as `-o DIR`",
		                   "unexpected argument `%s`", cli->args[cli->nargs - 1]);
		return mc_cli_report_usage_error(cli);
	}
	const char *dir = cli->nargs ? cli->args[0] : cli->output_dir ? cli->output_dir : "docs";

	mc_arena *arena = mc_arena_new();
	mc_sources srcs;
	mc_sources_init(&srcs);
	mc_diags d;
	mc_diags_init(&d, arena);
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	mc_templates *ts = mc_templates_load(&srcs, NULL, NULL, &lim, arena, &d);
	int rc = MC_EXIT_OK;
	if (d.nerrors) {
		rc = mc_cli_report_failure(cli, "the stdlib templates have errors (a bug in moncc)");
		goto out;
	}

	mc_docgen_input in = {.srcs = &srcs, .schema_source = "schema/moncc.schema.json"};
	in.kinds = mc_templates_all(ts, &in.nkinds);
	in.schema = mc_schema_spec_text(&in.schema_len);
	static const mc_emitter table[] = {
		{"docs", "reference docs of the stdlib kinds and the spec", mc_docgen_emit, 0},
		{NULL, NULL, NULL, 0},
	};
	mc_build_opts opts = {
		.out_dir = dir,
		.check = cli->check_only,
		.emitters = table,
		.manifest = DOCS_MANIFEST,
		.command = "moncc docs",
		.emit_data = &in,
	};
	mc_build_result res;
	rc = mc_build_run(NULL, &srcs, &opts, &res);
	if (res.error) {
		mc_buf_printf(&cli->err, "moncc: error: %s\n", res.error);
		if (!res.committing)
			mc_buf_printf(&cli->err, "moncc: nothing in %s was changed\n", dir);
	} else if (cli->check_only) {
		check_report(cli, &res);
	} else if (!cli->quiet) {
		mc_buf_printf(&cli->err, "moncc: wrote the reference docs into %s: %zu %s (%zu written, "
		                         "%zu unchanged, %zu deleted)\n",
		              res.dir, res.nfiles, plural(res.nfiles, "file", "files"), res.nwritten,
		              res.nunchanged, res.ndeleted);
	}
	mc_build_result_release(&res);
out:
	mc_templates_free(ts);
	mc_diags_release(&d);
	mc_sources_release(&srcs);
	mc_arena_free(arena);
	return rc;
}
