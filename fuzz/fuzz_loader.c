/*
 * The libFuzzer target (built with -DMONCC_FUZZ=ON and clang; fuzz/run.sh drives it):
 * every input libFuzzer makes goes through mc_fuzz_one.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return mc_fuzz_one(data, size);
}
