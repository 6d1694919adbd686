/*
 * Time zone names for anomaly detectors (`defaults.anomaly_timezone`, a band condition's
 * `timezone:`): CloudWatch's `MetricTimezone` takes a name of the IANA tz database.
 *
 * Only the shape is checked, never the database: moncc must give the same answer on machines
 * without tzdata, so `Europe/Berlinn` passes. Accepted: `UTC`; `Area/Location[/More]` with one
 * of the eleven IANA areas (`Africa`, `America`, `Antarctica`, `Arctic`, `Asia`, `Atlantic`,
 * `Australia`, `Europe`, `Indian`, `Pacific`, `Etc`), each further part a capital ASCII letter
 * followed by letters, `_` or `-`; in `Etc`, the fixed zones (`Etc/UTC`, `Etc/GMT`,
 * `Etc/GMT+5`, ...). At most 50 bytes (CloudWatch's limit). Legacy names (`CET`, `EST5EDT`,
 * `US/Eastern`) are refused: their `Area/City` spelling says the same. docs/conditions.md
 * tells users the same rules.
 */
#ifndef MC_SEMA_TIMEZONE_H
#define MC_SEMA_TIMEZONE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/diag.h"
#include "diag/source.h"
#include "load/node.h"

/* CloudWatch's AnomalyDetectorMetricTimezone: at most 50 characters. */
#define MC_TIMEZONE_MAX 50

/* Why a name is refused: the bytes [off, off + len) of the name, a label and a help line. */
typedef struct {
	size_t off, len;
	const char *label;   /* static text */
	const char *help;    /* static text */
	const char *suggest; /* a corrected spelling to offer, or NULL (allocated in the arena) */
} mc_tz_problem;

/*
 * True when s[0..len) has the shape of a tz database name (see above). Otherwise false, and
 * *why (when non-NULL) says where and what; why->suggest is allocated in arena (may be NULL
 * when why is NULL).
 */
bool mc_timezone_valid(const char *s, size_t len, mc_arena *arena, mc_tz_problem *why);

/*
 * Checks a scalar node holding a time zone name and reports E0380 at the offending characters
 * (the whole value when it is not a string). Returns 0 when valid, -1 after reporting.
 */
int mc_timezone_check(const mc_node *n, const mc_sources *srcs, mc_diags *d);

#endif
