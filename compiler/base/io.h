/*
 * Reading a file descriptor to the end of what was asked, for the output layer (emit/out.c)
 * and the file helpers of the build (output/fsutil.c).
 */
#ifndef MC_BASE_IO_H
#define MC_BASE_IO_H

#include <stddef.h>
#include <sys/types.h>

/* Reads up to n bytes into p, retrying short reads and EINTR: fewer only at the end of the
 * file. -1 on an error (errno set). */
ssize_t mc_read_full(int fd, void *p, size_t n);

#endif
