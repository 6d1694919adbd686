/*
 * Metric-math expressions: the `expr:` strings of the spec.
 *
 * Consumes one scalar node of the document tree (`100 * (lb.target_5xx + lb.elb_5xx) /
 * lb.requests`) and produces an AST in the arena whose every node knows its byte range in the
 * file (found with mc_node_text_span), so a caret can point at one token inside the string.
 * The resolver walks the references (mc_expr_visit_refs) and reports the unresolved ones at
 * their own location; the lowering prints the expression back in CloudWatch syntax with each
 * reference replaced by a metric-math id (mc_expr_print) and picks those ids (mc_expr_ids).
 *
 * The grammar follows CloudWatch metric math (user guide, "Metric math syntax and
 * functions"), lowest precedence first:
 *
 *     expr    := or
 *     or      := and  (("OR" | "||") and)*
 *     and     := cmp  (("AND" | "&&") cmp)*
 *     cmp     := sum  [("==" | "!=" | "<" | "<=" | ">" | ">=") sum]    (no chains: a < b < c)
 *     sum     := prod (("+" | "-") prod)*
 *     prod    := unary (("*" | "/") unary)*
 *     unary   := "-" unary | power
 *     power   := primary ["^" unary]                        (right-assoc: -2^2 is -(2^2))
 *     primary := NUMBER | STRING | reference | WORD | WORD "(" [expr ("," expr)*] ")"
 *              | "(" expr ")" | "[" expr ("," expr)* "]"
 *
 * NUMBER is digits with an optional fraction (`5`, `0.25`, `.5`); no exponent and no unit.
 * STRING is single- or double-quoted (`'Average'`, `"errors"`), a backslash escapes the next
 * character; the text is passed to CloudWatch as written. WORD is an upper-case word: a
 * function name when `(` follows, else a keyword argument (`REPEAT`, `LINEAR`, `AVG`, `DESC`).
 * Metric math has no NOT (`!`); AND and OR may be spelled `&&` and `||`.
 *
 * A reference is `name(.name)*` with names `[a-z][a-z0-9_-]*`, written without spaces around
 * the dots. A `-` belongs to the name when a lower-case letter, digit or `_` follows it at
 * once, so `lb.latency-p99` is one reference and `a-b` is the reference `a-b`: write binary
 * minus with spaces (`a - b`). `e1-MIN(e1)` and `a-(b)` subtract, because neither an
 * upper-case letter nor `(` can continue a name. A name with upper-case letters is an error.
 *
 * Diagnostics: E0210 for malformed text (the first syntax error of an expression ends its
 * parse), E0211 unknown function (with did-you-mean), E0212 wrong number of arguments, E0213
 * wrong kind of argument or operand; all arity and kind errors of one expression are
 * reported. E0214, "the expression does not give one time series", is checked separately by
 * mc_expr_check_result because it depends on where the expression is used.
 *
 * Limits of one alarm's metric-math form (aws-notes §2.1) are the lowering's to enforce:
 * at most MC_EXPR_MAX_METRICS MetricStat queries and MC_EXPR_MAX_EXPRESSIONS expressions,
 * each expression at most MC_EXPR_MAX_TEXT bytes, ids matching ^[a-z][A-Za-z0-9_]*$.
 */
#ifndef MC_SEMA_EXPR_H
#define MC_SEMA_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "load/node.h"

enum {
	MC_EXPR_MAX_METRICS = 10,     /* MetricStat queries per alarm */
	MC_EXPR_MAX_EXPRESSIONS = 10, /* Expression queries per alarm */
	MC_EXPR_MAX_TEXT = 2048,      /* bytes of one Expression */
	MC_EXPR_MAX_ID = 255,         /* bytes of one query Id */
	MC_EXPR_MAX_DEPTH = 64,       /* nesting; deeper input is reported, not parsed */
};

typedef enum {
	MC_EXPR_NUMBER,
	MC_EXPR_STRING,
	MC_EXPR_REF,
	MC_EXPR_KEYWORD,  /* a bare upper-case word: `REPEAT` in FILL(m, REPEAT) */
	MC_EXPR_UNARY,    /* op is MC_XOP_NEG */
	MC_EXPR_BINARY,
	MC_EXPR_CALL,
	MC_EXPR_ARRAY,    /* [a, b] */
} mc_expr_kind;

typedef enum {
	MC_XOP_NONE,
	MC_XOP_OR, MC_XOP_AND,
	MC_XOP_EQ, MC_XOP_NE, MC_XOP_LT, MC_XOP_LE, MC_XOP_GT, MC_XOP_GE,
	MC_XOP_ADD, MC_XOP_SUB, MC_XOP_MUL, MC_XOP_DIV,
	MC_XOP_NEG, MC_XOP_POW,
} mc_expr_op;

/* What a (sub)expression gives: CloudWatch's S, TS and TS[], plus argument-only kinds. */
typedef enum {
	MC_SHAPE_NONE = 0,       /* not computed, or poisoned by an earlier error */
	MC_SHAPE_SCALAR = 1 << 0,
	MC_SHAPE_SERIES = 1 << 1,
	MC_SHAPE_ARRAY = 1 << 2,
	MC_SHAPE_STRING = 1 << 3,
	MC_SHAPE_KEYWORD = 1 << 4,
} mc_expr_shape;

/* How a function's result follows from its first argument. */
typedef enum {
	MC_RESULT_SCALAR,
	MC_RESULT_SERIES,
	MC_RESULT_ARRAY,
	MC_RESULT_SAME,    /* TS -> TS, TS[] -> TS[] (ABS, FILL, RATE...) */
	MC_RESULT_REDUCE,  /* TS -> S, TS[] -> TS (AVG, MAX, MIN, SUM, STDDEV, DATAPOINT_COUNT) */
} mc_expr_result;

enum { MC_EXPR_FUNC_MAX_PARAMS = 4 };

typedef struct {
	const char *name;                        /* "FILL" */
	unsigned min_args, max_args;
	/* Allowed shapes per parameter; parameters past the last listed repeat the last. */
	unsigned params[MC_EXPR_FUNC_MAX_PARAMS];
	/* The keywords a parameter accepts, NULL-terminated; NULL when it takes none. */
	const char *const *keywords[MC_EXPR_FUNC_MAX_PARAMS];
	mc_expr_result result;
	bool ref_only;                           /* PERIOD: the argument must name a metric */
} mc_expr_func;

/* The function table (CloudWatch's, in alphabetical order); *n receives its length. */
const mc_expr_func *mc_expr_functions(size_t *n);
/* Exact, case-sensitive look-up; NULL if there is no such function. */
const mc_expr_func *mc_expr_function_find(const char *name, size_t len);

typedef struct mc_expr mc_expr;

struct mc_expr {
	mc_expr_kind kind;
	mc_span span;            /* in the file (the whole scalar if exactness is impossible) */
	uint32_t lo, hi;         /* byte range inside the expression text */
	bool parens;             /* written inside ( ); kept when printing */
	mc_expr_shape shape;     /* what it gives; set by a successful parse */
	/* NUMBER: the lexeme; STRING: the raw text with its quotes; REF: the whole dotted
	 * name; KEYWORD and CALL: the word. NUL-terminated, in the arena. */
	const char *text;
	double number;           /* NUMBER */
	const char **names;      /* REF: the dotted parts, `lb`, `latency-p99` */
	size_t nnames;
	void *resolved;          /* REF: free for the resolver to fill; NULL after parsing */
	mc_expr_op op;           /* UNARY, BINARY */
	mc_expr *lhs, *rhs;      /* UNARY uses lhs */
	const mc_expr_func *func; /* CALL, when the name is known */
	mc_expr **args;          /* CALL arguments, ARRAY items */
	size_t nargs;
	uint32_t open_lo;        /* CALL, ARRAY: offset of `(` or `[` in the text */
};

/*
 * Parses and checks the expression in a scalar node. Returns the root (in the arena) or NULL
 * when the text is malformed or a function, arity or argument kind is wrong; every problem
 * has been reported to diags. The root must be a value: a bare string or keyword is an
 * error too. Any scalar is read as text (`expr: 5` parses); a mapping or list is E0210.
 */
mc_expr *mc_expr_parse(const mc_node *node, const mc_sources *srcs, mc_arena *arena,
                       mc_diags *diags);

/*
 * E0214: whether the expression gives one time series, as an alarm needs (for_alarm), or one
 * time series or an array of them, as a graph accepts. A bare number is never a result. In
 * an alarm, SEARCH is rejected wherever it appears (CloudWatch cannot alarm on it). Returns
 * true when the result is fine; otherwise reports at the root and returns false.
 */
bool mc_expr_check_result(const mc_expr *root, bool for_alarm, mc_diags *diags);

/* Calls fn for every reference, left to right, duplicates included. */
typedef void (*mc_expr_ref_fn)(mc_expr *ref, void *ctx);
void mc_expr_visit_refs(mc_expr *root, mc_expr_ref_fn fn, void *ctx);

/*
 * Appends the expression in CloudWatch syntax: one space around binary operators, `, `
 * between arguments, AND/OR spelled out, the parentheses the user wrote plus those the
 * grammar needs. Each reference is replaced by id_for_ref(ref, ctx); with a NULL callback,
 * or when it returns NULL, the reference's own name is printed (for messages and docs).
 */
typedef const char *(*mc_expr_id_fn)(const mc_expr *ref, void *ctx);
void mc_expr_print(const mc_expr *root, mc_expr_id_fn id_for_ref, void *ctx, mc_buf *out);

/* Whether id is a valid metric-math query Id: ^[a-z][A-Za-z0-9_]*$, 1..255 bytes. */
bool mc_expr_id_valid(const char *id);

/*
 * Unique query ids within one alarm or widget, handed out deterministically in call order.
 * The strings live in the arena; the set itself is freed with mc_expr_ids_release.
 */
typedef struct {
	mc_arena *arena;
	const char **v;
	size_t len, cap;
} mc_expr_ids;

void mc_expr_ids_init(mc_expr_ids *ids, mc_arena *arena);
void mc_expr_ids_release(mc_expr_ids *ids);
/* Marks id as taken. False if it is invalid or already taken. */
bool mc_expr_ids_reserve(mc_expr_ids *ids, const char *id);
/* The next free `<prefix>N` for N = 1, 2, ...: m1, m2 for metrics, e1, e2 for expressions. */
const char *mc_expr_ids_next(mc_expr_ids *ids, char prefix);
/*
 * An id derived from a name: `lb.target_5xx` -> `lb_target_5xx`, `latency-p99` ->
 * `latency_p99`; characters outside [A-Za-z0-9_] become `_` (runs collapse, ends trimmed),
 * a name not starting with a lower-case letter gets an `m` in front, long names are cut to
 * 64 bytes; a taken id gets `_2`, `_3`... appended.
 */
const char *mc_expr_ids_from_name(mc_expr_ids *ids, const char *name);

#endif
