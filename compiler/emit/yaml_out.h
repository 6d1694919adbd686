/*
 * A streaming YAML writer: block mappings and sequences, scalars quoted only when they must be,
 * for every YAML output (alarms.yaml, the CloudFormation templates).
 *
 * The caller describes the document with begin/end calls and scalars; the writer keeps a small
 * stack of open containers (no tree), so memory does not grow with the document. Output is
 * block style with two-space indentation, sequences indented under their key, a mapping that
 * is a sequence item starting on the `- ` line, and empty containers as `{}` / `[]`:
 *
 *     MetricAlarms:
 *       - AlarmName: api-errors
 *         Dimensions:
 *           - Name: LoadBalancer
 *             Value: app/api/123
 *         OKActions: []
 *
 * Scalars must read back as the same value under both YAML 1.1 (PyYAML, cfn-lint, the AWS
 * CLI) and YAML 1.2: a string is written plain only when it cannot be taken for anything else
 * (`no`, `on`, `null`, `1e3`, `12:30`, `- x`, `a: b`, `a #b` are quoted); otherwise in single
 * quotes, or in double quotes with escapes when it holds characters that must be escaped
 * (control characters, line breaks, a non-printable code point). Numbers are written so that
 * both versions read them as numbers (`1.0e+21`, never `1e+21`, which PyYAML reads as a string).
 *
 * Misuse (a value where a key is expected, unbalanced end calls) is a programmer error and
 * aborts with MC_BUG.
 */
#ifndef MC_EMIT_YAML_OUT_H
#define MC_EMIT_YAML_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "emit/emit.h"

#define MC_YAML_MAX_DEPTH 32

typedef struct {
	mc_out *out;        /* the file being written, or NULL: */
	mc_buf *buf;        /* append here instead (tests, composing a document in memory) */
	const char *tag;    /* set by mc_yaml_tag(), written before the next value */
	mc_buf scratch;     /* quoting and number formatting */
	size_t len;         /* bytes in pending */
	char pending[4096]; /* written text not yet handed to out/buf */
	unsigned depth;     /* open containers */
	unsigned base;      /* column of the root's entries (mc_yaml_set_indent) */
	struct mc_yaml_frame {
		unsigned char kind;     /* map or sequence */
		unsigned char start;    /* how its first entry starts (see yaml_out.c) */
		bool after_key;         /* a mapping whose key was written, waiting for its value */
		unsigned indent;        /* column of its entries */
		size_t count;           /* entries written */
	} stack[MC_YAML_MAX_DEPTH];
} mc_yaml;

/*
 * A writer into the file o, or (o NULL) appending to buf. Text is handed on in chunks: all of
 * it has reached o or buf once the document's root container is closed, after
 * mc_yaml_flush(), and after mc_yaml_release(), which also frees the writer's scratch memory
 * (not o or buf). Closing the containers is the caller's job.
 */
void mc_yaml_init(mc_yaml *y, mc_out *o, mc_buf *buf);
/*
 * Writes the document as if nested `col` columns deep: every line starts with col more
 * spaces (CloudFormation's resources, rendered one by one and then placed under
 * `Resources:`). Call before the first container.
 */
void mc_yaml_set_indent(mc_yaml *y, unsigned col);
void mc_yaml_flush(mc_yaml *y);
void mc_yaml_release(mc_yaml *y);

/* `# text` lines (one per line of text) at the current indentation, between entries. */
void mc_yaml_comment(mc_yaml *y, const char *text);

/* Containers: as the document, as the value of the last key, or as a sequence item. */
void mc_yaml_map_begin(mc_yaml *y);
void mc_yaml_map_end(mc_yaml *y);
void mc_yaml_seq_begin(mc_yaml *y);
void mc_yaml_seq_end(mc_yaml *y);

/*
 * The next key of the open mapping (quoted like any string when it has to be). Most keys are
 * string literals (`AlarmName`, `Properties`): their length is known when compiling and they
 * are plain, so they skip strlen and the plain-scalar scan, a fifth of the YAML writer's time
 * (five million keys at 1,000 services). Every literal key must therefore be plain YAML
 * (mc_yaml_plain_ok); the sanitizer build (MC_EXTRA_CHECKS) verifies it on every call.
 */
void mc_yaml_key_n(mc_yaml *y, const char *key, size_t n, bool literal);
#if defined(__GNUC__) || defined(__clang__)
#define MC_YAML_LITERAL(s) __builtin_constant_p(s)
#else
#define MC_YAML_LITERAL(s) 0
#endif
#define mc_yaml_key(y, key) mc_yaml_key_n((y), (key), strlen(key), MC_YAML_LITERAL(key))

/*
 * A local tag for the next value, which may be a scalar or a container: mc_yaml_tag(y,
 * "!Ref"); mc_yaml_str(y, "Topic") writes `!Ref Topic`. The string must outlive that value.
 */
void mc_yaml_tag(mc_yaml *y, const char *tag);

/* Scalar values (after a key, or as sequence items). */
void mc_yaml_str(mc_yaml *y, const char *s);
void mc_yaml_strn(mc_yaml *y, const char *s, size_t n);
void mc_yaml_int(mc_yaml *y, int64_t v);
void mc_yaml_uint(mc_yaml *y, uint64_t v);
void mc_yaml_double(mc_yaml *y, double v);
void mc_yaml_bool(mc_yaml *y, bool v);
void mc_yaml_null(mc_yaml *y);

/* Shorthands for a key and its scalar value (macros, so that literal keys stay literal). */
#define mc_yaml_kv_str(y, key, s) (mc_yaml_key((y), (key)), mc_yaml_str((y), (s)))
#define mc_yaml_kv_uint(y, key, v) (mc_yaml_key((y), (key)), mc_yaml_uint((y), (v)))
#define mc_yaml_kv_double(y, key, v) (mc_yaml_key((y), (key)), mc_yaml_double((y), (v)))
#define mc_yaml_kv_bool(y, key, v) (mc_yaml_key((y), (key)), mc_yaml_bool((y), (v)))

/*
 * The building blocks, for tests and for callers composing text: whether s[0..n) may be
 * written as a plain scalar; s[0..n) as a YAML scalar (plain, single- or double-quoted);
 * v as a YAML number (`.nan`, `.inf`, `-.inf` for the non-finite ones).
 */
bool mc_yaml_plain_ok(const char *s, size_t n);
void mc_yaml_quote(mc_buf *b, const char *s, size_t n);
void mc_yaml_number(mc_buf *b, double v);

#endif
