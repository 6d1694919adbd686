/*
 * The page of one kind (docs/stdlib/KIND.md), from its checked template.
 *
 * Consumes an mc_template of the registry (validated against the template schema, so every
 * section has the shape the schema says); produces Markdown: title, description, a usage
 * example, then one part per section the template has, in the template format's order. Values
 * are shown as the template writes them (`${web_acl}` stays as is: the page documents the
 * kind, not an instance). Alarm conditions are parsed again with the compiler's own parser to
 * say them in words; a condition that only makes sense after substitution is shown as written.
 */
#include "docgen/docgen.h"

#include <string.h>

#include "base/arena.h"
#include "docgen/md.h"
#include "sema/condition.h"
#include "template/json_text.h"
#include "sema/units.h"

static const char *str_of(const mc_node *map, const char *key)
{
	const mc_node *v = map ? mc_node_get(map, key) : NULL;
	return v && v->kind == MC_NODE_STRING ? v->text : NULL;
}

/* A table cell holding a node as code (`-` when absent). */
static void cell_node_code(mc_buf *b, const mc_node *n)
{
	if (!n) {
		mc_buf_puts(b, "-");
		return;
	}
	mc_buf t = MC_BUF_INIT;
	mc_docmd_node(&t, n);
	mc_docmd_code(b, mc_buf_str(&t), true);
	mc_buf_release(&t);
}

static void cell_text(mc_buf *b, const char *s)
{
	if (s && *s)
		mc_docmd_cell(b, s);
	else
		mc_buf_puts(b, "-");
}

static void table_head(mc_buf *b, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mc_buf_printf(b, "| %s ", cols[i]);
	mc_buf_puts(b, "|\n");
	for (size_t i = 0; i < n; i++)
		mc_buf_puts(b, "|---");
	mc_buf_puts(b, "|\n");
}

/* ---- title, usage ---- */

/* The usage example: the kind's required parameters with their `example:`s. */
static void usage(mc_buf *b, const mc_template *t)
{
	mc_buf_puts(b, "## Usage\n\n```yaml\nservices:\n  app:\n    resources:\n");
	mc_buf_printf(b, "      %s:\n        kind: %s\n", t->kind, t->kind);
	bool missing = false;
	for (size_t i = 0; i < t->params.len; i++) {
		const mc_param *p = &t->params.v[i];
		if (!p->required)
			continue;
		const mc_node *decls = mc_node_get(t->root, "parameters");
		const mc_node *decl = decls ? mc_node_get(decls, p->name) : NULL;
		const mc_node *ex = decl ? mc_node_get(decl, "example") : NULL;
		mc_buf_printf(b, "        %s: ", p->name);
		if (ex)
			mc_docmd_node(b, ex);
		else {
			mc_buf_puts(b, "...");
			missing = true;
		}
		mc_buf_putc(b, '\n');
	}
	mc_buf_puts(b, "```\n\n");
	if (missing)
		mc_buf_puts(b, "Replace `...` with a value: the template gives no example.\n\n");
	mc_buf_printf(b, "Metrics, SLIs and alarms are then `RESOURCE.NAME` in the service (here "
	                 "`%s.NAME`); `overrides:` changes an alarm's thresholds.\n\n",
	              t->kind);
}

/* ---- parameters ---- */

static const char *param_type_name(mc_param_type ty)
{
	switch (ty) {
	case MC_PARAM_STRING:
		return "string";
	case MC_PARAM_NUMBER:
		return "number";
	case MC_PARAM_INTEGER:
		return "integer";
	case MC_PARAM_BOOL:
		return "bool";
	case MC_PARAM_DURATION:
		return "duration";
	case MC_PARAM_TIME:
		return "time";
	case MC_PARAM_PERCENTAGE:
		return "percentage";
	case MC_PARAM_LIST:
		return "list";
	}
	return "?";
}

static void parameters(mc_buf *b, const mc_template *t)
{
	const mc_node *decls = mc_node_get(t->root, "parameters");
	mc_buf_puts(b, "## Parameters\n\n");
	if (!t->params.len) {
		mc_buf_puts(b, "None: `kind:` alone is a complete resource.\n\n");
		return;
	}
	static const char *const cols[] = {"Name", "Type", "Required / default", "Pattern",
	                                   "Description", "Example"};
	table_head(b, cols, 6);
	for (size_t i = 0; i < t->params.len; i++) {
		const mc_param *p = &t->params.v[i];
		const mc_node *decl = decls ? mc_node_get(decls, p->name) : NULL;
		mc_buf_puts(b, "| ");
		mc_docmd_code(b, p->name, true);
		mc_buf_printf(b, " | %s | ", param_type_name(p->type));
		if (p->required)
			mc_buf_puts(b, "required");
		else if (p->def) {
			mc_buf_puts(b, "default ");
			cell_node_code(b, p->def);
		} else
			mc_buf_puts(b, "optional");
		mc_buf_puts(b, " | ");
		if (p->pattern)
			mc_docmd_code(b, p->pattern, true);
		else
			mc_buf_puts(b, "-");
		mc_buf_puts(b, " | ");
		cell_text(b, p->description);
		mc_buf_puts(b, " | ");
		cell_node_code(b, decl ? mc_node_get(decl, "example") : NULL);
		mc_buf_puts(b, " |\n");
	}
	mc_buf_putc(b, '\n');
}

/* ---- metrics, SLIs ---- */

static void when_cell(mc_buf *b, const mc_node *item)
{
	const char *when = str_of(item, "when");
	if (when)
		mc_docmd_code(b, when, true);
	else
		mc_buf_puts(b, "always");
}

static void metrics(mc_buf *b, const mc_template *t)
{
	if (!t->metrics || !t->metrics->npairs)
		return;
	mc_buf_puts(b, "## Metrics\n\n");
	static const char *const cols[] = {"Name", "Namespace", "Metric", "Dimensions", "Stat",
	                                   "Period", "Unit", "When", "Description"};
	table_head(b, cols, 9);
	bool any_sparse = false;
	for (size_t i = 0; i < t->metrics->npairs; i++) {
		const mc_node *m = t->metrics->pairs[i].value;
		mc_buf_puts(b, "| ");
		mc_docmd_code(b, t->metrics->pairs[i].key->text, true);
		const char *each = str_of(m, "for_each");
		if (each) {
			mc_buf_puts(b, " (one per item of ");
			mc_docmd_code(b, each, true);
			mc_buf_puts(b, ", as `${item}`)");
		}
		mc_buf_puts(b, " | ");
		cell_node_code(b, mc_node_get(m, "namespace"));
		mc_buf_puts(b, " | ");
		cell_node_code(b, mc_node_get(m, "name"));
		mc_buf_puts(b, " | ");
		cell_node_code(b, mc_node_get(m, "dimensions"));
		mc_buf_puts(b, " | ");
		const char *stat = str_of(m, "stat");
		if (stat)
			mc_docmd_code(b, stat, true);
		else
			mc_buf_puts(b, "`Average`");
		mc_buf_puts(b, " | ");
		const mc_node *period = mc_node_get(m, "period");
		if (period)
			cell_node_code(b, period);
		else
			mc_buf_puts(b, "the spec's");
		mc_buf_puts(b, " | ");
		cell_text(b, str_of(m, "unit"));
		const mc_node *sparse = mc_node_get(m, "sparse");
		if (sparse && sparse->kind == MC_NODE_BOOL && sparse->as.b) {
			mc_buf_puts(b, " (sparse)");
			any_sparse = true;
		}
		mc_buf_puts(b, " | ");
		when_cell(b, m);
		mc_buf_puts(b, " | ");
		cell_text(b, str_of(m, "description"));
		mc_buf_puts(b, " |\n");
	}
	mc_buf_putc(b, '\n');
	if (any_sparse)
		mc_buf_puts(b, "(sparse): published only when not zero; wrap it in `FILL(NAME, 0)` in "
		               "expressions.\n\n");
}

/* An SLI side: an expression string, or `{ metric, stat }`. */
static void sli_side(mc_buf *b, const mc_node *n)
{
	if (!n) {
		mc_buf_puts(b, "-");
		return;
	}
	cell_node_code(b, n);
}

static void slis(mc_buf *b, const mc_template *t)
{
	if (!t->slis || !t->slis->npairs)
		return;
	mc_buf_puts(b, "## SLIs\n\nAn SLO of the service uses one as `sli: RESOURCE.NAME`.\n\n");
	static const char *const cols[] = {"Name", "Good or bad events", "Total events",
	                                   "SLO parameters", "When", "Description"};
	table_head(b, cols, 6);
	for (size_t i = 0; i < t->slis->npairs; i++) {
		const mc_node *s = t->slis->pairs[i].value;
		mc_buf_puts(b, "| ");
		mc_docmd_code(b, t->slis->pairs[i].key->text, true);
		mc_buf_puts(b, " | ");
		const mc_node *bad = mc_node_get(s, "bad");
		mc_buf_puts(b, bad ? "bad: " : "good: ");
		sli_side(b, bad ? bad : mc_node_get(s, "good"));
		mc_buf_puts(b, " | ");
		sli_side(b, mc_node_get(s, "total"));
		mc_buf_puts(b, " | ");
		const mc_node *ps = mc_node_get(s, "parameters");
		if (ps && ps->kind == MC_NODE_MAP && ps->npairs) {
			for (size_t j = 0; j < ps->npairs; j++) {
				const mc_node *p = ps->pairs[j].value;
				if (j)
					mc_buf_puts(b, "; ");
				mc_docmd_code(b, ps->pairs[j].key->text, true);
				const mc_node *def = mc_node_get(p, "default");
				const mc_node *req = mc_node_get(p, "required");
				if (req && req->kind == MC_NODE_BOOL && req->as.b)
					mc_buf_puts(b, " (required)");
				else if (def) {
					mc_buf_puts(b, " (default ");
					cell_node_code(b, def);
					mc_buf_putc(b, ')');
				}
				const char *d = str_of(p, "description");
				if (d) {
					mc_buf_puts(b, ": ");
					mc_docmd_cell(b, d);
				}
			}
		} else {
			mc_buf_puts(b, "-");
		}
		mc_buf_puts(b, " | ");
		when_cell(b, s);
		mc_buf_puts(b, " | ");
		cell_text(b, str_of(s, "description"));
		mc_buf_puts(b, " |\n");
	}
	mc_buf_putc(b, '\n');
}

/* `when: x` as a list item: the parameter that must be given (`!x`: must not be). */
static void when_line(mc_buf *b, const char *when)
{
	if (!when)
		return;
	bool negated = when[0] == '!';
	mc_buf_printf(b, "- Only when the resource %s ", negated ? "does not give" : "gives");
	mc_docmd_code(b, when + negated, false);
	mc_buf_putc(b, '\n');
}

/* ---- alarms ---- */

static const char *op_words(mc_cond_op op)
{
	switch (op) {
	case MC_OP_GT:
		return "above";
	case MC_OP_GE:
		return "at or above";
	case MC_OP_LT:
		return "below";
	case MC_OP_LE:
		return "at or below";
	case MC_OP_OUTSIDE_BAND:
		return "outside its anomaly-detection band";
	case MC_OP_ABOVE_BAND:
		return "above its anomaly-detection band";
	case MC_OP_BELOW_BAND:
		return "below its anomaly-detection band";
	}
	return "?";
}

/*
 * A condition in words: "p99 above 2s for 5m", "above 5 in 3 of 5 periods of 5m". Returns
 * false (and appends nothing) when the condition does not parse as written, which happens
 * when it holds `${...}`.
 */
/* A condition made of parameters (`> ${threshold} for 1 of 1`) has no words before a resource
 * gives them: name the parameters, whose defaults the parameters table shows. */
static void params_words(mc_buf *b, const mc_node *cond)
{
	mc_buf t = MC_BUF_INIT;
	mc_docmd_node(&t, cond);
	const char *s = mc_buf_str(&t), *p = s;
	bool any = false;
	while ((p = strstr(p, "${")) != NULL) {
		const char *e = strchr(p, '}');
		if (!e)
			break;
		mc_buf_puts(b, any ? ", " : "set by the parameters ");
		mc_buf_printf(b, "`%.*s`", (int)(e - p - 2), p + 2);
		any = true;
		p = e + 1;
	}
	if (!any)
		mc_buf_puts(b, "as written");
	mc_buf_release(&t);
}

static bool condition_words(mc_buf *b, const mc_node *cond, const char *alarm_datapoints,
                            const mc_sources *srcs)
{
	mc_arena *arena = mc_arena_new();
	mc_diags d;
	mc_diags_init(&d, arena);
	mc_condition c;
	bool ok = mc_condition_parse(cond, srcs, arena, &d, &c) == 0;
	if (ok) {
		if (c.stat)
			mc_buf_printf(b, "%s ", c.stat);
		mc_buf_puts(b, op_words(c.op));
		if (mc_cond_op_is_band(c.op)) {
			mc_buf_puts(b, " of width ");
			mc_buf_double(b, c.threshold);
		} else {
			mc_buf_putc(b, ' ');
			mc_buf_double(b, c.threshold);
			const char *sym = c.unit != MC_UNIT_UNSET ? mc_unit_symbol(c.unit) : NULL;
			if (sym)
				mc_buf_printf(b, "%s%s", strcmp(sym, "USD") == 0 ? " " : "", sym);
		}
		switch (c.for_kind) {
		case MC_FOR_DURATION:
			mc_buf_puts(b, " for ");
			mc_duration_format(b, c.for_seconds);
			break;
		case MC_FOR_DATAPOINTS:
			mc_buf_printf(b, " in %u of %u %s", c.m, c.n, c.n == 1 ? "period" : "periods");
			break;
		case MC_FOR_NONE:
			if (alarm_datapoints)
				mc_buf_printf(b, " in %s periods", alarm_datapoints);
			else
				mc_buf_puts(b, " in the spec's `defaults.datapoints` (3 of 3)");
			break;
		}
		if (c.period_s) {
			mc_buf_puts(b, " (period ");
			mc_duration_format(b, c.period_s);
			mc_buf_putc(b, ')');
		}
	}
	mc_diags_release(&d);
	mc_arena_free(arena);
	return ok;
}

static void alarm(mc_buf *b, const char *name, const mc_node *a, const mc_sources *srcs)
{
	mc_buf_puts(b, "### ");
	mc_docmd_code(b, name, false);
	mc_buf_puts(b, "\n\n");
	mc_docmd_paragraphs(b, str_of(a, "description"));

	const mc_node *metric = mc_node_get(a, "metric");
	const mc_node *expr = mc_node_get(a, "expr");
	mc_buf t = MC_BUF_INIT;
	if (metric) {
		mc_buf_puts(b, "- Watches the metric ");
		mc_docmd_node(&t, metric);
	} else {
		mc_buf_puts(b, "- Watches the expression ");
		mc_docmd_node(&t, expr);
	}
	mc_docmd_code(b, mc_buf_str(&t), false);
	mc_buf_release(&t);
	const char *stat = str_of(a, "stat");
	if (stat) {
		mc_buf_puts(b, " (statistic ");
		mc_docmd_code(b, stat, false);
		mc_buf_putc(b, ')');
	}
	mc_buf_puts(b, "\n");
	static const char *const keys[] = {"period", "datapoints", "missing_data"};
	static const char *const labels[] = {"Period", "Datapoints", "Missing data"};
	for (size_t i = 0; i < 3; i++) {
		const mc_node *v = mc_node_get(a, keys[i]);
		if (!v)
			continue;
		mc_buf t2 = MC_BUF_INIT;
		mc_docmd_node(&t2, v);
		mc_buf_printf(b, "- %s: ", labels[i]);
		mc_docmd_code(b, mc_buf_str(&t2), false);
		mc_buf_putc(b, '\n');
		mc_buf_release(&t2);
	}
	when_line(b, str_of(a, "when"));
	mc_buf_putc(b, '\n');

	static const char *const cols[] = {"Tier", "Fires when", "As written"};
	table_head(b, cols, 3);
	static const char *const tiers[] = {"critical", "warning", "info"};
	const char *datapoints = str_of(a, "datapoints");
	for (size_t i = 0; i < 3; i++) {
		const mc_node *cond = mc_node_get(a, tiers[i]);
		if (!cond)
			continue;
		mc_buf_printf(b, "| %s | ", tiers[i]);
		mc_buf w = MC_BUF_INIT;
		if (condition_words(&w, cond, datapoints, srcs))
			mc_docmd_cell(b, mc_buf_str(&w));
		else
			params_words(b, cond);
		mc_buf_release(&w);
		mc_buf_puts(b, " | ");
		cell_node_code(b, cond);
		mc_buf_puts(b, " |\n");
	}
	mc_buf_putc(b, '\n');
	const char *why = str_of(a, "why");
	if (why) {
		mc_buf_puts(b, "**Why these thresholds.** ");
		mc_docmd_paragraphs(b, why);
	}
	const char *runbook = str_of(a, "runbook");
	if (runbook) {
		mc_buf_puts(b, "**Runbook.**\n\n");
		mc_docmd_paragraphs(b, runbook);
	}
}

static void alarms(mc_buf *b, const mc_template *t, const mc_sources *srcs)
{
	if (!t->alarms || !t->alarms->npairs)
		return;
	mc_buf_puts(b, "## Alarms\n\nEach tier with a condition becomes one CloudWatch alarm. "
	               "A spec changes a threshold with `overrides: { RESOURCE.ALARM: { TIER: "
	               "CONDITION } }` and turns an alarm off with `RESOURCE.ALARM: off`.\n\n");
	for (size_t i = 0; i < t->alarms->npairs; i++)
		alarm(b, t->alarms->pairs[i].key->text, t->alarms->pairs[i].value, srcs);
}

/* ---- events, log filters, queries, remediation, widgets ---- */

static void events(mc_buf *b, const mc_template *t)
{
	if (!t->events || !t->events->npairs)
		return;
	mc_buf_puts(b, "## Events\n\nEach becomes an EventBridge rule that notifies its tier's "
	               "topics (docs/templates.md).\n\n");
	for (size_t i = 0; i < t->events->npairs; i++) {
		const mc_node *e = t->events->pairs[i].value;
		mc_buf_puts(b, "### ");
		mc_docmd_code(b, t->events->pairs[i].key->text, false);
		mc_buf_puts(b, "\n\n");
		mc_docmd_paragraphs(b, str_of(e, "description"));
		mc_buf_puts(b, "- Tier: ");
		cell_text(b, str_of(e, "tier"));
		mc_buf_putc(b, '\n');
		when_line(b, str_of(e, "when"));
		/* As EventBridge gets it (before substitution). */
		mc_buf_puts(b, "- Pattern: ");
		mc_arena *arena = mc_arena_new();
		mc_docmd_code(b, mc_tjson_compact(mc_node_get(e, "pattern"), arena), false);
		mc_arena_free(arena);
		mc_buf_puts(b, "\n\n");
		const char *runbook = str_of(e, "runbook");
		if (runbook) {
			mc_buf_puts(b, "**Runbook.**\n\n");
			mc_docmd_paragraphs(b, runbook);
		}
	}
}

static void log_filters(mc_buf *b, const mc_template *t)
{
	if (!t->log_filters || !t->log_filters->npairs)
		return;
	mc_buf_puts(b, "## Log filters\n\n");
	static const char *const cols[] = {"Name", "Log group", "Pattern", "Metric", "Namespace",
	                                   "Value", "When", "Description"};
	table_head(b, cols, 8);
	for (size_t i = 0; i < t->log_filters->npairs; i++) {
		const mc_node *f = t->log_filters->pairs[i].value;
		mc_buf_puts(b, "| ");
		mc_docmd_code(b, t->log_filters->pairs[i].key->text, true);
		static const char *const keys[] = {"log_group", "pattern", "metric"};
		for (size_t k = 0; k < 3; k++) {
			mc_buf_puts(b, " | ");
			cell_node_code(b, mc_node_get(f, keys[k]));
		}
		mc_buf_puts(b, " | ");
		const mc_node *ns = mc_node_get(f, "namespace");
		if (ns)
			cell_node_code(b, ns);
		else
			mc_buf_puts(b, "the project's name");
		mc_buf_puts(b, " | ");
		const mc_node *value = mc_node_get(f, "value");
		if (value)
			cell_node_code(b, value);
		else
			mc_buf_puts(b, "`1`");
		mc_buf_puts(b, " | ");
		when_cell(b, f);
		mc_buf_puts(b, " | ");
		cell_text(b, str_of(f, "description"));
		mc_buf_puts(b, " |\n");
	}
	mc_buf_putc(b, '\n');
}

static void queries(mc_buf *b, const mc_template *t)
{
	if (!t->queries || !t->queries->npairs)
		return;
	mc_buf_puts(b, "## Queries\n\nSaved CloudWatch Logs Insights queries.\n\n");
	static const char *const cols[] = {"Name", "Log groups", "Query", "When", "Description"};
	table_head(b, cols, 5);
	for (size_t i = 0; i < t->queries->npairs; i++) {
		const mc_node *q = t->queries->pairs[i].value;
		mc_buf_puts(b, "| ");
		mc_docmd_code(b, t->queries->pairs[i].key->text, true);
		mc_buf_puts(b, " | ");
		cell_node_code(b, mc_node_get(q, "log_groups"));
		mc_buf_puts(b, " | ");
		cell_node_code(b, mc_node_get(q, "query"));
		mc_buf_puts(b, " | ");
		when_cell(b, q);
		mc_buf_puts(b, " | ");
		cell_text(b, str_of(q, "description"));
		mc_buf_puts(b, " |\n");
	}
	mc_buf_putc(b, '\n');
}

static void remediation(mc_buf *b, const mc_template *t)
{
	if (!t->remediation || !t->remediation->npairs)
		return;
	mc_buf_puts(b, "## Remediation\n\nActions an alarm over this kind's metrics may take in "
	               "`on_alarm:`.\n\n");
	static const char *const cols[] = {"Action", "Single instance only", "When", "Description"};
	table_head(b, cols, 4);
	for (size_t i = 0; i < t->remediation->npairs; i++) {
		const mc_node *r = t->remediation->pairs[i].value;
		mc_buf_puts(b, "| ");
		mc_docmd_code(b, t->remediation->pairs[i].key->text, true);
		const mc_node *single = mc_node_get(r, "requires_single_instance");
		mc_buf_puts(b, single && single->kind == MC_NODE_BOOL && single->as.b ? " | yes | "
		                                                                      : " | no | ");
		when_cell(b, r);
		mc_buf_puts(b, " | ");
		cell_text(b, str_of(r, "description"));
		mc_buf_puts(b, " |\n");
	}
	mc_buf_putc(b, '\n');
}

static void widgets(mc_buf *b, const mc_template *t)
{
	if (!t->widgets || !t->widgets->nitems)
		return;
	mc_buf_puts(b, "## Widgets\n\nAdded to the service's dashboard, in this order.\n\n");
	static const char *const cols[] = {"Widget", "Shows", "Title", "When"};
	table_head(b, cols, 4);
	static const char *const kinds[] = {"graph", "number", "alarms", "logs", "text"};
	for (size_t i = 0; i < t->widgets->nitems; i++) {
		const mc_node *w = t->widgets->items[i];
		const char *kind = "?";
		const mc_node *what = NULL;
		for (size_t k = 0; k < 5 && !what; k++) {
			what = mc_node_get(w, kinds[k]);
			kind = kinds[k];
		}
		mc_buf_printf(b, "| %s | ", what ? kind : "?");
		mc_buf t2 = MC_BUF_INIT;
		mc_docmd_node(&t2, what);
		const char *stat = str_of(w, "stat");
		if (stat)
			mc_buf_printf(&t2, " (%s)", stat);
		mc_docmd_code(b, mc_buf_str(&t2), true);
		mc_buf_release(&t2);
		mc_buf_puts(b, " | ");
		cell_text(b, str_of(w, "title"));
		mc_buf_puts(b, " | ");
		when_cell(b, w);
		mc_buf_puts(b, " |\n");
	}
	mc_buf_putc(b, '\n');
}

void mc_docgen_kind(const mc_template *t, const mc_sources *srcs, mc_buf *out)
{
	mc_buf_printf(out, "<!-- Generated by `moncc docs` from %s. Do not edit: change the "
	                   "template and run `moncc docs`. -->\n\n",
	              t->path);
	mc_buf_puts(out, "# ");
	mc_docmd_code(out, t->kind, false);
	if (t->title)
		mc_buf_printf(out, ": %s", t->title);
	mc_buf_puts(out, "\n\n");
	mc_docmd_paragraphs(out, t->description);
	usage(out, t);
	parameters(out, t);
	metrics(out, t);
	slis(out, t);
	alarms(out, t, srcs);
	events(out, t);
	log_filters(out, t);
	queries(out, t);
	remediation(out, t);
	widgets(out, t);
	/* One trailing newline, not two. */
	while (out->len >= 2 && out->p[out->len - 1] == '\n' && out->p[out->len - 2] == '\n')
		out->p[--out->len] = '\0';
}

void mc_docgen_kind_index(const mc_template *const *kinds, size_t n, mc_buf *out)
{
	mc_buf_puts(out, "<!-- Generated by `moncc docs`. Do not edit: run `moncc docs`. -->\n\n"
	                 "# The stdlib kinds\n\n"
	                 "The kinds built into moncc; a resource names one in `kind:`. Each page is "
	                 "generated from the kind's template (`stdlib/KIND.yaml`); docs/templates.md "
	                 "explains the format.\n\n");
	static const char *const cols[] = {"Kind", "Title", "Parameters", "Metrics", "Alarms"};
	table_head(out, cols, 5);
	for (size_t i = 0; i < n; i++) {
		const mc_template *t = kinds[i];
		mc_buf_printf(out, "| [`%s`](%s.md) | ", t->kind, t->kind);
		cell_text(out, t->title);
		mc_buf_puts(out, " | ");
		size_t nreq = 0;
		for (size_t j = 0; j < t->params.len; j++)
			nreq += t->params.v[j].required;
		mc_buf_printf(out, "%zu (%zu required) | %zu | %zu |\n", t->params.len, nreq,
		              (size_t)(t->metrics ? t->metrics->npairs : 0),
		              (size_t)(t->alarms ? t->alarms->npairs : 0));
	}
}
