/*
 * Files compiled into the binary by cmake/Embed.cmake: the schemas (spec and template), the
 * docs/errors pages and the stdlib kinds (stdlib/KIND.yaml, named `KIND.yaml`).
 * Each table ends with an entry whose name is NULL. The bytes are NUL-terminated.
 */
#ifndef MC_BASE_EMBEDDED_H
#define MC_BASE_EMBEDDED_H

#include <stddef.h>

struct mc_embedded_file {
	const char *name;
	const char *bytes;
	size_t len;
};

extern const struct mc_embedded_file mc_embedded_schema[];
extern const struct mc_embedded_file mc_embedded_error_docs[];
extern const struct mc_embedded_file mc_embedded_stdlib[];

/* The entry called name in table, or NULL. */
const struct mc_embedded_file *mc_embedded_find(const struct mc_embedded_file *table,
                                                const char *name);

#endif
