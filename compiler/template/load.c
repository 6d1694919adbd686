/*
 * Loading templates: the embedded stdlib and the spec's imports -> a registry of checked
 * templates; see template.h.
 *
 * Each template is parsed by the loader, validated against schema/template.schema.json
 * (compiled once per process, like the spec schema), and checked for template bugs
 * (check.c). The stdlib comes first, in file-name order, then the imports in the order the
 * spec lists them, so "defined twice" always points at the later definition. Imported files
 * are read here rather than by mc_load_read_file, because an unreadable import is the spec's
 * error, reported at the import's line.
 */
#include "template/template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/xalloc.h"
#include "template/check.h"
#include "template/compose.h"
#include "template/param.h"
#include "sema/format.h"

struct mc_templates {
	mc_template **v; /* sorted by kind */
	size_t len;
	const char **kinds; /* the same order, for did-you-mean */
	/* Kinds whose template had errors: their resources are not reported again. */
	const char **broken;
	size_t nbroken, broken_cap;
};

static mc_schema *schema;

const mc_schema *mc_schema_template(void)
{
	if (!schema) {
		const struct mc_embedded_file *f =
		        mc_embedded_find(mc_embedded_schema, "template.schema.json");
		if (!f)
			MC_BUG("template.schema.json is not embedded");
		char *error = NULL;
		schema = mc_schema_compile(f->bytes, f->len, &error);
		if (!schema)
			MC_BUG("the embedded template schema does not compile: %s", error);
	}
	return schema;
}

void mc_schema_template_release(void)
{
	mc_schema_free(schema);
	schema = NULL;
}

static const char *text_of(const mc_node *map, const char *key)
{
	const mc_node *n = mc_node_get(map, key);
	return n && n->kind == MC_NODE_STRING ? n->text : NULL;
}

/* A validated tree -> a checked template, or NULL after reporting. */
static mc_template *from_tree(const mc_node *root, uint32_t file, const char *path,
                              const mc_sources *srcs, mc_arena *arena, mc_diags *d)
{
	unsigned errors0 = d->nerrors;
	mc_validate_with(mc_schema_template(), root, mc_sema_format_check, (void *)srcs, d);
	if (d->nerrors != errors0)
		return NULL;

	mc_template *t = mc_arena_alloc(arena, sizeof *t);
	t->root = root;
	t->file = file;
	t->path = mc_arena_strdup(arena, path);
	t->kind_node = mc_node_get(root, "kind");
	t->kind = t->kind_node->text;
	t->title = text_of(root, "title");
	t->description = text_of(root, "description");
	t->metrics = mc_node_get(root, "metrics");
	t->slis = mc_node_get(root, "slis");
	t->alarms = mc_node_get(root, "alarms");
	t->widgets = mc_node_get(root, "widgets");
	t->events = mc_node_get(root, "events");
	t->log_filters = mc_node_get(root, "log_filters");
	t->queries = mc_node_get(root, "queries");
	t->remediation = mc_node_get(root, "remediation");
	t->resources = mc_node_get(root, "resources");

	int errors = mc_params_read(mc_node_get(root, "parameters"), t->kind, arena, d, &t->params);
	size_t nslis = t->slis ? t->slis->npairs : 0;
	t->sli_params = mc_arena_alloc(arena, (nslis ? nslis : 1) * sizeof *t->sli_params);
	for (size_t i = 0; i < nslis; i++)
		errors += mc_params_read(mc_node_get(t->slis->pairs[i].value, "parameters"),
		                         t->kind, arena, d, &t->sli_params[i]);
	errors += mc_template_check(t, srcs, arena, d);
	if (errors) {
		mc_template_release(t);
		return NULL;
	}
	return t;
}

void mc_template_release(mc_template *t)
{
	if (!t)
		return;
	mc_params_free(&t->params);
	for (size_t i = 0; t->slis && i < t->slis->npairs; i++)
		mc_params_free(&t->sli_params[i]);
}

mc_template *mc_template_load_buffer(mc_sources *srcs, const char *path, const char *bytes,
                                     size_t len, const mc_load_limits *lim, mc_arena *arena,
                                     mc_diags *d)
{
	unsigned errors0 = d->nerrors;
	mc_node *root = mc_load_yaml_buffer(srcs, path, bytes, len, lim, arena, d);
	if (!root || d->nerrors != errors0)
		return NULL;
	return from_tree(root, root->span.file, path, srcs, arena, d);
}

/* Reads a whole file into malloc'd memory, NUL-terminated; -1 with errno set on failure. */
static int read_file(const char *path, size_t max, char **out, size_t *outlen)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	mc_buf b = MC_BUF_INIT;
	char chunk[8192];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		mc_buf_add(&b, chunk, n);
		if (b.len > max) {
			errno = EFBIG;
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		/* Reading a directory fails here on Linux, with EISDIR. */
		if (!errno)
			errno = EIO;
		rc = -1;
	}
	fclose(f);
	if (rc < 0) {
		mc_buf_release(&b);
		return -1;
	}
	*outlen = b.len;
	*out = mc_buf_detach(&b);
	return 0;
}

static void add(mc_templates *ts, size_t *cap, mc_template *t, mc_diags *d)
{
	for (size_t i = 0; i < ts->len; i++) {
		if (strcmp(ts->v[i]->kind, t->kind) != 0)
			continue;
		mc_diag *g = mc_diag_add(d, MC_E0302, t->kind_node->span,
		                         "kind `%s` is defined twice", t->kind);
		mc_diag_label_primary(d, g, "defined again here");
		mc_diag_label(d, g, ts->v[i]->kind_node->span, "first defined here");
		if (ts->v[i]->stdlib)
			mc_diag_help(d, g, "`%s` is a stdlib kind; give your template another name",
			             t->kind);
		mc_template_release(t);
		return;
	}
	MC_GROW(ts->v, *cap, ts->len + 1);
	ts->v[ts->len++] = t;
}

static int by_kind(const void *a, const void *b)
{
	return strcmp((*(mc_template *const *)a)->kind, (*(mc_template *const *)b)->kind);
}

/*
 * dir + "/" + rel, without `.` components (`./templates/q.yaml` -> `templates/q.yaml`), so
 * that diagnostics and GitHub annotations name the file the way the repository does.
 */
static char *join_path(const char *dir, const char *rel)
{
	mc_buf b = MC_BUF_INIT;
	if (dir && *dir && strcmp(dir, ".") != 0 && rel[0] != '/') {
		mc_buf_puts(&b, dir);
		if (dir[strlen(dir) - 1] != '/')
			mc_buf_putc(&b, '/');
	}
	const char *p = rel;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		bool dot = n == 1 && p[0] == '.';
		if (!dot && n > 0) {
			mc_buf_add(&b, p, n);
			if (slash)
				mc_buf_putc(&b, '/');
		} else if (n == 0 && p == rel) {
			mc_buf_putc(&b, '/'); /* an absolute path keeps its root */
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	return mc_buf_detach(&b);
}

/* A file from memory, read as read_file reads one from disk (ENOENT when there is none). */
static int copy_file(const mc_template_bytes *mem, size_t max, char **out, size_t *outlen)
{
	if (!mem) {
		errno = ENOENT;
		return -1;
	}
	if (mem->len > max) {
		errno = EFBIG;
		return -1;
	}
	char *p = mc_xmalloc(mem->len + 1);
	memcpy(p, mem->bytes, mem->len);
	p[mem->len] = '\0';
	*out = p;
	*outlen = mem->len;
	return 0;
}

/* One `imports:` entry: the file at its path, or mem when the caller gives the bytes. */
static void load_import(mc_templates *ts, size_t *cap, mc_sources *srcs, const char *base_dir,
                        const mc_node *item, const mc_template_bytes *mem, bool from_memory,
                        const mc_load_limits *lim, mc_arena *arena, mc_diags *d)
{
	if (item->kind != MC_NODE_STRING)
		return;
	char *path = join_path(base_dir, item->text);
	char *bytes = NULL;
	size_t len = 0;
	errno = 0;
	int rc = from_memory ? copy_file(mem, lim->max_file_size, &bytes, &len)
	                     : read_file(path, lim->max_file_size, &bytes, &len);
	if (rc < 0) {
		mc_diag *g = mc_diag_add(d, MC_E0301, item->span, "cannot read template `%s`: %s",
		                         path, strerror(errno));
		mc_diag_label_primary(d, g, "imported here");
		if (base_dir && *base_dir)
			mc_diag_note(d, g, "imports are relative to the spec's folder, `%s`",
			             base_dir);
		free(path);
		return;
	}
	uint32_t file = mc_sources_add(srcs, path, bytes, len);
	unsigned errors0 = d->nerrors;
	mc_node *root = mc_load_yaml(srcs, file, lim, arena, d);
	mc_template *t = NULL;
	if (root && d->nerrors == errors0)
		t = from_tree(root, file, path, srcs, arena, d);
	free(path);
	if (t) {
		add(ts, cap, t, d);
		return;
	}
	const mc_node *kind = root ? mc_node_get(root, "kind") : NULL;
	if (kind && kind->kind == MC_NODE_STRING) {
		MC_GROW(ts->broken, ts->broken_cap, ts->nbroken + 1);
		ts->broken[ts->nbroken++] = kind->text;
	}
}

/* Links the composed kinds to their sub-kinds, and leaves out those with errors. */
static void link_composed(mc_templates *ts, mc_arena *arena, mc_diags *d)
{
	bool *drop = mc_arena_alloc(arena, ts->len + 1);
	mc_compose_link(ts->v, ts->len, ts->broken, ts->nbroken, arena, d, drop);
	size_t kept = 0;
	for (size_t i = 0; i < ts->len; i++) {
		if (!drop[i]) {
			ts->v[kept++] = ts->v[i];
			continue;
		}
		MC_GROW(ts->broken, ts->broken_cap, ts->nbroken + 1);
		ts->broken[ts->nbroken++] = ts->v[i]->kind;
		mc_template_release(ts->v[i]);
	}
	ts->len = kept;
}

/* The stdlib, then the imports from disk, or from files[] when from_memory. */
static mc_templates *load_all(mc_sources *srcs, const char *base_dir, const mc_node *imports,
                              const mc_template_bytes *files, size_t nfiles, bool from_memory,
                              const mc_load_limits *lim, mc_arena *arena, mc_diags *d)
{
	mc_templates *ts = mc_xcalloc(1, sizeof *ts);
	size_t cap = 0;
	for (const struct mc_embedded_file *f = mc_embedded_stdlib; f->name; f++) {
		char *path = mc_arena_printf(arena, "stdlib/%s", f->name);
		mc_template *t =
		        mc_template_load_buffer(srcs, path, f->bytes, f->len, lim, arena, d);
		if (!t)
			continue;
		t->stdlib = true;
		add(ts, &cap, t, d);
	}
	for (size_t i = 0; imports && imports->kind == MC_NODE_SEQ && i < imports->nitems; i++)
		load_import(ts, &cap, srcs, base_dir, imports->items[i],
		            i < nfiles ? &files[i] : NULL, from_memory, lim, arena, d);
	if (ts->len)
		qsort(ts->v, ts->len, sizeof *ts->v, by_kind);
	link_composed(ts, arena, d);
	ts->kinds = mc_arena_alloc(arena, (ts->len + 1) * sizeof *ts->kinds);
	for (size_t i = 0; i < ts->len; i++)
		ts->kinds[i] = ts->v[i]->kind;
	return ts;
}

mc_templates *mc_templates_load(mc_sources *srcs, const char *base_dir, const mc_node *imports,
                                const mc_load_limits *lim, mc_arena *arena, mc_diags *d)
{
	return load_all(srcs, base_dir, imports, NULL, 0, false, lim, arena, d);
}

mc_templates *mc_templates_load_memory(mc_sources *srcs, const mc_node *imports,
                                       const mc_template_bytes *files, size_t nfiles,
                                       const mc_load_limits *lim, mc_arena *arena,
                                       mc_diags *d)
{
	return load_all(srcs, NULL, imports, files, nfiles, true, lim, arena, d);
}

void mc_templates_free(mc_templates *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->len; i++)
		mc_template_release(ts->v[i]);
	free(ts->v);
	free(ts->broken);
	free(ts);
}

const mc_template *mc_templates_find(const mc_templates *ts, const char *kind)
{
	for (size_t i = 0; i < ts->len; i++)
		if (strcmp(ts->v[i]->kind, kind) == 0)
			return ts->v[i];
	return NULL;
}

const mc_template *const *mc_templates_all(const mc_templates *ts, size_t *n)
{
	*n = ts->len;
	return (const mc_template *const *)ts->v;
}

void mc_templates_report_unknown(const mc_templates *ts, const mc_node *kind_value, mc_diags *d)
{
	const char *kind = kind_value->text ? kind_value->text : "";
	for (size_t i = 0; i < ts->nbroken; i++)
		if (strcmp(ts->broken[i], kind) == 0)
			return; /* its template's errors say enough */
	mc_diag *g = mc_diag_add(d, MC_E0300, kind_value->span, "unknown kind `%s`", kind);
	mc_diag_label_primary(d, g, "not a stdlib kind or an imported template");
	mc_buf b = MC_BUF_INIT;
	for (size_t i = 0; i < ts->len; i++)
		mc_buf_printf(&b, "%s`%s`", i ? ", " : "", ts->kinds[i]);
	if (ts->len)
		mc_diag_note(d, g, "the kinds are %s", mc_buf_str(&b));
	mc_buf_release(&b);
	const char *near = mc_did_you_mean(kind, ts->kinds, ts->len);
	if (near)
		mc_diag_help(d, g, "did you mean `%s`?", near);
	else
		mc_diag_help(d, g, "a kind of your own needs its template file in `imports:`");
}
