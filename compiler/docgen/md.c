/*
 * Markdown helpers of the reference generator (md.h).
 */
#include "docgen/md.h"

#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends s with whitespace runs folded and (cell) `|` escaped, trimmed at both ends. */
static void one_line(mc_buf *b, const char *s, size_t len, bool escape_bar)
{
	bool pending_space = false, started = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (is_space(c)) {
			pending_space = started;
			continue;
		}
		if (pending_space)
			mc_buf_putc(b, ' ');
		pending_space = false;
		started = true;
		if (c == '|' && escape_bar)
			mc_buf_putc(b, '\\');
		mc_buf_putc(b, c);
	}
}

void mc_docmd_cell(mc_buf *b, const char *s)
{
	if (s)
		one_line(b, s, strlen(s), true);
}

void mc_docmd_code(mc_buf *b, const char *s, bool cell)
{
	if (!s)
		return;
	size_t len = strlen(s), run = 0, longest = 0;
	for (size_t i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* CommonMark strips one space at each end when both are there; pad when s begins or
	 * ends with a backtick so the fence stays separate. */
	bool pad = len && (s[0] == '`' || s[len - 1] == '`');
	mc_buf_repeat(b, '`', longest + 1);
	if (pad)
		mc_buf_putc(b, ' ');
	if (cell)
		one_line(b, s, len, true);
	else
		mc_buf_add(b, s, len);
	if (pad)
		mc_buf_putc(b, ' ');
	mc_buf_repeat(b, '`', longest + 1);
}

void mc_docmd_node(mc_buf *b, const mc_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case MC_NODE_SEQ:
		mc_buf_putc(b, '[');
		for (size_t i = 0; i < n->nitems; i++) {
			if (i)
				mc_buf_puts(b, ", ");
			mc_docmd_node(b, n->items[i]);
		}
		mc_buf_putc(b, ']');
		return;
	case MC_NODE_MAP:
		mc_buf_puts(b, n->npairs ? "{ " : "{");
		for (size_t i = 0; i < n->npairs; i++) {
			if (i)
				mc_buf_puts(b, ", ");
			mc_buf_printf(b, "%s: ", n->pairs[i].key->text);
			mc_docmd_node(b, n->pairs[i].value);
		}
		mc_buf_puts(b, n->npairs ? " }" : "}");
		return;
	case MC_NODE_NULL:
		mc_buf_puts(b, "null");
		return;
	case MC_NODE_STRING:
		if (!n->text_len) {
			mc_buf_puts(b, "\"\"");
			return;
		}
		mc_buf_add(b, n->text, n->text_len);
		return;
	default:
		/* Booleans and numbers: the text as written. */
		if (n->text)
			mc_buf_add(b, n->text, n->text_len);
		return;
	}
}

void mc_docmd_paragraphs(mc_buf *b, const char *s)
{
	if (!s)
		return;
	size_t len = strlen(s);
	while (len && is_space(s[len - 1]))
		len--;
	if (!len)
		return;
	mc_buf_add(b, s, len);
	mc_buf_puts(b, "\n\n");
}
