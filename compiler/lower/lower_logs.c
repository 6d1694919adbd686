/*
 * Lowering of the kinds' log metric filters: template instances -> mc_ir_log_filter, and
 * the checks that need the substituted text or the whole spec.
 *
 * A pattern without `${...}` was checked when its template loaded (x-moncc-format
 * `filter_pattern`); one with `${...}` is only known here, per instance, so it is parsed
 * now and a problem is reported at the template line with "instantiated here". The metric
 * value (`value:`) is checked against the parsed pattern (`$name` must be a field of a
 * space-delimited pattern). Per log group, AWS allows 100 metric filters and 5 whose
 * pattern has a regular expression (E0364, at the first filter over the limit).
 *
 * The kinds' saved Logs Insights queries become mc_ir_log_query items, id
 * `SERVICE/RESOURCE.QUERY` (the runbooks find a service's queries by that prefix) and name
 * `{project}-{environment}/SERVICE/RESOURCE.QUERY`: the console shows `/` as folders, so one
 * project's queries sit together.
 */
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/xalloc.h"
#include "logs/filter.h"
#include "logs/filter_check.h"
#include "lower/lower_internal.h"
#include "template/subst.h"

/* Filters per log group seen so far, for the AWS quotas: an open-addressing table keyed by
 * the group's name, sized for every filter of the spec, so a spec of many log groups stays
 * linear. */
typedef struct {
	const char *group; /* NULL: free slot */
	size_t nfilters, nregex;
	mc_span first_regex;
} group_count;

typedef struct {
	group_count *slots;
	size_t mask;
} group_table;

static group_count *count_of(group_table *t, const char *group)
{
	size_t h = (size_t)mc_fnv1a64(group, strlen(group)) & t->mask;
	while (t->slots[h].group && strcmp(t->slots[h].group, group) != 0)
		h = (h + 1) & t->mask;
	t->slots[h].group = group;
	return &t->slots[h];
}

/* Parses an instance's pattern; reports a substituted pattern's errors. NULL on error. */
static mc_filter *parse_pattern(mc_lower_ctx *cx, const mc_instance *in,
                                const mc_inst_log_filter *f, const mc_node *pnode)
{
	mc_filter_error e;
	mc_filter *pf = mc_filter_parse(f->pattern, strlen(f->pattern), cx->arena, &e);
	if (pf || !pnode)
		return pf;
	if (!mc_tsubst_has_vars(pnode->text, pnode->text_len))
		return NULL; /* reported when the template loaded */
	mc_diag *g = mc_filter_report_text(&e, f->pattern, pnode->span, cx->d);
	mc_instance_label_origin(in, cx->d, g);
	return NULL;
}

static void lower_filter(mc_lower_ctx *cx, const mc_lower_service *s, const mc_instance *in,
                         const mc_inst_log_filter *f, group_count *gc)
{
	const mc_node *def = mc_node_get(in->tmpl->log_filters, f->name);
	const mc_node *pnode = mc_node_get(def, "pattern");
	if (!f->pattern || !f->log_group || !f->metric)
		return;
	mc_filter *pf = parse_pattern(cx, in, f, pnode);
	if (pf) {
		const char *why = NULL;
		if (mc_filter_value_check(pf, f->value, &why) < 0) {
			const mc_node *vnode = mc_node_get(def, "value");
			mc_diag *g = mc_diag_add(cx->d, MC_E0363, vnode ? vnode->span : f->span,
			                         "log filter `%s` of kind `%s` has metric value `%s`, "
			                         "which cannot be extracted",
			                         f->name, in->tmpl->kind, f->value);
			mc_diag_label_primary(cx->d, g, "%s", why);
			mc_instance_label_origin(in, cx->d, g);
		}
		if (pf->nregex && ++gc->nregex == 1)
			gc->first_regex = in->kind_span;
		if (pf->nregex && gc->nregex == MC_FILTER_MAX_REGEX_FILTERS + 1) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0364, pnode ? pnode->span : f->span,
			                         "log group `%s` gets a %dth filter with a regular "
			                         "expression; CloudWatch allows %d",
			                         f->log_group, MC_FILTER_MAX_REGEX_FILTERS + 1,
			                         MC_FILTER_MAX_REGEX_FILTERS);
			mc_diag_label_primary(cx->d, g, "a regex-bearing filter over the limit");
			mc_instance_label_origin(in, cx->d, g);
			mc_diag_help(cx->d, g, "match fixed text with quoted terms instead of `%%...%%`");
		}
		mc_filter_release(pf);
	}
	if (++gc->nfilters == MC_FILTER_MAX_PER_GROUP + 1) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0364, f->span,
		                         "log group `%s` gets more than %d metric filters",
		                         f->log_group, MC_FILTER_MAX_PER_GROUP);
		mc_diag_label_primary(cx->d, g, "filter %d", MC_FILTER_MAX_PER_GROUP + 1);
		mc_instance_label_origin(in, cx->d, g);
	}

	mc_ir_log_filter *o = MC_LOWER_PUSH(cx, log_filters);
	o->id = mc_arena_printf(cx->arena, "%s/%s.%s", s->name, in->resource, f->name);
	const char *parts[] = {s->name, in->resource, f->name};
	o->name = mc_lower_prefixed_name(cx, 512, parts, 3);
	o->log_group = f->log_group;
	o->pattern = f->pattern;
	o->metric_ns = f->ns ? f->ns : cx->env.project;
	o->metric_name = f->metric;
	o->value = f->value;
	o->span = in->kind_span;
}

void mc_lower_log_filters(mc_lower_ctx *cx)
{
	size_t total = 0;
	for (size_t i = 0; i < cx->nservices; i++)
		for (size_t r = 0; r < cx->services[i].ninstances; r++)
			if (cx->services[i].instances[r])
				total += cx->services[i].instances[r]->nlog_filters;
	size_t cap = 16;
	while (cap < 2 * total)
		cap *= 2;
	group_table groups = {mc_xcalloc(cap, sizeof *groups.slots), cap - 1};
	for (size_t i = 0; i < cx->nservices; i++) {
		const mc_lower_service *s = &cx->services[i];
		for (size_t r = 0; r < s->ninstances; r++) {
			const mc_instance *in = s->instances[r];
			for (size_t k = 0; in && k < in->nlog_filters; k++) {
				const mc_inst_log_filter *f = &in->log_filters[k];
				if (!f->log_group)
					continue;
				lower_filter(cx, s, in, f, count_of(&groups, f->log_group));
			}
		}
	}
	free(groups.slots);
}

void mc_lower_log_queries(mc_lower_ctx *cx)
{
	const char *folder = mc_lower_prefixed_name(cx, 100, NULL, 0);
	for (size_t i = 0; i < cx->nservices; i++) {
		const mc_lower_service *s = &cx->services[i];
		for (size_t r = 0; r < s->ninstances; r++) {
			const mc_instance *in = s->instances[r];
			for (size_t k = 0; in && k < in->nqueries; k++) {
				const mc_inst_query *q = &in->queries[k];
				if (!q->query || !q->nlog_groups)
					continue;
				mc_ir_log_query *o = MC_LOWER_PUSH(cx, log_queries);
				o->id = mc_arena_printf(cx->arena, "%s/%s.%s", s->name, in->resource,
				                        q->name);
				o->name = mc_arena_printf(cx->arena, "%s/%s", folder, o->id);
				o->log_groups = q->log_groups;
				o->nlog_groups = q->nlog_groups;
				o->query = q->query;
				o->span = q->span;
			}
		}
	}
}
