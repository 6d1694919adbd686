/*
 * Units (compiler/sema/units.c): durations, percentages, money, sizes, the unit table and
 * conversions within a dimension. Table-driven: each row is one literal and what it means.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/buf.h"
#include "sema/units.h"
#include "harness.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Prints v the way emitters will (shortest round trip) and compares with want. */
static void double_is(double v, const char *want, const char *what)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_double(&b, v);
	if (strcmp(mc_buf_str(&b), want) != 0)
		fprintf(stderr, "  (%s)\n", what);
	STR_EQ(mc_buf_str(&b), want);
	mc_buf_release(&b);
}

static void test_durations(void)
{
	static const struct { const char *in; int rc; uint64_t secs; } rows[] = {
		{"10s", 0, 10},       {"5m", 0, 300},          {"1h", 0, 3600},
		{"1d", 0, 86400},     {"2w", 0, 1209600},      {"30d", 0, 2592000},
		{"15m", 0, 900},      {"0s", 0, 0},            {"0m", 0, 0},
		{"007m", 0, 420},     {"90s", 0, 90},
		/* 2^64-1 seconds is the largest; one more overflows. */
		{"18446744073709551615s", 0, UINT64_MAX},
		{"18446744073709551616s", -1, 0},
		{"30500568904943665w", -1, 0}, /* multiplication overflow */
		{"", -1, 0},          {"s", -1, 0},            {"15", -1, 0},
		{"15min", -1, 0},     {"1.5h", -1, 0},         {"-5m", -1, 0},
		{"+5m", -1, 0},       {"5 m", -1, 0},          {"5M", -1, 0},
		{"1h30m", -1, 0},     {"5ms", -1, 0},          {" 5m", -1, 0},
		{"5y", -1, 0},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		uint64_t secs = 12345;
		int rc = mc_duration_parse(rows[i].in, strlen(rows[i].in), &secs);
		if (rc != rows[i].rc)
			fprintf(stderr, "  duration `%s`\n", rows[i].in);
		INT_EQ(rc, rows[i].rc);
		if (rc == 0 && rows[i].rc == 0)
			CHECK(secs == rows[i].secs);
	}
	/* Only len bytes count: "5mx" cut at 2 is "5m". */
	uint64_t secs = 0;
	INT_EQ(mc_duration_parse("5mx", 2, &secs), 0);
	INT_EQ(secs, 300);

	static const struct { uint64_t secs; const char *out; } fmt[] = {
		{0, "0s"},        {10, "10s"},   {90, "90s"},  {60, "1m"},    {900, "15m"},
		{3600, "1h"},     {5400, "90m"}, {86400, "1d"}, {86460, "1441m"},
		{604800, "1w"},   {1209600, "2w"}, {172800, "2d"},
	};
	for (size_t i = 0; i < LEN(fmt); i++) {
		mc_buf b = MC_BUF_INIT;
		mc_duration_format(&b, fmt[i].secs);
		STR_EQ(mc_buf_str(&b), fmt[i].out);
		/* What is printed reads back to the same number of seconds. */
		uint64_t back = 1;
		INT_EQ(mc_duration_parse(b.p, b.len, &back), 0);
		CHECK(back == fmt[i].secs);
		mc_buf_release(&b);
	}
}

static void test_literals(void)
{
	static const struct { const char *in; int rc; const char *val; } pct[] = {
		{"99.5%", 0, "99.5"}, {"95%", 0, "95"}, {"0%", 0, "0"}, {"100%", 0, "100"},
		{"99.95%", 0, "99.95"}, {"0.1%", 0, "0.1"}, {"%", -1, NULL}, {"99.5", -1, NULL},
		{"99.5 %", -1, NULL}, {"abc%", -1, NULL}, {"1e2%", 0, "100"}, {"inf%", -1, NULL},
		{"nan%", -1, NULL}, {"0x10%", -1, NULL},
	};
	for (size_t i = 0; i < LEN(pct); i++) {
		double v = -1;
		int rc = mc_percent_parse(pct[i].in, strlen(pct[i].in), &v);
		if (rc != pct[i].rc)
			fprintf(stderr, "  percentage `%s`\n", pct[i].in);
		INT_EQ(rc, pct[i].rc);
		if (rc == 0 && pct[i].val)
			double_is(v, pct[i].val, pct[i].in);
	}

	static const struct { const char *in; int rc; const char *val; } money[] = {
		{"400 USD", 0, "400"}, {"400USD", 0, "400"}, {"12.50 USD", 0, "12.5"},
		{"25 USD", 0, "25"},   {"0 USD", 0, "0"},    {"400", -1, NULL},
		{"400 usd", -1, NULL}, {"400  USD", -1, NULL}, {"USD", -1, NULL},
		{"-5 USD", -1, NULL},  {"400 EUR", -1, NULL}, {"$400", -1, NULL},
	};
	for (size_t i = 0; i < LEN(money); i++) {
		double v = -1;
		int rc = mc_money_parse(money[i].in, strlen(money[i].in), &v);
		if (rc != money[i].rc)
			fprintf(stderr, "  money `%s`\n", money[i].in);
		INT_EQ(rc, money[i].rc);
		if (rc == 0 && money[i].val)
			double_is(v, money[i].val, money[i].in);
	}

	/* Decimal KB..TB (CloudWatch's Kilobytes are kBy, 1000 bytes); binary KiB..TiB. */
	static const struct { const char *in; int rc; const char *val; } size[] = {
		{"512MB", 0, "512000000"},  {"1KB", 0, "1000"},      {"1KiB", 0, "1024"},
		{"1MiB", 0, "1048576"},     {"1GiB", 0, "1073741824"}, {"1TiB", 0, "1099511627776"},
		{"1.5GB", 0, "1500000000"}, {"2TB", 0, "2000000000000"}, {"100B", 0, "100"},
		{"1.5 GiB", 0, "1610612736"}, {"0.5KiB", 0, "512"},  {"512", -1, NULL},
		{"512mb", -1, NULL},        {"512 Mb", -1, NULL},    {"5s", -1, NULL},
		{"-1MB", -1, NULL},         {"MB", -1, NULL},        {"80%", -1, NULL},
	};
	for (size_t i = 0; i < LEN(size); i++) {
		double v = -1;
		int rc = mc_size_parse(size[i].in, strlen(size[i].in), &v);
		if (rc != size[i].rc)
			fprintf(stderr, "  size `%s`\n", size[i].in);
		INT_EQ(rc, size[i].rc);
		if (rc == 0 && size[i].val)
			double_is(v, size[i].val, size[i].in);
	}

	/* Plain decimal numbers only; exact strtod results that print back as written. */
	static const struct { const char *in; int rc; const char *val; } num[] = {
		{"0.1", 0, "0.1"}, {"80", 0, "80"}, {"-5", 0, "-5"}, {"+2.5", 0, "2.5"},
		{"1e3", 0, "1000"}, {"1.5E-3", 0, "0.0015"}, {".5", 0, "0.5"}, {"5.", 0, "5"},
		{"0.30000000000000004", 0, "0.3"}, {"1e400", -1, NULL},
		{"", -1, NULL}, {"-", -1, NULL}, {".", -1, NULL}, {"1e", -1, NULL},
		{"0x1p3", -1, NULL}, {"inf", -1, NULL}, {"nan", -1, NULL}, {"1,5", -1, NULL},
		{" 1", -1, NULL}, {"1 ", -1, NULL},
	};
	for (size_t i = 0; i < LEN(num); i++) {
		double v = -1;
		int rc = mc_number_parse(num[i].in, strlen(num[i].in), &v);
		if (rc != num[i].rc)
			fprintf(stderr, "  number `%s`\n", num[i].in);
		INT_EQ(rc, num[i].rc);
		if (rc == 0 && num[i].val)
			double_is(v, num[i].val, num[i].in);
	}
	INT_EQ(mc_number_prefix("80%", 3), 2);
	INT_EQ(mc_number_prefix("5e", 2), 1);
	INT_EQ(mc_number_prefix("2e3s", 4), 3);
	INT_EQ(mc_number_prefix("ms", 2), 0);
}

static void test_table(void)
{
	/* Every CloudWatch StandardUnit is there, spelled as the API spells it. */
	static const char *const cloudwatch[] = {
		"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
		"Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits",
		"Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
		"Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second",
		"Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
	};
	for (size_t i = 0; i < LEN(cloudwatch); i++) {
		mc_unit u = mc_unit_from_cloudwatch(cloudwatch[i], strlen(cloudwatch[i]));
		CHECK(u != MC_UNIT_INVALID);
		STR_EQ(mc_unit_cloudwatch(u), cloudwatch[i]);
	}
	INT_EQ(mc_unit_from_cloudwatch("seconds", 7), MC_UNIT_INVALID);
	INT_EQ(mc_unit_from_cloudwatch("None", 4), MC_UNIT_NONE);

	/* The spec's lowercase names map one to one, and the list offered to users is complete. */
	size_t n;
	const char *const *names = mc_unit_spec_names(&n);
	size_t with_spec = 0;
	for (int u = 1; u < MC_UNIT_COUNT_OF_UNITS; u++)
		with_spec += mc_unit_spec_name((mc_unit)u) != NULL;
	INT_EQ(n, with_spec);
	for (size_t i = 0; i < n; i++) {
		mc_unit u = mc_unit_from_spec(names[i], strlen(names[i]));
		CHECK(u != MC_UNIT_INVALID);
		STR_EQ(mc_unit_spec_name(u), names[i]);
	}
	INT_EQ(mc_unit_from_spec("count", 5), MC_UNIT_COUNT);
	INT_EQ(mc_unit_from_spec("usd", 3), MC_UNIT_USD);
	INT_EQ(mc_unit_from_spec("count/second", 12), MC_UNIT_COUNT_PER_SECOND);
	INT_EQ(mc_unit_from_spec("Seconds", 7), MC_UNIT_INVALID);
	STR_EQ(mc_unit_cloudwatch(MC_UNIT_USD), "None");
	CHECK(mc_unit_cloudwatch(MC_UNIT_MINUTES) == NULL);
	CHECK(mc_unit_spec_name(MC_UNIT_KIBIBYTES) == NULL);

	/* Threshold symbols: the same list both ways. */
	const char *const *syms = mc_unit_symbols(&n);
	size_t with_sym = 0;
	for (int u = 1; u < MC_UNIT_COUNT_OF_UNITS; u++)
		with_sym += mc_unit_symbol((mc_unit)u) != NULL;
	INT_EQ(n, with_sym);
	for (size_t i = 0; i < n; i++) {
		mc_unit u = mc_unit_from_symbol(syms[i], strlen(syms[i]));
		CHECK(u != MC_UNIT_INVALID);
		STR_EQ(mc_unit_symbol(u), syms[i]);
	}
	static const struct { const char *sym; mc_unit u; mc_dimension dim; } sym_rows[] = {
		{"%", MC_UNIT_PERCENT, MC_DIM_PERCENT},  {"s", MC_UNIT_SECONDS, MC_DIM_TIME},
		{"ms", MC_UNIT_MILLISECONDS, MC_DIM_TIME},
		{"us", MC_UNIT_MICROSECONDS, MC_DIM_TIME},
		{"m", MC_UNIT_MINUTES, MC_DIM_TIME},     {"h", MC_UNIT_HOURS, MC_DIM_TIME},
		{"B", MC_UNIT_BYTES, MC_DIM_DATA},       {"KB", MC_UNIT_KILOBYTES, MC_DIM_DATA},
		{"MB", MC_UNIT_MEGABYTES, MC_DIM_DATA},  {"GB", MC_UNIT_GIGABYTES, MC_DIM_DATA},
		{"TB", MC_UNIT_TERABYTES, MC_DIM_DATA},  {"KiB", MC_UNIT_KIBIBYTES, MC_DIM_DATA},
		{"MiB", MC_UNIT_MEBIBYTES, MC_DIM_DATA}, {"GiB", MC_UNIT_GIBIBYTES, MC_DIM_DATA},
		{"TiB", MC_UNIT_TEBIBYTES, MC_DIM_DATA}, {"USD", MC_UNIT_USD, MC_DIM_MONEY},
		{"MB/s", MC_UNIT_MEGABYTES_PER_SECOND, MC_DIM_DATA_RATE},
		{"/s", MC_UNIT_COUNT_PER_SECOND, MC_DIM_COUNT_RATE},
	};
	for (size_t i = 0; i < LEN(sym_rows); i++) {
		const char *sym = sym_rows[i].sym;
		INT_EQ(mc_unit_from_symbol(sym, strlen(sym)), sym_rows[i].u);
		INT_EQ(mc_unit_dimension(sym_rows[i].u), sym_rows[i].dim);
	}
	INT_EQ(mc_unit_from_symbol("mb", 2), MC_UNIT_INVALID);
	INT_EQ(mc_unit_from_symbol("", 0), MC_UNIT_INVALID);
	INT_EQ(mc_unit_dimension(MC_UNIT_COUNT), MC_DIM_COUNT);
	INT_EQ(mc_unit_dimension(MC_UNIT_COUNT_PER_SECOND), MC_DIM_COUNT_RATE);
	INT_EQ(mc_unit_dimension(MC_UNIT_NONE), MC_DIM_NONE);
	STR_EQ(mc_dimension_name(MC_DIM_TIME), "time");
	STR_EQ(mc_dimension_name(MC_DIM_DATA_RATE), "data rate");
	STR_EQ(mc_unit_display(MC_UNIT_COUNT), "count");
	STR_EQ(mc_unit_display(MC_UNIT_MILLISECONDS), "ms");
}

static void test_convert(void)
{
	static const struct {
		double v;
		mc_unit from, to;
		int rc;
		const char *out;
	} rows[] = {
		/* The spec's own examples: 500ms on seconds, 2s on milliseconds, 80% on percent. */
		{500, MC_UNIT_MILLISECONDS, MC_UNIT_SECONDS, 0, "0.5"},
		{2, MC_UNIT_SECONDS, MC_UNIT_MILLISECONDS, 0, "2000"},
		{80, MC_UNIT_PERCENT, MC_UNIT_PERCENT, 0, "80"},
		{1.5, MC_UNIT_MILLISECONDS, MC_UNIT_SECONDS, 0, "0.0015"},
		{0.1, MC_UNIT_SECONDS, MC_UNIT_MILLISECONDS, 0, "100"},
		{250, MC_UNIT_MICROSECONDS, MC_UNIT_MILLISECONDS, 0, "0.25"},
		{15, MC_UNIT_MINUTES, MC_UNIT_SECONDS, 0, "900"},
		{1, MC_UNIT_HOURS, MC_UNIT_MILLISECONDS, 0, "3600000"},
		{90, MC_UNIT_SECONDS, MC_UNIT_MINUTES, 0, "1.5"},
		{1, MC_UNIT_DAYS, MC_UNIT_HOURS, 0, "24"},
		{512, MC_UNIT_MEGABYTES, MC_UNIT_BYTES, 0, "512000000"},
		{1, MC_UNIT_GIBIBYTES, MC_UNIT_MEGABYTES, 0, "1073.741824"},
		{1, MC_UNIT_KIBIBYTES, MC_UNIT_KILOBYTES, 0, "1.024"},
		{1000, MC_UNIT_KILOBYTES, MC_UNIT_KIBIBYTES, 0, "976.5625"},
		{1, MC_UNIT_BYTES, MC_UNIT_BITS, 0, "8"},
		{1, MC_UNIT_MEGABYTES, MC_UNIT_MEGABITS, 0, "8"},
		{1, MC_UNIT_GIGABITS, MC_UNIT_MEGABYTES, 0, "125"},
		{10, MC_UNIT_MEGABYTES_PER_SECOND, MC_UNIT_BYTES_PER_SECOND, 0, "10000000"},
		{1, MC_UNIT_MEGABYTES_PER_SECOND, MC_UNIT_MEGABITS_PER_SECOND, 0, "8"},
		{400, MC_UNIT_USD, MC_UNIT_USD, 0, "400"},
		/* A bare number is in the metric's unit; a metric of unknown unit takes all. */
		{2, MC_UNIT_UNSET, MC_UNIT_COUNT, 0, "2"},
		{2, MC_UNIT_SECONDS, MC_UNIT_UNSET, 0, "2"},
		/* Different dimensions: the caller reports E0201. */
		{2, MC_UNIT_SECONDS, MC_UNIT_COUNT, -1, NULL},
		{80, MC_UNIT_PERCENT, MC_UNIT_COUNT, -1, NULL},
		{80, MC_UNIT_PERCENT, MC_UNIT_NONE, -1, NULL},
		{1, MC_UNIT_MEGABYTES, MC_UNIT_SECONDS, -1, NULL},
		{1, MC_UNIT_MEGABYTES, MC_UNIT_MEGABYTES_PER_SECOND, -1, NULL},
		{1, MC_UNIT_COUNT, MC_UNIT_COUNT_PER_SECOND, -1, NULL},
		{400, MC_UNIT_USD, MC_UNIT_NONE, -1, NULL},
		{1, MC_UNIT_INVALID, MC_UNIT_SECONDS, -1, NULL},
	};
	for (size_t i = 0; i < LEN(rows); i++) {
		double out = -12345;
		int rc = mc_unit_convert(rows[i].v, rows[i].from, rows[i].to, &out);
		if (rc != rows[i].rc)
			fprintf(stderr, "  convert row %zu\n", i);
		INT_EQ(rc, rows[i].rc);
		if (rc == 0 && rows[i].out)
			double_is(out, rows[i].out, "convert");
	}
	/* Round trips through a smaller unit are exact for ordinary thresholds. */
	static const double vals[] = {0.5, 0.25, 1.2, 2.5, 99.9, 0.001, 123.456};
	for (size_t i = 0; i < LEN(vals); i++) {
		double ms, s;
		mc_unit_convert(vals[i], MC_UNIT_SECONDS, MC_UNIT_MILLISECONDS, &ms);
		mc_unit_convert(ms, MC_UNIT_MILLISECONDS, MC_UNIT_SECONDS, &s);
		CHECK(s == vals[i]);
	}
}

int main(void)
{
	test_durations();
	test_literals();
	test_table();
	test_convert();
	return harness_done();
}
