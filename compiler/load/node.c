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
