/*
 * The build's side of mc_outputs (emit.h): creating the set, learning what was written.
 *
 * Emitters only open files and write bytes (emit.h); `moncc build` (compiler/output) creates the
 * mc_outputs over a staging directory, tells it which emitter is running, and afterwards reads
 * the list of staged files to compare them with the output directory and move them into place.
 * Every file is staged under a numbered name (`000001`, ...) directly in the staging directory,
 * so a path with folders or `../` needs no folders while staging; with a compare directory,
 * only the files that differ from it are staged at all.
 */
#ifndef MC_EMIT_OUT_H
#define MC_EMIT_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emit/emit.h"

typedef struct {
	const char *path;    /* normalized, relative to the output directory ("a/b.json", "../x") */
	const char *staged;  /* the staged file: STAGING/NNNNNN (absent when unchanged) */
	const char *emitter; /* the emitter that wrote it */
	uint64_t size;
	bool unchanged;      /* byte for byte the file already in the compare directory */
	bool compared;       /* there was a compare directory: `unchanged` is the whole answer */
} mc_output_file;

/* What went wrong, when something did. */
typedef enum {
	MC_OUTPUTS_OK,
	MC_OUTPUTS_IO,       /* the staging directory could not be written (errno in the message) */
	MC_OUTPUTS_CONFLICT, /* two outputs on the same path, or a path that is not relative */
} mc_outputs_status;

/*
 * A set writing into stage_dir, which must exist and be empty. The environment variable
 * MONCC_TEST_FAIL_OUTPUT (tests only) makes opening any path containing its value fail as an
 * I/O error would. Free with mc_outputs_free, which does not remove the staged files.
 */
mc_outputs *mc_outputs_new(const char *stage_dir);
void mc_outputs_free(mc_outputs *os);

/*
 * A part of os for one emitter (named emitter, for the summary) to write on a thread of its
 * own: it shares no state with os or with other parts, stages its files in the folder `pPART`
 * it makes in os's staging directory (remove it after the commit), and becomes os's again with
 * mc_outputs_join. Create the parts before the threads start (this reads os).
 */
mc_outputs *mc_outputs_new_part(const mc_outputs *os, size_t part, const char *emitter);
/*
 * Appends the files of part (closing both) to os and frees part. Joining the parts in emitter
 * order gives os what writing them one after the other into os would have: the same files in
 * the same order, conflicts between parts found (the later file is dropped and its staged
 * file removed), and the same first failure.
 */
void mc_outputs_join(mc_outputs *os, mc_outputs *part);

/*
 * Compare with DIR before staging: each file opened from now on whose path already exists in
 * DIR as a regular file is compared with it as it is written, and staged only from the first
 * byte that differs (the equal part copied from the existing file). One that ends equal is
 * never staged: its mc_output_file says `unchanged`. A rebuild that changes nothing, or a
 * `--check` that finds nothing, thus creates no file at all. Parts inherit the directory.
 */
void mc_outputs_set_compare_dir(mc_outputs *os, const char *dir);

/* The emitter name recorded with each file opened from now on (for the summary). */
void mc_outputs_set_emitter(mc_outputs *os, const char *emitter);

/* Closes the open file, if any; returns the status of the whole set so far. */
mc_outputs_status mc_outputs_finish(mc_outputs *os);
mc_outputs_status mc_outputs_status_of(const mc_outputs *os);
/* The first failure, as one line without `moncc: error:`; NULL when none. */
const char *mc_outputs_error(const mc_outputs *os);

/* The files, in the order they were opened. */
size_t mc_outputs_count(const mc_outputs *os);
const mc_output_file *mc_outputs_file(const mc_outputs *os, size_t i);

/*
 * A relative `/`-separated path with `.` and `x/..` folded away and doubled slashes removed
 * ("a/./b//../c" -> "a/c", "a/../../b" -> "../b"), in a new string the caller frees; NULL
 * for an absolute or empty path, one that folds to nothing, or one with control characters.
 */
char *mc_output_path_normalize(const char *path);

#endif
