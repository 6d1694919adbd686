/*
 * Lowering of scaling actions: `on_alarm: [scale:RESOURCE.NAME]` on an alarm -> the
 * mc_ir_scaling_policy of the resource's kind (`remediation: scale:NAME` with a `policy:`)
 * and the IR action "scale:" + the policy's id. Called by lower_alarm.c for each such item.
 *
 * Rules (docs/templates.md, "Scaling policies"): the resource must be one of the alarm's
 * service and its kind must define the policy (E0236); every metric the alarm reads must be
 * that resource's own (E0330), so a policy only reacts to its own group's load; one alarm
 * cannot both add and remove capacity (E0332, checked by the caller with
 * mc_lower_scaling_direction). A policy is lowered once, by the first alarm that runs it;
 * policies no alarm runs are not lowered (an unused policy would only clutter the stack).
 */
#include <string.h>

#include "lower/lower_internal.h"

/* The instance of resource `name` (len bytes) in svc, with its index; NULL when none. */
static const mc_instance *find_resource(const mc_lower_service *svc, const char *name,
                                        size_t len, const mc_node **key)
{
	for (size_t r = 0; svc && r < svc->ninstances; r++) {
		const char *k = svc->resource_keys[r]->text;
		if (strlen(k) == len && strncmp(k, name, len) == 0) {
			*key = svc->resource_keys[r];
			return svc->instances[r];
		}
	}
	return NULL;
}

static const mc_inst_remediation *find_policy(const mc_instance *in, const char *want)
{
	for (size_t i = 0; in && i < in->nremediation; i++)
		if (in->remediation[i].scaling && strcmp(in->remediation[i].action, want) == 0)
			return &in->remediation[i];
	return NULL;
}

/* "`fleet` defines `scale:fleet.out` and `scale:fleet.in`", or where policies come from. */
static const char *unknown_help(mc_lower_ctx *cx, const mc_lower_service *svc)
{
	mc_buf b = MC_BUF_INIT;
	size_t n = 0;
	for (size_t r = 0; svc && r < svc->ninstances; r++) {
		const mc_instance *in = svc->instances[r];
		for (size_t i = 0; in && i < in->nremediation; i++) {
			if (!in->remediation[i].scaling)
				continue;
			mc_buf_puts(&b, n++ ? ", " : "this service's policies: ");
			mc_buf_printf(&b, "`scale:%s.%s`", in->resource, in->remediation[i].action + 6);
		}
	}
	const char *help = n ? mc_arena_strdup(cx->arena, mc_buf_str(&b))
	                     : "no kind of this service defines a scaling policy; the `asg` "
	                       "kind defines `scale:RESOURCE.out` and `scale:RESOURCE.in`";
	mc_buf_release(&b);
	return help;
}

static mc_ir_scaling_policy *policy_find(mc_lower_ctx *cx, const char *id)
{
	for (size_t i = 0; i < cx->nscaling_policies; i++)
		if (strcmp(cx->scaling_policies[i].id, id) == 0)
			return &cx->scaling_policies[i];
	return NULL;
}

const char *mc_lower_scaling_action(mc_lower_ctx *cx, const mc_lower_service *svc,
                                    const mc_node *item, const mc_instance *const *owners,
                                    size_t nowners, int *direction)
{
	const char *a = item->text;
	const char *dot = strchr(a + 6, '.');
	const mc_node *rkey = NULL;
	const mc_instance *in = dot ? find_resource(svc, a + 6, (size_t)(dot - a - 6), &rkey)
	                            : NULL;
	const char *want = dot ? mc_arena_printf(cx->arena, "scale:%s", dot + 1) : a;
	const mc_inst_remediation *rem = find_policy(in, want);
	if (!rem) {
		mc_diag *g = mc_diag_add(cx->d, MC_E0236, item->span,
		                         "action `%s` is not allowed on this alarm", a);
		mc_diag_label_primary(cx->d, g, "expected a scaling policy a resource's kind "
		                                "defines");
		if (in)
			mc_diag_label(cx->d, g, in->kind_span, "kind `%s` defines no `%s`",
			              in->tmpl->kind, want);
		mc_diag_help(cx->d, g, "%s", unknown_help(cx, svc));
		return NULL;
	}
	/* Every metric of the alarm must be this resource's own. */
	for (size_t i = 0; i < nowners; i++) {
		if (owners[i] == in)
			continue;
		mc_diag *g = mc_diag_add(cx->d, MC_E0330, item->span,
		                         "scaling policy `%s` runs on an alarm over other metrics",
		                         a);
		mc_diag_label_primary(cx->d, g, "expected an alarm over `%s`'s metrics only",
		                      in->resource);
		mc_diag_label(cx->d, g, rkey->span, "the policy scales this resource's group");
		mc_diag_note(cx->d, g, "%s",
		             owners[i] ? mc_arena_printf(cx->arena, "the alarm reads a metric of "
		                                         "`%s`", owners[i]->resource)
		                       : "the alarm reads a metric of the service's own `metrics:`");
		mc_diag_help(cx->d, g, "alarm on the group's own load, such as `%s.cpu`, so the "
		                       "policy reacts to the capacity it changes",
		             in->resource);
		return NULL;
	}
	if (!rem->policy_ok)
		return NULL; /* reported when the template was instantiated */
	*direction = rem->adjustment > 0 ? 1 : -1;
	const char *id = mc_arena_printf(cx->arena, "%s/%s.%s", svc->name, in->resource,
	                                 rem->action + 6);
	if (!policy_find(cx, id)) {
		const char *parts[] = {svc->name, in->resource, "scale", rem->action + 6};
		mc_ir_scaling_policy *p = MC_LOWER_PUSH(cx, scaling_policies);
		*p = (mc_ir_scaling_policy){
		        .id = id,
		        .name = mc_lower_prefixed_name(cx, MC_NAME_MAX_EXPORT, parts, 4),
		        .service = svc->name,
		        .resource = in->resource,
		        .policy = rem->action + 6,
		        .description = rem->description,
		        .group = rem->group,
		        .percent = rem->percent,
		        .adjustment = rem->adjustment,
		        .min_magnitude = rem->min_magnitude,
		        .cooldown_s = rem->cooldown_s,
		        .has_cooldown = rem->has_cooldown,
		        .span = item->span,
		        .template_span = rem->span,
		};
	}
	return mc_arena_printf(cx->arena, "scale:%s", id);
}

void mc_lower_scaling_conflict(mc_lower_ctx *cx, const mc_node *out_item,
                               const mc_node *in_item)
{
	mc_diag *g = mc_diag_add(cx->d, MC_E0332, in_item->span,
	                         "the alarm both adds and removes capacity");
	mc_diag_label_primary(cx->d, g, "this policy removes capacity");
	mc_diag_label(cx->d, g, out_item->span, "this policy adds capacity");
	mc_diag_note(cx->d, g, "an alarm runs all its actions at once, in every tier");
	mc_diag_help(cx->d, g, "scale out on a high-load alarm and in on a separate low-load "
	                       "alarm");
}
