/*
 * Instantiation: one template x one resource of the spec -> an mc_instance; and the binding
 * of an SLI's parameters by the SLO that uses it. See template.h.
 *
 * The resource's parameters are checked first (at the resource: they are the user's
 * mistakes); only when they are right is anything substituted. Then every item whose `when:`
 * holds is built, in the template's order. Problems found from here on are the template's:
 * each is reported at the template line with a second label at the resource's `kind:`
 * ("instantiated here"), because the template line alone would not say which resource
 * broke it.
 *
 * Substitution order: a parameter's value, else a built-in; a parameter may shadow a
 * built-in (the `waf` kind's `region` defaults to `${region}`, the spec's region). SLI
 * parameters are unknown until an SLO binds them, so they stay `${name}` in the instance
 * and mc_sli_bind finishes the text.
 */
#include "template/template.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "sema/condition.h"
#include "template/check.h"
#include "template/compose.h"
#include "template/json_text.h"
#include "template/param.h"
#include "template/scaling.h"
#include "template/subst.h"
#include "template/texpr.h"

typedef struct {
	const mc_template *t;
	mc_instance *in;
	const mc_subst_env *env;
	const mc_sources *srcs;
	mc_arena *arena;
	mc_diags *d;
	bool builtins_only;           /* substituting a parameter's default */
	const mc_params *sli_params;  /* binding an SLI: its parameters ... */
	const char *const *sli_texts; /* ... and their texts */
	const char *item;             /* the item of a `for_each` metric, or NULL */
} ctx;

/* ---- look-ups ---- */

static const mc_inst_param *inst_param(const mc_instance *in, const char *name, size_t len)
{
	for (size_t i = 0; i < in->nparams; i++)
		if (strlen(in->params[i].param->name) == len &&
		    memcmp(in->params[i].param->name, name, len) == 0)
			return &in->params[i];
	return NULL;
}

static bool lookup(void *vctx, const char *name, size_t len, mc_tsubst_value *out)
{
	ctx *c = vctx;
	if (c->sli_params) {
		const mc_param *p = mc_params_find(c->sli_params, name, len);
		if (p) {
			out->text = c->sli_texts[p - c->sli_params->v];
			return true;
		}
	}
	if (c->item && len == 4 && memcmp(name, "item", 4) == 0) {
		out->text = c->item;
		return true;
	}
	if (!c->builtins_only) {
		const mc_inst_param *ip = inst_param(c->in, name, len);
		if (ip) {
			/* An unset optional parameter reads as empty: the items that need it
			 * normally say so with `when:`. */
			out->text = ip->text ? ip->text : "";
			out->list = ip->param->type == MC_PARAM_LIST ? ip->value : NULL;
			return true;
		}
	}
	const mc_subst_env *e = c->env;
	const char *v = NULL;
	bool known = true;
	if (len == 8 && memcmp(name, "resource", 8) == 0)
		v = c->in->resource;
	else if (len == 7 && memcmp(name, "service", 7) == 0)
		v = c->in->service;
	else if (len == 7 && memcmp(name, "project", 7) == 0)
		v = e ? e->project : NULL;
	else if (len == 11 && memcmp(name, "environment", 11) == 0)
		v = e ? e->environment : NULL;
	else if (len == 6 && memcmp(name, "region", 6) == 0)
		v = e ? e->region : NULL;
	else
		known = false;
	if (!known)
		return false; /* an SLI parameter, bound later */
	out->text = v ? v : "";
	return true;
}

/* Where copies of nodes go: the env's arena for them (freed after lowering), if any. */
static mc_arena *nodes_of(const ctx *c)
{
	return c->env && c->env->nodes ? c->env->nodes : c->arena;
}

static const mc_node *subst(ctx *c, const mc_node *n)
{
	return mc_tsubst_node_in(n, lookup, c, c->arena, nodes_of(c));
}

static const char *subst_text(ctx *c, const mc_node *map, const char *key)
{
	const mc_node *n = subst(c, mc_node_get(map, key));
	return n && n->kind == MC_NODE_STRING ? n->text : NULL;
}

const mc_inst_metric *mc_instance_metric(const mc_instance *in, const char *name)
{
	const char *dot = strchr(name, '.');
	if (dot) {
		/* `lb.requests` inside a composed kind: its sub-resource `lb`'s metric. */
		const mc_instance *sub = mc_instance_sub(in, name, (size_t)(dot - name));
		return sub ? mc_instance_metric(sub, dot + 1) : NULL;
	}
	for (size_t i = 0; i < in->nmetrics; i++)
		if (strcmp(in->metrics[i].name, name) == 0)
			return &in->metrics[i];
	return NULL;
}

const mc_inst_sli *mc_instance_sli(const mc_instance *in, const char *name)
{
	for (size_t i = 0; i < in->nslis; i++)
		if (strcmp(in->slis[i].name, name) == 0)
			return &in->slis[i];
	return NULL;
}

const mc_inst_alarm *mc_instance_alarm(const mc_instance *in, const char *name)
{
	for (size_t i = 0; i < in->nalarms; i++)
		if (strcmp(in->alarms[i].name, name) == 0)
			return &in->alarms[i];
	return NULL;
}

/* ---- diagnostics inside the template ---- */

void mc_instance_label_origin(const mc_instance *in, mc_diags *d, mc_diag *g)
{
	for (; in; in = in->parent) {
		if (in->parent)
			mc_diag_label(d, g, in->kind_span, "instantiated here as `%s` by kind `%s`",
			              in->resource, in->parent->tmpl->kind);
		else
			mc_diag_label(d, g, in->kind_span, "instantiated here");
	}
}

static mc_diag *tmpl_error(ctx *c, mc_code code, mc_span at, const char *label, const char *message)
{
	mc_diag *g = mc_diag_add(c->d, code, at, "%s", message);
	if (label)
		mc_diag_label_primary(c->d, g, "%s", label);
	mc_instance_label_origin(c->in, c->d, g);
	return g;
}

/* ---- `when:` ---- */

static bool kept(ctx *c, const mc_node *item)
{
	const mc_node *w = mc_node_get(item, "when");
	if (!w || w->kind != MC_NODE_STRING)
		return true;
	bool neg = w->text[0] == '!';
	const mc_inst_param *ip = inst_param(c->in, w->text + neg, w->text_len - neg);
	bool set = ip && mc_param_truthy(ip->value);
	return neg ? !set : set;
}

/* The item of a section that an off item's name refers to: for "needs `x`" labels. */
static const char *when_of(const mc_node *section, const char *name)
{
	const mc_node *w = mc_node_get(mc_node_get(section, name), "when");
	return w && w->kind == MC_NODE_STRING ? w->text : NULL;
}

/* A metric an item uses: the instance's, or E0310 when `when:` switched it off. */
static const mc_inst_metric *use_metric(ctx *c, const mc_node *ref, const char *what)
{
	if (!ref || ref->kind != MC_NODE_STRING)
		return NULL;
	const mc_inst_metric *m = mc_instance_metric(c->in, ref->text);
	if (m)
		return m;
	const char *w = when_of(c->t->metrics, ref->text);
	const char *msg = mc_arena_printf(c->arena,
	                                  "%s of kind `%s` uses metric `%s`, which is off "
	                                  "for resource `%s`",
	                                  what, c->t->kind, ref->text, c->in->resource);
	const char *label = w ? mc_arena_printf(c->arena, "`%s` has `when: %s`", ref->text, w)
	                      : "no such metric";
	mc_diag *g = tmpl_error(c, MC_E0310, ref->span, label, msg);
	mc_diag_help(c->d, g, "give the %s the same `when:` as the metric", what);
	return NULL;
}

/* Parses a substituted expression and checks that its names are the instance's metrics. */
static void check_expr(ctx *c, const mc_node *expr, const char *what)
{
	mc_texpr_check(expr, c->in, what, c->srcs, c->d);
}

/* ---- parameters ---- */

static void param_note(mc_diags *d, mc_diag *g, const mc_param *p)
{
	if (p->description)
		mc_diag_note(d, g, "`%s`: %s", p->name, p->description);
}

/* The second span of a parameter error: the declaration in the template. */
static void declared_here(ctx *c, mc_diag *g, const mc_param *p)
{
	if (p)
		mc_diag_label(c->d, g, p->key->span, "`%s` declared here by kind `%s`", p->name,
		              c->t->kind);
}

static const char *names_list(const mc_params *ps, mc_arena *arena)
{
	mc_buf b = MC_BUF_INIT;
	for (size_t i = 0; i < ps->len; i++)
		mc_buf_printf(&b, "%s`%s`", i ? ", " : "", ps->v[i].name);
	const char *s = mc_arena_strdup(arena, mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static bool own_key(const char *k)
{
	return strcmp(k, "kind") == 0 || strcmp(k, "description") == 0;
}

/* Checks the resource's parameters; 0 when all are right. */
static int check_params(ctx *c, const mc_node *key, const mc_node *res)
{
	const mc_params *ps = &c->t->params;
	int errors = 0;
	for (size_t i = 0; i < res->npairs; i++) {
		const mc_node *k = res->pairs[i].key, *v = res->pairs[i].value;
		if (own_key(k->text))
			continue;
		const mc_param *p = mc_params_find(ps, k->text, k->text_len);
		if (!p) {
			mc_diag *g =
			        mc_diag_add(c->d, MC_E0304, k->span,
			                    "kind `%s` has no parameter `%s`", c->t->kind, k->text);
			mc_diag_label_primary(c->d, g, "unknown parameter");
			if (ps->len)
				mc_diag_note(c->d, g, "the parameters of `%s` are %s", c->t->kind,
				             names_list(ps, c->arena));
			const char *near =
			        mc_did_you_mean(k->text, mc_params_names(ps, c->arena), ps->len);
			if (near) {
				mc_diag_help(c->d, g, "did you mean `%s`?", near);
				declared_here(c, g, mc_params_find(ps, near, strlen(near)));
			}
			errors++;
			continue;
		}
		mc_code code;
		const char *why;
		if (mc_param_check(p, v, true, c->arena, &code, &why) < 0) {
			mc_diag *g =
			        code == MC_E0307
			                ? mc_diag_add(
			                          c->d, code, v->span,
			                          "parameter `%s` of kind `%s` does not match its "
			                          "pattern",
			                          p->name, c->t->kind)
			                : mc_diag_add(c->d, code, v->span,
			                              "parameter `%s` of kind `%s` must be of type "
			                              "`%s`",
			                              p->name, c->t->kind,
			                              mc_param_type_name(p->type));
			mc_diag_label_primary(c->d, g, "%s", why);
			declared_here(c, g, p);
			param_note(c->d, g, p);
			errors++;
		}
	}
	for (size_t i = 0; i < ps->len; i++) {
		const mc_param *p = &ps->v[i];
		if (!p->required || mc_node_get(res, p->name))
			continue;
		mc_diag *g = mc_diag_add(c->d, MC_E0305, key->span,
		                         "resource `%s` of kind `%s` needs parameter `%s`",
		                         key->text, c->t->kind, p->name);
		mc_diag_label_primary(c->d, g, "`%s` is missing", p->name);
		declared_here(c, g, p);
		param_note(c->d, g, p);
		errors++;
	}
	return errors;
}

/* The instance's parameter table: given values, else defaults (substituted). */
static void bind_params(ctx *c, const mc_node *res)
{
	const mc_params *ps = &c->t->params;
	mc_instance *in = c->in;
	in->nparams = ps->len;
	in->params = mc_arena_alloc(c->arena, (ps->len ? ps->len : 1) * sizeof *in->params);
	for (size_t i = 0; i < ps->len; i++) {
		mc_inst_param *ip = &in->params[i];
		ip->param = &ps->v[i];
		ip->value = mc_node_get(res, ip->param->name);
		if (ip->value) {
			ip->text = mc_param_text(ip->param, ip->value, c->arena);
			continue;
		}
		if (!ip->param->def)
			continue;
		ip->from_default = true;
		c->builtins_only = true;
		ip->value = subst(c, ip->param->def);
		c->builtins_only = false;
		ip->text = mc_param_text(ip->param, ip->value, c->arena);
		if (ip->value != ip->param->def && ip->value->kind == MC_NODE_STRING &&
		    !mc_param_matches(ip->param, ip->value->text, ip->value->text_len)) {
			const char *msg =
			        mc_arena_printf(c->arena,
			                        "default of parameter `%s` is `%s` "
			                        "after substitution, which does not match its "
			                        "pattern",
			                        ip->param->name, ip->text);
			const char *label = mc_arena_printf(
			        c->arena, "expected a value matching `%s`", ip->param->pattern);
			tmpl_error(c, MC_E0311, ip->param->def->span, label, msg);
		}
	}
}

/* ---- items ---- */

static int by_dim_name(const void *a, const void *b)
{
	return strcmp(((const mc_inst_dim *)a)->name, ((const mc_inst_dim *)b)->name);
}

static const char *stat_of(ctx *c, const mc_node *n, const char *what)
{
	if (!n || n->kind != MC_NODE_STRING)
		return NULL;
	const mc_node *s = subst(c, n);
	const char *why = NULL;
	const char *canon = mc_stat_normalize(s->text, s->text_len, c->arena, &why);
	if (canon)
		return canon;
	const char *msg = mc_arena_printf(c->arena,
	                                  "statistic of %s is `%s` after substitution, "
	                                  "which is not a statistic",
	                                  what, s->text);
	tmpl_error(c, MC_E0311, n->span, why ? why : "expected a statistic such as `p99`", msg);
	return NULL;
}

static void build_metric(ctx *c, const mc_pair *pair, mc_inst_metric *m)
{
	const mc_node *def = pair->value;
	m->name = pair->key->text;
	m->group = m->name;
	m->span = pair->key->span;
	if (c->item) {
		/* `blocked_rule` + `rate-limit` -> `blocked_rule_rate_limit`. */
		mc_buf b = MC_BUF_INIT;
		mc_buf_printf(&b, "%s_", m->name);
		for (const char *p = c->item; *p; p++) {
			char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
			mc_buf_putc(&b, (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch
			                                                                     : '_');
		}
		m->name = mc_arena_strdup(c->arena, mc_buf_str(&b));
		mc_buf_release(&b);
	}
	m->ns = subst_text(c, def, "namespace");
	m->metric = subst_text(c, def, "name");
	m->description = subst_text(c, def, "description");
	const mc_node *dims = mc_node_get(def, "dimensions");
	if (dims && dims->npairs) {
		m->ndims = dims->npairs;
		m->dims = mc_arena_alloc(c->arena, m->ndims * sizeof *m->dims);
		for (size_t i = 0; i < dims->npairs; i++) {
			const mc_node *v = subst(c, dims->pairs[i].value);
			m->dims[i] = (mc_inst_dim){dims->pairs[i].key->text, v->text ? v->text : "",
			                           dims->pairs[i].value->span};
		}
		qsort(m->dims, m->ndims, sizeof *m->dims, by_dim_name);
	}
	const char *what = mc_arena_printf(c->arena, "metric `%s`", m->name);
	const mc_node *stat = mc_node_get(def, "stat");
	m->stat = stat ? stat_of(c, stat, what) : "Average";
	if (!m->stat)
		m->stat = "Average";
	const mc_node *period = mc_node_get(def, "period");
	if (period && period->kind == MC_NODE_STRING) {
		const mc_node *p = subst(c, period);
		uint64_t secs = 0;
		if (mc_duration_parse(p->text, p->text_len, &secs) < 0 || !secs ||
		    secs > UINT32_MAX) {
			const char *msg = mc_arena_printf(c->arena,
			                                  "`period` of metric `%s` is `%s` after "
			                                  "substitution, which is not a duration",
			                                  m->name, p->text);
			tmpl_error(c, MC_E0311, period->span, "expected a duration such as `5m`",
			           msg);
		} else {
			m->period_s = (uint32_t)secs;
		}
	}
	const mc_node *unit = mc_node_get(def, "unit");
	m->unit =
	        unit && unit->text ? mc_unit_from_spec(unit->text, unit->text_len) : MC_UNIT_UNSET;
	if (m->unit == MC_UNIT_INVALID)
		m->unit = MC_UNIT_UNSET;
	const mc_node *sparse = mc_node_get(def, "sparse");
	m->sparse = sparse && sparse->kind == MC_NODE_BOOL && sparse->as.b;
	const mc_node *signal = mc_node_get(def, "signal");
	m->signal = signal && signal->kind == MC_NODE_STRING ? signal->text : NULL;
}

static void build_sli_part(ctx *c, const mc_node *n, const char *what, mc_sli_part *part)
{
	part->node = n;
	if (n->kind == MC_NODE_STRING) {
		const mc_node *s = subst(c, n);
		part->expr = s->text;
		/* With SLI parameters still in it, the text is checked once bound. */
		if (!mc_tsubst_has_vars(s->text, s->text_len))
			check_expr(c, s, what);
		return;
	}
	part->metric = use_metric(c, mc_node_get(n, "metric"), what);
	const mc_node *stat = subst(c, mc_node_get(n, "stat"));
	part->stat = stat ? stat->text : NULL;
}

static void build_sli(ctx *c, const mc_pair *pair, size_t index, mc_inst_sli *s)
{
	const mc_node *def = pair->value;
	s->name = pair->key->text;
	s->span = pair->key->span;
	s->description = subst_text(c, def, "description");
	s->params = c->t->sli_params[index];
	const char *what = mc_arena_printf(c->arena, "SLI `%s`", s->name);
	const mc_node *gb = mc_node_get(def, "bad");
	s->bad = gb != NULL;
	if (!gb)
		gb = mc_node_get(def, "good");
	build_sli_part(c, gb, what, &s->good_or_bad);
	build_sli_part(c, mc_node_get(def, "total"), what, &s->total);
}

static void build_alarm(ctx *c, const mc_pair *pair, mc_inst_alarm *a)
{
	a->name = pair->key->text;
	a->span = pair->key->span;
	a->node = subst(c, pair->value);
	a->description = subst_text(c, pair->value, "description");
	a->why = subst_text(c, pair->value, "why");
	a->runbook = subst_text(c, pair->value, "runbook");
	const char *what = mc_arena_printf(c->arena, "alarm `%s`", a->name);
	const mc_node *metric = mc_node_get(pair->value, "metric");
	if (metric)
		a->metric = use_metric(c, metric, what);
	a->expr = mc_node_get(a->node, "expr");
	if (a->expr)
		check_expr(c, a->expr, what);
}

/* Whether name is a kept `for_each` metric (which may have no items: nothing to show). */
static bool repeated(ctx *c, const char *name)
{
	const mc_node *m = mc_node_get(c->t->metrics, name);
	return m && mc_node_get(m, "for_each") && kept(c, m);
}

/* A widget's names must be the instance's metrics and SLIs (or alarms). */
static void check_widget_refs(ctx *c, const mc_node *refs, bool alarms, size_t index)
{
	if (!refs)
		return;
	size_t n = refs->kind == MC_NODE_SEQ ? refs->nitems : 1;
	for (size_t i = 0; i < n; i++) {
		const mc_node *r = refs->kind == MC_NODE_SEQ ? refs->items[i] : refs;
		if (!r->text)
			continue;
		bool ok = alarms ? mc_instance_alarm(c->in, r->text) != NULL
		                 : mc_instance_metric(c->in, r->text) ||
		                           mc_instance_sli(c->in, r->text) || repeated(c, r->text);
		if (ok)
			continue;
		const mc_node *section = alarms                                ? c->t->alarms
		                         : mc_node_get(c->t->metrics, r->text) ? c->t->metrics
		                                                               : c->t->slis;
		const char *w = when_of(section, r->text);
		const char *msg = mc_arena_printf(c->arena,
		                                  "widget %zu of kind `%s` shows `%s`, which "
		                                  "is off for resource `%s`",
		                                  index + 1, c->t->kind, r->text, c->in->resource);
		const char *label = w ? mc_arena_printf(c->arena, "`%s` has `when: %s`", r->text, w)
		                      : "switched off";
		mc_diag *g = tmpl_error(c, MC_E0310, r->span, label, msg);
		mc_diag_help(c->d, g, "give the widget the same `when:`");
	}
}

static void build_event(ctx *c, const mc_pair *pair, mc_inst_event *e)
{
	e->name = pair->key->text;
	e->span = pair->key->span;
	e->description = subst_text(c, pair->value, "description");
	e->tier = subst_text(c, pair->value, "tier");
	e->runbook = subst_text(c, pair->value, "runbook");
	e->pattern = mc_tjson_compact(subst(c, mc_node_get(pair->value, "pattern")), c->arena);
}

/* AWS's rule for a log group's name: 1-512 letters, digits and `. - _ / #`. */
static bool log_group_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 512)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr(".-_/#", *s))
			return false;
	return true;
}

/*
 * A log group after substitution (at: its node in the template): itself, or NULL after E0311
 * when a parameter made it something AWS refuses, so that nothing downstream uses it.
 */
static const char *check_log_group(ctx *c, const mc_node *at, const char *group,
                                   const char *what, const char *name)
{
	if (!group || log_group_ok(group))
		return group;
	const char *msg = mc_arena_printf(c->arena, "log group of %s `%s` is `%s` after "
	                                  "substitution, which is not a log group name",
	                                  what, name, group);
	mc_diag *g = tmpl_error(c, MC_E0311, at->span,
	                        "expected 1-512 letters, digits and `. - _ / #`", msg);
	mc_diag_help(c->d, g, "a template can check the parameter where it is given: "
	                      "`pattern: '^[.\\-_/#A-Za-z0-9]{1,512}$'`");
	return NULL;
}

static void build_log_filter(ctx *c, const mc_pair *pair, mc_inst_log_filter *f)
{
	f->name = pair->key->text;
	f->span = pair->key->span;
	f->description = subst_text(c, pair->value, "description");
	f->log_group = subst_text(c, pair->value, "log_group");
	if (f->log_group)
		f->log_group = check_log_group(c, mc_node_get(pair->value, "log_group"),
		                               f->log_group, "log filter", f->name);
	f->pattern = subst_text(c, pair->value, "pattern");
	f->metric = subst_text(c, pair->value, "metric");
	f->ns = subst_text(c, pair->value, "namespace");
	f->value = subst_text(c, pair->value, "value");
	if (!f->value)
		f->value = "1";
}

static void build_query(ctx *c, const mc_pair *pair, mc_inst_query *q)
{
	q->name = pair->key->text;
	q->span = pair->key->span;
	q->description = subst_text(c, pair->value, "description");
	q->query = subst_text(c, pair->value, "query");
	const mc_node *groups = subst(c, mc_node_get(pair->value, "log_groups"));
	if (groups && groups->kind == MC_NODE_SEQ) {
		q->log_groups =
		        mc_arena_alloc(c->arena, (groups->nitems + 1) * sizeof *q->log_groups);
		for (size_t i = 0; i < groups->nitems; i++) {
			const mc_node *lg = groups->items[i];
			if (lg->text && lg->text_len &&
			    check_log_group(c, lg, lg->text, "log query", q->name))
				q->log_groups[q->nlog_groups++] = lg->text;
		}
	}
}

/* The list a `for_each` metric repeats over, or NULL (unset, or no `for_each`). */
/*
 * A `scale:NAME` entry's `policy:` (the schema made it a mapping with `group` and
 * `adjustment`): substituted, then read; a value that is wrong only after substitution is
 * E0311, `min_adjustment` with an adjustment in instances is E0331.
 */
static void build_scaling(ctx *c, const mc_node *policy, mc_inst_remediation *r)
{
	r->scaling = true;
	if (!policy || policy->kind != MC_NODE_MAP)
		return;
	bool ok = true;
	const mc_node *group = mc_node_get(policy, "group");
	r->group = subst_text(c, policy, "group");
	if (!r->group || !*r->group || strlen(r->group) > 255) {
		/* AWS::AutoScaling::ScalingPolicy takes a group name of 1-255 characters. */
		const char *msg = mc_arena_printf(c->arena, "`group` of scaling policy `%s` is "
		                                  "%s after substitution", r->action,
		                                  r->group && *r->group ? "over 255 characters"
		                                                        : "empty");
		tmpl_error(c, MC_E0311, group ? group->span : policy->span,
		           "expected an Auto Scaling group's name", msg);
		ok = false;
	}
	const mc_node *adj = mc_node_get(policy, "adjustment");
	const mc_node *a = adj ? subst(c, adj) : NULL;
	if (!a || a->kind != MC_NODE_STRING ||
	    mc_scaling_adjustment_parse(a->text, a->text_len, &r->adjustment, &r->percent) < 0) {
		const char *msg = mc_arena_printf(c->arena, "`adjustment` of scaling policy `%s` "
		                                  "is `%s` after substitution, which is not an "
		                                  "adjustment", r->action,
		                                  a && a->text ? a->text : "");
		tmpl_error(c, MC_E0311, adj ? adj->span : policy->span,
		           "expected a sign and a number such as `+1` or `-20%`", msg);
		ok = false;
	}
	const mc_node *cool = mc_node_get(policy, "cooldown");
	if (cool) {
		const mc_node *cd = subst(c, cool);
		uint64_t secs = 0;
		if (!cd || cd->kind != MC_NODE_STRING ||
		    mc_duration_parse(cd->text, cd->text_len, &secs) < 0 || secs > UINT32_MAX) {
			const char *msg = mc_arena_printf(c->arena, "`cooldown` of scaling policy `%s` "
			                                  "is `%s` after substitution, which is not "
			                                  "a duration", r->action,
			                                  cd && cd->text ? cd->text : "");
			tmpl_error(c, MC_E0311, cool->span, "expected a duration such as `5m`", msg);
			ok = false;
		} else {
			r->cooldown_s = (uint32_t)secs;
			r->has_cooldown = true;
		}
	}
	const mc_node *min = mc_node_get(policy, "min_adjustment");
	if (min && min->kind == MC_NODE_INT && min->as.i > 0 && min->as.i <= MC_SCALING_MAX_ADJUSTMENT)
		r->min_magnitude = (uint32_t)min->as.i;
	if (min && ok && !r->percent) {
		const char *msg = mc_arena_printf(c->arena, "`min_adjustment` of scaling policy "
		                                  "`%s` needs a percentage adjustment", r->action);
		mc_span at = min->span;
		for (size_t i = 0; i < policy->npairs; i++)
			if (policy->pairs[i].value == min)
				at = policy->pairs[i].key->span;
		mc_diag *g = tmpl_error(c, MC_E0331, at,
		                        "allowed only with an adjustment such as `+20%`", msg);
		mc_diag_label(c->d, g, adj->span, "this adjustment counts instances");
		mc_diag_help(c->d, g, "remove `min_adjustment`, or make the adjustment a "
		                      "percentage of the group");
		ok = false;
	}
	r->policy_ok = ok;
}

static const mc_node *for_each_items(ctx *c, const mc_node *metric)
{
	const mc_node *f = mc_node_get(metric, "for_each");
	if (!f || !f->text)
		return NULL;
	const mc_inst_param *ip = inst_param(c->in, f->text, f->text_len);
	return ip && ip->value && ip->value->kind == MC_NODE_SEQ ? ip->value : NULL;
}

/* How many items of a named section are kept. */
static size_t count_kept(ctx *c, const mc_node *sec)
{
	size_t n = 0;
	for (size_t i = 0; sec && i < sec->npairs; i++)
		n += kept(c, sec->pairs[i].value);
	return n;
}

#define ALLOC_KEPT(c, sec, vec, count)                                                             \
	do {                                                                                       \
		size_t n_ = count_kept(c, sec);                                                    \
		(vec) = mc_arena_alloc((c)->arena, (n_ ? n_ : 1) * sizeof *(vec));                 \
		(count) = 0;                                                                       \
	} while (0)

const mc_node *mc_instance_subst(const mc_instance *in, const mc_subst_env *env,
                                const mc_node *n, mc_arena *arena, mc_diags *d)
{
	ctx cx = {in->tmpl, (mc_instance *)in, env, NULL, arena, d, false, NULL, NULL, NULL};
	return subst(&cx, n);
}

bool mc_instance_keeps(const mc_instance *in, const mc_node *item)
{
	ctx cx = {in->tmpl, (mc_instance *)in, NULL, NULL, NULL, NULL, false, NULL, NULL, NULL};
	return kept(&cx, item);
}

static mc_instance *instantiate(const mc_template *t, const mc_node *resource_key,
                                const mc_node *resource, const char *service,
                                const mc_instance *parent, const mc_subst_env *env,
                                const mc_sources *srcs, mc_arena *arena, mc_diags *d)
{
	mc_instance *in = mc_arena_alloc(arena, sizeof *in);
	in->tmpl = t;
	in->resource = resource_key->text;
	in->service = service;
	in->key = resource_key;
	in->parent = parent;
	const mc_node *kind = mc_node_get(resource, "kind");
	in->kind_span = kind ? kind->span : resource_key->span;
	ctx cx = {t, in, env, srcs, arena, d, false, NULL, NULL, NULL};
	ctx *c = &cx;

	/* A sub-resource's parameter errors stand in the composing template: say which
	 * resource made them, as for any error inside a template. */
	size_t mark = d->len;
	int bad = check_params(c, resource_key, resource);
	for (size_t i = mark; parent && i < d->len; i++)
		mc_instance_label_origin(parent, d, d->v[i]);
	if (bad)
		return NULL;
	bind_params(c, resource);
	/* Sub-resources before the items: `expr:` and widgets may name their metrics. */
	if (t->resources)
		mc_compose_instantiate(in, env, srcs, arena, d);

	/* Metrics first: everything else refers to them. */
	size_t nm = 0;
	for (size_t i = 0; t->metrics && i < t->metrics->npairs; i++) {
		const mc_node *items = for_each_items(c, t->metrics->pairs[i].value);
		if (kept(c, t->metrics->pairs[i].value))
			nm += items ? items->nitems
			            : !mc_node_get(t->metrics->pairs[i].value, "for_each");
	}
	in->metrics = mc_arena_alloc(arena, (nm ? nm : 1) * sizeof *in->metrics);
	for (size_t i = 0; t->metrics && i < t->metrics->npairs; i++) {
		const mc_pair *p = &t->metrics->pairs[i];
		if (!kept(c, p->value))
			continue;
		if (!mc_node_get(p->value, "for_each")) {
			build_metric(c, p, &in->metrics[in->nmetrics++]);
			continue;
		}
		const mc_node *items = for_each_items(c, p->value);
		for (size_t k = 0; items && k < items->nitems; k++) {
			c->item = items->items[k]->text;
			build_metric(c, p, &in->metrics[in->nmetrics++]);
		}
		c->item = NULL;
	}
	ALLOC_KEPT(c, t->slis, in->slis, in->nslis);
	for (size_t i = 0; t->slis && i < t->slis->npairs; i++)
		if (kept(c, t->slis->pairs[i].value))
			build_sli(c, &t->slis->pairs[i], i, &in->slis[in->nslis++]);
	ALLOC_KEPT(c, t->alarms, in->alarms, in->nalarms);
	for (size_t i = 0; t->alarms && i < t->alarms->npairs; i++)
		if (kept(c, t->alarms->pairs[i].value))
			build_alarm(c, &t->alarms->pairs[i], &in->alarms[in->nalarms++]);
	size_t nw = t->widgets ? t->widgets->nitems : 0;
	in->widgets = mc_arena_alloc(arena, (nw ? nw : 1) * sizeof *in->widgets);
	for (size_t i = 0; i < nw; i++) {
		const mc_node *w = t->widgets->items[i];
		if (!kept(c, w))
			continue;
		check_widget_refs(c, mc_node_get(w, "graph"), false, i);
		check_widget_refs(c, mc_node_get(w, "number"), false, i);
		check_widget_refs(c, mc_node_get(w, "alarms"), true, i);
		in->widgets[in->nwidgets++] = (mc_inst_widget){subst(c, w), w->span};
	}
	ALLOC_KEPT(c, t->events, in->events, in->nevents);
	for (size_t i = 0; t->events && i < t->events->npairs; i++)
		if (kept(c, t->events->pairs[i].value))
			build_event(c, &t->events->pairs[i], &in->events[in->nevents++]);
	ALLOC_KEPT(c, t->log_filters, in->log_filters, in->nlog_filters);
	for (size_t i = 0; t->log_filters && i < t->log_filters->npairs; i++)
		if (kept(c, t->log_filters->pairs[i].value))
			build_log_filter(c, &t->log_filters->pairs[i],
			                 &in->log_filters[in->nlog_filters++]);
	ALLOC_KEPT(c, t->queries, in->queries, in->nqueries);
	for (size_t i = 0; t->queries && i < t->queries->npairs; i++)
		if (kept(c, t->queries->pairs[i].value))
			build_query(c, &t->queries->pairs[i], &in->queries[in->nqueries++]);
	ALLOC_KEPT(c, t->remediation, in->remediation, in->nremediation);
	for (size_t i = 0; t->remediation && i < t->remediation->npairs; i++) {
		const mc_pair *p = &t->remediation->pairs[i];
		if (!kept(c, p->value))
			continue;
		const mc_node *single = mc_node_get(p->value, "requires_single_instance");
		mc_inst_remediation *r = &in->remediation[in->nremediation++];
		*r = (mc_inst_remediation){.action = p->key->text,
		                           .description = subst_text(c, p->value, "description"),
		                           .requires_single_instance = single &&
		                                   single->kind == MC_NODE_BOOL && single->as.b,
		                           .span = p->key->span};
		if (strncmp(r->action, "scale:", 6) == 0)
			build_scaling(c, mc_node_get(p->value, "policy"), r);
	}
	return in;
}

mc_instance *mc_template_instantiate(const mc_template *t, const mc_node *resource_key,
                                     const mc_node *resource, const char *service,
                                     const mc_subst_env *env, const mc_sources *srcs,
                                     mc_arena *arena, mc_diags *d)
{
	return instantiate(t, resource_key, resource, service, NULL, env, srcs, arena, d);
}

mc_instance *mc_template_instantiate_sub(const mc_template *t, const mc_node *resource_key,
                                         const mc_node *resource, const mc_instance *parent,
                                         const mc_subst_env *env, const mc_sources *srcs,
                                         mc_arena *arena, mc_diags *d)
{
	return instantiate(t, resource_key, resource, parent->service, parent, env, srcs, arena,
	                   d);
}

/* ---- SLI binding ---- */

static bool slo_own_key(const char *k)
{
	static const char *const own[] = {"objective", "window",  "sli",
	                                  "alerting",  "backend", "description"};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		if (strcmp(k, own[i]) == 0)
			return true;
	return false;
}

/* A node like the template's, holding the text substituted at instantiation. */
static const mc_node *partial(ctx *c, const mc_node *like, const char *text)
{
	mc_node *n = mc_arena_alloc(nodes_of(c), sizeof *n);
	*n = *like;
	n->kind = MC_NODE_STRING;
	n->text = text;
	n->text_len = strlen(text);
	return n;
}

static int bind_part(ctx *c, const mc_inst_sli *sli, const mc_sli_part *part, const char **expr,
                     const mc_inst_metric **metric, const char **stat)
{
	const char *what = mc_arena_printf(c->arena, "SLI `%s`", sli->name);
	unsigned errors0 = c->d->nerrors;
	if (part->expr) {
		const mc_node *n = subst(c, partial(c, part->node, part->expr));
		*expr = n->text;
		if (mc_tsubst_has_vars(part->expr, strlen(part->expr)))
			check_expr(c, n, what);
	} else if (part->stat) {
		*metric = part->metric;
		*stat = stat_of(c, partial(c, mc_node_get(part->node, "stat"), part->stat), what);
	}
	return c->d->nerrors == errors0 ? 0 : -1;
}

int mc_sli_bind(const mc_instance *in, const mc_inst_sli *sli, const mc_node *slo, mc_span slo_span,
                const mc_sources *srcs, mc_arena *arena, mc_diags *d, mc_sli_bound *out)
{
	memset(out, 0, sizeof *out);
	out->bad = sli->bad;
	const mc_params *ps = &sli->params;
	const char **texts = mc_arena_alloc(arena, (ps->len ? ps->len : 1) * sizeof *texts);
	int errors = 0;
	for (size_t i = 0; slo && slo->kind == MC_NODE_MAP && i < slo->npairs; i++) {
		const mc_node *k = slo->pairs[i].key;
		if (slo_own_key(k->text) || mc_params_find(ps, k->text, k->text_len))
			continue;
		mc_diag *g =
		        mc_diag_add(d, MC_E0304, k->span, "SLI `%s.%s` takes no parameter `%s`",
		                    in->resource, sli->name, k->text);
		mc_diag_label_primary(d, g, "not a parameter of this SLI");
		if (ps->len)
			mc_diag_note(d, g, "the parameters of `%s.%s` are %s", in->resource,
			             sli->name, names_list(ps, arena));
		errors++;
	}
	for (size_t i = 0; i < ps->len; i++) {
		const mc_param *p = &ps->v[i];
		const mc_node *v = mc_node_get(slo, p->name);
		if (!v)
			v = p->def;
		if (!v) {
			if (p->required) {
				mc_diag *g = mc_diag_add(d, MC_E0305, slo_span,
				                         "SLI `%s.%s` needs parameter `%s`",
				                         in->resource, sli->name, p->name);
				mc_diag_label_primary(d, g, "`%s` is missing", p->name);
				param_note(d, g, p);
				errors++;
			}
			texts[i] = "";
			continue;
		}
		mc_code code;
		const char *why;
		if (mc_param_check(p, v, true, arena, &code, &why) < 0) {
			mc_diag *g = mc_diag_add(
			        d, code, v->span,
			        "parameter `%s` of SLI `%s.%s` must be of type `%s`", p->name,
			        in->resource, sli->name, mc_param_type_name(p->type));
			mc_diag_label_primary(d, g, "%s", why);
			param_note(d, g, p);
			errors++;
		}
		texts[i] = mc_param_text(p, v, arena);
	}
	if (errors)
		return -1;
	/* Built-ins and template parameters were substituted at instantiation; only the SLI's
	 * parameters (looked up first) and `$${` escapes are left. */
	ctx cx = {in->tmpl, (mc_instance *)in, NULL, srcs, arena, d, false, ps, texts, NULL};
	int rc = bind_part(&cx, sli, &sli->good_or_bad, &out->good_or_bad_expr,
	                   &out->good_or_bad_metric, &out->good_or_bad_stat);
	rc |= bind_part(&cx, sli, &sli->total, &out->total_expr, &out->total_metric,
	                &out->total_stat);
	return rc;
}
