/*
 * `moncc check SPEC...`: runs the driver on the specs and reports.
 *
 * Human format writes to standard error, in this order: `SPEC: ok` for each spec without
 * errors (unless -q), one line for each problem without a source (a file that cannot be
 * read), then the rendered diagnostics with their summary line. Machine formats write one
 * document for all specs to standard output. Nothing else is written.
 */
#include <stdlib.h>

#include "base/xalloc.h"
#include "cli/cli.h"
#include "driver/check.h"

static void render_human(mc_cli *cli, mc_session *s)
{
	if (!cli->quiet) {
		for (size_t i = 0; i < s->nfiles; i++) {
			const mc_check_file *f = &s->files[i];
			const mc_source *src = mc_sources_get(&s->sources, f->file);
			if (src && f->nerrors == 0)
				mc_buf_printf(&cli->err, "%s: ok\n", src->path);
		}
	}

	/* The renderer gets only the diagnostics it can show with an excerpt, and counts
	 * only those in its summary; the others were one line each above. */
	mc_diags view = {.arena = s->diags.arena};
	view.v = mc_xcalloc(s->diags.len ? s->diags.len : 1, sizeof *view.v);
	for (size_t i = 0; i < s->diags.len; i++) {
		mc_diag *g = s->diags.v[i];
		if (g->nlabels == 0 || g->labels[0].span.file == 0) {
			mc_cli_render_sourceless(cli, g);
			continue;
		}
		view.v[view.len++] = g;
		if (g->level == MC_LEVEL_ERROR)
			view.nerrors++;
		else if (g->level == MC_LEVEL_WARNING)
			view.nwarnings++;
	}
	view.cap = s->diags.len;
	if (view.len) {
		mc_render_opts opts = {
			.color = cli->color,
			.error_limit = cli->error_limit,
			.version = MONCC_VERSION,
			.files = cli->args,
			.nfiles = cli->nargs,
		};
		mc_render_human(&view, &s->sources, &opts, &cli->err);
	}
	free(view.v);
}

int mc_cli_cmd_check(mc_cli *cli)
{
	if (cli->nargs == 0) {
		mc_cli_usage_error(cli, "give the path of a spec, or `-` for standard input",
		                   "no SPEC to check");
		return mc_cli_report_usage_error(cli);
	}

	mc_session s;
	mc_session_init(&s);
	int rc = mc_check_paths(&s, cli->args, cli->nargs);
	if (cli->format == MC_FORMAT_HUMAN) {
		render_human(cli, &s);
	} else {
		mc_render_opts opts = {
			.color = false,
			.error_limit = 0,
			.version = MONCC_VERSION,
			.files = cli->args,
			.nfiles = cli->nargs,
		};
		mc_render(cli->format, &s.diags, &s.sources, &opts, &cli->out);
	}
	mc_session_release(&s);
	return rc;
}
