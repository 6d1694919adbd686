/*
 * Composition: a kind whose template has `resources:` (sub-resources of other kinds); see
 * docs/templates.md, "Composed kinds". Internal to compiler/template.
 *
 * mc_compose_link() runs once the registry holds every kind: it resolves each
 * sub-resource's kind (E0320), checks the parameter names it gives (E0304, E0305), and
 * refuses cycles (E0321) and nesting deeper than MC_COMPOSE_MAX_DEPTH kinds (E0323). It
 * returns, per template, whether the template must leave the registry (a template with
 * errors is left out, like any other template bug; so is one composing such a template).
 *
 * mc_compose_instantiate() runs inside the instantiation of a composed kind, after its
 * parameters are bound: each sub-resource whose `when:` holds becomes an instance named
 * `PARENT-NAME`, with its parameters substituted from the parent's.
 */
#ifndef MC_TEMPLATE_COMPOSE_H
#define MC_TEMPLATE_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "template/template.h"

/* The most kinds a chain of composition may hold, the spec's resource's included: an
 * `anythingllm` composing an `alb` is 2. Deeper nesting is unreadable in a runbook and
 * means resource names like `a-b-c-d-e`. */
enum { MC_COMPOSE_MAX_DEPTH = 4 };

/* v: the registry's templates (n of them); broken_kinds: kinds left out earlier because
 * their template had errors (no E0320 for them). Sets drop[i] for each template to leave
 * out. Returns the number of errors reported. */
int mc_compose_link(mc_template **v, size_t n, const char *const *broken_kinds, size_t nbroken,
                    mc_arena *arena, mc_diags *d, bool *drop);

void mc_compose_instantiate(mc_instance *in, const mc_subst_env *env, const mc_sources *srcs,
                            mc_arena *arena, mc_diags *d);

/* From instantiate.c: `${...}` of a node substituted with an instance's parameters and
 * the built-ins; whether an item's `when:` holds for the instance. */
const mc_node *mc_instance_subst(const mc_instance *in, const mc_subst_env *env,
                                 const mc_node *n, mc_arena *arena, mc_diags *d);
bool mc_instance_keeps(const mc_instance *in, const mc_node *item);

#endif
