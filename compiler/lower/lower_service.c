/*
 * Lowering step 2: services, their resources (template instances), their own metrics, and
 * the per-service namespace that references resolve in.
 *
 * Consumes the spec's `services:` and the template registry; produces one mc_ir_service and
 * one mc_lower_service per service, each resource instantiated from its kind (an unknown kind
 * is E0300 through mc_templates_report_unknown; a resource whose parameters are wrong keeps a
 * NULL instance and is silently skipped by every later reference), and the service's own
 * `metrics:` as IR metrics.
 *
 * Namespace: resources, the service's own metrics, its SLOs and its spec alarms share one
 * flat namespace (E0231 with both spans on a clash). Resource members (`lb.requests`,
 * `lb.availability`, `lb.latency-p99`) live under their resource. mc_lower_resolve() reads
 * `NAME` and `RESOURCE.MEMBER` inside a service, and `SERVICE.NAME` /
 * `SERVICE.RESOURCE.MEMBER` at top level; a name that does not resolve is E0230 at the
 * reference with did-you-mean and the candidates of the accepted kinds, a name of the wrong
 * kind is E0241.
 *
 * Composed kinds: a resource `app` of a kind with `resources:` is followed by its
 * sub-resources `app-lb`, `app-host` (template.h, mc_instance.subs), which share the
 * namespace; a name the spec gives itself always wins, so a clash is the generated name's
 * error (E0322). A reference to a sub-resource of a resource that failed to instantiate is
 * not reported again.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "lower/lower_internal.h"
#include "sema/condition.h"
#include "sema/units.h"

static const char *sym_kind_name(mc_sym_kind k)
{
	switch (k) {
	case MC_SYM_RESOURCE: return "resource";
	case MC_SYM_METRIC: return "metric";
	case MC_SYM_SLI: return "SLI";
	case MC_SYM_ALARM: return "alarm";
	case MC_SYM_SLO: return "SLO";
	}
	return "name";
}

static const char *a_kind(mc_sym_kind k)
{
	return k == MC_SYM_ALARM ? "an alarm" : k == MC_SYM_SLI ? "an SLI" : k == MC_SYM_SLO
	                                                              ? "an SLO"
	                                                              : k == MC_SYM_METRIC
	                                                                        ? "a metric"
	                                                                        : "a resource";
}

mc_lower_service *mc_lower_service_find(mc_lower_ctx *cx, const char *name)
{
	if (!name || !cx->nservice_slots)
		return NULL;
	size_t mask = cx->nservice_slots - 1;
	for (size_t h = mc_fnv1a64_str(name) & mask;; h = (h + 1) & mask) {
		size_t k = cx->service_slots[h];
		if (k == 0)
			return NULL;
		if (strcmp(cx->services[k - 1].name, name) == 0)
			return &cx->services[k - 1];
	}
}

static uint64_t slo_hash(const char *service, const char *name)
{
	uint64_t h = mc_fnv1a64_add(MC_FNV1A64_INIT, service, strlen(service) + 1);
	return mc_fnv1a64_add(h, name, strlen(name));
}

static const mc_ir_slo *slo_probe(const mc_lower_ctx *cx, const char *service,
                                  const char *name, size_t *slot)
{
	size_t mask = cx->nslo_slots - 1;
	size_t h = slo_hash(service, name) & mask;
	for (;; h = (h + 1) & mask) {
		size_t k = cx->slo_slots[h];
		if (k == 0)
			break;
		const mc_ir_slo *s = &cx->slos[k - 1];
		if (strcmp(s->service, service) == 0 && strcmp(s->name, name) == 0)
			return s;
	}
	*slot = h;
	return NULL;
}

/*
 * The index is built on first use after the SLOs are lowered, and again if more were added
 * since (indices, not pointers: the vector may have moved).
 */
const mc_ir_slo *mc_lower_slo_find(mc_lower_ctx *cx, const char *service, const char *name)
{
	if (!service || !name)
		return NULL;
	if (cx->slo_slots_for != cx->nslos || !cx->slo_slots) {
		size_t slots = 8;
		while (slots < 2 * cx->nslos)
			slots *= 2;
		free(cx->slo_slots);
		cx->slo_slots = mc_xcalloc(slots, sizeof *cx->slo_slots);
		cx->nslo_slots = slots;
		cx->slo_slots_for = cx->nslos;
		for (size_t i = 0; i < cx->nslos; i++) {
			const mc_ir_slo *s = &cx->slos[i];
			size_t slot;
			if (s->service && s->name && !slo_probe(cx, s->service, s->name, &slot))
				cx->slo_slots[slot] = i + 1;
		}
	}
	size_t slot;
	return slo_probe(cx, service, name, &slot);
}

/* Names every service and indexes them (the first of equal names wins, as a scan would). */
static void index_services(mc_lower_ctx *cx, const mc_node *services)
{
	size_t slots = 8;
	while (slots < 2 * cx->nservices)
		slots *= 2;
	cx->service_slots = mc_arena_alloc(cx->arena, slots * sizeof *cx->service_slots);
	cx->nservice_slots = slots;
	for (size_t i = 0; i < cx->nservices; i++) {
		const char *name = services->pairs[i].key->text;
		cx->services[i].name = name;
		if (mc_lower_service_find(cx, name))
			continue;
		size_t h = mc_fnv1a64_str(name) & (slots - 1);
		while (cx->service_slots[h])
			h = (h + 1) & (slots - 1);
		cx->service_slots[h] = i + 1;
	}
}

static mc_lower_sym *sym_find(mc_lower_service *s, const char *name)
{
	for (size_t i = 0; i < s->nsyms; i++)
		if (strcmp(s->syms[i].name, name) == 0)
			return &s->syms[i];
	return NULL;
}

static void sym_add(mc_lower_ctx *cx, mc_lower_service *s, const char *name, mc_sym_kind kind,
                    mc_span span)
{
	mc_lower_sym *old = sym_find(s, name);
	if (old) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0231, span,
		                         "`%s` is defined twice in service `%s`", name, s->name);
		mc_diag_label_primary(cx->d, g, "%s named `%s`", a_kind(kind), name);
		mc_diag_label(cx->d, g, old->span, "first defined here, as %s", a_kind(old->kind));
		mc_diag_note(cx->d, g, "resources, metrics, SLOs and alarms of a service share one "
		                       "namespace");
		mc_diag_help(cx->d, g, "rename one of them");
		return;
	}
	if (s->nsyms == s->csyms) {
		size_t cap = s->csyms ? 2 * s->csyms : 16;
		mc_lower_sym *v = mc_arena_alloc(cx->arena, cap * sizeof *v);
		if (s->nsyms)
			memcpy(v, s->syms, s->nsyms * sizeof *v);
		s->syms = v;
		s->csyms = cap;
	}
	s->syms[s->nsyms++] = (mc_lower_sym){name, kind, span};
}

/* ---- the service's own metrics ---- */

static int dim_cmp(const void *a, const void *b)
{
	return strcmp(((const mc_ir_dim *)a)->name, ((const mc_ir_dim *)b)->name);
}

static mc_ir_metric *own_metric(mc_lower_ctx *cx, const mc_node *m, mc_unit *unit_out)
{
	mc_ir_metric *im = mc_arena_alloc(cx->arena, sizeof *im);
	im->ns = mc_lower_text(mc_node_get(m, "namespace"));
	im->metric = mc_lower_text(mc_node_get(m, "name"));
	const mc_node *dims = mc_node_get(m, "dimensions");
	if (dims && dims->kind == MC_NODE_MAP && dims->npairs) {
		im->dims = mc_arena_alloc(cx->arena, dims->npairs * sizeof *im->dims);
		for (size_t i = 0; i < dims->npairs; i++)
			im->dims[i] = (mc_ir_dim){dims->pairs[i].key->text,
			                          mc_lower_text(dims->pairs[i].value)};
		im->ndims = dims->npairs;
		qsort(im->dims, im->ndims, sizeof *im->dims, dim_cmp);
	}
	const mc_node *stat = mc_node_get(m, "stat");
	im->stat = "Average";
	if (stat && mc_lower_text(stat)) {
		const char *why = NULL;
		const char *s = mc_stat_normalize(stat->text, stat->text_len, cx->arena, &why);
		if (s) {
			im->stat = s;
		} else {
			mc_diag *g = mc_diag_add(cx->d, MC_E0131, stat->span,
			                         "invalid metric statistic `%s`", stat->text);
			mc_diag_label_primary(cx->d, g, "%s", why ? why : "expected a statistic");
		}
	}
	const mc_node *period = mc_node_get(m, "period");
	uint64_t s;
	if (period && mc_lower_duration(cx, period, &s) == 0) {
		if (!mc_period_allowed(s)) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0205, period->span,
			                         "period `%s` is not allowed by CloudWatch", period->text);
			mc_diag_label_primary(cx->d, g, "expected 10s, 30s or a multiple of 1m");
		} else {
			im->period_s = (uint32_t)s;
		}
	}
	const mc_node *unit = mc_node_get(m, "unit");
	mc_unit u = unit && mc_lower_text(unit) ? mc_unit_from_spec(unit->text, unit->text_len)
	                                        : MC_UNIT_NONE;
	*unit_out = u == MC_UNIT_INVALID ? MC_UNIT_UNSET : u;
	if (u != MC_UNIT_INVALID)
		im->unit = mc_unit_cloudwatch(u);
	if (u == MC_UNIT_USD)
		im->unit = "None";
	return im;
}

/* ---- services ---- */

/* Appends a resource to the service (lowering and IR); in may be NULL (it failed). */
static void add_resource(mc_lower_ctx *cx, mc_lower_service *ls, mc_ir_service *is,
                         const mc_node *key, const char *kind, mc_instance *in)
{
	size_t n = ls->ninstances;
	if (n == ls->cinstances) {
		/* In the arena, like the rest of the lowering's state. */
		size_t cap = n ? 2 * n : 8;
		mc_instance **iv = mc_arena_alloc(cx->arena, cap * sizeof *iv);
		const mc_node **kv = mc_arena_alloc(cx->arena, cap * sizeof *kv);
		struct mc_ir_resource *rv = mc_arena_alloc(cx->arena, cap * sizeof *rv);
		if (n) {
			memcpy(iv, ls->instances, n * sizeof *iv);
			memcpy(kv, ls->resource_keys, n * sizeof *kv);
			memcpy(rv, is->resources, n * sizeof *rv);
		}
		ls->instances = iv;
		ls->resource_keys = kv;
		is->resources = rv;
		ls->cinstances = cap;
	}
	ls->instances[n] = in;
	ls->resource_keys[n] = key;
	is->resources[n] = (struct mc_ir_resource){key->text, kind, key->span,
	                                           in && in->parent ? in->parent->resource : NULL};
	ls->ninstances = is->nresources = n + 1;
}

/*
 * E0322: a sub-resource's generated name (`app-lb`) is taken in the service, by the spec or
 * by another composed resource. Reported at the spec's name when the spec took it.
 */
static bool sub_name_clash(mc_lower_ctx *cx, mc_lower_service *ls, const mc_instance *sub)
{
	mc_lower_sym found, *old = sym_find(ls, sub->resource);
	/* The spec's names declared further down count too: the spec's name always wins. */
	static const char *const sections[] = {"resources", "metrics", "slos", "alarms"};
	static const mc_sym_kind kinds[] = {MC_SYM_RESOURCE, MC_SYM_METRIC, MC_SYM_SLO,
	                                    MC_SYM_ALARM};
	for (size_t i = 0; !old && i < 4; i++) {
		const mc_node *k = mc_lower_key(mc_node_get(ls->node, sections[i]), sub->resource);
		if (k) {
			found = (mc_lower_sym){k->text, kinds[i], k->span};
			old = &found;
		}
	}
	if (!old)
		return false;
	bool in_spec = old->span.file == cx->spec_file;
	mc_diag *g = mc_diag_add(cx->d, MC_E0322, in_spec ? old->span : sub->key->span,
	                         "resource `%s` of kind `%s` brings `%s`, a name service `%s` "
	                         "already has",
	                         sub->parent->resource, sub->parent->tmpl->kind, sub->resource,
	                         ls->name);
	if (in_spec) {
		mc_diag_label_primary(cx->d, g, "%s named `%s`", a_kind(old->kind), sub->resource);
		mc_diag_label(cx->d, g, sub->key->span, "sub-resource `%s` of kind `%s`", sub->local,
		              sub->parent->tmpl->kind);
	} else {
		mc_diag_label_primary(cx->d, g, "sub-resource `%s` of kind `%s`", sub->local,
		                      sub->parent->tmpl->kind);
	}
	for (const mc_instance *p = sub->parent; p; p = p->parent)
		if (!p->parent)
			mc_diag_label(cx->d, g, p->key->span, "`%s-NAME` comes from this resource",
			              p->resource);
	mc_diag_note(cx->d, g, "a sub-resource `NAME` of a resource `%s` is named `%s-NAME`",
	             sub->parent->resource, sub->parent->resource);
	mc_diag_help(cx->d, g, "rename the resource `%s` or `%s`", sub->resource,
	             sub->parent->resource);
	return true;
}

/* Adds the sub-resources of a composed instance, depth first, right after their parent;
 * one whose name the service has already is left out (E0322). */
static void add_subs(mc_lower_ctx *cx, mc_lower_service *ls, mc_ir_service *is,
                     mc_instance *in)
{
	for (size_t i = 0; in && i < in->nsubs; i++) {
		mc_instance *sub = in->subs[i];
		if (!sub || sub_name_clash(cx, ls, sub))
			continue;
		add_resource(cx, ls, is, sub->key, sub->tmpl->kind, sub);
		sym_add(cx, ls, sub->resource, MC_SYM_RESOURCE, sub->key->span);
		add_subs(cx, ls, is, sub);
	}
}

static void lower_service(mc_lower_ctx *cx, mc_lower_service *ls, const mc_node *key,
                          const mc_node *v)
{
	ls->name = key->text;
	ls->node = v;
	ls->span = key->span;
	mc_ir_service *is = MC_LOWER_PUSH(cx, svc);
	is->name = key->text;
	is->span = key->span;
	is->title = mc_lower_text(mc_node_get(v, "title"));
	if (!is->title)
		is->title = key->text;
	is->owner = mc_lower_text(mc_node_get(v, "owner"));
	is->description = mc_lower_text(mc_node_get(v, "description"));

	const mc_node *res = mc_node_get(v, "resources");
	size_t nres = res && res->kind == MC_NODE_MAP ? res->npairs : 0;
	for (size_t i = 0; i < nres; i++) {
		const mc_node *rk = res->pairs[i].key, *rv = res->pairs[i].value;
		const mc_node *kind = mc_node_get(rv, "kind");
		add_resource(cx, ls, is, rk, mc_lower_text(kind), NULL);
		sym_add(cx, ls, rk->text, MC_SYM_RESOURCE, rk->span);
		const mc_template *t = kind && mc_lower_text(kind)
		                               ? mc_templates_find(cx->templates, kind->text)
		                               : NULL;
		if (!t) {
			if (kind)
				mc_templates_report_unknown(cx->templates, kind, cx->d);
			continue;
		}
		mc_instance *in = mc_template_instantiate(t, rk, rv, ls->name, &cx->env, cx->srcs,
		                                          cx->arena, cx->d);
		ls->instances[ls->ninstances - 1] = in;
		add_subs(cx, ls, is, in);
	}

	const mc_node *metrics = mc_node_get(v, "metrics");
	size_t nm = metrics && metrics->kind == MC_NODE_MAP ? metrics->npairs : 0;
	ls->own_metrics = mc_arena_alloc(cx->arena, (nm + 1) * sizeof *ls->own_metrics);
	ls->own_metric_names = mc_arena_alloc(cx->arena, (nm + 1) * sizeof *ls->own_metric_names);
	ls->own_metric_units = mc_arena_alloc(cx->arena, (nm + 1) * sizeof *ls->own_metric_units);
	for (size_t i = 0; i < nm; i++) {
		const mc_node *mk = metrics->pairs[i].key;
		sym_add(cx, ls, mk->text, MC_SYM_METRIC, mk->span);
		ls->own_metric_names[ls->nown_metrics] = mk->text;
		ls->own_metrics[ls->nown_metrics] =
		        own_metric(cx, metrics->pairs[i].value, &ls->own_metric_units[ls->nown_metrics]);
		ls->nown_metrics++;
	}
	const mc_node *slos = mc_node_get(v, "slos");
	for (size_t i = 0; slos && slos->kind == MC_NODE_MAP && i < slos->npairs; i++)
		sym_add(cx, ls, slos->pairs[i].key->text, MC_SYM_SLO, slos->pairs[i].key->span);
	const mc_node *alarms = mc_node_get(v, "alarms");
	for (size_t i = 0; alarms && alarms->kind == MC_NODE_MAP && i < alarms->npairs; i++)
		sym_add(cx, ls, alarms->pairs[i].key->text, MC_SYM_ALARM,
		        alarms->pairs[i].key->span);
}

void mc_lower_services(mc_lower_ctx *cx)
{
	const mc_node *services = mc_node_get(cx->spec, "services");
	size_t n = services && services->kind == MC_NODE_MAP ? services->npairs : 0;
	cx->services = mc_arena_alloc(cx->arena, (n + 1) * sizeof *cx->services);
	cx->nservices = n;
	index_services(cx, services);
	for (size_t i = 0; i < n; i++)
		lower_service(cx, &cx->services[i], services->pairs[i].key,
		              services->pairs[i].value);
}

/* ---- references ---- */

/* Candidates of the accepted kinds, as the user would write them (prefix + name). */
typedef struct {
	const char **v;
	size_t n, cap;
} cands;

static void cand_add(cands *c, const char *s)
{
	MC_GROW(c->v, c->cap, c->n + 1);
	c->v[c->n++] = s;
}

static void service_candidates(mc_lower_ctx *cx, mc_lower_service *s, const char *prefix,
                               unsigned accept, cands *c)
{
	for (size_t i = 0; i < s->nsyms; i++)
		if (accept & MC_ACCEPT(s->syms[i].kind))
			cand_add(c, mc_arena_printf(cx->arena, "%s%s", prefix, s->syms[i].name));
	for (size_t r = 0; r < s->ninstances; r++) {
		const mc_instance *in = s->instances[r];
		if (!in)
			continue;
		if (accept & MC_ACCEPT(MC_SYM_METRIC))
			for (size_t i = 0; i < in->nmetrics; i++)
				cand_add(c, mc_arena_printf(cx->arena, "%s%s.%s", prefix, in->resource,
				                            in->metrics[i].name));
		if (accept & MC_ACCEPT(MC_SYM_SLI))
			for (size_t i = 0; i < in->nslis; i++)
				cand_add(c, mc_arena_printf(cx->arena, "%s%s.%s", prefix, in->resource,
				                            in->slis[i].name));
		if (accept & MC_ACCEPT(MC_SYM_ALARM))
			for (size_t i = 0; i < in->nalarms; i++)
				cand_add(c, mc_arena_printf(cx->arena, "%s%s.%s", prefix, in->resource,
				                            in->alarms[i].name));
	}
}

static const char *accepted_words(unsigned accept, mc_buf *b)
{
	const mc_sym_kind order[] = {MC_SYM_METRIC, MC_SYM_SLI, MC_SYM_ALARM, MC_SYM_SLO,
	                             MC_SYM_RESOURCE};
	size_t n = 0, total = 0;
	for (size_t i = 0; i < 5; i++)
		total += (accept & MC_ACCEPT(order[i])) != 0;
	for (size_t i = 0; i < 5; i++) {
		if (!(accept & MC_ACCEPT(order[i])))
			continue;
		if (n)
			mc_buf_puts(b, n + 1 == total ? " or " : ", ");
		mc_buf_puts(b, n ? sym_kind_name(order[i]) : a_kind(order[i]));
		n++;
	}
	return mc_buf_str(b);
}

static int unresolved(mc_lower_ctx *cx, mc_lower_service *service, const char *text,
                      mc_span span, unsigned accept)
{
	cands c = {0};
	if (service) {
		service_candidates(cx, service, "", accept, &c);
	} else {
		for (size_t i = 0; i < cx->nservices; i++)
			service_candidates(cx, &cx->services[i],
			                   mc_arena_printf(cx->arena, "%s.", cx->services[i].name),
			                   accept, &c);
	}
	mc_buf words = MC_BUF_INIT;
	mc_diag *g = mc_diag_add(cx->d, MC_E0230, span, "unresolved reference `%s`", text);
	mc_diag_label_primary(cx->d, g, "expected %s", accepted_words(accept, &words));
	const char *best = mc_did_you_mean(text, c.v, c.n);
	const char *scoped = NULL, *prefixed = NULL;
	size_t nprefixed = 0, tlen = strlen(text);
	for (size_t i = 0; i < c.n && !best; i++) {
		size_t len = strlen(c.v[i]);
		/* `lb.requests` at top level: `web.lb.requests` names its service. */
		if (!service && len > tlen && c.v[i][len - tlen - 1] == '.' &&
		    strcmp(c.v[i] + len - tlen, text) == 0 && !scoped)
			scoped = c.v[i];
		/* `chat.lb.req`: too far for edit distance, but one name starts with it. */
		if (len > tlen && strncmp(c.v[i], text, tlen) == 0) {
			prefixed = c.v[i];
			nprefixed++;
		}
	}
	if (best)
		mc_diag_help(cx->d, g, "did you mean `%s`?", best);
	else if (scoped)
		mc_diag_help(cx->d, g, "outside a service, a reference starts with the service: "
		                       "did you mean `%s`?",
		             scoped);
	else if (nprefixed == 1)
		mc_diag_help(cx->d, g, "did you mean `%s`?", prefixed);
	if (c.n) {
		mc_buf list = MC_BUF_INIT;
		size_t shown = c.n < 8 ? c.n : 8;
		for (size_t i = 0; i < shown; i++)
			mc_buf_printf(&list, "%s`%s`", i ? ", " : "", c.v[i]);
		if (c.n > shown)
			mc_buf_printf(&list, " and %zu more", c.n - shown);
		mc_diag_note(cx->d, g, "%s here: %s", c.n == 1 ? "the candidate" : "candidates",
		             mc_buf_str(&list));
		mc_buf_release(&list);
	} else {
		mc_diag_note(cx->d, g, "nothing of that kind is defined %s",
		             service ? "in this service" : "in any service");
	}
	mc_buf_release(&words);
	free(c.v);
	return -1;
}

static int wrong_kind(mc_lower_ctx *cx, mc_lower_service *where, const char *text, mc_span span,
                      mc_sym_kind got, unsigned accept)
{
	mc_buf words = MC_BUF_INIT;
	mc_diag *g = mc_diag_add(cx->d, MC_E0241, span, "`%s` is %s, not %s", text, a_kind(got),
	                         accepted_words(accept, &words));
	mc_diag_label_primary(cx->d, g, "expected %s", mc_buf_str(&words));
	mc_buf_release(&words);
	/* `host.memory` is an alarm; `host.memory_used` is probably what was meant. */
	cands c = {0};
	if (where) {
		service_candidates(cx, where, "", accept, &c);
	} else {
		for (size_t i = 0; i < cx->nservices; i++)
			service_candidates(cx, &cx->services[i],
			                   mc_arena_printf(cx->arena, "%s.", cx->services[i].name),
			                   accept, &c);
	}
	const char *best = mc_did_you_mean(text, c.v, c.n);
	if (best)
		mc_diag_help(cx->d, g, "did you mean `%s`?", best);
	free(c.v);
	return -1;
}

bool mc_lower_failed_composed(mc_lower_ctx *cx, const mc_lower_service *s, const char *name,
                              size_t len)
{
	for (size_t i = 0; i < s->ninstances; i++) {
		const mc_node *rk = s->resource_keys[i];
		size_t rl = strlen(rk->text);
		if (s->instances[i] || rl + 1 >= len || strncmp(name, rk->text, rl) != 0 ||
		    name[rl] != '-')
			continue;
		const mc_node *kind = mc_node_get(mc_node_get(mc_node_get(s->node, "resources"),
		                                              rk->text),
		                                  "kind");
		const mc_template *t = kind && mc_lower_text(kind)
		                               ? mc_templates_find(cx->templates, kind->text)
		                               : NULL;
		if (t && t->resources)
			return true;
	}
	return false;
}

/* Resolves a reference inside one service: parts[0..n) (1 or 2 parts). */
static int resolve_in(mc_lower_ctx *cx, mc_lower_service *s, bool top, const char *text,
                      const char *const *parts, size_t n, mc_span span, unsigned accept,
                      mc_ref *out)
{
	mc_lower_service *where = top ? NULL : s; /* candidates: this service, or all */
	memset(out, 0, sizeof *out);
	out->service = s;
	out->name = parts[n - 1];
	mc_lower_sym *sym = sym_find(s, parts[0]);
	if (n == 1) {
		if (!sym)
			return unresolved(cx, where, text, span, accept);
		out->kind = sym->kind;
		if (!(accept & MC_ACCEPT(sym->kind)))
			return wrong_kind(cx, where, text, span, sym->kind, accept);
		switch (sym->kind) {
		case MC_SYM_METRIC:
			for (size_t i = 0; i < s->nown_metrics; i++)
				if (strcmp(s->own_metric_names[i], parts[0]) == 0)
					out->own_metric = s->own_metrics[i];
			break;
		case MC_SYM_SLO:
			out->slo = mc_node_get(mc_node_get(s->node, "slos"), parts[0]);
			break;
		case MC_SYM_ALARM:
			out->spec_alarm = mc_node_get(mc_node_get(s->node, "alarms"), parts[0]);
			break;
		case MC_SYM_RESOURCE:
			for (size_t i = 0; i < s->ninstances; i++)
				if (strcmp(s->resource_keys[i]->text, parts[0]) == 0)
					out->instance = s->instances[i];
			break;
		case MC_SYM_SLI:
			break;
		}
		return 0;
	}
	if (!sym && mc_lower_failed_composed(cx, s, parts[0], strlen(parts[0])))
		return -1; /* a sub-resource of a resource that failed: reported already */
	if (!sym || sym->kind != MC_SYM_RESOURCE)
		return unresolved(cx, where, text, span, accept);
	const mc_instance *in = NULL;
	bool known = false;
	for (size_t i = 0; i < s->ninstances; i++)
		if (strcmp(s->resource_keys[i]->text, parts[0]) == 0) {
			in = s->instances[i];
			known = true;
		}
	if (known && !in)
		return -1; /* the resource failed to instantiate: reported already */
	out->instance = in;
	/* A kind may give a metric and an SLI the same name (`lb.latency`): what the place
	 * accepts wins, and only a name of none of the accepted kinds is the wrong kind. */
	const mc_inst_metric *m = mc_instance_metric(in, parts[1]);
	const mc_inst_sli *sli = mc_instance_sli(in, parts[1]);
	const mc_inst_alarm *al = mc_instance_alarm(in, parts[1]);
	if ((accept & MC_ACCEPT(MC_SYM_METRIC)) && m) {
		out->kind = MC_SYM_METRIC;
		out->metric = m;
	} else if ((accept & MC_ACCEPT(MC_SYM_SLI)) && sli) {
		out->kind = MC_SYM_SLI;
		out->sli = sli;
	} else if ((accept & MC_ACCEPT(MC_SYM_ALARM)) && al) {
		out->kind = MC_SYM_ALARM;
		out->kind_alarm = al;
	} else if (m || sli || al) {
		return wrong_kind(cx, where, text, span,
		                  m ? MC_SYM_METRIC : sli ? MC_SYM_SLI : MC_SYM_ALARM, accept);
	} else {
		return unresolved(cx, where, text, span, accept);
	}
	return 0;
}

int mc_lower_resolve(mc_lower_ctx *cx, mc_lower_service *service, const char *text, mc_span span,
                     unsigned accept, mc_ref *out)
{
	const char *parts[4];
	size_t n = 0;
	const char *p = text;
	memset(out, 0, sizeof *out);
	while (n < 4) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		parts[n++] = mc_arena_strndup(cx->arena, p, len);
		if (!dot)
			break;
		p = dot + 1;
	}
	bool bad = false;
	for (size_t i = 0; i < n; i++)
		bad |= parts[i][0] == '\0';
	size_t max = service ? 2 : 3;
	if (bad || n > max || (!service && n < 2))
		return unresolved(cx, service, text, span, accept);
	if (service)
		return resolve_in(cx, service, false, text, parts, n, span, accept, out);
	mc_lower_service *s = mc_lower_service_find(cx, parts[0]);
	if (!s)
		return unresolved(cx, NULL, text, span, accept);
	return resolve_in(cx, s, true, text, parts + 1, n - 1, span, accept, out);
}
