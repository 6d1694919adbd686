/*
 * Markdown pieces shared by the generated reference pages (compiler/docgen): table cells,
 * inline code spans and one-line renderings of YAML nodes.
 *
 * Everything appends to an mc_buf and is deterministic (no locale, no addresses). Table cells
 * are one line: newlines become spaces and `|` is escaped as `\|`, which GitHub-flavoured
 * Markdown requires even inside code spans.
 */
#ifndef MC_DOCGEN_MD_H
#define MC_DOCGEN_MD_H

#include <stdbool.h>

#include "base/buf.h"
#include "load/node.h"

/* Text for a table cell: runs of whitespace (newlines included) folded to one space, `|`
 * escaped, leading and trailing space trimmed. NULL or "" appends nothing. */
void mc_docmd_cell(mc_buf *b, const char *s);

/* s as an inline code span, fenced with more backticks than s contains in a row (and padded
 * with spaces when s starts or ends with one). cell: also fold newlines and escape `|`. */
void mc_docmd_code(mc_buf *b, const char *s, bool cell);

/* A node as one line of YAML flow text: scalars as written (strings unquoted unless empty),
 * lists `[a, b]`, mappings `{ k: v, ... }`. NULL appends nothing. */
void mc_docmd_node(mc_buf *b, const mc_node *n);

/* A description (Markdown, possibly several paragraphs) followed by one blank line; trailing
 * newlines and spaces of s are dropped. NULL or "" appends nothing. */
void mc_docmd_paragraphs(mc_buf *b, const char *s);

#endif
