/*
 * The CloudWatch DashboardBody of one IR dashboard (aws-notes.md §1), as compact JSON text.
 *
 * One function, shared by two emitters: emit_cloudwatch.c writes the text as
 * `dashboards/NAME.json` (and `cloudwatch-dashboard.json` for the main dashboard), and the
 * CloudFormation emitter embeds the very same text as the DashboardBody string of an
 * AWS::CloudWatch::Dashboard. It is therefore a pure function of the IR: no timestamps, no
 * paths, numbers in mc_buf_double's format, keys in a fixed order, IR arrays in IR order.
 */
#ifndef MC_EMIT_EMIT_DASHBOARD_BODY_H
#define MC_EMIT_EMIT_DASHBOARD_BODY_H

#include "base/buf.h"
#include "ir/ir.h"

/*
 * Appends the DashboardBody JSON of db (a dashboard of ir) to out: one line, no trailing
 * newline. Alarm widgets name alarms by ARN, `arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME`,
 * where ACCOUNT is the spec's `account:` or the literal `${AWS_ACCOUNT_ID}` (as in
 * emit_common.h's ARNs). Never fails.
 */
void mc_emit_dashboard_body(const mc_ir *ir, const mc_ir_dashboard *db, mc_buf *out);

/* The horizontal-annotation colour of a tier (`#d62728` for the most severe ...), or NULL. */
const char *mc_dashboard_tier_color(const mc_ir *ir, const char *tier);

/*
 * A Logs Insights query in the form CloudWatch's log widgets and the console write it: each
 * top-level ` | ` becomes a line break before the pipe ("\n| "), pipes inside quotes or
 * regular expressions stay. Appends to out.
 */
void mc_dashboard_log_query(const char *query, mc_buf *out);

/* A relative start of s seconds as CloudWatch writes it: `-P7D`, `-PT3H`, `-PT5M`. */
void mc_dashboard_iso_start(mc_buf *out, uint64_t s);

/*
 * A widget's title as shown, appended to out: the IR title, and for a widget with its own
 * time range the range in words (`: last 7 days`); a shifted one reads `: 7 days before`
 * where the dashboard can shift a widget (can_shift: Grafana), else `: last 14 days (the
 * earlier 7 days on the left)` (CloudWatch).
 */
void mc_dashboard_widget_title(const mc_ir_widget *w, bool can_shift, mc_buf *out);

/* The region of an alarm or composite id: its metrics' region (billing: us-east-1), else the
 * spec's. */
const char *mc_dashboard_alarm_region(const mc_ir *ir, const char *alarm_id);

#endif
