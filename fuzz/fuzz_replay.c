/*
 * Replays files through the fuzz entry point without libFuzzer, so every build (and every
 * sanitizer or valgrind run of ctest) re-checks the seeds and the regressions the fuzzer found.
 *
 * Consumes paths: a directory is walked recursively in name order; each file is replayed twice,
 * as a fuzz input (first byte = options) and, behind the default option byte, as a document,
 * so that plain specs (tests/diag, examples) are covered whole. With `--filter` first, each
 * file goes once through the filter-pattern target instead (mc_fuzz_filter_one).
 * Produces a count on stdout ("replayed N files from M paths") and exit 0, or exit 1 when an
 * argument cannot be read; a crash or a sanitizer report fails the ctest by itself.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "fuzz_target.h"
#include "schema/validate.h"
#include "template/template.h"

static size_t replayed;
static bool filter_mode; /* --filter: the filter-pattern target */

/* The option byte of mc_fuzz_one that means "default limits, validate, no colour". */
static const uint8_t default_options = 0x07;

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	mc_buf b = MC_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		mc_buf_add(&b, chunk, n);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		fprintf(stderr, "fuzz_replay: %s: read error\n", path);
		mc_buf_release(&b);
		return -1;
	}
	if (filter_mode) {
		mc_fuzz_filter_one((const uint8_t *)(b.p ? b.p : ""), b.len);
		mc_buf_release(&b);
		replayed++;
		return 0;
	}
	/* As a fuzz input (its first byte is the option byte; an empty file is an input too)... */
	mc_fuzz_one((const uint8_t *)(b.p ? b.p : ""), b.len);
	/* ...and as a whole document under the default options, for the specs in the list. */
	mc_buf doc = MC_BUF_INIT;
	mc_buf_putc(&doc, (char)default_options);
	mc_buf_add(&doc, b.p ? b.p : "", b.len);
	mc_fuzz_one((const uint8_t *)doc.p, doc.len);
	mc_buf_release(&doc);
	mc_buf_release(&b);
	replayed++;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_path(const char *path);

static int replay_dir(const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t len = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue; /* ., .. and hidden files such as .keep */
		MC_GROW(names, cap, len + 1);
		names[len++] = mc_xstrdup(e->d_name);
	}
	closedir(dir);
	/* Name order, so that a crash report names the same file on every machine. */
	qsort(names, len, sizeof *names, compare_names);
	int rc = 0;
	for (size_t i = 0; i < len; i++) {
		mc_buf child = MC_BUF_INIT;
		mc_buf_printf(&child, "%s/%s", path, names[i]);
		if (replay_path(child.p) != 0)
			rc = -1;
		mc_buf_release(&child);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return replay_dir(path);
	if (S_ISREG(st.st_mode))
		return replay_file(path);
	return 0;
}

int main(int argc, char **argv)
{
	int first = 1;
	if (argc > 1 && strcmp(argv[1], "--filter") == 0) {
		filter_mode = true;
		first = 2;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: fuzz_replay [--filter] DIR|FILE...\n");
		return 2;
	}
	int rc = 0;
	for (int i = first; i < argc; i++)
		if (replay_path(argv[i]) != 0)
			rc = 1;
	mc_schema_spec_release(); /* the cached schema, so that valgrind sees nothing left */
	mc_schema_template_release(); /* and the template schema, compiled by the lowering */
	printf("replayed %zu files from %d paths\n", replayed, argc - first);
	return rc;
}
