/*
 * The IR's invariants (see ir_verify.h and docs/ir.md): a finished mc_ir -> a count of
 * violations and one report line for each.
 *
 * The checks are the promises ir.h makes to the emitters and to plan/apply, plus what AWS
 * would reject at deploy time: ids sorted and unique, every id reference resolvable, alarm
 * shapes (one of metric/queries, ReturnData, anomaly bands), periods and evaluation windows,
 * AWS name lengths and character sets, the dashboard grid. Each check reads the IR only; the
 * report is built in IR order so that it is deterministic. Cost: linear look-ups, quadratic at
 * worst in the number of items of one kind, which is fine for a debug-build check.
 */
#include "ir/ir_verify.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "sema/timezone.h"

/* AWS limits the checks use (../shared/reference/aws-notes.md §1.11, §2). */
enum {
	GRID_COLUMNS = 24,
	MAX_WIDGETS = 500,
	MAX_WIDGET_METRICS = 500,
	MAX_ALARM_METRIC_QUERIES = 10,
	MAX_ALARM_EXPR_QUERIES = 10,
	MAX_ACTIONS = 5,
	MAX_COMPOSITE_CHILDREN = 100,
	MAX_RULE_LEN = 10240,
	MAX_DIMENSIONS = 30,
	MAX_BUDGET_ALERTS = 10,
	MAX_BUDGET_SUBSCRIBERS = 11,
	MAX_EVENT_PATTERN = 4096,
	MAX_DESCRIPTION = 1024,
	MAX_BURN_WINDOWS = 10,      /* BurnRateConfigurations of an Application Signals SLO */
	MAX_LOOK_BACK_MIN = 10080,  /* LookBackWindowMinutes: 7 days */
	ONE_HOUR = 3600,
	ONE_DAY = 86400,
	SEVEN_DAYS = 604800,
};

typedef struct {
	const mc_ir *ir;
	mc_buf *report;
	int n;
} verifier;

static void bad(verifier *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records one violation: `ir: ` + the formatted text + a newline. */
static void bad(verifier *v, const char *fmt, ...)
{
	v->n++;
	if (!v->report)
		return;
	va_list ap;
	va_start(ap, fmt);
	mc_buf_puts(v->report, "ir: ");
	mc_buf_vprintf(v->report, fmt, ap);
	mc_buf_putc(v->report, '\n');
	va_end(ap);
}

static const char *str(const char *s)
{
	return s ? s : "(null)";
}

static bool empty(const char *s)
{
	return !s || !*s;
}

/* ---- look-ups by id --------------------------------------------------------------------- */

/* The id field at byte offset off of element i of an array of size-byte elements. */
static const char *id_at(const void *base, size_t i, size_t size, size_t off)
{
	return *(const char *const *)((const char *)base + i * size + off);
}

static bool has(const void *base, size_t n, size_t size, size_t off, const char *key)
{
	for (size_t i = 0; key && i < n; i++) {
		const char *s = id_at(base, i, size, off);
		if (s && strcmp(s, key) == 0)
			return true;
	}
	return false;
}

#define HAS(arr, n, type, field, key) has((arr), (n), sizeof(type), offsetof(type, field), (key))

static bool has_topic(const mc_ir *ir, const char *id)
{
	return HAS(ir->topics, ir->ntopics, mc_ir_topic, id, id);
}

static const mc_ir_alarm *find_alarm(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; id && i < ir->nalarms; i++)
		if (ir->alarms[i].id && strcmp(ir->alarms[i].id, id) == 0)
			return &ir->alarms[i];
	return NULL;
}

static bool has_composite(const mc_ir *ir, const char *id)
{
	return HAS(ir->composites, ir->ncomposites, mc_ir_composite, id, id);
}

/* Alarm widgets, runbooks, composite children and suppressors name either kind of alarm. */
static bool has_any_alarm(const mc_ir *ir, const char *id)
{
	return find_alarm(ir, id) || has_composite(ir, id);
}

static bool has_tier(const mc_ir *ir, const char *name)
{
	return HAS(ir->tiers, ir->ntiers, mc_ir_tier, name, name);
}

static bool has_runbook(const mc_ir *ir, const char *id)
{
	return HAS(ir->runbooks, ir->nrunbooks, mc_ir_runbook, id, id);
}

static bool has_dashboard(const mc_ir *ir, const char *id)
{
	return HAS(ir->dashboards, ir->ndashboards, mc_ir_dashboard, id, id);
}

static bool has_service(const mc_ir *ir, const char *name)
{
	return HAS(ir->services, ir->nservices, mc_ir_service, name, name);
}

/* ---- generic checks --------------------------------------------------------------------- */

/* Every element has an id; ids strictly increase (byte order), so they are also unique. */
static void check_sorted(verifier *v, const char *what, const void *base, size_t n, size_t size,
                         size_t off)
{
	const char *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *id = id_at(base, i, size, off);
		if (empty(id)) {
			bad(v, "%s[%zu] has no id", what, i);
			continue;
		}
		if (prev) {
			int c = strcmp(prev, id);
			if (c == 0)
				bad(v, "%s: duplicate id `%s`", what, id);
			else if (c > 0)
				bad(v, "%s: `%s` comes after `%s` (not sorted by id)", what, id,
				    prev);
		}
		prev = id;
	}
}

#define CHECK_SORTED(v, what, arr, n, type) \
	check_sorted((v), (what), (arr), (n), sizeof(type), offsetof(type, id))

static bool period_ok(uint32_t p)
{
	return p == 10 || p == 30 || (p > 0 && p % 60 == 0);
}

/* `^[a-z][A-Za-z0-9_]*$`: the MetricDataQuery id rule. */
static bool query_id_ok(const char *id)
{
	if (empty(id) || strlen(id) > 255 || id[0] < 'a' || id[0] > 'z')
		return false;
	for (const char *p = id + 1; *p; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		          (*p >= '0' && *p <= '9') || *p == '_';
		if (!ok)
			return false;
	}
	return true;
}

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * An AWS name: 1..max bytes; with `extra` non-NULL only letters, digits and the bytes of
 * extra; with extra NULL any bytes except ASCII controls and the bytes of `forbidden`.
 */
static bool name_ok(const char *name, size_t max, const char *extra, const char *forbidden)
{
	if (empty(name) || strlen(name) > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (extra) {
			if (!alnum((char)*p) && !strchr(extra, *p))
				return false;
		} else if (*p < 0x20 || *p == 0x7f || (forbidden && strchr(forbidden, *p))) {
			return false;
		}
	}
	return true;
}

static void check_name(verifier *v, const char *what, const char *id, const char *name,
                       size_t max, const char *extra, const char *forbidden)
{
	if (!name_ok(name, max, extra, forbidden))
		bad(v, "%s `%s`: name `%s` breaks AWS's rule (1-%zu %s)", what, str(id), str(name),
		    max, extra ? "letters, digits and a few marks" : "printable characters");
}

typedef struct {
	const char *name, *id;
} named;

static int named_cmp(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->id, y->id);
}

/* Names of one AWS type must be unique; `names` holds n entries (NULL names skipped). */
static void check_unique_names(verifier *v, const char *what, named *names, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (names[i].name && names[i].id)
			names[k++] = names[i];
	qsort(names, k, sizeof *names, named_cmp);
	for (size_t i = 1; i < k; i++)
		if (strcmp(names[i - 1].name, names[i].name) == 0)
			bad(v, "%s name `%s` is used by both `%s` and `%s`", what, names[i].name,
			    names[i - 1].id, names[i].id);
}

static void check_metric(verifier *v, const char *what, const char *id, const mc_ir_metric *m,
                         bool need_period)
{
	if (empty(m->ns) || empty(m->metric) || empty(m->stat))
		bad(v, "%s `%s`: metric without namespace, name or statistic", what, str(id));
	if (need_period ? !period_ok(m->period_s) : (m->period_s && !period_ok(m->period_s)))
		bad(v, "%s `%s`: metric period %u is not 10, 30 or a multiple of 60", what, str(id),
		    m->period_s);
	if (m->ndims > MAX_DIMENSIONS)
		bad(v, "%s `%s`: %zu dimensions (AWS allows %d)", what, str(id), m->ndims,
		    MAX_DIMENSIONS);
	for (size_t i = 0; i < m->ndims; i++) {
		if (empty(m->dims[i].name) || empty(m->dims[i].value))
			bad(v, "%s `%s`: dimension without name or value", what, str(id));
		else if (i > 0 && !empty(m->dims[i - 1].name) &&
		         strcmp(m->dims[i - 1].name, m->dims[i].name) >= 0)
			bad(v, "%s `%s`: dimensions not sorted by name at `%s`", what, str(id),
			    m->dims[i].name);
	}
}

typedef struct {
	size_t returned, metrics, exprs;
} query_counts;

/* Query ids valid and unique within their list; each query exactly one of metric/expr. */
static query_counts check_queries(verifier *v, const char *what, const char *id,
                                  const mc_ir_query *q, size_t n, bool need_period)
{
	query_counts c = {0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		if (!query_id_ok(q[i].id))
			bad(v, "%s `%s`: query id `%s` does not match ^[a-z][A-Za-z0-9_]*$", what,
			    str(id), str(q[i].id));
		for (size_t j = 0; j < i && q[i].id; j++)
			if (q[j].id && strcmp(q[j].id, q[i].id) == 0)
				bad(v, "%s `%s`: query id `%s` used twice", what, str(id), q[i].id);
		if (!q[i].metric == empty(q[i].expression))
			bad(v, "%s `%s`: query `%s` needs exactly one of metric and expression",
			    what, str(id), str(q[i].id));
		if (q[i].metric) {
			c.metrics++;
			check_metric(v, what, id, q[i].metric, need_period);
		} else {
			c.exprs++;
		}
		if (q[i].return_data)
			c.returned++;
	}
	return c;
}

static bool ec2_action(const char *a)
{
	return a && strncmp(a, "ec2:", 4) == 0;
}

static bool action_known(const char *a)
{
	static const char *const ec2[] = {"ec2:recover", "ec2:reboot", "ec2:stop", "ec2:terminate"};
	for (size_t i = 0; i < sizeof ec2 / sizeof ec2[0]; i++)
		if (strcmp(a, ec2[i]) == 0)
			return true;
	return strncmp(a, "scale:", 6) == 0 && a[6] != '\0';
}

static bool has_scaling_policy(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; i < ir->nscaling_policies; i++)
		if (strcmp(ir->scaling_policies[i].id, id) == 0)
			return true;
	return false;
}

/* Topics exist; automated actions are known; at most five actions in all. */
static void check_actions(verifier *v, const char *what, const char *id, const char *which,
                          const mc_ir_actions *a)
{
	for (size_t i = 0; i < a->ntopics; i++)
		if (!has_topic(v->ir, a->topics[i]))
			bad(v, "%s `%s`: %s topic `%s` does not exist", what, str(id), which,
			    str(a->topics[i]));
	for (size_t i = 0; i < a->nactions; i++)
		if (empty(a->actions[i]) || !action_known(a->actions[i]))
			bad(v, "%s `%s`: unknown %s action `%s`", what, str(id), which,
			    str(a->actions[i]));
		else if (strncmp(a->actions[i], "scale:", 6) == 0 &&
		         !has_scaling_policy(v->ir, a->actions[i] + 6))
			bad(v, "%s `%s`: scaling policy `%s` does not exist", what, str(id),
			    a->actions[i] + 6);
	if (a->ntopics + a->nactions > MAX_ACTIONS)
		bad(v, "%s `%s`: %zu %s actions (AWS allows %d)", what, str(id),
		    a->ntopics + a->nactions, which, MAX_ACTIONS);
}

static void check_tier_ref(verifier *v, const char *what, const char *id, const char *tier)
{
	if (tier && !has_tier(v->ir, tier))
		bad(v, "%s `%s`: tier `%s` does not exist", what, str(id), tier);
}

static void check_runbook_ref(verifier *v, const char *what, const char *id, const char *rb)
{
	if (rb && !has_runbook(v->ir, rb))
		bad(v, "%s `%s`: runbook `%s` does not exist", what, str(id), rb);
}

/* ---- the IR's parts --------------------------------------------------------------------- */

static void check_services(verifier *v)
{
	const mc_ir *ir = v->ir;
	for (size_t i = 0; i < ir->nservices; i++) {
		const mc_ir_service *s = &ir->services[i];
		if (empty(s->name))
			bad(v, "services[%zu] has no name", i);
		const char *prev = i ? ir->services[i - 1].name : NULL;
		if (prev && s->name && strcmp(prev, s->name) == 0)
			bad(v, "service `%s` appears twice", s->name);
		else if (prev && s->name && strcmp(prev, s->name) > 0)
			bad(v, "services: `%s` comes after `%s` (not sorted by name)", s->name,
			    prev);
		for (size_t r = 0; r < s->nresources; r++)
			for (size_t q = 0; q < r; q++)
				if (s->resources[q].name && s->resources[r].name &&
				    strcmp(s->resources[q].name, s->resources[r].name) == 0)
					bad(v, "service `%s`: resource `%s` appears twice",
					    str(s->name), s->resources[r].name);
	}
}

static void check_tiers(verifier *v)
{
	const mc_ir *ir = v->ir;
	for (size_t i = 0; i < ir->ntiers; i++) {
		const mc_ir_tier *t = &ir->tiers[i];
		if (empty(t->name))
			bad(v, "tiers[%zu] has no name", i);
		if (t->rank != i)
			bad(v, "tier `%s` has rank %u at position %zu (tiers are in rank order)",
			    str(t->name), t->rank, i);
		for (size_t j = 0; j < i && t->name; j++)
			if (ir->tiers[j].name && strcmp(ir->tiers[j].name, t->name) == 0)
				bad(v, "tier `%s` appears twice", t->name);
		for (size_t k = 0; k < t->ntopics; k++)
			if (!has_topic(ir, t->topics[k]))
				bad(v, "tier `%s`: topic `%s` does not exist", str(t->name),
				    str(t->topics[k]));
		for (size_t k = 0; k < t->nescalate_topics; k++)
			if (!has_topic(ir, t->escalate_topics[k]))
				bad(v, "tier `%s`: escalation topic `%s` does not exist",
				    str(t->name), str(t->escalate_topics[k]));
		if (t->nescalate_topics && !t->escalate_after_s)
			bad(v, "tier `%s`: escalates to topics but after 0 s", str(t->name));
	}
}

static void check_topics(verifier *v)
{
	static const char *const protocols[] = {"email", "email-json", "https", "http", "sms",
	                                        "lambda", "sqs", "application", "firehose"};
	enum { NPROTOCOLS = sizeof protocols / sizeof protocols[0] };
	const mc_ir *ir = v->ir;
	named *names = mc_xcalloc(ir->ntopics + 1, sizeof *names);
	CHECK_SORTED(v, "topics", ir->topics, ir->ntopics, mc_ir_topic);
	for (size_t i = 0; i < ir->ntopics; i++) {
		const mc_ir_topic *t = &ir->topics[i];
		if (!t->existing_arn) {
			check_name(v, "topic", t->id, t->name, 256, "-_", NULL);
			names[i] = (named){t->name, t->id};
		}
		for (size_t k = 0; k < t->nsubscriptions; k++) {
			const struct mc_ir_subscription *s = &t->subscriptions[k];
			bool known = false;
			for (size_t p = 0; s->protocol && p < NPROTOCOLS; p++)
				known = known || strcmp(s->protocol, protocols[p]) == 0;
			if (!known || empty(s->endpoint))
				bad(v, "topic `%s`: subscription %zu has protocol `%s` and "
				       "endpoint `%s`",
				    str(t->id), k, str(s->protocol), str(s->endpoint));
		}
	}
	check_unique_names(v, "topic", names, ir->ntopics);
	free(names);
}

static bool anomaly_cmp(mc_ir_cmp c)
{
	return c == MC_IR_CMP_OUTSIDE_BAND || c == MC_IR_CMP_ABOVE_BAND ||
	       c == MC_IR_CMP_BELOW_BAND;
}

/* Anomaly alarms: input and band both returned, threshold_metric_id names the band. */
static void check_anomaly_shape(verifier *v, const mc_ir_alarm *a, query_counts c)
{
	if (a->metric || !a->nqueries) {
		bad(v, "alarm `%s`: an anomaly alarm needs queries (input and band)", str(a->id));
		return;
	}
	if (c.returned != 2)
		bad(v, "alarm `%s`: anomaly alarm returns %zu queries (want the input and "
		       "the band)",
		    str(a->id), c.returned);
	const mc_ir_query *band = NULL;
	for (size_t i = 0; a->threshold_metric_id && i < a->nqueries; i++)
		if (a->queries[i].id && strcmp(a->queries[i].id, a->threshold_metric_id) == 0)
			band = &a->queries[i];
	if (!band) {
		bad(v, "alarm `%s`: threshold_metric_id `%s` names no query", str(a->id),
		    str(a->threshold_metric_id));
		return;
	}
	if (empty(band->expression) || !strstr(band->expression, "ANOMALY_DETECTION_BAND(") ||
	    !band->return_data)
		bad(v, "alarm `%s`: threshold query `%s` is not a returned ANOMALY_DETECTION_BAND",
		    str(a->id), str(band->id));
}

static void check_alarm(verifier *v, const mc_ir_alarm *a)
{
	const mc_ir *ir = v->ir;
	const char *id = str(a->id);

	check_name(v, "alarm", a->id, a->name, 255, NULL, NULL);
	if (a->description && strlen(a->description) > MAX_DESCRIPTION)
		bad(v, "alarm `%s`: description longer than %d bytes", id, MAX_DESCRIPTION);
	if (!a->metric == !a->nqueries)
		bad(v, "alarm `%s`: needs exactly one of metric and queries", id);
	if (a->metric)
		check_metric(v, "alarm", a->id, a->metric, true);
	query_counts c = check_queries(v, "alarm", a->id, a->queries, a->nqueries, true);
	if (c.metrics > MAX_ALARM_METRIC_QUERIES || c.exprs > MAX_ALARM_EXPR_QUERIES)
		bad(v, "alarm `%s`: %zu metric and %zu expression queries (AWS allows %d and %d)",
		    id, c.metrics, c.exprs, MAX_ALARM_METRIC_QUERIES, MAX_ALARM_EXPR_QUERIES);
	if (anomaly_cmp(a->cmp)) {
		check_anomaly_shape(v, a, c);
	} else {
		if (a->threshold_metric_id)
			bad(v, "alarm `%s`: threshold_metric_id on an alarm that is not an "
			       "anomaly alarm",
			    id);
		if (a->nqueries && c.returned != 1)
			bad(v, "alarm `%s`: %zu queries return data (want exactly 1)", id,
			    c.returned);
		if (!isfinite(a->threshold))
			bad(v, "alarm `%s`: threshold is not a finite number", id);
	}

	if (!period_ok(a->period_s))
		bad(v, "alarm `%s`: period %u is not 10, 30 or a multiple of 60", id, a->period_s);
	if (a->evaluation_periods < 1 || a->datapoints < 1 ||
	    a->datapoints > a->evaluation_periods)
		bad(v, "alarm `%s`: %u of %u datapoints (want 1 <= datapoints <= evaluation "
		       "periods)",
		    id, a->datapoints, a->evaluation_periods);
	uint64_t window = (uint64_t)a->period_s * a->evaluation_periods;
	uint64_t limit = a->period_s < ONE_HOUR ? ONE_DAY : SEVEN_DAYS;
	if (window > limit)
		bad(v, "alarm `%s`: period x evaluation periods is %llu s (AWS allows %llu s)", id,
		    (unsigned long long)window, (unsigned long long)limit);

	if (!a->tier && a->origin != MC_IR_ORIGIN_SLO)
		bad(v, "alarm `%s`: no tier (only SLO child alarms go without)", id);
	if (!a->tier && a->origin == MC_IR_ORIGIN_SLO &&
	    (a->on_alarm.ntopics || a->on_alarm.nactions))
		bad(v, "alarm `%s`: SLO child alarm with actions (the composite has them)", id);
	check_tier_ref(v, "alarm", a->id, a->tier);
	check_runbook_ref(v, "alarm", a->id, a->runbook);
	if (a->service && !has_service(ir, a->service))
		bad(v, "alarm `%s`: service `%s` does not exist", id, a->service);
	check_actions(v, "alarm", a->id, "alarm", &a->on_alarm);
	check_actions(v, "alarm", a->id, "ok", &a->on_ok);

	/* EC2 actions act on the one instance the alarm watches: its InstanceId dimension. */
	bool wants_ec2 = false;
	for (size_t i = 0; i < a->on_alarm.nactions; i++)
		wants_ec2 = wants_ec2 || ec2_action(a->on_alarm.actions[i]);
	for (size_t i = 0; i < a->on_ok.nactions; i++)
		wants_ec2 = wants_ec2 || ec2_action(a->on_ok.actions[i]);
	if (wants_ec2) {
		bool one_instance = false;
		for (size_t i = 0; a->metric && i < a->metric->ndims; i++)
			one_instance = one_instance ||
			               (a->metric->dims[i].name &&
			                strcmp(a->metric->dims[i].name, "InstanceId") == 0);
		if (!one_instance)
			bad(v, "alarm `%s`: EC2 action on an alarm that does not watch one "
			       "instance",
			    id);
	}
}

static void check_alarms(verifier *v)
{
	const mc_ir *ir = v->ir;
	CHECK_SORTED(v, "alarms", ir->alarms, ir->nalarms, mc_ir_alarm);
	for (size_t i = 0; i < ir->nalarms; i++)
		check_alarm(v, &ir->alarms[i]);
}

/*
 * The ids a composite rule names, ALARM("x"), OK("x") and INSUFFICIENT_DATA("x"), must be
 * exactly its children: emitters map each quoted id to an alarm name or a CloudFormation Ref.
 */
static void check_rule(verifier *v, const mc_ir_composite *c)
{
	static const char *const fns[] = {"ALARM(\"", "OK(\"", "INSUFFICIENT_DATA(\""};
	bool *seen = mc_xcalloc(c->nchildren + 1, sizeof *seen);
	for (const char *p = c->rule; *p; p++) {
		size_t skip = 0;
		for (size_t f = 0; f < 3 && !skip; f++)
			if (strncmp(p, fns[f], strlen(fns[f])) == 0 &&
			    (p == c->rule || !(alnum(p[-1]) || p[-1] == '_')))
				skip = strlen(fns[f]);
		if (!skip)
			continue;
		const char *start = p + skip, *end = strchr(start, '"');
		if (!end) {
			bad(v, "composite `%s`: unterminated alarm id in rule", str(c->id));
			break;
		}
		size_t len = (size_t)(end - start);
		bool found = false;
		for (size_t k = 0; k < c->nchildren; k++) {
			const char *ch = c->children[k];
			if (ch && strlen(ch) == len && strncmp(ch, start, len) == 0) {
				seen[k] = true;
				found = true;
			}
		}
		if (!found)
			bad(v, "composite `%s`: rule names `%.*s`, which is not among its children",
			    str(c->id), (int)len, start);
		p = end;
	}
	for (size_t k = 0; k < c->nchildren; k++)
		if (!seen[k])
			bad(v, "composite `%s`: child `%s` does not appear in the rule", str(c->id),
			    str(c->children[k]));
	free(seen);
}

static void check_composite(verifier *v, const mc_ir_composite *c)
{
	const mc_ir *ir = v->ir;
	const char *id = str(c->id);

	check_name(v, "composite", c->id, c->name, 255, NULL, NULL);
	if (empty(c->rule) || strlen(c->rule) > MAX_RULE_LEN)
		bad(v, "composite `%s`: rule is empty or longer than %d bytes", id, MAX_RULE_LEN);
	else
		check_rule(v, c);
	if (c->nchildren > MAX_COMPOSITE_CHILDREN)
		bad(v, "composite `%s`: %zu children (AWS allows %d)", id, c->nchildren,
		    MAX_COMPOSITE_CHILDREN);
	for (size_t k = 0; k < c->nchildren; k++) {
		const char *ch = c->children[k];
		if (!has_any_alarm(ir, ch))
			bad(v, "composite `%s`: child `%s` does not exist", id, str(ch));
		else if (c->id && strcmp(ch, c->id) == 0)
			bad(v, "composite `%s`: is its own child", id);
		if (k > 0 && ch && c->children[k - 1] && strcmp(c->children[k - 1], ch) >= 0)
			bad(v, "composite `%s`: children not sorted at `%s`", id, ch);
	}
	if (c->suppressor) {
		if (!has_any_alarm(ir, c->suppressor))
			bad(v, "composite `%s`: suppressor `%s` does not exist", id, c->suppressor);
		else if (c->id && strcmp(c->suppressor, c->id) == 0)
			bad(v, "composite `%s`: suppresses itself", id);
	}
	check_tier_ref(v, "composite", c->id, c->tier);
	check_runbook_ref(v, "composite", c->id, c->runbook);
	check_actions(v, "composite", c->id, "alarm", &c->on_alarm);
	check_actions(v, "composite", c->id, "ok", &c->on_ok);
	/* Composite alarms take SNS, Lambda and SSM actions only: no EC2 or scaling. */
	if (c->on_alarm.nactions || c->on_ok.nactions)
		bad(v, "composite `%s`: automated actions on a composite alarm", id);
}

static void check_composites(verifier *v)
{
	const mc_ir *ir = v->ir;
	CHECK_SORTED(v, "composites", ir->composites, ir->ncomposites, mc_ir_composite);
	for (size_t i = 0; i < ir->ncomposites; i++)
		check_composite(v, &ir->composites[i]);

	/* Metric and composite alarms share AlarmName (per account and region) and, in the IR,
	 * the id space: children, suppressors and widgets name either. */
	size_t n = ir->nalarms + ir->ncomposites;
	named *names = mc_xcalloc(n + 1, sizeof *names);
	named *ids = mc_xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < ir->nalarms; i++) {
		names[i] = (named){ir->alarms[i].name, ir->alarms[i].id};
		ids[i] = (named){ir->alarms[i].id, "alarm"};
	}
	for (size_t i = 0; i < ir->ncomposites; i++) {
		names[ir->nalarms + i] = (named){ir->composites[i].name, ir->composites[i].id};
		ids[ir->nalarms + i] = (named){ir->composites[i].id, "composite"};
	}
	check_unique_names(v, "alarm", names, n);
	qsort(ids, n, sizeof *ids, named_cmp);
	for (size_t i = 1; i < n; i++)
		if (ids[i - 1].name && ids[i].name && strcmp(ids[i - 1].name, ids[i].name) == 0 &&
		    strcmp(ids[i - 1].id, ids[i].id) != 0)
			bad(v, "id `%s` names both an alarm and a composite", ids[i].name);
	free(names);
	free(ids);
}

static void check_detectors(verifier *v)
{
	const mc_ir *ir = v->ir;
	CHECK_SORTED(v, "detectors", ir->detectors, ir->ndetectors, mc_ir_anomaly_detector);
	for (size_t i = 0; i < ir->ndetectors; i++) {
		const mc_ir_anomaly_detector *d = &ir->detectors[i];
		/* A detector models a metric, not an alarm's period: its period may be 0. */
		check_metric(v, "detector", d->id, &d->metric, false);
		const mc_ir_alarm *a = find_alarm(ir, d->alarm);
		if (!a)
			bad(v, "detector `%s`: alarm `%s` does not exist", str(d->id),
			    str(d->alarm));
		else if (!anomaly_cmp(a->cmp))
			bad(v, "detector `%s`: alarm `%s` is not an anomaly alarm", str(d->id),
			    a->id);
		if (d->timezone && !mc_timezone_valid(d->timezone, strlen(d->timezone), NULL, NULL))
			bad(v, "detector `%s`: time zone `%s` is not a tz database name", str(d->id),
			    d->timezone);
	}
}

static void check_rules(verifier *v)
{
	const mc_ir *ir = v->ir;
	named *names = mc_xcalloc(ir->nrules + 1, sizeof *names);
	CHECK_SORTED(v, "rules", ir->rules, ir->nrules, mc_ir_event_rule);
	for (size_t i = 0; i < ir->nrules; i++) {
		const mc_ir_event_rule *r = &ir->rules[i];
		check_name(v, "rule", r->id, r->name, 64, ".-_", NULL);
		names[i] = (named){r->name, r->id};
		if (empty(r->pattern) || strlen(r->pattern) > MAX_EVENT_PATTERN)
			bad(v, "rule `%s`: event pattern empty or longer than %d bytes", str(r->id),
			    MAX_EVENT_PATTERN);
		check_tier_ref(v, "rule", r->id, r->tier);
		check_runbook_ref(v, "rule", r->id, r->runbook);
		check_actions(v, "rule", r->id, "target", &r->targets);
	}
	check_unique_names(v, "rule", names, ir->nrules);
	free(names);
}

/* Simple scaling policies: what AWS::AutoScaling::ScalingPolicy accepts. */
static void check_scaling(verifier *v)
{
	const mc_ir *ir = v->ir;
	named *names = mc_xcalloc(ir->nscaling_policies + 1, sizeof *names);
	CHECK_SORTED(v, "scaling_policies", ir->scaling_policies, ir->nscaling_policies,
	             mc_ir_scaling_policy);
	for (size_t i = 0; i < ir->nscaling_policies; i++) {
		const mc_ir_scaling_policy *p = &ir->scaling_policies[i];
		/* The name is the stem of a CloudFormation export: 1-255 of [A-Za-z0-9:-]. */
		check_name(v, "scaling policy", p->id, p->name, 250, "-_", NULL);
		names[i] = (named){p->name, p->id};
		if (empty(p->group) || strlen(p->group) > 255)
			bad(v, "scaling policy `%s`: group name empty or over 255 bytes", str(p->id));
		if (p->adjustment == 0)
			bad(v, "scaling policy `%s`: adjustment 0", str(p->id));
		if (p->percent && p->adjustment < -100)
			bad(v, "scaling policy `%s`: removes more than 100%% of the group", str(p->id));
		if (p->min_magnitude && !p->percent)
			bad(v, "scaling policy `%s`: minimum magnitude without a percentage "
			       "adjustment", str(p->id));
		if (!has_service(ir, p->service))
			bad(v, "scaling policy `%s`: service `%s` does not exist", str(p->id),
			    str(p->service));
	}
	check_unique_names(v, "scaling policy", names, ir->nscaling_policies);
	free(names);
}

static void check_logs(verifier *v)
{
	const mc_ir *ir = v->ir;
	CHECK_SORTED(v, "log_filters", ir->log_filters, ir->nlog_filters, mc_ir_log_filter);
	for (size_t i = 0; i < ir->nlog_filters; i++) {
		const mc_ir_log_filter *f = &ir->log_filters[i];
		check_name(v, "log filter", f->id, f->name, 512, NULL, ":*");
		if (!name_ok(f->log_group, 512, ".-_/#", NULL))
			bad(v, "log filter `%s`: log group `%s` breaks AWS's rule", str(f->id),
			    str(f->log_group));
		if (empty(f->metric_ns) || empty(f->metric_name) || empty(f->value))
			bad(v, "log filter `%s`: metric without namespace, name or value",
			    str(f->id));
		if (f->ndims > 3)
			bad(v, "log filter `%s`: %zu dimensions (AWS allows 3)", str(f->id),
			    f->ndims);
		/* Filter names are unique per log group. */
		for (size_t j = 0; j < i; j++) {
			const mc_ir_log_filter *g = &ir->log_filters[j];
			if (f->name && g->name && f->log_group && g->log_group &&
			    strcmp(f->name, g->name) == 0 &&
			    strcmp(f->log_group, g->log_group) == 0)
				bad(v, "log filter name `%s` is used twice on log group `%s`",
				    f->name, f->log_group);
		}
	}

	named *names = mc_xcalloc(ir->nlog_queries + 1, sizeof *names);
	CHECK_SORTED(v, "log_queries", ir->log_queries, ir->nlog_queries, mc_ir_log_query);
	for (size_t i = 0; i < ir->nlog_queries; i++) {
		const mc_ir_log_query *q = &ir->log_queries[i];
		check_name(v, "log query", q->id, q->name, 255, NULL, NULL);
		if (empty(q->query))
			bad(v, "log query `%s`: empty query", str(q->id));
		for (size_t k = 0; k < q->nlog_groups; k++)
			if (!name_ok(q->log_groups[k], 512, ".-_/#", NULL))
				bad(v, "log query `%s`: log group `%s` breaks AWS's rule",
				    str(q->id), str(q->log_groups[k]));
		names[i] = (named){q->name, q->id};
	}
	check_unique_names(v, "log query", names, ir->nlog_queries);
	free(names);
}

static void check_topic_list(verifier *v, const char *what, const char *id, const char **topics,
                             size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!has_topic(v->ir, topics[k]))
			bad(v, "%s `%s`: topic `%s` does not exist", what, str(id), str(topics[k]));
}

static void check_cost(verifier *v)
{
	static const char *const freqs[] = {"IMMEDIATE", "DAILY", "WEEKLY"};
	const mc_ir *ir = v->ir;
	named *names = mc_xcalloc(ir->nbudgets + 1, sizeof *names);
	CHECK_SORTED(v, "budgets", ir->budgets, ir->nbudgets, mc_ir_budget);
	for (size_t i = 0; i < ir->nbudgets; i++) {
		const mc_ir_budget *b = &ir->budgets[i];
		check_name(v, "budget", b->id, b->name, 100, NULL, ":\\");
		names[i] = (named){b->name, b->id};
		if (!(b->amount > 0) || !isfinite(b->amount))
			bad(v, "budget `%s`: amount is not a positive number", str(b->id));
		if (b->nalerts > MAX_BUDGET_ALERTS)
			bad(v, "budget `%s`: %zu alerts (AWS allows %d)", str(b->id), b->nalerts,
			    MAX_BUDGET_ALERTS);
		for (size_t k = 0; k < b->nalerts; k++) {
			const struct mc_ir_budget_alert *al = &b->alerts[k];
			if (!(al->percent > 0) || !isfinite(al->percent))
				bad(v, "budget `%s`: alert %zu at %g%%", str(b->id), k,
				    al->percent);
			check_tier_ref(v, "budget", b->id, al->tier);
			check_topic_list(v, "budget", b->id, al->topics, al->ntopics);
			if (al->ntopics < 1 || al->ntopics > MAX_BUDGET_SUBSCRIBERS)
				bad(v, "budget `%s`: alert %zu has %zu subscribers (AWS wants 1 "
				       "to %d)",
				    str(b->id), k, al->ntopics, MAX_BUDGET_SUBSCRIBERS);
		}
	}
	check_unique_names(v, "budget", names, ir->nbudgets);
	free(names);

	CHECK_SORTED(v, "cost_anomalies", ir->cost_anomalies, ir->ncost_anomalies,
	             mc_ir_cost_anomaly);
	for (size_t i = 0; i < ir->ncost_anomalies; i++) {
		const mc_ir_cost_anomaly *c = &ir->cost_anomalies[i];
		check_name(v, "cost anomaly monitor", c->id, c->monitor_name, 1024, NULL, NULL);
		check_name(v, "cost anomaly subscription", c->id, c->subscription_name, 1024, NULL,
		           NULL);
		if (!(c->above_usd >= 0) || !(c->above_percent >= 0))
			bad(v, "cost anomaly `%s`: negative threshold", str(c->id));
		bool known = false;
		for (size_t f = 0; c->frequency && f < 3; f++)
			known = known || strcmp(c->frequency, freqs[f]) == 0;
		if (!known)
			bad(v, "cost anomaly `%s`: frequency `%s` is not IMMEDIATE, DAILY or "
			       "WEEKLY",
			    str(c->id), str(c->frequency));
		check_tier_ref(v, "cost anomaly", c->id, c->tier);
		check_topic_list(v, "cost anomaly", c->id, c->topics, c->ntopics);
	}
}

/* `[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]`: an Application Signals SLO name. */
static bool app_slo_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n < 2 || n > 128 || !alnum(name[0]) || !alnum(name[n - 1]))
		return false;
	for (size_t i = 1; i + 1 < n; i++)
		if (!alnum(name[i]) && !strchr("-._ ", name[i]))
			return false;
	return true;
}

static const char *dim_value(const mc_ir_metric *m, const char *name)
{
	for (size_t i = 0; m && i < m->ndims; i++)
		if (m->dims[i].name && strcmp(m->dims[i].name, name) == 0)
			return m->dims[i].value;
	return NULL;
}

/* A burn-rate child alarm of an Application Signals SLO reads the BurnRate metric the SLO
 * publishes, for one of its look-back windows. */
static void check_app_child(verifier *v, const mc_ir_slo *s, const mc_ir_alarm *a)
{
	const mc_ir_metric *m = a->metric;
	const char *slo = dim_value(m, "SloName"), *win = dim_value(m, "BurnRateWindowMinutes");
	bool known = false;
	for (size_t i = 0; win && i < s->app->nburn_windows; i++) {
		char text[16];
		snprintf(text, sizeof text, "%u", s->app->burn_windows_min[i]);
		known = known || strcmp(text, win) == 0;
	}
	if (!m || !m->ns || strcmp(m->ns, "AWS/ApplicationSignals") != 0 || !m->metric ||
	    strcmp(m->metric, "BurnRate") != 0 || !slo || !s->app->name ||
	    strcmp(slo, s->app->name) != 0 || !known)
		bad(v, "slo `%s`: alarm `%s` is not on the BurnRate of one of its look-back "
		       "windows",
		    str(s->id), str(a->id));
}

static void check_app_slo(verifier *v, const mc_ir_slo *s)
{
	const mc_ir *ir = v->ir;
	const mc_ir_app_slo *x = s->app;
	const char *id = str(s->id);
	if (!app_slo_name_ok(x->name))
		bad(v, "slo `%s`: Application Signals name `%s` does not match "
		       "[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]",
		    id, str(x->name));
	if (x->description && strlen(x->description) > MAX_DESCRIPTION)
		bad(v, "slo `%s`: description longer than %d bytes", id, MAX_DESCRIPTION);
	query_counts t = check_queries(v, "slo", s->id, x->total, x->ntotal, true);
	query_counts m = check_queries(v, "slo", s->id, x->monitored, x->nmonitored, true);
	if (t.returned != 1 || m.returned != 1)
		bad(v, "slo `%s`: the total and monitored request counts each need exactly one "
		       "query that returns data (%zu and %zu do)",
		    id, t.returned, m.returned);
	if (!(x->attainment_pct > 0 && x->attainment_pct < 100))
		bad(v, "slo `%s`: attainment goal %g%% is not between 0%% and 100%%", id,
		    x->attainment_pct);
	if (!(x->warning_pct > 0 && x->warning_pct < 100))
		bad(v, "slo `%s`: warning threshold %g%% is not between 0%% and 100%%", id,
		    x->warning_pct);
	bool unit_ok = x->interval_unit && (strcmp(x->interval_unit, "DAY") == 0 ||
	                                    strcmp(x->interval_unit, "HOUR") == 0 ||
	                                    strcmp(x->interval_unit, "MINUTE") == 0);
	if (!x->interval || !unit_ok)
		bad(v, "slo `%s`: rolling interval %u `%s`", id, x->interval,
		    str(x->interval_unit));
	if (!x->nburn_windows || x->nburn_windows > MAX_BURN_WINDOWS)
		bad(v, "slo `%s`: %zu burn-rate windows (AWS allows 1 to %d)", id,
		    x->nburn_windows, MAX_BURN_WINDOWS);
	for (size_t i = 0; i < x->nburn_windows; i++) {
		uint32_t w = x->burn_windows_min[i];
		if (w < 1 || w > MAX_LOOK_BACK_MIN)
			bad(v, "slo `%s`: look-back window of %u minutes (AWS allows 1 to %d)", id,
			    w, MAX_LOOK_BACK_MIN);
		if (i > 0 && x->burn_windows_min[i - 1] >= w)
			bad(v, "slo `%s`: look-back windows not ascending and distinct at %u", id, w);
	}
	for (size_t k = 0; k < s->ncomposites; k++)
		for (size_t c = 0; c < ir->ncomposites; c++) {
			const mc_ir_composite *cc = &ir->composites[c];
			if (!cc->id || !s->composites[k] || strcmp(cc->id, s->composites[k]) != 0)
				continue;
			for (size_t j = 0; j < cc->nchildren; j++) {
				const mc_ir_alarm *a = find_alarm(ir, cc->children[j]);
				if (a)
					check_app_child(v, s, a);
			}
		}
}

static void check_slos(verifier *v)
{
	const mc_ir *ir = v->ir;
	CHECK_SORTED(v, "slos", ir->slos, ir->nslos, mc_ir_slo);
	for (size_t i = 0; i < ir->nslos; i++) {
		const mc_ir_slo *s = &ir->slos[i];
		if (!(s->objective > 0 && s->objective < 1))
			bad(v, "slo `%s`: objective %g is not a ratio in (0, 1)", str(s->id),
			    s->objective);
		if (!s->window_s)
			bad(v, "slo `%s`: window of 0 s", str(s->id));
		if (s->service && !has_service(ir, s->service))
			bad(v, "slo `%s`: service `%s` does not exist", str(s->id), s->service);
		check_queries(v, "slo", s->id, s->queries, s->nqueries, false);
		if (s->nqueries && empty(s->queries[s->nqueries - 1].expression))
			bad(v, "slo `%s`: the last query is not the error-ratio expression",
			    str(s->id));
		for (size_t k = 0; k < s->ncomposites; k++)
			if (!has_composite(ir, s->composites[k]))
				bad(v, "slo `%s`: composite `%s` does not exist", str(s->id),
				    str(s->composites[k]));
		if (s->application_signals != (s->app != NULL))
			bad(v, "slo `%s`: application_signals without its Application Signals SLO, "
			       "or the other way round",
			    str(s->id));
		if (s->app)
			check_app_slo(v, s);
	}
}

static bool overlap(const mc_ir_widget *a, const mc_ir_widget *b)
{
	return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height &&
	       b->y < a->y + a->height;
}

static void check_widget(verifier *v, const mc_ir_dashboard *d, size_t i)
{
	const mc_ir_widget *w = &d->widgets[i];
	const char *id = str(d->id);

	if (w->width < 1 || w->height < 1 || w->width > GRID_COLUMNS ||
	    w->x > GRID_COLUMNS - w->width)
		bad(v, "dashboard `%s`: widget %zu at x %u width %u height %u is off the %d-column "
		       "grid",
		    id, i, w->x, w->width, w->height, GRID_COLUMNS);
	for (size_t j = 0; j < i; j++)
		if (overlap(&d->widgets[j], w))
			bad(v, "dashboard `%s`: widgets %zu and %zu overlap", id, j, i);
	if (w->nqueries > MAX_WIDGET_METRICS)
		bad(v, "dashboard `%s`: widget %zu has %zu metrics (AWS allows %d)", id, i,
		    w->nqueries, MAX_WIDGET_METRICS);
	check_queries(v, "dashboard", d->id, w->queries, w->nqueries, false);
	switch (w->kind) {
	case MC_IR_WIDGET_METRIC:
	case MC_IR_WIDGET_SINGLE_VALUE:
		if (!w->nqueries)
			bad(v, "dashboard `%s`: metric widget %zu without metrics", id, i);
		break;
	case MC_IR_WIDGET_LOG:
		if (empty(w->log_query) || !w->nlog_groups)
			bad(v, "dashboard `%s`: log widget %zu without query or log groups", id, i);
		break;
	case MC_IR_WIDGET_ALARM:
		if (!w->nalarms)
			bad(v, "dashboard `%s`: alarm widget %zu without alarms", id, i);
		for (size_t k = 0; k < w->nalarms; k++)
			if (!has_any_alarm(v->ir, w->alarms[k]))
				bad(v, "dashboard `%s`: widget %zu shows alarm `%s`, which does "
				       "not exist",
				    id, i, str(w->alarms[k]));
		break;
	case MC_IR_WIDGET_TEXT:
		if (empty(w->markdown))
			bad(v, "dashboard `%s`: text widget %zu without markdown", id, i);
		break;
	}
	for (size_t k = 0; k < w->nannotations; k++)
		check_tier_ref(v, "dashboard", d->id, w->annotations[k].tier);
	/* A time range of its own: whole minutes (CloudWatch's relative `start`), metric
	 * widgets only, and a shift only of a range. */
	bool metric = w->kind == MC_IR_WIDGET_METRIC || w->kind == MC_IR_WIDGET_SINGLE_VALUE;
	if ((w->range_s || w->shift_s) &&
	    (!metric || !w->range_s || w->range_s % 60 || w->shift_s % 60 ||
	     (uint64_t)w->range_s + w->shift_s > UINT32_MAX))
		bad(v, "dashboard `%s`: widget %zu has a bad time range (%u s, shifted %u s)", id,
		    i, w->range_s, w->shift_s);
	if (w->firing_only && w->kind != MC_IR_WIDGET_ALARM)
		bad(v, "dashboard `%s`: widget %zu is firing-only but no alarm widget", id, i);
}

static void check_dashboards(verifier *v)
{
	const mc_ir *ir = v->ir;
	named *names = mc_xcalloc(ir->ndashboards + 1, sizeof *names);
	size_t nmain = 0;
	CHECK_SORTED(v, "dashboards", ir->dashboards, ir->ndashboards, mc_ir_dashboard);
	for (size_t i = 0; i < ir->ndashboards; i++) {
		const mc_ir_dashboard *d = &ir->dashboards[i];
		check_name(v, "dashboard", d->id, d->name, 255, "-_", NULL);
		names[i] = (named){d->name, d->id};
		nmain += d->main;
		if (d->nwidgets > MAX_WIDGETS)
			bad(v, "dashboard `%s`: %zu widgets (AWS allows %d)", str(d->id),
			    d->nwidgets, MAX_WIDGETS);
		for (size_t w = 0; w < d->nwidgets; w++)
			check_widget(v, d, w);
	}
	if (nmain > 1)
		bad(v, "%zu dashboards are marked main (at most one is)", nmain);
	check_unique_names(v, "dashboard", names, ir->ndashboards);
	free(names);
}

static void check_runbooks(verifier *v)
{
	const mc_ir *ir = v->ir;
	CHECK_SORTED(v, "runbooks", ir->runbooks, ir->nrunbooks, mc_ir_runbook);
	for (size_t i = 0; i < ir->nrunbooks; i++) {
		const mc_ir_runbook *r = &ir->runbooks[i];
		for (size_t k = 0; k < r->nalarms; k++)
			if (!has_any_alarm(ir, r->alarms[k]))
				bad(v, "runbook `%s`: alarm `%s` does not exist", str(r->id),
				    str(r->alarms[k]));
		if (r->dashboard && !has_dashboard(ir, r->dashboard))
			bad(v, "runbook `%s`: dashboard `%s` does not exist", str(r->id),
			    r->dashboard);
		check_tier_ref(v, "runbook", r->id, r->tier);
	}
}

static bool has_slo(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; i < ir->nslos; i++)
		if (ir->slos[i].id && id && strcmp(ir->slos[i].id, id) == 0)
			return true;
	return false;
}

/* Requirements: unique ids, a title and an area, every id they name exists. */
static void check_requirements(verifier *v)
{
	const mc_ir *ir = v->ir;
	for (size_t i = 0; i < ir->nrequirements; i++) {
		const mc_ir_requirement *r = &ir->requirements[i];
		if (empty(r->id) || empty(r->title) || empty(r->area))
			bad(v, "requirement %zu: no id, title or area", i);
		for (size_t k = 0; k < i; k++)
			if (r->id && ir->requirements[k].id &&
			    strcmp(r->id, ir->requirements[k].id) == 0)
				bad(v, "requirement `%s` twice", str(r->id));
		for (size_t k = 0; k < r->nalarms; k++) {
			const mc_ir_req_alarm *a = &r->alarms[k];
			if (!a->nalarms)
				bad(v, "requirement `%s`: `%s` names no alarm", str(r->id), str(a->ref));
			for (size_t j = 0; j < a->nalarms; j++)
				if (!find_alarm(ir, a->alarms[j]))
					bad(v, "requirement `%s`: alarm `%s` does not exist", str(r->id),
					    str(a->alarms[j]));
			if (a->runbook && !has_runbook(ir, a->runbook))
				bad(v, "requirement `%s`: runbook `%s` does not exist", str(r->id),
				    a->runbook);
		}
		for (size_t k = 0; k < r->ndashboards; k++)
			if (!has_dashboard(ir, r->dashboards[k]))
				bad(v, "requirement `%s`: dashboard `%s` does not exist", str(r->id),
				    str(r->dashboards[k]));
		for (size_t k = 0; k < r->nslos; k++)
			if (!has_slo(ir, r->slos[k]))
				bad(v, "requirement `%s`: SLO `%s` does not exist", str(r->id),
				    str(r->slos[k]));
		for (size_t k = 0; k < r->nqueries; k++)
			if (empty(r->queries[k].query) || !r->queries[k].nlog_groups)
				bad(v, "requirement `%s`: query `%s` without text or log groups",
				    str(r->id), str(r->queries[k].ref));
	}
}

int mc_ir_verify(const mc_ir *ir, mc_buf *report)
{
	verifier v = {ir, report, 0};
	check_services(&v);
	check_tiers(&v);
	check_topics(&v);
	check_alarms(&v);
	check_composites(&v);
	check_detectors(&v);
	check_rules(&v);
	check_scaling(&v);
	check_logs(&v);
	check_cost(&v);
	check_slos(&v);
	check_dashboards(&v);
	check_runbooks(&v);
	check_requirements(&v);
	return v.n;
}
