/*
 * Scalar typing by the YAML 1.2 core schema (internal to the loader).
 *
 * Consumes a scalar node whose text is set (kind MC_NODE_STRING on entry) and produces its
 * kind and value: mc_scalar_resolve() types a plain untagged scalar by the core schema table,
 * mc_scalar_as() forces one kind for an explicit tag (`!!int "12"`). Neither reports
 * diagnostics: the status says what went wrong and the loader words it, so this file only
 * knows YAML. On any status but MC_SCALAR_OK the node stays a string.
 */
#ifndef MC_LOAD_SCALAR_H
#define MC_LOAD_SCALAR_H

#include "load/node.h"

typedef enum {
	MC_SCALAR_OK,
	MC_SCALAR_MISMATCH, /* the text is not a value of the wanted kind */
	MC_SCALAR_RANGE,    /* an integer beyond int64 or a float beyond double */
} mc_scalar_status;

/* Types a plain scalar without a tag: null, bool, int, float, else string. */
mc_scalar_status mc_scalar_resolve(mc_node *n);

/* Types a scalar as kind (MC_NODE_NULL ... MC_NODE_STRING), as an explicit tag asks. */
mc_scalar_status mc_scalar_as(mc_node *n, mc_node_kind kind);

#endif
