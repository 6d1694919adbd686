/*
 * Unit tests of the runbook emitter (compiler/emit/emit_runbooks*.c, emit_md.c) and of lint
 * rule W0012.
 *
 *   - GitHub's anchor rules: slugs of headings and github-slugger's numbering of repeats;
 *   - Markdown escaping of user text (code spans kept, `|` in cells) and the headings found
 *     inside runbook bodies (ATX, setext, not in fenced code);
 *   - both documents of a small hand-built IR against pinned files in
 *     tests/unit/data/runbooks-*.md (MONCC_BLESS=1 rewrites them), twice (determinism),
 *     and through the real mc_outputs (the paths and bytes a build writes);
 *   - on both contract examples and every golden spec: one section per runbook entry whose
 *     heading's anchor, counted over the whole document as GitHub does, is the entry's id,
 *     and every alarm's runbook link names such a section;
 *   - W0012 on a heading in a runbook body that takes a section's anchor (real pipeline) and
 *     on a title whose slug is not its id (hand-built IR); quiet on the examples.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "diag/diag.h"
#include "driver/check.h"
#include "emit/emit_common.h"
#include "emit/emit_runbooks.h"
#include "emit/out.h"
#include "lint/lint.h"
#include "harness.h"

static char root[4096];

static void find_root(void)
{
	const char *self = __FILE__;
	const char *cut = strstr(self, "tests/unit/test_emit_runbooks.c");
	size_t n = cut ? (size_t)(cut - self) : 0;
	snprintf(root, sizeof root, "%.*s", (int)n, self);
}

/* ---- slugs, anchors, escaping ---- */

static const char *slug(const char *t)
{
	static mc_buf b;
	mc_buf_clear(&b);
	mc_md_slug(t, &b);
	return mc_buf_str(&b);
}

static void test_slug(void)
{
	STR_EQ(slug("chat: memory"), "chat-memory");
	STR_EQ(slug("chat: lb latency-p99"), "chat-lb-latency-p99");
	STR_EQ(slug("chat: availability SLO"), "chat-availability-slo");
	STR_EQ(slug("Hello, World!"), "hello-world");
	STR_EQ(slug("  Trim me  "), "trim-me");
	STR_EQ(slug("a  b"), "a--b");
	STR_EQ(slug("C++ & Rust"), "c--rust");
	STR_EQ(slug("snake_case and-dash"), "snake_case-and-dash");
	STR_EQ(slug("`code` span (1.5s) 100%"), "code-span-15s-100");
	STR_EQ(slug("Größe"), "größe"); /* letters of other scripts stay */
	STR_EQ(slug("a/b.c:d"), "abcd");
	STR_EQ(slug(""), "");
}

static void test_anchor_numbering(void)
{
	/* github-slugger: repeats count from the base, skipping anchors already taken. */
	mc_md md;
	mc_md_init(&md, NULL, NULL, true);
	STR_EQ(mc_md_anchor(&md, "x"), "x");
	STR_EQ(mc_md_anchor(&md, "x"), "x-1");
	STR_EQ(mc_md_anchor(&md, "x-1"), "x-1-1");
	STR_EQ(mc_md_anchor(&md, "x"), "x-2");
	STR_EQ(mc_md_anchor(&md, "y"), "y");
	/* Many anchors: the table grows and keeps every one. */
	char key[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		mc_md_anchor(&md, key);
	}
	STR_EQ(mc_md_anchor(&md, "k4999"), "k4999-1");
	STR_EQ(mc_md_anchor(&md, "x"), "x-3");
	STR_EQ(mc_md_heading(&md, 2, "Y"), "y-1");
	INT_EQ(md.buf.len, 0); /* a dry run writes nothing */
	mc_md_release(&md);
}

static const char *text_of(void (*fn)(mc_md *, const char *), const char *s)
{
	static mc_buf keep;
	mc_md md;
	mc_md_init(&md, NULL, NULL, false);
	fn(&md, s);
	mc_buf_clear(&keep);
	mc_buf_puts(&keep, mc_buf_str(&md.buf));
	mc_md_release(&md);
	return mc_buf_str(&keep);
}

static void test_escape(void)
{
	STR_EQ(text_of(mc_md_text, "a*b [c] <d> `x*y|z` snake_case _lead $5"),
	       "a\\*b \\[c\\] \\<d> `x*y|z` snake_case \\_lead \\$5");
	STR_EQ(text_of(mc_md_text, "host_memory_used > 80%"), "host_memory_used > 80%");
	STR_EQ(text_of(mc_md_text, "# not a heading"), "\\# not a heading");
	STR_EQ(text_of(mc_md_text, "> quoted"), "\\> quoted");
	STR_EQ(text_of(mc_md_text, "1. first"), "1\\. first");
	STR_EQ(text_of(mc_md_text, "two\nlines"), "two lines");
	STR_EQ(text_of(mc_md_text, "an ` alone"), "an \\` alone");
	STR_EQ(text_of(mc_md_text, "&amp; & more"), "\\&amp; & more");
	STR_EQ(text_of(mc_md_cell, "a|b `c|d`"), "a\\|b `c\\|d`");
	STR_EQ(text_of(mc_md_code, "plain"), "`plain`");
	STR_EQ(text_of(mc_md_code, "a`b"), "``a`b``");
	STR_EQ(text_of(mc_md_code, "`x"), "`` `x ``");
}

static void test_block_headings(void)
{
	mc_md md;
	mc_md_init(&md, NULL, NULL, false);
	mc_md_block(&md, "intro\n\n## Foo ##\n```\n# not a heading\n```\nBar\n---\n"
	                 "- item\n---\n~~~~\n## Nor this\n~~~~\n    # indented code\nno newline");
	CHECK(md.buf.len > 0 && md.buf.p[md.buf.len - 1] == '\n');
	STR_EQ(mc_md_heading(&md, 2, "Foo"), "foo-1");
	STR_EQ(mc_md_heading(&md, 2, "Bar"), "bar-1");
	STR_EQ(mc_md_heading(&md, 2, "not a heading"), "not-a-heading");
	STR_EQ(mc_md_heading(&md, 2, "Nor this"), "nor-this");
	STR_EQ(mc_md_heading(&md, 2, "item"), "item");
	STR_EQ(mc_md_heading(&md, 2, "indented code"), "indented-code");
	/* A fence the body leaves open is closed, so the next section is not code. */
	mc_buf_clear(&md.buf);
	mc_md_block(&md, "```sh\necho\n## inside");
	STR_EQ(mc_buf_str(&md.buf), "```sh\necho\n## inside\n\n```\n");
	STR_EQ(mc_md_heading(&md, 2, "inside"), "inside");
	mc_md_release(&md);
}

/* ---- a small IR ---- */

static const char *pager[] = {"topic/pager"};
static const char *lead[] = {"topic/lead"};
static const char *team[] = {"topic/team"};

static struct mc_ir_subscription pager_subs[] = {
        {.protocol = "email", .endpoint = "oncall@example.com"},
        {.protocol = "https", .endpoint = "https://events.example/abc"},
};
static mc_ir_topic topics[] = {
        {.id = "topic/lead", .target = "lead", .name = "shop-prod-lead"},
        {.id = "topic/pager", .target = "pager", .name = "shop-prod-pager",
         .subscriptions = pager_subs, .nsubscriptions = 2},
        {.id = "topic/team", .target = "team", .name = "shop-prod-team",
         .existing_arn = "arn:aws:sns:eu-west-1:111122223333:team"},
};

static mc_ir_tier tiers[] = {
        {.name = "critical", .rank = 0, .respond_within_s = 900, .topics = pager, .ntopics = 1,
         .escalate_after_s = 1800, .escalate_topics = lead, .nescalate_topics = 1},
        {.name = "warning", .rank = 1, .respond_within_s = 14400, .topics = team, .ntopics = 1},
        {.name = "minor", .rank = 2, .description = "Worth a look | *some* day"},
};

static struct mc_ir_resource res[] = {{.name = "lb", .kind = "alb"},
                                      {.name = "host", .kind = "ec2"}};
static mc_ir_service services[] = {
        {.name = "web", .title = "Web shop", .owner = "shop-team",
         .description = "The *public* storefront.", .resources = res, .nresources = 2},
};

static mc_ir_dim lb_dims[] = {{"LoadBalancer", "app/shop/50dc6c495c0c9188"}};
static mc_ir_metric requests = {.ns = "AWS/ApplicationELB", .metric = "RequestCount",
                                .dims = lb_dims, .ndims = 1, .stat = "Sum", .period_s = 300};
static mc_ir_metric errors = {.ns = "AWS/ApplicationELB", .metric = "HTTPCode_ELB_5XX_Count",
                              .dims = lb_dims, .ndims = 1, .stat = "Sum", .period_s = 300};
static mc_ir_query sli[] = {
        {.id = "bad", .metric = &errors},
        {.id = "total", .metric = &requests},
        {.id = "error_ratio", .expression = "bad / total", .return_data = true},
};

static mc_ir_alarm alarms[] = {
        {.id = "web/availability/burn-1h/long", .name = "shop-prod-web-availability-burn-1h-long",
         .service = "web", .origin = MC_IR_ORIGIN_SLO, .runbook = "web-availability-slo",
         .queries = sli, .nqueries = 3, .threshold = 0.0144, .period_s = 3600,
         .evaluation_periods = 1, .datapoints = 1},
        {.id = "web/availability/burn-1h/short",
         .name = "shop-prod-web-availability-burn-1h-short", .service = "web",
         .origin = MC_IR_ORIGIN_SLO, .runbook = "web-availability-slo", .queries = sli,
         .nqueries = 3, .threshold = 0.0144, .period_s = 300, .evaluation_periods = 1,
         .datapoints = 1},
        {.id = "web/lb.errors/critical", .name = "shop-prod-web-lb-errors-critical",
         .service = "web", .source = "lb.errors", .tier = "critical",
         .origin = MC_IR_ORIGIN_KIND, .runbook = "web-lb-errors", .metric = &errors,
         .threshold = 10, .period_s = 60, .evaluation_periods = 5, .datapoints = 5},
        {.id = "web/lb.errors/critical/escalation",
         .name = "shop-prod-web-lb-errors-critical-escalation", .service = "web",
         .source = "lb.errors", .tier = "critical", .origin = MC_IR_ORIGIN_ESCALATION,
         .runbook = "web-lb-errors", .metric = &errors, .threshold = 10, .period_s = 60,
         .evaluation_periods = 35, .datapoints = 35},
        {.id = "web/lb.errors/warning", .name = "shop-prod-web-lb-errors-warning",
         .service = "web", .source = "lb.errors", .tier = "warning",
         .origin = MC_IR_ORIGIN_KIND, .runbook = "web-lb-errors", .metric = &errors,
         .threshold = 1, .period_s = 300, .evaluation_periods = 1, .datapoints = 1},
        {.id = "web/queue/warning", .name = "shop-prod-web-queue-warning", .service = "web",
         .source = "queue", .tier = "warning", .origin = MC_IR_ORIGIN_SPEC,
         .runbook = "web-queue", .metric = &requests, .threshold = 100, .period_s = 300,
         .evaluation_periods = 3, .datapoints = 3},
};

static const char *burn_children[] = {"web/availability/burn-1h/long",
                                      "web/availability/burn-1h/short"};
static mc_ir_composite composites[] = {
        {.id = "web/availability/burn-1h", .name = "shop-prod-web-availability-burn-1h",
         .service = "web", .source = "availability", .tier = "critical",
         .origin = MC_IR_ORIGIN_SLO, .runbook = "web-availability-slo",
         .rule = "ALARM(\"web/availability/burn-1h/long\") AND "
                 "ALARM(\"web/availability/burn-1h/short\")",
         .children = burn_children, .nchildren = 2},
};

static mc_ir_event_rule rules[] = {
        {.id = "web/host/spot-interruption", .name = "shop-prod-web-host-spot-interruption",
         .service = "web", .description = "The Spot instance goes away in 2 minutes.",
         .pattern = "{}", .tier = "critical", .runbook = "web-host-spot-interruption"},
};

static const char *composite_ids[] = {"web/availability/burn-1h"};
static mc_ir_slo slos[] = {
        {.id = "web/availability", .service = "web", .name = "availability",
         .objective = 0.999, .window_s = 2592000, .sli_kind = "ratio", .queries = sli,
         .nqueries = 3, .composites = composite_ids, .ncomposites = 1},
};

static struct mc_ir_budget_alert budget_alerts[] = {
        {.forecast = true, .percent = 80, .tier = "warning", .topics = team, .ntopics = 1},
};
static mc_ir_budget budgets[] = {
        {.id = "budget/monthly", .name = "shop-prod-monthly", .amount = 250.5,
         .alerts = budget_alerts, .nalerts = 1},
};
static mc_ir_cost_anomaly anomalies[] = {
        {.id = "anomaly/services", .monitor_name = "shop-prod-services", .above_usd = 25,
         .above_percent = 10, .frequency = "DAILY", .tier = "warning", .topics = team,
         .ntopics = 1},
};

static const char *web_groups[] = {"/shop/web"};
static mc_ir_widget widgets[] = {
        {.kind = MC_IR_WIDGET_METRIC, .width = 12, .height = 6, .title = "Requests",
         .queries = sli, .nqueries = 2},
        {.kind = MC_IR_WIDGET_LOG, .width = 24, .height = 6, .title = "Errors",
         .log_query = "fields @timestamp, @message\n| filter @message like /error/",
         .log_groups = web_groups, .nlog_groups = 1},
        {.kind = MC_IR_WIDGET_TEXT, .width = 24, .height = 2, .markdown = "# Web"},
};
static mc_ir_dashboard dashboards[] = {
        {.id = "dashboard/web", .name = "shop-prod-web", .title = "web", .preset = "service",
         .widgets = widgets, .nwidgets = 3, .main = true},
};

static const char *slo_alarms[] = {"web/availability/burn-1h", "web/availability/burn-1h/long",
                                   "web/availability/burn-1h/short"};
static const char *errors_alarms[] = {"web/lb.errors/critical", "web/lb.errors/warning",
                                      "web/lb.errors/critical/escalation"};
static const char *queue_alarms[] = {"web/queue/warning"};

static mc_ir_runbook runbooks[] = {
        {.id = "web-availability-slo", .title = "web: availability SLO", .service = "web",
         .tier = "critical", .meaning = "SLO `availability` of `web` burns its budget too fast.",
         .condition = "critical when the error ratio is above 0.0144 over both 1h and 5m "
                      "(burn rate 14.4)",
         .body = "**Check first.** Other alarms of the service.\n", .alarms = slo_alarms,
         .nalarms = 3, .dashboard = "dashboard/web"},
        {.id = "web-host-spot-interruption", .title = "web: host spot-interruption",
         .service = "web", .tier = "critical",
         .meaning = "The Spot instance goes away in 2 minutes.",
         .condition = "critical on every matching event", .dashboard = "dashboard/web"},
        {.id = "web-lb-errors", .title = "web: lb errors", .service = "web", .tier = "critical",
         .meaning = "5xx answers of the load balancer [ELB].",
         .condition = "critical when lb.elb_5xx > 10 for 5 minutes (5 of 5 datapoints at 1m)\n"
                      "warning when lb.elb_5xx > 1 for 5 minutes (1 datapoint at 5m)",
         .body = "**Diagnose.** Look at the targets:\n\n```sh\naws elbv2 describe-target-health\n"
                 "```\n",
         .alarms = errors_alarms, .nalarms = 3, .dashboard = "dashboard/web",
         .why = "ELB 5xx never reached the application; 10 a minute is an outage."},
        {.id = "web-queue", .title = "web: queue", .service = "web", .tier = "warning",
         .meaning = "Orders wait in the queue | pile up.",
         .condition = "warning when queue > 100 for 15 minutes (3 of 3 datapoints at 5m)",
         .alarms = queue_alarms, .nalarms = 1, .dashboard = "dashboard/web"},
};

static mc_ir small_ir(void)
{
	mc_ir ir = {
	        .project = "shop", .environment = "prod", .region = "eu-west-1",
	        .runbook_base = "https://git.example/ops/blob/main/docs/incident-response.md",
	        .spec_path = "monitoring.yaml",
	        .services = services, .nservices = 1,
	        .tiers = tiers, .ntiers = 3,
	        .topics = topics, .ntopics = 3,
	        .alarms = alarms, .nalarms = sizeof alarms / sizeof alarms[0],
	        .composites = composites, .ncomposites = 1,
	        .rules = rules, .nrules = 1,
	        .budgets = budgets, .nbudgets = 1,
	        .cost_anomalies = anomalies, .ncost_anomalies = 1,
	        .slos = slos, .nslos = 1,
	        .dashboards = dashboards, .ndashboards = 1,
	        .runbooks = runbooks, .nrunbooks = sizeof runbooks / sizeof runbooks[0],
	};
	return ir;
}

/* Renders one document into memory; the caller frees. */
typedef void doc_fn(const mc_emit_ctx *, mc_md *, const mc_ir_runbook_refs *);

/* A document, resolving its own references (mc_emit_runbooks shares one resolution). */
static char *render(const mc_emit_ctx *cx, doc_fn *doc)
{
	mc_md md;
	mc_md_init(&md, NULL, NULL, false);
	doc(cx, &md, NULL);
	char *s = mc_xstrdup(mc_buf_str(&md.buf));
	mc_md_release(&md);
	return s;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	mc_buf b = MC_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		mc_buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return mc_buf_detach(&b);
}

/* Compares text with the pinned file (rewrites it with MONCC_BLESS=1). */
static void pinned(const char *name, const char *text)
{
	char path[4300];
	snprintf(path, sizeof path, "%stests/unit/data/%s", root, name);
	const char *bless = getenv("MONCC_BLESS");
	if (bless && *bless && strcmp(bless, "0") != 0) {
		FILE *f = fopen(path, "wb");
		CHECK(f != NULL);
		if (f) {
			fputs(text, f);
			fclose(f);
		}
		return;
	}
	char *want = slurp(path, NULL);
	CHECK(want != NULL);
	if (want && strcmp(want, text) != 0) {
		/* The first differing line, for a readable failure. */
		size_t i = 0, line = 1;
		while (want[i] && want[i] == text[i])
			line += want[i++] == '\n';
		fprintf(stderr, "%s differs from the output at line %zu (MONCC_BLESS=1 rewrites "
		                "it)\n",
		        path, line);
		CHECK(!"pinned output");
	}
	free(want);
}

static const char header[] =
        "Generated by moncc from monitoring.yaml (sha256 abc). Do not edit: change the spec "
        "and run `moncc build`.";

static void test_small_ir(void)
{
	mc_ir ir = small_ir();
	mc_emit_ctx cx = {.ir = &ir, .spec_path = "monitoring.yaml", .header = header};
	char *guide = render(&cx, mc_runbooks_guide);
	char *incident = render(&cx, mc_runbooks_incident);
	pinned("runbooks-guide.md", guide);
	pinned("runbooks-incident.md", incident);
	/* Determinism: the same IR gives the same bytes. */
	char *again = render(&cx, mc_runbooks_incident);
	STR_EQ(again, incident);
	free(again);
	/* Spot checks that do not depend on the pinned files. */
	CHECK(strstr(incident, "\n### web: lb errors\n") != NULL);
	CHECK(strstr(incident, "`shop-prod-web-host-spot-interruption` (EventBridge rule)") !=
	      NULL);
	CHECK(strstr(incident, "Worth a look \\| \\*some\\* day") != NULL);
	CHECK(strstr(guide, "[web: queue](incident-response.md#web-queue)") != NULL);
	CHECK(strstr(guide, "Why these thresholds: ELB 5xx never reached") != NULL);
	CHECK(strstr(guide, "43 minutes 12 seconds") != NULL); /* 0.1% of 30 days */
	CHECK(strstr(guide, "| critical | 1h | 5m | 14.4 | 0.0144 | 2% |") != NULL);
	free(guide);
	free(incident);

	/* Paths elsewhere: the guide's links follow; climbing out falls back to runbook_base. */
	cx.paths.monitoring_guide = "guide.md";
	cx.paths.incident_response = "docs/./runbooks/ir.md";
	guide = render(&cx, mc_runbooks_guide);
	CHECK(strstr(guide, "(docs/runbooks/ir.md#web-queue)") != NULL);
	free(guide);
	cx.paths.monitoring_guide = "a/b/guide.md";
	cx.paths.incident_response = "a/ir.md";
	guide = render(&cx, mc_runbooks_guide);
	CHECK(strstr(guide, "(../ir.md#web-queue)") != NULL);
	free(guide);
	cx.paths.monitoring_guide = "../guide.md";
	cx.paths.incident_response = "docs/ir.md";
	guide = render(&cx, mc_runbooks_guide);
	CHECK(strstr(guide, "(https://git.example/ops/blob/main/docs/incident-response.md"
	                    "#web-queue)") != NULL);
	free(guide);
}

/* The whole emitter through mc_outputs: the two paths, the same bytes as in memory. */
static void test_emit_files(void)
{
	char stage[64];
	snprintf(stage, sizeof stage, "/tmp/moncc-test-runbooks-XXXXXX");
	if (!mkdtemp(stage)) {
		CHECK(!"mkdtemp");
		return;
	}
	mc_ir ir = small_ir();
	struct mc_emit_counts counts = {0};
	mc_emit_ctx cx = {.ir = &ir, .spec_path = "monitoring.yaml", .header = header,
	                  .counts = &counts};
	cx.paths.monitoring_guide = "docs/monitoring-guide.md";
	cx.paths.incident_response = "docs/incident-response.md";
	mc_outputs *os = mc_outputs_new(stage);
	INT_EQ(mc_emit_runbooks(&cx, os), 0);
	INT_EQ(mc_outputs_finish(os), MC_OUTPUTS_OK);
	INT_EQ(mc_outputs_count(os), 2);
	/* The emitter's documents, sharing one resolution, against each resolving its own. */
	doc_fn *docs[] = {mc_runbooks_guide, mc_runbooks_incident};
	for (size_t i = 0; i < mc_outputs_count(os) && i < 2; i++) {
		const mc_output_file *f = mc_outputs_file(os, i);
		STR_EQ(f->path, i ? "docs/incident-response.md" : "docs/monitoring-guide.md");
		char *got = slurp(f->staged, NULL);
		char *want = render(&cx, docs[i]);
		STR_EQ(got, want);
		CHECK(got && strncmp(got, "<!-- Generated by moncc", 23) == 0);
		free(got);
		free(want);
		unlink(f->staged);
	}
	mc_outputs_free(os);
	rmdir(stage);
}

/* ---- real specs: every runbook id is a section's anchor ---- */

typedef struct {
	size_t n, bad;
} anchor_count;

static void count_anchor(void *ud, const mc_ir_runbook *r, const char *anchor)
{
	anchor_count *c = ud;
	c->n++;
	if (strcmp(anchor, r->id) != 0) {
		c->bad++;
		fprintf(stderr, "  runbook %s: heading anchor %s\n", r->id, anchor);
	}
}

/*
 * Reads the rendered document as GitHub would (independently of the writer's own counting):
 * every ATX heading outside fenced code, numbered with a fresh slugger; checks that each
 * runbook id is the anchor of exactly the heading with the runbook's title.
 */
static void check_sections(const mc_ir *ir, const char *doc, const char *what)
{
	mc_md sl;
	mc_md_init(&sl, NULL, NULL, true);
	size_t nfound = 0, nheadings = 0;
	bool fence = false;
	mc_buf line = MC_BUF_INIT, s = MC_BUF_INIT;
	for (const char *l = doc; *l; ) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		mc_buf_clear(&line);
		mc_buf_add(&line, l, n);
		const char *t = mc_buf_str(&line);
		if (strncmp(t, "```", 3) == 0 || strncmp(t, "  ```", 5) == 0)
			fence = !fence;
		else if (!fence && t[0] == '#') {
			size_t h = strspn(t, "#");
			mc_buf_clear(&s);
			mc_md_slug(t + h, &s);
			const char *anchor = mc_md_anchor(&sl, mc_buf_str(&s));
			nheadings++;
			const mc_ir_runbook *r = mc_ir_find_runbook(ir, anchor);
			if (r) {
				nfound++;
				if (h != 3 || strcmp(t + h + 1, r->title) != 0) {
					fprintf(stderr, "%s: anchor %s on heading \"%s\"\n", what,
					        anchor, t);
					CHECK(!"runbook anchor on the wrong heading");
				}
			}
		}
		l += n + (nl ? 1 : 0);
	}
	if (nfound != ir->nrunbooks)
		fprintf(stderr, "%s: %zu of %zu runbook sections found\n", what, nfound,
		        ir->nrunbooks);
	INT_EQ(nfound, ir->nrunbooks);
	CHECK(nheadings > ir->nrunbooks);
	mc_buf_release(&line);
	mc_buf_release(&s);
	mc_md_release(&sl);
	/* The writer agrees, and every link of an alarm, composite or rule has its section. */
	anchor_count c = {0};
	mc_runbooks_anchors(ir, count_anchor, &c);
	INT_EQ(c.n, ir->nrunbooks);
	INT_EQ(c.bad, 0);
	for (size_t i = 0; i < ir->nalarms; i++)
		CHECK(!ir->alarms[i].runbook || mc_ir_find_runbook(ir, ir->alarms[i].runbook));
	for (size_t i = 0; i < ir->ncomposites; i++)
		CHECK(!ir->composites[i].runbook ||
		      mc_ir_find_runbook(ir, ir->composites[i].runbook));
	for (size_t i = 0; i < ir->nrules; i++)
		CHECK(!ir->rules[i].runbook || mc_ir_find_runbook(ir, ir->rules[i].runbook));
}

/* Compiles a spec (path relative to the repository) and checks its documents. */
static void check_spec(const char *rel, bool want_sections)
{
	char path[4300];
	snprintf(path, sizeof path, "%s%s", root, rel);
	const char *paths[] = {path};
	mc_session s;
	mc_session_init(&s);
	INT_EQ(mc_check_paths(&s, paths, 1), 0);
	const mc_ir *ir = s.nfiles ? s.files[0].ir : NULL;
	CHECK(ir != NULL);
	if (ir) {
		if (want_sections)
			CHECK(ir->nrunbooks > 0);
		mc_emit_ctx cx = {.ir = ir, .spec_path = rel, .header = header};
		char *doc = render(&cx, mc_runbooks_incident);
		check_sections(ir, doc, rel);
		char *guide = render(&cx, mc_runbooks_guide);
		/* The guide links every runbook section. */
		for (size_t i = 0; i < ir->nrunbooks; i++) {
			char want[512];
			snprintf(want, sizeof want, "](incident-response.md#%s)",
			         ir->runbooks[i].id);
			CHECK(strstr(guide, want) != NULL);
		}
		free(guide);
		free(doc);
		for (size_t i = 0; i < s.diags.len; i++)
			CHECK(s.diags.v[i]->code != MC_W0012);
	}
	mc_session_release(&s);
}

static void test_examples(void)
{
	check_spec("examples/anythingllm/monitoring.yaml", true);
	check_spec("examples/minimal/monitoring.yaml", true);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_golden_specs(void)
{
	char dir[4300];
	snprintf(dir, sizeof dir, "%stests/golden", root);
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	if (!d)
		return;
	/* Sorted, so that failures come out in a stable order. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		MC_GROW(names, cap, n + 1);
		names[n++] = mc_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	size_t checked = 0;
	for (size_t i = 0; i < n; i++) {
		char p[4400], rel[600];
		snprintf(p, sizeof p, "%s/%s/SPEC", dir, names[i]);
		char *ref = slurp(p, NULL);
		if (ref) {
			ref[strcspn(ref, "\r\n")] = '\0';
			snprintf(rel, sizeof rel, "%s", ref);
			free(ref);
		} else {
			snprintf(rel, sizeof rel, "tests/golden/%s/monitoring.yaml", names[i]);
		}
		check_spec(rel, false);
		checked++;
		free(names[i]);
	}
	free(names);
	CHECK(checked >= 10);
}

/* ---- W0012 ---- */

static size_t count_code(const mc_diags *d, mc_code code)
{
	size_t n = 0;
	for (size_t i = 0; i < d->len; i++)
		n += d->v[i]->code == code;
	return n;
}

static void test_lint_collision(void)
{
	/* A heading in an earlier runbook body takes the anchor of a later section. */
	char path[] = "/tmp/moncc-test-w0012-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	static const char spec[] =
	        "moncc: 1\nproject: shop\nregion: eu-west-1\n"
	        "notify:\n  oncall: { email: oncall@example.com }\n"
	        "tiers:\n  critical: { notify: [oncall] }\n  warning: { notify: [oncall] }\n"
	        "  info: { notify: [oncall] }\n"
	        "services:\n  chat:\n    resources:\n"
	        "      host: { kind: ec2, instance: i-0123456789abcdef0 }\n"
	        "    alarms:\n"
	        "      disk:\n        metric: host.cpu\n        warning: \"> 80% for 15m\"\n"
	        "        runbook: |\n          ## chat: memory\n          Check the memory.\n"
	        "      memory:\n        metric: host.cpu\n        warning: \"> 90% for 15m\"\n"
	        "        runbook: |\n          **Check.** Memory.\n";
	CHECK(write(fd, spec, sizeof spec - 1) == (ssize_t)(sizeof spec - 1));
	close(fd);
	const char *paths[] = {path};
	mc_session s;
	mc_session_init(&s);
	INT_EQ(mc_check_paths(&s, paths, 1), 0);
	INT_EQ(count_code(&s.diags, MC_W0012), 1);
	for (size_t i = 0; i < s.diags.len; i++)
		if (s.diags.v[i]->code == MC_W0012)
			STR_EQ(s.diags.v[i]->message,
			       "runbook links to `#chat-memory` miss the section `chat: memory`, "
			       "whose anchor is `chat-memory-1`");
	mc_session_release(&s);
	unlink(path);
}

static void test_lint_dangling(void)
{
	/* A title whose slug is not the id, and an id no section has: W0012 and W0008. */
	mc_ir ir = small_ir();
	mc_ir_runbook copy[sizeof runbooks / sizeof runbooks[0]];
	memcpy(copy, runbooks, sizeof copy);
	copy[3].title = "web: a queue"; /* anchor web-a-queue; links say #web-queue */
	ir.runbooks = copy;
	mc_ir_alarm acopy[sizeof alarms / sizeof alarms[0]];
	memcpy(acopy, alarms, sizeof acopy);
	acopy[4].runbook = "web-nothing"; /* lb.errors/warning links nowhere */
	ir.alarms = acopy;
	mc_arena *arena = mc_arena_new();
	mc_diags d;
	mc_diags_init(&d, arena);
	mc_lint(&ir, NULL, &d);
	INT_EQ(count_code(&d, MC_W0012), 1);
	INT_EQ(count_code(&d, MC_W0008), 1);
	for (size_t i = 0; i < d.len; i++)
		if (d.v[i]->code == MC_W0012)
			STR_EQ(d.v[i]->message, "runbook links to `#web-queue` miss the section "
			                        "`web: a queue`, whose anchor is `web-a-queue`");
	mc_diags_release(&d);
	/* The original IR is clean. */
	ir = small_ir();
	mc_diags_init(&d, arena);
	mc_lint(&ir, NULL, &d);
	INT_EQ(count_code(&d, MC_W0012), 0);
	mc_diags_release(&d);
	mc_arena_free(arena);
}

int main(void)
{
	find_root();
	test_slug();
	test_anchor_numbering();
	test_escape();
	test_block_headings();
	test_small_ir();
	test_emit_files();
	test_examples();
	test_golden_specs();
	test_lint_collision();
	test_lint_dangling();
	return harness_done();
}
