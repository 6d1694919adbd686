/*
 * Template bugs, found when a template is loaded (before any resource uses it).
 *
 * Consumes a schema-valid template whose parameters have been read; reports to the sink:
 * E0309 malformed `${`, E0303 a `${name}` or `when: name` that names no parameter (nor a
 * built-in, nor an SLI parameter inside that SLI), E0310 a metric, SLI or alarm name that
 * does not resolve within the template. Marks every parameter that something mentions as
 * used. Returns the number of errors.
 */
#ifndef MC_TEMPLATE_CHECK_H
#define MC_TEMPLATE_CHECK_H

#include "base/arena.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "template/template.h"

int mc_template_check(mc_template *t, const mc_sources *srcs, mc_arena *arena, mc_diags *d);

/* The built-in variables, `resource`, `service`, `project`, `environment`, `region`. */
const char *const *mc_template_builtins(size_t *n);

#endif
