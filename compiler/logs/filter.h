/*
 * CloudWatch Logs filter patterns: text -> an AST (mc_filter), and an AST x a log event ->
 * "matches?" plus the metric value the filter's `value:` extracts.
 *
 * The three documented pattern kinds (docs/structured-logging.md, AWS "Filter pattern
 * syntax"):
 *   terms         `ERROR`, `"Event Logged" "- sent_chat"`, `?ERROR ?WARN`, `ERROR -Exiting`,
 *                 `%regex%`; the empty pattern matches every event
 *   JSON          `{ $.status >= 500 && ($.level = "error" || $.x IS NULL) }`
 *   space-delim.  `[ip, user, ..., status = 5*, bytes > 1000]`
 *
 * Term semantics: a term matches when its text occurs anywhere in the event (AWS documents
 * that `ERROR` matches `Exiting with ERRORCODE: -1`), case-sensitively. A `?term` starts a
 * new alternative: `?A B ?C D` is (A and B) or (C and D), the form AWS CDK's
 * FilterPattern.anyTermGroup writes; `-term` excludes within its alternative.
 *
 * The parser never prints: it fills an mc_filter_error with the byte offset (into the
 * pattern text) of what is wrong, so callers put the caret inside the YAML string. The AST
 * lives in the arena given; compiled regexes (PCRE2) are freed by mc_filter_release.
 */
#ifndef MC_LOGS_FILTER_H
#define MC_LOGS_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "diag/diag.h"

/* Limits AWS documents for metric filters (PutMetricFilter, FilterAndPatternSyntax). */
enum {
	MC_FILTER_MAX_LEN = 1024,         /* filterPattern length */
	MC_FILTER_MAX_REGEX = 2,          /* regexes in one pattern */
	MC_FILTER_MAX_REGEX_FILTERS = 5,  /* regex-bearing filters per log group */
	MC_FILTER_MAX_PER_GROUP = 100,    /* metric filters per log group */
};

typedef enum { MC_FILTER_TERMS, MC_FILTER_JSON, MC_FILTER_SPACE } mc_filter_kind;

typedef enum {
	MC_FOP_EQ, MC_FOP_NE, MC_FOP_LT, MC_FOP_LE, MC_FOP_GT, MC_FOP_GE,
	MC_FOP_IS_NULL, MC_FOP_EXISTS, MC_FOP_NOT_EXISTS, MC_FOP_IS_TRUE, MC_FOP_IS_FALSE,
} mc_filter_op;

/* A literal a field is compared with. */
typedef enum { MC_FVAL_NONE, MC_FVAL_STRING, MC_FVAL_NUMBER, MC_FVAL_REGEX } mc_filter_vkind;
typedef struct {
	mc_filter_vkind kind;
	const char *text; /* string (may hold `*` wildcards unless quoted_star) or regex source */
	size_t len;
	double num;
	int regex;        /* index into mc_filter.regex for MC_FVAL_REGEX */
} mc_filter_value;

/* One step of a JSON selector: `.key` or `[index]`. */
typedef struct {
	const char *key; /* NULL for an index */
	size_t index;
} mc_filter_step;

/* A boolean expression: JSON conditions, or the conditions on one space-delimited field. */
typedef enum { MC_FEXPR_AND, MC_FEXPR_OR, MC_FEXPR_CMP } mc_filter_ekind;
typedef struct mc_filter_expr mc_filter_expr;
struct mc_filter_expr {
	mc_filter_ekind kind;
	mc_filter_expr *l, *r;     /* AND / OR */
	mc_filter_step *steps;     /* CMP in JSON: the selector after `$` */
	size_t nsteps;
	mc_filter_op op;
	mc_filter_value value;
};

typedef struct {
	const char *text; /* a term's text (without quotes), or a regex's source */
	size_t len;
	bool exclude;     /* `-term` */
	int regex;        /* >= 0: `%regex%`, the index into mc_filter.regex */
	size_t off;       /* where it is in the pattern */
} mc_filter_term;

typedef struct {
	mc_filter_term *terms;
	size_t nterms;
} mc_filter_alt;

typedef struct {
	const char *name;     /* NULL for `...` and for literal slots */
	bool ellipsis;
	mc_filter_expr *cond; /* NULL: any value */
} mc_filter_field;

typedef struct {
	mc_filter_kind kind;
	mc_filter_alt *alts;      /* TERMS: the alternatives (none: matches every event) */
	size_t nalts;
	mc_filter_expr *json;     /* JSON */
	mc_filter_field *fields;  /* SPACE */
	size_t nfields;
	void *regex[MC_FILTER_MAX_REGEX]; /* pcre2_code *, compiled */
	size_t nregex;
	/* Unquoted terms with characters other than letters, digits and `_` (W0016). */
	size_t *loose_terms, *loose_lens;
	size_t nloose;
} mc_filter;

/* Why a pattern did not parse: at [off, off+len) of the pattern text. */
typedef struct {
	mc_code code;        /* MC_E0360 (syntax), MC_E0361 (length), MC_E0362 (regex) */
	size_t off, len;
	const char *message; /* in the arena */
	const char *label;   /* what was expected, for the caret; may be NULL */
	const char *help;    /* may be NULL */
} mc_filter_error;

/*
 * Parses text[0, len). Returns the pattern (in arena; call mc_filter_release when done) or
 * NULL with *err filled. Never prints.
 */
mc_filter *mc_filter_parse(const char *text, size_t len, mc_arena *arena, mc_filter_error *err);

/* Frees the compiled regexes (the rest is in the arena). NULL is fine. */
void mc_filter_release(mc_filter *f);

/* Does the space-delimited pattern name a field `name`? */
bool mc_filter_has_field(const mc_filter *f, const char *name, size_t len);

/*
 * The metric value spec `1`, `42`, `$.a.b[0]` or `$name`: 0 when well-formed, else -1 with
 * *why set (a static string). For `$name` the pattern must be space-delimited with that field.
 */
int mc_filter_value_check(const mc_filter *f, const char *value, const char **why);

/*
 * Matches one log event (line[0, len), not NUL-terminated). On a match, when value_spec is
 * not NULL, *value gets the metric value (the constant, or the field's number) and
 * *has_value says whether there was one (a missing or non-numeric field adds nothing, as in
 * CloudWatch). A JSON pattern never matches an event that is not a JSON object.
 */
bool mc_filter_match(const mc_filter *f, const char *line, size_t len, const char *value_spec,
                     double *value, bool *has_value);

#endif
