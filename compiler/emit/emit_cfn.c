/*
 * The CloudFormation emitter: the IR -> `cloudformation/NAME.yaml` (spec-language.md §6,
 * aws-notes.md §2 for every resource and its CloudFormation spellings).
 *
 * Consumes only the IR. Produces one template when everything fits, else several: the first
 * holds the SNS topics (with their subscriptions and topic policies) and exports the topic
 * ARNs, the others import them with Fn::ImportValue. A template takes at most lim.max_resources
 * resources and lim.max_bytes of Resources text (CloudFormation: 500 resources, 1 MB). Alarms
 * and composite alarms that refer to each other (children, suppressors) form a unit that
 * stays in one template, so that every AlarmRule names its children with
 * `!Sub 'ALARM("${Child}")'` and CloudFormation knows the dependency; only a unit too large
 * for any template falls back to alarm names across templates. An Application Signals SLO
 * (AWS::ApplicationSignals::ServiceLevelObjective) joins the unit of the alarms on the
 * `BurnRate` metric it publishes (its burn-rate alarms and their escalation copies, hence
 * their composites), and is written first in it: those alarms carry `DependsOn: <the SLO>`,
 * so CloudFormation creates them after the SLO and deletes them before it. DependsOn only
 * works inside one template; when a unit is too large for one (only with limits far below
 * CloudFormation's), an alarm placed in a later template than its SLO goes without it
 * (docs/cloudformation.md says what that means). Budgets and Cost Anomaly
 * Detection go to a separate `us-east-1-billing.yaml` when the spec's region is not us-east-1
 * (both are us-east-1 services); it names the topics by ARN, because exports do not cross
 * regions. Scaling policies (AWS::AutoScaling::ScalingPolicy) stay in the first template with
 * the topics and are exported likewise: an alarm reaches one by `!Ref` or Fn::ImportValue,
 * never by a written ARN (it holds a UUID). docs/cloudformation.md documents the layout and
 * the deploy order.
 *
 * Memory: each template's text is built in one buffer (bounded by lim.max_bytes) and handed
 * to the sink; a resource (or unit) is rendered on its own first, so that it can be rendered
 * again for the next template when it does not fit (its references change from !Ref to
 * imports or names). Besides that, a few integers per alarm for units and placement, and the
 * logical ids during the collision check. Deterministic: IR order, mc_buf_double numbers.
 */
#include "base/utf8.h"
#include "base/hash.h"
#include "base/prefetch.h"
#include "emit/emit_cfn.h"

#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "base/xalloc.h"
#include "emit/emit_common.h"
#include "emit/emit_dashboard_body.h"
#include "emit/yaml_out.h"

/* Description limits of CloudWatch alarms and EventBridge rules. */
#define ALARM_DESC_MAX 1024
#define RULE_DESC_MAX 512
#define LID_MAX 255
#define LID_HASH_DIGITS 6

typedef struct {
	const mc_emit_ctx *cx;
	const mc_ir *ir;
	mc_cfn_limits lim;
	mc_cfn_sink sink;
	void *arg;
	size_t ntemplates;

	/* Logical ids that two keys share (their hashes, sorted): each gets a hash suffix. */
	uint64_t *dups;
	size_t ndups, dups_cap;

	/* The template being filled: its Resources entries, already indented. */
	mc_buf body;
	size_t nres;
	unsigned cur;   /* its number, from 1 */
	bool split;     /* an earlier template was full */
	bool billing;   /* filling us-east-1-billing.yaml: topics by ARN */

	/* Template of each node: alarm (0..nalarms-1), composite (nalarms..), then SLO
	 * (nalarms + ncomposites..; only Application Signals SLOs are written); 0 = not placed. */
	unsigned *where;
	/* The SLO (index into ir->slos) whose BurnRate metric each alarm reads, or UINT32_MAX. */
	uint32_t *burn_slo;

	/* One rendered resource or unit, at indentation 0, and how many resources it holds. */
	mc_buf res;
	size_t res_count;
	mc_yaml y;
	bool y_live;         /* y was initialised (and holds scratch memory) */

	mc_buf lid, tmp;
} cfn;

/* ---- logical ids ---- */

static uint32_t fnv1a(const char *s)
{
	return (uint32_t)mc_fnv1a64_str(s);
}

static bool is_alnum(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

void mc_cfn_logical_id(const char *key, bool hashed, mc_buf *out)
{
	size_t start = out->len;
	bool boundary = true;
	/* At most one byte per byte of key, and an `R`: written in place, no check per byte
	 * (every alarm's id passes here several times). */
	mc_buf_reserve(out, strlen(key) + 1);
	char *d = out->p + start;
	for (const char *p = key; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (!is_alnum(ch)) {
			boundary = true;
			continue;
		}
		if (boundary && ch >= 'a' && ch <= 'z')
			ch = (unsigned char)(ch - 'a' + 'A');
		if (d == out->p + start && ch >= '0' && ch <= '9')
			*d++ = 'R'; /* logical ids start with a letter */
		*d++ = (char)ch;
		boundary = false;
	}
	if (d == out->p + start)
		*d++ = 'R';
	out->len = (size_t)(d - out->p);
	out->p[out->len] = '\0';
	size_t n = out->len - start;
	if (!hashed && n <= LID_MAX)
		return;
	if (n > LID_MAX - LID_HASH_DIGITS) {
		out->len = start + LID_MAX - LID_HASH_DIGITS;
		out->p[out->len] = '\0';
	}
	mc_buf_printf(out, "%06X", (unsigned)(fnv1a(key) & 0xffffffu));
}

/* The logical id of key (an IR id, or id + "#" + suffix for a derived resource). */
static const char *lid_of(cfn *c, const char *id, const char *suffix)
{
	mc_buf_clear(&c->tmp);
	mc_buf_puts(&c->tmp, id);
	if (suffix) {
		mc_buf_putc(&c->tmp, '#');
		mc_buf_puts(&c->tmp, suffix);
	}
	mc_buf_clear(&c->lid);
	mc_cfn_logical_id(c->tmp.p, false, &c->lid);
	uint64_t h = mc_fnv1a64(c->lid.p, c->lid.len);
	h += !h; /* as lid_set_add */
	size_t lo = 0, hi = c->ndups;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->dups[mid] == h) {
			mc_buf_clear(&c->lid);
			mc_cfn_logical_id(c->tmp.p, true, &c->lid);
			break;
		}
		if (c->dups[mid] > h)
			hi = mid;
		else
			lo = mid + 1;
	}
	return c->lid.p;
}

/*
 * Every logical id the IR will need, in a hash set that counts them: the ones that occur
 * twice become c->dups. Keys mirror the lid_of() calls of the resource writers below. The
 * set keeps 64-bit hashes of the ids, not the ids (megabytes at 1,000 services): two
 * different ids with one hash, a chance of about 1 in 10^9 at 100,000 ids, would only make
 * both take their hashed form, which is as valid and as stable.
 */
typedef struct {
	uint64_t *slots;      /* hash of the logical id; 0 = free (a hash of 0 is taken as 1) */
	unsigned char *count;
	size_t cap;
	/* The hashes as added, counted into the slots at the end (lid_set_count). */
	uint64_t *hashes;
	size_t nhashes, hashes_cap;
	mc_buf key, lid;
} lid_set;

static void lid_set_add(lid_set *s, const char *id, const char *suffix)
{
	mc_buf_clear(&s->key);
	mc_buf_puts(&s->key, id);
	if (suffix) {
		mc_buf_putc(&s->key, '#');
		mc_buf_puts(&s->key, suffix);
	}
	mc_buf_clear(&s->lid);
	mc_cfn_logical_id(s->key.p, false, &s->lid);
	uint64_t hash = mc_fnv1a64(s->lid.p, s->lid.len);
	MC_GROW(s->hashes, s->hashes_cap, s->nhashes + 1);
	s->hashes[s->nhashes++] = hash + !hash;
}

static void count_one(lid_set *s, uint64_t hash)
{
	size_t h = hash & (s->cap - 1);
	while (s->slots[h]) {
		if (s->slots[h] == hash) {
			s->count[h] = 2;
			return;
		}
		h = (h + 1) & (s->cap - 1);
	}
	s->slots[h] = hash;
	s->count[h] = 1;
}

/*
 * Counts every added hash. The slots are written at random (18 MB of them at 10,000
 * services), so the slot of the hash MC_PREFETCH_AHEAD further on is fetched meanwhile.
 */
static void lid_set_count(lid_set *s)
{
	for (size_t k = 0; k < s->nhashes; k++) {
		if (k + MC_PREFETCH_AHEAD < s->nhashes) {
			size_t ahead = s->hashes[k + MC_PREFETCH_AHEAD] & (s->cap - 1);
			MC_PREFETCH(&s->slots[ahead]);
			MC_PREFETCH(&s->count[ahead]);
		}
		count_one(s, s->hashes[k]);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void find_duplicate_ids(cfn *c)
{
	const mc_ir *ir = c->ir;
	size_t n = ir->nalarms + ir->ncomposites + ir->ndetectors + ir->nrules +
	           ir->nscaling_policies +
	           ir->nlog_filters + ir->nlog_queries + ir->nbudgets + 2 * ir->ncost_anomalies +
	           ir->nslos + ir->ndashboards;
	for (size_t i = 0; i < ir->ntopics; i++)
		n += 2 + 2 * ir->topics[i].nsubscriptions;
	lid_set s = {NULL, NULL, 16, NULL, 0, 0, MC_BUF_INIT, MC_BUF_INIT};
	while (s.cap < 2 * n + 2)
		s.cap *= 2;
	s.slots = mc_xcalloc(s.cap, sizeof *s.slots);
	s.count = mc_xcalloc(s.cap, 1);
	s.hashes_cap = n + 1;
	s.hashes = mc_xcalloc(s.hashes_cap, sizeof *s.hashes);
	char num[64];
	for (size_t i = 0; i < ir->ntopics; i++) {
		const mc_ir_topic *t = &ir->topics[i];
		lid_set_add(&s, t->id, NULL);
		lid_set_add(&s, t->id, "policy");
		for (size_t k = 0; k < t->nsubscriptions; k++) {
			snprintf(num, sizeof num, "sub-%zu", k + 1);
			lid_set_add(&s, t->id, num);
			snprintf(num, sizeof num, "sub-%zu-permission", k + 1);
			lid_set_add(&s, t->id, num);
		}
	}
	for (size_t i = 0; i < ir->nalarms; i++)
		lid_set_add(&s, ir->alarms[i].id, NULL);
	for (size_t i = 0; i < ir->ncomposites; i++)
		lid_set_add(&s, ir->composites[i].id, NULL);
	for (size_t i = 0; i < ir->ndetectors; i++)
		lid_set_add(&s, ir->detectors[i].id, NULL);
	for (size_t i = 0; i < ir->nrules; i++)
		lid_set_add(&s, ir->rules[i].id, NULL);
	for (size_t i = 0; i < ir->nscaling_policies; i++)
		lid_set_add(&s, ir->scaling_policies[i].id, "policy");
	for (size_t i = 0; i < ir->nlog_filters; i++)
		lid_set_add(&s, ir->log_filters[i].id, NULL);
	for (size_t i = 0; i < ir->nlog_queries; i++)
		lid_set_add(&s, ir->log_queries[i].id, "query");
	for (size_t i = 0; i < ir->nbudgets; i++)
		lid_set_add(&s, ir->budgets[i].id, NULL);
	for (size_t i = 0; i < ir->ncost_anomalies; i++) {
		lid_set_add(&s, ir->cost_anomalies[i].id, "monitor");
		lid_set_add(&s, ir->cost_anomalies[i].id, "subscription");
	}
	for (size_t i = 0; i < ir->nslos; i++)
		lid_set_add(&s, ir->slos[i].id, "slo");
	for (size_t i = 0; i < ir->ndashboards; i++)
		lid_set_add(&s, ir->dashboards[i].id, NULL);
	lid_set_count(&s);
	for (size_t h = 0; h < s.cap; h++) {
		if (s.count[h] < 2)
			continue;
		MC_GROW(c->dups, c->dups_cap, c->ndups + 1);
		c->dups[c->ndups++] = s.slots[h];
	}
	if (c->ndups)
		qsort(c->dups, c->ndups, sizeof *c->dups, cmp_u64);
	free(s.slots);
	free(s.count);
	free(s.hashes);
	mc_buf_release(&s.key);
	mc_buf_release(&s.lid);
}

/* ---- values ---- */

static bool is_us_east_1(const mc_ir *ir)
{
	return ir->region && strcmp(ir->region, "us-east-1") == 0;
}

/* The export of a topic's ARN (names: alphanumerics, colons and hyphens). */
static void export_name(const mc_ir_topic *t, mc_buf *out)
{
	for (const char *p = t->name; *p; p++)
		mc_buf_putc(out, is_alnum((unsigned char)*p) || *p == '-' ? *p : '-');
	mc_buf_puts(out, "-arn");
}

/* Text for Fn::Sub: `${` that is not a reference is written `${!`. */
static void sub_escape(mc_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		mc_buf_putc(out, s[i]);
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			mc_buf_puts(out, "{!");
			i++;
		}
	}
}

/* A topic's ARN as the template at hand reaches it. */
static void put_topic_arn(cfn *c, const mc_ir_topic *t)
{
	if (t->existing_arn) {
		mc_yaml_str(&c->y, t->existing_arn);
	} else if (c->billing) {
		/* The topic lives in the spec's region; exports do not cross regions. */
		mc_buf_clear(&c->tmp);
		mc_buf_printf(&c->tmp, "arn:${AWS::Partition}:sns:%s:${AWS::AccountId}:",
		              c->ir->region);
		sub_escape(&c->tmp, t->name, strlen(t->name));
		mc_yaml_tag(&c->y, "!Sub");
		mc_yaml_str(&c->y, c->tmp.p);
	} else if (c->cur == 1) {
		mc_yaml_tag(&c->y, "!Ref");
		mc_yaml_str(&c->y, lid_of(c, t->id, NULL));
	} else {
		mc_buf_clear(&c->tmp);
		export_name(t, &c->tmp);
		mc_yaml_tag(&c->y, "!ImportValue");
		mc_yaml_str(&c->y, c->tmp.p);
	}
}

static void put_topic_arn_id(cfn *c, const char *topic_id)
{
	const mc_ir_topic *t = mc_ir_find_topic(c->ir, topic_id);
	if (t)
		put_topic_arn(c, t);
	else
		mc_yaml_str(&c->y, topic_id); /* unreachable: ids are resolved by the lowering */
}

/* A scaling policy's export: its name, then `-arn` (alphanumerics, colons and hyphens). */
static void policy_export_name(const mc_ir_scaling_policy *p, mc_buf *out)
{
	for (const char *q = p->name; *q; q++)
		mc_buf_putc(out, is_alnum((unsigned char)*q) || *q == '-' ? *q : '-');
	mc_buf_puts(out, "-arn");
}

static const mc_ir_scaling_policy *find_policy(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; i < ir->nscaling_policies; i++)
		if (strcmp(ir->scaling_policies[i].id, id) == 0)
			return &ir->scaling_policies[i];
	return NULL;
}

/*
 * A scaling policy's ARN: `!Ref` in the first template, which holds the policies (the ARN
 * has a UUID in it, so only CloudFormation can name it), else the first template's export.
 */
static void put_policy_arn(cfn *c, const mc_ir_scaling_policy *p)
{
	if (c->cur == 1) {
		mc_yaml_tag(&c->y, "!Ref");
		mc_yaml_str(&c->y, lid_of(c, p->id, "policy"));
		return;
	}
	mc_buf_clear(&c->tmp);
	policy_export_name(p, &c->tmp);
	mc_yaml_tag(&c->y, "!ImportValue");
	mc_yaml_str(&c->y, c->tmp.p);
}

/* AlarmActions / OKActions: topics, then EC2 and scaling actions; omitted when empty. */
static void put_actions(cfn *c, const char *key, const mc_ir_actions *a)
{
	if (!a->ntopics && !a->nactions)
		return;
	mc_yaml_key(&c->y, key);
	mc_yaml_seq_begin(&c->y);
	for (size_t i = 0; i < a->ntopics; i++)
		put_topic_arn_id(c, a->topics[i]);
	for (size_t i = 0; i < a->nactions; i++) {
		if (strncmp(a->actions[i], "scale:", 6) == 0) {
			const mc_ir_scaling_policy *p = find_policy(c->ir, a->actions[i] + 6);
			if (p) /* ir_verify guarantees it exists */
				put_policy_arn(c, p);
			continue;
		}
		mc_buf_clear(&c->tmp);
		mc_buf_puts(&c->tmp, "arn:${AWS::Partition}:automate:${AWS::Region}:ec2:");
		sub_escape(&c->tmp, a->actions[i] + 4, strlen(a->actions[i] + 4));
		mc_yaml_tag(&c->y, "!Sub");
		mc_yaml_str(&c->y, c->tmp.p);
	}
	mc_yaml_seq_end(&c->y);
}

/* A description and its runbook link, as alarms.yaml has it (mc_ir_description). */
static void put_description(cfn *c, const char *key, const char *desc, const char *runbook,
                            size_t max)
{
	mc_ir_description(c->ir, desc, runbook, max, &c->tmp);
	if (c->tmp.len)
		mc_yaml_kv_str(&c->y, key, c->tmp.p);
}

static void put_dims(cfn *c, const char *key, const char *kname, const char *vname,
                     const mc_ir_dim *dims, size_t n)
{
	if (!n)
		return;
	mc_yaml_key(&c->y, key);
	mc_yaml_seq_begin(&c->y);
	for (size_t i = 0; i < n; i++) {
		mc_yaml_map_begin(&c->y);
		mc_yaml_kv_str(&c->y, kname, dims[i].name);
		mc_yaml_kv_str(&c->y, vname, dims[i].value);
		mc_yaml_map_end(&c->y);
	}
	mc_yaml_seq_end(&c->y);
}

static bool is_plain_statistic(const char *stat)
{
	static const char *const plain[] = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"};
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		if (strcmp(stat, plain[i]) == 0)
			return true;
	return false;
}

/* {Namespace, MetricName, Dimensions} of a MetricStat. */
static void put_metric_id(cfn *c, const mc_ir_metric *m)
{
	mc_yaml_kv_str(&c->y, "Namespace", m->ns);
	mc_yaml_kv_str(&c->y, "MetricName", m->metric);
	put_dims(c, "Dimensions", "Name", "Value", m->dims, m->ndims);
}

/*
 * One MetricDataQuery. Units are left out on purpose: a Unit that differs from the one the
 * metric is published with silently leaves an alarm in INSUFFICIENT_DATA. Application
 * Signals queries (app) have neither Label nor an expression Period.
 */
static void put_query(cfn *c, const mc_ir_query *q, bool app)
{
	mc_yaml_map_begin(&c->y);
	mc_yaml_kv_str(&c->y, "Id", q->id);
	if (q->label && !app)
		mc_yaml_kv_str(&c->y, "Label", q->label);
	if (q->metric) {
		mc_yaml_key(&c->y, "MetricStat");
		mc_yaml_map_begin(&c->y);
		mc_yaml_key(&c->y, "Metric");
		mc_yaml_map_begin(&c->y);
		put_metric_id(c, q->metric);
		mc_yaml_map_end(&c->y);
		mc_yaml_kv_uint(&c->y, "Period", q->metric->period_s);
		mc_yaml_kv_str(&c->y, "Stat", q->metric->stat);
		mc_yaml_map_end(&c->y);
	} else {
		mc_yaml_kv_str(&c->y, "Expression", q->expression);
		if (q->period_s && !app)
			mc_yaml_kv_uint(&c->y, "Period", q->period_s);
	}
	mc_yaml_kv_bool(&c->y, "ReturnData", q->return_data);
	mc_yaml_map_end(&c->y);
}

static void put_queries(cfn *c, const char *key, const mc_ir_query *qs, size_t n, bool app)
{
	mc_yaml_key(&c->y, key);
	mc_yaml_seq_begin(&c->y);
	for (size_t i = 0; i < n; i++)
		put_query(c, &qs[i], app);
	mc_yaml_seq_end(&c->y);
}

/* A JSON value (EventPattern) as YAML, keys in their order. */
static void put_json(cfn *c, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *k;
		json_t *e;
		mc_yaml_map_begin(&c->y);
		json_object_foreach((json_t *)v, k, e) {
			mc_yaml_key(&c->y, k);
			put_json(c, e);
		}
		mc_yaml_map_end(&c->y);
		break;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *e;
		mc_yaml_seq_begin(&c->y);
		json_array_foreach(v, i, e)
			put_json(c, e);
		mc_yaml_seq_end(&c->y);
		break;
	}
	case JSON_STRING:
		mc_yaml_strn(&c->y, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		mc_yaml_int(&c->y, (int64_t)json_integer_value(v));
		break;
	case JSON_REAL:
		mc_yaml_double(&c->y, json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		mc_yaml_bool(&c->y, json_is_true(v));
		break;
	case JSON_NULL:
		mc_yaml_null(&c->y);
		break;
	}
}

/* ---- resources ---- */

static void res_begin(cfn *c, const char *lid, const char *type)
{
	mc_yaml_key(&c->y, lid);
	mc_yaml_map_begin(&c->y);
	mc_yaml_kv_str(&c->y, "Type", type);
	mc_yaml_key(&c->y, "Properties");
	mc_yaml_map_begin(&c->y);
	c->res_count++;
}

/* res_begin, with `DependsOn: depends` (a logical id in this template) between Type and
 * Properties. */
static void res_begin_after(cfn *c, const char *lid, const char *type, const char *depends)
{
	mc_yaml_key(&c->y, lid);
	mc_yaml_map_begin(&c->y);
	mc_yaml_kv_str(&c->y, "Type", type);
	mc_yaml_kv_str(&c->y, "DependsOn", depends);
	mc_yaml_key(&c->y, "Properties");
	mc_yaml_map_begin(&c->y);
	c->res_count++;
}

static void res_end(cfn *c)
{
	mc_yaml_map_end(&c->y);
	mc_yaml_map_end(&c->y);
}

static void put_topic(cfn *c, size_t i)
{
	const mc_ir_topic *t = &c->ir->topics[i];
	if (t->existing_arn)
		return; /* someone else's topic: publish to it, create nothing */
	mc_buf topic = MC_BUF_INIT;
	mc_buf_puts(&topic, lid_of(c, t->id, NULL));
	res_begin(c, topic.p, "AWS::SNS::Topic");
	mc_yaml_kv_str(&c->y, "TopicName", t->name);
	res_end(c);

	char suffix[64];
	for (size_t k = 0; k < t->nsubscriptions; k++) {
		const struct mc_ir_subscription *s = &t->subscriptions[k];
		snprintf(suffix, sizeof suffix, "sub-%zu", k + 1);
		res_begin(c, lid_of(c, t->id, suffix), "AWS::SNS::Subscription");
		mc_yaml_key(&c->y, "TopicArn");
		mc_yaml_tag(&c->y, "!Ref");
		mc_yaml_str(&c->y, topic.p);
		mc_yaml_kv_str(&c->y, "Protocol", s->protocol);
		mc_yaml_kv_str(&c->y, "Endpoint", s->endpoint);
		res_end(c);
		if (strcmp(s->protocol, "lambda") != 0)
			continue;
		/* SNS may invoke the function only when the function's policy says so. */
		snprintf(suffix, sizeof suffix, "sub-%zu-permission", k + 1);
		res_begin(c, lid_of(c, t->id, suffix), "AWS::Lambda::Permission");
		mc_yaml_kv_str(&c->y, "Action", "lambda:InvokeFunction");
		mc_yaml_kv_str(&c->y, "FunctionName", s->endpoint);
		mc_yaml_kv_str(&c->y, "Principal", "sns.amazonaws.com");
		mc_yaml_key(&c->y, "SourceArn");
		mc_yaml_tag(&c->y, "!Ref");
		mc_yaml_str(&c->y, topic.p);
		res_end(c);
	}

	static const struct {
		size_t flag;
		const char *sid, *principal;
	} who[] = {
		{offsetof(mc_ir_topic, from_cloudwatch), "CloudWatchAlarms",
		 "cloudwatch.amazonaws.com"},
		{offsetof(mc_ir_topic, from_events), "EventBridgeRules", "events.amazonaws.com"},
		{offsetof(mc_ir_topic, from_budgets), "Budgets", "budgets.amazonaws.com"},
		{offsetof(mc_ir_topic, from_cost_anomaly), "CostAnomalyDetection",
		 "costalerts.amazonaws.com"},
	};
	size_t n = 0;
	for (size_t k = 0; k < sizeof who / sizeof *who; k++)
		n += *(const bool *)((const char *)t + who[k].flag);
	if (n) {
		res_begin(c, lid_of(c, t->id, "policy"), "AWS::SNS::TopicPolicy");
		mc_yaml_key(&c->y, "Topics");
		mc_yaml_seq_begin(&c->y);
		mc_yaml_tag(&c->y, "!Ref");
		mc_yaml_str(&c->y, topic.p);
		mc_yaml_seq_end(&c->y);
		mc_yaml_key(&c->y, "PolicyDocument");
		mc_yaml_map_begin(&c->y);
		mc_yaml_kv_str(&c->y, "Version", "2012-10-17");
		mc_yaml_key(&c->y, "Statement");
		mc_yaml_seq_begin(&c->y);
		for (size_t k = 0; k < sizeof who / sizeof *who; k++) {
			if (!*(const bool *)((const char *)t + who[k].flag))
				continue;
			mc_yaml_map_begin(&c->y);
			mc_yaml_kv_str(&c->y, "Sid", who[k].sid);
			mc_yaml_kv_str(&c->y, "Effect", "Allow");
			mc_yaml_key(&c->y, "Principal");
			mc_yaml_map_begin(&c->y);
			mc_yaml_kv_str(&c->y, "Service", who[k].principal);
			mc_yaml_map_end(&c->y);
			mc_yaml_kv_str(&c->y, "Action", "sns:Publish");
			mc_yaml_key(&c->y, "Resource");
			mc_yaml_tag(&c->y, "!Ref");
			mc_yaml_str(&c->y, topic.p);
			/* Only this account's alarms, rules, budgets (confused-deputy guard). */
			mc_yaml_key(&c->y, "Condition");
			mc_yaml_map_begin(&c->y);
			mc_yaml_key(&c->y, "StringEquals");
			mc_yaml_map_begin(&c->y);
			mc_yaml_key(&c->y, "aws:SourceAccount");
			mc_yaml_tag(&c->y, "!Ref");
			mc_yaml_str(&c->y, "AWS::AccountId");
			mc_yaml_map_end(&c->y);
			mc_yaml_map_end(&c->y);
			mc_yaml_map_end(&c->y);
		}
		mc_yaml_seq_end(&c->y);
		mc_yaml_map_end(&c->y);
		res_end(c);
	}
	mc_buf_release(&topic);
}

/* Index of an alarm or composite id in c->where, or SIZE_MAX. */
static size_t node_of(const mc_ir *ir, const char *id)
{
	const mc_ir_alarm *a = mc_ir_find_alarm(ir, id);
	if (a)
		return (size_t)(a - ir->alarms);
	const mc_ir_composite *k = mc_ir_find_composite(ir, id);
	if (k)
		return ir->nalarms + (size_t)(k - ir->composites);
	return SIZE_MAX;
}

static bool same_template(const cfn *c, size_t node)
{
	return node != SIZE_MAX && c->where[node] == c->cur;
}

static size_t slo_node(const mc_ir *ir, uint32_t slo)
{
	return ir->nalarms + ir->ncomposites + slo;
}

static void put_alarm(cfn *c, size_t i)
{
	const mc_ir_alarm *a = &c->ir->alarms[i];
	uint32_t slo = c->burn_slo[i];
	if (slo != UINT32_MAX && same_template(c, slo_node(c->ir, slo))) {
		/* Created after the SLO whose metric it reads, deleted before it. */
		mc_buf dep = MC_BUF_INIT;
		mc_buf_puts(&dep, lid_of(c, c->ir->slos[slo].id, "slo"));
		res_begin_after(c, lid_of(c, a->id, NULL), "AWS::CloudWatch::Alarm", dep.p);
		mc_buf_release(&dep);
	} else {
		res_begin(c, lid_of(c, a->id, NULL), "AWS::CloudWatch::Alarm");
	}
	mc_yaml_kv_str(&c->y, "AlarmName", a->name);
	put_description(c, "AlarmDescription", a->description, a->runbook, ALARM_DESC_MAX);
	put_actions(c, "AlarmActions", &a->on_alarm);
	put_actions(c, "OKActions", &a->on_ok);
	if (a->metric) {
		put_metric_id(c, a->metric);
		if (is_plain_statistic(a->metric->stat))
			mc_yaml_kv_str(&c->y, "Statistic", a->metric->stat);
		else
			mc_yaml_kv_str(&c->y, "ExtendedStatistic", a->metric->stat);
		mc_yaml_kv_uint(&c->y, "Period", a->period_s ? a->period_s : a->metric->period_s);
	} else {
		put_queries(c, "Metrics", a->queries, a->nqueries, false);
	}
	mc_yaml_kv_uint(&c->y, "EvaluationPeriods", a->evaluation_periods);
	mc_yaml_kv_uint(&c->y, "DatapointsToAlarm", a->datapoints);
	if (a->threshold_metric_id)
		mc_yaml_kv_str(&c->y, "ThresholdMetricId", a->threshold_metric_id);
	else
		mc_yaml_kv_double(&c->y, "Threshold", a->threshold);
	mc_yaml_kv_str(&c->y, "ComparisonOperator", mc_ir_cmp_aws(a->cmp));
	mc_yaml_kv_str(&c->y, "TreatMissingData", mc_ir_missing_aws(a->missing));
	if (a->low_sample)
		mc_yaml_kv_str(&c->y, "EvaluateLowSampleCountPercentile", a->low_sample);
	res_end(c);
}

/*
 * The AlarmRule: each quoted IR id becomes `${LogicalId}` (a Fn::Sub reference, so the child
 * is created first) when the child is in this template, else the child's alarm name.
 */
static void put_rule(cfn *c, const char *rule)
{
	/* out: for Fn::Sub (`${` escaped); plain: the same rule when nothing is a reference. */
	mc_buf out = MC_BUF_INIT, plain = MC_BUF_INIT, lid = MC_BUF_INIT;
	bool sub = false;
	const char *p = rule;
	while (*p) {
		const char *q = strchr(p, '"');
		const char *e = q ? strchr(q + 1, '"') : NULL;
		if (!e) {
			sub_escape(&out, p, strlen(p));
			mc_buf_puts(&plain, p);
			break;
		}
		sub_escape(&out, p, (size_t)(q - p + 1));
		mc_buf_add(&plain, p, (size_t)(q - p + 1));
		char *id = mc_xstrndup(q + 1, (size_t)(e - q - 1));
		const char *name = mc_ir_alarm_name(c->ir, id);
		const char *s = name ? name : id;
		if (same_template(c, node_of(c->ir, id))) {
			mc_buf_clear(&lid);
			mc_buf_puts(&lid, lid_of(c, id, NULL));
			mc_buf_printf(&out, "${%s}", lid.p);
			sub = true;
		} else {
			sub_escape(&out, s, strlen(s));
		}
		mc_buf_puts(&plain, s);
		free(id);
		mc_buf_putc(&out, '"');
		mc_buf_putc(&plain, '"');
		p = e + 1;
	}
	mc_yaml_key(&c->y, "AlarmRule");
	if (sub)
		mc_yaml_tag(&c->y, "!Sub");
	mc_yaml_str(&c->y, sub ? out.p : mc_buf_str(&plain));
	mc_buf_release(&out);
	mc_buf_release(&plain);
	mc_buf_release(&lid);
}

static void put_composite(cfn *c, size_t i)
{
	const mc_ir_composite *k = &c->ir->composites[i];
	res_begin(c, lid_of(c, k->id, NULL), "AWS::CloudWatch::CompositeAlarm");
	mc_yaml_kv_str(&c->y, "AlarmName", k->name);
	put_description(c, "AlarmDescription", k->description, k->runbook, ALARM_DESC_MAX);
	put_actions(c, "AlarmActions", &k->on_alarm);
	put_actions(c, "OKActions", &k->on_ok);
	put_rule(c, k->rule);
	if (k->suppressor) {
		size_t node = node_of(c->ir, k->suppressor);
		mc_yaml_key(&c->y, "ActionsSuppressor");
		if (same_template(c, node)) {
			mc_yaml_tag(&c->y, "!Ref");
			mc_yaml_str(&c->y, lid_of(c, k->suppressor, NULL));
		} else {
			const char *name = mc_ir_alarm_name(c->ir, k->suppressor);
			mc_yaml_str(&c->y, name ? name : k->suppressor);
		}
		mc_yaml_kv_uint(&c->y, "ActionsSuppressorWaitPeriod", k->suppressor_wait_s);
		mc_yaml_kv_uint(&c->y, "ActionsSuppressorExtensionPeriod",
		                k->suppressor_extension_s);
	}
	res_end(c);
}

static void put_detector(cfn *c, size_t i)
{
	const mc_ir_anomaly_detector *d = &c->ir->detectors[i];
	res_begin(c, lid_of(c, d->id, NULL), "AWS::CloudWatch::AnomalyDetector");
	mc_yaml_key(&c->y, "SingleMetricAnomalyDetector");
	mc_yaml_map_begin(&c->y);
	put_metric_id(c, &d->metric);
	mc_yaml_kv_str(&c->y, "Stat", d->metric.stat);
	mc_yaml_map_end(&c->y);
	if (d->timezone) {
		/* `MetricTimeZone` here; the API spells it `MetricTimezone` (aws-notes §2.3). */
		mc_yaml_key(&c->y, "Configuration");
		mc_yaml_map_begin(&c->y);
		mc_yaml_kv_str(&c->y, "MetricTimeZone", d->timezone);
		mc_yaml_map_end(&c->y);
	}
	res_end(c);
}

/* A simple scaling policy (aws-notes: AWS::AutoScaling::ScalingPolicy; Cooldown is a string). */
static void put_scaling_policy(cfn *c, size_t i)
{
	const mc_ir_scaling_policy *p = &c->ir->scaling_policies[i];
	res_begin(c, lid_of(c, p->id, "policy"), "AWS::AutoScaling::ScalingPolicy");
	mc_yaml_kv_str(&c->y, "AutoScalingGroupName", p->group);
	mc_yaml_kv_str(&c->y, "PolicyType", "SimpleScaling");
	mc_yaml_kv_str(&c->y, "AdjustmentType",
	               p->percent ? "PercentChangeInCapacity" : "ChangeInCapacity");
	mc_yaml_key(&c->y, "ScalingAdjustment");
	mc_yaml_int(&c->y, p->adjustment);
	if (p->min_magnitude)
		mc_yaml_kv_uint(&c->y, "MinAdjustmentMagnitude", p->min_magnitude);
	if (p->has_cooldown) {
		mc_buf_clear(&c->tmp);
		mc_buf_printf(&c->tmp, "%u", (unsigned)p->cooldown_s);
		mc_yaml_kv_str(&c->y, "Cooldown", c->tmp.p);
	}
	res_end(c);
}

static void put_rule_resource(cfn *c, size_t i)
{
	const mc_ir_event_rule *r = &c->ir->rules[i];
	res_begin(c, lid_of(c, r->id, NULL), "AWS::Events::Rule");
	mc_yaml_kv_str(&c->y, "Name", r->name);
	put_description(c, "Description", r->description, r->runbook, RULE_DESC_MAX);
	mc_yaml_kv_str(&c->y, "State", "ENABLED");
	mc_yaml_key(&c->y, "EventPattern");
	json_t *pattern = json_loads(r->pattern, JSON_DECODE_ANY, NULL);
	if (pattern)
		put_json(c, pattern);
	else
		mc_yaml_str(&c->y, r->pattern); /* CloudFormation takes the JSON text too */
	json_decref(pattern);
	if (r->targets.ntopics) {
		mc_yaml_key(&c->y, "Targets");
		mc_yaml_seq_begin(&c->y);
		for (size_t k = 0; k < r->targets.ntopics; k++) {
			const mc_ir_topic *t = mc_ir_find_topic(c->ir, r->targets.topics[k]);
			if (!t)
				continue;
			mc_yaml_map_begin(&c->y);
			mc_yaml_kv_str(&c->y, "Id", t->target); /* [a-z][a-z0-9-]{0,62} */
			mc_yaml_key(&c->y, "Arn");
			put_topic_arn(c, t);
			mc_yaml_map_end(&c->y);
		}
		mc_yaml_seq_end(&c->y);
	}
	res_end(c);
}

static void put_log_filter(cfn *c, size_t i)
{
	const mc_ir_log_filter *f = &c->ir->log_filters[i];
	res_begin(c, lid_of(c, f->id, NULL), "AWS::Logs::MetricFilter");
	mc_yaml_kv_str(&c->y, "FilterName", f->name);
	mc_yaml_kv_str(&c->y, "LogGroupName", f->log_group);
	mc_yaml_kv_str(&c->y, "FilterPattern", f->pattern ? f->pattern : "");
	mc_yaml_key(&c->y, "MetricTransformations");
	mc_yaml_seq_begin(&c->y);
	mc_yaml_map_begin(&c->y);
	mc_yaml_kv_str(&c->y, "MetricName", f->metric_name);
	mc_yaml_kv_str(&c->y, "MetricNamespace", f->metric_ns);
	mc_yaml_kv_str(&c->y, "MetricValue", f->value ? f->value : "1");
	if (f->has_default)
		mc_yaml_kv_double(&c->y, "DefaultValue", f->default_value);
	if (f->unit)
		mc_yaml_kv_str(&c->y, "Unit", f->unit);
	put_dims(c, "Dimensions", "Key", "Value", f->dims, f->ndims);
	mc_yaml_map_end(&c->y);
	mc_yaml_seq_end(&c->y);
	res_end(c);
}

static void put_log_query(cfn *c, size_t i)
{
	const mc_ir_log_query *q = &c->ir->log_queries[i];
	/* The suffix: a kind may name a log filter and a saved query alike (same IR id). */
	res_begin(c, lid_of(c, q->id, "query"), "AWS::Logs::QueryDefinition");
	mc_yaml_kv_str(&c->y, "Name", q->name);
	mc_yaml_kv_str(&c->y, "QueryString", q->query);
	if (q->nlog_groups) {
		mc_yaml_key(&c->y, "LogGroupNames");
		mc_yaml_seq_begin(&c->y);
		for (size_t k = 0; k < q->nlog_groups; k++)
			mc_yaml_str(&c->y, q->log_groups[k]);
		mc_yaml_seq_end(&c->y);
	}
	res_end(c);
}

static void put_budget(cfn *c, size_t i)
{
	const mc_ir_budget *b = &c->ir->budgets[i];
	res_begin(c, lid_of(c, b->id, NULL), "AWS::Budgets::Budget");
	mc_yaml_key(&c->y, "Budget");
	mc_yaml_map_begin(&c->y);
	mc_yaml_kv_str(&c->y, "BudgetName", b->name);
	mc_yaml_kv_str(&c->y, "BudgetType", "COST");
	mc_yaml_kv_str(&c->y, "TimeUnit", "MONTHLY");
	mc_yaml_key(&c->y, "BudgetLimit");
	mc_yaml_map_begin(&c->y);
	mc_yaml_kv_double(&c->y, "Amount", b->amount); /* a number here, a string in the API */
	mc_yaml_kv_str(&c->y, "Unit", "USD");
	mc_yaml_map_end(&c->y);
	mc_yaml_map_end(&c->y);
	size_t n = 0;
	for (size_t k = 0; k < b->nalerts; k++)
		n += b->alerts[k].ntopics > 0;
	if (n) {
		mc_yaml_key(&c->y, "NotificationsWithSubscribers");
		mc_yaml_seq_begin(&c->y);
		for (size_t k = 0; k < b->nalerts; k++) {
			const struct mc_ir_budget_alert *al = &b->alerts[k];
			if (!al->ntopics)
				continue;
			mc_yaml_map_begin(&c->y);
			mc_yaml_key(&c->y, "Notification");
			mc_yaml_map_begin(&c->y);
			mc_yaml_kv_str(&c->y, "NotificationType",
			               al->forecast ? "FORECASTED" : "ACTUAL");
			mc_yaml_kv_str(&c->y, "ComparisonOperator", "GREATER_THAN");
			mc_yaml_kv_double(&c->y, "Threshold", al->percent);
			mc_yaml_kv_str(&c->y, "ThresholdType", "PERCENTAGE");
			mc_yaml_map_end(&c->y);
			mc_yaml_key(&c->y, "Subscribers");
			mc_yaml_seq_begin(&c->y);
			for (size_t t = 0; t < al->ntopics; t++) {
				mc_yaml_map_begin(&c->y);
				mc_yaml_kv_str(&c->y, "SubscriptionType", "SNS");
				mc_yaml_key(&c->y, "Address");
				put_topic_arn_id(c, al->topics[t]);
				mc_yaml_map_end(&c->y);
			}
			mc_yaml_seq_end(&c->y);
			mc_yaml_map_end(&c->y);
		}
		mc_yaml_seq_end(&c->y);
	}
	res_end(c);
}

static void threshold_dimension(mc_buf *b, const char *key, double v)
{
	mc_buf_printf(b, "{\"Dimensions\":{\"Key\":\"%s\",\"MatchOptions\":"
	                 "[\"GREATER_THAN_OR_EQUAL\"],\"Values\":[\"", key);
	mc_buf_double(b, v);
	mc_buf_puts(b, "\"]}}");
}

/* The e-mail addresses of a DAILY/WEEKLY subscription: its tier's topics', once each. */
static void put_email_subscribers(cfn *c, const mc_ir_cost_anomaly *a)
{
	const char **seen = NULL;
	size_t nseen = 0, cap = 0;
	for (size_t t = 0; t < a->ntopics; t++) {
		const mc_ir_topic *tp = mc_ir_find_topic(c->ir, a->topics[t]);
		for (size_t k = 0; tp && k < tp->nsubscriptions; k++) {
			const struct mc_ir_subscription *s = &tp->subscriptions[k];
			if (strcmp(s->protocol, "email") != 0)
				continue;
			bool dup = false;
			for (size_t j = 0; j < nseen && !dup; j++)
				dup = strcmp(seen[j], s->endpoint) == 0;
			if (dup)
				continue;
			MC_GROW(seen, cap, nseen + 1);
			seen[nseen++] = s->endpoint;
			mc_yaml_map_begin(&c->y);
			mc_yaml_kv_str(&c->y, "Type", "EMAIL");
			mc_yaml_kv_str(&c->y, "Address", s->endpoint);
			mc_yaml_map_end(&c->y);
		}
	}
	free(seen);
}

static void put_cost_anomaly(cfn *c, size_t i)
{
	const mc_ir_cost_anomaly *a = &c->ir->cost_anomalies[i];
	mc_buf monitor = MC_BUF_INIT;
	mc_buf_puts(&monitor, lid_of(c, a->id, "monitor"));
	res_begin(c, monitor.p, "AWS::CE::AnomalyMonitor");
	mc_yaml_kv_str(&c->y, "MonitorName", a->monitor_name);
	mc_yaml_kv_str(&c->y, "MonitorType", "DIMENSIONAL");
	mc_yaml_kv_str(&c->y, "MonitorDimension", "SERVICE");
	res_end(c);

	res_begin(c, lid_of(c, a->id, "subscription"), "AWS::CE::AnomalySubscription");
	mc_yaml_kv_str(&c->y, "SubscriptionName", a->subscription_name);
	mc_yaml_kv_str(&c->y, "Frequency", a->frequency);
	mc_yaml_key(&c->y, "MonitorArnList");
	mc_yaml_seq_begin(&c->y);
	mc_yaml_tag(&c->y, "!Ref"); /* Ref of a monitor is its ARN */
	mc_yaml_str(&c->y, monitor.p);
	mc_yaml_seq_end(&c->y);
	mc_yaml_key(&c->y, "Subscribers");
	mc_yaml_seq_begin(&c->y);
	if (strcmp(a->frequency, "IMMEDIATE") == 0) {
		for (size_t t = 0; t < a->ntopics; t++) {
			mc_yaml_map_begin(&c->y);
			mc_yaml_kv_str(&c->y, "Type", "SNS");
			mc_yaml_key(&c->y, "Address");
			put_topic_arn_id(c, a->topics[t]);
			mc_yaml_map_end(&c->y);
		}
	} else {
		put_email_subscribers(c, a);
	}
	mc_yaml_seq_end(&c->y);
	/* An Expression, as a JSON string in CloudFormation (an object in the API). */
	mc_buf_clear(&c->tmp);
	if (a->above_percent > 0)
		mc_buf_puts(&c->tmp, "{\"And\":[");
	threshold_dimension(&c->tmp, "ANOMALY_TOTAL_IMPACT_ABSOLUTE", a->above_usd);
	if (a->above_percent > 0) {
		mc_buf_putc(&c->tmp, ',');
		threshold_dimension(&c->tmp, "ANOMALY_TOTAL_IMPACT_PERCENTAGE", a->above_percent);
		mc_buf_puts(&c->tmp, "]}");
	}
	mc_yaml_kv_str(&c->y, "ThresholdExpression", c->tmp.p);
	res_end(c);
	mc_buf_release(&monitor);
}

static void put_app_slo(cfn *c, size_t i)
{
	const mc_ir_slo *s = &c->ir->slos[i];
	const mc_ir_app_slo *app = s->app;
	res_begin(c, lid_of(c, s->id, "slo"), "AWS::ApplicationSignals::ServiceLevelObjective");
	mc_yaml_kv_str(&c->y, "Name", app->name);
	if (app->description && *app->description)
		mc_yaml_kv_str(&c->y, "Description", app->description);
	mc_yaml_key(&c->y, "RequestBasedSli");
	mc_yaml_map_begin(&c->y);
	mc_yaml_key(&c->y, "RequestBasedSliMetric");
	mc_yaml_map_begin(&c->y);
	put_queries(c, "TotalRequestCountMetric", app->total, app->ntotal, true);
	mc_yaml_key(&c->y, "MonitoredRequestCountMetric");
	mc_yaml_map_begin(&c->y);
	put_queries(c, app->monitored_bad ? "BadCountMetric" : "GoodCountMetric", app->monitored,
	            app->nmonitored, true);
	mc_yaml_map_end(&c->y);
	mc_yaml_map_end(&c->y);
	mc_yaml_map_end(&c->y);
	mc_yaml_key(&c->y, "Goal");
	mc_yaml_map_begin(&c->y);
	mc_yaml_kv_double(&c->y, "AttainmentGoal", app->attainment_pct);
	mc_yaml_kv_double(&c->y, "WarningThreshold", app->warning_pct);
	mc_yaml_key(&c->y, "Interval");
	mc_yaml_map_begin(&c->y);
	mc_yaml_key(&c->y, "RollingInterval");
	mc_yaml_map_begin(&c->y);
	mc_yaml_kv_uint(&c->y, "Duration", app->interval);
	mc_yaml_kv_str(&c->y, "DurationUnit", app->interval_unit ? app->interval_unit : "DAY");
	mc_yaml_map_end(&c->y);
	mc_yaml_map_end(&c->y);
	mc_yaml_map_end(&c->y);
	if (app->nburn_windows) {
		mc_yaml_key(&c->y, "BurnRateConfigurations");
		mc_yaml_seq_begin(&c->y);
		for (size_t k = 0; k < app->nburn_windows; k++) {
			mc_yaml_map_begin(&c->y);
			mc_yaml_kv_uint(&c->y, "LookBackWindowMinutes", app->burn_windows_min[k]);
			mc_yaml_map_end(&c->y);
		}
		mc_yaml_seq_end(&c->y);
	}
	res_end(c);
}

/*
 * The DashboardBody: the very text of dashboards/NAME.json. Alarm widgets hold the account as
 * `${AWS_ACCOUNT_ID}` when the spec names none; here the stack's own account fills it in.
 */
static void put_dashboard(cfn *c, size_t i)
{
	const mc_ir_dashboard *db = &c->ir->dashboards[i];
	res_begin(c, lid_of(c, db->id, NULL), "AWS::CloudWatch::Dashboard");
	mc_yaml_kv_str(&c->y, "DashboardName", db->name);
	mc_buf body = MC_BUF_INIT, sub = MC_BUF_INIT;
	mc_emit_dashboard_body(c->ir, db, &body);
	mc_yaml_key(&c->y, "DashboardBody");
	if (!strstr(mc_buf_str(&body), "${")) {
		mc_yaml_strn(&c->y, mc_buf_str(&body), body.len);
	} else {
		static const char acct[] = "${AWS_ACCOUNT_ID}";
		const char *p = body.p;
		for (const char *q; (q = strstr(p, acct)); p = q + sizeof acct - 1) {
			sub_escape(&sub, p, (size_t)(q - p));
			mc_buf_puts(&sub, "${AWS::AccountId}");
		}
		sub_escape(&sub, p, strlen(p));
		mc_yaml_tag(&c->y, "!Sub");
		mc_yaml_strn(&c->y, sub.p, sub.len);
	}
	mc_buf_release(&body);
	mc_buf_release(&sub);
	res_end(c);
}

/* ---- templates ---- */

typedef void (*put_fn)(cfn *c, size_t i);

static void render_begin(cfn *c)
{
	if (c->y_live)
		mc_yaml_release(&c->y); /* the previous writer: its scratch memory */
	mc_buf_clear(&c->res);
	c->res_count = 0;
	mc_yaml_init(&c->y, NULL, &c->res);
	mc_yaml_set_indent(&c->y, 2); /* as it stands under Resources: */
	c->y_live = true;
	mc_yaml_map_begin(&c->y);
}

static void render_end(cfn *c)
{
	if (c->res_count) {
		mc_yaml_map_end(&c->y);
		mc_yaml_flush(&c->y);
	}
}

static void render(cfn *c, put_fn fn, size_t i)
{
	render_begin(c);
	fn(c, i);
	render_end(c);
}

static bool fits(const cfn *c)
{
	return c->nres + c->res_count <= c->lim.max_resources &&
	       c->body.len + c->res.len <= c->lim.max_bytes;
}

/* Appends the rendered resources (written indented, as they stand) to the template. */
static void place(cfn *c)
{
	if (!c->res_count)
		return;
	mc_buf_add(&c->body, c->res.p, c->res.len);
	c->nres += c->res_count;
}

static void put_header(cfn *c, mc_buf *t, const char *second)
{
	const char *h = c->cx->header ? c->cx->header : "Generated by moncc.";
	for (const char *p = h; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		mc_buf_puts(t, "# ");
		mc_buf_add(t, p, n);
		mc_buf_putc(t, '\n');
		p += n + (nl != NULL);
	}
	if (second)
		mc_buf_printf(t, "# %s\n", second);
	mc_buf_puts(t, "AWSTemplateFormatVersion: '2010-09-09'\n");
}

static void put_template_description(cfn *c, mc_buf *t, const char *what)
{
	mc_buf d = MC_BUF_INIT;
	mc_buf_printf(&d, "%s of %s", what, c->ir->project ? c->ir->project : "moncc");
	if (c->ir->environment)
		mc_buf_printf(&d, " (%s)", c->ir->environment);
	const char *spec = c->cx->spec_path ? c->cx->spec_path : c->ir->spec_path;
	if (spec)
		mc_buf_printf(&d, ", generated by moncc from %s", spec);
	mc_buf_puts(t, "Description: ");
	mc_yaml_quote(t, d.p, mc_utf8_prefix(d.p, d.len, 1024));
	mc_buf_putc(t, '\n');
	mc_buf_release(&d);
}

static void deliver(cfn *c, const char *name, const mc_buf *text, size_t nres)
{
	c->ntemplates++;
	if (c->cx->counts) {
		c->cx->counts->templates++;
		c->cx->counts->resources += nres;
	}
	c->sink(c->arg, name, text->p, text->len);
}

/* The exports of the first template, for the others' Fn::ImportValue. */
static void put_exports(cfn *c, mc_buf *t)
{
	bool any = false;
	mc_buf name = MC_BUF_INIT, lid = MC_BUF_INIT;
	for (size_t i = 0; i < c->ir->ntopics; i++) {
		const mc_ir_topic *tp = &c->ir->topics[i];
		if (tp->existing_arn)
			continue;
		if (!any)
			mc_buf_puts(t, "Outputs:\n");
		any = true;
		mc_buf_clear(&lid);
		mc_buf_puts(&lid, lid_of(c, tp->id, NULL));
		mc_buf_clear(&name);
		export_name(tp, &name);
		mc_buf_printf(t, "  %sArn:\n    Description: ", lid.p);
		mc_buf_clear(&c->tmp);
		mc_buf_printf(&c->tmp, "ARN of SNS topic %s", tp->name);
		mc_yaml_quote(t, c->tmp.p, c->tmp.len);
		mc_buf_printf(t, "\n    Value: !Ref %s\n    Export:\n      Name: %s\n", lid.p,
		              name.p);
	}
	for (size_t i = 0; i < c->ir->nscaling_policies; i++) {
		const mc_ir_scaling_policy *p = &c->ir->scaling_policies[i];
		if (!any)
			mc_buf_puts(t, "Outputs:\n");
		any = true;
		mc_buf_clear(&lid);
		mc_buf_puts(&lid, lid_of(c, p->id, "policy"));
		mc_buf_clear(&name);
		policy_export_name(p, &name);
		mc_buf_printf(t, "  %sArn:\n    Description: ", lid.p);
		mc_buf_clear(&c->tmp);
		mc_buf_printf(&c->tmp, "ARN of scaling policy %s of group %s", p->id, p->group);
		mc_yaml_quote(t, c->tmp.p, c->tmp.len);
		mc_buf_printf(t, "\n    Value: !Ref %s\n    Export:\n      Name: %s\n", lid.p,
		              name.p);
	}
	mc_buf_release(&name);
	mc_buf_release(&lid);
}

/* Writes the template being filled; final: the last one of the main stack. */
static void flush(cfn *c, bool final)
{
	if (!c->nres)
		return;
	bool one = final && !c->split;
	mc_buf t = MC_BUF_INIT, note = MC_BUF_INIT;
	if (!one && c->cur == 1)
		mc_buf_puts(&note, "Part 1: deploy this stack first; the other parts import its "
		                   "topic ARNs (docs/cloudformation.md).");
	else if (!one)
		mc_buf_printf(&note, "Part %u: deploy after monitoring-1.yaml "
		                     "(docs/cloudformation.md).", c->cur);
	put_header(c, &t, note.len ? note.p : NULL);
	mc_buf_clear(&note);
	if (one)
		mc_buf_puts(&note, "Monitoring");
	else
		mc_buf_printf(&note, "Monitoring, part %u,", c->cur);
	put_template_description(c, &t, note.p);
	mc_buf_puts(&t, "Resources:\n");
	mc_buf_add(&t, c->body.p, c->body.len);
	if (!one && c->cur == 1)
		put_exports(c, &t);
	mc_buf_clear(&note);
	if (one)
		mc_buf_puts(&note, "monitoring.yaml");
	else
		mc_buf_printf(&note, "monitoring-%u.yaml", c->cur);
	deliver(c, note.p, &t, c->nres);
	mc_buf_release(&t);
	mc_buf_release(&note);
	mc_buf_clear(&c->body);
	c->nres = 0;
	c->cur++;
	if (!final)
		c->split = true;
}

/* Renders item i and adds it, to a new template when the current one is full. */
static void emit_one(cfn *c, put_fn fn, size_t i)
{
	render(c, fn, i);
	if (!fits(c) && c->nres) {
		flush(c, false);
		render(c, fn, i);
	}
	place(c);
}

/* ---- units of alarms and composites ---- */

typedef struct {
	uint32_t *parent, *next, *head, *tail;
} units;

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void uf_join(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a == b)
		return;
	if (a < b)
		parent[b] = a; /* the root is the unit's first member */
	else
		parent[a] = b;
}

static bool is_app_slo(const mc_ir_slo *s)
{
	return s->application_signals && s->app;
}

/* The SloName of the Application Signals BurnRate metric alarm a reads, or NULL. */
static const char *burn_rate_slo_name(const mc_ir_alarm *a)
{
	const mc_ir_metric *m = a->metric;
	if (!m || strcmp(m->ns, "AWS/ApplicationSignals") != 0 || strcmp(m->metric, "BurnRate"))
		return NULL;
	for (size_t k = 0; k < m->ndims; k++)
		if (strcmp(m->dims[k].name, "SloName") == 0)
			return m->dims[k].value;
	return NULL;
}

typedef struct {
	const char *name; /* the SLO's Application Signals name */
	uint32_t slo;     /* index into ir->slos */
} slo_by_name;

static int cmp_slo_by_name(const void *a, const void *b)
{
	return strcmp(((const slo_by_name *)a)->name, ((const slo_by_name *)b)->name);
}

/*
 * Each alarm's SLO (burn_slo, UINT32_MAX for none), and the SLO's place in the units: every
 * alarm on the BurnRate metric an Application Signals SLO publishes (its burn-rate alarms and
 * their escalation copies) joins the SLO's unit, hence so do their composites.
 */
static void join_app_slos(const mc_ir *ir, units *u, uint32_t *burn_slo)
{
	slo_by_name *v = mc_xmalloc((ir->nslos + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < ir->nslos; i++)
		if (is_app_slo(&ir->slos[i]))
			v[n++] = (slo_by_name){ir->slos[i].app->name, (uint32_t)i};
	qsort(v, n, sizeof *v, cmp_slo_by_name);
	for (size_t i = 0; i < ir->nalarms; i++) {
		burn_slo[i] = UINT32_MAX;
		slo_by_name key = {burn_rate_slo_name(&ir->alarms[i]), 0};
		const slo_by_name *hit =
		        key.name && n ? bsearch(&key, v, n, sizeof *v, cmp_slo_by_name) : NULL;
		if (!hit)
			continue;
		burn_slo[i] = hit->slo;
		uf_join(u->parent, (uint32_t)slo_node(ir, hit->slo), (uint32_t)i);
	}
	free(v);
}

static void units_build(const mc_ir *ir, units *u, uint32_t *burn_slo)
{
	size_t n = ir->nalarms + ir->ncomposites + ir->nslos;
	u->parent = mc_xmalloc((n + 1) * sizeof *u->parent);
	u->next = mc_xmalloc((n + 1) * sizeof *u->next);
	u->head = mc_xmalloc((n + 1) * sizeof *u->head);
	u->tail = mc_xmalloc((n + 1) * sizeof *u->tail);
	for (size_t i = 0; i < n; i++)
		u->parent[i] = (uint32_t)i;
	for (size_t i = 0; i < ir->ncomposites; i++) {
		const mc_ir_composite *k = &ir->composites[i];
		uint32_t me = (uint32_t)(ir->nalarms + i);
		for (size_t j = 0; j < k->nchildren; j++) {
			size_t node = node_of(ir, k->children[j]);
			if (node != SIZE_MAX)
				uf_join(u->parent, me, (uint32_t)node);
		}
		if (k->suppressor) {
			size_t node = node_of(ir, k->suppressor);
			if (node != SIZE_MAX)
				uf_join(u->parent, me, (uint32_t)node);
		}
	}
	join_app_slos(ir, u, burn_slo);
	for (size_t i = 0; i < n; i++)
		u->head[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		uint32_t r = uf_find(u->parent, (uint32_t)i);
		u->next[i] = UINT32_MAX;
		if (u->head[r] == UINT32_MAX)
			u->head[r] = (uint32_t)i;
		else
			u->next[u->tail[r]] = (uint32_t)i;
		u->tail[r] = (uint32_t)i;
	}
}

static void units_free(units *u)
{
	free(u->parent);
	free(u->next);
	free(u->head);
	free(u->tail);
}

static bool is_slo_node(const mc_ir *ir, uint32_t m)
{
	return m >= ir->nalarms + ir->ncomposites;
}

static void put_node(cfn *c, uint32_t m)
{
	const mc_ir *ir = c->ir;
	if (m < ir->nalarms)
		put_alarm(c, m);
	else if (!is_slo_node(ir, m))
		put_composite(c, m - ir->nalarms);
	else if (is_app_slo(&ir->slos[m - ir->nalarms - ir->ncomposites]))
		put_app_slo(c, m - ir->nalarms - ir->ncomposites);
}

static void unit_mark(cfn *c, const units *u, uint32_t r, unsigned where)
{
	for (uint32_t m = u->head[r]; m != UINT32_MAX; m = u->next[m])
		c->where[m] = where;
}

/* The unit's members in writing order: its SLO first (what the others depend on), then the
 * alarms and composites in IR order. pass 0 yields SLOs, pass 1 the rest. */
static bool in_pass(const mc_ir *ir, uint32_t m, int pass)
{
	return is_slo_node(ir, m) == (pass == 0);
}

static void unit_render(cfn *c, const units *u, uint32_t r)
{
	render_begin(c);
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t m = u->head[r]; m != UINT32_MAX; m = u->next[m])
			if (in_pass(c->ir, m, pass))
				put_node(c, m);
	render_end(c);
}

static void emit_unit(cfn *c, const units *u, uint32_t r)
{
	unit_mark(c, u, r, c->cur);
	unit_render(c, u, r);
	if (!fits(c) && c->nres) {
		flush(c, false);
		unit_mark(c, u, r, c->cur);
		unit_render(c, u, r);
	}
	if (fits(c)) {
		place(c);
		return;
	}
	/* Larger than a template: member by member, references across templates by name; the
	 * SLO first, so that it is in the same template as its alarms or an earlier one. */
	unit_mark(c, u, r, 0);
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t m = u->head[r]; m != UINT32_MAX; m = u->next[m]) {
			if (!in_pass(c->ir, m, pass))
				continue;
			c->where[m] = c->cur;
			render_begin(c);
			put_node(c, m);
			render_end(c);
			if (!fits(c) && c->nres) {
				flush(c, false);
				c->where[m] = c->cur;
				render_begin(c);
				put_node(c, m);
				render_end(c);
			}
			place(c);
		}
}

/* ---- the whole ---- */

static void emit_billing(cfn *c)
{
	const mc_ir *ir = c->ir;
	for (size_t i = 0; i < ir->nbudgets; i++)
		emit_one(c, put_budget, i);
	for (size_t i = 0; i < ir->ncost_anomalies; i++)
		emit_one(c, put_cost_anomaly, i);
}

size_t mc_cfn_generate(const mc_emit_ctx *cx, mc_cfn_limits lim, mc_cfn_sink sink, void *arg)
{
	const mc_ir *ir = cx->ir;
	cfn c = {.cx = cx, .ir = ir, .lim = lim, .sink = sink, .arg = arg, .cur = 1};
	if (!c.lim.max_resources)
		c.lim.max_resources = MC_CFN_MAX_RESOURCES;
	if (!c.lim.max_bytes)
		c.lim.max_bytes = MC_CFN_MAX_BYTES;
	find_duplicate_ids(&c);
	size_t nnodes = ir->nalarms + ir->ncomposites + ir->nslos;
	c.where = mc_xcalloc(nnodes + 1, sizeof *c.where);
	c.burn_slo = mc_xcalloc(ir->nalarms + 1, sizeof *c.burn_slo);

	/* The topics come first and stay in the first template, which exports them. */
	for (size_t i = 0; i < ir->ntopics; i++) {
		render(&c, put_topic, i);
		place(&c);
	}
	/* So are the scaling policies: alarms in any part reach them (!Ref or an import). */
	for (size_t i = 0; i < ir->nscaling_policies; i++) {
		render(&c, put_scaling_policy, i);
		place(&c);
	}
	units u;
	units_build(ir, &u, c.burn_slo);
	for (size_t i = 0; i < nnodes; i++) {
		uint32_t r = uf_find(u.parent, (uint32_t)i);
		if (!c.where[r] && (!is_slo_node(ir, r) || is_app_slo(&ir->slos[r - ir->nalarms -
		                                                                 ir->ncomposites])))
			emit_unit(&c, &u, r);
	}
	units_free(&u);
	for (size_t i = 0; i < ir->ndetectors; i++)
		emit_one(&c, put_detector, i);
	for (size_t i = 0; i < ir->nrules; i++)
		emit_one(&c, put_rule_resource, i);
	for (size_t i = 0; i < ir->nlog_filters; i++)
		emit_one(&c, put_log_filter, i);
	for (size_t i = 0; i < ir->nlog_queries; i++)
		emit_one(&c, put_log_query, i);
	for (size_t i = 0; i < ir->ndashboards; i++)
		emit_one(&c, put_dashboard, i);
	bool billing_apart = !is_us_east_1(ir);
	if (!billing_apart)
		emit_billing(&c);
	flush(&c, true);

	if (billing_apart && (ir->nbudgets || ir->ncost_anomalies)) {
		/* A stack of its own in us-east-1; small enough for one template. */
		c.billing = true;
		c.lim.max_resources = SIZE_MAX;
		c.lim.max_bytes = SIZE_MAX;
		emit_billing(&c);
		mc_buf t = MC_BUF_INIT;
		put_header(&c, &t, "Deploy this stack in us-east-1, after the monitoring stack of "
		                   "the spec's region (docs/cloudformation.md).");
		put_template_description(&c, &t, "Budgets and cost anomaly detection (us-east-1)");
		mc_buf_puts(&t, "Resources:\n");
		mc_buf_add(&t, c.body.p, c.body.len);
		deliver(&c, "us-east-1-billing.yaml", &t, c.nres);
		mc_buf_release(&t);
	}

	if (c.y_live)
		mc_yaml_release(&c.y);
	free(c.dups);
	free(c.where);
	free(c.burn_slo);
	mc_buf_release(&c.body);
	mc_buf_release(&c.res);
	mc_buf_release(&c.lid);
	mc_buf_release(&c.tmp);
	return c.ntemplates;
}

/* ---- the emitter ---- */

typedef struct {
	mc_outputs *os;
	const char *dir;
} file_sink;

static void to_outputs(void *arg, const char *name, const char *text, size_t len)
{
	file_sink *fs = arg;
	mc_buf path = MC_BUF_INIT;
	mc_buf_puts(&path, fs->dir);
	if (path.len && path.p[path.len - 1] != '/')
		mc_buf_putc(&path, '/');
	mc_buf_puts(&path, name);
	mc_out *o = mc_outputs_open(fs->os, path.p);
	mc_out_write(o, text, len);
	mc_outputs_close(fs->os);
	mc_buf_release(&path);
}

int mc_emit_cloudformation(const mc_emit_ctx *cx, mc_outputs *os)
{
	const char *dir = cx->paths.cloudformation ? cx->paths.cloudformation : "cloudformation/";
	file_sink fs = {os, dir};
	mc_cfn_limits lim = {MC_CFN_MAX_RESOURCES, MC_CFN_MAX_BYTES};
	mc_cfn_generate(cx, lim, to_outputs, &fs);
	return 0;
}
