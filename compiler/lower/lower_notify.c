/*
 * Lowering step 1: tiers, notification targets (SNS topics) and escalation.
 *
 * Consumes the spec's `tiers:` and `notify:` sections; produces the IR tiers (in severity
 * order: the declared order, with the default tiers `critical`, `warning` and `info` that the
 * spec does not declare merged in at their usual place, notifying no one), one SNS topic per
 * notification target (an `sns:` target names an existing topic and creates none) with one
 * subscription per address, and, once the alarms exist, the escalation alarms.
 *
 * Invariants: every topic id a tier names exists (an unknown target, in `notify:` or in
 * `escalate.to`, is E0233 at the name, with did-you-mean); a tier's escalation reaches
 * someone the tier does not notify already (E0244 otherwise).
 *
 * Escalation (docs/escalation.md): for each alarm of the tier, an extra metric alarm over the
 * same data whose evaluation covers the original condition for `after`
 * longer (M + k of N + k datapoints, k = ceil(after / period)) and notifies `to`; for
 * burn-rate composites, an escalation composite over escalation children. When that window
 * breaks CloudWatch's evaluation limit, E0206 is reported at `after`.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "base/buf.h"
#include "lower/lower_internal.h"
#include "sema/condition.h"
#include "sema/units.h"

static const char *const default_tiers[] = {"critical", "warning", "info"};
enum { NDEFAULT_TIERS = 3 };

static int default_rank(const char *name)
{
	for (int i = 0; i < NDEFAULT_TIERS; i++)
		if (strcmp(name, default_tiers[i]) == 0)
			return i;
	return -1;
}

const char *mc_lower_text(const mc_node *n)
{
	if (!n || n->kind == MC_NODE_SEQ || n->kind == MC_NODE_MAP || n->kind == MC_NODE_NULL)
		return NULL;
	return n->text;
}

const mc_node *mc_lower_key(const mc_node *map, const char *key)
{
	mc_pair *p = map && map->kind == MC_NODE_MAP ? mc_node_get_pair(map, key) : NULL;
	return p ? p->key : NULL;
}

int mc_lower_duration(mc_lower_ctx *cx, const mc_node *n, uint64_t *seconds)
{
	const char *t = mc_lower_text(n);
	if (t && mc_duration_parse(t, n->text_len, seconds) == 0)
		return 0;
	mc_diag *g = mc_diag_add(cx->d, MC_E0120, n ? n->span : MC_NO_SPAN, "invalid duration `%s`",
	                         t ? t : "");
	mc_diag_label_primary(cx->d, g, "expected a duration such as `5m`");
	return -1;
}

const char *mc_lower_topic_id(mc_lower_ctx *cx, const char *target)
{
	return mc_arena_printf(cx->arena, "topic/%s", target);
}

const mc_ir_tier *mc_lower_tier_find(const mc_lower_ctx *cx, const char *name)
{
	for (size_t i = 0; name && i < cx->ntiers; i++)
		if (strcmp(cx->tiers[i].name, name) == 0)
			return &cx->tiers[i];
	return NULL;
}

const mc_ir_tier *mc_lower_tier_resolve(mc_lower_ctx *cx, const char *name, mc_span span)
{
	const mc_ir_tier *t = mc_lower_tier_find(cx, name);
	if (t)
		return t;
	const char **names = mc_arena_alloc(cx->arena, (cx->ntiers + 1) * sizeof *names);
	mc_buf list = MC_BUF_INIT;
	for (size_t i = 0; i < cx->ntiers; i++) {
		names[i] = cx->tiers[i].name;
		mc_buf_printf(&list, "%s`%s`", i ? ", " : "", names[i]);
	}
	mc_diag *g = mc_diag_add(cx->d, MC_E0232, span, "unknown tier `%s`", name);
	mc_diag_label_primary(cx->d, g, "expected a tier");
	mc_diag_note(cx->d, g, "the tiers are %s", mc_buf_str(&list));
	const char *best = mc_did_you_mean(name, names, cx->ntiers);
	if (best)
		mc_diag_help(cx->d, g, "did you mean `%s`?", best);
	else
		mc_diag_help(cx->d, g, "declare the tier under `tiers:`");
	mc_buf_release(&list);
	return NULL;
}

/* ---- notification targets ---- */

static const mc_node *notify_section(mc_lower_ctx *cx)
{
	const mc_node *n = mc_node_get(cx->spec, "notify");
	return n && n->kind == MC_NODE_MAP ? n : NULL;
}

static void add_subs(mc_lower_ctx *cx, mc_ir_topic *t, const char *protocol, const mc_node *v,
                     struct mc_ir_subscription **subs, size_t *n, size_t *cap)
{
	if (!v)
		return;
	const mc_node *const *items = (const mc_node *const *)&v;
	size_t count = 1;
	if (v->kind == MC_NODE_SEQ) {
		items = (const mc_node *const *)v->items;
		count = v->nitems;
	}
	for (size_t i = 0; i < count; i++) {
		const char *text = mc_lower_text(items[i]);
		if (!text)
			continue;
		MC_GROW(*subs, *cap, *n + 1);
		(*subs)[(*n)++] = (struct mc_ir_subscription){protocol, text, items[i]->span};
	}
	(void)cx;
	(void)t;
}

static void lower_topics(mc_lower_ctx *cx)
{
	const mc_node *notify = notify_section(cx);
	for (size_t i = 0; notify && i < notify->npairs; i++) {
		const mc_node *key = notify->pairs[i].key, *v = notify->pairs[i].value;
		mc_ir_topic *t = MC_LOWER_PUSH(cx, topics);
		t->id = mc_lower_topic_id(cx, key->text);
		t->target = key->text;
		t->name = mc_lower_prefixed_name(cx, MC_NAME_MAX_TOPIC, &key->text, 1);
		t->span = key->span;
		t->existing_arn = mc_lower_text(mc_node_get(v, "sns"));
		struct mc_ir_subscription *subs = NULL;
		size_t n = 0, cap = 0;
		static const char *const protocols[] = {"email", "https", "sms", "lambda"};
		for (size_t p = 0; p < sizeof protocols / sizeof *protocols; p++)
			add_subs(cx, t, protocols[p], mc_node_get(v, protocols[p]), &subs, &n, &cap);
		if (n)
			t->subscriptions = mc_arena_memdup(cx->arena, subs, n * sizeof *subs);
		t->nsubscriptions = n;
		free(subs);
	}
}

/*
 * Resolves a list of target names to topic ids. Unknown names are reported with code (E0233
 * for `notify:`, E0244 for `escalate.to`); *n receives the count of known ones.
 */
static const char **targets(mc_lower_ctx *cx, const mc_node *list, mc_code code, const char *tier,
                            size_t *n)
{
	*n = 0;
	if (!list || list->kind != MC_NODE_SEQ)
		return NULL;
	const mc_node *notify = notify_section(cx);
	const char **names = mc_arena_alloc(cx->arena,
	                                    ((notify ? notify->npairs : 0) + 1) * sizeof *names);
	size_t nnames = 0;
	for (size_t i = 0; notify && i < notify->npairs; i++)
		names[nnames++] = notify->pairs[i].key->text;
	const char **ids = mc_arena_alloc(cx->arena, (list->nitems + 1) * sizeof *ids);
	for (size_t i = 0; i < list->nitems; i++) {
		const mc_node *item = list->items[i];
		const char *name = mc_lower_text(item);
		if (!name)
			continue;
		if (notify && mc_node_get(notify, name)) {
			ids[(*n)++] = mc_lower_topic_id(cx, name);
			continue;
		}
		mc_diag *g = mc_diag_add(cx->d, code, item->span,
		                         "unknown notification target `%s`", name);
		(void)tier;
		mc_diag_label_primary(cx->d, g, "expected a name under `notify:`");
		const char *best = mc_did_you_mean(name, names, nnames);
		if (best)
			mc_diag_help(cx->d, g, "did you mean `%s`?", best);
		else
			mc_diag_help(cx->d, g, "declare `%s` under `notify:`, such as `%s: { email: "
			                       "someone@example.com }`",
			             name, name);
	}
	return ids;
}

/* Inserts a default tier that the spec did not declare at its usual place (see the top). */
static void insert_default(mc_lower_ctx *cx, const char *name, int rank)
{
	size_t at = cx->ntiers;
	for (size_t i = 0; i < cx->ntiers; i++) {
		int r = default_rank(cx->tiers[i].name);
		if (r > rank) {
			at = i;
			break;
		}
	}
	MC_GROW(cx->tiers, cx->ctiers, cx->ntiers + 1);
	memmove(&cx->tiers[at + 1], &cx->tiers[at], (cx->ntiers - at) * sizeof *cx->tiers);
	memmove(&cx->tier_escalate[at + 1], &cx->tier_escalate[at],
	        (cx->ntiers - at) * sizeof *cx->tier_escalate);
	cx->ntiers++;
	memset(&cx->tiers[at], 0, sizeof *cx->tiers);
	cx->tiers[at].name = name;
	cx->tier_escalate[at] = NULL;
}

/*
 * CloudWatch takes at most 5 actions per state (AlarmActions, OKActions), and each target
 * of a tier is one SNS topic action: more would be rejected when the alarms are created.
 */
static void too_many(mc_lower_ctx *cx, const mc_node *list, size_t n, const char *tier,
                     const char *verb)
{
	if (n <= 5 || !list || list->kind != MC_NODE_SEQ || list->nitems <= 5)
		return;
	mc_diag *g = mc_diag_add(cx->d, MC_E0247, list->items[5]->span,
	                         "tier `%s` %s %zu targets; an alarm can have at most 5 actions",
	                         tier, verb, n);
	mc_diag_label_primary(cx->d, g, "the 6th target");
	mc_diag_label(cx->d, g, list->items[0]->span, "targets start here");
	mc_diag_help(cx->d, g, "give one target several addresses (a target may list several "
	                       "`email:` and `https:` endpoints on one topic)");
}

static void lower_tiers(mc_lower_ctx *cx)
{
	const mc_node *tiers = mc_node_get(cx->spec, "tiers");
	size_t declared = tiers && tiers->kind == MC_NODE_MAP ? tiers->npairs : 0;
	cx->tier_escalate = mc_arena_alloc(cx->arena, (declared + NDEFAULT_TIERS + 1) *
	                                                      sizeof *cx->tier_escalate);
	for (size_t i = 0; i < declared; i++) {
		const mc_node *key = tiers->pairs[i].key, *v = tiers->pairs[i].value;
		mc_ir_tier *t = MC_LOWER_PUSH(cx, tiers);
		t->name = key->text;
		t->span = key->span;
		t->description = mc_lower_text(mc_node_get(v, "description"));
		t->topics = targets(cx, mc_node_get(v, "notify"), MC_E0233, t->name, &t->ntopics);
		too_many(cx, mc_node_get(v, "notify"), t->ntopics, t->name, "notifies");
		const mc_node *rw = mc_node_get(v, "respond_within");
		uint64_t s;
		if (rw && mc_lower_duration(cx, rw, &s) == 0)
			t->respond_within_s = s;
		const mc_node *esc = mc_node_get(v, "escalate");
		cx->tier_escalate[cx->ntiers - 1] = esc;
		if (!esc)
			continue;
		const mc_node *after = mc_node_get(esc, "after"), *to = mc_node_get(esc, "to");
		if (after && mc_lower_duration(cx, after, &s) == 0)
			t->escalate_after_s = s;
		if (after && t->escalate_after_s == 0) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0203, after->span,
			                         "escalation after `%s` would escalate at once",
			                         after->text);
			mc_diag_label_primary(cx->d, g, "expected a duration above 0");
		}
		t->escalate_topics = targets(cx, to, MC_E0233, t->name, &t->nescalate_topics);
		too_many(cx, to, t->nescalate_topics, t->name, "escalates to");
		/* E0244: an escalation that reaches nobody the tier does not notify already. */
		size_t fresh = 0;
		for (size_t k = 0; k < t->nescalate_topics; k++) {
			bool known = false;
			for (size_t j = 0; j < t->ntopics; j++)
				known |= strcmp(t->topics[j], t->escalate_topics[k]) == 0;
			fresh += !known;
		}
		bool empty = !to || to->kind != MC_NODE_SEQ || to->nitems == 0;
		if (empty || (fresh == 0 && t->nescalate_topics == to->nitems)) {
			const mc_node *k = mc_lower_key(v, "escalate");
			mc_diag *g = mc_diag_add(cx->d, MC_E0244, empty ? (to ? to->span : k->span)
			                                                : to->items[0]->span,
			                         "tier `%s` escalates to nobody new", t->name);
			mc_diag_label_primary(cx->d, g, empty ? "expected at least one notification "
			                                        "target"
			                                      : "the tier notifies these already");
			mc_diag_help(cx->d, g, "escalate to someone else, such as `to: [lead]`, or "
			                       "remove `escalate:`");
			t->nescalate_topics = 0; /* nothing to compile */
		}
	}
	for (int r = 0; r < NDEFAULT_TIERS; r++)
		if (!mc_lower_tier_find(cx, default_tiers[r]))
			insert_default(cx, default_tiers[r], r);
	for (size_t i = 0; i < cx->ntiers; i++)
		cx->tiers[i].rank = (unsigned)i;
}

void mc_lower_notify(mc_lower_ctx *cx)
{
	lower_topics(cx);
	lower_tiers(cx);
}

/* ---- escalation ---- */

/*
 * Alarm indexes sorted by id, over the alarms that existed when mc_lower_escalations() began
 * (the escalation copies it adds are never looked up): composites find their children by
 * binary search instead of a scan of every alarm per child. Indexes, not pointers, because
 * the alarm vector grows while escalation copies are added.
 */
static struct {
	size_t *v;
	size_t n;
	const mc_lower_ctx *cx;
} by_id;

static int by_id_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	return strcmp(by_id.cx->alarms[a].id, by_id.cx->alarms[b].id);
}

static const mc_ir_alarm *alarm_find(const mc_lower_ctx *cx, const char *id)
{
	size_t lo = 0, hi = by_id.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(cx->alarms[by_id.v[mid]].id, id);
		if (c == 0)
			return &cx->alarms[by_id.v[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Adds the escalation copy of alarm a (by value: the vector may move). with_actions: the
 * copy notifies the escalation topics (metric alarms); SLO children carry no actions.
 * Returns the new id, or NULL when the window is too long (reported).
 */
static const char *escalate_alarm(mc_lower_ctx *cx, mc_ir_alarm a, const mc_ir_tier *t,
                                  const mc_node *after, bool with_actions)
{
	uint64_t p = a.period_s ? a.period_s : 60;
	uint64_t k = (t->escalate_after_s + p - 1) / p;
	uint64_t n = a.evaluation_periods + k, m = a.datapoints + k;
	if (p * n > mc_window_limit(p)) {
		mc_buf lim = MC_BUF_INIT, per = MC_BUF_INIT;
		mc_duration_format(&lim, mc_window_limit(p));
		mc_duration_format(&per, p);
		mc_diag *g = mc_diag_add(cx->d, MC_E0206, after ? after->span : t->span,
		                         "cannot escalate alarm `%s`: it would need %llu periods "
		                         "of %s",
		                         a.id, (unsigned long long)n, mc_buf_str(&per));
		mc_diag_label_primary(cx->d, g, "CloudWatch evaluates at most %s at this period",
		                      mc_buf_str(&lim));
		mc_diag_label(cx->d, g, a.span, "the alarm that escalates");
		mc_diag_help(cx->d, g, "escalate sooner, or give the alarm a longer period");
		mc_buf_release(&lim);
		mc_buf_release(&per);
		return NULL;
	}
	mc_ir_alarm *e = MC_LOWER_PUSH(cx, alarms);
	*e = a;
	e->id = mc_arena_printf(cx->arena, "%s/escalation", a.id);
	const char *parts[] = {a.name, "escalation"};
	e->name = mc_lower_name_join(cx->arena, MC_NAME_MAX_ALARM, false, parts, 2);
	e->origin = MC_IR_ORIGIN_ESCALATION;
	e->tier = t->name; /* also on the children of an escalation composite: it escalates t */
	e->evaluation_periods = (uint32_t)n;
	e->datapoints = (uint32_t)m;
	mc_buf dur = MC_BUF_INIT;
	mc_duration_format(&dur, t->escalate_after_s);
	e->description = mc_arena_printf(cx->arena, "Escalation: still in ALARM after %s. %s",
	                                 mc_buf_str(&dur), a.description ? a.description : "");
	mc_buf_release(&dur);
	memset(&e->on_alarm, 0, sizeof e->on_alarm);
	memset(&e->on_ok, 0, sizeof e->on_ok);
	if (with_actions) {
		e->on_alarm.topics = t->escalate_topics;
		e->on_alarm.ntopics = t->nescalate_topics;
		e->on_ok = e->on_alarm;
	}
	return e->id;
}

static void escalate_composite(mc_lower_ctx *cx, mc_ir_composite c, const mc_ir_tier *t,
                               const mc_node *after)
{
	const char **kids = mc_arena_alloc(cx->arena, (c.nchildren + 1) * sizeof *kids);
	mc_buf rule = MC_BUF_INIT;
	for (size_t i = 0; i < c.nchildren; i++) {
		const mc_ir_alarm *child = alarm_find(cx, c.children[i]);
		if (!child)
			goto out; /* a child that is not a metric alarm: nothing to copy */
		kids[i] = escalate_alarm(cx, *child, t, after, false);
		if (!kids[i])
			goto out;
		mc_buf_printf(&rule, "%sALARM(\"%s\")", i ? " AND " : "", kids[i]);
	}
	mc_ir_composite *e = MC_LOWER_PUSH(cx, composites);
	*e = c;
	e->id = mc_arena_printf(cx->arena, "%s/escalation", c.id);
	const char *parts[] = {c.name, "escalation"};
	e->name = mc_lower_name_join(cx->arena, MC_NAME_MAX_ALARM, false, parts, 2);
	e->origin = MC_IR_ORIGIN_ESCALATION;
	e->rule = mc_arena_strdup(cx->arena, mc_buf_str(&rule));
	e->children = kids;
	/* The copies' ids are the originals' plus a suffix, so they stay sorted. */
	e->description = mc_arena_printf(cx->arena, "Escalation: still in ALARM. %s",
	                                 c.description ? c.description : "");
	memset(&e->on_alarm, 0, sizeof e->on_alarm);
	e->on_alarm.topics = t->escalate_topics;
	e->on_alarm.ntopics = t->nescalate_topics;
	e->on_ok = e->on_alarm;
	e->suppressor = NULL;
	e->suppressor_wait_s = e->suppressor_extension_s = 0;
out:
	mc_buf_release(&rule);
}

void mc_lower_escalations(mc_lower_ctx *cx)
{
	by_id.cx = cx;
	by_id.n = cx->nalarms;
	by_id.v = mc_xcalloc(cx->nalarms + 1, sizeof *by_id.v);
	for (size_t i = 0; i < cx->nalarms; i++)
		by_id.v[i] = i;
	if (by_id.n > 1)
		qsort(by_id.v, by_id.n, sizeof *by_id.v, by_id_cmp);
	for (size_t ti = 0; ti < cx->ntiers; ti++) {
		const mc_ir_tier *t = &cx->tiers[ti];
		if (!t->escalate_after_s || !t->nescalate_topics)
			continue;
		const mc_node *after = mc_node_get(cx->tier_escalate[ti], "after");
		size_t nalarms = cx->nalarms, ncomposites = cx->ncomposites;
		for (size_t i = 0; i < nalarms; i++) {
			const mc_ir_alarm *a = &cx->alarms[i];
			/* An event has no duration: its TriggeredRules alarm does not escalate. */
			if (a->tier && strcmp(a->tier, t->name) == 0 &&
			    a->origin != MC_IR_ORIGIN_ESCALATION && a->origin != MC_IR_ORIGIN_EVENT)
				escalate_alarm(cx, *a, t, after, true);
		}
		for (size_t i = 0; i < ncomposites; i++) {
			const mc_ir_composite *c = &cx->composites[i];
			if (c->tier && strcmp(c->tier, t->name) == 0 &&
			    c->origin != MC_IR_ORIGIN_ESCALATION)
				escalate_composite(cx, *c, t, after);
		}
	}
	free(by_id.v);
	by_id.v = NULL;
	by_id.n = 0;
}
