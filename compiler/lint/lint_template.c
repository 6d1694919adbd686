/*
 * W0004: a template parameter that nothing in the template mentions.
 *
 * Consumes the template registry: the checker (compiler/template/check.c) marks a parameter
 * `used` when any `${name}`, `when:` or `for_each:` of its template mentions it. A parameter
 * nobody uses is accepted and silently ignored, so a user who sets it believes it has an
 * effect. Only imported templates are judged: the stdlib's are checked by its own tests
 * (tests/unit/test_lint.c), and a warning about them would reach every user of moncc.
 */
#include "lint/lint_internal.h"

static void report(mc_lint_ctx *cx, const mc_template *t, const mc_param *p, const char *sli)
{
	mc_diags *d = cx->d;
	mc_span at = p->key ? p->key->span : t->kind_node ? t->kind_node->span : MC_NO_SPAN;
	mc_diag *g;
	if (sli)
		g = mc_diag_add(d, MC_W0004, at,
		                "parameter `%s` of SLI `%s` in kind `%s` is not used", p->name, sli,
		                t->kind);
	else
		g = mc_diag_add(d, MC_W0004, at, "parameter `%s` of kind `%s` is not used", p->name,
		                t->kind);
	mc_diag_label_primary(d, g, "no `${%s}` or `when: %s` in the template mentions it", p->name,
	                      p->name);
	mc_diag_note(d, g, "a value given for it is accepted and has no effect");
	mc_diag_help(d, g, "use it with `${%s}`, or remove it from `parameters:`", p->name);
}

static void lint_params(mc_lint_ctx *cx, const mc_template *t, const mc_params *ps, const char *sli)
{
	for (size_t i = 0; i < ps->len; i++)
		if (!ps->v[i].used)
			report(cx, t, &ps->v[i], sli);
}

void mc_lint_unused_param(mc_lint_ctx *cx)
{
	if (!cx->ts)
		return;
	size_t n;
	const mc_template *const *all = mc_templates_all(cx->ts, &n);
	for (size_t i = 0; i < n; i++) {
		const mc_template *t = all[i];
		if (t->stdlib)
			continue;
		lint_params(cx, t, &t->params, NULL);
		if (!t->slis || t->slis->kind != MC_NODE_MAP || !t->sli_params)
			continue;
		for (size_t k = 0; k < t->slis->npairs; k++)
			lint_params(cx, t, &t->sli_params[k], t->slis->pairs[k].key->text);
	}
}
