/*
 * Diagnostic codes and their documentation: every code in diag/codes.def has an embedded
 * docs/errors/CODE.md whose first line is `# CODE: title` (what `moncc explain CODE`
 * prints), and every embedded page belongs to an existing code. Also checks that ids are
 * unique and well-formed and that looking them up ignores case.
 */
#include <stdio.h>
#include <string.h>

#include "base/embedded.h"
#include "diag/diag.h"
#include "harness.h"

static void check_code_pages(void)
{
	for (size_t i = 0; i < MC_CODE_COUNT; i++) {
		const mc_code_info *info = mc_code_get((mc_code)i);
		CHECK(info != NULL);
		if (!info)
			continue;
		char name[32], want[256];
		snprintf(name, sizeof name, "%s.md", info->id);
		snprintf(want, sizeof want, "# %s: %s", info->id, info->title);
		const struct mc_embedded_file *doc = mc_embedded_find(mc_embedded_error_docs, name);
		if (!doc) {
			fprintf(stderr, "docs/errors/%s is missing\n", name);
			CHECK(doc != NULL);
			continue;
		}
		const char *nl = memchr(doc->bytes, '\n', doc->len);
		size_t first = nl ? (size_t)(nl - doc->bytes) : doc->len;
		char got[256];
		snprintf(got, sizeof got, "%.*s", (int)(first < 255 ? first : 255), doc->bytes);
		STR_EQ(got, want);
		/* The page explains something beyond its title. */
		CHECK(doc->len > first + 1);
	}
}

static void check_pages_have_codes(void)
{
	for (const struct mc_embedded_file *f = mc_embedded_error_docs; f->name; f++) {
		size_t len = strlen(f->name);
		char id[32];
		CHECK(len > 3 && len < sizeof id && strcmp(f->name + len - 3, ".md") == 0);
		if (len <= 3 || len >= sizeof id)
			continue;
		memcpy(id, f->name, len - 3);
		id[len - 3] = '\0';
		mc_code code = mc_code_find(id);
		if (code == MC_CODE_NONE)
			fprintf(stderr, "docs/errors/%s names no code in codes.def\n", f->name);
		CHECK(code != MC_CODE_NONE);
		/* The file name is the id exactly, not another case of it. */
		if (code != MC_CODE_NONE)
			STR_EQ(id, mc_code_get(code)->id);
	}
}

static void check_ids(void)
{
	for (size_t i = 0; i < MC_CODE_COUNT; i++) {
		const char *id = mc_code_get((mc_code)i)->id;
		bool ok = strlen(id) == 5 && (id[0] == 'E' || id[0] == 'W');
		for (size_t k = 1; ok && k < 5; k++)
			ok = id[k] >= '0' && id[k] <= '9';
		CHECK(ok);
		INT_EQ(mc_code_find(id), i);
		size_t same = 0;
		for (size_t j = i + 1; j < MC_CODE_COUNT; j++)
			same += strcmp(id, mc_code_get((mc_code)j)->id) == 0;
		INT_EQ(same, 0);
	}
	INT_EQ(mc_code_find("e0101"), MC_E0101);
	INT_EQ(mc_code_find("E9999"), MC_CODE_NONE);
	CHECK(mc_code_get(MC_CODE_NONE) == NULL);
}

int main(void)
{
	check_ids();
	check_code_pages();
	check_pages_have_codes();
	return harness_done();
}
