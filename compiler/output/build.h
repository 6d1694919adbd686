/*
 * `moncc build`: a clean spec's IR -> every output file, written atomically, or (--check)
 * compared with what is there.
 *
 * The steps (docs/build.md says the same for users):
 *   1. Paths: the output directory DIR is `-o DIR`, else the spec's `outputs.dir` (relative to
 *      the spec's folder), else the spec's folder; every other `outputs:` key is relative to
 *      DIR (defaults in emit.h).
 *   2. Staging: every emitter of the table streams its files into DIR/.moncc-staging-PID/
 *      (--check: a fresh directory under $TMPDIR, so DIR is never written).
 *   3. Commit, only when every emitter succeeded: each staged file replaces its output by
 *      rename(2) when the bytes differ and is dropped when they are the same, so unchanged
 *      files keep their times; files of the previous build's manifest (DIR/.moncc-manifest)
 *      that this build no longer writes are deleted; the manifest is rewritten. Nothing else
 *      in DIR is touched. Any failure before the commit removes the staging directory and
 *      leaves every previous output as it was.
 *   --check stops after step 2 and reports what differs, is missing or would be deleted.
 */
#ifndef MC_OUTPUT_BUILD_H
#define MC_OUTPUT_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "output/prices.h"
#include "diag/source.h"
#include "emit/emit.h"
#include "ir/ir.h"
#include "load/node.h"

typedef struct {
	const char *spec_path;      /* as the user named it ("-": standard input) */
	const char *spec_text;      /* the spec's bytes, for the hash */
	size_t spec_len;
	const mc_node *root;        /* the spec's document, for `outputs:`; may be NULL */
	const char *out_dir;        /* -o DIR, or NULL */
	bool check;                 /* --check: compare, write nothing */
	const mc_emitter *emitters; /* NULL: mc_emitters (tests pass their own) */
	/* For other generators over the same staging and commit (`moncc docs`): */
	const char *manifest;       /* the manifest's name in DIR; NULL: .moncc-manifest */
	const char *command;        /* named in the manifest's comment; NULL: moncc build */
	const void *emit_data;      /* passed to the emitters as mc_emit_ctx.data */
	/* Threads running the emitters (at most one per emitter); 0: the environment variable
	 * MONCC_JOBS when it is a positive number, else the number of online CPUs. */
	unsigned jobs;
	/*
	 * Other work over the same const IR that may run on the pool beside the emitters
	 * (`moncc build` runs lint there), or NULL. A nonzero return means it found errors:
	 * mc_build_run then commits and compares nothing and returns 1 without an error of its
	 * own (the job reported them). side_weight orders it among the emitters' weights.
	 */
	int (*side_job)(void *arg);
	void *side_arg;
	unsigned side_weight;
} mc_build_opts;

/* What happened to one output path (or, for --check, what would). */
typedef enum {
	MC_BUILD_UNCHANGED,  /* same bytes already there */
	MC_BUILD_WRITTEN,    /* build: replaced or created */
	MC_BUILD_DELETED,    /* build: written by an earlier build, no longer generated */
	MC_BUILD_DIFFERS,    /* --check: there, with other bytes */
	MC_BUILD_MISSING,    /* --check: not there */
	MC_BUILD_STALE,      /* --check: would be deleted */
} mc_build_state;

typedef struct {
	char *path;          /* DIR joined with the output's path, as shown to the user */
	mc_build_state state;
} mc_build_change;

/* Per emitter: how many files it wrote. */
typedef struct {
	const char *name;
	size_t files;
} mc_build_emitter_count;

typedef struct {
	char *dir;                     /* the output directory, as shown ("." when current) */
	size_t nfiles;                 /* files generated */
	size_t nwritten, nunchanged, ndeleted; /* build */
	size_t ndiffer;                /* --check: differs + missing + stale */
	mc_build_change *changes;      /* every path not UNCHANGED, in output order, then deleted */
	size_t nchanges, changes_cap;
	mc_build_emitter_count *emitters; /* in table order */
	size_t nemitters;
	struct mc_emit_counts counts;  /* what the emitters counted */
	mc_cost_estimate cost;         /* of the IR */
	char *error;                   /* the failure, one line, or NULL */
	bool committing;               /* the failure came while moving files into place */
} mc_build_result;

/*
 * Runs the build (or check) of ir (NULL for emitters that read opts->emit_data instead: no
 * cost estimate then). Returns 0 (built, or --check found everything identical),
 * 1 (--check found a difference; or `outputs:` puts two files on one path or names an
 * unusable path: res->error says which), 3 (I/O failure: res->error). res is filled in every
 * case; release it with mc_build_result_release.
 */
int mc_build_run(const mc_ir *ir, const mc_sources *srcs, const mc_build_opts *opts,
                 mc_build_result *res);
void mc_build_result_release(mc_build_result *res);

/*
 * The output directory and paths of a spec (step 1 above). *dir gets a new string the caller
 * frees; paths point into the spec's tree or at static defaults. Returns 0, or -1 with a
 * message in err when `outputs:` names an absolute path.
 */
int mc_build_paths(const char *spec_path, const mc_node *root, const char *out_dir, char **dir,
                   mc_output_paths *paths, mc_buf *err);

#endif
