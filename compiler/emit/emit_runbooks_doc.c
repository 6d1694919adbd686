/*
 * The content of docs/monitoring-guide.md and docs/incident-response.md (emit_runbooks.h).
 *
 * Consumes the IR only: services, tiers, topics, alarms, composites, EventBridge rules, SLOs,
 * budgets, cost anomaly monitors, dashboards, log queries, requirements and the runbook
 * entries the lowering made (one per alarm family, with its meaning, condition in words, body
 * and dashboard). The guide is for the people who own the monitoring: what is watched, why and
 * where. The incident-response document is for the person who was just paged: what the
 * tiers mean, who is told when, and one section per runbook entry whose heading's GitHub
 * anchor is the entry's id, the target of every alarm description's link (runbook_base#ID).
 *
 * Every heading goes through mc_md_heading, which counts anchors as GitHub does; runbook
 * sections carry their sub-parts as bold labels, not headings, and the fixed headings of
 * incident-response.md are single words, so no anchor the document makes can take a runbook
 * id (those always contain a `-`: titles are `SERVICE: ...`). What a user's runbook body
 * could still take is what lint rule W0012 reports.
 *
 * Large specs: each item is written once, in IR order; the look-ups that would otherwise be
 * quadratic (rules and runbooks per service, log widgets per dashboard) are indexed first.
 */
#include "emit/emit_runbooks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "emit/emit_common.h"
#include "emit/emit_dashboard_body.h"
#include "emit/out.h"
#include "ir/ir_index.h"
#include "sema/units.h"

#define GUIDE_DEFAULT "docs/monitoring-guide.md"
#define INCIDENT_DEFAULT "docs/incident-response.md"
/* Log widgets of a dashboard repeated in each runbook section: enough to start from. */
#define MAX_LOG_WIDGETS 3

/* ---- indexes ---- */

/* For each runbook (by index), the EventBridge rules that link to it (CSR lists). */
typedef struct {
	size_t *start; /* nrunbooks + 1 */
	const mc_ir_event_rule **v;
} rule_index;

static size_t runbook_index(const mc_ir *ir, const char *id)
{
	const mc_ir_runbook *r = id ? mc_ir_find_runbook(ir, id) : NULL;
	return r ? (size_t)(r - ir->runbooks) : ir->nrunbooks;
}

static void rules_index(const mc_ir *ir, rule_index *x)
{
	x->start = mc_xcalloc(ir->nrunbooks + 2, sizeof *x->start);
	x->v = mc_xcalloc(ir->nrules + 1, sizeof *x->v);
	for (size_t i = 0; i < ir->nrules; i++)
		x->start[runbook_index(ir, ir->rules[i].runbook) + 1]++;
	for (size_t i = 0; i <= ir->nrunbooks; i++)
		x->start[i + 1] += x->start[i];
	size_t *fill = mc_xcalloc(ir->nrunbooks + 1, sizeof *fill);
	for (size_t i = 0; i < ir->nrules; i++) {
		size_t r = runbook_index(ir, ir->rules[i].runbook);
		x->v[x->start[r] + fill[r]++] = &ir->rules[i];
	}
	free(fill);
}

static void rules_free(rule_index *x)
{
	free(x->start);
	free(x->v);
}

static const mc_ir_tier *find_tier(const mc_ir *ir, const char *name)
{
	for (size_t i = 0; name && i < ir->ntiers; i++)
		if (strcmp(ir->tiers[i].name, name) == 0)
			return &ir->tiers[i];
	return NULL;
}

/* Services by name: binary search (the IR sorts them), linear if they are not sorted. */
static const mc_ir_service *find_service(const mc_ir *ir, const char *name)
{
	if (!name)
		return NULL;
	size_t lo = 0, hi = ir->nservices;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, ir->services[mid].name);
		if (c == 0)
			return &ir->services[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (size_t i = 0; i < ir->nservices; i++)
		if (strcmp(ir->services[i].name, name) == 0)
			return &ir->services[i];
	return NULL;
}

/* ---- words ---- */

/* 900 -> "15 minutes", 12960 -> "3 hours 36 minutes": every unit that is not zero. */
static void span_words(mc_md *md, uint64_t s)
{
	static const struct {
		uint64_t secs;
		const char *one;
	} units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
	if (s == 0) {
		mc_md_puts(md, "0 seconds");
		return;
	}
	bool first = true;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		uint64_t n = s / units[i].secs;
		s %= units[i].secs;
		if (!n)
			continue;
		mc_md_printf(md, "%s%llu %s%s", first ? "" : " ", (unsigned long long)n,
		             units[i].one, n == 1 ? "" : "s");
		first = false;
	}
}

static void short_duration(mc_md *md, uint64_t s)
{
	if (md->dry)
		return;
	mc_buf b = MC_BUF_INIT;
	mc_duration_format(&b, s);
	mc_md_puts(md, mc_buf_str(&b));
	mc_buf_release(&b);
}

/* A ratio as a percentage without float noise: 0.995 -> 99.5, 0.005000000000000004 -> 0.5. */
static void percent(mc_md *md, double ratio)
{
	mc_md_double(md, round(ratio * 100 * 1e9) / 1e9);
	mc_md_putc(md, '%');
}

/* An IR description that may be missing. */
static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The lines of a runbook condition that belong to tier (they start with "TIER "). */
static void condition_lines(mc_md *md, const char *cond, const char *tier, const char *sep,
                            bool cell)
{
	size_t tl = strlen(tier);
	bool first = true;
	mc_buf line = MC_BUF_INIT;
	for (const char *l = cond; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (n > tl && strncmp(l, tier, tl) == 0 && l[tl] == ' ') {
			mc_buf_clear(&line);
			mc_buf_add(&line, l, n);
			if (!first)
				mc_md_puts(md, sep);
			if (cell)
				mc_md_cell(md, mc_buf_str(&line));
			else
				mc_md_text(md, mc_buf_str(&line));
			first = false;
		}
		l += n + (nl ? 1 : 0);
	}
	mc_buf_release(&line);
}

/* Topic ids as "`pager` (email `a@b`, https `...`)". */
static void topics_words(mc_md *md, const mc_ir *ir, const char **ids, size_t n, bool details)
{
	if (!n) {
		mc_md_puts(md, "nobody");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const mc_ir_topic *t = mc_ir_find_topic(ir, ids[i]);
		if (i)
			mc_md_puts(md, i + 1 == n ? " and " : ", ");
		mc_md_code(md, t && t->target ? t->target : ids[i]);
		if (!details || !t)
			continue;
		if (t->existing_arn) {
			mc_md_puts(md, " (SNS topic ");
			mc_md_code(md, t->existing_arn);
			mc_md_putc(md, ')');
			continue;
		}
		for (size_t k = 0; k < t->nsubscriptions; k++) {
			mc_md_puts(md, k ? ", " : " (");
			mc_md_text(md, t->subscriptions[k].protocol);
			mc_md_putc(md, ' ');
			mc_md_code(md, t->subscriptions[k].endpoint);
		}
		if (t->nsubscriptions)
			mc_md_putc(md, ')');
	}
}

/* What a tier means when the spec does not say: stdlib-catalogue.md §0.1 and §8.1. */
static const char *tier_meaning(const mc_ir_tier *t)
{
	if (t->description && *t->description)
		return t->description;
	if (strcmp(t->name, "critical") == 0)
		return "Users are affected now, or will be within minutes, or a security control "
		       "has been breached. Page the on-call at any hour; this is a major incident "
		       "(SEV1 or SEV2) with an incident commander.";
	if (strcmp(t->name, "warning") == 0)
		return "Degradation or a risk that will hurt if left alone (an error budget "
		       "burning, lost redundancy). Look at it within working hours (SEV3).";
	if (strcmp(t->name, "info") == 0)
		return "Notable, not harmful yet: a trend, a first occurrence, a change to review. "
		       "Nobody is paged (SEV4 or no incident).";
	return NULL;
}

/* "15 minutes" or "not stated". */
static void respond_words(mc_md *md, const mc_ir_tier *t)
{
	if (t && t->respond_within_s)
		span_words(md, t->respond_within_s);
	else
		mc_md_puts(md, "not stated");
}

/* ---- links ---- */

/* `to` relative to the directory of `from` (both relative to the output directory), or
 * false when from's directory climbs out of it in a way a relative link cannot follow. */
static bool relative(const char *from, const char *to, mc_buf *out)
{
	const char *fdir_end = strrchr(from, '/');
	size_t fdir = fdir_end ? (size_t)(fdir_end - from) + 1 : 0;
	/* The longest common prefix of whole directories. */
	size_t common = 0;
	for (size_t i = 0; i < fdir && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	size_t ups = 0;
	for (size_t i = common; i < fdir; i++) {
		size_t k = i;
		while (k < fdir && from[k] != '/')
			k++;
		if ((k - i == 2 && strncmp(from + i, "..", 2) == 0) ||
		    (k - i == 1 && from[i] == '.'))
			return false;
		ups++;
		i = k;
	}
	for (size_t i = 0; i < ups; i++)
		mc_buf_puts(out, "../");
	mc_buf_puts(out, to + common);
	return true;
}

/* An alarm or composite id: tier, origin and name, or false when it is neither. */
typedef struct {
	const char *name, *tier;
	mc_ir_origin origin;
	bool composite;
} alarm_ref;

#define REF_NONE MC_IR_REF_NONE

typedef struct {
	const mc_emit_ctx *cx;
	const mc_ir *ir;
	mc_md *md;
	const char *guide_path, *incident_path;
	mc_buf link; /* the guide's link to incident-response.md, without `#` */
	bool link_ok;
	rule_index rules;
	/*
	 * Every runbook's alarms resolved (ir_index.h; runbook i's are refs[ref_start[i]]
	 * onwards): the guide's tier tables look at each of them once per tier. The caller's,
	 * resolved once for both documents, or own's.
	 */
	const int32_t *refs;
	const size_t *ref_start;
	mc_ir_runbook_refs own;
	/* Log widgets per dashboard, found on first use. */
	const mc_ir_widget ***logw;
	size_t *nlogw;
	bool *logw_done;
} doc;

/* d->refs: every runbook's alarms resolved (see doc); r NULL: resolved here. */
static void resolve_refs(doc *d, const mc_ir_runbook_refs *r)
{
	if (!r) {
		mc_ir_runbook_refs_resolve(d->ir, &d->own);
		r = &d->own;
	}
	d->refs = r->refs;
	d->ref_start = r->start;
}

static void doc_init(doc *d, const mc_emit_ctx *cx, mc_md *md, const mc_ir_runbook_refs *refs)
{
	memset(d, 0, sizeof *d);
	d->cx = cx;
	d->ir = cx->ir;
	d->md = md;
	d->guide_path = cx->paths.monitoring_guide ? cx->paths.monitoring_guide : GUIDE_DEFAULT;
	d->incident_path =
	        cx->paths.incident_response ? cx->paths.incident_response : INCIDENT_DEFAULT;
	/* Folded first (`a/./b`, `x/../y`), as the build writes them. */
	char *from = mc_output_path_normalize(d->guide_path);
	char *to = mc_output_path_normalize(d->incident_path);
	d->link_ok = from && to && relative(from, to, &d->link);
	free(from);
	free(to);
	rules_index(d->ir, &d->rules);
	if (!md->dry) /* read only by text a dry run skips (section, tier rows) */
		resolve_refs(d, refs);
	size_t nd = d->ir->ndashboards + 1;
	d->logw = mc_xcalloc(nd, sizeof *d->logw);
	d->nlogw = mc_xcalloc(nd, sizeof *d->nlogw);
	d->logw_done = mc_xcalloc(nd, sizeof *d->logw_done);
}

/* The k-th entry of d->refs as an alarm_ref; false for REF_NONE. */
static bool ref_get(const doc *d, size_t k, alarm_ref *r)
{
	int32_t at = d->refs[k];
	if (at == REF_NONE)
		return false;
	if (at >= 0) {
		const mc_ir_alarm *a = &d->ir->alarms[at];
		*r = (alarm_ref){a->name, a->tier, a->origin, false};
	} else {
		const mc_ir_composite *c = &d->ir->composites[-1 - at];
		*r = (alarm_ref){c->name, c->tier, c->origin, true};
	}
	return true;
}

static void doc_free(doc *d)
{
	rules_free(&d->rules);
	mc_ir_runbook_refs_release(&d->own);
	for (size_t i = 0; i <= d->ir->ndashboards; i++)
		free(d->logw[i]);
	free(d->logw);
	free(d->nlogw);
	free(d->logw_done);
	mc_buf_release(&d->link);
}

/* The guide's link to a runbook section: relative when possible, else runbook_base#ID. */
static void runbook_link(doc *d, const char *id)
{
	mc_md *md = d->md;
	if (md->dry)
		return;
	if (d->link_ok) {
		mc_md_puts(md, mc_buf_str(&d->link));
		mc_md_putc(md, '#');
		mc_md_puts(md, id);
		return;
	}
	mc_buf b = MC_BUF_INIT;
	mc_ir_runbook_url(d->ir, id, &b);
	mc_md_puts(md, mc_buf_str(&b));
	mc_buf_release(&b);
}

static void header(doc *d)
{
	const char *h = d->cx->header;
	if (!h)
		return;
	mc_md_puts(d->md, "<!-- ");
	/* `-->` would end the comment early. */
	for (const char *p = h; *p; p++) {
		if (strncmp(p, "-->", 3) == 0) {
			mc_md_puts(d->md, "- ->");
			p += 2;
			continue;
		}
		mc_md_putc(d->md, *p);
	}
	mc_md_puts(d->md, " -->\n\n");
}

static void title(doc *d, const char *what)
{
	mc_buf t = MC_BUF_INIT;
	mc_buf_printf(&t, "%s: %s", what, d->ir->project ? d->ir->project : "monitoring");
	if (d->ir->environment)
		mc_buf_printf(&t, " (%s)", d->ir->environment);
	mc_md_heading(d->md, 1, mc_buf_str(&t));
	mc_buf_release(&t);
	mc_md_putc(d->md, '\n');
}

/* ---- shared pieces ---- */

static void metric_words(mc_md *md, const mc_ir_metric *m)
{
	mc_md_code(md, m->stat);
	mc_md_puts(md, " of ");
	mc_buf b = MC_BUF_INIT;
	mc_buf_printf(&b, "%s %s", m->ns, m->metric);
	mc_md_code(md, mc_buf_str(&b));
	if (m->ndims) {
		mc_buf_clear(&b);
		for (size_t i = 0; i < m->ndims; i++)
			mc_buf_printf(&b, "%s%s=%s", i ? ", " : "", m->dims[i].name,
			              m->dims[i].value);
		mc_md_puts(md, " (");
		mc_md_code(md, mc_buf_str(&b));
		mc_md_putc(md, ')');
	}
	mc_buf_release(&b);
	mc_md_puts(md, " per ");
	short_duration(md, m->period_s);
	if (m->region) {
		mc_md_puts(md, " in ");
		mc_md_text(md, m->region);
	}
}

/* A MetricDataQuery list as a table: the formula of an SLI. */
static void queries_table(mc_md *md, const mc_ir_query *q, size_t n)
{
	mc_md_puts(md, "| Id | Query |\n|----|-------|\n");
	for (size_t i = 0; i < n; i++) {
		mc_md_puts(md, "| ");
		mc_md_code(md, q[i].id);
		if (q[i].return_data)
			mc_md_puts(md, " (the SLI)");
		mc_md_puts(md, " | ");
		if (q[i].expression)
			mc_md_code(md, q[i].expression);
		else if (q[i].metric)
			metric_words(md, q[i].metric);
		mc_md_puts(md, " |\n");
	}
	mc_md_putc(md, '\n');
}

/* What an automated action does, in words. */
static void action_words(mc_md *md, const mc_ir *ir, const char *act)
{
	if (strncmp(act, "scale:", 6) == 0) {
		const mc_ir_scaling_policy *p = NULL;
		for (size_t i = 0; i < ir->nscaling_policies && !p; i++)
			if (strcmp(ir->scaling_policies[i].id, act + 6) == 0)
				p = &ir->scaling_policies[i];
		if (!p)
			return;
		mc_md_puts(md, "the scaling policy ");
		mc_md_code(md, p->id);
		mc_md_puts(md, p->adjustment > 0 ? " adds " : " removes ");
		int32_t n = p->adjustment > 0 ? p->adjustment : -p->adjustment;
		if (p->percent)
			mc_md_printf(md, "%d%% of the capacity", (int)n);
		else
			mc_md_printf(md, "%d instance%s", (int)n, n == 1 ? "" : "s");
		mc_md_puts(md, p->adjustment > 0 ? " to " : " from ");
		mc_md_puts(md, "Auto Scaling group ");
		mc_md_code(md, p->group);
		if (p->has_cooldown) {
			mc_md_puts(md, ", then waits ");
			span_words(md, p->cooldown_s);
			mc_md_puts(md, " before it scales again");
		}
		return;
	}
	mc_md_puts(md, "CloudWatch runs ");
	mc_md_code(md, act);
	mc_md_puts(md, " on the instance");
}

/*
 * "Automatic actions": what the alarms of r do by themselves when they fire (scaling
 * policies, EC2 actions), once each, so the responder knows what already happened.
 */
/* The metric alarm runbook ri's k-th reference resolved to (d->refs), or NULL. */
static const mc_ir_alarm *ref_alarm(const doc *d, size_t ri, size_t k)
{
	int32_t at = d->refs[d->ref_start[ri] + k];
	return at >= 0 ? &d->ir->alarms[at] : NULL;
}

static void automatic_actions(const doc *d, size_t ri)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	const mc_ir_runbook *r = &ir->runbooks[ri];
	size_t listed = 0;
	for (size_t k = 0; k < r->nalarms; k++) {
		const mc_ir_alarm *a = ref_alarm(d, ri, k);
		for (size_t i = 0; a && i < a->on_alarm.nactions; i++) {
			const char *act = a->on_alarm.actions[i];
			bool seen = false;
			for (size_t j = 0; j < k && !seen; j++) {
				const mc_ir_alarm *b = ref_alarm(d, ri, j);
				for (size_t q = 0; b && q < b->on_alarm.nactions && !seen; q++)
					seen = strcmp(b->on_alarm.actions[q], act) == 0;
			}
			for (size_t q = 0; q < i && !seen; q++)
				seen = strcmp(a->on_alarm.actions[q], act) == 0;
			if (seen)
				continue;
			mc_md_puts(md, listed++ ? "; " : "**Automatic actions.** When it fires, ");
			action_words(md, ir, act);
		}
	}
	if (listed)
		mc_md_puts(md, ". The alarm's history says whether the action ran; check it "
		               "before acting by hand.\n\n");
}

/* ---- the monitoring guide ---- */

static void guide_intro(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	mc_md_puts(md, "What is watched, why, and where. moncc generates this guide from ");
	mc_md_code(md, ir->spec_path      ? ir->spec_path
	               : d->cx->spec_path ? d->cx->spec_path
	                                  : "the spec");
	mc_md_puts(md, "; change the spec, not this file (see [How to change the spec]"
	               "(#how-to-change-the-spec)). Region ");
	mc_md_code(md, or_dash(ir->region));
	if (ir->account) {
		mc_md_puts(md, ", account ");
		mc_md_code(md, ir->account);
	}
	mc_md_puts(md, ". What to do when an alarm fires is in [the incident-response runbooks](");
	if (!md->dry)
		mc_md_puts(md, d->link_ok ? mc_buf_str(&d->link) : or_dash(ir->runbook_base));
	mc_md_puts(md, ").\n\n");
	mc_md_printf(
	        md,
	        "In numbers: %zu service%s, %zu metric alarm%s, %zu composite alarm%s, "
	        "%zu EventBridge rule%s, %zu SLO%s, %zu dashboard%s, %zu runbook section%s.\n\n",
	        ir->nservices, ir->nservices == 1 ? "" : "s", ir->nalarms,
	        ir->nalarms == 1 ? "" : "s", ir->ncomposites, ir->ncomposites == 1 ? "" : "s",
	        ir->nrules, ir->nrules == 1 ? "" : "s", ir->nslos, ir->nslos == 1 ? "" : "s",
	        ir->ndashboards, ir->ndashboards == 1 ? "" : "s", ir->nrunbooks,
	        ir->nrunbooks == 1 ? "" : "s");
}

/* One runbook entry in the guide: what is watched, the condition per tier and why. */
static void guide_watch(doc *d, const mc_ir_runbook *r)
{
	mc_md *md = d->md;
	mc_md_puts(md, "- **[");
	mc_md_text(md, r->title);
	mc_md_puts(md, "](");
	runbook_link(d, r->id);
	mc_md_puts(md, ")**");
	if (r->tier) {
		mc_md_puts(md, " (");
		mc_md_text(md, r->tier);
		mc_md_putc(md, ')');
	}
	if (r->meaning) {
		mc_md_puts(md, ": ");
		mc_md_text(md, r->meaning);
	}
	mc_md_putc(md, '\n');
	for (const char *l = r->condition; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		char *line = mc_xstrndup(l, n);
		mc_md_puts(md, "  - ");
		mc_md_text(md, line);
		mc_md_putc(md, '\n');
		free(line);
		l += n + (nl ? 1 : 0);
	}
	if (r->why) {
		mc_md_puts(md, "  - Why these thresholds: ");
		mc_md_text(md, r->why);
		mc_md_putc(md, '\n');
	}
}

/* ---- what the spec covers (spec `requirements:`) ---- */

static const mc_ir_slo *find_slo(const mc_ir *ir, const char *id)
{
	for (size_t i = 0; i < ir->nslos; i++)
		if (strcmp(ir->slos[i].id, id) == 0)
			return &ir->slos[i];
	return NULL;
}

/* One requirement's row: item, alarms (linked to their runbook sections), dashboards,
 * queries, SLOs and, when the table has the column, metrics. */
static void requirement_row(doc *d, const mc_ir_requirement *r, bool metrics)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	mc_md_puts(md, "| ");
	mc_md_code(md, r->id);
	mc_md_puts(md, ": ");
	mc_md_cell(md, r->title);
	if (r->notes) {
		mc_md_puts(md, ". ");
		mc_md_cell(md, r->notes);
	}
	mc_md_puts(md, " | ");
	for (size_t k = 0; k < r->nalarms; k++) {
		const mc_ir_req_alarm *a = &r->alarms[k];
		if (k)
			mc_md_puts(md, ", ");
		if (a->runbook) {
			mc_md_puts(md, "[");
			mc_md_code(md, a->ref);
			mc_md_puts(md, "](");
			runbook_link(d, a->runbook);
			mc_md_puts(md, ")");
		} else {
			mc_md_code(md, a->ref);
		}
	}
	mc_md_puts(md, r->nalarms ? " | " : "- | ");
	for (size_t k = 0; k < r->ndashboards; k++) {
		const mc_ir_dashboard *db = mc_ir_find_dashboard(ir, r->dashboards[k]);
		if (k)
			mc_md_puts(md, ", ");
		mc_md_cell(md, db && db->title ? db->title : r->dashboards[k]);
	}
	mc_md_puts(md, r->ndashboards ? " | " : "- | ");
	for (size_t k = 0; k < r->nqueries; k++) {
		if (k)
			mc_md_puts(md, ", ");
		mc_md_code(md, r->queries[k].ref);
	}
	mc_md_puts(md, r->nqueries ? " | " : "- | ");
	for (size_t k = 0; k < r->nslos; k++) {
		const mc_ir_slo *s = find_slo(ir, r->slos[k]);
		if (k)
			mc_md_puts(md, ", ");
		if (!s) {
			mc_md_code(md, r->slos[k]);
			continue;
		}
		mc_buf t = MC_BUF_INIT;
		mc_buf_printf(&t, "%s.%s", s->service, s->name);
		mc_md_code(md, mc_buf_str(&t));
		mc_buf_release(&t);
		mc_md_puts(md, " (");
		percent(md, s->objective);
		mc_md_puts(md, " over ");
		short_duration(md, s->window_s);
		mc_md_puts(md, ")");
	}
	mc_md_puts(md, r->nslos ? " |" : "- |");
	if (metrics) {
		for (size_t k = 0; k < r->nmetrics; k++) {
			mc_md_puts(md, k ? ", " : " ");
			mc_md_code(md, r->metrics[k]);
		}
		mc_md_puts(md, r->nmetrics ? " |" : " - |");
	}
	mc_md_putc(md, '\n');
}

/*
 * "What the spec covers": one table per area, in the order areas first appear in the spec,
 * rows in spec order. Written only when the spec has `requirements:`.
 */
static void guide_requirements(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	if (!ir->nrequirements)
		return;
	bool metrics = false;
	for (size_t i = 0; i < ir->nrequirements; i++)
		metrics |= ir->requirements[i].nmetrics > 0;
	mc_md_heading(md, 2, "What the spec covers");
	mc_md_putc(md, '\n');
	mc_md_puts(md, "Each item the monitoring was asked for (the spec's `requirements:`) and "
	               "what serves it; an alarm links to its runbook.\n\n");
	for (size_t i = 0; i < ir->nrequirements; i++) {
		const char *area = ir->requirements[i].area;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(ir->requirements[j].area, area) == 0;
		if (seen)
			continue;
		mc_md_heading(md, 3, area);
		mc_md_putc(md, '\n');
		mc_md_puts(md, "| Item | Alarms | Dashboards | Queries | SLOs |");
		mc_md_puts(md, metrics ? " Metrics |\n" : "\n");
		mc_md_puts(md, "|------|--------|------------|---------|------|");
		mc_md_puts(md, metrics ? "---------|\n" : "\n");
		for (size_t k = i; k < ir->nrequirements; k++)
			if (strcmp(ir->requirements[k].area, area) == 0)
				requirement_row(d, &ir->requirements[k], metrics);
		mc_md_putc(md, '\n');
	}
}

static void guide_services(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	mc_md_heading(md, 2, "Services");
	mc_md_putc(md, '\n');
	if (!ir->nservices) {
		mc_md_puts(md, "The spec declares no services; it watches account-wide things only "
		               "(cost, below).\n\n");
		return;
	}
	/* Runbook entries per service, in IR order (one pass, CSR lists). */
	size_t *start = mc_xcalloc(ir->nservices + 2, sizeof *start);
	size_t *v = mc_xcalloc(ir->nrunbooks + 1, sizeof *v);
	size_t *svc = mc_xcalloc(ir->nrunbooks + 1, sizeof *svc);
	for (size_t i = 0; i < ir->nrunbooks; i++) {
		const mc_ir_service *s = find_service(ir, ir->runbooks[i].service);
		svc[i] = s ? (size_t)(s - ir->services) : ir->nservices;
		start[svc[i] + 1]++;
	}
	for (size_t i = 0; i <= ir->nservices; i++)
		start[i + 1] += start[i];
	size_t *fill = mc_xcalloc(ir->nservices + 1, sizeof *fill);
	for (size_t i = 0; i < ir->nrunbooks; i++)
		v[start[svc[i]] + fill[svc[i]]++] = i;
	free(fill);
	free(svc);

	for (size_t si = 0; si < ir->nservices; si++) {
		const mc_ir_service *s = &ir->services[si];
		mc_buf h = MC_BUF_INIT;
		if (s->title && strcmp(s->title, s->name) != 0)
			mc_buf_printf(&h, "%s (%s)", s->title, s->name);
		else
			mc_buf_puts(&h, s->name);
		mc_md_heading(md, 3, mc_buf_str(&h));
		mc_buf_release(&h);
		mc_md_putc(md, '\n');
		if (s->description) {
			mc_md_text(md, s->description);
			mc_md_puts(md, "\n\n");
		}
		mc_md_puts(md, "Owner: ");
		if (s->owner)
			mc_md_text(md, s->owner);
		else
			mc_md_puts(md, "not stated (set `owner:` in the spec)");
		mc_md_puts(md, ".\n\n");
		if (s->nresources) {
			mc_md_puts(md, "| Resource | Kind |\n|----------|------|\n");
			for (size_t k = 0; k < s->nresources; k++) {
				mc_md_puts(md, "| ");
				mc_md_code(md, s->resources[k].name);
				mc_md_puts(md, " | ");
				mc_md_code(md, s->resources[k].kind);
				if (s->resources[k].parent) {
					/* A sub-resource of a composed kind: where it comes from. */
					mc_md_puts(md, ", part of ");
					mc_md_code(md, s->resources[k].parent);
				}
				mc_md_puts(md, " |\n");
			}
			mc_md_putc(md, '\n');
		}
		if (start[si] == start[si + 1]) {
			mc_md_puts(md, "No alarms watch this service.\n\n");
			continue;
		}
		mc_md_puts(md, "What is watched and why (each entry links to its runbook):\n\n");
		for (size_t k = start[si]; k < start[si + 1]; k++)
			guide_watch(d, &ir->runbooks[v[k]]);
		mc_md_putc(md, '\n');
	}
	/* Entries of no service (account-wide). */
	if (start[ir->nservices] < start[ir->nservices + 1]) {
		mc_md_puts(md, "Account-wide:\n\n");
		for (size_t k = start[ir->nservices]; k < start[ir->nservices + 1]; k++)
			guide_watch(d, &ir->runbooks[v[k]]);
		mc_md_putc(md, '\n');
	}
	free(start);
	free(v);
}

/* The long or the short window of a burn-rate child: BurnRateWindowMinutes (Application
 * Signals), else its period times its evaluation periods. */
static uint64_t window_of(const mc_ir_alarm *a)
{
	for (size_t i = 0; a->metric && i < a->metric->ndims; i++)
		if (strcmp(a->metric->dims[i].name, "BurnRateWindowMinutes") == 0)
			return 60 * strtoull(a->metric->dims[i].value, NULL, 10);
	return (uint64_t)a->period_s * (a->evaluation_periods ? a->evaluation_periods : 1);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t ls = strlen(s), lt = strlen(tail);
	return ls >= lt && strcmp(s + ls - lt, tail) == 0;
}

static void burn_table(doc *d, const mc_ir_slo *s)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	double budget = 1 - s->objective;
	mc_md_puts(md, "| Tier | Long window | Short window | Burn rate | Error ratio above | "
	               "Budget spent when it fires | Alarm |\n"
	               "|------|-------------|--------------|-----------|-------------------|"
	               "----------------------------|-------|\n");
	for (size_t i = 0; i < s->ncomposites; i++) {
		const mc_ir_composite *c = mc_ir_find_composite(ir, s->composites[i]);
		if (!c || c->nchildren != 2)
			continue;
		const mc_ir_alarm *lo = mc_ir_find_alarm(ir, c->children[0]);
		const mc_ir_alarm *sh = mc_ir_find_alarm(ir, c->children[1]);
		if (!lo || !sh)
			continue;
		if (ends_with(lo->id, "/short") || window_of(lo) < window_of(sh)) {
			const mc_ir_alarm *t = lo;
			lo = sh;
			sh = t;
		}
		/* Application Signals children alarm on the burn rate; the others on the ratio. */
		bool app = lo->metric && strcmp(lo->metric->metric, "BurnRate") == 0;
		double factor = app          ? lo->threshold
		                : budget > 0 ? round(lo->threshold / budget * 1e6) / 1e6
		                             : 0;
		double ratio = app ? round(lo->threshold * budget * 1e12) / 1e12 : lo->threshold;
		mc_md_puts(md, "| ");
		mc_md_cell(md, or_dash(c->tier));
		mc_md_puts(md, " | ");
		short_duration(md, window_of(lo));
		mc_md_puts(md, " | ");
		short_duration(md, window_of(sh));
		mc_md_puts(md, " | ");
		mc_md_double(md, factor);
		mc_md_puts(md, " | ");
		mc_md_double(md, ratio);
		mc_md_puts(md, " | ");
		if (s->window_s)
			percent(md, factor * (double)window_of(lo) / (double)s->window_s);
		else
			mc_md_putc(md, '-');
		mc_md_puts(md, " | ");
		mc_md_code(md, c->name);
		mc_md_puts(md, " |\n");
	}
	mc_md_putc(md, '\n');
}

static void guide_slos(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	if (!ir->nslos)
		return;
	mc_md_heading(md, 2, "SLOs");
	mc_md_putc(md, '\n');
	mc_md_puts(md,
	           "Each SLO is a share of good requests over a rolling window. Its error budget "
	           "is what the objective leaves; burn-rate alerts fire when the budget is "
	           "spent fast enough to run out before the window ends (the multi-window "
	           "table of the Google SRE workbook: a long window to be sure, a short one "
	           "to stop promptly).\n\n");
	for (size_t i = 0; i < ir->nslos; i++) {
		const mc_ir_slo *s = &ir->slos[i];
		mc_buf h = MC_BUF_INIT;
		mc_buf_printf(&h, "%s: %s", or_dash(s->service), s->name);
		mc_md_heading(md, 3, mc_buf_str(&h));
		mc_buf_release(&h);
		mc_md_putc(md, '\n');
		double budget = 1 - s->objective;
		mc_md_puts(md, "- Objective: ");
		percent(md, s->objective);
		mc_md_puts(md, " good over ");
		span_words(md, s->window_s);
		mc_md_puts(md, ".\n- Error budget: ");
		percent(md, budget);
		mc_md_puts(md, " of the requests, as time: ");
		span_words(md, (uint64_t)llround((double)s->window_s * budget));
		mc_md_puts(md, " of total failure per ");
		span_words(md, s->window_s);
		mc_md_puts(md, ".\n- SLI: ");
		mc_md_text(md, or_dash(s->sli_kind));
		mc_md_puts(md, ", the error ratio is the last query below");
		if (s->application_signals)
			mc_md_puts(md, "; computed by CloudWatch Application Signals");
		mc_md_puts(md, ".\n\n");
		queries_table(md, s->queries, s->nqueries);
		if (s->app) {
			mc_md_puts(md, "Application Signals SLO ");
			mc_md_code(md, s->app->name);
			mc_md_puts(md, ": attainment goal ");
			mc_md_double(md, s->app->attainment_pct);
			mc_md_puts(md, "%, warning when less than ");
			mc_md_double(md, s->app->warning_pct);
			mc_md_printf(md, "%% of the budget is left, rolling interval %u ",
			             s->app->interval);
			mc_md_text(md, or_dash(s->app->interval_unit));
			mc_md_puts(md, ".\n\n");
		}
		if (s->ncomposites) {
			mc_md_puts(md,
			           "Burn-rate alerts (each fires when both windows are over the "
			           "ratio):\n\n");
			burn_table(d, s);
		} else {
			mc_md_puts(md, "No burn-rate alerts (`slo_alerting` is off): the SLO is "
			               "reported on dashboards only.\n\n");
		}
	}
}

static void guide_cost(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	size_t ncost = 0;
	for (size_t i = 0; i < ir->nalarms; i++)
		ncost += ir->alarms[i].origin == MC_IR_ORIGIN_COST;
	if (!ir->nbudgets && !ir->ncost_anomalies && !ncost)
		return;
	mc_md_heading(md, 2, "Cost");
	mc_md_putc(md, '\n');
	if (ir->nbudgets) {
		mc_md_puts(md, "AWS Budgets (amounts in USD per month):\n\n"
		               "| Budget | Amount | Alerts |\n|--------|--------|--------|\n");
		for (size_t i = 0; i < ir->nbudgets; i++) {
			const mc_ir_budget *b = &ir->budgets[i];
			mc_md_puts(md, "| ");
			mc_md_code(md, b->name);
			mc_md_puts(md, " | ");
			mc_md_double(md, b->amount);
			mc_md_puts(md, " | ");
			if (!b->nalerts)
				mc_md_puts(md, "none");
			for (size_t k = 0; k < b->nalerts; k++) {
				const struct mc_ir_budget_alert *a = &b->alerts[k];
				if (k)
					mc_md_puts(md, "<br>");
				mc_md_puts(md, a->forecast ? "forecast" : "actual");
				mc_md_puts(md, " spend at ");
				mc_md_double(md, a->percent);
				mc_md_puts(md, "%: ");
				mc_md_cell(md, or_dash(a->tier));
				mc_md_puts(md, " (");
				topics_words(md, ir, a->topics, a->ntopics, false);
				mc_md_putc(md, ')');
			}
			mc_md_puts(md, " |\n");
		}
		mc_md_putc(md, '\n');
	}
	if (ir->ncost_anomalies) {
		mc_md_puts(md, "Cost Anomaly Detection (one monitor per AWS service):\n\n");
		for (size_t i = 0; i < ir->ncost_anomalies; i++) {
			const mc_ir_cost_anomaly *a = &ir->cost_anomalies[i];
			mc_md_puts(md, "- ");
			mc_md_code(md, a->monitor_name);
			mc_md_puts(md, ": an anomaly whose impact is above ");
			mc_md_double(md, a->above_usd);
			mc_md_puts(md, " USD");
			if (a->above_percent > 0) {
				mc_md_puts(md, " and ");
				mc_md_double(md, a->above_percent);
				mc_md_puts(md, "% of the expected spend");
			}
			mc_md_puts(md, " is sent ");
			mc_md_text(md, a->frequency ? a->frequency : "IMMEDIATE");
			mc_md_puts(md, " as ");
			mc_md_text(md, or_dash(a->tier));
			mc_md_puts(md, " to ");
			topics_words(md, ir, a->topics, a->ntopics, false);
			mc_md_puts(md, ".\n");
		}
		mc_md_putc(md, '\n');
	}
	if (ncost) {
		mc_md_puts(md, "Billing alarms (`AWS/Billing` `EstimatedCharges`, us-east-1):\n\n");
		for (size_t i = 0; i < ir->nalarms; i++) {
			const mc_ir_alarm *a = &ir->alarms[i];
			if (a->origin != MC_IR_ORIGIN_COST)
				continue;
			mc_md_puts(md, "- ");
			mc_md_code(md, a->name);
			mc_md_puts(md, " (");
			mc_md_text(md, or_dash(a->tier));
			mc_md_puts(md, "): ");
			mc_md_text(md, or_dash(a->description));
			mc_md_putc(md, '\n');
		}
		mc_md_putc(md, '\n');
	}
}

static const char *preset_words(const char *preset)
{
	if (!preset)
		return "custom rows from the spec";
	if (strcmp(preset, "overview") == 0)
		return "real-time health of every service and the state of its alarms";
	if (strcmp(preset, "cost") == 0)
		return "spend this month, spend against the budget and the services that cost most";
	if (strcmp(preset, "executive") == 0)
		return "SLO attainment, error budget left, spend against the budget";
	if (strcmp(preset, "service") == 0)
		return "the detail of one service: its traffic, errors, latency and resources";
	if (strcmp(preset, "security") == 0)
		return "WAF effectiveness, suspicious activity and security events";
	if (strcmp(preset, "incident") == 0)
		return "what is in ALARM, alarm states by tier, burn rates, golden signals and "
		       "runbook links";
	if (strcmp(preset, "trends") == 0)
		return "performance week over week, and over the dashboard's whole range";
	return "a preset";
}

static const char *widget_kind(mc_ir_widget_kind k)
{
	switch (k) {
	case MC_IR_WIDGET_METRIC: return "graph";
	case MC_IR_WIDGET_SINGLE_VALUE: return "number";
	case MC_IR_WIDGET_LOG: return "logs";
	case MC_IR_WIDGET_ALARM: return "alarm status";
	case MC_IR_WIDGET_TEXT: return "text";
	}
	return "widget";
}

static void guide_dashboards(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	if (!ir->ndashboards)
		return;
	mc_md_heading(md, 2, "Dashboards");
	mc_md_putc(md, '\n');
	mc_md_puts(md, "| Dashboard | CloudWatch name | Shows | Widgets |\n"
	               "|-----------|-----------------|-------|---------|\n");
	for (size_t i = 0; i < ir->ndashboards; i++) {
		const mc_ir_dashboard *db = &ir->dashboards[i];
		mc_md_puts(md, "| ");
		mc_md_cell(md, db->title ? db->title : db->id);
		if (db->main)
			mc_md_puts(md, " (main)");
		mc_md_puts(md, " | ");
		mc_md_code(md, db->name);
		mc_md_puts(md, " | ");
		mc_md_cell(md, preset_words(db->preset));
		if (db->narrow)
			mc_md_puts(md, "; one column, for phones");
		mc_md_puts(md, " | ");
		/* Titled widgets by name, the rest counted by kind. */
		size_t shown = 0, untitled = 0;
		for (size_t k = 0; k < db->nwidgets; k++) {
			const mc_ir_widget *w = &db->widgets[k];
			if (!w->title || !*w->title || w->kind == MC_IR_WIDGET_TEXT) {
				untitled++;
				continue;
			}
			if (shown++)
				mc_md_puts(md, ", ");
			/* With the time range of comparisons: `Traffic: 7 days before`. */
			mc_buf t = MC_BUF_INIT;
			mc_dashboard_widget_title(w, true, &t);
			mc_md_cell(md, mc_buf_str(&t));
			mc_buf_release(&t);
			mc_md_printf(md, " (%s)", widget_kind(w->kind));
		}
		if (untitled)
			mc_md_printf(md, "%s%zu more", shown ? ", " : "", untitled);
		if (!db->nwidgets)
			mc_md_puts(md, "none");
		mc_md_puts(md, " |\n");
	}
	mc_md_putc(md, '\n');
	mc_md_printf(md,
	             "The main dashboard is also written as `cloudwatch-dashboard.json`; every "
	             "dashboard's body is in `dashboards/` and its Grafana twin in "
	             "`grafana/`. Open one in the console at "
	             "`https://console.aws.amazon.com/cloudwatch/home?region=%s#dashboards/"
	             "dashboard/NAME`.\n\n",
	             or_dash(ir->region));
}

/* One row of the tier table for a runbook entry, if it has items of the tier. */
static void tier_row(doc *d, const mc_ir_runbook *r, size_t ri, const mc_ir_tier *t)
{
	mc_md *md = d->md;
	size_t n = 0;
	for (size_t k = d->ref_start[ri]; k < d->ref_start[ri + 1]; k++) {
		alarm_ref a;
		if (!ref_get(d, k, &a) || !a.tier || strcmp(a.tier, t->name) != 0 ||
		    a.origin == MC_IR_ORIGIN_ESCALATION)
			continue;
		mc_md_puts(md, n++ ? "<br>" : "| ");
		mc_md_code(md, a.name);
	}
	for (size_t k = d->rules.start[ri]; k < d->rules.start[ri + 1]; k++) {
		const mc_ir_event_rule *e = d->rules.v[k];
		if (!e->tier || strcmp(e->tier, t->name) != 0)
			continue;
		mc_md_puts(md, n++ ? "<br>" : "| ");
		mc_md_code(md, e->name);
		mc_md_puts(md, " (EventBridge rule)");
	}
	if (!n)
		return;
	mc_md_puts(md, " | ");
	condition_lines(md, r->condition, t->name, "<br>", true);
	mc_md_puts(md, " | [");
	mc_md_cell(md, r->title);
	mc_md_puts(md, "](");
	runbook_link(d, r->id);
	mc_md_puts(md, ") |\n");
}

/* Whether an alarm, composite or rule (other than an escalation copy) has the tier. */
static bool tier_used(const mc_ir *ir, const char *tier)
{
	for (size_t i = 0; i < ir->nalarms; i++)
		if (ir->alarms[i].tier && ir->alarms[i].origin != MC_IR_ORIGIN_ESCALATION &&
		    strcmp(ir->alarms[i].tier, tier) == 0)
			return true;
	for (size_t i = 0; i < ir->ncomposites; i++)
		if (ir->composites[i].tier && ir->composites[i].origin != MC_IR_ORIGIN_ESCALATION &&
		    strcmp(ir->composites[i].tier, tier) == 0)
			return true;
	for (size_t i = 0; i < ir->nrules; i++)
		if (ir->rules[i].tier && strcmp(ir->rules[i].tier, tier) == 0)
			return true;
	return false;
}

static void guide_tiers(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	mc_md_heading(md, 2, "Alarms by tier");
	mc_md_putc(md, '\n');
	mc_md_puts(md, "Most severe first. SLO burn-rate alerts are listed by their composite "
	               "alarm; the metric alarms under it notify nobody themselves.\n\n");
	for (size_t ti = 0; ti < ir->ntiers; ti++) {
		const mc_ir_tier *t = &ir->tiers[ti];
		mc_md_heading(md, 3, t->name);
		mc_md_putc(md, '\n');
		mc_md_puts(md, "Respond within ");
		respond_words(md, t);
		mc_md_puts(md, "; notifies ");
		topics_words(md, ir, t->topics, t->ntopics, false);
		if (t->escalate_after_s) {
			mc_md_puts(md, "; still in ALARM after ");
			span_words(md, t->escalate_after_s);
			mc_md_puts(md, ", the escalation copy of the alarm (`NAME-escalation`) "
			               "notifies ");
			topics_words(md, ir, t->escalate_topics, t->nescalate_topics, false);
		}
		mc_md_puts(md, ".\n\n");
		if (!tier_used(ir, t->name)) {
			mc_md_puts(md, "No alarm uses this tier.\n\n");
			continue;
		}
		mc_md_puts(md,
		           "| Alarm | Condition | Runbook |\n|-------|-----------|---------|\n");
		for (size_t i = 0; i < ir->nrunbooks; i++)
			tier_row(d, &ir->runbooks[i], i, t);
		/* Alarms that link to no runbook (account-wide billing alarms). */
		for (size_t i = 0; i < ir->nalarms; i++) {
			const mc_ir_alarm *a = &ir->alarms[i];
			if (a->runbook || !a->tier || strcmp(a->tier, t->name) != 0 ||
			    a->origin == MC_IR_ORIGIN_ESCALATION)
				continue;
			mc_md_puts(md, "| ");
			mc_md_code(md, a->name);
			mc_md_puts(md, " | ");
			mc_md_cell(md, or_dash(a->description));
			mc_md_puts(md, " | - |\n");
		}
		mc_md_putc(md, '\n');
	}
}

static void guide_notify(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	if (!ir->ntopics)
		return;
	mc_md_heading(md, 2, "Notifications");
	mc_md_putc(md, '\n');
	mc_md_puts(
	        md,
	        "| Target | SNS topic | Subscriptions |\n|--------|-----------|---------------|\n");
	for (size_t i = 0; i < ir->ntopics; i++) {
		const mc_ir_topic *t = &ir->topics[i];
		mc_md_puts(md, "| ");
		mc_md_code(md, or_dash(t->target));
		mc_md_puts(md, " | ");
		mc_md_code(md, t->existing_arn ? t->existing_arn : t->name);
		if (t->existing_arn)
			mc_md_puts(md, " (existing)");
		mc_md_puts(md, " | ");
		if (!t->nsubscriptions)
			mc_md_puts(md, "none");
		for (size_t k = 0; k < t->nsubscriptions; k++) {
			if (k)
				mc_md_puts(md, "<br>");
			mc_md_cell(md, t->subscriptions[k].protocol);
			mc_md_putc(md, ' ');
			mc_md_code(md, t->subscriptions[k].endpoint);
		}
		mc_md_puts(md, " |\n");
	}
	mc_md_putc(md, '\n');
}

static void guide_change(doc *d)
{
	mc_md *md = d->md;
	const char *spec = d->ir->spec_path   ? d->ir->spec_path
	                   : d->cx->spec_path ? d->cx->spec_path
	                                      : "SPEC";
	mc_md_heading(md, 2, "How to change the spec");
	mc_md_putc(md, '\n');
	mc_md_puts(md, "Every file in this directory is generated; edits to them are lost at the "
	               "next build. To add, tune or remove an alarm, an SLO or a dashboard:\n\n"
	               "1. Edit ");
	mc_md_code(md, spec);
	mc_md_puts(md, ". Tune an alarm a kind brings with the service's `overrides:` "
	               "(`lb.latency-p99: { warning: \"> 1.5s for 10m\" }`, or `off`); write "
	               "`runbook: |` on an alarm to fill its section of the incident-response "
	               "runbook.\n2. Run `moncc check ");
	mc_md_puts(md, spec);
	mc_md_puts(md, "`: errors point at the line to fix, warnings (`moncc explain W0001`) at "
	               "probable mistakes.\n3. Run `moncc build ");
	mc_md_puts(md, spec);
	mc_md_puts(md, "` to regenerate the dashboards, `alarms.yaml`, the CloudFormation "
	               "templates, Grafana and these documents.\n4. Review the diff of the "
	               "generated files with the spec change, in the same pull request; CI runs "
	               "`moncc build --check` to make sure they match the spec.\n5. Deploy: the "
	               "templates in `cloudformation/` with `aws cloudformation deploy` (they hold the "
	               "dashboards too; `aws cloudwatch put-dashboard` sends one body alone).\n\n");
}

static void guide_blind_spots(doc *d)
{
	mc_md *md = d->md;
	mc_md_heading(md, 2, "Limits of what is watched");
	mc_md_putc(md, '\n');
	mc_md_puts(md, "- CloudWatch sees what AWS measures at the edge (load balancer, firewall, "
	               "instance): an answer with status 200 that carries an error, a stream "
	               "that stops half-way, or a slow background job are invisible unless the "
	               "application publishes its own metrics (`metrics:` in the spec).\n"
	               "- Alarms evaluate whole periods: a problem shorter than an alarm's "
	               "`for` does not fire it, and nothing fires before the first period "
	               "ends.\n"
	               "- Missing data is treated as each alarm says (mostly `not_breaching`): a "
	               "metric that stops being published reads as healthy.\n\n");
}

void mc_runbooks_guide(const mc_emit_ctx *cx, mc_md *md, const mc_ir_runbook_refs *refs)
{
	doc d;
	doc_init(&d, cx, md, refs);
	header(&d);
	title(&d, "Monitoring guide");
	guide_intro(&d);
	guide_requirements(&d);
	guide_services(&d);
	guide_slos(&d);
	guide_cost(&d);
	guide_dashboards(&d);
	guide_tiers(&d);
	guide_notify(&d);
	guide_change(&d);
	guide_blind_spots(&d);
	doc_free(&d);
}

/* ---- incident response ---- */

static void ir_severities(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	mc_md_heading(md, 2, "Severities");
	mc_md_putc(md, '\n');
	if (md->dry) /* only headings matter: see mc_runbooks_anchors */
		return;
	mc_md_puts(md, "The spec's tiers, most severe first. If unsure between two, treat the "
	               "incident as the more severe one and discuss it in the review.\n\n");
	mc_md_puts(md, "| Tier | Meaning | Respond within | Notifies | Escalates |\n"
	               "|------|---------|----------------|----------|-----------|\n");
	for (size_t i = 0; i < ir->ntiers; i++) {
		const mc_ir_tier *t = &ir->tiers[i];
		mc_md_puts(md, "| **");
		mc_md_cell(md, t->name);
		mc_md_puts(md, "** | ");
		const char *m = tier_meaning(t);
		if (m)
			mc_md_cell(md, m);
		else
			mc_md_printf(md, "Severity %u of %zu (1 is the most severe).", t->rank + 1,
			             ir->ntiers);
		mc_md_puts(md, " | ");
		respond_words(md, t);
		mc_md_puts(md, " | ");
		topics_words(md, ir, t->topics, t->ntopics, false);
		mc_md_puts(md, " | ");
		if (t->escalate_after_s) {
			mc_md_puts(md, "after ");
			span_words(md, t->escalate_after_s);
			mc_md_puts(md, " to ");
			topics_words(md, ir, t->escalate_topics, t->nescalate_topics, false);
		} else {
			mc_md_puts(md, "no");
		}
		mc_md_puts(md, " |\n");
	}
	mc_md_putc(md, '\n');
}

static void ir_escalation(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	mc_md_heading(md, 2, "Escalation");
	mc_md_putc(md, '\n');
	if (md->dry) /* only headings matter: see mc_runbooks_anchors */
		return;
	mc_md_puts(md, "Who is told, after how long, and how:\n\n");
	for (size_t i = 0; i < ir->ntiers; i++) {
		const mc_ir_tier *t = &ir->tiers[i];
		size_t nesc = 0;
		for (size_t k = 0; k < ir->nalarms; k++)
			nesc += ir->alarms[k].origin == MC_IR_ORIGIN_ESCALATION &&
			        ir->alarms[k].tier && strcmp(ir->alarms[k].tier, t->name) == 0;
		for (size_t k = 0; k < ir->ncomposites; k++)
			nesc += ir->composites[k].origin == MC_IR_ORIGIN_ESCALATION &&
			        ir->composites[k].tier &&
			        strcmp(ir->composites[k].tier, t->name) == 0;
		mc_md_puts(md, "- **");
		mc_md_text(md, t->name);
		if (t->ntopics) {
			mc_md_puts(md, "**: when an alarm of the tier fires, SNS tells ");
			topics_words(md, ir, t->topics, t->ntopics, true);
			mc_md_puts(md, ", and again when it returns to OK.");
		} else {
			mc_md_puts(md,
			           "**: notifies nobody; its alarms show on the dashboards and in "
			           "the CloudWatch console.");
		}
		if (t->escalate_after_s) {
			mc_md_puts(md, " Still in ALARM ");
			span_words(md, t->escalate_after_s);
			mc_md_puts(md, " after it fired, it escalates to ");
			topics_words(md, ir, t->escalate_topics, t->nescalate_topics, true);
			mc_md_printf(md, " (%zu escalation alarm%s).", nesc, nesc == 1 ? "" : "s");
		} else {
			mc_md_puts(md, " No automatic escalation.");
		}
		mc_md_putc(md, '\n');
	}
	mc_md_puts(md, "\nHow escalation works: CloudWatch has no \"still in ALARM after\" action, "
	               "so every alarm of an escalating tier has an escalation copy "
	               "(`NAME-escalation`) over the same data that needs the condition to hold "
	               "for the escalation delay longer (M + k of N + k periods); a burn-rate "
	               "composite gets an escalation composite over escalation copies of its two "
	               "windows. The copy notifies only the escalation targets and resolves by "
	               "itself. EventBridge events (Spot interruption notices) are not escalated: "
	               "an event has no duration.\n\n");
}

static void ir_roles(doc *d)
{
	mc_md *md = d->md;
	mc_md_heading(md, 2, "Roles");
	mc_md_putc(md, '\n');
	if (md->dry) /* only headings matter: see mc_runbooks_anchors */
		return;
	mc_md_puts(md, "For an incident of the most severe tier (or any incident that lasts longer "
	               "than its response time) name these roles at once; one person may hold "
	               "several in a small team, but the incident commander does not also fix.\n\n"
	               "- **Incident commander (IC)**: owns the incident, decides, keeps the "
	               "timeline, and says when it is over.\n"
	               "- **Operations**: investigates and mitigates, following the runbook "
	               "section of the alarm.\n"
	               "- **Communications**: posts status updates to stakeholders and users "
	               "(every 30 minutes for the most severe tier).\n"
	               "- **Scribe**: writes down what was seen and done, with times, for the "
	               "review.\n\n");
}

static void ir_lifecycle(doc *d)
{
	mc_md *md = d->md;
	mc_md_heading(md, 2, "Lifecycle");
	mc_md_putc(md, '\n');
	if (md->dry) /* only headings matter: see mc_runbooks_anchors */
		return;
	mc_md_puts(md, "1. **Detect**: an alarm notifies its tier's targets; its description links "
	               "to its section below.\n"
	               "2. **Triage**: acknowledge within the tier's response time; open the "
	               "dashboard of the section; decide the severity (when in doubt, the higher "
	               "one) and whether to name an incident commander.\n"
	               "3. **Mitigate**: restore service first (roll back, restart, scale, fail "
	               "over), safe and reversible steps before risky ones; find the root cause "
	               "later.\n"
	               "4. **Resolve**: the alarm is back to OK and the metric it watches has "
	               "stayed normal for at least one evaluation window.\n"
	               "5. **Review**: every incident of the most severe tier gets a blameless "
	               "review within five working days: timeline, impact, what helped, what to "
	               "change (alarms, thresholds and runbooks are changed in the spec).\n\n");
}

static void ir_communication(doc *d)
{
	mc_md *md = d->md;
	mc_md_heading(md, 2, "Communication");
	mc_md_putc(md, '\n');
	if (md->dry) /* only headings matter: see mc_runbooks_anchors */
		return;
	mc_md_puts(md, "Status update template:\n\n"
	               "```text\n"
	               "[TIER] SERVICE: WHAT USERS SEE (since HH:MM UTC)\n"
	               "Impact: who is affected and how\n"
	               "Status: investigating | mitigating | monitoring | resolved\n"
	               "Next update: HH:MM UTC\n"
	               "```\n\n");
}

static void ir_index(doc *d)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	mc_md_heading(md, 2, "Runbooks");
	mc_md_putc(md, '\n');
	if (md->dry) /* only headings matter: see mc_runbooks_anchors */
		return;
	if (!ir->nrunbooks) {
		mc_md_puts(md, "The spec has no alarms, so there are no runbook sections.\n\n");
		return;
	}
	mc_md_puts(md, "One section per alarm (with all its tiers), SLO and event; each alarm's "
	               "description links to its section.\n\n"
	               "| Section | Tier | Alarms |\n|---------|------|--------|\n");
	for (size_t i = 0; i < ir->nrunbooks; i++) {
		const mc_ir_runbook *r = &ir->runbooks[i];
		mc_md_puts(md, "| [");
		mc_md_cell(md, r->title);
		mc_md_puts(md, "](#");
		mc_md_puts(md, r->id);
		mc_md_puts(md, ") | ");
		mc_md_cell(md, or_dash(r->tier));
		mc_md_puts(md, " | ");
		mc_md_uint(md, r->nalarms + (d->rules.start[i + 1] - d->rules.start[i]));
		mc_md_puts(md, " |\n");
	}
	mc_md_putc(md, '\n');
}

/* Log widgets of dashboard di, found once. */
static void log_widgets(doc *d, size_t di, const mc_ir_widget ***v, size_t *n)
{
	if (!d->logw_done[di]) {
		const mc_ir_dashboard *db = &d->ir->dashboards[di];
		size_t cap = 0;
		for (size_t k = 0; k < db->nwidgets; k++)
			if (db->widgets[k].kind == MC_IR_WIDGET_LOG && db->widgets[k].log_query &&
			    d->nlogw[di] < MAX_LOG_WIDGETS) {
				MC_GROW(d->logw[di], cap, d->nlogw[di] + 1);
				d->logw[di][d->nlogw[di]++] = &db->widgets[k];
			}
		d->logw_done[di] = true;
	}
	*v = d->logw[di];
	*n = d->nlogw[di];
}

static void query_block(mc_md *md, const char *title, const char *const *groups, size_t ngroups,
                        const char *query)
{
	mc_md_puts(md, "- ");
	mc_md_text(md, title);
	if (ngroups) {
		mc_md_puts(md, " (log group");
		mc_md_puts(md, ngroups == 1 ? " " : "s ");
		for (size_t g = 0; g < ngroups; g++) {
			if (g)
				mc_md_puts(md, ", ");
			mc_md_code(md, groups[g]);
		}
		mc_md_putc(md, ')');
	}
	mc_md_puts(md, ":\n\n  ```text\n");
	for (const char *l = query; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		mc_md_puts(md, "  ");
		if (!md->dry)
			mc_buf_add(&md->buf, l, n);
		mc_md_putc(md, '\n');
		l += n + (nl ? 1 : 0);
	}
	mc_md_puts(md, "  ```\n\n");
}

/*
 * The resource an alarm id names (`chat/app.failed-logins/critical` -> `app`, length in
 * *len), or NULL for a service's own alarm (`chat/slow-chats/warning`).
 */
static const char *alarm_resource(const char *id, size_t *len)
{
	const char *slash = id ? strchr(id, '/') : NULL;
	if (!slash)
		return NULL;
	const char *res = slash + 1;
	size_t n = strcspn(res, "./");
	if (res[n] != '.')
		return NULL;
	*len = n;
	return res;
}

/* The parent of a service's resource (a composed kind's sub-resource), or NULL. */
static const char *resource_parent(const mc_ir *ir, const char *service, const char *res,
                                   size_t len)
{
	const mc_ir_service *sv = mc_ir_find_service(ir, service);
	for (size_t k = 0; sv && k < sv->nresources; k++)
		if (strlen(sv->resources[k].name) == len &&
		    strncmp(sv->resources[k].name, res, len) == 0)
			return sv->resources[k].parent;
	return NULL;
}

/* Whether saved query id `SERVICE/RES.NAME` belongs to resource res (len bytes). */
static bool query_of(const char *qid, size_t ls, const char *res, size_t len)
{
	return res && strncmp(qid + ls + 1, res, len) == 0 && qid[ls + 1 + len] == '.';
}

/*
 * Logs Insights queries for a section: the saved queries of the alarm's resource and of the
 * resource that composed it (a service's own alarm gets all the service's), and the log
 * widgets of the dashboard to open. A service of many resources has many queries; each
 * section lists the ones that look at what fired.
 */
static void section_queries(doc *d, const mc_ir_runbook *r, const mc_ir_dashboard *db)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	size_t first = ir->nlog_queries, last = ir->nlog_queries, ls = 0;
	const char *res = NULL, *parent = NULL;
	size_t res_len = 0;
	if (r->service) {
		/* Saved queries are sorted by id, `SERVICE/...`: binary search finds the range. */
		ls = strlen(r->service);
		size_t lo = 0, hi = ir->nlog_queries;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strncmp(ir->log_queries[mid].id, r->service, ls);
			if (c == 0)
				c = ir->log_queries[mid].id[ls] < '/' ? -1 : 0;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		first = last = lo;
		while (last < ir->nlog_queries &&
		       strncmp(ir->log_queries[last].id, r->service, ls) == 0 &&
		       ir->log_queries[last].id[ls] == '/')
			last++;
		/* Most services have no saved query: skip the lookups for them. */
		res = first < last && r->nalarms ? alarm_resource(r->alarms[0], &res_len) : NULL;
		if (res)
			parent = resource_parent(ir, r->service, res, res_len);
	}
	size_t nq = 0;
	for (size_t i = first; i < last; i++) {
		const char *qid = ir->log_queries[i].id;
		if (!res || query_of(qid, ls, res, res_len) ||
		    (parent && query_of(qid, ls, parent, strlen(parent))))
			nq++;
	}
	const mc_ir_widget **w = NULL;
	size_t nw = 0;
	if (db)
		log_widgets(d, (size_t)(db - ir->dashboards), &w, &nw);
	if (!nq && !nw)
		return;
	mc_md_puts(md, "**Logs Insights queries.**\n\n");
	for (size_t i = first; i < last; i++) {
		const mc_ir_log_query *q = &ir->log_queries[i];
		if (res && !query_of(q->id, ls, res, res_len) &&
		    !(parent && query_of(q->id, ls, parent, strlen(parent))))
			continue;
		query_block(md, q->name, q->log_groups, q->nlog_groups, q->query);
	}
	for (size_t i = 0; i < nw; i++)
		query_block(md, w[i]->title ? w[i]->title : "Dashboard logs", w[i]->log_groups,
		            w[i]->nlog_groups, w[i]->log_query);
}

static void section(doc *d, size_t ri, mc_runbook_anchor_fn fn, void *ud)
{
	mc_md *md = d->md;
	const mc_ir *ir = d->ir;
	const mc_ir_runbook *r = &ir->runbooks[ri];
	const char *anchor = mc_md_heading(md, 3, r->title);
	if (fn)
		fn(ud, r, anchor);
	mc_md_putc(md, '\n');
	if (md->dry) { /* only the headings a body may hold count */
		mc_md_block(md, r->body);
		return;
	}
	const mc_ir_tier *t = find_tier(ir, r->tier);
	const mc_ir_service *s = find_service(ir, r->service);
	/* Title + tier + owner (catalogue §8.4, 1). */
	if (r->tier) {
		mc_md_puts(md, "**Tier:** ");
		mc_md_text(md, r->tier);
		mc_md_puts(md, ", respond within ");
		respond_words(md, t);
		mc_md_puts(md, ".");
	}
	if (s) {
		mc_md_puts(md, r->tier ? " **Service:** " : "**Service:** ");
		mc_md_code(md, s->name);
		if (s->owner) {
			mc_md_puts(md, ", owned by ");
			mc_md_text(md, s->owner);
		}
		mc_md_putc(md, '.');
	}
	mc_md_puts(md, "\n\n**What it means.** ");
	mc_md_text(md, r->meaning ? r->meaning : "No description was written for this alarm.");
	mc_md_puts(md, "\n\n");
	automatic_actions(d, ri);
	if (r->condition) {
		mc_md_puts(md, "**Condition.**\n\n");
		for (const char *l = r->condition; *l;) {
			const char *nl = strchr(l, '\n');
			size_t n = nl ? (size_t)(nl - l) : strlen(l);
			char *line = mc_xstrndup(l, n);
			mc_md_puts(md, "- ");
			mc_md_text(md, line);
			mc_md_putc(md, '\n');
			free(line);
			l += n + (nl ? 1 : 0);
		}
		mc_md_putc(md, '\n');
	}
	const mc_ir_dashboard *db = r->dashboard ? mc_ir_find_dashboard(ir, r->dashboard) : NULL;
	if (db) {
		mc_md_puts(md, "**Dashboard.** Open ");
		mc_md_text(md, db->title ? db->title : db->name);
		/* Not printf: one per runbook section (about 3 % of a build's instructions). */
		mc_md_puts(md, " ([`");
		mc_md_puts(md, db->name);
		mc_md_puts(md, "`](https://console.aws.amazon.com/cloudwatch/home?region=");
		mc_md_puts(md, or_dash(ir->region));
		mc_md_puts(md, "#dashboards/dashboard/");
		mc_md_puts(md, db->name);
		mc_md_puts(md, ")).\n\n");
	}
	section_queries(d, r, db);
	if (r->body && *r->body) {
		mc_md_puts(md, "**Diagnosis and mitigation.**\n\n");
		mc_md_block(md, r->body);
		mc_md_putc(md, '\n');
	} else {
		mc_md_puts(md,
		           "**Diagnosis and mitigation.** No runbook text was written for this "
		           "alarm yet: check the dashboard above for what changed when it fired "
		           "(a deploy, traffic, a replaced instance), mitigate with a safe, "
		           "reversible step, and then add `runbook: |` to the alarm in the spec "
		           "so the next person knows.\n\n");
	}
	/* When to escalate. */
	mc_md_puts(md, "**When to escalate.** ");
	if (t && t->escalate_after_s) {
		mc_md_puts(md, "Still in ALARM ");
		span_words(md, t->escalate_after_s);
		mc_md_puts(md, " after it fired, the escalation alarm notifies ");
		topics_words(md, ir, t->escalate_topics, t->nescalate_topics, false);
		mc_md_puts(md, " by itself. ");
	}
	mc_md_puts(md, t && t->escalate_after_s ? "Escalate sooner when it is not mitigated within "
	                                        : "Escalate to the next level when it is not "
	                                          "mitigated within ");
	respond_words(md, t);
	mc_md_puts(md, ", when users are affected and the cause is unclear, or when the cause is "
	               "outside the service (a provider, AWS: open a support case)");
	if (s && s->owner) {
		mc_md_puts(md, "; the service's owner is ");
		mc_md_text(md, s->owner);
	}
	mc_md_puts(md, ".\n\n");
	/* The alarms that link here. */
	mc_md_puts(md, "**Alarms.**");
	size_t listed = 0;
	for (size_t k = d->ref_start[ri]; k < d->ref_start[ri + 1]; k++) {
		alarm_ref a;
		if (!ref_get(d, k, &a))
			continue;
		mc_md_puts(md, listed++ ? ", " : " ");
		mc_md_code(md, a.name);
		if (a.origin == MC_IR_ORIGIN_ESCALATION)
			mc_md_puts(md, " (escalation)");
		else if (a.composite)
			mc_md_puts(md, " (composite)");
		else if (!a.tier)
			mc_md_puts(md, " (burn-rate window)");
		else {
			mc_md_puts(md, " (");
			mc_md_text(md, a.tier);
			mc_md_putc(md, ')');
		}
	}
	for (size_t k = d->rules.start[ri]; k < d->rules.start[ri + 1]; k++) {
		const mc_ir_event_rule *e = d->rules.v[k];
		mc_md_puts(md, listed++ ? ", " : " ");
		mc_md_code(md, e->name);
		mc_md_puts(md, " (EventBridge rule)");
	}
	mc_md_puts(md, "\n\n");
}

static void incident(const mc_emit_ctx *cx, mc_md *md, const mc_ir_runbook_refs *refs,
                     mc_runbook_anchor_fn fn, void *ud)
{
	doc d;
	doc_init(&d, cx, md, refs);
	const mc_ir *ir = d.ir;
	header(&d);
	title(&d, "Incident response");
	mc_md_puts(md, "What to do when an alarm fires. Every alarm's description ends with a link "
	               "to its section under [Runbooks](#runbooks). Generated by moncc from ");
	mc_md_code(md, ir->spec_path ? ir->spec_path : cx->spec_path ? cx->spec_path : "the spec");
	mc_md_puts(md, ": change the spec, not this file.\n\n");
	ir_severities(&d);
	ir_escalation(&d);
	ir_roles(&d);
	ir_lifecycle(&d);
	ir_communication(&d);
	ir_index(&d);
	for (size_t i = 0; i < ir->nrunbooks; i++)
		section(&d, i, fn, ud);
	doc_free(&d);
}

void mc_runbooks_incident(const mc_emit_ctx *cx, mc_md *md, const mc_ir_runbook_refs *refs)
{
	incident(cx, md, refs, NULL, NULL);
}

void mc_runbooks_anchors(const mc_ir *ir, mc_runbook_anchor_fn fn, void *ud)
{
	mc_emit_ctx cx = {.ir = ir};
	mc_md md;
	mc_md_init(&md, NULL, NULL, true);
	incident(&cx, &md, NULL, fn, ud); /* a dry run resolves no references */
	mc_md_release(&md);
}
