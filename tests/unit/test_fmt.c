/*
 * The printf fast path (base/fmt.h): mc_buf_printf, mc_arena_printf and mc_out_printf must
 * write exactly what vsnprintf writes, for the formats the fast path takes and for those it
 * leaves to vsnprintf.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/fmt.h"
#include "emit/out.h"
#include "harness.h"

static mc_arena *arena;

/* A NULL the compiler cannot see (printf("%s", NULL) is a -Wformat warning). */
static const char *volatile null_str;

/* Whether mc_fmt_split takes the format (false: it is left to vsnprintf). */
static bool split(const char *fmt, ...)
{
	mc_fmt f;
	va_list ap;
	va_start(ap, fmt);
	bool ok = mc_fmt_split(&f, fmt, &ap);
	va_end(ap);
	return ok;
}

/*
 * The reference text, then mc_buf_printf appended after a prefix (the buffer already holds
 * something, as it usually does), then mc_arena_printf. SIMPLE: whether the fast path takes
 * the format.
 */
#define SAME(simple, fmt, ...)                                                   \
	do {                                                                     \
		char want[8192];                                                 \
		snprintf(want, sizeof want, fmt, __VA_ARGS__);                   \
		INT_EQ(split(fmt, __VA_ARGS__), simple);                         \
		mc_buf b = MC_BUF_INIT;                                          \
		mc_buf_puts(&b, "<");                                            \
		mc_buf_printf(&b, fmt, __VA_ARGS__);                             \
		CHECK(b.len == 1 + strlen(want) && b.p[b.len] == '\0');          \
		STR_EQ(b.p + 1, want);                                           \
		mc_buf_release(&b);                                              \
		STR_EQ(mc_arena_printf(arena, fmt, __VA_ARGS__), want);          \
	} while (0)

static void test_simple(void)
{
	SAME(1, "%s", "");
	SAME(1, "%s/%s/%s", "svc00001", "lb.latency-p99", "critical");
	SAME(1, "no conversion at all%s", "");
	SAME(1, "100%% of %s", "it");
	SAME(1, "%s", null_str);
	SAME(1, "[%.*s]", 3, "abcdef");
	SAME(1, "[%.*s]", 0, "abcdef");
	SAME(1, "[%.*s]", 10, "abc");
	SAME(1, "[%.*s]", -1, "abcdef");
	SAME(1, "[%.*s]", 6, null_str);
	SAME(1, "[%.*s]", 5, null_str);
	SAME(1, "[%.*s]", -1, null_str);
	SAME(1, "%c%c%c", 'a', '`', 'z');
	SAME(1, "%d %d %d %i", 0, -1, INT_MIN, INT_MAX);
	SAME(1, "%u %u", 0u, UINT_MAX);
	SAME(1, "%ld %li %lu", LONG_MIN, LONG_MAX, ULONG_MAX);
	SAME(1, "%lld %lli %llu", LLONG_MIN, -42LL, ULLONG_MAX);
	SAME(1, "%zu %zd %zu", (size_t)0, (ptrdiff_t)-7, SIZE_MAX);
	SAME(1, "line %d, column %d: %s", 12, 7, "expected a map");
	SAME(1, "%s%%%s", "a", "b");
	/* 24 pieces fit; the 25th, or a 9th integer, sends the format to vsnprintf. */
	SAME(1, "%s-%s-%s-%s-%s-%s-%s-%s-%s-%s-%s-%s", "a", "b", "c", "d", "e", "f", "g", "h",
	     "i", "j", "k", "l");
	SAME(0, "%s-%s-%s-%s-%s-%s-%s-%s-%s-%s-%s-%s-%s", "a", "b", "c", "d", "e", "f", "g",
	     "h", "i", "j", "k", "l", "m");
	SAME(1, "%d%d%d%d%d%d%d%d", 1, 2, 3, 4, 5, 6, 7, 8);
	SAME(0, "%d%d%d%d%d%d%d%d%d", 1, 2, 3, 4, 5, 6, 7, 8, 9);
	SAME(1, "%s%s", "", ""); /* empty pieces take no room */
}

static void test_fallback(void)
{
	SAME(0, "%06zu", (size_t)42);
	SAME(0, "%-8s|", "ab");
	SAME(0, "%.2f", 3.14159);
	SAME(0, "%.12g", 0.1);
	SAME(0, "%08x", 0xbeefu);
	SAME(0, "%+d", 5);
	SAME(0, "%5d", 5);
	SAME(0, "%.3s", "abcdef");
	SAME(0, "%s %g", "mixed", 2.5); /* one conversion it does not take: all to vsnprintf */
	SAME(0, "%p", (void *)0);
	SAME(0, "%lx", 255ul);
	SAME(0, "%hhd", 5);
}

/* Longer than a buffer's first growth, so the fast path grows it once, exactly enough. */
static void test_long(void)
{
	char big[5000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	SAME(1, "%s-%s", "head", big);
	mc_buf b = MC_BUF_INIT;
	for (int i = 0; i < 1000; i++)
		mc_buf_printf(&b, "%d,", i);
	char *want = malloc(8000);
	size_t n = 0;
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(want + n, 8000 - n, "%d,", i);
	STR_EQ(b.p, want);
	free(want);
	mc_buf_release(&b);
}

/* mc_out_printf: into the 64 KiB buffer, past its end, and through a discarding writer. */
static void test_out(void)
{
	char dir[] = "/tmp/moncc-test-fmt-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	mc_outputs *os = mc_outputs_new(dir);
	mc_out *o = mc_outputs_open(os, "a.txt");
	char *big = malloc(100000);
	memset(big, 'y', 99999);
	big[99999] = '\0';
	mc_buf want = MC_BUF_INIT;
	for (int i = 0; i < 3000; i++) { /* 3000 short lines then one past the buffer */
		mc_out_printf(o, "%s/%zu: %d%%\n", "svc", (size_t)i, -i);
		mc_buf_printf(&want, "%s/%zu: %d%%\n", "svc", (size_t)i, -i);
	}
	mc_out_printf(o, "[%s]\n", big);
	mc_buf_printf(&want, "[%s]\n", big);
	mc_out_printf(o, "%06d\n", 7); /* vsnprintf's path */
	mc_buf_printf(&want, "%06d\n", 7);
	CHECK(mc_outputs_finish(os) == MC_OUTPUTS_OK);
	const mc_output_file *f = mc_outputs_file(os, 0);
	INT_EQ(f->size, want.len);
	FILE *fp = fopen(f->staged, "rb");
	char *got = calloc(1, want.len + 2);
	size_t r = fp ? fread(got, 1, want.len + 1, fp) : 0;
	if (fp)
		fclose(fp);
	INT_EQ(r, want.len);
	CHECK(memcmp(got, want.p, want.len) == 0);
	unlink(f->staged);
	mc_outputs_free(os);
	rmdir(dir);
	free(got);
	free(big);
	mc_buf_release(&want);
}

int main(void)
{
	arena = mc_arena_new();
	test_simple();
	test_fallback();
	test_long();
	test_out();
	mc_arena_free(arena);
	return harness_done();
}
