/*
 * W0012: a runbook link that lands on no section, or on the wrong one.
 *
 * Every alarm description ends with `runbook_base#ID`, and docs/incident-response.md gives
 * the section of runbook entry ID a heading whose GitHub anchor should be ID. W0008 catches
 * an ID with no entry; this rule catches an entry whose heading gets another anchor, so the
 * link opens the top of the page or, worse, somebody else's section: a heading inside a
 * runbook body (`## Check the disk` in a `runbook: |`) that takes the anchor first, two
 * titles that slug alike in an order GitHub numbers differently, or a title whose slug is
 * not its id.
 *
 * Consumes the IR's runbook entries and the alarms, composites and rules that link to them.
 * Where the anchors land is not re-derived here: the rule dry-runs the incident-response
 * emitter (mc_runbooks_anchors), so it judges exactly the document `moncc build` writes.
 */
#include "lint/lint_internal.h"

#include <string.h>

#include "emit/emit_common.h"
#include "emit/emit_runbooks.h"

typedef struct {
	mc_lint_ctx *cx;
} anchors;

static void check(void *ud, const mc_ir_runbook *r, const char *anchor)
{
	anchors *a = ud;
	if (strcmp(anchor, r->id) == 0 || !r->nalarms)
		return;
	mc_diags *d = a->cx->d;
	const char *what = mc_ir_alarm_name(a->cx->ir, r->alarms[0]);
	mc_diag *g = mc_diag_add(d, MC_W0012, r->span,
	                         "runbook links to `#%s` miss the section `%s`, whose anchor is "
	                         "`%s`",
	                         r->id, r->title, anchor);
	mc_diag_label_primary(d, g, "%zu alarm%s link%s here", r->nalarms,
	                      r->nalarms == 1 ? "" : "s", r->nalarms == 1 ? "s" : "");
	if (what)
		mc_diag_note(d, g, "for example `%s`, whose description ends with `#%s`", what,
		             r->id);
	size_t n = strlen(r->id);
	if (strncmp(anchor, r->id, n) == 0 && anchor[n] == '-')
		mc_diag_help(d, g,
		             "an earlier heading of docs/incident-response.md takes `%s` (often a "
		             "heading inside a `runbook:` text): use bold text there (`**Check "
		             "first.**`) instead of a heading, or rename it",
		             r->id);
	else
		mc_diag_help(d, g, "this is a moncc bug if no `runbook:` text has headings; please "
		                   "report it with the spec");
}

void mc_lint_runbook_anchor(mc_lint_ctx *cx)
{
	if (!cx->ir->nrunbooks)
		return;
	anchors a = {cx};
	mc_runbooks_anchors(cx->ir, check, &a);
}
