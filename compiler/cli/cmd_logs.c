/*
 * `moncc logs test SPEC LOGFILE... [--expect FILE] [-v]`: runs every metric filter of a
 * spec (after templates) over sample log lines, offline.
 *
 * Each line of each LOGFILE is one log event (a JSON line is matched whole). For each
 * filter, in id order, prints the number of matching lines and the sum of the values its
 * `value:` extracts (what CloudWatch would add to the metric); `-v` also lists the lines.
 * `--expect FILE` (YAML or JSON, `filter-id: count`) compares the counts and exits 1 on any
 * difference, naming each one: this is what CI runs. A LOGFILE written `GROUP=FILE` holds the
 * events of log group GROUP only, and only that group's filters read it, as in CloudWatch; a
 * plain FILE is read by every filter. The spec's diagnostics are reported as
 * `check` does; a spec with errors stops here (exit 1).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "cli/cli.h"
#include "load/load.h"
#include "logs/filter.h"

typedef struct {
	const char *file;
	const char *group; /* NULL: read by every filter */
	size_t line;
	const char *text;
	size_t len;
} event;

typedef struct {
	const mc_ir_log_filter *f;
	size_t matches, nvalues;
	double sum;
	size_t *hits; /* indexes into the events */
} result;

/* Splits a registered source into events (lines, without `\r\n`; empty lines skipped). */
static void add_events(const mc_source *src, const char *path, const char *group, event **v,
                       size_t *n, size_t *cap)
{
	const char *p = src->text, *end = src->text + src->len;
	size_t line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		line++;
		size_t len = (size_t)(e - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len) {
			MC_GROW(*v, *cap, *n + 1);
			(*v)[(*n)++] = (event){path, group, line, p, len};
		}
		p = nl ? nl + 1 : end;
	}
}

/*
 * `GROUP=FILE`: the log group and the file of a LOGFILE argument. Log group names have no
 * `=` ([.-_/#A-Za-z0-9]), so the first `=` after a valid name splits; an existing file of the
 * whole name wins, so `a=b.log` in the current folder is read as a file.
 */
static const char *split_group(const char *arg, mc_arena *arena, const char **group)
{
	*group = NULL;
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return arg;
	for (const char *p = arg; p < eq; p++)
		if (!(((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') ||
		      strchr(".-_/#", *p)))
			return arg;
	FILE *f = fopen(arg, "rb");
	if (f) {
		fclose(f);
		return arg;
	}
	*group = mc_arena_strndup(arena, arg, (size_t)(eq - arg));
	return eq + 1;
}

/* A log line for a terminal: control bytes (the ANSI colour escapes) become `?`. */
static void put_line(mc_buf *b, const event *e)
{
	mc_buf_printf(b, "  %s:%zu: ", e->file, e->line);
	for (size_t i = 0; i < e->len; i++) {
		unsigned char c = (unsigned char)e->text[i];
		mc_buf_putc(b, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	mc_buf_putc(b, '\n');
}

static void print_human(mc_cli *cli, const result *r, size_t nr, const event *ev)
{
	for (size_t i = 0; i < nr; i++) {
		mc_buf_printf(&cli->out, "%s: %zu matching line%s, sum %.15g\n", r[i].f->id,
		              r[i].matches, r[i].matches == 1 ? "" : "s", r[i].sum);
		if (cli->verbose)
			for (size_t k = 0; k < r[i].matches; k++)
				put_line(&cli->out, &ev[r[i].hits[k]]);
	}
}

static json_t *results_json(const mc_cli *cli, const result *r, size_t nr, const event *ev)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < nr; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(r[i].f->id));
		json_object_set_new(o, "log_group", json_string(r[i].f->log_group));
		json_object_set_new(o, "pattern", json_string(r[i].f->pattern));
		json_object_set_new(o, "value", json_string(r[i].f->value));
		json_object_set_new(o, "matches", json_integer((json_int_t)r[i].matches));
		json_object_set_new(o, "sum", json_real(r[i].sum));
		if (cli->verbose) {
			json_t *lines = json_array();
			for (size_t k = 0; k < r[i].matches; k++) {
				const event *e = &ev[r[i].hits[k]];
				json_t *l = json_object();
				json_object_set_new(l, "file", json_string(e->file));
				json_object_set_new(l, "line", json_integer((json_int_t)e->line));
				json_array_append_new(lines, l);
			}
			json_object_set_new(o, "lines", lines);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

/*
 * Compares the counts with the expectations file; appends one line per difference to diffs
 * and returns their number, or -1 when the file cannot be used (diagnostics in s).
 */
static int compare(mc_session *s, const char *path, const result *r, size_t nr, mc_buf *diffs)
{
	unsigned errors0 = s->diags.nerrors;
	uint32_t file = mc_load_read_file(&s->sources, path, &s->limits, &s->diags);
	mc_node *root = file ? mc_load_yaml(&s->sources, file, &s->limits, s->arena, &s->diags)
	                     : NULL;
	if (!root || s->diags.nerrors != errors0)
		return -1;
	if (root->kind != MC_NODE_MAP) {
		mc_diag *g = mc_diag_add(&s->diags, MC_E0100, root->span,
		                         "expectations must be a mapping `filter-id: count`");
		mc_diag_label_primary(&s->diags, g, "expected a mapping");
		return -1;
	}
	int n = 0;
	for (size_t i = 0; i < root->npairs; i++) {
		const mc_node *k = root->pairs[i].key, *v = root->pairs[i].value;
		if (v->kind != MC_NODE_INT || v->as.i < 0) {
			mc_diag *g = mc_diag_add(&s->diags, MC_E0100, v->span,
			                         "expected count of `%s` is not a whole number",
			                         k->text);
			mc_diag_label_primary(&s->diags, g, "expected a count such as `3`");
			return -1;
		}
		size_t j = 0;
		while (j < nr && strcmp(r[j].f->id, k->text) != 0)
			j++;
		if (j == nr) {
			mc_buf_printf(diffs, "%s: expected %lld matching lines, but the spec has no such "
			              "filter\n", k->text, (long long)v->as.i);
			n++;
		} else if ((long long)r[j].matches != (long long)v->as.i) {
			mc_buf_printf(diffs, "%s: expected %lld matching lines, got %zu\n", k->text,
			              (long long)v->as.i, r[j].matches);
			n++;
		}
	}
	for (size_t j = 0; j < nr; j++)
		if (!mc_node_get(root, r[j].f->id)) {
			mc_buf_printf(diffs, "%s: %zu matching lines, but no expectation\n",
			              r[j].f->id, r[j].matches);
			n++;
		}
	return n;
}

static int usage(mc_cli *cli)
{
	if (cli->nargs == 0 || strcmp(cli->args[0], "test") != 0) {
		mc_cli_usage_error(cli, "usage: moncc logs test SPEC LOGFILE...",
		                   cli->nargs ? "unknown `logs` command `%s`"
		                              : "`logs` needs a command: `test`",
		                   cli->nargs ? cli->args[0] : "");
	} else if (cli->nargs < 3) {
		mc_cli_usage_error(cli, "usage: moncc logs test SPEC LOGFILE...",
		                   cli->nargs < 2 ? "no SPEC to test" : "no LOGFILE to test with");
	}
	return mc_cli_report_usage_error(cli);
}

int mc_cli_cmd_logs(mc_cli *cli)
{
	if (cli->nargs < 3 || strcmp(cli->args[0], "test") != 0)
		return usage(cli);

	mc_session s;
	mc_session_init(&s);
	int rc = mc_check_paths(&s, cli->args + 1, 1);
	mc_ir *ir = s.nfiles == 1 ? s.files[0].ir : NULL;
	event *ev = NULL;
	size_t nev = 0, cap = 0;
	result *res = NULL;
	size_t nres = 0;
	if (rc != 0 || !ir)
		goto report;

	for (size_t i = 2; i < cli->nargs; i++) {
		unsigned errors0 = s.diags.nerrors;
		const char *group;
		const char *path = split_group(cli->args[i], s.arena, &group);
		uint32_t id = mc_load_read_file(&s.sources, path, &s.limits, &s.diags);
		if (!id || s.diags.nerrors != errors0) {
			rc = MC_EXIT_FAILURE;
			goto report;
		}
		add_events(mc_sources_get(&s.sources, id), path, group, &ev, &nev, &cap);
	}

	nres = ir->nlog_filters;
	res = mc_xcalloc(nres + 1, sizeof *res);
	for (size_t i = 0; i < nres; i++) {
		result *r = &res[i];
		r->f = &ir->log_filters[i];
		r->hits = mc_xcalloc(nev + 1, sizeof *r->hits);
		mc_filter_error e;
		mc_filter *f = mc_filter_parse(r->f->pattern, strlen(r->f->pattern), s.arena, &e);
		if (!f) /* checked while lowering: cannot happen for a clean spec */
			continue;
		for (size_t k = 0; k < nev; k++) {
			double v = 0;
			bool has = false;
			if (ev[k].group && strcmp(ev[k].group, r->f->log_group) != 0)
				continue;
			if (mc_filter_match(f, ev[k].text, ev[k].len, r->f->value, &v, &has)) {
				r->hits[r->matches++] = k;
				r->sum += has ? v : 0;
				r->nvalues += has;
			}
		}
		mc_filter_release(f);
	}

	mc_buf diffs = MC_BUF_INIT;
	int ndiff = 0;
	if (cli->expect_file) {
		ndiff = compare(&s, cli->expect_file, res, nres, &diffs);
		if (ndiff < 0) {
			rc = s.diags.nerrors ? MC_EXIT_ERRORS : MC_EXIT_FAILURE;
			mc_buf_release(&diffs);
			goto report;
		}
		if (ndiff > 0)
			rc = MC_EXIT_ERRORS;
	}
	if (cli->format == MC_FORMAT_JSON) {
		json_t *doc = json_object();
		json_object_set_new(doc, "filters", results_json(cli, res, nres, ev));
		if (cli->expect_file) {
			json_t *d = json_array();
			const char *p = diffs.len ? diffs.p : "";
			while (*p) {
				const char *nl = strchr(p, '\n');
				json_array_append_new(d, json_stringn(p, (size_t)(nl - p)));
				p = nl + 1;
			}
			json_object_set_new(doc, "differences", d);
		}
		char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
		mc_buf_puts(&cli->out, text);
		mc_buf_putc(&cli->out, '\n');
		free(text);
		json_decref(doc);
	} else {
		print_human(cli, res, nres, ev);
		if (ndiff > 0) {
			mc_buf_puts(&cli->err, mc_buf_str(&diffs));
			mc_buf_printf(&cli->err, "moncc: error: %d filter%s differ%s from `%s`\n", ndiff,
			              ndiff == 1 ? "" : "s", ndiff == 1 ? "s" : "", cli->expect_file);
		}
	}
	mc_buf_release(&diffs);

report:
	if (s.diags.len) {
		mc_format format = cli->format;
		if (rc == 0 || rc == MC_EXIT_ERRORS)
			cli->format = rc == 0 ? MC_FORMAT_HUMAN : format;
		mc_cli_render_diags(cli, &s, false);
		cli->format = format;
	}
	for (size_t i = 0; i < nres; i++)
		free(res[i].hits);
	free(res);
	free(ev);
	mc_session_release(&s);
	return rc;
}
