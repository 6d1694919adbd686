/*
 * Allocation that never returns NULL.
 *
 * moncc is a short-lived compiler: when memory runs out there is nothing useful left to do,
 * so these wrappers print `moncc: out of memory` and abort (as cmark and git do). Callers
 * therefore never check for NULL after them.
 */
#ifndef MC_BASE_XALLOC_H
#define MC_BASE_XALLOC_H

#include <stddef.h>

void *mc_xmalloc(size_t size);
void *mc_xcalloc(size_t count, size_t size);
void *mc_xrealloc(void *ptr, size_t size);
char *mc_xstrdup(const char *s);
char *mc_xstrndup(const char *s, size_t len);

/* Grows *vec (of *cap elements of elem_size bytes) so that it holds at least need elements. */
void mc_grow(void **vec, size_t *cap, size_t need, size_t elem_size);
#define MC_GROW(vec, cap, need) mc_grow((void **)&(vec), &(cap), (need), sizeof *(vec))

/* Programmer errors only, never user input: prints file:line and aborts (git's BUG()). */
_Noreturn void mc_bug(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define MC_BUG(...) mc_bug(__FILE__, __LINE__, __VA_ARGS__)

#endif
