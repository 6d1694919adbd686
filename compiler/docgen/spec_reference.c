/*
 * The spec reference (docs/spec-reference.md), from the spec's JSON Schema.
 *
 * Consumes the schema text (schema/moncc.schema.json, JSON Schema 2020-12 as this project
 * writes it: `properties`, `additionalProperties` for maps, `items`, `oneOf`/`anyOf` with a
 * `title` per branch, `$ref` into `$defs`); produces Markdown. Every key gets a heading named
 * by its path (`services.SERVICE.alarms.ALARM.period`; a map's key is the upper-cased title of
 * its values, a list's item is `[]`), its description, and bullets for type, required, default,
 * allowed values, pattern and examples, in schema order (jansson keeps object keys in the
 * order of the text). A `$ref` to an object type is written out where it first appears and
 * linked (`#def-NAME`) from everywhere else; `$ref`s to value types (`duration`, `reference`)
 * link to the "Value types" section at the end, which lists them in order of first use. So
 * the walk is finite even for recursive schemas, and the page is a pure function of the text.
 */
#include "docgen/docgen.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "base/xalloc.h"
#include "docgen/md.h"

typedef struct {
	json_t *defs;     /* the schema's `$defs` (borrowed) */
	json_t *expanded; /* def name -> true, for object types already written out */
	json_t *values;   /* value-type def names in order of first use (array) */
	json_t *paths;    /* paths written, so that branches sharing a key write it once */
	mc_buf *out;
} walk;

/* The def a `$ref` names (`#/$defs/NAME`), or NULL. */
static const char *ref_name(json_t *s)
{
	const char *ref = json_string_value(json_object_get(s, "$ref"));
	return ref && strncmp(ref, "#/$defs/", 8) == 0 ? ref + 8 : NULL;
}

static json_t *deref(const walk *w, json_t *s)
{
	for (int hops = 0; hops < 16; hops++) {
		const char *name = ref_name(s);
		json_t *t = name ? json_object_get(w->defs, name) : NULL;
		if (!t)
			return s;
		s = t;
	}
	return s;
}

/* Does this schema (a def, a branch) have keys of its own to write out? */
static bool has_children(const walk *w, json_t *s, int depth)
{
	if (!json_is_object(s) || depth > 8)
		return false;
	s = deref(w, s);
	if (json_object_size(json_object_get(s, "properties")))
		return true;
	if (json_is_object(json_object_get(s, "additionalProperties")))
		return true;
	json_t *items = json_object_get(s, "items");
	if (items && has_children(w, items, depth + 1))
		return true;
	static const char *const alts[] = {"oneOf", "anyOf"};
	for (size_t k = 0; k < 2; k++) {
		json_t *v = json_object_get(s, alts[k]);
		size_t i;
		json_t *br;
		json_array_foreach(v, i, br)
			if (has_children(w, br, depth + 1))
				return true;
	}
	return false;
}

/* A JSON value as compact text: strings bare, the rest as JSON. */
static void value_text(mc_buf *b, json_t *v)
{
	if (json_is_string(v)) {
		mc_buf_puts(b, json_string_value(v));
		return;
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s)
		mc_buf_puts(b, s);
	free(s);
}

static void value_code(mc_buf *b, json_t *v)
{
	mc_buf t = MC_BUF_INIT;
	value_text(&t, v);
	mc_docmd_code(b, mc_buf_str(&t), false);
	mc_buf_release(&t);
}

/* `services.SERVICE.alarms` -> `services-service-alarms` */
static void anchor_of(mc_buf *b, const char *path)
{
	bool dash = false;
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) || c == '_') {
			if (dash && b->len)
				mc_buf_putc(b, '-');
			dash = false;
			mc_buf_putc(b, (char)tolower(c));
		} else {
			dash = true;
		}
	}
}

static const char *json_type_word(const char *t)
{
	if (strcmp(t, "object") == 0)
		return "mapping";
	if (strcmp(t, "array") == 0)
		return "list";
	return t;
}

static void type_text(walk *w, mc_buf *b, json_t *s, int depth);

/* A link to a def: object types to where they are written out, value types to their entry. */
static void def_link(walk *w, mc_buf *b, const char *name)
{
	json_t *def = json_object_get(w->defs, name);
	const char *title = json_string_value(json_object_get(def, "title"));
	bool object = has_children(w, def, 0);
	mc_buf_printf(b, "[%s](#%s-%s)", title ? title : name, object ? "def" : "type", name);
	if (!object) {
		size_t i;
		json_t *v;
		json_array_foreach(w->values, i, v)
			if (strcmp(json_string_value(v), name) == 0)
				return;
		json_array_append_new(w->values, json_string(name));
	}
}

static void type_text(walk *w, mc_buf *b, json_t *s, int depth)
{
	if (!json_is_object(s) || depth > 6) {
		mc_buf_puts(b, "any");
		return;
	}
	const char *ref = ref_name(s);
	if (ref) {
		def_link(w, b, ref);
		return;
	}
	json_t *c = json_object_get(s, "const");
	if (c) {
		mc_buf_puts(b, "the value ");
		value_code(b, c);
		return;
	}
	json_t *e = json_object_get(s, "enum");
	if (json_is_array(e)) {
		mc_buf_puts(b, "one of ");
		size_t i;
		json_t *v;
		json_array_foreach(e, i, v) {
			if (i)
				mc_buf_puts(b, i + 1 == json_array_size(e) ? " or " : ", ");
			value_code(b, v);
		}
		return;
	}
	static const char *const alts[] = {"oneOf", "anyOf"};
	for (size_t k = 0; k < 2; k++) {
		json_t *v = json_object_get(s, alts[k]);
		if (!json_is_array(v))
			continue;
		size_t i;
		json_t *br;
		json_array_foreach(v, i, br) {
			if (i)
				mc_buf_puts(b, i + 1 == json_array_size(v) ? " or " : ", ");
			type_text(w, b, br, depth + 1);
		}
		return;
	}
	json_t *t = json_object_get(s, "type");
	if (json_is_array(t)) {
		size_t i;
		json_t *v;
		json_array_foreach(t, i, v) {
			if (i)
				mc_buf_puts(b, i + 1 == json_array_size(t) ? " or " : ", ");
			mc_buf_puts(b, json_type_word(json_string_value(v)));
		}
		return;
	}
	const char *ty = json_string_value(t);
	if (!ty) {
		mc_buf_puts(b, "any");
		return;
	}
	if (strcmp(ty, "array") == 0 && json_object_get(s, "items")) {
		mc_buf_puts(b, "list of ");
		type_text(w, b, json_object_get(s, "items"), depth + 1);
		return;
	}
	json_t *addl = json_object_get(s, "additionalProperties");
	if (strcmp(ty, "object") == 0 && json_is_object(addl)) {
		mc_buf_puts(b, "mapping of names to ");
		type_text(w, b, addl, depth + 1);
		return;
	}
	mc_buf_puts(b, json_type_word(ty));
}

/* The facts of a schema as bullets: own keys first, then its def's (a `$ref` target). */
static void facts(walk *w, mc_buf *b, json_t *s, bool required)
{
	json_t *r = deref(w, s);
	mc_buf_puts(b, "- Type: ");
	type_text(w, b, s, 0);
	mc_buf_putc(b, '\n');
	if (required)
		mc_buf_puts(b, "- Required\n");
	json_t *def = json_object_get(s, "default");
	if (!def)
		def = json_object_get(r, "default");
	if (def) {
		mc_buf_puts(b, "- Default: ");
		value_code(b, def);
		mc_buf_putc(b, '\n');
	}
	const char *pattern = json_string_value(json_object_get(s, "pattern"));
	if (pattern) {
		mc_buf_puts(b, "- Pattern: ");
		mc_docmd_code(b, pattern, false);
		mc_buf_putc(b, '\n');
	}
	/* Only the key's own examples: a value type's are on its entry in "Value types". */
	json_t *ex = json_object_get(s, "examples");
	if (json_array_size(ex)) {
		mc_buf_puts(b, "- Examples: ");
		size_t i;
		json_t *v;
		json_array_foreach(ex, i, v) {
			if (i)
				mc_buf_puts(b, ", ");
			value_code(b, v);
		}
		mc_buf_putc(b, '\n');
	}
	/* A list of inline values: what each item is. */
	json_t *items = json_object_get(s, "items");
	if (json_is_object(items) && !ref_name(items) && !has_children(w, items, 0)) {
		const char *d = json_string_value(json_object_get(items, "description"));
		const char *ip = json_string_value(json_object_get(items, "pattern"));
		json_t *iex = json_object_get(items, "examples");
		if (d || ip || json_array_size(iex)) {
			mc_buf_puts(b, "- Each item:");
			if (d) {
				mc_buf_putc(b, ' ');
				mc_docmd_cell(b, d);
			}
			if (ip) {
				mc_buf_puts(b, " Pattern ");
				mc_docmd_code(b, ip, false);
				mc_buf_putc(b, '.');
			}
			size_t i;
			json_t *v;
			json_array_foreach(iex, i, v) {
				mc_buf_puts(b, i ? ", " : " Examples: ");
				value_code(b, v);
			}
			mc_buf_putc(b, '\n');
		}
	}
	/* The branches of a choice, by title (or by their constant); a `$ref`'s own. */
	static const char *const alts[] = {"oneOf", "anyOf"};
	for (size_t k = 0; k < 2; k++) {
		json_t *v = json_object_get(s, alts[k]);
		if (!v)
			v = json_object_get(r, alts[k]);
		if (!json_is_array(v))
			continue;
		mc_buf_puts(b, "- One of:\n");
		size_t i;
		json_t *br;
		json_array_foreach(v, i, br) {
			json_t *rb = deref(w, br);
			const char *title = json_string_value(json_object_get(br, "title"));
			if (!title)
				title = json_string_value(json_object_get(rb, "title"));
			mc_buf_puts(b, "  - ");
			if (title)
				mc_buf_printf(b, "**%s** (", title);
			type_text(w, b, br, 0);
			if (title)
				mc_buf_putc(b, ')');
			const char *d = json_string_value(json_object_get(br, "description"));
			if (!d && !ref_name(br))
				d = json_string_value(json_object_get(rb, "description"));
			if (d) {
				mc_buf_puts(b, ": ");
				mc_docmd_cell(b, d);
			}
			mc_buf_putc(b, '\n');
		}
	}
	mc_buf_putc(b, '\n');
}

static void children(walk *w, const char *path, json_t *s, int depth);

/* One key: heading, anchor, description, facts, then what is inside it. */
static void entry(walk *w, const char *path, json_t *s, bool required, int depth)
{
	mc_buf *b = w->out;
	if (json_object_get(w->paths, path))
		return;
	json_object_set_new(w->paths, path, json_true());
	mc_buf a = MC_BUF_INIT;
	anchor_of(&a, path);
	mc_buf_printf(b, "<a id=\"%s\"></a>\n\n%s ", a.p, depth == 0 ? "##" : "###");
	mc_buf_release(&a);
	mc_docmd_code(b, path, false);
	mc_buf_puts(b, "\n\n");
	const char *d = json_string_value(json_object_get(s, "description"));
	if (!d)
		d = json_string_value(json_object_get(deref(w, s), "description"));
	mc_docmd_paragraphs(b, d);
	facts(w, b, s, required);
	children(w, path, s, depth);
}

/* The name a map's keys stand for in paths: the values' title, upper-cased (`SERVICE`). */
static void map_key_name(const walk *w, mc_buf *b, json_t *values)
{
	const char *title = json_string_value(json_object_get(values, "title"));
	if (!title)
		title = json_string_value(json_object_get(deref(w, values), "title"));
	if (!title) {
		mc_buf_puts(b, "NAME");
		return;
	}
	for (const char *p = title; *p; p++)
		mc_buf_putc(b, isalnum((unsigned char)*p) ? (char)toupper((unsigned char)*p) : '_');
}

static bool in_required(json_t *s, const char *key)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(s, "required"), i, v)
		if (strcmp(json_string_value(v), key) == 0)
			return true;
	return false;
}

static void children(walk *w, const char *path, json_t *s, int depth)
{
	if (depth > 12)
		return;
	const char *ref = ref_name(s);
	if (ref) {
		json_t *def = json_object_get(w->defs, ref);
		if (!has_children(w, def, 0))
			return;
		if (json_object_get(w->expanded, ref)) {
			const char *title = json_string_value(json_object_get(def, "title"));
			mc_buf_printf(w->out, "Its keys are those of [%s](#def-%s).\n\n",
			              title ? title : ref, ref);
			return;
		}
		json_object_set_new(w->expanded, ref, json_true());
		mc_buf_printf(w->out, "<a id=\"def-%s\"></a>\n\n", ref);
		children(w, path, def, depth);
		return;
	}
	mc_buf sub = MC_BUF_INIT;
	json_t *props = json_object_get(s, "properties");
	const char *key;
	json_t *v;
	json_object_foreach(props, key, v) {
		mc_buf_clear(&sub);
		mc_buf_printf(&sub, "%s.%s", path, key);
		entry(w, sub.p, v, in_required(s, key), depth + 1);
	}
	json_t *addl = json_object_get(s, "additionalProperties");
	if (json_is_object(addl)) {
		mc_buf_clear(&sub);
		mc_buf_printf(&sub, "%s.", path);
		map_key_name(w, &sub, addl);
		entry(w, sub.p, addl, false, depth + 1);
	}
	json_t *items = json_object_get(s, "items");
	if (items && has_children(w, items, 0)) {
		mc_buf_clear(&sub);
		mc_buf_printf(&sub, "%s[]", path);
		children(w, sub.p, items, depth + 1);
	}
	static const char *const alts[] = {"oneOf", "anyOf"};
	for (size_t k = 0; k < 2; k++) {
		size_t i;
		json_t *br;
		json_array_foreach(json_object_get(s, alts[k]), i, br)
			children(w, path, br, depth + 1);
	}
	mc_buf_release(&sub);
}

/* The "Value types" section: each value type linked from above, in order of first use. */
static void value_types(walk *w)
{
	mc_buf *b = w->out;
	mc_buf_puts(b, "## Value types\n\nThe kinds of values the keys above take, with their "
	               "exact form.\n\n");
	/* Entries may link to more value types: the array grows while it is read. */
	for (size_t i = 0; i < json_array_size(w->values); i++) {
		const char *name = json_string_value(json_array_get(w->values, i));
		json_t *def = json_object_get(w->defs, name);
		const char *title = json_string_value(json_object_get(def, "title"));
		mc_buf_printf(b, "<a id=\"type-%s\"></a>\n\n### %s\n\n", name, title ? title : name);
		mc_docmd_paragraphs(b, json_string_value(json_object_get(def, "description")));
		facts(w, b, def, false);
	}
}

int mc_docgen_spec_reference(const char *schema, size_t len, const char *source, mc_buf *out,
                             mc_buf *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(schema, len, 0, &jerr);
	if (!json_is_object(root)) {
		mc_buf_printf(err, "the schema %s is not a JSON object: %s (line %d)", source,
		              root ? "another value" : jerr.text, jerr.line);
		json_decref(root);
		return -1;
	}
	walk w = {
		.defs = json_object_get(root, "$defs"),
		.expanded = json_object(),
		.values = json_array(),
		.paths = json_object(),
		.out = out,
	};
	mc_buf_printf(out, "<!-- Generated by `moncc docs` from %s. Do not edit: change the "
	                   "schema and run `moncc docs`. -->\n\n# Spec reference\n\n",
	              source);
	mc_docmd_paragraphs(out, json_string_value(json_object_get(root, "description")));
	mc_buf_puts(out, "Every key of a spec, in the schema's order. `NAME`-like parts of a path "
	                 "(`SERVICE`, `RESOURCE`) are names you choose; `[]` is an item of a list. "
	                 "`moncc schema` prints the schema itself, for editors.\n\n");

	json_t *props = json_object_get(root, "properties");
	static const char *const cols[] = {"Key", "Type", "Required", "Description"};
	for (size_t i = 0; i < 4; i++)
		mc_buf_printf(out, "| %s ", cols[i]);
	mc_buf_puts(out, "|\n|---|---|---|---|\n");
	const char *key;
	json_t *v;
	json_object_foreach(props, key, v) {
		mc_buf a = MC_BUF_INIT, t = MC_BUF_INIT;
		anchor_of(&a, key);
		type_text(&w, &t, v, 0);
		mc_buf_printf(out, "| [`%s`](#%s) | ", key, a.p);
		mc_docmd_cell(out, t.p);
		mc_buf_printf(out, " | %s | ", in_required(root, key) ? "yes" : "no");
		const char *d = json_string_value(json_object_get(v, "description"));
		mc_docmd_cell(out, d ? d : "");
		mc_buf_puts(out, " |\n");
		mc_buf_release(&a);
		mc_buf_release(&t);
	}
	mc_buf_putc(out, '\n');
	json_object_foreach(props, key, v)
		entry(&w, key, v, in_required(root, key), 0);
	value_types(&w);
	while (out->len >= 2 && out->p[out->len - 1] == '\n' && out->p[out->len - 2] == '\n')
		out->p[--out->len] = '\0';
	json_decref(w.expanded);
	json_decref(w.values);
	json_decref(w.paths);
	json_decref(root);
	return 0;
}
