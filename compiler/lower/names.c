/*
 * AWS names of the generated resources: `{project}-{environment}-{service}-{alarm}-{tier}`.
 *
 * Consumes the parts of a name (spec names, which are `[a-z][a-z0-9-]*`, and kind-alarm
 * sources such as `lb.latency-p99`) and produces the name AWS will see, within the limit of
 * its resource type: alarm names 255 bytes, topic names 256 of [A-Za-z0-9_-], EventBridge
 * rule names 64 of [.\-_A-Za-z0-9], dashboard names 255 of [A-Za-z0-9_-]. Characters outside
 * the allowed set become `-`. A name over the limit keeps its readable start and ends in `-`
 * and 8 hex digits of the FNV-1a 64 hash of the whole name, so it is stable from run to run
 * and two long names that differ only at the end still differ.
 *
 * Shortening can make two different items end with the same name, and so can spec names
 * that differ only where a `.` became a `-`: mc_lower_check_names() reports each such pair
 * (E0242) with both spans, per AWS name space.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/buf.h"
#include "lower/lower_internal.h"


static bool name_char(char c, bool dot_ok)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || (dot_ok && c == '.');
}

/* The joined name into dst (room for it and a NUL); returns its length. */
static size_t join_into(char *dst, bool dot_ok, const char *const *parts, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		if (len)
			dst[len++] = '-';
		for (const char *p = parts[i]; *p; p++)
			dst[len++] = name_char(*p, dot_ok) ? *p : '-';
	}
	dst[len] = '\0';
	return len;
}

const char *mc_lower_name_join(mc_arena *arena, size_t max_len, bool dot_ok,
                               const char *const *parts, size_t n)
{
	/* Most names fit a buffer on the stack: measured, joined there, copied once. */
	size_t need = 1; /* the NUL; each part adds its bytes and a `-` */
	for (size_t i = 0; i < n; i++)
		if (parts[i] && *parts[i])
			need += strlen(parts[i]) + 1;
	char small[256];
	char *full = need <= sizeof small ? small : mc_xmalloc(need);
	size_t len = join_into(full, dot_ok, parts, n);
	const char *out;
	if (len <= max_len || max_len < 10) {
		out = mc_arena_strndup(arena, full, len);
	} else {
		/* The hash covers the full name, so names sharing the kept prefix still differ. */
		uint64_t h = mc_fnv1a64(full, len);
		size_t keep = max_len - 9;
		while (keep > 0 && full[keep - 1] == '-')
			keep--; /* no `--` before the hash */
		out = mc_arena_printf(arena, "%.*s-%08x", (int)keep, full, (unsigned)(h >> 32));
	}
	if (full != small)
		free(full);
	return out;
}

const char *mc_lower_prefixed_name(mc_lower_ctx *cx, size_t max_len, const char *const *parts,
                                   size_t n)
{
	const char *all[16];
	size_t k = 0;
	all[k++] = cx->ir->project;
	all[k++] = cx->ir->environment;
	for (size_t i = 0; i < n && k < 16; i++)
		all[k++] = parts[i];
	return mc_lower_name_join(cx->arena, max_len, max_len == MC_NAME_MAX_RULE, all, k);
}

const char *mc_lower_name(mc_lower_ctx *cx, size_t max_len, const char *const *parts, size_t n)
{
	return mc_lower_prefixed_name(cx, max_len, parts, n);
}

/* ---- collisions ---- */

typedef struct {
	const char *name;
	const char *id;
	mc_span span;
	size_t seq;
} named;

static int named_cmp(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Whether two entries of v share a name: a hash set of the names, so that a spec without
 * collisions (nearly all) is not sorted. Only a collision sorts, for the report's order.
 */
static bool any_same_name(const named *v, size_t n)
{
	size_t cap = 16;
	while (cap * 3 < n * 4) /* at most three quarters full */
		cap *= 2;
	/*
	 * A slot keeps the name's hash beside the entry (+ 1; 0 = empty): a probe that meets
	 * another name is settled without reading it, a cache miss per probe at 10,000 services.
	 */
	struct {
		uint32_t hash, entry1;
	} *slot = mc_xcalloc(cap, sizeof *slot);
	bool same = false;
	for (size_t i = 0; i < n && !same; i++) {
		uint32_t h = (uint32_t)mc_fnv1a64_str(v[i].name);
		size_t at = h & (cap - 1);
		for (; slot[at].entry1; at = (at + 1) & (cap - 1))
			if (slot[at].hash == h && strcmp(v[slot[at].entry1 - 1].name, v[i].name) == 0) {
				same = true;
				break;
			}
		slot[at].hash = h;
		slot[at].entry1 = (uint32_t)(i + 1);
	}
	free(slot);
	return same;
}

static void check_space(mc_lower_ctx *cx, named *v, size_t n, const char *what)
{
	if (n < UINT32_MAX && !any_same_name(v, n))
		return;
	qsort(v, n, sizeof *v, named_cmp);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i].name, v[i - 1].name) != 0 || strcmp(v[i].id, v[i - 1].id) == 0)
			continue;
		mc_diag *g = mc_diag_add(cx->d, MC_E0242, v[i].span,
		                         "two %ss would have the same AWS name `%s`", what,
		                         v[i].name);
		mc_diag_label_primary(cx->d, g, "this is `%s`", v[i].id);
		mc_diag_label(cx->d, g, v[i - 1].span, "and so is `%s`", v[i - 1].id);
		mc_diag_note(cx->d, g, "AWS names must be unique; moncc builds them from the spec's "
		                       "names and shortens long ones with a hash");
		mc_diag_help(cx->d, g, "rename one of them");
	}
}

static void add(named *v, size_t *n, const char *name, const char *id, mc_span span)
{
	if (!name || !id)
		return; /* an unnamed item is ir_verify's business, not a collision */
	v[*n] = (named){name, id, span, *n};
	(*n)++;
}

void mc_lower_check_names(mc_lower_ctx *cx)
{
	size_t cap = cx->nalarms + cx->ncomposites + cx->ntopics + cx->nrules + cx->ndashboards;
	named *v = mc_xcalloc(cap ? cap : 1, sizeof *v);
	size_t n = 0;

	for (size_t i = 0; i < cx->nalarms; i++)
		add(v, &n, cx->alarms[i].name, cx->alarms[i].id, cx->alarms[i].span);
	for (size_t i = 0; i < cx->ncomposites; i++)
		add(v, &n, cx->composites[i].name, cx->composites[i].id, cx->composites[i].span);
	check_space(cx, v, n, "alarm");
	n = 0;
	for (size_t i = 0; i < cx->ntopics; i++)
		if (!cx->topics[i].existing_arn)
			add(v, &n, cx->topics[i].name, cx->topics[i].id, cx->topics[i].span);
	check_space(cx, v, n, "SNS topic");
	n = 0;
	for (size_t i = 0; i < cx->nrules; i++)
		add(v, &n, cx->rules[i].name, cx->rules[i].id, cx->rules[i].span);
	check_space(cx, v, n, "EventBridge rule");
	n = 0;
	for (size_t i = 0; i < cx->ndashboards; i++)
		add(v, &n, cx->dashboards[i].name, cx->dashboards[i].id, cx->dashboards[i].span);
	check_space(cx, v, n, "dashboard");
	free(v);
}
