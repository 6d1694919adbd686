/*
 * The streaming YAML writer of yaml_out.h.
 *
 * Layout: each open container is a frame with the column of its entries and how its first
 * entry starts. A container that is the value of a key is announced by `Key:` with the line
 * left open (START_NEWLINE): its first entry ends that line, and if it stays empty ` {}` /
 * ` []` ends it instead. A container that is a sequence item starts right after `- `
 * (START_INLINE), so a mapping item reads `- Key: value`. The document's root starts at column
 * 0 (START_INDENT). Text gathers in a 4 KiB buffer inside the writer and goes to the mc_out
 * (or the mc_buf) in chunks: most pieces are a few bytes, and a call per piece showed in
 * profiles.
 *
 * Quoting: plain only for strings made of a conservative set of characters that start with a
 * letter (or `/`, `_`, `$`, `(`) and are none of YAML 1.1's bool/null words; otherwise single
 * quotes, or double quotes when something must be escaped. Over-quoting is harmless; a
 * missing quote turns `no` into false, so the plain set is kept small on purpose.
 */
#include "emit/yaml_out.h"

#include <string.h>

#include "base/swar.h"
#include "base/utf8.h"
#include "base/xalloc.h"

enum { MAP, SEQ };
enum { START_INDENT, START_NEWLINE, START_INLINE };

void mc_yaml_flush(mc_yaml *y)
{
	if (y->len == 0)
		return;
	if (y->out)
		mc_out_write(y->out, y->pending, y->len);
	else
		mc_buf_add(y->buf, y->pending, y->len);
	y->len = 0;
}

static void put_slow(mc_yaml *y, const char *s, size_t n);

/*
 * Most pieces are a few bytes: gather them, hand them on a few KiB at a time. Inline, so
 * that the pieces of known length (`:`, `- `, a newline) are copied without a call.
 */
static inline __attribute__((always_inline)) void put(mc_yaml *y, const char *s, size_t n)
{
	if (n <= sizeof y->pending - y->len) {
		memcpy(y->pending + y->len, s, n);
		y->len += n;
		return;
	}
	put_slow(y, s, n);
}

static void put_slow(mc_yaml *y, const char *s, size_t n)
{
	mc_yaml_flush(y);
	if (n <= sizeof y->pending) {
		memcpy(y->pending, s, n);
		y->len = n;
	} else if (y->out) {
		mc_out_write(y->out, s, n);
	} else {
		mc_buf_add(y->buf, s, n);
	}
}

static void puts_(mc_yaml *y, const char *s)
{
	put(y, s, strlen(s));
}

/* A newline and 64 spaces: an entry's line break and indentation in one copy. */
static const char nl_spaces[] = "\n                                                                ";

static void indent(mc_yaml *y, unsigned n)
{
	/* Every entry starts with this: spaces stored 8 at a time when the buffer has room
	 * for n rounded up (the bytes past n are overwritten by what follows). */
	if (n + 8 <= sizeof y->pending - y->len) {
		char *d = y->pending + y->len;
		for (unsigned i = 0; i < n; i += 8)
			memcpy(d + i, "        ", 8);
		y->len += n;
		return;
	}
	while (n > 0) {
		unsigned k = n < sizeof nl_spaces - 2 ? n : (unsigned)(sizeof nl_spaces - 2);
		put(y, nl_spaces + 1, k);
		n -= k;
	}
}

/* A line break, then n spaces. */
static void newline_indent(mc_yaml *y, unsigned n)
{
	if (n <= sizeof nl_spaces - 2) {
		put(y, nl_spaces, n + 1);
		return;
	}
	put(y, "\n", 1);
	indent(y, n);
}

void mc_yaml_init(mc_yaml *y, mc_out *o, mc_buf *buf)
{
	memset(y, 0, sizeof *y);
	y->out = o;
	y->buf = buf;
	mc_buf_init(&y->scratch);
	if (!o && !buf)
		MC_BUG("mc_yaml_init: no output");
}

void mc_yaml_release(mc_yaml *y)
{
	mc_yaml_flush(y);
	mc_buf_release(&y->scratch);
}

void mc_yaml_set_indent(mc_yaml *y, unsigned col)
{
	if (y->depth)
		MC_BUG("mc_yaml_set_indent inside a container");
	y->base = col;
}

static struct mc_yaml_frame *top(mc_yaml *y)
{
	return y->depth ? &y->stack[y->depth - 1] : NULL;
}

/* Writes what precedes the next entry of the top frame (the indentation, ending the line). */
static void entry_prefix(mc_yaml *y, struct mc_yaml_frame *f)
{
	if (f->count == 0 && f->start == START_INLINE)
		;
	else if (f->count == 0 && f->start == START_NEWLINE)
		newline_indent(y, f->indent);
	else
		indent(y, f->indent);
	f->count++;
}

static void put_tag_slow(mc_yaml *y, bool space_before);

/* The tag for the value about to be written, with the separator the position needs. */
static inline void put_tag(mc_yaml *y, bool space_before)
{
	if (y->tag)
		put_tag_slow(y, space_before);
}

static void put_tag_slow(mc_yaml *y, bool space_before)
{
	if (space_before)
		put(y, " ", 1);
	puts_(y, y->tag);
	y->tag = NULL;
}

/* Everything before a scalar value: ` ` after a key, `- ` (indented) in a sequence. */
static void scalar_prefix(mc_yaml *y)
{
	struct mc_yaml_frame *f = top(y);
	if (!f) {
		if (y->tag) {
			put_tag(y, false);
			put(y, " ", 1);
		}
		return;
	}
	if (f->kind == MAP) {
		if (!f->after_key)
			MC_BUG("yaml: a value where a key is expected");
		f->after_key = false;
		put_tag(y, true);
		put(y, " ", 1);
		return;
	}
	entry_prefix(y, f);
	put(y, "- ", 2);
	if (y->tag) {
		put_tag(y, false);
		put(y, " ", 1);
	}
}

static void scalar(mc_yaml *y, const char *text, size_t n)
{
	scalar_prefix(y);
	put(y, text, n);
	put(y, "\n", 1);
}

static void begin(mc_yaml *y, int kind)
{
	if (y->depth == MC_YAML_MAX_DEPTH)
		MC_BUG("yaml: nesting deeper than %d", MC_YAML_MAX_DEPTH);
	struct mc_yaml_frame *parent = top(y);
	struct mc_yaml_frame nf = {(unsigned char)kind, START_INDENT, false, y->base, 0};
	if (!parent) {
		if (y->tag) {
			put_tag(y, false);
			nf.start = START_NEWLINE;
		}
	} else if (parent->kind == MAP) {
		if (!parent->after_key)
			MC_BUG("yaml: a container where a key is expected");
		parent->after_key = false;
		put_tag(y, true);
		nf.start = START_NEWLINE;
		nf.indent = parent->indent + 2;
	} else {
		entry_prefix(y, parent);
		put(y, "-", 1);
		nf.indent = parent->indent + 2;
		if (y->tag) {
			/* `- !Tag` then the entries on their own lines. */
			put_tag(y, true);
			nf.start = START_NEWLINE;
		} else {
			put(y, " ", 1);
			nf.start = START_INLINE;
		}
	}
	y->stack[y->depth++] = nf;
}

static void end(mc_yaml *y, int kind)
{
	struct mc_yaml_frame *f = top(y);
	if (!f || f->kind != kind)
		MC_BUG("yaml: unbalanced end of a %s", kind == MAP ? "mapping" : "sequence");
	if (f->after_key)
		MC_BUG("yaml: a key without a value");
	if (f->count == 0) {
		const char *empty = kind == MAP ? "{}\n" : "[]\n";
		if (f->start == START_NEWLINE)
			put(y, " ", 1);
		else if (f->start == START_INDENT)
			indent(y, f->indent); /* the root, or after a comment */
		puts_(y, empty);
	}
	if (--y->depth == 0)
		mc_yaml_flush(y); /* the document is complete */
}

void mc_yaml_map_begin(mc_yaml *y)
{
	begin(y, MAP);
}

void mc_yaml_map_end(mc_yaml *y)
{
	end(y, MAP);
}

void mc_yaml_seq_begin(mc_yaml *y)
{
	begin(y, SEQ);
}

void mc_yaml_seq_end(mc_yaml *y)
{
	end(y, SEQ);
}

void mc_yaml_tag(mc_yaml *y, const char *tag)
{
	y->tag = tag;
}

static void quote_nonplain(mc_buf *b, const char *s, size_t n);

/* Plain text goes out as is; anything else is quoted into the scratch buffer first. */
static void write_quoted(mc_yaml *y, const char *s, size_t n, bool is_key)
{
	if (!mc_yaml_plain_ok(s, n)) {
		mc_buf_clear(&y->scratch);
		quote_nonplain(&y->scratch, s, n);
		s = y->scratch.p;
		n = y->scratch.len;
	}
	if (is_key)
		put(y, s, n);
	else
		scalar(y, s, n);
}

void mc_yaml_key_n(mc_yaml *y, const char *key, size_t n, bool literal)
{
	struct mc_yaml_frame *f = top(y);
	if (!f || f->kind != MAP || f->after_key)
		MC_BUG("yaml: a key outside a mapping, or two keys in a row");
	if (y->tag)
		MC_BUG("yaml: a tag on a key");
#ifdef MC_EXTRA_CHECKS
	if (literal && !mc_yaml_plain_ok(key, n))
		MC_BUG("yaml: the literal key `%s` is not a plain scalar", key);
#endif
	entry_prefix(y, f);
	if (literal)
		put(y, key, n);
	else
		write_quoted(y, key, n, true);
	put(y, ":", 1);
	f->after_key = true;
}

void mc_yaml_comment(mc_yaml *y, const char *text)
{
	struct mc_yaml_frame *f = top(y);
	if (f && (f->after_key || (f->count == 0 && f->start == START_INLINE)))
		MC_BUG("yaml: a comment in the middle of an entry");
	if (f && f->count == 0 && f->start == START_NEWLINE) {
		/* Before the first entry of `Key:`: end that line, the entry starts on its own. */
		put(y, "\n", 1);
		f->start = START_INDENT;
	}
	unsigned col = f ? f->indent : y->base;
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		indent(y, col);
		put(y, len ? "# " : "#", len ? 2 : 1);
		put(y, p, len);
		put(y, "\n", 1);
		if (!nl || nl[1] == '\0')
			break;
		p = nl + 1;
	}
}

void mc_yaml_str(mc_yaml *y, const char *s)
{
	write_quoted(y, s, strlen(s), false);
}

void mc_yaml_strn(mc_yaml *y, const char *s, size_t n)
{
	write_quoted(y, s, n, false);
}

/* Decimal digits of v ending at end; returns where they start (printf is slow per call). */
static char *utoa_end(uint64_t v, char *end)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

void mc_yaml_int(mc_yaml *y, int64_t v)
{
	char tmp[24];
	char *end = tmp + sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char *p = utoa_end(u, end);
	if (v < 0)
		*--p = '-';
	scalar(y, p, (size_t)(end - p));
}

void mc_yaml_uint(mc_yaml *y, uint64_t v)
{
	char tmp[24];
	char *end = tmp + sizeof tmp;
	char *p = utoa_end(v, end);
	scalar(y, p, (size_t)(end - p));
}

void mc_yaml_double(mc_yaml *y, double v)
{
	mc_buf_clear(&y->scratch);
	mc_yaml_number(&y->scratch, v);
	scalar(y, y->scratch.p, y->scratch.len);
}

void mc_yaml_bool(mc_yaml *y, bool v)
{
	scalar(y, v ? "true" : "false", v ? 4 : 5);
}

void mc_yaml_null(mc_yaml *y)
{
	scalar(y, "null", 4);
}

/* ---- scalars ---- */

/*
 * Character classes of ASCII bytes, one table lookup per byte (every scalar of a 100 MB
 * document passes through here): FIRST may start a plain scalar, PLAIN may follow in one
 * (block context), ESCAPE must be escaped inside double quotes.
 */
enum { FIRST = 1, PLAIN = 2, ESCAPE = 4, SPECIAL_QUOTED = 8 };

/*
 * Bytes >= 0x80: none of the first three. SPECIAL_QUOTED marks what needs a closer look
 * inside quotes (escapes, the apostrophe, every byte >= 0x80); the rest is copied as is.
 * A constant table, not one filled on first use: the emitters run on several threads.
 */
#define IS_ALPHA(c) (((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z'))
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_CTRL(c) ((c) < 0x20 || (c) == 0x7f)
/* `:` and `#` are plain only in some places: plain_ok looks at their neighbours. */
#define IS_PLAIN_PUNCT(c)                                                                   \
	((c) == ' ' || (c) == '-' || (c) == '_' || (c) == '.' || (c) == '/' || (c) == '(' ||  \
	 (c) == ')' || (c) == '$' || (c) == ',' || (c) == '{' || (c) == '}' || (c) == '+' ||  \
	 (c) == '=' || (c) == '%' || (c) == '@' || (c) == ';' || (c) == '[' || (c) == ']' ||  \
	 (c) == '*' || (c) == '<' || (c) == '>' || (c) == '|' || (c) == '!' || (c) == '&' ||  \
	 (c) == '?' || (c) == '~' || (c) == '^' || (c) == '`')
#define CLASS(c)                                                                            \
	((c) >= 128 ? SPECIAL_QUOTED                                                          \
	            : (unsigned char)(((IS_ALPHA(c) || (c) == '/' || (c) == '_' || (c) == '$' ||  \
	                                (c) == '(') ? FIRST : 0) |                            \
	                              ((IS_ALPHA(c) || IS_DIGIT(c) || IS_PLAIN_PUNCT(c)) ? PLAIN  \
	                                                                                 : 0) | \
	                              (IS_CTRL(c) ? ESCAPE | SPECIAL_QUOTED : 0) |             \
	                              ((c) == '\'' ? SPECIAL_QUOTED : 0)))
#define CLASS4(c) CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define CLASS16(c) CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), CLASS4((c) + 12)
#define CLASS64(c) CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), CLASS16((c) + 48)
static const unsigned char char_class[256] = {CLASS64(0), CLASS64(64), CLASS64(128),
                                              CLASS64(192)};

/* YAML 1.1 reads these (in any case) as booleans or null. */
static bool reserved_word(const char *s, size_t n)
{
	static const char *const words[] = {"y", "n", "yes", "no", "true", "false", "on", "off",
	    "null"};
	if (n > 5)
		return false;
	switch (s[0] | 0x20) { /* most keys and names start with none of the words' letters */
	case 'y': case 'n': case 't': case 'f': case 'o': break;
	default: return false;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		const char *w = words[i];
		size_t k = 0;
		while (k < n && w[k] && (s[k] | 0x20) == w[k])
			k++;
		if (k == n && w[k] == '\0')
			return true;
	}
	return false;
}

bool mc_yaml_plain_ok(const char *s, size_t n)
{
	if (n == 0 || !(char_class[(unsigned char)s[0]] & FIRST))
		return false;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 1;
	/* Four bytes a step while all four are plain: most scalars are plain to the end. */
	while (i + 4 <= n && (char_class[u[i]] & char_class[u[i + 1]] & char_class[u[i + 2]] &
	                      char_class[u[i + 3]] & PLAIN))
		i += 4;
	for (; i < n; i++) {
		if (char_class[u[i]] & PLAIN)
			continue;
		/* `: ` ends a key and ` #` starts a comment; elsewhere both are text. A `:` is
		 * never last here, so s[i + 1] is within the string. */
		if (s[i] == ':' && s[i + 1] != ' ')
			continue;
		if (s[i] == '#' && s[i - 1] != ' ')
			continue;
		return false;
	}
	return !reserved_word(s, n);
}

/* Whether the code point must be escaped in a double-quoted scalar (or quoted at all). */
static bool needs_escape(uint32_t cp)
{
	if (cp < 128)
		return char_class[cp] & ESCAPE;
	if (cp <= 0x9f)
		return true; /* C1 controls, NEL (a line break in YAML 1.1) */
	if (cp == 0x2028 || cp == 0x2029)
		return true; /* line and paragraph separators */
	if (cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
		return true;
	return false;
}

/* s[0..n) in single quotes, or double quotes when something must be escaped. */
/*
 * Whether any of the 8 bytes of w is SPECIAL_QUOTED (>= 0x80, a control character, DEL or
 * the apostrophe), a word at a time: descriptions of a few hundred bytes are quoted by the
 * hundred thousand, nearly all of them plain ASCII.
 */
static bool word_special(uint64_t w)
{
	return mc_swar_has_high(w) || mc_swar_has_below(w, 0x20) || mc_swar_has_byte(w, '\'') ||
	       mc_swar_has_byte(w, 0x7f);
}

static void quote_nonplain(mc_buf *b, const char *s, size_t n)
{
	bool escape = false, apostrophe = false;
	for (size_t i = 0; i < n && !escape;) {
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!word_special(w)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = (unsigned char)s[i];
		if (!(char_class[c] & SPECIAL_QUOTED)) {
			i++; /* the common byte: printable ASCII other than the apostrophe */
			continue;
		}
		if (c < 0x80) {
			escape = needs_escape(c);
			apostrophe |= c == '\'';
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = mc_utf8_decode(s + i, n - i, &cp);
		/* An ill-formed byte decodes as U+FFFD taking one byte: escape it as that. */
		if (cp == 0xfffd && k == 1)
			escape = true;
		escape |= needs_escape(cp);
		i += k;
	}
	if (!escape && !apostrophe) {
		mc_buf_putc(b, '\'');
		mc_buf_add(b, s, n);
		mc_buf_putc(b, '\'');
		return;
	}
	mc_buf_putc(b, '"');
	size_t run = 0; /* start of the bytes not yet copied */
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t k = 1;
		if (c >= 0x80)
			k = mc_utf8_decode(s + i, n - i, &cp);
		bool bad = c >= 0x80 && cp == 0xfffd && k == 1;
		if (c != '"' && c != '\\' && !bad && !needs_escape(cp)) {
			i += k;
			continue;
		}
		mc_buf_add(b, s + run, i - run);
		switch (cp) {
		case '"': mc_buf_puts(b, "\\\""); break;
		case '\\': mc_buf_puts(b, "\\\\"); break;
		case '\n': mc_buf_puts(b, "\\n"); break;
		case '\t': mc_buf_puts(b, "\\t"); break;
		case '\r': mc_buf_puts(b, "\\r"); break;
		default:
			if (cp < 0x100)
				mc_buf_printf(b, "\\x%02X", (unsigned)cp);
			else
				mc_buf_printf(b, "\\u%04X", (unsigned)cp);
			break;
		}
		i += k;
		run = i;
	}
	mc_buf_add(b, s + run, n - run);
	mc_buf_putc(b, '"');
}

void mc_yaml_quote(mc_buf *b, const char *s, size_t n)
{
	if (mc_yaml_plain_ok(s, n))
		mc_buf_add(b, s, n);
	else
		quote_nonplain(b, s, n);
}

void mc_yaml_number(mc_buf *b, double v)
{
	if (v != v) {
		mc_buf_puts(b, ".nan");
		return;
	}
	if (v > 1.7976931348623157e308 || v < -1.7976931348623157e308) {
		mc_buf_puts(b, v < 0 ? "-.inf" : ".inf");
		return;
	}
	size_t start = b->len;
	mc_buf_double(b, v);
	/* YAML 1.1 floats need a `.` before the exponent: 1e+21 -> 1.0e+21. */
	const char *p = b->p + start;
	const char *e = strchr(p, 'e');
	if (e && !memchr(p, '.', (size_t)(e - p))) {
		char exp[16];
		size_t en = strlen(e);
		if (en >= sizeof exp)
			MC_BUG("yaml: exponent %s", e);
		memcpy(exp, e, en + 1);
		b->len = (size_t)(e - b->p);
		mc_buf_puts(b, ".0");
		mc_buf_add(b, exp, en);
	}
}
