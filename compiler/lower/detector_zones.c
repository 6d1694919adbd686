/*
 * E0381: anomaly detectors of one metric that disagree on the time zone.
 *
 * Consumes the context's detectors after the alarm step; produces diagnostics only.
 * CloudWatch keeps one anomaly-detection model per metric and statistic (namespace, name,
 * dimensions, statistic), so two band alarms on the same metric (a warning and a critical
 * tier, a spec alarm and a kind's) share it: a `timezone:` on one and another (or none) on
 * the other cannot both hold. Each clash is reported once per later detector, at its alarm,
 * with the first detector of that metric as the secondary label. Sorting the detectors by
 * their metric makes this O(n log n).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "lower/lower_internal.h"

typedef struct {
	char *key;   /* namespace, name, dimensions and statistic, separated by \x1f */
	size_t i;    /* detector index, the tie-break: the first written comes first */
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

static char *metric_key(const mc_ir_metric *m)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_printf(&b, "%s\x1f%s\x1f%s", m->ns, m->metric, m->stat);
	for (size_t k = 0; k < m->ndims; k++) /* dims are sorted by name */
		mc_buf_printf(&b, "\x1f%s=%s", m->dims[k].name, m->dims[k].value);
	char *s = mc_xstrdup(mc_buf_str(&b));
	mc_buf_release(&b);
	return s;
}

static bool same_zone(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *zone_words(const char *tz)
{
	return tz ? tz : "none (UTC)";
}

void mc_lower_check_detector_zones(mc_lower_ctx *cx)
{
	size_t n = cx->ndetectors;
	bool any = false;
	for (size_t i = 0; i < n && !any; i++)
		any = cx->detectors[i].timezone != NULL;
	if (!any || n < 2)
		return; /* without a time zone anywhere there is nothing to disagree on */
	keyed *v = mc_xmalloc(n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (keyed){metric_key(&cx->detectors[i].metric), i};
	qsort(v, n, sizeof *v, cmp_keyed);
	for (size_t lo = 0, hi; lo < n; lo = hi) {
		hi = lo + 1;
		while (hi < n && strcmp(v[hi].key, v[lo].key) == 0)
			hi++;
		const mc_ir_anomaly_detector *first = &cx->detectors[v[lo].i];
		for (size_t k = lo + 1; k < hi; k++) {
			const mc_ir_anomaly_detector *d = &cx->detectors[v[k].i];
			if (same_zone(d->timezone, first->timezone))
				continue;
			mc_diag *g = mc_diag_add(cx->d, MC_E0381, d->span,
			                         "anomaly alarms on `%s` disagree on the time zone",
			                         d->metric.metric);
			mc_diag_label_primary(cx->d, g, "time zone %s here",
			                      zone_words(d->timezone));
			mc_diag_label(cx->d, g, first->span, "time zone %s here",
			              zone_words(first->timezone));
			mc_diag_note(cx->d, g, "CloudWatch keeps one anomaly-detection model per "
			                       "metric and statistic, with one time zone");
			mc_diag_help(cx->d, g, "give both band conditions the same `timezone:`");
		}
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}
