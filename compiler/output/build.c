/*
 * The build driver (build.h): paths, staging, the emitters, then commit or check.
 *
 * Consumes a clean spec's IR and its document (for `outputs:`); produces files in the output
 * directory and an mc_build_result the command line turns into the summary. Invariants: DIR is
 * only ever changed by rename(2) of a complete staged file, by deleting a file the previous
 * manifest lists, and by rewriting the manifest; the staging directory is removed on every
 * path out of mc_build_run; --check writes nothing under DIR. The emitters run on a pool of
 * threads, each into its own part of the outputs; the parts are joined in table order, so the
 * files, the commit order and any failure reported are those of a serial run.
 */
#define _POSIX_C_SOURCE 200809L /* open flags, lstat, mkdtemp */

#include "output/build.h"

#include <errno.h>
#include <jansson.h>
#ifdef __GLIBC__
#include <malloc.h> /* mallopt */
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/sha256.h"
#include "base/xalloc.h"
#include "output/fsutil.h"
#include "emit/out.h"

#define MANIFEST ".moncc-manifest"

/* ---- step 1: paths ---- */

static const mc_output_paths default_paths = {
	.cloudwatch_dashboard = "cloudwatch-dashboard.json",
	.dashboards = "dashboards",
	.alarms = "alarms.yaml",
	.cloudformation = "cloudformation",
	.grafana = "grafana",
	.monitoring_guide = "docs/monitoring-guide.md",
	.incident_response = "docs/incident-response.md",
};

/* outputs.KEY when it is a string, else the default; -1 for an absolute path. */
static int path_of(const mc_node *outputs, const char *key, const char **slot, mc_buf *err)
{
	const mc_node *v = outputs ? mc_node_get(outputs, key) : NULL;
	if (!v || v->kind != MC_NODE_STRING || !v->text || !*v->text)
		return 0;
	if (v->text[0] == '/') {
		mc_buf_printf(err, "`outputs.%s` is an absolute path (`%s`): paths in `outputs:` are "
		                   "relative to the output directory",
		              key, v->text);
		return -1;
	}
	*slot = v->text;
	return 0;
}

int mc_build_paths(const char *spec_path, const mc_node *root, const char *out_dir, char **dir,
                   mc_output_paths *paths, mc_buf *err)
{
	const mc_node *outputs = root ? mc_node_get(root, "outputs") : NULL;
	if (outputs && outputs->kind != MC_NODE_MAP)
		outputs = NULL;
	*paths = default_paths;
	*dir = NULL;
	int rc = 0;
	rc |= path_of(outputs, "cloudwatch_dashboard", &paths->cloudwatch_dashboard, err);
	rc |= path_of(outputs, "dashboards", &paths->dashboards, err);
	rc |= path_of(outputs, "alarms", &paths->alarms, err);
	rc |= path_of(outputs, "cloudformation", &paths->cloudformation, err);
	rc |= path_of(outputs, "grafana", &paths->grafana, err);
	rc |= path_of(outputs, "monitoring_guide", &paths->monitoring_guide, err);
	rc |= path_of(outputs, "incident_response", &paths->incident_response, err);
	if (rc)
		return -1;

	if (out_dir) {
		*dir = mc_xstrdup(out_dir);
		return 0;
	}
	/* The spec's folder (standard input: the current one), then `outputs.dir` inside it. */
	const char *slash = spec_path && strcmp(spec_path, "-") != 0 ? strrchr(spec_path, '/')
	                                                              : NULL;
	char *spec_dir = slash ? mc_xstrndup(spec_path, slash == spec_path ? 1
	                                                                   : (size_t)(slash - spec_path))
	                       : mc_xstrdup(".");
	const mc_node *d = outputs ? mc_node_get(outputs, "dir") : NULL;
	if (d && d->kind == MC_NODE_STRING && d->text && *d->text) {
		mc_buf b = MC_BUF_INIT;
		if (d->text[0] == '/')
			mc_buf_puts(&b, d->text);
		else
			mc_fs_join(&b, spec_dir, d->text);
		free(spec_dir);
		*dir = mc_buf_detach(&b);
	} else {
		*dir = spec_dir;
	}
	return 0;
}

/* ---- results ---- */

static void add_change(mc_build_result *res, const char *dir, const char *path,
                       mc_build_state state)
{
	MC_GROW(res->changes, res->changes_cap, res->nchanges + 1);
	mc_buf b = MC_BUF_INIT;
	mc_fs_join(&b, dir, path);
	res->changes[res->nchanges].path = mc_buf_detach(&b);
	res->changes[res->nchanges].state = state;
	res->nchanges++;
}

static void set_error(mc_build_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void set_error(mc_build_result *res, const char *fmt, ...)
{
	if (res->error)
		return;
	mc_buf b = MC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	mc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	res->error = mc_buf_detach(&b);
}

void mc_build_result_release(mc_build_result *res)
{
	for (size_t i = 0; i < res->nchanges; i++)
		free(res->changes[i].path);
	free(res->changes);
	free(res->emitters);
	free(res->dir);
	free(res->error);
	memset(res, 0, sizeof *res);
}

/* ---- the manifest ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The paths of DIR/.moncc-manifest (normalized, sorted, in one malloc'd block each), or none
 * when there is no manifest. Lines: `#` comments, `spec: PATH`, and one output path each.
 */
static char **read_manifest(const char *dir, const char *manifest, size_t *n)
{
	mc_buf path = MC_BUF_INIT, text = MC_BUF_INIT;
	mc_fs_join(&path, dir, manifest);
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	if (mc_fs_read(path.p, &text) == 0 && text.len) {
		char *p = text.p;
		while (*p) {
			char *nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			if (*p && *p != '#' && strncmp(p, "spec: ", 6) != 0) {
				char *norm = mc_output_path_normalize(p);
				if (norm) {
					MC_GROW(v, cap, *n + 1);
					v[(*n)++] = norm;
				}
			}
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	mc_buf_release(&path);
	mc_buf_release(&text);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_str);
	return v;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The manifest text of a build: a comment, the spec (when there is one), the sorted paths. */
static void manifest_text(mc_buf *b, const char *command, const char *spec_path,
                          const char **paths, size_t n)
{
	bool build = strcmp(command, "moncc build") == 0;
	mc_buf_printf(b, "# Written by `%s`: the files it generated in this folder%s.\n# The next "
	                 "%s deletes those it no longer generates; it touches no other file.\n",
	              command, spec_path ? " from the spec below" : "", build ? "build" : "run");
	if (spec_path)
		mc_buf_printf(b, "spec: %s\n", spec_path);
	for (size_t i = 0; i < n; i++)
		mc_buf_printf(b, "%s\n", paths[i]);
}

/* Deletes a stale output and then its folders as far up as they are empty, inside DIR. */
static int delete_stale(const char *dir, const char *rel)
{
	mc_buf b = MC_BUF_INIT;
	mc_fs_join(&b, dir, rel);
	int rc = 0;
	if (mc_fs_is_file(b.p)) {
		rc = unlink(b.p);
		if (rc == 0 && strncmp(rel, "../", 3) != 0) {
			char *r = mc_xstrdup(rel);
			char *slash;
			while ((slash = strrchr(r, '/')) != NULL) {
				*slash = '\0';
				mc_fs_join(&b, dir, r);
				if (rmdir(b.p) != 0)
					break;
			}
			free(r);
		}
	} else {
		errno = 0;
	}
	mc_buf_release(&b);
	return rc;
}

/* ---- staging ---- */

/*
 * Removes the staged files this build made, the emitters' folders (p0, p1, ...: see
 * mc_outputs_new_part), then the staging directory itself. After a complete commit, a file
 * compared before staging was either never staged or has been moved: nothing to unlink.
 */
static void remove_staging(const char *stage, mc_outputs *os, size_t nparts, bool committed)
{
	if (!stage)
		return;
	for (size_t i = 0; os && i < mc_outputs_count(os); i++) {
		const mc_output_file *f = mc_outputs_file(os, i);
		if (!(committed && f->compared) && !f->unchanged)
			unlink(f->staged);
	}
	mc_buf b = MC_BUF_INIT;
	for (size_t i = 0; i < nparts; i++) {
		mc_buf_clear(&b);
		mc_buf_printf(&b, "%s/p%zu", stage, i);
		rmdir(b.p);
	}
	mc_fs_join(&b, stage, "manifest");
	unlink(b.p);
	mc_buf_release(&b);
	rmdir(stage);
}

static char *make_staging(const char *dir, bool check, mc_build_result *res)
{
	if (check) {
		const char *tmp = getenv("TMPDIR");
		mc_buf b = MC_BUF_INIT;
		mc_buf_printf(&b, "%s/moncc-check-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(b.p)) {
			set_error(res, "cannot make a temporary directory `%s`: %s", b.p,
			          strerror(errno));
			mc_buf_release(&b);
			return NULL;
		}
		return mc_buf_detach(&b);
	}
	if (mc_fs_mkdirs(dir) != 0) {
		set_error(res, "cannot make the output directory `%s`: %s", dir, strerror(errno));
		return NULL;
	}
	mc_buf b = MC_BUF_INIT, name = MC_BUF_INIT;
	mc_buf_printf(&name, ".moncc-staging-%ld", (long)getpid());
	mc_fs_join(&b, dir, name.p);
	mc_buf_release(&name);
	if (mkdir(b.p, 0777) != 0) {
		set_error(res, "cannot make the staging directory `%s`: %s", b.p, strerror(errno));
		mc_buf_release(&b);
		return NULL;
	}
	return mc_buf_detach(&b);
}

/* ---- steps 2 and 3 ---- */

/*
 * One emitter's run: its own part of the outputs, its own counters, and a context that points
 * at them. Emitters read the IR and the context only, so jobs share nothing they write.
 */
typedef struct {
	const mc_emitter *emitter;
	mc_emit_ctx cx;
	struct mc_emit_counts counts;
	mc_outputs *part;
} emit_job;

typedef struct {
	emit_job *jobs;
	size_t *order;      /* job indices, heaviest first; index n is the side job */
	size_t n, norder;
	atomic_size_t next; /* the next position in order to take */
	const mc_build_opts *opts;
	int side_rc;
} emit_pool;

static void *emit_worker(void *arg)
{
	emit_pool *pool = arg;
	size_t i;
	while ((i = atomic_fetch_add(&pool->next, 1)) < pool->norder) {
		if (pool->order[i] == pool->n) {
			pool->side_rc = pool->opts->side_job(pool->opts->side_arg);
			continue;
		}
		emit_job *j = &pool->jobs[pool->order[i]];
		j->emitter->fn(&j->cx, j->part);
		mc_outputs_close(j->part);
	}
	return NULL;
}

/* opts->jobs, else MONCC_JOBS, else the online CPUs; at least 1. */
static size_t jobs_wanted(const mc_build_opts *opts)
{
	if (opts->jobs)
		return opts->jobs;
	const char *env = getenv("MONCC_JOBS");
	if (env && *env) {
		char *end;
		errno = 0;
		long v = strtol(env, &end, 10);
		if (!*end && errno == 0 && v > 0)
			return (size_t)v;
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus > 0 ? (size_t)cpus : 1;
}

static void add_counts(struct mc_emit_counts *to, const struct mc_emit_counts *c)
{
	to->files += c->files;
	to->dashboards += c->dashboards;
	to->widgets += c->widgets;
	to->alarms += c->alarms;
	to->high_res_alarms += c->high_res_alarms;
	to->composites += c->composites;
	to->anomaly_alarms += c->anomaly_alarms;
	to->templates += c->templates;
	to->resources += c->resources;
}

/*
 * Runs every emitter of table, each into a part of os, on up to nthreads threads (this one
 * included), then joins the parts in table order: the files, their order, the counters and the
 * reported failure are those of running the emitters one after the other.
 */
static int run_emitters(const mc_emitter *table, const mc_emit_ctx *cx, size_t nthreads,
                        const mc_build_opts *opts, mc_outputs *os, mc_build_result *res)
{
	size_t n = 0;
	while (table[n].name)
		n++;
	res->emitters = mc_xcalloc(n ? n : 1, sizeof *res->emitters);
	res->nemitters = n;
	size_t norder = n + (opts->side_job != NULL);
	emit_pool pool = {.jobs = mc_xcalloc(n ? n : 1, sizeof *pool.jobs),
	                  .order = mc_xcalloc(norder ? norder : 1, sizeof *pool.order),
	                  .n = n,
	                  .norder = norder,
	                  .opts = opts};
	atomic_init(&pool.next, 0);
	/* Heaviest first (insertion sort, stable: equal weights keep table order). */
#define WEIGHT(j) ((j) < n ? table[j].weight : opts->side_weight)
	for (size_t i = 0; i < norder; i++) {
		unsigned w = WEIGHT(i);
		size_t k = i;
		while (k > 0 && WEIGHT(pool.order[k - 1]) < w) {
			pool.order[k] = pool.order[k - 1];
			k--;
		}
		pool.order[k] = i;
	}
#undef WEIGHT
	for (size_t i = 0; i < n; i++) {
		emit_job *j = &pool.jobs[i];
		j->emitter = &table[i];
		j->cx = *cx;
		j->cx.counts = &j->counts;
		j->part = mc_outputs_new_part(os, i, table[i].name);
	}
	/* jansson seeds its hash function on first use; do it before there are threads. */
	json_object_seed(0);
	if (nthreads > norder)
		nthreads = norder;
#ifdef __GLIBC__
	/*
	 * One malloc arena for every thread: the emitters' scratch then reuses what lowering
	 * freed instead of a new arena's fresh pages (+3 MB of peak at 1,000 services). Each
	 * thread's tcache keeps the arena's lock off the common small malloc and free.
	 */
	if (nthreads > 1)
		mallopt(M_ARENA_MAX, 1);
#endif
	pthread_t *threads = mc_xcalloc(nthreads ? nthreads : 1, sizeof *threads);
	size_t started = 0;
	for (size_t t = 1; t < nthreads; t++) {
		if (pthread_create(&threads[started], NULL, emit_worker, &pool) != 0)
			break; /* fewer threads: this one takes what is left */
		started++;
	}
	emit_worker(&pool);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);

	for (size_t i = 0; i < n; i++) {
		emit_job *j = &pool.jobs[i];
		size_t before = mc_outputs_count(os);
		mc_outputs_join(os, j->part);
		add_counts(cx->counts, &j->counts);
		res->emitters[i].name = table[i].name;
		res->emitters[i].files = mc_outputs_count(os) - before;
	}
	free(pool.jobs);
	free(pool.order);
	if (pool.side_rc != 0)
		return 1; /* the side job's errors: nothing is compared or committed */
	mc_outputs_status st = mc_outputs_finish(os);
	if (st != MC_OUTPUTS_OK) {
		set_error(res, "%s", mc_outputs_error(os));
		return st == MC_OUTPUTS_CONFLICT ? 1 : 3;
	}
	return 0;
}

/* The sorted output paths (pointers into os). */
static const char **sorted_paths(mc_outputs *os)
{
	size_t n = mc_outputs_count(os);
	const char **v = mc_xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = mc_outputs_file(os, i)->path;
	qsort(v, n, sizeof *v, cmp_str);
	return v;
}

static bool in_sorted(const char **v, size_t n, const char *s)
{
	return bsearch(&s, v, n, sizeof *v, cmp_str) != NULL;
}

static int check_outputs(const char *dir, mc_outputs *os, char **old, size_t nold,
                         const char **now, mc_build_result *res)
{
	mc_buf target = MC_BUF_INIT;
	for (size_t i = 0; i < mc_outputs_count(os); i++) {
		const mc_output_file *f = mc_outputs_file(os, i);
		mc_fs_join(&target, dir, f->path);
		int same = f->compared ? f->unchanged : mc_fs_same(f->staged, f->size, target.p);
		if (same < 0) {
			set_error(res, "cannot read the staged `%s`: %s", f->staged, strerror(errno));
			mc_buf_release(&target);
			return 3;
		}
		if (same) {
			res->nunchanged++;
			continue;
		}
		add_change(res, dir, f->path,
		           mc_fs_is_file(target.p) ? MC_BUILD_DIFFERS : MC_BUILD_MISSING);
		res->ndiffer++;
	}
	for (size_t i = 0; i < nold; i++) {
		mc_fs_join(&target, dir, old[i]);
		if (!in_sorted(now, mc_outputs_count(os), old[i]) && mc_fs_is_file(target.p)) {
			add_change(res, dir, old[i], MC_BUILD_STALE);
			res->ndiffer++;
		}
	}
	mc_buf_release(&target);
	return res->ndiffer ? 1 : 0;
}

static int commit_outputs(const char *dir, const char *stage, const mc_build_opts *opts,
                          mc_outputs *os, char **old, size_t nold, const char **now,
                          mc_build_result *res)
{
	mc_buf target = MC_BUF_INIT;
	int rc = 0;
	res->committing = true;
	for (size_t i = 0; i < mc_outputs_count(os) && rc == 0; i++) {
		const mc_output_file *f = mc_outputs_file(os, i);
		mc_fs_join(&target, dir, f->path);
		int same = f->compared ? f->unchanged : mc_fs_same(f->staged, f->size, target.p);
		if (same < 0) {
			set_error(res, "cannot read the staged `%s`: %s", f->staged, strerror(errno));
			rc = 3;
		} else if (same) {
			res->nunchanged++;
		} else if (mc_fs_move(f->staged, target.p) != 0) {
			set_error(res, "cannot write `%s`: %s", target.p, strerror(errno));
			rc = 3;
		} else {
			res->nwritten++;
			add_change(res, dir, f->path, MC_BUILD_WRITTEN);
		}
	}
	/* Stale files go only after every new file is in place. */
	for (size_t i = 0; i < nold && rc == 0; i++) {
		if (in_sorted(now, mc_outputs_count(os), old[i]))
			continue;
		mc_fs_join(&target, dir, old[i]);
		bool existed = mc_fs_is_file(target.p);
		if (delete_stale(dir, old[i]) != 0) {
			set_error(res, "cannot delete `%s`: %s", target.p, strerror(errno));
			rc = 3;
		} else if (existed) {
			res->ndeleted++;
			add_change(res, dir, old[i], MC_BUILD_DELETED);
		}
	}
	/*
	 * The manifest: after a failure it keeps the old paths too, so that the next build still
	 * owns (and can delete) everything either build wrote.
	 */
	size_t nnew = mc_outputs_count(os), nall = nnew;
	const char **all = mc_xcalloc(nnew + nold + 1, sizeof *all);
	memcpy(all, now, nnew * sizeof *all);
	if (rc != 0) {
		for (size_t i = 0; i < nold; i++)
			if (!in_sorted(now, nnew, old[i]))
				all[nall++] = old[i];
		qsort(all, nall, sizeof *all, cmp_str);
	}
	mc_buf text = MC_BUF_INIT, have = MC_BUF_INIT, staged = MC_BUF_INIT;
	manifest_text(&text, opts->command ? opts->command : "moncc build", opts->spec_path, all,
	              nall);
	mc_fs_join(&target, dir, opts->manifest ? opts->manifest : MANIFEST);
	if (mc_fs_read(target.p, &have) != 0 || have.len != text.len ||
	    memcmp(have.p, text.p, text.len) != 0) {
		mc_fs_join(&staged, stage, "manifest");
		if (mc_fs_write(staged.p, text.p, text.len) != 0 ||
		    mc_fs_move(staged.p, target.p) != 0) {
			set_error(res, "cannot write `%s`: %s", target.p, strerror(errno));
			rc = 3;
		}
	}
	free(all);
	mc_buf_release(&text);
	mc_buf_release(&have);
	mc_buf_release(&staged);
	mc_buf_release(&target);
	return rc;
}

int mc_build_run(const mc_ir *ir, const mc_sources *srcs, const mc_build_opts *opts,
                 mc_build_result *res)
{
	memset(res, 0, sizeof *res);
	if (ir)
		mc_cost_estimate_ir(ir, &res->cost);

	mc_output_paths paths;
	mc_buf err = MC_BUF_INIT;
	if (mc_build_paths(opts->spec_path, opts->root, opts->out_dir, &res->dir, &paths,
	                   &err) != 0) {
		res->error = mc_buf_detach(&err);
		return 1;
	}
	mc_buf_release(&err);

	char hash[65];
	mc_sha256_hex(opts->spec_text ? opts->spec_text : "", opts->spec_len, hash);
	mc_buf header = MC_BUF_INIT;
	mc_buf_printf(&header,
	              "Generated by moncc from %s (sha256 %.16s). Do not edit: change the spec and "
	              "run `moncc build`.",
	              opts->spec_path, hash);

	int rc = 0;
	bool committed = false; /* every staged file moved into place */
	mc_outputs *os = NULL;
	char **old = NULL;
	size_t nold = 0;
	const char **now = NULL;
	char *stage = make_staging(res->dir, opts->check, res);
	if (!stage) {
		rc = 3;
		goto out;
	}
	os = mc_outputs_new(stage);
	/* Files equal to DIR's are never staged: no file is created for them (output/build.c's
	 * commit and check then skip them), which keeps no-op rebuilds and --check cheap. */
	mc_outputs_set_compare_dir(os, res->dir);
	mc_emit_ctx cx = {
		.ir = ir,
		.srcs = srcs,
		.spec_path = opts->spec_path,
		.spec_hash = hash,
		.paths = paths,
		.header = header.p,
		.counts = &res->counts,
		.data = opts->emit_data,
	};
	rc = run_emitters(opts->emitters ? opts->emitters : mc_emitters, &cx, jobs_wanted(opts),
	                  opts, os, res);
	res->nfiles = mc_outputs_count(os);
	if (!res->counts.files)
		res->counts.files = res->nfiles;
	if (rc != 0)
		goto out;

	old = read_manifest(res->dir, opts->manifest ? opts->manifest : MANIFEST, &nold);
	now = sorted_paths(os);
	if (opts->check) {
		rc = check_outputs(res->dir, os, old, nold, now, res);
	} else {
		rc = commit_outputs(res->dir, stage, opts, os, old, nold, now, res);
		committed = rc == 0;
	}
out:
	remove_staging(stage, os, res->nemitters, committed);
	free(stage);
	free(now);
	free_strv(old, nold);
	mc_outputs_free(os);
	mc_buf_release(&header);
	return rc;
}
