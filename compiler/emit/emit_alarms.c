/*
 * alarms.yaml: every alarm of the IR in the input shapes of CloudWatch's PutMetricAlarm and
 * PutCompositeAlarm (spec-language.md §6, docs/alarms-yaml.md).
 *
 * Consumes the IR's alarms and composites (in IR order) plus its topics, runbooks and names;
 * produces one YAML file: the header comment, then `MetricAlarms:` and `CompositeAlarms:`
 * lists whose entries are exactly the API's parameters (a script can send each one as is)
 * plus two keys of our own, `tier` and `runbook`, which a sender drops. Streamed through
 * yaml_out.h one scalar at a time: nothing is held but a scratch buffer, however many alarms.
 *
 * What the API would reject is prevented upstream (names, periods, M of N, ids and limits
 * are checked when lowering); this file only keeps the two text limits it creates itself:
 * the description with its runbook link stays within 1024 bytes (so within 1024 characters),
 * and stays one line. tests/tools/validate_alarms.py checks the result against botocore.
 */
#include "emit/emit.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "emit/emit_common.h"
#include "emit/yaml_out.h"

enum { DESCRIPTION_MAX = 1024 };

typedef struct {
	const mc_ir *ir;
	mc_yaml y;
	mc_buf tmp;  /* one composed value at a time (ARN, description, rule) */
	mc_buf url;  /* the runbook URL of the entry being written */
	mc_buf arns; /* every topic's ARN, NUL-separated, composed once */
	size_t *arn_at; /* offset of topic i's ARN in arns */
} writer;

/* The five statistics PutMetricAlarm takes as Statistic; everything else is Extended. */
static bool simple_statistic(const char *stat)
{
	static const char *const simple[] = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"};
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (strcmp(stat, simple[i]) == 0)
			return true;
	return false;
}

/* AlarmDescription: what the alarm means and its runbook link (mc_ir_description). */
static void description(writer *w, const char *what, const char *runbook)
{
	mc_ir_description(w->ir, what, runbook, DESCRIPTION_MAX, &w->tmp);
	mc_yaml_key(&w->y, "AlarmDescription");
	mc_yaml_strn(&w->y, w->tmp.p ? w->tmp.p : "", w->tmp.len);
}

/* AlarmActions / OKActions: topic ARNs, then automated actions. Written even when empty. */
static void actions(writer *w, const char *key, const mc_ir_actions *a)
{
	mc_yaml_key(&w->y, key);
	mc_yaml_seq_begin(&w->y);
	for (size_t i = 0; i < a->ntopics; i++) {
		const mc_ir_topic *t = mc_ir_find_topic(w->ir, a->topics[i]);
		if (t) /* ir_verify guarantees it exists */
			mc_yaml_str(&w->y, w->arns.p + w->arn_at[t - w->ir->topics]);
	}
	for (size_t i = 0; i < a->nactions; i++) {
		if (strncmp(a->actions[i], "scale:", 6) == 0)
			continue; /* no ARN before CloudFormation creates it: see policy_comments */
		mc_buf_clear(&w->tmp);
		mc_ir_action_arn(w->ir, a->actions[i], &w->tmp);
		mc_yaml_strn(&w->y, w->tmp.p, w->tmp.len);
	}
	mc_yaml_seq_end(&w->y);
}

/*
 * A scaling policy's ARN holds a UUID that AWS assigns when it creates the policy, so
 * alarms.yaml cannot name it: the action is left out of AlarmActions and a comment before
 * the alarm names the policy instead (docs/alarms-yaml.md).
 */
static void policy_comments(writer *w, const mc_ir_alarm *a)
{
	for (size_t i = 0; i < a->on_alarm.nactions; i++) {
		const char *act = a->on_alarm.actions[i];
		if (strncmp(act, "scale:", 6) != 0)
			continue;
		const mc_ir_scaling_policy *p = NULL;
		for (size_t k = 0; k < w->ir->nscaling_policies && !p; k++)
			if (strcmp(w->ir->scaling_policies[k].id, act + 6) == 0)
				p = &w->ir->scaling_policies[k];
		mc_buf_clear(&w->tmp);
		mc_buf_printf(&w->tmp, "%s: runs scaling policy %s too", a->name, act + 6);
		if (p)
			mc_buf_printf(&w->tmp, " (group %s, %+d%s)", p->group, (int)p->adjustment,
			              p->percent ? "%" : "");
		mc_buf_puts(&w->tmp, ", not in AlarmActions: its ARN exists only once "
		                     "CloudFormation creates it; deploy this alarm from "
		                     "cloudformation/ or add the policy's ARN");
		mc_yaml_comment(&w->y, w->tmp.p);
	}
}

static void dimensions(writer *w, const mc_ir_metric *m)
{
	if (m->ndims == 0)
		return;
	mc_yaml_key(&w->y, "Dimensions");
	mc_yaml_seq_begin(&w->y);
	for (size_t i = 0; i < m->ndims; i++) {
		mc_yaml_map_begin(&w->y);
		mc_yaml_kv_str(&w->y, "Name", m->dims[i].name);
		mc_yaml_kv_str(&w->y, "Value", m->dims[i].value);
		mc_yaml_map_end(&w->y);
	}
	mc_yaml_seq_end(&w->y);
}

/* The single-metric form: MetricName, Namespace, Statistic, Dimensions, Period, Unit. */
static void single_metric(writer *w, const mc_ir_alarm *a)
{
	const mc_ir_metric *m = a->metric;
	mc_yaml_kv_str(&w->y, "MetricName", m->metric);
	mc_yaml_kv_str(&w->y, "Namespace", m->ns);
	mc_yaml_kv_str(&w->y, simple_statistic(m->stat) ? "Statistic" : "ExtendedStatistic",
	               m->stat);
	dimensions(w, m);
	mc_yaml_kv_uint(&w->y, "Period", a->period_s ? a->period_s : m->period_s);
	if (m->unit)
		mc_yaml_kv_str(&w->y, "Unit", m->unit);
}

/* The metric-math form: Metrics, a list of MetricDataQuery. */
static void queries(writer *w, const mc_ir_alarm *a)
{
	mc_yaml *y = &w->y;
	mc_yaml_key(y, "Metrics");
	mc_yaml_seq_begin(y);
	for (size_t i = 0; i < a->nqueries; i++) {
		const mc_ir_query *q = &a->queries[i];
		mc_yaml_map_begin(y);
		mc_yaml_kv_str(y, "Id", q->id);
		if (q->metric) {
			const mc_ir_metric *m = q->metric;
			mc_yaml_key(y, "MetricStat");
			mc_yaml_map_begin(y);
			mc_yaml_key(y, "Metric");
			mc_yaml_map_begin(y);
			mc_yaml_kv_str(y, "Namespace", m->ns);
			mc_yaml_kv_str(y, "MetricName", m->metric);
			dimensions(w, m);
			mc_yaml_map_end(y);
			mc_yaml_kv_uint(y, "Period", m->period_s ? m->period_s : a->period_s);
			mc_yaml_kv_str(y, "Stat", m->stat);
			if (m->unit)
				mc_yaml_kv_str(y, "Unit", m->unit);
			mc_yaml_map_end(y);
			if (q->label)
				mc_yaml_kv_str(y, "Label", q->label);
			mc_yaml_kv_bool(y, "ReturnData", q->return_data);
		} else {
			mc_yaml_kv_str(y, "Expression", q->expression);
			if (q->label)
				mc_yaml_kv_str(y, "Label", q->label);
			mc_yaml_kv_bool(y, "ReturnData", q->return_data);
			if (q->period_s)
				mc_yaml_kv_uint(y, "Period", q->period_s);
		}
		mc_yaml_map_end(y);
	}
	mc_yaml_seq_end(y);
}

/* The region of the alarm's metrics when it is not the spec's (billing: us-east-1). */
static const char *foreign_region(const mc_ir *ir, const mc_ir_alarm *a)
{
	if (a->metric)
		return a->metric->region && strcmp(a->metric->region, ir->region) != 0
		           ? a->metric->region
		           : NULL;
	for (size_t i = 0; i < a->nqueries; i++) {
		const mc_ir_metric *m = a->queries[i].metric;
		if (m && m->region && strcmp(m->region, ir->region) != 0)
			return m->region;
	}
	return NULL;
}

static void runbook_url(writer *w, const char *runbook)
{
	mc_buf_clear(&w->url);
	if (runbook)
		mc_ir_runbook_url(w->ir, runbook, &w->url);
}

/* Our own keys, after the API's: a sender drops them. */
static void extras(writer *w, const char *tier)
{
	if (tier)
		mc_yaml_kv_str(&w->y, "tier", tier);
	if (w->url.len)
		mc_yaml_kv_str(&w->y, "runbook", w->url.p);
}

static void metric_alarm(writer *w, const mc_ir_alarm *a)
{
	mc_yaml *y = &w->y;
	const char *region = foreign_region(w->ir, a);
	if (region) {
		mc_buf_clear(&w->tmp);
		mc_buf_printf(&w->tmp, "%s: create in %s, where its metrics are published", a->name,
		              region);
		mc_yaml_comment(y, w->tmp.p);
	}
	policy_comments(w, a);
	runbook_url(w, a->runbook);
	mc_yaml_map_begin(y);
	mc_yaml_kv_str(y, "AlarmName", a->name);
	description(w, a->description, a->runbook);
	mc_yaml_kv_bool(y, "ActionsEnabled", true);
	actions(w, "OKActions", &a->on_ok);
	actions(w, "AlarmActions", &a->on_alarm);
	if (a->metric)
		single_metric(w, a);
	else
		queries(w, a);
	mc_yaml_kv_uint(y, "EvaluationPeriods", a->evaluation_periods);
	mc_yaml_kv_uint(y, "DatapointsToAlarm", a->datapoints);
	if (a->threshold_metric_id)
		mc_yaml_kv_str(y, "ThresholdMetricId", a->threshold_metric_id);
	else
		mc_yaml_kv_double(y, "Threshold", a->threshold);
	mc_yaml_kv_str(y, "ComparisonOperator", mc_ir_cmp_aws(a->cmp));
	mc_yaml_kv_str(y, "TreatMissingData", mc_ir_missing_aws(a->missing));
	if (a->low_sample)
		mc_yaml_kv_str(y, "EvaluateLowSampleCountPercentile", a->low_sample);
	extras(w, a->tier);
	mc_yaml_map_end(y);
}

/* The IR rule names alarms by IR id inside `"..."`; the API wants their AWS names. */
static void alarm_rule(writer *w, const char *rule)
{
	mc_buf *b = &w->tmp;
	mc_buf_clear(b);
	const char *p = rule;
	for (;;) {
		const char *q = strchr(p, '"');
		if (!q) {
			mc_buf_puts(b, p);
			break;
		}
		const char *close = strchr(q + 1, '"');
		if (!close) {
			mc_buf_puts(b, p);
			break;
		}
		mc_buf_add(b, p, (size_t)(q - p) + 1);
		size_t idn = (size_t)(close - q - 1);
		/* Ids are short; look one up through a NUL-terminated copy on the stack. */
		char id[512];
		const char *name = NULL;
		if (idn < sizeof id) {
			memcpy(id, q + 1, idn);
			id[idn] = '\0';
			name = mc_ir_alarm_name(w->ir, id);
		}
		if (name)
			mc_buf_puts(b, name);
		else
			mc_buf_add(b, q + 1, idn);
		mc_buf_putc(b, '"');
		p = close + 1;
	}
	mc_yaml_key(&w->y, "AlarmRule");
	mc_yaml_strn(&w->y, b->p ? b->p : "", b->len);
}

static void composite_alarm(writer *w, const mc_ir_composite *c)
{
	mc_yaml *y = &w->y;
	runbook_url(w, c->runbook);
	mc_yaml_map_begin(y);
	mc_yaml_kv_str(y, "AlarmName", c->name);
	description(w, c->description, c->runbook);
	mc_yaml_kv_bool(y, "ActionsEnabled", true);
	alarm_rule(w, c->rule);
	actions(w, "OKActions", &c->on_ok);
	actions(w, "AlarmActions", &c->on_alarm);
	if (c->suppressor) {
		const char *name = mc_ir_alarm_name(w->ir, c->suppressor);
		mc_yaml_kv_str(y, "ActionsSuppressor", name ? name : c->suppressor);
		mc_yaml_kv_uint(y, "ActionsSuppressorWaitPeriod", c->suppressor_wait_s);
		mc_yaml_kv_uint(y, "ActionsSuppressorExtensionPeriod", c->suppressor_extension_s);
	}
	extras(w, c->tier);
	mc_yaml_map_end(y);
}

int mc_emit_alarms(const mc_emit_ctx *cx, mc_outputs *os)
{
	const mc_ir *ir = cx->ir;
	const char *path = cx->paths.alarms ? cx->paths.alarms : "alarms.yaml";
	mc_out *o = mc_outputs_open(os, path);
	writer w = {.ir = ir};
	mc_yaml_init(&w.y, o, NULL);
	mc_buf_init(&w.tmp);
	mc_buf_init(&w.url);
	mc_buf_init(&w.arns);
	/* A few topics serve thousands of alarms: compose each ARN once. */
	w.arn_at = mc_xcalloc(ir->ntopics + 1, sizeof *w.arn_at);
	for (size_t i = 0; i < ir->ntopics; i++) {
		w.arn_at[i] = w.arns.len;
		mc_ir_topic_arn(ir, &ir->topics[i], &w.arns);
		mc_buf_add(&w.arns, "", 1);
	}

	if (cx->header)
		mc_yaml_comment(&w.y, cx->header);
	mc_yaml_comment(&w.y, "Each entry is the input of PutMetricAlarm or PutCompositeAlarm; "
	                      "`tier` and `runbook` are moncc's\nand are dropped before sending "
	                      "(docs/alarms-yaml.md).");
	mc_yaml_map_begin(&w.y);
	mc_yaml_key(&w.y, "MetricAlarms");
	mc_yaml_seq_begin(&w.y);
	size_t high_res = 0, anomaly = 0;
	for (size_t i = 0; i < ir->nalarms; i++) {
		const mc_ir_alarm *a = &ir->alarms[i];
		metric_alarm(&w, a);
		high_res += a->period_s > 0 && a->period_s < 60;
		anomaly += a->threshold_metric_id != NULL;
	}
	mc_yaml_seq_end(&w.y);
	mc_yaml_key(&w.y, "CompositeAlarms");
	mc_yaml_seq_begin(&w.y);
	for (size_t i = 0; i < ir->ncomposites; i++)
		composite_alarm(&w, &ir->composites[i]);
	mc_yaml_seq_end(&w.y);
	mc_yaml_map_end(&w.y);

	/* alarms.yaml lists every alarm exactly once, so the alarm counts are taken here. */
	if (cx->counts) {
		cx->counts->alarms += ir->nalarms;
		cx->counts->high_res_alarms += high_res;
		cx->counts->anomaly_alarms += anomaly;
		cx->counts->composites += ir->ncomposites;
	}
	mc_yaml_release(&w.y);
	mc_buf_release(&w.tmp);
	mc_buf_release(&w.url);
	mc_buf_release(&w.arns);
	free(w.arn_at);
	mc_outputs_close(os);
	return 0;
}
