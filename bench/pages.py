#!/usr/bin/env python3
"""What writing files costs on this machine, apart from moncc (docs/performance.md).

Usage: bench/pages.py [DIR] [MB...]      (default: $BENCH_DIR or /tmp/moncc-bench; 250 2500)

For each size, writes that many megabytes into a new file in DIR, in 1 MiB writes, twice:
first into pages the machine has not used lately ("fresh"), then, right after deleting the
first file, again ("recycled": the kernel hands back the pages it just freed). 250 MB and
2,500 MB are what `moncc build` writes at 1,000 and 10,000 benchmark services. Prints the
seconds of each write and seconds per GB.

On a virtual machine whose host takes back the memory a guest frees (a balloon with free
page reporting, as on this project's machines), the first touch of a page the host took back
costs a fault in the host, so the fresh write of 2.5 GB costs several times the recycled one;
on a physical machine both are close. moncc's benchmark at 10,000 services writes 2.5 GB,
mostly into fresh pages, and at 1,000 services 250 MB, mostly into recycled ones: this is
what its wall time pays beyond moncc's own work.
"""
import os
import sys
import time

CHUNK = b"x" * (1 << 20)


def write(path, mb):
    t0 = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        for _ in range(mb):
            os.write(fd, CHUNK)
    finally:
        os.close(fd)
    return time.perf_counter() - t0


def main():
    args = sys.argv[1:]
    folder = os.environ.get("BENCH_DIR", "/tmp/moncc-bench")
    if args and not args[0].isdigit():
        folder = args.pop(0)
    sizes = [int(a) for a in args] or [250, 2500]
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "pages-%d.tmp" % os.getpid())
    print("%8s %10s %10s %12s %12s" % ("MB", "fresh s", "recycled s", "fresh s/GB",
                                         "recycled s/GB"))
    try:
        for mb in sizes:
            time.sleep(10)  # let the host take back what was freed before (see the top)
            fresh = write(path, mb)
            os.unlink(path)
            recycled = write(path, mb)
            os.unlink(path)
            print("%8d %10.3f %10.3f %12.3f %12.3f" % (mb, fresh, recycled, fresh * 1000 / mb,
                                                       recycled * 1000 / mb), flush=True)
    finally:
        if os.path.exists(path):
            os.unlink(path)


if __name__ == "__main__":
    main()
