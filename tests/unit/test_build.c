/*
 * The output layer (emit/out.c) and the build driver (build/build.c) with fake emitters:
 * path normalization, buffered writing of large files, conflicts, the commit (write only what
 * changed, delete what an earlier build wrote and this one does not, leave other files alone),
 * --check (fresh, changed, missing, stale), atomicity on an injected failure and on a
 * read-only output directory, `outputs:` paths, and emitters on threads (parts joined in
 * emitter order give what one set written serially gives; any number of jobs builds the same
 * bytes). Works in a fresh folder under $TMPDIR.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "output/build.h"
#include "output/fsutil.h"
#include "emit/out.h"
#include "harness.h"
#include "load/load.h"

/* ---- fake emitters: what they write depends on these ---- */

static int version;          /* changes the content of b.txt */
static bool write_extra;     /* whether sub/extra.txt is written */
static size_t big_size;      /* bytes of big.bin (0: not written) */
static char header_seen[256];

static int emit_one(const mc_emit_ctx *cx, mc_outputs *os)
{
	snprintf(header_seen, sizeof header_seen, "%s", cx->header);
	mc_out *o = mc_outputs_open(os, "a.txt");
	mc_out_puts(o, "# ");
	mc_out_puts(o, cx->header);
	mc_out_putc(o, '\n');
	mc_out_double(o, 0.1);
	mc_out_putc(o, ' ');
	mc_out_double(o, -42);
	mc_out_putc(o, ' ');
	mc_out_double(o, 0);
	mc_out_printf(o, " %s=%d\n", "x", 7);
	o = mc_outputs_open(os, "./dir//b.txt");
	mc_out_printf(o, "version %d\n", version);
	mc_outputs_close(os);
	cx->counts->alarms += 2;
	return 0;
}

static int emit_two(const mc_emit_ctx *cx, mc_outputs *os)
{
	if (write_extra) {
		mc_out *o = mc_outputs_open(os, "sub/deep/extra.txt");
		mc_out_puts(o, "extra\n");
	}
	if (big_size) {
		mc_out *o = mc_outputs_open(os, "big.bin");
		for (size_t i = 0; i < big_size; i++)
			mc_out_putc(o, (char)('a' + i % 26));
		/* and a printf longer than the buffer */
		char *long_s = malloc(200000);
		memset(long_s, 'z', 199999);
		long_s[199999] = '\0';
		mc_out_printf(o, "%s", long_s);
		free(long_s);
	}
	mc_out *o = mc_outputs_open(os, cx->paths.alarms);
	mc_out_puts(o, "alarms\n");
	return 0;
}

static const mc_emitter fakes[] = {
	{"one", "first", emit_one, 1},
	{"two", "second", emit_two, 5}, /* started first, joined second */
	{NULL, NULL, NULL, 0},
};

static int emit_conflict(const mc_emit_ctx *cx, mc_outputs *os)
{
	(void)cx;
	mc_outputs_open(os, "same.txt");
	mc_outputs_open(os, "x/../same.txt");
	return 0;
}

static const mc_emitter conflicting[] = {
	{"conflict", "conflict", emit_conflict, 0},
	{NULL, NULL, NULL, 0},
};

/* ---- helpers ---- */

static char tmp_root[256];

static char *path_in(const char *rel)
{
	static char buf[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmp_root, rel);
	return buf[k];
}

static char *slurp(const char *path)
{
	mc_buf b = MC_BUF_INIT;
	if (mc_fs_read(path, &b) != 0) {
		mc_buf_release(&b);
		return NULL;
	}
	mc_buf_puts(&b, "");
	return mc_buf_detach(&b);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Entries of a folder whose name starts with prefix. */
static int count_prefixed(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

static unsigned jobs; /* mc_build_opts.jobs of build() */

static int build(const char *dir, bool check, const mc_emitter *table, mc_build_result *res)
{
	static const mc_ir ir;
	mc_build_opts opts = {
		.jobs = jobs,
		.spec_path = "specs/monitoring.yaml",
		.spec_text = "abc",
		.spec_len = 3,
		.out_dir = dir,
		.check = check,
		.emitters = table,
	};
	return mc_build_run(&ir, NULL, &opts, res);
}

static const mc_build_change *change_of(const mc_build_result *r, const char *suffix)
{
	for (size_t i = 0; i < r->nchanges; i++) {
		size_t n = strlen(r->changes[i].path), m = strlen(suffix);
		if (n >= m && strcmp(r->changes[i].path + n - m, suffix) == 0)
			return &r->changes[i];
	}
	return NULL;
}

/* ---- tests ---- */

static void test_normalize(void)
{
	struct {
		const char *in, *out;
	} cases[] = {
		{"a.txt", "a.txt"},         {"./a.txt", "a.txt"},   {"a//b/./c", "a/b/c"},
		{"a/../b", "b"},            {"a/../../b", "../b"},  {"../../docs/x.md", "../../docs/x.md"},
		{"a/b/../../../c", "../c"}, {"dir/", "dir"},        {"/etc/passwd", NULL},
		{"", NULL},                 {".", NULL},            {"..", NULL},
		{"a/..", NULL},             {"a\nb", NULL},         {"../a/../b", "../b"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = mc_output_path_normalize(cases[i].in);
		if (cases[i].out)
			STR_EQ(got, cases[i].out);
		else
			CHECK(got == NULL);
		free(got);
	}
}

static void test_build_and_rebuild(void)
{
	char *dir = strdup(path_in("out"));
	mc_build_result r;
	version = 1;
	write_extra = true;
	big_size = 300000;

	/* A user's file in the output directory, which no build may touch. */
	CHECK(mc_fs_mkdirs(path_in("out/dashboards")) == 0);
	CHECK(mc_fs_write(path_in("out/dashboards/mine.json"), "{}", 2) == 0);
	CHECK(mc_fs_write(path_in("out/README"), "mine", 4) == 0);

	INT_EQ(build(dir, false, fakes, &r), 0);
	CHECK(r.error == NULL);
	INT_EQ(r.nfiles, 5);
	INT_EQ(r.nwritten, 5);
	INT_EQ(r.nunchanged, 0);
	INT_EQ(r.counts.alarms, 2);
	INT_EQ(r.counts.files, 5);
	INT_EQ(r.nemitters, 2);
	INT_EQ(r.emitters[0].files, 2);
	INT_EQ(r.emitters[1].files, 3);
	mc_build_result_release(&r);
	STR_EQ(header_seen, "Generated by moncc from specs/monitoring.yaml (sha256 ba7816bf8f01cfea). "
	                    "Do not edit: change the spec and run `moncc build`.");

	char *a = slurp(path_in("out/a.txt"));
	STR_EQ(a, "# Generated by moncc from specs/monitoring.yaml (sha256 ba7816bf8f01cfea). "
	          "Do not edit: change the spec and run `moncc build`.\n0.1 -42 0 x=7\n");
	free(a);
	char *b = slurp(path_in("out/dir/b.txt"));
	STR_EQ(b, "version 1\n");
	free(b);
	char *big = slurp(path_in("out/big.bin"));
	CHECK(big && strlen(big) == 300000 + 199999);
	CHECK(big && big[26] == 'a' && big[300000] == 'z');
	free(big);
	CHECK(exists(path_in("out/sub/deep/extra.txt")));
	CHECK(exists(path_in("out/alarms.yaml")));
	char *m = slurp(path_in("out/.moncc-manifest"));
	CHECK(m && strstr(m, "spec: specs/monitoring.yaml\na.txt\nalarms.yaml\nbig.bin\ndir/b.txt\n"
	                     "sub/deep/extra.txt\n"));
	free(m);
	INT_EQ(count_prefixed(dir, ".moncc-staging"), 0);

	/* --check right after: identical. */
	INT_EQ(build(dir, true, fakes, &r), 0);
	INT_EQ(r.ndiffer, 0);
	INT_EQ(r.nunchanged, 5);
	mc_build_result_release(&r);

	/* The same build again writes nothing. */
	struct stat before, after;
	stat(path_in("out/a.txt"), &before);
	INT_EQ(build(dir, false, fakes, &r), 0);
	INT_EQ(r.nwritten, 0);
	INT_EQ(r.nunchanged, 5);
	INT_EQ(r.nchanges, 0);
	mc_build_result_release(&r);
	stat(path_in("out/a.txt"), &after);
	INT_EQ(after.st_ino, before.st_ino);

	/* Change one file and stop writing another: --check names both, writes nothing. */
	version = 2;
	write_extra = false;
	CHECK(mc_fs_write(path_in("out/alarms.yaml"), "edited by hand\n", 15) == 0);
	unlink(path_in("out/big.bin"));
	INT_EQ(build(dir, true, fakes, &r), 1);
	INT_EQ(r.ndiffer, 4);
	const mc_build_change *c = change_of(&r, "/dir/b.txt");
	CHECK(c && c->state == MC_BUILD_DIFFERS);
	c = change_of(&r, "/alarms.yaml");
	CHECK(c && c->state == MC_BUILD_DIFFERS);
	c = change_of(&r, "/big.bin");
	CHECK(c && c->state == MC_BUILD_MISSING);
	c = change_of(&r, "/sub/deep/extra.txt");
	CHECK(c && c->state == MC_BUILD_STALE);
	mc_build_result_release(&r);
	b = slurp(path_in("out/dir/b.txt"));
	STR_EQ(b, "version 1\n"); /* --check wrote nothing */
	free(b);
	CHECK(exists(path_in("out/sub/deep/extra.txt")));
	INT_EQ(count_prefixed(dir, ".moncc-staging"), 0);

	/* The build: updates, recreates, deletes the stale file and its empty folders. */
	INT_EQ(build(dir, false, fakes, &r), 0);
	INT_EQ(r.nwritten, 3);
	INT_EQ(r.ndeleted, 1);
	mc_build_result_release(&r);
	b = slurp(path_in("out/dir/b.txt"));
	STR_EQ(b, "version 2\n");
	free(b);
	CHECK(!exists(path_in("out/sub/deep/extra.txt")));
	CHECK(!exists(path_in("out/sub")));
	CHECK(exists(path_in("out/dashboards/mine.json")));
	CHECK(exists(path_in("out/README")));
	m = slurp(path_in("out/.moncc-manifest"));
	CHECK(m && !strstr(m, "extra"));
	free(m);
	INT_EQ(build(dir, true, fakes, &r), 0);
	mc_build_result_release(&r);
	free(dir);
}

static void test_failure_leaves_outputs(void)
{
	char *dir = strdup(path_in("out"));
	mc_build_result r;
	char *before = slurp(path_in("out/dir/b.txt"));
	version = 3;

	/* An injected failure on the second file: nothing changes, no staging left. */
	setenv("MONCC_TEST_FAIL_OUTPUT", "alarms.yaml", 1);
	INT_EQ(build(dir, false, fakes, &r), 3);
	CHECK(r.error && strstr(r.error, "injected failure"));
	CHECK(!r.committing);
	mc_build_result_release(&r);
	unsetenv("MONCC_TEST_FAIL_OUTPUT");
	char *now = slurp(path_in("out/dir/b.txt"));
	STR_EQ(now, before);
	free(now);
	INT_EQ(count_prefixed(dir, ".moncc-staging"), 0);

	/* A read-only output directory: the staging directory cannot be made. */
	chmod(dir, 0555);
	if (access(dir, W_OK) != 0) { /* root can write anyway */
		INT_EQ(build(dir, false, fakes, &r), 3);
		CHECK(r.error && strstr(r.error, "staging"));
		mc_build_result_release(&r);
		now = slurp(path_in("out/dir/b.txt"));
		STR_EQ(now, before);
		free(now);
		/* --check still works: it stages elsewhere. */
		INT_EQ(build(dir, true, fakes, &r), 1);
		INT_EQ(r.ndiffer, 1);
		mc_build_result_release(&r);
	}
	chmod(dir, 0755);
	free(before);
	free(dir);

	/* Two outputs on one path: a conflict (exit 1), nothing written. */
	INT_EQ(build(path_in("conflict"), false, conflicting, &r), 1);
	CHECK(r.error && strstr(r.error, "same.txt"));
	mc_build_result_release(&r);
	CHECK(!exists(path_in("conflict/same.txt")));
	INT_EQ(count_prefixed(path_in("conflict"), ".moncc-staging"), 0);
}

static mc_node *parse(mc_arena *a, mc_sources *srcs, const char *yaml)
{
	mc_diags diags;
	mc_diags_init(&diags, a);
	mc_load_limits lim;
	mc_load_limits_default(&lim);
	size_t n = strlen(yaml);
	char *text = malloc(n + 1);
	memcpy(text, yaml, n + 1);
	uint32_t id = mc_sources_add(srcs, "spec.yaml", text, n);
	mc_node *root = mc_load_yaml(srcs, id, &lim, a, &diags);
	mc_diags_release(&diags);
	return root;
}

static void test_paths(void)
{
	mc_arena *a = mc_arena_new();
	mc_sources srcs;
	mc_sources_init(&srcs);
	mc_buf err = MC_BUF_INIT;
	mc_output_paths p;
	char *dir;

	INT_EQ(mc_build_paths("infra/mon/monitoring.yaml", NULL, NULL, &dir, &p, &err), 0);
	STR_EQ(dir, "infra/mon");
	STR_EQ(p.alarms, "alarms.yaml");
	STR_EQ(p.monitoring_guide, "docs/monitoring-guide.md");
	free(dir);
	INT_EQ(mc_build_paths("monitoring.yaml", NULL, NULL, &dir, &p, &err), 0);
	STR_EQ(dir, ".");
	free(dir);
	INT_EQ(mc_build_paths("/abs/monitoring.yaml", NULL, NULL, &dir, &p, &err), 0);
	STR_EQ(dir, "/abs");
	free(dir);

	mc_node *root = parse(a, &srcs,
	                      "outputs:\n  dir: generated\n  alarms: catalogue/alarms.yaml\n"
	                      "  monitoring_guide: ../docs/guide.md\n");
	INT_EQ(mc_build_paths("infra/monitoring.yaml", root, NULL, &dir, &p, &err), 0);
	STR_EQ(dir, "infra/generated");
	STR_EQ(p.alarms, "catalogue/alarms.yaml");
	STR_EQ(p.monitoring_guide, "../docs/guide.md");
	STR_EQ(p.grafana, "grafana");
	free(dir);
	INT_EQ(mc_build_paths("infra/monitoring.yaml", root, "elsewhere", &dir, &p, &err), 0);
	STR_EQ(dir, "elsewhere");
	free(dir);

	root = parse(a, &srcs, "outputs:\n  grafana: /etc/grafana\n");
	INT_EQ(mc_build_paths("m.yaml", root, NULL, &dir, &p, &err), -1);
	CHECK(strstr(mc_buf_str(&err), "outputs.grafana") != NULL);
	CHECK(dir == NULL);

	mc_buf_release(&err);
	mc_sources_release(&srcs);
	mc_arena_free(a);
}

/* A file beside the output directory (`../`), as the repository's own spec places its docs. */
static int emit_beside(const mc_emit_ctx *cx, mc_outputs *os)
{
	(void)cx;
	mc_out *o = mc_outputs_open(os, "../beside/guide.md");
	mc_out_puts(o, "guide\n");
	return 0;
}

static const mc_emitter beside[] = {
	{"beside", "beside", emit_beside, 0},
	{NULL, NULL, NULL, 0},
};

static void test_beside(void)
{
	mc_build_result r;
	INT_EQ(build(path_in("inner"), false, beside, &r), 0);
	mc_build_result_release(&r);
	char *g = slurp(path_in("beside/guide.md"));
	STR_EQ(g, "guide\n");
	free(g);
	INT_EQ(build(path_in("inner"), true, beside, &r), 0);
	mc_build_result_release(&r);
	/* Dropping it later deletes it, but no folder outside the output directory. */
	INT_EQ(build(path_in("inner"), false, fakes, &r), 0);
	INT_EQ(r.ndeleted, 1);
	mc_build_result_release(&r);
	CHECK(!exists(path_in("beside/guide.md")));
	CHECK(exists(path_in("beside")));
}


/* ---- parts: emitters on threads ---- */

/* What an emitter of a scenario opens, in order (NULL-terminated). */
typedef struct {
	const char *name;
	const char *paths[5];
} script;

/* The files, status and error of a set, as one string. */
static char *describe(mc_outputs *os)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_printf(&b, "status %d: %s\n", (int)mc_outputs_finish(os),
	              mc_outputs_error(os) ? mc_outputs_error(os) : "-");
	for (size_t i = 0; i < mc_outputs_count(os); i++)
		mc_buf_printf(&b, "%s by %s\n", mc_outputs_file(os, i)->path,
		              mc_outputs_file(os, i)->emitter);
	return mc_buf_detach(&b);
}

/* Removes the staged files of os, the parts' folders, then the staging folder; false if
 * anything else was left (a staged file a join dropped without removing it). */
static bool clean_stage(mc_outputs *os, const char *stage, size_t nparts)
{
	for (size_t i = 0; i < mc_outputs_count(os); i++)
		unlink(mc_outputs_file(os, i)->staged);
	bool ok = true;
	for (size_t i = 0; i < nparts; i++) {
		char sub[700];
		snprintf(sub, sizeof sub, "%s/p%zu", stage, i);
		ok &= rmdir(sub) == 0;
	}
	return rmdir(stage) == 0 && ok;
}

/* Runs the scripts into one set, one after the other, and into parts joined in order, and
 * returns the parts' description after checking that both agree. */
static char *run_scripts(const script *sc, size_t n, const char *tag)
{
	char serial_dir[600], parts_dir[600];
	snprintf(serial_dir, sizeof serial_dir, "%s/%s-serial", tmp_root, tag);
	snprintf(parts_dir, sizeof parts_dir, "%s/%s-parts", tmp_root, tag);
	CHECK(mkdir(serial_dir, 0777) == 0 && mkdir(parts_dir, 0777) == 0);

	mc_outputs *serial = mc_outputs_new(serial_dir);
	for (size_t e = 0; e < n; e++) {
		mc_outputs_set_emitter(serial, sc[e].name);
		for (const char *const *p = sc[e].paths; *p; p++)
			mc_out_puts(mc_outputs_open(serial, *p), *p);
	}
	mc_outputs *joined = mc_outputs_new(parts_dir);
	mc_outputs *parts[4];
	for (size_t e = 0; e < n; e++)
		parts[e] = mc_outputs_new_part(joined, e, sc[e].name);
	for (size_t e = n; e-- > 0;) /* in reverse: the order they run in must not matter */
		for (const char *const *p = sc[e].paths; *p; p++)
			mc_out_puts(mc_outputs_open(parts[e], *p), *p);
	for (size_t e = 0; e < n; e++)
		mc_outputs_join(joined, parts[e]);

	char *want = describe(serial), *got = describe(joined);
	STR_EQ(got, want);
	CHECK(clean_stage(serial, serial_dir, 0));
	CHECK(clean_stage(joined, parts_dir, n));
	mc_outputs_free(serial);
	mc_outputs_free(joined);
	free(want);
	return got;
}

static void test_parts(void)
{
	setenv("MONCC_TEST_FAIL_OUTPUT", "bad", 1);
	/* No conflict: every file, in emitter order. */
	const script ok[] = {{"A", {"x", "y", NULL}}, {"B", {"z", NULL}}, {"C", {"w", NULL}}};
	char *d = run_scripts(ok, 3, "ok");
	STR_EQ(d, "status 0: -\nx by A\ny by A\nz by B\nw by C\n");
	free(d);
	/* A conflict between parts: the later file is dropped, both emitters named. */
	const script cross[] = {{"A", {"x", "y", NULL}}, {"B", {"z", "./x", "w", NULL}}};
	d = run_scripts(cross, 2, "cross");
	STR_EQ(d, "status 2: two outputs would be written to `x` (by the A and B emitters): give "
	          "them different places in `outputs:`\nx by A\ny by A\nz by B\nw by B\n");
	free(d);
	/* The part's own failure came first (its second file), the conflict after it. */
	const script io_first[] = {{"A", {"x", NULL}}, {"B", {"y", "bad", "x", NULL}}};
	d = run_scripts(io_first, 2, "io-first");
	CHECK(strstr(d, "status 1: cannot write `bad`: injected failure") == d);
	free(d);
	/* The conflict came first (the part's first file), its failure after it. */
	const script conflict_first[] = {{"A", {"x", NULL}}, {"B", {"x", "bad", NULL}}};
	d = run_scripts(conflict_first, 2, "conflict-first");
	CHECK(strstr(d, "status 2: two outputs would be written to `x` (by the A and B") == d);
	free(d);
	/* A conflict inside the part (before the one with the other part) comes first. */
	const script inner[] = {{"A", {"x", NULL}}, {"B", {"y", "y", "x", NULL}}};
	d = run_scripts(inner, 2, "inner");
	CHECK(strstr(d, "status 2: two outputs would be written to `y` (by the B and B") == d);
	free(d);
	/* A failure in an earlier part wins over everything after it. */
	const script earlier[] = {{"A", {"bad", NULL}}, {"B", {"bad", "x", NULL}},
	                          {"C", {"x", NULL}}};
	d = run_scripts(earlier, 3, "earlier");
	STR_EQ(d, "status 1: cannot write `bad`: injected failure (MONCC_TEST_FAIL_OUTPUT)\n"
	          "bad by A\nx by B\n");
	free(d);
	unsetenv("MONCC_TEST_FAIL_OUTPUT");
}

/* One thread, eight threads (more than emitters) and the environment's default build the
 * same files with the same bytes and counters. */
static void test_jobs(void)
{
	version = 5;
	write_extra = true;
	big_size = 100000;
	const unsigned variants[] = {1, 8, 0};
	char *first = NULL;
	for (size_t v = 0; v < 3; v++) {
		char name[32];
		snprintf(name, sizeof name, "jobs-%u", variants[v]);
		jobs = variants[v];
		mc_build_result r;
		INT_EQ(build(path_in(name), false, fakes, &r), 0);
		INT_EQ(r.nfiles, 5);
		INT_EQ(r.nemitters, 2);
		INT_EQ(r.emitters[0].files, 2);
		INT_EQ(r.emitters[1].files, 3);
		INT_EQ(r.counts.alarms, 2);
		/* Written in table order, though "two" (the heavier) runs first. */
		INT_EQ(r.nchanges, 5);
		const char *last = r.nchanges == 5 ? r.changes[4].path : "";
		CHECK(r.nchanges == 5 && strstr(r.changes[0].path, "/a.txt") &&
		      strstr(last, "/alarms.yaml"));
		mc_buf all = MC_BUF_INIT;
		const char *files[] = {"a.txt", "dir/b.txt", "sub/deep/extra.txt", "big.bin",
		                       "alarms.yaml", ".moncc-manifest"};
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
			char rel[64];
			snprintf(rel, sizeof rel, "%s/%s", name, files[i]);
			char *text = slurp(path_in(rel));
			CHECK(text != NULL);
			mc_buf_printf(&all, "%s:%s\n", files[i], text ? text : "(none)");
			free(text);
		}
		if (!first)
			first = mc_buf_detach(&all);
		else
			CHECK(strcmp(all.p, first) == 0);
		mc_buf_release(&all);
		mc_build_result_release(&r);
	}
	free(first);
	jobs = 0;
	big_size = 0;
}

static int side_calls;
static int side_result;

static int side_job(void *arg)
{
	INT_EQ(*(int *)arg, 42);
	side_calls++;
	return side_result;
}

/* A side job (lint, in `moncc build`) runs once, on any number of threads; when it fails,
 * nothing is committed or compared and the build returns 1 with no error of its own. */
static void test_side_job(void)
{
	version = 6;
	int token = 42;
	const unsigned variants[] = {1, 4};
	for (size_t v = 0; v < 2; v++) {
		char ok_dir[32], bad_dir[32];
		snprintf(ok_dir, sizeof ok_dir, "side-ok-%u", variants[v]);
		snprintf(bad_dir, sizeof bad_dir, "side-bad-%u", variants[v]);
		mc_build_opts opts = {
			.jobs = variants[v],
			.spec_path = "specs/monitoring.yaml",
			.spec_text = "abc",
			.spec_len = 3,
			.emitters = fakes,
			.side_job = side_job,
			.side_arg = &token,
			.side_weight = 1000, /* taken first */
		};
		static const mc_ir ir;
		mc_build_result r;
		side_calls = 0;
		side_result = 0;
		opts.out_dir = path_in(ok_dir);
		INT_EQ(mc_build_run(&ir, NULL, &opts, &r), 0);
		INT_EQ(side_calls, 1);
		CHECK(exists(path_in(ok_dir)) && r.nwritten > 0);
		mc_build_result_release(&r);

		side_calls = 0;
		side_result = 1;
		opts.out_dir = path_in(bad_dir);
		INT_EQ(mc_build_run(&ir, NULL, &opts, &r), 1);
		INT_EQ(side_calls, 1);
		CHECK(r.error == NULL);
		INT_EQ((int)r.nwritten, 0);
		CHECK(!exists(path_in(bad_dir)) || count_prefixed(path_in(bad_dir), "") == 2);
		CHECK(!exists(path_in(bad_dir)) || count_prefixed(path_in(bad_dir), ".moncc") == 0);
		mc_build_result_release(&r);
		/* --check stops as well: nothing compared. */
		side_calls = 0;
		opts.check = true;
		opts.out_dir = path_in(ok_dir);
		INT_EQ(mc_build_run(&ir, NULL, &opts, &r), 1);
		INT_EQ(side_calls, 1);
		INT_EQ((int)r.ndiffer, 0);
		mc_build_result_release(&r);
	}
}

/* ---- comparing with the output directory before staging ---- */

/* n bytes of a text that differs at every position (so a shifted copy never matches). */
static char *pattern(size_t n, char salt)
{
	char *p = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		p[i] = (char)('a' + (i * 7 + i / 26 + (size_t)salt) % 26);
	p[n] = '\0';
	return p;
}

static void put_file(const char *path, const char *text, size_t n)
{
	CHECK(mc_fs_write(path, text, n) == 0);
}

/*
 * A file equal to the existing one is never staged; one that differs anywhere (first byte,
 * inside or at the edge of a 64 KiB chunk, last byte, shorter, longer) is staged whole and
 * exactly; a new file, and a symbolic link in the directory, are staged as before.
 */
static void test_compare(void)
{
	enum { N = 200000 };
	char *text = pattern(N, 0);
	char dir[600], stage[600];
	snprintf(dir, sizeof dir, "%s/compare-out", tmp_root);
	snprintf(stage, sizeof stage, "%s/compare-stage", tmp_root);
	CHECK(mkdir(dir, 0777) == 0 && mkdir(stage, 0777) == 0);
	static const struct {
		const char *name;
		long at;   /* where the existing file differs; -1: it does not */
		long size; /* the existing file's size; 0: no file; -2: a symbolic link */
	} cases[] = {
		{"same.txt", -1, N},        {"first.txt", 0, N},       {"inside.txt", 1000, N},
		{"edge.txt", 65536, N},     {"edge2.txt", 65535, N},   {"last.txt", N - 1, N},
		{"shorter.txt", -1, N - 9}, {"longer.txt", -1, N + 5}, {"new.txt", -1, 0},
		{"link.txt", -1, -2},       {"empty.txt", -1, 0},
	};
	enum { NCASES = sizeof cases / sizeof cases[0] };
	char path[700];
	for (size_t i = 0; i < NCASES; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
		if (cases[i].size == -2) {
			put_file(path_in("compare-target"), text, N);
			CHECK(symlink(path_in("compare-target"), path) == 0);
			continue;
		}
		if (cases[i].size == 0)
			continue;
		char *old = pattern((size_t)cases[i].size, 0);
		if (cases[i].at >= 0)
			old[cases[i].at] = '#';
		put_file(path, old, (size_t)cases[i].size);
		free(old);
	}
	mc_outputs *os = mc_outputs_new(stage);
	mc_outputs_set_compare_dir(os, dir);
	for (size_t i = 0; i < NCASES; i++) {
		mc_out *o = mc_outputs_open(os, cases[i].name);
		if (strcmp(cases[i].name, "empty.txt") == 0)
			continue;
		/* In pieces of every kind: a printf, bytes, one write past the buffer. */
		mc_out_printf(o, "%.*s", 10, text);
		mc_out_write(o, text + 10, 70000);
		mc_out_write(o, text + 70010, N - 70010);
	}
	CHECK(mc_outputs_finish(os) == MC_OUTPUTS_OK);
	for (size_t i = 0; i < NCASES; i++) {
		const mc_output_file *f = mc_outputs_file(os, i);
		bool want_same = strcmp(cases[i].name, "same.txt") == 0;
		INT_EQ(f->unchanged, want_same);
		INT_EQ(exists(f->staged), !want_same);
		if (want_same)
			continue;
		char *got = slurp(f->staged);
		bool empty = strcmp(cases[i].name, "empty.txt") == 0;
		CHECK(got && strlen(got) == (empty ? 0 : (size_t)N));
		CHECK(got && (empty || memcmp(got, text, N) == 0));
		free(got);
		unlink(f->staged);
	}
	mc_outputs_free(os);

	/* Through the build: a rebuild that changes nothing reports every file unchanged and
	 * replaces none (that nothing is staged for them is checked above, on the set). */
	mc_build_result r;
	version = 1;
	write_extra = false;
	big_size = 300000;
	CHECK(build(path_in("compare-build"), false, fakes, &r) == 0);
	mc_build_result_release(&r);
	struct stat before, after;
	CHECK(stat(path_in("compare-build/big.bin"), &before) == 0);
	CHECK(build(path_in("compare-build"), false, fakes, &r) == 0);
	INT_EQ(r.nwritten, 0);
	INT_EQ(r.nunchanged, r.nfiles);
	mc_build_result_release(&r);
	CHECK(stat(path_in("compare-build/big.bin"), &after) == 0);
	INT_EQ(after.st_ino, before.st_ino);
	CHECK(build(path_in("compare-build"), true, fakes, &r) == 0); /* --check agrees */
	mc_build_result_release(&r);
	free(text);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(tmp_root, sizeof tmp_root, "%s/moncc-test-build-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmp_root)) {
		perror("mkdtemp");
		return 1;
	}
	test_normalize();
	test_build_and_rebuild();
	test_failure_leaves_outputs();
	test_paths();
	test_beside();
	test_parts();
	test_jobs();
	test_side_job();
	test_compare();

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp_root);
	return harness_done();
}
