/*
 * Helpers every emitter shares: IR lookups by id, AWS spellings of IR enums, ARNs.
 */
#ifndef MC_EMIT_EMIT_COMMON_H
#define MC_EMIT_EMIT_COMMON_H

#include <stddef.h>

#include "base/buf.h"
#include "ir/ir.h"

/* Items by IR id (binary search: IR arrays are sorted by id); NULL when absent. */
const mc_ir_alarm *mc_ir_find_alarm(const mc_ir *ir, const char *id);
const mc_ir_composite *mc_ir_find_composite(const mc_ir *ir, const char *id);
const mc_ir_topic *mc_ir_find_topic(const mc_ir *ir, const char *id);
const mc_ir_runbook *mc_ir_find_runbook(const mc_ir *ir, const char *id);
const mc_ir_dashboard *mc_ir_find_dashboard(const mc_ir *ir, const char *id);
/* The AWS name of an alarm or composite id (either kind), or NULL. */
const char *mc_ir_alarm_name(const mc_ir *ir, const char *id);

/* ComparisonOperator / TreatMissingData spellings of the API and CloudFormation. */
const char *mc_ir_cmp_aws(mc_ir_cmp cmp);
const char *mc_ir_missing_aws(mc_ir_missing m);

/* The region an item lives in: its own, else the spec's. */
const char *mc_ir_region(const mc_ir *ir, const char *own);

/*
 * ARNs for the API shapes (alarms.yaml): `arn:aws:sns:REGION:ACCOUNT:NAME`. Without an
 * `account:` in the spec the account is written as `${AWS_ACCOUNT_ID}`, for envsubst or the
 * sending script to fill (docs/build.md says so). An `sns:` target's ARN is used as given.
 */
void mc_ir_topic_arn(const mc_ir *ir, const mc_ir_topic *t, mc_buf *out);
/* `arn:aws:automate:REGION:ec2:recover` for "ec2:recover"; other actions as ARNs likewise. */
void mc_ir_action_arn(const mc_ir *ir, const char *action, mc_buf *out);

/* The anchor URL of a runbook entry: runbook_base + "#" + id, or just "#id" without a base. */
void mc_ir_runbook_url(const mc_ir *ir, const char *runbook_id, mc_buf *out);

/*
 * An alarm's or rule's description as AWS gets it, in alarms.yaml and CloudFormation alike:
 * what it means, then ` Runbook: URL` (when runbook_id is set), within max bytes. One line:
 * control characters become spaces. Too long, the meaning is cut (with `...`), never the
 * link; a link that alone is too long is left out. Replaces the contents of out.
 */
void mc_ir_description(const mc_ir *ir, const char *what, const char *runbook_id, size_t max,
                       mc_buf *out);

#endif
