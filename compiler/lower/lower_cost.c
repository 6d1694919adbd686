/* Lowering step (cost): placeholder while the real step is written. */
#include "lower/lower_internal.h"

void mc_lower_cost(mc_lower_ctx *cx)
{
	(void)cx;
}
