/*
 * Expressions inside instantiated templates; see texpr.h.
 *
 * The parser reports into a scratch sink first, so that its diagnostics can be moved into
 * the real sink with the "instantiated here" label added: the template line alone would not
 * say which resource's parameters made the text what it is.
 */
#include "template/texpr.h"

#include <string.h>

#include "sema/expr.h"

typedef struct {
	const mc_instance *in;
	const char *what;
	mc_arena *arena;
	mc_diags *d;
	int errors;
} checker;

static void transfer(const mc_instance *in, mc_diags *scratch, mc_diags *d)
{
	for (size_t i = 0; i < scratch->len; i++) {
		const mc_diag *s = scratch->v[i];
		mc_diag *g = mc_diag_add(d, s->code, s->nlabels ? s->labels[0].span : MC_NO_SPAN,
		                         "%s", s->message);
		if (g->level != s->level)
			mc_diag_set_level(d, g, s->level);
		if (s->nlabels && s->labels[0].text)
			mc_diag_label_primary(d, g, "%s", s->labels[0].text);
		for (unsigned k = 1; k < s->nlabels; k++)
			mc_diag_label(d, g, s->labels[k].span, "%s",
			              s->labels[k].text ? s->labels[k].text : "");
		for (unsigned k = 0; k < s->nnotes; k++)
			mc_diag_note(d, g, "%s", s->notes[k]);
		if (s->help)
			mc_diag_help(d, g, "%s", s->help);
		mc_instance_label_origin(in, d, g);
	}
}

static const char *when_of(const mc_node *metrics, const char *name)
{
	const mc_node *w = mc_node_get(mc_node_get(metrics, name), "when");
	return w && w->kind == MC_NODE_STRING ? w->text : NULL;
}

static void check_ref(mc_expr *ref, void *vctx)
{
	checker *c = vctx;
	const mc_template *t = c->in->tmpl;
	if (ref->nnames <= 2 && mc_instance_metric(c->in, ref->text))
		return;
	bool exists = ref->nnames == 1 && mc_node_get(t->metrics, ref->text);
	const char *w = exists ? when_of(t->metrics, ref->text) : NULL;
	mc_diag *g = exists ? mc_diag_add(c->d, MC_E0310, ref->span,
	                                  "%s of kind `%s` uses metric `%s`, "
	                                  "which is off for resource `%s`",
	                                  c->what, t->kind, ref->text, c->in->resource)
	                    : mc_diag_add(c->d, MC_E0310, ref->span,
	                                  "unknown metric `%s` in %s of kind `%s`", ref->text,
	                                  c->what, t->kind);
	if (w)
		mc_diag_label_primary(c->d, g, "`%s` has `when: %s`", ref->text, w);
	else
		mc_diag_label_primary(c->d, g, "not a metric of this template");
	mc_instance_label_origin(c->in, c->d, g);
	if (exists) {
		mc_diag_help(c->d, g, "give the %s the same `when:` as the metric", c->what);
	} else if (t->metrics) {
		const char **names = mc_arena_alloc(c->arena, t->metrics->npairs * sizeof *names);
		for (size_t i = 0; i < t->metrics->npairs; i++)
			names[i] = t->metrics->pairs[i].key->text;
		const char *near = mc_did_you_mean(ref->text, names, t->metrics->npairs);
		if (near)
			mc_diag_help(c->d, g, "did you mean `%s`?", near);
	}
	c->errors++;
}

int mc_texpr_check(const mc_node *expr, const mc_instance *in, const char *what,
                   const mc_sources *srcs, mc_diags *d)
{
	/*
	 * The tree is only looked at here: it lives in an arena of its own, freed on return
	 * (kept in the session arena, the trees of every instance were megabytes of a large
	 * build's peak). Diagnostics are copied into d's arena (transfer, mc_diag_add).
	 */
	mc_arena *trees = mc_arena_new();
	mc_diags scratch;
	mc_diags_init(&scratch, trees);
	mc_expr *e = mc_expr_parse(expr, srcs, trees, &scratch);
	int errors = (int)scratch.nerrors;
	transfer(in, &scratch, d);
	mc_diags_release(&scratch);
	checker c = {in, what, trees, d, 0};
	if (e)
		mc_expr_visit_refs(e, check_ref, &c);
	mc_arena_free(trees);
	return errors + c.errors;
}
