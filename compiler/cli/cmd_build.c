/*
 * `moncc build SPEC [-o DIR] [--check]`: the check pipeline, then compiler/output.
 *
 * A spec with errors is reported exactly as `moncc check` reports it (human on standard error,
 * json/github/sarif on standard output), exit 1, and nothing is written. A clean spec's
 * warnings are reported the same way, then the build runs. Standard error gets the summary
 * (files per emitter, what was written, the estimated monthly CloudWatch cost) unless -q;
 * --check gets the list of files that differ instead, always (they are the problem).
 */

#include "output/build.h"
#include "cli/cli.h"
#include "driver/check.h"

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "N thing(s)" items of the emitters' counters, only those that are not zero. */
static void counts_line(mc_buf *b, const struct mc_emit_counts *c)
{
	struct {
		size_t n;
		const char *one, *many;
	} items[] = {
		{c->dashboards, "dashboard", "dashboards"},
		{c->widgets, "widget", "widgets"},
		{c->alarms, "alarm", "alarms"},
		{c->high_res_alarms, "high-resolution alarm", "high-resolution alarms"},
		{c->composites, "composite alarm", "composite alarms"},
		{c->anomaly_alarms, "anomaly alarm", "anomaly alarms"},
		{c->templates, "template", "templates"},
		{c->resources, "resource", "resources"},
	};
	bool any = false;
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		if (!items[i].n)
			continue;
		mc_buf_printf(b, "%s%zu %s", any ? ", " : "  generated: ", items[i].n,
		              plural(items[i].n, items[i].one, items[i].many));
		any = true;
	}
	if (any)
		mc_buf_putc(b, '\n');
}

/* One line of the cost table: what, how many of what at which price, the USD. */
static void cost_row(mc_buf *b, const char *what, size_t n, const char *unit, double price,
                     double usd)
{
	mc_buf detail = MC_BUF_INIT;
	mc_buf_printf(&detail, "%zu %s x %.2f", n, unit, price);
	mc_buf_printf(b, "  %-26s %-28s %9.2f\n", what, detail.p, usd);
	mc_buf_release(&detail);
}

static void cost_lines(mc_buf *b, const mc_cost_estimate *c)
{
	const mc_price_table *p = &mc_prices;
	mc_buf_printf(b, "estimated CloudWatch cost: %.2f USD a month (%s list prices of %s)\n",
	              c->total_usd, p->region, p->as_of);
	if (c->standard_metrics)
		cost_row(b, "standard alarms", c->standard_metrics,
		         plural(c->standard_metrics, "metric", "metrics"), p->alarm_metric,
		         c->standard_usd);
	if (c->high_res_metrics)
		cost_row(b, "high-resolution alarms", c->high_res_metrics,
		         plural(c->high_res_metrics, "metric", "metrics"), p->high_res_alarm_metric,
		         c->high_res_usd);
	if (c->anomaly_alarms) {
		mc_buf unit = MC_BUF_INIT;
		mc_buf_printf(&unit, "metrics (%u each)", p->anomaly_metrics);
		cost_row(b, "anomaly-detection alarms", c->anomaly_metrics, unit.p, p->alarm_metric,
		         c->anomaly_usd);
		mc_buf_release(&unit);
	}
	if (c->composites)
		cost_row(b, "composite alarms", c->composites,
		         plural(c->composites, "alarm", "alarms"), p->composite_alarm,
		         c->composite_usd);
	if (c->dashboards) {
		size_t paid = c->dashboards > p->free_dashboards ? c->dashboards - p->free_dashboards
		                                                 : 0;
		cost_row(b, "dashboards", paid, "beyond 3 free", p->dashboard, c->dashboard_usd);
	}
	if (c->math_alarms)
		mc_buf_printf(b, "  (%zu of the alarms use metric math: priced per metric they read)\n",
		              c->math_alarms);
}

static void summary(mc_cli *cli, const char *spec, const mc_build_result *r)
{
	mc_buf *b = &cli->err;
	mc_buf_printf(b, "moncc: built %s into %s: %zu %s (%zu written, %zu unchanged, %zu deleted)\n",
	              spec, r->dir, r->nfiles, plural(r->nfiles, "file", "files"), r->nwritten,
	              r->nunchanged, r->ndeleted);
	for (size_t i = 0; i < r->nemitters; i++)
		mc_buf_printf(b, "  %-16s %zu %s\n", r->emitters[i].name, r->emitters[i].files,
		              plural(r->emitters[i].files, "file", "files"));
	counts_line(b, &r->counts);
	cost_lines(b, &r->cost);
}

static void check_report(mc_cli *cli, const char *spec, const mc_build_result *r)
{
	mc_buf *b = &cli->err;
	if (r->ndiffer == 0) {
		if (!cli->quiet)
			mc_buf_printf(b, "moncc: %s is up to date with %s (%zu %s)\n", r->dir, spec,
			              r->nfiles, plural(r->nfiles, "file", "files"));
		return;
	}
	mc_buf_printf(b, "moncc: %s is out of date: %zu %s not what `moncc build` would write\n",
	              r->dir, r->ndiffer, plural(r->ndiffer, "file is", "files are"));
	for (size_t i = 0; i < r->nchanges; i++) {
		const mc_build_change *c = &r->changes[i];
		switch (c->state) {
		case MC_BUILD_DIFFERS:
			mc_buf_printf(b, "  differs  %s\n", c->path);
			break;
		case MC_BUILD_MISSING:
			mc_buf_printf(b, "  missing  %s\n", c->path);
			break;
		case MC_BUILD_STALE:
			mc_buf_printf(b, "  stale    %s (build would delete it)\n", c->path);
			break;
		default:
			break;
		}
	}
	mc_buf_printf(b, "help: run `moncc build %s%s%s` to update them\n", spec,
	              cli->output_dir ? " -o " : "", cli->output_dir ? cli->output_dir : "");
}

static void list_emitters(mc_cli *cli)
{
	for (const mc_emitter *e = mc_emitters; e->name; e++)
		mc_buf_printf(&cli->out, "%-16s %s\n", e->name, e->what);
}

/*
 * Lint runs on the emitters' pool, beside them, rather than before them: at 1,000 services it
 * is 40 ms of the serial part of a build. Its errors stop the build before anything is
 * committed (mc_build_opts.side_job), so the outcome is the same as linting first.
 */
typedef struct {
	mc_session *s;
	mc_check_file *f;
	bool ran; /* false when the build stopped before its emitters (a bad output path) */
} lint_arg;

enum { LINT_WEIGHT = 45 }; /* ms at 1,000 services, as the emitters' weights */

static int lint_job(void *arg)
{
	lint_arg *a = arg;
	a->ran = true;
	return mc_check_lint(a->s, a->f) ? 1 : 0;
}

/* n and everything under it, copied into a (the nodes only: texts are shared). */
static mc_node *copy_tree(mc_arena *a, const mc_node *n)
{
	mc_node *c = mc_arena_memdup(a, n, sizeof *n);
	if (n->kind == MC_NODE_MAP) {
		c->pairs = mc_arena_alloc(a, (n->npairs ? n->npairs : 1) * sizeof *c->pairs);
		for (size_t i = 0; i < n->npairs; i++)
			c->pairs[i] = (mc_pair){copy_tree(a, n->pairs[i].key),
			                        copy_tree(a, n->pairs[i].value)};
	} else if (n->kind == MC_NODE_SEQ) {
		c->items = mc_arena_alloc(a, (n->nitems ? n->nitems : 1) * sizeof *c->items);
		for (size_t i = 0; i < n->nitems; i++)
			c->items[i] = copy_tree(a, n->items[i]);
	}
	return c;
}

/*
 * A document of the spec's `outputs:` alone, in the session arena: all the build reads of
 * the tree, so the rest of it can be freed before the emitters run (mc_session_drop_trees).
 */
static const mc_node *outputs_only(mc_session *s, const mc_node *root)
{
	const mc_pair *p = root ? mc_node_get_pair(root, "outputs") : NULL;
	mc_node *doc = mc_arena_memdup(s->arena, root ? root : &(mc_node){0}, sizeof *doc);
	doc->kind = MC_NODE_MAP;
	doc->npairs = p != NULL;
	doc->pairs = mc_arena_alloc(s->arena, sizeof *doc->pairs);
	if (p)
		doc->pairs[0] = (mc_pair){copy_tree(s->arena, p->key), copy_tree(s->arena, p->value)};
	return doc;
}

int mc_cli_cmd_build(mc_cli *cli)
{
	if (cli->list) {
		list_emitters(cli);
		return MC_EXIT_OK;
	}
	if (cli->nargs != 1) {
		if (cli->nargs == 0)
			mc_cli_usage_error(cli, "give the path of a spec, or `-` for standard input",
			                   "no SPEC to build");
		else
			mc_cli_usage_error(cli, "run `moncc build` once per spec",
			                   "`build` takes one SPEC, not %zu", cli->nargs);
		return mc_cli_report_usage_error(cli);
	}

	mc_session s;
	mc_session_init(&s);
	s.defer_lint = true; /* linted beside the emitters (lint_job) */
	mc_session_keep_trees_apart(&s);
	int rc = mc_check_paths(&s, cli->args, 1);
	mc_check_file *f = s.nfiles == 1 ? &s.files[0] : NULL;
	if (rc != 0) /* else shown after the build, with lint's */
		mc_cli_render_diags(cli, &s, false);
	if (rc == 0 && (!f || !f->ir)) {
		mc_cli_render_diags(cli, &s, false);
		rc = mc_cli_report_failure(cli, "no IR for `%s` (a bug in moncc)", cli->args[0]);
	}
	if (rc != 0) {
		mc_session_release(&s);
		return rc;
	}

	const mc_source *src = mc_sources_get(&s.sources, f->file);
	const mc_node *root = outputs_only(&s, f->root);
	mc_session_drop_trees(&s); /* the IR points at texts, never at nodes */
	lint_arg lint = {&s, f, false};
	mc_build_opts opts = {
		.spec_path = cli->args[0],
		.spec_text = src->text,
		.spec_len = src->len,
		.root = root,
		.out_dir = cli->output_dir,
		.check = cli->check_only,
		.side_job = lint_job,
		.side_arg = &lint,
		.side_weight = LINT_WEIGHT,
	};
	mc_build_result res;
	rc = mc_build_run(f->ir, &s.sources, &opts, &res);
	if (!lint.ran)
		lint_job(&lint);
	if (s.diags.len) { /* lint's findings: before the summary, as `moncc check` shows them */
		mc_diags_sort(&s.diags);
		mc_cli_render_diags(cli, &s, false);
	}
	if (f->nerrors) {
		rc = 1; /* lint found errors: mc_build_run committed nothing */
	} else if (res.error) {
		mc_buf_printf(&cli->err, "moncc: error: %s\n", res.error);
		if (!res.committing)
			mc_buf_printf(&cli->err, "moncc: nothing in %s was changed\n",
			              res.dir ? res.dir : "the output directory");
	} else if (cli->check_only) {
		check_report(cli, cli->args[0], &res);
	} else if (!cli->quiet) {
		summary(cli, cli->args[0], &res);
	}
	mc_build_result_release(&res);
	mc_session_release(&s);
	return rc;
}
