/*
 * W0011: an SLO stricter than one EC2 Spot instance can keep.
 *
 * Consumes the IR's SLOs, services and EventBridge rules. A service whose only compute is
 * one `ec2` resource with `spot: true` loses that instance whenever AWS reclaims it (two
 * minutes' notice, then minutes until a replacement serves); at 99.9% over 30 days the
 * whole error budget is 43 minutes, so a few interruptions a month spend it (shared
 * reference stdlib-catalogue.md §1.3 recommends 99.5%). The IR does not carry resource
 * parameters, so a Spot instance is recognised by the `spot-interruption` rule the `ec2`
 * kind adds for `spot: true`, with id `SERVICE/RESOURCE/spot-interruption`.
 */
#include "lint/lint_internal.h"

#include <string.h>

/* The objective from which the rule fires: the catalogue calls 99.9% not realistic. */
#define SPOT_MAX_OBJECTIVE 0.999

static bool has_spot_rule(const mc_ir *ir, const char *service, const char *resource)
{
	size_t ls = strlen(service), lr = strlen(resource);
	static const char tail[] = "/spot-interruption";
	for (size_t i = 0; i < ir->nrules; i++) {
		const char *id = ir->rules[i].id;
		if (!id || strncmp(id, service, ls) != 0 || id[ls] != '/' ||
		    strncmp(id + ls + 1, resource, lr) != 0 || strcmp(id + ls + 1 + lr, tail) != 0)
			continue;
		return true;
	}
	return false;
}

/* The service's one Spot instance, or NULL (none, or more than one `ec2` resource). */
static const struct mc_ir_resource *single_spot(const mc_ir *ir, const mc_ir_service *s)
{
	const struct mc_ir_resource *ec2 = NULL;
	for (size_t i = 0; i < s->nresources; i++) {
		if (!s->resources[i].kind || strcmp(s->resources[i].kind, "ec2") != 0)
			continue;
		if (ec2)
			return NULL;
		ec2 = &s->resources[i];
	}
	if (!ec2 || !ec2->name || !has_spot_rule(ir, s->name, ec2->name))
		return NULL;
	return ec2;
}

void mc_lint_spot_slo(mc_lint_ctx *cx)
{
	const mc_ir *ir = cx->ir;
	mc_diags *d = cx->d;
	for (size_t i = 0; i < ir->nslos; i++) {
		const mc_ir_slo *o = &ir->slos[i];
		const mc_ir_service *s = mc_ir_find_service(ir, o->service);
		if (!s || o->objective < SPOT_MAX_OBJECTIVE - 1e-9) /* 99.9% read as 0.99899... */
			continue;
		const struct mc_ir_resource *spot = single_spot(ir, s);
		if (!spot)
			continue;
		/* The error budget in minutes, to make the point concrete. */
		double budget_min = (1.0 - o->objective) * (double)o->window_s / 60.0;
		mc_diag *g =
		        mc_diag_add(d, MC_W0011, o->span,
		                    "SLO `%s` of service `%s` asks more than one Spot instance "
		                    "can give",
		                    o->name, o->service);
		mc_diag_label_primary(d, g,
		                      "an objective of %g%% leaves %.0f minutes of errors per "
		                      "window",
		                      o->objective * 100.0, budget_min);
		if (mc_lint_has_span(spot->span))
			mc_diag_label(d, g, spot->span,
			              "the service runs on this one Spot instance");
		mc_diag_note(d, g,
		             "AWS reclaims Spot instances with two minutes' notice, and a "
		             "replacement takes minutes more to serve");
		mc_diag_help(d, g,
		             "use `objective: 99.5%%`, or run more than one instance (an Auto "
		             "Scaling group over several instance types)");
	}
}
