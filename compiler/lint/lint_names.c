/*
 * W0006: two AWS names that differ only in the hash that shortening appended.
 *
 * Consumes the AWS names of the IR: alarm names (metric and composite alarms share one
 * namespace), SNS topic names, EventBridge rule names, dashboard names and budget names.
 * The lowering shortens a name longer than AWS allows to a readable prefix plus a stable
 * hash, and reports names that end up identical (E0242). Names that are different but
 * differ only in the hash are legal and unreadable: the console, a page and the alarm list
 * show the same text twice. A name counts as hashed when its last segment (after `-`, `_`
 * or `.`) is 6 to 16 lower-case hex digits with at least one digit, which is how
 * compiler/lower/names.c spells the hash; short names are never shortened, so only names of
 * at least MIN_HASHED bytes are compared.
 */
#include "lint/lint_internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

enum { MIN_HASHED = 32, HASH_MIN = 6, HASH_MAX = 16 };

typedef struct {
	const char *name;
	size_t readable; /* length of the part before the hash segment */
	mc_span span;
	const char *what;  /* "alarm", "topic" ... */
	const char *label; /* the user's name of the item, for the message (in backticks) */
} named;

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Length of the name without its hash segment, or 0 when it has none. */
static size_t readable_part(const char *s)
{
	size_t len = strlen(s);
	if (len < MIN_HASHED)
		return 0;
	size_t i = len, digits = 0;
	for (; i > 0 && is_hex(s[i - 1]); i--)
		digits += s[i - 1] >= '0' && s[i - 1] <= '9';
	size_t hash = len - i;
	if (i == 0 || hash < HASH_MIN || hash > HASH_MAX || digits == 0)
		return 0;
	if (s[i - 1] != '-' && s[i - 1] != '_' && s[i - 1] != '.')
		return 0;
	return i - 1;
}

static int by_readable(const void *pa, const void *pb)
{
	const named *a = pa, *b = pb;
	size_t n = a->readable < b->readable ? a->readable : b->readable;
	int c = memcmp(a->name, b->name, n);
	if (c)
		return c;
	if (a->readable != b->readable)
		return a->readable < b->readable ? -1 : 1;
	return strcmp(a->name, b->name); /* a total order keeps the output deterministic */
}

static void add(named *v, size_t *n, const char *name, mc_span span, const char *what,
                const char *label)
{
	if (!name)
		return;
	size_t r = readable_part(name);
	if (r == 0)
		return;
	v[(*n)++] = (named){name, r, span, what, label};
}

static void report_group(mc_lint_ctx *cx, named *v, size_t n)
{
	/* Sorted, so names with the same readable part are neighbours. */
	qsort(v, n, sizeof *v, by_readable);
	size_t first = 0; /* of the run of names with the same readable part */
	for (size_t i = 1; i < n; i++) {
		const named *a = &v[first], *b = &v[i];
		if (a->readable != b->readable || memcmp(a->name, b->name, a->readable) != 0) {
			first = i;
			continue;
		}
		if (strcmp(a->name, b->name) == 0)
			continue; /* identical: the lowering's E0242 */
		mc_diags *d = cx->d;
		mc_diag *g = mc_diag_add(d, MC_W0006, b->span,
		                         "%s names of `%s` and `%s` differ only in their hash", b->what,
		                         a->label, b->label);
		mc_diag_label_primary(d, g, "named `%s`", b->name);
		if (mc_lint_has_span(a->span))
			mc_diag_label(d, g, a->span, "named `%s`", a->name);
		mc_diag_note(d, g,
		             "AWS allows fewer characters than the full names need, so moncc "
		             "cut them and appended a hash to keep them apart");
		mc_diag_help(d, g,
		             "shorten `project`, `environment` or the names of the service "
		             "and its items until the names fit without a hash");
	}
}

void mc_lint_hashed_names(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	size_t cap = ir->nalarms + ir->ncomposites + ir->ntopics + ir->nrules + ir->ndashboards +
	             ir->nbudgets + 1;
	named *v = mc_xcalloc(cap, sizeof *v); /* a scratch vector: the IR holds the names */
	size_t n = 0;

	for (size_t i = 0; i < ir->nalarms; i++) {
		const mc_ir_alarm *a = &ir->alarms[i];
		add(v, &n, a->name, a->span, "alarm", a->id ? a->id : a->name);
	}
	for (size_t i = 0; i < ir->ncomposites; i++) {
		const mc_ir_composite *c = &ir->composites[i];
		add(v, &n, c->name, c->span, "alarm", c->id ? c->id : c->name);
	}
	report_group(cx, v, n);

	n = 0;
	for (size_t i = 0; i < ir->ntopics; i++)
		add(v, &n, ir->topics[i].name, ir->topics[i].span, "topic",
		    ir->topics[i].target ? ir->topics[i].target : ir->topics[i].id);
	report_group(cx, v, n);

	n = 0;
	for (size_t i = 0; i < ir->nrules; i++)
		add(v, &n, ir->rules[i].name, ir->rules[i].span, "event rule", ir->rules[i].id);
	report_group(cx, v, n);

	n = 0;
	for (size_t i = 0; i < ir->ndashboards; i++)
		add(v, &n, ir->dashboards[i].name, ir->dashboards[i].span, "dashboard",
		    ir->dashboards[i].id);
	report_group(cx, v, n);

	n = 0;
	for (size_t i = 0; i < ir->nbudgets; i++)
		add(v, &n, ir->budgets[i].name, ir->budgets[i].span, "budget", ir->budgets[i].id);
	report_group(cx, v, n);
	free(v);
}
