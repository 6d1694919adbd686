/*
 * Lowering step 9: the spec's `requirements:` -> mc_ir_requirement, every reference resolved.
 *
 * Consumes the `requirements:` mapping (validated: each entry has `title` and `area`, lists
 * of references of the right shape) and what the steps before made: the services' namespaces
 * (step 2), the alarms (step 3) with their runbook entries (step 7), the SLOs (step 4), the
 * dashboards (step 6) and the kinds' saved queries (the instances). Produces one requirement
 * per entry, in spec order, so the guide can group them by area in the order areas appear.
 *
 * References use the top-level syntax of dashboards (docs/requirements.md): alarms, SLOs and
 * metrics go through mc_lower_resolve (E0230 with did-you-mean, E0241 for the wrong kind);
 * dashboards are names under `dashboards:` (E0350); queries are `SERVICE.RESOURCE.QUERY`
 * (E0351). An alarm that resolves but made no CloudWatch alarm (turned `off` in `overrides:`)
 * serves nothing, which would make the table lie: E0352. An entry that names nothing at all
 * is legal (a requirement not covered yet) and left to lint rule W0015.
 */
#include "lower/lower_internal.h"

#include <stdlib.h>

/* The id of the dashboard of a name under `dashboards:` (`dashboard/NAME`, as step 6 names
 * it), or NULL. Read from the spec, so a dashboard with errors of its own is still found. */
static const char *dashboard_named(mc_lower_ctx *cx, const char *name)
{
	const mc_node *ds = mc_node_get(cx->spec, "dashboards");
	if (!ds || ds->kind != MC_NODE_MAP || !mc_node_get(ds, name))
		return NULL;
	return mc_arena_printf(cx->arena, "dashboard/%s", name);
}

static void unknown_dashboard(mc_lower_ctx *cx, const mc_node *item)
{
	mc_diag *g = mc_diag_add(cx->d, MC_E0350, item->span,
	                         "requirement names an unknown dashboard `%s`", item->text);
	mc_diag_label_primary(cx->d, g, "no dashboard of this name under `dashboards:`");
	const mc_node *ds = mc_node_get(cx->spec, "dashboards");
	size_t n = ds && ds->kind == MC_NODE_MAP ? ds->npairs : 0;
	const char **names = mc_xcalloc(n + 1, sizeof *names);
	mc_buf list = MC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		names[i] = ds->pairs[i].key->text;
		mc_buf_printf(&list, "%s`%s`", i ? ", " : "", names[i]);
	}
	const char *best = mc_did_you_mean(item->text, names, n);
	if (best)
		mc_diag_help(cx->d, g, "did you mean `%s`?", best);
	if (n)
		mc_diag_note(cx->d, g, "the dashboards: %s", mc_buf_str(&list));
	else
		mc_diag_note(cx->d, g, "the spec has no `dashboards:`");
	mc_buf_release(&list);
	free(names);
}

/* Every `SERVICE.RESOURCE.QUERY` the spec's resources bring (for did-you-mean), in cands. */
static size_t all_queries(mc_lower_ctx *cx, const char ***out)
{
	size_t n = 0, cap = 0;
	const char **v = NULL;
	for (size_t i = 0; i < cx->nservices; i++) {
		const mc_lower_service *s = &cx->services[i];
		for (size_t k = 0; k < s->ninstances; k++) {
			const mc_instance *in = s->instances[k];
			for (size_t q = 0; in && q < in->nqueries; q++) {
				MC_GROW(v, cap, n + 1);
				v[n++] = mc_arena_printf(cx->arena, "%s.%s.%s", s->name, in->resource,
				                         in->queries[q].name);
			}
		}
	}
	*out = v;
	return n;
}

static void unknown_query(mc_lower_ctx *cx, const mc_node *item, const char *why)
{
	mc_diag *g = mc_diag_add(cx->d, MC_E0351, item->span,
	                         "requirement names an unknown query `%s`", item->text);
	mc_diag_label_primary(cx->d, g, "%s", why);
	const char **names = NULL;
	size_t n = all_queries(cx, &names);
	const char *best = mc_did_you_mean(item->text, names, n);
	if (best)
		mc_diag_help(cx->d, g, "did you mean `%s`?", best);
	if (n) {
		mc_buf list = MC_BUF_INIT;
		size_t shown = n < 8 ? n : 8;
		for (size_t i = 0; i < shown; i++)
			mc_buf_printf(&list, "%s`%s`", i ? ", " : "", names[i]);
		if (n > shown)
			mc_buf_printf(&list, " and %zu more", n - shown);
		mc_diag_note(cx->d, g, "the queries the resources bring: %s", mc_buf_str(&list));
		mc_buf_release(&list);
	} else {
		mc_diag_note(cx->d, g, "no resource of the spec brings a saved query (a kind's "
		                       "`queries:`)");
	}
	free(names);
}

/* `SERVICE.RESOURCE.QUERY` -> the instance's query; reports E0351 and returns -1. */
static int resolve_query(mc_lower_ctx *cx, const mc_node *item, mc_ir_req_query *out)
{
	const char *t = item->text;
	const char *d1 = strchr(t, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2) {
		unknown_query(cx, item, "expected `SERVICE.RESOURCE.QUERY`");
		return -1;
	}
	const char *svc = mc_arena_strndup(cx->arena, t, (size_t)(d1 - t));
	const char *res = mc_arena_strndup(cx->arena, d1 + 1, (size_t)(d2 - d1 - 1));
	const mc_lower_service *s = mc_lower_service_find(cx, svc);
	for (size_t k = 0; s && k < s->ninstances; k++) {
		const mc_instance *in = s->instances[k];
		if (strcmp(s->resource_keys[k]->text, res) != 0)
			continue;
		if (!in)
			return -1; /* the resource failed to instantiate: reported already */
		for (size_t q = 0; q < in->nqueries; q++) {
			const mc_inst_query *iq = &in->queries[q];
			if (strcmp(iq->name, d2 + 1) != 0)
				continue;
			*out = (mc_ir_req_query){
				.ref = t,
				.name = iq->name,
				.query = iq->query,
				.log_groups = iq->log_groups,
				.nlog_groups = iq->nlog_groups,
				.span = item->span,
			};
			return 0;
		}
		unknown_query(cx, item, "the resource's kind has no query of this name");
		return -1;
	}
	unknown_query(cx, item, s ? "no resource of this name in the service"
	                          : "no service of this name");
	return -1;
}

/* An alarm reference -> the IR alarms it became (every tier) and their runbook entry. */
static int resolve_alarm(mc_lower_ctx *cx, const mc_node *item, mc_ir_req_alarm *out)
{
	mc_ref ref;
	if (mc_lower_resolve(cx, NULL, item->text, item->span, MC_ACCEPT(MC_SYM_ALARM), &ref) != 0)
		return -1;
	const char *source = ref.instance ? mc_arena_printf(cx->arena, "%s.%s",
	                                                    ref.instance->resource, ref.name)
	                                  : ref.name;
	memset(out, 0, sizeof *out);
	out->ref = item->text;
	out->span = item->span;
	size_t cap = 0;
	/* Linear in the alarms: a spec has tens of requirements, each naming a few alarms. */
	for (size_t i = 0; i < cx->nalarms; i++) {
		const mc_ir_alarm *a = &cx->alarms[i];
		if (a->origin != MC_IR_ORIGIN_SPEC && a->origin != MC_IR_ORIGIN_KIND)
			continue;
		if (!a->service || strcmp(a->service, ref.service->name) != 0 || !a->source ||
		    strcmp(a->source, source) != 0)
			continue;
		MC_GROW(out->alarms, cap, out->nalarms + 1);
		out->alarms[out->nalarms++] = a->id;
		if (!out->runbook)
			out->runbook = a->runbook;
	}
	if (!out->nalarms) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0352, item->span,
		                         "requirement names `%s`, which makes no alarm", item->text);
		mc_diag_label_primary(cx->d, g, "this alarm is not created");
		const mc_node *ov = mc_node_get(ref.service->node, "overrides");
		const mc_node *off = ov ? mc_lower_key(ov, source) : NULL;
		if (off)
			mc_diag_label(cx->d, g, off->span, "turned off here");
		mc_diag_help(cx->d, g, "name an alarm that is created, or move `%s` to `notes:` "
		                       "with the reason it is off",
		             item->text);
		return -1;
	}
	/* The vector's memory moves into the arena with the rest of the IR. */
	const char **v = mc_arena_memdup(cx->arena, out->alarms, out->nalarms * sizeof *v);
	free(out->alarms);
	out->alarms = v;
	return 0;
}

/* The list `key:` of an entry, or NULL. */
static const mc_node *list_of(const mc_node *entry, const char *key)
{
	const mc_node *v = mc_node_get(entry, key);
	return v && v->kind == MC_NODE_SEQ ? v : NULL;
}

static void lower_one(mc_lower_ctx *cx, const mc_node *key, const mc_node *entry,
                      mc_ir_requirement *r)
{
	r->id = key->text;
	r->span = key->span;
	r->title = mc_lower_text(mc_node_get(entry, "title"));
	r->area = mc_lower_text(mc_node_get(entry, "area"));
	r->notes = mc_lower_text(mc_node_get(entry, "notes"));

	const mc_node *l;
	if ((l = list_of(entry, "alarms"))) {
		r->alarms = mc_arena_alloc(cx->arena, l->nitems * sizeof *r->alarms + 1);
		for (size_t i = 0; i < l->nitems; i++)
			if (resolve_alarm(cx, l->items[i], &r->alarms[r->nalarms]) == 0)
				r->nalarms++;
	}
	if ((l = list_of(entry, "dashboards"))) {
		r->dashboards = mc_arena_alloc(cx->arena, l->nitems * sizeof *r->dashboards + 1);
		for (size_t i = 0; i < l->nitems; i++) {
			const char *id = dashboard_named(cx, l->items[i]->text);
			if (id)
				r->dashboards[r->ndashboards++] = id;
			else
				unknown_dashboard(cx, l->items[i]);
		}
	}
	if ((l = list_of(entry, "queries"))) {
		r->queries = mc_arena_alloc(cx->arena, l->nitems * sizeof *r->queries + 1);
		for (size_t i = 0; i < l->nitems; i++)
			if (resolve_query(cx, l->items[i], &r->queries[r->nqueries]) == 0)
				r->nqueries++;
	}
	if ((l = list_of(entry, "slos"))) {
		r->slos = mc_arena_alloc(cx->arena, l->nitems * sizeof *r->slos + 1);
		for (size_t i = 0; i < l->nitems; i++) {
			mc_ref ref;
			if (mc_lower_resolve(cx, NULL, l->items[i]->text, l->items[i]->span,
			                     MC_ACCEPT(MC_SYM_SLO), &ref) == 0)
				r->slos[r->nslos++] = mc_arena_printf(cx->arena, "%s/%s",
				                                      ref.service->name, ref.name);
		}
	}
	if ((l = list_of(entry, "metrics"))) {
		r->metrics = mc_arena_alloc(cx->arena, l->nitems * sizeof *r->metrics + 1);
		for (size_t i = 0; i < l->nitems; i++) {
			mc_ref ref;
			if (mc_lower_resolve(cx, NULL, l->items[i]->text, l->items[i]->span,
			                     MC_ACCEPT(MC_SYM_METRIC), &ref) == 0)
				r->metrics[r->nmetrics++] = l->items[i]->text;
		}
	}
}

void mc_lower_requirements(mc_lower_ctx *cx)
{
	const mc_node *reqs = mc_node_get(cx->spec, "requirements");
	if (!reqs || reqs->kind != MC_NODE_MAP || !reqs->npairs)
		return;
	mc_ir_requirement *v = mc_arena_alloc(cx->arena, reqs->npairs * sizeof *v);
	for (size_t i = 0; i < reqs->npairs; i++)
		lower_one(cx, reqs->pairs[i].key, reqs->pairs[i].value, &v[i]);
	cx->ir->requirements = v;
	cx->ir->nrequirements = reqs->npairs;
}
