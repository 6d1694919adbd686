/*
 * Markdown writing for the runbook emitter: a buffered writer, escaping of user text, and
 * GitHub's heading anchors.
 *
 * The runbooks are read on GitHub (or GitLab, Gitea: the same rules) and every alarm links to
 * `incident-response.md#ID`, so a heading's anchor is part of the output's contract. The
 * writer therefore sees every heading it writes, including those inside runbook bodies, and
 * gives each the anchor GitHub would (mc_md_slug, made unique the way github-slugger does):
 * the emitter, its tests and lint rule W0012 all ask the same writer where a link lands.
 *
 * The writer buffers into an mc_buf and hands full chunks to a sink (mc_out in a build); with
 * no sink it keeps everything (tests), and in a dry run it writes nothing and only follows
 * the headings (lint).
 */
#ifndef MC_EMIT_EMIT_MD_H
#define MC_EMIT_EMIT_MD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

typedef void (*mc_md_sink)(void *ud, const char *p, size_t n);

typedef struct {
	mc_buf buf;
	mc_md_sink sink; /* NULL: keep everything in buf */
	void *ud;
	bool dry;        /* write nothing, follow headings only */
	/* Anchors given so far (github-slugger's occurrence table), open addressing. */
	struct mc_md_slot {
		char *key;
		unsigned count;
	} *slots;
	size_t nslots, used;
	mc_buf scratch; /* the last anchor returned */
	/* Body scanning state (fenced code blocks hold no headings). */
	char fence;
	size_t fence_len;
} mc_md;

void mc_md_init(mc_md *md, mc_md_sink sink, void *ud, bool dry);
/* Hands what is buffered to the sink. */
void mc_md_flush(mc_md *md);
/* Flushes and frees; md->buf is released too. */
void mc_md_release(mc_md *md);

/* Raw Markdown. */
void mc_md_puts(mc_md *md, const char *s);
void mc_md_putc(mc_md *md, char c);
void mc_md_printf(mc_md *md, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mc_md_double(mc_md *md, double v);
void mc_md_uint(mc_md *md, unsigned long long v); /* decimal digits, without printf */

/*
 * User text in running prose: characters that Markdown would read as markup (`*`, `[`, `<`,
 * `|`, a `#` or list marker at the start of a line, ...) are backslash-escaped, so the text
 * renders as written; `code spans` are kept as they are, since the IR's generated texts use
 * them on purpose. Newlines become spaces (a table cell or a list item stays one line).
 */
void mc_md_text(mc_md *md, const char *s);
/* The same, for a table cell: `|` is escaped even inside code spans (GFM splits cells
 * first). */
void mc_md_cell(mc_md *md, const char *s);
/* `s` as a code span, with enough backticks around it that none inside can end it. */
void mc_md_code(mc_md *md, const char *s);

/*
 * Writes `#### TEXT` (level 1..6, TEXT escaped like mc_md_text) and returns the anchor GitHub
 * gives it, in the writer's buffer until the next heading (valid in dry runs too).
 */
const char *mc_md_heading(mc_md *md, int level, const char *text);

/*
 * A Markdown block written by a user or a kind (a runbook body): written as it is, ending in
 * a newline, and scanned for ATX and setext headings so that their anchors are counted.
 */
void mc_md_block(mc_md *md, const char *s);

/*
 * GitHub's anchor of a heading whose rendered text is `text`: lower case, every character
 * other than a letter, digit, `_`, `-` or space dropped, spaces turned into `-`. Bytes of
 * UTF-8 sequences are kept (GitHub keeps letters of every script; it also drops non-ASCII
 * punctuation, which spec names cannot contain). Appends to out.
 */
void mc_md_slug(const char *text, mc_buf *out);

/*
 * The unique anchor of the next heading with slug `slug`, the way github-slugger counts:
 * the first `x` is `x`, the next `x-1`, `x-2`, skipping anchors already taken. In md's
 * scratch memory until the next call.
 */
const char *mc_md_anchor(mc_md *md, const char *slug);

#endif
