/*
 * Helpers shared by the renderers; see render_util.h. Consumes diagnostic text and sources,
 * produces display-safe bytes and jansson values. Holds no state.
 */
#include "diag/render_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"

const char *mc_level_name(mc_level level)
{
	switch (level) {
	case MC_LEVEL_ERROR: return "error";
	case MC_LEVEL_WARNING: return "warning";
	case MC_LEVEL_NOTE: return "note";
	}
	return "error";
}

size_t mc_render_decode(const char *s, size_t len, uint32_t *cp, int *unsafe)
{
	size_t n = mc_utf8_decode(s, len, cp);
	uint32_t c = *cp;
	/* A lone U+FFFD of one byte is an ill-formed sequence, not the character itself. */
	int ill_formed = c == 0xFFFD && n == 1;
	int control = c < 0x20 || (c >= 0x7F && c < 0xA0);
	int bidi = (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
	*unsafe = ill_formed || control || bidi;
	return n;
}

void mc_render_safe(mc_buf *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int unsafe;
		size_t n = mc_render_decode(s + i, len - i, &cp, &unsafe);
		if (unsafe)
			mc_buf_putc(out, '?');
		else
			mc_buf_add(out, s + i, n);
		i += n;
	}
}

mc_source *mc_render_label_source(const mc_sources *srcs, const mc_label *l)
{
	return srcs ? mc_sources_get(srcs, l->span.file) : NULL;
}

json_t *mc_render_json_string(const char *s)
{
	size_t len = strlen(s);
	if (mc_utf8_invalid_at(s, len) == len)
		return json_stringn(s, len);
	mc_buf b = MC_BUF_INIT;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = mc_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && n == 1)
			mc_buf_puts(&b, "\xEF\xBF\xBD");
		else
			mc_buf_add(&b, s + i, n);
		i += n;
	}
	json_t *j = json_stringn(mc_buf_str(&b), b.len);
	mc_buf_release(&b);
	return j;
}

json_t *mc_render_json_string_or_null(const char *s)
{
	return s ? mc_render_json_string(s) : json_null();
}

const char **mc_render_files(const mc_sources *srcs, const mc_render_opts *opts, size_t *n)
{
	const char **v;
	if (opts && opts->files) {
		*n = opts->nfiles;
		v = mc_xcalloc(*n ? *n : 1, sizeof *v);
		for (size_t i = 0; i < *n; i++)
			v[i] = opts->files[i];
		return v;
	}
	*n = srcs ? srcs->len : 0;
	v = mc_xcalloc(*n ? *n : 1, sizeof *v);
	for (size_t i = 0; i < *n; i++)
		v[i] = srcs->v[i]->path;
	return v;
}

void mc_render_json_dump(json_t *root, mc_buf *out)
{
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s) {
		/* jansson returns NULL only when allocation fails; do what mc_xmalloc does. */
		fputs("moncc: out of memory\n", stderr);
		abort();
	}
	mc_buf_puts(out, s);
	mc_buf_putc(out, '\n');
	free(s);
}
