/*
 * The scaling policy of a template's `remediation: scale:NAME` entry: the text forms of its
 * `policy:` values, read after substitution by the instantiation (instantiate.c).
 *
 * `adjustment` is a sign, a whole number and an optional `%`: `+1` adds one instance
 * (ChangeInCapacity 1), `-20%` removes a fifth of the group (PercentChangeInCapacity -20).
 * The sign is required, so a policy says which way it scales; zero is refused, and so is a
 * decrease of more than 100%.
 */
#ifndef MC_TEMPLATE_SCALING_H
#define MC_TEMPLATE_SCALING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest magnitude of an adjustment: far above any Auto Scaling group's MaxSize. */
#define MC_SCALING_MAX_ADJUSTMENT 100000

/* Parses s (len bytes). Returns 0 and sets *value and *percent, or -1 when s is no
 * adjustment (nothing set). */
int mc_scaling_adjustment_parse(const char *s, size_t len, int32_t *value, bool *percent);

#endif
