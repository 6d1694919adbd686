/*
 * Lowering step 7: runbook entries, one per alarm family (ir.h mc_ir_runbook), the sections
 * of docs/incident-response.md that every alarm description links to.
 *
 * Consumes the services (step 2), the alarms, composites and rules (steps 3-4 and the
 * escalations), the SLOs and the dashboards (step 6). A family is:
 *   - a spec alarm (`chat.memory`) with all its tiers,
 *   - an alarm a kind brings (`chat: lb latency-p99`) with all its tiers, overrides applied,
 *   - an SLO with its burn-rate composites and their child alarms,
 *   - an EventBridge rule of a kind (Spot interruption, ...),
 * each with the escalation copies of its alarms. Families are made in spec order (services,
 * then per service its alarms, its resources' alarms and events, its SLOs).
 *
 * Produces per family: `id`, the GitHub-style slug of the section heading `title` (what
 * the incident-response emitter writes as `## TITLE`), unique (`-1`, `-2` appended as GitHub
 * does); the meaning (the description); the condition in words, one line per tier, most
 * severe first ("warning when host.memory_used > 80% for 15 minutes (3 of 3 datapoints at
 * 5m)"); the body (the spec's `runbook:`, an override's, the kind's; generated for SLOs;
 * NULL when there is none, which lint reports for critical alarms); the dashboard to open
 * (the service's `preset: service` dashboard, else the main one); for a kind's alarm, the
 * template's `why:` (the monitoring guide explains the thresholds with it). Every alarm,
 * composite and rule of a family gets `runbook` set to the entry's id.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "base/hash.h"
#include "base/xalloc.h"
#include "base/buf.h"
#include "lower/lower_internal.h"
#include "sema/units.h"

typedef struct {
	const char **v;
	size_t n, cap;
} idvec;

static void id_add(idvec *ids, const char *id)
{
	MC_GROW(ids->v, ids->cap, ids->n + 1);
	ids->v[ids->n++] = id;
}

/* ---- anchors ---- */

/*
 * GitHub's heading anchors: lower case, every character that is not a letter, digit, `_`,
 * `-` or space dropped, spaces become `-`. Bytes >= 0x80 (UTF-8 letters) are kept as GitHub
 * keeps letters of any script.
 */
static char *slug(mc_lower_ctx *cx, const char *title)
{
	size_t len = strlen(title);
	char *s = mc_arena_alloc(cx->arena, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)title[i];
		if (c >= 'A' && c <= 'Z')
			s[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		         c >= 0x80)
			s[n++] = (char)c;
		else if (c == ' ')
			s[n++] = '-';
	}
	s[n] = '\0';
	return s;
}

/*
 * Lookups by key, built once per mc_lower_runbooks(): the entries of a family are found by
 * binary search, not by scanning every alarm for every family (which made this step
 * quadratic: 85% of a build at 300 services). Entries hold indexes, not pointers, because
 * the runbook vector grows while this step runs.
 */
typedef struct {
	const char *k1, *k2; /* (service, source) or (id, "") */
	size_t i;
} ixent;

typedef struct {
	ixent *v;
	size_t n;
} ix;

static int ixcmp(const void *pa, const void *pb)
{
	const ixent *a = pa, *b = pb;
	int c = strcmp(a->k1, b->k1);
	if (c == 0)
		c = strcmp(a->k2, b->k2);
	if (c == 0)
		c = a->i < b->i ? -1 : a->i > b->i;
	return c;
}

static void ix_sort(ix *x)
{
	if (x->n > 1)
		qsort(x->v, x->n, sizeof *x->v, ixcmp);
}

/* The first entry with keys (k1, k2), or x->n; the equal ones follow it. */
static size_t ix_lower(const ix *x, const char *k1, const char *k2)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(x->v[mid].k1, k1);
		if (c == 0)
			c = strcmp(x->v[mid].k2, k2);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool ix_at(const ix *x, size_t at, const char *k1, const char *k2)
{
	return at < x->n && strcmp(x->v[at].k1, k1) == 0 && strcmp(x->v[at].k2, k2) == 0;
}

/*
 * The same lookups for the large vectors (alarms, composites, rules), hashed: building a
 * sorted index of 69,000 alarms twice was a third of this step at 1,000 services. Each key
 * (k1, k2) has a chain of the items that carry it, in index order, which is the order the
 * sorted index listed them in. Keys are read from the items (fields at off1 and off2, "" for
 * NO_KEY); items whose key fields are NULL are left out.
 */
enum { NO_KEY = -1 };

typedef struct {
	uint32_t hash;
	uint32_t first; /* first item + 1; 0 = empty */
} chain_slot;

typedef struct {
	const char *base;
	size_t size;
	long off1, off2;
	chain_slot *slot;
	uint32_t *next; /* per item: the next item + 1 with the same key; 0 = last */
	size_t mask;
} chain;

static const char *chain_key(const chain *c, size_t i, long off)
{
	return off == NO_KEY ? "" : *(const char *const *)(c->base + i * c->size + (size_t)off);
}

static uint32_t key_hash(const char *k1, const char *k2)
{
	uint64_t h = mc_fnv1a64_add(mc_fnv1a64_str(k1), "", 1); /* the NUL between the keys */
	return (uint32_t)mc_fnv1a64_add(h, k2, strlen(k2));
}

/* The slot of (k1, k2): where its chain starts, or the empty slot where it would. */
static chain_slot *chain_find(const chain *c, const char *k1, const char *k2, uint32_t h)
{
	for (size_t at = h & c->mask;; at = (at + 1) & c->mask) {
		chain_slot *sl = &c->slot[at];
		if (!sl->first)
			return sl;
		if (sl->hash == h && strcmp(chain_key(c, sl->first - 1, c->off1), k1) == 0 &&
		    strcmp(chain_key(c, sl->first - 1, c->off2), k2) == 0)
			return sl;
	}
}

static void chain_build(chain *c, const void *base, size_t n, size_t size, long off1, long off2)
{
	*c = (chain){(const char *)base, size, off1, off2, NULL, NULL, 0};
	if (n >= UINT32_MAX) /* positions + 1 are 32-bit: far beyond any spec's memory */
		MC_BUG("runbook chains: %zu items", n);
	size_t cap = 16;
	while (cap * 3 < n * 4) /* at most three quarters full: 1 MB for 69,000 alarms */
		cap *= 2;
	c->slot = mc_xcalloc(cap, sizeof *c->slot);
	c->next = mc_xcalloc(n + 1, sizeof *c->next);
	c->mask = cap - 1;
	for (size_t i = n; i-- > 0;) { /* backwards: each item goes in front of its chain */
		const char *k1 = chain_key(c, i, off1), *k2 = chain_key(c, i, off2);
		if (!k1 || !k2)
			continue;
		uint32_t h = key_hash(k1, k2);
		chain_slot *sl = chain_find(c, k1, k2, h);
		c->next[i] = sl->first;
		*sl = (chain_slot){h, (uint32_t)(i + 1)};
	}
}

static void chain_release(chain *c)
{
	free(c->slot);
	free(c->next);
}

/* The first item with the keys (k1, k2) + 1, or 0; chain_next() gives the others. */
static size_t chain_first(const chain *c, const char *k1, const char *k2)
{
	return chain_find(c, k1, k2, key_hash(k1, k2))->first;
}

static size_t chain_next(const chain *c, size_t item1)
{
	return c->next[item1 - 1];
}

#define CHAIN_EACH(it, c, k1, k2) \
	for (size_t it = chain_first((c), (k1), (k2)); it; it = chain_next((c), it))

/*
 * A set of strings (open addressing) for the anchors handed out so far. A slot keeps the
 * string's hash, so that a probe meeting another anchor does not read it.
 */
typedef struct {
	const char *s;
	uint32_t hash;
} strset_slot;

typedef struct {
	strset_slot *slot;
	size_t cap, n;
} strset;

static bool strset_has(const strset *ss, const char *s)
{
	if (!ss->cap)
		return false;
	uint32_t h = (uint32_t)mc_fnv1a64_str(s);
	for (size_t i = h & (ss->cap - 1);; i = (i + 1) & (ss->cap - 1)) {
		if (!ss->slot[i].s)
			return false;
		if (ss->slot[i].hash == h && strcmp(ss->slot[i].s, s) == 0)
			return true;
	}
}

static void strset_put(strset *ss, const char *s, uint32_t h)
{
	size_t i = h & (ss->cap - 1);
	while (ss->slot[i].s)
		i = (i + 1) & (ss->cap - 1);
	ss->slot[i] = (strset_slot){s, h};
	ss->n++;
}

static void strset_add(strset *ss, const char *s)
{
	if (2 * (ss->n + 1) > ss->cap) {
		strset old = *ss;
		ss->cap = old.cap ? old.cap * 2 : 256;
		ss->slot = mc_xcalloc(ss->cap, sizeof *ss->slot);
		ss->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.slot[i].s)
				strset_put(ss, old.slot[i].s, old.slot[i].hash);
		free(old.slot);
	}
	strset_put(ss, s, (uint32_t)mc_fnv1a64_str(s));
}

typedef struct {
	chain alarms_by_source;     /* (service, source) -> alarm index + 1 */
	chain alarms_by_id;         /* (id, "") -> alarm index + 1 */
	chain composites_by_source; /* (service, source) -> composite index + 1 */
	chain composites_by_id;     /* (id, "") -> composite index + 1 */
	chain rules_by_id;          /* (id, "") -> rule index + 1 */
	ix zoned_detectors;      /* (alarm id, "") -> detector index, detectors with a time zone */
	ix service_dashboards;   /* (service, "") -> index into dashboard_ids */
	const char **dashboard_ids; /* each service's `preset: service` dashboard (first wins) */
	const char *main_dashboard;
	strset anchors;
} rb_index;

static rb_index *IX; /* set while mc_lower_runbooks() runs */

static void index_build(mc_lower_ctx *cx, rb_index *x)
{
	memset(x, 0, sizeof *x);
	chain_build(&x->alarms_by_source, cx->alarms, cx->nalarms, sizeof *cx->alarms,
	            offsetof(mc_ir_alarm, service), offsetof(mc_ir_alarm, source));
	chain_build(&x->alarms_by_id, cx->alarms, cx->nalarms, sizeof *cx->alarms,
	            offsetof(mc_ir_alarm, id), NO_KEY);
	chain_build(&x->composites_by_source, cx->composites, cx->ncomposites,
	            sizeof *cx->composites, offsetof(mc_ir_composite, service),
	            offsetof(mc_ir_composite, source));
	chain_build(&x->composites_by_id, cx->composites, cx->ncomposites, sizeof *cx->composites,
	            offsetof(mc_ir_composite, id), NO_KEY);
	chain_build(&x->rules_by_id, cx->rules, cx->nrules, sizeof *cx->rules,
	            offsetof(mc_ir_event_rule, id), NO_KEY);
	x->zoned_detectors.v = mc_xcalloc(cx->ndetectors + 1, sizeof(ixent));
	for (size_t i = 0; i < cx->ndetectors; i++)
		if (cx->detectors[i].timezone)
			x->zoned_detectors.v[x->zoned_detectors.n++] =
			    (ixent){cx->detectors[i].alarm, "", i};
	ix_sort(&x->zoned_detectors);
	/* The dashboard a service's runbooks open: its `preset: service` dashboard (the first
	 * declared, as the spec lists them), else the main one. */
	const mc_node *ds = mc_node_get(cx->spec, "dashboards");
	size_t nds = ds && ds->kind == MC_NODE_MAP ? ds->npairs : 0;
	x->service_dashboards.v = mc_xcalloc(nds + 1, sizeof(ixent));
	x->dashboard_ids = mc_xcalloc(nds + 1, sizeof *x->dashboard_ids);
	ix ids = {mc_xcalloc(cx->ndashboards + 1, sizeof(ixent)), 0};
	for (size_t k = 0; k < cx->ndashboards; k++) {
		ids.v[ids.n++] = (ixent){cx->dashboards[k].id, "", k};
		if (cx->dashboards[k].main && !x->main_dashboard)
			x->main_dashboard = cx->dashboards[k].id;
	}
	ix_sort(&ids);
	for (size_t i = 0; i < nds; i++) {
		const char *p = mc_lower_text(mc_node_get(ds->pairs[i].value, "preset"));
		const char *sv = mc_lower_text(mc_node_get(ds->pairs[i].value, "service"));
		if (!p || !sv || strcmp(p, "service") != 0)
			continue;
		const char *id = mc_arena_printf(cx->arena, "dashboard/%s", ds->pairs[i].key->text);
		size_t at = ix_lower(&ids, id, "");
		if (!ix_at(&ids, at, id, ""))
			continue;
		x->dashboard_ids[x->service_dashboards.n] = cx->dashboards[ids.v[at].i].id;
		x->service_dashboards.v[x->service_dashboards.n] =
		    (ixent){sv, "", x->service_dashboards.n};
		x->service_dashboards.n++;
	}
	free(ids.v);
	ix_sort(&x->service_dashboards); /* equal services keep declaration order (by index) */
	for (size_t i = 0; i < cx->nrunbooks; i++)
		strset_add(&x->anchors, cx->runbooks[i].id);
}

static void index_release(rb_index *x)
{
	chain_release(&x->alarms_by_source);
	chain_release(&x->alarms_by_id);
	chain_release(&x->composites_by_source);
	chain_release(&x->composites_by_id);
	chain_release(&x->rules_by_id);
	free(x->zoned_detectors.v);
	free(x->service_dashboards.v);
	free(x->dashboard_ids);
	free(x->anchors.slot);
}

static const char *unique_anchor(mc_lower_ctx *cx, const char *title)
{
	const char *id = slug(cx, title);
	for (unsigned k = 1; strset_has(&IX->anchors, id); k++)
		id = mc_arena_printf(cx->arena, "%s-%u", slug(cx, title), k);
	strset_add(&IX->anchors, id);
	return id;
}

/* ---- words ---- */

/* 900 -> "15 minutes", 3600 -> "1 hour": the largest unit that divides exactly. */
static void duration_words(mc_buf *b, uint64_t s)
{
	static const struct {
		uint64_t secs;
		const char *one;
	} units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (s % units[i].secs == 0 || units[i].secs == 1) {
			uint64_t n = s / units[i].secs;
			mc_buf_printf(b, "%llu %s%s", (unsigned long long)n, units[i].one,
			              n == 1 ? "" : "s");
			return;
		}
}

/* The threshold with the unit people read it in (`80%`, `1.5s`); no unit for counts. */
static void threshold_words(mc_buf *b, double v, const char *cw_unit)
{
	mc_buf_double(b, v);
	if (!cw_unit)
		return;
	if (strcmp(cw_unit, "Percent") == 0)
		mc_buf_putc(b, '%');
	else if (strcmp(cw_unit, "Seconds") == 0)
		mc_buf_putc(b, 's');
	else if (strcmp(cw_unit, "Milliseconds") == 0)
		mc_buf_puts(b, "ms");
	else if (strcmp(cw_unit, "Bytes") == 0)
		mc_buf_puts(b, " bytes");
}

static const char *op_words(mc_ir_cmp c)
{
	switch (c) {
	case MC_IR_CMP_GT: return ">";
	case MC_IR_CMP_GE: return ">=";
	case MC_IR_CMP_LT: return "<";
	case MC_IR_CMP_LE: return "<=";
	case MC_IR_CMP_OUTSIDE_BAND: return "is outside its expected band";
	case MC_IR_CMP_ABOVE_BAND: return "is above its expected band";
	case MC_IR_CMP_BELOW_BAND: return "is below its expected band";
	}
	return "?";
}

/* The time zone of an anomaly alarm's model, or NULL (none given: UTC). */
static const char *band_timezone(mc_lower_ctx *cx, const mc_ir_alarm *a)
{
	const ix *x = &IX->zoned_detectors;
	size_t at = ix_lower(x, a->id, "");
	return ix_at(x, at, a->id, "") ? cx->detectors[x->v[at].i].timezone : NULL;
}

/*
 * "warning when host.memory_used > 80% for 15 minutes (3 of 3 datapoints at 5m)"; an anomaly
 * alarm with a time zone adds "; the band follows Europe/Berlin time".
 */
static void alarm_words(mc_lower_ctx *cx, mc_buf *b, const mc_ir_alarm *a, const char *what)
{
	mc_buf_printf(b, "%s when %s %s", a->tier ? a->tier : "alarm", what, op_words(a->cmp));
	if (a->cmp <= MC_IR_CMP_LE) {
		mc_buf_putc(b, ' ');
		threshold_words(b, a->threshold, a->metric ? a->metric->unit : NULL);
	}
	uint64_t window = (uint64_t)a->period_s * a->evaluation_periods;
	if (a->datapoints == a->evaluation_periods) {
		mc_buf_puts(b, " for ");
		duration_words(b, window);
		if (a->evaluation_periods == 1)
			mc_buf_puts(b, " (1 datapoint at ");
		else
			mc_buf_printf(b, " (%u of %u datapoints at ", a->datapoints,
			              a->evaluation_periods);
		mc_duration_format(b, a->period_s);
		mc_buf_putc(b, ')');
	} else {
		mc_buf_printf(b, " in %u of %u datapoints at ", a->datapoints,
		              a->evaluation_periods);
		mc_duration_format(b, a->period_s);
		mc_buf_puts(b, " (within ");
		duration_words(b, window);
		mc_buf_putc(b, ')');
	}
	const char *tz = a->cmp > MC_IR_CMP_LE ? band_timezone(cx, a) : NULL;
	if (tz)
		mc_buf_printf(b, "; the band follows %s time", tz);
}

static const char *buf_take(mc_lower_ctx *cx, mc_buf *b)
{
	const char *s = b->len ? mc_arena_strdup(cx->arena, mc_buf_str(b)) : NULL;
	mc_buf_release(b);
	return s;
}

/* ---- lookups ---- */

static unsigned tier_rank(mc_lower_ctx *cx, const char *tier)
{
	for (size_t i = 0; tier && i < cx->ntiers; i++)
		if (strcmp(cx->tiers[i].name, tier) == 0)
			return (unsigned)i;
	return (unsigned)cx->ntiers;
}

static mc_ir_alarm *alarm_by_id(mc_lower_ctx *cx, const char *id)
{
	size_t i1 = chain_first(&IX->alarms_by_id, id, "");
	return i1 ? &cx->alarms[i1 - 1] : NULL;
}

/* The dashboard to open: the service's `preset: service` dashboard, else the main one. */
static const char *dashboard_for(mc_lower_ctx *cx, const char *service)
{
	(void)cx;
	const ix *x = &IX->service_dashboards;
	size_t at = service ? ix_lower(x, service, "") : x->n;
	if (service && ix_at(x, at, service, ""))
		return IX->dashboard_ids[x->v[at].i];
	return IX->main_dashboard;
}

/* ---- families ---- */

typedef struct {
	const char *title;
	const char *service;
	const char *meaning;
	const char *body;
	const char *what;       /* the watched thing in condition words */
	mc_span span;
	const char *why;        /* a kind alarm's reasons for its thresholds */
} family;

/* Adds the entry for the alarms and composites collected in ids (metric alarms first). */
static mc_ir_runbook *add_entry(mc_lower_ctx *cx, const family *f, idvec *ids, const char *tier,
                                const char *condition)
{
	const char *id = unique_anchor(cx, f->title); /* before the push: ids are compared */
	mc_ir_runbook *r = MC_LOWER_PUSH(cx, runbooks);
	r->id = id;
	r->title = f->title;
	r->service = f->service;
	r->tier = tier;
	r->meaning = f->meaning;
	r->condition = condition;
	r->body = f->body;
	r->alarms = ids->n ? mc_arena_memdup(cx->arena, ids->v, ids->n * sizeof *ids->v) : NULL;
	r->nalarms = ids->n;
	r->dashboard = dashboard_for(cx, f->service);
	r->span = f->span;
	r->why = f->why;
	free(ids->v);
	*ids = (idvec){0};
	return r;
}

static bool family_alarm(const mc_ir_alarm *a, const char *service, const char *source,
                         mc_ir_origin origin)
{
	return a->service && a->source && strcmp(a->service, service) == 0 &&
	       strcmp(a->source, source) == 0 &&
	       (a->origin == origin || a->origin == MC_IR_ORIGIN_ESCALATION);
}

/* An alarm of a family and the rank of its tier (the order it is listed in). */
typedef struct {
	size_t i;
	unsigned rank;
} member;

/* A spec or kind alarm in all its tiers (most severe first), with its escalation copies. */
static void alarm_family(mc_lower_ctx *cx, const family *f, const char *source,
                         mc_ir_origin origin)
{
	/* The family's alarms in index order, then stably by tier rank: each tier's alarms in
	 * index order, the most severe tier first. */
	member *m = NULL;
	size_t n = 0, cap = 0;
	CHAIN_EACH(i1, &IX->alarms_by_source, f->service, source) {
		const mc_ir_alarm *a = &cx->alarms[i1 - 1];
		if (!family_alarm(a, f->service, source, origin))
			continue;
		MC_GROW(m, cap, n + 1);
		member e = {i1 - 1, tier_rank(cx, a->tier)};
		size_t k = n++;
		for (; k > 0 && m[k - 1].rank > e.rank; k--)
			m[k] = m[k - 1];
		m[k] = e;
	}
	if (!n) { /* every tier switched off */
		free(m);
		return;
	}
	idvec ids = {0};
	mc_buf cond = MC_BUF_INIT;
	const char *top = NULL;
	const char *desc = NULL;
	for (size_t k = 0; k < n; k++) {
		const mc_ir_alarm *a = &cx->alarms[m[k].i];
		id_add(&ids, a->id);
		if (a->origin == MC_IR_ORIGIN_ESCALATION)
			continue;
		if (!top)
			top = a->tier;
		if (!desc)
			desc = a->description;
		if (cond.len)
			mc_buf_putc(&cond, '\n');
		alarm_words(cx, &cond, a, f->what);
	}
	family g = *f;
	if (!g.meaning)
		g.meaning = desc;
	mc_ir_runbook *r = add_entry(cx, &g, &ids, top, buf_take(cx, &cond));
	for (size_t k = 0; k < n; k++)
		cx->alarms[m[k].i].runbook = r->id;
	free(m);
}

static void spec_alarms(mc_lower_ctx *cx, const mc_lower_service *s)
{
	const mc_node *alarms = mc_node_get(s->node, "alarms");
	for (size_t i = 0; alarms && alarms->kind == MC_NODE_MAP && i < alarms->npairs; i++) {
		const mc_node *k = alarms->pairs[i].key, *v = alarms->pairs[i].value;
		const char *metric = mc_lower_text(mc_node_get(v, "metric"));
		const char *expr = mc_lower_text(mc_node_get(v, "expr"));
		family f = {
		        .title = mc_arena_printf(cx->arena, "%s: %s", s->name, k->text),
		        .service = s->name,
		        .meaning = mc_lower_text(mc_node_get(v, "description")),
		        .body = mc_lower_text(mc_node_get(v, "runbook")),
		        .what = metric ? metric
		                       : expr ? mc_arena_printf(cx->arena, "`%s`", expr) : k->text,
		        .span = k->span,
		};
		alarm_family(cx, &f, k->text, MC_IR_ORIGIN_SPEC);
	}
}

/* The service's override of `resource.name`, when it is a mapping. */
static const mc_node *override_of(const mc_lower_service *s, const char *source)
{
	const mc_node *ov = mc_node_get(mc_node_get(s->node, "overrides"), source);
	return ov && ov->kind == MC_NODE_MAP ? ov : NULL;
}

static void kind_alarms(mc_lower_ctx *cx, const mc_lower_service *s, const mc_instance *in,
                        mc_span rspan)
{
	for (size_t i = 0; i < in->nalarms; i++) {
		const mc_inst_alarm *ka = &in->alarms[i];
		const char *source = mc_arena_printf(cx->arena, "%s.%s", in->resource, ka->name);
		const mc_node *ov = override_of(s, source);
		const char *ometric = mc_lower_text(mc_node_get(ov, "metric"));
		const char *oexpr = mc_lower_text(mc_node_get(ov, "expr"));
		const char *what = source;
		if (ometric)
			what = ometric;
		else if (oexpr)
			what = mc_arena_printf(cx->arena, "`%s`", oexpr);
		else if (ka->metric)
			what = mc_arena_printf(cx->arena, "%s.%s", in->resource, ka->metric->name);
		const char *meaning = mc_lower_text(mc_node_get(ov, "description"));
		const char *body = mc_lower_text(mc_node_get(ov, "runbook"));
		family f = {
		        .title = mc_arena_printf(cx->arena, "%s: %s %s", s->name, in->resource,
		                                 ka->name),
		        .service = s->name,
		        .meaning = meaning ? meaning : ka->description,
		        .body = body ? body : ka->runbook,
		        .what = what,
		        .span = rspan,
		        .why = ka->why,
		};
		alarm_family(cx, &f, source, MC_IR_ORIGIN_KIND);
	}
}

static void kind_events(mc_lower_ctx *cx, const mc_lower_service *s, const mc_instance *in,
                        mc_span rspan)
{
	for (size_t i = 0; i < in->nevents; i++) {
		const mc_inst_event *ev = &in->events[i];
		const char *rid = mc_arena_printf(cx->arena, "%s/%s/%s", s->name, in->resource,
		                                  ev->name);
		size_t r1 = chain_first(&IX->rules_by_id, rid, "");
		if (!r1)
			continue; /* switched off */
		mc_ir_event_rule *rule = &cx->rules[r1 - 1];
		/* Alarms over the rule's TriggeredRules metric, if the lowering adds any. */
		idvec ids = {0};
		const char *source = mc_arena_printf(cx->arena, "%s.%s", in->resource, ev->name);
		const chain *x = &IX->alarms_by_source;
		CHAIN_EACH(i1, x, s->name, source)
			if (family_alarm(&cx->alarms[i1 - 1], s->name, source, MC_IR_ORIGIN_EVENT))
				id_add(&ids, cx->alarms[i1 - 1].id);
		mc_buf cond = MC_BUF_INIT;
		mc_buf_printf(&cond, "%s on every matching event",
		              rule->tier ? rule->tier : "alarm");
		family f = {
		        .title = mc_arena_printf(cx->arena, "%s: %s %s", s->name, in->resource,
		                                 ev->name),
		        .service = s->name,
		        .meaning = ev->description,
		        .body = ev->runbook,
		        .span = rspan,
		};
		mc_ir_runbook *r = add_entry(cx, &f, &ids, rule->tier, buf_take(cx, &cond));
		rule->runbook = r->id;
		CHAIN_EACH(i1, x, s->name, source)
			if (family_alarm(&cx->alarms[i1 - 1], s->name, source, MC_IR_ORIGIN_EVENT))
				cx->alarms[i1 - 1].runbook = r->id;
	}
}

/* What to do when an SLO burns: the same for every SLO, with its numbers. */
static const char *slo_body(mc_lower_ctx *cx, const mc_ir_slo *s, const char *sli_text)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_puts(&b, "**Meaning.** The service fails more requests than its objective allows ");
	mc_buf_puts(&b, "(");
	mc_buf_double(&b, s->objective * 100);
	mc_buf_puts(&b, "% good over ");
	mc_duration_format(&b, s->window_s);
	mc_buf_puts(&b, "), fast enough that the error budget would run out before the window "
	                "ends.");
	if (sli_text)
		mc_buf_printf(&b, " The SLI is `%s`.", sli_text);
	mc_buf_puts(&b, "\n\n**Check first.** Which other alarms of the service fire now: they "
	                "usually name the cause. A critical burn (1h and 6h windows) means users "
	                "are affected now; a warning burn (1d and 3d) is a slow leak to fix in "
	                "working hours.\n\n**Mitigate.** Roll back the last change if the burn "
	                "started with it; otherwise follow the runbook of the alarm that names "
	                "the cause.\n\n**After.** Note how much of the budget is left (executive "
	                "dashboard): when it is spent, favour reliability work over features "
	                "until the window recovers.\n");
	return buf_take(cx, &b);
}

/* The look-back window of a burn-rate child: its BurnRateWindowMinutes (Application
 * Signals), else its period. */
static uint64_t look_back_s(const mc_ir_alarm *a)
{
	for (size_t i = 0; a->metric && i < a->metric->ndims; i++)
		if (strcmp(a->metric->dims[i].name, "BurnRateWindowMinutes") == 0)
			return 60 * strtoull(a->metric->dims[i].value, NULL, 10);
	return a->period_s;
}

static void slo_family(mc_lower_ctx *cx, const mc_lower_service *s, const mc_node *key,
                       const mc_node *slo)
{
	const mc_ir_slo *is = mc_lower_slo_find(cx, s->name, key->text);
	if (!is)
		return;
	idvec ids = {0};
	mc_buf cond = MC_BUF_INIT;
	const char *top = NULL;
	double budget = 1 - is->objective;
	for (size_t t = 0; t <= cx->ntiers; t++)
		CHAIN_EACH(c1, &IX->composites_by_source, s->name, key->text) {
			const mc_ir_composite *c = &cx->composites[c1 - 1];
			if (!c->service || strcmp(c->service, s->name) != 0 || !c->source ||
			    strcmp(c->source, key->text) != 0 || tier_rank(cx, c->tier) != t ||
			    (c->origin != MC_IR_ORIGIN_SLO && c->origin != MC_IR_ORIGIN_ESCALATION))
				continue;
			id_add(&ids, c->id);
			for (size_t k = 0; k < c->nchildren; k++)
				id_add(&ids, c->children[k]);
			if (c->origin == MC_IR_ORIGIN_ESCALATION || c->nchildren != 2)
				continue;
			const mc_ir_alarm *lo = alarm_by_id(cx, c->children[0]);
			const mc_ir_alarm *sh = alarm_by_id(cx, c->children[1]);
			if (!lo || !sh)
				continue;
			top = top ? top : c->tier;
			if (cond.len)
				mc_buf_putc(&cond, '\n');
			if (is->app) {
				/* Application Signals: the children alarm on the burn rate itself. */
				mc_buf_printf(&cond, "%s when the Application Signals burn rate is "
				                     "above ",
				              c->tier);
				mc_buf_double(&cond, lo->threshold);
				mc_buf_puts(&cond, " over both ");
				mc_duration_format(&cond, look_back_s(lo));
				mc_buf_puts(&cond, " and ");
				mc_duration_format(&cond, look_back_s(sh));
				/* 12 significant digits, like the default back-end's thresholds */
				mc_buf_printf(&cond, " (error ratio above %.12g)",
				              lo->threshold * budget);
				continue;
			}
			mc_buf_printf(&cond, "%s when the error ratio is above ", c->tier);
			mc_buf_double(&cond, lo->threshold);
			mc_buf_puts(&cond, " over both ");
			mc_duration_format(&cond, lo->period_s);
			mc_buf_puts(&cond, " and ");
			mc_duration_format(&cond, sh->period_s);
			if (budget > 0) {
				mc_buf_puts(&cond, " (burn rate ");
				/* The factor is threshold / budget up to rounding: 14.4, not
				 * 14.399999999999986. */
				mc_buf_double(&cond, round(lo->threshold / budget * 1e6) / 1e6);
				mc_buf_putc(&cond, ')');
			}
		}
	const mc_node *sli = mc_node_get(slo, "sli");
	family f = {
	        .title = mc_arena_printf(cx->arena, "%s: %s SLO", s->name, key->text),
	        .service = s->name,
	        .meaning = mc_lower_text(mc_node_get(slo, "description")),
	        .body = slo_body(cx, is, mc_lower_text(sli)),
	        .span = key->span,
	};
	if (!f.meaning)
		f.meaning = mc_arena_printf(cx->arena, "SLO `%s` of `%s` burns its error budget "
		                            "too fast.", key->text, s->name);
	if (!ids.n) { /* application-signals or no alerting: nothing links here */
		mc_buf_release(&cond);
		return;
	}
	mc_ir_runbook *r = add_entry(cx, &f, &ids, top, buf_take(cx, &cond));
	for (size_t i = 0; i < r->nalarms; i++) {
		mc_ir_alarm *a = alarm_by_id(cx, r->alarms[i]);
		if (a) {
			a->runbook = r->id;
			continue;
		}
		size_t c1 = chain_first(&IX->composites_by_id, r->alarms[i], "");
		if (c1)
			cx->composites[c1 - 1].runbook = r->id;
	}
}

void mc_lower_runbooks(mc_lower_ctx *cx)
{
	rb_index x;
	index_build(cx, &x);
	IX = &x;
	for (size_t si = 0; si < cx->nservices; si++) {
		const mc_lower_service *s = &cx->services[si];
		spec_alarms(cx, s);
		for (size_t r = 0; r < s->ninstances; r++) {
			if (!s->instances[r])
				continue;
			mc_span rspan = s->resource_keys[r] ? s->resource_keys[r]->span : s->span;
			kind_alarms(cx, s, s->instances[r], rspan);
			kind_events(cx, s, s->instances[r], rspan);
		}
		const mc_node *slos = mc_node_get(s->node, "slos");
		for (size_t i = 0; slos && slos->kind == MC_NODE_MAP && i < slos->npairs; i++)
			slo_family(cx, s, slos->pairs[i].key, slos->pairs[i].value);
	}
	IX = NULL;
	index_release(&x);
}
