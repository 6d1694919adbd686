/* Helpers shared by the emitters; see emit_common.h. */
#include "emit/emit_common.h"

#include <stdint.h>
#include <string.h>

#include "base/swar.h"
#include "base/utf8.h"
#include "ir/ir_index.h"

/* Lookups by id go through the IR's index (ir_index.h). */
const mc_ir_alarm *mc_ir_find_alarm(const mc_ir *ir, const char *id)
{
	long at = mc_ir_index_find(ir, MC_IR_TABLE_ALARMS, id);
	return at < 0 ? NULL : &ir->alarms[at];
}

const mc_ir_composite *mc_ir_find_composite(const mc_ir *ir, const char *id)
{
	long at = mc_ir_index_find(ir, MC_IR_TABLE_COMPOSITES, id);
	return at < 0 ? NULL : &ir->composites[at];
}

const mc_ir_topic *mc_ir_find_topic(const mc_ir *ir, const char *id)
{
	long at = mc_ir_index_find(ir, MC_IR_TABLE_TOPICS, id);
	return at < 0 ? NULL : &ir->topics[at];
}

const mc_ir_runbook *mc_ir_find_runbook(const mc_ir *ir, const char *id)
{
	long at = mc_ir_index_find(ir, MC_IR_TABLE_RUNBOOKS, id);
	return at < 0 ? NULL : &ir->runbooks[at];
}

const mc_ir_dashboard *mc_ir_find_dashboard(const mc_ir *ir, const char *id)
{
	long at = mc_ir_index_find(ir, MC_IR_TABLE_DASHBOARDS, id);
	return at < 0 ? NULL : &ir->dashboards[at];
}

const char *mc_ir_alarm_name(const mc_ir *ir, const char *id)
{
	const mc_ir_alarm *a = mc_ir_find_alarm(ir, id);
	if (a)
		return a->name;
	const mc_ir_composite *c = mc_ir_find_composite(ir, id);
	return c ? c->name : NULL;
}

const char *mc_ir_cmp_aws(mc_ir_cmp cmp)
{
	switch (cmp) {
	case MC_IR_CMP_GT: return "GreaterThanThreshold";
	case MC_IR_CMP_GE: return "GreaterThanOrEqualToThreshold";
	case MC_IR_CMP_LT: return "LessThanThreshold";
	case MC_IR_CMP_LE: return "LessThanOrEqualToThreshold";
	case MC_IR_CMP_OUTSIDE_BAND: return "LessThanLowerOrGreaterThanUpperThreshold";
	case MC_IR_CMP_ABOVE_BAND: return "GreaterThanUpperThreshold";
	case MC_IR_CMP_BELOW_BAND: return "LessThanLowerThreshold";
	}
	return "GreaterThanThreshold";
}

const char *mc_ir_missing_aws(mc_ir_missing m)
{
	switch (m) {
	case MC_IR_MISSING_MISSING: return "missing";
	case MC_IR_MISSING_NOT_BREACHING: return "notBreaching";
	case MC_IR_MISSING_BREACHING: return "breaching";
	case MC_IR_MISSING_IGNORE: return "ignore";
	}
	return "missing";
}

const char *mc_ir_region(const mc_ir *ir, const char *own)
{
	return own && *own ? own : ir->region;
}

static const char *account(const mc_ir *ir)
{
	return ir->account && *ir->account ? ir->account : "${AWS_ACCOUNT_ID}";
}

void mc_ir_topic_arn(const mc_ir *ir, const mc_ir_topic *t, mc_buf *out)
{
	if (t->existing_arn) {
		mc_buf_puts(out, t->existing_arn);
		return;
	}
	/* Not printf: one per action of every alarm. */
	mc_buf_puts(out, "arn:aws:sns:");
	mc_buf_puts(out, ir->region);
	mc_buf_putc(out, ':');
	mc_buf_puts(out, account(ir));
	mc_buf_putc(out, ':');
	mc_buf_puts(out, t->name);
}

void mc_ir_action_arn(const mc_ir *ir, const char *action, mc_buf *out)
{
	/* ec2:recover, ec2:reboot, ec2:stop, ec2:terminate are CloudWatch's automate ARNs. */
	if (strncmp(action, "ec2:", 4) == 0) {
		mc_buf_puts(out, "arn:aws:automate:");
		mc_buf_puts(out, ir->region);
		mc_buf_puts(out, ":ec2:");
		mc_buf_puts(out, action + 4);
		return;
	}
	mc_buf_puts(out, action);
}

void mc_ir_runbook_url(const mc_ir *ir, const char *runbook_id, mc_buf *out)
{
	if (ir->runbook_base && *ir->runbook_base)
		mc_buf_puts(out, ir->runbook_base);
	mc_buf_putc(out, '#');
	mc_buf_puts(out, runbook_id);
}

/*
 * Control characters (a description is one line) become spaces. Eight bytes at a time:
 * every alarm's description passes here twice (alarms.yaml and the templates), and almost
 * none holds one.
 */
static void blank_controls(char *p, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		if (!mc_swar_has_below(w, 0x20) && !mc_swar_has_byte(w, 0x7f))
			continue;
		for (size_t k = i; k < i + 8; k++)
			if ((unsigned char)p[k] < 0x20 || p[k] == 0x7f)
				p[k] = ' ';
	}
	for (; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			p[i] = ' ';
}

void mc_ir_description(const mc_ir *ir, const char *what, const char *runbook_id, size_t max,
                       mc_buf *out)
{
	static const char lead[] = " Runbook: ";
	mc_buf url = MC_BUF_INIT;
	if (runbook_id)
		mc_ir_runbook_url(ir, runbook_id, &url);
	size_t suffix = url.len ? strlen(lead) + url.len : 0;
	if (suffix > max)
		suffix = 0;
	size_t room = max - suffix;
	size_t n = what ? strlen(what) : 0;
	mc_buf_clear(out);
	if (n > room) {
		mc_buf_add(out, what, room < 3 ? 0 : mc_utf8_prefix(what, n, room - 3));
		mc_buf_puts(out, "...");
	} else if (n) {
		mc_buf_add(out, what, n);
	}
	blank_controls(out->p, out->len);
	if (suffix) {
		mc_buf_puts(out, out->len ? lead : lead + 1);
		mc_buf_add(out, url.p, url.len);
	}
	mc_buf_release(&url);
}
