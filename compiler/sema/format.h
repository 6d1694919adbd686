/*
 * Format checkers for the validator (schema `x-moncc-format`, see schema/validate.h).
 *
 * The schema describes a short-form alarm condition (and a threshold with a unit) with a pattern, which is what editors
 * use; but a pattern can only say that `> 80% four 15m` is not a condition. The compiler's
 * condition parser (condition.h) can point at `four` and say what it expected, so the check
 * pipeline and the template loader hand "condition" strings to it instead.
 */
#ifndef MC_SEMA_FORMAT_H
#define MC_SEMA_FORMAT_H

#include <stdbool.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "load/node.h"

/* An mc_format_check: ctx is the mc_sources the node's file is registered in. */
bool mc_sema_format_check(const char *format, const mc_node *n, mc_diags *d, void *ctx);

#endif
