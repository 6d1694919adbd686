/*
 * The few filesystem operations the build needs, POSIX only, each reporting failure with
 * errno left set: folders made on demand, byte comparison of two files, a rename that falls
 * back to copy-then-rename across filesystems, whole-file reads.
 */
#ifndef MC_OUTPUT_FSUTIL_H
#define MC_OUTPUT_FSUTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

/* dir + "/" + rel, or rel alone when dir is "."; in out (cleared first). */
void mc_fs_join(mc_buf *out, const char *dir, const char *rel);

/* Makes path and its missing parents (mode 0777 & umask). 0, or -1 with errno. */
int mc_fs_mkdirs(const char *path);
/* Makes the parent folders of the file path. 0, or -1 with errno. */
int mc_fs_mkparents(const char *path);

/*
 * 1 when the regular file b exists and holds exactly the bytes of file a (of size_a bytes),
 * 0 when it does not (or is missing, or not a regular file), -1 when a cannot be read.
 */
int mc_fs_same(const char *a, uint64_t size_a, const char *b);

/*
 * Moves from onto to atomically (rename(2)); across filesystems (EXDEV) copies from into a
 * temporary file beside `to` and renames that. Makes `to`'s folders. 0, or -1 with errno.
 */
int mc_fs_move(const char *from, const char *to);

/* Reads the whole file into out. 0; -1 with errno (ENOENT when missing). */
int mc_fs_read(const char *path, mc_buf *out);
/* Writes bytes to path (created or truncated). 0, or -1 with errno. */
int mc_fs_write(const char *path, const void *p, size_t n);

/* Is path an existing regular file (not following a symbolic link)? */
bool mc_fs_is_file(const char *path);

#endif
