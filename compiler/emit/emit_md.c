/*
 * The Markdown writer of the runbook emitter (emit_md.h): buffering, escaping, and GitHub's
 * heading anchors.
 *
 * Anchors follow github-slugger, the library behind GitHub's own anchors and most Markdown
 * previews: slug the rendered heading text, then, while the result is taken, append `-N`
 * with N counting up from the base slug's own counter. The table of taken anchors is a small
 * open-addressing hash set, so a document with 50,000 runbook sections stays linear.
 */
#include "base/hash.h"
#include "emit/emit_md.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* Chunk size handed to the sink: big enough that a write call is rare. */
#define FLUSH_AT (64 * 1024)

void mc_md_init(mc_md *md, mc_md_sink sink, void *ud, bool dry)
{
	memset(md, 0, sizeof *md);
	md->sink = sink;
	md->ud = ud;
	md->dry = dry;
}

void mc_md_flush(mc_md *md)
{
	if (!md->sink || !md->buf.len)
		return;
	md->sink(md->ud, md->buf.p, md->buf.len);
	mc_buf_clear(&md->buf);
}

void mc_md_release(mc_md *md)
{
	mc_md_flush(md);
	for (size_t i = 0; i < md->nslots; i++)
		free(md->slots[i].key);
	free(md->slots);
	mc_buf_release(&md->buf);
	mc_buf_release(&md->scratch);
	md->slots = NULL;
	md->nslots = md->used = 0;
}

static void wrote(mc_md *md)
{
	if (md->sink && md->buf.len >= FLUSH_AT)
		mc_md_flush(md);
}

static void add(mc_md *md, const char *p, size_t n)
{
	if (md->dry)
		return;
	mc_buf_add(&md->buf, p, n);
	wrote(md);
}

void mc_md_puts(mc_md *md, const char *s)
{
	add(md, s, strlen(s));
}

void mc_md_putc(mc_md *md, char c)
{
	add(md, &c, 1);
}

void mc_md_printf(mc_md *md, const char *fmt, ...)
{
	if (md->dry)
		return;
	va_list ap;
	va_start(ap, fmt);
	mc_buf_vprintf(&md->buf, fmt, ap);
	va_end(ap);
	wrote(md);
}

void mc_md_uint(mc_md *md, unsigned long long v)
{
	if (md->dry)
		return;
	mc_buf_uint(&md->buf, v);
	wrote(md);
}

void mc_md_double(mc_md *md, double v)
{
	if (md->dry)
		return;
	mc_buf_double(&md->buf, v);
	wrote(md);
}

/* ---- escaping ---- */

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (unsigned char)c >= 0x80;
}

static size_t run_of(const char *s, char c)
{
	size_t n = 0;
	while (s[n] == c)
		n++;
	return n;
}

/* The end of the code span opened by n backticks at s + n, or NULL when none closes it. */
static const char *code_end(const char *s, size_t n)
{
	for (const char *p = s + n; *p; ) {
		if (*p != '`') {
			p++;
			continue;
		}
		size_t k = run_of(p, '`');
		if (k == n)
			return p + k;
		p += k;
	}
	return NULL;
}

static bool whitespace(char c)
{
	return c == '\n' || c == '\r' || c == '\t';
}

/* Whether text starting at s would open a block at the start of a line. */
static bool block_start(const char *s)
{
	if (*s == '#' || *s == '>' || *s == '-' || *s == '+' || *s == '=')
		return true;
	size_t d = 0;
	while (s[d] >= '0' && s[d] <= '9')
		d++;
	return d > 0 && (s[d] == '.' || s[d] == ')');
}

/* A character text() copies as is, whatever its neighbours: most of every runbook. */
/* The bytes text() copies as they are: all but NUL, line breaks, tabs and the ones
 * Markdown gives a meaning to. A table, as text() looks up every byte of the runbooks. */
#define SPECIAL_MD(c)                                                                        \
	((c) == '\0' || (c) == '`' || (c) == '\n' || (c) == '\r' || (c) == '\t' ||             \
	 (c) == '\\' || (c) == '*' || (c) == '[' || (c) == ']' || (c) == '<' || (c) == '~' ||   \
	 (c) == '$' || (c) == '_' || (c) == '&' || (c) == '|')
#define ORD(c) (!SPECIAL_MD(c))
#define ORD4(c) ORD(c), ORD((c) + 1), ORD((c) + 2), ORD((c) + 3)
#define ORD16(c) ORD4(c), ORD4((c) + 4), ORD4((c) + 8), ORD4((c) + 12)
#define ORD64(c) ORD16(c), ORD16((c) + 16), ORD16((c) + 32), ORD16((c) + 48)
static const bool ordinary_byte[256] = {ORD64(0), ORD64(64), ORD64(128), ORD64(192)};
#undef ORD64
#undef ORD16
#undef ORD4
#undef ORD
#undef SPECIAL_MD

static bool ordinary(char c)
{
	return ordinary_byte[(unsigned char)c];
}

static void text(mc_md *md, const char *s, bool cell)
{
	if (md->dry || !s)
		return;
	mc_buf *b = &md->buf;
	if (block_start(s)) {
		size_t d = 0;
		while (s[d] >= '0' && s[d] <= '9')
			d++;
		mc_buf_add(b, s, d); /* `1.` -> `1\.`, `#` -> `\#` */
		mc_buf_putc(b, '\\');
		mc_buf_putc(b, s[d]);
		s += d + 1;
	}
	for (const char *p = s; *p; p++) {
		/* Ordinary characters go out a run at a time, not one call per byte. */
		const char *run = p;
		while (ordinary(*p))
			p++;
		if (p > run)
			mc_buf_add(b, run, (size_t)(p - run));
		if (!*p)
			break;
		char c = *p;
		if (c == '`') {
			size_t n = run_of(p, '`');
			const char *end = code_end(p, n);
			if (!end) { /* no closing run: the backticks are text */
				for (size_t k = 0; k < n; k++)
					mc_buf_puts(b, "\\`");
				p += n - 1;
				continue;
			}
			for (; p < end; p++) {
				if (cell && *p == '|')
					mc_buf_putc(b, '\\');
				mc_buf_putc(b, whitespace(*p) ? ' ' : *p);
			}
			p--;
			continue;
		}
		if (whitespace(c)) {
			if (c != '\r')
				mc_buf_putc(b, ' ');
			continue;
		}
		bool esc = false;
		switch (c) {
		case '\\': case '*': case '[': case ']': case '<': case '~': case '$':
			esc = true;
			break;
		case '_': /* GFM reads no emphasis inside words: `host_memory` stays readable */
			esc = !(p > s && alnum(p[-1]) && alnum(p[1]));
			break;
		case '&': /* only what could be an entity */
			esc = (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
			      p[1] == '#';
			break;
		case '|':
			esc = cell;
			break;
		default:
			break;
		}
		if (esc)
			mc_buf_putc(b, '\\');
		mc_buf_putc(b, c);
	}
	wrote(md);
}

void mc_md_text(mc_md *md, const char *s)
{
	text(md, s, false);
}

void mc_md_cell(mc_md *md, const char *s)
{
	text(md, s, true);
}

void mc_md_code(mc_md *md, const char *s)
{
	if (md->dry || !s)
		return;
	/* One more backtick than the longest run inside, and spaces when s starts or ends with
	 * a backtick (CommonMark strips one space on each side). */
	size_t longest = 0;
	for (const char *p = strchr(s, '`'); p; p = strchr(p, '`')) {
		size_t k = run_of(p, '`');
		if (k > longest)
			longest = k;
		p += k;
	}
	size_t len = strlen(s);
	bool pad = len && (s[0] == '`' || s[len - 1] == '`' || (s[0] == ' ' && s[len - 1] == ' '));
	/* Written in place: a runbook document has a code span on most lines. */
	size_t fence = longest + 1;
	mc_buf *b = &md->buf;
	mc_buf_reserve(b, len + 2 * fence + 2);
	char *d = b->p + b->len;
	memset(d, '`', fence);
	d += fence;
	if (pad)
		*d++ = ' ';
	memcpy(d, s, len);
	for (size_t i = 0; i < len; i++)
		if (whitespace(d[i]))
			d[i] = ' ';
	d += len;
	if (pad)
		*d++ = ' ';
	memset(d, '`', fence);
	d += fence;
	b->len = (size_t)(d - b->p);
	b->p[b->len] = '\0';
	wrote(md);
}

/* ---- anchors ---- */

void mc_md_slug(const char *t, mc_buf *out)
{
	/* Leading and trailing white space is not part of a heading's text. */
	while (*t == ' ' || whitespace(*t))
		t++;
	size_t len = strlen(t);
	while (len && (t[len - 1] == ' ' || whitespace(t[len - 1])))
		len--;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c >= 'A' && c <= 'Z')
			mc_buf_putc(out, (char)(c - 'A' + 'a'));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		         c >= 0x80)
			mc_buf_putc(out, (char)c);
		else if (c == ' ')
			mc_buf_putc(out, '-');
	}
}

static uint64_t hash(const char *s)
{
	return mc_fnv1a64_str(s);
}

/* The slot of key: its own, or the empty one where it would go. */
static struct mc_md_slot *slot(mc_md *md, const char *key)
{
	size_t mask = md->nslots - 1;
	for (size_t i = (size_t)hash(key) & mask;; i = (i + 1) & mask)
		if (!md->slots[i].key || strcmp(md->slots[i].key, key) == 0)
			return &md->slots[i];
}

static void grow(mc_md *md)
{
	struct mc_md_slot *old = md->slots;
	size_t n = md->nslots;
	md->nslots = n ? 2 * n : 64;
	md->slots = mc_xcalloc(md->nslots, sizeof *md->slots);
	for (size_t i = 0; i < n; i++)
		if (old[i].key)
			*slot(md, old[i].key) = old[i];
	free(old);
}

static struct mc_md_slot *take(mc_md *md, const char *key)
{
	if (2 * (md->used + 1) > md->nslots)
		grow(md);
	struct mc_md_slot *s = slot(md, key);
	if (!s->key) {
		s->key = mc_xstrdup(key);
		s->count = 0;
		md->used++;
	}
	return s;
}

const char *mc_md_anchor(mc_md *md, const char *slug)
{
	mc_buf *r = &md->scratch;
	mc_buf_clear(r);
	mc_buf_puts(r, slug);
	if (md->nslots && slot(md, slug)->key) {
		for (;;) {
			/* Re-looked up each time: take() may have moved the table. */
			unsigned n = ++slot(md, slug)->count;
			mc_buf_clear(r);
			mc_buf_printf(r, "%s-%u", slug, n);
			if (!slot(md, mc_buf_str(r))->key)
				break;
		}
	}
	take(md, mc_buf_str(r))->count = 0;
	return mc_buf_str(r);
}

const char *mc_md_heading(mc_md *md, int level, const char *t)
{
	if (level < 1)
		level = 1;
	if (level > 6)
		level = 6;
	if (!md->dry) {
		mc_buf_repeat(&md->buf, '#', (size_t)level);
		mc_buf_putc(&md->buf, ' ');
		text(md, t, false);
		mc_buf_putc(&md->buf, '\n');
	}
	mc_buf s = MC_BUF_INIT;
	mc_md_slug(t, &s);
	const char *a = mc_md_anchor(md, mc_buf_str(&s));
	mc_buf_release(&s);
	return a;
}

/* ---- blocks ---- */

static size_t indent(const char *l, size_t n)
{
	size_t i = 0;
	while (i < n && l[i] == ' ')
		i++;
	return i;
}

/* The heading text of an ATX heading line, or false. */
static bool atx(const char *l, size_t n, mc_buf *out)
{
	size_t i = indent(l, n);
	if (i > 3)
		return false;
	size_t h = 0;
	while (i + h < n && l[i + h] == '#')
		h++;
	if (h < 1 || h > 6 || (i + h < n && l[i + h] != ' ' && l[i + h] != '\t'))
		return false;
	size_t a = i + h, e = n;
	while (e > a && (l[e - 1] == ' ' || l[e - 1] == '\t'))
		e--;
	/* An optional closing sequence of `#`s, after a space. */
	size_t c = e;
	while (c > a && l[c - 1] == '#')
		c--;
	if (c < e && (c == a || l[c - 1] == ' ' || l[c - 1] == '\t'))
		e = c;
	mc_buf_add(out, l + a, e - a);
	return true;
}

static bool setext_line(const char *l, size_t n)
{
	size_t i = indent(l, n);
	if (i > 3 || i >= n || (l[i] != '=' && l[i] != '-'))
		return false;
	char c = l[i];
	while (i < n && l[i] == c)
		i++;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	return i == n;
}

static bool blank_line(const char *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r')
			return false;
	return true;
}

/* Lines that cannot continue into a setext heading: list items, quotes, indented code. */
static bool not_paragraph(const char *l, size_t n)
{
	size_t i = indent(l, n);
	if (i >= 4 || i >= n)
		return true;
	char c = l[i];
	if ((c == '-' || c == '*' || c == '+') && (i + 1 == n || l[i + 1] == ' '))
		return true;
	if (c == '>' || c == '|')
		return true;
	size_t d = i;
	while (d < n && l[d] >= '0' && l[d] <= '9')
		d++;
	return d > i && d < n && (l[d] == '.' || l[d] == ')');
}

/* Counts the anchor of a heading found in a block, its text without backslash escapes. */
static void block_heading(mc_md *md, const mc_buf *raw)
{
	mc_buf t = MC_BUF_INIT, s = MC_BUF_INIT;
	const char *p = mc_buf_str(raw);
	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		mc_buf_putc(&t, *p);
	}
	mc_md_slug(mc_buf_str(&t), &s);
	mc_md_anchor(md, mc_buf_str(&s));
	mc_buf_release(&t);
	mc_buf_release(&s);
}

void mc_md_block(mc_md *md, const char *s)
{
	if (!s)
		return;
	size_t len = strlen(s);
	add(md, s, len);
	if (len && s[len - 1] != '\n')
		add(md, "\n", 1);
	mc_buf para = MC_BUF_INIT; /* the open paragraph's lines, for setext headings */
	bool in_para = false;
	for (const char *l = s; *l; ) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		size_t i = indent(l, n);
		if (md->fence) {
			size_t k = 0;
			while (i + k < n && l[i + k] == md->fence)
				k++;
			if (i <= 3 && k >= md->fence_len && blank_line(l + i + k, n - i - k))
				md->fence = 0;
		} else if (i <= 3 && n - i >= 3 &&
		           (strncmp(l + i, "```", 3) == 0 || strncmp(l + i, "~~~", 3) == 0)) {
			md->fence = l[i];
			md->fence_len = run_of(l + i, l[i]);
			in_para = false;
		} else if (blank_line(l, n)) {
			in_para = false;
		} else {
			mc_buf h = MC_BUF_INIT;
			if (atx(l, n, &h)) {
				block_heading(md, &h);
				in_para = false;
			} else if (in_para && setext_line(l, n)) {
				block_heading(md, &para);
				in_para = false;
			} else if (!in_para && not_paragraph(l, n)) {
				/* a list item or quote: no setext heading can follow */
			} else {
				if (!in_para)
					mc_buf_clear(&para);
				else
					mc_buf_putc(&para, '\n');
				mc_buf_add(&para, l + i, n - i);
				in_para = true;
			}
			mc_buf_release(&h);
		}
		l += n + (nl ? 1 : 0);
	}
	if (md->fence) {
		/* A fence left open would swallow the rest of the document, sections and all:
		 * close it where the block ends. */
		add(md, "\n", 1);
		for (size_t k = 0; k < md->fence_len; k++)
			add(md, &md->fence, 1);
		add(md, "\n", 1);
		md->fence = 0;
	}
	mc_buf_release(&para);
}
