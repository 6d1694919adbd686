/* mc_buf: appending, JSON escaping and the number format every output uses. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "harness.h"

static char *num(double v)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_double(&b, v);
	return mc_buf_detach(&b);
}

#define NUM_EQ(v, want)                    \
	do {                               \
		char *s_ = num(v);         \
		STR_EQ(s_, want);          \
		free(s_);                  \
	} while (0)

/* The printf-only algorithm mc_buf_double had before its fast paths: the reference. */
static void reference(double v, char *out, size_t cap)
{
	if (v == 0) {
		snprintf(out, cap, "0");
		return;
	}
	if (fabs(v) < 9007199254740992.0 && v == floor(v)) {
		snprintf(out, cap, "%.0f", v);
		return;
	}
	int prec;
	for (prec = 1; prec <= 15; prec++) {
		snprintf(out, cap, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	if (prec > 15)
		snprintf(out, cap, "%.12g", v);
}

/* xorshift64: the same values on every run. */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void same_as_reference(double v)
{
	char want[64];
	reference(v, want, sizeof want);
	char *got = num(v);
	STR_EQ(got, want);
	free(got);
}

/* Decimals of every length and scale, their binary-noise neighbours and arbitrary doubles. */
static void fast_paths_match_printf(void)
{
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	for (int i = 0; i < 50000; i++) {
		uint64_t r = next(&seed);
		int digits = 1 + (int)(r % 17);
		uint64_t m = next(&seed) % (uint64_t)pow(10, digits);
		int k = (int)(next(&seed) % 20);
		double v = (double)m / pow(10, k);
		if (r & 1)
			v = -v;
		same_as_reference(v);
		same_as_reference(nextafter(v, INFINITY));
		same_as_reference(v * 0.005 * 14.4);
		uint64_t bits = next(&seed);
		double any;
		memcpy(&any, &bits, sizeof any);
		if (isfinite(any))
			same_as_reference(any);
	}
}

int main(void)
{
	fast_paths_match_printf();
	NUM_EQ(0, "0");
	NUM_EQ(80, "80");
	NUM_EQ(-3, "-3");
	NUM_EQ(0.001, "0.001");
	NUM_EQ(0.1, "0.1");
	NUM_EQ(1.5, "1.5");
	NUM_EQ(14.4 * 0.005, "0.072");      /* binary noise is not printed */
	NUM_EQ(1 - 0.995, "0.005");
	NUM_EQ(6 * (1 - 0.999), "0.006");
	NUM_EQ(1.0 / 3, "0.333333333333");
	NUM_EQ(0.123456789012345, "0.123456789012345"); /* 15 digits round-trip: kept */
	NUM_EQ(1e-7, "1e-07");
	NUM_EQ(1e16, "1e+16");
	NUM_EQ(123456789012.0, "123456789012");

	mc_buf b = MC_BUF_INIT;
	mc_buf_json_escape(&b, "a\"b\\c\n\x01", 7);
	STR_EQ(mc_buf_str(&b), "a\\\"b\\\\c\\n\\u0001");
	mc_buf_clear(&b);
	STR_EQ(mc_buf_str(&b), "");
	mc_buf_printf(&b, "%s-%d", "x", 42);
	mc_buf_repeat(&b, '.', 3);
	STR_EQ(mc_buf_str(&b), "x-42...");
	INT_EQ(b.len, 7);
	mc_buf_release(&b);
	STR_EQ(mc_buf_str(&b), "");
	return harness_done();
}
