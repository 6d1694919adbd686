/*
 * Templates (compiler/template): the stdlib kinds load and validate clean; the contract
 * example's resources instantiate to the expected metrics, SLIs, alarms, events and
 * remediation; parameter errors point at the spec and at the declaration; errors inside an
 * instantiated template point at the template line and at the spec line that instantiated
 * it; template bugs (`${unknown}`, a malformed `${`) are reported when the template loads;
 * imports that cannot be read and kinds defined twice are reported with their spans.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diag/diag.h"
#include "load/load.h"
#include "template/json_text.h"
#include "template/scaling.h"
#include "template/subst.h"
#include "template/template.h"
#include "harness.h"

/* The repository root, from this file's path (CMake compiles it by its absolute path). */
static char root[4096];

static void find_root(void)
{
	const char *self = __FILE__;
	const char *cut = strstr(self, "tests/unit/test_template.c");
	size_t n = cut ? (size_t)(cut - self) : 0;
	snprintf(root, sizeof root, "%.*s", (int)n, self);
}

typedef struct {
	mc_arena *arena;
	mc_sources srcs;
	mc_diags d;
	mc_load_limits lim;
	mc_templates *ts;
} fixture;

static void dump(fixture *f)
{
	for (size_t i = 0; i < f->d.len; i++) {
		const mc_diag *g = f->d.v[i];
		mc_source *src =
		        g->nlabels ? mc_sources_get(&f->srcs, g->labels[0].span.file) : NULL;
		mc_pos pos = src ? mc_source_pos(src, g->labels[0].span.lo) : (mc_pos){0, 0};
		fprintf(stderr, "  %s:%u:%u: %s: %s\n", src ? src->path : "-", pos.line, pos.column,
		        mc_code_get(g->code)->id, g->message);
	}
}

static void setup(fixture *f, const char *base_dir, const mc_node *imports)
{
	memset(f, 0, sizeof *f);
	f->arena = mc_arena_new();
	mc_sources_init(&f->srcs);
	mc_diags_init(&f->d, f->arena);
	mc_load_limits_default(&f->lim);
	f->ts = mc_templates_load(&f->srcs, base_dir, imports, &f->lim, f->arena, &f->d);
}

static void teardown(fixture *f)
{
	mc_templates_free(f->ts);
	mc_diags_release(&f->d);
	mc_sources_release(&f->srcs);
	mc_arena_free(f->arena);
}

static mc_node *load_spec(fixture *f, const char *path, const char *text)
{
	return mc_load_yaml_buffer(&f->srcs, path, text, strlen(text), &f->lim, f->arena, &f->d);
}

/* Line and column of a span, as "L:C", and the file's path. */
static const char *where(fixture *f, mc_span s)
{
	static char buf[512];
	mc_source *src = mc_sources_get(&f->srcs, s.file);
	if (!src)
		return "-";
	mc_pos p = mc_source_pos(src, s.lo);
	snprintf(buf, sizeof buf, "%s:%u:%u", src->path, p.line, p.column);
	return buf;
}

static const mc_diag *find_diag(fixture *f, mc_code code)
{
	for (size_t i = 0; i < f->d.len; i++)
		if (f->d.v[i]->code == code)
			return f->d.v[i];
	return NULL;
}

/* The text a span covers. */
static const char *span_text(fixture *f, mc_span s)
{
	static char buf[256];
	mc_source *src = mc_sources_get(&f->srcs, s.file);
	if (!src || s.hi < s.lo || s.hi > src->len)
		return "";
	snprintf(buf, sizeof buf, "%.*s", (int)(s.hi - s.lo), src->text + s.lo);
	return buf;
}

static const char *dim(const mc_inst_metric *m, size_t i, char *buf, size_t n)
{
	if (i >= m->ndims)
		return "";
	snprintf(buf, n, "%s=%s", m->dims[i].name, m->dims[i].value);
	return buf;
}

static mc_instance *instantiate(fixture *f, const mc_node *resources, const char *name,
                                const char *service, const mc_subst_env *env)
{
	mc_pair *p = mc_node_get_pair(resources, name);
	CHECK(p != NULL);
	if (!p)
		return NULL;
	const mc_node *kind = mc_node_get(p->value, "kind");
	const mc_template *t = mc_templates_find(f->ts, kind->text);
	CHECK(t != NULL);
	if (!t)
		return NULL;
	return mc_template_instantiate(t, p->key, p->value, service, env, &f->srcs, f->arena,
	                               &f->d);
}

static void test_stdlib_loads(void)
{
	fixture f;
	setup(&f, NULL, NULL);
	INT_EQ(f.d.nerrors, 0);
	if (f.d.nerrors)
		dump(&f);
	size_t n;
	const mc_template *const *all = mc_templates_all(f.ts, &n);
	INT_EQ(n, 11);
	if (n == 11) {
		STR_EQ(all[0]->kind, "acm-certificate");
		STR_EQ(all[1]->kind, "alb");
		STR_EQ(all[2]->kind, "anythingllm");
		STR_EQ(all[3]->kind, "asg");
		STR_EQ(all[4]->kind, "billing");
		STR_EQ(all[5]->kind, "cloudtrail-security");
		STR_EQ(all[6]->kind, "ec2");
		STR_EQ(all[7]->kind, "guardduty");
		STR_EQ(all[8]->kind, "logs");
		STR_EQ(all[9]->kind, "target-group");
		STR_EQ(all[10]->kind, "waf");
		STR_EQ(all[1]->path, "stdlib/alb.yaml");
		CHECK(all[1]->stdlib);
	}
	/* Every stdlib parameter is used by something (the lint would report it otherwise). */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < all[i]->params.len; k++) {
			if (!all[i]->params.v[k].used)
				fprintf(stderr, "unused parameter %s.%s\n", all[i]->kind,
				        all[i]->params.v[k].name);
			CHECK(all[i]->params.v[k].used);
		}
	teardown(&f);
}

static void test_contract_example(void)
{
	char path[4200];
	snprintf(path, sizeof path, "%sexamples/anythingllm/monitoring.yaml", root);
	fixture f;
	setup(&f, NULL, NULL);
	uint32_t file = mc_load_read_file(&f.srcs, path, &f.lim, &f.d);
	CHECK(file != 0);
	mc_node *spec = file ? mc_load_yaml(&f.srcs, file, &f.lim, f.arena, &f.d) : NULL;
	CHECK(spec != NULL);
	if (!spec) {
		teardown(&f);
		return;
	}
	const mc_node *chat = mc_node_get(mc_node_get(spec, "services"), "chat");
	const mc_node *resources = mc_node_get(chat, "resources");
	mc_subst_env env = {"anythingllm", "production", "us-east-1", NULL};
	char b[256];

	mc_instance *lb = instantiate(&f, resources, "lb", "chat", &env);
	mc_instance *host = instantiate(&f, resources, "host", "chat", &env);
	mc_instance *waf = instantiate(&f, resources, "waf", "chat", &env);
	INT_EQ(f.d.nerrors, 0);
	if (f.d.nerrors)
		dump(&f);
	CHECK(lb && host && waf);
	if (!lb || !host || !waf) {
		teardown(&f);
		return;
	}

	/* alb: the contract's names, dimensions sorted, typed fields. */
	const mc_inst_metric *m = mc_instance_metric(lb, "requests");
	CHECK(m != NULL);
	if (m) {
		STR_EQ(m->ns, "AWS/ApplicationELB");
		STR_EQ(m->metric, "RequestCount");
		INT_EQ(m->ndims, 1);
		STR_EQ(dim(m, 0, b, sizeof b), "LoadBalancer=app/anythingllm/50dc6c495c0c9188");
		STR_EQ(m->stat, "Sum");
		INT_EQ(m->period_s, 60);
		INT_EQ(m->unit, MC_UNIT_COUNT);
		CHECK(m->sparse);
	}
	m = mc_instance_metric(lb, "latency");
	CHECK(m != NULL);
	if (m) {
		INT_EQ(m->ndims, 2);
		STR_EQ(dim(m, 0, b, sizeof b), "LoadBalancer=app/anythingllm/50dc6c495c0c9188");
		STR_EQ(dim(m, 1, b, sizeof b),
		       "TargetGroup=targetgroup/anythingllm/6d0ecf831eec9f09");
		STR_EQ(m->stat, "p99");
		INT_EQ(m->unit, MC_UNIT_SECONDS);
		CHECK(!m->sparse);
		STR_EQ(where(&f, m->span), "stdlib/alb.yaml:97:3");
		STR_EQ(m->signal, "latency"); /* `signal:` reaches the instance */
	}
	CHECK(mc_instance_metric(lb, "consumed_lcus") &&
	      mc_instance_metric(lb, "consumed_lcus")->signal == NULL);
	CHECK(mc_instance_metric(lb, "target_5xx") && mc_instance_metric(lb, "elb_5xx"));
	CHECK(mc_instance_metric(lb, "healthy_hosts") && mc_instance_metric(lb, "unhealthy_hosts"));
	INT_EQ(lb->nmetrics, 13);
	const mc_inst_alarm *a = mc_instance_alarm(lb, "latency-p99");
	CHECK(a && a->metric == mc_instance_metric(lb, "latency"));
	CHECK(a && a->why && strstr(a->why, "AWS Recommended alarms"));
	CHECK(a && mc_node_get(a->node, "warning") != NULL);
	a = mc_instance_alarm(lb, "availability");
	CHECK(a && a->expr && !a->metric);
	if (a && a->expr)
		CHECK(strstr(a->expr->text, "IF(FILL(requests, 0) + FILL(elb_503, 0) >= 10,") ==
		      a->expr->text);
	CHECK(mc_instance_alarm(lb, "no-healthy-hosts") != NULL);
	INT_EQ(lb->nalarms, 8);
	INT_EQ(lb->nwidgets, 11);

	/* SLIs: availability as bad/total expressions, latency with its threshold bound. */
	const mc_node *slos = mc_node_get(chat, "slos");
	const mc_inst_sli *sli = mc_instance_sli(lb, "availability");
	mc_sli_bound bound;
	CHECK(sli && sli->bad);
	if (sli) {
		INT_EQ(mc_sli_bind(lb, sli, mc_node_get(slos, "availability"), MC_NO_SPAN, &f.srcs,
		                   f.arena, &f.d, &bound),
		       0);
		STR_EQ(bound.good_or_bad_expr, "FILL(target_5xx, 0) + FILL(elb_5xx, 0)");
		STR_EQ(bound.total_expr, "FILL(requests, 0) + FILL(elb_503, 0)");
	}
	sli = mc_instance_sli(lb, "latency");
	CHECK(sli && !sli->bad);
	if (sli) {
		STR_EQ(sli->good_or_bad.stat, "TC(:${threshold})");
		INT_EQ(mc_sli_bind(lb, sli, mc_node_get(slos, "latency"), MC_NO_SPAN, &f.srcs,
		                   f.arena, &f.d, &bound),
		       0);
		STR_EQ(bound.good_or_bad_stat, "TC(:2)");
		STR_EQ(bound.total_stat, "SampleCount");
		CHECK(bound.good_or_bad_metric == mc_instance_metric(lb, "latency"));
	}
	INT_EQ(f.d.nerrors, 0);

	/* ec2 with agent and spot. */
	m = mc_instance_metric(host, "memory_used");
	CHECK(m != NULL);
	if (m) {
		STR_EQ(m->ns, "CWAgent");
		STR_EQ(m->metric, "mem_used_percent");
		STR_EQ(dim(m, 0, b, sizeof b), "InstanceId=i-0123456789abcdef0");
		INT_EQ(m->unit, MC_UNIT_PERCENT);
	}
	m = mc_instance_metric(host, "disk_used");
	CHECK(m && m->ndims == 3);
	if (m && m->ndims == 3) {
		STR_EQ(dim(m, 0, b, sizeof b), "InstanceId=i-0123456789abcdef0");
		STR_EQ(dim(m, 1, b, sizeof b), "fstype=xfs");
		STR_EQ(dim(m, 2, b, sizeof b), "path=/");
	}
	m = mc_instance_metric(host, "status_check_failed_system");
	CHECK(m && strcmp(m->metric, "StatusCheckFailed_System") == 0);
	INT_EQ(host->nevents, 2);
	if (host->nevents == 2) {
		STR_EQ(host->events[0].name, "spot-interruption");
		STR_EQ(host->events[0].tier, "critical");
		STR_EQ(host->events[0].pattern,
		       "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Spot Instance "
		       "Interruption "
		       "Warning\"],\"detail\":{\"instance-id\":[\"i-0123456789abcdef0\"]}}");
		STR_EQ(host->events[1].tier, "warning");
	}
	INT_EQ(host->nremediation, 2);
	if (host->nremediation == 2) {
		STR_EQ(host->remediation[0].action, "ec2:recover");
		CHECK(host->remediation[0].requires_single_instance);
	}
	CHECK(mc_instance_alarm(host, "memory") && mc_instance_alarm(host, "status-check"));

	/* waf: the region comes from the spec; Rule=ALL; no rules, no per-rule metrics. */
	m = mc_instance_metric(waf, "blocked");
	CHECK(m && m->ndims == 3);
	if (m && m->ndims == 3) {
		STR_EQ(dim(m, 0, b, sizeof b), "Region=us-east-1");
		STR_EQ(dim(m, 1, b, sizeof b), "Rule=ALL");
		STR_EQ(dim(m, 2, b, sizeof b), "WebACL=anythingllm-acl");
	}
	INT_EQ(waf->nmetrics, 3);
	CHECK(mc_instance_alarm(waf, "blocked-spike") && mc_instance_alarm(waf, "block-rate"));
	INT_EQ(waf->nwidgets, 3);
	INT_EQ(f.d.nerrors, 0);
	if (f.d.nerrors)
		dump(&f);
	teardown(&f);
}

static void test_options(void)
{
	fixture f;
	setup(&f, NULL, NULL);
	const char *text = "resources:\n"
	                   "  lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }\n"
	                   "  host: { kind: ec2, instance: i-0123456789abcdef0 }\n"
	                   "  waf: { kind: waf, web_acl: shop, region: eu-west-1, rules: "
	                   "[AWSManagedRulesCommonRuleSet, rate-limit] }\n";
	mc_node *spec = load_spec(&f, "options.yaml", text);
	const mc_node *res = mc_node_get(spec, "resources");
	mc_subst_env env = {"shop", NULL, "eu-west-3", NULL};
	mc_instance *lb = instantiate(&f, res, "lb", "web", &env);
	mc_instance *host = instantiate(&f, res, "host", "web", &env);
	mc_instance *waf = instantiate(&f, res, "waf", "web", &env);
	INT_EQ(f.d.nerrors, 0);
	if (f.d.nerrors)
		dump(&f);
	CHECK(lb && host && waf);
	if (!lb || !host || !waf) {
		teardown(&f);
		return;
	}
	/* Without target_group: no latency metric, SLI or alarm, no host health. */
	CHECK(mc_instance_metric(lb, "latency") == NULL);
	CHECK(mc_instance_sli(lb, "latency") == NULL);
	CHECK(mc_instance_alarm(lb, "latency-p99") == NULL);
	CHECK(mc_instance_alarm(lb, "no-healthy-hosts") == NULL);
	CHECK(mc_instance_sli(lb, "availability") != NULL);
	INT_EQ(lb->nwidgets, 6);
	/* Without spot or agent. */
	INT_EQ(host->nevents, 0);
	CHECK(mc_instance_metric(host, "memory_used") == NULL);
	CHECK(mc_instance_alarm(host, "memory") == NULL);
	/* waf: region given, per-rule metrics from the list. */
	const mc_inst_metric *m = mc_instance_metric(waf, "blocked_rule_rate_limit");
	CHECK(m != NULL);
	if (m) {
		STR_EQ(m->group, "blocked_rule");
		STR_EQ(m->dims[0].value, "eu-west-1");
		STR_EQ(m->dims[1].value, "rate-limit");
	}
	CHECK(mc_instance_metric(waf, "blocked_rule_awsmanagedrulescommonruleset") != NULL);
	INT_EQ(waf->nmetrics, 5);
	INT_EQ(waf->nwidgets, 4);
	/* The built-in region when the resource gives none. */
	const mc_inst_param *region = NULL;
	for (size_t i = 0; i < waf->nparams; i++)
		if (strcmp(waf->params[i].param->name, "region") == 0)
			region = &waf->params[i];
	CHECK(region && !region->from_default && strcmp(region->text, "eu-west-1") == 0);
	teardown(&f);
}

static void test_param_errors(void)
{
	fixture f;
	setup(&f, NULL, NULL);
	const char *text =
	        "resources:\n"
	        "  lb: { kind: alb, load_balancer: app/shop/0123456789abcdef, min_request: 20 }\n"
	        "  host: { kind: ec2, agent: true }\n"
	        "  lb2: { kind: alb, load_balancer: shop }\n"
	        "  host2: { kind: ec2, instance: i-0123456789abcdef0, spot: \"yes\" }\n";
	mc_node *spec = load_spec(&f, "spec.yaml", text);
	const mc_node *res = mc_node_get(spec, "resources");
	mc_subst_env env = {"shop", NULL, "eu-west-1", NULL};
	CHECK(instantiate(&f, res, "lb", "web", &env) == NULL);
	CHECK(instantiate(&f, res, "host", "web", &env) == NULL);
	CHECK(instantiate(&f, res, "lb2", "web", &env) == NULL);
	CHECK(instantiate(&f, res, "host2", "web", &env) == NULL);
	INT_EQ(f.d.nerrors, 4);

	const mc_diag *g = find_diag(&f, MC_E0304);
	CHECK(g != NULL);
	if (g) {
		STR_EQ(g->message, "kind `alb` has no parameter `min_request`");
		STR_EQ(where(&f, g->labels[0].span), "spec.yaml:2:62");
		STR_EQ(g->help, "did you mean `min_requests`?");
		INT_EQ(g->nlabels, 2);
		STR_EQ(span_text(&f, g->labels[1].span), "min_requests");
		CHECK(strstr(where(&f, g->labels[1].span), "stdlib/alb.yaml:") != NULL);
	}
	g = find_diag(&f, MC_E0305);
	CHECK(g != NULL);
	if (g) {
		STR_EQ(g->message, "resource `host` of kind `ec2` needs parameter `instance`");
		STR_EQ(where(&f, g->labels[0].span), "spec.yaml:3:3");
		STR_EQ(g->labels[0].text, "`instance` is missing");
		INT_EQ(g->nlabels, 2);
		STR_EQ(span_text(&f, g->labels[1].span), "instance");
		INT_EQ(g->nnotes, 1);
	}
	g = find_diag(&f, MC_E0307);
	CHECK(g != NULL);
	if (g) {
		STR_EQ(g->message,
		       "parameter `load_balancer` of kind `alb` does not match its pattern");
		STR_EQ(span_text(&f, g->labels[0].span), "shop");
		STR_EQ(g->labels[0].text,
		       "expected a value matching `^app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$`");
		INT_EQ(g->nlabels, 2);
		CHECK(strstr(where(&f, g->labels[1].span), "stdlib/alb.yaml:") != NULL);
		CHECK(g->nnotes == 1 && strstr(g->notes[0], "`load_balancer`: ") == g->notes[0]);
	}
	g = find_diag(&f, MC_E0306);
	CHECK(g != NULL);
	if (g) {
		STR_EQ(g->message, "parameter `spot` of kind `ec2` must be of type `bool`");
		STR_EQ(g->labels[0].text, "expected `true` or `false`, found a string");
	}

	/* An SLO without the threshold its SLI needs; one with a threshold its SLI ignores. */
	const char *text2 = "lb: { kind: alb, load_balancer: app/shop/0123456789abcdef,\n"
	                    "      target_group: targetgroup/shop/0123456789abcdef }\n"
	                    "slo1: { objective: 99%, sli: lb.latency }\n"
	                    "slo2: { objective: 99%, sli: lb.availability, threshold: 2s }\n"
	                    "slo3: { objective: 99%, sli: lb.latency, threshold: fast }\n";
	mc_node *spec2 = load_spec(&f, "slo.yaml", text2);
	mc_instance *lb = instantiate(&f, spec2, "lb", "web", &env);
	CHECK(lb != NULL);
	if (lb) {
		unsigned e0 = f.d.nerrors;
		mc_sli_bound bound;
		const mc_node *slo1 = mc_node_get(spec2, "slo1");
		CHECK(mc_sli_bind(lb, mc_instance_sli(lb, "latency"), slo1, slo1->span, &f.srcs,
		                  f.arena, &f.d, &bound) < 0);
		CHECK(mc_sli_bind(lb, mc_instance_sli(lb, "availability"),
		                  mc_node_get(spec2, "slo2"), MC_NO_SPAN, &f.srcs, f.arena, &f.d,
		                  &bound) < 0);
		CHECK(mc_sli_bind(lb, mc_instance_sli(lb, "latency"), mc_node_get(spec2, "slo3"),
		                  MC_NO_SPAN, &f.srcs, f.arena, &f.d, &bound) < 0);
		INT_EQ(f.d.nerrors - e0, 3);
		CHECK(f.d.len >= 3 && f.d.v[f.d.len - 3]->code == MC_E0305);
		CHECK(f.d.len >= 2 && f.d.v[f.d.len - 2]->code == MC_E0304);
		CHECK(f.d.len >= 1 && f.d.v[f.d.len - 1]->code == MC_E0306);
	}

	/* An unknown kind, with a suggestion and the list. */
	mc_node *kind = load_spec(&f, "kind.yaml", "kind: albb\n");
	mc_templates_report_unknown(f.ts, mc_node_get(kind, "kind"), &f.d);
	g = f.d.v[f.d.len - 1];
	INT_EQ(g->code, MC_E0300);
	STR_EQ(g->message, "unknown kind `albb`");
	STR_EQ(g->help, "did you mean `alb`?");
	STR_EQ(g->notes[0], "the kinds are `acm-certificate`, `alb`, `anythingllm`, `asg`, `billing`, `cloudtrail-security`, "
	                    "`ec2`, `guardduty`, `logs`, `target-group`, `waf`");
	teardown(&f);
}

/* Writes text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (!fp)
		return;
	fputs(text, fp);
	fclose(fp);
}

static void remove_file(const char *dir, const char *name)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

static const char queue_template[] =
        "template: 1\n"
        "kind: queue\n"
        "parameters:\n"
        "  queue: { type: string, required: true, description: The queue's name. }\n"
        "  dlq: { type: string, description: The dead-letter queue. }\n"
        "metrics:\n"
        "  depth: { namespace: AWS/SQS, name: ApproximateNumberOfMessagesVisible,\n"
        "           dimensions: { QueueName: \"${queue}\" }, stat: Maximum, period: 1m,\n"
        "           description: \"Messages waiting in `${resource}`.\" }\n"
        "  dead: { when: dlq, namespace: AWS/SQS, name: ApproximateNumberOfMessagesVisible,\n"
        "          dimensions: { QueueName: \"${dlq}\" }, stat: Maximum, description: Dead. }\n"
        "alarms:\n"
        "  dead-letters:\n"
        "    metric: dead\n"
        "    warning: \">= 1 for 1 of 1\"\n"
        "    description: Messages failed.\n"
        "    why: Any dead letter is a lost job.\n";

static void test_local_templates(void)
{
	char dir[] = "/tmp/moncc-test-template-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	write_file(dir, "queue.yaml", queue_template);
	write_file(
	        dir, "bad.yaml",
	        "template: 1\n"
	        "kind: bad\n"
	        "parameters:\n"
	        "  name: { type: string, required: true, description: A name. }\n"
	        "metrics:\n"
	        "  m: { namespace: X, name: Y, dimensions: { N: \"${nmae}\" }, description: M. }\n"
	        "  n: { namespace: X, name: \"${name\", description: N. }\n");
	write_file(dir, "alb.yaml", "template: 1\nkind: alb\n");

	fixture f;
	const char *spec_text = "imports:\n"
	                        "  - queue.yaml\n"
	                        "  - bad.yaml\n"
	                        "  - alb.yaml\n"
	                        "  - missing.yaml\n"
	                        "services:\n"
	                        "  jobs:\n"
	                        "    resources:\n"
	                        "      work: { kind: queue, queue: work }\n";
	memset(&f, 0, sizeof f);
	f.arena = mc_arena_new();
	mc_sources_init(&f.srcs);
	mc_diags_init(&f.d, f.arena);
	mc_load_limits_default(&f.lim);
	mc_node *spec = load_spec(&f, "monitoring.yaml", spec_text);
	f.ts = mc_templates_load(&f.srcs, dir, mc_node_get(spec, "imports"), &f.lim, f.arena, &f.d);

	/* bad.yaml: `${nmae}` and `${name` are reported at load, exactly. */
	const mc_diag *g = find_diag(&f, MC_E0303);
	CHECK(g != NULL);
	if (g) {
		STR_EQ(g->message, "unknown variable `nmae` in template `bad`");
		STR_EQ(span_text(&f, g->labels[0].span), "nmae");
		CHECK(strstr(where(&f, g->labels[0].span), "/bad.yaml:6:51") != NULL);
		STR_EQ(g->help, "did you mean `name`?");
	}
	g = find_diag(&f, MC_E0309);
	CHECK(g != NULL);
	if (g)
		STR_EQ(span_text(&f, g->labels[0].span), "${name");
	CHECK(mc_templates_find(f.ts, "bad") == NULL);
	/* A resource of the broken kind gets no second error. */
	unsigned before = f.d.nerrors;
	mc_node *badkind = load_spec(&f, "kind.yaml", "kind: bad\n");
	mc_templates_report_unknown(f.ts, mc_node_get(badkind, "kind"), &f.d);
	INT_EQ(f.d.nerrors, before);

	/* alb.yaml: defined twice, with both spans. */
	g = find_diag(&f, MC_E0302);
	CHECK(g != NULL);
	if (g) {
		STR_EQ(g->message, "kind `alb` is defined twice");
		CHECK(strstr(where(&f, g->labels[0].span), "/alb.yaml:2:7") != NULL);
		INT_EQ(g->nlabels, 2);
		STR_EQ(where(&f, g->labels[1].span), "stdlib/alb.yaml:4:7");
	}
	CHECK(mc_templates_find(f.ts, "alb") && mc_templates_find(f.ts, "alb")->stdlib);

	/* missing.yaml: at the import. */
	g = find_diag(&f, MC_E0301);
	CHECK(g != NULL);
	if (g) {
		STR_EQ(where(&f, g->labels[0].span), "monitoring.yaml:5:5");
		STR_EQ(g->labels[0].text, "imported here");
	}
	INT_EQ(f.d.nerrors, 4);
	if (f.d.nerrors != 4)
		dump(&f);

	/* queue.yaml loads; instantiated without `dlq`, its alarm uses a metric that is off:
	 * reported at the template line and at the spec line that instantiated it. */
	const mc_template *queue = mc_templates_find(f.ts, "queue");
	CHECK(queue != NULL);
	if (queue) {
		CHECK(queue->params.v[0].used && queue->params.v[1].used);
		const mc_node *res =
		        mc_node_get(mc_node_get(mc_node_get(mc_node_get(spec, "services"), "jobs"),
		                                "resources"),
		                    "work");
		mc_pair *key = mc_node_get_pair(
		        mc_node_get(mc_node_get(mc_node_get(spec, "services"), "jobs"),
		                    "resources"),
		        "work");
		mc_subst_env env = {"shop", "prod", "eu-west-1", NULL};
		unsigned e0 = f.d.nerrors;
		mc_instance *in = mc_template_instantiate(queue, key->key, res, "jobs", &env,
		                                          &f.srcs, f.arena, &f.d);
		CHECK(in != NULL);
		INT_EQ(f.d.nerrors - e0, 1);
		g = f.d.v[f.d.len - 1];
		INT_EQ(g->code, MC_E0310);
		STR_EQ(g->message,
		       "alarm `dead-letters` of kind `queue` uses metric `dead`, which is "
		       "off for resource `work`");
		CHECK(strstr(where(&f, g->labels[0].span), "/queue.yaml:14:13") != NULL);
		STR_EQ(g->labels[0].text, "`dead` has `when: dlq`");
		INT_EQ(g->nlabels, 2);
		STR_EQ(where(&f, g->labels[1].span), "monitoring.yaml:9:21");
		STR_EQ(g->labels[1].text, "instantiated here");
		if (in) {
			const mc_inst_metric *m = mc_instance_metric(in, "depth");
			CHECK(m && strcmp(m->description, "Messages waiting in `work`.") == 0);
			CHECK(m && strcmp(m->dims[0].value, "work") == 0);
		}
	}
	teardown(&f);
	remove_file(dir, "queue.yaml");
	remove_file(dir, "bad.yaml");
	remove_file(dir, "alb.yaml");
	rmdir(dir);
}

static bool look(void *ctx, const char *name, size_t len, mc_tsubst_value *out)
{
	const mc_node *list = ctx;
	if (len == 1 && name[0] == 'a') {
		out->text = "A";
		return true;
	}
	if (len == 4 && memcmp(name, "list", 4) == 0) {
		out->text = "x,y";
		out->list = list;
		return true;
	}
	return false;
}

static void test_subst(void)
{
	fixture f;
	memset(&f, 0, sizeof f);
	f.arena = mc_arena_new();
	mc_sources_init(&f.srcs);
	mc_diags_init(&f.d, f.arena);
	mc_load_limits_default(&f.lim);
	mc_node *doc = load_spec(&f, "s.yaml",
	                         "list: [x, y]\n"
	                         "p: { k: [\"${list}\", z], s: \"${a}-${list}-$${a}\", n: 1.5 }\n");
	const mc_node *list = mc_node_get(doc, "list");
	bool kept = false;
	const char *s = mc_tsubst_string("${a}$${a}${b}", 13, look, (void *)list, f.arena, &kept);
	STR_EQ(s, "A$${a}${b}");
	CHECK(kept);
	s = mc_tsubst_string("${a}$${a}$ {", 12, look, (void *)list, f.arena, &kept);
	STR_EQ(s, "A${a}$ {");
	CHECK(!kept);
	const mc_node *p = mc_tsubst_node(mc_node_get(doc, "p"), look, (void *)list, f.arena);
	STR_EQ(mc_tjson_compact(p, f.arena), "{\"k\":[\"x\",\"y\",\"z\"],\"s\":\"A-x,y-${a}\","
	                                     "\"n\":1.5}");
	/* Nothing to substitute: the very same node comes back. */
	const mc_node *list2 = mc_tsubst_node(list, look, (void *)list, f.arena);
	CHECK(list2 == list);
	mc_diags_release(&f.d);
	mc_sources_release(&f.srcs);
	mc_arena_free(f.arena);
}

/* Template bugs in declarations, and values that go wrong only once substituted. */
static void test_template_bugs(void)
{
	fixture f;
	setup(&f, NULL, NULL);
	const char *bad_decl =
	        "template: 1\n"
	        "kind: decl\n"
	        "parameters:\n"
	        "  n: { type: integer, default: ten, description: N. }\n"
	        "  p: { type: string, pattern: '(', description: P. }\n"
	        "  b: { type: bool, pattern: x, description: B. }\n"
	        "  r: { type: string, required: true, default: x, description: R. }\n"
	        "metrics:\n"
	        "  m: { for_each: n, namespace: X, name: Y, description: M. }\n";
	unsigned e0 = f.d.nerrors;
	CHECK(mc_template_load_buffer(&f.srcs, "decl.yaml", bad_decl, strlen(bad_decl), &f.lim,
	                              f.arena, &f.d) == NULL);
	INT_EQ(f.d.nerrors - e0, 5);
	size_t n308 = 0;
	for (size_t i = 0; i < f.d.len; i++)
		n308 += f.d.v[i]->code == MC_E0308;
	INT_EQ(n308, 4);
	const mc_diag *g = find_diag(&f, MC_E0303);
	CHECK(g && strcmp(g->labels[0].text, "a parameter of type `integer`, not `list`") == 0);

	const char *late = "template: 1\n"
	                   "kind: late\n"
	                   "parameters:\n"
	                   "  period: { type: string, default: 1m, description: The period. }\n"
	                   "  op: { type: string, default: \">\", description: The operator. }\n"
	                   "metrics:\n"
	                   "  depth: { namespace: X, name: Y, period: \"${period}\",\n"
	                   "           description: D. }\n"
	                   "alarms:\n"
	                   "  high: { expr: \"depth ${op} 3\", warning: \"> 1 for 1 of 1\",\n"
	                   "          description: H., why: W. }\n";
	mc_template *t = mc_template_load_buffer(&f.srcs, "late.yaml", late, strlen(late), &f.lim,
	                                         f.arena, &f.d);
	CHECK(t != NULL);
	mc_node *spec = load_spec(&f, "late-spec.yaml",
	                          "ok: { kind: late }\n"
	                          "bad: { kind: late, period: soon, op: \"+ +\" }\n");
	mc_subst_env env = {"p", NULL, "eu-west-1", NULL};
	if (t) {
		e0 = f.d.nerrors;
		mc_pair *ok = mc_node_get_pair(spec, "ok");
		mc_instance *in = mc_template_instantiate(t, ok->key, ok->value, "s", &env, &f.srcs,
		                                          f.arena, &f.d);
		INT_EQ(f.d.nerrors - e0, 0);
		CHECK(in && in->metrics[0].period_s == 60);
		mc_pair *bad = mc_node_get_pair(spec, "bad");
		in = mc_template_instantiate(t, bad->key, bad->value, "s", &env, &f.srcs, f.arena,
		                             &f.d);
		CHECK(in != NULL);
		INT_EQ(f.d.nerrors - e0, 2);
		g = find_diag(&f, MC_E0311);
		CHECK(g != NULL);
		if (g) {
			STR_EQ(g->message,
			       "`period` of metric `depth` is `soon` after substitution, "
			       "which is not a duration");
			STR_EQ(where(&f, g->labels[0].span), "late.yaml:7:43");
			CHECK(g->nlabels == 2 &&
			      strcmp(where(&f, g->labels[1].span), "late-spec.yaml:2:14") == 0);
		}
		/* The expression parser's own error, moved with "instantiated here". */
		g = find_diag(&f, MC_E0210);
		CHECK(g != NULL);
		if (g) {
			CHECK(strstr(where(&f, g->labels[0].span), "late.yaml:10:") != NULL);
			CHECK(g->nlabels >= 2 &&
			      strcmp(g->labels[g->nlabels - 1].text, "instantiated here") == 0);
		}
		mc_template_release(t);
	}
	teardown(&f);
}

/*
 * Composition: the stdlib's `anythingllm` is linked to its sub-kinds; an instance gets its
 * kept sub-resources named `PARENT-NAME`, with parameters passed on typed (`spot`) or left
 * unset (the sub-kind's default applies); `SUB.METRIC` finds a sub-resource's metric; the
 * flattened list is the parent, then its subs depth first.
 */
static void test_composition(void)
{
	fixture f;
	setup(&f, NULL, NULL);
	const mc_template *t = mc_templates_find(f.ts, "anythingllm");
	CHECK(t != NULL && t->resources != NULL && t->subs != NULL);
	if (!t || !t->subs) {
		teardown(&f);
		return;
	}
	STR_EQ(t->subs[0]->kind, "alb");
	mc_node *spec = load_spec(&f, "compose.yaml",
	                          "resources:\n"
	                          "  app:\n"
	                          "    kind: anythingllm\n"
	                          "    load_balancer: app/anythingllm/50dc6c495c0c9188\n"
	                          "    tg_stream: targetgroup/allm-stream/6d0ecf831eec9f0b\n"
	                          "    instance: i-0123456789abcdef0\n"
	                          "    spot: false\n");
	mc_subst_env env = {"chat", "", "eu-west-1", NULL};
	mc_instance *in = instantiate(&f, mc_node_get(spec, "resources"), "app", "assistant", &env);
	INT_EQ(f.d.nerrors, 0);
	if (f.d.nerrors)
		dump(&f);
	CHECK(in != NULL);
	if (!in) {
		teardown(&f);
		return;
	}
	/* lb, stream and host: the other classes, and the waf, have no parameter. */
	INT_EQ(in->nsubs, 3);
	size_t n = 0;
	mc_instance **all = mc_instance_flatten(in, f.arena, &n);
	INT_EQ(n, 4);
	if (n == 4) {
		STR_EQ(all[0]->resource, "app");
		STR_EQ(all[1]->resource, "app-lb");
		STR_EQ(all[2]->resource, "app-stream");
		STR_EQ(all[3]->resource, "app-host");
		CHECK(all[3]->parent == in);
		STR_EQ(all[3]->local, "host");
		/* `spot: false` passed on typed: no Spot rules. */
		INT_EQ(all[3]->nevents, 0);
		/* A streaming target group has no latency metric. */
		CHECK(mc_instance_metric(all[2], "latency") == NULL);
		/* `target_group` unset in the parent: the alb's own target-group items are off. */
		CHECK(mc_instance_metric(all[1], "healthy_hosts") == NULL);
	}
	const mc_inst_metric *m = mc_instance_metric(in, "lb.requests");
	CHECK(m != NULL);
	if (m)
		STR_EQ(m->metric, "RequestCount");
	CHECK(mc_instance_metric(in, "lb.nothing") == NULL);
	CHECK(mc_instance_metric(in, "nosub.requests") == NULL);
	/* No log group: none of the log-derived items. */
	INT_EQ(in->nlog_filters, 0);
	CHECK(mc_instance_alarm(in, "disk-days-to-full") != NULL);
	CHECK(mc_instance_alarm(in, "failed-logins") == NULL);
	teardown(&f);
}

/*
 * Imports from memory (the fuzz target's way): the i-th entry reads the i-th buffer, under
 * its import path; a composed local kind links to its sub-kind; an entry without a buffer is
 * E0301 at that entry.
 */
static void test_imports_from_memory(void)
{
	fixture f;
	memset(&f, 0, sizeof f);
	f.arena = mc_arena_new();
	mc_sources_init(&f.srcs);
	mc_diags_init(&f.d, f.arena);
	mc_load_limits_default(&f.lim);
	mc_node *spec = load_spec(&f, "spec.yaml",
	                          "imports:\n"
	                          "  - ./templates/pair.yaml\n"
	                          "  - templates/one.yaml\n"
	                          "  - templates/missing.yaml\n");
	static const char pair[] = "template: 1\n"
	                           "kind: pair\n"
	                           "title: Two queues\n"
	                           "description: A queue, composed.\n"
	                           "parameters:\n"
	                           "  queue: { type: string, required: true, description: Q. }\n"
	                           "resources:\n"
	                           "  a: { kind: one, name: \"${queue}\" }\n";
	static const char one[] = "template: 1\n"
	                          "kind: one\n"
	                          "title: One queue\n"
	                          "description: A queue.\n"
	                          "parameters:\n"
	                          "  name: { type: string, required: true, description: Q. }\n"
	                          "metrics:\n"
	                          "  depth:\n"
	                          "    namespace: AWS/SQS\n"
	                          "    name: ApproximateNumberOfMessagesVisible\n"
	                          "    dimensions: { QueueName: \"${name}\" }\n"
	                          "    stat: Maximum\n"
	                          "    unit: count\n"
	                          "    description: Messages waiting.\n";
	mc_template_bytes files[] = {{pair, sizeof pair - 1}, {one, sizeof one - 1}};
	f.ts = mc_templates_load_memory(&f.srcs, mc_node_get(spec, "imports"), files, 2, &f.lim,
	                                f.arena, &f.d);
	const mc_template *t = mc_templates_find(f.ts, "pair");
	CHECK(t != NULL && t->subs != NULL);
	if (t && t->subs) {
		STR_EQ(t->subs[0]->kind, "one");
		STR_EQ(mc_sources_get(&f.srcs, t->file)->path, "templates/pair.yaml");
	}
	INT_EQ(f.d.nerrors, 1);
	const mc_diag *g = find_diag(&f, MC_E0301);
	CHECK(g != NULL);
	if (g)
		STR_EQ(where(&f, g->labels[0].span), "spec.yaml:4:5");
	if (f.d.nerrors != 1)
		dump(&f);
	teardown(&f);
}

/*
 * A log group that a parameter makes invalid (found by the fuzzer: it reached the IR and
 * failed mc_ir_verify): E0311 at the template's `log_group`, and the filter and the query
 * lose it, so nothing downstream sees it.
 */
static void test_log_group_after_substitution(void)
{
	fixture f;
	memset(&f, 0, sizeof f);
	f.arena = mc_arena_new();
	mc_sources_init(&f.srcs);
	mc_diags_init(&f.d, f.arena);
	mc_load_limits_default(&f.lim);
	mc_node *spec = load_spec(&f, "spec.yaml",
	                          "imports: [templates/applog.yaml]\n"
	                          "resources:\n"
	                          "  bad: { kind: applog, log_group: /app/with space }\n"
	                          "  good: { kind: applog, log_group: /app/ok_#1 }\n");
	static const char applog[] =
	        "template: 1\n"
	        "kind: applog\n"
	        "title: Application log\n"
	        "description: Its log.\n"
	        "parameters:\n"
	        "  log_group: { type: string, required: true, description: The group. }\n"
	        "log_filters:\n"
	        "  chats: { log_group: \"${log_group}\", pattern: sent_chat, metric: Chats }\n"
	        "queries:\n"
	        "  recent:\n"
	        "    description: The latest lines.\n"
	        "    log_groups: [\"${log_group}\"]\n"
	        "    query: fields @message | limit 20\n";
	mc_template_bytes files[] = {{applog, sizeof applog - 1}};
	f.ts = mc_templates_load_memory(&f.srcs, mc_node_get(spec, "imports"), files, 1, &f.lim,
	                                f.arena, &f.d);
	INT_EQ(f.d.nerrors, 0);
	mc_subst_env env = {"shop", "", "eu-west-1", NULL};
	const mc_node *resources = mc_node_get(spec, "resources");
	mc_instance *good = instantiate(&f, resources, "good", "web", &env);
	INT_EQ(f.d.nerrors, 0);
	if (good && good->nlog_filters == 1 && good->nqueries == 1) {
		STR_EQ(good->log_filters[0].log_group, "/app/ok_#1");
		INT_EQ(good->queries[0].nlog_groups, 1);
	} else {
		CHECK(!"the good instance has its filter and query");
	}
	mc_instance *bad = instantiate(&f, resources, "bad", "web", &env);
	INT_EQ(f.d.nerrors, 2);
	const mc_diag *g = find_diag(&f, MC_E0311);
	CHECK(g != NULL);
	if (g) {
		STR_EQ(g->message, "log group of log filter `chats` is `/app/with space` after "
		                   "substitution, which is not a log group name");
		STR_EQ(where(&f, g->labels[0].span), "templates/applog.yaml:8:23");
	}
	if (bad && bad->nlog_filters == 1 && bad->nqueries == 1) {
		CHECK(bad->log_filters[0].log_group == NULL);
		INT_EQ(bad->queries[0].nlog_groups, 0);
	} else {
		CHECK(!"the bad instance keeps its filter and query, without the group");
	}
	if (f.d.nerrors != 2)
		dump(&f);
	teardown(&f);
}

/* A scaling policy's group over AWS's 255 characters after substitution: E0311. */
static void test_scaling_group_too_long(void)
{
	fixture f;
	memset(&f, 0, sizeof f);
	f.arena = mc_arena_new();
	mc_sources_init(&f.srcs);
	mc_diags_init(&f.d, f.arena);
	mc_load_limits_default(&f.lim);
	mc_buf spec_text = MC_BUF_INIT;
	mc_buf_puts(&spec_text, "imports: [templates/workers.yaml]\nresources:\n  pool:\n"
	                        "    kind: workers\n    group: ");
	for (int i = 0; i < 256; i++)
		mc_buf_putc(&spec_text, 'g');
	mc_buf_puts(&spec_text, "\n");
	mc_node *spec = mc_load_yaml_buffer(&f.srcs, "spec.yaml", spec_text.p, spec_text.len,
	                                    &f.lim, f.arena, &f.d);
	mc_buf_release(&spec_text);
	static const char workers[] =
	        "template: 1\n"
	        "kind: workers\n"
	        "title: Worker pool\n"
	        "description: Workers.\n"
	        "parameters:\n"
	        "  group: { type: string, required: true, description: The group. }\n"
	        "remediation:\n"
	        "  scale:grow:\n"
	        "    description: Adds two workers.\n"
	        "    policy: { group: \"${group}\", adjustment: \"+2\" }\n";
	mc_template_bytes files[] = {{workers, sizeof workers - 1}};
	f.ts = mc_templates_load_memory(&f.srcs, mc_node_get(spec, "imports"), files, 1, &f.lim,
	                                f.arena, &f.d);
	INT_EQ(f.d.nerrors, 0);
	mc_subst_env env = {"shop", "", "eu-west-1", NULL};
	instantiate(&f, mc_node_get(spec, "resources"), "pool", "jobs", &env);
	INT_EQ(f.d.nerrors, 1);
	const mc_diag *g = find_diag(&f, MC_E0311);
	CHECK(g != NULL);
	if (g)
		STR_EQ(g->message, "`group` of scaling policy `scale:grow` is over 255 characters "
		                   "after substitution");
	if (f.d.nerrors != 1)
		dump(&f);
	teardown(&f);
}

/* A scaling policy's `adjustment`: a sign, a whole number, an optional `%`. */
static void test_scaling_adjustment(void)
{
	int32_t v = 7;
	bool pct = true;
	INT_EQ(mc_scaling_adjustment_parse("+1", 2, &v, &pct), 0);
	INT_EQ(v, 1);
	CHECK(!pct);
	INT_EQ(mc_scaling_adjustment_parse("-20%", 4, &v, &pct), 0);
	INT_EQ(v, -20);
	CHECK(pct);
	INT_EQ(mc_scaling_adjustment_parse("+100000", 7, &v, &pct), 0);
	INT_EQ(v, 100000);
	INT_EQ(mc_scaling_adjustment_parse("-100%", 5, &v, &pct), 0);
	INT_EQ(v, -100);
	static const char *const bad[] = {"1",   "+",    "+%",      "+0",   "-0%", "+1.5",
	                                  "++1", "+1%%", "+100001", "-101%", "+ 1", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 7;
		INT_EQ(mc_scaling_adjustment_parse(bad[i], strlen(bad[i]), &v, &pct), -1);
		INT_EQ(v, 7); /* untouched */
	}
}

int main(void)
{
	find_root();
	test_scaling_adjustment();
	test_stdlib_loads();
	test_contract_example();
	test_options();
	test_param_errors();
	test_local_templates();
	test_template_bugs();
	test_subst();
	test_composition();
	test_imports_from_memory();
	test_log_group_after_substitution();
	test_scaling_group_too_long();
	mc_schema_template_release();
	mc_schema_spec_release();
	return harness_done();
}
