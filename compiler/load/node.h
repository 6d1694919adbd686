/*
 * The document tree: what the loader produces and the validator and later phases read.
 *
 * Every node carries the byte span of its text in its file (see diag/source.h). Scalars are
 * typed by the YAML 1.2 core schema: `null`, `~` and empty are null; `true`/`false` (also
 * capitalised or upper case) are booleans; decimal, `0o` and `0x` integers; decimal floats,
 * `.inf` and `.nan`. Everything else, and every quoted scalar, is a string, so `on`, `yes`
 * and `no` stay strings (YAML 1.1 would have made them booleans).
 *
 * Aliases are resolved to the anchored node itself, so a tree may share subtrees (it is a
 * DAG); the loader has already bounded its expanded size, so walking it as a tree is safe.
 * Mappings keep their pairs in source order and have no duplicate keys.
 */
#ifndef MC_LOAD_NODE_H
#define MC_LOAD_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/source.h"

typedef enum {
	MC_NODE_NULL,
	MC_NODE_BOOL,
	MC_NODE_INT,
	MC_NODE_FLOAT,
	MC_NODE_STRING,
	MC_NODE_SEQ,
	MC_NODE_MAP,
} mc_node_kind;

typedef enum {
	MC_STYLE_PLAIN,
	MC_STYLE_SINGLE_QUOTED,
	MC_STYLE_DOUBLE_QUOTED,
	MC_STYLE_LITERAL,   /* | */
	MC_STYLE_FOLDED,    /* > */
	MC_STYLE_BLOCK,     /* block mapping or sequence */
	MC_STYLE_FLOW,      /* { } or [ ] */
} mc_node_style;

typedef struct mc_node mc_node;

typedef struct {
	mc_node *key;   /* always a scalar; its text is the key */
	mc_node *value;
} mc_pair;

struct mc_node {
	/* Fields ordered, and counts in 32 bits, so that a node takes 88 bytes, not 104: a
	 * spec of 1,000 services has about 100,000 of them, and every template instance
	 * copies its template's (spans are 32-bit offsets, so no text is longer). */
	mc_node_kind kind;
	mc_node_style style;
	mc_span span;       /* the node's text; a quoted scalar's span includes the quotes */
	uint32_t text_len;  /* scalars: length of text (a NUL inside is possible) */
	mc_span alias_span; /* where the alias `*name` that first reached this node stands, if any */
	uint32_t nitems;    /* MC_NODE_SEQ: items */
	uint32_t npairs;    /* MC_NODE_MAP: pairs */
	const char *text;   /* scalars: the decoded value, NUL-terminated; NULL otherwise */
	union {
		bool b;         /* MC_NODE_BOOL */
		int64_t i;      /* MC_NODE_INT */
		double f;       /* MC_NODE_FLOAT */
	} as;
	mc_node **items;    /* MC_NODE_SEQ */
	mc_pair *pairs;     /* MC_NODE_MAP, in source order */
	const char *anchor; /* `&name` on this node, or NULL */
};

/* Looks a key up in a mapping (linear; mappings in specs are small). NULL if absent. */
mc_pair *mc_node_get_pair(const mc_node *map, const char *key);
mc_node *mc_node_get(const mc_node *map, const char *key);

/*
 * The span of text[off, off+len) of a scalar inside the file, so a caret can point at `four`
 * in "> 80% four 15m". Exact for plain and quoted scalars on one line whose source text is
 * the value itself (no escapes, no folding); otherwise the whole scalar's span, which is
 * still the right place, only less precise.
 */
mc_span mc_node_text_span(const mc_node *scalar, const mc_sources *srcs, size_t off, size_t len);

/* "mapping", "list", "string", "integer", "number", "boolean", "null": for messages. */
const char *mc_node_kind_name(mc_node_kind kind);

#endif
