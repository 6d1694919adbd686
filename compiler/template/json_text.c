/* Compact JSON text of a document subtree; see json_text.h. */
#include "template/json_text.h"

#include <inttypes.h>
#include <math.h>

#include "base/buf.h"

static void string(mc_buf *b, const char *s, size_t len)
{
	mc_buf_putc(b, '"');
	mc_buf_json_escape(b, s, len);
	mc_buf_putc(b, '"');
}

static void put(mc_buf *b, const mc_node *n)
{
	switch (n->kind) {
	case MC_NODE_NULL: mc_buf_puts(b, "null"); break;
	case MC_NODE_BOOL: mc_buf_puts(b, n->as.b ? "true" : "false"); break;
	case MC_NODE_INT: mc_buf_printf(b, "%" PRId64, n->as.i); break;
	case MC_NODE_FLOAT:
		if (isfinite(n->as.f))
			mc_buf_double(b, n->as.f);
		else
			mc_buf_puts(b, "null");
		break;
	case MC_NODE_STRING: string(b, n->text, n->text_len); break;
	case MC_NODE_SEQ:
		mc_buf_putc(b, '[');
		for (size_t i = 0; i < n->nitems; i++) {
			if (i)
				mc_buf_putc(b, ',');
			put(b, n->items[i]);
		}
		mc_buf_putc(b, ']');
		break;
	case MC_NODE_MAP:
		mc_buf_putc(b, '{');
		for (size_t i = 0; i < n->npairs; i++) {
			if (i)
				mc_buf_putc(b, ',');
			string(b, n->pairs[i].key->text, n->pairs[i].key->text_len);
			mc_buf_putc(b, ':');
			put(b, n->pairs[i].value);
		}
		mc_buf_putc(b, '}');
		break;
	}
}

const char *mc_tjson_compact(const mc_node *n, mc_arena *arena)
{
	mc_buf b = MC_BUF_INIT;
	put(&b, n);
	const char *s = mc_arena_strndup(arena, mc_buf_str(&b), b.len);
	mc_buf_release(&b);
	return s;
}
