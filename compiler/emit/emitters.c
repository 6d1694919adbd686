/*
 * The emitter table: every emitter `moncc build` runs, in the order it runs them.
 *
 * Order matters only for the summary, the order files are committed in, and which emitter a
 * path conflict names first (the emitters run in parallel, but their files are joined in this
 * order); every emitter reads the same const IR and writes its own files. The weights are
 * each emitter's CPU time in ms at 1,000 services (docs/performance.md, third round). Adding an output is one line here
 * and one emit_*.c file with its function declared in emit.h.
 */
#include "emit/emit.h"

const mc_emitter mc_emitters[] = {
	{"cloudwatch", "CloudWatch dashboard bodies (cloudwatch-dashboard.json, dashboards/)",
	 mc_emit_cloudwatch, 20},
	{"alarms", "the alarm catalogue in PutMetricAlarm/PutCompositeAlarm shapes (alarms.yaml)",
	 mc_emit_alarms, 170},
	{"cloudformation", "CloudFormation templates of every resource (cloudformation/)",
	 mc_emit_cloudformation, 280},
	{"grafana", "Grafana dashboards on a CloudWatch data source (grafana/)", mc_emit_grafana,
	 40},
	{"runbooks", "the monitoring guide and the incident-response runbook (docs/)",
	 mc_emit_runbooks, 220},
	{NULL, NULL, NULL, 0},
};
