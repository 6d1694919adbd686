/*
 * Typed template parameters: declarations read from a template's `parameters:` (or an SLI's),
 * values checked against them, and the text a value substitutes as.
 *
 * Consumes `parameters:` mappings of a validated template; produces mc_params (in the arena,
 * with each string parameter's `pattern` compiled once by PCRE2: mc_params_free releases
 * them). Value checks return a phrase for the diagnostic's primary label instead of
 * reporting, because the caller knows where the value came from (a resource, an SLO, a
 * default).
 */
#ifndef MC_TEMPLATE_PARAM_H
#define MC_TEMPLATE_PARAM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "load/node.h"
#include "template/template.h"

/*
 * Reads a `parameters:` mapping (map may be NULL: no parameters). Reports E0308 for an
 * inconsistent declaration (bad regular expression, `pattern` on a non-string, `required`
 * with a `default`, a default of the wrong type) and returns the number of such errors.
 */
int mc_params_read(const mc_node *map, const char *kind, mc_arena *arena, mc_diags *d,
                   mc_params *out);
void mc_params_free(mc_params *p);

const mc_param *mc_params_find(const mc_params *p, const char *name, size_t len);
/* The parameters' names, for did-you-mean and notes (arena). */
const char **mc_params_names(const mc_params *p, mc_arena *arena);

/* `string`, `bool`, ...: the spelling used in templates. */
const char *mc_param_type_name(mc_param_type t);

/*
 * Checks a value against a parameter's type and pattern. Returns 0, or -1 and sets *code
 * (E0306 or E0307) and *why to the primary label's text ("expected a boolean, found a
 * string"). check_pattern false skips the pattern (a default holding `${...}`).
 */
int mc_param_check(const mc_param *p, const mc_node *value, bool check_pattern, mc_arena *arena,
                   mc_code *code, const char **why);

/* Whether a string matches the parameter's pattern (true when it has none). */
bool mc_param_matches(const mc_param *p, const char *s, size_t len);

/* The text a checked value substitutes as (see docs/templates.md), in the arena. */
const char *mc_param_text(const mc_param *p, const mc_node *value, mc_arena *arena);

/* Whether a value counts as set for `when:`: not null, not false, not "" and not []. */
bool mc_param_truthy(const mc_node *value);

#endif
