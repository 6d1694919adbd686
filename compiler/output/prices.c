/*
 * The one price table of moncc, and the cost estimate of an IR built from it.
 *
 * Amazon CloudWatch list prices, US East (N. Virginia), USD per month, as read on 2026-12-04
 * for https://aws.amazon.com/cloudwatch/pricing/ ("Paid tier", tabs Alarms and Dashboards):
 *   - standard-resolution alarm: 0.10 per alarm metric; high-resolution: 0.30 per alarm metric;
 *   - an alarm over metric math is billed per metric in its expression(s);
 *   - an anomaly-detection alarm is billed as 3 alarm metrics (the metric and the two
 *     bounds of its band) at the alarm's resolution;
 *   - composite alarm: 0.50 per alarm;
 *   - dashboard: 3.00 per dashboard per month; the free tier covers 3 custom dashboards of up
 *     to 50 metrics each (the free tier's 10 standard alarm metrics are not subtracted: other
 *     alarms of the account use them up first).
 * What could be confirmed where: the free tier (3 dashboards, 10 alarm metrics) was read on the
 * AWS page itself; the paid-tier rates (0.10, 0.30, 0.50, 3.00) and the anomaly rule come from
 * secondary pages quoting it (cloudburn.io, February 2026; c3x.dev), not from the AWS page's
 * own text, which the stored copy did not include. docs/build.md repeats this. Change prices
 * here and nowhere else.
 */
#include "output/prices.h"

#include <stdbool.h>
#include <string.h>

const mc_price_table mc_prices = {
	.region = "us-east-1",
	.as_of = "2026-12-04",
	.alarm_metric = 0.10,
	.high_res_alarm_metric = 0.30,
	.composite_alarm = 0.50,
	.anomaly_metrics = 3,
	.dashboard = 3.00,
	.free_dashboards = 3,
};

/* The metrics an alarm evaluates: 1 for a plain metric, else its metric queries. */
static size_t alarm_metrics(const mc_ir_alarm *a)
{
	if (a->metric)
		return 1;
	size_t n = 0;
	for (size_t i = 0; i < a->nqueries; i++)
		n += a->queries[i].metric != NULL;
	return n ? n : 1; /* an expression without metrics (a constant) still costs one */
}

void mc_cost_estimate_ir(const mc_ir *ir, mc_cost_estimate *c)
{
	memset(c, 0, sizeof *c);
	size_t anomaly_high_res = 0;
	for (size_t i = 0; i < ir->nalarms; i++) {
		const mc_ir_alarm *a = &ir->alarms[i];
		bool high_res = a->period_s > 0 && a->period_s < 60;
		c->alarms++;
		if (a->threshold_metric_id) {
			c->anomaly_alarms++;
			c->anomaly_metrics += mc_prices.anomaly_metrics;
			anomaly_high_res += high_res;
			continue;
		}
		if (!a->metric)
			c->math_alarms++;
		if (high_res)
			c->high_res_metrics += alarm_metrics(a);
		else
			c->standard_metrics += alarm_metrics(a);
	}
	c->composites = ir->ncomposites;
	c->dashboards = ir->ndashboards;

	c->standard_usd = (double)c->standard_metrics * mc_prices.alarm_metric;
	c->high_res_usd = (double)c->high_res_metrics * mc_prices.high_res_alarm_metric;
	size_t anomaly_std = c->anomaly_alarms - anomaly_high_res;
	c->anomaly_usd = (double)(anomaly_std * mc_prices.anomaly_metrics) * mc_prices.alarm_metric +
	                 (double)(anomaly_high_res * mc_prices.anomaly_metrics) *
	                     mc_prices.high_res_alarm_metric;
	c->composite_usd = (double)c->composites * mc_prices.composite_alarm;
	size_t paid = c->dashboards > mc_prices.free_dashboards
	                  ? c->dashboards - mc_prices.free_dashboards
	                  : 0;
	c->dashboard_usd = (double)paid * mc_prices.dashboard;
	c->total_usd = c->standard_usd + c->high_res_usd + c->anomaly_usd + c->composite_usd +
	               c->dashboard_usd;
}
