/*
 * Check-time validation of filter patterns: a YAML string -> diagnostics with the caret
 * inside the string.
 *
 * Used by the validator's `x-moncc-format: filter_pattern` hook (templates' `pattern:`
 * values without `${...}`, checked once when the template loads) and by the lowering of
 * log filters (patterns with `${...}`, checked once substituted, see lower_logs.c).
 */
#ifndef MC_LOGS_FILTER_CHECK_H
#define MC_LOGS_FILTER_CHECK_H

#include "diag/diag.h"
#include "diag/source.h"
#include "load/node.h"
#include "logs/filter.h"

/*
 * Parses the pattern n->text. Errors (E0360-E0362) and W0016 (an unquoted term with
 * punctuation) are reported at the offending bytes inside n. Returns the pattern (release
 * it with mc_filter_release) or NULL after an error.
 */
mc_filter *mc_filter_check_node(const mc_node *n, const mc_sources *srcs, mc_arena *arena,
                                mc_diags *d);

/*
 * Reports a parse error of a text that is not the source text (a substituted pattern): at
 * the whole span `at`, the pattern quoted in the message with a note on where the error is.
 * Returns the diagnostic for more labels.
 */
mc_diag *mc_filter_report_text(const mc_filter_error *e, const char *text, mc_span at,
                               mc_diags *d);

#endif
