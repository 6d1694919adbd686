/*
 * Structural validation of a document tree against a JSON Schema (2020-12 subset).
 *
 * mc_schema_compile() turns the schema text into a compiled form once (PCRE2 patterns
 * compiled once, $refs resolved); mc_validate() walks a tree and appends every problem it
 * finds to the sink: it never stops at the first one. Supported keywords: type, properties,
 * required, additionalProperties, patternProperties, propertyNames, enum, const, pattern,
 * minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, minItems,
 * maxItems, uniqueItems, minProperties, maxProperties, items, oneOf, anyOf, allOf, $ref,
 * $defs, plus the annotations title, description, default, examples, deprecated and
 * moncc's own `x-moncc-code` / `x-moncc-expected` (see docs/schema.md), which give a
 * pattern failure its own code and a human description of what was expected.
 */
#ifndef MC_SCHEMA_VALIDATE_H
#define MC_SCHEMA_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/diag.h"
#include "load/node.h"

typedef struct mc_schema mc_schema;

/*
 * Compiles schema text (JSON). Returns NULL and sets *error (malloc'd, caller frees) when the
 * text is not a schema this validator understands: that is a bug in moncc, not user error.
 */
mc_schema *mc_schema_compile(const char *json, size_t len, char **error);
void mc_schema_free(mc_schema *s);

/* The spec schema, schema/moncc.schema.json, as embedded at build time. */
const char *mc_schema_spec_text(size_t *len);

/* The compiled spec schema, compiled on first use and kept for the process. */
const mc_schema *mc_schema_spec(void);
/* Frees the cached spec schema (the CLI calls it before exit, so valgrind sees no leak). */
void mc_schema_spec_release(void);

/* Validates root (which may be NULL: nothing to do) and appends diagnostics to d. */
void mc_validate(const mc_schema *s, const mc_node *root, mc_diags *d);

/*
 * A checker for a named form. The schema marks a string form with `x-moncc-format` (the
 * alarm condition: "condition") when a pattern can only say "this is not a condition" while
 * the compiler's own parser can point at the exact word inside the string. The checker gets
 * the node and reports its own diagnostics; it returns true when it took the node (valid or
 * reported) and false to leave it to the schema's pattern.
 */
typedef bool (*mc_format_check)(const char *format, const mc_node *n, mc_diags *d, void *ctx);

/* mc_validate, with format checkers (check may be NULL). */
void mc_validate_with(const mc_schema *s, const mc_node *root, mc_format_check check, void *ctx,
                      mc_diags *d);

#endif
