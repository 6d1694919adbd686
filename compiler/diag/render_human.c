/*
 * The human renderer: diagnostics -> rustc-style text for a terminal.
 *
 *   error[E0101]: unknown key `treshold` in alarm `memory`
 *     --> examples/bad.yaml:12:5
 *      |
 *   12 |     treshold: 90
 *      |     ^^^^^^^^ not a key of an alarm
 *      |
 *      = help: did you mean `threshold`?
 *
 * The location line keeps the GNU `file:line:col` shape editors jump to; its column counts
 * code points (as libyaml and rustc's JSON do), while the carets below are placed by display
 * width (tab = 4, wide characters 2), so they line up on a terminal. Every byte that comes
 * from the user passes through mc_render_safe or put_source, so a spec cannot send escape
 * sequences to the terminal; without colour the output holds no escape byte at all.
 */
#include "diag/render.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "base/utf8.h"
#include "diag/render_util.h"

#define SGR_RESET "\x1b[0m"
#define SGR_BOLD "\x1b[1m"
#define SGR_RED "\x1b[1;31m"
#define SGR_YELLOW "\x1b[1;33m"
#define SGR_CYAN "\x1b[1;36m"
#define SGR_BLUE "\x1b[1;34m"

enum { TAB_WIDTH = 4 };

typedef struct {
	mc_buf *out;
	bool color;
	unsigned digits; /* width of the widest line number shown; the gutter is one more */
} ctx;

static void sgr(ctx *c, const char *code)
{
	if (c->color)
		mc_buf_puts(c->out, code);
}

static const char *level_color(mc_level level)
{
	switch (level) {
	case MC_LEVEL_ERROR: return SGR_RED;
	case MC_LEVEL_WARNING: return SGR_YELLOW;
	case MC_LEVEL_NOTE: return SGR_CYAN;
	}
	return SGR_RED;
}

static void put_safe(ctx *c, const char *s)
{
	mc_render_safe(c->out, s, strlen(s));
}

/* Columns s[0..len) takes on a terminal, the way put_source draws it. */
static size_t display_width(const char *s, size_t len)
{
	size_t w = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		int unsafe;
		size_t n = mc_render_decode(s + i, len - i, &cp, &unsafe);
		if (cp == '\t' && n == 1)
			w += TAB_WIDTH;
		else if (unsafe)
			w += 1;
		else
			w += (size_t)mc_utf8_width(cp);
		i += n;
	}
	return w;
}

/* A source line for display: tabs expanded, unsafe code points as `?`. */
static void put_source(ctx *c, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int unsafe;
		size_t n = mc_render_decode(s + i, len - i, &cp, &unsafe);
		if (cp == '\t' && n == 1)
			mc_buf_repeat(c->out, ' ', TAB_WIDTH);
		else if (unsafe)
			mc_buf_putc(c->out, '?');
		else
			mc_buf_add(c->out, s + i, n);
		i += n;
	}
}

static unsigned count_digits(uint32_t n)
{
	unsigned d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* `   |` */
static void gutter(ctx *c, bool newline)
{
	sgr(c, SGR_BLUE);
	mc_buf_repeat(c->out, ' ', c->digits + 1);
	mc_buf_putc(c->out, '|');
	sgr(c, SGR_RESET);
	if (newline)
		mc_buf_putc(c->out, '\n');
}

/* `  --> path:12:5` or `  ::: path:3:1` */
static void location(ctx *c, const char *arrow, mc_source *src, uint32_t byte)
{
	mc_pos p = mc_source_pos(src, byte);
	sgr(c, SGR_BLUE);
	mc_buf_repeat(c->out, ' ', c->digits);
	mc_buf_puts(c->out, arrow);
	sgr(c, SGR_RESET);
	mc_buf_putc(c->out, ' ');
	put_safe(c, src->path);
	mc_buf_printf(c->out, ":%u:%u\n", (unsigned)p.line, (unsigned)p.column);
}

static void header(ctx *c, const mc_diag *g)
{
	const mc_code_info *info = mc_code_get(g->code);
	sgr(c, level_color(g->level));
	mc_buf_puts(c->out, mc_level_name(g->level));
	if (info)
		mc_buf_printf(c->out, "[%s]", info->id);
	sgr(c, SGR_RESET);
	sgr(c, SGR_BOLD);
	mc_buf_puts(c->out, ": ");
	put_safe(c, g->message);
	sgr(c, SGR_RESET);
	mc_buf_putc(c->out, '\n');
}

/* `   = note: text` */
static void sub(ctx *c, const char *word, const char *text)
{
	sgr(c, SGR_BLUE);
	mc_buf_repeat(c->out, ' ', c->digits + 1);
	mc_buf_putc(c->out, '=');
	sgr(c, SGR_RESET);
	mc_buf_putc(c->out, ' ');
	sgr(c, SGR_BOLD);
	mc_buf_puts(c->out, word);
	sgr(c, SGR_RESET);
	mc_buf_puts(c->out, ": ");
	put_safe(c, text);
	mc_buf_putc(c->out, '\n');
}

static void subs(ctx *c, const mc_diag *g)
{
	for (unsigned i = 0; i < g->nnotes; i++)
		sub(c, "note", g->notes[i]);
	if (g->help)
		sub(c, "help", g->help);
}

/*
 * The underline of label l on its first line (line text s[0..len) starting at byte ls):
 * from the span's start to its end or the end of the line, at least one mark, so an empty
 * span or one at a line break gets a single mark right after the text.
 */
static void underline(ctx *c, const mc_diag *g, const mc_label *l, bool primary, uint32_t ls,
                      const char *s, size_t len)
{
	size_t a = l->span.lo > ls ? l->span.lo - ls : 0;
	size_t b = l->span.hi > ls ? l->span.hi - ls : 0;
	if (a > len)
		a = len;
	if (b > len)
		b = len;
	if (b < a)
		b = a;
	size_t pad = display_width(s, a), marks = display_width(s + a, b - a);
	if (marks == 0)
		marks = 1;
	gutter(c, false);
	mc_buf_putc(c->out, ' ');
	mc_buf_repeat(c->out, ' ', pad);
	sgr(c, primary ? level_color(g->level) : SGR_BLUE);
	mc_buf_repeat(c->out, primary ? '^' : '-', marks);
	if (l->text && *l->text) {
		mc_buf_putc(c->out, ' ');
		put_safe(c, l->text);
	}
	sgr(c, SGR_RESET);
	mc_buf_putc(c->out, '\n');
}

/* The source line `line` of src, then one underline per label that starts on it. */
static void show_line(ctx *c, const mc_diag *g, const mc_sources *srcs, mc_source *src,
                      uint32_t line)
{
	const char *s;
	size_t len;
	if (!mc_source_line(src, line, &s, &len))
		return;
	sgr(c, SGR_BLUE);
	mc_buf_printf(c->out, "%-*u|", (int)c->digits + 1, (unsigned)line);
	sgr(c, SGR_RESET);
	if (len) {
		mc_buf_putc(c->out, ' ');
		put_source(c, s, len);
	}
	mc_buf_putc(c->out, '\n');
	uint32_t ls = (uint32_t)(s - src->text);
	/* Labels in index order: the primary (index 0) comes first. */
	for (unsigned i = 0; i < g->nlabels; i++) {
		const mc_label *l = &g->labels[i];
		if (mc_render_label_source(srcs, l) != src)
			continue;
		if (mc_source_pos(src, l->span.lo).line == line)
			underline(c, g, l, i == 0, ls, s, len);
	}
}

/* The excerpt of one file: its location line, then the labelled lines in line order. */
static void show_file(ctx *c, const mc_diag *g, const mc_sources *srcs, mc_source *src,
                      bool first)
{
	uint32_t lines[MC_DIAG_MAX_LABELS];
	unsigned nlines = 0;
	const mc_label *loc = NULL;
	for (unsigned i = 0; i < g->nlabels; i++) {
		const mc_label *l = &g->labels[i];
		if (mc_render_label_source(srcs, l) != src)
			continue;
		if (!loc)
			loc = l;
		uint32_t line = mc_source_pos(src, l->span.lo).line;
		unsigned j = 0;
		while (j < nlines && lines[j] < line)
			j++;
		if (j < nlines && lines[j] == line)
			continue;
		for (unsigned k = nlines; k > j; k--)
			lines[k] = lines[k - 1];
		lines[j] = line;
		nlines++;
	}
	if (!first)
		gutter(c, true);
	location(c, first ? "-->" : ":::", src, loc->span.lo);
	gutter(c, true);
	for (unsigned j = 0; j < nlines; j++) {
		if (j > 0 && lines[j] - lines[j - 1] > 1) {
			sgr(c, SGR_BLUE);
			mc_buf_puts(c->out, "...");
			sgr(c, SGR_RESET);
			mc_buf_putc(c->out, '\n');
		}
		show_line(c, g, srcs, src, lines[j]);
	}
}

/* Whether g is drawn with a source excerpt: it has a primary span in a known file. */
static bool has_excerpt(const mc_diag *g, const mc_sources *srcs)
{
	return g->nlabels > 0 && mc_render_label_source(srcs, &g->labels[0]) != NULL;
}

void mc_render_human_one(const mc_diag *g, mc_sources *srcs, bool color, mc_buf *out)
{
	ctx c = {out, color, 1};
	header(&c, g);
	if (!has_excerpt(g, srcs)) {
		subs(&c, g);
		return;
	}
	/* Files in order of first use; labels in unknown files are left out. */
	mc_source *files[MC_DIAG_MAX_LABELS];
	unsigned nfiles = 0;
	for (unsigned i = 0; i < g->nlabels; i++) {
		mc_source *src = mc_render_label_source(srcs, &g->labels[i]);
		if (!src)
			continue;
		unsigned digits = count_digits(mc_source_pos(src, g->labels[i].span.lo).line);
		if (digits > c.digits)
			c.digits = digits;
		unsigned j = 0;
		while (j < nfiles && files[j] != src)
			j++;
		if (j == nfiles)
			files[nfiles++] = src;
	}
	for (unsigned j = 0; j < nfiles; j++)
		show_file(&c, g, srcs, files[j], j == 0);
	if (g->nnotes || g->help) {
		gutter(&c, true);
		subs(&c, g);
	}
}

static void summary(ctx *c, mc_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* `error: text`, the level word in its colour and the text bold. */
static void summary(ctx *c, mc_level level, const char *fmt, ...)
{
	sgr(c, level_color(level));
	mc_buf_puts(c->out, mc_level_name(level));
	sgr(c, SGR_RESET);
	sgr(c, SGR_BOLD);
	mc_buf_puts(c->out, ": ");
	va_list ap;
	va_start(ap, fmt);
	mc_buf_vprintf(c->out, fmt, ap);
	va_end(ap);
	sgr(c, SGR_RESET);
	mc_buf_putc(c->out, '\n');
}

static const char *plural(unsigned n)
{
	return n == 1 ? "" : "s";
}

void mc_render_human(const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts, mc_buf *out)
{
	bool color = opts && opts->color;
	unsigned limit = opts ? opts->error_limit : 0;
	ctx c = {out, color, 1};
	unsigned nerrors = d->nerrors, nwarnings = d->nwarnings, shown = 0;
	bool any_excerpt = false;
	for (size_t i = 0; i < d->len; i++)
		any_excerpt = any_excerpt || has_excerpt(d->v[i], srcs);
	for (size_t i = 0; i < d->len; i++) {
		const mc_diag *g = d->v[i];
		if (g->level == MC_LEVEL_ERROR) {
			if (limit && shown == limit) {
				summary(&c, MC_LEVEL_ERROR,
				        "too many errors (%u more not shown; "
				        "use --error-limit 0 to see all)",
				        nerrors - shown);
				break;
			}
			shown++;
		}
		mc_render_human_one(g, srcs, color, out);
		/* A blank line ends a diagnostic with an excerpt; one-liners stay one line. */
		if (has_excerpt(g, srcs))
			mc_buf_putc(out, '\n');
	}
	if (!any_excerpt)
		return;
	if (nerrors && nwarnings)
		summary(&c, MC_LEVEL_ERROR,
		        "could not check due to %u error%s; %u warning%s emitted", nerrors,
		        plural(nerrors), nwarnings, plural(nwarnings));
	else if (nerrors)
		summary(&c, MC_LEVEL_ERROR, "could not check due to %u error%s", nerrors,
		        plural(nerrors));
	else if (nwarnings)
		summary(&c, MC_LEVEL_WARNING, "%u warning%s emitted", nwarnings, plural(nwarnings));
}
