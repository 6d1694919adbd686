/*
 * The CloudWatch dashboard emitter: `dashboards/NAME.json` for every IR dashboard (NAME = its
 * AWS DashboardName) and `cloudwatch-dashboard.json` for the main one (spec-language.md §6).
 *
 * Each file is exactly the DashboardBody text of emit_dashboard_body.c plus a final newline,
 * so `aws cloudwatch put-dashboard --dashboard-body file://...` sends what CloudFormation's
 * template embeds. JSON has no comments, so these files carry no generated-by header. One
 * reused buffer holds one dashboard body at a time: memory stays at the size of the largest
 * dashboard, which AWS's limits (500 widgets) keep small.
 */
#include <string.h>

#include "emit/emit.h"
#include "emit/emit_dashboard_body.h"

/* dir + "/" + name + ".json", whether or not dir ends in a slash. */
static void file_path(mc_buf *p, const char *dir, const char *name)
{
	mc_buf_clear(p);
	if (dir && *dir) {
		mc_buf_puts(p, dir);
		if (dir[strlen(dir) - 1] != '/')
			mc_buf_putc(p, '/');
	}
	mc_buf_printf(p, "%s.json", name);
}

int mc_emit_cloudwatch(const mc_emit_ctx *cx, mc_outputs *os)
{
	const mc_ir *ir = cx->ir;
	mc_buf body = MC_BUF_INIT, path = MC_BUF_INIT;
	const char *dir = cx->paths.dashboards ? cx->paths.dashboards : "dashboards/";
	const char *main_path =
	        cx->paths.cloudwatch_dashboard ? cx->paths.cloudwatch_dashboard
	                                       : "cloudwatch-dashboard.json";
	for (size_t i = 0; i < ir->ndashboards; i++) {
		const mc_ir_dashboard *db = &ir->dashboards[i];
		mc_buf_clear(&body);
		mc_emit_dashboard_body(ir, db, &body);
		mc_buf_putc(&body, '\n');
		file_path(&path, dir, db->name);
		mc_out *o = mc_outputs_open(os, mc_buf_str(&path));
		if (o)
			mc_out_buf(o, &body);
		if (db->main && (o = mc_outputs_open(os, main_path)))
			mc_out_buf(o, &body);
		mc_outputs_close(os);
		if (cx->counts) {
			cx->counts->dashboards++;
			cx->counts->widgets += db->nwidgets;
		}
	}
	mc_buf_release(&body);
	mc_buf_release(&path);
	return 0;
}
