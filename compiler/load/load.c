/*
 * The YAML loader: the bytes of one registered file -> the document tree of node.h.
 *
 * Consumes a file of the source registry and produces its first document as mc_node trees
 * in the arena, plus diagnostics. Steps, top to bottom:
 *   1. encoding: UTF-16/32 (E0003) and invalid UTF-8 (E0002) are refused before libyaml
 *      sees the bytes, since libyaml would decode UTF-16 and its marks would stop matching
 *      the file's bytes;
 *   2. libyaml's event API drives an explicit stack of open collections (never recursion:
 *      nesting beyond max_depth is E0013 before the stack grows past it);
 *   3. each node is counted once as it is built and each alias adds the expanded size of its
 *      target, known when the anchored node closed, so the total is the size of the tree as
 *      a walker sees it; past max_nodes loading stops (E0012) before anything is expanded;
 *   4. mappings check duplicate keys with a hash set once they pass a few keys (100,000 keys
 *      stay linear) and apply `<<` merges when they close, so explicit keys win wherever
 *      they stand.
 * libyaml marks count code points (the BOM excluded); they become byte offsets through a
 * cursor that walks the text from the previous mark, which is linear overall because marks
 * mostly move forward. Pure ASCII files skip the walk.
 */
#include "load/load.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "load/scalar.h"

#define CORE_TAG "tag:yaml.org,2002:"
/* Mappings this small look their keys up linearly; larger ones build a hash table. */
enum { LINEAR_KEYS = 16 };

/* A set of strings with a pointer and a span each; open addressing over entry indices. */
typedef struct {
	const char *s;
	size_t n;
	void *p;
	mc_span at;
} entry;

typedef struct {
	entry *v;
	size_t len, cap;
	uint32_t *slots; /* entry index + 1, 0 = empty; NULL while the set is small */
	size_t nslots;   /* a power of two */
} strmap;

typedef struct {
	const char *name;
	mc_node *node;
	size_t size;   /* expanded node count, once done */
	bool done;     /* the anchored node has closed: aliases to it are not recursive */
} anchor;

/* An open collection. */
typedef struct {
	mc_node *node;
	mc_node **items;
	size_t nitems, citems;
	mc_pair *pairs;
	size_t npairs, cpairs;
	strmap keys;
	bool have_key;        /* the next node is the value of `key` */
	bool skip_value;      /* the key was bad or a duplicate: drop the pair */
	bool merging;         /* the key is `<<` */
	mc_node *key;
	mc_node *merge_key;   /* the first `<<` of this mapping */
	mc_node **merges;     /* mappings to merge, in order */
	size_t nmerges, cmerges;
	size_t merge_at;      /* explicit pairs before the `<<` */
	anchor *anchor;
	size_t count0;        /* node count before this collection */
	uint32_t last_hi;     /* end of the last child, for block collection spans */
} frame;

typedef struct {
	mc_source *src;
	uint32_t file;
	const mc_load_limits *lim;
	mc_arena *arena;  /* texts (scalars' values, messages) */
	mc_arena *tree;   /* the nodes, their item and pair arrays (mc_load_yaml_in) */
	mc_diags *d;
	bool ascii;
	size_t cur_ch, cur_byte; /* mark cursor: code point index -> byte offset */
	frame *stack;
	size_t depth, cap;
	size_t nframes;          /* frames ever used (and initialised) */
	strmap anchors;
	size_t count;            /* nodes after alias expansion so far */
	size_t nundefined;       /* undefined aliases so far */
	mc_node *root;
	bool stop;               /* a limit was hit: give up on the file */
	mc_pair *scratch;        /* merged pairs of the mapping being closed */
	size_t cscratch;
} loader;

/* ---- strmap ---- */

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void strmap_rehash(strmap *m, size_t nslots)
{
	free(m->slots);
	m->slots = mc_xcalloc(nslots, sizeof *m->slots);
	m->nslots = nslots;
	for (size_t i = 0; i < m->len; i++) {
		size_t j = hash(m->v[i].s, m->v[i].n) & (nslots - 1);
		while (m->slots[j])
			j = (j + 1) & (nslots - 1);
		m->slots[j] = (uint32_t)i + 1;
	}
}

static entry *strmap_find(strmap *m, const char *s, size_t n)
{
	if (!m->slots) {
		for (size_t i = 0; i < m->len; i++)
			if (m->v[i].n == n && memcmp(m->v[i].s, s, n) == 0)
				return &m->v[i];
		return NULL;
	}
	for (size_t j = hash(s, n) & (m->nslots - 1); m->slots[j]; j = (j + 1) & (m->nslots - 1)) {
		entry *e = &m->v[m->slots[j] - 1];
		if (e->n == n && memcmp(e->s, s, n) == 0)
			return e;
	}
	return NULL;
}

/* Adds s (not present yet). The entry pointers of earlier finds become invalid. */
static void strmap_add(strmap *m, const char *s, size_t n, void *p, mc_span at)
{
	MC_GROW(m->v, m->cap, m->len + 1);
	m->v[m->len++] = (entry){s, n, p, at};
	if (m->len < LINEAR_KEYS)
		return;
	if (m->len * 2 > m->nslots) {
		strmap_rehash(m, m->nslots ? m->nslots * 2 : 4 * LINEAR_KEYS);
		return;
	}
	size_t j = hash(s, n) & (m->nslots - 1);
	while (m->slots[j])
		j = (j + 1) & (m->nslots - 1);
	m->slots[j] = (uint32_t)m->len;
}

/* Empties the set; the table goes (its size was paid for once), the vector stays. */
static void strmap_clear(strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->nslots = 0;
	m->len = 0;
}

static void strmap_release(strmap *m)
{
	strmap_clear(m);
	free(m->v);
	m->v = NULL;
	m->cap = 0;
}

/* ---- spans ---- */

/* Bytes of the UTF-8 sequence starting with lead byte c (the text is valid UTF-8). */
static size_t seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static uint32_t to_byte(loader *ld, yaml_mark_t m)
{
	const char *t = ld->src->text;
	size_t len = ld->src->len;
	if (ld->ascii) {
		size_t b = ld->src->bom + m.index;
		return (uint32_t)(b < len ? b : len);
	}
	while (ld->cur_ch < m.index && ld->cur_byte < len) {
		ld->cur_byte += seq_len((unsigned char)t[ld->cur_byte]);
		ld->cur_ch++;
	}
	while (ld->cur_ch > m.index && ld->cur_byte > ld->src->bom) {
		do
			ld->cur_byte--;
		while (ld->cur_byte > ld->src->bom &&
		       ((unsigned char)t[ld->cur_byte] & 0xC0) == 0x80);
		ld->cur_ch--;
	}
	return (uint32_t)(ld->cur_byte < len ? ld->cur_byte : len);
}

static mc_span span_of(loader *ld, yaml_mark_t a, yaml_mark_t b)
{
	uint32_t lo = to_byte(ld, a);
	uint32_t hi = to_byte(ld, b);
	return (mc_span){ld->file, lo, hi < lo ? lo : hi};
}

/* A zero-width span becomes one character wide, unless it sits on a line break or the end. */
static mc_span widen(loader *ld, mc_span s)
{
	const char *t = ld->src->text;
	if (s.lo == s.hi && s.lo < ld->src->len && t[s.lo] != '\n' && t[s.lo] != '\r')
		s.hi = s.lo + (uint32_t)seq_len((unsigned char)t[s.lo]);
	if (s.hi > ld->src->len)
		s.hi = (uint32_t)ld->src->len;
	return s;
}

/* ---- words for messages ---- */

/* User text for a message: at most about 40 bytes, cut on a character boundary. */
static const char *shown(loader *ld, const char *s, size_t n)
{
	if (n <= 40)
		return mc_arena_strndup(ld->arena, s, n);
	size_t cut = 40;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return mc_arena_printf(ld->arena, "%.*s...", (int)cut, s);
}

static const char *tag_shown(loader *ld, const char *tag)
{
	size_t core = strlen(CORE_TAG);
	if (strncmp(tag, CORE_TAG, core) == 0) {
		const char *name = tag + core;
		return mc_arena_printf(ld->arena, "!!%s", shown(ld, name, strlen(name)));
	}
	return shown(ld, tag, strlen(tag));
}

static const char *a_kind(mc_node_kind k)
{
	switch (k) {
	case MC_NODE_INT: return "an integer";
	case MC_NODE_SEQ: return "a list";
	case MC_NODE_MAP: return "a mapping";
	case MC_NODE_NULL: return "null";
	case MC_NODE_FLOAT: return "a number";
	case MC_NODE_BOOL: return "a boolean";
	case MC_NODE_STRING: return "a string";
	}
	return "a value";
}

/* ---- the tree ---- */

/* The text of the nulls that stand in for bad aliases: already reported, never merged. */
static const char stand_in_text[] = "";

static void stop_at_limit(loader *ld, mc_span at, const char *label)
{
	mc_diag *g = mc_diag_add(ld->d, MC_E0012, at,
	                         "the document expands to more than %zu nodes",
	                         ld->lim->max_nodes);
	mc_diag_label_primary(ld->d, g, "%s", label);
	mc_diag_help(ld->d, g, "moncc expands aliases up to %zu nodes in all; use fewer aliases "
	                       "or smaller anchored values", ld->lim->max_nodes);
	ld->stop = true;
}

/* Counts one node written in the file. */
static bool count_node(loader *ld, mc_span at)
{
	if (++ld->count <= ld->lim->max_nodes)
		return true;
	stop_at_limit(ld, at, "the node limit is crossed here");
	return false;
}

static mc_node *new_node(loader *ld, mc_node_kind kind, mc_span span)
{
	mc_node *n = mc_arena_alloc(ld->tree, sizeof *n);
	n->kind = kind;
	n->span = span;
	return n;
}

static anchor *define_anchor(loader *ld, const char *name, mc_node *node, mc_span at)
{
	anchor *a = mc_arena_alloc(ld->tree, sizeof *a);
	a->name = mc_arena_strdup(ld->arena, name);
	a->node = node;
	node->anchor = a->name;
	/* A later anchor of the same name hides the earlier one (YAML 1.2, 7.1). */
	entry *e = strmap_find(&ld->anchors, a->name, strlen(a->name));
	if (e)
		e->p = a;
	else
		strmap_add(&ld->anchors, a->name, strlen(a->name), a, at);
	return a;
}

static void bad_merge(loader *ld, const mc_node *v, mc_span at)
{
	mc_diag *g = mc_diag_add(ld->d, MC_E0019, at,
	                         "merge key `<<` needs a mapping or a list of mappings");
	mc_diag_label_primary(ld->d, g, "expected a mapping, found %s", a_kind(v->kind));
	mc_diag_help(ld->d, g, "write `<<: *name` where `&name` marks a mapping");
}

static void add_merge_source(loader *ld, frame *fr, mc_node *v, mc_span at)
{
	if (v->text == stand_in_text)
		return;
	if (v->kind == MC_NODE_MAP) {
		MC_GROW(fr->merges, fr->cmerges, fr->nmerges + 1);
		fr->merges[fr->nmerges++] = v;
		return;
	}
	if (v->kind == MC_NODE_SEQ) {
		for (size_t i = 0; i < v->nitems; i++) {
			mc_node *item = v->items[i];
			if (item->text == stand_in_text)
				continue;
			if (item->kind == MC_NODE_MAP) {
				MC_GROW(fr->merges, fr->cmerges, fr->nmerges + 1);
				fr->merges[fr->nmerges++] = item;
			} else {
				bad_merge(ld, item, item->alias_span.file ? item->alias_span
				                                           : item->span);
			}
		}
		return;
	}
	bad_merge(ld, v, at);
}

static void duplicate_key(loader *ld, const mc_node *key, mc_span at, mc_span first)
{
	mc_diag *g = mc_diag_add(ld->d, MC_E0011, at, "duplicate key `%s`",
	                         shown(ld, key->text, key->text_len));
	mc_diag_label_primary(ld->d, g, "defined again here");
	mc_diag_label(ld->d, g, first, "first defined here");
	mc_diag_help(ld->d, g, "remove one of the two, or rename one");
}

/* Takes a finished node into the open collection (or as the root). `at` is where it stands
 * in the file: the alias, for a node reached through one. */
static void attach(loader *ld, mc_node *n, mc_span at, bool merge_key)
{
	if (ld->depth == 0) {
		if (!ld->root)
			ld->root = n;
		return;
	}
	frame *fr = &ld->stack[ld->depth - 1];
	if (at.hi > fr->last_hi)
		fr->last_hi = at.hi;
	if (fr->node->kind == MC_NODE_SEQ) {
		MC_GROW(fr->items, fr->citems, fr->nitems + 1);
		fr->items[fr->nitems++] = n;
		return;
	}
	if (fr->have_key) {
		fr->have_key = false;
		if (fr->merging) {
			add_merge_source(ld, fr, n, at);
		} else if (!fr->skip_value) {
			MC_GROW(fr->pairs, fr->cpairs, fr->npairs + 1);
			fr->pairs[fr->npairs++] = (mc_pair){fr->key, n};
		}
		return;
	}
	fr->have_key = true;
	fr->skip_value = false;
	fr->merging = false;
	fr->key = n;
	if (n->text == stand_in_text) {
		fr->skip_value = true;
	} else if (n->kind == MC_NODE_SEQ || n->kind == MC_NODE_MAP) {
		mc_diag *g = mc_diag_add(ld->d, MC_E0016, at,
		                         "mapping key is %s, not a plain value", a_kind(n->kind));
		mc_diag_label_primary(ld->d, g, "expected a string");
		mc_diag_help(ld->d, g, "keys in a spec are names; write the key as text");
		fr->skip_value = true;
	} else if (merge_key && fr->merge_key) {
		duplicate_key(ld, n, at, fr->merge_key->span);
		fr->skip_value = true;
	} else if (merge_key) {
		fr->merge_key = n;
		fr->merging = true;
		fr->merge_at = fr->npairs;
	} else {
		entry *e = strmap_find(&fr->keys, n->text, n->text_len);
		if (e) {
			duplicate_key(ld, n, at, e->at);
			fr->skip_value = true;
		} else {
			strmap_add(&fr->keys, n->text, n->text_len, n, at);
		}
	}
}

/* Closes a mapping: merged pairs go where the `<<` stood, minus keys already present. */
static void finish_map(loader *ld, frame *fr)
{
	size_t nmerged = 0;
	for (size_t m = 0; m < fr->nmerges; m++) {
		const mc_node *src = fr->merges[m];
		for (size_t i = 0; i < src->npairs; i++) {
			const mc_pair *p = &src->pairs[i];
			if (strmap_find(&fr->keys, p->key->text, p->key->text_len))
				continue;
			strmap_add(&fr->keys, p->key->text, p->key->text_len, p->key, p->key->span);
			MC_GROW(ld->scratch, ld->cscratch, nmerged + 1);
			ld->scratch[nmerged++] = *p;
		}
	}
	size_t n = fr->npairs + nmerged;
	if (n == 0)
		return;
	mc_pair *pairs = mc_arena_alloc(ld->tree, n * sizeof *pairs);
	size_t at = nmerged ? fr->merge_at : fr->npairs;
	/* memcpy from a NULL vector is undefined even for 0 bytes, hence the guards. */
	if (at)
		memcpy(pairs, fr->pairs, at * sizeof *pairs);
	if (nmerged)
		memcpy(pairs + at, ld->scratch, nmerged * sizeof *pairs);
	if (fr->npairs > at)
		memcpy(pairs + at + nmerged, fr->pairs + at, (fr->npairs - at) * sizeof *pairs);
	fr->node->pairs = pairs;
	fr->node->npairs = n;
}

/* ---- events ---- */

static bool is_core_tag(const char *tag, const char *name)
{
	size_t core = strlen(CORE_TAG);
	return strncmp(tag, CORE_TAG, core) == 0 && strcmp(tag + core, name) == 0;
}

static void unsupported_tag(loader *ld, mc_span at, const char *tag, const char *why)
{
	mc_diag *g = mc_diag_add(ld->d, MC_E0017, at, "unsupported tag `%s`", tag_shown(ld, tag));
	if (why)
		mc_diag_label_primary(ld->d, g, "%s", why);
	mc_diag_help(ld->d, g, "moncc reads plain YAML data: remove the tag (the tags it knows "
	                       "are !!str, !!int, !!float, !!bool, !!null, !!map and !!seq)");
}

static void out_of_range(loader *ld, const mc_node *n)
{
	mc_diag *g = mc_diag_add(ld->d, MC_E0018, n->span, "number `%s` is out of range",
	                         shown(ld, n->text, n->text_len));
	mc_diag_label_primary(ld->d, g, "integers must fit in 64 bits and numbers in a double");
	mc_diag_help(ld->d, g, "quote it if it is meant as text");
}

/* Types a scalar by its tag; a wrong fit is reported and leaves a string. */
static void type_tagged(loader *ld, mc_node *n, const char *tag)
{
	static const struct {
		const char *name;
		mc_node_kind kind;
		const char *what;
	} tags[] = {
		{"str", MC_NODE_STRING, "a string"}, {"int", MC_NODE_INT, "an integer"},
		{"float", MC_NODE_FLOAT, "a number"}, {"bool", MC_NODE_BOOL, "a boolean"},
		{"null", MC_NODE_NULL, "null"}, {"map", MC_NODE_MAP, "a mapping"},
		{"seq", MC_NODE_SEQ, "a list"},
	};
	if (strcmp(tag, "!") == 0) /* the non-specific tag: a string, as if quoted */
		return;
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		if (!is_core_tag(tag, tags[i].name))
			continue;
		mc_scalar_status st = mc_scalar_as(n, tags[i].kind);
		if (st == MC_SCALAR_RANGE) {
			out_of_range(ld, n);
		} else if (st == MC_SCALAR_MISMATCH) {
			const char *why = mc_arena_printf(ld->arena, "`%s` is not %s",
			                                  shown(ld, n->text, n->text_len),
			                                  tags[i].what);
			unsupported_tag(ld, n->span, tag, why);
		}
		return;
	}
	unsupported_tag(ld, n->span, tag, "moncc does not know this tag");
}

static void on_scalar(loader *ld, const yaml_event_t *ev)
{
	mc_span span = span_of(ld, ev->start_mark, ev->end_mark);
	if (!count_node(ld, span))
		return;
	mc_node *n = new_node(ld, MC_NODE_STRING, span);
	n->text = mc_arena_strndup(ld->arena, (const char *)ev->data.scalar.value,
	                           ev->data.scalar.length);
	n->text_len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
	             ev->data.scalar.style == YAML_ANY_SCALAR_STYLE;
	switch (ev->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = MC_STYLE_SINGLE_QUOTED; break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = MC_STYLE_DOUBLE_QUOTED; break;
	case YAML_LITERAL_SCALAR_STYLE: n->style = MC_STYLE_LITERAL; break;
	case YAML_FOLDED_SCALAR_STYLE: n->style = MC_STYLE_FOLDED; break;
	default: n->style = MC_STYLE_PLAIN; break;
	}
	if (tag)
		type_tagged(ld, n, tag);
	else if (plain && mc_scalar_resolve(n) == MC_SCALAR_RANGE)
		out_of_range(ld, n);
	if (ev->data.scalar.anchor) {
		anchor *a = define_anchor(ld, (const char *)ev->data.scalar.anchor, n, span);
		a->size = 1;
		a->done = true;
	}
	bool merge_key = !tag && plain && n->text_len == 2 && memcmp(n->text, "<<", 2) == 0;
	attach(ld, n, span, merge_key);
}

static void on_alias(loader *ld, const yaml_event_t *ev)
{
	mc_span at = span_of(ld, ev->start_mark, ev->end_mark);
	const char *name = (const char *)ev->data.alias.anchor;
	entry *e = strmap_find(&ld->anchors, name, strlen(name));
	anchor *a = e ? e->p : NULL;
	if (!a || !a->done) {
		const char *nm = shown(ld, name, strlen(name));
		mc_diag *g;
		if (!a) {
			g = mc_diag_add(ld->d, MC_E0020, at, "undefined alias `*%s`", nm);
			mc_diag_label_primary(ld->d, g, "no anchor `&%s` before this", nm);
			/* Suggestions cost a pass over the anchors: only for the first few, so
			 * a file of many bad aliases and many anchors stays linear. */
			const char *near = NULL;
			if (ld->nundefined++ < 8) {
				size_t na = ld->anchors.len;
				const char **names = mc_arena_alloc(ld->arena, (na + 1) * sizeof *names);
				for (size_t i = 0; i < na; i++)
					names[i] = ((anchor *)ld->anchors.v[i].p)->name;
				near = mc_did_you_mean(name, names, na);
			}
			if (near)
				mc_diag_help(ld->d, g, "did you mean `*%s`?", near);
			else
				mc_diag_help(ld->d, g, "an alias `*name` repeats a node marked "
				                       "`&name` earlier in the file");
		} else {
			g = mc_diag_add(ld->d, MC_E0020, at,
			                "alias `*%s` is inside the node it names", nm);
			mc_diag_label_primary(ld->d, g, "this would make the document infinite");
			mc_diag_label(ld->d, g, a->node->span, "`&%s` is defined here", nm);
		}
		if (!count_node(ld, at))
			return;
		mc_node *n = new_node(ld, MC_NODE_NULL, at);
		n->text = stand_in_text;
		attach(ld, n, at, false);
		return;
	}
	if (a->size > ld->lim->max_nodes - ld->count) {
		ld->count = ld->lim->max_nodes + 1;
		stop_at_limit(ld, at, mc_arena_printf(ld->arena, "this alias expands to %zu nodes",
		                                      a->size));
		return;
	}
	ld->count += a->size;
	if (!a->node->alias_span.file)
		a->node->alias_span = at;
	attach(ld, a->node, at, false);
}

static void on_start(loader *ld, const yaml_event_t *ev, bool map)
{
	mc_span head = span_of(ld, ev->start_mark, ev->end_mark);
	if (ld->depth >= ld->lim->max_depth) {
		mc_diag *g = mc_diag_add(ld->d, MC_E0013, widen(ld, head),
		                         "collections are nested more than %zu deep",
		                         ld->lim->max_depth);
		mc_diag_label_primary(ld->d, g, "this %s is at depth %zu", map ? "mapping" : "list",
		                      ld->depth + 1);
		mc_diag_help(ld->d, g, "moncc accepts at most %zu nested lists and mappings",
		             ld->lim->max_depth);
		ld->stop = true;
		return;
	}
	if (!count_node(ld, widen(ld, head)))
		return;
	mc_node *n = new_node(ld, map ? MC_NODE_MAP : MC_NODE_SEQ, head);
	const char *tag;
	const char *name;
	if (map) {
		tag = (const char *)ev->data.mapping_start.tag;
		name = (const char *)ev->data.mapping_start.anchor;
		bool flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
		n->style = flow ? MC_STYLE_FLOW : MC_STYLE_BLOCK;
	} else {
		tag = (const char *)ev->data.sequence_start.tag;
		name = (const char *)ev->data.sequence_start.anchor;
		bool flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
		n->style = flow ? MC_STYLE_FLOW : MC_STYLE_BLOCK;
	}
	if (tag && strcmp(tag, "!") != 0 && !is_core_tag(tag, map ? "map" : "seq")) {
		const char *why = "moncc does not know this tag";
		if (is_core_tag(tag, map ? "seq" : "map"))
			why = map ? "this is a mapping, not a list"
			          : "this is a list, not a mapping";
		else if (strncmp(tag, CORE_TAG, strlen(CORE_TAG)) == 0)
			why = map ? "this is a mapping" : "this is a list";
		unsupported_tag(ld, widen(ld, head), tag, why);
	}
	MC_GROW(ld->stack, ld->cap, ld->depth + 1);
	if (ld->depth == ld->nframes)
		memset(&ld->stack[ld->nframes++], 0, sizeof *ld->stack);
	frame *fr = &ld->stack[ld->depth++];
	fr->node = n;
	fr->nitems = fr->npairs = fr->nmerges = 0;
	strmap_clear(&fr->keys);
	fr->have_key = fr->skip_value = fr->merging = false;
	fr->key = fr->merge_key = NULL;
	fr->merge_at = 0;
	fr->count0 = ld->count - 1;
	fr->last_hi = head.hi;
	fr->anchor = name ? define_anchor(ld, name, n, head) : NULL;
}

static void on_end(loader *ld, const yaml_event_t *ev)
{
	frame *fr = &ld->stack[ld->depth - 1];
	mc_node *n = fr->node;
	if (n->kind == MC_NODE_MAP) {
		finish_map(ld, fr);
	} else if (fr->nitems) {
		n->items = mc_arena_memdup(ld->tree, fr->items, fr->nitems * sizeof *fr->items);
		n->nitems = fr->nitems;
	}
	/* A flow collection ends at its bracket; a block one ends where libyaml sees the next
	 * token (after comments and blank lines), so it ends at its last child instead. */
	if (n->style == MC_STYLE_FLOW)
		n->span.hi = span_of(ld, ev->end_mark, ev->end_mark).hi;
	else
		n->span.hi = fr->last_hi;
	if (n->span.hi < n->span.lo)
		n->span.hi = n->span.lo;
	if (fr->anchor) {
		fr->anchor->size = ld->count - fr->count0;
		fr->anchor->done = true;
	}
	strmap_clear(&fr->keys);
	ld->depth--;
	attach(ld, n, n->span, false);
}

/* ---- errors from libyaml ---- */

static const char *lower_first(loader *ld, const char *s)
{
	char *t = mc_arena_strdup(ld->arena, s);
	if (t[0] >= 'A' && t[0] <= 'Z')
		t[0] = (char)(t[0] - 'A' + 'a');
	return t;
}

/* Whether the line holding byte `at` has a tab before its first other character. */
static bool tab_in_indent(loader *ld, uint32_t at)
{
	const char *t = ld->src->text;
	uint32_t lo = at;
	while (lo > ld->src->bom && t[lo - 1] != '\n' && t[lo - 1] != '\r')
		lo--;
	for (uint32_t i = lo; i < ld->src->len && (t[i] == ' ' || t[i] == '\t'); i++)
		if (t[i] == '\t')
			return true;
	return false;
}

static void syntax_error(loader *ld, const yaml_parser_t *p)
{
	mc_diags *d = ld->d;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	if (p->error == YAML_MEMORY_ERROR) {
		mc_diag_add(d, MC_E0010, MC_NO_SPAN, "out of memory while parsing YAML");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		/* Reader errors carry a byte offset, not a mark. After our UTF-8 check only
		 * characters YAML forbids (control characters, U+FFFE) are left. */
		uint32_t at = (uint32_t)(p->problem_offset < ld->src->len ? p->problem_offset
		                                                          : ld->src->len);
		mc_span s = widen(ld, (mc_span){ld->file, at, at});
		mc_diag *g;
		if (p->problem_value >= 0)
			g = mc_diag_add(d, MC_E0010, s, "character U+%04X is not allowed in YAML",
			                (unsigned)p->problem_value);
		else
			g = mc_diag_add(d, MC_E0010, s, "%s", lower_first(ld, problem));
		mc_diag_label_primary(d, g, "%s", lower_first(ld, problem));
		mc_diag_help(d, g, "remove it, or write it as an escape such as `\\u0001` inside a "
		                   "double-quoted string");
		return;
	}
	mc_span s = widen(ld, span_of(ld, p->problem_mark, p->problem_mark));
	mc_diag *g = mc_diag_add(d, MC_E0010, s, "%s", lower_first(ld, problem));
	if (p->context) {
		mc_span c = widen(ld, span_of(ld, p->context_mark, p->context_mark));
		if (c.lo != s.lo)
			mc_diag_label(d, g, c, "%s", lower_first(ld, p->context));
	}
	const char *t = ld->src->text;
	if ((s.lo < ld->src->len && t[s.lo] == '\t') || tab_in_indent(ld, s.lo))
		mc_diag_help(d, g, "YAML does not allow tabs for indentation; use spaces");
	else if (strstr(problem, "mapping values are not allowed"))
		mc_diag_help(d, g, "put the value in quotes if it contains `: `, or check the "
		                   "indentation of this line");
	else if (strstr(problem, "did not find expected key"))
		mc_diag_help(d, g, "check the indentation: keys of one mapping must start in the "
		                   "same column");
	else if (strstr(problem, "cannot start any token") && s.lo < ld->src->len &&
	         (t[s.lo] == '@' || t[s.lo] == '`'))
		mc_diag_help(d, g, "a value that starts with `%c` must be quoted", t[s.lo]);
	else if (p->context && strstr(p->context, "quoted scalar"))
		mc_diag_help(d, g, "close the quoted string, or escape the quote inside it");
}

/* ---- encoding ---- */

static bool check_encoding(loader *ld)
{
	const unsigned char *u = (const unsigned char *)ld->src->text;
	size_t len = ld->src->len;
	const char *enc = NULL;
	uint32_t n = 0;
	bool bom = true;
	if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF)
		enc = "UTF-32 (big-endian)", n = 4;
	else if (len >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0)
		enc = "UTF-32 (little-endian)", n = 4;
	else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		enc = "UTF-16 (big-endian)", n = 2;
	else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		enc = "UTF-16 (little-endian)", n = 2;
	/* Without a BOM, the zero bytes of an ASCII first character give it away (YAML 1.2,
	 * 5.2); a UTF-8 YAML file never starts with a NUL byte or has one second. */
	else if (len >= 4 && !u[0] && !u[1] && !u[2] && u[3])
		enc = "UTF-32 (big-endian)", n = 4, bom = false;
	else if (len >= 4 && u[0] && !u[1] && !u[2] && !u[3])
		enc = "UTF-32 (little-endian)", n = 4, bom = false;
	else if (len >= 2 && !u[0] && u[1])
		enc = "UTF-16 (big-endian)", n = 2, bom = false;
	else if (len >= 2 && u[0] && !u[1])
		enc = "UTF-16 (little-endian)", n = 2, bom = false;
	if (enc) {
		mc_diag *g = mc_diag_add(ld->d, MC_E0003, (mc_span){ld->file, 0, n},
		                         "input is %s, not UTF-8", enc);
		mc_diag_label_primary(ld->d, g, bom ? "this byte order mark says %s"
		                                    : "these bytes look like %s", enc);
		mc_diag_help(ld->d, g, "save the file as UTF-8");
		return false;
	}
	size_t bad = mc_utf8_invalid_at(ld->src->text, len);
	if (bad < len) {
		mc_diag *g = mc_diag_add(ld->d, MC_E0002, (mc_span){ld->file, (uint32_t)bad,
		                                                    (uint32_t)bad + 1},
		                         "input is not valid UTF-8");
		mc_diag_label_primary(ld->d, g, "byte 0x%02X is not valid UTF-8 here", u[bad]);
		mc_diag_help(ld->d, g, "save the file as UTF-8");
		return false;
	}
	ld->ascii = true;
	for (size_t i = ld->src->bom; i < len; i++) {
		if (u[i] >= 0x80) {
			ld->ascii = false;
			break;
		}
	}
	return true;
}

/* ---- driver ---- */

static void empty_spec(loader *ld, mc_span at)
{
	mc_diag *g = mc_diag_add(ld->d, MC_E0015, at, "the spec is empty");
	mc_diag_help(ld->d, g, "a spec starts with `moncc: 1`");
}

static void release(loader *ld)
{
	for (size_t i = 0; i < ld->nframes; i++) {
		frame *fr = &ld->stack[i];
		free(fr->items);
		free(fr->pairs);
		free(fr->merges);
		strmap_release(&fr->keys);
	}
	free(ld->stack);
	free(ld->scratch);
	strmap_release(&ld->anchors);
}

mc_node *mc_load_yaml(mc_sources *srcs, uint32_t file, const mc_load_limits *lim,
                      mc_arena *arena, mc_diags *d)
{
	return mc_load_yaml_in(srcs, file, lim, arena, arena, d);
}

mc_node *mc_load_yaml_in(mc_sources *srcs, uint32_t file, const mc_load_limits *lim,
                         mc_arena *arena, mc_arena *tree, mc_diags *d)
{
	mc_load_limits def;
	if (!lim) {
		mc_load_limits_default(&def);
		lim = &def;
	}
	mc_source *src = mc_sources_get(srcs, file);
	if (!src)
		MC_BUG("mc_load_yaml: unknown file id %u", (unsigned)file);
	if (src->len > lim->max_file_size || src->len >= UINT32_MAX) {
		mc_diag_add(d, MC_E0004, MC_NO_SPAN,
		            "`%s` is too large: %zu bytes, the limit is %zu bytes", src->path,
		            src->len, lim->max_file_size);
		return NULL;
	}
	loader ld = {0};
	ld.src = src;
	ld.file = file;
	ld.lim = lim;
	ld.arena = arena;
	ld.tree = tree;
	ld.d = d;
	ld.cur_byte = src->bom;
	if (!check_encoding(&ld))
		return NULL;

	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		MC_BUG("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&p, (const unsigned char *)src->text, src->len);
	mc_node *result = NULL;
	bool failed = false, done = false;
	size_t ndocs = 0;
	while (!done && !ld.stop) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(&ld, &p);
			failed = true;
			break;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				mc_span s = span_of(&ld, ev.start_mark, ev.end_mark);
				mc_diag *g = mc_diag_add(
				    d, MC_E0014, widen(&ld, s),
				    "the file has more than one YAML document");
				mc_diag_label_primary(d, g, "a second document starts here");
				mc_diag_help(d, g, "moncc reads one document per file: remove this "
				                   "`---` or move what follows into its own file");
				done = true;
			}
			break;
		case YAML_SCALAR_EVENT: on_scalar(&ld, &ev); break;
		case YAML_ALIAS_EVENT: on_alias(&ld, &ev); break;
		case YAML_SEQUENCE_START_EVENT: on_start(&ld, &ev, false); break;
		case YAML_MAPPING_START_EVENT: on_start(&ld, &ev, true); break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: on_end(&ld, &ev); break;
		case YAML_STREAM_END_EVENT: done = true; break;
		default: break;
		}
		yaml_event_delete(&ev);
	}
	if (failed || ld.stop)
		goto out;
	if (!ld.root) {
		empty_spec(&ld, (mc_span){file, (uint32_t)src->bom, (uint32_t)src->bom});
		goto out;
	}
	if (ld.root->kind == MC_NODE_NULL) {
		empty_spec(&ld, ld.root->span);
		goto out;
	}
	result = ld.root;
out:
	yaml_parser_delete(&p);
	release(&ld);
	return result;
}

mc_node *mc_load_yaml_buffer(mc_sources *srcs, const char *path, const char *bytes, size_t len,
                             const mc_load_limits *lim, mc_arena *arena, mc_diags *d)
{
	char *text = mc_xmalloc(len + 1);
	if (len)
		memcpy(text, bytes, len);
	text[len] = '\0';
	uint32_t file = mc_sources_add(srcs, path, text, len);
	return mc_load_yaml(srcs, file, lim, arena, d);
}
