/*
 * Diagnostics as data.
 *
 * Phases never print: they append mc_diag records to an mc_diags sink, and only the renderers
 * (render_*.c) turn them into bytes. A diagnostic has a level, a stable code from codes.def,
 * a message, labelled spans (labels[0] is the primary one, the others are secondary), notes
 * and one help line. Everything is allocated in the sink's arena.
 *
 * Message style (git, rustc): lowercase, no final period, the problem first, names of the
 * user's things in backticks: "unknown key `treshold` in alarm `memory`". What was expected
 * goes in the primary label; how to fix it goes in help ("did you mean `threshold`?").
 */
#ifndef MC_DIAG_DIAG_H
#define MC_DIAG_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "diag/source.h"

typedef enum { MC_LEVEL_ERROR, MC_LEVEL_WARNING, MC_LEVEL_NOTE } mc_level;

typedef enum {
#define MC_CODE(id, level, title) MC_##id,
#include "diag/codes.def"
#undef MC_CODE
	MC_CODE_COUNT,
	MC_CODE_NONE = MC_CODE_COUNT /* usage and internal failures: no stable code */
} mc_code;

typedef struct {
	const char *id;     /* "E0101" */
	mc_level level;     /* default level */
	const char *title;  /* "unknown key" */
} mc_code_info;

/* Info for a code; NULL for MC_CODE_NONE. */
const mc_code_info *mc_code_get(mc_code code);
/* Looks a code up by its id, case-insensitively ("e0101" works); MC_CODE_NONE if unknown. */
mc_code mc_code_find(const char *id);

enum { MC_DIAG_MAX_LABELS = 4, MC_DIAG_MAX_NOTES = 4 };

typedef struct {
	mc_span span;
	const char *text; /* may be NULL: the span is marked without words */
} mc_label;

typedef struct {
	mc_level level;
	mc_code code;
	const char *message;
	mc_label labels[MC_DIAG_MAX_LABELS]; /* labels[0] is primary (if nlabels > 0) */
	unsigned nlabels;
	const char *notes[MC_DIAG_MAX_NOTES];
	unsigned nnotes;
	const char *help; /* NULL when there is no help */
	size_t seq;       /* order of insertion; keeps sorting stable */
} mc_diag;

typedef struct {
	mc_arena *arena;   /* owned by the caller; outlives the sink */
	mc_diag **v;
	size_t len, cap;
	unsigned nerrors, nwarnings;
	/*
	 * Records codes, levels and spans only, no text: the validator's trials of schema
	 * branches, which only ask whether a branch fails, how often and where first, and
	 * check the one they report again into a sink that keeps the text.
	 */
	bool quiet;
} mc_diags;

void mc_diags_init(mc_diags *d, mc_arena *arena);
void mc_diags_release(mc_diags *d); /* frees the vector; the records live in the arena */

/*
 * Appends a diagnostic whose primary label is at span (no label text; add it with
 * mc_diag_label_primary) and returns it for further decoration. The level is the code's
 * default level; use mc_diag_set_level to change it.
 */
mc_diag *mc_diag_add(mc_diags *d, mc_code code, mc_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void mc_diag_set_level(mc_diags *d, mc_diag *g, mc_level level);
void mc_diag_label_primary(mc_diags *d, mc_diag *g, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Secondary labels beyond MC_DIAG_MAX_LABELS are dropped silently (the first ones matter most). */
void mc_diag_label(mc_diags *d, mc_diag *g, mc_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void mc_diag_note(mc_diags *d, mc_diag *g, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mc_diag_help(mc_diags *d, mc_diag *g, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sorts into source order: by file, then primary offset, then insertion; sourceless last. */
void mc_diags_sort(mc_diags *d);

/*
 * Suggests the candidate closest to word by edit distance (case-insensitive, transpositions
 * count once), or NULL when none is close enough to be a plausible typo.
 */
const char *mc_did_you_mean(const char *word, const char *const *candidates, size_t n);

#endif
