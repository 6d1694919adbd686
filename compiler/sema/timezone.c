/* Time zone names of anomaly detectors, by shape only; see timezone.h. */
#include "sema/timezone.h"

#include <string.h>

/* The areas of the IANA tz database's canonical names (its `zone1970.tab`, plus `Etc`). */
static const char *const areas[] = {"Africa",    "America", "Antarctica", "Arctic",
                                    "Asia",      "Atlantic", "Australia", "Europe",
                                    "Indian",    "Pacific", "Etc"};
enum { NAREAS = sizeof areas / sizeof *areas, MAX_PARTS = 3 };

/* The fixed zones of `Etc` besides `GMT+N` / `GMT-N`. */
static const char *const etc_names[] = {"GMT",  "GMT0",      "Greenwich", "UCT",
                                        "UTC",  "Universal", "Zulu"};
enum { NETC = sizeof etc_names / sizeof *etc_names };

static bool is_upper(char ch)
{
	return ch >= 'A' && ch <= 'Z';
}

static bool is_lower(char ch)
{
	return ch >= 'a' && ch <= 'z';
}

static bool is_letter(char ch)
{
	return is_upper(ch) || is_lower(ch);
}

static bool part_is(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(p, word, n) == 0;
}

static bool part_is_nocase(const char *p, size_t n, const char *word)
{
	if (strlen(word) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char a = p[i], b = word[i];
		if (is_upper(a))
			a = (char)(a - 'A' + 'a');
		if (is_upper(b))
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

static bool fail(mc_tz_problem *why, size_t off, size_t len, const char *label, const char *help)
{
	if (why) {
		why->off = off;
		why->len = len;
		why->label = label;
		why->help = help;
	}
	return false;
}

/* `GMT+5`, `GMT-14`: the sign is POSIX's, west of Greenwich is `+` (UTC+12 .. UTC-14). */
static bool etc_offset(const char *p, size_t n)
{
	if (n < 5 || n > 6 || memcmp(p, "GMT", 3) != 0 || (p[3] != '+' && p[3] != '-'))
		return false;
	unsigned v = 0;
	for (size_t i = 4; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	if (n == 6 && p[4] == '0')
		return false; /* `GMT+05` is no name */
	return v >= 1 && v <= (p[3] == '+' ? 12u : 14u);
}

/*
 * The name with each part's first letter capitalised (`europe/berlin` -> `Europe/Berlin`), or
 * NULL when a part has `_` or `-`: `New_York` but `Port_of_Spain`, so no guess is safe.
 */
static const char *capitalised(const char *s, size_t len, mc_arena *arena)
{
	if (memchr(s, '_', len) || memchr(s, '-', len))
		return NULL;
	char *t = mc_arena_alloc(arena, len + 1);
	memcpy(t, s, len);
	t[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if ((i == 0 || t[i - 1] == '/') && is_lower(t[i]))
			t[i] = (char)(t[i] - 'a' + 'A');
	return t;
}

/* A Location part: a capital letter, then letters, `_` and `-`. */
static bool location_part(const char *s, size_t off, size_t n, mc_tz_problem *why)
{
	const char *p = s + off;
	if (!is_upper(p[0])) {
		if (is_lower(p[0]))
			return fail(why, off, 1, "expected a capital letter",
			            "time zone names are case-sensitive");
		return fail(why, off, 1, "expected a letter",
		            "a part of a time zone name starts with a capital letter");
	}
	for (size_t i = 1; i < n; i++) {
		char ch = p[i];
		if (is_letter(ch) || ch == '_' || ch == '-')
			continue;
		if (ch == ' ')
			return fail(why, off + i, 1, "a space",
			            "time zone names write `_` for a space: `America/New_York`");
		if (ch >= '0' && ch <= '9')
			return fail(why, off + i, 1, "a digit",
			            "only the fixed offsets of `Etc` have digits: `Etc/GMT+5`");
		return fail(why, off + i, 1, "not a letter, `_` or `-`",
		            "write the tz database name, such as `Europe/Berlin`");
	}
	return true;
}

/* A corrected spelling is offered only when it is itself valid. */
static const char *offer(const char *fixed)
{
	return fixed && mc_timezone_valid(fixed, strlen(fixed), NULL, NULL) ? fixed : NULL;
}

bool mc_timezone_valid(const char *s, size_t len, mc_arena *arena, mc_tz_problem *why)
{
	if (why)
		why->suggest = NULL;
	if (len == 0)
		return fail(why, 0, 0, "expected a time zone such as `Europe/Berlin`",
		            "write the name of the tz database, such as `Europe/Berlin` or `UTC`");
	if (len > MC_TIMEZONE_MAX)
		return fail(why, MC_TIMEZONE_MAX, len - MC_TIMEZONE_MAX,
		            "CloudWatch takes at most 50 characters",
		            "write the name of the tz database, such as `Europe/Berlin`");

	/* The parts between slashes. */
	size_t off[MAX_PARTS + 1], n[MAX_PARTS + 1], nparts = 0;
	for (size_t i = 0;;) {
		size_t j = i;
		while (j < len && s[j] != '/')
			j++;
		if (j == i)
			return fail(why, i < len ? i : (len ? len - 1 : 0), 1, "an empty part",
			            "parts of a time zone name are separated by one `/`: "
			            "`Europe/Berlin`");
		if (nparts == MAX_PARTS)
			return fail(why, i, len - i, "more than three parts",
			            "tz database names have at most three parts: "
			            "`America/Argentina/Salta`");
		off[nparts] = i;
		n[nparts++] = j - i;
		if (j == len)
			break;
		i = j + 1;
	}

	if (nparts == 1) {
		if (part_is(s, len, "UTC"))
			return true;
		if (why && arena && part_is_nocase(s, len, "UTC"))
			why->suggest = "UTC";
		return fail(why, 0, len, "expected `Area/Location` or `UTC`",
		            "name a place, such as `Europe/Paris` or `America/Chicago`; legacy "
		            "names such as `CET` or `EST5EDT` are not accepted");
	}

	size_t area = NAREAS;
	for (size_t k = 0; k < NAREAS && area == NAREAS; k++)
		if (part_is(s, n[0], areas[k]))
			area = k;
	if (area == NAREAS) {
		/* `europe/...`: only the case is wrong; `Europa/...`: a typo, maybe. */
		const char *like = NULL;
		for (size_t k = 0; k < NAREAS && !like; k++)
			if (part_is_nocase(s, n[0], areas[k]))
				like = areas[k];
		bool caps = like != NULL;
		if (!like && why && arena) {
			char *word = mc_arena_strndup(arena, s, n[0]);
			like = mc_did_you_mean(word, areas, NAREAS);
		}
		if (like && why && arena) {
			const char *c = capitalised(s, len, arena);
			why->suggest = offer(mc_arena_printf(arena, "%s%.*s", like,
			                                     (int)(len - n[0]), (c ? c : s) + n[0]));
		}
		if (caps)
			return fail(why, 0, n[0], "expected a capital letter",
			            "time zone names are case-sensitive");
		return fail(why, 0, n[0], "not an area of the tz database",
		            "the areas are Africa, America, Antarctica, Arctic, Asia, Atlantic, "
		            "Australia, Europe, Indian, Pacific and Etc");
	}

	if (strcmp(areas[area], "Etc") == 0) {
		const char *p = s + off[1];
		if (nparts == 2 && etc_offset(p, n[1]))
			return true;
		for (size_t k = 0; nparts == 2 && k < NETC; k++)
			if (part_is(p, n[1], etc_names[k]))
				return true;
		return fail(why, off[1], len - off[1], "not a zone of `Etc`",
		            "`Etc` has `UTC`, `GMT` and the fixed offsets `GMT+1` .. `GMT+12` "
		            "(west of Greenwich) and `GMT-1` .. `GMT-14` (east)");
	}

	for (size_t k = 1; k < nparts; k++)
		if (!location_part(s, off[k], n[k], why)) {
			if (why && arena && is_lower(s[why->off]) && why->off == off[k])
				why->suggest = offer(capitalised(s, len, arena));
			return false;
		}
	return true;
}

int mc_timezone_check(const mc_node *n, const mc_sources *srcs, mc_diags *d)
{
	if (n->kind != MC_NODE_STRING || !n->text) {
		mc_diag *g = mc_diag_add(d, MC_E0380, n->span, "invalid time zone");
		mc_diag_label_primary(d, g, "expected a time zone name such as `Europe/Berlin`, "
		                            "found a %s",
		                      mc_node_kind_name(n->kind));
		mc_diag_help(d, g, "write the tz database name as a string: `Europe/Berlin`");
		return -1;
	}
	mc_tz_problem why;
	if (mc_timezone_valid(n->text, n->text_len, d->arena, &why))
		return 0;
	mc_span at = why.len ? mc_node_text_span(n, srcs, why.off, why.len) : n->span;
	mc_diag *g = mc_diag_add(d, MC_E0380, at, "invalid time zone `%s`", n->text);
	mc_diag_label_primary(d, g, "%s", why.label);
	if (why.suggest)
		mc_diag_help(d, g, "did you mean `%s`?", why.suggest);
	else
		mc_diag_help(d, g, "%s", why.help);
	return -1;
}
