/*
 * Lookups in a finished IR that several stages need (lint, emitters). They rely on the
 * orders lowering guarantees and ir_verify checks (docs/ir.md).
 */
#include <string.h>

#include "ir/ir.h"

const mc_ir_service *mc_ir_find_service(const mc_ir *ir, const char *name)
{
	size_t lo = 0, hi = ir->nservices;
	while (name && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *at = ir->services[mid].name;
		int c = strcmp(at ? at : "", name);
		if (c == 0)
			return &ir->services[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
