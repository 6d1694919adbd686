/*
 * A document subtree as compact JSON text: how an event pattern written in YAML reaches
 * EventBridge.
 *
 * Consumes a node (after substitution); produces canonical compact JSON in the arena: no
 * spaces, keys in source order (EventBridge does not care, a reviewer reading a diff does),
 * strings escaped as JSON requires, numbers in their shortest round-trip form. Infinite and
 * NaN floats, which JSON cannot hold, are written as null.
 */
#ifndef MC_TEMPLATE_JSON_TEXT_H
#define MC_TEMPLATE_JSON_TEXT_H

#include "base/arena.h"
#include "load/node.h"

const char *mc_tjson_compact(const mc_node *n, mc_arena *arena);

#endif
