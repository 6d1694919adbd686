/* mc_buf: appending, JSON escaping and the number format every output uses. */
#include <stdlib.h>

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

int main(void)
{
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
