/* See io.h. */
#define _POSIX_C_SOURCE 200809L
#include "base/io.h"

#include <errno.h>
#include <unistd.h>

ssize_t mc_read_full(int fd, void *p, size_t n)
{
	char *b = p;
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, b + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}
