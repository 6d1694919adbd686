/*
 * The json renderer: diagnostics -> one JSON document for tools.
 *
 * The envelope is Terraform's `validate -json` (format_version, valid, error_count,
 * warning_count) plus the checked files; each diagnostic carries rustc-style spans (byte
 * offsets, 1-based lines and code-point columns, column_end exclusive) and `rendered`, the
 * exact human text without colour. Keys are inserted in a fixed order and jansson keeps it,
 * so the output is byte-for-byte deterministic. Readers must ignore unknown keys: new ones
 * may be added without changing format_version's major number.
 */
#include "diag/render.h"

#include <stdlib.h>

#include "diag/render_util.h"

static json_t *span_json(const mc_label *l, mc_source *src, bool primary)
{
	mc_pos a = mc_source_pos(src, l->span.lo), b = mc_source_pos(src, l->span.hi);
	json_t *j = json_object();
	json_object_set_new(j, "file", mc_render_json_string(src->path));
	json_object_set_new(j, "byte_start", json_integer(l->span.lo));
	json_object_set_new(j, "byte_end", json_integer(l->span.hi));
	json_object_set_new(j, "line_start", json_integer(a.line));
	json_object_set_new(j, "column_start", json_integer(a.column));
	json_object_set_new(j, "line_end", json_integer(b.line));
	json_object_set_new(j, "column_end", json_integer(b.column));
	json_object_set_new(j, "is_primary", json_boolean(primary));
	json_object_set_new(j, "label", mc_render_json_string_or_null(l->text));
	return j;
}

static json_t *diag_json(const mc_diag *g, mc_sources *srcs)
{
	const mc_code_info *info = mc_code_get(g->code);
	json_t *j = json_object();
	json_object_set_new(j, "level", json_string(mc_level_name(g->level)));
	json_object_set_new(j, "code", info ? json_string(info->id) : json_null());
	json_object_set_new(j, "message", mc_render_json_string(g->message));
	json_t *spans = json_array();
	for (unsigned i = 0; i < g->nlabels; i++) {
		mc_source *src = mc_render_label_source(srcs, &g->labels[i]);
		if (src)
			json_array_append_new(spans, span_json(&g->labels[i], src, i == 0));
	}
	json_object_set_new(j, "spans", spans);
	json_t *notes = json_array();
	for (unsigned i = 0; i < g->nnotes; i++)
		json_array_append_new(notes, mc_render_json_string(g->notes[i]));
	json_object_set_new(j, "notes", notes);
	json_object_set_new(j, "help", mc_render_json_string_or_null(g->help));
	mc_buf rendered = MC_BUF_INIT;
	mc_render_human_one(g, srcs, false, &rendered);
	json_object_set_new(j, "rendered", mc_render_json_string(mc_buf_str(&rendered)));
	mc_buf_release(&rendered);
	return j;
}

void mc_render_json(const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts, mc_buf *out)
{
	json_t *root = json_object();
	json_object_set_new(root, "format_version", json_string("1.0"));
	json_object_set_new(root, "valid", json_boolean(d->nerrors == 0));
	json_object_set_new(root, "error_count", json_integer(d->nerrors));
	json_object_set_new(root, "warning_count", json_integer(d->nwarnings));
	size_t nfiles;
	const char **files = mc_render_files(srcs, opts, &nfiles);
	json_t *jfiles = json_array();
	for (size_t i = 0; i < nfiles; i++)
		json_array_append_new(jfiles, mc_render_json_string(files[i]));
	free(files);
	json_object_set_new(root, "files", jfiles);
	json_t *diags = json_array();
	for (size_t i = 0; i < d->len; i++)
		json_array_append_new(diags, diag_json(d->v[i], srcs));
	json_object_set_new(root, "diagnostics", diags);
	mc_render_json_dump(root, out);
	json_decref(root);
}
