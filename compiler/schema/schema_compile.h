/*
 * The compiled form of a JSON Schema, shared by schema_compile.c (which builds it from JSON
 * text) and validate.c (which walks a document tree against it). Internal to compiler/schema/.
 *
 * Every schema object becomes one mc_sch, allocated in the schema's own arena; `$ref`s are
 * resolved to pointers once, so the graph may contain cycles. Properties are sorted by name
 * for binary search; their declaration order is kept separately for messages. Regexes are
 * compiled once with PCRE2_UTF and freed with the schema.
 */
#ifndef MC_SCHEMA_SCHEMA_COMPILE_H
#define MC_SCHEMA_SCHEMA_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "schema/validate.h"

/* JSON Schema types as a bit set; 0 in mc_sch.types means "no `type` keyword". */
enum {
	MC_T_NULL = 1 << 0,
	MC_T_BOOL = 1 << 1,
	MC_T_INT = 1 << 2,
	MC_T_NUM = 1 << 3,
	MC_T_STR = 1 << 4,
	MC_T_ARR = 1 << 5,
	MC_T_OBJ = 1 << 6,
	MC_T_ALL = (1 << 7) - 1,
};

typedef struct mc_sch mc_sch;

/* A scalar of `enum` or `const`. */
typedef enum { MC_VAL_NULL, MC_VAL_BOOL, MC_VAL_INT, MC_VAL_REAL, MC_VAL_STR } mc_val_kind;

typedef struct {
	mc_val_kind kind;
	bool b;
	int64_t i;
	double f;
	const char *s; /* MC_VAL_STR: NUL-terminated copy */
	size_t len;
	const char *text; /* how it is shown in messages: `not_breaching`, `1`, `true` */
} mc_val;

typedef struct {
	const char *name;
	size_t len;
	mc_sch *schema;
} mc_sch_prop;

typedef struct {
	pcre2_code *re;
	const char *source;
	mc_sch *schema;
} mc_sch_pattern_prop;

/* Bounds: `has` says whether the keyword is present. */
typedef struct {
	bool has;
	double v;
} mc_sch_num;

typedef struct {
	bool has;
	size_t v;
} mc_sch_count;

struct mc_sch {
	bool is_false;      /* the boolean schema `false` (also additionalProperties: false) */
	unsigned types;     /* MC_T_* from `type` (or inferred from enum/const); 0: any */
	unsigned accepts;   /* MC_T_* this schema can accept at all, through $ref and branches */
	int accepts_state;  /* 0 not computed, 1 computing (a cycle), 2 done */

	const char *title;
	const char *expected;  /* x-moncc-expected */
	const char *format;    /* x-moncc-format: a form a checker of the caller may take over */
	const char *example;   /* first `examples` entry, as text */
	mc_code code;          /* x-moncc-code for pattern/length failures, MC_E0105 otherwise */

	mc_sch *ref;

	mc_sch_prop *props;        /* sorted by name */
	const char **prop_names;   /* declaration order */
	size_t nprops;
	const char **required;
	size_t nrequired;
	mc_sch *additional;        /* NULL when absent */
	mc_sch_pattern_prop *pattern_props;
	size_t npattern_props;
	mc_sch *property_names;
	mc_sch_count min_props, max_props;

	mc_val *enum_vals;
	size_t nenum;
	bool has_enum;
	mc_val const_val;
	bool has_const;

	pcre2_code *pattern;
	const char *pattern_source;
	mc_sch_count min_len, max_len;

	mc_sch_num minimum, maximum, excl_min, excl_max;

	mc_sch *items;
	mc_sch_count min_items, max_items;
	bool unique_items;

	mc_sch **all_of, **any_of, **one_of;
	size_t nall_of, nany_of, none_of;
};

struct mc_schema {
	mc_arena *arena;
	mc_sch *root;
	pcre2_code **codes;  /* every compiled regex, for mc_schema_free */
	size_t ncodes, capcodes;
};

/* The property called name (len bytes) in s, by binary search; NULL if not declared. */
mc_sch *mc_sch_prop_find(const mc_sch *s, const char *name, size_t len);

#endif
