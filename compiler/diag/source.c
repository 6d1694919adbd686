/* Source registry and offset -> line/column mapping; see source.h. */
#include "diag/source.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"

void mc_sources_init(mc_sources *s)
{
	s->v = NULL;
	s->len = s->cap = 0;
}

void mc_sources_release(mc_sources *s)
{
	for (size_t i = 0; i < s->len; i++) {
		free(s->v[i]->path);
		free(s->v[i]->text);
		free(s->v[i]->line_starts);
		free(s->v[i]);
	}
	free(s->v);
	mc_sources_init(s);
}

uint32_t mc_sources_add(mc_sources *s, const char *path, char *text, size_t len)
{
	mc_source *src = mc_xcalloc(1, sizeof *src);
	src->path = mc_xstrdup(path);
	src->text = text;
	src->len = len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		src->bom = 3;
	MC_GROW(s->v, s->cap, s->len + 1);
	s->v[s->len++] = src;
	return (uint32_t)s->len;
}

mc_source *mc_sources_get(const mc_sources *s, uint32_t file)
{
	if (file == 0 || file > s->len)
		return NULL;
	return s->v[file - 1];
}

/* Length of the line break at text[i], or 0 if there is none. */
static size_t break_len(const char *t, size_t len, size_t i)
{
	unsigned char c = (unsigned char)t[i];
	if (c == '\n')
		return 1;
	if (c == '\r')
		return (i + 1 < len && t[i + 1] == '\n') ? 2 : 1;
	if (c == 0xC2 && i + 1 < len && (unsigned char)t[i + 1] == 0x85)
		return 2;
	if (c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0xA8 || (unsigned char)t[i + 2] == 0xA9))
		return 3;
	return 0;
}

static void build_lines(mc_source *src)
{
	if (src->line_starts)
		return;
	size_t cap = 0;
	MC_GROW(src->line_starts, cap, 1);
	src->line_starts[0] = (uint32_t)src->bom;
	src->nlines = 1;
	for (size_t i = src->bom; i < src->len;) {
		size_t n = break_len(src->text, src->len, i);
		if (n) {
			i += n;
			MC_GROW(src->line_starts, cap, src->nlines + 1);
			src->line_starts[src->nlines++] = (uint32_t)i;
		} else {
			i++;
		}
	}
}

size_t mc_source_line_count(mc_source *src)
{
	build_lines(src);
	return src->nlines;
}

mc_pos mc_source_pos(mc_source *src, uint32_t byte)
{
	build_lines(src);
	if (byte > src->len)
		byte = (uint32_t)src->len;
	if (byte < src->bom)
		byte = (uint32_t)src->bom;
	/* Last line whose start is <= byte. */
	size_t lo = 0, hi = src->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (src->line_starts[mid] <= byte)
			lo = mid;
		else
			hi = mid;
	}
	uint32_t col = 1;
	for (size_t i = src->line_starts[lo]; i < byte;) {
		uint32_t cp;
		i += mc_utf8_decode(src->text + i, src->len - i, &cp);
		col++;
	}
	return (mc_pos){(uint32_t)lo + 1, col};
}

int mc_source_line(mc_source *src, uint32_t line, const char **start, size_t *len)
{
	build_lines(src);
	if (line == 0 || line > src->nlines)
		return 0;
	size_t lo = src->line_starts[line - 1];
	size_t hi = lo;
	while (hi < src->len && !break_len(src->text, src->len, hi))
		hi++;
	*start = src->text + lo;
	*len = hi - lo;
	return 1;
}

uint32_t mc_source_offset(mc_source *src, uint32_t line, uint32_t column)
{
	build_lines(src);
	if (line == 0)
		line = 1;
	if (line > src->nlines)
		return (uint32_t)src->len;
	size_t i = src->line_starts[line - 1];
	for (uint32_t c = 1; c < column && i < src->len && !break_len(src->text, src->len, i); c++) {
		uint32_t cp;
		i += mc_utf8_decode(src->text + i, src->len - i, &cp);
	}
	return (uint32_t)i;
}
