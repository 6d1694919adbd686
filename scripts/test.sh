#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): set-up, a warnings-as-errors build in build/
# with every ctest (unit, CLI, diagnostics corpus, pathological inputs, fuzz replay,
# valgrind), then a second build in build-asan/ with AddressSanitizer and UBSan and the same
# tests again (valgrind ones excepted: the two do not mix). Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
moncc_install_deps

jobs=$(nproc 2>/dev/null || echo 2)
status=0

echo "== build/ (warnings as errors)"
moncc_build build
ctest --test-dir build --output-on-failure -j "$jobs" || status=1

echo "== build-asan/ (AddressSanitizer, UndefinedBehaviorSanitizer)"
moncc_build build-asan -DMONCC_SANITIZE=address,undefined
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	ctest --test-dir build-asan --output-on-failure -j "$jobs" || status=1

if [ "$status" != 0 ]; then
	echo "test.sh: FAILED (see the ctest output above)" >&2
else
	echo "test.sh: all tests passed in build/ and build-asan/"
fi
exit "$status"
