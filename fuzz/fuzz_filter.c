/*
 * One fuzz input -> a CloudWatch Logs filter pattern parsed, checked and matched -> nothing
 * left behind.
 *
 * Consumes bytes split at newlines: line 1 is the pattern, line 2 the metric value spec
 * (`1`, `$.a.b`, `$name`; empty or absent: none), every further line one log event, and,
 * when there are several, all of them together as one multi-line event. Produces nothing but
 * the absence of crashes, leaks, sanitizer reports and broken invariants (those abort):
 *   - mc_filter_parse either returns a pattern whose W0016 offsets lie inside the text, or
 *     NULL with an error code of E0360-E0362, a message and a span inside the text;
 *   - mc_filter_match gives the same answer with and without a value spec, and reports no
 *     value it did not find;
 *   - the pattern written as a YAML string and checked the way templates are
 *     (mc_filter_check_node) parses exactly when the raw text does, and its diagnostics,
 *     plus the substituted-pattern form (mc_filter_report_text), render.
 * Events are matched only against a pattern that parsed, and with the value spec only when
 * mc_filter_value_check accepts it, as the lowering and `moncc logs test` do.
 */
#include "fuzz_target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "diag/diag.h"
#include "diag/render.h"
#include "diag/source.h"
#include "load/load.h"
#include "logs/filter.h"
#include "logs/filter_check.h"

static const char *const yaml_path = "pattern.yaml";

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_filter: %s\n", what);
	abort();
}

/* The next line of data[*pos, size) (without its newline); false at the end. */
static bool next_line(const char *data, size_t size, size_t *pos, const char **line,
                      size_t *len)
{
	if (*pos >= size)
		return false;
	const char *start = data + *pos;
	const char *nl = memchr(start, '\n', size - *pos);
	*line = start;
	*len = nl ? (size_t)(nl - start) : size - *pos;
	*pos += *len + (nl != NULL);
	return true;
}

static void check_parse_result(const mc_filter *f, const mc_filter_error *e, size_t len)
{
	if (f) {
		if (f->nregex > MC_FILTER_MAX_REGEX)
			broken("more compiled regexes than a pattern may hold");
		for (size_t i = 0; i < f->nloose; i++)
			if (f->loose_terms[i] > len || f->loose_lens[i] > len - f->loose_terms[i])
				broken("a W0016 term lies outside the pattern");
		return;
	}
	if (e->code != MC_E0360 && e->code != MC_E0361 && e->code != MC_E0362)
		broken("a parse error with a code other than E0360-E0362");
	if (!e->message)
		broken("a parse error without a message");
	if (e->off > len || e->len > len - e->off)
		broken("a parse error outside the pattern");
}

static void match_event(const mc_filter *f, const char *ev, size_t len, const char *value)
{
	bool plain = mc_filter_match(f, ev, len, NULL, NULL, NULL);
	if (!value)
		return;
	double v = -1;
	bool has = true;
	bool hit = mc_filter_match(f, ev, len, value, &v, &has);
	if (hit != plain)
		broken("the value spec changed whether the event matches");
	if ((!hit && has) || (!has && v != 0))
		broken("a value reported without one found");
}

/* text as a YAML scalar `p: ...`: single-quoted when it can be, else double-quoted. */
static void yaml_scalar(const char *text, size_t len, mc_buf *out)
{
	bool plain_bytes = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		plain_bytes = plain_bytes && c >= 0x20 && c != 0x7f && c != 0xc2 && c != 0xe2;
	}
	mc_buf_puts(out, "p: ");
	if (plain_bytes) {
		/* No control characters, and no NEL, LS or PS (line breaks to libyaml). */
		mc_buf_putc(out, '\'');
		for (size_t i = 0; i < len; i++) {
			if (text[i] == '\'')
				mc_buf_putc(out, '\'');
			mc_buf_putc(out, text[i]);
		}
		mc_buf_puts(out, "'\n");
		return;
	}
	mc_buf_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp = 0;
		size_t n = mc_utf8_decode(text + i, len - i, &cp);
		if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			mc_buf_puts(out, cp == 0x85 ? "\\N" : cp == 0x2028 ? "\\L" : "\\P");
			i += n - 1;
		} else if (c == '"' || c == '\\') {
			mc_buf_putc(out, '\\');
			mc_buf_putc(out, (char)c);
		} else if (c < 0x20 || c == 0x7f) {
			mc_buf_printf(out, "\\x%02x", c);
		} else {
			mc_buf_putc(out, (char)c);
		}
	}
	mc_buf_puts(out, "\"\n");
}

/*
 * The template path: the pattern as a YAML string, checked by mc_filter_check_node, which
 * must agree with the raw parse; then the errors rendered, in place and as a substituted
 * pattern would report them. Skipped for text that is not UTF-8 (no YAML string holds it).
 */
static void check_as_yaml(const char *pattern, size_t plen, bool parsed,
                          const mc_filter_error *e)
{
	if (mc_utf8_invalid_at(pattern, plen) != plen)
		return;
	mc_buf doc = MC_BUF_INIT;
	yaml_scalar(pattern, plen, &doc);

	mc_load_limits lim;
	mc_load_limits_default(&lim);
	mc_arena *arena = mc_arena_new();
	mc_sources srcs;
	mc_diags d;
	mc_sources_init(&srcs);
	mc_diags_init(&d, arena);
	mc_node *root = mc_load_yaml_buffer(&srcs, yaml_path, doc.p, doc.len, &lim, arena, &d);
	const mc_node *n = root ? mc_node_get(root, "p") : NULL;
	if (n && n->kind == MC_NODE_STRING) {
		mc_filter *f = mc_filter_check_node(n, &srcs, arena, &d);
		bool same_text = n->text_len == plen && memcmp(n->text, pattern, plen) == 0;
		if (same_text && (f != NULL) != parsed)
			broken("the YAML string and the raw text parse differently");
		mc_filter_release(f);
		if (!parsed)
			mc_filter_report_text(e, n->text, n->span, &d);
	}
	mc_diags_sort(&d);
	const char *const files[] = {yaml_path};
	mc_render_opts ro = {.version = "fuzz", .files = files, .nfiles = 1};
	mc_buf out = MC_BUF_INIT;
	mc_render(MC_FORMAT_HUMAN, &d, &srcs, &ro, &out);
	mc_render(MC_FORMAT_JSON, &d, &srcs, &ro, &out);
	mc_buf_release(&out);
	mc_diags_release(&d);
	mc_sources_release(&srcs);
	mc_arena_free(arena);
	mc_buf_release(&doc);
}

int mc_fuzz_filter_one(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t pos = 0, plen = 0, vlen = 0;
	const char *pattern = "", *vtext = NULL;
	next_line(s, size, &pos, &pattern, &plen);
	next_line(s, size, &pos, &vtext, &vlen);
	size_t events_at = pos;

	mc_arena *arena = mc_arena_new();
	mc_filter_error e;
	mc_filter *f = mc_filter_parse(pattern, plen, arena, &e);
	check_parse_result(f, &e, plen);
	check_as_yaml(pattern, plen, f != NULL, &e);
	if (!f) {
		mc_arena_free(arena);
		return 0;
	}

	/* The value spec as the IR holds it: a C string (so it ends at a NUL byte). */
	const char *value = vlen ? mc_arena_strndup(arena, vtext, vlen) : NULL;
	const char *why = NULL;
	if (value && mc_filter_value_check(f, value, &why) != 0) {
		if (!why)
			broken("a value spec refused without a reason");
		value = NULL;
	}
	const char *ev;
	size_t evlen, nevents = 0;
	while (next_line(s, size, &pos, &ev, &evlen)) {
		match_event(f, ev, evlen, value);
		nevents++;
	}
	if (nevents > 1)
		match_event(f, s + events_at, size - events_at, value);
	if (nevents == 0) /* the pattern against itself and against nothing */
		match_event(f, pattern, plen, value);
	match_event(f, "", 0, value);

	mc_filter_release(f);
	mc_arena_free(arena);
	return 0;
}
