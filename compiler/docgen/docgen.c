/*
 * The `docs` emitter: the generated reference pages as one set of outputs, so `moncc docs`
 * stages, commits and checks them with the same code as `moncc build` (compiler/output).
 *
 * Writes, relative to the docs folder: stdlib/KIND.md for every kind of the input (sorted by
 * name, as the registry returns them), stdlib/README.md indexing them, and spec-reference.md.
 */
#include "docgen/docgen.h"

#include "base/buf.h"

static void write_buf(mc_outputs *os, const char *path, const mc_buf *b)
{
	mc_out *o = mc_outputs_open(os, path);
	mc_out_buf(o, b);
	mc_outputs_close(os);
}

int mc_docgen_emit(const mc_emit_ctx *cx, mc_outputs *os)
{
	const mc_docgen_input *in = cx->data;
	mc_buf b = MC_BUF_INIT, path = MC_BUF_INIT;
	for (size_t i = 0; i < in->nkinds; i++) {
		mc_buf_clear(&b);
		mc_docgen_kind(in->kinds[i], in->srcs, &b);
		mc_buf_clear(&path);
		mc_buf_printf(&path, MC_DOCGEN_KIND_DIR "/%s.md", in->kinds[i]->kind);
		write_buf(os, path.p, &b);
	}
	mc_buf_clear(&b);
	mc_docgen_kind_index(in->kinds, in->nkinds, &b);
	write_buf(os, MC_DOCGEN_KIND_DIR "/README.md", &b);

	mc_buf_clear(&b);
	mc_buf err = MC_BUF_INIT;
	int rc = 0;
	if (mc_docgen_spec_reference(in->schema, in->schema_len, in->schema_source, &b, &err) == 0)
		write_buf(os, MC_DOCGEN_SPEC_REFERENCE, &b);
	else
		rc = -1; /* the embedded schema is JSON: cannot happen outside a broken build */
	mc_buf_release(&err);
	mc_buf_release(&b);
	mc_buf_release(&path);
	return rc;
}
