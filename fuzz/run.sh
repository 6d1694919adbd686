#!/usr/bin/env bash
# A fuzzing session: fuzz/run.sh [SECONDS] [TARGET] (default 60 s, target `spec`).
#
# TARGET `spec` is fuzz_loader (the spec pipeline: corpus fuzz/corpus, fuzz/dictionary);
# `filter` is fuzz_filter (filter patterns: corpus fuzz/corpus-filter, fuzz/dictionary-filter).
# Configures and builds build-fuzz with clang, -DMONCC_FUZZ=ON and ASan+UBSan, runs the
# libFuzzer target over its corpus (seeds, read only) with fuzz/work[-filter] as the growing
# working corpus (git-ignored), prints how many inputs were executed, and moves every crash,
# leak, timeout or out-of-memory artifact into the corpus as a regression seed (named
# regress-KIND-HASH), so that the ctest fuzz/replay[-filter] re-checks it on every build.
# Exit status: 0 when the fuzzer found nothing, 1 when it left an artifact.
set -euo pipefail

seconds=${1:-60}
target=${2:-spec}
usage="usage: fuzz/run.sh [SECONDS] [spec|filter]"
case $seconds in *[!0-9]* | '') echo "$usage" >&2; exit 2 ;; esac
case $target in
spec) binary=fuzz_loader corpus=fuzz/corpus work=fuzz/work dict=fuzz/dictionary ;;
filter) binary=fuzz_filter corpus=fuzz/corpus-filter work=fuzz/work-filter \
	dict=fuzz/dictionary-filter ;;
*) echo "$usage" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=build-fuzz

CC=clang cmake -S . -B "$build" -DMONCC_FUZZ=ON -DMONCC_TESTS=OFF \
	-DMONCC_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target "$binary" -j"$(nproc)"

mkdir -p "$work" fuzz/artifacts
log=fuzz/artifacts/last-run-$target.log
set +e
"$build/fuzz/$binary" -dict="$dict" -max_total_time="$seconds" -max_len=65536 \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=fuzz/artifacts/ \
	"$work" "$corpus" 2>&1 | tee "$log" |
	grep -E '^(INFO: Seed|#[0-9]+ +(INITED|DONE)|==|SUMMARY|Done)'
status=${PIPESTATUS[0]}
set -e

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
echo "fuzz/run.sh: ${runs:-unknown number of} executions in ${seconds} s (libFuzzer exit $status)"

found=0
for f in fuzz/artifacts/crash-* fuzz/artifacts/leak-* fuzz/artifacts/timeout-* \
	fuzz/artifacts/oom-* fuzz/artifacts/slow-unit-*; do
	[ -f "$f" ] || continue
	kind=$(basename "$f" | cut -d- -f1)
	hash=$(sha1sum "$f" | cut -c1-16)
	mv "$f" "$corpus/regress-$kind-$hash"
	echo "fuzz/run.sh: artifact $f -> $corpus/regress-$kind-$hash"
	found=1
done
if [ "$found" = 1 ] || [ "$status" != 0 ]; then
	echo "fuzz/run.sh: the fuzzer found a problem; see $log" >&2
	exit 1
fi
echo "fuzz/run.sh: nothing found"
