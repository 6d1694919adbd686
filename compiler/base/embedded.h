/*
 * Files compiled into the binary by cmake/Embed.cmake: the spec schema and the docs/errors pages.
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

/* The entry called name in table, or NULL. */
const struct mc_embedded_file *mc_embedded_find(const struct mc_embedded_file *table,
                                                const char *name);

#endif
