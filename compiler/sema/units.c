/*
 * Units: parses the spec's literals and converts between units of one dimension.
 *
 * Consumes byte ranges of spec text; produces numbers (whole seconds, percent, USD, bytes)
 * and answers about the unit table below, which is the single list of units moncc knows.
 * Each unit has a scale: how many of its dimension's smallest unit it holds (microseconds
 * for time, bits for data and data rates, 1 elsewhere). Scales are integers, so a conversion
 * is value * a / b with a and b reduced, and rounds once whenever one of them is 1.
 */
#include "sema/units.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	mc_dimension dim;
	uint64_t scale;
	const char *cloudwatch; /* CloudWatch StandardUnit; NULL: not a metric unit */
	const char *spec;       /* the spec's `unit:` spelling; NULL: not a metric unit */
	const char *symbol;     /* threshold suffix; NULL: thresholds cannot name it */
} unit_info;

#define US 1000000ull          /* microseconds in a second */
#define KIB 1024ull
#define MIB (1024ull * 1024ull)
#define GIB (1024ull * 1024ull * 1024ull)
#define TIB (1024ull * 1024ull * 1024ull * 1024ull)

static const unit_info units[MC_UNIT_COUNT_OF_UNITS] = {
	[MC_UNIT_UNSET] = {MC_DIM_NONE, 1, NULL, NULL, NULL},
	[MC_UNIT_SECONDS] = {MC_DIM_TIME, US, "Seconds", "seconds", "s"},
	[MC_UNIT_MICROSECONDS] = {MC_DIM_TIME, 1, "Microseconds", "microseconds", "us"},
	[MC_UNIT_MILLISECONDS] = {MC_DIM_TIME, 1000, "Milliseconds", "milliseconds", "ms"},
	[MC_UNIT_BYTES] = {MC_DIM_DATA, 8, "Bytes", "bytes", "B"},
	[MC_UNIT_KILOBYTES] = {MC_DIM_DATA, 8000ull, "Kilobytes", "kilobytes", "KB"},
	[MC_UNIT_MEGABYTES] = {MC_DIM_DATA, 8000000ull, "Megabytes", "megabytes", "MB"},
	[MC_UNIT_GIGABYTES] = {MC_DIM_DATA, 8000000000ull, "Gigabytes", "gigabytes", "GB"},
	[MC_UNIT_TERABYTES] = {MC_DIM_DATA, 8000000000000ull, "Terabytes", "terabytes", "TB"},
	[MC_UNIT_BITS] = {MC_DIM_DATA, 1, "Bits", "bits", NULL},
	[MC_UNIT_KILOBITS] = {MC_DIM_DATA, 1000ull, "Kilobits", "kilobits", NULL},
	[MC_UNIT_MEGABITS] = {MC_DIM_DATA, 1000000ull, "Megabits", "megabits", NULL},
	[MC_UNIT_GIGABITS] = {MC_DIM_DATA, 1000000000ull, "Gigabits", "gigabits", NULL},
	[MC_UNIT_TERABITS] = {MC_DIM_DATA, 1000000000000ull, "Terabits", "terabits", NULL},
	[MC_UNIT_PERCENT] = {MC_DIM_PERCENT, 1, "Percent", "percent", "%"},
	[MC_UNIT_COUNT] = {MC_DIM_COUNT, 1, "Count", "count", NULL},
	[MC_UNIT_BYTES_PER_SECOND] = {MC_DIM_DATA_RATE, 8, "Bytes/Second", "bytes/second", "B/s"},
	[MC_UNIT_KILOBYTES_PER_SECOND] = {MC_DIM_DATA_RATE, 8000ull, "Kilobytes/Second",
	                                  "kilobytes/second", "KB/s"},
	[MC_UNIT_MEGABYTES_PER_SECOND] = {MC_DIM_DATA_RATE, 8000000ull, "Megabytes/Second",
	                                  "megabytes/second", "MB/s"},
	[MC_UNIT_GIGABYTES_PER_SECOND] = {MC_DIM_DATA_RATE, 8000000000ull, "Gigabytes/Second",
	                                  "gigabytes/second", "GB/s"},
	[MC_UNIT_TERABYTES_PER_SECOND] = {MC_DIM_DATA_RATE, 8000000000000ull, "Terabytes/Second",
	                                  "terabytes/second", "TB/s"},
	[MC_UNIT_BITS_PER_SECOND] = {MC_DIM_DATA_RATE, 1, "Bits/Second", "bits/second", NULL},
	[MC_UNIT_KILOBITS_PER_SECOND] = {MC_DIM_DATA_RATE, 1000ull, "Kilobits/Second",
	                                 "kilobits/second", NULL},
	[MC_UNIT_MEGABITS_PER_SECOND] = {MC_DIM_DATA_RATE, 1000000ull, "Megabits/Second",
	                                 "megabits/second", NULL},
	[MC_UNIT_GIGABITS_PER_SECOND] = {MC_DIM_DATA_RATE, 1000000000ull, "Gigabits/Second",
	                                 "gigabits/second", NULL},
	[MC_UNIT_TERABITS_PER_SECOND] = {MC_DIM_DATA_RATE, 1000000000000ull, "Terabits/Second",
	                                 "terabits/second", NULL},
	[MC_UNIT_COUNT_PER_SECOND] = {MC_DIM_COUNT_RATE, 1, "Count/Second", "count/second", "/s"},
	[MC_UNIT_NONE] = {MC_DIM_NONE, 1, "None", "none", NULL},
	/* Billing metrics are published with unit None; the spec calls them `usd`. */
	[MC_UNIT_USD] = {MC_DIM_MONEY, 1, "None", "usd", "USD"},
	[MC_UNIT_MINUTES] = {MC_DIM_TIME, 60 * US, NULL, NULL, "m"},
	[MC_UNIT_HOURS] = {MC_DIM_TIME, 3600 * US, NULL, NULL, "h"},
	[MC_UNIT_DAYS] = {MC_DIM_TIME, 86400 * US, NULL, NULL, "d"},
	[MC_UNIT_KIBIBYTES] = {MC_DIM_DATA, 8 * KIB, NULL, NULL, "KiB"},
	[MC_UNIT_MEBIBYTES] = {MC_DIM_DATA, 8 * MIB, NULL, NULL, "MiB"},
	[MC_UNIT_GIBIBYTES] = {MC_DIM_DATA, 8 * GIB, NULL, NULL, "GiB"},
	[MC_UNIT_TEBIBYTES] = {MC_DIM_DATA, 8 * TIB, NULL, NULL, "TiB"},
};

/* In table order, for did-you-mean and help texts (kept in sync by the unit tests). */
static const char *const symbols[] = {
	"%", "s", "ms", "us", "m", "h", "d", "B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB",
	"TiB", "B/s", "KB/s", "MB/s", "GB/s", "TB/s", "/s", "USD",
};

static const char *const spec_names[] = {
	"count", "percent", "seconds", "milliseconds", "microseconds", "bytes", "kilobytes",
	"megabytes", "gigabytes", "terabytes", "bits", "kilobits", "megabits", "gigabits",
	"terabits", "count/second", "bytes/second", "kilobytes/second", "megabytes/second",
	"gigabytes/second", "terabytes/second", "bits/second", "kilobits/second",
	"megabits/second", "gigabits/second", "terabits/second", "usd", "none",
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool text_is(const char *s, size_t len, const char *word)
{
	return word && strlen(word) == len && memcmp(s, word, len) == 0;
}

int mc_duration_parse(const char *s, size_t len, uint64_t *seconds)
{
	if (len < 2 || !is_digit(s[0]))
		return -1;
	uint64_t per;
	switch (s[len - 1]) {
	case 's': per = 1; break;
	case 'm': per = 60; break;
	case 'h': per = 3600; break;
	case 'd': per = 86400; break;
	case 'w': per = 604800; break;
	default: return -1;
	}
	uint64_t n = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		if (!is_digit(s[i]))
			return -1;
		unsigned digit = (unsigned)(s[i] - '0');
		if (n > (UINT64_MAX - digit) / 10)
			return -1;
		n = n * 10 + digit;
	}
	if (n > UINT64_MAX / per)
		return -1;
	*seconds = n * per;
	return 0;
}

void mc_duration_format(mc_buf *b, uint64_t seconds)
{
	static const struct { uint64_t per; char suffix; } steps[] = {
		{604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'},
	};
	for (size_t i = 0; seconds != 0 && i < sizeof steps / sizeof steps[0]; i++) {
		if (seconds % steps[i].per == 0) {
			mc_buf_uint(b, seconds / steps[i].per);
			mc_buf_putc(b, steps[i].suffix);
			return;
		}
	}
	mc_buf_uint(b, seconds);
	mc_buf_putc(b, 's');
}

size_t mc_number_prefix(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && is_digit(s[i]))
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i]))
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		if (j < len && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j < len && is_digit(s[j])) {
			while (j < len && is_digit(s[j]))
				j++;
			i = j;
		}
	}
	return i;
}

int mc_number_parse(const char *s, size_t len, double *out)
{
	if (len == 0 || mc_number_prefix(s, len) != len)
		return -1;
	/* strtod needs a NUL; numbers are short, so a stack copy suffices. */
	char tmp[64];
	if (len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	char *end;
	double v = strtod(tmp, &end);
	if (end != tmp + len || !isfinite(v))
		return -1;
	/* Underflow to a subnormal or zero is fine for thresholds; overflow is caught above. */
	*out = v;
	return 0;
}

/* Splits "12.5 KB" into the number and the unit text, allowing at most one space between. */
static int split_quantity(const char *s, size_t len, double *value, const char **unit,
                          size_t *unit_len)
{
	size_t n = mc_number_prefix(s, len);
	if (n == 0 || mc_number_parse(s, n, value) != 0)
		return -1;
	size_t i = n;
	if (i < len && s[i] == ' ')
		i++;
	*unit = s + i;
	*unit_len = len - i;
	return 0;
}

int mc_percent_parse(const char *s, size_t len, double *percent)
{
	if (len < 2 || s[len - 1] != '%')
		return -1;
	return mc_number_parse(s, len - 1, percent);
}

int mc_money_parse(const char *s, size_t len, double *usd)
{
	double v;
	const char *u;
	size_t ulen;
	if (split_quantity(s, len, &v, &u, &ulen) != 0 || !text_is(u, ulen, "USD") || v < 0)
		return -1;
	*usd = v;
	return 0;
}

int mc_size_parse(const char *s, size_t len, double *bytes)
{
	double v;
	const char *u;
	size_t ulen;
	if (split_quantity(s, len, &v, &u, &ulen) != 0 || v < 0)
		return -1;
	mc_unit unit = mc_unit_from_symbol(u, ulen);
	if (unit == MC_UNIT_INVALID || units[unit].dim != MC_DIM_DATA)
		return -1;
	return mc_unit_convert(v, unit, MC_UNIT_BYTES, bytes);
}

mc_dimension mc_unit_dimension(mc_unit u)
{
	return u < MC_UNIT_COUNT_OF_UNITS ? units[u].dim : MC_DIM_NONE;
}

const char *mc_dimension_name(mc_dimension dim)
{
	switch (dim) {
	case MC_DIM_NONE: return "none";
	case MC_DIM_TIME: return "time";
	case MC_DIM_DATA: return "data size";
	case MC_DIM_DATA_RATE: return "data rate";
	case MC_DIM_COUNT: return "count";
	case MC_DIM_COUNT_RATE: return "count rate";
	case MC_DIM_PERCENT: return "percentage";
	case MC_DIM_MONEY: return "money";
	}
	return "none";
}

const char *mc_unit_cloudwatch(mc_unit u)
{
	return u < MC_UNIT_COUNT_OF_UNITS ? units[u].cloudwatch : NULL;
}

const char *mc_unit_spec_name(mc_unit u)
{
	return u < MC_UNIT_COUNT_OF_UNITS ? units[u].spec : NULL;
}

const char *mc_unit_symbol(mc_unit u)
{
	return u < MC_UNIT_COUNT_OF_UNITS ? units[u].symbol : NULL;
}

const char *mc_unit_display(mc_unit u)
{
	if (u >= MC_UNIT_COUNT_OF_UNITS || u == MC_UNIT_UNSET)
		return "unknown";
	if (units[u].symbol)
		return units[u].symbol;
	return units[u].spec;
}

mc_unit mc_unit_from_spec(const char *s, size_t len)
{
	for (int u = 1; u < MC_UNIT_COUNT_OF_UNITS; u++)
		if (text_is(s, len, units[u].spec))
			return (mc_unit)u;
	return MC_UNIT_INVALID;
}

mc_unit mc_unit_from_cloudwatch(const char *s, size_t len)
{
	/* `None` is shared by none and usd; the first entry, none, is CloudWatch's meaning. */
	if (text_is(s, len, "None"))
		return MC_UNIT_NONE;
	for (int u = 1; u < MC_UNIT_COUNT_OF_UNITS; u++)
		if (text_is(s, len, units[u].cloudwatch))
			return (mc_unit)u;
	return MC_UNIT_INVALID;
}

mc_unit mc_unit_from_symbol(const char *s, size_t len)
{
	for (int u = 1; u < MC_UNIT_COUNT_OF_UNITS; u++)
		if (text_is(s, len, units[u].symbol))
			return (mc_unit)u;
	return MC_UNIT_INVALID;
}

const char *const *mc_unit_symbols(size_t *n)
{
	*n = sizeof symbols / sizeof symbols[0];
	return symbols;
}

const char *const *mc_unit_spec_names(size_t *n)
{
	*n = sizeof spec_names / sizeof spec_names[0];
	return spec_names;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

int mc_unit_convert(double value, mc_unit from, mc_unit to, double *out)
{
	if (from >= MC_UNIT_COUNT_OF_UNITS || to >= MC_UNIT_COUNT_OF_UNITS)
		return -1;
	if (from == MC_UNIT_UNSET || to == MC_UNIT_UNSET || from == to) {
		*out = value;
		return 0;
	}
	if (units[from].dim != units[to].dim)
		return -1;
	uint64_t a = units[from].scale, b = units[to].scale, g = gcd(a, b);
	a /= g;
	b /= g;
	/* Scales are below 2^53, so a and b are exact doubles; one of them is often 1. */
	if (b == 1)
		*out = value * (double)a;
	else if (a == 1)
		*out = value / (double)b;
	else
		*out = value * (double)a / (double)b;
	return 0;
}
