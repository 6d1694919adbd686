/*
 * E0239: the limits AWS puts on a composite alarm (aws-notes.md §2.2), checked on every
 * composite the lowering built (burn-rate composites of SLOs and their escalation copies).
 *
 * Consumes the context's composites and metric alarms after the escalation step (names are
 * final by then); produces diagnostics only. The limits: the AlarmRule is at most 10,240
 * characters as AWS reads it, i.e. with the IR ids in ALARM("...") replaced by the children's
 * AWS names (which is what the emitters write); it names at most 100 children and has at most
 * 500 elements (alarm references, TRUE/FALSE, parentheses that group); AlarmActions and
 * OKActions hold at most 5 actions each. Each problem is reported once at the composite's span
 * (the SLO or its burn-rate row); a composite whose actions are its tier's topics also points
 * at the tier. Composites that share a list of actions (the rows of one tier in one SLO) are
 * reported once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/xalloc.h"
#include "base/buf.h"
#include "lower/lower_internal.h"

enum {
	MAX_RULE_CHARS = 10240,
	MAX_CHILDREN = 100,
	MAX_ELEMENTS = 500,
	MAX_ACTIONS = 5,
};

/*
 * AWS names by IR id, for measuring rules: a hash table built once per call of
 * mc_lower_check_composites (a scan of every alarm per child made this step quadratic).
 */
typedef struct {
	const char *id, *name;
	size_t len;
} name_slot;

typedef struct {
	name_slot *v;
	size_t cap; /* a power of two */
} name_table;

static uint64_t hash_bytes(const char *s, size_t len)
{
	return mc_fnv1a64(s, len);
}

static void table_put(name_table *t, const char *id, const char *name)
{
	size_t len = strlen(id);
	size_t i = hash_bytes(id, len) & (t->cap - 1);
	while (t->v[i].id)
		i = (i + 1) & (t->cap - 1);
	t->v[i] = (name_slot){id, name, len};
}

static void table_build(name_table *t, const mc_lower_ctx *cx)
{
	size_t n = cx->nalarms + cx->ncomposites;
	t->cap = 16;
	while (t->cap < 2 * n)
		t->cap *= 2;
	t->v = mc_xcalloc(t->cap, sizeof *t->v);
	for (size_t i = 0; i < cx->nalarms; i++)
		table_put(t, cx->alarms[i].id, cx->alarms[i].name);
	for (size_t i = 0; i < cx->ncomposites; i++)
		table_put(t, cx->composites[i].id, cx->composites[i].name);
}

/* The AWS name of an alarm or composite id, or NULL (always without a table). */
static const char *name_of(const name_table *t, const char *id, size_t len)
{
	if (!t)
		return NULL;
	for (size_t i = hash_bytes(id, len) & (t->cap - 1); t->v[i].id; i = (i + 1) & (t->cap - 1))
		if (t->v[i].len == len && memcmp(t->v[i].id, id, len) == 0)
			return t->v[i].name;
	return NULL;
}

static bool word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/*
 * The rule's length with names for ids (with names NULL: as written), its elements and the
 * number of ids it names.
 */
static void measure(const name_table *names, const char *rule, size_t *chars,
                    size_t *elements, size_t *nids)
{
	static const char *const fns[] = {"ALARM(", "OK(", "INSUFFICIENT_DATA("};
	*chars = 0;
	*elements = 0;
	*nids = 0;
	for (const char *p = rule; *p;) {
		bool at_word = p == rule || !word_char(p[-1]);
		size_t fn = 0;
		for (size_t f = 0; f < 3 && at_word && !fn; f++)
			if (strncmp(p, fns[f], strlen(fns[f])) == 0)
				fn = strlen(fns[f]);
		if (fn && p[fn] == '"') {
			const char *id = p + fn + 1, *end = strchr(id, '"');
			if (end) {
				const char *name = name_of(names, id, (size_t)(end - id));
				size_t idlen = (size_t)(end - id);
				*chars += fn + 2 + (name ? strlen(name) : idlen);
				(*elements)++;
				(*nids)++;
				p = end + 1;
				if (*p == ')')
					(*chars)++, p++;
				continue;
			}
		}
		if (at_word && (strncmp(p, "TRUE", 4) == 0 || strncmp(p, "FALSE", 5) == 0) &&
		    !word_char(p[*p == 'T' ? 4 : 5])) {
			size_t n = *p == 'T' ? 4 : 5;
			*chars += n;
			p += n;
			(*elements)++;
			continue;
		}
		if (*p == '(' || *p == ')')
			(*elements)++;
		(*chars)++;
		p++;
	}
}

/* The tier whose topics c notifies, when its actions are exactly a tier's list. */
static const mc_ir_tier *tier_of(const mc_lower_ctx *cx, const mc_ir_composite *c)
{
	for (size_t i = 0; i < cx->ntiers; i++) {
		const mc_ir_tier *t = &cx->tiers[i];
		if (c->on_alarm.topics && c->on_alarm.topics == t->topics)
			return t;
		if (c->on_alarm.topics && c->on_alarm.topics == t->escalate_topics)
			return t;
	}
	return NULL;
}

/* Whether an earlier composite of the same SLO already reported the same actions list. */
static bool reported(const mc_lower_ctx *cx, size_t i)
{
	const mc_ir_composite *c = &cx->composites[i];
	for (size_t j = 0; j < i; j++) {
		const mc_ir_composite *e = &cx->composites[j];
		if (e->on_alarm.topics == c->on_alarm.topics &&
		    e->on_alarm.ntopics + e->on_alarm.nactions ==
		            c->on_alarm.ntopics + c->on_alarm.nactions &&
		    e->service && c->service && strcmp(e->service, c->service) == 0 && e->source &&
		    c->source && strcmp(e->source, c->source) == 0)
			return true;
	}
	return false;
}

static void too_many_actions(mc_lower_ctx *cx, size_t i)
{
	const mc_ir_composite *c = &cx->composites[i];
	size_t n = c->on_alarm.ntopics + c->on_alarm.nactions;
	size_t n_ok = c->on_ok.ntopics + c->on_ok.nactions;
	if (n_ok > n)
		n = n_ok;
	if (n <= MAX_ACTIONS)
		return;
	const mc_ir_tier *t = tier_of(cx, c);
	/* A tier's own list is reported once at the tier (E0247, lower_notify.c). */
	if (t || reported(cx, i))
		return;
	bool escalation = c->origin == MC_IR_ORIGIN_ESCALATION;
	mc_diag *g = mc_diag_add(cx->d, MC_E0239, c->span,
	                         "composite alarm `%s` would notify %zu targets, more than "
	                         "CloudWatch allows",
	                         c->id, n);
	mc_diag_label_primary(cx->d, g, "a composite alarm takes at most %d actions",
	                      MAX_ACTIONS);
	if (t && t->span.file)
		mc_diag_label(cx->d, g, t->span, "tier `%s` %s %zu targets", t->name,
		              escalation ? "escalates to" : "notifies", n);
	mc_diag_help(cx->d, g, "notify fewer targets from this tier: one target may have "
	                       "several subscriptions (email, https, sms)");
}

void mc_lower_check_composites(mc_lower_ctx *cx)
{
	/*
	 * The table of names (690,000 at 10,000 services, 48 MB of randomly written slots) is
	 * built only for a rule that names could make too long: every alarm name is at most
	 * MC_NAME_MAX_ALARM bytes (names.c), so a rule as written plus that much per id is a
	 * bound on its length with names.
	 */
	name_table names = {NULL, 0};
	for (size_t i = 0; i < cx->ncomposites; i++) {
		const mc_ir_composite *c = &cx->composites[i];
		too_many_actions(cx, i);
		if (!c->rule)
			continue;
		size_t chars, elements, nids;
		measure(NULL, c->rule, &chars, &elements, &nids);
		if (chars + nids * MC_NAME_MAX_ALARM > MAX_RULE_CHARS) {
			if (!names.v)
				table_build(&names, cx);
			measure(&names, c->rule, &chars, &elements, &nids);
		}
		if (c->nchildren > MAX_CHILDREN) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0239, c->span,
			                         "composite alarm `%s` combines %zu alarms, more than "
			                         "CloudWatch allows",
			                         c->id, c->nchildren);
			mc_diag_label_primary(cx->d, g, "a composite alarm rule names at most %d "
			                                "alarms",
			                      MAX_CHILDREN);
			mc_diag_help(cx->d, g, "combine fewer alarms, for example with a custom "
			                       "burn-rate table of fewer rows");
		} else if (elements > MAX_ELEMENTS) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0239, c->span,
			                         "the rule of composite alarm `%s` has %zu elements, "
			                         "more than CloudWatch allows",
			                         c->id, elements);
			mc_diag_label_primary(cx->d, g, "a composite alarm rule has at most %d "
			                                "elements",
			                      MAX_ELEMENTS);
			mc_diag_help(cx->d, g, "combine fewer alarms");
		}
		if (chars > MAX_RULE_CHARS) {
			mc_diag *g = mc_diag_add(cx->d, MC_E0239, c->span,
			                         "the rule of composite alarm `%s` is %zu characters "
			                         "long, more than CloudWatch allows",
			                         c->id, chars);
			mc_diag_label_primary(cx->d, g, "a composite alarm rule is at most 10,240 "
			                                "characters");
			mc_diag_help(cx->d, g, "combine fewer alarms, or use shorter names");
		}
	}
	free(names.v);
}
