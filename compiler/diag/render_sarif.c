/*
 * The sarif renderer: diagnostics -> one SARIF 2.1.0 log, for GitHub code scanning
 * (github/codeql-action/upload-sarif) and other SARIF viewers.
 *
 * One run: tool.driver lists, as rules, the codes this run's results use, in codes.def order
 * (only those, so that adding a code to moncc does not change every SARIF log); a result's
 * ruleIndex is its code's position in that list. artifacts lists the checked files. Each result has the
 * primary span as its location and the secondary spans as relatedLocations; a result without
 * a span has no location, and one without a code (usage, internal) has no ruleId. Columns
 * are code points (run.columnKind says so; SARIF's default would be UTF-16 code units).
 *
 * Code scanning matches alerts across runs by ruleId, the artifact URI and
 * partialFingerprints, so URIs are repo-relative (`uriBaseId: %SRCROOT%`) whenever the user
 * named the file relatively, and the fingerprint hashes what identifies a finding (code,
 * path, message), not its line, which moves when the spec is edited above it.
 */
#include "base/hash.h"
#include "diag/render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "diag/render_util.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"

/* "input is UTF-16 or UTF-32" -> "InputIsUTF16OrUTF32": words capitalised, the rest dropped. */
static json_t *rule_name(const char *title)
{
	mc_buf b = MC_BUF_INIT;
	bool word_start = true;
	for (const char *p = title; *p; p++) {
		char c = *p;
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		             (c >= '0' && c <= '9');
		if (!alnum) {
			word_start = true;
			continue;
		}
		if (word_start && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		mc_buf_putc(&b, c);
		word_start = false;
	}
	json_t *j = json_string(mc_buf_str(&b));
	mc_buf_release(&b);
	return j;
}

static json_t *concat3(const char *a, const char *b, const char *c)
{
	mc_buf buf = MC_BUF_INIT;
	mc_buf_puts(&buf, a);
	mc_buf_puts(&buf, b);
	mc_buf_puts(&buf, c);
	json_t *j = json_string(mc_buf_str(&buf));
	mc_buf_release(&buf);
	return j;
}

static json_t *text_object(json_t *text)
{
	json_t *j = json_object();
	json_object_set_new(j, "text", text);
	return j;
}

/* Fills index[code] with the code's rule index, or -1 when no result uses it. */
static json_t *rules(const mc_diags *d, long *index)
{
	json_t *v = json_array();
	for (size_t i = 0; i < MC_CODE_COUNT; i++)
		index[i] = -1;
	for (size_t i = 0; i < d->len; i++)
		if ((size_t)d->v[i]->code < MC_CODE_COUNT)
			index[d->v[i]->code] = 0;
	long next = 0;
	for (size_t i = 0; i < MC_CODE_COUNT; i++) {
		if (index[i] < 0)
			continue;
		index[i] = next++;
		const mc_code_info *info = mc_code_get((mc_code)i);
		json_t *r = json_object();
		json_object_set_new(r, "id", json_string(info->id));
		json_object_set_new(r, "name", rule_name(info->title));
		json_object_set_new(r, "shortDescription", text_object(json_string(info->title)));
		json_object_set_new(r, "fullDescription",
		                    text_object(concat3("See `moncc explain ", info->id, "`.")));
		json_t *conf = json_object();
		json_object_set_new(conf, "level", json_string(mc_level_name(info->level)));
		json_object_set_new(r, "defaultConfiguration", conf);
		json_object_set_new(r, "help",
		                    text_object(concat3("Run `moncc explain ", info->id,
		                                        "` for the long explanation.")));
		json_array_append_new(v, r);
	}
	return v;
}

/*
 * A path as a URI reference: unreserved characters and `/` stay, every other byte is
 * percent-encoded (so spaces, `%`, `#`, `?`, `:` and non-ASCII bytes are safe). An absolute
 * path becomes a file:// URI; a relative one stays relative to %SRCROOT%.
 */
static json_t *path_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	mc_buf b = MC_BUF_INIT;
	if (path[0] == '/')
		mc_buf_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			mc_buf_putc(&b, (char)c);
		} else {
			mc_buf_putc(&b, '%');
			mc_buf_putc(&b, hex[c >> 4]);
			mc_buf_putc(&b, hex[c & 15]);
		}
	}
	json_t *j = json_string(mc_buf_str(&b));
	mc_buf_release(&b);
	return j;
}

static json_t *artifact_location(const char *path, long long index)
{
	json_t *j = json_object();
	json_object_set_new(j, "uri", path_uri(path));
	if (path[0] != '/')
		json_object_set_new(j, "uriBaseId", json_string(SRCROOT));
	if (index >= 0)
		json_object_set_new(j, "index", json_integer(index));
	return j;
}

/* The artifact list: the checked files, then any other file a span points into. */
typedef struct {
	const char **v;
	size_t len, cap;
} paths;

static size_t path_index(paths *a, const char *path)
{
	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->v[i], path) == 0)
			return i;
	MC_GROW(a->v, a->cap, a->len + 1);
	a->v[a->len] = path;
	return a->len++;
}

static json_t *physical_location(const mc_label *l, mc_source *src, paths *art)
{
	mc_pos a = mc_source_pos(src, l->span.lo), b = mc_source_pos(src, l->span.hi);
	json_t *region = json_object();
	json_object_set_new(region, "startLine", json_integer(a.line));
	json_object_set_new(region, "startColumn", json_integer(a.column));
	json_object_set_new(region, "endLine", json_integer(b.line));
	json_object_set_new(region, "endColumn", json_integer(b.column));
	json_object_set_new(region, "byteOffset", json_integer(l->span.lo));
	json_object_set_new(region, "byteLength",
	                    json_integer(l->span.hi > l->span.lo ? l->span.hi - l->span.lo : 0));
	json_t *j = json_object();
	json_object_set_new(j, "artifactLocation",
	                    artifact_location(src->path, (long long)path_index(art, src->path)));
	json_object_set_new(j, "region", region);
	return j;
}

/* FNV-1a, 64 bits, over the parts with a NUL between them so ("ab","c") != ("a","bc"). */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	return mc_fnv1a64_add(h, s, strlen(s) + 1); /* with the NUL as separator */
}

static json_t *fingerprint(const mc_diag *g, const char *path)
{
	const mc_code_info *info = mc_code_get(g->code);
	uint64_t h = MC_FNV1A64_INIT;
	h = fnv1a(h, info ? info->id : "");
	h = fnv1a(h, path);
	h = fnv1a(h, g->message);
	mc_buf hex = MC_BUF_INIT;
	mc_buf_printf(&hex, "%016llx", (unsigned long long)h);
	json_t *j = json_object();
	json_object_set_new(j, "moncc/v1", json_string(mc_buf_str(&hex)));
	mc_buf_release(&hex);
	return j;
}

static json_t *result(const mc_diag *g, mc_sources *srcs, paths *art, const long *rule_index)
{
	const mc_code_info *info = mc_code_get(g->code);
	mc_source *src = g->nlabels ? mc_render_label_source(srcs, &g->labels[0]) : NULL;
	json_t *j = json_object();
	if (info) {
		json_object_set_new(j, "ruleId", json_string(info->id));
		json_object_set_new(j, "ruleIndex", json_integer(rule_index[g->code]));
	}
	json_object_set_new(j, "level", json_string(mc_level_name(g->level)));
	mc_buf text = MC_BUF_INIT;
	mc_buf_puts(&text, g->message);
	for (unsigned i = 0; i < g->nnotes; i++) {
		mc_buf_putc(&text, '\n');
		mc_buf_puts(&text, g->notes[i]);
	}
	if (g->help) {
		mc_buf_putc(&text, '\n');
		mc_buf_puts(&text, g->help);
	}
	json_object_set_new(j, "message", text_object(mc_render_json_string(mc_buf_str(&text))));
	mc_buf_release(&text);
	if (src) {
		json_t *loc = json_object();
		json_object_set_new(loc, "physicalLocation",
		                    physical_location(&g->labels[0], src, art));
		json_t *locs = json_array();
		json_array_append_new(locs, loc);
		json_object_set_new(j, "locations", locs);
		json_t *related = json_array();
		for (unsigned i = 1; i < g->nlabels; i++) {
			mc_source *s2 = mc_render_label_source(srcs, &g->labels[i]);
			if (!s2)
				continue;
			json_t *r = json_object();
			json_object_set_new(r, "id", json_integer(i));
			json_object_set_new(r, "physicalLocation",
			                    physical_location(&g->labels[i], s2, art));
			const char *label = g->labels[i].text;
			if (label)
				json_object_set_new(r, "message",
				                    text_object(mc_render_json_string(label)));
			json_array_append_new(related, r);
		}
		if (json_array_size(related))
			json_object_set_new(j, "relatedLocations", related);
		else
			json_decref(related);
	}
	json_object_set_new(j, "partialFingerprints", fingerprint(g, src ? src->path : ""));
	return j;
}

void mc_render_sarif(const mc_diags *d, mc_sources *srcs, const mc_render_opts *opts, mc_buf *out)
{
	paths art = {NULL, 0, 0};
	size_t nfiles;
	const char **files = mc_render_files(srcs, opts, &nfiles);
	for (size_t i = 0; i < nfiles; i++)
		path_index(&art, files[i]);
	free(files);
	long rule_index[MC_CODE_COUNT];
	json_t *rule_list = rules(d, rule_index);
	/* Results before artifacts: they may add artifacts that the spans point into. */
	json_t *results = json_array();
	for (size_t i = 0; i < d->len; i++)
		json_array_append_new(results, result(d->v[i], srcs, &art, rule_index));
	json_t *artifacts = json_array();
	for (size_t i = 0; i < art.len; i++) {
		json_t *a = json_object();
		json_object_set_new(a, "location", artifact_location(art.v[i], -1));
		json_array_append_new(artifacts, a);
	}
	free(art.v);

	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("moncc"));
	if (opts && opts->version)
		json_object_set_new(driver, "version", mc_render_json_string(opts->version));
	json_object_set_new(driver, "rules", rule_list);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);
	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "artifacts", artifacts);
	json_object_set_new(run, "results", results);
	json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_t *root = json_object();
	json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(root, "runs", runs);
	mc_render_json_dump(root, out);
	json_decref(root);
}
