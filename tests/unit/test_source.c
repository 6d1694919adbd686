/* Spans to lines and columns: tabs, CRLF, CR, NEL/LS/PS breaks, BOM, wide characters, EOF. */
#include <stdlib.h>

#include "base/xalloc.h"
#include "diag/source.h"
#include "harness.h"

static mc_source *add(mc_sources *s, const char *text, size_t len)
{
	char *copy = mc_xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	uint32_t id = mc_sources_add(s, "t.yaml", copy, len);
	return mc_sources_get(s, id);
}

#define ADD(s, lit) add((s), (lit), sizeof(lit) - 1)

int main(void)
{
	mc_sources s;
	mc_sources_init(&s);

	mc_source *a = ADD(&s, "ab\ncd\n");
	mc_pos p = mc_source_pos(a, 0);
	INT_EQ(p.line, 1);
	INT_EQ(p.column, 1);
	p = mc_source_pos(a, 4);
	INT_EQ(p.line, 2);
	INT_EQ(p.column, 2);
	p = mc_source_pos(a, 6); /* end of file after the last break */
	INT_EQ(p.line, 3);
	INT_EQ(p.column, 1);
	p = mc_source_pos(a, 99); /* past the end clamps */
	INT_EQ(p.line, 3);
	INT_EQ(mc_source_line_count(a), 3);

	/* A tab is one column (one code point); display width is the renderer's business. */
	mc_source *t = ADD(&s, "\tkey: v");
	p = mc_source_pos(t, 1);
	INT_EQ(p.column, 2);

	/* CRLF is one break; a lone CR is one too. */
	mc_source *c = ADD(&s, "a\r\nb\rc");
	INT_EQ(mc_source_pos(c, 3).line, 2);
	INT_EQ(mc_source_pos(c, 5).line, 3);
	const char *line;
	size_t len;
	CHECK(mc_source_line(c, 1, &line, &len));
	INT_EQ(len, 1);

	/* NEL, LS and PS break lines as libyaml does. */
	mc_source *u = ADD(&s, "a\xC2\x85" "b\xE2\x80\xA8" "c\xE2\x80\xA9" "d");
	INT_EQ(mc_source_pos(u, 3).line, 2);
	INT_EQ(mc_source_pos(u, 7).line, 3);
	INT_EQ(mc_source_pos(u, 11).line, 4);

	/* A BOM is not a column. */
	mc_source *b = ADD(&s, "\xEF\xBB\xBFk: v");
	INT_EQ(b->bom, 3);
	p = mc_source_pos(b, 3);
	INT_EQ(p.line, 1);
	INT_EQ(p.column, 1);
	INT_EQ(mc_source_offset(b, 1, 1), 3);

	/* Wide and multi-byte characters count one column each. */
	mc_source *w = ADD(&s, "名前: é x");
	p = mc_source_pos(w, 6); /* after two 3-byte characters */
	INT_EQ(p.column, 3);
	INT_EQ(mc_source_offset(w, 1, 3), 6);

	/* Empty file: one empty line. */
	mc_source *e = ADD(&s, "");
	INT_EQ(mc_source_line_count(e), 1);
	p = mc_source_pos(e, 0);
	INT_EQ(p.line, 1);
	INT_EQ(p.column, 1);

	mc_sources_release(&s);
	return harness_done();
}
