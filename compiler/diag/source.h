/*
 * Source files and spans.
 *
 * A span is a half-open byte range [lo, hi) in one file, named by a file id (1, 2, ...;
 * 0 means "no source", e.g. a diagnostic about the command line). Line and column are
 * computed only when a diagnostic is rendered, from a line-start table built on first use.
 *
 * Lines break where libyaml breaks them: LF, CR, CRLF, NEL (U+0085), LS (U+2028) and
 * PS (U+2029). Lines and columns are 1-based; columns count Unicode code points, the unit of
 * libyaml marks and rustc's JSON. A UTF-8 byte order mark is not counted.
 */
#ifndef MC_DIAG_SOURCE_H
#define MC_DIAG_SOURCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t file; /* 0: no source */
	uint32_t lo, hi;
} mc_span;

#define MC_NO_SPAN ((mc_span){0, 0, 0})

typedef struct {
	uint32_t line;    /* 1-based */
	uint32_t column;  /* 1-based, in code points */
} mc_pos;

typedef struct {
	char *path;          /* as the user named it; used verbatim in diagnostics */
	char *text;          /* the file's bytes, NUL-terminated (a NUL inside is possible) */
	size_t len;
	size_t bom;          /* 3 when the text starts with a UTF-8 BOM, else 0 */
	uint32_t *line_starts; /* byte offset of each line start; built lazily */
	size_t nlines;
} mc_source;

typedef struct {
	mc_source **v;
	size_t len, cap;
} mc_sources;

void mc_sources_init(mc_sources *s);
void mc_sources_release(mc_sources *s);

/*
 * Registers a file and returns its id (>= 1). Takes ownership of text, which must come from
 * malloc, be len bytes long and be followed by a NUL byte.
 */
uint32_t mc_sources_add(mc_sources *s, const char *path, char *text, size_t len);
/* The file for an id, or NULL for 0 or an unknown id. */
mc_source *mc_sources_get(const mc_sources *s, uint32_t file);

/* Line and column of a byte offset; an offset past the end is placed at the end. */
mc_pos mc_source_pos(mc_source *src, uint32_t byte);

/* The text of a 1-based line without its line break. Returns 0 if there is no such line. */
int mc_source_line(mc_source *src, uint32_t line, const char **start, size_t *len);

/* Number of lines (a final line without a break counts; an empty file has one line). */
size_t mc_source_line_count(mc_source *src);

/* Byte offset of a 1-based line and column; used by the loader and by tests. */
uint32_t mc_source_offset(mc_source *src, uint32_t line, uint32_t column);

#endif
