/*
 * The fuzz entry points, shared by the libFuzzer targets (fuzz_loader.c, fuzz_filter_main.c)
 * and the corpus replay that runs under ctest on every build (fuzz_replay.c).
 */
#ifndef MC_FUZZ_FUZZ_TARGET_H
#define MC_FUZZ_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

/*
 * Runs one input through the front end and every renderer, then releases everything.
 * data[0] selects options (see fuzz_target.c); the rest is the YAML document. Returns 0.
 */
int mc_fuzz_one(const uint8_t *data, size_t size);

/*
 * Runs one input through the filter-pattern parser, checker and matcher (fuzz_filter.c), then
 * releases everything. Line 1 is the pattern, line 2 the metric value spec, the rest log
 * events. Returns 0; aborts when an invariant of compiler/logs breaks.
 */
int mc_fuzz_filter_one(const uint8_t *data, size_t size);

#endif
