/*
 * Renderers: diagnostics -> bytes. The only code that formats diagnostics for output.
 *
 *   human   rustc-style body with a GNU `file:line:col` location line, source excerpt and
 *           carets, labels, notes and help, and a final count line; colour optional
 *   json    one JSON document: format_version, valid, counts, diagnostics with spans
 *   github  GitHub Actions workflow commands, most severe first, capped, with a summary
 *   sarif   SARIF 2.1.0
 *
 * Each appends to out; none writes to a stream, so tests render captured sinks.
 */
#ifndef MC_DIAG_RENDER_H
#define MC_DIAG_RENDER_H

#include <stdbool.h>

#include "base/buf.h"
#include "diag/diag.h"
#include "diag/source.h"

typedef enum { MC_FORMAT_HUMAN, MC_FORMAT_JSON, MC_FORMAT_GITHUB, MC_FORMAT_SARIF } mc_format;

typedef struct {
	bool color;            /* human only: ANSI colours */
	unsigned error_limit;  /* human: stop after this many errors (0 = no limit) */
	const char *version;   /* moncc version, for SARIF's tool.driver.version */
	/* The files that were checked, in order, for the json and sarif documents. */
	const char *const *files;
	size_t nfiles;
} mc_render_opts;

/* Parses "human", "json", "github", "sarif"; returns 0 on success, -1 if unknown. */
int mc_format_parse(const char *name, mc_format *out);

/* Renders d (already sorted by the caller) in format fmt onto out. */
void mc_render(mc_format fmt, const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts,
               mc_buf *out);

void mc_render_human(const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts, mc_buf *out);
void mc_render_json(const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts, mc_buf *out);
void mc_render_github(const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts, mc_buf *out);
void mc_render_sarif(const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts, mc_buf *out);

/* The human rendering of one diagnostic, without colour (the json `rendered` field uses it). */
void mc_render_human_one(const mc_diag *g, mc_sources *srcs, bool color, mc_buf *out);

#endif
