/*
 * Load-time checks of a template; see check.h.
 *
 * Walks every string value of the sections that instances use (not the top-level title and
 * description, which are documentation and may show `${...}` literally), with the set of
 * names allowed at that place: the template's parameters and the built-ins everywhere, an
 * SLI's own parameters inside it, and only the built-ins inside parameter defaults (a
 * default naming another parameter would make the order of defaults matter).
 */
#include "template/check.h"

#include <string.h>

#include "template/param.h"
#include "template/subst.h"

static const char *const builtins[] = {"resource", "service", "project", "environment", "region"};
enum { NBUILTINS = sizeof builtins / sizeof builtins[0] };

const char *const *mc_template_builtins(size_t *n)
{
	*n = NBUILTINS;
	return builtins;
}

typedef struct {
	mc_template *t;
	const mc_sources *srcs;
	mc_arena *arena;
	mc_diags *d;
	mc_params *sli_params; /* inside an SLI */
	bool builtins_only;    /* inside parameter defaults */
	bool item;             /* inside a `for_each` metric: `${item}` is its item */
	const mc_node *scalar; /* the string being scanned */
	int errors;
} checker;

static bool is_builtin(const char *name, size_t len)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strlen(builtins[i]) == len && memcmp(builtins[i], name, len) == 0)
			return true;
	return false;
}

static mc_param *find_param(mc_params *p, const char *name, size_t len)
{
	return p ? (mc_param *)mc_params_find(p, name, len) : NULL;
}

/* The names allowed here, for did-you-mean. */
static const char **allowed(checker *c, size_t *n)
{
	size_t np = c->builtins_only ? 0 : c->t->params.len;
	size_t ns = c->sli_params && !c->builtins_only ? c->sli_params->len : 0;
	const char **v = mc_arena_alloc(c->arena, (np + ns + NBUILTINS) * sizeof *v);
	*n = 0;
	for (size_t i = 0; i < np; i++)
		v[(*n)++] = c->t->params.v[i].name;
	for (size_t i = 0; i < ns; i++)
		v[(*n)++] = c->sli_params->v[i].name;
	for (size_t i = 0; i < NBUILTINS; i++)
		v[(*n)++] = builtins[i];
	return v;
}

static void visit_var(void *ctx, size_t off, size_t len, const char *name, size_t namelen,
                      bool malformed)
{
	checker *c = ctx;
	mc_span at = mc_node_text_span(c->scalar, c->srcs, off, len);
	if (malformed) {
		mc_diag *g = mc_diag_add(c->d, MC_E0309, at,
		                         "malformed substitution in template `%s`", c->t->kind);
		mc_diag_label_primary(c->d, g, "expected `${name}` with a lowercase name");
		mc_diag_help(c->d, g, "write `$${` for a literal `${`");
		c->errors++;
		return;
	}
	if (!c->builtins_only) {
		mc_param *p = find_param(c->sli_params, name, namelen);
		if (!p)
			p = find_param(&c->t->params, name, namelen);
		if (p) {
			p->used = true;
			return;
		}
	}
	if (is_builtin(name, namelen) || (c->item && namelen == 4 && memcmp(name, "item", 4) == 0))
		return;
	const char *word = mc_arena_strndup(c->arena, name, namelen);
	mc_span name_at = mc_node_text_span(c->scalar, c->srcs, off + 2, namelen);
	mc_diag *g = mc_diag_add(c->d, MC_E0303, name_at, "unknown variable `%s` in template `%s`",
	                         word, c->t->kind);
	if (c->builtins_only) {
		mc_diag_label_primary(c->d, g, "a default can use only the built-in variables");
		mc_diag_note(c->d, g,
		             "the built-ins are `resource`, `service`, `project`, "
		             "`environment` and `region`");
	} else {
		mc_diag_label_primary(c->d, g, "not a parameter of the template");
	}
	size_t n;
	const char **names = allowed(c, &n);
	const char *near = mc_did_you_mean(word, names, n);
	if (near)
		mc_diag_help(c->d, g, "did you mean `%s`?", near);
	else if (!c->builtins_only)
		mc_diag_help(c->d, g,
		             "declare it under `parameters:`, or write `$${` for a literal "
		             "`${`");
	c->errors++;
}

static void walk(checker *c, const mc_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case MC_NODE_STRING:
		c->scalar = n;
		mc_tsubst_visit(n->text, n->text_len, visit_var, c);
		break;
	case MC_NODE_SEQ:
		for (size_t i = 0; i < n->nitems; i++)
			walk(c, n->items[i]);
		break;
	case MC_NODE_MAP:
		for (size_t i = 0; i < n->npairs; i++)
			walk(c, n->pairs[i].value);
		break;
	default: break;
	}
}

static void check_when(checker *c, const mc_node *item)
{
	const mc_node *w = mc_node_get(item, "when");
	if (!w || w->kind != MC_NODE_STRING)
		return;
	size_t skip = w->text[0] == '!';
	mc_param *p = find_param(&c->t->params, w->text + skip, w->text_len - skip);
	if (p) {
		p->used = true;
		return;
	}
	const char *word = w->text + skip;
	mc_diag *g =
	        mc_diag_add(c->d, MC_E0303, mc_node_text_span(w, c->srcs, skip, w->text_len - skip),
	                    "`when` names no parameter `%s` in template `%s`", word, c->t->kind);
	mc_diag_label_primary(c->d, g, "not a parameter of the template");
	const char **names = mc_params_names(&c->t->params, c->arena);
	const char *near = mc_did_you_mean(word, names, c->t->params.len);
	if (near)
		mc_diag_help(c->d, g, "did you mean `%s`?", near);
	c->errors++;
}

/* `for_each:` must name a list parameter; true when the metric has one. */
static bool check_for_each(checker *c, const mc_node *metric)
{
	const mc_node *f = mc_node_get(metric, "for_each");
	if (!f || f->kind != MC_NODE_STRING)
		return false;
	mc_param *p = find_param(&c->t->params, f->text, f->text_len);
	if (p && p->type == MC_PARAM_LIST) {
		p->used = true;
		return true;
	}
	mc_diag *g = mc_diag_add(c->d, MC_E0303, f->span,
	                         "`for_each` names no list parameter `%s` in template `%s`",
	                         f->text, c->t->kind);
	if (p)
		mc_diag_label_primary(c->d, g, "a parameter of type `%s`, not `list`",
		                      mc_param_type_name(p->type));
	else
		mc_diag_label_primary(c->d, g, "not a parameter of the template");
	c->errors++;
	return true;
}

/* Alarms and SLIs watch one series: a `for_each` metric is several. */
static void refuse_for_each(checker *c, const mc_node *ref, const char *where)
{
	if (!ref || ref->kind != MC_NODE_STRING ||
	    !mc_node_get(mc_node_get(c->t->metrics, ref->text), "for_each"))
		return;
	mc_diag *g = mc_diag_add(c->d, MC_E0310, ref->span,
	                         "%s of template `%s` uses `%s`, a "
	                         "metric repeated by `for_each`",
	                         where, c->t->kind, ref->text);
	mc_diag_label_primary(c->d, g, "only widgets can show repeated metrics");
	c->errors++;
}

/*
 * Whether ref is `SUB.NAME` with SUB a sub-resource of the template: its metric is checked
 * at instantiation, once the sub-resource's kind is known (compose.c links kinds after
 * loading them all).
 */
static bool sub_ref(checker *c, const mc_node *ref)
{
	const char *dot = memchr(ref->text, '.', ref->text_len);
	if (!dot || !c->t->resources)
		return false;
	for (size_t i = 0; i < c->t->resources->npairs; i++) {
		const mc_node *k = c->t->resources->pairs[i].key;
		if (k->text_len == (size_t)(dot - ref->text) &&
		    memcmp(k->text, ref->text, k->text_len) == 0)
			return true;
	}
	return false;
}

/* A reference to a metric, SLI or alarm of the template: E0310 when it names none. */
static void check_ref(checker *c, const mc_node *ref, const char *what, const char *where,
                      const mc_node *sec1, const mc_node *sec2)
{
	if (!ref || ref->kind != MC_NODE_STRING)
		return;
	if (mc_node_get(sec1, ref->text) || mc_node_get(sec2, ref->text) ||
	    (sec1 == c->t->metrics && sub_ref(c, ref)))
		return;
	mc_diag *g =
	        mc_diag_add(c->d, MC_E0310, ref->span, "unknown %s `%s` in %s of template `%s`",
	                    what, ref->text, where, c->t->kind);
	mc_diag_label_primary(c->d, g, "not a %s of this template", what);
	size_t n = 0;
	size_t cap = (sec1 ? sec1->npairs : 0) + (sec2 ? sec2->npairs : 0);
	const char **names = mc_arena_alloc(c->arena, (cap + 1) * sizeof *names);
	for (size_t i = 0; sec1 && i < sec1->npairs; i++)
		names[n++] = sec1->pairs[i].key->text;
	for (size_t i = 0; sec2 && i < sec2->npairs; i++)
		names[n++] = sec2->pairs[i].key->text;
	const char *near = mc_did_you_mean(ref->text, names, n);
	if (near)
		mc_diag_help(c->d, g, "did you mean `%s`?", near);
	c->errors++;
}

static void check_refs(checker *c, const mc_node *refs, const char *what, const char *where,
                       const mc_node *sec1, const mc_node *sec2)
{
	if (refs && refs->kind == MC_NODE_SEQ) {
		for (size_t i = 0; i < refs->nitems; i++)
			check_ref(c, refs->items[i], what, where, sec1, sec2);
	} else {
		check_ref(c, refs, what, where, sec1, sec2);
	}
}

/* Every item of a named section: its `when` and its strings. */
static void walk_section(checker *c, const mc_node *sec)
{
	for (size_t i = 0; sec && i < sec->npairs; i++) {
		check_when(c, sec->pairs[i].value);
		walk(c, sec->pairs[i].value);
	}
}

int mc_template_check(mc_template *t, const mc_sources *srcs, mc_arena *arena, mc_diags *d)
{
	checker c = {t, srcs, arena, d, NULL, false, false, NULL, 0};

	const mc_node *params = mc_node_get(t->root, "parameters");
	c.builtins_only = true;
	for (size_t i = 0; params && i < params->npairs; i++)
		walk(&c, mc_node_get(params->pairs[i].value, "default"));
	for (size_t i = 0; t->slis && i < t->slis->npairs; i++) {
		const mc_node *sp = mc_node_get(t->slis->pairs[i].value, "parameters");
		for (size_t k = 0; sp && k < sp->npairs; k++)
			walk(&c, mc_node_get(sp->pairs[k].value, "default"));
	}
	c.builtins_only = false;

	for (size_t i = 0; t->metrics && i < t->metrics->npairs; i++) {
		const mc_node *m = t->metrics->pairs[i].value;
		check_when(&c, m);
		c.item = check_for_each(&c, m);
		walk(&c, m);
		c.item = false;
	}
	walk_section(&c, t->alarms);
	walk_section(&c, t->events);
	walk_section(&c, t->log_filters);
	walk_section(&c, t->queries);
	walk_section(&c, t->remediation);
	walk_section(&c, t->resources);
	for (size_t i = 0; t->slis && i < t->slis->npairs; i++) {
		const mc_node *sli = t->slis->pairs[i].value;
		check_when(&c, sli);
		c.sli_params = &t->sli_params[i];
		walk(&c, mc_node_get(sli, "good"));
		walk(&c, mc_node_get(sli, "bad"));
		walk(&c, mc_node_get(sli, "total"));
		walk(&c, mc_node_get(sli, "description"));
		c.sli_params = NULL;
		const char *where = mc_arena_printf(arena, "SLI `%s`", t->slis->pairs[i].key->text);
		static const char *const parts[] = {"good", "bad", "total"};
		for (size_t k = 0; k < 3; k++) {
			const mc_node *part = mc_node_get(sli, parts[k]);
			if (part && part->kind == MC_NODE_MAP) {
				check_ref(&c, mc_node_get(part, "metric"), "metric", where,
				          t->metrics, NULL);
				refuse_for_each(&c, mc_node_get(part, "metric"), where);
			}
		}
	}
	for (size_t i = 0; t->widgets && i < t->widgets->nitems; i++) {
		const mc_node *w = t->widgets->items[i];
		check_when(&c, w);
		walk(&c, w);
		const char *where = mc_arena_printf(arena, "widget %zu", i + 1);
		check_refs(&c, mc_node_get(w, "graph"), "metric or SLI", where, t->metrics,
		           t->slis);
		check_refs(&c, mc_node_get(w, "number"), "metric or SLI", where, t->metrics,
		           t->slis);
		check_refs(&c, mc_node_get(w, "alarms"), "alarm", where, t->alarms, NULL);
	}
	for (size_t i = 0; t->alarms && i < t->alarms->npairs; i++) {
		const char *where =
		        mc_arena_printf(arena, "alarm `%s`", t->alarms->pairs[i].key->text);
		const mc_node *ref = mc_node_get(t->alarms->pairs[i].value, "metric");
		check_ref(&c, ref, "metric", where, t->metrics, NULL);
		refuse_for_each(&c, ref, where);
	}
	return c.errors;
}
