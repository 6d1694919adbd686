/*
 * The loader: bytes of a file -> the document tree of load/node.h, with spans.
 *
 * It reads the file into the source registry, checks that it is UTF-8 (a UTF-8 BOM is fine,
 * UTF-16/32 are not), parses it with libyaml's event API and builds nodes in the arena. It
 * reports, without stopping at the first problem where it can go on:
 *   - YAML syntax errors at libyaml's problem mark, with libyaml's context as a second label
 *     (a syntax error ends that file: libyaml cannot resume);
 *   - duplicate mapping keys, pointing at both keys;
 *   - alias expansion beyond a node budget (billion laughs), nesting beyond a depth limit and
 *     files beyond a size limit, each with a clear error instead of exhausting memory;
 *   - more than one document, unknown tags, integers out of range, bad `<<` merge keys.
 */
#ifndef MC_LOAD_LOAD_H
#define MC_LOAD_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "diag/diag.h"
#include "diag/source.h"
#include "load/node.h"

typedef struct {
	size_t max_file_size; /* bytes */
	size_t max_depth;     /* nested collections */
	size_t max_nodes;     /* nodes after alias expansion */
} mc_load_limits;

#define MC_LOAD_MAX_FILE_SIZE ((size_t)32 << 20)
#define MC_LOAD_MAX_DEPTH 64
#define MC_LOAD_MAX_NODES ((size_t)1000000)

void mc_load_limits_default(mc_load_limits *lim);

/*
 * Reads path ("-" is standard input) into srcs and returns its file id, or 0 after adding
 * E0001 (cannot read) or E0004 (too large) to d; those have no span and mean exit code 3.
 */
uint32_t mc_load_read_file(mc_sources *srcs, const char *path, const mc_load_limits *lim,
                           mc_diags *d);

/*
 * Parses file `file` of srcs. Returns the root node (allocated in arena) or NULL when the
 * file could not be turned into a tree (encoding or syntax errors, empty document); every
 * problem found is in d. A non-NULL root may still come with errors (e.g. duplicate keys):
 * check d->nerrors before trusting it.
 */
mc_node *mc_load_yaml(mc_sources *srcs, uint32_t file, const mc_load_limits *lim,
                      mc_arena *arena, mc_diags *d);
/*
 * The same with the nodes (and their item and pair arrays) in tree and the texts in arena,
 * so that a caller done with the tree can free it and keep the texts: `moncc build` frees a
 * large spec's nodes once lowered (the IR points at texts, never at nodes).
 */
mc_node *mc_load_yaml_in(mc_sources *srcs, uint32_t file, const mc_load_limits *lim,
                         mc_arena *arena, mc_arena *tree, mc_diags *d);

/* Same, for bytes in memory registered under `path` (the fuzzer and the unit tests use it). */
mc_node *mc_load_yaml_buffer(mc_sources *srcs, const char *path, const char *bytes, size_t len,
                             const mc_load_limits *lim, mc_arena *arena, mc_diags *d);

#endif
