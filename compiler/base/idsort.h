/*
 * Sorting a vector of structs by a string member (the IR's vectors by id, lower.c).
 *
 * qsort of the structs themselves, comparing through their string pointers, reads two
 * strings from all over memory per comparison once the vector outgrows the caches (690,000
 * alarms of about 250 bytes at 10,000 services), and glibc then sorts pointers to the structs
 * and moves them along the permutation anyway. This sorts 32-byte keys instead: the string's
 * first 16 bytes (NUL-padded), the string and the struct's position. Merge sort reads the
 * keys in order, and only keys with equal first 16 bytes read their strings. Then the structs
 * move once, in place, along the permutation's cycles: the vector is not held twice.
 *
 * The order is strcmp's (bytes as unsigned char; a NULL string sorts as ""), and structs
 * with equal strings keep their order (a stable sort).
 */
#ifndef MC_BASE_IDSORT_H
#define MC_BASE_IDSORT_H

#include <stddef.h>

/* Sorts v (n structs of size bytes) by the `const char *` at byte offset str_off of each. */
void mc_sort_by_string(void *v, size_t n, size_t size, size_t str_off);

#endif
