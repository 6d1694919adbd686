#!/bin/sh
# The moncc build benchmark (issue 4, docs/performance.md): builds a Release moncc, generates
# specs of N services (bench/gen.py) and times `moncc build` for each N, every output written.
#
# Usage: bench/run.sh [N...]          (default: 10 100 1000 10000)
# Environment: BENCH_DIR (work folder, default /tmp/moncc-bench), BENCH_RUNS (runs per N, the
# best wall time is reported; default 3).
#
# Prints one line per N: services, alarms generated, the best run's wall, user and system
# seconds, the peak RSS in MiB (the largest of the runs), alarms per second of wall time and
# the number of files. CPU times are the child's (wait4); the peak RSS is moncc's, from
# /usr/bin/time -v when present, else wait4's (which then includes Python's forked pages).
# The spec is checked, lowered and emitted in the same process, so the times include parsing
# and validation.
#
# Every run writes into a folder that does not exist yet (out-N.K). On a disk no output is
# deleted until every run is over: out-N keeps the last run's outputs, the rest (this
# invocation's other runs and the previous invocation's out-N) is deleted at the very end.
# Deleting before a run would time the file system, not moncc: on ext4 without a journal
# (this project's machines) each file created in the minute or so after a mass delete scans
# the recently deleted inodes of its group (the kernel's recently_deleted()), which added 0.3
# to 0.9 s of system time to a 1,000-service build (docs/performance.md). For the same
# reason, leave a few minutes between two invocations on such a disk, or use tmpfs. On tmpfs,
# where deleting costs nothing later, each run's outputs are deleted as the next run starts:
# keeping 2.5 GB per run of 10,000 services in memory would only crowd the next one.
# Before each run the script calls sync(2), untimed: on a disk, the previous run's outputs
# (2.5 GB at 10,000 services) would otherwise be written back during this run, and past the
# kernel's vm.dirty_ratio its own writes would be throttled to wait for them.
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
import os, shutil, subprocess, sys, time

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
    """Wall seconds, and the child's user and system seconds and peak RSS in KiB."""
    cmd = [moncc, "build", spec, "-o", out_dir, "-q"]
    if have_time:  # its own fork is small; wait4 on Python's would count Python's pages
        cmd = ["/usr/bin/time", "-v"] + cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("moncc build %s failed:\n%s" % (spec, err.decode()))
    user, system, rss_kb = ru.ru_utime, ru.ru_stime, ru.ru_maxrss
    if have_time:
        for line in err.decode().splitlines():
            key, _, value = line.strip().rpartition(": ")
            if key == "Maximum resident set size (kbytes)":
                rss_kb = int(value)
    return wall, user, system, rss_kb

print("%8s %9s %9s %8s %8s %10s %12s %8s" % ("services", "alarms", "wall s", "user s", "sys s",
                                             "peak MiB", "alarms/s", "files"))
def fs_type(path):
    """The file system type of the mount that holds path (/proc/mounts), or ""."""
    path, best, kind = os.path.realpath(path), "", ""
    try:
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                mnt = fields[1].replace("\\040", " ")
                inside = path == mnt or path.startswith(mnt.rstrip("/") + "/")
                if inside and len(mnt) >= len(best):
                    best, kind = mnt, fields[2]
    except OSError:
        pass
    return kind

# Outputs of earlier invocations and of every run but the last: deleted after the last run on
# a disk (see the top of this file). On tmpfs there is no such cost, and keeping 2.5 GB per
# run of 10,000 services in memory would only crowd the next run: deleted right away there.
in_memory = fs_type(work) == "tmpfs"
trash = os.path.join(work, "trash-%d" % os.getpid())
os.makedirs(trash)
def discard(path):
    if not os.path.lexists(path):
        return
    if in_memory:
        shutil.rmtree(path)
    else:
        os.rename(path, os.path.join(trash, "%d" % len(os.listdir(trash))))

try:
    for n in sizes:
        discard(os.path.join(work, "out-%d" % n))
        for k in range(runs):
            discard(os.path.join(work, "out-%d.%d" % (n, k)))
    for n in sizes:
        spec = os.path.join(work, "spec-%d.yaml" % n)
        subprocess.run([sys.executable, gen, str(n), "-o", spec], check=True)
        best, rss = None, 0
        for k in range(runs):
            if k:
                discard(os.path.join(work, "out-%d.%d" % (n, k - 1)))
            out_dir = os.path.join(work, "out-%d.%d" % (n, k))
            os.sync()  # not timed: see the top of this file
            wall, user, system, rss_kb = run_once(spec, out_dir)
            if best is None or wall < best[0]:
                best = (wall, user, system)
            rss = max(rss, rss_kb)
        alarms = alarms_of(out_dir)
        nfiles = sum(len(f) for _, _, f in os.walk(out_dir))
        wall, user, system = best
        print("%8d %9d %9.3f %8.2f %8.2f %10.1f %12.0f %8d" % (n, alarms, wall, user, system,
                                                              rss / 1024.0, alarms / wall,
                                                              nfiles), flush=True)
        os.rename(out_dir, os.path.join(work, "out-%d" % n))
finally:
    shutil.rmtree(trash, ignore_errors=True)
PY
