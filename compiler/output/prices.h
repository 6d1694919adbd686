/*
 * The estimated monthly CloudWatch cost of what a build generates, from one price table
 * (prices.c). Counted from the IR: what is deployed is what the IR describes.
 */
#ifndef MC_OUTPUT_PRICES_H
#define MC_OUTPUT_PRICES_H

#include <stddef.h>

#include "ir/ir.h"

/* USD per month, one unit each. */
typedef struct {
	const char *region;         /* the region the prices are for */
	const char *as_of;          /* the date they were read */
	double alarm_metric;        /* standard-resolution alarm, per metric it evaluates */
	double high_res_alarm_metric; /* high-resolution (period < 60 s), per metric */
	double composite_alarm;     /* per composite alarm */
	unsigned anomaly_metrics;   /* an anomaly-detection alarm is billed as this many metrics */
	double dashboard;           /* per custom dashboard beyond the free ones */
	unsigned free_dashboards;   /* dashboards free per account and month */
} mc_price_table;

extern const mc_price_table mc_prices;

typedef struct {
	size_t alarms;              /* metric alarms of every kind */
	size_t standard_metrics;    /* alarm metrics at standard resolution (not anomaly) */
	size_t high_res_metrics;    /* alarm metrics at high resolution (not anomaly) */
	size_t math_alarms;         /* alarms over metric math, priced per metric (in the above) */
	size_t anomaly_alarms;
	size_t anomaly_metrics;     /* anomaly alarms x mc_prices.anomaly_metrics */
	size_t composites;
	size_t dashboards;
	double standard_usd, high_res_usd, anomaly_usd, composite_usd, dashboard_usd;
	double total_usd;
} mc_cost_estimate;

void mc_cost_estimate_ir(const mc_ir *ir, mc_cost_estimate *out);

#endif
