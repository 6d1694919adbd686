/*
 * The libFuzzer target for filter patterns (built with -DMONCC_FUZZ=ON and clang;
 * `fuzz/run.sh SECONDS filter` drives it): every input goes through mc_fuzz_filter_one.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return mc_fuzz_filter_one(data, size);
}
