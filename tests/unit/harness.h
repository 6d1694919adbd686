/*
 * A tiny unit-test harness (cmark's api_test shape): CHECK/INT_EQ/STR_EQ record failures and
 * go on; main() ends with `return harness_done();`, which prints "N passed, M failed" and
 * returns non-zero when anything failed.
 */
#ifndef MC_TESTS_HARNESS_H
#define MC_TESTS_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define CHECK(cond)                                                                       \
	do {                                                                              \
		if (cond) {                                                               \
			harness_passed++;                                                 \
		} else {                                                                  \
			harness_failed++;                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                         \
	} while (0)

#define INT_EQ(got, want)                                                                  \
	do {                                                                               \
		long long g_ = (long long)(got), w_ = (long long)(want);                   \
		if (g_ == w_) {                                                            \
			harness_passed++;                                                  \
		} else {                                                                   \
			harness_failed++;                                                  \
			fprintf(stderr, "%s:%d: %s: got %lld, want %lld\n", __FILE__, __LINE__, \
			        #got, g_, w_);                                             \
		}                                                                          \
	} while (0)

#define STR_EQ(got, want)                                                                    \
	do {                                                                                 \
		const char *g_ = (got), *w_ = (want);                                        \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                                       \
			harness_passed++;                                                    \
		} else {                                                                     \
			harness_failed++;                                                    \
			fprintf(stderr, "%s:%d: %s:\n  got:  \"%s\"\n  want: \"%s\"\n", __FILE__, \
			        __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");     \
		}                                                                            \
	} while (0)

static inline int harness_done(void)
{
	printf("%d passed, %d failed\n", harness_passed, harness_failed);
	return harness_failed != 0;
}

#endif
