/*
 * Burn-rate math for SLO alerts: the multi-window, multi-burn-rate table.
 *
 * Consumes an SLO's objective (in percent), its window (in seconds) and either the default
 * `multiwindow` table or a custom table of `{tier, long, short, factor}` rows; produces the
 * rows the lowering turns into alarms: for each, the tier, the long and short windows, the
 * burn factor, the error-ratio threshold factor x (1 - objective), and which faster row
 * suppresses it. Reports E0220 (a row that can never fire), E0221 (an invalid custom table)
 * and E0222 (an objective outside (0%, 100%)). docs/slo.md explains the math for users.
 *
 * Scaling to windows other than 30 days (Sloth's method, peers.md §4.2): the default rows
 * keep their long and short windows and their share of the error budget (2%, 5%, 10%, 10%),
 * and the factor follows from the SLO window: factor = share x window / long. A 30-day
 * window gives the SRE workbook's 14.4, 6, 3, 1; 28 days gives 13.44, 5.6, 2.8, 0.933...
 * Custom rows give the factor itself, which does not scale.
 *
 * Numbers: factors and thresholds are rounded to 12 significant digits, so float noise
 * never reaches the output (14.4 x 0.5% is 0.072, not 0.07200000000000001); print them with
 * mc_buf_double.
 *
 * Each row's long window is one alarm period with one evaluation period, so both windows
 * must be periods CloudWatch accepts (10 s, 30 s or a multiple of 60 s, at most 7 days); see
 * aws-notes.md §2.1.
 */
#ifndef MC_SEMA_BURNRATE_H
#define MC_SEMA_BURNRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diag/diag.h"
#include "load/node.h"

enum {
	MC_BURN_MAX_ROWS = 16,              /* rows of one table; each row is three alarms */
	MC_BURN_MAX_WINDOW_S = 7 * 86400,   /* longest alarm period x evaluation periods */
	MC_BURN_SUPPRESSOR_WAIT_S = 120,    /* ActionsSuppressorWaitPeriod (Guardian's choice) */
};

/* One row as written (custom) or as defined (the default table). */
typedef struct {
	const char *tier;      /* "critical" */
	uint64_t long_s;
	uint64_t short_s;
	double budget_pct;     /* > 0: share of the budget, the factor follows from the window */
	double factor;         /* used when budget_pct is 0 */
	mc_span span;          /* the row; MC_NO_SPAN for the default table */
	mc_span tier_span, long_span, short_span, factor_span;
} mc_burn_spec;

/* The default `multiwindow` table: critical 1h/5m 2%, 6h/30m 5%; warning 1d/2h, 3d/6h 10%. */
extern const mc_burn_spec mc_burn_multiwindow[];
extern const size_t mc_burn_multiwindow_len;

/*
 * Reads a custom table (a YAML list of mappings with `tier`, `long`, `short`, `factor`)
 * into *rows (in the arena). Reports E0221 for a missing or mistyped key and E0120 for an
 * unreadable duration, and returns -1 when anything was reported; the rows' values are
 * checked by mc_burn_compute.
 */
int mc_burn_table_parse(const mc_node *seq, const mc_sources *srcs, mc_arena *arena,
                        mc_diags *diags, mc_burn_spec **rows, size_t *nrows);

typedef struct {
	double objective_pct;          /* 99.5 for `99.5%` */
	mc_span objective_span;
	uint64_t window_s;             /* 30d = 2592000 */
	mc_span window_span;
	const mc_burn_spec *rows;      /* NULL: the default multiwindow table */
	size_t nrows;
	mc_span table_span;            /* the custom table (or `slo_alerting:`), for E0221 */
	/* Tier names by severity, highest first; NULL: critical, warning, info. */
	const char *const *tiers;
	size_t ntiers;
} mc_burn_input;

typedef struct {
	const char *tier;
	size_t tier_rank;              /* index in the tier order: 0 is the most severe */
	uint64_t long_s, short_s;
	double factor;
	double threshold;              /* error ratio (0..1) both windows must exceed */
	/*
	 * Suppression: a faster row (shorter long window) of the same or a more severe tier
	 * suppresses a slower one. `suppressors` has bit i set for every such row i; a composite
	 * alarm takes one ActionsSuppressor, so `suppressor` names the nearest of them (the
	 * slowest faster row), or is -1. The extension is the suppressor's short window: its
	 * alarm stays in ALARM for about that long after the burn stops.
	 */
	uint32_t suppressors;
	int suppressor;
	uint64_t suppressor_extension_s;
	mc_span span;                  /* the custom row, or MC_NO_SPAN */
} mc_burn_row;

typedef struct {
	mc_burn_row *rows;             /* fastest first: by long window, then short window */
	size_t nrows;
	double budget;                 /* 1 - objective, as a ratio */
} mc_burn_table;

/*
 * Computes the table for one SLO into *out (rows in the arena). Returns 0, or -1 after
 * reporting E0220, E0221 or E0222 (every problem found is reported).
 */
int mc_burn_compute(const mc_burn_input *in, mc_arena *arena, mc_diags *diags,
                    mc_burn_table *out);

/* factor = budget_pct / 100 x window / long, rounded to 12 significant digits. */
double mc_burn_factor(double budget_pct, uint64_t window_s, uint64_t long_s);

/* Whether seconds is a period CloudWatch accepts for a one-period alarm window. */
bool mc_burn_window_valid(uint64_t seconds);

/*
 * Appends one line per row, for `moncc inspect`, docs and tests:
 * "critical 1h/5m factor 14.4 threshold 0.072 suppressed-by -\n".
 */
void mc_burn_table_print(const mc_burn_table *t, mc_buf *out);

#endif
