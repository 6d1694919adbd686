/* Lookup in the tables of embedded files; see embedded.h. */
#include "base/embedded.h"

#include <string.h>

const struct mc_embedded_file *mc_embedded_find(const struct mc_embedded_file *table,
                                                const char *name)
{
	for (; table->name; table++)
		if (strcmp(table->name, name) == 0)
			return table;
	return NULL;
}
