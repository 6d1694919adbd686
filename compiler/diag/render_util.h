/*
 * Helpers shared by the renderers (render_*.c) and nothing else: level names, safe text for
 * terminals and logs, jansson strings that are always valid UTF-8, and the file list of the
 * json and sarif documents. Internal to compiler/diag/.
 */
#ifndef MC_DIAG_RENDER_UTIL_H
#define MC_DIAG_RENDER_UTIL_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "diag/diag.h"
#include "diag/render.h"
#include "diag/source.h"

/* "error", "warning", "note". */
const char *mc_level_name(mc_level level);

/*
 * Decodes the code point at s[0..len) for display: sets *cp, returns its byte length, and
 * returns in *unsafe whether it must be shown as `?`: C0/C1 controls (escape sequences),
 * DEL, ill-formed UTF-8 and the bidirectional overrides (Trojan Source). Tab is reported as
 * unsafe too; callers that expand tabs check for it first.
 */
size_t mc_render_decode(const char *s, size_t len, uint32_t *cp, int *unsafe);

/* Appends s[0..len) with every unsafe code point (see above, tabs included) replaced by `?`. */
void mc_render_safe(mc_buf *out, const char *s, size_t len);

/* The source of a label, or NULL when its file id is 0 or unknown. */
mc_source *mc_render_label_source(const mc_sources *srcs, const mc_label *l);

/* A new jansson string of s with ill-formed UTF-8 replaced by U+FFFD, so jansson accepts it. */
json_t *mc_render_json_string(const char *s);

/* A new jansson string, or null when s is NULL. */
json_t *mc_render_json_string_or_null(const char *s);

/*
 * The files of the document: opts->files if given, else every registered source's path.
 * Returns an array of *n borrowed strings, allocated with mc_xmalloc; the caller frees it.
 */
const char **mc_render_files(const mc_sources *srcs, const mc_render_opts *opts, size_t *n);

/* jansson's dump with JSON_INDENT(2) plus a trailing newline; aborts when out of memory. */
void mc_render_json_dump(json_t *root, mc_buf *out);

#endif
