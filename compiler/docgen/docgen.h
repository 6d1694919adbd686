/*
 * Generated reference docs (`moncc docs`): a page per template kind, an index of the kinds and
 * the spec reference, all in Markdown.
 *
 * The kind pages are rendered from the checked templates of the registry (template.h), as data:
 * parameters, metrics, SLIs, alarms with their conditions, events, log filters, queries,
 * remediation and widgets, exactly as the template declares them (before any instance
 * substitutes `${...}`). The spec reference is rendered from the spec's JSON Schema text
 * (schema/moncc.schema.json): every key in schema order with its type, default, allowed values,
 * pattern, description and examples, following `$ref`s; object types are written out once,
 * where they first appear, and linked from everywhere else.
 *
 * Output is deterministic: it depends only on the templates and the schema text.
 */
#ifndef MC_DOCGEN_DOCGEN_H
#define MC_DOCGEN_DOCGEN_H

#include <stddef.h>

#include "base/buf.h"
#include "diag/source.h"
#include "emit/emit.h"
#include "template/template.h"

/* The page of one kind (docs/stdlib/KIND.md), appended to out. srcs holds t's file (the
 * conditions are parsed again to say them in words). */
void mc_docgen_kind(const mc_template *t, const mc_sources *srcs, mc_buf *out);

/* The index of kinds (docs/stdlib/README.md): one row per kind, in the given order. */
void mc_docgen_kind_index(const mc_template *const *kinds, size_t n, mc_buf *out);

/*
 * The spec reference (docs/spec-reference.md) of the schema text (JSON). source names the
 * schema in the page's header. Returns 0, or -1 with a one-line reason in err when the text
 * is not a JSON object (the embedded schema always is).
 */
int mc_docgen_spec_reference(const char *schema, size_t len, const char *source, mc_buf *out,
                             mc_buf *err);

/* What the `docs` emitter writes: the kinds (sorted) and the schema text. */
typedef struct {
	const mc_template *const *kinds;
	size_t nkinds;
	const mc_sources *srcs;
	const char *schema;
	size_t schema_len;
	const char *schema_source; /* `schema/moncc.schema.json` */
} mc_docgen_input;

/*
 * An emitter (emit.h) for compiler/output: writes stdlib/KIND.md per kind, stdlib/README.md and
 * spec-reference.md, relative to the docs folder. cx->data is the mc_docgen_input.
 */
int mc_docgen_emit(const mc_emit_ctx *cx, mc_outputs *os);

/* The file names it writes, for messages: "stdlib/", "spec-reference.md". */
#define MC_DOCGEN_KIND_DIR "stdlib"
#define MC_DOCGEN_SPEC_REFERENCE "spec-reference.md"

#endif
