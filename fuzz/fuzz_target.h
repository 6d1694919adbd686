/*
 * The one fuzz entry point, shared by the libFuzzer target (fuzz_loader.c) and the corpus
 * replay that runs under ctest on every build (fuzz_replay.c).
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

#endif
