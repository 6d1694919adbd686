/*
 * The driver: paths of spec files -> diagnostics, one phase after another.
 *
 * An mc_session owns everything one run of moncc needs (the arena, the source registry, the
 * diagnostics sink, the loader's limits) and releases it in one call. mc_check_paths() runs
 * the front end on each file: read, parse, validate; later phases (templates, references,
 * IR, lint) are further steps in the same per-file pipeline, each gated on the file having no
 * errors so far, so one mistake is reported once instead of cascading. Files are independent:
 * a file that cannot be read or does not parse does not stop the others.
 */
#ifndef MC_DRIVER_CHECK_H
#define MC_DRIVER_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "ir/ir.h"
#include "load/load.h"

/* What happened to one path given to mc_check_paths, in the order given. */
typedef struct {
	const char *path;   /* as given (not copied: the caller's string) */
	uint32_t file;      /* source id, or 0 when the file could not be read */
	unsigned nerrors;   /* errors reported for this file */
	unsigned nwarnings;
	mc_ir *ir;          /* the IR (in the session arena) when lowering succeeded, else NULL */
	const mc_node *root; /* the document (session arena) once it parsed, else NULL; `moncc
	                        build` reads its `outputs:` */
	struct mc_templates *templates; /* kept for mc_check_lint when lint is deferred */
} mc_check_file;

typedef struct {
	mc_arena *arena;
	mc_sources sources;
	mc_diags diags;
	mc_load_limits limits;
	mc_check_file *files; /* one per path checked so far; freed by mc_session_release */
	size_t nfiles, files_cap;
	/*
	 * Leave lint to the caller (mc_check_lint), who runs it beside other work on the IR:
	 * `moncc build` lints while the emitters run, and commits nothing if lint finds errors.
	 */
	bool defer_lint;
	/*
	 * When set (mc_session_keep_trees_apart), the specs' document nodes go here rather than
	 * into arena, so that mc_session_drop_trees can free them once nothing reads them.
	 */
	mc_arena *tree;
} mc_session;

/* Sets up an empty session with the default loader limits; release it with the next call. */
void mc_session_init(mc_session *s);
/* Frees everything the session holds (arena, sources, diagnostics, file table). */
void mc_session_release(mc_session *s);

/*
 * Loads and validates each path in order ("-" is standard input); diagnostics accumulate in
 * s->diags, sorted into source order at the end, and s->files gets one entry per path.
 * Returns 0 (no errors), 1 (errors in a spec) or 3 (a file could not be read, or moncc
 * itself failed); 3 wins over 1.
 */
int mc_check_paths(mc_session *s, const char *const *paths, size_t n);

/*
 * Lints f (of a session with defer_lint, whose IR was built) into s->diags and adds what it
 * found to f's counts; returns the number of errors lint reported. Safe to run on another
 * thread while others only read the IR; sort and render the diagnostics afterwards.
 */
unsigned mc_check_lint(mc_session *s, mc_check_file *f);

/*
 * Document trees apart: call before mc_check_paths. mc_session_drop_trees then frees every
 * checked spec's nodes (their texts stay, and the IR points only at texts) and sets each
 * file's root to NULL: `moncc build` does it once it has read `outputs:`, and its emitters
 * reuse the memory (8 MB of nodes at 1,000 services).
 */
void mc_session_keep_trees_apart(mc_session *s);
void mc_session_drop_trees(mc_session *s);

#endif
