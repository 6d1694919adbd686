/*
 * Composed kinds: linking `resources:` to the kinds they name, and instantiating them; see
 * compose.h.
 *
 * Linking happens after every template is loaded, because a stdlib kind may compose
 * another stdlib kind and an imported kind may compose either, whatever the file order.
 * The composition graph is walked depth first from every template: an edge back to a
 * template still on the path is a cycle (reported once, at the edge that closes it), and
 * the length of the longest chain below a template is its depth.
 */
#include "template/compose.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "template/param.h"
#include "template/subst.h"

/* ---- linking ---- */

typedef struct {
	mc_template **v;
	size_t n;
	mc_arena *arena;
	mc_diags *d;
	bool *drop;
	unsigned char *state; /* 0: not seen, 1: on the path, 2: done */
	size_t *height;       /* kinds in the longest chain from the template down */
	size_t *path;         /* the templates on the current path */
	size_t npath;
	int errors;
} linker;

static size_t index_of(const linker *l, const mc_template *t)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == t)
			return i;
	return l->n;
}

static const char *chain_text(linker *l, size_t from, const mc_template *last)
{
	mc_buf b = MC_BUF_INIT;
	for (size_t k = from; k < l->npath; k++)
		mc_buf_printf(&b, "`%s` -> ", l->v[l->path[k]]->kind);
	mc_buf_printf(&b, "`%s`", last->kind);
	const char *s = mc_arena_strdup(l->arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

/* The parameter names a sub-resource gives: known to its kind, and every required one. */
static void check_names(linker *l, mc_template *t, const mc_pair *sub, const mc_template *k)
{
	const mc_node *res = sub->value;
	for (size_t i = 0; i < res->npairs; i++) {
		const mc_node *key = res->pairs[i].key;
		if (strcmp(key->text, "kind") == 0 || strcmp(key->text, "when") == 0 ||
		    strcmp(key->text, "description") == 0 ||
		    mc_params_find(&k->params, key->text, key->text_len))
			continue;
		mc_diag *g = mc_diag_add(l->d, MC_E0304, key->span,
		                         "kind `%s` has no parameter `%s` (sub-resource `%s` of "
		                         "kind `%s`)",
		                         k->kind, key->text, sub->key->text, t->kind);
		mc_diag_label_primary(l->d, g, "unknown parameter");
		const char *near = mc_did_you_mean(key->text, mc_params_names(&k->params, l->arena),
		                                   k->params.len);
		if (near)
			mc_diag_help(l->d, g, "did you mean `%s`?", near);
		l->errors++;
		l->drop[index_of(l, t)] = true;
	}
	for (size_t i = 0; i < k->params.len; i++) {
		const mc_param *p = &k->params.v[i];
		if (!p->required || mc_node_get(res, p->name))
			continue;
		mc_diag *g = mc_diag_add(l->d, MC_E0305, sub->key->span,
		                         "sub-resource `%s` of kind `%s` needs parameter `%s`",
		                         sub->key->text, t->kind, p->name);
		mc_diag_label_primary(l->d, g, "`%s` is missing", p->name);
		mc_diag_label(l->d, g, p->key->span, "`%s` declared here by kind `%s`", p->name,
		              k->kind);
		if (p->description)
			mc_diag_note(l->d, g, "`%s`: %s", p->name, p->description);
		mc_diag_help(l->d, g, "pass it on from a parameter of `%s`: `%s: \"${%s}\"`", t->kind,
		             p->name, p->name);
		l->errors++;
		l->drop[index_of(l, t)] = true;
	}
}

static bool is_broken(const char *kind, const char *const *broken, size_t nbroken)
{
	for (size_t i = 0; i < nbroken; i++)
		if (strcmp(broken[i], kind) == 0)
			return true;
	return false;
}

/* Resolves the kind of every sub-resource of t (E0320 for an unknown one). */
static void resolve(linker *l, mc_template *t, const char *const *broken, size_t nbroken)
{
	const mc_node *rs = t->resources;
	t->subs = mc_arena_alloc(l->arena, (rs->npairs ? rs->npairs : 1) * sizeof *t->subs);
	const char **kinds = mc_arena_alloc(l->arena, (l->n + 1) * sizeof *kinds);
	for (size_t i = 0; i < l->n; i++)
		kinds[i] = l->v[i]->kind;
	for (size_t i = 0; i < rs->npairs; i++) {
		const mc_node *kind = mc_node_get(rs->pairs[i].value, "kind");
		for (size_t k = 0; k < l->n && kind; k++)
			if (strcmp(l->v[k]->kind, kind->text) == 0)
				t->subs[i] = l->v[k];
		if (t->subs[i]) {
			check_names(l, t, &rs->pairs[i], t->subs[i]);
			continue;
		}
		l->drop[index_of(l, t)] = true;
		if (!kind || is_broken(kind->text, broken, nbroken))
			continue; /* its template's errors say enough */
		mc_diag *g = mc_diag_add(l->d, MC_E0320, kind->span,
		                         "sub-resource `%s` of kind `%s` has unknown kind `%s`",
		                         rs->pairs[i].key->text, t->kind, kind->text);
		mc_diag_label_primary(l->d, g, "not a stdlib kind or an imported template");
		const char *near = mc_did_you_mean(kind->text, kinds, l->n);
		if (near)
			mc_diag_help(l->d, g, "did you mean `%s`?", near);
		else
			mc_diag_help(l->d, g, "a kind of your own needs its template file in the "
			                      "spec's `imports:`");
		l->errors++;
	}
}

static void visit(linker *l, size_t i)
{
	mc_template *t = l->v[i];
	l->state[i] = 1;
	l->path[l->npath++] = i;
	size_t h = 0;
	for (size_t s = 0; t->resources && s < t->resources->npairs; s++) {
		size_t k = t->subs[s] ? index_of(l, t->subs[s]) : l->n;
		if (k == l->n)
			continue;
		if (l->state[k] == 1) {
			size_t from = 0;
			while (l->path[from] != k)
				from++;
			const mc_node *kind = mc_node_get(t->resources->pairs[s].value, "kind");
			mc_diag *g = mc_diag_add(l->d, MC_E0321, kind->span,
			                         "kind `%s` composes itself: %s", l->v[k]->kind,
			                         chain_text(l, from, l->v[k]));
			mc_diag_label_primary(l->d, g, "this closes the cycle");
			if (k != i)
				mc_diag_label(l->d, g, l->v[k]->kind_node->span,
				              "`%s` is defined here", l->v[k]->kind);
			mc_diag_note(l->d, g, "an instance of a kind in a cycle would never end");
			mc_diag_help(l->d, g, "remove one sub-resource of the cycle");
			l->errors++;
			for (size_t p = from; p < l->npath; p++)
				l->drop[l->path[p]] = true;
			continue;
		}
		if (l->state[k] == 0)
			visit(l, k);
		if (l->height[k] > h)
			h = l->height[k];
		if (l->height[k] == MC_COMPOSE_MAX_DEPTH) {
			/* t is the first kind whose chains are too long: report here only. */
			const mc_node *kind = mc_node_get(t->resources->pairs[s].value, "kind");
			mc_diag *g = mc_diag_add(l->d, MC_E0323, kind->span,
			                         "kind `%s` nests kinds %d deep, more than %d",
			                         t->kind, MC_COMPOSE_MAX_DEPTH + 1,
			                         MC_COMPOSE_MAX_DEPTH);
			mc_diag_label_primary(l->d, g, "`%s` nests kinds %d deep below", l->v[k]->kind,
			                      MC_COMPOSE_MAX_DEPTH);
			mc_diag_note(l->d, g, "a resource, its sub-resources and theirs may be at "
			                      "most %d kinds deep",
			             MC_COMPOSE_MAX_DEPTH);
			mc_diag_help(l->d, g, "compose the inner kinds' sub-resources directly");
			l->errors++;
		}
		if (l->height[k] >= MC_COMPOSE_MAX_DEPTH)
			l->drop[i] = true;
	}
	l->height[i] = h + 1;
	l->npath--;
	l->state[i] = 2;
}

int mc_compose_link(mc_template **v, size_t n, const char *const *broken_kinds, size_t nbroken,
                    mc_arena *arena, mc_diags *d, bool *drop)
{
	linker l = {v, n, arena, d, drop, NULL, NULL, NULL, 0, 0};
	l.state = mc_arena_alloc(arena, n + 1);
	l.height = mc_arena_alloc(arena, (n + 1) * sizeof *l.height);
	l.path = mc_arena_alloc(arena, (n + 1) * sizeof *l.path);
	for (size_t i = 0; i < n; i++)
		if (v[i]->resources)
			resolve(&l, v[i], broken_kinds, nbroken);
	for (size_t i = 0; i < n; i++)
		if (l.state[i] == 0)
			visit(&l, i);
	/* A kind composing a kind that leaves leaves too (its error is reported there). */
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < n; i++)
			for (size_t s = 0; !drop[i] && v[i]->resources && s < v[i]->resources->npairs;
			     s++) {
				size_t k = v[i]->subs[s] ? index_of(&l, v[i]->subs[s]) : n;
				if (k < n && drop[k]) {
					drop[i] = true;
					changed = true;
				}
			}
	}
	return l.errors;
}

/* ---- instantiation ---- */

/* The parent's parameter a value `"${name}"` names as a whole, or NULL. */
static const mc_inst_param *whole_param(const mc_instance *in, const mc_node *v)
{
	if (v->kind != MC_NODE_STRING || v->text_len < 4 || memcmp(v->text, "${", 2) != 0 ||
	    v->text[v->text_len - 1] != '}' || memchr(v->text + 2, '$', v->text_len - 2))
		return NULL;
	size_t len = v->text_len - 3;
	for (size_t i = 0; i < in->nparams; i++)
		if (strlen(in->params[i].param->name) == len &&
		    memcmp(in->params[i].param->name, v->text + 2, len) == 0)
			return &in->params[i];
	return NULL;
}

/*
 * The resource mapping of a sub-resource: its entries but `when:`, each value substituted.
 * A value that is exactly `"${name}"` passes the parent's value on as it is, typed (a
 * boolean stays a boolean, a list a list) and unset when the parent's is unset, so the
 * sub-kind's default applies.
 */
static const mc_node *sub_resource(const mc_instance *in, const mc_node *def,
                                   const mc_subst_env *env, mc_arena *arena, mc_diags *d)
{
	mc_node *res = mc_arena_alloc(arena, sizeof *res);
	*res = *def;
	res->pairs = mc_arena_alloc(arena, (def->npairs ? def->npairs : 1) * sizeof *res->pairs);
	res->npairs = 0;
	for (size_t i = 0; i < def->npairs; i++) {
		const mc_pair *p = &def->pairs[i];
		if (strcmp(p->key->text, "when") == 0)
			continue;
		const mc_inst_param *ip = whole_param(in, p->value);
		const mc_node *v = ip ? ip->value : mc_instance_subst(in, env, p->value, arena, d);
		if (!v)
			continue;
		res->pairs[res->npairs++] = (mc_pair){p->key, (mc_node *)v};
	}
	return res;
}

void mc_compose_instantiate(mc_instance *in, const mc_subst_env *env, const mc_sources *srcs,
                            mc_arena *arena, mc_diags *d)
{
	const mc_template *t = in->tmpl;
	const mc_node *rs = t->resources;
	in->subs = mc_arena_alloc(arena, (rs->npairs ? rs->npairs : 1) * sizeof *in->subs);
	for (size_t i = 0; i < rs->npairs; i++) {
		const mc_pair *p = &rs->pairs[i];
		if (!t->subs || !t->subs[i] || !mc_instance_keeps(in, p->value))
			continue;
		mc_node *key = mc_arena_alloc(arena, sizeof *key);
		*key = *p->key;
		key->text = mc_arena_printf(arena, "%s-%s", in->resource, p->key->text);
		key->text_len = strlen(key->text);
		const mc_node *res = sub_resource(in, p->value, env, arena, d);
		mc_instance *sub =
		        mc_template_instantiate_sub(t->subs[i], key, res, in, env, srcs, arena, d);
		if (sub)
			sub->local = p->key->text;
		in->subs[in->nsubs++] = sub;
	}
}

const mc_instance *mc_instance_sub(const mc_instance *in, const char *local, size_t len)
{
	for (size_t i = 0; in && i < in->nsubs; i++)
		if (in->subs[i] && strlen(in->subs[i]->local) == len &&
		    memcmp(in->subs[i]->local, local, len) == 0)
			return in->subs[i];
	return NULL;
}

static void flatten(mc_instance *in, mc_instance ***v, size_t *n, size_t *cap)
{
	MC_GROW(*v, *cap, *n + 1);
	(*v)[(*n)++] = in;
	for (size_t i = 0; i < in->nsubs; i++)
		if (in->subs[i])
			flatten(in->subs[i], v, n, cap);
}

mc_instance **mc_instance_flatten(mc_instance *in, mc_arena *arena, size_t *n)
{
	mc_instance **v = NULL;
	size_t cap = 0;
	*n = 0;
	flatten(in, &v, n, &cap);
	mc_instance **out = mc_arena_alloc(arena, *n * sizeof *out);
	memcpy(out, v, *n * sizeof *out);
	free(v);
	return out;
}
