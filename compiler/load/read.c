/*
 * Reading an input file into the source registry (mc_load_read_file; see load.h).
 *
 * Consumes a path ("-" is standard input) and produces a registered, NUL-terminated buffer,
 * or an E0001/E0004 diagnostic without a span. The size limit is checked before reading when
 * the file says its size, and while reading otherwise (a pipe), so an endless stdin cannot
 * exhaust memory. Nothing here looks at the bytes: encoding checks belong to load.c.
 */
#define _POSIX_C_SOURCE 200809L

#include "load/load.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/xalloc.h"

void mc_load_limits_default(mc_load_limits *lim)
{
	lim->max_file_size = MC_LOAD_MAX_FILE_SIZE;
	lim->max_depth = MC_LOAD_MAX_DEPTH;
	lim->max_nodes = MC_LOAD_MAX_NODES;
}

static void cannot_read(mc_diags *d, const char *name, int err)
{
	mc_diag_add(d, MC_E0001, MC_NO_SPAN, "cannot read `%s`: %s", name, strerror(err));
}

/* size 0: unknown (a pipe), only known to be past the limit. */
static void too_large(mc_diags *d, const char *name, size_t size, size_t limit)
{
	mc_diag *g;
	if (size)
		g = mc_diag_add(d, MC_E0004, MC_NO_SPAN,
		                "`%s` is too large: %zu bytes, the limit is %zu bytes", name, size,
		                limit);
	else
		g = mc_diag_add(d, MC_E0004, MC_NO_SPAN,
		                "`%s` is too large: more than the limit of %zu bytes", name, limit);
	mc_diag_help(d, g, "a spec is a small hand-written file; split it or check that this is "
	                   "the file you meant");
}

uint32_t mc_load_read_file(mc_sources *srcs, const char *path, const mc_load_limits *lim,
                           mc_diags *d)
{
	mc_load_limits def;
	if (!lim) {
		mc_load_limits_default(&def);
		lim = &def;
	}
	/* Spans are 32-bit offsets, whatever the caller allows. */
	size_t limit = lim->max_file_size < UINT32_MAX - 1 ? lim->max_file_size : UINT32_MAX - 1;
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		cannot_read(d, name, errno);
		return 0;
	}

	char *buf = NULL;
	size_t len = 0, cap = 0;
	uint32_t id = 0;
	struct stat st;
	if (fstat(fileno(f), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			cannot_read(d, name, EISDIR);
			goto out;
		}
		if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > limit) {
			too_large(d, name, (size_t)st.st_size, limit);
			goto out;
		}
		if (S_ISREG(st.st_mode)) {
			/* The size exactly (plus the read-ahead below): MC_GROW's powers of two
			 * would hold a 1.1 MB spec in 2 MB for the whole run. */
			cap = (size_t)st.st_size + 4096 + 1;
			buf = mc_xmalloc(cap);
		}
	}
	for (;;) {
		/* Always leave room for one byte past the limit (to notice it) and the NUL. */
		MC_GROW(buf, cap, len + 4096);
		size_t want = cap - len - 1;
		if (want > limit + 1 - len)
			want = limit + 1 - len;
		size_t got = fread(buf + len, 1, want, f);
		len += got;
		if (len > limit) {
			too_large(d, name, 0, limit);
			goto out;
		}
		if (got < want) {
			if (ferror(f)) {
				cannot_read(d, name, errno ? errno : EIO);
				goto out;
			}
			break;
		}
	}
	buf[len] = '\0';
	id = mc_sources_add(srcs, name, buf, len);
	buf = NULL;
out:
	free(buf);
	if (!is_stdin)
		fclose(f);
	return id;
}
