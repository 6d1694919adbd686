#!/bin/sh
# The moncc build benchmark (issue 4, docs/performance.md): builds a Release moncc, generates
# specs of N services (bench/gen.py) and times `moncc build` for each N, every output written.
#
# Usage: bench/run.sh [N...]          (default: 10 100 1000 10000)
# Environment: BENCH_DIR (work folder, default /tmp/moncc-bench), BENCH_RUNS (runs per N, the
# best wall time is reported; default 3).
#
# Prints one line per N: services, alarms generated, wall seconds, peak RSS in MB, alarms/s.
# Peak RSS comes from /usr/bin/time -v when present, else from Python's resource module
# (ru_maxrss of the child). The spec is checked, lowered and emitted in the same process, so
# the times include parsing and validation.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
work=${BENCH_DIR:-/tmp/moncc-bench}
runs=${BENCH_RUNS:-3}
sizes=${*:-10 100 1000 10000}

mkdir -p "$work"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DMONCC_TESTS=OFF >/dev/null
cmake --build "$work/build" -j2 --target moncc >/dev/null
moncc="$work/build/moncc"

python3 - "$moncc" "$work" "$here/gen.py" "$runs" $sizes <<'PY'
import os, resource, shutil, subprocess, sys, time

moncc, work, gen, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sizes = [int(n) for n in sys.argv[5:]]
have_time = os.path.exists("/usr/bin/time")

def alarms_of(out_dir):
    """Metric and composite alarms: the entries of alarms.yaml (one AlarmName each)."""
    n = 0
    with open(os.path.join(out_dir, "alarms.yaml"), encoding="utf-8") as f:
        for line in f:
            n += line.startswith("  - AlarmName:")
    return n

def run_once(spec, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [moncc, "build", spec, "-o", out_dir, "-q"]
    if have_time:
        cmd = ["/usr/bin/time", "-v"] + cmd
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("moncc build %s failed:\n%s" % (spec, p.stderr.decode()))
    if have_time:
        for line in p.stderr.decode().splitlines():
            if "Maximum resident set size" in line:
                rss_kb = int(line.split()[-1])
    else:
        rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, rss_kb

print("%8s %9s %9s %10s %12s %8s" % ("services", "alarms", "wall s", "peak MB", "alarms/s",
                                     "files"))
for n in sizes:
    spec = os.path.join(work, "spec-%d.yaml" % n)
    subprocess.run([sys.executable, gen, str(n), "-o", spec], check=True)
    out_dir = os.path.join(work, "out-%d" % n)
    best, rss = None, 0
    for _ in range(runs):
        wall, rss_kb = run_once(spec, out_dir)
        best = wall if best is None else min(best, wall)
        rss = max(rss, rss_kb)
    alarms = alarms_of(out_dir)
    nfiles = sum(len(f) for _, _, f in os.walk(out_dir))
    print("%8d %9d %9.3f %10.1f %12.0f %8d" % (n, alarms, best, rss / 1024.0, alarms / best,
                                               nfiles), flush=True)
PY
