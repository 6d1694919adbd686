/*
 * The runbooks emitter (spec-language.md §6): docs/monitoring-guide.md and
 * docs/incident-response.md, at the paths of cx->paths.
 *
 * This file only wires the two documents of emit_runbooks_doc.c to the build's outputs: the
 * Markdown writer hands its chunks to mc_out as they fill, so memory stays flat however many
 * runbook sections a spec has. docs/runbooks-output.md describes what the documents hold.
 */
#include "emit/emit_runbooks.h"

static void to_out(void *ud, const char *p, size_t n)
{
	mc_out_write(ud, p, n);
}

static void write_doc(const mc_emit_ctx *cx, mc_outputs *os, const char *path,
                      void (*doc)(const mc_emit_ctx *, mc_md *, const mc_ir_runbook_refs *),
                      const mc_ir_runbook_refs *refs)
{
	mc_out *o = mc_outputs_open(os, path);
	mc_md md;
	mc_md_init(&md, to_out, o, false);
	doc(cx, &md, refs);
	mc_md_release(&md); /* flushes the rest */
	mc_outputs_close(os);
}

int mc_emit_runbooks(const mc_emit_ctx *cx, mc_outputs *os)
{
	/* Resolved here, on an emitter thread, once for both documents (one random lookup per
	 * alarm: not on the serial path of the build). */
	mc_ir_runbook_refs refs;
	mc_ir_runbook_refs_resolve(cx->ir, &refs);
	write_doc(cx, os, cx->paths.monitoring_guide ? cx->paths.monitoring_guide
	                                             : "docs/monitoring-guide.md",
	          mc_runbooks_guide, &refs);
	write_doc(cx, os, cx->paths.incident_response ? cx->paths.incident_response
	                                              : "docs/incident-response.md",
	          mc_runbooks_incident, &refs);
	mc_ir_runbook_refs_release(&refs);
	return 0;
}
