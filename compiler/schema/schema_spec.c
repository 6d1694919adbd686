/*
 * The spec schema: schema/moncc.schema.json as embedded into the binary at build time
 * (cmake/Embed.cmake), compiled on first use and cached for the rest of the process.
 *
 * The schema ships inside moncc, so a schema that does not compile is a bug in moncc, not a
 * user error: mc_schema_spec() aborts with MC_BUG (the unit tests compile it on every build).
 * mc_schema_spec_release() frees the cache so that valgrind sees no leak at exit.
 */
#include "schema/validate.h"

#include <stdlib.h>

#include "base/embedded.h"
#include "base/xalloc.h"

static mc_schema *spec;

const char *mc_schema_spec_text(size_t *len)
{
	const struct mc_embedded_file *f;
	f = mc_embedded_find(mc_embedded_schema, "moncc.schema.json");
	if (!f)
		MC_BUG("moncc.schema.json is not embedded");
	if (len)
		*len = f->len;
	return f->bytes;
}

const mc_schema *mc_schema_spec(void)
{
	if (!spec) {
		size_t len;
		const char *text = mc_schema_spec_text(&len);
		char *error = NULL;
		spec = mc_schema_compile(text, len, &error);
		if (!spec)
			MC_BUG("the embedded spec schema does not compile: %s", error);
	}
	return spec;
}

void mc_schema_spec_release(void)
{
	mc_schema_free(spec);
	spec = NULL;
}
