/* Lowering step (runbook): placeholder while the real step is written. */
#include "lower/lower_internal.h"

void mc_lower_runbooks(mc_lower_ctx *cx)
{
	(void)cx;
}
