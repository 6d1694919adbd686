/*
 * The Grafana side of the dashboard emitters (emit_grafana.c): one IR dashboard as a Grafana
 * dashboard JSON model on the CloudWatch data source, exposed for the unit tests and for any
 * later emitter that wants the same model (a Grafana API push, say).
 */
#ifndef MC_EMIT_EMIT_GRAFANA_H
#define MC_EMIT_EMIT_GRAFANA_H

#include "base/buf.h"
#include "ir/ir.h"

/* The dashboard's stable uid: "moncc-" + 8 hex digits of FNV-1a over its AWS name. */
void mc_grafana_uid(const char *aws_name, mc_buf *out);

/*
 * Appends the Grafana dashboard JSON of db (a dashboard of ir) to out, pretty-printed with
 * two-space indentation and a final newline: schemaVersion 39, a `datasource` template
 * variable of type cloudwatch, panels on Grafana's 24-column grid. A pure function of the IR.
 */
void mc_emit_grafana_dashboard(const mc_ir *ir, const mc_ir_dashboard *db, mc_buf *out);

#endif
