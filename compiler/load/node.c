/* Small accessors over the document tree; see node.h. */
#include "load/node.h"

#include <string.h>

mc_pair *mc_node_get_pair(const mc_node *map, const char *key)
{
	if (!map || map->kind != MC_NODE_MAP)
		return NULL;
	size_t len = strlen(key);
	for (size_t i = 0; i < map->npairs; i++) {
		const mc_node *k = map->pairs[i].key;
		if (k->text_len == len && memcmp(k->text, key, len) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

mc_node *mc_node_get(const mc_node *map, const char *key)
{
	mc_pair *p = mc_node_get_pair(map, key);
	return p ? p->value : NULL;
}

const char *mc_node_kind_name(mc_node_kind kind)
{
	switch (kind) {
	case MC_NODE_NULL: return "null";
	case MC_NODE_BOOL: return "boolean";
	case MC_NODE_INT: return "integer";
	case MC_NODE_FLOAT: return "number";
	case MC_NODE_STRING: return "string";
	case MC_NODE_SEQ: return "list";
	case MC_NODE_MAP: return "mapping";
	}
	return "value";
}

mc_span mc_node_text_span(const mc_node *n, const mc_sources *srcs, size_t off, size_t len)
{
	mc_span whole = n->span;
	const mc_source *src = mc_sources_get(srcs, n->span.file);
	if (!src || !n->text || off > n->text_len || len > n->text_len - off)
		return whole;
	size_t quote = 0;
	if (n->style == MC_STYLE_SINGLE_QUOTED || n->style == MC_STYLE_DOUBLE_QUOTED)
		quote = 1;
	else if (n->style != MC_STYLE_PLAIN)
		return whole;
	size_t srclen = n->span.hi - n->span.lo;
	if (srclen != n->text_len + 2 * quote || n->span.hi > src->len)
		return whole;
	if (memcmp(src->text + n->span.lo + quote, n->text, n->text_len) != 0)
		return whole;
	uint32_t lo = n->span.lo + (uint32_t)(quote + off);
	return (mc_span){n->span.file, lo, lo + (uint32_t)len};
}
