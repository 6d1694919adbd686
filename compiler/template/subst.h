/*
 * `${name}` substitution in template strings (see docs/templates.md).
 *
 * Consumes template text and a look-up of variable values; produces the text with every
 * `${name}` replaced, `$${` written as a literal `${`, and, for trees, a copy of a node in
 * which only the strings that changed are new nodes (they keep the template's span, so a
 * diagnostic about them still points at the template line). A list parameter that is a
 * whole list item (`["${rules}"]`) is spliced: one item per element.
 *
 * Names are `[a-z][a-z0-9_]*`. The scanner reports malformed uses (`${` without `}`, an
 * empty or upper-case name) to its visitor; the template loader turns them into E0309 before
 * anything is substituted, so the substituting functions may assume well-formed text.
 */
#ifndef MC_TEMPLATE_SUBST_H
#define MC_TEMPLATE_SUBST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "load/node.h"

/* Called for each `${...}` in the text: off/len cover the whole `${...}`; name/namelen the
 * name inside (namelen 0 and malformed set when it is not a well-formed use). */
typedef void (*mc_tsubst_visit_fn)(void *ctx, size_t off, size_t len, const char *name,
                                   size_t namelen, bool malformed);
void mc_tsubst_visit(const char *s, size_t len, mc_tsubst_visit_fn fn, void *ctx);

/* True when the text has a `${` or `$${` (so substitution could change it). */
bool mc_tsubst_has_vars(const char *s, size_t len);

/* The value of a variable: its text, and for list parameters the list node. */
typedef struct {
	const char *text;
	const mc_node *list;
} mc_tsubst_value;

/* Looks name up; false when the name is not (yet) known: it is kept as `${name}`. */
typedef bool (*mc_tsubst_lookup)(void *ctx, const char *name, size_t len, mc_tsubst_value *out);

/*
 * Substitutes s[0, len). Names the look-up does not know are written back as `${name}` and,
 * when any name is kept, `$${` stays `$${`, so that a second pass (an SLI's parameters,
 * bound later) sees the same text. The result is in the arena; *kept (may be NULL) is set
 * when a name was kept.
 */
char *mc_tsubst_string(const char *s, size_t len, mc_tsubst_lookup fn, void *ctx, mc_arena *arena,
                       bool *kept);

/* Substitutes every string scalar of a tree (mapping values, list items; never keys). */
const mc_node *mc_tsubst_node(const mc_node *n, mc_tsubst_lookup fn, void *ctx, mc_arena *arena);
/* The same with the new nodes (and their item and pair arrays) in nodes, texts in text. */
const mc_node *mc_tsubst_node_in(const mc_node *n, mc_tsubst_lookup fn, void *ctx,
                                 mc_arena *text, mc_arena *nodes);

#endif
