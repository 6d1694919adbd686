/*
 * The output layer: mc_outputs and mc_out of emit.h, and the build's view of them (out.h).
 *
 * Consumes the bytes emitters write; produces one staged file per output path in the staging
 * directory, each written through a 64 KiB buffer with write(2), so memory stays flat however
 * large the spec is and a 10,000-service build never holds a whole document. Files are staged
 * under numbered names (`000001`, ...) and keep their real, normalized path beside them; the
 * build compares and renames them afterwards (compiler/output/build.c). With a compare
 * directory (the output directory), a file that exists there is first compared with it chunk
 * by chunk instead of staged; it is staged only from the first chunk that differs (diverge),
 * and never when it ends the same, which the build then reads as `unchanged`.
 *
 * Failures never stop an emitter: the first one is recorded (message and kind), the writer of
 * a failed file swallows what follows, and the build looks at mc_outputs_finish() at the end.
 * Two outputs on the same path are a conflict (a spec's `outputs:` can put two folders on
 * one), found with a hash set of the normalized paths.
 *
 * Parts (mc_outputs_new_part) let emitters run on threads: each emitter writes into a part of
 * its own, which shares nothing with the set or the other parts, and mc_outputs_join() then
 * appends the parts in emitter order, finding conflicts between them and choosing the failure
 * to report exactly as one set written by the emitters one after the other would have.
 */
#define _POSIX_C_SOURCE 200809L /* open flags, lstat, mkdtemp */

#include "base/hash.h"
#include "emit/out.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fmt.h"
#include "base/io.h"
#include "base/xalloc.h"

enum { OUT_BUF = 64 * 1024 };

struct mc_out {
	mc_outputs *os;
	int fd;             /* the staged file; -1 while comparing, or failed or discarding */
	int cmp_fd;         /* the file already in the output directory, while comparing; -1 */
	uint64_t matched;   /* bytes handed on so far, all equal to the existing file's */
	char *buf;          /* OUT_BUF bytes, shared by every file of the set */
	char *cmp_buf;      /* OUT_BUF bytes for reading the existing file, made on first use */
	size_t len;
	uint64_t written;   /* bytes of this file, flushed or not */
	mc_buf scratch;     /* numbers and oversized printf results */
};

/* Whether what is written still goes somewhere: into the staged file, or to be compared. */
static bool live(const mc_out *o)
{
	return o->fd >= 0 || o->cmp_fd >= 0;
}

struct mc_outputs {
	char *stage_dir;
	char *compare_dir;  /* the output directory, to compare with before staging; or NULL */
	mc_output_file *files;
	size_t nfiles, cap;
	size_t *slots;      /* hash set of file indices + 1 (0 = empty), by normalized path */
	size_t nslots;
	mc_out cur;
	bool open;
	const char *emitter;
	const char *fail_inject; /* MONCC_TEST_FAIL_OUTPUT */
	mc_outputs_status status;
	char *error;
	/*
	 * Where the first failure happened, for mc_outputs_join: 2 * nfiles when an open failed
	 * before adding its file (a conflict), 2 * index + 1 when the file at index failed.
	 */
	size_t fail_pos;
};

/* Records the first failure only: later ones are usually its consequences. */
static void fail(mc_outputs *os, mc_outputs_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(mc_outputs *os, mc_outputs_status st, const char *fmt, ...)
{
	if (os->status != MC_OUTPUTS_OK)
		return;
	os->status = st;
	os->fail_pos = st == MC_OUTPUTS_IO && os->open ? 2 * (os->nfiles - 1) + 1 : 2 * os->nfiles;
	mc_buf b = MC_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	mc_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	os->error = mc_buf_detach(&b);
}

mc_outputs *mc_outputs_new(const char *stage_dir)
{
	mc_outputs *os = mc_xcalloc(1, sizeof *os);
	os->stage_dir = mc_xstrdup(stage_dir);
	os->nslots = 64;
	os->slots = mc_xcalloc(os->nslots, sizeof *os->slots);
	os->cur.os = os;
	os->cur.fd = -1;
	os->cur.cmp_fd = -1;
	os->cur.buf = mc_xmalloc(OUT_BUF);
	mc_buf_init(&os->cur.scratch);
	os->emitter = "";
	const char *inject = getenv("MONCC_TEST_FAIL_OUTPUT");
	os->fail_inject = inject && *inject ? inject : NULL;
	return os;
}

mc_outputs *mc_outputs_new_part(const mc_outputs *os, size_t part, const char *emitter)
{
	/* A folder of its own: threads creating files in one folder queue on its lock. */
	mc_buf dir = MC_BUF_INIT;
	mc_buf_printf(&dir, "%s/p%zu", os->stage_dir, part);
	mc_outputs *p = mc_outputs_new(dir.p);
	p->fail_inject = os->fail_inject;
	p->compare_dir = os->compare_dir ? mc_xstrdup(os->compare_dir) : NULL;
	p->emitter = emitter ? emitter : "";
	if (mkdir(dir.p, 0777) != 0)
		fail(p, MC_OUTPUTS_IO, "cannot make the staging directory `%s`: %s", dir.p,
		     strerror(errno));
	mc_buf_release(&dir);
	return p;
}

void mc_outputs_free(mc_outputs *os)
{
	if (!os)
		return;
	if (os->cur.fd >= 0)
		close(os->cur.fd);
	if (os->cur.cmp_fd >= 0)
		close(os->cur.cmp_fd);
	free(os->cur.cmp_buf);
	free(os->compare_dir);
	for (size_t i = 0; i < os->nfiles; i++) {
		free((char *)os->files[i].path);
		free((char *)os->files[i].staged);
	}
	free(os->files);
	free(os->slots);
	free(os->cur.buf);
	mc_buf_release(&os->cur.scratch);
	free(os->error);
	free(os->stage_dir);
	free(os);
}

void mc_outputs_set_compare_dir(mc_outputs *os, const char *dir)
{
	free(os->compare_dir);
	os->compare_dir = dir ? mc_xstrdup(dir) : NULL;
}

void mc_outputs_set_emitter(mc_outputs *os, const char *emitter)
{
	os->emitter = emitter ? emitter : "";
}

mc_outputs_status mc_outputs_status_of(const mc_outputs *os)
{
	return os->status;
}

const char *mc_outputs_error(const mc_outputs *os)
{
	return os->error;
}

size_t mc_outputs_count(const mc_outputs *os)
{
	return os->nfiles;
}

const mc_output_file *mc_outputs_file(const mc_outputs *os, size_t i)
{
	return i < os->nfiles ? &os->files[i] : NULL;
}

/* ---- paths ---- */

char *mc_output_path_normalize(const char *path)
{
	if (!path || !*path || path[0] == '/')
		return NULL;
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return NULL;
	/* Components are copied into out; `..` pops the last real one, or, when there is none
	 * to pop, stays (the file is beside the directory): "a/../../b" -> "../b". Real
	 * components always follow every kept `..`, so popping one is cutting at the last `/`. */
	char *out = mc_xmalloc(strlen(path) + 1);
	size_t len = 0, reals = 0;
	const char *p = path;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t clen = slash ? (size_t)(slash - p) : strlen(p);
		bool dot = clen == 1 && p[0] == '.';
		bool dotdot = clen == 2 && p[0] == '.' && p[1] == '.';
		if (dotdot && reals > 0) {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			reals--;
		} else if (clen > 0 && !dot) {
			if (len)
				out[len++] = '/';
			memcpy(out + len, p, clen);
			len += clen;
			reals += !dotdot;
		}
		p += clen;
		if (*p == '/')
			p++;
	}
	out[len] = '\0';
	if (reals == 0) { /* nothing left, or only `..`s: not a file */
		free(out);
		return NULL;
	}
	return out;
}

static uint64_t hash_str(const char *s)
{
	return mc_fnv1a64_str(s);
}

/* The slot of path: where it is, or the empty slot where it would go. */
static size_t *find_slot(mc_outputs *os, const char *path)
{
	size_t mask = os->nslots - 1;
	for (size_t i = (size_t)hash_str(path) & mask;; i = (i + 1) & mask) {
		size_t *slot = &os->slots[i];
		if (*slot == 0 || strcmp(os->files[*slot - 1].path, path) == 0)
			return slot;
	}
}

static void grow_slots(mc_outputs *os)
{
	free(os->slots);
	os->nslots *= 2;
	os->slots = mc_xcalloc(os->nslots, sizeof *os->slots);
	for (size_t i = 0; i < os->nfiles; i++)
		*find_slot(os, os->files[i].path) = i + 1;
}

/* ---- writing ---- */

/* Writes n bytes at p to the file; a failure is recorded and closes it (see fail). */
static void write_all(mc_out *o, const char *p, size_t n)
{
	size_t off = 0;
	while (o->fd >= 0 && off < n) {
		ssize_t w = write(o->fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = w < 0 ? errno : ENOSPC;
			const mc_output_file *f = &o->os->files[o->os->nfiles - 1];
			fail(o->os, MC_OUTPUTS_IO, "cannot write `%s` (staged as %s): %s", f->path,
			     f->staged, strerror(e));
			close(o->fd);
			o->fd = -1;
			break;
		}
		off += (size_t)w;
	}
}


/* Whether the existing file's next n bytes (n <= OUT_BUF) are p's. */
static bool same_as_existing(mc_out *o, const char *p, size_t n)
{
	if (!o->cmp_buf)
		o->cmp_buf = mc_xmalloc(OUT_BUF);
	return mc_read_full(o->cmp_fd, o->cmp_buf, n) == (ssize_t)n && memcmp(o->cmp_buf, p, n) == 0;
}

/*
 * The output differs from the existing file after o->matched bytes: stage it after all, its
 * first o->matched bytes copied from the existing file (they are the same).
 */
static void diverge(mc_out *o)
{
	mc_outputs *os = o->os;
	const mc_output_file *f = &os->files[os->nfiles - 1];
	int cmp = o->cmp_fd;
	o->cmp_fd = -1;
	o->fd = open(f->staged, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (o->fd < 0) {
		fail(os, MC_OUTPUTS_IO, "cannot create `%s` (staging `%s`): %s", f->staged, f->path,
		     strerror(errno));
		close(cmp);
		return;
	}
	for (uint64_t off = 0; off < o->matched && o->fd >= 0;) {
		size_t k = o->matched - off < OUT_BUF ? (size_t)(o->matched - off) : OUT_BUF;
		ssize_t r = pread(cmp, o->cmp_buf, k, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			fail(os, MC_OUTPUTS_IO, "cannot read `%s` again to stage it: %s", f->path,
			     r < 0 ? strerror(errno) : "it became shorter");
			close(o->fd);
			o->fd = -1;
			break;
		}
		write_all(o, o->cmp_buf, (size_t)r);
		off += (uint64_t)r;
	}
	close(cmp);
}

/* Hands n bytes on: compared with the existing file while they match it, else written. */
static void put_bytes(mc_out *o, const char *p, size_t n)
{
	while (o->cmp_fd >= 0 && n) {
		size_t k = n < OUT_BUF ? n : OUT_BUF;
		if (!same_as_existing(o, p, k)) {
			diverge(o);
			break;
		}
		o->matched += k;
		p += k;
		n -= k;
	}
	if (o->fd >= 0 && n)
		write_all(o, p, n);
}

static void flush(mc_out *o)
{
	put_bytes(o, o->buf, o->len);
	o->len = 0;
}

void mc_outputs_close(mc_outputs *os)
{
	if (!os->open)
		return;
	mc_out *o = &os->cur;
	flush(o);
	if (o->cmp_fd >= 0) {
		/* Every byte matched: unchanged if the existing file ends here too. */
		char extra;
		if (mc_read_full(o->cmp_fd, &extra, 1) == 0) {
			close(o->cmp_fd);
			o->cmp_fd = -1;
			os->files[os->nfiles - 1].unchanged = true;
		} else {
			diverge(o);
		}
	}
	if (o->fd >= 0) {
		if (close(o->fd) != 0) {
			const mc_output_file *f = &os->files[os->nfiles - 1];
			fail(os, MC_OUTPUTS_IO, "cannot write `%s` (staged as %s): %s", f->path,
			     f->staged, strerror(errno));
		}
		o->fd = -1;
	}
	os->files[os->nfiles - 1].size = o->written;
	os->open = false;
}

mc_outputs_status mc_outputs_finish(mc_outputs *os)
{
	mc_outputs_close(os);
	return os->status;
}

void mc_outputs_join(mc_outputs *os, mc_outputs *part)
{
	mc_outputs_close(os);
	mc_outputs_close(part);
	for (size_t i = 0; i < part->nfiles; i++) {
		mc_output_file *f = &part->files[i];
		if ((os->nfiles + 1) * 2 > os->nslots)
			grow_slots(os);
		size_t *slot = find_slot(os, f->path);
		if (!*slot) {
			MC_GROW(os->files, os->cap, os->nfiles + 1);
			os->files[os->nfiles++] = *f; /* its strings are os's now */
			*slot = os->nfiles;
			continue;
		}
		/* Written one after the other, this open would have failed before its file existed:
		 * the part's own failure comes first only when it happened before this open. */
		if (os->status == MC_OUTPUTS_OK &&
		    (part->status == MC_OUTPUTS_OK || 2 * i < part->fail_pos)) {
			const mc_output_file *prev = &os->files[*slot - 1];
			fail(os, MC_OUTPUTS_CONFLICT,
			     "two outputs would be written to `%s` (by the %s and %s emitters): give "
			     "them different places in `outputs:`",
			     f->path, prev->emitter, part->emitter);
		}
		unlink(f->staged);
		free((char *)f->path);
		free((char *)f->staged);
	}
	if (os->status == MC_OUTPUTS_OK && part->status != MC_OUTPUTS_OK) {
		os->status = part->status;
		os->error = part->error;
		part->error = NULL;
	}
	part->nfiles = 0; /* adopted or freed above */
	mc_outputs_free(part);
}

/*
 * The regular file at DIR/path, open for reading, or -1. Like the commit's comparison
 * (mc_fs_same): a symbolic link is not followed, so it is replaced, never written through.
 */
static int open_existing(const char *dir, const char *path)
{
	mc_buf b = MC_BUF_INIT;
	mc_buf_puts(&b, dir);
	if (b.len && b.p[b.len - 1] != '/')
		mc_buf_putc(&b, '/');
	mc_buf_puts(&b, path);
	int fd = open(b.p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	mc_buf_release(&b);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

mc_out *mc_outputs_open(mc_outputs *os, const char *path)
{
	mc_outputs_close(os);
	mc_out *o = &os->cur;
	o->len = 0;
	o->written = 0;
	o->fd = -1;
	o->cmp_fd = -1;

	char *norm = mc_output_path_normalize(path);
	if (!norm) {
		fail(os, MC_OUTPUTS_CONFLICT, "output path `%s` is not a relative path to a file",
		     path ? path : "(null)");
		return o; /* discards what is written */
	}
	if ((os->nfiles + 1) * 2 > os->nslots)
		grow_slots(os);
	size_t *slot = find_slot(os, norm);
	if (*slot) {
		const mc_output_file *prev = &os->files[*slot - 1];
		fail(os, MC_OUTPUTS_CONFLICT,
		     "two outputs would be written to `%s` (by the %s and %s emitters): give them "
		     "different places in `outputs:`",
		     norm, prev->emitter, os->emitter);
		free(norm);
		return o;
	}
	MC_GROW(os->files, os->cap, os->nfiles + 1);
	mc_output_file *f = &os->files[os->nfiles++];
	memset(f, 0, sizeof *f);
	f->path = norm;
	f->emitter = os->emitter;
	mc_buf st = MC_BUF_INIT;
	mc_buf_printf(&st, "%s/%06zu", os->stage_dir, os->nfiles);
	f->staged = mc_buf_detach(&st);
	*slot = os->nfiles;
	os->open = true;

	if (os->fail_inject && strstr(norm, os->fail_inject)) {
		fail(os, MC_OUTPUTS_IO, "cannot write `%s`: injected failure (MONCC_TEST_FAIL_OUTPUT)",
		     norm);
		return o;
	}
	if (os->status != MC_OUTPUTS_OK)
		return o; /* the build fails anyway: do not write more */
	o->matched = 0;
	f->compared = os->compare_dir != NULL;
	if (os->compare_dir && (o->cmp_fd = open_existing(os->compare_dir, norm)) >= 0)
		return o; /* staged only if it turns out to differ (diverge) */
	o->fd = open(f->staged, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (o->fd < 0)
		fail(os, MC_OUTPUTS_IO, "cannot create `%s` (staging `%s`): %s", f->staged, norm,
		     strerror(errno));
	return o;
}

void mc_out_write(mc_out *o, const void *p, size_t n)
{
	o->written += n;
	if (!live(o))
		return;
	if (n <= OUT_BUF - o->len) {
		memcpy(o->buf + o->len, p, n);
		o->len += n;
		return;
	}
	const char *s = p;
	if (n >= OUT_BUF) {
		/* A whole template or document at once: straight to the file, not through the
		 * buffer (one copy of 100 MB less per build of 1,000 services). */
		flush(o);
		put_bytes(o, s, n);
		return;
	}
	while (n) {
		if (o->len == OUT_BUF)
			flush(o);
		if (!live(o))
			return;
		size_t take = OUT_BUF - o->len < n ? OUT_BUF - o->len : n;
		memcpy(o->buf + o->len, s, take);
		o->len += take;
		s += take;
		n -= take;
	}
}

void mc_out_puts(mc_out *o, const char *s)
{
	mc_out_write(o, s, strlen(s));
}

void mc_out_putc(mc_out *o, char c)
{
	if (live(o) && o->len < OUT_BUF) {
		o->buf[o->len++] = c;
		o->written++;
		return;
	}
	mc_out_write(o, &c, 1);
}

void mc_out_printf(mc_out *o, const char *fmt, ...)
{
	va_list ap;
	/* Straight into the buffer when it fits (the common case), else through scratch. */
	size_t room = OUT_BUF - o->len;
	mc_fmt f;
	va_start(ap, fmt);
	bool simple = mc_fmt_split(&f, fmt, &ap);
	va_end(ap);
	if (simple) {
		if (f.len <= room && live(o)) {
			mc_fmt_put(&f, o->buf + o->len);
			o->len += f.len;
			o->written += f.len;
		} else if (live(o)) { /* past the buffer's end: through scratch */
			mc_buf_clear(&o->scratch);
			mc_buf_repeat(&o->scratch, ' ', f.len); /* f.len bytes of room */
			mc_fmt_put(&f, o->scratch.p);
			mc_out_write(o, o->scratch.p, f.len);
		} else {
			o->written += f.len;
		}
		return;
	}
	va_start(ap, fmt);
	int k = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if ((size_t)k < room) {
		o->written += (size_t)k;
		if (live(o))
			o->len += (size_t)k; /* a discarding writer formats into the buffer in vain */
		return;
	}
	mc_buf_clear(&o->scratch);
	va_start(ap, fmt);
	mc_buf_vprintf(&o->scratch, fmt, ap);
	va_end(ap);
	mc_out_write(o, o->scratch.p, o->scratch.len);
}

void mc_out_buf(mc_out *o, const mc_buf *b)
{
	if (b->len)
		mc_out_write(o, b->p, b->len);
}

void mc_out_double(mc_out *o, double v)
{
	/* Integers are most numbers written (thresholds, periods, positions); print them
	 * without printf. Same text as mc_buf_double's "%.0f" for |v| < 2^53. */
	if (v != 0 && fabs(v) < 9007199254740992.0 && v == floor(v)) {
		char tmp[24];
		size_t i = sizeof tmp;
		uint64_t u = (uint64_t)fabs(v);
		while (u) {
			tmp[--i] = (char)('0' + u % 10);
			u /= 10;
		}
		if (v < 0)
			tmp[--i] = '-';
		mc_out_write(o, tmp + i, sizeof tmp - i);
		return;
	}
	mc_buf_clear(&o->scratch);
	mc_buf_double(&o->scratch, v);
	mc_out_write(o, o->scratch.p, o->scratch.len);
}
