/*
 * The github renderer: diagnostics -> GitHub Actions workflow commands, which the runner
 * turns into annotations on the pull request:
 *
 *   ::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=E0101 unknown key::MESSAGE
 *
 * Errors come first, then warnings (::warning), then notes (::notice), each in the order of
 * the sink. GitHub keeps only 10 annotations of each kind per step and drops the rest without
 * a word, so we print at most 10 of each and say in one more notice how many were left out.
 * A plain summary line (not a command) ends the output so the log says what happened.
 *
 * Workflow commands are parsed from the log line by line, so user text must never start a
 * command of its own: data escapes `%`, CR and LF, properties also `:` and `,`, and other
 * control characters become `?` as in the human format.
 */
#include "diag/render.h"

#include <string.h>

#include "diag/render_util.h"

enum { ANNOTATION_CAP = 10 };

/* Appends s, escaped for the data part of a command (props: for a property value too). */
static void escape(mc_buf *out, const char *s, bool prop)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		int unsafe;
		size_t n = mc_render_decode(s + i, len - i, &cp, &unsafe);
		if (cp == '%')
			mc_buf_puts(out, "%25");
		else if (cp == '\r')
			mc_buf_puts(out, "%0D");
		else if (cp == '\n')
			mc_buf_puts(out, "%0A");
		else if (prop && cp == ':')
			mc_buf_puts(out, "%3A");
		else if (prop && cp == ',')
			mc_buf_puts(out, "%2C");
		else if (unsafe)
			mc_buf_putc(out, '?');
		else
			mc_buf_add(out, s + i, n);
		i += n;
	}
}

static const char *command(mc_level level)
{
	switch (level) {
	case MC_LEVEL_ERROR: return "error";
	case MC_LEVEL_WARNING: return "warning";
	case MC_LEVEL_NOTE: return "notice";
	}
	return "error";
}

static void annotation(mc_buf *out, const mc_diag *g, const mc_sources *srcs)
{
	const mc_code_info *info = mc_code_get(g->code);
	mc_source *src = g->nlabels ? mc_render_label_source(srcs, &g->labels[0]) : NULL;
	mc_buf_printf(out, "::%s", command(g->level));
	const char *sep = " ";
	if (src) {
		mc_pos a = mc_source_pos(src, g->labels[0].span.lo);
		mc_pos b = mc_source_pos(src, g->labels[0].span.hi);
		mc_buf_puts(out, " file=");
		escape(out, src->path, true);
		mc_buf_printf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u", (unsigned)a.line,
		              (unsigned)a.column, (unsigned)b.line, (unsigned)b.column);
		sep = ",";
	}
	if (info) {
		mc_buf_printf(out, "%stitle=", sep);
		escape(out, info->id, true);
		mc_buf_putc(out, ' ');
		escape(out, info->title, true);
	}
	mc_buf_puts(out, "::");
	escape(out, g->message, false);
	if (src && g->labels[0].text) {
		mc_buf_puts(out, "%0A");
		escape(out, g->labels[0].text, false);
	}
	for (unsigned i = 0; i < g->nnotes; i++) {
		mc_buf_puts(out, "%0Anote: ");
		escape(out, g->notes[i], false);
	}
	if (g->help) {
		mc_buf_puts(out, "%0Ahelp: ");
		escape(out, g->help, false);
	}
	mc_buf_putc(out, '\n');
}

/* "3 more errors", joined with ", " and a final " and ". */
static void dropped_part(mc_buf *out, unsigned n, const char *word, unsigned *done,
                         unsigned nparts)
{
	if (!n)
		return;
	if (*done)
		mc_buf_puts(out, *done + 1 == nparts ? " and " : ", ");
	mc_buf_printf(out, "%u more %s%s", n, word, n == 1 ? "" : "s");
	(*done)++;
}

void mc_render_github(const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts, mc_buf *out)
{
	(void)opts;
	unsigned total[3] = {0, 0, 0}, cap[3], dropped[3];
	for (size_t i = 0; i < d->len; i++)
		total[d->v[i]->level]++;
	cap[MC_LEVEL_ERROR] = cap[MC_LEVEL_WARNING] = cap[MC_LEVEL_NOTE] = ANNOTATION_CAP;
	/* The notice about dropped annotations is a notice too: keep a place for it. */
	if (total[MC_LEVEL_ERROR] > ANNOTATION_CAP || total[MC_LEVEL_WARNING] > ANNOTATION_CAP ||
	    total[MC_LEVEL_NOTE] > ANNOTATION_CAP)
		cap[MC_LEVEL_NOTE] = ANNOTATION_CAP - 1;
	unsigned nparts = 0, ndropped = 0;
	for (int k = 0; k < 3; k++) {
		dropped[k] = total[k] > cap[k] ? total[k] - cap[k] : 0;
		nparts += dropped[k] != 0;
		ndropped += dropped[k];
	}

	const mc_level order[3] = {MC_LEVEL_ERROR, MC_LEVEL_WARNING, MC_LEVEL_NOTE};
	for (int k = 0; k < 3; k++) {
		unsigned shown = 0;
		for (size_t i = 0; i < d->len && shown < cap[order[k]]; i++) {
			if (d->v[i]->level != order[k])
				continue;
			annotation(out, d->v[i], srcs);
			shown++;
		}
	}

	if (ndropped) {
		unsigned done = 0;
		mc_buf_puts(out, "::notice title=moncc::");
		dropped_part(out, dropped[MC_LEVEL_ERROR], "error", &done, nparts);
		dropped_part(out, dropped[MC_LEVEL_WARNING], "warning", &done, nparts);
		dropped_part(out, dropped[MC_LEVEL_NOTE], "note", &done, nparts);
		mc_buf_puts(out, ndropped == 1 ? " is not shown as an annotation"
		                               : " are not shown as annotations");
		mc_buf_puts(out, "; run moncc check locally to see them all\n");
	}

	unsigned ne = total[MC_LEVEL_ERROR], nw = total[MC_LEVEL_WARNING];
	if (ne && nw)
		mc_buf_printf(out, "moncc: %u error%s, %u warning%s\n", ne, ne == 1 ? "" : "s", nw,
		              nw == 1 ? "" : "s");
	else if (ne)
		mc_buf_printf(out, "moncc: %u error%s\n", ne, ne == 1 ? "" : "s");
	else if (nw)
		mc_buf_printf(out, "moncc: %u warning%s\n", nw, nw == 1 ? "" : "s");
	else
		mc_buf_puts(out, "moncc: no problems found\n");
}
