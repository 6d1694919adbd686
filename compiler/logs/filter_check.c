/* Check-time validation of filter patterns; see filter_check.h. */
#include "logs/filter_check.h"

#include <string.h>

mc_filter *mc_filter_check_node(const mc_node *n, const mc_sources *srcs, mc_arena *arena,
                                mc_diags *d)
{
	mc_filter_error e;
	mc_filter *f = mc_filter_parse(n->text, n->text_len, arena, &e);
	if (!f) {
		mc_span at = mc_node_text_span(n, srcs, e.off, e.len);
		mc_diag *g = mc_diag_add(d, e.code, at, "%s", e.message);
		if (e.label)
			mc_diag_label_primary(d, g, "%s", e.label);
		if (e.help)
			mc_diag_help(d, g, "%s", e.help);
		return NULL;
	}
	for (size_t i = 0; i < f->nloose; i++) {
		size_t off = f->loose_terms[i], len = f->loose_lens[i];
		mc_span at = mc_node_text_span(n, srcs, off, len);
		mc_diag *g = mc_diag_add(d, MC_W0016, at,
		                         "unquoted term `%.*s` in filter pattern has characters "
		                         "other than letters, digits and `_`",
		                         (int)len, n->text + off);
		mc_diag_label_primary(d, g, "quote this term");
		mc_diag_help(d, g, "AWS requires double quotes around such terms: `\"%.*s\"`",
		             (int)len, n->text + off);
	}
	return f;
}

mc_diag *mc_filter_report_text(const mc_filter_error *e, const char *text, mc_span at,
                               mc_diags *d)
{
	mc_diag *g = mc_diag_add(d, e->code, at, "%s", e->message);
	mc_diag_label_primary(d, g, "after substitution: `%s`", text);
	mc_diag_note(d, g, "at byte %zu of the substituted pattern: %s", e->off + 1,
	             e->label ? e->label : "here");
	if (e->help)
		mc_diag_help(d, g, "%s", e->help);
	return g;
}
