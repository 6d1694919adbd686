/*
 * `${name}` substitution; see subst.h.
 *
 * Consumes text and a look-up, produces substituted text in the arena. The scanner is the one
 * place that knows the syntax: `$${` is an escaped `${`, `${name}` a use, and any other `${`
 * malformed; a `$` not followed by `{` is an ordinary character.
 */
#include "template/subst.h"

#include <string.h>

#include "base/buf.h"

static bool name_char(char c, bool first)
{
	if (c >= 'a' && c <= 'z')
		return true;
	return !first && ((c >= '0' && c <= '9') || c == '_');
}

/* Length of the well-formed name at s (0 if none), which must be followed by `}`. */
static size_t name_len(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && name_char(s[n], n == 0))
		n++;
	return n < len && s[n] == '}' ? n : 0;
}

void mc_tsubst_visit(const char *s, size_t len, mc_tsubst_visit_fn fn, void *ctx)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '$')
			continue;
		if (i + 2 < len && s[i + 1] == '$' && s[i + 2] == '{') {
			i += 2;
			continue;
		}
		if (i + 1 >= len || s[i + 1] != '{')
			continue;
		size_t n = name_len(s + i + 2, len - i - 2);
		if (n) {
			fn(ctx, i, n + 3, s + i + 2, n, false);
			i += n + 2;
			continue;
		}
		/* Malformed: mark up to the next `}` (or the end), so the caret covers
		 * the attempt. */
		const char *close = memchr(s + i + 2, '}', len - i - 2);
		size_t end = close ? (size_t)(close - s) + 1 : len;
		fn(ctx, i, end - i, s + i + 2, 0, true);
		i = end - 1;
	}
}

bool mc_tsubst_has_vars(const char *s, size_t len)
{
	/* memchr: every string of every template instance passes here, runbooks of a few KB
	 * among them, and most hold no `$` at all. */
	const char *end = s + len;
	for (const char *p = s; len >= 2 && (p = memchr(p, '$', (size_t)(end - 1 - p)));
	     p++)
		if (p[1] == '{' || p[1] == '$')
			return true;
	return false;
}

typedef struct {
	mc_tsubst_lookup fn;
	void *ctx;
	bool kept;
} prescan;

static void prescan_one(void *ctx, size_t off, size_t len, const char *name, size_t namelen,
                        bool malformed)
{
	prescan *p = ctx;
	mc_tsubst_value v = {0};
	(void)off;
	(void)len;
	if (!malformed && !p->fn(p->ctx, name, namelen, &v))
		p->kept = true;
}

char *mc_tsubst_string(const char *s, size_t len, mc_tsubst_lookup fn, void *ctx, mc_arena *arena,
                       bool *kept)
{
	prescan p = {fn, ctx, false};
	mc_tsubst_visit(s, len, prescan_one, &p);
	if (kept)
		*kept = p.kept;

	mc_buf b = MC_BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '$' && i + 2 < len && s[i + 1] == '$' && s[i + 2] == '{') {
			/* Escapes stay escaped while a later pass still has to run. */
			mc_buf_puts(&b, p.kept ? "$${" : "${");
			i += 2;
			continue;
		}
		size_t n = 0;
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{')
			n = name_len(s + i + 2, len - i - 2);
		if (!n) {
			mc_buf_putc(&b, s[i]);
			continue;
		}
		mc_tsubst_value v = {0};
		if (fn(ctx, s + i + 2, n, &v) && v.text)
			mc_buf_puts(&b, v.text);
		else
			mc_buf_add(&b, s + i, n + 3);
		i += n + 2;
	}
	char *out = mc_arena_strndup(arena, mc_buf_str(&b), b.len);
	mc_buf_release(&b);
	return out;
}

static mc_node *clone(const mc_node *n, mc_arena *arena)
{
	mc_node *c = mc_arena_alloc(arena, sizeof *c);
	*c = *n;
	return c;
}

/* text: NUL-terminated at len and as long-lived as the arena of texts; shared, not copied. */
static mc_node *string_node(const mc_node *like, const char *text, size_t len, mc_arena *arena)
{
	mc_node *c = clone(like, arena);
	c->kind = MC_NODE_STRING;
	c->text = text;
	c->text_len = (uint32_t)len;
	return c;
}

/* The list to splice for an item that is exactly `${name}` naming a list, or NULL. */
static const mc_node *splice_list(const mc_node *item, mc_tsubst_lookup fn, void *ctx)
{
	if (item->kind != MC_NODE_STRING || item->text_len < 4 || item->text[0] != '$' ||
	    item->text[1] != '{')
		return NULL;
	size_t n = name_len(item->text + 2, item->text_len - 2);
	if (n + 3 != item->text_len)
		return NULL;
	mc_tsubst_value v = {0};
	if (!fn(ctx, item->text + 2, n, &v) || !v.list || v.list->kind != MC_NODE_SEQ)
		return NULL;
	return v.list;
}

const mc_node *mc_tsubst_node(const mc_node *n, mc_tsubst_lookup fn, void *ctx, mc_arena *arena)
{
	return mc_tsubst_node_in(n, fn, ctx, arena, arena);
}

const mc_node *mc_tsubst_node_in(const mc_node *n, mc_tsubst_lookup fn, void *ctx,
                                 mc_arena *text, mc_arena *arena)
{
	if (!n)
		return NULL;
	if (n->kind == MC_NODE_STRING) {
		if (!mc_tsubst_has_vars(n->text, n->text_len))
			return n;
		char *t = mc_tsubst_string(n->text, n->text_len, fn, ctx, text, NULL);
		if (strlen(t) == n->text_len && memcmp(t, n->text, n->text_len) == 0)
			return n;
		return string_node(n, t, strlen(t), arena);
	}
	if (n->kind == MC_NODE_MAP) {
		mc_pair *pairs = NULL;
		for (size_t i = 0; i < n->npairs; i++) {
			const mc_node *v = mc_tsubst_node_in(n->pairs[i].value, fn, ctx, text, arena);
			if (v == n->pairs[i].value)
				continue;
			if (!pairs)
				pairs = mc_arena_memdup(arena, n->pairs, n->npairs * sizeof *pairs);
			pairs[i].value = (mc_node *)v;
		}
		if (!pairs)
			return n;
		mc_node *c = clone(n, arena);
		c->pairs = pairs;
		return c;
	}
	if (n->kind == MC_NODE_SEQ) {
		size_t count = 0;
		bool changed = false;
		for (size_t i = 0; i < n->nitems; i++) {
			const mc_node *list = splice_list(n->items[i], fn, ctx);
			count += list ? list->nitems : 1;
			changed |= list != NULL;
		}
		mc_node **items = mc_arena_alloc(arena, (count ? count : 1) * sizeof *items);
		size_t k = 0;
		for (size_t i = 0; i < n->nitems; i++) {
			const mc_node *item = n->items[i];
			const mc_node *list = splice_list(item, fn, ctx);
			if (list) {
				/* Spliced items keep the template's span: that is where they
				 * appear. */
				for (size_t j = 0; j < list->nitems; j++) {
					const mc_node *e = list->items[j];
					items[k++] = string_node(item, e->text ? e->text : "",
					                         e->text ? e->text_len : 0, arena);
				}
				continue;
			}
			const mc_node *s = mc_tsubst_node_in(item, fn, ctx, text, arena);
			changed |= s != item;
			items[k++] = (mc_node *)s;
		}
		if (!changed)
			return n;
		mc_node *c = clone(n, arena);
		c->items = items;
		c->nitems = k;
		return c;
	}
	return n;
}
