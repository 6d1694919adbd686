/* Format checkers for the validator; see format.h. */
#include "sema/format.h"

#include <string.h>

#include "logs/filter_check.h"
#include "sema/condition.h"
#include "sema/timezone.h"
#include "template/subst.h"

bool mc_sema_format_check(const char *format, const mc_node *n, mc_diags *d, void *ctx)
{
	const mc_sources *srcs = ctx;
	if (strcmp(format, "condition") == 0 && n->kind == MC_NODE_STRING) {
		mc_condition c;
		mc_condition_parse(n, srcs, d->arena, d, &c);
		return true;
	}
	if (strcmp(format, "threshold") == 0 && n->kind == MC_NODE_STRING) {
		double v;
		mc_unit u;
		mc_threshold_parse(n, srcs, d->arena, d, &v, &u);
		return true;
	}
	if (strcmp(format, "timezone") == 0 && n->kind == MC_NODE_STRING) {
		mc_timezone_check(n, srcs, d);
		return true;
	}
	if (strcmp(format, "filter_pattern") == 0 && n->kind == MC_NODE_STRING) {
		/* With `${...}` the text is only known per instance: lowering checks it then. */
		if (!mc_tsubst_has_vars(n->text, n->text_len))
			mc_filter_release(mc_filter_check_node(n, srcs, d->arena, d));
		return true;
	}
	return false;
}
