/*
 * One arena per run (git's mem-pool shape).
 *
 * The document tree, diagnostics and, later, the IR are allocated here and released together
 * by mc_arena_free(), so error paths never leak and nothing is freed piecemeal. Memory is
 * zeroed, so a new struct field starts at a sane default.
 */
#ifndef MC_BASE_ARENA_H
#define MC_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct mc_arena mc_arena;

mc_arena *mc_arena_new(void);
void mc_arena_free(mc_arena *a);                 /* NULL is fine */
/* Frees everything allocated so far and keeps the arena for reuse (a scratch arena). */
void mc_arena_reset(mc_arena *a);

void *mc_arena_alloc(mc_arena *a, size_t size);  /* zeroed, 8-byte aligned (arena.c) */
/* Strings are byte-aligned (packed), unlike mc_arena_alloc's memory: never cast them. */
char *mc_arena_strdup(mc_arena *a, const char *s);
char *mc_arena_strndup(mc_arena *a, const char *s, size_t len);
char *mc_arena_printf(mc_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *mc_arena_vprintf(mc_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Copies n elements of size bytes; used to freeze a growable vector into the arena. */
void *mc_arena_memdup(mc_arena *a, const void *p, size_t size);

/*
 * Hands a malloc'd block to the arena: mc_arena_free() frees it. Lets a vector built on the
 * heap join the arena without a copy (a copy doubles the peak memory of the largest vector).
 * Returns p.
 */
void *mc_arena_adopt(mc_arena *a, void *p, size_t size);

/* Bytes handed out so far (for the memory budget of pathological inputs and the benchmark). */
size_t mc_arena_used(const mc_arena *a);

#endif
