/*
 * Units: the literals of the spec language and the units of metrics.
 *
 * Consumes the text of spec literals (`15m`, `99.5%`, `400 USD`, `512MB`, thresholds such as
 * `500ms`) and produces plain numbers: durations in whole seconds, percentages as 0-100,
 * money in USD, sizes in bytes. It also owns the one table of units: CloudWatch's
 * StandardUnit values (with their CloudWatch spelling for the emitters and the spec's
 * lowercase spelling for `unit:` fields), moncc's own `usd`, and the symbols a threshold may
 * carry (`%`, `s`, `ms`, `KB`, `GiB`, `/s`, `USD`...). Every unit has a dimension; values convert
 * only within one dimension.
 *
 * Sizes: KB, MB, GB, TB and CloudWatch's Kilobytes ... Terabytes are decimal (1 KB = 1000
 * bytes), and the bit units likewise (1 Kilobit = 1000 bits); KiB, MiB, GiB and TiB are
 * binary. See docs/conditions.md for why.
 *
 * Numbers are read with strtod in the C locale (moncc never calls setlocale), only in plain
 * decimal form (no hex, inf or nan), so `0.1` is the double nearest to 0.1 and prints back as
 * `0.1` with mc_buf_double. Nothing here allocates or reports diagnostics: functions return
 * 0 on success and -1 on bad input, and the caller, who knows the node and the span, reports.
 */
#ifndef MC_SEMA_UNITS_H
#define MC_SEMA_UNITS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/*
 * Durations: a decimal integer followed at once by `s`, `m`, `h`, `d` or `w`
 * (`10s`, `5m`, `1h`, `1d`, `2w`). Writes whole seconds. -1 for anything else, and on
 * overflow of uint64. `0s` is accepted here; callers that need a positive duration check.
 */
int mc_duration_parse(const char *s, size_t len, uint64_t *seconds);

/* Writes the shortest exact spelling of a duration: 900 -> `15m`, 86400 -> `1d`, 90 -> `90s`. */
void mc_duration_format(mc_buf *b, uint64_t seconds);

/* A plain decimal number: optional sign, digits, optional fraction and exponent; finite. */
int mc_number_parse(const char *s, size_t len, double *out);
/*
 * Length of the plain decimal number at the start of s[0, len), 0 if there is none; splits
 * `80%` into `80` and `%`. An exponent counts only when digits follow (`5e` leaves `e`).
 */
size_t mc_number_prefix(const char *s, size_t len);

/* `99.5%` -> 99.5 (0 <= p <= 100 is the caller's check, a burst over 100% may be fine). */
int mc_percent_parse(const char *s, size_t len, double *percent);

/* `400 USD`, `400USD`, `12.50 USD` -> the amount in US dollars; non-negative. */
int mc_money_parse(const char *s, size_t len, double *usd);

/* `512MB`, `1.5 GiB`, `100B` -> bytes; non-negative. Decimal KB/MB/GB/TB, binary KiB...TiB. */
int mc_size_parse(const char *s, size_t len, double *bytes);

typedef enum {
	MC_DIM_NONE,       /* CloudWatch `None`: only bare numbers fit */
	MC_DIM_TIME,
	MC_DIM_DATA,
	MC_DIM_DATA_RATE,
	MC_DIM_COUNT,
	MC_DIM_COUNT_RATE,
	MC_DIM_PERCENT,
	MC_DIM_MONEY,
} mc_dimension;

/*
 * Every unit moncc knows. The first block is CloudWatch's StandardUnit in the API's order;
 * then moncc's own: USD (billing metrics, `None` in CloudWatch) and units that exist only as
 * threshold symbols (minutes, hours, days, binary sizes).
 */
typedef enum {
	MC_UNIT_UNSET = 0,  /* no unit written: a bare threshold is in the metric's own unit */
	MC_UNIT_SECONDS,
	MC_UNIT_MICROSECONDS,
	MC_UNIT_MILLISECONDS,
	MC_UNIT_BYTES,
	MC_UNIT_KILOBYTES,
	MC_UNIT_MEGABYTES,
	MC_UNIT_GIGABYTES,
	MC_UNIT_TERABYTES,
	MC_UNIT_BITS,
	MC_UNIT_KILOBITS,
	MC_UNIT_MEGABITS,
	MC_UNIT_GIGABITS,
	MC_UNIT_TERABITS,
	MC_UNIT_PERCENT,
	MC_UNIT_COUNT,
	MC_UNIT_BYTES_PER_SECOND,
	MC_UNIT_KILOBYTES_PER_SECOND,
	MC_UNIT_MEGABYTES_PER_SECOND,
	MC_UNIT_GIGABYTES_PER_SECOND,
	MC_UNIT_TERABYTES_PER_SECOND,
	MC_UNIT_BITS_PER_SECOND,
	MC_UNIT_KILOBITS_PER_SECOND,
	MC_UNIT_MEGABITS_PER_SECOND,
	MC_UNIT_GIGABITS_PER_SECOND,
	MC_UNIT_TERABITS_PER_SECOND,
	MC_UNIT_COUNT_PER_SECOND,
	MC_UNIT_NONE,
	MC_UNIT_USD,
	MC_UNIT_MINUTES,
	MC_UNIT_HOURS,
	MC_UNIT_DAYS,
	MC_UNIT_KIBIBYTES,
	MC_UNIT_MEBIBYTES,
	MC_UNIT_GIBIBYTES,
	MC_UNIT_TEBIBYTES,
	MC_UNIT_COUNT_OF_UNITS,
	MC_UNIT_INVALID = MC_UNIT_COUNT_OF_UNITS /* returned by the look-ups on no match */
} mc_unit;

mc_dimension mc_unit_dimension(mc_unit u);
/* "time", "data size", "data rate", "count", "count rate", "percentage", "money", "none". */
const char *mc_dimension_name(mc_dimension dim);

/* CloudWatch's spelling (`Seconds`, `Bytes/Second`, `None`); NULL for threshold-only units. */
const char *mc_unit_cloudwatch(mc_unit u);
/* The spec's `unit:` spelling (`seconds`, `count/second`, `usd`); NULL for threshold-only. */
const char *mc_unit_spec_name(mc_unit u);
/* The threshold symbol (`ms`, `%`, `KiB`, `USD`); NULL when a threshold cannot carry it. */
const char *mc_unit_symbol(mc_unit u);
/* For messages: the symbol if there is one, else the spec name, else the CloudWatch name. */
const char *mc_unit_display(mc_unit u);

/* Look-ups, exact and case-sensitive (`MB` is not `mb`, `Kb` could be bits). MC_UNIT_INVALID. */
mc_unit mc_unit_from_spec(const char *s, size_t len);
mc_unit mc_unit_from_cloudwatch(const char *s, size_t len);
mc_unit mc_unit_from_symbol(const char *s, size_t len);

/* The threshold symbols, for did-you-mean and help texts; *n receives their count. */
const char *const *mc_unit_symbols(size_t *n);
/* The spec's unit names, for did-you-mean on `unit:` fields. */
const char *const *mc_unit_spec_names(size_t *n);

/*
 * Converts value from one unit to another of the same dimension: 500 ms in seconds is 0.5,
 * 2 s in milliseconds 2000, 1 GiB in megabytes 1073.741824. from == MC_UNIT_UNSET (a bare
 * number) or to == MC_UNIT_UNSET (a metric of unknown unit) pass the value through. Returns -1
 * when the dimensions differ (2 s on a count; the caller reports E0201 naming both units).
 * The arithmetic rounds once where the ratio of the two units is a whole number.
 */
int mc_unit_convert(double value, mc_unit from, mc_unit to, double *out);

#endif
