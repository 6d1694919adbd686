/*
 * Filesystem helpers of the build (fsutil.h). Plain POSIX calls with EINTR retried; every
 * function leaves errno describing its failure, which the caller turns into a message.
 */
#define _POSIX_C_SOURCE 200809L /* open flags, lstat, mkdtemp */

#include "output/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/io.h"
#include "base/xalloc.h"

enum { CHUNK = 64 * 1024 };

void mc_fs_join(mc_buf *out, const char *dir, const char *rel)
{
	mc_buf_clear(out);
	if (dir && *dir && strcmp(dir, ".") != 0) {
		mc_buf_puts(out, dir);
		if (out->p[out->len - 1] != '/')
			mc_buf_putc(out, '/');
	}
	mc_buf_puts(out, rel);
}

int mc_fs_mkdirs(const char *path)
{
	char *p = mc_xstrdup(path);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	/* Each prefix ending before a `/`, then the whole path; EEXIST on a folder is fine. */
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		struct stat st;
		if (mkdir(p, 0777) != 0 && !(errno == EEXIST && stat(p, &st) == 0 &&
		                             S_ISDIR(st.st_mode))) {
			int e = errno == EEXIST ? ENOTDIR : errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return 0;
}

int mc_fs_mkparents(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return 0;
	char *dir = mc_xstrndup(path, (size_t)(slash - path));
	struct stat st;
	int rc = stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : mc_fs_mkdirs(dir);
	int e = errno;
	free(dir);
	errno = e;
	return rc;
}


int mc_fs_same(const char *a, uint64_t size_a, const char *b)
{
	int fb = open(b, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fb < 0)
		return 0;
	struct stat st;
	if (fstat(fb, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size_a) {
		close(fb);
		return 0;
	}
	int fa = open(a, O_RDONLY | O_CLOEXEC);
	if (fa < 0) {
		int e = errno;
		close(fb);
		errno = e;
		return -1;
	}
	char *ba = mc_xmalloc(CHUNK), *bb = mc_xmalloc(CHUNK);
	int same = 1;
	for (;;) {
		ssize_t na = mc_read_full(fa, ba, CHUNK);
		if (na < 0) {
			same = -1;
			break;
		}
		ssize_t nb = mc_read_full(fb, bb, CHUNK);
		if (nb != na || memcmp(ba, bb, (size_t)na) != 0) {
			same = 0;
			break;
		}
		if (na < CHUNK)
			break;
	}
	int e = errno;
	free(ba);
	free(bb);
	close(fa);
	close(fb);
	errno = e;
	return same;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Across filesystems: copy into `to`.moncc-tmp-PID, then rename that onto `to`. */
static int copy_then_rename(const char *from, const char *to)
{
	mc_buf tmp = MC_BUF_INIT;
	mc_buf_printf(&tmp, "%s.moncc-tmp-%ld", to, (long)getpid());
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = in < 0 ? -1 : open(tmp.p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	int rc = -1;
	if (in >= 0 && out >= 0) {
		char *buf = mc_xmalloc(CHUNK);
		ssize_t n;
		rc = 0;
		while (rc == 0 && (n = mc_read_full(in, buf, CHUNK)) != 0) {
			if (n < 0 || write_all(out, buf, (size_t)n) != 0)
				rc = -1;
			if (n >= 0 && n < CHUNK)
				break;
		}
		free(buf);
	}
	int e = errno;
	if (out >= 0 && close(out) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (in >= 0)
		close(in);
	if (rc == 0 && rename(tmp.p, to) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0)
		unlink(from);
	else if (out >= 0)
		unlink(tmp.p);
	mc_buf_release(&tmp);
	errno = e;
	return rc;
}

int mc_fs_move(const char *from, const char *to)
{
	if (rename(from, to) == 0)
		return 0;
	if (errno == ENOENT) { /* the folder of `to` may be missing */
		if (mc_fs_mkparents(to) != 0)
			return -1;
		if (rename(from, to) == 0)
			return 0;
	}
	if (errno == EXDEV)
		return copy_then_rename(from, to);
	return -1;
}

int mc_fs_read(const char *path, mc_buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char *buf = mc_xmalloc(CHUNK);
	int rc = 0;
	for (;;) {
		ssize_t n = mc_read_full(fd, buf, CHUNK);
		if (n < 0) {
			rc = -1;
			break;
		}
		mc_buf_add(out, buf, (size_t)n);
		if (n < CHUNK)
			break;
	}
	int e = errno;
	free(buf);
	close(fd);
	errno = e;
	return rc;
}

int mc_fs_write(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, p, n);
	int e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	errno = e;
	return rc;
}

bool mc_fs_is_file(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}
