/*
 * A hint to load memory into the cache before it is read: for loops over large hash tables
 * (690,000 alarms at 10,000 services) that know the slot of item i + k while working on item
 * i, so that the misses overlap instead of queueing. No effect on results; a no-op where the
 * compiler has no such builtin.
 */
#ifndef MC_BASE_PREFETCH_H
#define MC_BASE_PREFETCH_H

#if defined(__GNUC__) || defined(__clang__)
#define MC_PREFETCH(p) __builtin_prefetch((p))
#else
#define MC_PREFETCH(p) ((void)(p))
#endif

/* How many items ahead the loops prefetch: enough to cover a miss, few enough to stay in
 * the cache. */
enum { MC_PREFETCH_AHEAD = 16 };

#endif
