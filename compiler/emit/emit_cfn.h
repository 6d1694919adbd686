/*
 * The CloudFormation emitter's inner interface (emit_cfn.c), for mc_emit_cloudformation and
 * the unit tests: logical ids, and the templates of an IR handed to a callback one by one.
 *
 * Templates: `monitoring.yaml` when everything fits in one template, else `monitoring-1.yaml`,
 * `monitoring-2.yaml`, ... (the first one holds the SNS topics and exports their ARNs; the
 * others import them), plus `us-east-1-billing.yaml` for budgets and Cost Anomaly Detection
 * when the spec's region is not us-east-1. docs/cloudformation.md explains the layout and
 * the deploy order.
 */
#ifndef MC_EMIT_EMIT_CFN_H
#define MC_EMIT_EMIT_CFN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "emit/emit.h"

/* Where a template is split: CloudFormation allows 500 resources and 1 MB per template. */
typedef struct {
	size_t max_resources; /* 500 */
	size_t max_bytes;     /* of the Resources section: 900 KB leaves room for the rest */
} mc_cfn_limits;

#define MC_CFN_MAX_RESOURCES 500
#define MC_CFN_MAX_BYTES (900u * 1024u)

/*
 * The CamelCase logical id of an IR id or derived key ("chat/host.memory/critical" ->
 * "ChatHostMemoryCritical"; "topic/pager#policy" -> "TopicPagerPolicy"): every run of
 * letters and digits is a part whose first letter is made upper case, everything else is
 * dropped. With `hashed`, or when longer than 255 characters, it ends in 6 hex digits of a
 * hash of the key (the truncated id still unique and stable). Appends to out.
 */
void mc_cfn_logical_id(const char *key, bool hashed, mc_buf *out);

/* Receives one finished template: its file name (no directory) and its text. */
typedef void (*mc_cfn_sink)(void *arg, const char *name, const char *text, size_t len);

/*
 * Writes every template of cx->ir to sink, in order (the billing template last); adds to
 * cx->counts (templates, resources) when set. A zero limit means CloudFormation's
 * (MC_CFN_MAX_RESOURCES, MC_CFN_MAX_BYTES). Returns the number of templates.
 */
size_t mc_cfn_generate(const mc_emit_ctx *cx, mc_cfn_limits lim, mc_cfn_sink sink, void *arg);

#endif
