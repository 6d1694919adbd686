/*
 * Metric-math expressions inside an instantiated template: an alarm's `expr:` and an SLI's
 * `good`/`bad`/`total` text.
 *
 * Consumes the substituted expression node and the instance; parses it with the expression
 * parser (sema/expr.h) and checks that every name in it is one of the instance's metrics
 * (a bare name: `FILL(requests, 0)`). Every diagnostic, the parser's included, is reported at
 * the template with the "instantiated here" label at the resource.
 */
#ifndef MC_TEMPLATE_TEXPR_H
#define MC_TEMPLATE_TEXPR_H

#include "base/arena.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "load/node.h"
#include "template/template.h"

/*
 * what names the item for messages (`alarm `availability``). Returns the number of errors.
 * The parsed tree is freed before returning; diagnostics go to d (and d's arena).
 */
int mc_texpr_check(const mc_node *expr, const mc_instance *in, const char *what,
                   const mc_sources *srcs, mc_diags *d);

#endif
