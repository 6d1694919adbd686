/*
 * The check pipeline; see check.h.
 *
 * Consumes paths, produces diagnostics in the session's sink and a per-file summary. Each
 * file goes through the phases in order, and a phase runs only while the file has no errors:
 * validating a tree the loader could not build completely would only repeat its complaints.
 * The compiled schema is shared by every file of the run (it is compiled once per process).
 */
#include "driver/check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "lint/lint.h"
#include "lower/lower.h"
#include "schema/validate.h"
#include "template/template.h"
#include "sema/format.h"

void mc_session_init(mc_session *s)
{
	memset(s, 0, sizeof *s);
	s->arena = mc_arena_new();
	mc_sources_init(&s->sources);
	mc_diags_init(&s->diags, s->arena);
	mc_load_limits_default(&s->limits);
}

void mc_session_release(mc_session *s)
{
	for (size_t i = 0; i < s->nfiles; i++)
		mc_templates_free(s->files[i].templates);
	mc_diags_release(&s->diags);
	mc_sources_release(&s->sources);
	mc_arena_free(s->tree);
	mc_arena_free(s->arena);
	free(s->files);
	memset(s, 0, sizeof *s);
}

/* The gate between phases: has this file had errors since errors0? */
static bool failed(const mc_session *s, unsigned errors0)
{
	return s->diags.nerrors != errors0;
}

/*
 * Runs one file through the pipeline. Returns 0 when the file was read (whatever it
 * contains), -1 when it could not be read.
 */
static int check_one(mc_session *s, mc_check_file *f)
{
	unsigned errors0 = s->diags.nerrors, warnings0 = s->diags.nwarnings;
	int rc = 0;

	f->file = mc_load_read_file(&s->sources, f->path, &s->limits, &s->diags);
	if (!f->file) {
		rc = -1;
		goto out;
	}
	mc_node *root = mc_load_yaml_in(&s->sources, f->file, &s->limits, s->arena,
	                                s->tree ? s->tree : s->arena, &s->diags);
	f->root = root;
	if (!root || failed(s, errors0))
		goto out;
	mc_validate_with(mc_schema_spec(), root, mc_sema_format_check, &s->sources, &s->diags);
	if (failed(s, errors0))
		goto out;
	/* Templates and lowering: imports are relative to the spec's folder. */
	const char *slash = strrchr(f->path, '/');
	char *dir = slash ? mc_arena_strndup(s->arena, f->path, (size_t)(slash - f->path + 1))
	                  : NULL;
	mc_templates *ts = mc_templates_load(&s->sources, dir, mc_node_get(root, "imports"),
	                                     &s->limits, s->arena, &s->diags);
	f->ir = mc_lower(root, f->path, ts, &s->sources, s->arena, &s->diags);
	if (f->ir && !failed(s, errors0) && s->defer_lint)
		f->templates = ts; /* for mc_check_lint */
	else if (f->ir && !failed(s, errors0))
		mc_lint(f->ir, ts, &s->diags);
	if (!f->templates)
		mc_templates_free(ts);
	/*
	 * Later phases go here, each behind the same gate, so that a phase only sees input the
	 * previous ones accepted: if (failed(...)) goto out; -> lint
	 */
out:
	f->nerrors = s->diags.nerrors - errors0;
	f->nwarnings = s->diags.nwarnings - warnings0;
	return rc;
}

int mc_check_paths(mc_session *s, const char *const *paths, size_t n)
{
	int io_failed = 0;

	for (size_t i = 0; i < n; i++) {
		MC_GROW(s->files, s->files_cap, s->nfiles + 1);
		mc_check_file *f = &s->files[s->nfiles++];
		memset(f, 0, sizeof *f);
		f->path = paths[i];
		if (check_one(s, f) < 0)
			io_failed = 1;
	}
	mc_diags_sort(&s->diags);
	if (io_failed)
		return 3;
	return s->diags.nerrors ? 1 : 0;
}

unsigned mc_check_lint(mc_session *s, mc_check_file *f)
{
	unsigned errors0 = s->diags.nerrors, warnings0 = s->diags.nwarnings;
	if (f->ir)
		mc_lint(f->ir, f->templates, &s->diags);
	f->nerrors += s->diags.nerrors - errors0;
	f->nwarnings += s->diags.nwarnings - warnings0;
	return s->diags.nerrors - errors0;
}

void mc_session_keep_trees_apart(mc_session *s)
{
	if (!s->tree)
		s->tree = mc_arena_new();
}

void mc_session_drop_trees(mc_session *s)
{
	if (!s->tree)
		return;
	mc_arena_reset(s->tree);
	for (size_t i = 0; i < s->nfiles; i++)
		s->files[i].root = NULL;
}
